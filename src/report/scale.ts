/** Time scales and axis ticks for the report's SVG. */

/** Maps virtual ms to x pixels over [t0, t1] → [x0, x1]. */
export function timeScale(t0: number, t1: number, x0: number, x1: number): (t: number) => number {
  const span = Math.max(1, t1 - t0);
  return (t) => x0 + ((t - t0) / span) * (x1 - x0);
}

const STEPS_S = [60, 300, 600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400];

/** Tick offsets (ms from t0) at a readable step, about `target` of them. */
export function ticks(spanMs: number, target = 10): { step: number; at: number[] } {
  const want = spanMs / 1000 / target;
  const step = (STEPS_S.find((s) => s >= want) ?? STEPS_S[STEPS_S.length - 1]!) * 1000;
  const at: number[] = [];
  for (let t = 0; t <= spanMs; t += step) at.push(t);
  return { step, at };
}

/** A tick label: `d1 06:00` (or `d3` on whole days when the step is days). */
export function tickLabel(offsetMs: number, stepMs: number): string {
  const s = Math.round(offsetMs / 1000);
  const d = Math.floor(s / 86_400);
  const hh = String(Math.floor((s % 86_400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return stepMs >= 86_400_000 ? `d${d}` : `d${d} ${hh}:${mm}`;
}

/** Escapes text for HTML/SVG content and attributes. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Rounds a pixel coordinate for compact output. */
export const px = (x: number): string => (Math.round(x * 10) / 10).toString();
