import { CreateParticipantCommand, DescribeContactCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendEventCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { browserSkipReason, elapse, guardLoopback, launchChromium, requestGate, serveStatic, snap } from './browser.js';
import { chatjsPageFiles, type PageItem } from './chatjs-page.js';

// The official customer library, unmodified, in Chromium, against Parley (spec §5).
const EVENT = 'application/vnd.amazonaws.connect.event.';
const READ = `${EVENT}message.read`;
/** Long enough that no refresh happens on its own during the run, short enough to jump to. */
const TOKEN_TTL_S = 600;
const ARTIFACTS = 'chatjs';

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`amazon-connect-chatjs 5 customer session${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let p: TestParley;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let page: Page;
  let escaped: string[];
  let gate: Awaited<ReturnType<typeof requestGate>>;
  let customer: { contactId: string; participantId: string; participantToken: string };
  let bot: { id: string; token: string };
  /** Every CreateParticipantConnection chatjs sent, in order (preflights are OPTIONS, not counted). */
  const connectionCalls: Request[] = [];
  const sent: Record<string, string> = {};

  const isConnectionCall = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname === '/participant/connection';
  const state = () => page.evaluate(() => window.harness.state);
  const botTranscript = async () =>
    (await p.participant.send(new GetTranscriptCommand({ ConnectionToken: bot.token, SortOrder: 'ASCENDING', MaxResults: 100 }))).Transcript!;

  /** Waits until chatjs has had the server's answer to every subscribe, heartbeat and ping it sent on its open socket. */
  const answered = () =>
    page.waitForFunction(() => {
      const open = window.harness.state.sockets.filter((s) => s.closeCode === null);
      const n = (l: string[], t: string) => l.filter((x) => x === t).length;
      return (
        open.length === 1 &&
        ['aws/subscribe', 'aws/heartbeat', 'aws/ping'].every((t) => n(open[0].sent, t) > 0 && n(open[0].sent, t) === n(open[0].received, t))
      );
    });
  /** Lets one heartbeat period pass in the page and waits for the answers: a missed one would make chatjs reconnect. */
  const heartbeatCycle = async () => {
    const beats = () => page.evaluate(() => window.harness.state.sockets.at(-1)!.sent.filter((t) => t === 'aws/heartbeat').length);
    const before = await beats();
    await elapse(page, 10_000);
    expect(await beats()).toBeGreaterThan(before);
    await answered();
  };

  beforeAll(async () => {
    p = await startTestParley({ env: { PARLEY_CONNECTION_TOKEN_TTL_SECONDS: String(TOKEN_TTL_S) } });
    // Only StartChatContact here: chatjs itself must call CreateParticipantConnection.
    const started = await p.connect.send(
      new StartChatContactCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: p.seeded.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' } }),
    );
    customer = { contactId: started.ContactId!, participantId: started.ParticipantId!, participantToken: started.ParticipantToken! };
    const created = await p.connect.send(
      new CreateParticipantCommand({
        InstanceId: p.seeded.instanceId,
        ContactId: customer.contactId,
        ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Helper bot' },
      }),
    );
    const conn = await p.participant.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: created.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }),
    );
    bot = { id: created.ParticipantId!, token: conn.ConnectionCredentials!.ConnectionToken! };

    site = await serveStatic(chatjsPageFiles());
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 720, height: 480 } });
    escaped = await guardLoopback(context);
    page = await context.newPage();
    // Below vitest's 30 s, so that a wait that never ends fails with Playwright's message naming it.
    page.setDefaultTimeout(10_000);
    page.on('request', (r) => isConnectionCall(r) && connectionCalls.push(r));
    gate = await requestGate(page, `${p.url}/participant/connection`, 'POST');
    // Fake timers that run at real speed until a step moves them on (token refresh, receipt throttle, heartbeats).
    await page.clock.install();
    await page.goto(site.url);
    // The guard works: the real participant endpoint is unreachable and the attempt is recorded.
    expect(await page.evaluate(() => fetch('https://participant.connect.us-east-1.amazonaws.com/').then(() => 'reached', () => 'blocked'))).toBe('blocked');
    expect(escaped.splice(0)).toEqual(['https://participant.connect.us-east-1.amazonaws.com/']);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await p?.stop();
  });

  it('connects with exactly one CreateParticipantConnection and keeps that socket through heartbeats', async () => {
    const details = { ContactId: customer.contactId, ParticipantId: customer.participantId, ParticipantToken: customer.participantToken };
    expect(await page.evaluate(([url, d]) => window.harness.start(url, d), [p.url, details] as const)).toBe(true);
    await page.waitForFunction(() => window.harness.state.established > 0);
    await answered();
    // An earlier stub made chatjs reconnect 4 times in 8 s; two heartbeat periods must change nothing.
    await heartbeatCycle();
    await heartbeatCycle();
    expect(connectionCalls).toHaveLength(1);
    expect(connectionCalls[0].postDataJSON()).toEqual({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
    const s = await state();
    expect(s.sockets).toHaveLength(1);
    expect(s.sockets[0].url.startsWith(p.url.replace('http', 'ws'))).toBe(true);
    expect(s.lost + s.broken).toBe(0);
    expect(p.hub.size).toBe(1);
    await snap(page, ARTIFACTS, '1-connected');
  });

  it('refreshes its connection token a minute before expiry and uses the new one, without looping', async () => {
    const first = await (await connectionCalls[0].response())!.json();
    const refreshed = page.waitForResponse((r) => isConnectionCall(r.request()));
    await elapse(page, TOKEN_TTL_S * 1000 - 60_000);
    const fresh = (await (await refreshed).json()) as { ConnectionCredentials: { ConnectionToken: string; Expiry: string } };
    expect(fresh.ConnectionCredentials.ConnectionToken).not.toBe(first.ConnectionCredentials.ConnectionToken);
    await answered();
    await heartbeatCycle();
    // A refresh that computed a delay of zero would call again at once: still two calls, one socket.
    expect(connectionCalls).toHaveLength(2);
    expect((await state()).sockets).toHaveLength(1);

    const message = page.waitForRequest((r) => new URL(r.url()).pathname === '/participant/message');
    sent.customer = await page.evaluate(() => window.harness.session.sendMessage({ contentType: 'text/plain', message: 'Where is my order?' }).then((r: { data: { Id: string } }) => r.data.Id));
    expect((await message).headers()['x-amz-bearer']).toBe(fresh.ConnectionCredentials.ConnectionToken);
    await snap(page, ARTIFACTS, '2-token-refreshed');
  });

  it('sends a message that lands in the transcript and comes back on the socket', async () => {
    expect((await botTranscript()).find((i) => i.Id === sent.customer)).toMatchObject({
      Type: 'MESSAGE',
      Content: 'Where is my order?',
      ParticipantId: customer.participantId,
      ParticipantRole: 'CUSTOMER',
    });
    await page.waitForFunction((id) => window.harness.state.messages.some((m) => m.Id === id), sent.customer);
    await snap(page, ARTIFACTS, '3-sent');
  });

  it("receives the bot's message through onMessage", async () => {
    const r = await p.participant.send(new SendMessageCommand({ ConnectionToken: bot.token, ContentType: 'text/plain', Content: 'Let me check that for you.' }));
    sent.bot = r.Id!;
    await page.waitForFunction((id) => window.harness.state.messages.some((m) => m.Id === id), sent.bot);
    const got = (await state()).messages.find((m) => m.Id === sent.bot);
    expect(got).toMatchObject({ Type: 'MESSAGE', Content: 'Let me check that for you.', ParticipantId: bot.id, ParticipantRole: 'CUSTOM_BOT', AbsoluteTime: r.AbsoluteTime });
    await snap(page, ARTIFACTS, '4-received');
  });

  it('sends read receipts with its throttle and shows the bot reading the customer', async () => {
    // chatjs sends a read receipt after its 5 s throttle: start it, move the page's timers on, then await it.
    await page.evaluate(
      ([id, type]) => void (window.harness.pending.read = window.harness.session.sendEvent({ contentType: type, content: JSON.stringify({ messageId: id }) })),
      [sent.bot, READ] as const,
    );
    await elapse(page, 5_000);
    await page.evaluate(() => window.harness.pending.read);
    await answered();
    const read = (await botTranscript()).find((i) => i.Id === sent.bot)!;
    expect(read.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: customer.participantId, ReadTimestamp: expect.stringMatching(/Z$/) });

    await p.participant.send(new SendEventCommand({ ConnectionToken: bot.token, ContentType: READ, Content: JSON.stringify({ messageId: sent.customer }) }));
    await page.waitForFunction((id) => window.harness.state.readReceipts.some((r) => r.MessageMetadata?.MessageId === id), sent.customer);
    const receipts: PageItem[] = (await state()).readReceipts;
    expect(receipts.find((r) => r.MessageMetadata?.MessageId === sent.customer)!.MessageMetadata!.Receipts![0].RecipientParticipantId).toBe(bot.id);
    // The customer's own receipt went out earlier on the same socket; chatjs shows it to the sender only.
    expect(receipts.some((r) => r.MessageMetadata?.MessageId === sent.bot)).toBe(false);
    await snap(page, ARTIFACTS, '5-receipts');
  });

  it('reconnects once after a network drop and does not lose the message sent meanwhile', async () => {
    const before = connectionCalls.length;
    const lost = (await state()).lost;
    const held = gate.arm();
    expect(p.hub.dropSockets(customer.participantId)).toBe(1);
    // chatjs asks for a new socket at once; holding that request makes "while it was down" certain.
    await held.arrived;
    await page.waitForFunction((n) => window.harness.state.lost > n, lost);
    const r = await p.participant.send(new SendMessageCommand({ ConnectionToken: bot.token, ContentType: 'text/plain', Content: 'Your parcel left the depot.' }));
    sent.gap = r.Id!;
    held.release();

    // A new socket starts after the items that exist when it is created, so the gap is filled by
    // chatjs 5 itself: on every (re)connection it calls GetTranscript and merges it into its transcript.
    await page.waitForFunction((id) => window.harness.state.transcript.some((i) => i.Id === id), sent.gap);
    await answered();
    await heartbeatCycle();
    expect(connectionCalls).toHaveLength(before + 1);
    const s = await state();
    expect(s.sockets.filter((x) => x.closeCode === null)).toHaveLength(1);
    expect(s.transcript.find((i) => i.Id === sent.gap)).toMatchObject({ Content: 'Your parcel left the depot.', ParticipantRole: 'CUSTOM_BOT' });
    expect(s.transcript.map((i) => i.Id)).toEqual(expect.arrayContaining([sent.customer, sent.bot]));
    await snap(page, ARTIFACTS, '6-reconnected');
  });

  it('gets the transcript in order, with the receipt on the message', async () => {
    const items: PageItem[] = await page.evaluate(() =>
      window.harness.session
        .getTranscript({ scanDirection: 'BACKWARD', sortOrder: 'ASCENDING', maxResults: 15 })
        .then((r: { data: { Transcript: PageItem[] } }) => r.data.Transcript),
    );
    const ours = items.filter((i) => Object.values(sent).includes(i.Id)).map((i) => i.Id);
    expect(ours).toEqual([sent.customer, sent.bot, sent.gap]);
    const times = items.map((i) => i.AbsoluteTime!);
    expect(times).toEqual([...times].sort());
    expect(items.find((i) => i.Id === sent.customer)!.MessageMetadata!.Receipts![0]).toMatchObject({ RecipientParticipantId: bot.id });
    await snap(page, ARTIFACTS, '7-transcript');
  });

  it('disconnectParticipant ends the chat: onEnded fires, the socket closes, nothing reconnects', async () => {
    const before = connectionCalls.length;
    await page.evaluate(() => window.harness.session.disconnectParticipant().then(() => undefined));
    await page.waitForFunction(() => window.harness.state.ended === 1);
    await page.waitForFunction(() => window.harness.state.sockets.every((s) => s.closeCode !== null));
    const s = await state();
    expect(s.transcript.some((i) => i.ContentType === `${EVENT}chat.ended`)).toBe(true);
    expect(connectionCalls).toHaveLength(before);
    const { Contact } = await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: customer.contactId }));
    expect(Contact!.DisconnectTimestamp).toBeInstanceOf(Date);
    await snap(page, ARTIFACTS, '8-ended');
    // Nothing the page did tried to reach anything but 127.0.0.1 (CSM is off, the endpoint is overridden).
    expect(escaped).toEqual([]);
  });
});
