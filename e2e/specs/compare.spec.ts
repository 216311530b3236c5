// The analyst's story "Where does the student depart from its teacher?", in a real Chromium against the real core
// (browser mode): the synthetic city mapped with the demo model (teacher) and a tiny CNN trained here for a minute
// (student), their comparison opened, swiped, seen side by side and as a difference, and a cross-tab cell found on
// the map. Pixel checks: each side of the swipe is drawn from its own map, and panning one synchronised view moves
// the other.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToRgb, LCZ_CLASSES } from '../../src/shared/lcz-classes';
import { CompareDriver, type Rgb } from '../drivers/compare';
import { LczApp } from '../drivers/lcz-app';
import { MappingDriver } from '../drivers/mapping';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';
import { trainStudentBundle } from '../helpers/student-bundle';

const skipReason = chromiumMissing();

const colourOf = (value: number): Rgb => hexToRgb(LCZ_CLASSES[value - 1]!.color);
const HIGHLIGHT: Rgb = [255, 0, 255];

describe.skipIf(skipReason)('Comparing a teacher\'s and a student\'s map of a city', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let app: LczApp;
  let mapping: MappingDriver;
  let compare: CompareDriver;
  let consoleErrors: string[];
  let studentDir: string;

  beforeAll(async () => {
    server = await startTestServer();
    studentDir = await trainStudentBundle(server.workspace, server.workspace);
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    app = new LczApp(page);
    mapping = new MappingDriver(page);
    compare = new CompareDriver(page);
    await app.waitForMap();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The comparison folders in the workspace that hold a complete comparison. */
  const comparisons = () => readdirSync(join(server.workspace, 'comparisons')).filter((d) => readdirSync(join(server.workspace, 'comparisons', d)).includes('comparison.json'));

  it('maps the synthetic city with the teacher and the student in one click, and opens their comparison', { timeout: 600_000 }, async () => {
    // The Compare view's two maps are made when it is first shown, not at every start of the app.
    expect(await compare.mapCanvasCount()).toBe(0);
    await mapping.useDemoScene();
    const dirs = await mapping.modelDirs(2);
    const teacherDir = dirs.find((d) => d.includes(join('resources', 'demo', 'bundle')));
    expect(teacherDir, dirs.join('\n')).toBeDefined();
    expect(dirs).toContain(studentDir);
    await compare.choosePair(teacherDir!, studentDir);
    await compare.mapTeacherAndStudent();
    await compare.closeDock();

    expect(await compare.activeView()).toBe('compare');
    expect(await compare.mapCanvasCount()).toBe(2);
    expect(await compare.pairSteps()).toEqual(['Teacher: succeeded', 'Student: succeeded', 'Comparison: succeeded']);
    const maps = await compare.comparedMaps();
    expect(maps.a).toMatch(/^Teacher: Demo CNN/);
    expect(maps.b).toMatch(/^Student: Tiny CNN/);
    expect(maps.truth).toMatch(/truth/);
    expect(await compare.syntheticNotice()).toMatch(/synthetic/i);

    // The numbers on screen are comparison.json's.
    const [folder] = comparisons();
    const file = JSON.parse(readFileSync(join(server.workspace, 'comparisons', folder!, 'comparison.json'), 'utf8')) as {
      agreement: number; kappa: number; quantityDisagreement: number; allocationDisagreement: number; truth: { a: { oa: number }; b: { oa: number } };
    };
    const shown = await compare.numbers();
    expect(shown.agreement).toBeCloseTo(file.agreement, 3);
    expect(shown.kappa).toBeCloseTo(file.kappa, 3);
    expect(shown.quantity).toBeCloseTo(file.quantityDisagreement, 3);
    expect(shown.allocation).toBeCloseTo(file.allocationDisagreement, 3);
    expect(shown.oa![0]).toBeCloseTo(file.truth.a.oa, 3);
    expect(shown.oa![1]).toBeCloseTo(file.truth.b.oa, 3);
    // A student that learned something, and is not its teacher.
    expect(file.agreement).toBeGreaterThan(0.3);
    expect(file.agreement).toBeLessThan(0.99);
    const pontius = await compare.pontius();
    expect(pontius.agreement + pontius.quantity + pontius.allocation).toBeCloseTo(1, 9);
    expect(await compare.areaBars()).toBeGreaterThan(4);
    await screenshot(page, 'c01-compare-swipe');
  });

  it('swipes: left of the divider is the teacher\'s map, right of it the student\'s, and the divider moves with a drag', async () => {
    await compare.setMode('swipe');
    await compare.zoom(2); // cells of several pixels, so a point lies well inside one
    const box = await compare.mapBox();
    const divider = await compare.dividerX();
    expect(divider).toBeCloseTo(box.x + box.width / 2, -1);

    // Points where the two maps' own canvases show different colours: the screen must show A's left of the divider, B's right of it.
    const left = await compare.twoColourPoints(box.x + 40, divider - 30, 3);
    const right = await compare.twoColourPoints(divider + 30, box.x + box.width - 60, 3);
    expect(left.length).toBeGreaterThan(0);
    expect(right.length).toBeGreaterThan(0);
    await screenshot(page, 'c02-swipe-zoomed');
    for (const point of left) {
      const classes = await compare.classesAt(point);
      // The canvases' colours are the classes the core reads in each map there.
      expect(point.a).toEqual(colourOf(classes.a));
      expect(point.b).toEqual(colourOf(classes.b));
      expect(await compare.screenColour(point)).toEqual(point.a);
    }
    for (const point of right) {
      const classes = await compare.classesAt(point);
      expect(point.a).toEqual(colourOf(classes.a));
      expect(point.b).toEqual(colourOf(classes.b));
      expect(await compare.screenColour(point)).toEqual(point.b);
    }
    await page.mouse.move(2, 2);

    // Dragged to the right, the divider leaves those right-hand points on A's side.
    await compare.dragDivider(0.95);
    expect(await compare.dividerAt()).toBeGreaterThan(0.9);
    for (const point of right.filter((p) => p.x < box.x + box.width * 0.93)) expect(await compare.screenColour(point)).toEqual(point.a);
    await screenshot(page, 'c03-swipe-dragged');
    await compare.dragDivider(0.5);
  });

  it('side by side: panning one view moves the other, and the cursor is linked', async () => {
    await compare.setMode('side-by-side');
    const before = await compare.cameras();
    expect(before.b.lon).toBeCloseTo(before.a.lon, 9);
    expect(before.b.lat).toBeCloseTo(before.a.lat, 9);
    // Same place in both views: wherever the maps agree, the pixels at the same spot of each view are the same.
    const sameBefore = await compare.sameViewShare();
    expect(sameBefore).toBeGreaterThan(0.3);
    const pixelsBefore = await compare.checksums();

    await compare.pan('a', -160, -90);
    const after = await compare.cameras();
    expect(Math.abs(after.a.lon - before.a.lon) + Math.abs(after.a.lat - before.a.lat)).toBeGreaterThan(1e-4);
    expect(after.b.lon).toBeCloseTo(after.a.lon, 9);
    expect(after.b.lat).toBeCloseTo(after.a.lat, 9);
    expect(after.b.zoom).toBeCloseTo(after.a.zoom, 9);
    const pixelsAfter = await compare.checksums();
    expect(pixelsAfter.b).not.toBe(pixelsBefore.b); // B's view moved too…
    expect(await compare.sameViewShare()).toBeGreaterThan(0.3); // …to the same place as A's

    // The reading under the pointer names both maps' classes; over A, B's view marks the same spot.
    const still = await compare.checksums();
    const aBox = (await page.getByTestId('compare-map-a').boundingBox())!;
    const classes = await compare.classesAt({ x: aBox.x + aBox.width * 0.5, y: aBox.y + aBox.height * 0.55 });
    expect(classes.a).toBeGreaterThanOrEqual(1);
    expect(classes.b).toBeGreaterThanOrEqual(1);
    expect((await compare.settled(still)).b).not.toBe(still.b);
    await screenshot(page, 'c04-side-by-side');
    await page.mouse.move(2, 2);
    await compare.zoom(-2); // the whole city again for what follows
  });

  it('shows the difference: agreement faded, disagreement coloured by class pair, with a legend', async () => {
    await compare.setMode('difference');
    const pairs = await compare.legendPairs();
    expect(pairs.length).toBeGreaterThan(0);
    // The legend's largest pairs are on the map in their colours: where one is painted, A holds its first class and B its second.
    let checked = 0;
    for (const pair of pairs.slice(0, 3)) {
      expect(await compare.countColour('a', hexToRgb(pair.color)), `LCZ ${pair.a} -> ${pair.b}`).toBeGreaterThan(0);
      const spot = await compare.findColour('a', hexToRgb(pair.color), 1);
      if (!spot) continue; // only single cells of it, none with a pixel of margin
      expect(await compare.classesAt(spot)).toEqual({ a: pair.a, b: pair.b });
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    await page.mouse.move(2, 2);
    await screenshot(page, 'c05-difference');
  });

  it('finds the cells of a cross-tab cell on the map', async () => {
    const cells = await compare.crossTab();
    const largest = cells.filter((c) => c.a !== c.b).sort((x, y) => y.cells - x.cells)[0]!;
    expect(largest.cells).toBeGreaterThan(0);
    await compare.clickCrossTab(largest.a, largest.b);
    const selection = await compare.selection();
    expect(selection).toMatchObject({ a: largest.a, b: largest.b });
    expect(selection!.text).toContain(`${largest.cells.toLocaleString('en-US')} cells`);
    expect(await compare.countColour('a', HIGHLIGHT)).toBeGreaterThan(0);
    const spot = await compare.findColour('a', HIGHLIGHT, 1);
    expect(spot).not.toBeNull();
    expect(await compare.classesAt(spot!)).toEqual({ a: largest.a, b: largest.b });
    await page.mouse.move(2, 2);
    await screenshot(page, 'c06-crosstab-highlight');

    // In the swipe too, both maps show the highlight.
    await compare.setMode('swipe');
    expect(await compare.countColour('a', HIGHLIGHT)).toBeGreaterThan(0);
    expect(await compare.countColour('b', HIGHLIGHT)).toBeGreaterThan(0);
    await screenshot(page, 'c07-swipe-highlight');
    await compare.clearSelection();
    expect(await compare.countColour('a', HIGHLIGHT)).toBe(0);
  });

  it('compares two results picked in the Results tab, the truth suggested', { timeout: 180_000 }, async () => {
    const [folder] = comparisons();
    const { inputs } = JSON.parse(readFileSync(join(server.workspace, 'comparisons', folder!, 'comparison.json'), 'utf8')) as { inputs: { a: { path: string }; b: { path: string } } };
    const first = await compare.openDialogFromResults();
    expect(first.truth).toMatch(/synthetic-city-truth\.tif$/);
    expect([first.a, first.b].sort()).toEqual([inputs.a.path, inputs.b.path].sort());
    await screenshot(page, 'c08-compare-dialog');
    // The other way round: the student's grid is counted on.
    await compare.chooseInDialog(inputs.b.path, inputs.a.path);
    await compare.submitDialog();
    expect(await compare.activeView()).toBe('compare');
    const maps = await compare.comparedMaps();
    expect(maps.a).toMatch(/^Student/);
    expect(maps.b).toMatch(/^Teacher/);
    expect(await compare.listed()).toHaveLength(2);
    expect(comparisons()).toHaveLength(2);
    expect(consoleErrors).toEqual([]);
  });
});
