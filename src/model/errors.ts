/**
 * AWS service errors: one table of every fault snapsim can return, with AWS's wire code, HTTP
 * status and the SDK shape name. The domain throws or returns {@link ServiceError}; the API layer
 * serialises it as `<ErrorResponse>` XML and the in-process API surfaces it as a typed error.
 */

/** One row of the error table. */
export interface ErrorSpec {
  /** The `<Code>` that goes on the wire (what SDKs and waiters match). */
  readonly code: string;
  /** HTTP status AWS answers with. */
  readonly status: number;
  /** The model's shape name, e.g. `ClusterNotFoundFault` (the SDK exception name). */
  readonly shape: string;
  /** `Sender` for client faults, `Receiver` for server faults. */
  readonly type: 'Sender' | 'Receiver';
}

const sender = (shape: string, code: string, status = 400): ErrorSpec => ({ code, status, shape, type: 'Sender' });

/** Every error code snapsim produces, keyed by wire code. Codes and statuses are AWS's own. */
export const ERRORS = {
  AccessToSnapshotDenied: sender('AccessToSnapshotDeniedFault', 'AccessToSnapshotDenied'),
  AuthorizationAlreadyExists: sender('AuthorizationAlreadyExistsFault', 'AuthorizationAlreadyExists'),
  AuthorizationNotFound: sender('AuthorizationNotFoundFault', 'AuthorizationNotFound', 404),
  AuthorizationQuotaExceeded: sender('AuthorizationQuotaExceededFault', 'AuthorizationQuotaExceeded'),
  BatchDeleteRequestSizeExceeded: sender('BatchDeleteRequestSizeExceededFault', 'BatchDeleteRequestSizeExceeded'),
  BatchModifyClusterSnapshotsLimitExceededFault: sender(
    'BatchModifyClusterSnapshotsLimitExceededFault',
    'BatchModifyClusterSnapshotsLimitExceededFault',
  ),
  ClusterAlreadyExists: sender('ClusterAlreadyExistsFault', 'ClusterAlreadyExists'),
  ClusterNotFound: sender('ClusterNotFoundFault', 'ClusterNotFound', 404),
  ClusterQuotaExceeded: sender('ClusterQuotaExceededFault', 'ClusterQuotaExceeded'),
  ClusterSnapshotAlreadyExists: sender('ClusterSnapshotAlreadyExistsFault', 'ClusterSnapshotAlreadyExists'),
  ClusterSnapshotNotFound: sender('ClusterSnapshotNotFoundFault', 'ClusterSnapshotNotFound', 404),
  ClusterSnapshotQuotaExceeded: sender('ClusterSnapshotQuotaExceededFault', 'ClusterSnapshotQuotaExceeded'),
  InvalidClusterSnapshotState: sender('InvalidClusterSnapshotStateFault', 'InvalidClusterSnapshotState'),
  InvalidClusterState: sender('InvalidClusterStateFault', 'InvalidClusterState'),
  InvalidRetentionPeriodFault: sender('InvalidRetentionPeriodFault', 'InvalidRetentionPeriodFault'),
  InvalidTagFault: sender('InvalidTagFault', 'InvalidTagFault'),
  SnapshotCopyGrantAlreadyExistsFault: sender('SnapshotCopyGrantAlreadyExistsFault', 'SnapshotCopyGrantAlreadyExistsFault'),
  SnapshotCopyGrantQuotaExceededFault: sender('SnapshotCopyGrantQuotaExceededFault', 'SnapshotCopyGrantQuotaExceededFault'),
  SnapshotCopyGrantNotFoundFault: sender('SnapshotCopyGrantNotFoundFault', 'SnapshotCopyGrantNotFoundFault'),
  InvalidSnapshotCopyGrantStateFault: sender('InvalidSnapshotCopyGrantStateFault', 'InvalidSnapshotCopyGrantStateFault'),
  InvalidSchedule: sender('InvalidScheduleFault', 'InvalidSchedule'),
  ScheduleDefinitionTypeUnsupported: sender('ScheduleDefinitionTypeUnsupportedFault', 'ScheduleDefinitionTypeUnsupported'),
  SnapshotScheduleAlreadyExists: sender('SnapshotScheduleAlreadyExistsFault', 'SnapshotScheduleAlreadyExists'),
  SnapshotScheduleNotFound: sender('SnapshotScheduleNotFoundFault', 'SnapshotScheduleNotFound'),
  SnapshotScheduleQuotaExceeded: sender('SnapshotScheduleQuotaExceededFault', 'SnapshotScheduleQuotaExceeded'),
  SnapshotScheduleUpdateInProgress: sender('SnapshotScheduleUpdateInProgressFault', 'SnapshotScheduleUpdateInProgress'),
  InvalidClusterSnapshotScheduleState: sender('InvalidClusterSnapshotScheduleStateFault', 'InvalidClusterSnapshotScheduleState'),
  NumberOfNodesPerClusterLimitExceeded: sender(
    'NumberOfNodesPerClusterLimitExceededFault',
    'NumberOfNodesPerClusterLimitExceeded',
  ),
  NumberOfNodesQuotaExceeded: sender('NumberOfNodesQuotaExceededFault', 'NumberOfNodesQuotaExceeded'),
  InvalidRestore: sender('InvalidRestoreFault', 'InvalidRestore', 406),
  InProgressTableRestoreQuotaExceededFault: sender('InProgressTableRestoreQuotaExceededFault', 'InProgressTableRestoreQuotaExceededFault'),
  InvalidTableRestoreArgument: sender('InvalidTableRestoreArgumentFault', 'InvalidTableRestoreArgument'),
  TableRestoreNotFoundFault: sender('TableRestoreNotFoundFault', 'TableRestoreNotFoundFault'),
  // errors runbooks retry, answered only when injected (Simulator.injectApiError)
  InsufficientClusterCapacity: sender('InsufficientClusterCapacityFault', 'InsufficientClusterCapacity'),
  DependentServiceRequestThrottlingFault: sender('DependentServiceRequestThrottlingFault', 'DependentServiceRequestThrottlingFault'),
  CopyToRegionDisabledFault: sender('CopyToRegionDisabledFault', 'CopyToRegionDisabledFault'),
  LimitExceededFault: sender('LimitExceededFault', 'LimitExceededFault'),
  ResourceNotFoundFault: sender('ResourceNotFoundFault', 'ResourceNotFoundFault', 404),
  SnapshotCopyAlreadyDisabledFault: sender('SnapshotCopyAlreadyDisabledFault', 'SnapshotCopyAlreadyDisabledFault'),
  SnapshotCopyAlreadyEnabledFault: sender('SnapshotCopyAlreadyEnabledFault', 'SnapshotCopyAlreadyEnabledFault'),
  SnapshotCopyDisabledFault: sender('SnapshotCopyDisabledFault', 'SnapshotCopyDisabledFault'),
  UnknownSnapshotCopyRegionFault: sender('UnknownSnapshotCopyRegionFault', 'UnknownSnapshotCopyRegionFault', 404),
  TagLimitExceededFault: sender('TagLimitExceededFault', 'TagLimitExceededFault'),
  // event subscriptions (Create/Modify/Delete/DescribeEventSubscriptions)
  SubscriptionAlreadyExist: sender('SubscriptionAlreadyExistFault', 'SubscriptionAlreadyExist'),
  SubscriptionNotFound: sender('SubscriptionNotFoundFault', 'SubscriptionNotFound', 404),
  SubscriptionCategoryNotFound: sender('SubscriptionCategoryNotFoundFault', 'SubscriptionCategoryNotFound', 404),
  SubscriptionSeverityNotFound: sender('SubscriptionSeverityNotFoundFault', 'SubscriptionSeverityNotFound', 404),
  SubscriptionEventIdNotFound: sender('SubscriptionEventIdNotFoundFault', 'SubscriptionEventIdNotFound', 404),
  SourceNotFound: sender('SourceNotFoundFault', 'SourceNotFound', 404),
  InvalidSubscriptionStateFault: sender('InvalidSubscriptionStateFault', 'InvalidSubscriptionStateFault'),
  EventSubscriptionQuotaExceeded: sender('EventSubscriptionQuotaExceededFault', 'EventSubscriptionQuotaExceeded'),
  SNSInvalidTopic: sender('SNSInvalidTopicFault', 'SNSInvalidTopic'),
  SNSNoAuthorization: sender('SNSNoAuthorizationFault', 'SNSNoAuthorization'),
  SNSTopicArnNotFound: sender('SNSTopicArnNotFoundFault', 'SNSTopicArnNotFound', 404),
  UnsupportedOperation: sender('UnsupportedOperationFault', 'UnsupportedOperation'),
  InvalidClusterTrack: sender('InvalidClusterTrackFault', 'InvalidClusterTrack'),
  // Common errors (AWS "Common Errors"; not modeled shapes).
  InvalidParameterValue: sender('InvalidParameterValue', 'InvalidParameterValue'),
  InvalidParameterCombination: sender('InvalidParameterCombination', 'InvalidParameterCombination'),
  MissingParameter: sender('MissingParameter', 'MissingParameter'),
  MissingAction: sender('MissingAction', 'MissingAction'),
  InvalidAction: sender('InvalidAction', 'InvalidAction'),
  RequestEntityTooLarge: sender('RequestEntityTooLarge', 'RequestEntityTooLarge', 413),
  MalformedQueryString: sender('MalformedQueryString', 'MalformedQueryString', 404),
  RequestHeaderSectionTooLarge: sender('RequestHeaderSectionTooLarge', 'RequestHeaderSectionTooLarge', 431),
  InvalidClientTokenId: sender('InvalidClientTokenId', 'InvalidClientTokenId', 403),
  // The HTTP server's refusals (snapsim serve): request checks and SigV4 verification.
  AccessDenied: sender('AccessDenied', 'AccessDenied', 403),
  UnsupportedMediaType: sender('UnsupportedMediaType', 'UnsupportedMediaType'),
  RequestTimeout: sender('RequestTimeout', 'RequestTimeout', 408),
  MissingAuthenticationToken: sender('MissingAuthenticationToken', 'MissingAuthenticationToken', 403),
  IncompleteSignature: sender('IncompleteSignature', 'IncompleteSignature'),
  SignatureDoesNotMatch: sender('SignatureDoesNotMatch', 'SignatureDoesNotMatch', 403),
  // Server faults (5xx, Type Receiver, reference §5.6): an operation snapsim does not implement, a genuine snapsim bug, overload.
  NotImplemented: { code: 'NotImplemented', status: 501, shape: 'NotImplemented', type: 'Receiver' },
  InternalFailure: { code: 'InternalFailure', status: 500, shape: 'InternalFailure', type: 'Receiver' },
  ServiceUnavailable: { code: 'ServiceUnavailable', status: 503, shape: 'ServiceUnavailable', type: 'Receiver' },
} as const satisfies Record<string, ErrorSpec>;

