// A typed emitter for the contract's events: the service publishes, each transport subscribes.
import type { EventName, Events } from "../../shared/api.js";

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
