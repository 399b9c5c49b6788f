import { type Static, Type as T } from '@sinclair/typebox';

/** Request shapes of the connect API, with the bounds of the Connect model (spec §2, §4). */

const Str = (min: number, max: number) => T.String({ minLength: min, maxLength: max });
const AttributesMap = T.Record(T.String({ minLength: 1, maxLength: 32767 }), T.String({ maxLength: 32767 }));

export const InstanceIdParam = T.Object({ InstanceId: Str(1, 100) });

const SegmentAttributeValue = T.Recursive((Self) =>
  T.Object(
    {
      ValueString: T.Optional(Str(0, 1024)),
      ValueInteger: T.Optional(T.Integer()),
      ValueArn: T.Optional(Str(0, 1024)),
      ValueMap: T.Optional(T.Record(Str(1, 128), Self)),
      ValueList: T.Optional(T.Array(Self)),
    },
    { additionalProperties: false },
  ),
);

export const StartChatContactBody = T.Object({
  InstanceId: Str(1, 100),
  ContactFlowId: Str(1, 500),
  ParticipantDetails: T.Object({ DisplayName: Str(1, 256) }),
  Attributes: T.Optional(AttributesMap),
  InitialMessage: T.Optional(T.Object({ ContentType: Str(1, 100), Content: Str(1, 16384) })),
  ClientToken: T.Optional(Str(1, 500)),
  ChatDurationInMinutes: T.Optional(T.Integer({ minimum: 60, maximum: 10080 })),
  SupportedMessagingContentTypes: T.Optional(T.Array(Str(1, 100), { minItems: 1 })),
  PersistentChat: T.Optional(
    T.Object({
      RehydrationType: T.Union([T.Literal('ENTIRE_PAST_SESSION'), T.Literal('FROM_SEGMENT')]),
      SourceContactId: Str(1, 256),
    }),
  ),
  RelatedContactId: T.Optional(Str(1, 256)),
  SegmentAttributes: T.Optional(T.Record(Str(1, 128), SegmentAttributeValue)),
  CustomerId: T.Optional(Str(1, 128)),
  ParticipantConfiguration: T.Optional(
    T.Object({ ResponseMode: T.Optional(T.Union([T.Literal('INCREMENTAL'), T.Literal('COMPLETE')])) }),
  ),
  DisconnectOnCustomerExit: T.Optional(T.Array(T.Literal('AGENT'), { minItems: 1, maxItems: 1 })),
});
export type StartChatContactInput = Static<typeof StartChatContactBody>;

export const StopContactBody = T.Object({
  ContactId: Str(1, 256),
  InstanceId: Str(1, 100),
  DisconnectReason: T.Optional(T.Object({ Code: T.Optional(Str(1, 256)) })),
});

export const ContactPathParams = T.Object({ InstanceId: Str(1, 100), ContactId: Str(1, 256) });
export const AttributesPathParams = T.Object({ InstanceId: Str(1, 100), InitialContactId: Str(1, 256) });

export const UpdateContactAttributesBody = T.Object({
  InitialContactId: Str(1, 256),
  InstanceId: Str(1, 100),
  Attributes: AttributesMap,
});

export const CreateParticipantBody = T.Object({
  InstanceId: Str(1, 100),
  ContactId: Str(1, 256),
  ClientToken: T.Optional(Str(1, 500)),
  ParticipantDetails: T.Object({
    ParticipantRole: T.Union([T.Literal('AGENT'), T.Literal('SUPERVISOR'), T.Literal('CUSTOMER'), T.Literal('CUSTOM_BOT'), T.Literal('SYSTEM')]),
    DisplayName: T.Optional(Str(1, 256)),
    ParticipantCapabilities: T.Optional(T.Object({ Video: T.Optional(T.String()), ScreenShare: T.Optional(T.String()) })),
  }),
});
export type CreateParticipantInput = Static<typeof CreateParticipantBody>;

export const ListQuery = T.Object({
  nextToken: T.Optional(Str(1, 2500)),
  maxResults: T.Optional(T.Integer({ minimum: 1, maximum: 1000 })),
});

export const ListContactFlowsQuery = T.Object({
  nextToken: T.Optional(Str(1, 2500)),
  maxResults: T.Optional(T.Integer({ minimum: 1, maximum: 1000 })),
  contactFlowTypes: T.Optional(T.Union([T.Array(T.String()), T.String()])),
});
