import type { Scenario } from './lib/types.js';

/**
 * Every scenario, in the order they run. Adding one takes a file in bench/scenarios/ that exports
 * a Scenario (bench/lib/types.ts) and one line here; --only picks by its number or id.
 */
export const SCENARIOS: readonly (() => Promise<Scenario>)[] = [
  async () => (await import('./scenarios/message-path.js')).messagePath,
  async () => (await import('./scenarios/concurrent-chats.js')).concurrentChats,
  async () => (await import('./scenarios/chat-starts.js')).chatStarts,
  async () => (await import('./scenarios/routing.js')).routing,
  async () => (await import('./scenarios/flow-engine.js')).flowEngine,
  async () => (await import('./scenarios/durability.js')).durability,
];
