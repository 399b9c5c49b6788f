import type { FlowExecution } from './execution.js';
import type { FlowData } from './flow-data.js';

/**
 * `$.` references (spec/flow-language.md §3.2): `$.A.b`, `$['A']['b']` and mixes such as
 * `$.SegmentAttributes['connect:Subtype']`. A reference ends at the first character that cannot
 * continue a segment; a trailing '.' not followed by a name character is not part of it.
 */
const REFERENCE = /\$(?:\.[A-Za-z0-9_-]+|\['[^']*'\]|\["[^"]*"\])+/g;
const SEGMENT = /\.([A-Za-z0-9_-]+)|\['([^']*)'\]|\["([^"]*)"\]/g;

/** The path segments of a reference, or null when `text` is not exactly one reference. */
export function parseReference(text: string): string[] | null {
  const m = text.trim().match(REFERENCE);
  if (!m || m[0] !== text.trim()) return null;
  return segmentsOf(m[0]);
}

function segmentsOf(ref: string): string[] {
  return [...ref.slice(1).matchAll(SEGMENT)].map((s) => s[1] ?? s[2] ?? s[3]);
}

/**
 * Segments after the root of namespaces whose depth is fixed: attribute keys cannot contain '.',
 * so in "$['Attributes']['file'].wav" (an S3 prompt URL) the ".wav" is text, not a deeper key.
 */
const DEPTH: ReadonlyMap<string, number> = new Map([
  ...['Attributes', 'FlowAttributes', 'SegmentAttributes'].map((n) => [n, 1] as const),
  ...['Channel', 'ContactId', 'InitialContactId', 'PreviousContactId', 'InitiationMethod', 'StoredCustomerInput', 'Name', 'Description', 'LanguageCode', 'TextToSpeechVoiceId', 'CustomerId', 'InstanceARN', 'AwsRegion'].map((n) => [n, 0] as const),
]);

/** A reference found in text: its path, and how many of its characters belong to it. */
function tokenOf(ref: string): { path: string[]; length: number } {
  const segs = [...ref.slice(1).matchAll(SEGMENT)];
  const depth = DEPTH.get(segs[0][1] ?? segs[0][2] ?? segs[0][3]);
  const kept = depth === undefined ? segs : segs.slice(0, depth + 1);
  const last = kept[kept.length - 1];
  return { path: kept.map((s) => s[1] ?? s[2] ?? s[3]), length: 1 + (last.index ?? 0) + last[0].length };
}

/** Every reference inside a text, for validation. */
export function referencesIn(text: string): string[][] {
  return [...text.matchAll(REFERENCE)].map((m) => tokenOf(m[0]).path);
}

/** The namespaces a chat flow can read. */
export const NAMESPACES = [
  'Attributes', 'External', 'FlowAttributes', 'Lex', 'StoredCustomerInput', 'Channel', 'ContactId', 'InitialContactId',
  'PreviousContactId', 'InitiationMethod', 'CustomerEndpoint', 'SystemEndpoint', 'Queue', 'Metrics', 'Agent', 'Customer',
  'Media', 'SegmentAttributes', 'Name', 'Description', 'References', 'LanguageCode', 'TextToSpeechVoiceId', 'CustomerId',
  'InstanceARN', 'AwsRegion', 'Case', 'Views', 'Tags',
] as const;

/** Resolves one reference against the contact; undefined when it has no value. Pure. */
export function resolvePath(path: string[], exec: FlowExecution, data: FlowData): unknown {
  const [root, ...rest] = path;
  // Own properties only: `$.External.constructor` must not reach Object.prototype.
  const dig = (v: unknown, keys: string[]): unknown => keys.reduce<unknown>((o, k) => (o && typeof o === 'object' ? own(o as Record<string, unknown>, k) : undefined), v);
  switch (root) {
    case 'Attributes':
      return rest.length === 1 ? own(data.attributes, rest[0]) : undefined;
    case 'FlowAttributes':
      return rest.length === 1 ? own(exec.flowAttributes, rest[0]) : undefined;
    case 'External':
      return dig(exec.external, rest);
    case 'Lex':
      return dig(exec.lex, rest);
    case 'Metrics':
      return dig(exec.metrics, rest);
    case 'Views':
      return dig(exec.views ?? null, rest);
    case 'StoredCustomerInput':
      return exec.storedCustomerInput ?? undefined;
    case 'Channel':
      return data.channel;
    case 'ContactId':
      return data.contactId;
    case 'InitialContactId':
      return data.initialContactId;
    case 'PreviousContactId':
      return data.previousContactId ?? undefined;
    case 'InitiationMethod':
      return data.initiationMethod;
    case 'InstanceARN':
      return data.instanceArn;
    case 'AwsRegion':
      return data.region;
    case 'CustomerId':
      return data.customerId ?? undefined;
    case 'Name':
      return data.name ?? undefined;
    case 'Description':
      return data.description ?? undefined;
    case 'LanguageCode':
      return data.languageCode ?? undefined;
    case 'Queue':
      if (!data.queue) return undefined;
      return dig({ Name: data.queue.name, ARN: data.queue.arn, OutboundCallerId: {} }, rest);
    case 'Agent':
      if (!data.agent) return undefined;
      return dig({ UserName: data.agent.userName, FirstName: data.agent.firstName, LastName: data.agent.lastName, ARN: data.agent.arn }, rest);
    case 'Media':
      return rest.length === 1 && rest[0] === 'InitialMessage' ? (data.initialMessage ?? undefined) : undefined;
    case 'SegmentAttributes': {
      const v = rest.length ? own(data.segmentAttributes, rest[0]) : undefined;
      return v ? (v.ValueString ?? v.ValueArn ?? (v.ValueInteger !== undefined ? String(v.ValueInteger) : undefined)) : undefined;
    }
    case 'CustomerEndpoint':
    case 'SystemEndpoint':
      // Web chat has no customer or system address.
      return undefined;
    default:
      return undefined;
  }
}

function own<T>(o: Record<string, T>, k: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

/** A value as flow text: strings as they are, other JSON as JSON, nothing as ''. */
export function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** Replaces every reference in a text by its value ('' when unset). */
export function interpolate(text: string, exec: FlowExecution, data: FlowData): string {
  return text.replace(REFERENCE, (ref) => {
    const t = tokenOf(ref);
    return asText(resolvePath(t.path, exec, data)) + ref.slice(t.length);
  });
}

/**
 * A parameter that is static or exactly one reference: the reference's value, or the text as is.
 * Undefined when the reference has no value.
 */
export function resolveValue(value: unknown, exec: FlowExecution, data: FlowData): string | undefined {
  if (typeof value !== 'string') return value === undefined || value === null ? undefined : asText(value);
  const path = parseReference(value);
  if (!path) return value;
  const v = resolvePath(path, exec, data);
  return v === undefined || v === null ? undefined : asText(v);
}
