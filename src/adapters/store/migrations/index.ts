import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { m002 } from './002-flow-engine.js';
import { m003 } from './003-indexes.js';
import { m004 } from './004-routing-criteria.js';
import { m005 } from './005-flow-log-detail.js';
import { m006 } from './006-views.js';
import { m007 } from './007-hours-and-capacity.js';
import { m008 } from './008-routing.js';
import { m009 } from './009-participant-timers.js';
import { m010 } from './010-contact-events.js';
import { m011 } from './011-usage-index.js';
import { m012 } from './012-webhooks.js';
import { m013 } from './013-queue-heads.js';
import { m014 } from './014-active-chat-shards.js';
import { m015 } from './015-held-contacts.js';

/**
 * One migration set for SQLite and PostgreSQL. Only portable column types are used
 * (text, bigint, integer) so both dialects store the same thing.
 */
const m001: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
    await db.schema
      .createTable('instances')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('alias', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('active_chats', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_active_chats', 'integer')
      .execute();
    await db.schema
      .createTable('queues')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('queues_name', ['instance_id', 'name'])
      .execute();
    await db.schema
      .createTable('flows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('flows_name', ['instance_id', 'name'])
      .execute();
    await db.schema
      .createTable('chats')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('deadline_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('attributes', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('supported_types', 'text', (c) => c.notNull())
      .addColumn('disconnect_on_customer_exit', 'text', (c) => c.notNull())
      .addColumn('participant_config', 'text')
      .addColumn('attachment_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('past_chat_id', 'text')
      .addColumn('past_until_seq', 'bigint')
      .addColumn('current_contact_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('chats_customer').on('chats').columns(['instance_id', 'customer_id']).execute();
    await db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('previous_contact_id', 'text')
      .addColumn('next_contact_id', 'text')
      .addColumn('related_contact_id', 'text')
      .addColumn('continued_from_contact_id', 'text')
      .addColumn('initiation_method', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('queue_id', 'text')
      .addColumn('enqueued_at', 'bigint')
      .addColumn('initiated_at', 'bigint', (c) => c.notNull())
      .addColumn('disconnected_at', 'bigint')
      .addColumn('disconnect_reason', 'text')
      .addColumn('name', 'text')
      .addColumn('description', 'text')
      .addColumn('segment_attributes', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contacts_chat').on('contacts').columns(['chat_id']).execute();
    await db.schema
      .createTable('participants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('connected_at', 'bigint')
      .addColumn('left_at', 'bigint')
      .execute();
    await db.schema.createIndex('participants_chat').on('participants').columns(['chat_id']).execute();
    await db.schema
      .createTable('connection_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('socket_tickets')
      .addColumn('ticket_hash', 'text', (c) => c.primaryKey())
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('from_seq', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('items')
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('content', 'text')
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('in_transcript', 'integer', (c) => c.notNull())
      .addColumn('attachments', 'text')
      .addColumn('metadata', 'text')
      .addPrimaryKeyConstraint('items_pk', ['chat_id', 'seq'])
      .execute();
    await db.schema
      .createTable('receipts')
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('recipient_id', 'text', (c) => c.notNull())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('read_at', 'bigint')
      .addPrimaryKeyConstraint('receipts_pk', ['message_id', 'recipient_id'])
      .execute();
    await db.schema
      .createTable('attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chat_id', 'text', (c) => c.notNull())
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('client_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('item_id', 'text')
      .addUniqueConstraint('attachments_client_token', ['chat_id', 'participant_id', 'client_token'])
      .execute();
    await db.schema
      .createTable('idempotency')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('client_token', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('response', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_pk', ['scope', 'client_token'])
      .execute();
    await db.schema
      .createTable('timers')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('timers_pk', ['kind', 'target'])
      .execute();
    await db.schema.createIndex('timers_due').on('timers').columns(['due_at']).execute();
  },
};

const migrations: Record<string, Migration> = { '001_chat_core': m001, '002_flow_engine': m002, '003_indexes': m003, '004_routing_criteria': m004, '005_flow_log_detail': m005, '006_views': m006, '007_hours_and_capacity': m007, '008_routing': m008, '009_participant_timers': m009, '010_contact_events': m010, '011_usage_index': m011, '012_webhooks': m012, '013_queue_heads': m013, '014_active_chat_shards': m014, '015_held_contacts': m015 };

/** Every migration, in the order they apply. */
export const MIGRATION_NAMES = Object.keys(migrations).sort();

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/**
 * Brings the schema up to date. Kysely's migrator takes a lock (advisory on PostgreSQL).
 * `schema` (PostgreSQL) names where the migration tables live: without it Kysely takes a
 * kysely_migration table in any other schema of the database for ours and skips creating it.
 */
export async function migrate(db: Kysely<unknown>, schema?: string): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: new StaticProvider(), ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
  for (const r of results ?? []) if (r.status === 'Error') throw new Error(`migration ${r.migrationName} failed`);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
