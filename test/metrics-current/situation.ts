import { GetCurrentMetricDataCommand, StartChatContactCommand, type GetCurrentMetricDataCommandInput } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { TestAgent } from '../helpers/agent.js';
import type { TestParley } from '../helpers/parley.js';
import { AGENT_PASSWORD, buildCallCenter, type CallCenter } from '../routing/fixtures.js';

/**
 * The scripted floor every metrics test reads (t0 = the clock at the start, M = t0 + 100 s):
 * - Sales team (profile: Sales/CHAT, 2 chats): sales-0 Available with c1 in after-contact work
 *   and c2 rejected (both slots held); sales-1 logged in but Offline.
 * - Support team (profile: Support/CHAT priority 1, Sales/CHAT priority 2, 2 chats): support-0
 *   Available with c2 connected and c3 missed (both slots held); support-1 on Break.
 * - alice (Basic Routing Profile: BasicQueue CHAT 3 and TASK 1) Available with nothing: BasicQueue is empty.
 * - Waiting at M: Sales c4 (enqueued t0+30 s), Support c3 (t0: a missed offer keeps its place)
 *   and c5 (t0+40 s).
 */
export interface Situation {
  center: CallCenter;
  agents: Record<'sales0' | 'sales1' | 'support0' | 'support1' | 'alice', TestAgent>;
  chats: Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5', string>;
  t0: number;
  ids: { sales: string; support: string; basic: string; salesTeam: string; supportTeam: string; basicProfile: string };
}

export async function buildSituation(p: TestParley): Promise<Situation> {
  const t0 = p.clock.now();
  const center = await buildCallCenter(p, ['Sales', 'Support'], [
    { name: 'Sales', concurrency: 2, queues: { Sales: 1 }, agents: 2 },
    { name: 'Support', concurrency: 2, queues: { Support: 1, Sales: 2 }, agents: 2 },
  ]);
  const login = (name: string) => TestAgent.login(p, name, AGENT_PASSWORD);
  const agents = {
    sales0: await login('sales-0'),
    sales1: await login('sales-1'),
    support0: await login('support-0'),
    support1: await login('support-1'),
    alice: await TestAgent.login(p, 'alice'),
  };
  await agents.support1.setStatus('Break');
  await agents.alice.setStatus('Available');
  const chat = async (queue: 'Sales' | 'Support') => {
    const out = await p.connect.send(
      new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: center.flowId, ParticipantDetails: { DisplayName: 'Customer' }, Attributes: { queue: center.queueIds[queue] } }),
    );
    await p.router.idle();
    return { contactId: out.ContactId!, participantToken: out.ParticipantToken! };
  };

  // c1: sales-0 accepts it, the customer leaves: after-contact work (no time limit for these users).
  const c1 = await chat('Sales');
  await agents.sales0.setStatus('Available');
  await agents.sales0.nextOffer(c1.contactId);
  await agents.sales0.accept(c1.contactId);
  const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: c1.participantToken, Type: ['CONNECTION_CREDENTIALS'] }));
  await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken! }));
  await agents.sales0.contactState(c1.contactId, 'ENDED');
  // c2: offered to sales-0 (its free slot), rejected; support-0 comes online and takes it.
  const c2 = await chat('Sales');
  await agents.sales0.nextOffer(c2.contactId);
  await agents.sales0.call('POST', `/agent/v1/contacts/${c2.contactId}/reject`);
  await agents.sales0.contactState(c2.contactId, 'REJECTED');
  await agents.support0.setStatus('Available');
  await agents.support0.nextOffer(c2.contactId);
  await agents.support0.accept(c2.contactId);
  // c3: offered to support-0's last slot and not answered within 20 s: missed, back in queue.
  const c3 = await chat('Support');
  await agents.support0.nextOffer(c3.contactId);
  p.clock.advance(20_000);
  await p.settle();
  await agents.support0.contactState(c3.contactId, 'MISSED');
  await p.router.idle();
  p.clock.advance(10_000);
  const c4 = await chat('Sales');
  p.clock.advance(10_000);
  const c5 = await chat('Support');
  p.clock.advance(60_000);
  await p.settle();
  await p.router.idle();
  return {
    center,
    agents,
    chats: { c1: c1.contactId, c2: c2.contactId, c3: c3.contactId, c4: c4.contactId, c5: c5.contactId },
    t0,
    ids: {
      sales: center.queueIds.Sales,
      support: center.queueIds.Support,
      basic: p.seeded.basicQueueId,
      salesTeam: center.teams[0].id,
      supportTeam: center.teams[1].id,
      basicProfile: p.seeded.routingProfileId,
    },
  };
}

/** GetCurrentMetricData through the SDK: the values of each result by metric name, with its dimensions. */
export async function current(p: TestParley, input: Omit<GetCurrentMetricDataCommandInput, 'InstanceId'>) {
  const out = await p.connect.send(new GetCurrentMetricDataCommand({ InstanceId: p.seeded.instanceId, ...input }));
  const rows = (out.MetricResults ?? []).map((r) => ({ dims: r.Dimensions, values: Object.fromEntries((r.Collections ?? []).map((c) => [c.Metric!.Name!, c.Value])) }));
  return { out, rows };
}

export const ALL_METRICS = [
  'AGENTS_ONLINE',
  'AGENTS_AVAILABLE',
  'AGENTS_ON_CALL',
  'AGENTS_ON_CONTACT',
  'AGENTS_STAFFED',
  'AGENTS_AFTER_CONTACT_WORK',
  'AGENTS_ERROR',
  'AGENTS_NON_PRODUCTIVE',
  'CONTACTS_IN_QUEUE',
  'OLDEST_CONTACT_AGE',
  'CONTACTS_SCHEDULED',
  'SLOTS_ACTIVE',
  'SLOTS_AVAILABLE',
] as const;
export const metrics = (...names: readonly (typeof ALL_METRICS)[number][]) => names.map((Name) => ({ Name, Unit: Name === 'OLDEST_CONTACT_AGE' ? ('SECONDS' as const) : ('COUNT' as const) }));
