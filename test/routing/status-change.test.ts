import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentSnapshot } from '../../src/app/agents/snapshot.js';
import { AgentApiError, TestAgent } from '../helpers/agent.js';
import { startChat } from '../helpers/chat.js';
import type { TestParley } from '../helpers/parley.js';
import { TEST_STORES } from '../helpers/stores.js';

/**
 * An agent's status change on every store (PostgreSQL decides the plain case in one statement:
 * status-at-once.ts; the rest goes through status.ts's transaction): what applies at once, what
 * becomes the next status, when the status and idle clocks restart, and every refusal. And what
 * each such call reads first and answers with: the session's permissions (the single profile's
 * joined to the session, sessions.ts) and the snapshot (one statement on PostgreSQL,
 * snapshot-at-once.ts), the same as read the general way.
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
    /** The answer of a status change is the snapshot a read after it gives (read the general way: two statements). */
    const answered = async (a: TestAgent, status: string) => {
      const answer = await a.setStatus(status);
      expect(answer).toEqual(await agentSnapshot({ ...p.deps.db, autocommit: undefined }, p.deps.config, a.userId, Date.now()));
      return answer;
    };
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
      const arn = (await answered(alice, 'Break')).AgentStatus.ARN;
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
      expect(await answered(bob, 'Break')).toMatchObject({ AgentStatus: { Name: 'Available' }, NextAgentStatus: { Name: 'Break' } });
      expect(await agentRow(bob.userId)).toMatchObject({ status_id: statusIds.available, next_status_id: statusIds.break, status_since: since });
      expect(await answered(bob, 'Available')).toMatchObject({ AgentStatus: { Name: 'Available' }, NextAgentStatus: null });
      expect(await agentRow(bob.userId)).toMatchObject({ status_id: statusIds.available, next_status_id: null, status_since: since });
      await bob.setStatus('Offline');
      expect(await agentRow(bob.userId)).toMatchObject({ status_id: statusIds.available, next_status_id: statusIds.offline });
    });

    it('answers with the snapshot the two-statement read gives, contacts included', async () => {
      const alice = await login('alice');
      await alice.setStatus('Available');
      const first = await startChat(p, { Attributes: { tier: 'gold' } });
      const second = await startChat(p);
      await alice.nextOffer(first.contactId);
      await alice.nextOffer(second.contactId);
      await alice.accept(first.contactId);
      const wall = Date.now();
      const generalWay = { ...p.deps.db, autocommit: undefined };
      const snap = await agentSnapshot(p.deps.db, p.deps.config, alice.userId, wall);
      expect(snap.Contacts.map((c) => c.ContactId).sort()).toEqual([first.contactId, second.contactId].sort());
      expect(snap.Contacts.find((c) => c.ContactId === first.contactId)).toMatchObject({ State: 'CONNECTED', Attributes: { tier: 'gold' } });
      expect(snap).toEqual(await agentSnapshot(generalWay, p.deps.config, alice.userId, wall));
      await expect(agentSnapshot(p.deps.db, p.deps.config, 'no-such-user', wall)).rejects.toThrow(/no-such-user/);
    });

    it('gives a session its security profiles’ permissions however many they are', async () => {
      const alice = await login('alice');
      const ids = p.seeded.securityProfileIds;
      const withProfiles = (json: string) => p.deps.db.write((tx) => tx.updateTable('users').set({ security_profile_ids: json }).where('id', '=', alice.userId).execute());
      const status = (path: string) => alice.call('GET', path).then(() => 200, (e: unknown) => (e instanceof AgentApiError ? e.status : e));
      const cases: [string, number, number][] = [
        [JSON.stringify([ids.Agent]), 200, 403],
        [JSON.stringify([ids.Agent, ids.Supervisor]), 200, 200],
        [`[ "${ids.Agent}" ]`, 200, 403],
        ['[]', 403, 403],
        [JSON.stringify(['no-such-profile']), 403, 403],
      ];
      try {
        for (const [json, me, agents] of cases) {
          await withProfiles(json);
          expect([json, await status('/agent/v1/me'), await status('/agent/v1/agents')]).toEqual([json, me, agents]);
        }
      } finally {
        await withProfiles(JSON.stringify([ids.Agent]));
      }
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
