/**
 * The report page: one self-contained HTML file (inline CSS, SVG and script; no network) with the
 * timeline, the progress-curve overlay, a legend, the run's figures, and a hover card per bar
 * (snapshots, cross-region copies and restores alike).
 */
import { formatDuration, formatOffset } from '../format/duration.ts';
import { runStats } from './metrics.ts';
import { esc } from './scale.ts';
import { curvesSvg, EVENT_COLOURS, MARK_STYLE, REGION_OUTAGE_COLOUR, RESTORE_COLOURS, STATUS_COLOURS, timelineSvg } from './svg.ts';
import type { Timeline } from './timeline.ts';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  title: string;
}

const CSS = `
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:20px;color:#1d232a;background:#fafbfc}
h1{font-size:19px;margin:0 0 4px}.sub{color:#5b6670;margin-bottom:14px}
.panel{background:#fff;border:1px solid #dde2e7;border-radius:6px;padding:12px;margin-bottom:14px;overflow-x:auto}
.row{display:flex;gap:14px;flex-wrap:wrap}.row .panel{flex:1 1 auto}
svg text{font:11px system-ui,sans-serif}
.tick{fill:#6b7680;text-anchor:middle}.grid{stroke:#eef1f4}
.lane-label{font-weight:600;font-size:12px}.lane-sub{fill:#6b7680;font-size:10.5px}
.lane-bg{fill:#f1f4f7}.lane-creating{fill:#e3e8ee}.outage{fill:#f4b8b0;opacity:.75}
.cluster-delete{stroke:#c0392b;stroke-dasharray:3 2}
.bar{cursor:pointer}.bar-rect{stroke:#0003;stroke-width:.6}.kind-automated .bar-rect{opacity:.72}
.kind-copy .bar-rect{stroke:#7a4fd0;stroke-width:1.6}.kind-final .bar-rect{stroke:#000;stroke-width:1.6}
.kind-region-copy .bar-rect{stroke:#7a4fd0;stroke-width:1.6;stroke-dasharray:5 2}
.restore .bar-rect{stroke:#0b3d4f;stroke-width:1.4;stroke-dasharray:3 2}.restore-failed .bar-rect{stroke:#4a0000;stroke-width:2}
.region-outage{opacity:.55}.link{fill:none;stroke:#7a4fd0;stroke-width:1.2;stroke-dasharray:2 2;pointer-events:none}.restore-link{stroke:#136f8c}
.bar:hover .bar-rect{stroke:#000;stroke-width:2}
.progress{fill:none;stroke:#fff;stroke-width:1.3;opacity:.95}.kept{stroke-width:2;opacity:.45}
.mark{font-size:12px;text-anchor:middle;font-weight:700}
.curve{fill:none;stroke-width:1.2;opacity:.6}.curve:hover{stroke-width:3;opacity:1}
.aws-event{stroke-width:2}.aws-event:hover{stroke-width:4}
table.events{border-collapse:collapse;font-size:12px}table.events th{text-align:left;color:#5b6670;font-weight:600;padding:2px 10px 2px 0}table.events td{padding:2px 10px 2px 0;vertical-align:top}table.events .sev-ERROR{color:#d64545;font-weight:600}
table.figs{border-collapse:collapse}table.figs td{padding:2px 10px 2px 0;vertical-align:top}table.figs td:first-child{color:#5b6670}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-right:4px}
#tip{position:fixed;pointer-events:none;background:#fff;border:1px solid #9aa5b1;border-radius:6px;padding:8px 10px;box-shadow:0 4px 14px #0002;display:none;font-size:12px;max-width:340px;z-index:9}
#tip h3{margin:0 0 4px;font-size:13px}
`;

const SCRIPT = `
(function(){
  var tip=document.getElementById('tip');
  function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]})}
  function spark(curve,inc){
    if(!curve.length||inc<=0)return'';
    var W=300,H=70,T=curve[curve.length-1][0]||1,pts=curve.map(function(p){return(6+p[0]/T*(W-12)).toFixed(1)+','+(H-6-p[1]/inc*(H-12)).toFixed(1)}).join(' ');
    return '<svg width="'+W+'" height="'+H+'" style="display:block;margin-top:6px;background:#f6f8fa;border-radius:4px"><polyline points="'+pts+'" fill="none" stroke="#3b7dd8" stroke-width="2"/></svg><div style="color:#6b7680">progress over the backup\\'s duration</div>';
  }
  function show(g,e){
    var f=JSON.parse(g.getAttribute('data-figures')),c=JSON.parse(g.getAttribute('data-curve')),rows='';
    for(var k in f)if(k!=='snapshot'&&k!=='restore')rows+='<tr><td>'+esc(k)+'</td><td>'+esc(f[k])+'</td></tr>';
    tip.innerHTML='<h3>'+esc(f.snapshot!==undefined?f.snapshot:f.restore)+'</h3><table class="figs">'+rows+'</table>'+spark(c,+g.getAttribute('data-incremental'));
    tip.style.display='block';move(e);
  }
  function move(e){var x=e.clientX+14,y=e.clientY+14;if(x+350>innerWidth)x=e.clientX-354;if(y+tip.offsetHeight>innerHeight)y=innerHeight-tip.offsetHeight-4;tip.style.left=x+'px';tip.style.top=Math.max(4,y)+'px'}
  document.querySelectorAll('#timeline .bar').forEach(function(g){
    g.addEventListener('mouseenter',function(e){show(g,e)});g.addEventListener('mousemove',move);
    g.addEventListener('mouseleave',function(){tip.style.display='none'});
  });
})();
`;

