/**
 * Child process of bench/suite.ts: the cost of each stage of `hipgait analyze FILE` (default summary), measured in
 * one fresh process. Args: FILE [--timing]. Prints one JSON line (StageReport) on stdout.
 *
 * It repeats the steps of analyzeSession (src/pipeline/analyze-file.ts) one stage at a time, on the compiled code
 * in dist/ that the CLI runs (typed against the sources):
 *   parse      the input reader alone, with the options analyzeSession uses
 *   core       Analyzer.push of every block and finish(), on blocks read into memory beforehand (no parsing)
 *   fatigue    fatigueSection
 *   recommend  assessDeficits + recommend
 *   json       the analysis JSON through the streaming writer (as `--json` writes it), into /dev/null
 *   summary    the terminal summary text (the default output), into /dev/null
 * As in the default summary, gait-cycle curves are not gathered (cycleCurves false), so the JSON has none either.
 * With --timing the child only runs the core, with the Analyzer's `timing: true` option, and reports its split
 * into sub-stages (filter, orientation, events, metrics); an Analyzer without that option reports null.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { AnalyzerOptions, SampleColumns } from "../../src/pipeline/analyzer.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";

const dist = (path: string): string => new URL(`../../dist/${path}`, import.meta.url).href;
const { Analyzer } = (await import(dist("pipeline/analyzer.js"))) as typeof import("../../src/pipeline/analyzer.js");
const { openInput } = (await import(dist("importers/index.js"))) as typeof import("../../src/importers/index.js");
const { fatigueSection } = (await import(dist("fatigue/index.js"))) as typeof import("../../src/fatigue/index.js");
const { assessDeficits, recommend } = (await import(dist("recommend/index.js"))) as typeof import("../../src/recommend/index.js");
const { streamJsonDocument } = (await import(dist("output/json.js"))) as typeof import("../../src/output/json.js");
const { formatSummary } = (await import(dist("output/terminal.js"))) as typeof import("../../src/output/terminal.js");
const { ANALYSIS_SCHEMA } = (await import(dist("pipeline/document.js"))) as typeof import("../../src/pipeline/document.js");
const { HIPGAIT_VERSION } = (await import(dist("pipeline/analyze-file.js"))) as typeof import("../../src/pipeline/analyze-file.js");

export interface StageReport {
  rows: number;
  steps: number;
  /** Milliseconds per stage; null for the stages a --timing child skips. */
  parse_ms: number | null;
  core_ms: number;
  fatigue_ms: number | null;
  recommend_ms: number | null;
  json_ms: number | null;
  summary_ms: number | null;
  /** Whether the compiled Analyzer has the timing() method. */
  timingSupported: boolean;
  /** The Analyzer's own split of the core, ms per sub-stage (only with --timing and when supported). */
  split: Record<string, number> | null;
  maxRss_mb: number;
}

/** The options analyzeSession opens its input with. */
const READ_OPTIONS = { blockSize: 8192, reuseBlocks: true };

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: stages-child.ts FILE [--timing]");
  process.exit(2);
}
const timed = process.argv.includes("--timing");
/** Garbage of one stage should not be collected on the next one's clock (the suite runs this with --expose-gc). */
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const now = (): number => performance.now();

interface TimingAnalyzer {
  timing(): Record<string, number> | null;
}
const timingSupported = typeof (Analyzer.prototype as unknown as Partial<TimingAnalyzer>).timing === "function";

// parse: the reader alone
let parse_ms: number | null = null;
if (!timed) {
  gc();
  const t = now();
  const reader = await openInput(file, READ_OPTIONS);
  let rows = 0;
  for await (const b of reader) rows += b.length;
  parse_ms = now() - t;
  if (rows === 0) throw new Error(`${file}: no samples`);
}

// The samples in memory (copies, since the reader reuses its blocks), so that the core is timed without parsing.
const reader = await openInput(file, READ_OPTIONS);
const h = reader.header;
const blocks: SampleColumns[] = [];
for await (const b of reader) {
  const n = b.length;
  blocks.push({
    length: n,
    t_s: b.t_s.slice(0, n),
    ax_g: b.ax_g.slice(0, n),
    ay_g: b.ay_g.slice(0, n),
    az_g: b.az_g.slice(0, n),
    gx_dps: b.gx_dps?.slice(0, n) ?? null,
    gy_dps: b.gy_dps?.slice(0, n) ?? null,
    gz_dps: b.gz_dps?.slice(0, n) ?? null,
  });
}
const stats = reader.stats();
const rate = h.declaredSampleRate_hz;
if (rate === null) throw new Error(`${file}: the bench expects a declared sample rate`);

// core: as analyzeSession builds its Analyzer (no --mount; curves off as in the default summary)
const options: AnalyzerOptions = { sampleRate_hz: rate, frame: h.frame, hasGyro: h.hasGyro, mount: null, cycleCurves: false };
// `timing` is not in AnalyzerOptions until the Analyzer gains it; passed through a widened object meanwhile
const analyzerOptions: AnalyzerOptions & { timing?: boolean } = timed ? { ...options, timing: true } : options;
gc();
let t = now();
const analyzer = new Analyzer(analyzerOptions);
for (const b of blocks) analyzer.push(b);
const result = analyzer.finish();
const core_ms = now() - t;
blocks.length = 0;
const split = timed && timingSupported ? (analyzer as unknown as TimingAnalyzer).timing() : null;

const report: StageReport = {
  rows: stats.rows,
  steps: result.steps.length,
  parse_ms,
  core_ms,
  fatigue_ms: null,
  recommend_ms: null,
  json_ms: null,
  summary_ms: null,
  timingSupported,
  split,
  maxRss_mb: 0,
};

if (!timed) {
  gc();
  t = now();
  const fatigue = fatigueSection(result.steps, result.origin_s, result.cycles, {});
  report.fatigue_ms = now() - t;

  t = now();
  const runner = {};
  const deficits = assessDeficits({ summary: result.summary, straightDrop_deg: result.straightDrop_deg, fatigue: fatigue.report, hasGyro: h.hasGyro, runner });
  const recommendations = recommend(deficits, runner, undefined, file);
  report.recommend_ms = now() - t;

  const doc: AnalysisDocument = {
    schema: ANALYSIS_SCHEMA,
    generator: { name: "hipgait", version: HIPGAIT_VERSION },
    input: {
      file,
      samples: stats.rows,
      sample_rate_hz: Math.round(stats.sampleRate_hz * 1000) / 1000,
      duration_s: Math.round(stats.duration_s * 1000) / 1000,
      gaps: stats.gaps.map(([a, b]) => [Math.round(a * 1000) / 1000, Math.round(b * 1000) / 1000] as [number, number]),
      unit_notes: h.notes,
      warnings: reader.warnings,
      frame: h.frame,
      has_gyro: h.hasGyro,
      started_at: h.metadata.started_at !== undefined && Number.isFinite(Date.parse(h.metadata.started_at)) ? h.metadata.started_at : null,
    },
    calibration: result.calibration,
    summary: result.summary,
    fatigue: fatigue.report,
    deficits,
    recommendations,
    notes: fatigue.note ? [...result.notes, fatigue.note] : result.notes,
    steps: result.steps,
  };

  const devNull = openSync("/dev/null", "w");
  gc();
  t = now();
  await streamJsonDocument(doc, null, (chunk) => {
    writeSync(devNull, chunk);
  });
  report.json_ms = now() - t;

  gc();
  t = now();
  writeSync(devNull, formatSummary(doc, { color: false }));
  report.summary_ms = now() - t;
  closeSync(devNull);
}

report.maxRss_mb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(report)}\n`);
