import { PARTICIPANT_ROLES, type ParticipantRole } from '../chat/items.js';
import { parseDecimal } from './price.js';

/**
 * Which transcript items are billable chat messages (spec metrics.md §6, §5.6).
 *
 * Amazon Connect bills chat per message "sent or received" and says only what is NOT billed:
 * idle, returned and auto-disconnect notices. The default policy follows the spec's advice:
 * - every MESSAGE item counts, whoever wrote it and in either direction: CUSTOMER, AGENT,
 *   SUPERVISOR, CUSTOM_BOT (a participant added with CreateParticipant) and SYSTEM, which is
 *   what flows write (MessageParticipant, queue reminders, ShowView) and also what Lex-style
 *   bots write (role SYSTEM, display name BOT, as in Connect);
 * - an ATTACHMENT item counts as one message;
 * - interactive messages (content types application/vnd.amazonaws.connect.message.interactive
 *   and .interactive.response) count like any other message;
 * - no EVENT, MESSAGEMETADATA or CONNECTION_ACK item counts: typing, delivered/read receipts,
 *   joined/left, idle/returned/auto-disconnect, transfer notices, chat ended, rehydrated.
 * Each of the first three can be narrowed by configuration; events can never be billed.
 */

export const INTERACTIVE_PREFIX = 'application/vnd.amazonaws.connect.message.interactive';

export interface MeteringPolicy {
  /** Authors whose MESSAGE and ATTACHMENT items count (PARLEY_BILLABLE_ROLES). */
  roles: readonly ParticipantRole[];
  /** Whether an attachment counts as a message (PARLEY_BILL_ATTACHMENTS). */
  attachments: boolean;
  /** Whether interactive messages and their responses count (PARLEY_BILL_INTERACTIVE). */
  interactive: boolean;
  /** The price of one billable message as configured (a decimal string, kept exact; see price.ts). */
  pricePerMessage: string;
  /** ISO 4217 code the price is in (PARLEY_CURRENCY). */
  currency: string;
}

/** 0.004 is an example figure for estimates, not AWS's price: set PARLEY_PRICE_PER_MESSAGE to your contract's. */
export const DEFAULT_POLICY: Readonly<MeteringPolicy> = Object.freeze({
  roles: PARTICIPANT_ROLES,
  attachments: true,
  interactive: true,
  pricePerMessage: '0.004',
  currency: 'USD',
});

/** The parts of an item billability depends on. */
export interface MeteredItem {
  type: string;
  role: string;
  contentType: string;
}

export const isInteractive = (contentType: string): boolean => contentType.startsWith(INTERACTIVE_PREFIX);

/** Whether the item is a billable message under `policy`. */
export function isBillable(item: MeteredItem, policy: MeteringPolicy): boolean {
  return billableFilter(policy).types.includes(item.type) && policy.roles.includes(item.role as ParticipantRole) && (policy.interactive || !isInteractive(item.contentType));
}

/**
 * The policy as a filter a store can apply in SQL: item type in `types`, role in `roles`, and,
 * when `excludePrefix` is set, a content type not starting with it. Means exactly isBillable.
 */
export function billableFilter(policy: MeteringPolicy): { types: string[]; roles: string[]; excludePrefix: string | null } {
  return { types: policy.attachments ? ['MESSAGE', 'ATTACHMENT'] : ['MESSAGE'], roles: [...policy.roles], excludePrefix: policy.interactive ? null : INTERACTIVE_PREFIX };
}

/** The policy as the usage API shows it. */
export const presentPolicy = (policy: MeteringPolicy) => ({
  BillableRoles: [...policy.roles],
  BillAttachments: policy.attachments,
  BillInteractive: policy.interactive,
  PricePerMessage: Number(policy.pricePerMessage),
  Currency: policy.currency,
});

/**
 * Reads the PARLEY_BILLABLE_ROLES, PARLEY_BILL_ATTACHMENTS, PARLEY_BILL_INTERACTIVE,
 * PARLEY_PRICE_PER_MESSAGE and PARLEY_CURRENCY settings (unset or empty: the default), pushing
 * one line to `problems` per wrong value.
 */
export function parseMeteringPolicy(get: (key: string) => string | undefined, problems: string[]): MeteringPolicy {
  const flag = (key: string, def: boolean): boolean => {
    const raw = get(key)?.trim().toLowerCase();
    if (!raw) return def;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${key}=${JSON.stringify(get(key))}: expected true or false`);
    return def;
  };
  let roles: ParticipantRole[] = [...DEFAULT_POLICY.roles];
  const rawRoles = get('PARLEY_BILLABLE_ROLES');
  if (rawRoles) {
    const named = rawRoles.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    const unknown = named.filter((r) => !(PARTICIPANT_ROLES as readonly string[]).includes(r));
    if (unknown.length) problems.push(`PARLEY_BILLABLE_ROLES: unknown role ${unknown.join(', ')} (roles: ${PARTICIPANT_ROLES.join(', ')})`);
    else if (!named.length) problems.push(`PARLEY_BILLABLE_ROLES: name at least one of ${PARTICIPANT_ROLES.join(', ')}`);
    else roles = PARTICIPANT_ROLES.filter((r) => named.includes(r));
  }
  let price = DEFAULT_POLICY.pricePerMessage;
  const rawPrice = get('PARLEY_PRICE_PER_MESSAGE')?.trim();
  if (rawPrice) {
    if (parseDecimal(rawPrice)) price = rawPrice;
    else problems.push(`PARLEY_PRICE_PER_MESSAGE=${JSON.stringify(rawPrice)}: expected a decimal number such as 0.004 (at most 9 digits after the point)`);
  }
  let currency = DEFAULT_POLICY.currency;
  const rawCurrency = get('PARLEY_CURRENCY')?.trim();
  if (rawCurrency) {
    if (/^[A-Za-z]{3}$/.test(rawCurrency)) currency = rawCurrency.toUpperCase();
    else problems.push(`PARLEY_CURRENCY=${JSON.stringify(rawCurrency)}: expected a three-letter ISO 4217 code such as USD`);
  }
  return { roles, attachments: flag('PARLEY_BILL_ATTACHMENTS', true), interactive: flag('PARLEY_BILL_INTERACTIVE', true), pricePerMessage: price, currency };
}
