import fs from 'node:fs';
import path from 'node:path';
import type { FlowDocument } from '../core/flow/flow-document.js';
import { flowTypeOf, type FlowType } from '../core/flow/flow-types.js';
import { convertLegacyFlow, isLegacyFlow } from '../core/flow/legacy.js';
import { applyReferenceMap, type LocalResolver } from '../core/flow/reference-map.js';
import { validateFlow, type FlowProblem, type KnownRefs } from '../core/flow/validate.js';
import { UsageError } from './command.js';

/** A flow file as read: in the flow language (converted if it was a legacy export), or why not. */
export interface FlowFile {
  path: string;
  text: string;
  /** Null when the file is not JSON (the problem says where) or cannot be read. */
  flow: FlowDocument | null;
  legacy: boolean;
  /** What the legacy conversion could not carry over. */
  notes: string[];
  problems: FlowProblem[];
}

export function readFlowFile(file: string): FlowFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { path: file, text: '', flow: null, legacy: false, notes: [], problems: [{ message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  return parseFlowText(file, text);
}

export function parseFlowText(file: string, raw: string): FlowFile {
  // Editors on Windows may save a byte-order mark, which JSON (and the server) would refuse.
  const text = raw.replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { path: file, text, flow: null, legacy: false, notes: [], problems: validateFlow(text).problems };
  }
  if (isLegacyFlow(doc)) {
    const { flow, notes } = convertLegacyFlow(doc as Record<string, unknown>);
    return { path: file, text, flow, legacy: true, notes, problems: [] };
  }
  return { path: file, text, flow: doc as FlowDocument, legacy: false, notes: [], problems: [] };
}

/** `--map REFERENCE=LOCAL_NAME` entries (the last '=' splits: Terraform expressions may hold one). */
export function parseMaps(entries: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of entries) {
    const at = e.lastIndexOf('=');
    if (at <= 0 || at === e.length - 1) throw new UsageError(`--map ${JSON.stringify(e)}: expected REFERENCE=LOCAL_NAME`);
    map.set(e.slice(0, at), e.slice(at + 1));
  }
  return map;
}

export interface PreparedFlow {
  flow: FlowDocument | null;
  /** The content to send: the file as it is when nothing had to change. */
  content: string;
  problems: FlowProblem[];
  warnings: FlowProblem[];
  /** --map entries that matched nothing in the file. */
  unmatched: string[];
}

/** Applies the maps and validates: what `parley flows import` would send, and what is wrong with it. */
export function prepareFlow(
  file: FlowFile,
  opts: { maps?: ReadonlyMap<string, string>; resolve?: LocalResolver; type?: string; knownRefs?: KnownRefs } = {},
): PreparedFlow {
  const maps = opts.maps ?? new Map<string, string>();
  if (!file.flow) return { flow: null, content: file.text, problems: file.problems, warnings: [], unmatched: [...maps.keys()] };
  const { flow, matched } = applyReferenceMap(file.flow, maps, opts.resolve);
  const result = validateFlow(flow, { type: opts.type ?? fileFlowType(flow), knownRefs: opts.knownRefs });
  const changed = file.legacy || matched.size > 0;
  return {
    flow,
    content: changed ? JSON.stringify(flow, null, 2) : file.text,
    problems: result.problems,
    warnings: [...file.notes.map((message) => ({ message })), ...result.warnings],
    unmatched: [...maps.keys()].filter((k) => !matched.has(k)),
  };
}

/** The flow type an export names in Metadata.type (often missing: spec §1.1). */
export const fileFlowType = (flow: FlowDocument | null): FlowType | undefined => flowTypeOf(flow?.Metadata?.type);

/** The name an export gives its flow, else the file's name. */
export function fileFlowName(file: FlowFile): string {
  const name = file.flow?.Metadata?.name;
  return typeof name === 'string' && name.trim() ? name.trim() : path.basename(file.path).replace(/\.json$/i, '');
}
