import { DescribeViewCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgres } from '../../src/adapters/store/postgres.js';
import { seed } from '../../src/app/admin/seed.js';
import { IN_CI, probePostgres, randomSchema } from '../contract/stores.js';
import type { TestChat } from '../helpers/chat.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import type { TestSocket } from '../helpers/socket.js';
import { act, chatOn, customerSays, insertFlow, park, say, systemMessage } from './kit.js';

/*
 * ShowView on a chat (spec/flow-language.md §5.27, connect-chat-api.md §3.7), end to end through
 * the SDK and the customer's socket: the flow posts an interactive ViewResource message, the
 * client reads the view with DescribeView, the customer answers with an interactive.response, and
 * the flow branches on the action with $.Views set.
 */

const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
const RESPONSE = 'application/vnd.amazonaws.connect.message.interactive.response';
const VIEW_CHAT = { SupportedMessagingContentTypes: ['text/plain', INTERACTIVE] };
const FORM = 'arn:aws:connect:us-west-2:aws-managed:view/Form';
const SECTIONS = [{ Heading: 'Contact details', Items: [{ Label: 'Email', Name: 'email', Type: 'email' }] }];

const probe = await probePostgres();
const pgSkip = probe.reason !== null && !IN_CI ? probe.reason : null;
if (pgSkip) console.warn(`[show-view] PostgreSQL runs skipped: ${pgSkip}`);
const pgSchema = randomSchema();

/** Views run on both stores: SQLite (the default) and PostgreSQL where the machine has one (always on CI). */
const STORES = [
  { name: 'SQLite', skip: false, start: () => startTestParley(), dispose: async () => {} },
  {
    name: 'PostgreSQL',
    skip: pgSkip !== null,
    start: async () => {
      if (!probe.url) throw new Error(probe.reason ?? 'PostgreSQL unavailable');
      return startTestParley({ db: await openPostgres({ url: probe.url, schema: pgSchema }) });
    },
    dispose: async () => {
      if (probe.url) await dropSchema(probe.url, pgSchema);
    },
  },
];

// The store of the suite running now (the suites of a file run one after the other).
let p: TestParley;

/** A flow that shows `viewId` and says which branch it left by, reading $.Views on the Submit branch. */
function viewFlow(viewId: string, extra: Record<string, unknown> = {}) {
  return insertFlow(p, [
    act(
      'view',
      'ShowView',
      {
        ViewResource: { Id: viewId, Version: '1' },
        InvocationTimeLimitSeconds: '600',
        ViewData: { Heading: 'Hi $.Attributes.name', Sections: SECTIONS, Plan: '$.Attributes.plan' },
        ...extra,
      },
      {
        next: 'error',
        errors: { NoMatchingCondition: 'nomatch', TimeLimitExceeded: 'late', NoMatchingError: 'error' },
        conditions: { Submit: 'submitted', Cancel: 'cancelled' },
      },
    ),
    say('submitted', 'Thanks, $.Views.ViewResultData.email (action $.Views.Action)', 'park'),
    say('cancelled', 'branch Cancel', 'park'),
    say('nomatch', 'branch NoMatchingCondition', 'park'),
    say('late', 'branch TimeLimitExceeded', 'park'),
    say('error', 'branch NoMatchingError', 'park'),
    park(),
  ]);
}

/** The interactive ViewResource message the flow posted, with its content parsed. */
async function viewMessage(socket: TestSocket, viewId = 'Form') {
  const item = await socket.waitForItem((i) => i.ContentType === INTERACTIVE && JSON.parse(String(i.Content)).data?.content?.viewId === viewId);
  const content = JSON.parse(String(item.Content)) as { templateType: string; version: string; data: { content: { viewId: string; viewToken: string; viewData: Record<string, unknown> } } };
  return { item, content, token: content.data.content.viewToken };
}

/** The customer answers a view, as a chat widget does: an interactive.response naming the action. */
const answer = (chat: TestChat, body: Record<string, unknown>) =>
  p.participant.send(
    new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: RESPONSE, Content: JSON.stringify({ templateType: 'ViewResource', version: '1.0', data: { content: body } }) }),
  );

const describeView = (chat: TestChat, token: string) => p.participant.send(new DescribeViewCommand({ ConnectionToken: chat.connectionToken, ViewToken: token }));

/** Where the contact's flow is now (read after a call returned: a view response is handled in its request's transaction). */
async function flowState(contactId: string) {
  const row = await p.deps.db.kysely.selectFrom('contacts').select('flow_state').where('id', '=', contactId).executeTakeFirstOrThrow();
  return JSON.parse(row.flow_state!) as { at: string | null; parked: { kind: string } | null };
}

