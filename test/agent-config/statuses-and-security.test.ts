import {
  CreateAgentStatusCommand,
  DescribeAgentStatusCommand,
  DescribeSecurityProfileCommand,
  ListAgentStatusesCommand,
  ListSecurityProfilePermissionsCommand,
  ListSecurityProfilesCommand,
  UpdateAgentStatusCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../helpers/parley.js';
import { signedJson } from './kit.js';

/* Agent statuses and security profiles through the SDK. */

let p: TestParley;
beforeAll(async () => {
  p = await startTestParley();
});
afterAll(async () => {
  await p.stop();
});

const InstanceId = () => p.seeded.instanceId;
const status = async (AgentStatusId: string) => (await p.connect.send(new DescribeAgentStatusCommand({ InstanceId: InstanceId(), AgentStatusId }))).AgentStatus!;

describe('agent statuses', () => {
  it('creates a CUSTOM status, describes, updates and resets its order', async () => {
    const out = await p.connect.send(new CreateAgentStatusCommand({ InstanceId: InstanceId(), Name: 'Training', Description: 'In a course', State: 'ENABLED', DisplayOrder: 7 }));
    const { region, accountId } = p.deps.config;
    expect(out.AgentStatusARN).toBe(`arn:aws:connect:${region}:${accountId}:instance/${InstanceId()}/agent-state/${out.AgentStatusId}`);
    expect(await status(out.AgentStatusARN!)).toMatchObject({ AgentStatusId: out.AgentStatusId, Name: 'Training', Description: 'In a course', Type: 'CUSTOM', State: 'ENABLED', DisplayOrder: 7 });

    const ids = { InstanceId: InstanceId(), AgentStatusId: out.AgentStatusId };
    await p.connect.send(new UpdateAgentStatusCommand({ ...ids, Name: 'Coaching', State: 'DISABLED', DisplayOrder: 9 }));
    expect(await status(out.AgentStatusId!)).toMatchObject({ Name: 'Coaching', Description: 'In a course', State: 'DISABLED', DisplayOrder: 9 });
    await p.connect.send(new UpdateAgentStatusCommand({ ...ids, ResetOrderNumber: true }));
    expect((await status(out.AgentStatusId!)).DisplayOrder).toBeUndefined();
  });

  it('lists statuses by name, filtered by type, page by page', async () => {
    const all = await p.connect.send(new ListAgentStatusesCommand({ InstanceId: InstanceId() }));
    const names = all.AgentStatusSummaryList!.map((s) => s.Name);
    expect(names).toEqual([...names].sort());
    expect(all.AgentStatusSummaryList).toEqual(
      expect.arrayContaining([expect.objectContaining({ Id: p.seeded.statusIds.available, Name: 'Available', Type: 'ROUTABLE', Arn: expect.stringMatching(/\/agent-state\//) })]),
    );
    const fixed = await p.connect.send(new ListAgentStatusesCommand({ InstanceId: InstanceId(), AgentStatusTypes: ['ROUTABLE', 'OFFLINE'] }));
    expect(fixed.AgentStatusSummaryList!.map((s) => [s.Name, s.Type])).toEqual([
      ['Available', 'ROUTABLE'],
      ['Offline', 'OFFLINE'],
    ]);
    const first = await p.connect.send(new ListAgentStatusesCommand({ InstanceId: InstanceId(), AgentStatusTypes: ['ROUTABLE', 'OFFLINE'], MaxResults: 1 }));
    const second = await p.connect.send(new ListAgentStatusesCommand({ InstanceId: InstanceId(), AgentStatusTypes: ['ROUTABLE', 'OFFLINE'], MaxResults: 1, NextToken: first.NextToken }));
    expect([...first.AgentStatusSummaryList!, ...second.AgentStatusSummaryList!].map((s) => s.Name)).toEqual(['Available', 'Offline']);
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses to disable Available and Offline, but renames them', async () => {
    for (const AgentStatusId of [p.seeded.statusIds.available, p.seeded.statusIds.offline])
      await expect(p.connect.send(new UpdateAgentStatusCommand({ InstanceId: InstanceId(), AgentStatusId, State: 'DISABLED' }))).rejects.toMatchObject({
        name: 'InvalidRequestException',
        $metadata: { httpStatusCode: 400 },
      });
    await p.connect.send(new UpdateAgentStatusCommand({ InstanceId: InstanceId(), AgentStatusId: p.seeded.statusIds.available, Name: 'Ready' }));
    expect(await status(p.seeded.statusIds.available)).toMatchObject({ Name: 'Ready', State: 'ENABLED', Type: 'ROUTABLE' });
  });
});

describe('security profiles', () => {
  it('lists the seeded profiles and describes each with its permissions', async () => {
    const list = await p.connect.send(new ListSecurityProfilesCommand({ InstanceId: InstanceId() }));
    expect(list.SecurityProfileSummaryList!.map((s) => s.Name)).toEqual(['Admin', 'Agent', 'Supervisor']);
    const { Admin, Agent } = p.seeded.securityProfileIds;
    const admin = (await p.connect.send(new DescribeSecurityProfileCommand({ InstanceId: InstanceId(), SecurityProfileId: Admin }))).SecurityProfile!;
    expect(admin).toMatchObject({ Id: Admin, SecurityProfileName: 'Admin', OrganizationResourceId: InstanceId(), Arn: expect.stringMatching(new RegExp(`/security-profile/${Admin}$`)) });
    const perms = await p.connect.send(new ListSecurityProfilePermissionsCommand({ InstanceId: InstanceId(), SecurityProfileId: Admin }));
    expect(perms.Permissions).toEqual(['agent', 'configure', 'supervise']);
    const paged = await p.connect.send(new ListSecurityProfilePermissionsCommand({ InstanceId: InstanceId(), SecurityProfileId: Admin, MaxResults: 2 }));
    const rest = await p.connect.send(new ListSecurityProfilePermissionsCommand({ InstanceId: InstanceId(), SecurityProfileId: Admin, MaxResults: 2, NextToken: paged.NextToken }));
    expect([...paged.Permissions!, ...rest.Permissions!]).toEqual(['agent', 'configure', 'supervise']);
    // DescribeSecurityProfile carries them too, for clients that read the JSON (the SDK drops the extra field).
    const raw = await signedJson(p, 'GET', `/security-profiles/${InstanceId()}/${Agent}`);
    expect((raw.body.SecurityProfile as { Permissions: string[] }).Permissions).toEqual(['agent']);
  });

  it('answers ResourceNotFoundException for an unknown security profile', async () => {
    await expect(p.connect.send(new DescribeSecurityProfileCommand({ InstanceId: InstanceId(), SecurityProfileId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });
});
