import { describe, expect, it } from 'vitest';
import { chatMetrics, type MessageItem } from './chat-metrics.js';

const S = 1000;
const m = (role: string, at: number, length = 10, participantId = role.toLowerCase()): MessageItem => ({ role, participantId, at: at * S, length });

describe('chat metrics of a segment', () => {
  it('times responses from the first message of the other side’s run, once an agent is connected', () => {
    // Bot greets at 0, customer writes at 5 (before the agent: no response), agent joins at 10;
    // customer 20, 25 (one run: from 20) → agent 40 (agent response 20 s), agent 45 →
    // customer 60 (customer response 20 s, from 40) → agent 61 (1 s) → customer 100 (39 s).
    const msgs = [m('SYSTEM', 0, 50), m('CUSTOMER', 5, 3), m('CUSTOMER', 20), m('CUSTOMER', 25), m('AGENT', 40, 4), m('AGENT', 45, 6), m('CUSTOMER', 60), m('AGENT', 61, 2), m('CUSTOMER', 100)];
    const r = chatMetrics(msgs, 10 * S, 130 * S);
    expect(r.ContactMetrics).toEqual({
      MultiParty: false,
      TotalMessages: 9,
      TotalBotMessages: 1,
      TotalBotMessageLengthInChars: 50,
      ConversationCloseTimeInMillis: 30 * S,
      // Runs answered: (5, 20, 25) by the agent at 40; 60 at 61; 100 is not answered.
      ConversationTurnCount: 2,
      AgentFirstResponseTimestamp: 40 * S,
      AgentFirstResponseTimeInMillis: 30 * S,
    });
    expect(r.AgentMetrics).toEqual({ ParticipantId: 'agent', ParticipantType: 'AGENT', ConversationAbandon: false, MessagesSent: 3, NumResponses: 2, MessageLengthInChars: 12, TotalResponseTimeInMillis: 21 * S, MaxResponseTimeInMillis: 20 * S, LastMessageTimestamp: 61 * S });
    expect(r.CustomerMetrics).toEqual({ ParticipantId: 'customer', ParticipantType: 'CUSTOMER', ConversationAbandon: false, MessagesSent: 5, NumResponses: 2, MessageLengthInChars: 43, TotalResponseTimeInMillis: 59 * S, MaxResponseTimeInMillis: 39 * S, LastMessageTimestamp: 100 * S });
  });

  it('marks the side that wrote nothing after the agent joined as abandoning the conversation', () => {
    const silentCustomer = chatMetrics([m('CUSTOMER', 1), m('AGENT', 20), m('AGENT', 30)], 10 * S, 90 * S);
    expect(silentCustomer.CustomerMetrics).toMatchObject({ ConversationAbandon: true, MessagesSent: 1, NumResponses: 0, TotalResponseTimeInMillis: 0 });
    expect(silentCustomer.AgentMetrics).toMatchObject({ ConversationAbandon: false, NumResponses: 0 });
    const silentAgent = chatMetrics([m('CUSTOMER', 20)], 10 * S, 90 * S);
    expect(silentAgent.AgentMetrics).toMatchObject({ ConversationAbandon: true, MessagesSent: 0, LastMessageTimestamp: null });
    expect(silentAgent.ContactMetrics.AgentFirstResponseTimestamp).toBeNull();
  });

  it('has no agent metrics without an agent, and counts several agents as multi-party', () => {
    const botOnly = chatMetrics([m('SYSTEM', 0), m('CUSTOMER', 5), m('CUSTOM_BOT', 6, 7)], null, null);
    expect(botOnly.AgentMetrics).toBeNull();
    expect(botOnly.CustomerMetrics).toMatchObject({ MessagesSent: 1, ConversationAbandon: false, NumResponses: 0 });
    expect(botOnly.ContactMetrics).toMatchObject({ TotalBotMessages: 2, TotalBotMessageLengthInChars: 17, ConversationTurnCount: 1, ConversationCloseTimeInMillis: null });
    const two = chatMetrics([m('AGENT', 1, 1, 'a1'), m('AGENT', 2, 1, 'a2')], 0, 3 * S);
    expect(two.ContactMetrics.MultiParty).toBe(true);
  });
});
