import type { FlowAction, FlowDocument, FlowTransitions } from './flow-document.js';

/**
 * The export format of the old flow designer (spec/flow-language.md §7): `{modules, start,
 * version: "1", metadata}`, each module `{id, type, target?, branches, parameters}`. Connect's
 * API only takes the flow language, so legacy files are converted once, on import, into
 * 2019-10-30 actions; the runtime knows one model. Pure.
 */
interface LegacyParam {
  name?: unknown;
  value?: unknown;
  key?: unknown;
  namespace?: unknown;
  resourceName?: unknown;
}
interface LegacyBranch {
  condition?: unknown;
  transition?: unknown;
  conditionType?: unknown;
  conditionValue?: unknown;
}
interface LegacyModule {
  id?: unknown;
  type?: unknown;
  target?: unknown;
  branches?: LegacyBranch[];
  parameters?: LegacyParam[];
  metadata?: Record<string, unknown>;
}

export interface LegacyConversion {
  flow: FlowDocument;
  /** What did not convert cleanly (unknown blocks and branches); the converted flow still says so when validated. */
  notes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Whether a parsed flow is in the legacy export format. */
export const isLegacyFlow = (doc: unknown): boolean => isObject(doc) && Array.isArray(doc.modules) && doc.Actions === undefined;

/** Legacy "System" attribute names → references (the names the old designer showed). */
const SYSTEM: Readonly<Record<string, string>> = {
  channel: '$.Channel',
  'stored customer input': '$.StoredCustomerInput',
  'queue name': '$.Queue.Name',
  'queue arn': '$.Queue.ARN',
  'queue outbound caller id number': '$.Queue.OutboundCallerId.Address',
  'customer number': '$.CustomerEndpoint.Address',
  'dialed number': '$.SystemEndpoint.Address',
  'contact id': '$.ContactId',
  'initial contact id': '$.InitialContactId',
  'previous contact id': '$.PreviousContactId',
  'initiation method': '$.InitiationMethod',
  'language code': '$.LanguageCode',
  'instance arn': '$.InstanceARN',
  'text to speech voice': '$.TextToSpeechVoiceId',
};

const OPERATORS: Readonly<Record<string, string>> = {
  Equals: 'Equals',
  GreaterThan: 'NumberGreaterThan',
  GreaterThanOrEqualTo: 'NumberGreaterOrEqualTo',
  LessThan: 'NumberLessThan',
  LessThanOrEqualTo: 'NumberLessOrEqualTo',
  Contains: 'TextContains',
  StartsWith: 'TextStartsWith',
  EndsWith: 'TextEndsWith',
};

const ERRORS: Readonly<Record<string, string>> = { Error: 'NoMatchingError', AtCapacity: 'QueueAtCapacity', NoMatch: 'NoMatchingCondition', CallFailure: 'CallFailed' };
const RESULTS: Readonly<Record<string, string>> = { CustomerReturn: 'CustomerReturned', Looping: 'ContinueLooping', Complete: 'DoneLooping', True: 'True', False: 'False' };

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));
const pathPart = (name: string) => (/^[A-Za-z0-9_-]+$/.test(name) ? `.${name}` : `['${name.replace(/'/g, '')}']`);

/** A legacy parameter's value: static, or a reference into its namespace. */
function valueOf(p: LegacyParam | undefined): string {
  if (!p) return '';
  const v = str(p.value);
  switch (p.namespace) {
    case 'User Defined':
      return `$.Attributes${pathPart(v)}`;
    case 'External':
      return `$.External${pathPart(v)}`;
    case 'System':
      return SYSTEM[v.toLowerCase()] ?? `$${pathPart(v.replace(/\s+/g, ''))}`;
    default:
      return v;
  }
}

