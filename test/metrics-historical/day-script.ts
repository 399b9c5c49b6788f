import { afterAll, beforeAll, expect } from 'vitest';
import { TestAgent } from '../helpers/agent.js';
import type { TestParley } from '../helpers/parley.js';
import type { TestStore } from '../helpers/stores.js';
import { customer, hangUpOn, PASSWORD, queueFlow, send, take, team } from './kit.js';

/**
 * One scripted morning (Monday 2026-11-02, UTC), driven through the real boundaries: customers
 * with the SDK (StartChatContact, CreateParticipantConnection, SendMessage, DisconnectParticipant),
 * agents with the agent API and their event sockets, time with the simulated clock. The day
 * starts at T = 09:00:00; `at(s)` moves the clock to T + s seconds and fires what falls due.
 *
 * Support (ann and dan, 3 chats each) and Billing (ben, 2 chats) queue with a flow that says
 * nothing; BasicQueue (alice) runs the seeded inbound flow with its disconnect flow.
 *
 *   s     who      what happens                                    record facts
 *   0     c1       starts in Support, rings at ann (Available)
 *   5     ann      accepts c1                                      c1 queued 5 s, offer 5 s
 *   10/15 c2       starts, ann accepts                             c2 queued 5 s, offer 5 s
 *   20    c3       starts, rings at ann
 *   40    ann      lets c3 ring 20 s: MISSED, back in the queue    offer 20 s, non-response
 *   60/70 dan      Available, accepts c3, then sets Break (next)   c3 queued 50 s, offer 10 s
 *   70    ann      clears the missed c3
 *   75    dan      "Hello" (c3)
 *   80/90 c4       starts, ann accepts: ann holds c1, c2, c4       c4 queued 10 s, offer 10 s
 *   95    c3       "Hi"                                            customer response 20 s
 *   100   c1       "Where is my parcel?" (19 chars)
 *   110   c2       "Refund please" (13)
 *   130   ann      "Checking now" (12) on c1                       agent response 30 s
 *   140   c1       "ok" (2)                                        customer response 10 s
 *   160   ann      "It arrives today" (16) on c1                   agent response 20 s
 *   170   ann      "Done" (4) on c2                                agent response 60 s
 *   300   c1       leaves; ann clears at 330                       interaction 295, ACW 30
 *   400   ann      ends c2 (AGENT_DISCONNECT), clears at 460       interaction 385, ACW 60
 *   500   c4       leaves (no message at all); ann clears at 505   interaction 410, ACW 5; ann Offline
 *   600   dan      transfers c3 to Billing: c3b (TRANSFER)         c3 interaction 530, transferred out
 *   620   dan      clears c3 (ACW 20), Break applies
 *   650   ben      Available, c3b rings; accepts at 660           c3b queued 60 s, offer 10 s
 *   670   ben      "Billing here" (12); c3 "thanks" (6) at 700    customer response 30 s
 *   900   c3b      customer leaves; ben clears at 940              interaction 240, ACW 40
 *   1000  c5       starts in Support, nobody serves it; leaves at 1095: abandoned after 95 s
 *   1100  c6       starts; leaves at 1130: abandoned after 30 s
 *   1200  c7       starts; ann Available at 1210, c7 rings; customer leaves at 1220 (WITHDRAWN)
 *   1300  c8       starts, rings at ann; ann rejects at 1302 (keeps the rejected contact)
 *   1380  dan      Available, c8 rings; accepts at 1390           c8 queued 90 s, offer 10 s
 *   1390  ann      clears the rejected c8, goes Offline
 *   1400  dan      "Sorry for the wait" (18)
 *   1500  dan      ends c8 and clears at once                      interaction 110, ACW 0
 *   3000  c10      09:50 in Billing, rings at ben; accepts 3010    queued 10 s
 *   3020  c10      "hello" (5); ben "hi there" (8) at 3050         agent response 30 s
 *   4800  c10      leaves at 10:20 (lands in the 10:00 hour); ben clears at 4830 (ACW 30)
 *   5400  s1       10:30 on the seeded inbound flow (greeting) in BasicQueue
 *   5410  alice    Available, s1 rings; accepts at 5415           s1 queued 15 s
 *   5420  s1       "I need help with my order"; alice "Are you there?" at 5430
 *   5500  alice    ends s1: the disconnect flow starts s2 (DISCONNECT) and says so
 *   5510  alice    clears s1 (ACW 10)
 *   5600  customer "Hey, I'm back": welcome back, s2 queued in alice's own queue, rings at alice
 *   5605  alice    accepts s2 (queued 5 s); "Welcome back" at 5620
 *   5700  customer leaves (s2 CUSTOMER_DISCONNECT); alice clears at 5720 (ACW 20)
 *   7200  11:00, the queries run
 */
