import { afterCommit, type Tx } from '../../adapters/store/db.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import { EVENT_TYPES } from '../../core/chat/content-types.js';
import type { Deps } from '../deps.js';
import { whoOf, type ParticipantRow } from './chat-records.js';
import { participantLeaves, publishDeparture, type Departure } from './disconnect.js';
import { nextDueAt, nextFiring, parseTimerState, timerRoleOf, type ParticipantTimerState } from './participant-timer-state.js';
import { participantEventItem } from './system-items.js';

/** The durable timer of one participant (target: the participant id), due when its next idle or auto-disconnect timer ends. */
export const PARTICIPANT_TIMER = 'participant-timer';

/**
 * Starts the participant idle/auto-disconnect timers of a chat once an agent and the customer are
 * both present (an agent joined), in the caller's transaction, which holds the chat's row lock.
 * The stored configuration becomes the one in force, nobody is idle, and every present customer
 * and agent starts counting from `now`. A chat never configured is left as it is.
 */
export async function startParticipantTimers(deps: Deps, tx: Tx, chatId: string, now: number): Promise<void> {
  const chat = await tx.selectFrom('chats').select('participant_timers').where('id', '=', chatId).executeTakeFirst();
  const state = parseTimerState(chat?.participant_timers ?? null);
  if (!state) return;
  const live: ParticipantTimerState = { set: state.set, live: state.set, idle: [] };
  await save(tx, chatId, live);
  const people = await present(tx, chatId);
  if (!running(people)) return;
  for (const p of people) {
    const role = timerRoleOf(p.role);
    if (role) await schedule(tx, p.id, nextDueAt(live.live, role, false, now));
  }
  afterCommit(tx, () => deps.timers.wake());
}

/**
 * A participant sent a message (in the caller's transaction, under the chat's row lock): its
 * timers start again from `now`, and if it was idle it no longer is and a participant.returned
 * event (not in the transcript) is pushed. Nothing happens while the timers are not running.
 */
export async function participantActive(deps: Deps, tx: Tx, chatId: string, participantId: string, now: number): Promise<void> {
  const chat = await tx.selectFrom('chats').select(['participant_timers', 'current_contact_id']).where('id', '=', chatId).executeTakeFirst();
  const state = parseTimerState(chat?.participant_timers ?? null);
  if (!chat || !state?.live) return;
  const people = await present(tx, chatId);
  const me = people.find((p) => p.id === participantId);
  const role = me ? timerRoleOf(me.role) : null;
  if (!me || !role || !running(people)) return;
  await schedule(tx, me.id, nextDueAt(state.live, role, false, now));
  if (!state.idle.includes(me.id)) return;
  await save(tx, chatId, { ...state, idle: state.idle.filter((id) => id !== me.id) });
  const [item] = await appendItems(tx, chatId, [participantEventItem(deps.ids, chat.current_contact_id, whoOf(me), EVENT_TYPES.returned, null)], now);
  afterCommit(tx, () => deps.bus.publish(chatId, item.seq));
}

/** What a timer firing wrote: the last item to push, and the departures of an auto-disconnect. */
interface Fired {
  chatId: string;
  seq: number;
  departures: Departure[];
}

/**
 * A participant's timer fell due. Not idle yet and an idle timer set: a participant.idle event
 * and the auto-disconnect timer (if any) starts. Otherwise an auto-disconnect: a
 * participant.autodisconnection event (by the idle participant), then every participant other
 * than the customer leaves (agents enter after-contact work; the disconnect flow runs if one is
 * set). None of these events is in the transcript. A timer moved since (the participant spoke),
 * or of a chat that ended or lost its agent, does nothing: handlers are idempotent.
 */
export async function onParticipantTimer(deps: Deps, target: string, dueAt: number): Promise<void> {
  const fired = await deps.db.write(async (tx): Promise<Fired | null> => {
    const me = await tx.selectFrom('participants').selectAll().where('id', '=', target).executeTakeFirst();
    if (!me || me.left_at !== null) return null;
    const now = deps.clock.now();
    const chat = await tx
      .updateTable('chats')
      .set((eb) => ({ last_seq: eb.ref('last_seq') }))
      .where('id', '=', me.chat_id)
      .returning(['ended_at', 'deadline_at', 'participant_timers', 'current_contact_id'])
      .executeTakeFirst();
    if (!chat || chat.ended_at !== null || Number(chat.deadline_at) <= now) return null;
    const timer = await tx.selectFrom('timers').select('due_at').where('kind', '=', PARTICIPANT_TIMER).where('target', '=', target).executeTakeFirst();
    if (!timer || Number(timer.due_at) !== dueAt) return null;
    const state = parseTimerState(chat.participant_timers);
    const role = timerRoleOf(me.role);
    const people = await present(tx, me.chat_id);
    if (!state?.live || !role || !running(people)) return null;
    const firing = nextFiring(state.live, role, state.idle.includes(me.id));
    if (!firing) return null;
    const notice = (type: string) => participantEventItem(deps.ids, chat.current_contact_id, whoOf(me), type, null);
    if (firing.action === 'idle') {
      await save(tx, me.chat_id, { ...state, idle: [...state.idle, me.id] });
      // Counted from when it fell due, so a clock that jumped past both timers fires both.
      await schedule(tx, me.id, nextDueAt(state.live, role, true, dueAt));
      const [item] = await appendItems(tx, me.chat_id, [notice(EVENT_TYPES.idle)], now);
      return { chatId: me.chat_id, seq: item.seq, departures: [] };
    }
    const [item] = await appendItems(tx, me.chat_id, [notice(EVENT_TYPES.autoDisconnection)], now);
    await save(tx, me.chat_id, { ...state, idle: [] });
    await tx.deleteFrom('timers').where('kind', '=', PARTICIPANT_TIMER).where('target', 'in', people.map((p) => p.id)).execute();
    const departures: Departure[] = [];
    for (const p of people) if (p.role !== 'CUSTOMER' && p.role !== 'SYSTEM') departures.push(await participantLeaves(deps, tx, me.chat_id, p, now));
    return { chatId: me.chat_id, seq: item.seq, departures };
  });
  if (!fired) return;
  deps.bus.publish(fired.chatId, fired.seq);
  for (const d of fired.departures) await publishDeparture(deps, fired.chatId, d);
}

/** The participants still in the chat. */
const present = (tx: Tx, chatId: string): Promise<ParticipantRow[]> =>
  tx.selectFrom('participants').selectAll().where('chat_id', '=', chatId).where('left_at', 'is', null).orderBy('created_at').execute();

/** Timers run only while the customer and an agent are both in the chat. */
const running = (people: readonly ParticipantRow[]) => people.some((p) => p.role === 'CUSTOMER') && people.some((p) => p.role === 'AGENT');

async function save(tx: Tx, chatId: string, state: ParticipantTimerState): Promise<void> {
  await tx.updateTable('chats').set({ participant_timers: JSON.stringify(state) }).where('id', '=', chatId).execute();
}

/** Sets (or, with null, removes) a participant's timer; a moved timer may be claimed again at once. */
async function schedule(tx: Tx, participantId: string, dueAt: number | null): Promise<void> {
  if (dueAt === null) {
    await tx.deleteFrom('timers').where('kind', '=', PARTICIPANT_TIMER).where('target', '=', participantId).execute();
    return;
  }
  await tx
    .insertInto('timers')
    .values({ kind: PARTICIPANT_TIMER, target: participantId, due_at: dueAt, lease_until: 0 })
    .onConflict((oc) => oc.columns(['kind', 'target']).doUpdateSet({ due_at: dueAt, lease_until: 0 }))
    .execute();
}
