/**
 * What a flow can read about its contact (spec/flow-language.md §3.3), assembled by the runner
 * before each step. Read-only for the step function.
 */
export interface FlowData {
  contactId: string;
  initialContactId: string;
  previousContactId: string | null;
  channel: 'CHAT' | 'VOICE' | 'TASK' | 'EMAIL';
  initiationMethod: string;
  instanceArn: string;
  region: string;
  customerId: string | null;
  name: string | null;
  description: string | null;
  languageCode: string | null;
  attributes: Record<string, string>;
  segmentAttributes: Record<string, { ValueString?: string; ValueInteger?: number; ValueArn?: string }>;
  /** The working queue (UpdateContactTargetQueue), carried across flows and segments. */
  queue: { id: string; name: string; arn: string } | null;
  /** The agent on the contact, in the flow types that have one. */
  agent: { id: string; userName: string; firstName: string; lastName: string; arn: string } | null;
  /** StartChatContact's InitialMessage ($.Media.InitialMessage). */
  initialMessage: string | null;
  /** Drawn by the runner for this step, in [0, 1): DistributeByPercentage stays pure. */
  random: number;
  /** Domain time, epoch ms. */
  now: number;
}
