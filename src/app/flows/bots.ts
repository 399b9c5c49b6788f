import type { Tx } from '../../adapters/store/db.js';
import { appendItems } from '../../adapters/store/items-repo.js';
import type { BotTurn } from '../../core/flow/bot.js';
import { pauseOf, type FlowExecution, type Parked } from '../../core/flow/execution.js';
import { systemOf } from '../chat/chat-records.js';
import { messageItem } from '../chat/system-items.js';
import type { Deps } from '../deps.js';
import { performExternal, publishContact } from './external.js';
import { lockSegment } from './lock-segment.js';
import { advanceFlow, FLOW_TIMER, heardFromOutside, type ExternalCall } from './runner.js';

/*
 * ConnectParticipantWithLexBot at run time (spec §5.4): the flow is parked on the bot; each customer
 * message goes to the bot (Deps.bot) after its transaction commits, the bot's replies are posted,
 * and when the bot fulfils an intent the flow goes on with the intent as the block's result and
 * $.Lex filled. The whole conversation is stored with the flow (execution.ts BotConversation).
 */

type BotParked = Extract<Parked, { kind: 'bot' }>;

/** Bot replies are SYSTEM messages named BOT, as Connect sends them (connect-chat-api.md §6.1 example). */
export const BOT_DISPLAY_NAME = 'BOT';

const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * A customer message, already in the transcript, for a flow parked on a bot: queued for the bot in
 * the message's transaction, and the customer's silence timer restarts. Returns the call that
 * makes the bot answer after commit.
 */
