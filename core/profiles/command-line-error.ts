/** A value that cannot go on a command line as itself; the message names it and what to do. */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandLineError";
  }
}
