/**
 * The error catalogue: every domain error has a stable code and no HTTP status.
 * The wire mapping (Connect error type and status per API) lives in http/common/error-map.ts.
 */
export const ERROR_CODES = [
  'INVALID_PARAMETER', // malformed or out of range input
  'INVALID_REQUEST', // well-formed, but not allowed in the current state
  'NOT_FOUND', // unknown instance, flow, contact, participant, attachment
  'CONTACT_ENDED', // the contact has already ended (StopContact: 410)
  'ACCESS_DENIED', // a token that is unknown, expired, or belongs to an ended chat
  'MISSING_AUTHENTICATION', // an admin request without a SigV4 Authorization header
  'UNRECOGNIZED_CLIENT', // an access key id that is not configured
  'INVALID_SIGNATURE', // a SigV4 signature that does not verify
  'LIMIT_EXCEEDED', // a configured quota (concurrent chats) is reached
  'QUOTA_EXCEEDED', // a hard per-chat quota (attachments per chat)
  'CONFLICT', // an operation that conflicts with another in progress
  'DUPLICATE', // a name already in use (a flow name in its instance)
  'RESOURCE_IN_USE', // a resource others depend on (hours a queue uses, a queue with contacts waiting)
  'INVALID_FLOW', // flow content that cannot run; details.problems lists each problem
  'THROTTLED',
  'UNKNOWN_OPERATION', // no route for this method and path
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure the caller can act on. `message` is shown to the client verbatim. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidParameter = (message: string) => new DomainError('INVALID_PARAMETER', message);
export const invalidRequest = (message: string) => new DomainError('INVALID_REQUEST', message);
export const notFound = (what: string, id: string, resourceType?: string) =>
  new DomainError('NOT_FOUND', `${what} not found: ${id}`, resourceType ? { ResourceId: id, ResourceType: resourceType } : {});
export const accessDenied = (message = 'Access denied') => new DomainError('ACCESS_DENIED', message);
