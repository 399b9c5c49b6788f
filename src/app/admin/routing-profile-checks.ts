import { invalidParameter } from '../../core/errors.js';
import { idFromRef } from '../arn.js';

/**
 * The rules of routing profile input the wire schema cannot say on its own: concurrency per
 * channel, one entry per channel or per queue and channel, and the bounds Connect documents.
 */
export const CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];
export const BEHAVIOR_TYPES = ['ROUTE_CURRENT_CHANNEL_ONLY', 'ROUTE_ANY_CHANNEL'] as const;
export const AVAILABILITY_TIMERS = ['TIME_SINCE_LAST_ACTIVITY', 'TIME_SINCE_LAST_INBOUND'] as const;

/** Connect's ranges: one voice call at a time, up to 10 of the others. */
const MAX_CONCURRENCY: Record<Channel, number> = { VOICE: 1, CHAT: 10, TASK: 10, EMAIL: 10 };
/** Parley's own after-contact work limit per routing profile, bounded like UserPhoneConfig's. */
export const MAX_ACW_SECONDS = 2_000_000;

export interface MediaConcurrencyInput {
  Channel: string;
  Concurrency?: number;
  CrossChannelBehavior?: { BehaviorType: string };
}
export interface MediaConcurrency {
  Channel: Channel;
  Concurrency: number;
  CrossChannelBehavior: { BehaviorType: string };
}
export interface QueueConfigInput {
  QueueReference: { QueueId: string; Channel: string };
  Priority: number;
  Delay: number;
}
/** A queue config with the queue's plain id (ARNs resolved). */
export interface QueueConfig {
  queueId: string;
  channel: Channel;
  priority: number;
  delay: number;
}

const isChannel = (c: string): c is Channel => (CHANNELS as readonly string[]).includes(c);

/** MediaConcurrencies as stored: one per channel, each within its channel's range, CrossChannelBehavior defaulted. */
export function checkMediaConcurrencies(list: MediaConcurrencyInput[]): MediaConcurrency[] {
  if (!list.length) throw invalidParameter('MediaConcurrencies must name at least one channel');
  const seen = new Set<string>();
  return list.map((m) => {
    if (!isChannel(m.Channel)) throw invalidParameter(`Unknown channel: ${m.Channel}`);
    if (seen.has(m.Channel)) throw invalidParameter(`MediaConcurrencies names channel ${m.Channel} twice`);
    seen.add(m.Channel);
    const max = MAX_CONCURRENCY[m.Channel];
    if (m.Concurrency === undefined) throw invalidParameter(`Concurrency is required for channel ${m.Channel}`);
    if (!Number.isInteger(m.Concurrency) || m.Concurrency < 1 || m.Concurrency > max)
      throw invalidParameter(`Concurrency for ${m.Channel} must be between 1 and ${max}, not ${m.Concurrency}`);
    return { Channel: m.Channel, Concurrency: m.Concurrency, CrossChannelBehavior: { BehaviorType: m.CrossChannelBehavior?.BehaviorType ?? 'ROUTE_CURRENT_CHANNEL_ONLY' } };
  });
}

/** QueueConfigs with plain queue ids: priority 1–99, delay 0–9999 s, each queue and channel once. */
export function checkQueueConfigs(list: QueueConfigInput[]): QueueConfig[] {
  const seen = new Set<string>();
  return list.map((c) => {
    const channel = c.QueueReference.Channel;
    if (!isChannel(channel)) throw invalidParameter(`Unknown channel: ${channel}`);
    if (!Number.isInteger(c.Priority) || c.Priority < 1 || c.Priority > 99) throw invalidParameter(`Priority must be between 1 and 99, not ${c.Priority}`);
    if (!Number.isInteger(c.Delay) || c.Delay < 0 || c.Delay > 9999) throw invalidParameter(`Delay must be between 0 and 9999 seconds, not ${c.Delay}`);
    const queueId = idFromRef(c.QueueReference.QueueId);
    const key = `${queueId}/${channel}`;
    if (seen.has(key)) throw invalidParameter(`Queue ${c.QueueReference.QueueId} is given twice for channel ${channel}`);
    seen.add(key);
    return { queueId, channel, priority: c.Priority, delay: c.Delay };
  });
}

/** Queue references (for DisassociateRoutingProfileQueues) with plain queue ids. */
export function checkQueueReferences(list: { QueueId: string; Channel: string }[]): { queueId: string; channel: Channel }[] {
  return list.map((r) => {
    if (!isChannel(r.Channel)) throw invalidParameter(`Unknown channel: ${r.Channel}`);
    return { queueId: idFromRef(r.QueueId), channel: r.Channel };
  });
}

/** An after-contact work limit is whole seconds within 0–2000000 (or absent). */
export function checkAcwSeconds(seconds: number | undefined): void {
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_ACW_SECONDS))
    throw invalidParameter(`AfterContactWorkTimeLimit must be between 0 and ${MAX_ACW_SECONDS} seconds, not ${seconds}`);
}
