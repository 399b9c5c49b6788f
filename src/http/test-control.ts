import type { FastifyInstance } from 'fastify';
import { SimulatedClock } from '../adapters/clock/simulated-clock.js';
import type { Clock } from '../core/ports.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Test-only control of the domain clock, for tests that run the server as a child process.
 * Registered only when PARLEY_TEST_CONTROL=1, and answers only requests from loopback.
 */
export function testControlRoutes(app: FastifyInstance, clock: Clock): void {
  if (!(clock instanceof SimulatedClock)) return;
  app.get('/_test/clock', async (req, reply) => {
    if (!LOOPBACK.has(req.ip)) return reply.status(403).send();
    return { now: clock.now() };
  });
  app.post<{ Body: { advanceMs?: number; setMs?: number } }>('/_test/clock', async (req, reply) => {
    if (!LOOPBACK.has(req.ip)) return reply.status(403).send();
    const { advanceMs, setMs } = req.body ?? {};
    if (typeof setMs === 'number') clock.set(setMs);
    else if (typeof advanceMs === 'number') clock.advance(advanceMs);
    return { now: clock.now() };
  });
}