/** Converts a legacy export (parsed) to the flow language. */
export function convertLegacyFlow(doc: Record<string, unknown>): LegacyConversion {
  const notes: string[] = [];
  const modules = (Array.isArray(doc.modules) ? doc.modules : []).filter(isObject) as LegacyModule[];
  const actionMetadata: Record<string, unknown> = {};
  const actions: FlowAction[] = modules.map((m) => {
    const id = str(m.id);
    const { Type, Parameters, names } = convertModule(m, notes);
    const ui: Record<string, unknown> = {};
    if (isObject(m.metadata) && m.metadata.position) ui.position = m.metadata.position;
    // The friendly names of referenced resources: how an import re-resolves them by name.
    if (names) ui.parameters = nested(names);
    if (Object.keys(ui).length) Object.defineProperty(actionMetadata, id, { value: ui, enumerable: true, writable: true, configurable: true });
    return { Identifier: id, Type, Parameters, Transitions: convertBranches(m, Type, notes) };
  });
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const Metadata: Record<string, unknown> = { ActionMetadata: actionMetadata };
  for (const k of ['entryPointPosition', 'snapToGrid', 'name', 'description', 'type', 'status'] as const) if (meta[k] !== undefined && meta[k] !== null) Metadata[k] = meta[k];
  if (Metadata.type === undefined && typeof doc.type === 'string') Metadata.type = doc.type;
  return { flow: { Version: '2019-10-30', StartAction: str(doc.start), Metadata, Actions: actions }, notes };
}

/** {"EventHooks.CustomerQueue": "Queue flow"} → {EventHooks: {CustomerQueue: {displayName: "Queue flow"}}}, as console metadata nests it. */
function nested(names: Record<string, string>): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [k, n] of Object.entries(names)) {
    const [a, b] = k.split('.');
    out[a] = b ? { ...out[a], [b]: { displayName: n } } : { displayName: n };
  }
  return out;
}

type Converted = { Type: string; Parameters: Record<string, unknown>; names?: Record<string, string> };

