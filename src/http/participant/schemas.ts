import { type Static, Type as T } from '@sinclair/typebox';

/** Request shapes of the participant API (spec §3). Tokens travel in X-Amz-Bearer, not here. */

const Str = (min: number, max: number) => T.String({ minLength: min, maxLength: max });

export const CreateParticipantConnectionBody = T.Object({
  Type: T.Optional(
    T.Array(T.Union([T.Literal('WEBSOCKET'), T.Literal('CONNECTION_CREDENTIALS'), T.Literal('WEBRTC_CONNECTION')]), { minItems: 1 }),
  ),
  ConnectParticipant: T.Optional(T.Boolean()),
});

export const SendMessageBody = T.Object({
  ContentType: Str(1, 100),
  Content: Str(1, 16384),
  ClientToken: T.Optional(Str(1, 500)),
});

export const SendEventBody = T.Object({
  ContentType: Str(1, 100),
  Content: T.Optional(Str(1, 16384)),
  ClientToken: T.Optional(Str(1, 500)),
});

export const GetTranscriptBody = T.Object({
  ContactId: T.Optional(Str(1, 256)),
  MaxResults: T.Optional(T.Integer({ minimum: 0, maximum: 100 })),
  NextToken: T.Optional(Str(1, 1000)),
  ScanDirection: T.Optional(T.Union([T.Literal('FORWARD'), T.Literal('BACKWARD')])),
  SortOrder: T.Optional(T.Union([T.Literal('DESCENDING'), T.Literal('ASCENDING')])),
  StartPosition: T.Optional(
    T.Object({
      Id: T.Optional(Str(1, 256)),
      AbsoluteTime: T.Optional(Str(1, 100)),
      MostRecent: T.Optional(T.Integer({ minimum: 0, maximum: 100 })),
    }),
  ),
});
export type GetTranscriptInput = Static<typeof GetTranscriptBody>;

export const DisconnectParticipantBody = T.Object({ ClientToken: T.Optional(Str(1, 500)) });

export const StartAttachmentUploadBody = T.Object({
  ContentType: Str(1, 255),
  AttachmentSizeInBytes: T.Integer({ minimum: 1 }),
  AttachmentName: Str(1, 256),
  ClientToken: Str(1, 500),
});

export const CompleteAttachmentUploadBody = T.Object({
  AttachmentIds: T.Array(Str(1, 256), { minItems: 1, maxItems: 1 }),
  ClientToken: Str(1, 500),
});

export const GetAttachmentBody = T.Object({
  AttachmentId: Str(1, 256),
  UrlExpiryInSeconds: T.Optional(T.Integer({ minimum: 5, maximum: 300 })),
});

/** DescribeView's path: the view token from a ViewResource interactive message (spec §3.7). */
export const DescribeViewParams = T.Object({ ViewToken: Str(1, 1000) });
