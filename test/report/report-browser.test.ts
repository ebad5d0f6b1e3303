/**
 * The HTML report in a real browser (issue #6): Debian's chromium driven by playwright-core opens the report of the
 * bundled sample run from a file, and every chart must have drawn (a canvas with non-blank pixels), the headline
 * numbers must equal the JSON document's, the console must stay free of errors, and a phone-width page must not
 * scroll sideways. A screenshot is kept in test-artifacts/. Skips, saying so, only where /usr/bin/chromium is
 * absent; .ci/run installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";

const CHROMIUM = "/usr/bin/chromium";
const have = existsSync(CHROMIUM);
if (!have) console.warn(`report browser test skipped: ${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`);

const dir = mkdtempSync(join(tmpdir(), "hipgait-report-"));
const html = join(dir, "sample.html");
const json = join(dir, "sample.json");
const root = new URL("../..", import.meta.url).pathname;

class Sink extends Writable {
  override _write(_c: Buffer | string, _e: BufferEncoding, cb: (e?: Error | null) => void): void {
    cb();
  }
}

beforeAll(async () => {
  const code = await main(["analyze", join(root, "fixtures/sample-run.csv.gz"), "--html", html, "--out", json], { stdout: new Sink(), stderr: new Sink() });
  expect(code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!have)("HTML report in chromium", () => {
  it("draws every chart, shows the JSON's headline numbers, logs no errors and fits a phone", async () => {
    const { chromium } = await import("playwright-core");
    const profile = mkdtempSync(join(tmpdir(), "hipgait-chromium-"));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
      viewport: { width: 1100, height: 900 },
    });
    try {
      const page = await ctx.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("request", (r) => {
        if (!r.url().startsWith("file://")) requests.push(r.url());
      });
      await page.goto(`file://${html}`);
      await page.waitForFunction(() => (globalThis as unknown as { hipgaitChartsRendered?: number }).hipgaitChartsRendered !== undefined, null, { timeout: 15_000 });

      const plots = await page.$$eval(".plot", (els) => els.map((e) => ({ id: e.id, rendered: e.getAttribute("data-rendered") })));
      expect(plots.map((p) => p.id)).toEqual(["chart-cadence", "chart-drop", "chart-contact", "chart-cycle"]);
      expect(plots.every((p) => p.rendered === "1")).toBe(true);
      // each chart's canvas has drawn pixels (not just a blank bitmap)
      const inked = await page.$$eval(".plot canvas", (canvases) =>
        canvases.map((c) => {
          // (no DOM types in this project's compiler settings: the canvas's shape, spelled out)
          const cv = c as unknown as { width: number; height: number; getContext(k: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
          const d = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
          return n;
        }),
      );
      expect(inked).toHaveLength(4);
      for (const n of inked) expect(n).toBeGreaterThan(2000);
      // every chart has axis labels with units (uPlot draws them on the canvas from these specs) and a legend
      // with a cursor read-out
      const specs = await page.$eval("#hipgait-data", (e) => (JSON.parse(e.textContent ?? "{}") as { charts: Array<{ xLabel: string; yLabel: string; series: unknown[] }> }).charts);
      for (const c of specs) {
        expect(c.xLabel).toMatch(/\((min|%)\)$/);
        expect(c.yLabel).toMatch(/\((spm|deg|ms)\)$/);
        expect(c.series.length).toBeGreaterThanOrEqual(2);
      }
      const legends = await page.$$eval(".plot .u-legend", (els) => els.length);
      expect(legends).toBe(4);
      await page.hover("#chart-drop .u-over", { position: { x: 200, y: 60 } });
      const readout = await page.$eval("#chart-drop .u-legend", (e) => e.textContent ?? "");
      expect(readout).toMatch(/left stance\s*:?\s*-?[\d.]+ °/); // the value under the cursor

      const doc = JSON.parse(readFileSync(json, "utf8")) as AnalysisDocument;
      const shown = await page.$$eval("[data-metric]", (els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-metric"), (e.textContent ?? "").trim()])));
      const s = doc.summary;
      expect(shown["cadence_spm"]).toBe(`${s.cadence_spm!.toFixed(1)} spm`);
      expect(shown["pelvic_drop_deg.left"]).toBe(`${s.pelvic_drop_deg.left!.toFixed(1)} deg`);
      expect(shown["pelvic_drop_deg.right"]).toBe(`${s.pelvic_drop_deg.right!.toFixed(1)} deg`);
      expect(shown["contact_time_ms.left"]).toBe(`${s.contact_time_ms.left!.toFixed(0)} ms`);
      expect(shown["contact_time_ms.right"]).toBe(`${s.contact_time_ms.right!.toFixed(0)} ms`);
      expect(shown["steps"]).toBe(String(s.steps));
      expect(shown["leading_deficit"]).toContain(doc.deficits[0]!.function);

      mkdirSync(join(root, "test-artifacts"), { recursive: true });
      await page.screenshot({ path: join(root, "test-artifacts/report.png"), fullPage: true });

      // a phone: no sideways scrolling, charts still drawn
      await page.setViewportSize({ width: 390, height: 800 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => { const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number }; return g.document.documentElement.scrollWidth - g.innerWidth; });
      expect(overflow).toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(root, "test-artifacts/report-phone.png"), fullPage: false });

      expect(errors).toEqual([]);
      expect(requests).toEqual([]); // offline: nothing but the file itself
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
