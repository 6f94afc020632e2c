/**
 * The report's SVGs: the timeline (a lane per cluster, a bar per snapshot with its progress
 * curve, a lane of cross-region copies per destination region and source cluster linked to their
 * sources, restore bars, cluster outage and region outage bands, marks for authorizations,
 * revocations, copies, skipped copies and deletions) and the overlay of every backup's and copy's
 * progress curve against its own elapsed time.
 */
import { formatDuration, formatMb, formatOffset } from '../format/duration.ts';
import { esc, px, ticks, tickLabel, timeScale } from './scale.ts';
import { curveOf, type AwsEventMark, type Bar, type Lane, type Mark, type MarkKind, type Restore, type Timeline } from './timeline.ts';

/** Fill colour by final status (null: still running at the end of the log). */
export const STATUS_COLOURS: Record<string, string> = { available: '#2f9e5b', failed: '#d64545', cancelled: '#9a9a9a', running: '#3b7dd8' };

/** Fill colour of a restore's bar by outcome (drawn with a dashed border, unlike backups). */
export const RESTORE_COLOURS: Record<string, string> = { completed: '#136f8c', failed: '#a81d1d', cancelled: '#9a9a9a', running: '#6cb4cf' };

/** Fill of region outage bands. */
export const REGION_OUTAGE_COLOUR = '#f2c97d';

/** Glyph and colour of each mark kind. */
export const MARK_STYLE: Record<MarkKind, { glyph: string; colour: string; label: string }> = {
  authorize: { glyph: '▲', colour: '#0b8a8a', label: 'authorized' },
  revoke: { glyph: '▼', colour: '#e07b00', label: 'revoked' },
  copy: { glyph: '◆', colour: '#7a4fd0', label: 'copied' },
  'copy-skipped': { glyph: '⊘', colour: '#7a4fd0', label: 'not copied to the region' },
  delete: { glyph: '✕', colour: '#222222', label: 'deleted' },
  purge: { glyph: '✕', colour: '#8a8a8a', label: 'purged by the service' },
  outage: { glyph: '⚡', colour: '#c0392b', label: 'cluster unavailable' },
  recovered: { glyph: '•', colour: '#c0392b', label: 'cluster recovered' },
  'cluster-delete': { glyph: '■', colour: '#c0392b', label: 'cluster delete requested' },
  'restore-start': { glyph: '▶', colour: '#1f6fb2', label: 'restore started' },
  'restore-end': { glyph: '◀', colour: '#1f6fb2', label: 'restore ended' },
  pause: { glyph: '‖', colour: '#6b6b6b', label: 'cluster pausing / paused' },
  resume: { glyph: '›', colour: '#2f9e5b', label: 'cluster resuming / available' },
  reboot: { glyph: '↻', colour: '#c0392b', label: 'cluster rebooting / rebooted' },
  'table-restore': { glyph: '▤', colour: '#1f6fb2', label: 'table restore requested / ended' },
  schedule: { glyph: '⏱', colour: '#8a5a00', label: 'snapshot schedule associated / active / removed' },
};

/** Colour of an AWS event's tick by severity. */
export const EVENT_COLOURS: Record<string, string> = { INFO: '#5b6670', ERROR: '#d64545' };

const WIDTH = 1200;
const GUTTER = 170;
const RIGHT = 24;
const AXIS = 34;
const ROW = 28;
const BAR_H = 13;
const LANE_HEAD = 22;
const LANE_GAP = 10;
const MIN_BAR = 5;
/** The row of AWS event ticks at the foot of a lane that has any. */
const EVENT_ROW = 12;

