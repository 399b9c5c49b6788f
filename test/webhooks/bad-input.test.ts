import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestAgent } from '../helpers/agent.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { snapshotStore } from '../helpers/store-snapshot.js';
import { startChat } from '../helpers/chat.js';
import { ALLOW_PRIVATE, api, type ApiAnswer, createWebhook, flush, queueingFlow } from './kit.js';
import { Receiver } from './receiver.js';

/* Every refusal of the webhook API answers Connect's error type and status, and changes nothing in the store. */

let p: TestParley;
let ok: Receiver;
let failing: Receiver;
let hook: string;
let paused: string;
let deliveredId: string;
let pausedDeliveryId: string;
let nextToken: string;
beforeAll(async () => {
  p = await startTestParley({ env: ALLOW_PRIVATE });
  ok = await Receiver.start();
  failing = await Receiver.start([], 500);
  hook = (await createWebhook(p, ok.url, { Name: 'Existing', EventTypes: ['INITIATED'] })).id;
  paused = (await createWebhook(p, failing.url, { Name: 'Paused', EventTypes: ['INITIATED'] })).id;
  // A chat that waits in its queue (no agent is logged in): the store stays still while the cases run.
  await startChat(p, { ContactFlowId: await queueingFlow(p) });
  await flush(p); // 'Existing' delivered its event; 'Paused' failed once, and is disabled to hold it back
  await api(p, 'POST', `/webhooks/${p.seeded.instanceId}/${paused}`, { body: { State: 'DISABLED' } });
  const k = p.deps.db.kysely;
  deliveredId = (await k.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', hook).executeTakeFirstOrThrow()).id;
  pausedDeliveryId = (await k.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', paused).executeTakeFirstOrThrow()).id;
  nextToken = String((await api(p, 'GET', `/webhooks/${p.seeded.instanceId}`, { query: { maxResults: '1' } })).body.NextToken);
});
afterAll(async () => {
  await p.stop();
  await ok.close();
  await failing.close();
});

const I = () => p.seeded.instanceId;
const create = (body: Record<string, unknown>) => api(p, 'PUT', `/webhooks/${I()}`, { body: { Name: 'New', Url: ok.url, ...body } });
const update = (body: Record<string, unknown>, id = hook) => api(p, 'POST', `/webhooks/${I()}/${id}`, { body });
const deliveries = (query: Record<string, string>, id = hook) => api(p, 'GET', `/webhooks/${I()}/${id}/deliveries`, { query });
const retry = (deliveryId: string, id = hook) => api(p, 'POST', `/webhooks/${I()}/${id}/deliveries/${deliveryId}/retry`);

type Case = [title: string, error: string, status: number, run: () => Promise<ApiAnswer>];
const cases: Case[] = [
  ['an ftp URL', 'InvalidParameterException', 400, () => create({ Url: 'ftp://127.0.0.1/hook' })],
  ['a URL that is not one', 'InvalidParameterException', 400, () => create({ Url: 'receiver.example.com/hook' })],
  ['plain http to another host', 'InvalidParameterException', 400, () => create({ Url: 'http://receiver.example.com/hook' })],
  ['a URL with a password', 'InvalidParameterException', 400, () => create({ Url: 'https://me:secret@receiver.example.com/hook' })],
  ['a URL with a fragment', 'InvalidParameterException', 400, () => create({ Url: 'https://receiver.example.com/hook#x' })],
  ['a URL of 2049 characters', 'InvalidParameterException', 400, () => create({ Url: `https://receiver.example.com/${'a'.repeat(2020)}` })],
  ['an event type Parley does not publish', 'InvalidParameterException', 400, () => create({ EventTypes: ['OFFERED'] })],
  ['no event type', 'InvalidParameterException', 400, () => create({ EventTypes: [] })],
  ['an event type twice', 'InvalidParameterException', 400, () => create({ EventTypes: ['QUEUED', 'QUEUED'] })],
  ['no name', 'InvalidParameterException', 400, () => api(p, 'PUT', `/webhooks/${I()}`, { body: { Url: ok.url } })],
  ['an empty name', 'InvalidParameterException', 400, () => create({ Name: '' })],
  ['a name taken', 'DuplicateResourceException', 409, () => create({ Name: 'Existing' })],
  ['an unknown instance', 'ResourceNotFoundException', 404, () => api(p, 'PUT', '/webhooks/no-such-instance', { body: { Name: 'New', Url: ok.url } })],
  ['an update of nothing', 'InvalidParameterException', 400, () => update({})],
  ['an unknown state', 'InvalidParameterException', 400, () => update({ State: 'PAUSED' })],
  ['an update to plain http elsewhere', 'InvalidParameterException', 400, () => update({ Url: 'http://receiver.example.com/hook' })],
  ['a rename to a taken name', 'DuplicateResourceException', 409, () => update({ Name: 'Paused' })],
  ['an update of an unknown webhook', 'ResourceNotFoundException', 404, () => update({ State: 'DISABLED' }, 'no-such-webhook')],
  ['describing an unknown webhook', 'ResourceNotFoundException', 404, () => api(p, 'GET', `/webhooks/${I()}/no-such-webhook`)],
  ['deleting an unknown webhook', 'ResourceNotFoundException', 404, () => api(p, 'DELETE', `/webhooks/${I()}/no-such-webhook`)],
  ['a list page of 0', 'InvalidParameterException', 400, () => api(p, 'GET', `/webhooks/${I()}`, { query: { maxResults: '0' } })],
  ['a forged list token', 'InvalidParameterException', 400, () => api(p, 'GET', `/webhooks/${I()}`, { query: { nextToken: 'e30.forged' } })],
  ['a delivery state that does not exist', 'InvalidParameterException', 400, () => deliveries({ State: 'LOST' })],
  ['a webhook list token for deliveries', 'InvalidParameterException', 400, () => deliveries({ nextToken })],
  ['the deliveries of an unknown webhook', 'ResourceNotFoundException', 404, () => deliveries({}, 'no-such-webhook')],
  ['a retry of an unknown delivery', 'ResourceNotFoundException', 404, () => retry('no-such-delivery')],
  ["a retry of another webhook's delivery", 'ResourceNotFoundException', 404, () => retry(pausedDeliveryId)],
  ['a retry of a delivered delivery', 'InvalidRequestException', 400, () => retry(deliveredId)],
  ['a retry while the webhook is disabled', 'InvalidRequestException', 400, () => retry(pausedDeliveryId, paused)],
];

it.each(cases)('refuses %s with %s (%i) and changes nothing', async (_title, error, status, run) => {
  const before = await snapshotStore(p);
  const res = await run();
  expect([res.status, res.body.__type]).toEqual([status, error]);
  expect(await snapshotStore(p)).toEqual(before);
});

it('refuses an agent session (no configure permission), and lets an admin session configure', async () => {
  const call = (token: string, method: string, body?: unknown) =>
    fetch(`${p.url}/webhooks/${I()}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const alice = await TestAgent.login(p, 'alice');
  const admin = await TestAgent.login(p, 'admin');
  try {
    const before = await snapshotStore(p);
    for (const res of [await call(alice.token, 'GET'), await call(alice.token, 'PUT', { Name: 'Mine', Url: ok.url })]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { __type: string }).__type).toBe('AccessDeniedException');
    }
    expect(await snapshotStore(p)).toEqual(before);
    expect((await call(admin.token, 'PUT', { Name: 'By admin', Url: ok.url })).status).toBe(200);
  } finally {
    alice.close();
    admin.close();
  }
});

it('refuses a 21st webhook in an instance with ServiceQuotaExceededException, changing nothing', async () => {
  const existing = (await p.deps.db.kysely.selectFrom('webhooks').select('id').execute()).length;
  for (let i = existing; i < 20; i++) expect((await create({ Name: `Extra ${i}` })).status).toBe(200);
  const before = await snapshotStore(p);
  const res = await create({ Name: 'One too many' });
  expect([res.status, res.body.__type]).toEqual([402, 'ServiceQuotaExceededException']);
  expect(await snapshotStore(p)).toEqual(before);
});
