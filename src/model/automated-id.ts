/**
 * AWS's automated snapshot identifiers, `rs:<cluster>-YYYY-MM-DD-HH-MM-SS` (UTC): building one,
 * and reading the cluster back out of one (automated snapshots are kept with their cluster).
 */

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** `-HH-MM-` for each minute of a day. */
const MINUTES = Array.from({ length: 1440 }, (_, m) => `-${TWO[Math.floor(m / 60)]}-${TWO[m % 60]}-`);
const DAY_MS = 86_400_000;
/** `YYYY-MM-DD` by day number. (`rs:<cluster>-` is concatenated each time: measured cheaper than a map of them.) */
const dayNames = new Map<number, string>();

const PREFIX = 'rs:';
/** Length of `-YYYY-MM-DD-HH-MM-SS`. */
const SUFFIX_LENGTH = 20;

/** The automated snapshot identifier of cluster `clusterId` at `at`. */
export function automatedId(clusterId: string, at: number): string {
  const day = Math.floor(at / DAY_MS);
  let date = dayNames.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayNames.set(day, date);
  }
  const sec = Math.floor((at - day * DAY_MS) / 1000);
  return PREFIX + clusterId + '-' + date + MINUTES[Math.floor(sec / 60)]! + TWO[sec % 60]!;
}

/** Whether `id` is an automated snapshot identifier of cluster `clusterId` (no string is built). */
export const isAutomatedIdOf = (id: string, clusterId: string): boolean =>
  id.length === PREFIX.length + clusterId.length + SUFFIX_LENGTH && id.startsWith(PREFIX) && id.startsWith(clusterId, PREFIX.length);

/** Whether `id` is an automated snapshot identifier (`rs:…`; a manual one has no ':'). */
export const isAutomatedId = (id: string): boolean => id.startsWith(PREFIX);

/**
 * The cluster id inside an automated snapshot identifier, or undefined when `id` is not one. A
 * manual identifier never is: identifiers have no ':'.
 */
export function clusterOfAutomatedId(id: string): string | undefined {
  return id.length > PREFIX.length + SUFFIX_LENGTH && id.startsWith(PREFIX) ? id.slice(PREFIX.length, -SUFFIX_LENGTH) : undefined;
}