const statusOf = (b: Bar): string => b.outcome ?? 'running';
const restoreStatusOf = (r: Restore): string => r.outcome ?? 'running';
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The figures shown when hovering a bar (also embedded as data for tests and tools). */
export function barFigures(b: Bar, t: Timeline): Record<string, string> {
  const end = b.end ?? t.end;
  const curve = curveOf(b);
  const done = curve.length ? curve[curve.length - 1]![1] : 0;
  const seconds = (end - b.start) / 1000;
  const f: Record<string, string> = {
    snapshot: b.id,
    kind: b.kind,
    status: statusOf(b) + (b.deletedBy ? ` → ${b.deletedBy === 'DELETE' ? 'deleted' : 'purged'}` : ''),
    started: iso(b.start),
    [b.end === null ? 'running for' : 'took']: formatDuration(seconds),
    'total size': formatMb(b.totalMb),
    incremental: formatMb(b.incrementalMb),
    transferred: `${formatMb(done)} (${b.incrementalMb > 0 ? Math.round((100 * done) / b.incrementalMb) : 100}%)`,
    'average rate': seconds > 0 ? `${(done / seconds).toFixed(1)} MB/s` : '–',
  };
  if (b.source) f.source = b.source;
  if (b.copiedFrom) {
    f['copied from'] = `${b.copiedFrom.region}/${b.copiedFrom.id} (${b.copiedFrom.snapshotType})`;
    f['data as of'] = `${iso(b.copiedFrom.createTime)} (${formatDuration((b.start - b.copiedFrom.createTime) / 1000)} before the copy began)`;
  }
  if (b.grants.length) f['shared with'] = b.grants.join(', ');
  const sharing = t.marks.filter((m) => m.bar === b.key && (m.kind === 'authorize' || m.kind === 'revoke'));
  if (sharing.length) f.sharing = sharing.map((m) => `${MARK_STYLE[m.kind].label} ${m.detail} at ${formatOffset(m.at - t.start)}`).join('; ');
  if (b.deletedAt !== null) f[b.deletedBy === 'DELETE' ? 'deleted' : 'purged'] = `after ${formatDuration((b.deletedAt - b.start) / 1000)}`;
  return f;
}

/** The figures shown when hovering a restore's bar. */
export function restoreFigures(r: Restore, t: Timeline): Record<string, string> {
  const end = r.end ?? t.end;
  const curve = curveOf(r);
  const done = curve.length ? curve[curve.length - 1]![1] : 0;
  const seconds = Math.max(0, (end - r.start) / 1000);
  return {
    restore: `restore of ${r.id}`,
    'from snapshot': `${r.source.account}/${r.source.region}/${r.source.id}`,
    status: restoreStatusOf(r),
    size: formatMb(r.sizeMb),
    requested: iso(r.requestedAt),
    provisioning: formatDuration(Math.max(0, (r.start - r.requestedAt) / 1000)),
    'data transfer from': iso(r.start),
    [r.end === null ? 'running for' : 'took']: formatDuration(seconds),
    transferred: `${formatMb(done)} (${r.sizeMb > 0 ? Math.round((100 * done) / r.sizeMb) : 100}%)`,
    'average rate': seconds > 0 ? `${(done / seconds).toFixed(1)} MB/s` : '–',
  };
}

/** Something drawn as a bar in a lane's rows: a snapshot or a restore. */
interface Span {
  readonly key: string;
  readonly start: number;
  readonly end: number | null;
}

/** Packs bars into rows so that none overlap (in pixels), in start order. */
function packRows(bars: readonly Span[], x: (t: number) => number, end: number): Map<string, number> {
  const rowEnds: number[] = [];
  const rows = new Map<string, number>();
  for (const b of [...bars].sort((a, c) => a.start - c.start || (a.key < c.key ? -1 : 1))) {
    const x0 = x(b.start);
    const x1 = Math.max(x(b.end ?? end), x0 + MIN_BAR) + 3;
    let r = rowEnds.findIndex((e) => e <= x0);
    if (r < 0) r = rowEnds.push(0) - 1;
    rowEnds[r] = x1;
    rows.set(b.key, r);
  }
  return rows;
}

