import type { Generated } from 'kysely';

/** Table types for Kysely. Times are epoch milliseconds; JSON columns are text. Booleans are 0/1. */

export interface Database {
  settings: { key: string; value: string };
  instances: {
    id: string;
    alias: string;
    created_at: number;
    active_chats: number;
    max_active_chats: number | null;
  };
  /** Shards of an instance's active chat count, which is active_chats plus their sum (migration 014). */
  active_chat_shards: { instance_id: string; shard: number; n: number };
  queues: {
    id: string;
    instance_id: string;
    name: string;
    description: string;
    created_at: number;
    /** The queue's hours (CheckHoursOfOperation without HoursOfOperationId); null: always open. */
    hours_of_operation_id: string | null;
    /** Maximum contacts in queue (QueueAtCapacity); null: no limit. */
    max_contacts: number | null;
  };
  /** Hours of operation: Config and overrides in Connect's shapes (core/routing/hours.ts) as JSON. */
  hours_of_operation: {
    id: string;
    instance_id: string;
    name: string;
    description: string;
    /** An IANA time zone name. */
    time_zone: string;
    config: string;
    overrides: string;
    created_at: number;
    updated_at: number;
  };
  flows: {
    id: string;
    instance_id: string;
    name: string;
    type: string;
    description: string;
    content: string;
    state: string;
    status: string;
    created_at: number;
    updated_at: number;
    version: number;
  };
  flow_versions: { flow_id: string; version: number; content: string; created_at: number };
  flow_logs: {
    contact_id: string;
    n: number;
    at: number;
    flow_id: string;
    identifier: string;
    type: string;
    parameters: string;
    result: string | null;
    error: string | null;
    /** Why the block failed, when the ErrorType alone does not say. */
    detail: string | null;
    next: string | null;
  };
  chats: {
    id: string;
    instance_id: string;
    started_at: number;
    deadline_at: number;
    ended_at: number | null;
    last_seq: number;
    last_at: number;
    attributes: string;
    customer_id: string | null;
    supported_types: string;
    disconnect_on_customer_exit: string;
    participant_config: string | null;
    /** Participant timers (UpdateParticipantRoleConfig) as JSON (app/chat/participant-timer-state.ts); null: never configured. */
    participant_timers: string | null;
    attachment_count: number;
    past_chat_id: string | null;
    past_until_seq: number | null;
    current_contact_id: string;
  };
  contacts: {
    id: string;
    instance_id: string;
    chat_id: string;
    previous_contact_id: string | null;
    next_contact_id: string | null;
    related_contact_id: string | null;
    continued_from_contact_id: string | null;
    initiation_method: string;
    channel: string;
    state: string;
    flow_id: string;
    queue_id: string | null;
    enqueued_at: number | null;
    initiated_at: number;
    disconnected_at: number | null;
    disconnect_reason: string | null;
    name: string | null;
    description: string | null;
    segment_attributes: string;
    updated_at: number;
    flow_version: number | null;
    /** The flow execution (core/flow/execution.ts) as JSON; null when no flow runs on the segment. */
    flow_state: string | null;
    /** Event hooks set by flows (CustomerRemaining, CustomerQueue…) as JSON: carried to new segments. */
    hooks: string | null;
    working_queue_id: string | null;
    queue_priority: number | null;
    queue_time_adjust_seconds: number | null;
    /** UpdateRoutingCriteria's criteria as JSON (core/flow/commands.ts RoutingCriteria); null when none. */
    routing_criteria: string | null;
    /** The agent the segment is offered to or connected with (agent_contacts has the offer's history). */
    agent_id: string | null;
    connected_to_agent_at: number | null;
  };
  participants: {
    id: string;
    chat_id: string;
    contact_id: string;
    role: string;
    display_name: string;
    token_hash: string;
    created_at: number;
    connected_at: number | null;
    left_at: number | null;
  };
  connection_tokens: { token_hash: string; participant_id: string; chat_id: string; expires_at: number };
  socket_tickets: { ticket_hash: string; participant_id: string; chat_id: string; expires_at: number; from_seq: number };
  items: {
    chat_id: string;
    seq: number;
    id: string;
    contact_id: string;
    type: string;
    content_type: string;
    content: string | null;
    participant_id: string;
    role: string;
    display_name: string;
    at: number;
    in_transcript: number;
    attachments: string | null;
    metadata: string | null;
  };
  receipts: {
    message_id: string;
    recipient_id: string;
    chat_id: string;
    delivered_at: number | null;
    read_at: number | null;
  };
  attachments: {
    id: string;
    chat_id: string;
    participant_id: string;
    name: string;
    content_type: string;
    size: number;
    status: string;
    client_token: string;
    created_at: number;
    item_id: string | null;
  };
  idempotency: { scope: string; client_token: string; request_hash: string; response: string | null; created_at: number };
  /** View resources (ShowView): AWS-managed ones are seeded; Id and Arn as DescribeView shows them. */
  views: {
    instance_id: string;
    id: string;
    arn: string;
    name: string;
    version: number;
    /** Template and InputSchema are JSON documents kept as the strings DescribeView returns. */
    template: string;
    input_schema: string;
    /** The view's actions, a JSON list of strings. */
    actions: string;
    managed: number;
    created_at: number;
  };
  /** A view shown to a chat: found by its token's hash, scoped to the chat. */
  view_invocations: {
    id: string;
    token_hash: string;
    chat_id: string;
    contact_id: string;
    /** The view as it was shown (DescribeView's View), as JSON. */
    view: string;
    /** 1 when SensitiveDataConfiguration.HideResponseOn has TRANSCRIPT: the response is presented redacted. */
    hide_response: number;
    created_at: number;
    response_item_id: string | null;
  };
  timers: {
    kind: string;
    target: string;
    due_at: number;
    lease_until: number;
  };
  routing_profiles: Named & {
    default_outbound_queue_id: string;
    /** MediaConcurrencies in Connect's shape: [{Channel, Concurrency, CrossChannelBehavior?}] as JSON. */
    media_concurrencies: string;
    agent_availability_timer: string;
    /** After-contact work limit for agents of this profile, seconds; null: the user's own (UserPhoneConfig). */
    acw_seconds: number | null;
  };
  routing_profile_queues: { routing_profile_id: string; queue_id: string; channel: string; priority: number; delay: number };
  /** Permissions (core/routing/permissions.ts) as a JSON list. */
  security_profiles: Named & { permissions: string };
  users: {
    id: string;
    instance_id: string;
    username: string;
    /** scrypt (app/agents/passwords.ts); null: the user cannot log in. */
    password_hash: string | null;
    /** IdentityInfo, PhoneConfig, SecurityProfileIds and Tags in Connect's shapes, as JSON. */
    identity: string;
    phone_config: string;
    routing_profile_id: string;
    security_profile_ids: string;
    tags: string;
    created_at: number;
    updated_at: number;
  };
  /** type: ROUTABLE | CUSTOM | OFFLINE; state: ENABLED | DISABLED. */
  agent_statuses: Named & { type: string; state: string; display_order: number | null };
  /** type: USER | QUEUE | PHONE_NUMBER; config: QuickConnectConfig as JSON. */
  quick_connects: Named & { type: string; config: string };
  queue_quick_connects: { queue_id: string; quick_connect_id: string };
  /** The live state of a user as an agent; idle_since orders agents for longest-idle selection. */
  agents: { user_id: string; instance_id: string; status_id: string; status_since: number; next_status_id: string | null; idle_since: number };
  agent_sessions: { token_hash: string; user_id: string; instance_id: string; created_at: number; expires_at: number };
  /** A node holding an agent event socket, until `until` (wall ms): routing offers only to present agents. */
  agent_presence: { user_id: string; node: string; until: number };
  /**
   * An offer of a contact to an agent and the slot it holds until cleared: state CONNECTING (offered),
   * CONNECTED, MISSED, REJECTED, ERROR or ENDED (after-contact work); the row goes when cleared.
   */
  agent_contacts: {
    id: string;
    user_id: string;
    instance_id: string;
    contact_id: string;
    chat_id: string;
    channel: string;
    queue_id: string | null;
    state: string;
    state_since: number;
    offered_at: number;
    connected_at: number | null;
    ended_at: number | null;
    participant_id: string | null;
  };
  /** The contact event log (core/contact/events.ts), an outbox: done = 1 once the projector has handled the event. */
  contact_events: { seq: Generated<number>; instance_id: string; contact_id: string; type: string; at: number; detail: string; done: number };
  /** One contact record per segment (core/metrics/record.ts ContactRecord as JSON), with the columns searches and metrics filter on. */
  contact_records: {
    contact_id: string;
    instance_id: string;
    channel: string;
    initiation_method: string;
    queue_id: string | null;
    agent_id: string | null;
    routing_profile_id: string | null;
    initiated_at: number;
    enqueued_at: number | null;
    connected_to_agent_at: number | null;
    disconnected_at: number | null;
    completed: number;
    updated_at: number;
    record: string;
  };
  /** Contact-event webhooks (app/webhooks/): event_types a JSON list; state ENABLED | DISABLED; secret sealed with the server secret. */
  webhooks: {
    id: string;
    instance_id: string;
    name: string;
    description: string;
    url: string;
    secret: string;
    event_types: string;
    state: string;
    created_at: number;
    updated_at: number;
  };
  /** One delivery of one contact event to one webhook, with the body exactly as it is sent; delivered_at null until a 2xx. */
  webhook_deliveries: {
    id: string;
    webhook_id: string;
    instance_id: string;
    contact_id: string;
    event_seq: number;
    event_type: string;
    payload: string;
    attempts: number;
    next_attempt_at: number;
    last_attempt_at: number | null;
    delivered_at: number | null;
    last_status: number | null;
    last_error: string | null;
    created_at: number;
  };
}

/** The columns every named configuration resource has. */
interface Named {
  id: string;
  instance_id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}