export async function botInput(deps: Deps, tx: Tx, contactId: string, text: string | null): Promise<ExternalCall | null> {
  const exec = await load(tx, contactId);
  if (!exec || text === null) return null;
  const parked = exec.parked as BotParked;
  const until = deps.clock.now() + (parked.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  await save(tx, contactId, { ...exec, parked: { ...parked, pending: [...(parked.pending ?? []), text], until } });
  await tx.updateTable('timers').set({ due_at: until, lease_until: 0 }).where('kind', '=', FLOW_TIMER).where('target', '=', contactId).execute();
  const command = { kind: 'bot', botRef: parked.botRef, prompt: null, sessionAttributes: {}, initialMessage: null, timeoutSeconds: 0 } as const;
  return { contactId, command };
}

const chains = new Map<string, Promise<void>>();

/**
 * Runs a contact's bot conversation until nothing waits for the bot (the prompt first, then the
 * initial message, then the customer's messages in order), one turn at a time per contact.
 */
export function runBot(deps: Deps, contactId: string): Promise<void> {
  const run = (chains.get(contactId) ?? Promise.resolve()).then(() => drain(deps, contactId));
  const settled = run.catch(() => {});
  chains.set(contactId, settled);
  void settled.then(() => {
    if (chains.get(contactId) === settled) chains.delete(contactId);
  });
  return run;
}

async function drain(deps: Deps, contactId: string): Promise<void> {
  for (;;) {
    const turn = await deps.db.write(async (tx) => {
      const exec = await load(tx, contactId);
      if (!exec) return null;
      const conv = { ...(exec.parked as BotParked) };
      let posted = false;
      if (!conv.started && deps.bot.has?.(conv.botRef) === false) {
        const detail = `no bot ${conv.botRef} is configured (PARLEY_BOTS)`;
        return { call: await advanceFlow(deps, tx, contactId, { kind: 'error', type: 'NoMatchingError', detail }, pauseOf(conv)) };
      }
      if (!conv.started) {
        conv.started = true;
        if (conv.prompt) posted = await say(deps, tx, contactId, [conv.prompt]);
        if (conv.initialMessage) conv.pending = [conv.initialMessage, ...(conv.pending ?? [])];
      }
      const text = conv.pending?.[0];
      if (text !== undefined) conv.turn = (conv.turn ?? 0) + 1;
      conv.pending = (conv.pending ?? []).slice(1);
      await save(tx, contactId, { ...exec, parked: conv });
      return { posted, text, conv };
    });
    if (!turn) return;
    if ('call' in turn) {
      await publishContact(deps, contactId);
      if (turn.call) performExternal(deps, turn.call);
      return;
    }
    if (turn.posted) await publishContact(deps, contactId);
    if (turn.text === undefined) return;
    const { conv } = turn;
    let reply: BotTurn | null = null;
    let failure = '';
    try {
      reply = await deps.bot.converse({ botRef: conv.botRef, sessionId: conv.sessionId, text: turn.text, sessionAttributes: conv.sessionAttributes ?? {}, dialog: conv.dialog });
    } catch (e) {
      failure = (e as Error).message;
    }
    const after = await deps.db.write((tx) => answer(deps, tx, contactId, conv.turn ?? 0, reply, failure));
    await publishContact(deps, contactId);
    if (after.call) performExternal(deps, after.call);
    if (after.done) return;
  }
}

/** Posts the bot's reply and ends the conversation or keeps it going. Drops a reply to a turn the flow has left. */
async function answer(deps: Deps, tx: Tx, contactId: string, turn: number, reply: BotTurn | null, failure: string): Promise<{ done: boolean; call: ExternalCall | null }> {
  const exec = await load(tx, contactId);
  const parked = exec?.parked as BotParked | undefined;
  if (!exec || !parked || (parked.turn ?? 0) !== turn) return { done: true, call: null };
  const pause = pauseOf(parked);
  if (!reply) return { done: true, call: await advanceFlow(deps, tx, contactId, { kind: 'error', type: 'NoMatchingError', detail: failure }, pause) };
  await say(deps, tx, contactId, reply.messages);
  const lex = {
    IntentName: reply.intent ?? null,
    Slots: reply.slots ?? {},
    SessionAttributes: reply.sessionAttributes ?? parked.sessionAttributes ?? {},
    DialogState: reply.state,
  };
  // The bot took its turn: the flow heard from outside.
  const setLex = (e: FlowExecution) => {
    e.lex = lex;
    heardFromOutside(e);
  };
  if (reply.state === 'Fulfilled' && reply.intent) return { done: true, call: await advanceFlow(deps, tx, contactId, { kind: 'result', value: reply.intent }, pause, setLex) };
  if (reply.state === 'Fulfilled' || reply.state === 'Failed') {
    const detail = `the bot could not fulfil ${reply.intent ?? 'an intent'}`;
    return { done: true, call: await advanceFlow(deps, tx, contactId, { kind: 'error', type: 'NoMatchingError', detail }, pause, setLex) };
  }
  await save(tx, contactId, { ...exec, parked: { ...parked, sessionAttributes: lex.SessionAttributes, dialog: reply.dialog }, spins: { blocks: 0, calls: 0 } });
  return { done: false, call: null };
}

/** The execution of a contact whose flow is in a bot conversation, else null; the segment is locked first. */
async function load(tx: Tx, contactId: string): Promise<FlowExecution | null> {
  await lockSegment(tx, contactId);
  const row = await tx.selectFrom('contacts').select(['flow_state', 'state']).where('id', '=', contactId).executeTakeFirst();
  if (!row?.flow_state || row.state === 'ENDED') return null;
  const exec = JSON.parse(row.flow_state) as FlowExecution;
  return exec.parked?.kind === 'bot' ? exec : null;
}

const save = (tx: Tx, contactId: string, exec: FlowExecution) => tx.updateTable('contacts').set({ flow_state: JSON.stringify(exec) }).where('id', '=', contactId).execute();

/** Posts the bot's messages into the contact's chat; false when there was nothing to say. */
async function say(deps: Deps, tx: Tx, contactId: string, texts: string[]): Promise<boolean> {
  const said = texts.filter((t) => t.trim());
  if (!said.length) return false;
  const contact = await tx.selectFrom('contacts').select('chat_id').where('id', '=', contactId).executeTakeFirstOrThrow();
  const system = await systemOf(tx, contact.chat_id);
  const bot = { ...system, displayName: BOT_DISPLAY_NAME };
  await appendItems(tx, contact.chat_id, said.map((t) => messageItem(deps.ids, contactId, bot, 'text/plain', t)), deps.clock.now());
  return true;
}
