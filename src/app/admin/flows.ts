import crypto from 'node:crypto';
import type { Tx } from '../../adapters/store/db.js';
import { DomainError, notFound } from '../../core/errors.js';
import type { FlowDocument } from '../../core/flow/flow-document.js';
import { isDynamic, referenceSlots } from '../../core/flow/reference-map.js';
import { describeProblem, validateFlow, type KnownRefs } from '../../core/flow/validate.js';
import { epochSeconds } from '../../core/time.js';
import { arns, idFromRef } from '../arn.js';
import type { Deps } from '../deps.js';
import { requireInstance } from './instances.js';
import { isUniqueViolation } from '../../adapters/store/unique-violation.js';

/**
 * Flow management, as Connect's API has it (CreateContactFlow, DescribeContactFlow,
 * UpdateContactFlowContent/Name/Metadata, DeleteContactFlow). Every content change is validated
 * against the flow language and the instance (queues, flows, functions named statically) and
 * stored as a new row of flow_versions: contacts already running keep the version they started on.
 */
export interface CreateFlowInput {
  InstanceId: string;
  Name: string;
  Type: string;
  Description?: string;
  Content: string;
  Status?: string;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * CreateContactFlow. Unlike Connect, a SAVED flow is validated too: StartChatContact can start any
 * flow of the instance, so a flow that cannot run is never stored. Tags are not kept (yet).
 */
export async function createContactFlow(deps: Deps, input: CreateFlowInput) {
  return deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, input.InstanceId);
    await checkContent(deps, tx, instance.id, input.Content, input.Type, { name: input.Name });
    const id = deps.ids.uuid();
    const now = deps.clock.now();
    const inserted = await tx
      .insertInto('flows')
      .values({
        id,
        instance_id: instance.id,
        name: input.Name,
        type: input.Type,
        description: input.Description ?? '',
        content: input.Content,
        state: 'ACTIVE',
        status: input.Status ?? 'PUBLISHED',
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .onConflict((oc) => oc.columns(['instance_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw duplicate(input.Name);
    await tx.insertInto('flow_versions').values({ flow_id: id, version: 1, content: input.Content, created_at: now }).execute();
    return { ContactFlowId: id, ContactFlowArn: arns(deps.config).flow(instance.id, id), FlowContentSha256: sha256(input.Content) };
  });
}

/** DescribeContactFlow: the current content and settings of a flow (by id or ARN). */
export async function describeContactFlow(deps: Deps, instanceRef: string, flowRef: string) {
  const db = deps.db.kysely;
  const instance = await requireInstance(db, instanceRef);
  const f = await requireFlow(db, instance.id, flowRef);
  return {
    ContactFlow: {
      Arn: arns(deps.config).flow(instance.id, f.id),
      Id: f.id,
      Name: f.name,
      Type: f.type,
      State: f.state,
      Status: f.status,
      Description: f.description,
      Content: f.content,
      FlowContentSha256: sha256(f.content),
      LastModifiedTime: epochSeconds(Number(f.updated_at)),
      LastModifiedRegion: deps.config.region,
    },
  };
}

/** UpdateContactFlowContent: a new version; contacts in the flow finish on the one they started on. */
export async function updateContactFlowContent(deps: Deps, instanceRef: string, flowRef: string, content: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const f = await requireFlow(tx, instance.id, flowRef);
    await checkContent(deps, tx, instance.id, content, f.type, f);
    const now = deps.clock.now();
    // Bumping the row first takes its lock: concurrent updates get consecutive versions.
    const row = await tx
      .updateTable('flows')
      .set((eb) => ({ content, version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', f.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await tx.insertInto('flow_versions').values({ flow_id: f.id, version: Number(row.version), content, created_at: now }).execute();
  });
}

/** UpdateContactFlowName and UpdateContactFlowMetadata: name, description, state (ACTIVE/ARCHIVED). */
export async function updateContactFlowMetadata(
  deps: Deps,
  instanceRef: string,
  flowRef: string,
  patch: { Name?: string; Description?: string; ContactFlowState?: string },
): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const f = await requireFlow(tx, instance.id, flowRef);
    if (patch.Name !== undefined && patch.Name !== f.name) {
      const taken = await tx.selectFrom('flows').select('id').where('instance_id', '=', instance.id).where('name', '=', patch.Name).executeTakeFirst();
      if (taken) throw duplicate(patch.Name);
    }
    const set = {
      ...(patch.Name !== undefined ? { name: patch.Name } : {}),
      ...(patch.Description !== undefined ? { description: patch.Description } : {}),
      ...(patch.ContactFlowState !== undefined ? { state: patch.ContactFlowState } : {}),
    };
    if (!Object.keys(set).length) return;
    await tx
      .updateTable('flows')
      .set({ ...set, updated_at: deps.clock.now() })
      .where('id', '=', f.id)
      .execute()
      .catch((e: unknown) => {
        // Two renames to the same name at once: the unique index decides (PostgreSQL; SQLite has one writer).
        throw isUniqueViolation(e) ? duplicate(patch.Name ?? f.name) : e;
      });
  });
}

/**
 * DeleteContactFlow: the flow leaves the instance (listings, StartChatContact, TransferToFlow,
 * hooks). Its versions stay, so contacts already running it finish on the version they started on.
 */
export async function deleteContactFlow(deps: Deps, instanceRef: string, flowRef: string): Promise<void> {
  await deps.db.write(async (tx) => {
    const instance = await requireInstance(tx, instanceRef);
    const f = await requireFlow(tx, instance.id, flowRef);
    await tx.deleteFrom('flows').where('id', '=', f.id).execute();
  });
}

async function requireFlow(tx: Tx, instanceId: string, ref: string) {
  const f = await tx.selectFrom('flows').selectAll().where('instance_id', '=', instanceId).where('id', '=', idFromRef(ref)).executeTakeFirst();
  if (!f) throw notFound('Contact flow', ref, 'CONTACT_FLOW');
  return f;
}

const duplicate = (name: string) => new DomainError('DUPLICATE', `A flow named "${name}" already exists in this instance`);


/**
 * Validates content for a flow of `type`, its static references included; INVALID_FLOW lists every
 * problem. `self` is the flow being written, which the content may name (a flow that loops to itself).
 */
async function checkContent(deps: Deps, tx: Tx, instanceId: string, content: string, type: string, self: { id?: string; name: string }): Promise<FlowDocument> {
  const first = validateFlow(content, { type });
  let result = first;
  if (first.flow) result = validateFlow(first.flow, { type, knownRefs: await knownRefs(deps, tx, instanceId, first.flow, { ...self, type }) });
  if (result.problems.length) {
    const lines = result.problems.map(describeProblem);
    const shown = lines.slice(0, 5).join('; ');
    throw new DomainError(
      'INVALID_FLOW',
      `The flow is not valid: ${lines.length} problem${lines.length > 1 ? 's' : ''}: ${shown}${lines.length > 5 ? `; and ${lines.length - 5} more (see problems)` : ''}`,
      { problems: lines.map((message) => ({ message })) },
    );
  }
  return result.flow!;
}

/** What the flow's static references resolve to in the instance (only those: instances may hold thousands of flows). */
async function knownRefs(deps: Deps, tx: Tx, instanceId: string, flow: FlowDocument, self: { id?: string; name: string; type: string }): Promise<KnownRefs> {
  const values = [...new Set(referenceSlots(flow).map((s) => s.value).filter((v) => !isDynamic(v)))];
  const a = arns(deps.config);
  const queues = new Set<string>();
  const flows = new Map<string, string>();
  if (values.length) {
    const ids = values.map(idFromRef);
    const queueRows = await tx
      .selectFrom('queues')
      .select(['id', 'name'])
      .where('instance_id', '=', instanceId)
      .where((eb) => eb.or([eb('id', 'in', ids), eb('name', 'in', values)]))
      .execute();
    for (const q of queueRows) for (const k of [q.id, q.name, a.queue(instanceId, q.id)]) queues.add(k);
    const flowRows = await tx
      .selectFrom('flows')
      .select(['id', 'name', 'type'])
      .where('instance_id', '=', instanceId)
      .where((eb) => eb.or([eb('id', 'in', ids), eb('name', 'in', values)]))
      .execute();
    for (const f of flowRows) for (const k of [f.id, f.name, a.flow(instanceId, f.id)]) flows.set(k, f.type);
  }
  for (const k of [self.name, ...(self.id ? [self.id, a.flow(instanceId, self.id)] : [])]) flows.set(k, self.type);
  // Looked up as the runner does (app/flows/external.ts): by the ARN, then by the function name in it.
  return { queues, flows, functions: new Set(Object.keys(deps.config.functions)) };
}