function curvePath(b: Pick<Bar, 'points' | 'start' | 'end'>, totalMb: number, x: (t: number) => number, top: number): string {
  if (totalMb <= 0) return '';
  const pts = curveOf(b).map(([s, mb]) => `${px(x(b.start + s * 1000))},${px(top + BAR_H - (mb / totalMb) * BAR_H)}`);
  return pts.length > 1 ? `<polyline class="progress" points="${pts.join(' ')}"/>` : '';
}

/** A lane's name and the two lines under it. */
function laneLabel(lane: Lane, y: number): string {
  const [name, sub, third] = lane.copiesFrom === null
    ? [lane.id, `${lane.nodes} × ${lane.nodeType}`, `${lane.account} · ${lane.region}`]
    : [`${lane.region} ← ${lane.id}`, `copies from ${lane.copiesFrom}`, lane.account];
  return `<text class="lane-label" x="8" y="${y + 15}">${esc(name)}</text><text class="lane-sub" x="8" y="${y + 29}">${esc(sub)}</text><text class="lane-sub" x="8" y="${y + 42}">${esc(third)}</text>`;
}

/** An AWS event as a tick in its lane's event row: its id, severity and message on hover. */
function eventTickSvg(ev: AwsEventMark, xe: number, y: number): string {
  const title = `${ev.eventId} (${ev.severity}) at ${iso(ev.at)}, ${ev.sourceType} ${ev.sourceId}: ${ev.message}`;
  return `<line class="aws-event" data-event-id="${esc(ev.eventId)}" data-severity="${esc(ev.severity)}" data-source="${esc(ev.sourceId)}" x1="${px(xe)}" x2="${px(xe)}" y1="${px(y)}" y2="${px(y + EVENT_ROW - 4)}" stroke="${EVENT_COLOURS[ev.severity] ?? EVENT_COLOURS.INFO}"><title>${esc(title)}</title></line>`;
}

function markSvg(m: Mark, xm: number, y: number): string {
  const s = MARK_STYLE[m.kind];
  return `<text class="mark mark-${m.kind}" data-kind="${m.kind}" data-bar="${esc(m.bar ?? '')}" x="${px(xm)}" y="${px(y)}" fill="${s.colour}"><title>${esc(`${s.label}: ${m.detail}`)}</title>${s.glyph}</text>`;
}

