import { ConnectClient, ListContactFlowsCommand, ListInstancesCommand, ListQueuesCommand } from '@aws-sdk/client-connect';
import { DEV_ACCESS_KEY_ID, DEV_SECRET_ACCESS_KEY } from '../config.js';
import { UsageError, type CliIo } from './command.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

/**
 * A Connect SDK client for the Parley server: the endpoint from --endpoint, PARLEY_ENDPOINT or the
 * default; the keys from PARLEY_ACCESS_KEY_ID / PARLEY_SECRET_ACCESS_KEY or the development keys
 * (the server's defaults); the region from PARLEY_REGION (the server signs with its own).
 */
export function connectClient(io: CliIo, endpoint?: string): { client: ConnectClient; url: string } {
  const url = (endpoint ?? io.env.PARLEY_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--endpoint ${JSON.stringify(url)}: expected an http:// or https:// URL`);
  const accessKeyId = io.env.PARLEY_ACCESS_KEY_ID || DEV_ACCESS_KEY_ID;
  const secretAccessKey = io.env.PARLEY_SECRET_ACCESS_KEY || DEV_SECRET_ACCESS_KEY;
  // Parley runs on Node 20 by design (README); the SDK's advice to move to Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new ConnectClient({ region: io.env.PARLEY_REGION || 'us-east-1', endpoint: url, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  return { client, url };
}

/** The instance to work in: the one given, else the server's first (a fresh server has one). */
export async function instanceOf(client: ConnectClient, given?: string): Promise<string> {
  if (given) return given;
  const list = await client.send(new ListInstancesCommand({}));
  const first = list.InstanceSummaryList?.[0]?.Id;
  if (!first) throw new Error('the server has no instance: pass --instance ID');
  return first;
}

/** Every flow of the instance: name → {id, arn, type}. */
export async function flowsByName(client: ConnectClient, instanceId: string) {
  const out = new Map<string, { id: string; arn: string; type: string }>();
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListContactFlowsCommand({ InstanceId: instanceId, MaxResults: 1000, NextToken }));
    for (const f of page.ContactFlowSummaryList ?? []) if (f.Name && f.Id && f.Arn) out.set(f.Name, { id: f.Id, arn: f.Arn, type: f.ContactFlowType ?? '' });
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** Queue name → ARN, when the server has ListQueues; else null (the server resolves queue names itself). */
export async function queuesByName(client: ConnectClient, instanceId: string): Promise<Map<string, string> | null> {
  try {
    const out = new Map<string, string>();
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'], MaxResults: 1000, NextToken }));
      for (const q of page.QueueSummaryList ?? []) if (q.Name && q.Arn) out.set(q.Name, q.Arn);
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  } catch (e) {
    if ((e as Error).name === 'UnknownOperationException') return null;
    throw e;
  }
}

/** A failed call, said so that the user knows what to do. */
export function explainFailure(e: unknown, url: string): string {
  const err = e as Error & { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET')
    return `cannot reach Parley at ${url} (${code}): is it running? Point at it with --endpoint URL or PARLEY_ENDPOINT`;
  if (['UnrecognizedClientException', 'InvalidSignatureException', 'MissingAuthenticationTokenException'].includes(err.name))
    return `the server at ${url} refused the access keys (${err.name}): set PARLEY_ACCESS_KEY_ID and PARLEY_SECRET_ACCESS_KEY to the server's keys (and PARLEY_REGION to its region)`;
  if (err.name === 'ResourceNotFoundException') return `${err.message} (check --instance)`;
  return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`;
}
