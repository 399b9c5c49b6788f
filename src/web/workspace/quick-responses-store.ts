/** Canned texts the agent inserts with one click; kept per browser (localStorage), editable in the workspace. */

const KEY = 'parley.agent.quickResponses';

/** What a new agent starts with. */
export const DEFAULT_QUICK_RESPONSES: readonly string[] = [
  'Hello! Thanks for contacting us. How can I help you today?',
  'Let me check that for you — one moment, please.',
  'Are you there?',
  'Is there anything else I can help you with?',
  'Thank you for chatting with us. Have a **great** day!',
];

/** The agent's quick responses (the defaults until edited). */
export function loadQuickResponses(): string[] {
  try {
    const raw = localStorage.getItem(KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : null;
    if (Array.isArray(list) && list.every((x) => typeof x === 'string')) return list;
  } catch {
    // Unreadable storage: the defaults.
  }
  return [...DEFAULT_QUICK_RESPONSES];
}

/** Saves the list: empty entries are dropped. */
export function saveQuickResponses(list: string[]): string[] {
  const clean = list.map((s) => s.trim()).filter(Boolean);
  try {
    localStorage.setItem(KEY, JSON.stringify(clean));
  } catch {
    // Storage full or disabled: the list lasts until the reload.
  }
  return clean;
}
