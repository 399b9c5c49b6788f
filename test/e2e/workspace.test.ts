import fs from 'node:fs';
import { GetCurrentUserDataCommand, type StartChatContactCommandInput } from '@aws-sdk/client-connect';
import path from 'node:path';
import { DisconnectParticipantCommand, CompleteAttachmentUploadCommand, GetAttachmentCommand, SendEventCommand, SendMessageCommand, StartAttachmentUploadCommand } from '@aws-sdk/client-connectparticipant';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIR } from '../../src/http/web/static-routes.js';
import { startChat, type TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { EVENT, TestSocket, type ChatItem } from '../helpers/socket.js';
import { browserSkipReason, guardLoopback, launchChromium, snap } from './browser.js';

// The agent workspace (src/web/workspace) in Chromium against a real Parley; customers are the
// real AWS SDK and raw chat sockets, as a customer's browser would use them.
const ARTIFACTS = 'workspace';
const skip = browserSkipReason();

/**
 * The page's WebSockets pass through Playwright so that a test can cut them: `drop` takes the
 * browser offline (HTTP fails) and closes every open socket, and refuses new ones until `restore`.
 * Chromium's offline emulation alone leaves open WebSockets untouched.
 */
async function droppableNetwork(context: BrowserContext) {
  const live = new Set<WebSocketRoute>();
  let offline = false;
  await context.routeWebSocket(
    (url) => url.hostname === '127.0.0.1',
    (route) => {
      if (offline) return void route.close({ code: 1011, reason: 'offline' });
      route.connectToServer();
      live.add(route);
      route.onClose(() => live.delete(route));
    },
  );
  return {
    async drop() {
      offline = true;
      await context.setOffline(true);
      for (const r of [...live]) await r.close({ code: 1011, reason: 'network dropped' });
      live.clear();
    },
    async restore() {
      offline = false;
      await context.setOffline(false);
    },
  };
}

const metadata = (i: ChatItem) => (i.MessageMetadata ?? {}) as { MessageId?: string; Receipts: { ReadTimestamp?: string; RecipientParticipantId: string }[] };

interface Customer extends TestChat {
  name: string;
  socket: TestSocket;
}

describe.skipIf(skip !== null)(`agent workspace${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let p: TestParley;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let escaped: string[];
  let network: Awaited<ReturnType<typeof droppableNetwork>>;
  const customers: Record<string, Customer> = {};
  const sent: Record<string, string> = {};

  /** A customer starts a chat (the seeded inbound flow queues it in BasicQueue) and opens its socket. */
  const customerStarts = async (name: string, attributes: Record<string, string> = {}, more: Partial<StartChatContactCommandInput> = {}) => {
    const chat = await startChat(p, { ParticipantDetails: { DisplayName: name }, Attributes: attributes, SupportedMessagingContentTypes: ['text/plain', 'text/markdown'], ...more });
    customers[name] = { ...chat, name, socket: await TestSocket.open(chat.websocketUrl) };
    return customers[name];
  };
  const say = async (c: Customer, text: string, contentType = 'text/plain') =>
    (await p.participant.send(new SendMessageCommand({ ConnectionToken: c.connectionToken, ContentType: contentType, Content: text }))).Id!;
  const offer = (c: Customer) => page.locator(`.offer[data-contact-id="${c.contactId}"]`);
  const tab = (c: Customer) => page.locator(`[role=tab][data-contact-id="${c.contactId}"]`);
  const panel = () => page.getByRole('tabpanel');
  const transcript = () => panel().getByRole('log', { name: 'Transcript' });
  const message = (text: string | RegExp) => transcript().locator('.msg').filter({ hasText: text });
  const composer = () => panel().getByLabel('Message', { exact: true });
  const alerts = () => page.evaluate(() => window.recorded);
  /** Accepts a customer's offer in the page and waits for its connected tab. */
  const accept = async (c: Customer) => {
    await offer(c).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => tab(c).textContent()).toContain('Connected');
  };
  /** The texts of the messages in the open tab, in order. */
  const texts = (): Promise<string[]> => transcript().locator('.msg:not(.pending) .md, .msg:not(.pending) .plain').allTextContents();

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIR, 'workspace/index.html'))) throw new Error('the workspace is not built: run `npm run build:web` first');
    p = await startTestParley();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['notifications'], acceptDownloads: true });
    escaped = await guardLoopback(context);
    network = await droppableNetwork(context);
    // Records what the page asked the browser for (desktop notifications, tones); the calls still go through.
    await context.addInitScript(() => {
      const rec = { notifications: [] as { title: string; body?: string }[], tones: 0 };
      window.recorded = rec;
      const Native = window.Notification;
      window.Notification = class extends Native {
        constructor(title: string, options?: NotificationOptions) {
          rec.notifications.push({ title, body: options?.body });
          super(title, options);
        }
      } as typeof Notification;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
        rec.tones++;
        return start.apply(this, args);
      };
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${p.url}/agent/`);
  });

  afterAll(async () => {
    for (const c of Object.values(customers)) c.socket.close();
    await browser?.close();
    await p?.stop();
  });

  it('logs in, goes Available and rings for an offer with a countdown', async () => {
    await expect.poll(() => page.getByLabel('Instance').inputValue()).toBe('parley-demo');
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password|denied/i);

    await page.getByLabel('Password').fill(p.seeded.demoUsers.alice.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('status', { name: 'Connection: Online' }).waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Available' });
    const aliceStatus = async () =>
      (await p.connect.send(new GetCurrentUserDataCommand({ InstanceId: p.seeded.instanceId, Filters: { Agents: [p.seeded.demoUsers.alice.id] } }))).UserDataList?.[0]?.Status?.StatusName;
    await expect.poll(aliceStatus).toBe('Available');

    const ann = await customerStarts('Ann', { customerTier: 'gold', orderNumber: 'A-1001' });
    await offer(ann).waitFor();
    expect(await offer(ann).textContent()).toContain('customerTier: gold');
    const seconds = Number(await offer(ann).locator('[data-seconds]').getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(10);
    expect(seconds).toBeLessThanOrEqual(20);
    await expect.poll(async () => (await alerts()).notifications.map((n) => n.title)).toContain('Incoming chat');
    expect((await alerts()).tones).toBeGreaterThan(0);
    await snap(page, ARTIFACTS, '1-offer');
  });

  it('accepts, and the agent and the customer talk both ways; markdown renders, markup stays text', async () => {
    const ann = customers.Ann;
    await accept(ann);
    // The customer's attributes are beside the chat.
    expect(await panel().locator('.attributes').textContent()).toContain('A-1001');
    await ann.socket.waitForItem((i) => i.ContentType === `${EVENT}participant.joined` && i.ParticipantRole === 'AGENT');

    sent.annHello = await say(ann, 'Hi, **where** is my order? <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">', 'text/markdown');
    await message(/where/).waitFor();
    expect(await message(/where/).locator('strong').textContent()).toBe('where');
    expect(await message(/where/).textContent()).toContain('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">');
    expect(await transcript().locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

    await composer().fill('_Sure_ — order **A-1001** ships today: https://example.com/track');
    await composer().press('Enter');
    const reply = await ann.socket.waitForItem((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'AGENT');
    expect(reply).toMatchObject({ ContentType: 'text/markdown', Content: '_Sure_ — order **A-1001** ships today: https://example.com/track', DisplayName: 'Alice' });
    sent.agentReply = reply.Id;
    await message('ships today').waitFor();
    expect(await message('ships today').locator('em').textContent()).toBe('Sure');
    expect(await message('ships today').locator('a').getAttribute('href')).toBe('https://example.com/track');
    expect(await composer().inputValue()).toBe('');
    await snap(page, ARTIFACTS, '2-talking');
  });

  it('shows the customer typing, sends its own typing, and gives and shows read receipts', async () => {
    const ann = customers.Ann;
    await p.participant.send(new SendEventCommand({ ConnectionToken: ann.connectionToken, ContentType: `${EVENT}typing` }));
    await panel().getByText('Ann is typing…').waitFor();

    await composer().pressSequentially('One');
    await ann.socket.waitForItem((i) => i.ContentType === `${EVENT}typing` && i.ParticipantRole === 'AGENT');

    // The agent saw the customer's message: the customer gets a read receipt for it.
    const receipt = await ann.socket.waitForItem((i) => i.Type === 'MESSAGEMETADATA' && metadata(i).MessageId === sent.annHello);
    expect(metadata(receipt).Receipts).toEqual([{ ReadTimestamp: expect.any(String), RecipientParticipantId: expect.any(String) }]);
    expect(metadata(receipt).Receipts[0].RecipientParticipantId).not.toBe(ann.participantId);
    // The customer reads the agent's reply: the workspace says so under it.
    expect(await message('ships today').locator('.receipt-read').count()).toBe(0);
    await p.participant.send(new SendEventCommand({ ConnectionToken: ann.connectionToken, ContentType: `${EVENT}message.read`, Content: JSON.stringify({ messageId: sent.agentReply }) }));
    await message('ships today').locator('.receipt-read').waitFor();
    await composer().fill('');
    await snap(page, ARTIFACTS, '3-typing-receipts');
  });

  it('sends an attachment and downloads the customer’s', async () => {
    const ann = customers.Ann;
    const mine = Buffer.from('Invoice A-1001: 42 EUR\n');
    await panel().getByLabel('Attach a file').setInputFiles({ name: 'invoice.txt', mimeType: 'text/plain', buffer: mine });
    const att = await ann.socket.waitForItem((i) => i.Type === 'ATTACHMENT' && i.ParticipantRole === 'AGENT');
    const info = (att.Attachments as { AttachmentId: string; AttachmentName: string }[])[0];
    expect(info.AttachmentName).toBe('invoice.txt');
    const got = await p.participant.send(new GetAttachmentCommand({ ConnectionToken: ann.connectionToken, AttachmentId: info.AttachmentId }));
    expect(Buffer.from(await (await fetch(got.Url!)).arrayBuffer()).equals(mine)).toBe(true);
    await transcript().getByRole('button', { name: /invoice\.txt/ }).waitFor();

    const theirs = Buffer.from('photo of the parcel');
    const started = await p.participant.send(
      new StartAttachmentUploadCommand({ ConnectionToken: ann.connectionToken, AttachmentName: 'parcel.txt', ContentType: 'text/plain', AttachmentSizeInBytes: theirs.length, ClientToken: 'parcel-1' }),
    );
    await fetch(started.UploadMetadata!.Url!, { method: 'PUT', headers: started.UploadMetadata!.HeadersToInclude, body: new Uint8Array(theirs) });
    await p.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: ann.connectionToken, AttachmentIds: [started.AttachmentId!] }));
    const link = transcript().getByRole('button', { name: /parcel\.txt/ });
    const download = page.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('parcel.txt');
    expect(fs.readFileSync(await file.path()).equals(theirs)).toBe(true);
    await snap(page, ARTIFACTS, '4-attachments');
  });

  it('holds three chats at once in tabs, each with its own transcript', async () => {
    const bea = await customerStarts('Bea', { customerTier: 'silver' });
    const cal = await customerStarts('Cal');
    await accept(bea);
    await accept(cal);
    expect(await page.getByRole('tab').count()).toBe(3);
    // The chat just accepted is the one shown.
    await expect.poll(() => tab(cal).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.slots').textContent()).toBe('Chats 3/3');

    await tab(bea).click();
    expect(await panel().locator('.attributes').textContent()).toContain('silver');
    await composer().fill('Hello Bea');
    await composer().press('Enter');
    await bea.socket.waitForItem((i) => i.Content === 'Hello Bea');

    // Cal writes while Bea's tab is open: Cal's tab counts it as unread.
    await say(cal, 'Cal here, anyone?');
    await expect.poll(() => tab(cal).locator('.unread').textContent()).toBe('1');
    // Arrow keys move between tabs (WAI-ARIA tabs).
    await tab(bea).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tab(cal).getAttribute('aria-selected')).toBe('true');
    await message('Cal here').waitFor();
    expect(await tab(cal).locator('.unread').count()).toBe(0);
    expect(await texts()).not.toContain('Hello Bea');
    expect(cal.socket.items().some((i) => i.Content === 'Hello Bea')).toBe(false);
    await snap(page, ARTIFACTS, '5-three-chats');
  });

  it('ends a chat into after-contact work, then clears it', async () => {
    const ann = customers.Ann;
    await tab(ann).click();
    await panel().getByRole('button', { name: 'End chat' }).click();
    await expect.poll(() => tab(ann).textContent()).toContain('After-contact work');
    await ann.socket.waitForItem((i) => i.ContentType === `${EVENT}participant.left` && i.ParticipantRole === 'AGENT');
    // The transcript stays readable during after-contact work; the send box is off.
    await message('ships today').waitFor();
    expect(await composer().isDisabled()).toBe(true);
    await snap(page, ARTIFACTS, '6-after-contact-work');
    await panel().getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.getByRole('tab').count()).toBe(2);
  });

  it('rejects an offer, and misses one that runs out', async () => {
    const dan = await customerStarts('Dan');
    await offer(dan).getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => tab(dan).textContent()).toContain('Rejected');
    expect(await offer(dan).count()).toBe(0);
    await snap(page, ARTIFACTS, '7-rejected');
    await tab(dan).click();
    await panel().getByRole('button', { name: 'Clear' }).click();

    // Cleared, the chat (still queued) is offered again: this time nobody answers for 20 s.
    await offer(dan).waitFor();
    p.clock.advance(20_000);
    await p.settle();
    await expect.poll(() => tab(dan).textContent()).toContain('Missed');
    expect(await offer(dan).count()).toBe(0);
    await tab(dan).click();
    expect(await panel().textContent()).toContain('did not answer');
    await snap(page, ARTIFACTS, '8-missed');
    // The customer gives up; clearing then frees the slot for good.
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: dan.connectionToken }));
    await panel().getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.getByRole('tab').count()).toBe(2);
  });

  it('loses nothing in a network drop: messages sent meanwhile arrive once, in order, both ways', async () => {
    const bea = customers.Bea;
    await tab(bea).click();
    await network.drop();
    await page.getByRole('status', { name: 'Connection: Reconnecting…' }).waitFor();
    for (const n of [1, 2, 3]) await say(bea, `While you were away ${n}`);
    // The agent writes offline too: it waits, greyed out, and goes out when the network is back.
    await composer().fill('Sorry, my network dropped');
    await composer().press('Enter');
    await transcript().locator('.msg.pending').filter({ hasText: 'Sorry, my network dropped' }).waitFor();
    await snap(page, ARTIFACTS, '9-offline');

    await network.restore();
    await page.getByRole('status', { name: 'Connection: Online' }).waitFor();
    await message('While you were away 3').waitFor();
    await bea.socket.waitForItem((i) => i.Content === 'Sorry, my network dropped');
    await expect.poll(() => transcript().locator('.msg.pending').count()).toBe(0);
    const shown = await texts();
    expect(shown.filter((t) => t.startsWith('While you were away'))).toEqual(['While you were away 1', 'While you were away 2', 'While you were away 3']);
    expect(shown.filter((t) => t === 'Sorry, my network dropped')).toHaveLength(1);
    expect(bea.socket.items().filter((i) => i.Content === 'Sorry, my network dropped')).toHaveLength(1);
    await snap(page, ARTIFACTS, '10-back-online');
  });

  it('loses nothing on reload: still logged in, same tabs, transcripts, after-contact work, and the chat goes on', async () => {
    const { Bea: bea, Cal: cal } = customers;
    await tab(cal).click();
    await panel().getByRole('button', { name: 'End chat' }).click();
    await expect.poll(() => tab(cal).textContent()).toContain('After-contact work');
    await tab(bea).click();
    const before = await texts();

    await page.reload();
    await page.getByRole('status', { name: 'Connection: Online' }).waitFor();
    expect(await page.getByLabel('Username').count()).toBe(0);
    expect(await page.getByRole('tab').count()).toBe(2);
    await expect.poll(() => tab(bea).getAttribute('aria-selected')).toBe('true');
    await message('While you were away 3').waitFor();
    expect(await texts()).toEqual(before);
    expect(await page.getByLabel('Status').locator('option:checked').textContent()).toBe('Available');

    await say(bea, 'Still there?');
    await message('Still there?').waitFor();
    await composer().fill('Yes, still here');
    await composer().press('Enter');
    await bea.socket.waitForItem((i) => i.Content === 'Yes, still here');

    // The ended chat's transcript survives the reload too (its participant can no longer read it).
    await tab(cal).click();
    await message('Cal here').waitFor();
    expect(await tab(cal).textContent()).toContain('After-contact work');
    await snap(page, ARTIFACTS, '11-reloaded');
    expect(escaped).toEqual([]);
  });

  it('puts a quick response in the send box, keeps edited ones, and transfers a chat to a queue', async () => {
    const bea = customers.Bea;
    await tab(bea).click();
    await panel().getByRole('button', { name: 'Are you there?' }).click();
    expect(await composer().inputValue()).toBe('Are you there?');
    await composer().press('Enter');
    await bea.socket.waitForItem((i) => i.Content === 'Are you there?');

    await panel().getByRole('button', { name: 'Edit' }).click();
    await panel().getByLabel('One response per line').fill('Thanks for waiting!\n\nYour refund is on its way.');
    await panel().getByRole('button', { name: 'Save' }).click();
    await panel().getByRole('button', { name: 'Your refund is on its way.' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('parley.agent.quickResponses'))).toBe(JSON.stringify(['Thanks for waiting!', 'Your refund is on its way.']));

    await panel().getByRole('button', { name: 'Transfer' }).click();
    const dialog = panel().getByRole('dialog', { name: 'Transfer the chat' });
    await dialog.getByLabel('Transfer to').selectOption({ label: 'BasicQueue' });
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await expect.poll(() => tab(bea).textContent()).toContain('After-contact work');
    await bea.socket.waitForItem((i) => i.ContentType === `${EVENT}transfer.succeeded`);
    await snap(page, ARTIFACTS, '12-transferred');

    // The new segment is queued and routed; this agent has a free slot, so it comes back here as a transfer.
    const next = page.locator('.offer').filter({ hasText: 'transfer' });
    await next.waitFor();
    const nextId = (await next.getAttribute('data-contact-id'))!;
    expect(nextId).not.toBe(bea.contactId);
    await next.getByRole('button', { name: 'Accept' }).click();
    const newTab = page.locator(`[role=tab][data-contact-id="${nextId}"]`);
    await expect.poll(() => newTab.getAttribute('aria-selected')).toBe('true');
    // Same chat, so the whole conversation is there.
    await message('Are you there?').waitFor();
    await message('While you were away 1').waitFor();
    // Typing events replayed from before the transfer are history, not someone typing now.
    expect(await panel().locator('.typing').textContent()).toBe('');
    await snap(page, ARTIFACTS, '13-transfer-accepted');
  });

  it("shows a returning customer's earlier contact above the new one (persistent chat)", async () => {
    const { Ann: ann, Cal: cal } = customers;
    await tab(cal).click();
    await panel().getByRole('button', { name: 'Clear' }).click();
    await p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: ann.connectionToken }));
    const again = await customerStarts('Ann again', { customerTier: 'gold' }, { PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: ann.contactId } });
    await accept(again);
    await expect.poll(() => tab(again).getAttribute('aria-selected')).toBe('true');
    const dividers = transcript().locator('.divider');
    await expect.poll(() => dividers.allTextContents()).toEqual(['Earlier contacts of this customer', 'This contact']);
    // The earlier conversation, markdown and attachments included, sits above the divider.
    await message('ships today').waitFor();
    await transcript().getByRole('button', { name: /parcel\.txt/ }).waitFor();
    const order = await transcript().locator('.divider, .msg').allTextContents();
    const at = (text: string) => order.findIndex((t) => t.includes(text));
    expect(at('Earlier contacts')).toBeLessThan(at('ships today'));
    expect(at('ships today')).toBeLessThan(at('This contact'));
    await snap(page, ARTIFACTS, '14-earlier-contacts');
  });

  it('defers a status that stops routing until the chats are cleared, and logs out', async () => {
    await page.getByLabel('Status').selectOption({ label: 'Break' });
    // Chats are held, so Break waits as the next status; no new offers meanwhile.
    await page.getByText('Break when your chats are cleared').waitFor();
    expect(await page.getByLabel('Status').locator('option:checked').textContent()).toBe('Available');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    // The tab forgets the session and the transcripts it kept.
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('parley.agent.')))).toEqual([]);
    await page.reload();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });
});

declare global {
  interface Window {
    recorded: { notifications: { title: string; body?: string }[]; tones: number };
  }
}
