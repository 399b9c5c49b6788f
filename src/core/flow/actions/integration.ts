import { type ActionSpec, asInt, command, error } from './action-spec.js';

/** Calls out of the flow: functions (Lambda in Connect; an HTTP endpoint per function here). */
export const INTEGRATION_ACTIONS: Record<string, ActionSpec> = {
  InvokeLambdaFunction: {
    chat: 'supported',
    required: ['LambdaFunctionARN'],
    run: (c) => {
      const arn = c.value(c.params.LambdaFunctionARN);
      if (!arn) return error();
      const parameters: Record<string, string> = {};
      for (const [k, v] of Object.entries((c.params.LambdaInvocationAttributes ?? {}) as Record<string, unknown>)) parameters[k] = c.text(v);
      const limit = asInt(c.params.InvocationTimeLimitSeconds) ?? 3;
      const type = (c.params.ResponseValidation as { ResponseType?: unknown } | undefined)?.ResponseType;
      return command({
        kind: 'invoke-lambda',
        functionArn: arn,
        parameters,
        timeoutSeconds: Math.min(Math.max(limit, 1), 8),
        responseType: type === 'JSON' ? 'JSON' : 'STRING_MAP',
      });
    },
  },
};
