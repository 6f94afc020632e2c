/**
 * Schedule definitions (reference §1.1): AWS's three-field `cron(Minutes Hours Day-of-week)` mapped
 * onto croner (days 1–7 from Sunday → 0–6), `rate(N hours)` anchored to UTC midnight, several
 * definitions per schedule, and the refusals: more often than hourly or overlapping within an hour
 * (InvalidSchedule), other forms (ScheduleDefinitionTypeUnsupported).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isServiceError } from '../../src/model/errors.ts';
import { cronPatternOf, isInvocation, nextInvocation, nextInvocations, parseSchedule } from '../../src/model/schedule-definitions.ts';

const HOUR = 3_600_000;
/** Saturday 2024-01-06 13:00 UTC. */
const SAT = Date.UTC(2024, 0, 6, 13);
const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString());
const weekday = (t: number) => ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'][new Date(t).getUTCDay()];

function codeOf(definitions: string[]): string | undefined {
  try {
    parseSchedule(definitions);
    return undefined;
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return e.code;
  }
}

describe('day of week: AWS numbers 1-7 from Sunday', () => {
  it.each([
    [1, 'SUN'],
    [2, 'MON'],
    [3, 'TUE'],
    [4, 'WED'],
    [5, 'THU'],
    [6, 'FRI'],
    [7, 'SAT'],
  ])('day %i is %s', (n, day) => {
    const next = nextInvocation([`cron(0 12 ${n})`], SAT);
    expect(weekday(next)).toBe(day);
    expect(new Date(next).getUTCHours()).toBe(12);
    // the same day by name
    expect(nextInvocation([`cron(0 12 ${day})`], SAT)).toBe(next);
  });

  it('maps ranges, lists and steps explicitly (n → n − 1 for croner)', () => {
    expect(cronPatternOf('cron(0 12 2-6)')).toBe('0 12 * * 1-5');
    expect(cronPatternOf('cron(0 12 1,7)')).toBe('0 12 * * 0,6');
    expect(cronPatternOf('cron(0 12 2/2)')).toBe('0 12 * * 1-6/2');
    expect(cronPatternOf('cron(0 12 *)')).toBe('0 12 * * *');
    expect(cronPatternOf('cron(0 12 ?)')).toBe('0 12 * * *');
    expect(nextInvocations(['cron(0 12 2-6)'], SAT, 5).map(weekday)).toEqual(['MON', 'TUE', 'WED', 'THU', 'FRI']);
    expect(nextInvocations(['cron(0 12 1,7)'], SAT, 3).map(weekday)).toEqual(['SUN', 'SAT', 'SUN']);
    expect(nextInvocations(['cron(0 12 2/2)'], SAT, 3).map(weekday)).toEqual(['MON', 'WED', 'FRI']);
    expect(nextInvocations(['cron(0 12 MON-FRI)'], SAT, 5).map(weekday)).toEqual(['MON', 'TUE', 'WED', 'THU', 'FRI']);
  });

  it('refuses days outside 1-7 and backwards ranges', () => {
    expect(codeOf(['cron(0 12 0)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(0 12 8)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(0 12 6-2)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(0 12 6#3)'])).toBe('InvalidSchedule');
  });
});

describe('rate(N hours): anchored to UTC midnight', () => {
  it('fires at 00:00, N:00, 2N:00, … of every UTC day', () => {
    expect(iso(nextInvocations(['rate(5 hours)'], SAT, 5))).toEqual([
      '2024-01-06T15:00:00.000Z',
      '2024-01-06T20:00:00.000Z',
      '2024-01-07T00:00:00.000Z',
      '2024-01-07T05:00:00.000Z',
      '2024-01-07T10:00:00.000Z',
    ]);
    expect(iso(nextInvocations(['rate(24 hours)'], SAT, 2))).toEqual(['2024-01-07T00:00:00.000Z', '2024-01-08T00:00:00.000Z']);
    expect(nextInvocation(['rate(1 hour)'], SAT)).toBe(SAT + HOUR);
  });

  it('takes 1 to 24 hours; other units are unsupported', () => {
    expect(codeOf(['rate(0 hours)'])).toBe('InvalidSchedule');
    expect(codeOf(['rate(25 hours)'])).toBe('InvalidSchedule');
    expect(codeOf(['rate(30 minutes)'])).toBe('ScheduleDefinitionTypeUnsupported');
    expect(codeOf(['rate(1 day)'])).toBe('ScheduleDefinitionTypeUnsupported');
  });
});