/** How many AWS events the report's table lists (the timeline's ticks show them all). */
export const EVENT_TABLE_LIMIT = 500;

/** The table of the AWS events the run published (DescribeEvents' view), oldest first; none without events. */
function eventsPanel(t: Timeline): string {
  if (t.awsEvents.length === 0) return '';
  const rows = t.awsEvents.slice(0, EVENT_TABLE_LIMIT).map(
    (e) =>
      `<tr class="aws-event-row" data-event-id="${esc(e.eventId)}"><td>${esc(formatOffset(e.at - t.start))}</td><td>${esc(e.eventId)}</td><td class="sev-${esc(e.severity)}">${esc(e.severity)}</td><td>${esc(`${e.sourceType} ${e.sourceId}`)}</td><td>${esc(`${e.account} · ${e.region}`)}</td><td>${esc(e.message)}</td></tr>`,
  );
  const more = t.awsEvents.length - rows.length;
  return `<div class="panel"><b>AWS events</b> (what DescribeEvents and event subscriptions showed, oldest first)
<table class="events"><tr><th>time</th><th>event</th><th>severity</th><th>source</th><th>account · region</th><th>message</th></tr>${rows.join('')}</table>${more > 0 ? `<div class="sub">… and ${more} more</div>` : ''}</div>`;
}

/** Renders the report of a timeline as one HTML document. */
export function renderReport(t: Timeline, opts: ReportOptions): string {
  const s = runStats(t);
  const sorted = [...s.durations].sort((a, b) => a - b);
  const q = (p: number) => (sorted.length ? formatDuration(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!) : '–');
  const figures: [string, string][] = [
    ['seed', String(t.seed)],
    ['virtual span', `${formatOffset(t.end - t.start)} from ${new Date(t.start).toISOString().replace('.000Z', 'Z')}`],
    ['clusters', String(s.clusters)],
    ['backups', `${s.backups}: ${s.completed} completed, ${s.failed} failed, ${s.cancelled} cancelled, ${s.running} running`],
    ['backup time', `p50 ${q(0.5)} · p95 ${q(0.95)} · max ${q(1)}`],
    ['failure rate', `${(s.failureRate * 100).toFixed(1)}%`],
    ['outages', String(s.outages)],
    ['sharing', `${s.authorizations} authorized · ${s.revocations} revoked`],
    ['copies · deletes · purges', `${s.copies} · ${s.deletions} · ${s.purges}`],
  ];
  if (s.restores > 0) figures.push(['restores', `${s.restores}: ${s.restoresCompleted} completed, ${s.restoresFailed} failed`]);
  if (s.regionCopies + s.regionCopiesSkipped > 0) {
    const c = [...s.regionCopyDurations].sort((a, b) => a - b);
    const cq = (p: number) => (c.length ? formatDuration(c[Math.min(c.length - 1, Math.ceil(p * c.length) - 1)]!) : '–');
    figures.push(['region copies', `${s.regionCopies}: ${s.regionCopiesCompleted} completed, ${s.regionCopiesFailed} failed · ${s.regionCopiesSkipped} skipped`]);
    figures.push(['region copy time', `p50 ${cq(0.5)} · p95 ${cq(0.95)} · max ${cq(1)}`]);
  }
  if (s.regionOutages > 0) figures.push(['region outages', String(s.regionOutages)]);
  if (t.awsEvents.length > 0) figures.push(['AWS events', `${t.awsEvents.length}: ${t.awsEvents.filter((e) => e.severity === 'ERROR').length} ERROR`]);
  const legend = [
    ...Object.entries(STATUS_COLOURS).map(([k, c]) => `<span><i class="sw" style="background:${c}"></i>${k}</span>`),
    ...Object.entries(MARK_STYLE).map(([, m]) => `<span style="color:${m.colour};font-weight:700">${m.glyph}</span><span>${esc(m.label)}</span>`),
    ...Object.entries(RESTORE_COLOURS).map(([k, c]) => `<span><i class="sw" style="background:${c};outline:1px dashed #0b3d4f"></i>restore ${k}</span>`),
    '<span><i class="sw" style="background:#f4b8b0"></i>outage</span>',
    `<span><i class="sw" style="background:${REGION_OUTAGE_COLOUR}"></i>region outage</span>`,
    ...Object.entries(EVENT_COLOURS).map(([k, c]) => `<span><i class="sw" style="background:${c};width:3px"></i>AWS event ${k} (row at a lane's foot)</span>`),
    '<span>thin line: kept until deleted · white line: progress curve · light bars: automated · purple border: copy (dashed: to another region, linked to its source) · black border: final</span>',
  ].join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)} — snapsim report</title><style>${CSS}</style></head>
<body>
<h1>${esc(opts.title)}</h1>
<div class="sub">snapsim report · seed ${t.seed} · ${s.clusters} cluster(s), ${t.bars.length} snapshot(s)${t.restores.length ? `, ${t.restores.length} restore(s)` : ''} · hover a bar for its figures</div>
<div class="panel legend">${legend}</div>
<div class="panel">${timelineSvg(t)}</div>
<div class="row">
<div class="panel"><b>Backup progress</b> (share of each backup's incremental size over its own elapsed time; flat stretches are stalls)<br>${curvesSvg(t)}</div>
<div class="panel"><b>Figures</b><table class="figs">${figures.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table></div>
</div>
${eventsPanel(t)}
<div id="tip"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}
