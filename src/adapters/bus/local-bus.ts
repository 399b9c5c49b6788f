/**
 * Notifications between the writers and the socket hubs: "chat X reached sequence N", "agent U
 * changed". Losing one costs latency, never data: receivers read what they missed from the store.
 */
export interface Bus {
  publish(chatId: string, seq: number): void;
  subscribe(listener: (chatId: string, seq: number) => void): () => void;
  /** Something about this agent changed (status, offers, contacts): its sockets re-read its state. */
  publishAgent(userId: string): void;
  subscribeAgents(listener: (userId: string) => void): () => void;
}

/** The in-process bus of a single-node install. */
export class LocalBus implements Bus {
  private listeners = new Set<(chatId: string, seq: number) => void>();
  private agentListeners = new Set<(userId: string) => void>();
  publish(chatId: string, seq: number): void {
    for (const l of this.listeners) l(chatId, seq);
  }
  subscribe(listener: (chatId: string, seq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  publishAgent(userId: string): void {
    for (const l of this.agentListeners) l(userId);
  }
  subscribeAgents(listener: (userId: string) => void): () => void {
    this.agentListeners.add(listener);
    return () => this.agentListeners.delete(listener);
  }
}
