import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';

/**
 * A route answered without Fastify: true when it took the request, false to leave it, unread, to
 * Fastify. For the few requests that every chat makes all the time (participant/fast-send.ts).
 */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Fastify's `serverFactory`: the HTTP server Fastify makes itself (its timeouts and limits, as
 * lib/server.js sets them), whose requests go to `route()` first. `route` is read per request, so
 * that it can be set once the app it needs is built; until then every request goes to Fastify.
 */
export const serverWithRawRoute =
  (route: () => RawRoute | null): FastifyServerFactory =>
  (handler, opts) => {
    const server = http.createServer((req, res) => {
      if (!route()?.(req, res)) handler(req, res);
    });
    const o = opts as { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; maxRequestsPerSocket: number };
    server.keepAliveTimeout = o.keepAliveTimeout;
    server.requestTimeout = o.requestTimeout;
    server.setTimeout(o.connectionTimeout);
    if (o.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = o.maxRequestsPerSocket;
    return server;
  };
