import fs from 'node:fs';

/** One slot the built-in bot asks for before it fulfils an intent. */
export interface SlotDefinition {
  name: string;
  /** What the bot asks when the slot is still empty. */
  prompt: string;
  /** Accepted values (matched as words, case-insensitive); without them the whole reply fills the slot. */
  values?: string[];
}

export interface IntentDefinition {
  name: string;
  /** Phrases that select the intent: every word of one of them appears in the customer's text. */
  utterances: string[];
  slots?: SlotDefinition[];
  /** Said when the intent is fulfilled; `{slot}` is replaced by the slot's value. */
  fulfilledMessage?: string;
}

export interface BotDefinition {
  intents: IntentDefinition[];
  /**
   * The intent fulfilled when nothing matches (Lex V2 bots have FallbackIntent, and flows branch
   * on it). null: the bot says `notUnderstood` and asks again instead.
   */
  fallbackIntent: string | null;
  notUnderstood: string;
  /** Replies that fit no slot value before the bot gives up (Failed). */
  maxAttempts: number;
}

export type BotDefinitions = Record<string, BotDefinition>;

/**
 * PARLEY_BOTS: a JSON object (or the path of a JSON file holding one) of bot alias ARN or bot
 * name → `{ intents: [{ name, utterances, slots?, fulfilledMessage? }], fallbackIntent?,
 * notUnderstood?, maxAttempts? }`. Each problem found is pushed to `problems`.
 */
export function parseBotDefinitions(raw: string | undefined, problems: string[]): BotDefinitions {
  if (!raw || !raw.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.trim().startsWith('{') ? raw : fs.readFileSync(raw, 'utf8'));
  } catch (e) {
    problems.push(`PARLEY_BOTS: ${(e as Error).message}`);
    return {};
  }
  if (!isObject(parsed)) {
    problems.push('PARLEY_BOTS: expected a JSON object of bot name or alias ARN to bot definition');
    return {};
  }
  const out: BotDefinitions = Object.create(null) as BotDefinitions;
  for (const [ref, def] of Object.entries(parsed)) {
    const where = `PARLEY_BOTS["${ref}"]`;
    const before = problems.length;
    if (!isObject(def) || !Array.isArray(def.intents) || def.intents.length === 0) {
      problems.push(`${where}: expected { intents: [{ name, utterances: [...] }, ...] }`);
      continue;
    }
    const intents = def.intents.map((i, n) => intentOf(i, `${where}.intents[${n}]`, problems));
    const fallback = def.fallbackIntent === undefined ? 'FallbackIntent' : def.fallbackIntent;
    if (fallback !== null && typeof fallback !== 'string') problems.push(`${where}.fallbackIntent: expected an intent name or null`);
    const attempts = def.maxAttempts ?? 3;
    if (!Number.isInteger(attempts) || (attempts as number) < 1) problems.push(`${where}.maxAttempts: expected a whole number from 1`);
    if (problems.length > before) continue;
    out[ref] = {
      intents: intents as IntentDefinition[],
      fallbackIntent: fallback as string | null,
      notUnderstood: typeof def.notUnderstood === 'string' ? def.notUnderstood : "Sorry, I didn't understand that. Could you say it another way?",
      maxAttempts: attempts as number,
    };
  }
  return out;
}

function intentOf(i: unknown, where: string, problems: string[]): IntentDefinition | null {
  if (!isObject(i) || typeof i.name !== 'string' || !i.name || !Array.isArray(i.utterances) || !i.utterances.every((u) => typeof u === 'string' && u.trim())) {
    problems.push(`${where}: expected { name, utterances: ["..."] }`);
    return null;
  }
  const slots = i.slots ?? [];
  if (!Array.isArray(slots) || !slots.every((s) => isObject(s) && typeof s.name === 'string' && typeof s.prompt === 'string' && (s.values === undefined || (Array.isArray(s.values) && s.values.every((v) => typeof v === 'string'))))) {
    problems.push(`${where}.slots: expected [{ name, prompt, values?: ["..."] }]`);
    return null;
  }
  return { name: i.name, utterances: i.utterances as string[], slots: slots as SlotDefinition[], ...(typeof i.fulfilledMessage === 'string' ? { fulfilledMessage: i.fulfilledMessage } : {}) };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
