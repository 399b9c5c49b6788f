import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createContactFlow, deleteContactFlow, describeContactFlow, updateContactFlowContent, updateContactFlowMetadata } from '../../app/admin/flows.js';
import type { Deps } from '../../app/deps.js';
import {
  CreateContactFlowBody,
  FlowPathParams,
  UpdateContactFlowContentBody,
  UpdateContactFlowMetadataBody,
  UpdateContactFlowNameBody,
} from './flow-schemas.js';
import { InstanceIdParam } from './schemas.js';

/** A flow of 256,000 characters, JSON-escaped inside the request body, needs more than the server's default limit. */
const FLOW_BODY_LIMIT = 1024 * 1024;

/**
 * Flow management on Connect's paths (SigV4-signed like the rest of the connect API):
 * CreateContactFlow, DescribeContactFlow, UpdateContactFlowContent/Name/Metadata, DeleteContactFlow.
 * ListContactFlows is with the catalogue (routes.ts).
 */
export function flowRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const };
  type Path = { Params: Static<typeof FlowPathParams> };
  app.put<{ Params: Static<typeof InstanceIdParam>; Body: Static<typeof CreateContactFlowBody> }>(
    '/contact-flows/:InstanceId',
    { config, bodyLimit: FLOW_BODY_LIMIT, schema: { params: InstanceIdParam, body: CreateContactFlowBody } },
    (req) => createContactFlow(deps, { ...req.body, InstanceId: req.params.InstanceId }),
  );
  app.get<Path>('/contact-flows/:InstanceId/:ContactFlowId', { config, schema: { params: FlowPathParams } }, (req) =>
    describeContactFlow(deps, req.params.InstanceId, req.params.ContactFlowId),
  );
  app.post<Path & { Body: Static<typeof UpdateContactFlowContentBody> }>(
    '/contact-flows/:InstanceId/:ContactFlowId/content',
    { config, bodyLimit: FLOW_BODY_LIMIT, schema: { params: FlowPathParams, body: UpdateContactFlowContentBody } },
    async (req) => {
      await updateContactFlowContent(deps, req.params.InstanceId, req.params.ContactFlowId, req.body.Content);
      return {};
    },
  );
  app.post<Path & { Body: Static<typeof UpdateContactFlowNameBody> }>(
    '/contact-flows/:InstanceId/:ContactFlowId/name',
    { config, schema: { params: FlowPathParams, body: UpdateContactFlowNameBody } },
    async (req) => {
      await updateContactFlowMetadata(deps, req.params.InstanceId, req.params.ContactFlowId, req.body);
      return {};
    },
  );
  app.post<Path & { Body: Static<typeof UpdateContactFlowMetadataBody> }>(
    '/contact-flows/:InstanceId/:ContactFlowId/metadata',
    { config, schema: { params: FlowPathParams, body: UpdateContactFlowMetadataBody } },
    async (req) => {
      await updateContactFlowMetadata(deps, req.params.InstanceId, req.params.ContactFlowId, req.body);
      return {};
    },
  );
  app.delete<Path>('/contact-flows/:InstanceId/:ContactFlowId', { config, schema: { params: FlowPathParams } }, async (req) => {
    await deleteContactFlow(deps, req.params.InstanceId, req.params.ContactFlowId);
    return {};
  });
}
