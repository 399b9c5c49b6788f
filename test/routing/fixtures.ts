import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, CreateRoutingProfileCommand, CreateUserCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { hashPassword } from '../../src/app/agents/passwords.js';
import { createFlow, flowOf, hangUp } from '../flows/kit.js';
import type { TestParley } from '../helpers/parley.js';

/** The password of every agent of the fixture (Connect's rule: upper, lower, digit). */
export const AGENT_PASSWORD = 'Rout1ng-load';

/** A team: a routing profile (queues by name with their priority, chats at once) and how many agents it has. */
export interface TeamSpec {
  name: string;
  concurrency: number;
  queues: Record<string, number>;
  agents: number;
}

export interface Team extends TeamSpec {
  id: string;
  /** Queue id → the profile's priority for it (lower first). */
  priorityOf: Map<string, number>;
}

export interface FixtureAgent {
  username: string;
  team: Team;
  /** Its place in the team: 0 is the one made with CreateUser. */
  index: number;
}

export interface CallCenter {
  queueIds: Record<string, string>;
  teams: Team[];
  agents: FixtureAgent[];
  /** A flow that queues the chat in the queue named by the attribute `queue`, with the QueuePriority of the attribute `priority` when given. */
  flowId: string;
}

let sharedHash: Promise<string> | null = null;

/**
 * Queues, routing profiles (through the SDK) and the teams' agents. The first agent of each team
 * is made with CreateUser; the others are inserted as CreateUser would store them, all sharing one
 * password hash (hashing is slow by design: hundreds of CreateUser calls would cost a minute of CPU).
 */
export async function buildCallCenter(p: TestParley, queueNames: readonly string[], specs: readonly TeamSpec[]): Promise<CallCenter> {
  const InstanceId = p.seeded.instanceId;
  const queueIds: Record<string, string> = {};
  for (const Name of queueNames) queueIds[Name] = (await p.connect.send(new CreateQueueCommand({ InstanceId, Name, HoursOfOperationId: p.seeded.basicHoursId }))).QueueId!;
  const teams: Team[] = [];
  for (const spec of specs) {
    const out = await p.connect.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Name: spec.name,
        Description: `${spec.name} (${spec.concurrency} chats at once)`,
        DefaultOutboundQueueId: queueIds[queueNames[0]],
        QueueConfigs: Object.entries(spec.queues).map(([q, Priority]) => ({ QueueReference: { QueueId: queueIds[q], Channel: 'CHAT' }, Priority, Delay: 0 })),
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: spec.concurrency }],
      }),
    );
    teams.push({ ...spec, id: out.RoutingProfileId!, priorityOf: new Map(Object.entries(spec.queues).map(([q, prio]) => [queueIds[q], prio])) });
  }
  const agents: FixtureAgent[] = [];
  const fixtureRows: { username: string; team: Team }[] = [];
  for (const team of teams)
    for (let i = 0; i < team.agents; i++) {
      const username = `${team.name.toLowerCase().replace(/\W+/g, '-')}-${i}`;
      agents.push({ username, team, index: i });
      if (i === 0)
        await p.connect.send(
          new CreateUserCommand({
            InstanceId,
            Username: username,
            Password: AGENT_PASSWORD,
            PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 },
            SecurityProfileIds: [p.seeded.securityProfileIds.Agent],
            RoutingProfileId: team.id,
          }),
        );
      else fixtureRows.push({ username, team });
    }
  await insertAgents(p, fixtureRows);
  const flow = await createFlow(
    p,
    flowOf(
      { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: '$.Attributes.queue' }, Transitions: { NextAction: 'priority', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      { Identifier: 'priority', Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '$.Attributes.priority' }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'bye' }, { ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
      },
      hangUp('bye'),
    ),
    { name: 'Queue by attributes' },
  );
  return { queueIds, teams, agents, flowId: flow.id };
}

/** Users and their agent rows as CreateUser writes them (Agent security profile, Offline, no after-contact work limit). */
async function insertAgents(p: TestParley, rows: { username: string; team: Team }[]): Promise<void> {
  sharedHash ??= hashPassword(AGENT_PASSWORD);
  const hash = await sharedHash;
  const now = p.clock.now();
  const instance_id = p.seeded.instanceId;
  await p.deps.db.write(async (tx) => {
    for (const r of rows) {
      const id = randomUUID();
      await tx
        .insertInto('users')
        .values({
          id,
          instance_id,
          username: r.username,
          password_hash: hash,
          identity: JSON.stringify({ FirstName: r.username }),
          phone_config: JSON.stringify({ PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 }),
          routing_profile_id: r.team.id,
          security_profile_ids: JSON.stringify([p.seeded.securityProfileIds.Agent]),
          tags: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await tx.insertInto('agents').values({ user_id: id, instance_id, status_id: p.seeded.statusIds.offline, status_since: now, next_status_id: null, idle_since: now }).execute();
    }
  });
}

/** A chat to start: the queue (by name) its flow puts it in, and its QueuePriority (none: Connect's default). */
export interface ChatSpec {
  queue: string;
  priority?: number;
}

export interface StartedChat {
  contactId: string;
  participantToken: string;
}

/** Starts the chats all at once through StartChatContact on the fixture's flow. */
export function startChats(p: TestParley, center: CallCenter, specs: readonly ChatSpec[]): Promise<StartedChat[]> {
  return Promise.all(
    specs.map(async (s) => {
      const out = await p.connect.send(
        new StartChatContactCommand({
          InstanceId: p.seeded.instanceId,
          ContactFlowId: center.flowId,
          ParticipantDetails: { DisplayName: 'Customer' },
          Attributes: { queue: center.queueIds[s.queue], ...(s.priority !== undefined ? { priority: String(s.priority) } : {}) },
        }),
      );
      return { contactId: out.ContactId!, participantToken: out.ParticipantToken! };
    }),
  );
}
