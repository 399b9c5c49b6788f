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
      const view = c.params.ViewResource as { Id?: unknown } | undefined;
      const ref = c.value(view?.Id);
      if (!ref) return error();
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries((c.params.ViewData ?? {}) as Record<string, unknown>)) data[k] = c.text(v);
      return command({ kind: 'show-view', viewRef: ref, data, timeoutSeconds: asInt(c.params.InvocationTimeLimitSeconds) ?? 300 });
    },
  },
  // DTMF input is voice-only; on chat it takes its error branch (spec §5.3).
  GetParticipantInput: { chat: 'error', run: () => error('NoMatchingError', 'DTMF input is voice-only: chat flows use ConnectParticipantWithLexBot') },
  // Loop prompts error on chat; with no error branch the flow ends and a queued contact waits for an agent (spec §5.28).
  MessageParticipantIteratively: { chat: 'error', run: () => error('NoMatchingError', 'Loop prompts is voice-only: chat queue flows use MessageParticipant and Wait') },
};