/** A wire code snapsim can return. */
export type ErrorCode = keyof typeof ERRORS;

/** The longest error message kept: a message quoting a huge input is cut here. */
export const MAX_MESSAGE_LENGTH = 1_024;

/**
 * `message` cut to {@link MAX_MESSAGE_LENGTH} characters (saying how much was cut), so an error
 * never echoes a megabyte of input back; messages that fit are returned unchanged.
 */
export function clipMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const end = MAX_MESSAGE_LENGTH - 40;
  const kept = message.slice(0, /[\uD800-\uDBFF]/.test(message[end - 1] ?? '') ? end - 1 : end); // never half a surrogate pair
  return `${kept}… [${message.length - kept.length} more characters]`;
}

/**
 * An AWS service error: carries AWS's wire `code`, HTTP `status`, fault `type` and a message.
 * `name` is the SDK's exception name (the model shape, e.g. `ClusterNotFoundFault`).
 */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
  constructor(code: ErrorCode, message: string) {
    super(clipMessage(message));
    const spec: ErrorSpec = ERRORS[code];
    this.code = code;
    this.status = spec.status;
    this.type = spec.type;
    this.name = spec.shape;
  }
}

/** Builds a {@link ServiceError}; shorthand used by the rules table and deciders. */
export const fault = (code: ErrorCode, message: string): ServiceError => new ServiceError(code, message);

/** True when `e` is a {@link ServiceError}. */
export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;