/** The timeline SVG. */
export function timelineSvg(t: Timeline): string {
  const end = Math.max(t.end, t.start + 60_000);
  const x = timeScale(t.start, end, GUTTER, WIDTH - RIGHT);
  const parts: string[] = [];
  /** Where each bar and restore was drawn: its start x and middle y (for the links). */
  const placed = new Map<string, { x0: number; y: number }>();
  let y = AXIS;
  for (const lane of t.lanes) {
    const bars = t.bars.filter((b) => b.lane === lane.key);
    const restores = t.restores.filter((r) => r.lane === lane.key);
    const alive1 = lane.removedAt ?? end;
    const restoreEnd = (r: Restore) => r.end ?? alive1;
    const rows = packRows([...bars, ...restores.map((r) => ({ key: r.key, start: r.start, end: restoreEnd(r) }))], x, end);
    const nRows = Math.max(1, ...[...rows.values()].map((r) => r + 1));
    const top = y + LANE_HEAD + 8;
    const events = t.awsEvents.filter((ev) => ev.lane === lane.key);
    const h = nRows * ROW + 6 + (events.length > 0 ? EVENT_ROW : 0);
    parts.push(lane.copiesFrom === null ? `<g class="lane" data-cluster="${esc(lane.id)}" data-region="${esc(lane.region)}">` : `<g class="lane lane-copies" data-cluster="${esc(lane.id)}" data-region="${esc(lane.region)}" data-source-region="${esc(lane.copiesFrom)}">`);
    parts.push(laneLabel(lane, y));
    parts.push(`<rect class="lane-bg" x="${px(x(lane.createdAt))}" y="${top - 4}" width="${px(Math.max(1, x(alive1) - x(lane.createdAt)))}" height="${h}"/>`);
    if (lane.readyAt !== null && lane.readyAt > lane.createdAt) parts.push(`<rect class="lane-creating" x="${px(x(lane.createdAt))}" y="${top - 4}" width="${px(Math.max(1, x(lane.readyAt) - x(lane.createdAt)))}" height="${h}"><title>creating</title></rect>`);
    for (const [from, to] of lane.outages) {
      parts.push(`<rect class="outage" x="${px(x(from))}" y="${top - 4}" width="${px(Math.max(2, x(to ?? end) - x(from)))}" height="${h}"><title>${esc(`${lane.id} unavailable for ${formatDuration(((to ?? end) - from) / 1000)}`)}</title></rect>`);
    }
    for (const o of t.regionOutages) {
      if (o.region !== lane.region || o.to <= t.start || o.from >= end) continue;
      const x0 = x(Math.max(o.from, t.start));
      const title = `region ${o.region} down from ${formatOffset(o.from - t.start)} to ${formatOffset(o.to - t.start)} (${formatDuration((o.to - o.from) / 1000)}; a transfer caught fails with p ${o.failure})`;
      parts.push(`<rect class="region-outage" data-region="${esc(o.region)}" data-from="${o.from}" data-to="${o.to}" x="${px(x0)}" y="${top - 4}" width="${px(Math.max(2, x(Math.min(o.to, end)) - x0))}" height="${h}" fill="${REGION_OUTAGE_COLOUR}"><title>${esc(title)}</title></rect>`);
    }
    for (const b of bars) {
      const by = top + rows.get(b.key)! * ROW;
      const x0 = x(b.start);
      const x1 = Math.max(x(b.end ?? end), x0 + MIN_BAR);
      placed.set(b.key, { x0, y: by + BAR_H / 2 });
      const colour = STATUS_COLOURS[statusOf(b)]!;
      const kept = b.end !== null && b.outcome === 'available' ? x(b.deletedAt ?? end) : x1;
      const figures = esc(JSON.stringify(barFigures(b, t)));
      const curve = esc(JSON.stringify(curveOf(b)));
      parts.push(`<g class="bar bar-${statusOf(b)} kind-${b.kind}" data-key="${esc(b.key)}" data-status="${statusOf(b)}" data-figures="${figures}" data-curve="${curve}" data-incremental="${b.incrementalMb}">`);
      if (kept > x1) parts.push(`<line class="kept" x1="${px(x1)}" x2="${px(kept)}" y1="${by + BAR_H / 2}" y2="${by + BAR_H / 2}" stroke="${colour}"/>`);
      parts.push(`<rect class="bar-rect" x="${px(x0)}" y="${by}" width="${px(x1 - x0)}" height="${BAR_H}" rx="2" fill="${colour}"/>`);
      parts.push(curvePath(b, b.incrementalMb, x, by));
      parts.push(`</g>`);
    }
    for (const r of restores) {
      const by = top + rows.get(r.key)! * ROW;
      const x0 = x(r.start);
      const x1 = Math.max(x(restoreEnd(r)), x0 + MIN_BAR);
      placed.set(r.key, { x0, y: by + BAR_H / 2 });
      const status = restoreStatusOf(r);
      const figures = esc(JSON.stringify(restoreFigures(r, t)));
      const curve = esc(JSON.stringify(curveOf(r)));
      parts.push(`<g class="bar restore restore-${status}" data-key="${esc(r.key)}" data-status="${status}" data-figures="${figures}" data-curve="${curve}" data-incremental="${r.sizeMb}">`);
      parts.push(`<rect class="bar-rect restore-rect" x="${px(x0)}" y="${by}" width="${px(x1 - x0)}" height="${BAR_H}" rx="2" fill="${RESTORE_COLOURS[status]!}"/>`);
      parts.push(curvePath(r, r.sizeMb, x, by));
      parts.push(`</g>`);
    }
    for (const m of t.marks.filter((mk) => mk.lane === lane.key)) {
      const row = m.bar ? rows.get(m.bar) : undefined;
      const my = row === undefined ? top + 10 : top + row * ROW + 1; // just above the bar, clear of it
      if (m.kind === 'cluster-delete') parts.push(`<line class="cluster-delete" x1="${px(x(m.at))}" x2="${px(x(m.at))}" y1="${top - 4}" y2="${top - 4 + h}"/>`);
      parts.push(markSvg(m, x(m.at), my));
    }
    if (events.length > 0) {
      const ey = top + nRows * ROW + 2;
      parts.push(`<g class="aws-events">${events.map((ev) => eventTickSvg(ev, x(ev.at), ey)).join('')}</g>`);
    }
    parts.push(`</g>`);
    y = top + h + LANE_GAP;
  }
  // links, over the lanes: each cross-region copy from its source's end; each restore from its snapshot at the request
  const link = (cls: string, fromKey: string, toKey: string, at: number): void => {
    const a = placed.get(fromKey);
    const b = placed.get(toKey);
    if (a && b) parts.push(`<path class="link ${cls}" data-from="${esc(fromKey)}" data-to="${esc(toKey)}" d="M${px(x(at))} ${px(a.y)}L${px(b.x0)} ${px(b.y)}"/>`);
  };
  for (const b of t.bars) if (b.copiedFrom?.bar) link('copy-link', b.copiedFrom.bar, b.key, b.start);
  for (const r of t.restores) if (r.sourceBar) link('restore-link', r.sourceBar, r.key, r.requestedAt);
  const { step, at } = ticks(end - t.start);
  const axis = at.map((o) => `<line class="grid" x1="${px(x(t.start + o))}" x2="${px(x(t.start + o))}" y1="${AXIS - 6}" y2="${y}"/><text class="tick" x="${px(x(t.start + o))}" y="${AXIS - 12}">${tickLabel(o, step)}</text>`);
  return `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${y}" width="${WIDTH}" height="${y}" role="img" aria-label="snapshot timeline">${axis.join('')}${parts.join('')}</svg>`;
}

