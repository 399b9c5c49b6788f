import { postJson } from '../../adapters/egress/http-egress.js';
import type { FlowEvent } from '../../core/flow/commands.js';
import { functionNameOf } from '../../core/flow/validate-parameters.js';
import { requireChat } from '../chat/chat-records.js';
import type { Deps } from '../deps.js';
import { runBot } from './bots.js';
import { contactData } from './contact-data.js';
import { advanceFlow, type ExternalCall } from './runner.js';
import { presentView } from './views.js';

/**
 * Makes a flow's outside call after its transaction committed, then resumes the flow with the
 * outcome in a new transaction. If the process dies meanwhile, the flow's timer takes the error
 * branch when the call's time limit passes, so no flow stays parked forever.
 */
export function performExternal(deps: Deps, call: ExternalCall, log: (e: unknown) => void = () => {}): void {
  void run(deps, call).catch(log);
}

async function run(deps: Deps, first: ExternalCall): Promise<void> {
  // A loop, not recursion: a flow calling one function after another keeps no stack of them.
  for (let call: ExternalCall | null = first; call; ) {
    // A bot conversation runs turn by turn from the state stored with the flow (bots.ts).
    if (call.command.kind === 'bot') return runBot(deps, call.contactId);
    // A view (ShowView) is posted to the customer; their response resumes the flow (views.ts).
    if (call.command.kind === 'show-view') return presentView(deps, call);
    const { event, external } = await invokeFunction(deps, call);
    const { contactId, pause }: ExternalCall = call;
    call = await deps.db.write((tx): Promise<ExternalCall | null> =>
      advanceFlow(deps, tx, contactId, event, pause ?? { kind: 'lambda' }, (exec) => {
        if (external !== undefined) exec.external = external;
      }),
    );
    await publishContact(deps, contactId);
  }
}

/** Tells the sockets of the contact's chat that it may have new items. */
export async function publishContact(deps: Deps, contactId: string): Promise<void> {
  const row = await deps.db.kysely
    .selectFrom('contacts')
    .innerJoin('chats', 'chats.id', 'contacts.chat_id')
    .select(['chats.id', 'chats.last_seq'])
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  if (row) deps.bus.publish(row.id, Number(row.last_seq));
}

/** Amazon Connect's limit on a Lambda function's response to a flow. */
export const FUNCTION_RESPONSE_MAX_BYTES = 32 * 1024;

/**
 * InvokeLambdaFunction: the function ARN (or name) is mapped by PARLEY_FUNCTIONS to an HTTP
 * endpoint, which gets Connect's Lambda event and answers what a Lambda would.
 */
async function invokeFunction(deps: Deps, call: ExternalCall): Promise<{ event: FlowEvent; external?: unknown }> {
  const c = call.command;
  const fail = (detail: string) => ({ event: { kind: 'error', type: 'NoMatchingError', detail } as FlowEvent });
  if (c.kind !== 'invoke-lambda') return fail('not a function call');
  // As validation finds it (any partition's ARN, or the name); own keys only: a dynamic ARN
  // "constructor" is no function.
  const fns = deps.config.functions;
  const mapped = (k: string) => (Object.hasOwn(fns, k) ? fns[k] : undefined);
  const url = mapped(c.functionArn) ?? mapped(functionNameOf(c.functionArn));
  if (!url) return fail(`no endpoint for function ${c.functionArn} in PARLEY_FUNCTIONS`);
  const contact = await deps.db.kysely.selectFrom('contacts').selectAll().where('id', '=', call.contactId).executeTakeFirstOrThrow();
  const chat = await requireChat(deps.db.kysely, contact.chat_id);
  const d = await contactData(deps, deps.db.kysely, chat, contact);
  const payload = {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: d.attributes,
        Channel: d.channel,
        ContactId: d.contactId,
        CustomerEndpoint: null,
        CustomerId: d.customerId,
        Description: d.description,
        InitialContactId: d.initialContactId,
        InitiationMethod: d.initiationMethod,
        InstanceARN: d.instanceArn,
        LanguageCode: d.languageCode ?? 'en-US',
        MediaStreams: {},
        Name: d.name,
        PreviousContactId: d.previousContactId,
        Queue: d.queue ? { ARN: d.queue.arn, Name: d.queue.name } : null,
        SegmentAttributes: d.segmentAttributes,
        SystemEndpoint: null,
      },
      Parameters: c.parameters,
    },
  };
  try {
    const res = await postJson(url, payload, c.timeoutSeconds * 1000, FUNCTION_RESPONSE_MAX_BYTES);
    if (res.tooLarge) return fail(`the function answered more than ${FUNCTION_RESPONSE_MAX_BYTES} bytes`);
    if (res.status >= 300) return fail(`the function answered HTTP ${res.status}`);
    if (res.json === undefined) return fail('the function answered no JSON');
    if (c.responseType === 'STRING_MAP') {
      if (!res.json || typeof res.json !== 'object' || Array.isArray(res.json)) return fail('a STRING_MAP response must be a JSON object');
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.json)) {
        if (v !== null && typeof v === 'object') return fail(`a STRING_MAP response has flat values only (${k} is not)`);
        flat[k] = v === null ? '' : String(v);
      }
      return { event: { kind: 'done' }, external: flat };
    }
    return { event: { kind: 'done' }, external: res.json };
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    return fail(timedOut ? `no answer within ${c.timeoutSeconds} s` : `the call failed: ${(e as Error).message}`);
  }
}