/** Whether the flow wrote a message with this text into the chat (read from the store: no waiting for an absence). */
async function stored(contactId: string, text: string): Promise<boolean> {
  const row = await p.deps.db.kysely.selectFrom('items').select('id').where('contact_id', '=', contactId).where('content', '=', text).executeTakeFirst();
  return row !== undefined;
}

for (const store of STORES) {
  describe.skipIf(store.skip)(`views on ${store.name}`, () => {
    beforeAll(async () => {
      p = await store.start();
    });
    afterAll(async () => {
      await p?.stop();
      await store.dispose();
    });

    describe('ShowView on a chat', () => {
      it('shows the view, DescribeView returns it, and the response drives the branch and $.Views', async () => {
        const flowId = await viewFlow(FORM);
        const { chat, socket } = await chatOn(p, flowId, { ...VIEW_CHAT, Attributes: { name: 'Ana', plan: 'gold' } });
        const { item, content, token } = await viewMessage(socket);
        expect(item).toMatchObject({ Type: 'MESSAGE', ParticipantRole: 'SYSTEM' });
        expect(content).toMatchObject({ templateType: 'ViewResource', version: '1.0' });
        // ViewData keeps its shape, with references resolved.
        expect(content.data.content.viewData).toEqual({ Heading: 'Hi Ana', Sections: SECTIONS, Plan: 'gold' });

        const { View } = await describeView(chat, token);
        expect(View).toMatchObject({ Id: 'Form', Name: 'Form', Version: 1, Arn: expect.stringMatching(/:aws-managed:view\/Form$/) });
        expect(View!.Content!.Actions).toEqual(expect.arrayContaining(['Submit', 'Cancel']));
        expect(JSON.parse(View!.Content!.Template!)).toBeTypeOf('object');
        expect(JSON.parse(View!.Content!.InputSchema!)).toMatchObject({ type: 'object' });

        await answer(chat, { viewId: 'Form', viewToken: token, action: 'Submit', viewResultData: { email: 'ana@example.com' } });
        await systemMessage(socket, 'Thanks, ana@example.com (action Submit)');
        // Without HideResponseOn the transcript shows the response as sent.
        const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, MaxResults: 100 }));
        expect(t.Transcript!.find((i) => i.ContentType === RESPONSE)!.Content).toContain('ana@example.com');
      });

      it('takes the branch of the action picked, and NoMatchingCondition for a response that names none', async () => {
        const flowId = await viewFlow('Form');
        const one = await chatOn(p, flowId, VIEW_CHAT);
        const first = await viewMessage(one.socket);
        await answer(one.chat, { viewToken: first.token, action: 'Cancel' });
        await systemMessage(one.socket, 'branch Cancel');

        const two = await chatOn(p, flowId, VIEW_CHAT);
        const second = await viewMessage(two.socket);
        await answer(two.chat, { viewToken: second.token, viewResultData: { email: 'x@example.com' } });
        await systemMessage(two.socket, 'branch NoMatchingCondition');
      });

      it('waits through other messages, and ends with TimeLimitExceeded when nobody answers in time', async () => {
        const flowId = await viewFlow(FORM);
        const { chat, socket } = await chatOn(p, flowId, VIEW_CHAT);
        const { token } = await viewMessage(socket);
        // Plain text is not an answer: the view still waits.
        await customerSays(p, chat, 'what is this form?');
        expect((await flowState(chat.contactId)).parked?.kind).toBe('view');

        p.clock.advance(600_000);
        await p.settle();
        await systemMessage(socket, 'branch TimeLimitExceeded');
        // A response after the time limit reaches no flow.
        await answer(chat, { viewToken: token, action: 'Submit', viewResultData: { email: 'late@example.com' } });
        expect(await stored(chat.contactId, 'Thanks, late@example.com (action Submit)')).toBe(false);
        expect((await flowState(chat.contactId)).at).toBe('park');
      });

      it('takes NoMatchingError for a view the instance lacks, and for a chat that cannot show interactive messages', async () => {
        const missing = await viewFlow('arn:aws:connect:us-east-1:aws-managed:view/NoSuchView');
        const a = await chatOn(p, missing, VIEW_CHAT);
        await systemMessage(a.socket, 'branch NoMatchingError');

        const form = await viewFlow(FORM);
        const b = await chatOn(p, form, { SupportedMessagingContentTypes: ['text/plain'] });
        await systemMessage(b.socket, 'branch NoMatchingError');
        expect(b.socket.items().some((i) => i.ContentType === INTERACTIVE)).toBe(false);
      });

      it('answers a response only to the view the flow waits on: an earlier view token does not move it', async () => {
        const flowId = await insertFlow(p, [
          act('form', 'ShowView', { ViewResource: { Id: FORM, Version: '1' }, ViewData: { Heading: 'Your details' } }, { next: 'bad', errors: { NoMatchingError: 'bad' }, conditions: { Submit: 'confirm' } }),
          act('confirm', 'ShowView', { ViewResource: { Id: 'Confirmation:1' }, ViewData: { Heading: 'Done, $.Views.ViewResultData.name' } }, { next: 'bad', errors: { NoMatchingError: 'bad' }, conditions: { Next: 'done' } }),
          say('done', 'confirmed $.Views.Action', 'park'),
          say('bad', 'branch error', 'park'),
          park(),
        ]);
        const { chat, socket } = await chatOn(p, flowId, VIEW_CHAT);
        const form = await viewMessage(socket, 'Form');
        await answer(chat, { viewToken: form.token, action: 'Submit', viewResultData: { name: 'Bo' } });
        const confirm = await viewMessage(socket, 'Confirmation');
        // $.Views holds the last response when the next block reads it.
        expect(confirm.content.data.content.viewData).toEqual({ Heading: 'Done, Bo' });

        await answer(chat, { viewToken: form.token, action: 'Next' });
        expect((await flowState(chat.contactId)).at).toBe('confirm');
        await answer(chat, { viewToken: confirm.token, action: 'Next' });
        await systemMessage(socket, 'confirmed Next');
        // Both views stay describable in their chat (a widget re-renders past messages).
        expect((await describeView(chat, form.token)).View!.Name).toBe('Form');
        expect((await describeView(chat, confirm.token)).View!.Name).toBe('Confirmation');
      });

      it('hides the response in GetTranscript when HideResponseOn has TRANSCRIPT, and keeps it in the store', async () => {
        const flowId = await viewFlow(FORM, { SensitiveDataConfiguration: { HideResponseOn: ['TRANSCRIPT'] } });
        const { chat, socket } = await chatOn(p, flowId, VIEW_CHAT);
        const { token } = await viewMessage(socket);
        const sent = await answer(chat, { viewToken: token, action: 'Submit', viewResultData: { email: 'secret@example.com' } });
        // The flow still reads the response.
        await systemMessage(socket, 'Thanks, secret@example.com (action Submit)');

        const t = await p.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, MaxResults: 100 }));
        const shown = t.Transcript!.find((i) => i.Id === sent.Id)!;
        expect(shown).toMatchObject({ ContentType: RESPONSE, ParticipantRole: 'CUSTOMER' });
        expect(shown.Content).not.toContain('secret@example.com');
        expect(JSON.parse(shown.Content!)).toMatchObject({ templateType: 'ViewResource', data: { content: { redacted: true } } });
        const row = await p.deps.db.kysely.selectFrom('items').select('content').where('id', '=', sent.Id!).executeTakeFirstOrThrow();
        expect(row.content).toContain('secret@example.com');
      });
    });

    describe('DescribeView', () => {
      it("refuses another chat's view token and an unknown one (ResourceNotFoundException), an over-long one (ValidationException), and a bad connection token (AccessDeniedException)", async () => {
        const flowId = await viewFlow(FORM);
        const mine = await chatOn(p, flowId, VIEW_CHAT);
        const theirs = await chatOn(p, flowId, VIEW_CHAT);
        const { token } = await viewMessage(theirs.socket);
        await viewMessage(mine.socket);

        const failure = (e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } };
        const other = await describeView(mine.chat, token).catch(failure);
        expect(other).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
        const unknown = await describeView(mine.chat, 'not-a-view-token').catch(failure);
        expect(unknown).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
        const tooLong = await describeView(mine.chat, 'v'.repeat(1001)).catch(failure);
        expect(tooLong).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
        const denied = await p.participant.send(new DescribeViewCommand({ ConnectionToken: 'not-a-connection-token', ViewToken: token })).catch(failure);
        expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
        // The owner still reads it.
        expect((await describeView(theirs.chat, token)).View!.Id).toBe('Form');
      });
    });

    describe('seeded views', () => {
      it('the demo instance has the AWS-managed views, and seeding again adds or changes nothing', async () => {
        const read = () => p.deps.db.kysely.selectFrom('views').selectAll().where('instance_id', '=', p.seeded.instanceId).orderBy('id').execute();
        const before = await read();
        expect(before.map((v) => v.name)).toEqual(expect.arrayContaining(['Form', 'Confirmation']));
        for (const v of before) expect(v.arn).toBe(`arn:aws:connect:${p.deps.config.region}:aws-managed:view/${v.name}`);
        await seed(p.deps.db, p.deps.ids, p.deps.config, p.clock.now() + 1000);
        expect(await read()).toEqual(before);
      });
    });
  });
}
