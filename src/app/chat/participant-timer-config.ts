import { invalidParameter, invalidRequest } from '../../core/errors.js';
import { requireInstance } from '../admin/instances.js';
import type { Deps } from '../deps.js';
import { requireChat, requireContact } from './chat-records.js';
import { applySettings, parseTimerState, type ParticipantTimerState, type TimerRole, type TimerSetting, type TimerType } from './participant-timer-state.js';

/** One ParticipantTimerConfiguration as the schema let it through. */
export interface TimerConfigurationInput {
  ParticipantRole: TimerRole;
  TimerType: TimerType;
  TimerValue: { ParticipantTimerAction: 'Unset' } | { ParticipantTimerDurationInMinutes: number };
}

/**
 * UpdateParticipantRoleConfig: stores the chat's participant timers (a duration sets one, Unset
 * removes it, timers not listed stay). As in Connect, what is stored applies from the next agent
 * join; an agent already in the chat keeps the timers it joined with. The same role and timer
 * type twice is an InvalidParameterException; an unknown contact is ResourceNotFound and an ended
 * one InvalidRequest. Nothing changes when it refuses.
 */
export async function updateParticipantRoleConfig(deps: Deps, instanceRef: string, contactId: string, list: readonly TimerConfigurationInput[]): Promise<void> {
  const settings = toSettings(list);
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const contact = await requireContact(tx, instance.id, contactId);
    if (contact.state === 'ENDED') throw invalidRequest(`Contact ${contactId} has ended`);
    // Read-merge-write under the chat's row lock (a no-op update, the lock every chat writer takes first).
    await tx.updateTable('chats').set((eb) => ({ last_seq: eb.ref('last_seq') })).where('id', '=', contact.chat_id).execute();
    const chat = await requireChat(tx, contact.chat_id);
    if (chat.ended_at !== null) throw invalidRequest(`Contact ${contactId} has ended`);
    const state: ParticipantTimerState = parseTimerState(chat.participant_timers) ?? { set: {}, live: null, idle: [] };
    const next = { ...state, set: applySettings(state.set, settings) };
    await tx.updateTable('chats').set({ participant_timers: JSON.stringify(next) }).where('id', '=', chat.id).execute();
  });
}

function toSettings(list: readonly TimerConfigurationInput[]): TimerSetting[] {
  const seen = new Set<string>();
  return list.map((c) => {
    const key = `${c.ParticipantRole}/${c.TimerType}`;
    if (seen.has(key)) throw invalidParameter(`ParticipantTimerConfigList has ${c.TimerType} for ${c.ParticipantRole} more than once`);
    seen.add(key);
    const minutes = 'ParticipantTimerDurationInMinutes' in c.TimerValue ? c.TimerValue.ParticipantTimerDurationInMinutes : null;
    return { role: c.ParticipantRole, type: c.TimerType, minutes };
  });
}
