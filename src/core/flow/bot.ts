/**
 * The bot port behind ConnectParticipantWithLexBot (spec §5.4): Lex in Connect; here any bot
 * that holds a conversation turn by turn and ends it with one intent and its slots.
 */

export const BOT_STATES = ['ElicitIntent', 'ElicitSlot', 'Fulfilled', 'Failed'] as const;
export type BotState = (typeof BOT_STATES)[number];

export interface BotTurnInput {
  /** The bot as the flow names it: a Lex V2 alias ARN, or "name:alias" for Lex classic. */
  botRef: string;
  /** One conversation per contact segment. */
  sessionId: string;
  /** What the customer wrote (or the LexInitializationData InitialMessage). */
  text: string;
  sessionAttributes: Record<string, string>;
  /** What this bot returned as `dialog` on the previous turn of the session (undefined on the first). */
  dialog?: unknown;
}

export interface BotTurn {
  /** Replies to post in the chat, in order. */
  messages: string[];
  /** Fulfilled and Failed end the conversation; the Elicit states wait for the customer's next message. */
  state: BotState;
  intent?: string;
  slots?: Record<string, string>;
  sessionAttributes?: Record<string, string>;
  /**
   * The bot's own state of the conversation, stored with the flow and handed back on the next turn,
   * so that a bot needs no memory of its own (a restart or another node loses nothing).
   */
  dialog?: unknown;
}

/** Rejected for a bot it does not know: the flow takes the error branch. */
export class UnknownBotError extends Error {
  constructor(readonly botRef: string) {
    super(`no bot ${botRef} is configured (PARLEY_BOTS)`);
  }
}

export interface Bot {
  converse(input: BotTurnInput): Promise<BotTurn>;
  /** Whether the bot exists, when that can be known without a call: the block fails at once if not. */
  has?(botRef: string): boolean;
}