function convertModule(m: LegacyModule, notes: string[]): Converted {
  const params = (Array.isArray(m.parameters) ? m.parameters : []).filter(isObject) as LegacyParam[];
  const p = (name: string) => params.find((x) => x.name === name);
  const v = (name: string) => valueOf(p(name));
  const keyed = (name: string) => Object.fromEntries(params.filter((x) => x.name === name && str(x.key)).map((x) => [str(x.key), valueOf(x)]));
  const named = (param: string, legacyName: string): Pick<Converted, 'names'> => {
    const n = str(p(legacyName)?.resourceName);
    return n ? { names: { [param]: n } } : {};
  };
  // A reference the old designer kept only by name (an empty value) is looked up by that name.
  const ref = (name: string) => v(name) || str(p(name)?.resourceName);
  const prompt = (): Record<string, unknown> =>
    p('Text') ? { [str(p('TextToSpeechType')?.value) === 'ssml' ? 'SSML' : 'Text']: v('Text') } : p('AudioPrompt') ? { PromptId: v('AudioPrompt') } : {};
  const type = str(m.type);
  switch (type) {
    case 'PlayPrompt':
      return { Type: 'MessageParticipant', Parameters: prompt() };
    case 'GetUserInput':
      if (m.target === 'Lex') {
        const session = keyed('Parameter');
        return {
          Type: 'ConnectParticipantWithLexBot',
          Parameters: {
            ...prompt(),
            LexBot: { Name: v('BotName'), Alias: v('BotAlias') || '$LATEST', ...(p('BotRegion') ? { Region: v('BotRegion') } : {}) },
            ...(Object.keys(session).length ? { LexSessionAttributes: session } : {}),
          },
        };
      }
      return { Type: 'GetParticipantInput', Parameters: { ...prompt(), InputTimeLimitSeconds: v('Timeout') || '5', StoreInput: 'False' } };
    case 'StoreUserInput':
    case 'StoreCustomerInput':
      return {
        Type: 'GetParticipantInput',
        Parameters: { ...prompt(), InputTimeLimitSeconds: v('Timeout') || '5', StoreInput: 'True', InputValidation: { CustomValidation: { MaximumLength: v('MaxDigits') || '20' } } },
      };
    case 'SetAttributes':
      return { Type: 'UpdateContactAttributes', Parameters: { Attributes: keyed('Attribute'), TargetContact: 'Current' } };
    case 'CheckAttribute': {
      const ns = str(p('Namespace')?.value);
      return { Type: 'Compare', Parameters: { ComparisonValue: valueOf({ value: p('Attribute')?.value, namespace: ns || null }) } };
    }
    case 'InvokeExternalResource': {
      const attrs = keyed('Parameter');
      return {
        Type: 'InvokeLambdaFunction',
        Parameters: { LambdaFunctionARN: v('FunctionArn'), InvocationTimeLimitSeconds: v('TimeLimit') || '3', ...(Object.keys(attrs).length ? { LambdaInvocationAttributes: attrs } : {}) },
        ...named('LambdaFunctionARN', 'FunctionArn'),
      };
    }
    case 'SetQueue':
      return p('Agent')
        ? { Type: 'UpdateContactTargetQueue', Parameters: { AgentId: ref('Agent') } }
        : { Type: 'UpdateContactTargetQueue', Parameters: { QueueId: ref('Queue') }, ...named('QueueId', 'Queue') };
    case 'Transfer':
      if (m.target === 'Flow') return { Type: 'TransferToFlow', Parameters: { ContactFlowId: ref('ContactFlowId') }, ...named('ContactFlowId', 'ContactFlowId') };
      if (m.target === 'PhoneNumber') return { Type: 'TransferParticipantToThirdParty', Parameters: { ThirdPartyPhoneNumber: v('PhoneNumber') } };
      if (m.target === 'Agent') return { Type: 'TransferContactToAgent', Parameters: {} };
      return { Type: 'TransferContactToQueue', Parameters: {} };
    case 'TransferToFlow':
      return { Type: 'TransferToFlow', Parameters: { ContactFlowId: ref('ContactFlowId') }, ...named('ContactFlowId', 'ContactFlowId') };
    case 'SetEventHook':
    case 'SetContactFlow': {
      const hook = str(p('Type')?.value);
      const n = str(p('ContactFlowId')?.resourceName);
      return { Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { [hook]: ref('ContactFlowId') } }, ...(n ? { names: { [`EventHooks.${hook}`]: n } } : {}) };
    }
    case 'Wait': {
      const interrupt = str(p('InterruptOnCustomerReturn')?.value).toLowerCase() === 'true';
      return { Type: 'Wait', Parameters: { TimeLimitSeconds: v('TimeoutSeconds') || v('TimeLimitSeconds'), ...(interrupt ? { Events: ['CustomerReturned'] } : {}) } };
    }
    case 'Disconnect':
      return { Type: 'DisconnectParticipant', Parameters: {} };
    case 'Resume':
      return { Type: 'EndFlowExecution', Parameters: {} };
    case 'SetLoggingBehavior':
      return { Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: /^enable/i.test(v('LoggingBehavior')) ? 'Enabled' : 'Disabled' } };
    case 'SetRecordingBehavior':
      return { Type: 'UpdateContactRecordingBehavior', Parameters: {} };
    case 'SetVoice':
      return { Type: 'UpdateContactTextToSpeechVoice', Parameters: { TextToSpeechVoice: v('GlobalVoice') || v('Voice') } };
    case 'Loop':
      return { Type: 'Loop', Parameters: { LoopCount: v('LoopCount') || v('Count') || '0' } };
    case 'LoopPrompts':
      return { Type: 'MessageParticipantIteratively', Parameters: { Messages: params.filter((x) => x.name === 'Text').map((x) => ({ Text: valueOf(x) })) } };
    case 'CheckStaffing': {
      const status = v('Status').toLowerCase();
      const metric = status.includes('staffed') ? 'NumberOfAgentsStaffed' : status.includes('online') ? 'NumberOfAgentsOnline' : 'NumberOfAgentsAvailable';
      return { Type: 'CheckMetricData', Parameters: { MetricType: metric, ...(p('Queue') ? { QueueId: ref('Queue') } : {}) } };
    }
    case 'CheckQueueStatus':
      notes.push(`${str(m.id)}: CheckQueueStatus converted to CheckMetricData on the number of contacts in queue; check its conditions`);
      return { Type: 'CheckMetricData', Parameters: { MetricType: 'NumberOfContactsInQueue', ...(p('Queue') ? { QueueId: ref('Queue') } : {}) } };
    case 'CheckHoursOfOperation':
      return { Type: 'CheckHoursOfOperation', Parameters: p('Hours') ? { HoursOfOperationId: ref('Hours') } : {} };
    case 'GetMetricData':
    case 'GetQueueMetrics':
      return { Type: 'GetMetricData', Parameters: p('Queue') ? { QueueId: ref('Queue') } : {} };
    case 'StartMediaStreaming':
    case 'StopMediaStreaming':
      return { Type: 'UpdateContactMediaStreamingBehavior', Parameters: { MediaStreamingState: type === 'StartMediaStreaming' ? 'Enabled' : 'Disabled' } };
    case 'UpdateRoutingPriority':
      return { Type: 'UpdateContactRoutingBehavior', Parameters: p('QueuePriority') ? { QueuePriority: v('QueuePriority') } : { QueueTimeAdjustmentSeconds: v('QueueTimeAdjustmentSeconds') } };
    default:
      notes.push(`${str(m.id)}: no conversion for the legacy block "${type}"`);
      return { Type: type, Parameters: Object.fromEntries(params.map((x) => [str(x.name), valueOf(x)])) };
  }
}

