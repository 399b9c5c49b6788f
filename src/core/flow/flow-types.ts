/** Flow types of the Connect API (spec/flow-language.md §4). */
export const FLOW_TYPES = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
  'CAMPAIGN',
] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export const isFlowType = (t: unknown): t is FlowType => typeof t === 'string' && (FLOW_TYPES as readonly string[]).includes(t);

/** `Metadata.type` of console exports (camelCase) → the API's flow type. */
const EXPORT_TYPES: Readonly<Record<string, FlowType>> = {
  contactFlow: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentHold: 'AGENT_HOLD',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
  campaign: 'CAMPAIGN',
};

/** The flow type named by an export's `Metadata.type` (or an API spelling), else undefined. */
export function flowTypeOf(exportType: unknown): FlowType | undefined {
  if (isFlowType(exportType)) return exportType;
  return typeof exportType === 'string' && Object.prototype.hasOwnProperty.call(EXPORT_TYPES, exportType) ? EXPORT_TYPES[exportType] : undefined;
}

/** Flow types that never run on a chat (hold music is voice). */
export const VOICE_ONLY_FLOW_TYPES: readonly FlowType[] = ['CUSTOMER_HOLD', 'AGENT_HOLD'];

/** Event hook → the flow type it must name (spec §5.6). */
export const HOOK_FLOW_TYPES: Readonly<Record<string, FlowType>> = {
  CustomerRemaining: 'CONTACT_FLOW',
  CustomerQueue: 'CUSTOMER_QUEUE',
  AgentWhisper: 'AGENT_WHISPER',
  CustomerWhisper: 'CUSTOMER_WHISPER',
  CustomerHold: 'CUSTOMER_HOLD',
  AgentHold: 'AGENT_HOLD',
  DefaultAgentUI: 'CONTACT_FLOW',
  DisconnectAgentUI: 'CONTACT_FLOW',
  PauseContact: 'CONTACT_FLOW',
  ResumeContact: 'CONTACT_FLOW',
};
