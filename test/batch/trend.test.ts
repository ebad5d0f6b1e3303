/**
 * `hipgait trend`: sessions in start-time order, the first-vs-last change worked out by hand on made-up results,
 * bad results skipped with a warning, honest notes with few sessions, the HTML page's chart data, and a folder of
 * session files analysed on the way.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTrend, olsSlope, trendDocumentSchema, welchChange, type TrendSession } from "../../src/batch/trend.js";
import { emptyMetrics } from "../../src/batch/summary.js";
import { formatJson } from "../../src/output/json.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { exampleDocument } from "../output/example-document.js";
import { run, writeSession } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-trend-"));
const results = join(dir, "results");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid analysis document with the given start time and headline numbers. */
function doc(startedAt: string | null, cadence: number, dropL: number, dropR: number, ctL: number, ctR: number): AnalysisDocument {
  const d = exampleDocument();
  return {
    ...d,
    input: { ...d.input, started_at: startedAt },
    summary: { ...d.summary, cadence_spm: cadence, pelvic_drop_deg: { left: dropL, right: dropR }, contact_time_ms: { left: ctL, right: ctR } },
  };
}

// Six weekly sessions whose file names are not in date order, one without a start time, and two bad files.
const WEEKS: Array<[string, string | null, number, number, number]> = [
  // name, started_at, cadence, drop right, contact left
  ["f-first", "2026-01-05T18:00:00+01:00", 170, 8.0, 250],
  ["e-second", "2026-01-12T17:00:00Z", 171, 7.6, 248],
  ["d-third", "2026-01-19T17:00:00Z", 172, 7.8, 252],
  ["c-fourth", "2026-01-26T17:00:00Z", 174, 6.0, 246],
  ["b-fifth", "2026-02-02T17:00:00Z", 175, 5.6, 250],
  ["a-sixth", "2026-02-09T17:00:00Z", 176, 5.8, 248],
  ["0-undated", null, 160, 12, 300],
];

beforeAll(() => {
  mkdirSync(results);
  for (const [name, at, cad, dropR, ctL] of WEEKS) writeFileSync(join(results, `${name}.analysis.json`), `${formatJson(doc(at, cad, 5, dropR, ctL, 251))}\n`);
  writeFileSync(join(results, "broken.analysis.json"), '{"schema": "hipgait/analysis@1", ');
  writeFileSync(join(results, "wrong.analysis.json"), JSON.stringify({ ...doc(null, 170, 5, 5, 250, 250), summary: { ...exampleDocument().summary, cadence_spm: "fast" } }));
  writeFileSync(join(results, "summary.json"), "{}"); // not a results file: never read
});

