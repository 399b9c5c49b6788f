import type { Kysely, Migration } from 'kysely';

/**
 * Agents and routing: routing profiles (queues per channel with priority and delay, media
 * concurrency), security profiles, users (scrypt password hashes) with their live agent state,
 * agent statuses, quick connects, login sessions, presence leases of agent sockets, and the
 * agent's contacts (offers and the slots they hold). Agent queues are virtual: an agent's queue id
 * is the user's id (app/routing/agent-queue.ts).
 */
export const m008: Migration = {
  async up(db: Kysely<unknown>) {
    const named = (table: string) =>
      db.schema
        .createTable(table)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint(`${table}_name`, ['instance_id', 'name']);

    await named('routing_profiles')
      .addColumn('default_outbound_queue_id', 'text', (c) => c.notNull())
      .addColumn('media_concurrencies', 'text', (c) => c.notNull())
      .addColumn('agent_availability_timer', 'text', (c) => c.notNull().defaultTo('TIME_SINCE_LAST_ACTIVITY'))
      .addColumn('acw_seconds', 'integer')
      .execute();
    await db.schema
      .createTable('routing_profile_queues')
      .addColumn('routing_profile_id', 'text', (c) => c.notNull())
      .addColumn('queue_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('delay', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('routing_profile_queues_pk', ['routing_profile_id', 'queue_id', 'channel'])
      .execute();
    await db.schema.createIndex('routing_profile_queues_queue').on('routing_profile_queues').column('queue_id').execute();
    await named('security_profiles').addColumn('permissions', 'text', (c) => c.notNull()).execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('identity', 'text', (c) => c.notNull())
      .addColumn('phone_config', 'text', (c) => c.notNull())
      .addColumn('routing_profile_id', 'text', (c) => c.notNull())
      .addColumn('security_profile_ids', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('users_username', ['instance_id', 'username'])
      .execute();
    await db.schema.createIndex('users_routing_profile').on('users').column('routing_profile_id').execute();
    await named('agent_statuses')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('display_order', 'integer')
      .execute();
    await named('quick_connects')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('queue_quick_connects')
      .addColumn('queue_id', 'text', (c) => c.notNull())
      .addColumn('quick_connect_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('queue_quick_connects_pk', ['queue_id', 'quick_connect_id'])
      .execute();
    await db.schema
      .createTable('agents')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('status_id', 'text', (c) => c.notNull())
      .addColumn('status_since', 'bigint', (c) => c.notNull())
      .addColumn('next_status_id', 'text')
      .addColumn('idle_since', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('agent_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agent_sessions_user').on('agent_sessions').column('user_id').execute();
    await db.schema
      .createTable('agent_presence')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('node', 'text', (c) => c.notNull())
      .addColumn('until', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('agent_presence_pk', ['user_id', 'node'])
      .execute();
    await db.schema
      .createTable('agent_contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('queue_id', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('state_since', 'bigint', (c) => c.notNull())
      .addColumn('offered_at', 'bigint', (c) => c.notNull())
      .addColumn('connected_at', 'bigint')
      .addColumn('ended_at', 'bigint')
      .addColumn('participant_id', 'text')
      .execute();
    await db.schema.createIndex('agent_contacts_user').on('agent_contacts').column('user_id').execute();
    await db.schema.createIndex('agent_contacts_contact').on('agent_contacts').column('contact_id').execute();
    await db.schema.alterTable('contacts').addColumn('agent_id', 'text').execute();
    await db.schema.alterTable('contacts').addColumn('connected_to_agent_at', 'bigint').execute();
    await db.schema.createIndex('contacts_state').on('contacts').columns(['instance_id', 'state']).execute();
  },
};
