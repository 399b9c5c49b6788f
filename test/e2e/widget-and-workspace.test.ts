import fs from 'node:fs';
import path from 'node:path';
import { GetCurrentUserDataCommand } from '@aws-sdk/client-connect';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCONNECT_TEXTS } from '../../src/core/flow/default-flows.js';
import { WEB_DIR } from '../../src/http/web/static-routes.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { browserSkipReason, launchChromium, snap } from './browser.js';
import { openContext, WidgetPage, WorkspacePage } from './pages.js';

// The customer widget (on the demo site) and the agent workspace in Chromium, each in its own
// browser context, against one Parley: what each person sees of the other's actions.
const ARTIFACTS = 'widget-and-workspace';
const skip = browserSkipReason();

describe.skipIf(skip !== null)(`the widget and the workspace together${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let p: TestParley;
  let browser: Browser;
  let customer: WidgetPage;
  let alice: WorkspacePage;
  let contactId: string;
  const escaped: string[][] = [];

  /** The agent's status as Parley reports it (the real Connect API). */
  const statusOf = async (userId: string) =>
    (await p.connect.send(new GetCurrentUserDataCommand({ InstanceId: p.seeded.instanceId, Filters: { Agents: [userId] } }))).UserDataList?.[0]?.Status?.StatusName;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIR, 'workspace/index.html'))) throw new Error('the web apps are not built: run `npm run build:web` first');
    p = await startTestParley();
    browser = await launchChromium();
    const agentSide = await openContext(browser);
    const customerSide = await openContext(browser, { width: 1024, height: 760 });
    escaped.push(agentSide.escaped, customerSide.escaped);
    alice = new WorkspacePage(agentSide.page);
    customer = new WidgetPage(customerSide.page, `parley-widget:${p.url}:${p.seeded.instanceId}`);
  });

  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  it('a customer starts a chat in the widget, an agent accepts in the workspace, and they talk both ways with markdown, an attachment, typing and read receipts', async () => {
    await alice.logInAvailable(p.url, 'alice', p.seeded.demoUsers.alice.password);
    await expect.poll(() => statusOf(p.seeded.demoUsers.alice.id)).toBe('Available');
    await customer.startChat(`${p.url}/`, 'Dana');
    contactId = await customer.contactId();

    await alice.offers(contactId).waitFor();
    await alice.accept(contactId);
    await customer.event('Alice joined the chat').waitFor();

    // Typing, each way (first: a client sends at most one typing event per 5 s, and the fill of a message counts).
    await customer.composer().pressSequentially('Hm');
    await alice.panel().getByText('Dana is typing…').waitFor();
    await customer.composer().fill('');
    await alice.composer().pressSequentially('One');
    await customer.page.getByText('Alice is typing…').waitFor();
    await snap(customer.page, ARTIFACTS, '1-customer-sees-typing');
    await alice.composer().fill('');

    // Markdown the customer writes is shown formatted to the agent, never as raw asterisks.
    await customer.say('My order is **late**, can you check?');
    await alice.message('My order is').locator('strong', { hasText: 'late' }).waitFor();
    expect(await alice.message('My order is').innerText()).not.toContain('**');
    // The agent's tab is open, so the agent has read it: the widget says so under the customer's message.
    await customer.bubble('My order is').locator('.receipt', { hasText: 'Read' }).waitFor();

    await alice.say('Sorry, Dana. Your order **ships today**.');
    await customer.bubble('Your order').locator('strong', { hasText: 'ships today' }).waitFor();
    expect(await customer.bubble('Your order').innerText()).not.toContain('**');
    // The widget is open and visible, so the customer has read it: the workspace says so under it.
    await alice.message('Your order').locator('.receipt-read').waitFor();
    await snap(customer.page, ARTIFACTS, '2-customer-talking');
    await snap(alice.page, ARTIFACTS, '2-agent-talking');

    // Files, each way: the other side gets a link that opens the file.
    await customer.attach('receipt.txt', 'order A-17, paid');
    const theirs = alice.transcript().getByRole('button', { name: /receipt\.txt/ });
    await theirs.waitFor();
    const download = alice.page.waitForEvent('download');
    await theirs.click();
    expect(fs.readFileSync(await (await download).path(), 'utf8')).toBe('order A-17, paid');
    await alice.panel().getByLabel('Attach a file').setInputFiles({ name: 'invoice.txt', mimeType: 'text/plain', buffer: Buffer.from('Invoice A-17') });
    await customer.page.locator('.log').getByRole('button', { name: /invoice\.txt/ }).waitFor();
    await snap(customer.page, ARTIFACTS, '3-customer-files');
    await snap(alice.page, ARTIFACTS, '3-agent-files');
  });

  it("the seed scenario: the agent asks 'Are you there?' and leaves, the customer writes 'Hey, I'm back' and is routed back to the same agent", async () => {
    // Bob is Available first and then idle longer than Alice: routed by BasicQueue, the chat would be his.
    const bobSide = await openContext(browser);
    escaped.push(bobSide.escaped);
    const bob = new WorkspacePage(bobSide.page);
    await bob.logInAvailable(p.url, 'bob', p.seeded.demoUsers.bob.password);
    await expect.poll(() => statusOf(p.seeded.demoUsers.bob.id)).toBe('Available');
    p.clock.advance(60_000);
    await p.settle();

    await alice.panel().getByRole('button', { name: 'Are you there?' }).click();
    await alice.composer().press('Enter');
    await customer.bubble('Are you there?').waitFor();
    await alice.endChat(contactId);
    await customer.event('Alice left the chat').waitFor();
    await customer.bubble(DISCONNECT_TEXTS.agentLeft).waitFor();
    await snap(customer.page, ARTIFACTS, '4-customer-agent-left');
    await alice.clear(contactId);
    await expect.poll(() => statusOf(p.seeded.demoUsers.alice.id)).toBe('Available');

    await customer.say("Hey, I'm back");
    await customer.bubble(DISCONNECT_TEXTS.welcomeBack).waitFor();
    const offer = alice.offers().first();
    await offer.waitFor();
    const returned = (await offer.getAttribute('data-contact-id'))!;
    // Offered from Alice's own agent queue, not BasicQueue.
    expect(await offer.textContent()).toContain('Incoming chat from alice');
    await snap(alice.page, ARTIFACTS, '5-agent-offer-again');
    await alice.accept(returned);
    await p.settle();
    // Bob, though idle longer, was never offered the chat: it went to Alice's own queue.
    expect(await bob.offers().count()).toBe(0);
    expect(await bob.page.getByRole('tab').count()).toBe(0);

    // The conversation goes on, with what was said before the agent left.
    await alice.message("Hey, I'm back").waitFor();
    await alice.message('Are you there?').waitFor();
    await alice.say('Welcome back, Dana!');
    await customer.bubble('Welcome back, Dana!').waitFor();
    await customer.say('Thanks, all good now');
    await alice.message('Thanks, all good now').waitFor();
    await snap(customer.page, ARTIFACTS, '6-customer-back');
    await snap(alice.page, ARTIFACTS, '6-agent-back');

    // The other branch: the agent leaves again and the customer stays silent for the whole Wait.
    await alice.endChat(returned);
    await expect.poll(() => customer.bubble(DISCONNECT_TEXTS.agentLeft).count()).toBe(2);
    p.clock.advance(15 * 60_000);
    await p.settle();
    await customer.bubble(DISCONNECT_TEXTS.timedOut).waitFor();
    await customer.page.getByText('This chat has ended.').first().waitFor();
    await customer.page.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await snap(customer.page, ARTIFACTS, '7-customer-chat-ended');
    expect(escaped.flat()).toEqual([]);
  });
});
