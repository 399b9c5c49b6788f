import fs from 'node:fs';
import http from 'node:http';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestParley } from '../helpers/parley.js';

/** The first bytes of GET /metrics/live/{id} (status, content type, body so far), read with node:http so that the stream can be dropped at once. */
export function openStream(p: TestParley, instanceId: string, token?: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${p.url}/metrics/live/${instanceId}`, { agent: false, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        // An error answer is one JSON body; a stream is done for this check at its first board.
        if (res.statusCode !== 200 || body.includes('event: board')) {
          req.destroy();
          resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body });
        }
      });
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
  });
}

/** Reading the console's dashboards (src/web/console/dashboards) in a page. */
export class DashboardsPage {
  constructor(readonly page: Page) {}

  /** Logs a user in to the console and opens the live board. */
  async open(baseUrl: string, username: string, password: string): Promise<void> {
    await this.page.goto(`${baseUrl}/admin/`);
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Dashboards' }).click();
    await this.page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  }

  /** A figure of the live board: a queue's row (or `total`), a metric's column. */
  boardCell(row: string, metric: string) {
    return this.page.locator(`table.board tr[data-queue-id="${row}"] td[data-metric="${metric}"]`);
  }

  /** Waits until the board shows these figures in the row (the server pushes within a second of a change). */
  async boardShows(row: string, figures: Record<string, string>): Promise<void> {
    for (const [metric, text] of Object.entries(figures)) await expect.poll(() => this.boardCell(row, metric).textContent(), { timeout: 10_000, message: `${row} ${metric}` }).toBe(text);
  }

  /** Waits until the summary table shows these figures in the row of `label`. */
  async summaryShows(label: string, figures: Record<string, string>): Promise<void> {
    const row = this.page.locator('table.summary-table tr', { has: this.page.getByRole('rowheader', { name: label, exact: true }) });
    for (const [metric, text] of Object.entries(figures)) await expect.poll(() => row.locator(`td[data-metric="${metric}"]`).textContent(), { timeout: 10_000, message: `${label} ${metric}` }).toBe(text);
  }

  /** Sends the historical form. */
  async show(): Promise<void> {
    await this.page.getByRole('button', { name: 'Show' }).click();
  }

  /** Clicks a Download CSV button; the file's name and its lines. */
  async download(buttonName: string): Promise<{ name: string; lines: string[] }> {
    const [file] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: buttonName }).click()]);
    return { name: file.suggestedFilename(), lines: fs.readFileSync(await file.path(), 'utf8').trimEnd().split('\r\n') };
  }
}
