import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatData, feed, start } from '../../src/core/flow/actions/test-kit.js';
import type { FlowDocument } from '../../src/core/flow/flow-document.js';

/* The pure step function on AWS's own Sample disconnect flow, as exported (spec §3.2: the NULL question). */
describe("AWS's sample disconnect flow: its TASK branch requeues when `$.Agent.ARN Equals \"NULL\"`", () => {
  const file = '/work/shared/flows/aws-sample-flows/sample_disconnect_flow.json';
  const present = existsSync(file);
  if (!present && process.env.CI !== 'true') console.warn(`skipped: ${file} is not on this machine`);
  it.skipIf(!present && process.env.CI !== 'true')('a task without an agent is transferred back to its queue; with an agent it is disconnected', () => {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as FlowDocument;
    const task = chatData({ channel: 'TASK' });
    expect(start(doc, task).command).toEqual({ kind: 'enqueue' });
    const agent = { id: 'u', userName: 'jdoe', firstName: 'J', lastName: 'D', arn: 'arn:agent' };
    expect(start(doc, { ...task, agent }).command).toEqual({ kind: 'disconnect' });
    // On chat it says so and waits 15 minutes for the customer.
    const chat = start(doc);
    expect(chat.command).toEqual({ kind: 'message', text: expect.stringContaining('The agent has disconnected') });
    expect(feed(doc, chat, { kind: 'done' }).command).toEqual({ kind: 'wait', timeoutSeconds: 900, events: ['CustomerReturned'] });
  });
});
