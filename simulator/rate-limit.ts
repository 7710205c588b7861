// Token buckets: AWS throttles IAM Identity Center's portal APIs collectively (20 TPS) and answers
// 429 at once when over, rather than queueing; the simulator does the same.
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private ratePerSecond: number,
    private readonly now: () => number,
    private capacity: number = ratePerSecond,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    const now = this.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond,
    );
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
