import { type ActionSpec, asInt, command, error, unsupported } from './action-spec.js';

/** Calls out of the flow: functions (Lambda in Connect; an HTTP endpoint per function here). */
export const INTEGRATION_ACTIONS: Record<string, ActionSpec> = {
  InvokeLambdaFunction: {
    chat: 'supported',
    required: ['LambdaFunctionARN'],
    run: (c) => {
      const arn = c.value(c.params.LambdaFunctionARN);
      if (!arn) return error('NoMatchingError', 'LambdaFunctionARN has no value');
      // Asynchronous calls are collected later by an event-based Wait, which Parley does not have.
      if (c.params.InvocationType === 'ASYNCHRONOUS') return unsupported('InvocationType ASYNCHRONOUS is not supported');
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
  // Tasks are not a channel of Parley yet: the flow takes the error branch and the log says why.
  CreateTask: { chat: 'supported', required: ['ContactFlowId'], run: () => unsupported('tasks are not supported yet: no task was created') },
};

/** Customer Profiles and Cases (spec §5.28): side effects on services Parley does not have yet. */
const NOT_YET = {
  AssociateContactToCustomerProfile: 'Customer Profiles',
  CreateCustomerProfile: 'Customer Profiles',
  GetCustomerProfile: 'Customer Profiles',
  GetCustomerProfileObject: 'Customer Profiles',
  GetCalculatedAttributesForCustomerProfile: 'Customer Profiles',
  UpdateCustomerProfile: 'Customer Profiles',
  CreateCase: 'Cases',
  GetCase: 'Cases',
  UpdateCase: 'Cases',
} as const;

for (const [type, service] of Object.entries(NOT_YET))
  INTEGRATION_ACTIONS[type] = { chat: 'supported', run: () => unsupported(`${service} are not supported yet`) };
