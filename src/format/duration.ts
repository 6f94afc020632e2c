/**
 * Virtual durations and instants as people write them: `90s`, `15m`, `2h30m`, `3d`, or a number
 * of seconds; instants as an offset from the simulation's start or an ISO timestamp.
 */

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const PART = /(\d+(?:\.\d+)?)\s*([smhdw])/gy;

/** Parses a duration to seconds; returns undefined when `text` is not one. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let m = PART.exec(s); m; m = PART.exec(s)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    end = PART.lastIndex;
    while (s[end] === ' ') end++;
    PART.lastIndex = end;
  }
  return end === s.length ? total : undefined;
}

/**
 * Parses an instant: an ISO timestamp, or a duration (optionally `+`-prefixed) after `start`.
 * Returns ms since the epoch, or undefined.
 */
export function parseInstant(text: string | number, start: number): number | undefined {
  if (typeof text === 'string' && /^\d{4}-\d\d-\d\d/.test(text.trim())) {
    const iso = text.trim();
    // a date and time without a zone is UTC, as every time snapsim prints (not the machine's zone)
    const ms = Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const sec = parseDuration(typeof text === 'string' ? text.replace(/^\+/, '') : text);
  return sec === undefined ? undefined : start + Math.round(sec * 1000);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `d2 08:15:00`: virtual time since the start, as the timelines print it. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  return `d${d} ${two(h)}:${two(m)}:${two(total % 60)}`;
}

/** A compact duration: `45s`, `12m05s`, `3h20m`, `2d04h`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d${two(Math.floor((s % 86_400) / 3600))}h`;
}

/** Megabytes as a short human figure: `850 MB`, `12.4 GB`. */
export const formatMb = (mb: number): string => (mb < 0 ? 'unknown' : mb < 1024 ? `${Math.round(mb)} MB` : `${(mb / 1024).toFixed(1)} GB`);
