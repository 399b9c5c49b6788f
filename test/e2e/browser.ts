import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: browser tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why the browser tests cannot run on this machine, or null when they can. In CI a missing
 * browser is not a reason: the caller runs the tests anyway and they fail at launch.
 */
export function browserSkipReason(): string | null {
  if (fs.existsSync(CHROMIUM_PATH)) return null;
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (process.env.CI === 'true') return null;
  console.warn(`skipping browser tests: ${reason}`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; CI must provide it`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Belt and braces with guardLoopback: no host name resolves, so nothing can leave the machine.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

export interface StaticFile {
  type: string;
  body: string | Buffer;
}

/** Serves fixed files on a free 127.0.0.1 port: the page under test comes from another origin than the API. */
export async function serveStatic(files: Record<string, StaticFile>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Aborts every request of the context that is not to 127.0.0.1 (and every WebSocket elsewhere)
 * and records it, so a test can assert that nothing tried to leave the machine.
 */
export async function guardLoopback(context: BrowserContext): Promise<string[]> {
  const escaped: string[] = [];
  const local = (url: string) => {
    const u = new URL(url);
    return u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:';
  };
  await context.route(
    (url) => !local(url.href),
    (route) => {
      escaped.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  await context.routeWebSocket(
    (url) => !local(url.href),
    (ws) => {
      escaped.push(ws.url());
      return ws.close();
    },
  );
  return escaped;
}

/**
 * Lets `ms` of timers elapse in the page at once (page.clock must be installed) while its wall
 * clock stays with the server's. Playwright runs timers on a tick line separate from Date, so
 * winding Date back first keeps `Date.now()` in the page equal to real time afterwards: chatjs
 * computes its next token refresh from Date and the server's expiries are real time.
 */
export async function elapse(page: Page, ms: number): Promise<void> {
  await page.clock.setSystemTime(Date.now() - ms);
  await page.clock.fastForward(ms);
}

/** Saves a screenshot under test-results/<dir>/ as a test artifact. */
export async function snap(page: Page, dir: string, name: string): Promise<void> {
  const file = path.resolve('test-results', dir, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

/**
 * Holds the next request to `url` with `method` until released: a slow network, made
 * deterministic, so that something can happen on the server while the client waits.
 */
export async function requestGate(page: Page, url: string, method: string) {
  let armed: { arrived: () => void; release: Promise<void> } | null = null;
  await page.route(url, async (route) => {
    const held = armed;
    if (held && route.request().method() === method) {
      armed = null;
      held.arrived();
      await held.release;
    }
    await route.fallback();
  });
  return {
    /** Holds the next matching request; `arrived` resolves when it is held, `release` lets it go. */
    arm(): { arrived: Promise<void>; release: () => void } {
      let arrived!: () => void;
      let release!: () => void;
      const arrivedP = new Promise<void>((r) => (arrived = r));
      armed = { arrived, release: new Promise<void>((r) => (release = r)) };
      return { arrived: arrivedP, release };
    },
  };
}
