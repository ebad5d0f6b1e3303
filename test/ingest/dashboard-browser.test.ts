/** The live dashboard in headless chromium: charts fill as metrics arrive; no console errors. Skips without chromium. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startDashboard } from "../../src/ingest/dashboard.js";

const CHROMIUM = "/usr/bin/chromium";
const have = existsSync(CHROMIUM);
if (!have) console.warn(`dashboard browser test skipped: ${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`);

describe.skipIf(!have)("live dashboard in chromium", () => {
  it("draws the live charts and the latest values as metrics stream in", async () => {
    const { chromium } = await import("playwright-core");
    const d = await startDashboard();
    const profile = mkdtempSync(join(tmpdir(), "hipgait-chromium-"));
    const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
    try {
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      for (let i = 0; i < 10; i++) d.publish({ t_s: 10 * i, steps: 28 * i, cadence_spm: 168 + (i % 3), pelvic_drop_deg: { left: 5, right: 8 + i / 10 }, contact_time_ms: { left: 240, right: 246 }, vsStart: null });
      await page.goto(d.url);
      for (let i = 10; i < 40; i++) d.publish({ t_s: 10 * i, steps: 28 * i, cadence_spm: 168 + (i % 3), pelvic_drop_deg: { left: 5, right: 8 + i / 10 }, contact_time_ms: { left: 240, right: 246 }, vsStart: null });
      await page.waitForFunction(() => ((globalThis as unknown as { hipgaitLiveUpdates?: number }).hipgaitLiveUpdates ?? 0) >= 40, null, { timeout: 10_000 });
      expect(await page.$eval("#steps", (e) => e.textContent)).toBe(String(28 * 39));
      expect(await page.$eval("#dr", (e) => e.textContent)).toBe("11.9");
      const inked = await page.$$eval("canvas", (cs) =>
        cs.map((c) => {
          const cv = c as unknown as { width: number; height: number; getContext(k: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
          const px = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
          let n = 0;
          for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
          return n;
        }),
      );
      expect(inked).toHaveLength(2);
      for (const n of inked) expect(n).toBeGreaterThan(1000);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
      await d.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
