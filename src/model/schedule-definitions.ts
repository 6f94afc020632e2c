/**
 * Snapshot schedule definitions (reference §1.1 "Snapshot schedules"): `cron(Minutes Hours
 * Day-of-week)` and `rate(N hours)`, all in UTC, several per schedule. Parsing and the next
 * invocation are pure functions of the definitions and a virtual instant: cron fields are parsed
 * and walked by croner (with a fixed UTC offset of 0, so no time zone or DST rules take part),
 * after AWS's three-field form is mapped onto croner's five-field one.
 *
 * Day of week: AWS numbers the days 1–7 from Sunday (1 = SUN … 7 = SAT); croner numbers them 0–6
 * from Sunday. Every number of the day-of-week field is mapped explicitly (n → n − 1), names
 * (`SUN` … `SAT`) and `*`/`?` pass as they are. `L` and `#` are not supported (InvalidSchedule).
 *
 * `rate(N hours)` (1 ≤ N ≤ 24; `rate(1 hour)` too) is anchored to UTC midnight: it fires at 00:00,
 * N:00, 2N:00, … of every UTC day (so rate(5 hours) fires at 0, 5, 10, 15 and 20 h, and again at
 * 0 h the next day), the same as `cron(0 0/N *)`.
 */
import { Cron } from 'croner';
import { fault, type ServiceError } from './errors.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A Monday, 00:00 UTC: every definition's invocations repeat weekly from here. */
const WEEK_START = Date.UTC(2024, 0, 1);

/** How many `NextInvocations` a schedule shows when the request does not ask for a number. */
export const DEFAULT_NEXT_INVOCATIONS = 10;
/** The most `NextInvocations` CreateSnapshotSchedule returns when asked (`NextInvocations`). */
export const MAX_NEXT_INVOCATIONS = 100;
/** The most definitions a schedule holds: at most one invocation per hour of a week leaves no room for more. */
export const MAX_DEFINITIONS = 168;

const RATE = /^rate\((\d+) hours?\)$/;
const CRON = /^cron\((.*)\)$/;
const FIELD = /^[0-9*?,/-]+$/;
const DOW_NAME = /^(SUN|MON|TUE|WED|THU|FRI|SAT)(-(SUN|MON|TUE|WED|THU|FRI|SAT))?$/;
const DOW_NUMBER = /^([1-7])(?:-([1-7]))?(?:\/(\d+))?$/;

const invalid = (definition: string, why: string): ServiceError => fault('InvalidSchedule', `The schedule definition ${definition.slice(0, 128)} isn't valid: ${why}.`);

/** The croner pattern (five fields, days 0–6 from Sunday) of one AWS definition, or a ServiceError. */
export function cronPatternOf(definition: string): string {
  const d = definition.trim();
  const rate = RATE.exec(d);
  if (rate) {
    const n = Number(rate[1]);
    if (!(n >= 1 && n <= 24)) throw invalid(d, 'a rate must be between 1 and 24 hours');
    return n === 24 ? '0 0 * * *' : `0 */${n} * * *`;
  }
  if (d.startsWith('rate(')) throw fault('ScheduleDefinitionTypeUnsupported', `The schedule definition ${d.slice(0, 128)} is not supported: rates are in hours, rate(N hours).`);
  const cron = CRON.exec(d);
  if (!cron) throw fault('ScheduleDefinitionTypeUnsupported', `The schedule definition ${d.slice(0, 128)} is not supported: use cron(Minutes Hours Day-of-week) or rate(N hours).`);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 3) throw invalid(d, 'a cron expression has three fields, Minutes Hours Day-of-week');
  const [minutes, hours, days] = fields as [string, string, string];
  if (!FIELD.test(minutes) || !FIELD.test(hours) || minutes.includes('?') || hours.includes('?')) throw invalid(d, 'minutes and hours are numbers, ranges, lists, steps or *');
  return `${minutes} ${hours} * * ${dayOfWeekField(d, days)}`;
}

/** AWS's day-of-week field (1–7 from Sunday, or names) as croner's (0–6 from Sunday). */
function dayOfWeekField(definition: string, field: string): string {
  return field
    .toUpperCase()
    .split(',')
    .map((token) => {
      if (token === '*' || token === '?') return '*';
      if (token.startsWith('*/') && /^\*\/\d+$/.test(token)) return token; // every s-th day from Sunday, in both numberings
      if (DOW_NAME.test(token)) return token;
      const m = DOW_NUMBER.exec(token);
      if (!m) throw invalid(definition, `day of week ${token.slice(0, 32)} is not 1-7 (Sunday is 1), SUN-SAT, a range, a list, a step or *`);
      const from = Number(m[1]) - 1;
      const to = m[2] === undefined ? undefined : Number(m[2]) - 1;
      const step = m[3];
      if (to !== undefined && to < from) throw invalid(definition, `day-of-week range ${token} runs backwards`);
      return `${from}${to === undefined ? (step === undefined ? '' : '-6') : `-${to}`}${step === undefined ? '' : `/${step}`}`;
    })
    .join(',');
}

/** Compiled patterns, by croner pattern: a cache (a pattern's runs depend on nothing else). */
const compiled = new Map<string, Cron>();

