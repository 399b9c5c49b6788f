import type { TSchema } from '@sinclair/typebox';
import { expect } from 'vitest';
import { snapshotStore } from '../helpers/store-snapshot.js';
import type { TestParley } from '../helpers/parley.js';

/**
 * Bad requests derived from a TypeBox (JSON Schema) request shape: starting from a valid request,
 * each case changes exactly one thing (a required member removed, a bound crossed by one, a value
 * outside its enum, a value of the wrong JSON type), so whatever the server rejects, it rejects
 * for that one reason.
 */
export interface BadCase {
  name: string;
  body: Record<string, unknown>;
}

/** The JSON Schema keywords TypeBox emits for our request shapes. */
interface Node {
  type?: string;
  properties?: Record<string, Node>;
  required?: string[];
  patternProperties?: Record<string, Node>;
  additionalProperties?: boolean;
  items?: Node;
  anyOf?: Node[];
  const?: unknown;
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

type Path = (string | number)[];
const MISSING = Symbol('missing');

export function schemaCases(schema: TSchema, valid: Record<string, unknown>): BadCase[] {
  const out: BadCase[] = [];
  const emit = (what: string, path: Path, value: unknown) =>
    out.push({ name: `${path.join('.') || 'body'} ${what}`, body: setAt(valid, path, value) });
  walk(schema as Node, valid, [], emit);
  return out;
}

function walk(node: Node, value: unknown, path: Path, emit: (what: string, path: Path, value: unknown) => void): void {
  // A recursive reference: its shape is the one being walked already.
  if (node.$ref) return;
  const enumValues = node.anyOf?.every((n) => n.const !== undefined) ? node.anyOf.map((n) => n.const) : node.const !== undefined ? [node.const] : null;
  if (enumValues) {
    emit(`not one of ${enumValues.join('|')}`, path, 'NOT_AN_ALLOWED_VALUE');
    emit('given as a number', path, 7);
    return;
  }
  switch (node.type) {
    case 'object': {
      const obj = value as Record<string, unknown>;
      if (path.length) emit('given as a string', path, 'not-an-object');
      for (const key of node.required ?? []) emit(`without required ${key}`, [...path, key], MISSING);
      for (const [key, child] of Object.entries(node.properties ?? {})) if (key in obj) walk(child, obj[key], [...path, key], emit);
      for (const child of Object.values(node.patternProperties ?? {}))
        for (const [key, v] of Object.entries(obj)) walk(child, v, [...path, key], emit);
      if (node.additionalProperties === false) emit('with an unknown member', [...path, 'NotAMember'], 'x');
      return;
    }
    case 'string':
      if (node.minLength) emit(`shorter than ${node.minLength}`, path, 'x'.repeat(node.minLength - 1));
      if (node.maxLength !== undefined) emit(`longer than ${node.maxLength}`, path, 'x'.repeat(node.maxLength + 1));
      emit('given as a number', path, 42);
      return;
    case 'integer':
    case 'number':
      if (node.minimum !== undefined) emit(`below ${node.minimum}`, path, node.minimum - 1);
      if (node.maximum !== undefined) emit(`above ${node.maximum}`, path, node.maximum + 1);
      if (node.type === 'integer') emit('not a whole number', path, (node.minimum ?? 0) + 0.5);
      emit('given as a string', path, 'not-a-number');
      return;
    case 'boolean':
      emit('given as a string', path, 'not-a-boolean');
      return;
    case 'array': {
      const list = value as unknown[];
      if (node.minItems) emit(`with fewer than ${node.minItems} items`, path, list.slice(0, node.minItems - 1));
      if (node.maxItems !== undefined) emit(`with more than ${node.maxItems} items`, path, Array.from({ length: node.maxItems + 1 }, () => list[0]));
      emit('given as a single value', path, list[0]);
      if (node.items && list.length) walk(node.items, list[0], [...path, 0], emit);
      return;
    }
  }
}

/** A deep copy of `obj` with the member at `path` replaced (or removed, for MISSING). */
function setAt(obj: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  if (!path.length) return value as Record<string, unknown>;
  let at = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === MISSING) delete at[last];
  else at[last] = value;
  return copy;
}

// ---- sending ------------------------------------------------------------------------------

/** The request as SDK middleware sees it (structurally: the SDK's internal types are not our dependency). */
export interface WireRequest {
  method: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}
type Handler = (args: { request: WireRequest }) => Promise<unknown>;
interface Stack {
  add(...args: never[]): void;
  addRelativeTo(...args: never[]): void;
}

/** Edits the request after serialization and before signing: the signature covers the edit. */
export function beforeSigning<C extends { middlewareStack: Stack }>(command: C, edit: (req: WireRequest) => void): C {
  const mw = (next: Handler): Handler => (args) => (edit(args.request), next(args));
  // 'high' runs before the SDK's content-length middleware, which then measures the new body.
  command.middlewareStack.add(mw as never, { step: 'build', priority: 'high', name: 'testBeforeSigning' } as never);
  return command;
}

/** Edits the request after it was signed: a tampered request, as an attacker in the middle would. */
export function afterSigning<C extends { middlewareStack: Stack }>(command: C, edit: (req: WireRequest) => void): C {
  const mw = (next: Handler): Handler => (args) => (edit(args.request), next(args));
  command.middlewareStack.addRelativeTo(mw as never, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'testAfterSigning' } as never);
  return command;
}

/** Sends `body` verbatim as the JSON body of the command, signed as the SDK signs anything. */
export const withBody = <C extends { middlewareStack: Stack }>(command: C, body: unknown): C =>
  beforeSigning(command, (req) => {
    for (const h of Object.keys(req.headers)) if (h.toLowerCase() === 'content-length') delete req.headers[h];
    req.headers['content-type'] = 'application/json';
    req.body = JSON.stringify(body);
  });

/** What the SDK made of an error response: the exception class, status and header it came from. */
export interface Failure {
  name: string;
  status: number | undefined;
  errorTypeHeader: string | undefined;
  hasMessage: boolean;
}

export async function failure(pending: Promise<unknown>): Promise<Failure> {
  try {
    const out = await pending;
    throw new Error(`expected an error, got a success: ${JSON.stringify(out)}`);
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } };
    if (!err.$metadata) throw e;
    return {
      name: err.name,
      status: err.$metadata.httpStatusCode,
      errorTypeHeader: err.$response?.headers['x-amzn-errortype'],
      hasMessage: typeof err.message === 'string' && err.message.length > 0,
    };
  }
}

/** The request fails with exactly this exception and status, and no table of the store changed. */
export async function expectRejected(p: TestParley, send: () => Promise<unknown>, name: string, status: number): Promise<void> {
  const before = await snapshotStore(p);
  expect(await failure(send())).toEqual({ name, status, errorTypeHeader: name, hasMessage: true });
  expect(await snapshotStore(p)).toEqual(before);
}

/** Replaces each `$name` inside the strings of a body template by `vars[name]` (ids known only once the server runs). */
export function fill<T>(template: T, vars: Record<string, string>): T {
  return JSON.parse(JSON.stringify(template), (_k, v: unknown) =>
    typeof v === 'string' ? v.replace(/\$(\w+)/g, (m, name: string) => vars[name] ?? m) : v,
  ) as T;
}