/** Every backup's and copy's progress (share of its incremental size) against its own elapsed time. */
export function curvesSvg(t: Timeline): string {
  const W = 560;
  const H = 220;
  const L = 46;
  const B = 28;
  const bars = t.bars.filter((b) => b.incrementalMb > 0 && curveOf(b).length > 1);
  const longest = Math.max(60, ...bars.map((b) => ((b.end ?? t.end) - b.start) / 1000));
  const xs = (s: number) => L + (s / longest) * (W - L - 12);
  const ys = (f: number) => H - B - f * (H - B - 10);
  const { step, at } = ticks(longest * 1000, 6);
  const grid = at.map((o) => `<line class="grid" x1="${px(xs(o / 1000))}" x2="${px(xs(o / 1000))}" y1="10" y2="${H - B}"/><text class="tick" x="${px(xs(o / 1000))}" y="${H - B + 16}">${formatDuration(o / 1000)}</text>`);
  void step;
  const yl = [0, 0.5, 1].map((f) => `<text class="tick" x="${L - 6}" y="${px(ys(f) + 4)}" text-anchor="end">${f * 100}%</text><line class="grid" x1="${L}" x2="${W - 12}" y1="${px(ys(f))}" y2="${px(ys(f))}"/>`);
  const lines = bars.map((b) => {
    const pts = curveOf(b).map(([s, mb]) => `${px(xs(s))},${px(ys(mb / b.incrementalMb))}`).join(' ');
    return `<polyline class="curve curve-${statusOf(b)}" data-key="${esc(b.key)}" points="${pts}" stroke="${STATUS_COLOURS[statusOf(b)]}"><title>${esc(b.id)}</title></polyline>`;
  });
  return `<svg id="curves" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="backup progress curves">${grid.join('')}${yl.join('')}${lines.join('')}</svg>`;
}
