import type { FlowAction, FlowDocument } from '../../src/core/flow/flow-document.js';

const REF = /\$\.Attributes\.([A-Za-z0-9_-]+)/g;

/**
 * The flow engine's baseline: the least a JavaScript interpreter of these three block types
 * must do, with the same meaning as Parley's (references resolved, the first holding Equals
 * condition taken, else NoMatchingCondition; attributes written; messages produced; transitions
 * followed), in one mutable loop: no immutable state copies, no logs, no command round trips,
 * no other block types. Returns the blocks it ran.
 */
export function interpret(flow: FlowDocument, attributes: Record<string, string>, messages: string[]): number {
  const byId = new Map<string, FlowAction>(flow.Actions.map((a) => [a.Identifier, a]));
  const attrs = { ...attributes };
  const text = (s: string) => s.replace(REF, (_, k: string) => attrs[k] ?? '');
  let at: string | undefined = flow.StartAction;
  let blocks = 0;
  while (at) {
    const a = byId.get(at);
    if (!a) break;
    blocks++;
    const p = a.Parameters ?? {};
    const t = a.Transitions;
    if (a.Type === 'Compare') {
      const v = text(String(p.ComparisonValue));
      at = t.Conditions?.find((c) => c.Condition.Operator === 'Equals' && c.Condition.Operands[0] === v)?.NextAction ?? t.Errors?.find((e) => e.ErrorType === 'NoMatchingCondition')?.NextAction;
    } else if (a.Type === 'UpdateContactAttributes') {
      for (const [k, v] of Object.entries(p.Attributes as Record<string, string>)) attrs[k] = text(v);
      at = t.NextAction;
    } else if (a.Type === 'MessageParticipant') {
      messages.push(text(String(p.Text)));
      at = t.NextAction;
    } else at = undefined;
  }
  return blocks;
}
