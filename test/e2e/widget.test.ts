import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { GetTranscriptCommand, SendEventCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING } from '../../src/core/flow/default-flows.js';
import { WEB_DIR } from '../../src/http/web/static-routes.js';
import { connectAgent, type ConnectedAgent } from '../helpers/agent.js';
import type { TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { browserSkipReason, guardLoopback, launchChromium, serveStatic, snap } from './browser.js';

// The customer widget, embedded by its documented script tag in a page of another origin,
// in Chromium, against Parley; a real agent on the other side (agent API + participant API).
const ARTIFACTS = 'widget';
const WIDGET_JS = path.join(WEB_DIR, 'widget/widget.js');
const BUDGET_BYTES = 60 * 1024;
const EVENT = 'application/vnd.amazonaws.connect.event.';
const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
const skip = browserSkipReason();

describe.skipIf(skip !== null)(`the customer widget${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let p: TestParley;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let laptop: BrowserContext;
  let page: Page;
  let agent: ConnectedAgent;
  let contactId: string;
  let escaped: string[];

  /** The shop page: the documented embedding, nothing else. */
  const shopPage = () =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title></head><body><h1>Shop</h1>
<script src="${p.url}/widget.js" data-instance-id="${p.seeded.instanceId}" data-flow-id="Default inbound chat"
  data-fields="name*:Your name,email:Email" data-greeting="Hello from the shop" async></script></body></html>`;

  /** The conversation as the customer sees it: the text of every bubble, in order. */
  const bubbles = (pg: Page) => pg.locator('.log .msg:not(.greeting):not(.pending) .bubble').allInnerTexts();
  const waitForBubble = (pg: Page, text: string) => pg.locator('.log .msg .bubble', { hasText: text }).first().waitFor();
  const agentSays = (text: string) => p.participant.send(new SendMessageCommand({ ConnectionToken: agent.connectionToken, ContentType: 'text/plain', Content: text }));
  const agentTranscript = async () =>
    (await p.participant.send(new GetTranscriptCommand({ ConnectionToken: agent.connectionToken, MaxResults: 100, SortOrder: 'ASCENDING' }))).Transcript!;
  const count = (list: string[], text: string) => list.filter((t) => t.includes(text)).length;

  async function customerSays(pg: Page, text: string) {
    const box = pg.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
  }

  async function newPage(context: BrowserContext): Promise<Page> {
    const pg = await context.newPage();
    // Below vitest's 30 s, so that a wait that never ends fails with Playwright's message naming it.
    pg.setDefaultTimeout(10_000);
    return pg;
  }

  beforeAll(async () => {
    p = await startTestParley();
    site = await serveStatic({ '/': { type: 'text/html; charset=utf-8', body: '' } });
    browser = await launchChromium();
    laptop = await browser.newContext({ viewport: { width: 1024, height: 720 } });
    escaped = await guardLoopback(laptop);
    page = await newPage(laptop);
  });

  afterAll(async () => {
    agent?.socket.close();
    agent?.agent.close();
    await browser?.close();
    await site?.close();
    await p?.stop();
  });

  it('is added with one script tag, asks for a name, starts the chat and shows the flow greeting', async () => {
    await site.close();
    site = await serveStatic({ '/': { type: 'text/html; charset=utf-8', body: shopPage() } });
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('textbox', { name: 'Your name' }).fill('Dana');
    await page.getByRole('textbox', { name: 'Email' }).fill('dana@example.com');
    await snap(page, ARTIFACTS, '1-prechat');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await waitForBubble(page, DEFAULT_GREETING);
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    const stored = await page.evaluate((key) => localStorage.getItem(key), `parley-widget:${p.url}:${p.seeded.instanceId}`);
    contactId = (JSON.parse(stored!) as { contactId: string }).contactId;
    agent = await connectAgent(p, { contactId } as TestChat);
    await page.getByText(/joined the chat/).first().waitFor();
    await snap(page, ARTIFACTS, '2-greeting');
    expect(escaped).toEqual([]);
  });

  it('sends and receives messages, markdown rendered as text-safe markup', async () => {
    await customerSays(page, 'My order is **late** <img src=x onerror=alert(1)>');
    await agent.socket.waitForItem((i) => String(i.Content).startsWith('My order is'));
    await agentSays('Sorry to hear that, Dana. Let me check.');
    await waitForBubble(page, 'Let me check.');
    const strong = page.locator('.log .msg.mine strong', { hasText: 'late' });
    await strong.waitFor();
    // The tag was shown as text, never made an element.
    expect(await page.locator('.log img').count()).toBe(0);
    expect(await page.locator('.log .msg.mine .bubble').first().innerText()).toContain('<img src=x onerror=alert(1)>');
    await snap(page, ARTIFACTS, '3-conversation');
  });

  it('shows typing both ways, reads what it shows (read receipt), sends a file and answers a list picker', async () => {
    await p.participant.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: `${EVENT}typing` }));
    await page.getByText('Alice is typing…').waitFor();
    await page.getByRole('textbox', { name: 'Message' }).pressSequentially('Hm');
    await agent.socket.waitForItem((i) => i.ContentType === `${EVENT}typing` && i.ParticipantRole === 'CUSTOMER');
    await page.getByRole('textbox', { name: 'Message' }).fill('');

    const asked = await agentSays('Is this your order?');
    const receipt = await agent.socket.waitForItem((i) => i.Type === 'MESSAGEMETADATA' && (i.MessageMetadata as { MessageId: string }).MessageId === asked.Id!);
    expect((receipt.MessageMetadata as { Receipts: { ReadTimestamp?: string }[] }).Receipts[0].ReadTimestamp).toBeTruthy();

    await page.locator('input[type=file]').setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('order A-17, paid') });
    const file = await agent.socket.waitForItem((i) => i.Type === 'ATTACHMENT');
    expect(file.Attachments).toEqual([expect.objectContaining({ AttachmentName: 'receipt.txt', ContentType: 'text/plain' })]);
    await page.getByRole('button', { name: /receipt\.txt/ }).waitFor();

    const picker = { templateType: 'ListPicker', version: '1.0', data: { content: { title: 'Which one is late?', elements: [{ title: 'Trail 29' }, { title: 'City Glide' }] } } };
    await p.participant.send(new SendMessageCommand({ ConnectionToken: agent.connectionToken, ContentType: INTERACTIVE, Content: JSON.stringify(picker) }));
    await page.getByRole('group', { name: 'Which one is late?' }).waitFor();
    await snap(page, ARTIFACTS, '3b-list-picker');
    await page.getByRole('button', { name: 'City Glide' }).click();
    const answer = await agent.socket.waitForItem((i) => i.ParticipantRole === 'CUSTOMER' && i.Content === 'City Glide');
    expect(answer.ContentType).toBe('text/plain');
    expect(await page.getByRole('button', { name: 'Trail 29' }).isDisabled()).toBe(true);
  });

  it('after a reload continues the same chat, showing its history once', async () => {
    await page.reload();
    await waitForBubble(page, 'Let me check.');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    const seen = await bubbles(page);
    expect(count(seen, DEFAULT_GREETING)).toBe(1);
    expect(count(seen, 'My order is')).toBe(1);
    expect(count(seen, 'Let me check.')).toBe(1);
    await customerSays(page, 'Still here after a reload');
    const got = await agent.socket.waitForItem((i) => i.Content === 'Still here after a reload');
    expect(got.ContactId).toBe(contactId);
    await snap(page, ARTIFACTS, '4-after-reload');
  });

  it('continues on a second device through the resume link', async () => {
    await page.getByRole('button', { name: 'More options' }).click();
    await page.getByRole('button', { name: 'Continue on another device' }).click();
    const link = await page.getByRole('textbox', { name: 'Continue on another device' }).inputValue();
    expect(link).toContain('#parley-resume=');
    await snap(page, ARTIFACTS, '5-resume-link');
    // Escape closes the popup, and the menu is reachable again.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Continue on another device' }).waitFor({ state: 'detached' });

    const phone = await browser.newContext({ viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true });
    const phonePage = await newPage(phone);
    await phonePage.goto(link);
    await waitForBubble(phonePage, 'Still here after a reload');
    // The secret left the address bar.
    expect(phonePage.url()).not.toContain('parley-resume');
    await customerSays(phonePage, 'Now writing from my phone');
    await agent.socket.waitForItem((i) => i.Content === 'Now writing from my phone');
    await waitForBubble(page, 'Now writing from my phone');
    expect(count(await bubbles(phonePage), 'Now writing from my phone')).toBe(1);
    await snap(phonePage, ARTIFACTS, '6-second-device-phone');
    await phone.close();
  });

  it('after a network drop gets every message sent meanwhile once, in order, and delivers what it sent offline once', async () => {
    const transcriptCalls: unknown[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/participant/transcript') transcriptCalls.push(r.postDataJSON());
    });
    await laptop.setOffline(true);
    // The network is gone for the server too: its end of the socket is cut, as a drop would.
    expect(p.hub.dropSockets(await customerParticipantId())).toBeGreaterThan(0);
    await page.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
    for (const n of [1, 2, 3]) await agentSays(`While you were away ${n}`);
    await customerSays(page, 'Typed while offline');
    await page.locator('.log .msg.pending', { hasText: 'Typed while offline' }).waitFor();
    await snap(page, ARTIFACTS, '7-offline');

    await laptop.setOffline(false);
    await waitForBubble(page, 'While you were away 3');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await agent.socket.waitForItem((i) => i.Content === 'Typed while offline');
    await page.locator('.log .msg.pending').waitFor({ state: 'detached' });
    const seen = await bubbles(page);
    expect(seen.filter((t) => t.startsWith('While you were away'))).toEqual(['While you were away 1', 'While you were away 2', 'While you were away 3']);
    expect(count(seen, 'Typed while offline')).toBe(1);
    expect((await agentTranscript()).filter((i) => i.Content === 'Typed while offline')).toHaveLength(1);
    // The gap was filled from the transcript, not merely pushed on the new socket.
    expect(transcriptCalls).toContainEqual(expect.objectContaining({ ScanDirection: 'FORWARD', StartPosition: { Id: expect.any(String) } }));
    await snap(page, ARTIFACTS, '8-back-online');
  });

  it('ends the chat, then a new chat continues the history (persistent chat)', async () => {
    await page.getByRole('button', { name: 'More options' }).click();
    await page.getByRole('button', { name: 'End chat' }).click();
    await page.getByRole('button', { name: 'Yes, end it' }).click();
    await page.getByText('This chat has ended.').first().waitFor();
    await snap(page, ARTIFACTS, '9-ended');
    await page.getByRole('button', { name: 'Start a new chat' }).click();
    await page.getByRole('separator').filter({ hasText: 'New conversation' }).waitFor();
    await waitForBubble(page, 'Typed while offline');
    const seen = await bubbles(page);
    expect(count(seen, 'Typed while offline')).toBe(1);
    expect(count(seen, DEFAULT_GREETING)).toBe(2);
    await snap(page, ARTIFACTS, '10-continued');
  });

  it('the demo site at / embeds the widget by its script tag and shows the tour and the demo logins', async () => {
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const demo = await newPage(visitor);
    await demo.goto(`${p.url}/`);
    await demo.getByRole('heading', { name: /seed scenario/ }).waitFor();
    for (const [name, u] of Object.entries(p.seeded.demoUsers)) {
      await demo.getByRole('cell', { name, exact: true }).waitFor();
      await demo.getByRole('cell', { name: u.password, exact: true }).waitFor();
    }
    expect(await demo.locator('pre.snippet').innerText()).toContain(`data-instance-id="${p.seeded.instanceId}"`);
    await demo.getByRole('button', { name: 'Open chat' }).click();
    await demo.getByRole('textbox', { name: 'Your name' }).waitFor();
    // The script also hands pages the client library.
    expect(await demo.evaluate(() => typeof (window as unknown as { ParleyWidget: { ChatSession: unknown } }).ParleyWidget.ChatSession)).toBe('function');
    await snap(demo, ARTIFACTS, '11-demo-site');
    await visitor.close();
  });

  it(`is at most ${BUDGET_BYTES / 1024} KB gzipped`, () => {
    const gz = zlib.gzipSync(fs.readFileSync(WIDGET_JS)).length;
    console.log(`widget.js: ${(gz / 1024).toFixed(1)} KB gzipped`);
    expect(gz).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  /** The customer's participant id, as the widget stored it. */
  async function customerParticipantId(): Promise<string> {
    const stored = await page.evaluate((key) => localStorage.getItem(key), `parley-widget:${p.url}:${p.seeded.instanceId}`);
    return (JSON.parse(stored!) as { participantId: string }).participantId;
  }
});
