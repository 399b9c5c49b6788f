import { CreateParticipantCommand, StartChatContactCommand, type StartChatContactCommandInput } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import type { TestParley } from './parley.js';

export interface TestChat {
  contactId: string;
  participantId: string;
  participantToken: string;
  connectionToken: string;
  websocketUrl: string;
}

/** Starts a chat on the seeded instance and flow (overridable), and connects its customer. */
export async function startChat(p: TestParley, input: Partial<StartChatContactCommandInput> = {}): Promise<TestChat> {
  const started = await p.connect.send(
    new StartChatContactCommand({
      InstanceId: p.seeded.instanceId,
      ContactFlowId: p.seeded.inboundFlowId,
      ParticipantDetails: { DisplayName: 'Customer' },
      ...input,
    }),
  );
  const conn = await p.participant.send(
    new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }),
  );
  return {
    contactId: started.ContactId!,
    participantId: started.ParticipantId!,
    participantToken: started.ParticipantToken!,
    connectionToken: conn.ConnectionCredentials!.ConnectionToken!,
    websocketUrl: conn.Websocket!.Url!,
  };
}

export interface TestBot {
  id: string;
  participantToken: string;
  /** The bot's connection token. */
  token: string;
  websocketUrl: string;
}

/** Adds a CUSTOM_BOT to a chat with CreateParticipant and connects it (ConnectParticipant: true). */
export async function addBot(p: TestParley, contactId: string, displayName = 'Helper bot'): Promise<TestBot> {
  const created = await p.connect.send(
    new CreateParticipantCommand({ InstanceId: p.seeded.instanceId, ContactId: contactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: displayName } }),
  );
  const participantToken = created.ParticipantCredentials!.ParticipantToken!;
  const conn = await p.participant.send(
    new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true }),
  );
  return { id: created.ParticipantId!, participantToken, token: conn.ConnectionCredentials!.ConnectionToken!, websocketUrl: conn.Websocket!.Url! };
}