describe('several definitions', () => {
  it('fire at the union of their invocations, in order', () => {
    expect(iso(nextInvocations(['cron(0 12 *)', 'cron(0 18 MON,FRI)'], SAT, 4))).toEqual([
      '2024-01-07T12:00:00.000Z',
      '2024-01-08T12:00:00.000Z',
      '2024-01-08T18:00:00.000Z',
      '2024-01-09T12:00:00.000Z',
    ]);
    expect(isInvocation(['cron(0 12 *)', 'cron(0 18 MON,FRI)'], Date.UTC(2024, 0, 8, 18))).toBe(true);
    expect(isInvocation(['cron(0 12 *)', 'cron(0 18 MON,FRI)'], Date.UTC(2024, 0, 9, 18))).toBe(false);
  });

  it('refuse rules that fire more often than hourly, alone or together', () => {
    expect(codeOf(['cron(0,30 * *)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(0/15 3 *)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(0 12 *)', 'cron(30 12 *)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(0 12 *)', 'cron(0 12 MON)'])).toBe('InvalidSchedule'); // the same instant on Mondays
    expect(codeOf(['rate(24 hours)', 'cron(0 0 *)'])).toBe('InvalidSchedule'); // the same rule twice
    // across the week's end: Saturday 23:30 and Sunday 00:10 (besides a daily rule)
    expect(codeOf(['cron(0 12 *)', 'cron(30 23 7)', 'cron(10 0 1)'])).toBe('InvalidSchedule');
  });

  it('refuse a schedule that leaves more than 24 hours between two snapshots (AWS: at least once a day)', () => {
    for (const rules of [['cron(0 4 MON)'], ['cron(0 12 2-6)'], ['cron(0 12 1,7)'], ['cron(0 0 2/2)'], ['cron(0 12 2-6)', 'cron(0 6 1,7)']]) {
      expect(codeOf(rules), rules.join(' ')).toBe('InvalidSchedule');
    }
    expect(() => parseSchedule(['cron(0 4 MON)'])).toThrow('The schedule fires less often than once a day: after Mon 04:00 not again for 168 hours, until Mon 04:00 (UTC).');
    expect(() => parseSchedule(['cron(0 12 2-6)'])).toThrow(/after Fri 12:00 not again for 72 hours, until Mon 12:00/);
  });

  it('take rules exactly a day apart, and weekday rules besides a daily one', () => {
    expect(codeOf(['cron(0 4 *)'])).toBeUndefined();
    expect(codeOf(['rate(24 hours)'])).toBeUndefined();
    expect(codeOf(['cron(15 3 *)', 'cron(0 12 2-6)'])).toBeUndefined();
    // weekday and weekend rules that together fire every day
    expect(codeOf(['cron(0 12 2-6)', 'cron(0 12 1,7)'])).toBeUndefined();
  });

  it('take rules exactly an hour apart, and hourly ones', () => {
    expect(codeOf(['cron(0 12 *)', 'cron(0 13 *)'])).toBeUndefined();
    expect(codeOf(['cron(0 12 *)', 'cron(30 23 7)', 'cron(30 0 1)'])).toBeUndefined();
    expect(codeOf(['cron(0 * *)'])).toBeUndefined();
    expect(codeOf(['rate(1 hour)'])).toBeUndefined();
  });

  it('refuse other forms and malformed cron', () => {
    expect(codeOf([])).toBe('InvalidSchedule');
    expect(codeOf(['at(2024-01-01T00:00:00)'])).toBe('ScheduleDefinitionTypeUnsupported');
    expect(codeOf(['0 12 *'])).toBe('ScheduleDefinitionTypeUnsupported');
    expect(codeOf(['cron(0 12 * * ?)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(61 12 *)'])).toBe('InvalidSchedule');
    expect(codeOf(['cron(0 24 *)'])).toBe('InvalidSchedule');
  });
});

describe('purity', () => {
  afterEach(() => vi.useRealTimers());
  it('the next invocation depends on the definitions and the instant only, never on the wall clock', () => {
    const at = (wall: number) => {
      vi.useFakeTimers({ now: wall });
      return nextInvocations(['cron(0 12 2-6)', 'rate(8 hours)'], SAT, 6);
    };
    expect(at(Date.UTC(1999, 0, 1))).toEqual(at(Date.UTC(2090, 5, 5)));
  });
});

describe('invocations in every year a simulation reaches (0000 to 9999)', () => {
  it('come after 2999 and before 1970 as in any other week (croner alone finds none after 2999)', () => {
    expect(nextInvocations(['rate(1 hour)'], Date.parse('5000-03-04T10:30:00Z'), 2).map((t) => new Date(t).toISOString())).toEqual(['5000-03-04T11:00:00.000Z', '5000-03-04T12:00:00.000Z']);
    // 9999-12-31 is a Friday; cron day 6 is Friday (Sunday is 1)
    expect(new Date(nextInvocation(['cron(30 2 6)'], Date.parse('9999-12-24T03:00:00Z'))).toISOString()).toBe('9999-12-31T02:30:00.000Z');
    expect(new Date(nextInvocation(['cron(0 12 *)'], Date.parse('0001-01-01T13:00:00Z'))).toISOString()).toBe('0001-01-02T12:00:00.000Z');
    expect(isInvocation(['cron(30 2 6)'], Date.parse('9999-12-31T02:30:00Z'))).toBe(true);
  });
});
