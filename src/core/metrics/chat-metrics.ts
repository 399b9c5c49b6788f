/**
 * ChatMetrics of a contact segment (metrics.md §1.5) from its transcript items. AWS documents
 * these only through metric formulas, so Parley's reading is written down here and in
 * docs/metrics.md:
 * - a message is a MESSAGE or ATTACHMENT item written by a participant (customer, agent, bot or
 *   flow); events (typing, receipts, joins, idle notices) are not messages;
 * - bot messages are those of the SYSTEM role (flow texts) and of CUSTOM_BOT participants;
 * - response times count only once an agent is connected: an agent response is the agent's first
 *   message after one or more customer messages, timed from the first of those; a customer
 *   response is the same the other way round (metrics.md: "from an agent's first message in a
 *   turn until the customer responds"); NumResponses counts exactly the responses whose times are
 *   summed, so averages are Σtime / Σresponses;
 * - a turn is a customer message (or run of them) answered by another participant, bot or agent;
 * - a participant abandoned the conversation when an agent was connected and that participant
 *   wrote nothing from then on.
 */
export interface MessageItem {
  role: string;
  participantId: string;
  at: number;
  /** Characters of the text (0 for an attachment). */
  length: number;
}

export interface ParticipantMetrics {
  ParticipantId: string;
  ParticipantType: 'AGENT' | 'CUSTOMER';
  ConversationAbandon: boolean;
  MessagesSent: number;
  NumResponses: number;
  MessageLengthInChars: number;
  TotalResponseTimeInMillis: number;
  MaxResponseTimeInMillis: number;
  LastMessageTimestamp: number | null;
}

export interface ChatMetrics {
  ContactMetrics: {
    MultiParty: boolean;
    TotalMessages: number;
    TotalBotMessages: number;
    TotalBotMessageLengthInChars: number;
    ConversationCloseTimeInMillis: number | null;
    ConversationTurnCount: number;
    AgentFirstResponseTimestamp: number | null;
    AgentFirstResponseTimeInMillis: number | null;
  };
  AgentMetrics: ParticipantMetrics | null;
  CustomerMetrics: ParticipantMetrics | null;
}

const BOT_ROLES = ['SYSTEM', 'CUSTOM_BOT'];

/** `messages` in transcript order; `connectedToAgentAt` null when no agent joined; `endedAt` null while the segment lasts. */
export function chatMetrics(messages: readonly MessageItem[], connectedToAgentAt: number | null, endedAt: number | null): ChatMetrics {
  const bots = messages.filter((m) => BOT_ROLES.includes(m.role));
  const customers = messages.filter((m) => m.role === 'CUSTOMER');
  const agentIds = new Set(messages.filter((m) => m.role === 'AGENT').map((m) => m.participantId));
  const lastCustomer = customers.at(-1)?.at ?? null;
  const withAgent = connectedToAgentAt === null ? [] : messages.filter((m) => m.at >= connectedToAgentAt && (m.role === 'AGENT' || m.role === 'CUSTOMER'));
  const agent = side(withAgent, 'AGENT');
  const customer = side(withAgent, 'CUSTOMER');
  const firstAgent = withAgent.find((m) => m.role === 'AGENT')?.at ?? null;
  const agentId = messages.find((m) => m.role === 'AGENT')?.participantId ?? null;
  const customerId = customers[0]?.participantId ?? null;
  const connected = connectedToAgentAt !== null;
  return {
    ContactMetrics: {
      MultiParty: agentIds.size > 1,
      TotalMessages: messages.length,
      TotalBotMessages: bots.length,
      TotalBotMessageLengthInChars: bots.reduce((n, m) => n + m.length, 0),
      ConversationCloseTimeInMillis: lastCustomer !== null && endedAt !== null ? Math.max(0, endedAt - lastCustomer) : null,
      ConversationTurnCount: turns(messages),
      AgentFirstResponseTimestamp: firstAgent,
      AgentFirstResponseTimeInMillis: firstAgent !== null && connected ? firstAgent - connectedToAgentAt : null,
    },
    AgentMetrics: connected ? participant('AGENT', agentId ?? '', agent, messages, withAgent) : null,
    CustomerMetrics: customerId !== null || connected ? participant('CUSTOMER', customerId ?? '', customer, messages, withAgent) : null,
  };
}

interface Side {
  responses: number[];
}

/** Response times of `role`: from the other side's first message of a run to `role`'s next message. */
function side(msgs: readonly MessageItem[], role: string): Side {
  const responses: number[] = [];
  let waitingSince: number | null = null;
  for (const m of msgs) {
    if (m.role === role) {
      if (waitingSince !== null) responses.push(m.at - waitingSince);
      waitingSince = null;
    } else if (waitingSince === null) waitingSince = m.at;
  }
  return { responses };
}

/** Messages counted over the whole segment; abandon and responses only while an agent is connected. */
function participant(type: 'AGENT' | 'CUSTOMER', id: string, s: Side, all: readonly MessageItem[], withAgent: readonly MessageItem[]): ParticipantMetrics {
  const own = all.filter((m) => m.role === type);
  return {
    ParticipantId: id,
    ParticipantType: type,
    ConversationAbandon: withAgent.length > 0 || type === 'AGENT' ? !withAgent.some((m) => m.role === type) : false,
    MessagesSent: own.length,
    NumResponses: s.responses.length,
    MessageLengthInChars: own.reduce((n, m) => n + m.length, 0),
    TotalResponseTimeInMillis: s.responses.reduce((a, b) => a + b, 0),
    MaxResponseTimeInMillis: s.responses.length ? Math.max(...s.responses) : 0,
    LastMessageTimestamp: own.at(-1)?.at ?? null,
  };
}

/** Customer runs answered by someone else. */
function turns(msgs: readonly MessageItem[]): number {
  let n = 0;
  let customerSpoke = false;
  for (const m of msgs) {
    if (m.role === 'CUSTOMER') customerSpoke = true;
    else if (customerSpoke) {
      n++;
      customerSpoke = false;
    }
  }
  return n;
}
