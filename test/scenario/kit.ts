import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeContactCommand, type Contact } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import type { FlowLogRecord } from '../../src/app/flows/flow-logs.js';
import { type TestParley } from '../helpers/parley.js';
import { signedRequest } from '../helpers/signed.js';
import { EVENT, TestSocket, type ChatItem } from '../helpers/socket.js';
import { addBot as connectBot } from '../helpers/chat.js';

/** A CUSTOM_BOT standing in for the agent (agents arrive with routing): added, connected, with its own socket. */
export interface TestBot {
  id: string;
  connectionToken: string;
  socket: TestSocket;
}

export async function addBot(p: TestParley, contactId: string, displayName = 'Agent bot'): Promise<TestBot> {
  const bot = await connectBot(p, contactId, displayName);
  return { id: bot.id, connectionToken: bot.token, socket: await TestSocket.open(bot.websocketUrl) };
}

export const say = (p: TestParley, connectionToken: string, text: string) =>
  p.participant.send(new SendMessageCommand({ ConnectionToken: connectionToken, ContentType: 'text/plain', Content: text }));

export const leave = (p: TestParley, connectionToken: string) => p.participant.send(new DisconnectParticipantCommand({ ConnectionToken: connectionToken }));

export async function describe(p: TestParley, contactId: string): Promise<Contact> {
  return (await p.connect.send(new DescribeContactCommand({ InstanceId: p.seeded.instanceId, ContactId: contactId }))).Contact!;
}

/** Moves the simulated clock and waits until every timer due by then has been handled. */
export async function advance(p: TestParley, ms: number): Promise<void> {
  p.clock.advance(ms);
  await p.settle();
}

/** A system (flow) message with this text, as the customer's socket got it. */
export const flowMessage = (socket: TestSocket, text: string) =>
  socket.waitForItem((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM' && i.Content === text);

export const isEvent = (name: string) => (i: ChatItem) => i.ContentType === `${EVENT}${name}`;

/** A SigV4-signed GET on the connect API, as the AWS CLI or any SigV4 client would send it. */
export async function signedGet(p: TestParley, path: string, query: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await signedRequest(p, 'GET', path, { query });
  return { status: res.status, body: res.json };
}

/** Every flow log entry of a contact segment, through the flow logs API, following NextToken. */
export async function flowLogs(p: TestParley, contactId: string, pageSize?: number): Promise<FlowLogRecord[]> {
  const out: FlowLogRecord[] = [];
  let token: string | undefined;
  do {
    const query: Record<string, string> = {};
    if (pageSize) query.maxResults = String(pageSize);
    if (token) query.nextToken = token;
    const res = await signedGet(p, `/flow-logs/${p.seeded.instanceId}/${contactId}`, query);
    if (res.status !== 200) throw new Error(`flow logs answered ${res.status}: ${JSON.stringify(res.body)}`);
    out.push(...(res.body.FlowLogs as FlowLogRecord[]));
    token = res.body.NextToken as string | undefined;
  } while (token);
  return out;
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the real `parley` command (bin/parley.mjs) against a server and collects what it prints. */
export async function parleyCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PARLEY_')));
  const child = spawn(process.execPath, [path.join(REPO, 'bin/parley.mjs'), ...args], { cwd: REPO, env: { ...clean, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number];
  return { code, stdout, stderr };
}
