import { describe, expect, it } from 'vitest';
import { attachmentItem, chatEndedItem, joinedItem, leftItem, messageItem, participantEventItem, receiptItem, rehydratedItem, transferredItem, type Who } from '../../src/app/chat/system-items.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { EVENT_TYPES } from '../../src/core/chat/content-types.js';
import { PARTICIPANT_ROLES, type NewItem, type ParticipantRole } from '../../src/core/chat/items.js';
import { billableFilter, DEFAULT_POLICY, isBillable, type MeteringPolicy } from '../../src/core/metering/billable.js';
import { cost, costText } from '../../src/core/metering/price.js';

/* Which transcript items are billable, on items made by the very builders the chat use cases write with. */

let n = 0;
const ids = { uuid: () => `id-${++n}`, timeUuid: () => `id-${++n}`, token: () => `t-${++n}` };
const who = (role: ParticipantRole): Who => ({ id: `p-${role}`, role, displayName: role });
const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
const attachment = (role: ParticipantRole) => attachmentItem(ids, 'c', who(role), { ContentType: 'image/png', AttachmentId: 'a', AttachmentName: 'a.png', Status: 'APPROVED' });

/** Every kind of item a chat writes that is not a message: none may ever be billed. */
const notMessages: [string, NewItem][] = [
  ['joined', joinedItem(ids, 'c', who('AGENT'))],
  ['left', leftItem(ids, 'c', who('CUSTOMER'))],
  ['transfer notice', transferredItem(ids, 'c', who('SYSTEM'))],
  ['chat ended', chatEndedItem(ids, 'c', who('SYSTEM'))],
  ['rehydrated', rehydratedItem(ids, 'c', who('SYSTEM'))],
  ['typing', participantEventItem(ids, 'c', who('CUSTOMER'), EVENT_TYPES.typing, null)],
  ['connection acknowledged', participantEventItem(ids, 'c', who('CUSTOMER'), EVENT_TYPES.connectionAck, null)],
  ['idle notice', participantEventItem(ids, 'c', who('CUSTOMER'), EVENT_TYPES.idle, null)],
  ['returned notice', participantEventItem(ids, 'c', who('CUSTOMER'), EVENT_TYPES.returned, null)],
  ['auto-disconnect notice', participantEventItem(ids, 'c', who('AGENT'), EVENT_TYPES.autoDisconnection, null)],
  ['read receipt', receiptItem(ids, 'c', who('CUSTOMER'), 'm', { ReadTimestamp: '2027-03-14T06:30:00.000Z', RecipientParticipantId: 'p' })],
];

describe('billable items', () => {
  it('bills, by default, every message whoever wrote it, attachments and interactive messages included', () => {
    for (const role of PARTICIPANT_ROLES) {
      expect(isBillable(messageItem(ids, 'c', who(role), 'text/plain', 'hi'), DEFAULT_POLICY), role).toBe(true);
      expect(isBillable(attachment(role), DEFAULT_POLICY), role).toBe(true);
    }
    expect(isBillable(messageItem(ids, 'c', who('SYSTEM'), INTERACTIVE, '{}'), DEFAULT_POLICY)).toBe(true);
    expect(isBillable(messageItem(ids, 'c', who('CUSTOMER'), `${INTERACTIVE}.response`, '{}'), DEFAULT_POLICY)).toBe(true);
  });

  it('never bills events, receipts or notices, whatever the policy says', () => {
    for (const [name, item] of notMessages) expect(isBillable(item, DEFAULT_POLICY), name).toBe(false);
  });

  it('narrows to the configured roles, and leaves out attachments and interactive messages when told', () => {
    const policy: MeteringPolicy = { ...DEFAULT_POLICY, roles: ['CUSTOMER', 'AGENT'], attachments: false, interactive: false };
    expect(isBillable(messageItem(ids, 'c', who('CUSTOMER'), 'text/plain', 'hi'), policy)).toBe(true);
    expect(isBillable(messageItem(ids, 'c', who('SYSTEM'), 'text/plain', 'Thanks for reaching out'), policy)).toBe(false);
    expect(isBillable(messageItem(ids, 'c', who('CUSTOM_BOT'), 'text/plain', 'beep'), policy)).toBe(false);
    expect(isBillable(attachment('CUSTOMER'), policy)).toBe(false);
    expect(isBillable(messageItem(ids, 'c', who('AGENT'), INTERACTIVE, '{}'), policy)).toBe(false);
    expect(isBillable(messageItem(ids, 'c', who('CUSTOMER'), `${INTERACTIVE}.response`, '{}'), policy)).toBe(false);
    expect(billableFilter(policy)).toEqual({ types: ['MESSAGE'], roles: ['CUSTOMER', 'AGENT'], excludePrefix: INTERACTIVE });
  });
});

describe('metering configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it('defaults to the documented policy and reads each setting', () => {
    expect(loadConfig({}).metering).toEqual({ roles: [...PARTICIPANT_ROLES], attachments: true, interactive: true, pricePerMessage: '0.004', currency: 'USD' });
    const c = loadConfig({ PARLEY_BILLABLE_ROLES: ' agent, Customer ', PARLEY_BILL_ATTACHMENTS: 'false', PARLEY_BILL_INTERACTIVE: '0', PARLEY_PRICE_PER_MESSAGE: '0.0125', PARLEY_CURRENCY: 'eur' });
    // Roles come out in the catalogue's order, whatever order they were written in.
    expect(c.metering).toEqual({ roles: ['CUSTOMER', 'AGENT'], attachments: false, interactive: false, pricePerMessage: '0.0125', currency: 'EUR' });
  });

  it('names every wrong metering value', () => {
    const found = problems({ PARLEY_BILLABLE_ROLES: 'CUSTOMER,ROBOT', PARLEY_BILL_ATTACHMENTS: 'sometimes', PARLEY_PRICE_PER_MESSAGE: '-1', PARLEY_CURRENCY: 'dollars' });
    expect(found).toHaveLength(4);
    expect(found).toEqual(
      expect.arrayContaining([
        'PARLEY_BILL_ATTACHMENTS="sometimes": expected true or false',
        'PARLEY_BILLABLE_ROLES: unknown role ROBOT (roles: CUSTOMER, AGENT, SYSTEM, CUSTOM_BOT, SUPERVISOR)',
        'PARLEY_PRICE_PER_MESSAGE="-1": expected a decimal number such as 0.004 (at most 9 digits after the point)',
        'PARLEY_CURRENCY="dollars": expected a three-letter ISO 4217 code such as USD',
      ]),
    );
    expect(problems({ PARLEY_BILLABLE_ROLES: ' , ' })).toEqual(['PARLEY_BILLABLE_ROLES: name at least one of CUSTOMER, AGENT, SYSTEM, CUSTOM_BOT, SUPERVISOR']);
    expect(problems({ PARLEY_PRICE_PER_MESSAGE: '1e-3' })).toHaveLength(1);
  });
});

describe('cost', () => {
  it('multiplies exactly, where floating point would not', () => {
    expect(9 * 0.004).not.toBe(0.036); // 0.036000000000000004
    expect(cost(9, '0.004')).toBe(0.036);
    expect(cost(6, '0.0125')).toBe(0.075); // not 0.07500000000000001
    expect(costText(1_000_001, '0.004')).toBe('4000.004');
    expect(costText(6, '0.0125')).toBe('0.075');
    expect(costText(0, '0.004')).toBe('0');
    expect(costText(7, '2')).toBe('14');
    expect(costText(1, '0.000000001')).toBe('0.000000001');
  });
});
