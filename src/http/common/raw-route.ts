import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * A route answered without Fastify: true when it took the request, false to leave it, unread, to
 * Fastify. For the few requests that every chat makes all the time (participant/send-without-fastify.ts).
 */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts `route()` in front of Fastify on the server Fastify made (its timeouts, limits and address
 * bindings stay Fastify's own): each request goes to the route first, and to Fastify unless the
 * route took it. `route` is read per request, so that it can be set once the app it needs is
 * built, and cleared at shutdown (Fastify then answers 503). Call it before anything else listens
 * for requests. A second address Fastify binds for a host name (`localhost`: ::1 and 127.0.0.1)
 * gets a server of its own, which answers everything through Fastify.
 */
export function routeFirst(server: Server, route: () => RawRoute | null): void {
  const fastify = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (route()?.(req, res)) return;
    for (const handler of fastify) handler(req, res);
  });
}
