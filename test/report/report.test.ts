/**
 * The HTML report, rendered in headless Chromium (Debian's `chromium`, driven by playwright-core):
 * lanes, bars coloured by status with progress curves, and marks for authorizations, revocations,
 * copies and deletions are on the page, hovering a bar shows its figures, and nothing is fetched
 * from the network; a DR run (region-outage-dr) draws its copies lane, copy and restore bars
 * linked to their sources and the region outage band, and hovering the restore shows its figures.
 * Saves screenshots to test-output/report.png and report-dr.png. Fails (never skips) when
 * chromium is missing: CI installs it.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/report/timeline.ts';
import { renderReport } from '../../src/report/html.ts';
import { loadScenario, runScenario, defineScenario } from '../../src/scenario/index.ts';

/** A short story that produces every kind of mark, plus a failure and an outage. */
const story = defineScenario({
  name: 'report-demo',
  config: { faults: { clusterOutage: 0.5, backupFailure: 0.25, outageSeconds: [600, 1800] } },
  run(ctx) {
    ctx.cluster('prod', { nodes: 2, automatedRetention: 1 });
    ctx.cluster('analytics', { nodes: 4 });
    ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'prod', SnapshotIdentifier: 'before-deploy' });
    ctx.waitForBackup('before-deploy');
    // Faults may fail a backup: retry until there is something to copy and to share.
    let auto: string | undefined;
    for (let h = 9; auto === undefined && h < 48; h += 8) {
      ctx.advanceTo(`${h}h`);
      auto = ctx.snapshots({ SnapshotType: 'automated', ClusterIdentifier: 'prod' }).find((s) => s.Status === 'available')?.SnapshotIdentifier;
    }
    if (auto) ctx.call('CopyClusterSnapshot', { SourceSnapshotIdentifier: auto, TargetSnapshotIdentifier: 'keep-1' });
    for (let i = 1; i <= 6; i++) {
      ctx.call('CreateClusterSnapshot', { ClusterIdentifier: 'analytics', SnapshotIdentifier: `q4-export-${i}` });
      if (ctx.waitForBackup(`q4-export-${i}`)?.Status !== 'available') continue;
      ctx.call('AuthorizeSnapshotAccess', { SnapshotIdentifier: `q4-export-${i}`, AccountWithRestoreAccess: '210987654321' });
      ctx.advance('4h');
      ctx.call('RevokeSnapshotAccess', { SnapshotIdentifier: `q4-export-${i}`, AccountWithRestoreAccess: '210987654321' });
      break;
    }
    ctx.call('DeleteClusterSnapshot', { SnapshotIdentifier: 'before-deploy' });
    ctx.advanceTo('1d18h');
  },
});

const chromiumPath = (): string => {
  try {
    return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  } catch {
    throw new Error('chromium is not installed: run `apt-get install -y chromium` (CI installs it in .ci/run)');
  }
};

let browser: BrowserContext;
let html: string;

beforeAll(async () => {
  const result = runScenario(story, { seed: 4 });
  html = renderReport(buildTimeline(result.sim.entries()), { title: 'report-demo (seed 4)' });
  // A fresh profile each run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'snapsim-chromium-')), {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1260, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report', () => {
  it('is self-contained: no external URL to load', () => {
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('renders lanes, bars, progress curves and every kind of mark; hovering a bar shows its figures', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    const file = resolve('test-output', 'report.html');
    mkdirSync('test-output', { recursive: true });
    writeFileSync(file, html);
    await page.goto(pathToFileURL(file).href);

    expect(await page.locator('#timeline .lane').count()).toBe(2);
    expect(await page.locator('#timeline .lane-label').allTextContents()).toEqual(['prod', 'analytics']);
    const bars = await page.locator('#timeline .bar').count();
    expect(bars).toBeGreaterThan(5);
    expect(await page.locator('#timeline .bar polyline.progress').count()).toBeGreaterThan(0);
    expect(await page.locator('#curves polyline.curve').count()).toBeGreaterThan(0);
    for (const kind of ['authorize', 'revoke', 'copy', 'delete']) expect(await page.locator(`#timeline .mark-${kind}`).count(), kind).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#timeline .bar-available').count()).toBeGreaterThan(0);

    const shared = await page.locator('#timeline .mark-authorize').first().getAttribute('data-bar');
    await page.locator(`#timeline .bar[data-key="${shared}"] .bar-rect`).hover({ force: true });
    const tip = page.locator('#tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.innerText();
    expect(text).toMatch(/q4-export-\d/);
    expect(text).toMatch(/sharing\s+authorized 210987654321 at d\d.*revoked 210987654321/);
    expect(text).toMatch(/incremental/);
    expect(text).toMatch(/average rate/);
    expect(await tip.locator('svg polyline').count()).toBe(1);
    await page.mouse.move(5, 5);

    await page.screenshot({ path: 'test-output/report.png', fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  });

  it('draws a DR run: the copies lane, copy and restore bars with links, the region outage band; hovering a restore shows its figures', async () => {
    const dr = runScenario(await loadScenario('scenarios/region-outage-dr.ts'), { seed: 3 });
    const page = await browser.newPage();
    const file = resolve('test-output', 'report-dr.html');
    mkdirSync('test-output', { recursive: true });
    writeFileSync(file, renderReport(buildTimeline(dr.sim.entries()), { title: 'region-outage-dr (seed 3)' }));
    await page.goto(pathToFileURL(file).href);

    expect(await page.locator('#timeline .lane-label').allTextContents()).toEqual(['prod', 'us-west-2 ← prod', 'prod']);
    expect(await page.locator('#timeline .lane-copies .kind-region-copy').count()).toBeGreaterThan(0);
    expect(await page.locator('#timeline .copy-link').count()).toBe(await page.locator('#timeline .kind-region-copy').count());
    expect(await page.locator('#timeline .restore-link').count()).toBe(1);
    expect(await page.locator('#timeline .region-outage[data-region="us-east-1"]').count()).toBe(1);

    await page.locator('#timeline .restore .bar-rect').hover({ force: true });
    const tip = page.locator('#tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.innerText();
    expect(text).toMatch(/^restore of prod/);
    expect(text).toMatch(/from snapshot\s+123456789012\/us-west-2\/rs:prod-/);
    expect(text).toMatch(/status\s+completed/);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: 'test-output/report-dr.png', fullPage: true });
    await page.close();
  });
});
