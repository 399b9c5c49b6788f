import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateUserCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../helpers/agent.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { signedRequest } from '../helpers/signed.js';
import { browserSkipReason, guardLoopback, launchChromium, snap } from './browser.js';
import { DashboardsPage, openStream } from './dashboards-page.js';

// The dashboards of the admin console (/admin/dashboards, src/web/console/dashboards) in Chromium
// against a real Parley: activity is made through the real boundaries (StartChatContact and the
// participant API for customers, the agent API for agents, the simulated clock for time), and the
// live board, the charts, the summary and the CSV downloads must show what it adds up to.
const ARTIFACTS = 'dashboards';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILT = path.join(REPO, 'dist/web/console/index.html');
const skip = browserSkipReason() ?? (fs.existsSync(BUILT) || process.env.CI === 'true' ? null : 'the console is not built (npm run build:web)');

describe.skipIf(skip !== null)(`console dashboards${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let p: TestParley;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dash: DashboardsPage;
  let escaped: string[];
  let T: number;
  const queueId = () => p.seeded.basicQueueId;
  /** Moves the simulated clock to T + s seconds and fires what falls due. */
  const at = async (s: number) => {
    p.clock.set(T + s * 1000);
    await p.settle();
  };
  const say = (token: string, text: string) => p.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: text }));
  const leave = (token: string) => p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: token }));
  /** The agent accepts the offer of `chat` and connects its participant; returns its connection token. */
  const take = async (agent: TestAgent, chat: TestChat) => {
    await agent.nextOffer(chat.contactId);
    const accepted = await agent.accept(chat.contactId);
    const conn = await p.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: accepted.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
    return conn.ConnectionCredentials!.ConnectionToken!;
  };

  beforeAll(async () => {
    p = await startTestParley();
    T = p.clock.now();
    browser = await launchChromium();
    // UTC in the page, so that "today" and the hours on screen are the server's (09:00 on 2026-11-02).
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC', acceptDownloads: true });
    escaped = await guardLoopback(context);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    dash = new DashboardsPage(page);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  it('streams the board only to sessions that may supervise, on their own instance', async () => {
    const alice = await TestAgent.login(p, 'alice');
    const refused = await openStream(p, p.seeded.instanceId, alice.token);
    expect([refused.status, JSON.parse(refused.body).__type]).toEqual([403, 'AccessDeniedException']);
    alice.close();
    const anonymous = await openStream(p, p.seeded.instanceId);
    expect([anonymous.status, JSON.parse(anonymous.body).__type]).toEqual([403, 'MissingAuthenticationTokenException']);
    const unknown = await signedRequest(p, 'GET', '/metrics/live/00000000-0000-0000-0000-000000000000');
    expect([unknown.status, unknown.json?.__type]).toEqual([404, 'ResourceNotFoundException']);

    const admin = await TestAgent.login(p, 'admin');
    const other = await openStream(p, '00000000-0000-0000-0000-000000000000', admin.token);
    expect([other.status, JSON.parse(other.body).__type]).toEqual([403, 'AccessDeniedException']);
    const ok = await openStream(p, p.seeded.instanceId, admin.token);
    expect([ok.status, ok.type]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const first = JSON.parse(/event: board\ndata: (.*)\n/.exec(ok.body)![1]) as { DataSnapshotTime: number; Queues: { Name: string; Metrics: Record<string, number> }[] };
    // Nothing has happened yet: BasicQueue empty, every demo agent Offline.
    expect(first.DataSnapshotTime).toBe(T / 1000);
    expect(first.Queues.map((q) => [q.Name, q.Metrics.CONTACTS_IN_QUEUE, q.Metrics.AGENTS_ONLINE])).toEqual([['BasicQueue', 0, 0]]);
    admin.close();
  });

  // The morning (T = 09:00:00 UTC), as the live board must show it:
  //   s    what happens                                         BasicQueue on the board
  //   0    c1 starts, nobody Available                          in queue 1, oldest 0:00
  //   75   (the clock moves)                                    oldest 1:15
  //   75   alice Available, accepts c1 (queued 75 s)            in queue 0; online 1, on contact 1; slots 1 active, 2 free (3 chats, tasks not while on a chat)
  //   80   c1 "My parcel is late"; alice answers at 100 (20 s); c1 answers at 110 (10 s)
  //   135  c1 leaves: alice in after-contact work               ACW 1
  //   150  alice clears (interaction 60 + ACW 15 = handle 75), sets Break    online 1, non-productive 1, available 0
  //   150  bob goes Available                                   online 2, available 1, slots 4 free (3 chats + 1 task)
  //   200  c2 starts, rings at bob; bob accepts at 215 (queued 15 s)
  //   220  c2 "Hi"; bob answers at 250 (30 s); c2 answers at 260 (10 s)
  //   300  c2 leaves; bob clears at 330 (interaction 85 + ACW 30 = 115), sets Break
  //   400  c3 starts, nobody Available                          in queue 1, available 0, non-productive 2
  //   430  c3 leaves unanswered: abandoned after 30 s            in queue 0
  it('shows the live board and follows every change without a reload', async () => {
    await dash.open(p.url, 'admin', p.seeded.demoUsers.admin.password);
    await page.getByRole('heading', { level: 1, name: 'Dashboards: live queues' }).waitFor();
    // Anything the page keeps in memory survives only if it is never reloaded.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await dash.boardShows(queueId(), { CONTACTS_IN_QUEUE: '0', OLDEST_CONTACT_AGE: '–', AGENTS_ONLINE: '0', AGENTS_AVAILABLE: '0' });
    await snap(page, ARTIFACTS, '01-board-empty');

    const c1 = await startChat(p);
    await dash.boardShows(queueId(), { CONTACTS_IN_QUEUE: '1', OLDEST_CONTACT_AGE: '0:00' });
    await at(75);
    await dash.boardShows(queueId(), { OLDEST_CONTACT_AGE: '1:15' });
    await page.getByText('updated 09:01:15').waitFor();
    await snap(page, ARTIFACTS, '02-board-one-waiting');

    const alice = await TestAgent.login(p, 'alice');
    await alice.setStatus('Available');
    const alice1 = await take(alice, c1);
    await dash.boardShows(queueId(), { CONTACTS_IN_QUEUE: '0', OLDEST_CONTACT_AGE: '–', AGENTS_ONLINE: '1', AGENTS_AVAILABLE: '0', AGENTS_ON_CONTACT: '1', SLOTS_ACTIVE: '1', SLOTS_AVAILABLE: '2' });
    await at(80);
    await say(c1.connectionToken, 'My parcel is late');
    await at(100);
    await say(alice1, 'Let me check');
    await at(110);
    await say(c1.connectionToken, 'Thanks');
    await at(135);
    await leave(c1.connectionToken);
    await dash.boardShows(queueId(), { AGENTS_AFTER_CONTACT_WORK: '1', AGENTS_ON_CONTACT: '1' });
    await at(150);
    await alice.call('POST', `/agent/v1/contacts/${c1.contactId}/clear`);
    await alice.setStatus('Break');
    await dash.boardShows(queueId(), { AGENTS_AFTER_CONTACT_WORK: '0', AGENTS_ONLINE: '1', AGENTS_NON_PRODUCTIVE: '1', AGENTS_AVAILABLE: '0', SLOTS_AVAILABLE: '0' });

    const bob = await TestAgent.login(p, 'bob');
    await bob.setStatus('Available');
    await dash.boardShows(queueId(), { AGENTS_ONLINE: '2', AGENTS_AVAILABLE: '1', SLOTS_AVAILABLE: '4' });
    // One queue: the instance totals are the same figures.
    await dash.boardShows('total', { AGENTS_ONLINE: '2', AGENTS_AVAILABLE: '1', AGENTS_NON_PRODUCTIVE: '1' });
    await snap(page, ARTIFACTS, '03-board-agents');

    await at(200);
    const c2 = await startChat(p);
    await bob.nextOffer(c2.contactId);
    await at(215);
    const bob2 = await take(bob, c2);
    await at(220);
    await say(c2.connectionToken, 'Hi');
    await at(250);
    await say(bob2, 'Hello');
    await at(260);
    await say(c2.connectionToken, 'Bye');
    await at(300);
    await leave(c2.connectionToken);
    await at(330);
    await bob.call('POST', `/agent/v1/contacts/${c2.contactId}/clear`);
    await bob.setStatus('Break');

    await at(400);
    const c3 = await startChat(p);
    await dash.boardShows(queueId(), { CONTACTS_IN_QUEUE: '1', AGENTS_AVAILABLE: '0', AGENTS_NON_PRODUCTIVE: '2' });
    await at(430);
    await leave(c3.connectionToken);
    await dash.boardShows(queueId(), { CONTACTS_IN_QUEUE: '0' });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    alice.close();
    bob.close();
  });

  it('says when the live connection is lost, and comes back by itself', async () => {
    // Refuse the next connections, then cut the open one: the board keeps its figures and says it is reconnecting.
    await page.route('**/metrics/live/**', (route) => route.abort('connectionrefused'));
    p.app.server.closeAllConnections();
    await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
    await page.getByText('The live connection failed. No connection: The server cannot be reached.').waitFor();
    expect(await dash.boardCell(queueId(), 'AGENTS_NON_PRODUCTIVE').textContent()).toBe('2');
    await snap(page, ARTIFACTS, '04-board-reconnecting');
    await page.unroute('**/metrics/live/**');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
  });

  // Hand-computed over the morning (all three contacts ended in the 09:00 hour, UTC):
  //   handled 2 (c1, c2); abandoned 1 (c3); abandonment rate 1 of 3 queued = 33.3 %
  //   handle time (75 + 115) / 2 = 95 s = 1:35; queue answer time (75 + 15) / 2 = 45 s
  //   service level < 60 s: c2 (15 s) and c3 (30 s; an abandon within the threshold counts) of 3 = 66.7 %
  //   agent response (20 + 30) / 2 = 25 s; customer response (10 + 10) / 2 = 10 s
  //   first agent response after accepting: c1 100 - 75 = 25 s, c2 250 - 215 = 35 s: 30 s
  it('charts today and sums it up as computed by hand, with CSV downloads', async () => {
    await at(3600);
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Historical metrics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboards: historical metrics' }).waitFor();
    // It opens on today, by hour, all queues together, in the browser's time zone, service level within 60 s.
    expect(await page.getByLabel('Time zone').inputValue()).toBe('UTC');
    await dash.summaryShows('All queues', {
      CONTACTS_HANDLED: '2',
      CONTACTS_ABANDONED: '1',
      ABANDONMENT_RATE: '33.3 %',
      AVG_HANDLE_TIME: '1:35',
      AVG_QUEUE_ANSWER_TIME: '0:45',
      SERVICE_LEVEL: '66.7 %',
      AVG_RESPONSE_TIME_AGENT: '0:25',
      AVG_RESPONSE_TIME_CUSTOMER: '0:10',
      AVG_FIRST_RESPONSE_TIME_AGENT: '0:30',
    });
    await page.getByRole('heading', { name: 'Summary, 2026-11-02 (UTC)' }).waitFor();

    // Six charts, each drawn on its canvas (named as an image) with its values as a table.
    const canvases = page.locator('figure.chart canvas[role="img"]');
    await expect.poll(() => canvases.count()).toBe(6);
    const drawn = await canvases.evaluateAll((list) =>
      list.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) painted++;
        return canvas.width > 0 && canvas.height > 0 && painted > 0;
      }),
    );
    expect(drawn).toEqual([true, true, true, true, true, true]);
    const contacts = page.locator('figure[data-chart="contacts"]');
    await contacts.getByText('Show the values').click();
    // 00:00 to 10:00: ten hourly intervals, the morning's contacts in the 09:00 one.
    const rows = await contacts.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows.length).toBe(10);
    expect(rows[9]).toEqual(['09:00', '2', '1']);
    expect(rows.slice(0, 9).every((r) => r[1] === '0' && r[2] === '0')).toBe(true);
    await snap(page, ARTIFACTS, '05-historical-today');

    const sum = await dash.download('Download CSV: summary');
    expect(sum.name).toBe('summary_2026-11-02_2026-11-02.csv');
    const [header, all, ...rest] = sum.lines.map((l) => l.split(','));
    expect(rest).toEqual([]);
    expect(header.slice(0, 5)).toEqual(['Period start (UTC)', 'Period end (UTC)', 'Scope', 'Contacts handled', 'Contacts abandoned']);
    // Exact values in the file (seconds and percentages as numbers, the unit in the header).
    const values = Object.fromEntries(header.map((h, i) => [h, all[i]]));
    expect(values).toMatchObject({ 'Period start (UTC)': '2026-11-02 00:00:00', 'Period end (UTC)': '2026-11-02 10:00:00', Scope: 'All queues', 'Average handle time (s)': '95', 'Average queue answer time (s)': '45' });
    expect(Number(values['Abandonment rate (%)'])).toBeCloseTo(100 / 3, 6);
    expect(Number(values['Service level (%)'])).toBeCloseTo(200 / 3, 6);
    expect([values['Average agent response time (s)'], values['Average customer response time (s)'], values['Average first response time of agents (s)']]).toEqual(['25', '10', '30']);

    const chart = await dash.download('Download CSV: Contacts handled and abandoned');
    expect(chart.name).toBe('contacts-handled-and-abandoned_2026-11-02_2026-11-02.csv');
    const lines = chart.lines;
    expect(lines[0]).toBe('Interval start (UTC),Interval end (UTC),Scope,Contacts handled,Contacts abandoned');
    expect(lines.length).toBe(11);
    expect(lines[1]).toBe('2026-11-02 00:00:00,2026-11-02 01:00:00,All queues,0,0');
    expect(lines[10]).toBe('2026-11-02 09:00:00,2026-11-02 10:00:00,All queues,2,1');
    const handleTime = await dash.download('Download CSV: Average handle time');
    // No contact ended before 09:00: nothing to average there, an empty field rather than 0.
    expect(handleTime.lines.slice(1, 3)).toEqual(['2026-11-02 00:00:00,2026-11-02 01:00:00,All queues,', '2026-11-02 01:00:00,2026-11-02 02:00:00,All queues,']);
  });

  it('groups by agent, moves the service level threshold, and explains empty and refused periods', async () => {
    await page.getByLabel('Group by').selectOption({ label: 'Agent' });
    await page.getByLabel('Interval').selectOption({ label: 'Whole period' });
    await dash.show();
    // alice: c1 (handle 75 s, responses 20 s and 10 s, first 25 s); bob: c2 (115 s, 30 s, 10 s, 35 s). The abandoned c3 had no agent.
    await dash.summaryShows('alice', { CONTACTS_HANDLED: '1', CONTACTS_ABANDONED: '0', AVG_HANDLE_TIME: '1:15', AVG_RESPONSE_TIME_AGENT: '0:20', AVG_FIRST_RESPONSE_TIME_AGENT: '0:25', SERVICE_LEVEL: 'n/a' });
    await dash.summaryShows('bob', { CONTACTS_HANDLED: '1', AVG_HANDLE_TIME: '1:55', AVG_RESPONSE_TIME_AGENT: '0:30', AVG_FIRST_RESPONSE_TIME_AGENT: '0:35', AVG_QUEUE_ANSWER_TIME: 'n/a' });
    await dash.summaryShows('All together', { CONTACTS_HANDLED: '2', CONTACTS_ABANDONED: '1', SERVICE_LEVEL: '66.7 %' });
    // Service level and queue answer time are a queue's: no chart of them per agent.
    await expect.poll(() => page.locator('figure.chart').count()).toBe(4);
    await snap(page, ARTIFACTS, '06-historical-by-agent');

    await page.getByLabel('Group by').selectOption({ label: 'None (all queues together)' });
    await page.getByLabel('Service level threshold (seconds)').fill('20');
    await dash.show();
    // Within 20 s: only c2 (15 s) of the 3 queued.
    await dash.summaryShows('All queues', { SERVICE_LEVEL: '33.3 %' });
    await page.getByRole('heading', { name: 'Service level (answered within 20 s)' }).waitFor();

    await page.getByLabel('Period').selectOption({ label: 'Yesterday' });
    await dash.show();
    await page.getByRole('status').filter({ hasText: 'No contacts ended in this period (2026-11-01 (UTC)).' }).waitFor();
    expect(await page.locator('figure.chart').count()).toBe(0);

    await page.getByLabel('Period').selectOption({ label: 'Custom dates' });
    await page.getByLabel('From', { exact: true }).fill('2026-11-03');
    await page.getByLabel('To', { exact: true }).fill('2026-11-01');
    await dash.show();
    await page.getByRole('alert').filter({ hasText: 'The first day must not be after the last day.' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-10-29');
    await page.getByLabel('To', { exact: true }).fill('2026-11-02');
    await page.getByLabel('Interval').selectOption({ label: 'Hour' });
    await dash.show();
    await page.getByRole('alert').filter({ hasText: 'Hourly intervals cover at most 3 days' }).waitFor();
    await page.getByLabel('Interval').selectOption({ label: 'Day' });
    await dash.show();
    await dash.summaryShows('All queues', { CONTACTS_HANDLED: '2', CONTACTS_ABANDONED: '1' });
    const days = page.locator('figure[data-chart="contacts"] tbody tr');
    await expect.poll(() => days.count()).toBe(5);
    await snap(page, ARTIFACTS, '07-historical-five-days');
  });

  it('shows a Supervisor the dashboards too', async () => {
    await p.connect.send(
      new CreateUserCommand({
        InstanceId: p.seeded.instanceId,
        Username: 'sam',
        Password: 'Superv1sor-pass',
        PhoneConfig: { PhoneType: 'SOFT_PHONE' },
        SecurityProfileIds: [p.seeded.securityProfileIds.Supervisor],
        RoutingProfileId: p.seeded.routingProfileId,
      }),
    );
    const own = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC' });
    const sup = new DashboardsPage(await own.newPage());
    sup.page.setDefaultTimeout(10_000);
    await sup.open(p.url, 'sam', 'Superv1sor-pass');
    await sup.page.getByRole('banner').getByText('Read only').waitFor();
    // Both agents are still on Break since the morning.
    await sup.boardShows(queueId(), { AGENTS_NON_PRODUCTIVE: '2' });
    await own.close();
  });

  it('sends the console back to the login when the session ends while the board is open', async () => {
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Live queues' }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('parley.console.session')!) as { token: string }).token);
    await fetch(`${p.url}/agent/v1/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    // The next push (a clock move is a change) finds the session gone.
    await at(3700);
    await page.getByText('Your session has ended or no longer allows this. Log in again.').waitFor();
    await page.getByLabel('Username').waitFor();
    expect(escaped).toEqual([]);
  });
});