describe("hipgait trend on a folder of results", () => {
  it("lists the sessions by start time, undated last, and skips bad results with a warning", async () => {
    const r = await run(["trend", results]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      [
        `hipgait trend: warning: skipped ${join(results, "broken.analysis.json")}: not valid JSON (${jsonError('{"schema": "hipgait/analysis@1", ')})`,
        `hipgait trend: warning: skipped ${join(results, "wrong.analysis.json")}: not a hipgait/analysis@1 document (summary.cadence_spm: Invalid input: expected number, received string)`,
        "",
      ].join("\n"),
    );
    const names = r.out.split("\n").slice(1, 8).map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(["f-first", "e-second", "d-third", "c-fourth", "b-fifth", "a-sixth", "0-undated"]);
    expect(r.out).toMatch(/^f-first {2,}2026-01-05 18:00 {2,}32:00 {2,}170\.0 {2,}5\.0 {2,}8\.0 {2,}250 {2,}251 {2}drop L, drop asym {2,}abduction \w+$/m);
    expect(r.out).toMatch(/^0-undated {2,}no date /m);
    expect(r.out).toContain("change, mean of the first 3 sessions vs the last 3, 5.0 weeks apart:\n");
    expect(r.out).toContain("note: 1 session has no start time (started_at): listed last and left out of the change\n");
  });

  it("computes the change from the first three to the last three sessions", async () => {
    const r = await run(["trend", results, "--json"]);
    expect(r.code).toBe(0);
    const t = trendDocumentSchema.parse(JSON.parse(r.out));
    expect(t.sessions.map((s) => s.name)).toEqual(["f-first", "e-second", "d-third", "c-fourth", "b-fifth", "a-sixth", "0-undated"]);
    expect(t.skipped.map((s) => s.file)).toEqual([join(results, "broken.analysis.json"), join(results, "wrong.analysis.json")]);
    const c = t.change!;
    expect(c).toMatchObject({ basis: "dated", group_size: 3, first: ["f-first", "e-second", "d-third"], last: ["c-fourth", "b-fifth", "a-sixth"] });
    // 2026-01-05T17:00Z to 2026-02-09T17:00Z: 35 days
    expect(c.weeks).toBe(5);
    // drop right: first 8.0, 7.6, 7.8 (mean 7.8, SD 0.2), last 6.0, 5.6, 5.8 (mean 5.8, SD 0.2): change −2.0;
    // SE √(0.04/3 + 0.04/3) = 0.16330, Welch df = 4, t(0.975, 4) = 2.77645: interval −2.0 ± 0.45340
    const drop = c.metrics.pelvic_drop_right_deg;
    expect(drop).toMatchObject({ first_mean: 7.8, last_mean: 5.8, first_n: 3, last_n: 3, delta: -2, meaningful: 1, flagged: true });
    expect(drop.ci95![0]).toBeCloseTo(-2.4534, 2);
    expect(drop.ci95![1]).toBeCloseTo(-1.5466, 2);
    // slope: weeks 0..5, Σ(x − x̄)(y − ȳ) = −9.4 over Σ(x − x̄)² = 17.5
    expect(drop.slope_per_week).toBeCloseTo(-9.4 / 17.5, 3);
    expect(drop.slope_n).toBe(6);
    // cadence rose 4 spm, clearly (interval excludes 0), but less than 2.5 % of 171 = 4.275 spm: not flagged
    const cad = c.metrics.cadence_spm;
    expect(cad).toMatchObject({ first_mean: 171, last_mean: 175, delta: 4, meaningful: 4.275, flagged: false });
    expect(cad.ci95![0]).toBeGreaterThan(0);
    // left drop never changed: an interval of zero width, nothing flagged
    expect(c.metrics.pelvic_drop_left_deg).toMatchObject({ delta: 0, ci95: [0, 0], flagged: false });
    expect(c.metrics.contact_time_left_ms).toMatchObject({ first_mean: 250, last_mean: 248, delta: -2, meaningful: 32, flagged: false });
  });

  it("writes an offline HTML page with the sessions' values as chart data", async () => {
    const html = join(dir, "trend.html");
    const r = await run(["trend", results, "--html", html]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${html}: HTML trend (open it in a browser)\n`);
    const page = readFileSync(html, "utf8");
    const data = JSON.parse(/<script type="application\/json" id="hipgait-data">(.*?)<\/script>/s.exec(page)![1]!) as { charts: Array<{ id: string; data: Array<Array<number | null>> }> };
    const chart = (id: string): Array<Array<number | null>> => data.charts.find((c) => c.id === id)!.data;
    // dated sessions only, at their week
    expect(chart("chart-trend-cadence")).toEqual([
      [0, 1, 2, 3, 4, 5],
      [170, 171, 172, 174, 175, 176],
    ]);
    expect(chart("chart-trend-drop")).toEqual([
      [0, 1, 2, 3, 4, 5],
      [5, 5, 5, 5, 5, 5],
      [8, 7.6, 7.8, 6, 5.6, 5.8],
    ]);
    expect(chart("chart-trend-contact")[1]).toEqual([250, 248, 252, 246, 250, 248]);
    // self-contained: uPlot inlined, no file or address fetched; the only address is uPlot's own in its licence
    expect(page).toContain("default-src 'none'");
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(\s*["']?https?:|fetch\(|XMLHttpRequest/);
    expect(new Set(page.match(/https?:\/\/[^\s"'()<>]+/g) ?? [])).toEqual(new Set(["https://github.com/leeoniya/uPlot"]));
    // never replaced without --force
    expect(await run(["trend", results, "--html", html])).toMatchObject({ code: 1, err: `hipgait trend: ${html} exists; pass --force to overwrite it\n` });
    expect((await run(["trend", results, "--html", html, "--force"])).code).toBe(0);
  });

  it("reports a folder without usable results in one line", async () => {
    const bad = join(dir, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "x.analysis.json"), "[]");
    const r = await run(["trend", bad]);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split("\n").at(-1)).toBe(`hipgait trend: ${bad}: no usable analysis results (*.analysis.json) or sessions in this folder`);
    expect(await run(["trend", join(dir, "nowhere")])).toMatchObject({ code: 1, err: `hipgait trend: ${join(dir, "nowhere")}: no such folder\n` });
    expect(await run(["trend"])).toMatchObject({ code: 2, err: "hipgait trend: expected one folder, got none (see `hipgait trend --help`)\n" });
  });
});

/** JSON.parse's message for a text (it differs between Node versions). */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("buildTrend with few sessions", () => {
  const session = (name: string, at: string | null, drop: number): TrendSession => ({ file: name, name, ...emptyMetrics(), started_at: at, pelvic_drop_right_deg: drop });

  it("shows no change for one session, and says why", () => {
    const t = buildTrend([session("a", "2026-01-01T00:00:00Z", 5)], "0.1.0");
    expect(t.change).toBeNull();
    expect(t.notes).toContain("too few sessions to show a change: 1 (at least 2 are needed, and 4 for an interval)");
  });

  it("gives two sessions a change without an interval, and never flags it", () => {
    const t = buildTrend([session("b", "2026-01-08T00:00:00Z", 5), session("a", "2026-01-01T00:00:00Z", 9)], "0.1.0");
    expect(t.change!.metrics.pelvic_drop_right_deg).toMatchObject({ first_mean: 9, last_mean: 5, delta: -4, ci95: null, flagged: false, slope_per_week: null });
    expect(t.notes.some((n) => n.startsWith("one session on each side: the change has no interval"))).toBe(true);
    expect(t.notes).toContain("a slope per week needs at least 4 sessions with a start time");
  });

  it("orders sessions without any start time by name, and says so", () => {
    const t = buildTrend([session("b", null, 5), session("a", null, 9)], "0.1.0");
    expect(t.sessions.map((s) => s.name)).toEqual(["a", "b"]);
    expect(t.change).toMatchObject({ basis: "file order", weeks: null, first: ["a"], last: ["b"] });
  });
});

describe("the statistics", () => {
  it("Welch's interval and the least-squares slope match hand-worked values", () => {
    // a: mean 2, variance 1 (n 3); b: mean 6, variance 10/3 (n 4). SE = √(1/3 + 10/12) = 1.0801;
    // df = 1.1667²/(0.3333²/2 + 0.8333²/3) = 4.74, rounded down to 4
    const w = welchChange([1, 2, 3], [4, 5, 7, 8]);
    expect(w.delta).toBeCloseTo(4, 12);
    const t4 = 2.7764451;
    expect(w.ci95![0]).toBeCloseTo(4 - t4 * Math.sqrt(1 / 3 + 10 / 12), 2);
    expect(w.ci95![1]).toBeCloseTo(4 + t4 * Math.sqrt(1 / 3 + 10 / 12), 2);
    expect(welchChange([1], [2, 3]).ci95).toBeNull();
    expect(welchChange([], [2, 3]).delta).toBeNull();
    // y = 1 + 2x exactly: slope 2, zero-width interval
    expect(olsSlope([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ slope: 2, ci95: [2, 2] });
    expect(olsSlope([0, 1, 2], [1, 3, 5])).toBeNull();
  });
});

describe("hipgait trend on a folder of sessions", () => {
  it("analyses them into DIR/.hipgait-results, orders them by their started_at, and reuses the results next time", async () => {
    const runner = join(dir, "runner");
    mkdirSync(runner);
    // file names in the opposite order of the start times
    await writeSession(join(runner, "a.csv"), { seed: 7, startedAt: "2026-02-16T07:00:00Z", minutes: 1.5 });
    await writeSession(join(runner, "b.csv"), { seed: 8, startedAt: "2026-02-09T07:00:00Z", minutes: 1.5 });
    await writeSession(join(runner, "c.csv"), { seed: 9, startedAt: "2026-02-02T07:00:00Z", minutes: 1.5 });
    const r = await run(["trend", runner, "--json"]);
    expect(r.code, r.err).toBe(0);
    const t = trendDocumentSchema.parse(JSON.parse(r.out));
    expect(t.sessions.map((s) => [s.name, s.started_at])).toEqual([
      ["c", "2026-02-02T07:00:00Z"],
      ["b", "2026-02-09T07:00:00Z"],
      ["a", "2026-02-16T07:00:00Z"],
    ]);
    expect(t.change).toMatchObject({ group_size: 1, first: ["c"], last: ["a"], weeks: 2 });
    expect(existsSync(join(runner, ".hipgait-results", "a.analysis.json"))).toBe(true);
    const again = await run(["trend", runner]);
    expect(again.err.match(/skipped \(results up to date\)/g)).toHaveLength(3);
  });
});
