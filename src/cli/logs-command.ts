import { parseArgs } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { ConnectClient } from '@aws-sdk/client-connect';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FlowLogPage, FlowLogRecord } from '../app/flows/flow-logs.js';
import { EXIT, UsageError, type CliCommand } from './command.js';
import { connectClient, explainFailure, instanceOf } from './connect-client.js';

/**
 * `parley flows logs CONTACT_ID`: the flow logs of one contact segment, oldest first, from the
 * server's flow logs API (GET /flow-logs/{InstanceId}/{ContactId}, SigV4-signed with the same keys
 * as every other call). One line per executed block, its parameters on the next; `--json` prints
 * each entry as one JSON line instead, as Connect's CloudWatch log stream has them.
 */
export const flowsLogs: CliCommand = {
  words: ['flows', 'logs'],
  usage: 'CONTACT_ID [--json] [--endpoint URL] [--instance ID]',
  summary: 'Prints the flow logs of a contact segment (written while UpdateFlowLoggingBehavior has logging on): each block run, its parameters, result, error and next block.',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { json: { type: 'boolean' }, endpoint: { type: 'string' }, instance: { type: 'string' } }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one CONTACT_ID at a time' : 'no CONTACT_ID given');
    const contactId = positionals[0];
    const { client, url } = connectClient(io, values.endpoint);
    try {
      const instanceId = await instanceOf(client, values.instance);
      const entries = await fetchAll(client, url, instanceId, contactId);
      if (!entries.length) io.out(`No flow logs for contact ${contactId}: its flows did not switch flow logging on (UpdateFlowLoggingBehavior)`);
      for (const e of entries) {
        if (values.json) io.out(JSON.stringify(e));
        else io.out(describeEntry(e));
      }
      return EXIT.ok;
    } catch (e) {
      io.err(`parley flows logs: ${explainFailure(e, url)}`);
      return EXIT.failed;
    } finally {
      client.destroy();
    }
  },
};

function describeEntry(e: FlowLogRecord): string {
  const outcome = [e.Results !== null ? `result ${e.Results}` : '', e.Error !== null ? `error ${e.Error}${e.ErrorDetail ? ` (${e.ErrorDetail})` : ''}` : ''].filter(Boolean).join(', ');
  const head = `${e.Timestamp}  ${e.ContactFlowName ?? e.ContactFlowId}  ${e.Identifier} [${e.Type}]${outcome ? `  ${outcome}` : ''}  -> ${e.NextAction ?? '(end)'}`;
  return Object.keys(e.Parameters).length ? `${head}\n    ${JSON.stringify(e.Parameters)}` : head;
}

/** Every page of the contact's flow logs, signed as the SDK client signs (same keys and region). */
async function fetchAll(client: ConnectClient, url: string, instanceId: string, contactId: string): Promise<FlowLogRecord[]> {
  const base = new URL(url);
  const signer = new SignatureV4({ service: 'connect', region: await client.config.region(), credentials: client.config.credentials, sha256: Sha256 });
  const path = `${base.pathname.replace(/\/+$/, '')}/flow-logs/${encodeURIComponent(instanceId)}/${encodeURIComponent(contactId)}`;
  const out: FlowLogRecord[] = [];
  let token: string | undefined;
  do {
    const query: Record<string, string> = token ? { nextToken: token } : {};
    const req = new HttpRequest({ method: 'GET', protocol: base.protocol, hostname: base.hostname, port: base.port ? Number(base.port) : undefined, path, query, headers: { host: base.host } });
    const signed = await signer.sign(req);
    const qs = new URLSearchParams(query).toString();
    const res = await fetch(`${base.origin}${path}${qs ? `?${qs}` : ''}`, { headers: signed.headers });
    const body = (await res.json().catch(() => ({}))) as FlowLogPage & { message?: string; Message?: string; __type?: string };
    if (!res.ok) {
      const type = (res.headers.get('x-amzn-errortype') ?? body.__type ?? `HTTP ${res.status}`).split(':')[0].split('#').pop()!;
      throw Object.assign(new Error(body.message ?? body.Message ?? `the server answered ${res.status}`), { name: type });
    }
    out.push(...body.FlowLogs);
    token = body.NextToken;
  } while (token);
  return out;
}