const H = 3_600_000;

export interface Day {
  T: number;
  support: string;
  billing: string;
  ids: Record<string, string>;
  agents: TestAgent[];
}

export async function runDay(p: TestParley): Promise<Day> {
  const T = p.clock.now();
  const at = async (s: number) => {
    // What is routable now is offered now: the pass woken by the last call may still be running
    // (it used to finish while the customer's connection took its six round trips on PostgreSQL).
    await p.router.idle();
    p.clock.set(T + s * 1000);
    await p.settle();
  };
  const S = await team(p, 'Support', 3, ['ann', 'dan']);
  const B = await team(p, 'Billing', 2, ['ben']);
  const flow = await queueFlow(p);
  const [ann, dan, ben] = await Promise.all(['ann', 'dan', 'ben'].map((u) => TestAgent.login(p, u, PASSWORD)));
  const alice = await TestAgent.login(p, 'alice');
  const clear = (a: TestAgent, id: string) => a.call('POST', `/agent/v1/contacts/${id}/clear`);
  const end = (a: TestAgent, id: string) => a.call('POST', `/agent/v1/contacts/${id}/end`);
  const support = () => customer(p, flow, { queue: S.queueId });

  await ann.setStatus('Available');
  const c1 = await support();
  await at(5);
  const ann1 = await take(p, ann, c1.contactId);
  await at(10);
  const c2 = await support();
  await at(15);
  const ann2 = await take(p, ann, c2.contactId);
  await at(20);
  const c3 = await support();
  await ann.nextOffer(c3.contactId);
  await at(40);
  await ann.contactState(c3.contactId, 'MISSED');
  await at(60);
  await dan.setStatus('Available');
  await dan.nextOffer(c3.contactId);
  await at(70);
  const dan3 = await take(p, dan, c3.contactId);
  await dan.setStatus('Break');
  await clear(ann, c3.contactId);
  await at(75);
  await send(p, dan3, 'Hello');
  await at(80);
  const c4 = await support();
  await ann.nextOffer(c4.contactId);
  await at(90);
  await take(p, ann, c4.contactId);
  await at(95);
  await send(p, c3.token, 'Hi');
  await at(100);
  await send(p, c1.token, 'Where is my parcel?');
  await at(110);
  await send(p, c2.token, 'Refund please');
  await at(130);
  await send(p, ann1, 'Checking now');
  await at(140);
  await send(p, c1.token, 'ok');
  await at(160);
  await send(p, ann1, 'It arrives today');
  await at(170);
  await send(p, ann2, 'Done');
  await at(300);
  await hangUpOn(p, c1.token);
  await at(330);
  await clear(ann, c1.contactId);
  await at(400);
  await end(ann, c2.contactId);
  await at(460);
  await clear(ann, c2.contactId);
  await at(500);
  await hangUpOn(p, c4.token);
  await at(505);
  await clear(ann, c4.contactId);
  await ann.setStatus('Offline');
  await at(600);
  const c3b = ((await dan.call('POST', `/agent/v1/contacts/${c3.contactId}/transfer`, { QueueId: B.queueId })) as { ContactId: string }).ContactId;
  await at(620);
  await clear(dan, c3.contactId);
  await at(650);
  await ben.setStatus('Available');
  await ben.nextOffer(c3b);
  await at(660);
  const ben3 = await take(p, ben, c3b);
  await at(670);
  await send(p, ben3, 'Billing here');
  await at(700);
  await send(p, c3.token, 'thanks');
  await at(900);
  await hangUpOn(p, c3.token);
  await at(940);
  await clear(ben, c3b);

  await at(1000);
  const c5 = await support();
  await at(1095);
  await hangUpOn(p, c5.token);
  await at(1100);
  const c6 = await support();
  await at(1130);
  await hangUpOn(p, c6.token);
  await at(1200);
  const c7 = await support();
  await at(1210);
  await ann.setStatus('Available');
  await ann.nextOffer(c7.contactId);
  await at(1220);
  await hangUpOn(p, c7.token);
  await at(1300);
  const c8 = await support();
  await ann.nextOffer(c8.contactId);
  await at(1302);
  await ann.call('POST', `/agent/v1/contacts/${c8.contactId}/reject`);
  await at(1380);
  await dan.setStatus('Available');
  await dan.nextOffer(c8.contactId);
  await at(1390);
  const dan8 = await take(p, dan, c8.contactId);
  await clear(ann, c8.contactId);
  await ann.setStatus('Offline');
  await at(1400);
  await send(p, dan8, 'Sorry for the wait');
  await at(1500);
  await end(dan, c8.contactId);
  await clear(dan, c8.contactId);

  await at(3000);
  const c10 = await customer(p, flow, { queue: B.queueId });
  await ben.nextOffer(c10.contactId);
  await at(3010);
  const ben10 = await take(p, ben, c10.contactId);
  await at(3020);
  await send(p, c10.token, 'hello');
  await at(3050);
  await send(p, ben10, 'hi there');
  await at(4800);
  await hangUpOn(p, c10.token);
  await at(4830);
  await clear(ben, c10.contactId);

  await at(5400);
  const s1 = await customer(p, p.seeded.inboundFlowId);
  await at(5410);
  await alice.setStatus('Available');
  await alice.nextOffer(s1.contactId);
  await at(5415);
  const alice1 = await take(p, alice, s1.contactId);
  await at(5420);
  await send(p, s1.token, 'I need help with my order');
  await at(5430);
  await send(p, alice1, 'Are you there?');
  await at(5500);
  await end(alice, s1.contactId);
  await at(5510);
  await clear(alice, s1.contactId);
  await at(5600);
  await send(p, s1.token, "Hey, I'm back");
  const s2 = await alice.nextOffer();
  await at(5605);
  const alice2 = await take(p, alice, s2);
  await at(5620);
  await send(p, alice2, 'Welcome back');
  await at(5700);
  await hangUpOn(p, s1.token);
  await at(5720);
  await clear(alice, s2);
  await at(7200);

  const ids = { c1: c1.contactId, c2: c2.contactId, c3: c3.contactId, c3b, c4: c4.contactId, c5: c5.contactId, c8: c8.contactId, c10: c10.contactId, s1: s1.contactId, s2 };
  return { T, support: S.queueId, billing: B.queueId, ids: { ...ids, ann: S.userIds.ann, dan: S.userIds.dan, ben: B.userIds.ben, alice: alice.userId }, agents: [ann, dan, ben, alice] };
}

/**
 * Runs the scripted day once for the enclosing `describe` (before its tests, on a Parley of
 * `store`) and closes it all after them. The Parley and the day exist only once the tests run,
 * hence getters; `at(h, m)` is the time T + h hours + m minutes.
 */
export function useScriptedDay(store: TestStore): { p: () => TestParley; day: () => Day; at: (h: number, m?: number) => Date } {
  let p: TestParley | undefined;
  let day: Day | undefined;
  beforeAll(async () => {
    p = await store.start();
    day = await runDay(p);
  }, 120_000);
  afterAll(async () => {
    for (const a of day?.agents ?? []) a.close();
    await p?.stop();
  });
  const ready = <T>(v: T | undefined): T => v ?? expect.unreachable('the scripted day has not run (its beforeAll failed)');
  return { p: () => ready(p), day: () => ready(day), at: (h, m = 0) => new Date(ready(day).T + h * H + m * 60_000) };
}
