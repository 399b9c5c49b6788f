/** Frames of the Connect participant WebSocket protocol (spec §5.2). */
export const TOPICS = { subscribe: 'aws/subscribe', unsubscribe: 'aws/unsubscribe', heartbeat: 'aws/heartbeat', ping: 'aws/ping', chat: 'aws/chat' } as const;

export const subscribedFrame = JSON.stringify({ topic: TOPICS.subscribe, content: { status: 'success', topics: [TOPICS.chat] } });
export const heartbeatFrame = JSON.stringify({ topic: TOPICS.heartbeat });
/**
 * chatjs's heartbeat, byte for byte (`JSON.stringify({ topic: 'aws/heartbeat' })`), which every
 * socket sends every 10 s: recognized and answered without decoding it (the answer is the same
 * bytes), since at thousands of chats heartbeats are most of what the sockets carry.
 */
export const heartbeatBytes = Buffer.from(heartbeatFrame);
export const isChatjsHeartbeat = (data: unknown): boolean => Buffer.isBuffer(data) && data.equals(heartbeatBytes);
export const pingFrame = JSON.stringify({ topic: TOPICS.ping, statusCode: 200, statusContent: 'OK' });

/** `content` is a JSON string, never an object: chatjs parses it and drops anything else. */
export const chatFrame = (item: unknown) => JSON.stringify({ topic: TOPICS.chat, contentType: 'application/json', content: JSON.stringify(item) });

/** The topic of a client frame, or null when it is not one we understand. */
export function topicOf(data: string): string | null {
  try {
    const f = JSON.parse(data) as { topic?: unknown };
    return typeof f.topic === 'string' ? f.topic : null;
  } catch {
    return null;
  }
}
