/**
 * Exhaustiveness: the default branch of a switch over a union (event types, record kinds,
 * statuses) calls it with the narrowed value, so a new member that no case handles does not
 * compile. At run time (a corrupt log) it throws, naming what it got.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
