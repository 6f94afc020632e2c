/**
 * The part of the simulator the API layer drives. `src/sim/simulator.ts`'s `Simulator` satisfies
 * it structurally; the narrow port documents what the API layer relies on (its tests run against
 * the real `Simulator`).
 */

/** Who makes a request: the account and region every command runs in. */
export interface Caller {
  account: string;
  region: string;
}

/** The simulator operations the Query endpoint, clock adapter and control API use. */
export interface SimulatorPort {
  /**
   * Runs one AWS operation; returns its output shape or throws `ServiceError`. On success
   * `meta.requestId` holds the request's id (an accepted command's is logged with it).
   */
  execute(operation: string, input: Record<string, unknown>, caller?: Caller, meta?: { requestId?: string }): Record<string, unknown>;
  /** The id of a request that leaves no log entry (a refusal, an unparsable request), from the seed and a counter. */
  unloggedRequestId(): string;
  /** True when the engine implements `operation`. */
  implements(operation: string): boolean;
  /** Current virtual time. */
  now(): Date;
  /** Moves virtual time forward by `seconds`, running what falls due. */
  advance(seconds: number): void;
  /** Moves virtual time forward to `t`. */
  advanceTo(t: Date): void;
  /** Runs until no pending work remains. */
  runUntilIdle(): void;
  /** The root seed of the run. */
  readonly seed: number;
  /**
   * The event log as stored (checksummed NDJSON lines, each ending in a newline), streamed; throws
   * `LogNotKeptError` at once when the log no longer keeps its early entries.
   */
  logLines(): Iterable<string>;
  /** Injects an API error into an operation (logged); throws RangeError for a rule it cannot take. */
  injectApiError(rule: { operation: string; code: string; count?: number; rate?: number }): void;
  /** Schedules a region outage (logged); throws RangeError for one it cannot take. */
  scheduleRegionOutage(req: { region: string; from?: number; to: number; failure?: number }): void;
  /** Resolves once every appended log entry is durable (a file log's group commit). */
  flush(): Promise<void>;
  /** The latest notifications event subscriptions would have sent (`GET /_snapsim/notifications`), oldest first. */
  notifications(): readonly unknown[];
  /** Subscribes to every appended log line; returns the unsubscribe function. */
  onAppend(listener: (ndjsonLine: string) => void): () => void;
}
