import { type ActionSpec, done, error } from './action-spec.js';

/** Blocks that only work on voice: on chat they take their error branch (spec §5.1). */
const VOICE_ONLY = [
  'UpdateContactMediaStreamingBehavior',
  'TransferParticipantToThirdParty',
  'TransferContactToAgent',
  'UpdatePreviousContactParticipantState',
  'UpdateContactCallbackNumber',
  'CreateCallbackContact',
  'CheckVoiceId',
  'StartVoiceIdStream',
  'CompleteOutboundCall',
  'CheckOutboundCallStatus',
] as const;

/** Blocks that succeed on chat with nothing to do (voice settings, recording flags, tags). */
const NO_OP = ['UpdateContactTextToSpeechVoice', 'UpdateContactRecordingBehavior', 'UpdateContactRecordingAndAnalyticsBehavior', 'TagContact', 'UnTagContact'] as const;

export const VOICE_ONLY_ACTIONS: Record<string, ActionSpec> = Object.fromEntries([
  ...VOICE_ONLY.map((t) => [t, { chat: 'error', run: () => error('NoMatchingError', `${t} is voice-only`) } satisfies ActionSpec]),
  ...NO_OP.map((t) => [t, { chat: 'supported', run: () => done } satisfies ActionSpec]),
]);
