import {
  CreateQueueCommand,
  CreateRoutingProfileCommand,
  CreateUserCommand,
  GetMetricDataV2Command,
  StartChatContactCommand,
  type GetMetricDataV2CommandInput,
  type GetMetricDataV2CommandOutput,
  type MetricResultV2,
  type MetricV2,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { createFlow, flowOf, hangUp } from '../flows/kit.js';
import type { TestAgent } from '../helpers/agent.js';
import type { TestParley } from '../helpers/parley.js';

export const PASSWORD = 'Metr1cs-day';

/** A queue served by a team: its routing profile (chats at once) and its agents, made through the SDK. */
export async function team(p: TestParley, name: string, concurrency: number, usernames: string[]): Promise<{ queueId: string; profileId: string; userIds: Record<string, string> }> {
  const InstanceId = p.seeded.instanceId;
  const { QueueId } = await p.connect.send(new CreateQueueCommand({ InstanceId, Name: name, HoursOfOperationId: p.seeded.basicHoursId }));
  const { RoutingProfileId } = await p.connect.send(
    new CreateRoutingProfileCommand({
      InstanceId,
      Name: `${name} desk`,
      Description: `${name} (${concurrency} chats at once)`,
      DefaultOutboundQueueId: QueueId,
      QueueConfigs: [{ QueueReference: { QueueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: concurrency }],
    }),
  );
  const userIds: Record<string, string> = {};
  for (const Username of usernames)
    userIds[Username] = (
      await p.connect.send(
        new CreateUserCommand({
          InstanceId,
          Username,
          Password: PASSWORD,
          // No after-contact work limit: it lasts until the agent clears the contact.
          PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 },
          SecurityProfileIds: [p.seeded.securityProfileIds.Agent],
          RoutingProfileId,
        }),
      )
    ).UserId!;
  return { queueId: QueueId!, profileId: RoutingProfileId!, userIds };
}

/** A flow that only queues the chat in the queue named by the attribute `queue`: no flow messages to count. */
export async function queueFlow(p: TestParley): Promise<string> {
  const flow = await createFlow(
    p,
    flowOf(
      { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: '$.Attributes.queue' }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      { Identifier: 'transfer', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'bye' }, { ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      hangUp('bye'),
    ),
    { name: 'Queue by attribute' },
  );
  return flow.id;
}

export interface Customer {
  contactId: string;
  token: string;
  websocketUrl: string;
}

/** A customer who starts a chat (StartChatContact on `flowId`) and connects at once. */
export async function customer(p: TestParley, flowId: string, attributes: Record<string, string> = {}): Promise<Customer> {
  const started = await p.connect.send(new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Customer' }, Attributes: attributes }));
  // Asking for a websocket connects the customer (ConnectedToSystemTimestamp), as a widget does.
  const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  return { contactId: started.ContactId!, token: conn.ConnectionCredentials!.ConnectionToken!, websocketUrl: conn.Websocket!.Url! };
}

export const send = (p: TestParley, token: string, text: string) => p.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: text }));
export const hangUpOn = (p: TestParley, token: string) => p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: token }));

/** The agent accepts its ringing offer of `contactId` and connects its participant; returns its connection token. */
export async function take(p: TestParley, agent: TestAgent, contactId: string): Promise<string> {
  await agent.nextOffer(contactId);
  const accepted = await agent.accept(contactId);
  const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: accepted.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  return conn.ConnectionCredentials!.ConnectionToken!;
}

export const instanceArn = (p: TestParley) => `arn:aws:connect:${p.deps.config.region}:${p.deps.config.accountId}:instance/${p.seeded.instanceId}`;

/** Every page of a GetMetricDataV2 request through the SDK, following NextToken to the end. */
export async function pagesV2(p: TestParley, input: Omit<GetMetricDataV2CommandInput, 'ResourceArn'>): Promise<GetMetricDataV2CommandOutput[]> {
  const out: GetMetricDataV2CommandOutput[] = [];
  let NextToken: string | undefined;
  do {
    const page = await p.connect.send(new GetMetricDataV2Command({ ResourceArn: instanceArn(p), ...input, NextToken }));
    out.push(page);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** Every result of a GetMetricDataV2 request. */
export const metricsV2 = async (p: TestParley, input: Omit<GetMetricDataV2CommandInput, 'ResourceArn'>): Promise<MetricResultV2[]> => (await pagesV2(p, input)).flatMap((page) => page.MetricResults ?? []);

/** A readable label for a requested metric: `SERVICE_LEVEL<60`, `CONTACTS_HANDLED[INITIATION_METHOD=API]`, `…[!…]` for Negate. */
export function label(m: MetricV2): string {
  const t = m.Threshold?.[0];
  const threshold = t ? `${t.Comparison === 'LTE' ? '<=' : '<'}${t.ThresholdValue}` : '';
  const filters = (m.MetricFilters ?? []).map((f) => `[${f.Negate ? '!' : ''}${f.MetricFilterKey}=${(f.MetricFilterValues ?? []).join('|')}]`).join('');
  return `${m.Name}${threshold}${filters}`;
}

/** The values of one result row by metric label (undefined: no value, as Connect leaves it out). */
export const valuesOf = (r: MetricResultV2): Record<string, number | undefined> => Object.fromEntries((r.Collections ?? []).map((c) => [label(c.Metric!), c.Value]));

/** The row of a group (and interval start, when several). */
export function rowOf(results: MetricResultV2[], dims: Record<string, string>, start?: Date): Record<string, number | undefined> {
  const r = results.find((x) => JSON.stringify(x.Dimensions ?? {}) === JSON.stringify(dims) && (!start || x.MetricInterval?.StartTime?.getTime() === start.getTime()));
  if (!r) throw new Error(`no result for ${JSON.stringify(dims)} ${start?.toISOString() ?? ''}`);
  return valuesOf(r);
}

/** Metrics by name (a name may carry a threshold or metric filters: see `metric`). */
export const metrics = (...names: string[]): MetricV2[] => names.map((Name) => ({ Name }));
export const lt = (Name: string, ThresholdValue: number, Comparison: 'LT' | 'LTE' = 'LT'): MetricV2 => ({ Name, Threshold: [{ Comparison, ThresholdValue }] });
export const filtered = (Name: string, MetricFilterKey: string, values: string[], Negate?: boolean): MetricV2 => ({
  Name,
  MetricFilters: [{ MetricFilterKey, MetricFilterValues: values, ...(Negate === undefined ? {} : { Negate }) }],
});
