import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateContactFlowCommand, DescribeContactFlowCommand, UpdateContactFlowContentCommand, type ContactFlowType } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFlowFile, prepareFlow, fileFlowType, type FlowFile } from '../../src/cli/flow-file.js';
import type { FlowType } from '../../src/core/flow/flow-types.js';
import { PLACEHOLDER, referenceSlots } from '../../src/core/flow/reference-map.js';
import { functionNameOf } from '../../src/core/flow/validate-parameters.js';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { flowOf, hangUp, problemsOf, rejection } from './kit.js';

/**
 * The compatibility corpus (../shared/flows, see its README): real exports from other people's
 * instances. Each file either imports (converted if legacy, its references to the other instance
 * and its template placeholders pointed at local resources with a generated --map, then created
 * through the API, which checks every reference) or is refused with the intended error.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** FLOW_CORPUS_DIR points elsewhere (to check the skip, or another corpus). */
const CORPUS = path.resolve(REPO, process.env.FLOW_CORPUS_DIR ?? '../shared/flows');
const available = fs.existsSync(path.join(CORPUS, 'README.md'));
const reason = `the flow corpus is not at ${CORPUS} (it comes with ../shared beside the repository)`;
if (!available && process.env.CI !== 'true') console.warn(`corpus.test.ts skipped: ${reason}`);

/** File → [its flow type (most exports do not say: spec §1.1), 'imports' or the substring of the intended problem]. */
const EXPECTED: Record<string, [FlowType, string]> = {
  'aws-sample-flows/default_agent_hold.json': ['AGENT_HOLD', 'imports'],
  'aws-sample-flows/default_agent_transfer.json': ['AGENT_TRANSFER', 'imports'],
  'aws-sample-flows/default_agent_whisper.json': ['AGENT_WHISPER', 'imports'],
  'aws-sample-flows/default_customer_hold.json': ['CUSTOMER_HOLD', 'imports'],
  'aws-sample-flows/default_customer_queue.json': ['CUSTOMER_QUEUE', 'imports'],
  'aws-sample-flows/default_customer_whisper.json': ['CUSTOMER_WHISPER', 'imports'],
  'aws-sample-flows/default_outbound.json': ['OUTBOUND_WHISPER', 'imports'],
  'aws-sample-flows/default_queue_transfer.json': ['QUEUE_TRANSFER', 'imports'],
  // Malformed as published: a comma is missing at the end of line 89.
  'aws-sample-flows/sample_ab_test.json': ['CONTACT_FLOW', 'Malformed JSON at line 90, column 11: unexpected \'"\': expected \',\' or \'}\' after a property value (is a comma missing at line 89'],
  'aws-sample-flows/sample_disconnect_flow.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_inbound_flow_first_contact_experience.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_interruptible_queue_flow_with_callback.json': ['CUSTOMER_QUEUE', 'imports'],
  'aws-sample-flows/sample_lambda_integration.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_note_for_screenpop.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_queue_configurations_flow.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_queue_customer.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_recording_behavior.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_secure_input_with_agent.json': ['CONTACT_FLOW', 'imports'],
  'aws-sample-flows/sample_secure_input_with_no_agent.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineAgentWhisper.json': ['AGENT_WHISPER', 'imports'],
  'rules-engine/RulesEngineBootstrap.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineCallback.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineCustomerHold.json': ['CUSTOMER_HOLD', 'imports'],
  'rules-engine/RulesEngineCustomerQueue.json': ['CUSTOMER_QUEUE', 'imports'],
  'rules-engine/RulesEngineCustomerWhisper.json': ['CUSTOMER_WHISPER', 'imports'],
  'rules-engine/RulesEngineDTMFInput.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineDTMFMenu.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineDisconnect.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineError.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineExternalNumber.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineIntegration.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineMain.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineMessage.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineNLUInput.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineNLUMenu.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineOutboundWhisper.json': ['OUTBOUND_WHISPER', 'imports'],
  'rules-engine/RulesEngineQueue.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineRuleSet.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineSMSMessage.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineTerminate.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/RulesEngineWait.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/empty_agent_whisper_flow.json': ['AGENT_WHISPER', 'imports'],
  'rules-engine/empty_customer_hold_flow.json': ['CUSTOMER_HOLD', 'imports'],
  'rules-engine/empty_customer_queue_flow.json': ['CUSTOMER_QUEUE', 'imports'],
  'rules-engine/empty_customer_whisper_flow.json': ['CUSTOMER_WHISPER', 'imports'],
  'rules-engine/empty_flow.json': ['CONTACT_FLOW', 'imports'],
  'rules-engine/empty_outbound_whisper_flow.json': ['OUTBOUND_WHISPER', 'imports'],
};

/** Every file of the corpus but its README, as paths relative to it. */
function corpusFiles(dir = CORPUS): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return corpusFiles(full);
    const rel = path.relative(CORPUS, full).split(path.sep).join('/');
    return rel === 'README.md' ? [] : [rel];
  });
}

/**
 * The local name a template placeholder stands for. The Terraform exports name flows after their
 * files (`aws_connect_contact_flow.<file>.contact_flow_id`), the rules engine's Handlebars
 * templates after theirs (`contactFlows.<file>.arn`), and functions by name.
 */
function localNameOf(placeholder: string): string {
  const m =
    /contactFlows\.([^.]+)\.arn/.exec(placeholder) ??
    /aws_connect_contact_flow\.([^.]+)\.contact_flow_id/.exec(placeholder) ??
    /lambdaFunctions\.([^.]+)\.arn/.exec(placeholder) ??
    /prompts\.([^.]+)\.arn/.exec(placeholder);
  if (m) return m[1];
  if (/queues_map\["basicqueue"\]/.test(placeholder)) return 'BasicQueue';
  throw new Error(`no local name for the placeholder ${placeholder}: add a rule to the corpus test`);
}

