/**
 * Notifications between the writers and the socket hub: "chat X reached sequence N". Losing one
 * costs latency, never data: receivers read what they missed from the store.
 */
export interface Bus {
  publish(chatId: string, seq: number): void;
  subscribe(listener: (chatId: string, seq: number) => void): () => void;
}

/** The in-process bus of a single-node install. */
export class LocalBus implements Bus {
  private listeners = new Set<(chatId: string, seq: number) => void>();
  publish(chatId: string, seq: number): void {
    for (const l of this.listeners) l(chatId, seq);
  }
  subscribe(listener: (chatId: string, seq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
