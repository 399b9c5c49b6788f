import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { guardLoopback } from './browser.js';

/**
 * Page helpers for browser tests that drive the customer widget and the agent workspace
 * together, each in its own browser context (its own storage, as two people's browsers).
 */

/** A fresh browser context with one page, its requests kept on 127.0.0.1; `escaped` lists any that were not. */
export async function openContext(browser: Browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const escaped = await guardLoopback(context);
  const page = await context.newPage();
  // Below vitest's timeout, so that a wait that never ends fails with Playwright's message naming it.
  page.setDefaultTimeout(10_000);
  return { context, page, escaped };
}

/** The customer's side: the widget as the demo site embeds it. */
export class WidgetPage {
  constructor(
    readonly page: Page,
    private readonly storageKey: string,
  ) {}

  /** Opens the demo site at `siteUrl`, fills the pre-chat form and waits until the chat is connected. */
  async startChat(siteUrl: string, name: string): Promise<void> {
    await this.page.goto(siteUrl);
    await this.page.getByRole('button', { name: 'Open chat' }).click();
    await this.page.getByRole('textbox', { name: 'Your name' }).fill(name);
    await this.page.getByRole('button', { name: 'Start chat' }).click();
    await this.status('Connected').waitFor();
  }

  /** The connection status line ("Connected", "Reconnecting…"). */
  status(text: string): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** The messages of the chat (not the local greeting) containing `text` (case-insensitive). */
  bubble(text: string | RegExp): Locator {
    return this.page.locator('.log .msg:not(.pending):not(.greeting)').filter({ hasText: text });
  }

  /** A one-line event in the conversation ("Alice joined the chat"). */
  event(text: string | RegExp): Locator {
    return this.page.locator('.log .event').filter({ hasText: text });
  }

  composer(): Locator {
    return this.page.getByRole('textbox', { name: 'Message' });
  }

  async say(text: string): Promise<void> {
    await this.composer().fill(text);
    await this.composer().press('Enter');
  }

  async attach(name: string, body: string): Promise<void> {
    await this.page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });
  }

  /** The contact the widget keeps in its storage (to find the same chat in the workspace). */
  async contactId(): Promise<string> {
    const stored = await this.page.evaluate((key) => localStorage.getItem(key), this.storageKey);
    return (JSON.parse(stored!) as { contactId: string }).contactId;
  }
}

/** The agent's side: the workspace at /agent/. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  /** Logs in to the demo instance and sets the status to Available. */
  async logInAvailable(baseUrl: string, username: string, password: string): Promise<void> {
    await this.page.goto(`${baseUrl}/agent/`);
    await expect.poll(() => this.page.getByLabel('Instance').inputValue()).toBe('parley-demo');
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await this.page.getByRole('status', { name: 'Connection: Online' }).waitFor();
    await this.page.getByLabel('Status').selectOption({ label: 'Available' });
  }

  /** Offers ringing in this workspace (all, or the one for `contactId`). */
  offers(contactId?: string): Locator {
    return this.page.locator(contactId ? `.offer[data-contact-id="${contactId}"]` : '.offer');
  }

  tab(contactId: string): Locator {
    return this.page.locator(`[role=tab][data-contact-id="${contactId}"]`);
  }

  /** Accepts the offer for `contactId` and waits for its connected tab. */
  async accept(contactId: string): Promise<void> {
    await this.offers(contactId).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => this.tab(contactId).textContent()).toContain('Connected');
  }

  panel(): Locator {
    return this.page.getByRole('tabpanel');
  }

  transcript(): Locator {
    return this.panel().getByRole('log', { name: 'Transcript' });
  }

  message(text: string | RegExp): Locator {
    return this.transcript().locator('.msg:not(.pending)').filter({ hasText: text });
  }

  composer(): Locator {
    return this.panel().getByLabel('Message', { exact: true });
  }

  async say(text: string): Promise<void> {
    await this.composer().fill(text);
    await this.composer().press('Enter');
  }

  /** Ends the open chat (the agent leaves) and waits for after-contact work. */
  async endChat(contactId: string): Promise<void> {
    await this.panel().getByRole('button', { name: 'End chat' }).click();
    await expect.poll(() => this.tab(contactId).textContent()).toContain('After-contact work');
  }

  /** Clears the open tab (after-contact work) and waits until its tab is gone. */
  async clear(contactId: string): Promise<void> {
    await this.panel().getByRole('button', { name: 'Clear' }).click();
    await this.tab(contactId).waitFor({ state: 'detached' });
  }
}
