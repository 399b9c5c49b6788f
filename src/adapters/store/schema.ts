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
}
