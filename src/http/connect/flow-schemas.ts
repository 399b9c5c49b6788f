import { Type as T } from '@sinclair/typebox';
import { FLOW_TYPES } from '../../core/flow/flow-types.js';

/** Request shapes of Connect's flow management API (CreateContactFlow and friends). */

const Str = (min: number, max: number) => T.String({ minLength: min, maxLength: max });
/** Connect caps flow content at 256,000 characters. */
export const MAX_FLOW_CONTENT = 256_000;
const Content = Str(1, MAX_FLOW_CONTENT);
const Name = Str(1, 512);
const Description = Str(0, 4096);

export const FlowPathParams = T.Object({ InstanceId: Str(1, 100), ContactFlowId: Str(1, 500) });

export const CreateContactFlowBody = T.Object({
  Name,
  Type: T.Union(FLOW_TYPES.map((t) => T.Literal(t))),
  Description: T.Optional(Description),
  Content,
  Status: T.Optional(T.Union([T.Literal('PUBLISHED'), T.Literal('SAVED')])),
  Tags: T.Optional(T.Record(Str(1, 128), Str(0, 256), { maxProperties: 50 })),
});

export const UpdateContactFlowContentBody = T.Object({ Content });

export const UpdateContactFlowNameBody = T.Object({ Name: T.Optional(Name), Description: T.Optional(Description) });

export const UpdateContactFlowMetadataBody = T.Object({
  Name: T.Optional(Name),
  Description: T.Optional(Description),
  ContactFlowState: T.Optional(T.Union([T.Literal('ACTIVE'), T.Literal('ARCHIVED')])),
});
