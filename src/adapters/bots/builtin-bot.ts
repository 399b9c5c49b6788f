import { type Bot, type BotTurn, type BotTurnInput, UnknownBotError } from '../../core/flow/bot.js';
import type { BotDefinition, BotDefinitions, IntentDefinition, SlotDefinition } from './bot-definitions.js';

/** The conversation state the bot hands back each turn (it keeps none itself). */
interface Dialog {
  intent: string;
  slots: Record<string, string>;
  /** Replies so far that did not fit the slot being asked for. */
  misses: number;
}

/**
 * A simple rules bot that stands in for Lex: picks the intent whose utterance words all appear in
 * the customer's text (the longest such utterance wins), asks for its slots one by one, and
 * fulfils it. What it knows comes from PARLEY_BOTS (bot-definitions.ts).
 */
export class BuiltinBot implements Bot {
  constructor(private readonly bots: BotDefinitions) {}

  has(botRef: string): boolean {
    return this.find(botRef) !== undefined;
  }

  async converse(input: BotTurnInput): Promise<BotTurn> {
    const bot = this.find(input.botRef);
    if (!bot) throw new UnknownBotError(input.botRef);
    const session = input.sessionAttributes;
    const current = input.dialog as Dialog | undefined;
    if (current) {
      const intent = bot.intents.find((i) => i.name === current.intent);
      if (intent) return this.fill(bot, intent, current, input.text, session);
    }
    const intent = pick(bot.intents, input.text);
    if (!intent) {
      if (bot.fallbackIntent === null) return { messages: [bot.notUnderstood], state: 'ElicitIntent', sessionAttributes: session };
      return { messages: [], state: 'Fulfilled', intent: bot.fallbackIntent, slots: {}, sessionAttributes: session };
    }
    // Slot values with a list may already be in the first sentence ("balance of my savings").
    const slots: Record<string, string> = {};
    for (const s of intent.slots ?? []) {
      const v = s.values ? valueIn(s, input.text) : undefined;
      if (v !== undefined) slots[s.name] = v;
    }
    return this.next(intent, { intent: intent.name, slots, misses: 0 }, session);
  }

  /** A reply while a slot is being asked for. */
  private fill(bot: BotDefinition, intent: IntentDefinition, dialog: Dialog, text: string, session: Record<string, string>): BotTurn {
    const slot = (intent.slots ?? []).find((s) => dialog.slots[s.name] === undefined);
    if (!slot) return this.next(intent, dialog, session);
    const value = slot.values ? valueIn(slot, text) : text.trim() || undefined;
    if (value === undefined) {
      const misses = dialog.misses + 1;
      if (misses >= bot.maxAttempts) return { messages: [], state: 'Failed', intent: intent.name, slots: dialog.slots, sessionAttributes: session };
      return { messages: [slot.prompt], state: 'ElicitSlot', intent: intent.name, slots: dialog.slots, sessionAttributes: session, dialog: { ...dialog, misses } };
    }
    return this.next(intent, { ...dialog, slots: { ...dialog.slots, [slot.name]: value }, misses: 0 }, session);
  }

  /** Asks for the next empty slot, or fulfils the intent. */
  private next(intent: IntentDefinition, dialog: Dialog, session: Record<string, string>): BotTurn {
    const slot = (intent.slots ?? []).find((s) => dialog.slots[s.name] === undefined);
    if (slot) return { messages: [slot.prompt], state: 'ElicitSlot', intent: intent.name, slots: dialog.slots, sessionAttributes: session, dialog };
    const said = intent.fulfilledMessage?.replace(/\{([A-Za-z0-9_-]+)\}/g, (m, name: string) => dialog.slots[name] ?? m);
    return { messages: said ? [said] : [], state: 'Fulfilled', intent: intent.name, slots: dialog.slots, sessionAttributes: session };
  }

  /** By exact reference, else by bot name ("Name:alias" of Lex classic) or bot id (a Lex V2 alias ARN's "bot-alias/BOTID/ALIASID"). */
  private find(ref: string): BotDefinition | undefined {
    const alias = /bot-alias\/([^/]+)\//.exec(ref)?.[1];
    for (const key of [ref, ref.startsWith('arn:') ? undefined : ref.split(':')[0], alias]) if (key && Object.prototype.hasOwnProperty.call(this.bots, key)) return this.bots[key];
    return undefined;
  }
}

const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** The intent with the longest utterance whose words all appear in the text. */
function pick(intents: IntentDefinition[], text: string): IntentDefinition | undefined {
  const have = new Set(words(text));
  let best: { intent: IntentDefinition; score: number } | undefined;
  for (const intent of intents)
    for (const u of intent.utterances) {
      const need = words(u);
      if (need.length && need.every((w) => have.has(w)) && (!best || need.length > best.score)) best = { intent, score: need.length };
    }
  return best?.intent;
}

/** The first listed value of the slot that appears in the text as whole words, as the list spells it. */
function valueIn(slot: SlotDefinition, text: string): string | undefined {
  const have = ` ${words(text).join(' ')} `;
  return slot.values?.find((v) => words(v).length > 0 && have.includes(` ${words(v).join(' ')} `));
}
