import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateContactFlowCommand,
  CreateUserCommand,
  DescribeContactFlowCommand,
  DescribeHoursOfOperationCommand,
  DescribeQueueCommand,
  DescribeRoutingProfileCommand,
  DescribeUserCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationOverridesCommand,
  ListHoursOfOperationsCommand,
  ListQueuesCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-connect';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { browserSkipReason, guardLoopback, launchChromium, snap } from './browser.js';

// The admin console (/admin/, src/web/console) in Chromium against a real Parley: what a user
// does in the pages is checked through the AWS SDK, and refusals are shown as the server gave them.
const ARTIFACTS = 'console';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(REPO, '../shared/flows');
/** An export from Amazon Connect's samples that imports as it is (test/flows/corpus.test.ts: no map needed). */
const CORPUS_FLOW = path.join(CORPUS, 'aws-sample-flows/sample_secure_input_with_agent.json');
const BUILT = path.join(REPO, 'dist/web/console/index.html');

const skip = browserSkipReason() ?? (fs.existsSync(BUILT) || process.env.CI === 'true' ? null : 'the console is not built (npm run build:web)');

/** A small flow with a message, a branch on a condition, error branches and an end. */
const SMALL_FLOW = {
  Version: '2019-10-30',
  StartAction: 'greet',
  Metadata: { name: 'Console test flow', type: 'contactFlow' },
  Actions: [
    { Identifier: 'greet', Type: 'MessageParticipant', Parameters: { Text: 'Hello from the console test' }, Transitions: { NextAction: 'check-channel', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    {
      Identifier: 'check-channel',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Channel' },
      Transitions: {
        NextAction: 'bye',
        Conditions: [{ NextAction: 'on-chat', Condition: { Operator: 'Equals', Operands: ['CHAT'] } }],
        Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'bye' }],
      },
    },
    { Identifier: 'on-chat', Type: 'MessageParticipant', Parameters: { Text: 'You are on chat' }, Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
};

/** A flow the server refuses: a transition to a block that does not exist, and a queue of another instance. */
const BROKEN_FLOW = {
  Version: '2019-10-30',
  StartAction: 'set-queue',
  Actions: [
    {
      Identifier: 'set-queue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: 'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-0000-0000-000000000000/queue/11111111-1111-1111-1111-111111111111' },
      Transitions: { NextAction: 'nowhere', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'nowhere' }] },
    },
  ],
};

