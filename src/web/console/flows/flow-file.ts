import { FLOW_TYPES, type FlowType } from '../api/types';

/** What the console can tell from a flow file before sending it; the server does the real checking. */
export interface FlowFileGuess {
  /** The content to send: the file as it is (less a byte-order mark, which JSON forbids). */
  content: string;
  name: string;
  type: FlowType | undefined;
  /** An export of the old flow designer (`modules`): the CLI converts those, the console does not. */
  legacy: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `customerQueue` (exports) or `CUSTOMER_QUEUE` (the API) → the API's flow type. */
export function flowTypeOf(v: unknown): FlowType | undefined {
  if (typeof v !== 'string') return undefined;
  const upper = /[a-z]/.test(v) ? v.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() : v;
  return (FLOW_TYPES as readonly string[]).includes(upper) ? (upper as FlowType) : undefined;
}

/** The name (Metadata.name, else the file's name) and type (Metadata.type, often missing) a file suggests. */
export function guessFlowFile(fileName: string, raw: string): FlowFileGuess {
  const content = raw.replace(/^\uFEFF/, '');
  const base = fileName.replace(/\.json$/i, '');
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    return { content, name: base, type: undefined, legacy: false };
  }
  const meta = isObject(doc) && isObject(doc.Metadata) ? doc.Metadata : {};
  const name = typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim() : base;
  return { content, name, type: flowTypeOf(meta.type), legacy: isObject(doc) && Array.isArray(doc.modules) && doc.Actions === undefined };
}