function convertBranches(m: LegacyModule, type: string, notes: string[]): FlowTransitions {
  const t: Required<FlowTransitions> = { NextAction: '', Errors: [], Conditions: [] };
  let success: string | undefined;
  let fallback: string | undefined;
  for (const b of Array.isArray(m.branches) ? m.branches.filter(isObject) : []) {
    const to = str(b.transition);
    const c = str(b.condition);
    if (!to) continue;
    const equals = (value: string) => t.Conditions.push({ NextAction: to, Condition: { Operator: 'Equals', Operands: [value] } });
    if (c === 'Success') success = to;
    else if (c === 'Evaluate') t.Conditions.push({ NextAction: to, Condition: { Operator: OPERATORS[str(b.conditionType)] ?? str(b.conditionType), Operands: [str(b.conditionValue)] } });
    else if (c === 'Timeout') {
      if (type === 'Wait') equals('WaitCompleted');
      else t.Errors.push({ ErrorType: 'InputTimeLimitExceeded', NextAction: to });
    } else if (type === 'CheckMetricData' && (c === 'True' || c === 'False')) {
      // Check staffing: True is "more than 0 agents", False is the no-match branch (spec §5.17).
      if (c === 'True') t.Conditions.push({ NextAction: to, Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } });
      else t.Errors.push({ ErrorType: 'NoMatchingCondition', NextAction: to });
    } else if (Object.prototype.hasOwnProperty.call(RESULTS, c)) equals(RESULTS[c]);
    else if (Object.prototype.hasOwnProperty.call(ERRORS, c)) t.Errors.push({ ErrorType: ERRORS[c], NextAction: to });
    else notes.push(`${str(m.id)}: the branch "${c}" has no equivalent and was dropped`);
    if (c === 'NoMatch') fallback = to;
    else if (c === 'Error' && fallback === undefined) fallback = to;
  }
  // NextAction is the default edge (spec §2.2): success where there is one, else what the console writes.
  const next = success ?? fallback;
  return { ...(next ? { NextAction: next } : {}), ...(t.Errors.length ? { Errors: t.Errors } : {}), ...(t.Conditions.length ? { Conditions: t.Conditions } : {}) };
}
