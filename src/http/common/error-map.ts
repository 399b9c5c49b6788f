import type { ErrorCode } from '../../core/errors.js';

export type Api = 'connect' | 'participant' | 'agent';

/**
 * The one table from domain error codes to the Connect error type and HTTP status of each API
 * (spec §1.3). The SDK builds its exception class from the type.
 */
const CONNECT_ERRORS: Record<ErrorCode, readonly [type: string, status: number]> = {
  INVALID_PARAMETER: ['InvalidParameterException', 400],
  INVALID_REQUEST: ['InvalidRequestException', 400],
  NOT_FOUND: ['ResourceNotFoundException', 404],
  CONTACT_ENDED: ['ContactNotFoundException', 410],
  ACCESS_DENIED: ['AccessDeniedException', 403],
  MISSING_AUTHENTICATION: ['MissingAuthenticationTokenException', 403],
  UNRECOGNIZED_CLIENT: ['UnrecognizedClientException', 403],
  INVALID_SIGNATURE: ['InvalidSignatureException', 403],
  LIMIT_EXCEEDED: ['LimitExceededException', 429],
  QUOTA_EXCEEDED: ['ServiceQuotaExceededException', 402],
  CONFLICT: ['ResourceConflictException', 409],
  DUPLICATE: ['DuplicateResourceException', 409],
  RESOURCE_IN_USE: ['ResourceInUseException', 409],
  INVALID_FLOW: ['InvalidContactFlowException', 400],
  THROTTLED: ['ThrottlingException', 429],
  UNKNOWN_OPERATION: ['UnknownOperationException', 404],
  INTERNAL: ['InternalServiceException', 500],
};

export const ERROR_MAP: Record<Api, Record<ErrorCode, readonly [type: string, status: number]>> = {
  connect: CONNECT_ERRORS,
  // Parley's agent API answers in the connect API's error vocabulary.
  agent: CONNECT_ERRORS,
  participant: {
    INVALID_PARAMETER: ['ValidationException', 400],
    INVALID_REQUEST: ['ValidationException', 400],
    NOT_FOUND: ['ResourceNotFoundException', 404],
    CONTACT_ENDED: ['AccessDeniedException', 403],
    ACCESS_DENIED: ['AccessDeniedException', 403],
    MISSING_AUTHENTICATION: ['AccessDeniedException', 403],
    UNRECOGNIZED_CLIENT: ['AccessDeniedException', 403],
    INVALID_SIGNATURE: ['AccessDeniedException', 403],
    LIMIT_EXCEEDED: ['ThrottlingException', 429],
    QUOTA_EXCEEDED: ['ServiceQuotaExceededException', 402],
    CONFLICT: ['ConflictException', 409],
    DUPLICATE: ['ConflictException', 409],
    RESOURCE_IN_USE: ['ConflictException', 409],
    INVALID_FLOW: ['ValidationException', 400],
    THROTTLED: ['ThrottlingException', 429],
    UNKNOWN_OPERATION: ['UnknownOperationException', 404],
    INTERNAL: ['InternalServerException', 500],
  },
};