const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

/** The --map a user would pass: each placeholder, and each ARN of the exporting instance, to a local name. */
function generatedMap(file: FlowFile): Map<string, string> {
  const map = new Map<string, string>();
  for (const s of strings(file.flow)) for (const ph of s.match(PLACEHOLDER) ?? []) map.set(ph, localNameOf(ph));
  const ui = (file.flow!.Metadata?.ActionMetadata ?? {}) as Record<string, unknown>;
  for (const slot of referenceSlots(file.flow!)) {
    if (!/^arn:aws:connect:/.test(slot.value) || (slot.kind !== 'queue' && slot.kind !== 'flow')) continue;
    // The console metadata of the block often still holds the template's name for the resource.
    const hint = strings(Object.prototype.hasOwnProperty.call(ui, slot.identifier) ? ui[slot.identifier] : null).flatMap((x) => x.match(PLACEHOLDER) ?? [])[0];
    const local = hint ? localNameOf(hint) : (KNOWN_ARNS[slot.value] ?? (slot.kind === 'queue' ? slot.displayName : undefined));
    if (!local) throw new Error(`${file.path}: no local name for ${slot.value}: add it to KNOWN_ARNS`);
    map.set(slot.value, local);
  }
  return map;
}

/**
 * ARNs of the exporting instance that the files do not name. The sample inbound flow sets the
 * sample disconnect flow as its disconnect flow (the legacy export of the same sample names it).
 */
const KNOWN_ARNS: Record<string, string> = {
  'arn:aws:connect:us-east-1:201706955376:instance/658aa90c-6c92-4798-a30d-dc8941d65d27/contact-flow/fc3cd663-0dd7-4096-95cb-3ede80cb4652': 'sample_disconnect_flow',
};

/** Functions the corpus calls (by placeholder or Lambda ARN): each is configured, as a user would. */
function functionNames(files: FlowFile[]): string[] {
  const names = new Set<string>();
  for (const f of files.filter((x) => x.flow))
    for (const slot of referenceSlots(f.flow!).filter((s) => s.kind === 'function'))
      for (const s of [slot.value]) names.add(s.match(PLACEHOLDER) ? localNameOf(s.match(PLACEHOLDER)![0]) : functionNameOf(s));
  return [...names];
}

const nameOf = (rel: string) => path.basename(rel, '.json');

describe.skipIf(!available && process.env.CI !== 'true')('the flow corpus (../shared/flows)', () => {
  let p: TestParley;
  const files = new Map<string, FlowFile>();
  /** Local flow name → its id and ARN: every corpus flow exists (as a stub) before any is imported, as they name each other. */
  const stubs = new Map<string, { id: string; arn: string }>();

  beforeAll(async () => {
    if (!available) throw new Error(`${reason}; under CI it must be there`);
    for (const rel of corpusFiles()) files.set(rel, readFlowFile(path.join(CORPUS, rel)));
    const functions = Object.fromEntries(functionNames([...files.values()]).map((n) => [n, 'http://127.0.0.1:9/never-called']));
    p = await startTestParley({ env: { PARLEY_FUNCTIONS: JSON.stringify(functions) } });
    for (const [rel, [type]] of Object.entries(EXPECTED)) {
      const out = await p.connect.send(
        new CreateContactFlowCommand({ InstanceId: p.seeded.instanceId, Name: nameOf(rel), Type: type, Content: JSON.stringify(flowOf(hangUp())) }),
      );
      stubs.set(nameOf(rel), { id: out.ContactFlowId!, arn: out.ContactFlowArn! });
    }
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('has an expected outcome for every file, and every file listed exists', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...files.keys()].sort());
  });

  for (const [rel, [type, outcome]] of Object.entries(EXPECTED)) {
    it(outcome === 'imports' ? `imports ${rel}` : `refuses ${rel}: ${outcome}`, async () => {
      const file = files.get(rel)!;
      expect(file, `${rel} is not in the corpus`).toBeDefined();
      const stub = stubs.get(nameOf(rel))!;
      const update = (Content: string) => p.connect.send(new UpdateContactFlowContentCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: stub.id, Content }));
      if (outcome !== 'imports') {
        expect(prepareFlow(file, { type }).problems.map((x) => x.message).join('\n')).toContain(outcome);
        const e = await rejection(() => update(file.text));
        expect(e.name).toBe('InvalidContactFlowException');
        expect(problemsOf(e).join('\n')).toContain(outcome);
        return;
      }
      // The file's own type, when it says, is the one the table gives.
      expect(fileFlowType(file.flow) ?? type).toBe(type);
      const maps = generatedMap(file);
      const prepared = prepareFlow(file, { maps, type, resolve: (kind, local) => (kind === 'flow' ? stubs.get(local)?.arn : undefined) });
      expect(prepared.problems).toEqual([]);
      expect(prepared.unmatched).toEqual([]);
      if (maps.size) {
        // Without the maps the server names what is missing.
        const e = await rejection(() => update(file.text));
        expect(e.name).toBe('InvalidContactFlowException');
        const said = problemsOf(e).join('\n');
        expect([...maps.keys()].filter((k) => said.includes(k)), said).not.toEqual([]);
      }
      await update(prepared.content);
      const { ContactFlow } = await p.connect.send(new DescribeContactFlowCommand({ InstanceId: p.seeded.instanceId, ContactFlowId: stub.id }));
      expect([ContactFlow!.Type as ContactFlowType, ContactFlow!.Content]).toEqual([type, prepared.content]);
    });
  }
});
