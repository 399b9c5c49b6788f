import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentApiError, TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { TEST_STORES } from '../helpers/stores.js';

/**
 * An agent's status change on every store (PostgreSQL decides the plain case in one statement:
 * status-at-once.ts; the rest goes through status.ts's transaction): what applies at once, what
 * becomes the next status, when the status and idle clocks restart, and every refusal.
 */
for (const store of TEST_STORES) {
  describe.skipIf(store.skip)(`an agent's status change (${store.name})`, () => {
    let p: TestParley;
    const open: TestAgent[] = [];
    beforeAll(async () => {
      p = await store.start();
    });
    afterEach(() => {
      for (const a of open.splice(0)) a.close();
    });
    afterAll(async () => {
      await p?.stop();
    });
    const login = async (name: string) => {
      const a = await TestAgent.login(p, name);
      open.push(a);
      return a;
    };
    const agentRow = (userId: string) =>
      p.deps.db.kysely.selectFrom('agents').select(['status_id', 'next_status_id', 'status_since', 'idle_since']).where('user_id', '=', userId).executeTakeFirstOrThrow();
    const refusal = (e: unknown) => (e instanceof AgentApiError ? { status: e.status, type: e.type } : e);

    it('applies a status at once, restarting the clocks only when it changes; by name, id or ARN', async () => {
      const alice = await login('alice');
      const { statusIds } = p.seeded;
      const snap = await alice.setStatus('Available');
      expect(snap).toMatchObject({ AgentStatus: { Name: 'Available' }, NextAgentStatus: null });
      const since = p.clock.now();
      expect(await agentRow(alice.userId)).toMatchObject({ status_id: statusIds.available, next_status_id: null, status_since: since, idle_since: since });
      p.clock.advance(5_000);
      await alice.setStatus(statusIds.available);
      expect(await agentRow(alice.userId)).toMatchObject({ status_id: statusIds.available, status_since: since, idle_since: since });
      const arn = (await alice.setStatus('Break')).AgentStatus.ARN;
      expect(await agentRow(alice.userId)).toMatchObject({ status_id: statusIds.break, status_since: since + 5_000, idle_since: since + 5_000 });
      p.clock.advance(1_000);
      await alice.setStatus(arn);
      expect(await agentRow(alice.userId)).toMatchObject({ status_id: statusIds.break, status_since: since + 5_000 });
      await alice.setStatus('Offline');
    });

    it('makes a status out of routing the next status while a contact is held, and the current one clears it', async () => {
      const bob = await login('bob');
      const { statusIds } = p.seeded;
      await bob.setStatus('Available');
      const chat = await startChat(p);
      await bob.nextOffer(chat.contactId);
      const since = Number((await agentRow(bob.userId)).status_since);
      p.clock.advance(1_000);
      expect(await bob.setStatus('Break')).toMatchObject({ AgentStatus: { Name: 'Available' }, NextAgentStatus: { Name: 'Break' } });
      expect(await agentRow(bob.userId)).toMatchObject({ status_id: statusIds.available, next_status_id: statusIds.break, status_since: since });
      expect(await bob.setStatus('Available')).toMatchObject({ AgentStatus: { Name: 'Available' }, NextAgentStatus: null });
      expect(await agentRow(bob.userId)).toMatchObject({ status_id: statusIds.available, next_status_id: null, status_since: since });
      await bob.setStatus('Offline');
      expect(await agentRow(bob.userId)).toMatchObject({ status_id: statusIds.available, next_status_id: statusIds.offline });
    });

    it('refuses an unknown status, a disabled one and an agent that is gone, changing nothing', async () => {
      const alice = await login('alice');
      await alice.setStatus('Available');
      const before = await agentRow(alice.userId);
      await expect(alice.setStatus('No such status').catch(refusal)).resolves.toMatchObject({ status: 404 });
      await p.deps.db.write((tx) => tx.updateTable('agent_statuses').set({ state: 'DISABLED' }).where('id', '=', p.seeded.statusIds.break).execute());
      await expect(alice.setStatus('Break').catch(refusal)).resolves.toMatchObject({ status: 400 });
      await p.deps.db.write((tx) => tx.updateTable('agent_statuses').set({ state: 'ENABLED' }).where('id', '=', p.seeded.statusIds.break).execute());
      expect(await agentRow(alice.userId)).toEqual(before);
      await p.deps.db.write((tx) => tx.deleteFrom('agents').where('user_id', '=', alice.userId).execute());
      await expect(alice.setStatus('Break').catch(refusal)).resolves.toMatchObject({ status: 404 });
    });
  });
}
