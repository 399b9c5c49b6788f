import { query, request } from './http';
import type {
  ContactFlow,
  FlowInput,
  FlowSummary,
  HoursInput,
  HoursOfOperation,
  HoursOverride,
  IdentityInfo,
  OverrideInput,
  MediaConcurrency,
  Queue,
  QueueConfig,
  QueueInput,
  QueueReference,
  QueueSummary,
  RoutingProfile,
  RoutingProfileInput,
  RoutingProfileQueue,
  Summary,
  User,
  UserInput,
  UserSummary,
} from './types';

const enc = encodeURIComponent;

/**
 * The connect API (Amazon Connect's REST paths and shapes) for one session's instance, with the
 * session token as `Authorization: Bearer`. Every call rejects with ApiError on an error answer;
 * list calls follow NextToken to the end, so a page shows everything.
 */
export class ConnectApi {
  constructor(
    readonly token: string,
    readonly instanceId: string,
  ) {}

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return request<T>(this.token, method, path, body);
  }

  private async all<T>(path: string, key: string, params: Record<string, string | string[] | undefined> = {}): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call<Record<string, unknown>>('GET', `${path}${query({ ...params, maxResults: 1000, nextToken })}`);
      items.push(...((page[key] as T[] | undefined) ?? []));
      nextToken = page.NextToken as string | undefined;
    } while (nextToken);
    return items;
  }

  private get i(): string {
    return enc(this.instanceId);
  }

  // Queues
  listQueues = () => this.all<QueueSummary>(`/queues-summary/${this.i}`, 'QueueSummaryList', { queueTypes: 'STANDARD' });
  describeQueue = (id: string) => this.call<{ Queue: Queue }>('GET', `/queues/${this.i}/${enc(id)}`).then((r) => r.Queue);
  createQueue = (input: QueueInput) => this.call<{ QueueId: string }>('PUT', `/queues/${this.i}`, input);
  updateQueueName = (id: string, Name: string, Description: string) => this.call('POST', `/queues/${this.i}/${enc(id)}/name`, { Name, Description });
  updateQueueHours = (id: string, HoursOfOperationId: string) => this.call('POST', `/queues/${this.i}/${enc(id)}/hours-of-operation`, { HoursOfOperationId });
  /** No limit when `max` is undefined. */
  updateQueueMaxContacts = (id: string, max: number | undefined) => this.call('POST', `/queues/${this.i}/${enc(id)}/max-contacts`, max === undefined ? {} : { MaxContacts: max });
  deleteQueue = (id: string) => this.call('DELETE', `/queues/${this.i}/${enc(id)}`);

  // Hours of operation
  listHours = () => this.all<Summary>(`/hours-of-operations-summary/${this.i}`, 'HoursOfOperationSummaryList');
  describeHours = (id: string) => this.call<{ HoursOfOperation: HoursOfOperation }>('GET', `/hours-of-operations/${this.i}/${enc(id)}`).then((r) => r.HoursOfOperation);
  createHours = (input: HoursInput) => this.call<{ HoursOfOperationId: string }>('PUT', `/hours-of-operations/${this.i}`, input);
  updateHours = (id: string, input: Partial<HoursInput>) => this.call('POST', `/hours-of-operations/${this.i}/${enc(id)}`, input);
  deleteHours = (id: string) => this.call('DELETE', `/hours-of-operations/${this.i}/${enc(id)}`);
  listOverrides = (id: string) =>
    this.call<{ HoursOfOperationOverrideList: HoursOverride[] }>('GET', `/hours-of-operations/${this.i}/${enc(id)}/overrides`).then((r) => r.HoursOfOperationOverrideList);
  createOverride = (id: string, input: OverrideInput) => this.call<{ HoursOfOperationOverrideId: string }>('PUT', `/hours-of-operations/${this.i}/${enc(id)}/overrides`, input);
  deleteOverride = (id: string, overrideId: string) => this.call('DELETE', `/hours-of-operations/${this.i}/${enc(id)}/overrides/${enc(overrideId)}`);

  // Routing profiles
  listRoutingProfiles = () => this.all<Summary>(`/routing-profiles-summary/${this.i}`, 'RoutingProfileSummaryList');
  describeRoutingProfile = (id: string) => this.call<{ RoutingProfile: RoutingProfile }>('GET', `/routing-profiles/${this.i}/${enc(id)}`).then((r) => r.RoutingProfile);
  listRoutingProfileQueues = (id: string) => this.all<RoutingProfileQueue>(`/routing-profiles/${this.i}/${enc(id)}/queues`, 'RoutingProfileQueueConfigSummaryList');
  createRoutingProfile = (input: RoutingProfileInput) => this.call<{ RoutingProfileId: string }>('PUT', `/routing-profiles/${this.i}`, input);
  updateRoutingProfileName = (id: string, Name: string, Description: string) => this.call('POST', `/routing-profiles/${this.i}/${enc(id)}/name`, { Name, Description });
  /** Replaces the whole list: a channel left out is no longer taken. */
  updateRoutingProfileConcurrency = (id: string, MediaConcurrencies: MediaConcurrency[]) => this.call('POST', `/routing-profiles/${this.i}/${enc(id)}/concurrency`, { MediaConcurrencies });
  /** Priority and delay of queues the profile already has (at most 10 per call). */
  updateRoutingProfileQueues = (id: string, QueueConfigs: QueueConfig[]) => this.call('POST', `/routing-profiles/${this.i}/${enc(id)}/queues`, { QueueConfigs });
  /** Adds queues (at most 10 per call). */
  associateRoutingProfileQueues = (id: string, QueueConfigs: QueueConfig[]) => this.call('POST', `/routing-profiles/${this.i}/${enc(id)}/associate-queues`, { QueueConfigs });
  /** Removes queues (at most 10 per call). */
  disassociateRoutingProfileQueues = (id: string, QueueReferences: QueueReference[]) =>
    this.call('POST', `/routing-profiles/${this.i}/${enc(id)}/disassociate-queues`, { QueueReferences });
  deleteRoutingProfile = (id: string) => this.call('DELETE', `/routing-profiles/${this.i}/${enc(id)}`);

  // Users and security profiles
  listUsers = () => this.all<UserSummary>(`/users-summary/${this.i}`, 'UserSummaryList');
  describeUser = (id: string) => this.call<{ User: User }>('GET', `/users/${this.i}/${enc(id)}`).then((r) => r.User);
  createUser = (input: UserInput) => this.call<{ UserId: string }>('PUT', `/users/${this.i}`, input);
  updateUserIdentity = (id: string, IdentityInfo: IdentityInfo) => this.call('POST', `/users/${this.i}/${enc(id)}/identity-info`, { IdentityInfo });
  updateUserRoutingProfile = (id: string, RoutingProfileId: string) => this.call('POST', `/users/${this.i}/${enc(id)}/routing-profile`, { RoutingProfileId });
  updateUserSecurityProfiles = (id: string, SecurityProfileIds: string[]) => this.call('POST', `/users/${this.i}/${enc(id)}/security-profiles`, { SecurityProfileIds });
  /** Parley's own call (Connect has none): sets the password and ends the user's sessions. */
  setUserPassword = (id: string, Password: string) => this.call('POST', `/users/${this.i}/${enc(id)}/password`, { Password });
  deleteUser = (id: string) => this.call('DELETE', `/users/${this.i}/${enc(id)}`);
  listSecurityProfiles = () => this.all<Summary>(`/security-profiles-summary/${this.i}`, 'SecurityProfileSummaryList');

  // Flows
  listFlows = () => this.all<FlowSummary>(`/contact-flows-summary/${this.i}`, 'ContactFlowSummaryList');
  describeFlow = (id: string) => this.call<{ ContactFlow: ContactFlow }>('GET', `/contact-flows/${this.i}/${enc(id)}`).then((r) => r.ContactFlow);
  createFlow = (input: FlowInput) => this.call<{ ContactFlowId: string }>('PUT', `/contact-flows/${this.i}`, input);
}
