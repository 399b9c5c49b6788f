import { parseArgs } from 'node:util';
import { CreateContactFlowCommand, UpdateContactFlowContentCommand, type ContactFlowType } from '@aws-sdk/client-connect';
import type { FlowDocument } from '../core/flow/flow-document.js';
import { FLOW_TYPES, isFlowType } from '../core/flow/flow-types.js';
import { isDynamic, referenceSlots } from '../core/flow/reference-map.js';
import { describeProblem, type FlowProblem } from '../core/flow/validate.js';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command.js';
import { connectClient, explainFailure, flowsByName, instanceOf, queuesByName } from './connect-client.js';
import { fileFlowName, fileFlowType, parseMaps, prepareFlow, readFlowFile } from './flow-file.js';

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Spec>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function checkType(type: string | undefined): string | undefined {
  if (type !== undefined && !isFlowType(type)) throw new UsageError(`--type ${type}: expected one of ${FLOW_TYPES.join(', ')}`);
  return type;
}

/** The resources a flow names statically: only the server can tell whether they exist. */
function outsideReferences(flow: FlowDocument | null): string[] {
  if (!flow) return [];
  const slots = referenceSlots(flow).filter((r) => ['queue', 'flow', 'function', 'bot'].includes(r.kind) && !isDynamic(r.value));
  return [...new Set(slots.map((r) => `${r.kind} ${r.value}${r.displayName && r.displayName !== r.value ? ` ("${r.displayName}")` : ''}`))];
}

const printAll = (io: CliIo, prefix: string, list: FlowProblem[]) => list.forEach((p) => io.out(`  ${prefix}${describeProblem(p)}`));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `parley flows validate FILE...`: checks flow files locally (no server), as import would send them. */
export const flowsValidate: CliCommand = {
  words: ['flows', 'validate'],
  usage: 'FILE... [--type TYPE] [--map REFERENCE=LOCAL_NAME ...] [--quiet]',
  summary: 'Checks flow files against the flow language, without a server; legacy exports are converted first. Exit 1 if any is refused.',
  async run(args, io) {
    const { values, positionals } = parse(args, { type: { type: 'string' }, map: { type: 'string', multiple: true }, quiet: { type: 'boolean' } });
    if (!positionals.length) throw new UsageError('no FILE given');
    const type = checkType(values.type);
    const maps = parseMaps(values.map ?? []);
    let refused = 0;
    for (const path of positionals) {
      const file = readFlowFile(path);
      const prepared = prepareFlow(file, { maps, type });
      const how = [file.flow ? plural(file.flow.Actions?.length ?? 0, 'action') : '', file.legacy ? 'converted from the legacy format' : ''].filter(Boolean).join(', ');
      if (prepared.problems.length) {
        refused++;
        io.out(`${path}: refused (${plural(prepared.problems.length, 'problem')})`);
        printAll(io, '', prepared.problems);
      } else io.out(`${path}: valid (${how})`);
      if (!values.quiet) printAll(io, 'warning: ', prepared.warnings);
      if (!values.quiet && !prepared.problems.length) for (const r of outsideReferences(prepared.flow)) io.out(`  needs at import: ${r}`);
    }
    if (positionals.length > 1) io.out(`${positionals.length - refused} of ${plural(positionals.length, 'file')} valid`);
    return refused ? EXIT.failed : EXIT.ok;
  },
};

/** `parley flows import FILE`: converts, maps references, validates, and creates the flow on the server. */
export const flowsImport: CliCommand = {
  words: ['flows', 'import'],
  usage: 'FILE [--type TYPE] [--name NAME] [--description TEXT] [--map REFERENCE=LOCAL_NAME ...] [--update] [--endpoint URL] [--instance ID] [--quiet]',
  summary:
    'Creates a flow from an exported file (legacy exports converted). --map points a reference of the file (an ARN, a template placeholder, or the name the console shows) at a local queue, flow or function. The type comes from --type or the file\'s Metadata.type.',
  async run(args, io) {
    const { values, positionals } = parse(args, {
      type: { type: 'string' },
      name: { type: 'string' },
      description: { type: 'string' },
      map: { type: 'string', multiple: true },
      update: { type: 'boolean' },
      endpoint: { type: 'string' },
      instance: { type: 'string' },
      quiet: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one FILE at a time' : 'no FILE given');
    const path = positionals[0];
    const maps = parseMaps(values.map ?? []);
    const file = readFlowFile(path);
    if (!file.flow) {
      io.out(`${path}: refused`);
      printAll(io, '', file.problems);
      return EXIT.failed;
    }
    const given = checkType(values.type) ?? fileFlowType(file.flow);
    const untyped = () => new UsageError(`${path} does not say which type of flow it is (no Metadata.type): pass --type, one of ${FLOW_TYPES.join(', ')}`);
    // With --update the flow being replaced has a type already.
    if (!given && !values.update) throw untyped();
    const name = values.name ?? fileFlowName(file);
    const { client, url } = connectClient(io, values.endpoint);
    try {
      const instanceId = await instanceOf(client, values.instance);
      const flows = await flowsByName(client, instanceId);
      const queues = await queuesByName(client, instanceId);
      // Local names become the instance's ARNs where it has them: a rename later does not break the flow.
      const existing = values.update ? flows.get(name) : undefined;
      const type = given ?? existing?.type;
      if (!type) throw untyped();
      const resolve = (kind: string | null, local: string) => (kind === 'flow' ? flows.get(local)?.arn : kind === 'queue' ? queues?.get(local) : undefined);
      const prepared = prepareFlow(file, { maps, resolve, type });
      for (const k of prepared.unmatched) prepared.warnings.unshift({ message: `--map ${k}=… matched nothing in the file` });
      if (!values.quiet) printAll(io, 'warning: ', prepared.warnings);
      if (prepared.problems.length) {
        io.out(`${path}: refused (${plural(prepared.problems.length, 'problem')})`);
        printAll(io, '', prepared.problems);
        return EXIT.failed;
      }
      if (existing) {
        await client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId: existing.id, Content: prepared.content }));
        io.out(`Updated "${name}" (${existing.type}) from ${path}\n  ContactFlowId: ${existing.id}\n  ContactFlowArn: ${existing.arn}`);
        return EXIT.ok;
      }
      const created = await client.send(
        new CreateContactFlowCommand({ InstanceId: instanceId, Name: name, Type: type as ContactFlowType, Content: prepared.content, Description: values.description }),
      );
      io.out(`Imported "${name}" (${type}) from ${path}${file.legacy ? ' (converted from the legacy format)' : ''}\n  ContactFlowId: ${created.ContactFlowId}\n  ContactFlowArn: ${created.ContactFlowArn}`);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const err = e as Error & { problems?: { message?: string }[] };
      if (err.name === 'InvalidContactFlowException') {
        io.out(`${path}: refused by the server (${plural(err.problems?.length ?? 0, 'problem')})`);
        for (const p of err.problems ?? []) io.out(`  ${p.message}`);
      } else if (err.name === 'DuplicateResourceException') {
        io.err(`parley flows import: a flow named "${name}" already exists: choose another --name, or pass --update to replace its content`);
      } else io.err(`parley flows import: ${explainFailure(e, url)}`);
      return EXIT.failed;
    } finally {
      client.destroy();
    }
  },
};
