import { Type } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 500 });

export const LoginBody = Type.Object(
  {
    InstanceId: Type.String({ minLength: 1, maxLength: 250, description: 'The instance id, ARN or alias' }),
    Username: Type.String({ minLength: 1, maxLength: 100 }),
    Password: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const StatusBody = Type.Object({ AgentStatusId: Type.String({ minLength: 1, maxLength: 500, description: 'A status id, ARN or name' }) }, { additionalProperties: false });

export const ContactParams = Type.Object({ ContactId: Type.String({ minLength: 1, maxLength: 256 }) });
export const UserParams = Type.Object({ UserId: Type.String({ minLength: 1, maxLength: 256 }) });

export const TransferBody = Type.Object(
  { QuickConnectId: Type.Optional(Id), QueueId: Type.Optional(Id), UserId: Type.Optional(Id) },
  { additionalProperties: false, description: 'Exactly one of QuickConnectId, QueueId, UserId' },
);
