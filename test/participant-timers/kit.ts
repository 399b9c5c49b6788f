import { UpdateParticipantRoleConfigCommand, type ParticipantTimerConfiguration } from '@aws-sdk/client-connect';
import { GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import type { TestParley } from '../helpers/parley.js';
import type { ChatItem, TestSocket } from '../helpers/socket.js';
import { isEvent, say } from '../scenario/kit.js';

export const MINUTE = 60_000;

type Role = 'CUSTOMER' | 'AGENT';
type Type = 'IDLE' | 'DISCONNECT_NONCUSTOMER';

/** One timer of ParticipantTimerConfigList: minutes, or null for Unset. */
export const timer = (ParticipantRole: Role, TimerType: Type, minutes: number | null): ParticipantTimerConfiguration => ({
  ParticipantRole,
  TimerType,
  TimerValue: minutes === null ? { ParticipantTimerAction: 'Unset' } : { ParticipantTimerDurationInMinutes: minutes },
});

/** UpdateParticipantRoleConfig through the SDK. */
export const setTimers = (p: TestParley, contactId: string, ...list: ParticipantTimerConfiguration[]) =>
  p.connect.send(new UpdateParticipantRoleConfigCommand({ InstanceId: p.seeded.instanceId, ContactId: contactId, ChannelConfiguration: { Chat: { ParticipantTimerConfigList: list } } }));

/**
 * Everything pushed to `socket` until now: a participant says something and the socket gets it;
 * items arrive in order, so all that was written before has arrived too.
 */
export async function itemsSoFar(p: TestParley, socket: TestSocket, connectionToken: string): Promise<ChatItem[]> {
  const { Id } = await say(p, connectionToken, `marker ${p.clock.now()}`);
  await socket.waitForItem((i) => i.Id === Id);
  return socket.items();
}

export const named = (name: string) => isEvent(name);
export const count = (items: ChatItem[], name: string) => items.filter(isEvent(name)).length;
export const iso = (ms: number) => new Date(ms).toISOString();

/** The content types of a participant's whole transcript. */
export async function transcriptTypes(p: TestParley, connectionToken: string): Promise<string[]> {
  const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: connectionToken, MaxResults: 100, ScanDirection: 'FORWARD' }));
  return t.Transcript!.map((i) => i.ContentType!);
}

export { TEST_STORES as STORES } from '../helpers/stores.js';