describe.skipIf(skip !== null)(`admin console${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let p: TestParley;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let escaped: string[];
  let dir: string;
  const instanceId = () => p.seeded.instanceId;

  /** Writes a flow file into the test's directory and returns its path. */
  const flowFile = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  };
  const login = async (pg: Page, username: string, password: string) => {
    await pg.goto(`${p.url}/admin/`);
    await pg.getByLabel('Username').fill(username);
    await pg.getByLabel('Password').fill(password);
    await pg.getByRole('button', { name: 'Log in' }).click();
  };
  const go = async (pg: Page, section: string) => {
    await pg.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
    await pg.getByRole('heading', { level: 1, name: section }).waitFor();
  };
  /** Waits for an announcement (role alert or status) that says `text`. */
  const announced = (pg: Page, role: 'alert' | 'status', text: string) => pg.getByRole(role).filter({ hasText: text }).waitFor();
  const queues = async () => (await p.connect.send(new ListQueuesCommand({ InstanceId: instanceId(), QueueTypes: ['STANDARD'] }))).QueueSummaryList ?? [];
  const flows = async () => (await p.connect.send(new ListContactFlowsCommand({ InstanceId: instanceId() }))).ContactFlowSummaryList ?? [];
  /**
   * The drawing of the flow on the page is sound: every block inside the SVG, no two blocks
   * overlapping, every arrow a drawable path. Returns the blocks' identifiers in document order.
   */
  const drawnBlocks = async (pg: Page) => {
    const { svg, blocks, paths } = await pg.locator('svg.flow-graph').evaluate((s) => ({
      svg: s.getBoundingClientRect().toJSON() as DOMRect,
      blocks: [...s.querySelectorAll('g.flow-node')].map((g) => ({ id: g.getAttribute('data-id')!, r: g.querySelector('rect')!.getBoundingClientRect().toJSON() as DOMRect })),
      paths: [...s.querySelectorAll('path.edge-line')].map((x) => x.getAttribute('d') ?? ''),
    }));
    for (const { id, r } of blocks) {
      expect([r.left >= svg.left, r.top >= svg.top, r.right <= svg.right, r.bottom <= svg.bottom], `${id} inside the drawing`).toEqual([true, true, true, true]);
      for (const o of blocks) if (o.id !== id) expect(r.right <= o.r.left || o.r.right <= r.left || r.bottom <= o.r.top || o.r.bottom <= r.top, `${id} clear of ${o.id}`).toBe(true);
    }
    expect(paths.filter((d) => !/^M[\d.]+,[\d.]+ /.test(d) || d.includes('NaN'))).toEqual([]);
    return blocks.map((b) => b.id);
  };
  /** The problems the server gives for a content, through the SDK (a refused create changes nothing). */
  const serverProblems = async (content: string) => {
    try {
      await p.connect.send(new CreateContactFlowCommand({ InstanceId: instanceId(), Name: 'never created', Type: 'CONTACT_FLOW', Content: content }));
    } catch (e) {
      return ((e as { problems?: { message: string }[] }).problems ?? []).map((x) => x.message);
    }
    throw new Error('expected the flow to be refused');
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-console-'));
    p = await startTestParley();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    escaped = await guardLoopback(context);
    page = await context.newPage();
    // Below vitest's 30 s, so that a wait that never ends fails with Playwright's message naming it.
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a user without supervise, and lets the admin in', async () => {
    await login(page, 'alice', p.seeded.demoUsers.alice.password);
    await announced(page, 'alert', 'This user may not use the console');
    await login(page, 'admin', 'wrong password');
    await announced(page, 'alert', 'Wrong username or password.');
    await login(page, 'admin', p.seeded.demoUsers.admin.password);
    await page.getByRole('heading', { level: 1, name: 'Queues' }).waitFor();
    expect(await page.getByRole('banner').innerText()).toContain('Admin');
    await snap(page, ARTIFACTS, '01-queues');
  });

  it('creates a queue, which the SDK then lists with its hours and limit', async () => {
    const form = page.getByRole('form', { name: 'Create a queue' });
    await form.getByLabel('Name').fill('Billing');
    await form.getByLabel('Description').fill('Invoices and refunds');
    await form.getByLabel('Hours of operation').selectOption({ label: 'Basic Hours' });
    await form.getByLabel('Maximum contacts').fill('25');
    await form.getByRole('button', { name: 'Create queue' }).click();
    await announced(page, 'status', 'Queue “Billing” created.');
    await page.getByRole('table').getByRole('link', { name: 'Billing' }).waitFor();
    await snap(page, ARTIFACTS, '02-queue-created');

    const billing = (await queues()).find((q) => q.Name === 'Billing');
    expect(billing).toBeDefined();
    const { Queue } = await p.connect.send(new DescribeQueueCommand({ InstanceId: instanceId(), QueueId: billing!.Id! }));
    expect([Queue!.Description, Queue!.HoursOfOperationId, Queue!.MaxContacts]).toEqual(['Invoices and refunds', p.seeded.basicHoursId, 25]);
  });

  it('announces what is wrong with a form, and the server refusal, creating nothing', async () => {
    const form = page.getByRole('form', { name: 'Create a queue' });
    const before = (await queues()).length;
    await form.getByRole('button', { name: 'Create queue' }).click();
    await announced(page, 'alert', 'Name is required.');
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    // The error summary takes the focus, so a keyboard or screen reader user lands on it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');

    await form.getByLabel('Name').fill('Billing');
    await form.getByLabel('Hours of operation').selectOption({ label: 'Basic Hours' });
    await form.getByRole('button', { name: 'Create queue' }).click();
    await announced(page, 'alert', 'Already exists: A queue named "Billing" already exists');
    expect((await queues()).length).toBe(before);
  });

  it('changes and deletes a queue', async () => {
    await page.getByRole('table').getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queue: Billing' }).waitFor();
    await page.getByRole('form', { name: 'Maximum contacts' }).getByLabel('Maximum contacts').fill('40');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await announced(page, 'status', 'Maximum contacts saved.');
    const id = (await queues()).find((q) => q.Name === 'Billing')!.Id!;
    expect((await p.connect.send(new DescribeQueueCommand({ InstanceId: instanceId(), QueueId: id }))).Queue!.MaxContacts).toBe(40);

    await go(page, 'Queues');
    const form = page.getByRole('form', { name: 'Create a queue' });
    await form.getByLabel('Name').fill('Short-lived');
    await form.getByLabel('Hours of operation').selectOption({ label: 'Basic Hours' });
    await form.getByRole('button', { name: 'Create queue' }).click();
    await page.getByRole('table').getByRole('link', { name: 'Short-lived' }).click();
    await page.getByRole('button', { name: 'Delete queue' }).click();
    await page.getByRole('button', { name: 'Delete Short-lived for good' }).click();
    await page.getByRole('heading', { level: 1, name: 'Queues' }).waitFor();
    expect((await queues()).map((q) => q.Name)).not.toContain('Short-lived');
  });

  it('creates hours of operation with a weekly schedule and time zone, and an override', async () => {
    await go(page, 'Hours of operation');
    const form = page.getByRole('form', { name: 'Create hours of operation' });
    await form.getByLabel('Name').fill('Weekdays');
    await form.getByLabel('Time zone').fill('Europe/Paris');
    await form.getByRole('button', { name: 'Add a window on Saturday' }).click();
    await form.getByLabel('Saturday window 1 opens').fill('10:00');
    await form.getByLabel('Saturday window 1 closes').fill('14:00');
    await form.getByRole('button', { name: 'Remove Friday window 1' }).click();
    await form.getByRole('button', { name: 'Create hours' }).click();
    await page.getByRole('table').getByRole('link', { name: 'Weekdays' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hours: Weekdays' }).waitFor();

    const id = (await p.connect.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId() }))).HoursOfOperationSummaryList!.find((h) => h.Name === 'Weekdays')!.Id!;
    const { HoursOfOperation: h } = await p.connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instanceId(), HoursOfOperationId: id }));
    expect(h!.TimeZone).toBe('Europe/Paris');
    const windows = h!.Config!.map((c) => `${c.Day} ${c.StartTime!.Hours}:${c.StartTime!.Minutes}-${c.EndTime!.Hours}:${c.EndTime!.Minutes}`).sort();
    expect(windows).toEqual(['MONDAY 9:0-17:0', 'SATURDAY 10:0-14:0', 'THURSDAY 9:0-17:0', 'TUESDAY 9:0-17:0', 'WEDNESDAY 9:0-17:0']);

    const override = page.getByRole('form', { name: 'Add an override' });
    await override.getByLabel('Override name').fill('Christmas');
    await override.getByLabel('Type').selectOption('CLOSED');
    await override.getByLabel('From').fill('2026-12-25');
    await override.getByLabel('Till').fill('2026-12-26');
    await override.getByRole('button', { name: 'Add override' }).click();
    await page.getByRole('cell', { name: 'Christmas' }).waitFor();
    await snap(page, ARTIFACTS, '03-hours');
    const list = async () => (await p.connect.send(new ListHoursOfOperationOverridesCommand({ InstanceId: instanceId(), HoursOfOperationId: id }))).HoursOfOperationOverrideList ?? [];
    expect((await list()).map((o) => [o.Name, o.OverrideType, o.EffectiveFrom, o.EffectiveTill, o.Config?.length ?? 0])).toEqual([['Christmas', 'CLOSED', '2026-12-25', '2026-12-26', 0]]);

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete override Christmas' }).click();
    await page.getByText('No overrides').waitFor();
    expect(await list()).toEqual([]);
  });

  it('creates a routing profile with queues, priorities, delays and concurrency', async () => {
    await go(page, 'Routing profiles');
    const form = page.getByRole('form', { name: 'Create a routing profile' });
    await form.getByLabel('Name').fill('Chat team');
    await form.getByLabel('Description').fill('Billing first');
    await form.getByLabel('Default outbound queue').selectOption({ label: 'Billing' });
    await form.getByLabel('Chats at once').fill('4');
    const first = form.getByRole('group', { name: 'Queue 1' });
    await first.getByRole('combobox', { name: 'Queue 1' }).selectOption({ label: 'Billing' });
    await first.getByLabel('Priority').fill('2');
    await first.getByLabel('Delay (seconds)').fill('30');
    await form.getByRole('button', { name: 'Add a queue' }).click();
    await form.getByRole('group', { name: 'Queue 2' }).getByRole('combobox', { name: 'Queue 2' }).selectOption({ label: 'BasicQueue' });
    await form.getByRole('button', { name: 'Create routing profile' }).click();
    await page.getByRole('table').getByRole('link', { name: 'Chat team' }).click();
    await page.getByRole('heading', { level: 1, name: 'Routing profile: Chat team' }).waitFor();
    await snap(page, ARTIFACTS, '04-routing-profile');

    const id = (await p.connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId() }))).RoutingProfileSummaryList!.find((r) => r.Name === 'Chat team')!.Id!;
    const { RoutingProfile: rp } = await p.connect.send(new DescribeRoutingProfileCommand({ InstanceId: instanceId(), RoutingProfileId: id }));
    expect(rp!.MediaConcurrencies!.map((m) => [m.Channel, m.Concurrency])).toEqual([['CHAT', 4]]);
    const rq = (await p.connect.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId(), RoutingProfileId: id }))).RoutingProfileQueueConfigSummaryList!;
    expect(rq.map((q) => [q.QueueName, q.Channel, q.Priority, q.Delay]).sort()).toEqual([
      ['BasicQueue', 'CHAT', 1, 0],
      ['Billing', 'CHAT', 2, 30],
    ]);
  });

  it('changes a routing profile: its chats at once and a queue priority', async () => {
    // The detail page of the profile created above is still open.
    const change = page.getByRole('form', { name: 'Contacts at once' });
    await change.getByLabel('Chats at once').fill('6');
    await change.getByRole('button', { name: 'Save contacts at once' }).click();
    await page.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    const queues = page.getByRole('form', { name: 'Queues' });
    await queues.getByRole('group', { name: 'Queue 1' }).getByLabel('Priority').fill('7');
    await queues.getByRole('button', { name: 'Save queues' }).click();
    await page.getByRole('status').filter({ hasText: 'Queues saved' }).waitFor();
    await snap(page, ARTIFACTS, '04b-routing-profile-changed');

    const id = (await p.connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId() }))).RoutingProfileSummaryList!.find((r) => r.Name === 'Chat team')!.Id!;
    const { RoutingProfile: rp } = await p.connect.send(new DescribeRoutingProfileCommand({ InstanceId: instanceId(), RoutingProfileId: id }));
    expect(rp!.MediaConcurrencies!.find((m) => m.Channel === 'CHAT')?.Concurrency).toBe(6);
    const rq = (await p.connect.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId(), RoutingProfileId: id }))).RoutingProfileQueueConfigSummaryList!;
    expect(rq.map((q) => q.Priority).sort()).toContain(7);
    expect(rq).toHaveLength(2);
  });

  it('creates a user who can then log in, and edits the user', async () => {
    await go(page, 'Users');
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Username').fill('carol');
    await form.getByLabel('Password').fill('short');
    await form.getByLabel('First name').fill('Carol');
    await form.getByLabel('Routing profile').selectOption({ label: 'Chat team' });
    await form.getByRole('button', { name: 'Create user' }).click();
    await announced(page, 'alert', 'Password needs 8 to 64 characters');
    await form.getByLabel('Password').fill('Chang3-me-now');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('table').getByRole('link', { name: 'carol' }).click();
    await page.getByRole('heading', { level: 1, name: 'User: carol' }).waitFor();

    const id = (await p.connect.send(new ListUsersCommand({ InstanceId: instanceId() }))).UserSummaryList!.find((u) => u.Username === 'carol')!.Id!;
    const describe = async () => (await p.connect.send(new DescribeUserCommand({ InstanceId: instanceId(), UserId: id }))).User!;
    const chatTeam = (await p.connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId() }))).RoutingProfileSummaryList!.find((r) => r.Name === 'Chat team')!.Id;
    expect([(await describe()).RoutingProfileId, (await describe()).SecurityProfileIds]).toEqual([chatTeam, [p.seeded.securityProfileIds.Agent]]);
    const loginAs = (password: string) =>
      fetch(`${p.url}/agent/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ InstanceId: instanceId(), Username: 'carol', Password: password }) });
    expect((await loginAs('Chang3-me-now')).status).toBe(200);

    await page.getByRole('form', { name: 'Identity' }).getByLabel('Last name').fill('Chatwell');
    await page.getByRole('button', { name: 'Save identity' }).click();
    await announced(page, 'status', 'Identity saved.');
    await page.getByRole('form', { name: 'Security profiles' }).getByLabel('Supervisor').check();
    await page.getByRole('button', { name: 'Save security profiles' }).click();
    await announced(page, 'status', 'Security profiles saved.');
    await page.getByLabel('New password').fill('An0ther-secret');
    await page.getByRole('button', { name: 'Set password' }).click();
    await announced(page, 'status', 'Password saved.');
    const user = await describe();
    expect([user.IdentityInfo!.FirstName, user.IdentityInfo!.LastName, [...user.SecurityProfileIds!].sort()]).toEqual([
      'Carol',
      'Chatwell',
      [p.seeded.securityProfileIds.Agent, p.seeded.securityProfileIds.Supervisor].sort(),
    ]);
    expect((await loginAs('An0ther-secret')).status).toBe(200);
    await snap(page, ARTIFACTS, '05-user');
  });

  it('imports a flow file and shows it as a graph of its blocks and branches', async () => {
    const file = flowFile('console-test-flow.json', SMALL_FLOW);
    await go(page, 'Flows');
    const form = page.getByRole('form', { name: 'Import a flow' });
    await form.getByLabel('Flow file').setInputFiles(file);
    // The name and type come from the file's Metadata.
    await expect.poll(() => form.getByLabel('Name').inputValue()).toBe('Console test flow');
    expect(await form.getByLabel('Type').inputValue()).toBe('CONTACT_FLOW');
    await form.getByRole('button', { name: 'Import flow' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flow: Console test flow' }).waitFor();

    const svg = page.locator('svg.flow-graph');
    expect(await svg.getAttribute('aria-label')).toBe('Flow graph: 4 blocks, 5 arrows');
    expect(await drawnBlocks(page)).toEqual(['greet', 'check-channel', 'on-chat', 'bye']);
    const text = (id: string) => svg.locator(`g.flow-node[data-id="${id}"]`).innerHTML();
    expect(await text('greet')).toContain('MessageParticipant');
    expect(await text('greet')).toContain('Hello from the console test');
    expect(await text('check-channel')).toContain('Compare');
    expect(await text('bye')).toContain('DisconnectParticipant');
    // Arrows: the condition and the error types label theirs; one taken only on error is drawn apart.
    const edge = (from: string, to: string) => svg.locator(`g.flow-edge[data-from="${from}"][data-to="${to}"]`);
    const label = (from: string, to: string) => svg.locator(`text.edge-label[data-from="${from}"][data-to="${to}"]`);
    expect(await svg.locator('g.flow-edge').count()).toBe(5);
    expect(await label('check-channel', 'on-chat').textContent()).toBe('CHAT');
    expect(await label('check-channel', 'bye').textContent()).toBe('next, NoMatchingCondition');
    expect(await edge('greet', 'bye').getAttribute('class')).toBe('flow-edge error');
    expect(await edge('greet', 'check-channel').getAttribute('class')).toBe('flow-edge');
    expect(await label('greet', 'bye').textContent()).toBe('NoMatchingError');
    expect(await label('greet', 'check-channel').count()).toBe(0);
    // Layered left to right: each block one column after the furthest block leading to it.
    const xs = await svg.locator('g.flow-node').evaluateAll((gs) => gs.map((g) => g.getBoundingClientRect().left));
    expect(xs[0] < xs[1] && xs[1] < xs[2] && xs[2] < xs[3]).toBe(true);
    await snap(page, ARTIFACTS, '06-flow-graph');

    const id = (await flows()).find((f) => f.Name === 'Console test flow')!.Id!;
    const { ContactFlow } = await p.connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId(), ContactFlowId: id }));
    expect([ContactFlow!.Type, ContactFlow!.Content]).toEqual(['CONTACT_FLOW', fs.readFileSync(file, 'utf8')]);
  });

  it.skipIf(!fs.existsSync(CORPUS_FLOW))('imports an Amazon Connect export as it is, and can place its blocks as the designer saved them', async () => {
    await go(page, 'Flows');
    const form = page.getByRole('form', { name: 'Import a flow' });
    await form.getByLabel('Flow file').setInputFiles(CORPUS_FLOW);
    await expect.poll(() => form.getByLabel('Name').inputValue()).toBe('sample_secure_input_with_agent');
    await form.getByRole('button', { name: 'Import flow' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flow: sample_secure_input_with_agent' }).waitFor();
    const doc = JSON.parse(fs.readFileSync(CORPUS_FLOW, 'utf8')) as { Actions: { Identifier: string }[] };
    const ids = doc.Actions.map((a) => a.Identifier).sort();
    expect((await drawnBlocks(page)).sort()).toEqual(ids);
    // A drawing this wide starts at full size (it scrolls); fitted, the artifact shows all of it.
    expect(await page.getByLabel('Fit the drawing to the page').isChecked()).toBe(false);
    await page.getByLabel('Fit the drawing to the page').check();
    await snap(page, ARTIFACTS, '07-corpus-flow-layered');
    await page.getByLabel('Place the blocks as the flow designer saved them').check();
    expect((await drawnBlocks(page)).sort()).toEqual(ids);
    await snap(page, ARTIFACTS, '08-corpus-flow-saved-positions');
  });

  it('shows each problem of a refused flow, and creates nothing', async () => {
    const content = JSON.stringify(BROKEN_FLOW, null, 2);
    const expected = await serverProblems(content);
    expect(expected.length).toBeGreaterThan(1);
    await go(page, 'Flows');
    const form = page.getByRole('form', { name: 'Import a flow' });
    await form.getByLabel('Flow file').setInputFiles(flowFile('broken.json', content));
    await form.getByRole('button', { name: 'Import flow' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The flow was not imported.' });
    await alert.waitFor();
    expect(await alert.getByRole('listitem').allInnerTexts()).toEqual(expected);
    await snap(page, ARTIFACTS, '09-flow-refused');

    // A file that is not JSON: the server says where.
    await form.getByLabel('Flow file').setInputFiles(flowFile('malformed.json', '{\n  "Version": "2019-10-30"\n  "StartAction": "x"\n}'));
    await form.getByRole('button', { name: 'Import flow' }).click();
    await page.getByRole('alert').getByRole('listitem').filter({ hasText: 'Malformed JSON at line 3' }).waitFor();
    expect((await flows()).map((f) => f.Name)).not.toContain('broken');
    expect((await flows()).map((f) => f.Name)).not.toContain('malformed');
  });

  it('keeps the session over a reload, and sends the user back to the login when it ends', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('parley.console.session')!) as { token: string }).token);
    await fetch(`${p.url}/agent/v1/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Queues' }).click();
    await announced(page, 'status', 'Your session has ended');
    expect(await page.getByRole('button', { name: 'Log in' }).isVisible()).toBe(true);
  });

  it('shows a Supervisor the configuration, read only: no control that writes', async () => {
    await p.connect.send(
      new CreateUserCommand({
        InstanceId: instanceId(),
        Username: 'sam',
        Password: 'Superv1sor-pass',
        PhoneConfig: { PhoneType: 'SOFT_PHONE' },
        SecurityProfileIds: [p.seeded.securityProfileIds.Supervisor],
        RoutingProfileId: p.seeded.routingProfileId,
      }),
    );
    const sup = await context.newPage();
    sup.setDefaultTimeout(10_000);
    await login(sup, 'sam', 'Superv1sor-pass');
    await sup.getByRole('heading', { level: 1, name: 'Queues' }).waitFor();
    expect(await sup.getByRole('banner').innerText()).toContain('Read only');
    /** On a read-only page the only button is Log out, and nothing can be typed in. */
    const readOnly = async (heading: string) => {
      await sup.getByRole('heading', { level: 1, name: heading }).waitFor();
      await sup.locator('table, dl.facts').first().waitFor();
      expect(await sup.getByRole('button').allInnerTexts()).toEqual(['Log out']);
      expect(await sup.locator('form, input:not([type="checkbox"]), select').count()).toBe(0);
    };
    await readOnly('Queues');
    await sup.getByRole('table').getByRole('link', { name: 'Billing' }).click();
    await readOnly('Queue: Billing');
    await snap(sup, ARTIFACTS, '10-supervisor-queue');
    for (const [section, item, heading] of [
      ['Hours of operation', 'Weekdays', 'Hours: Weekdays'],
      ['Routing profiles', 'Chat team', 'Routing profile: Chat team'],
      ['Users', 'carol', 'User: carol'],
      ['Flows', 'Console test flow', 'Flow: Console test flow'],
    ]) {
      await go(sup, section);
      await readOnly(section);
      await sup.getByRole('table').getByRole('link', { name: item, exact: true }).click();
      await readOnly(heading);
    }
    // The flow graph is there for a supervisor too.
    expect(await sup.locator('svg.flow-graph g.flow-node').count()).toBe(4);
    await snap(sup, ARTIFACTS, '11-supervisor-flow');
    await sup.close();
  });

  it('never tried to reach anything but the server', () => {
    expect(escaped).toEqual([]);
  });
});