/** The croner job (never started: no timers) of a croner pattern, or InvalidSchedule. */
function cronOf(pattern: string, definition: string): Cron {
  let c = compiled.get(pattern);
  if (c === undefined) {
    try {
      // utcOffset 0: plain UTC arithmetic; 'auto'-free five fields; sloppy ranges admit AWS's `0/15` steps
      c = new Cron(pattern, { utcOffset: 0, mode: '5-part', sloppyRanges: true, alternativeWeekdays: false, paused: true });
    } catch (e) {
      throw invalid(definition, (e as Error).message.replace(/^CronPattern: /, ''));
    }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, c);
  }
  return c;
}

const WEEK_MS = 7 * 86_400_000;

/** A Sunday, 00:00 UTC, well inside the years croner computes (it gives up after 2999). */
const REFERENCE_WEEK = Date.UTC(2000, 0, 2);

/**
 * The first invocation of croner pattern `pattern` strictly after `t` (ms), or Infinity. The
 * patterns snapsim makes (minutes, hours, days of the week, in UTC) repeat every week, so the
 * answer is croner's for the same moment of a reference week, moved to `t`'s week: it holds for
 * every year a simulation reaches (0000 to 9999), where croner alone finds nothing after 2999.
 */
function nextOf(pattern: string, t: number): number {
  const offset = (((t - REFERENCE_WEEK) % WEEK_MS) + WEEK_MS) % WEEK_MS;
  // given the instant to start from, croner reads no clock for the answer (it is a function of the pattern and `t`)
  const next = cronOf(pattern, pattern).nextRun(new Date(REFERENCE_WEEK + offset));
  return next === null ? Infinity : t - offset + (next.getTime() - REFERENCE_WEEK);
}

/** A parsed schedule: its definitions as given and as croner patterns. */
export interface ParsedSchedule {
  readonly definitions: readonly string[];
  readonly patterns: readonly string[];
}

/**
 * Parses and checks `definitions`: each a supported form (else ScheduleDefinitionTypeUnsupported)
 * and a valid one (else InvalidSchedule), and all together firing at most once an hour and at least
 * once a day (AWS's bounds): two invocations less than an hour apart, of one definition or of two,
 * or more than 24 hours apart, are InvalidSchedule. The invocations repeat weekly (minutes, hours
 * and days of the week in UTC), so one week, wrapped around, shows every gap.
 */
export function parseSchedule(definitions: readonly string[]): ParsedSchedule {
  if (definitions.length === 0) throw fault('InvalidSchedule', 'A schedule needs at least one definition.');
  if (definitions.length > MAX_DEFINITIONS) throw fault('InvalidSchedule', `A schedule holds at most ${MAX_DEFINITIONS} definitions.`);
  const patterns = definitions.map(cronPatternOf);
  patterns.forEach((p, i) => cronOf(p, definitions[i]!));
  const times: number[] = [];
  for (const p of new Set(patterns)) {
    let t = WEEK_START - 1;
    for (;;) {
      t = nextOf(p, t);
      if (t >= WEEK_START + WEEK) break;
      times.push(t);
      if (times.length > MAX_DEFINITIONS) throw fault('InvalidSchedule', 'The schedule fires more often than once an hour.');
    }
  }
  if (new Set(patterns).size < patterns.length) throw fault('InvalidSchedule', 'The schedule has rules that overlap: two definitions fire at the same times.');
  if (times.length === 0) throw fault('InvalidSchedule', 'The schedule never fires.');
  times.sort((a, b) => a - b);
  for (let i = 0; i < times.length; i++) {
    const next = i + 1 < times.length ? times[i + 1]! : times[0]! + WEEK;
    if (next - times[i]! < HOUR) {
      throw fault('InvalidSchedule', `The schedule's rules overlap within an hour: it would fire at ${new Date(times[i]!).toISOString().slice(11, 16)} and again ${Math.round((next - times[i]!) / 60_000)} minutes later (UTC).`);
    }
    if (next - times[i]! > DAY) {
      const when = (t: number) => new Date(t).toUTCString().slice(0, 3) + ' ' + new Date(t).toISOString().slice(11, 16);
      throw fault('InvalidSchedule', `The schedule fires less often than once a day: after ${when(times[i]!)} not again for ${Math.round((next - times[i]!) / HOUR)} hours, until ${when(next)} (UTC).`);
    }
  }
  return { definitions: [...definitions], patterns };
}

/** The first invocation of `definitions` (already valid) strictly after `t`, ms; Infinity when none. */
export function nextInvocation(definitions: readonly string[], t: number): number {
  let best = Infinity;
  for (const d of definitions) {
    const n = nextOf(cronPatternOf(d), t);
    if (n < best) best = n;
  }
  return best;
}

/** The next `count` invocations of `definitions` (already valid) after `t`, in order. */
export function nextInvocations(definitions: readonly string[], t: number, count: number): number[] {
  const out: number[] = [];
  let at = t;
  while (out.length < count) {
    at = nextInvocation(definitions, at);
    if (at === Infinity) break;
    out.push(at);
  }
  return out;
}

/** Whether `t` is an invocation of `definitions` (already valid). */
export const isInvocation = (definitions: readonly string[], t: number): boolean => nextInvocation(definitions, t - 1) === t;
