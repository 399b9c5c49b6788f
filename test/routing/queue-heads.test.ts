import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import { createFlow, flowOf, hangUp, waitFor } from '../flows/kit.js';
import { TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { AGENT_PASSWORD, buildCallCenter, startChats, type CallCenter, type TeamSpec } from './fixtures.js';

/*
 * A routing pass reads only the first contacts of each queue its agents serve, in service order
 * (the agent's queue priority, then QueuePriority, then age moved by QueueTimeAdjustmentSeconds),
 * and reads further where that was not enough. These queues are longer than what a pass reads at
 * first; what is checked is who is offered what, through the agents' event sockets.
 */

const CONNECTING = 'CONNECTING';
const connecting = (a: TestAgent) => a.events.last.Contacts.filter((c) => c.State === CONNECTING).map((c) => c.ContactId);
/** Waits until the agent has `n` offers ringing; returns them. */
async function offersOf(a: TestAgent, n: number): Promise<string[]> {
  await a.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.filter((c) => c.State === CONNECTING).length === n);
  return connecting(a);
}

/** Each test has queues and a team of its own: the agents of one never serve the queues of another. */
const QUEUES = ['Front', 'Back', 'Solo queue', 'Line'];
const TEAMS: TeamSpec[] = [
  { name: 'Desk', concurrency: 3, agents: 2, queues: { Front: 1, Back: 2 } },
  { name: 'Solo', concurrency: 10, agents: 2, queues: { 'Solo queue': 1 } },
  { name: 'Line desk', concurrency: 2, agents: 1, queues: { Line: 1 } },
];

function queueHeads(start: () => Promise<TestParley>, cleanup: () => Promise<void> = async () => undefined) {
  let p: TestParley;
  let center: CallCenter;
  const agents: TestAgent[] = [];
  beforeAll(async () => {
    p = await start();
    center = await buildCallCenter(p, QUEUES, TEAMS);
  });
  afterAll(async () => {
    for (const a of agents) a.close();
    await p?.stop();
    await cleanup();
  });
  const login = async (username: string) => {
    const a = await TestAgent.login(p, username, AGENT_PASSWORD);
    agents.push(a);
    return a;
  };
  /** Starts the chats one second apart (oldest first); returns their contact ids. */
  async function queueInOrder(specs: { queue: string; priority?: number }[]): Promise<string[]> {
    const ids: string[] = [];
    for (const s of specs) {
      ids.push(...(await startChats(p, center, [s])).map((c) => c.contactId));
      p.clock.advance(1000);
    }
    return ids;
  }

  it('offers from the heads of long queues: the agent’s queue priority, then QueuePriority, then age', async () => {
    // Back fills first and is long; three of its chats, late in it, are urgent. Front gets four young chats.
    const back = await queueInOrder(Array.from({ length: 30 }, (_, i) => ({ queue: 'Back', priority: i % 10 === 7 ? 1 : undefined })));
    const front = await queueInOrder(Array.from({ length: 4 }, () => ({ queue: 'Front' })));
    const [first, second] = [await login('desk-0'), await login('desk-1')];
    await first.setStatus('Available');
    expect(new Set(await offersOf(first, 3))).toEqual(new Set(front.slice(0, 3)));
    await second.setStatus('Available');
    expect(new Set(await offersOf(second, 3))).toEqual(new Set([front[3], back[7], back[17]]));
  });

  it('reads further when more contacts are excluded for an agent than a pass reads at first, and offers them to others', async () => {
    const [solo, helper] = [await login('solo-0'), await login('solo-1')];
    const rejected = await queueInOrder(Array.from({ length: 8 }, () => ({ queue: 'Solo queue' })));
    await solo.setStatus('Available');
    await offersOf(solo, 8);
    for (const id of rejected) await solo.call('POST', `/agent/v1/contacts/${id}/reject`);
    await solo.events.waitFor((e) => e.CurrentAgentSnapshot.Contacts.filter((c) => c.State === 'REJECTED').length === 8);
    // Eight rejected chats hold eight of solo's ten slots and wait at the head of the queue, none for solo.
    const fresh = await queueInOrder([{ queue: 'Solo queue' }, { queue: 'Solo queue' }]);
    expect(new Set(await offersOf(solo, 2))).toEqual(new Set(fresh));
    await helper.setStatus('Available');
    expect(new Set(await offersOf(helper, 8))).toEqual(new Set(rejected));
  });

  it('serves a waiting contact by the QueuePriority and QueueTimeAdjustmentSeconds its queue flow set while it waits', async () => {
    const queueFlow = async (parameters: Record<string, string>) =>
      (
        await createFlow(
          p,
          flowOf(
            { Identifier: 'routing', Type: 'UpdateContactRoutingBehavior', Parameters: parameters, Transitions: { NextAction: 'wait', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'wait' }] } },
            waitFor('wait', 86_400, 'bye'),
            hangUp('bye'),
          ),
          { type: 'CUSTOMER_QUEUE' },
        )
      ).arn;
    const inbound = async (queueFlowArn: string) =>
      (
        await createFlow(
          p,
          flowOf(
            { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: queueFlowArn } }, Transitions: { NextAction: 'queue', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
            { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: center.queueIds.Line }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
            { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
            hangUp('bye'),
          ),
        )
      ).id;
    await queueInOrder(Array.from({ length: 12 }, () => ({ queue: 'Line' })));
    const aged = (await startChat(p, { ContactFlowId: await inbound(await queueFlow({ QueueTimeAdjustmentSeconds: '600' })) })).contactId;
    p.clock.advance(1000);
    const urgent = (await startChat(p, { ContactFlowId: await inbound(await queueFlow({ QueuePriority: '1' })) })).contactId;
    const describe = async (ContactId: string) => (await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId }))).Contact!;
    expect(await describe(aged)).toMatchObject({ QueueTimeAdjustmentSeconds: 600 });
    expect(await describe(urgent)).toMatchObject({ QueuePriority: 1 });
    const desk = await login('line-desk-0');
    await desk.setStatus('Available');
    // The two youngest of fourteen: one served first by priority, the other by its adjusted age.
    expect(new Set(await offersOf(desk, 2))).toEqual(new Set([urgent, aged]));
  });
}

describe('routing from the heads of the queues on SQLite', () => {
  queueHeads(() => startTestParley());
});

const probe = await probePostgres();
const skipPostgres = probe.reason !== null && !IN_CI;
if (skipPostgres) console.warn(`[routing queue heads] skipping PostgreSQL: ${probe.reason}`);

describe.skipIf(skipPostgres)('routing from the heads of the queues on PostgreSQL', () => {
  const schema = randomSchema();
  queueHeads(
    async () => startTestParley({ db: await openPostgres({ url: probe.url!, schema }) }),
    async () => {
      if (probe.url) await dropSchema(probe.url, schema);
    },
  );
});
