import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from '../common/reply-error.js';

/** Where `npm run build:web` writes the browser parts. */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The pages and where their files are: each app was built with its base path (scripts/build-web.mjs). */
const APPS = [
  { prefix: '/agent/', dir: 'workspace' },
  { prefix: '/admin/', dir: 'console' },
  { prefix: '/', dir: 'demo' },
] as const;

/**
 * Serves the built browser parts: the demo site at `/`, the agent workspace at `/agent/`, the
 * admin console at `/admin/`, the widget at `/widget.js`. Hashed assets are cached for good, pages
 * and the widget briefly, so a new release reaches users without a stale mix. An unknown path
 * under an app gets the app's page (its client-side router decides); API paths are never answered
 * with a page.
 */
export function webRoutes(app: FastifyInstance): void {
  const send = (reply: FastifyReply, file: string, cache: string) => {
    const full = path.join(WEB_DIR, file);
    // Never serve outside the build directory, whatever the URL held.
    if (!full.startsWith(WEB_DIR + path.sep) || !fs.existsSync(full) || !fs.statSync(full).isFile()) return false;
    reply.header('content-type', TYPES[path.extname(full)] ?? 'application/octet-stream').header('cache-control', cache);
    reply.send(fs.createReadStream(full));
    return true;
  };
  const page = (reply: FastifyReply, dir: string) => {
    if (!send(reply, `${dir}/index.html`, 'no-cache')) sendError(reply, 'connect', 'UNKNOWN_OPERATION', 'The web pages are not built: run `npm run build:web` (npm start does it)');
  };

  app.get('/widget.js', (_req, reply) => {
    if (!send(reply, 'widget/widget.js', 'public, max-age=300')) sendError(reply, 'connect', 'UNKNOWN_OPERATION', 'The widget is not built: run `npm run build:web`');
  });
  app.get('/agent', (_req, reply) => reply.redirect('/agent/'));
  app.get('/admin', (_req, reply) => reply.redirect('/admin/'));
  for (const a of APPS) {
    app.get(`${a.prefix === '/' ? '' : a.prefix.slice(0, -1)}/*`, (req, reply) => {
      const rel = decodeURIComponent(req.url.split('?')[0].slice(a.prefix.length));
      if (a.prefix === '/agent/' && rel.startsWith('v1/')) return sendError(reply, 'agent', 'UNKNOWN_OPERATION', `No operation at ${req.method} ${req.url.split('?')[0]}`);
      if (rel.startsWith('assets/') && send(reply, `${a.dir}/${rel}`, 'public, max-age=31536000, immutable')) return;
      if (rel.includes('.') && send(reply, `${a.dir}/${rel}`, 'no-cache')) return;
      if (a.prefix === '/' && rel !== '') return sendError(reply, 'connect', 'UNKNOWN_OPERATION', `No operation at ${req.method} ${req.url.split('?')[0]}`);
      page(reply, a.dir);
    });
  }
}
