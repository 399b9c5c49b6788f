import type { FlowExecution } from '../execution.js';
import type { FlowData } from '../flow-data.js';
import { interpolate, parseReference, resolvePath } from '../references.js';
import { type ActionSpec, asInt, command, error } from './action-spec.js';

/** Talking to the customer: messages, bots, views. */
export const MESSAGING_ACTIONS: Record<string, ActionSpec> = {
  MessageParticipant: {
    chat: 'supported',
    oneOf: ['Text', 'PromptId', 'SSML', 'Media'],
    run: (c) => {
      // Prompts, SSML and audio are voice; on chat only Text can be shown.
      if (typeof c.params.Text !== 'string') return error('NoMatchingError', 'only Text can be shown on chat (PromptId, SSML and Media are voice)');
      const text = c.text(c.params.Text);
      return text ? command({ kind: 'message', text }) : error('NoMatchingError', 'the text is empty');
    },
  },
  ConnectParticipantWithLexBot: {
    chat: 'supported',
    run: (c) => {
      const v2 = c.params.LexV2Bot as { AliasArn?: unknown } | undefined;
      const v1 = c.params.LexBot as { Name?: unknown; Alias?: unknown } | undefined;
      const botRef = c.value(v2?.AliasArn) ?? (v1?.Name ? `${c.text(v1.Name)}:${c.text(v1.Alias ?? '$LATEST')}` : undefined);
      if (!botRef) return error();
      const attrs = (c.params.LexSessionAttributes ?? {}) as Record<string, unknown>;
      const session: Record<string, string> = {};
      for (const [k, v] of Object.entries(attrs)) session[k] = c.text(v);
      // The docs' syntax block spells it LexInitilizationData.
      const init = (c.params.LexInitializationData ?? c.params.LexInitilizationData) as { InitialMessage?: unknown } | undefined;
      const timeout = asInt((c.params.LexTimeoutSeconds as { Text?: unknown } | undefined)?.Text) ?? 300;
      return command({
        kind: 'bot',
        botRef,
        prompt: typeof c.params.Text === 'string' ? c.text(c.params.Text) : null,
        sessionAttributes: session,
        initialMessage: init?.InitialMessage !== undefined ? c.text(init.InitialMessage) || null : null,
        timeoutSeconds: timeout,
      });
    },
  },
  ShowView: {
    chat: 'supported',
    required: ['ViewResource'],
    run: (c) => {
      // Parley keeps one version of a view, so ViewResource.Version is not needed to find it.
      const view = c.params.ViewResource as { Id?: unknown } | undefined;
      const ref = c.value(view?.Id);
      if (!ref) return error('NoMatchingError', 'ViewResource.Id names no view');
      const raw = c.params.ViewData;
      const data = raw && typeof raw === 'object' && !Array.isArray(raw) ? (viewData(raw, c.exec, c.data) as Record<string, unknown>) : {};
      const sensitive = c.params.SensitiveDataConfiguration as { HideResponseOn?: unknown } | undefined;
      const hide = Array.isArray(sensitive?.HideResponseOn) && sensitive.HideResponseOn.includes('TRANSCRIPT');
      const timeoutSeconds = asInt(c.value(c.params.InvocationTimeLimitSeconds)) ?? 300;
      return command({ kind: 'show-view', viewRef: ref, data, timeoutSeconds, ...(hide ? { hideResponse: true } : {}) });
    },
  },
  // DTMF input is voice-only; on chat it takes its error branch (spec §5.3).
  GetParticipantInput: { chat: 'error', run: () => error('NoMatchingError', 'DTMF input is voice-only: chat flows use ConnectParticipantWithLexBot') },
  // Loop prompts error on chat; with no error branch the flow ends and a queued contact waits for an agent (spec §5.28).
  MessageParticipantIteratively: { chat: 'error', run: () => error('NoMatchingError', 'Loop prompts is voice-only: chat queue flows use MessageParticipant and Wait') },
};

/**
 * ViewData as the view gets it: its JSON shape kept (views take lists and objects, e.g. a form's
 * sections), a value that is one reference replaced by the referenced value as it is (a function's
 * list stays a list), and references inside other text interpolated.
 */
function viewData(v: unknown, exec: FlowExecution, data: FlowData): unknown {
  if (typeof v === 'string') {
    const path = parseReference(v);
    return path ? (resolvePath(path, exec, data) ?? '') : interpolate(v, exec, data);
  }
  if (Array.isArray(v)) return v.map((x) => viewData(x, exec, data));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, viewData(x, exec, data)]));
  return v;
}
