import type { Bus } from '../../adapters/bus/local-bus.js';
import type { StoredItem } from '../../core/chat/items.js';

/** Takes items this node has just committed (the node's socket hub). */
export type CommittedSink = (chatId: string, items: readonly StoredItem[]) => void;

/** The sinks of each node, by the node's bus: a node's writers and its hub share one. */
const sinks = new WeakMap<Bus, Set<CommittedSink>>();

/** Registers a sink for the items committed by the writers of the node that `bus` belongs to. */
export function receiveCommitted(bus: Bus, sink: CommittedSink): () => void {
  let set = sinks.get(bus);
  if (!set) sinks.set(bus, (set = new Set()));
  set.add(sink);
  return () => set.delete(sink);
}

/**
 * Hands items to the node's hub once they are committed, before their sequence is published, so
 * the hub can send them without reading them back. Only a hint: the hub reads the store for
 * anything it was not handed (other writers, other nodes).
 */
export function handCommitted(bus: Bus, chatId: string, items: readonly StoredItem[]): void {
  for (const sink of sinks.get(bus) ?? []) sink(chatId, items);
}
