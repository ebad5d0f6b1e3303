/**
 * Size of the HTML report and how long Chromium takes to open and draw it, for simulated runs of 10 minutes, 1 hour
 * and 3 hours (issue #6: under 5 MB and under a second for 3 hours). Needs `npm run build` and /usr/bin/chromium.
 * Run: npx tsx bench/report-speed.ts
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { resolveParams, Simulation, simulateToFile } from "../src/sim/index.js";

const root = new URL("..", import.meta.url).pathname;
if (!existsSync("/usr/bin/chromium")) {
  console.error("bench/report-speed: /usr/bin/chromium is needed (apt-get install chromium)");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "hipgait-report-speed-"));
const profile = mkdtempSync(join(tmpdir(), "hipgait-chromium-"));
const ctx = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"], viewport: { width: 1100, height: 900 } });
console.log("session   steps   report KB   open + draw ms (median of 3)");
try {
  for (const minutes of [10, 60, 180]) {
    const csv = join(dir, `run-${minutes}.csv`);
    await simulateToFile(new Simulation(resolveParams("weak-abductor", { minutes, sampleRate_hz: 100, seed: 3, track: true }), "weak-abductor"), { out: csv });
    const html = join(dir, `run-${minutes}.html`);
    const r = spawnSync(process.execPath, [join(root, "bin/hipgait.js"), "analyze", csv, "--html", html, "--json"], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(r.stderr);
    const steps = (JSON.parse(r.stdout) as { summary: { steps: number } }).summary.steps;
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(`file://${html}`);
      await page.waitForFunction(() => (globalThis as unknown as { hipgaitChartsRendered?: number }).hipgaitChartsRendered !== undefined);
      times.push(performance.now() - t0);
      await page.close();
    }
    times.sort((a, b) => a - b);
    console.log(`${String(minutes).padStart(4)} min ${String(steps).padStart(7)} ${(statSync(html).size / 1024).toFixed(0).padStart(11)} ${times[1]!.toFixed(0).padStart(12)}`);
  }
} finally {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
