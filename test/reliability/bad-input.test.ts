/**
 * The bad-input matrix of issue #10, as one table driven through the real CLI entry (`main()` with captured stdout and
 * stderr, the way `bin/hipgait.js` runs it): each row makes an input, runs `hipgait analyze FILE --json`, and checks
 * the exit code and stderr exactly.
 *
 * - A user error (exit 1) prints exactly one line on stderr, `hipgait analyze: FILE[:LINE]: what was expected`, with
 *   no stack trace and nothing on stdout.
 * - A recoverable problem gives exit 0, an empty stderr and the analysis document, whose `input.warnings` hold
 *   exactly the warnings listed (no more) and whose numbers are checked against the simulator's truth where one
 *   exists.
 *
 * Physical cases come from the simulator (2–4 minute runs); the file larger than memory is a 1-hour session
 * analysed by `node --max-old-space-size=64 bin/hipgait.js` in a child process (it needs `npm run build` first, as
 * `npm test` does). test/reliability/MATRIX.md is this table with the behaviour observed; set HIPGAIT_MATRIX_OUT to a
 * file name to have the run write the observed column again.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { createSessionWriter } from "../../src/session/index.js";
import { resolveParams, Simulation, type ParamOverrides, type SimBlock, type SimTruth } from "../../src/sim/index.js";
import { scoreAgainstTruth } from "../support/score.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(join(tmpdir(), "hipgait-bad-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ------------------------------------------------------------------------------------------------ making inputs

/** A file in the temporary folder. */
function path(name: string): string {
  return join(dir, name);
}

function write(name: string, content: string | Buffer): string {
  const p = path(name);
  writeFileSync(p, content);
  return p;
}

/** Simulations by key, so that several rows share one run of the simulator. */
const sims = new Map<string, { blocks: SimBlock[]; truth: SimTruth; rate: number }>();
function simulate(key: string, preset: string, o: ParamOverrides): { blocks: SimBlock[]; truth: SimTruth; rate: number } {
  let s = sims.get(key);
  if (!s) {
    const sim = new Simulation(resolveParams(preset, o), preset);
    const blocks = [...sim.blocks()];
    s = { blocks, truth: sim.truth(), rate: sim.params.sampleRate_hz };
    sims.set(key, s);
  }
  return s;
}

/** One row [t, ax, ay, az, gx, gy, gz] to change in place; return false to leave the row out. */
type RowEdit = (row: Float64Array) => boolean | void;

/** Writes a simulated session through the session writer (as `hipgait simulate` does), each row through `edit`. */
async function writeSim(name: string, s: { blocks: SimBlock[]; rate: number }, edit?: RowEdit, metadata: Record<string, number | string> = {}): Promise<string> {
  const file = path(name);
  const w = await createSessionWriter(file, {
    metadata: { sample_rate_hz: s.rate, sensor: "hipgait-sim", time_unit: "s", acc_unit: "g", gyro_unit: "dps", ...metadata },
    columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"],
    decimals: [6, 5, 5, 5, 3, 3, 3],
  });
  const row = new Float64Array(7);
  for (const b of s.blocks) {
    for (let i = 0; i < b.length; i++) {
      row[0] = b.t_s[i]!;
      row[1] = b.ax_g[i]!;
      row[2] = b.ay_g[i]!;
      row[3] = b.az_g[i]!;
      row[4] = b.gx_dps[i]!;
      row[5] = b.gy_dps[i]!;
      row[6] = b.gz_dps[i]!;
      if (edit?.(row) === false) continue;
      w.writeRow(row);
    }
    await w.flush();
  }
  await w.close();
  return file;
}

/** The shared 2-minute healthy run as text lines, for the rows that break a real file by hand. */
const base = { key: "base", preset: "healthy", o: { minutes: 2, seed: 3 } satisfies ParamOverrides };
let baseLines: string[] | null = null;
async function baseText(): Promise<{ lines: string[]; header: number; truth: SimTruth }> {
  const s = simulate(base.key, base.preset, base.o);
  if (!baseLines) baseLines = readFileSync(await writeSim("base.csv", s), "utf8").split("\n");
  const header = baseLines.findIndex((l) => l.startsWith("t,"));
  return { lines: [...baseLines], header, truth: s.truth };
}

/** The base run with its text edited: `edit` gets the lines and the header's index; returns the file and truth. */
async function editedBase(name: string, edit: (lines: string[], header: number) => void): Promise<Made> {
  const { lines, header, truth } = await baseText();
  edit(lines, header);
  return { file: write(name, lines.join("\n")), truth };
}

/** Replaces field `col` (0 = t) of the data row `row` (0-based, after the header). Returns its 1-based file line. */
function setField(lines: string[], header: number, row: number, col: number, value: string): number {
  const i = header + 1 + row;
  const f = lines[i]!.split(",");
  f[col] = value;
  lines[i] = f.join(",");
  return i + 1;
}

/** Deterministic bytes (xorshift32) with every value 0-255, NUL and newline included. */
function garbage(n: number, seed = 0x9e3779b9): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/** The rotation of a clip over its back: about the body's forward axis (upside-down) or right axis (and backwards). */
const flip = (axis: "forward" | "right"): ParamOverrides => ({ minutes: 4, seed: 12, mountSlip_deg: 180, mountSlipAxis: axis, mountSlipAt: 0.5 });

// ------------------------------------------------------------------------------------------------ checking results

/** Steps of the document and of the truth within [from, to) s. */
function window(doc: AnalysisDocument, truth: SimTruth, from: number, to = Infinity): { doc: AnalysisDocument; truth: SimTruth } {
  const inside = (t: number): boolean => t >= from && t < to;
  return { doc: { ...doc, steps: doc.steps.filter((s) => inside(s.t)) }, truth: { ...truth, steps: truth.steps.filter((s) => inside(s.t)) } };
}

/** Events, sides, cadence and pelvic drop per side within the issue #3 bounds (over the whole run or a window). */
function expectAccurate(doc: AnalysisDocument, truth: SimTruth, opts: { cadence?: boolean; drop_deg?: number; contact_ms?: number } = {}): void {
  const s = scoreAgainstTruth(doc, truth);
  expect(s.recall).toBeGreaterThanOrEqual(0.98);
  expect(s.precision).toBeGreaterThanOrEqual(0.99);
  expect(s.sideCorrect).toBeGreaterThanOrEqual(0.99);
  if (opts.cadence !== false) expect(Math.abs(s.cadenceError_spm)).toBeLessThan(0.5);
  expect(Math.abs(s.contactBias_ms)).toBeLessThan(opts.contact_ms ?? 15);
  const tol = opts.drop_deg ?? 0.7;
  expect(Math.abs(s.dropMeanError_deg.left)).toBeLessThan(tol);
  expect(Math.abs(s.dropMeanError_deg.right)).toBeLessThan(tol);
}

/** The time of the first mounting re-calibration, s. */
function recalibratedAt(doc: AnalysisDocument): number {
  const r = doc.calibration.rechecks.find((c) => c.action === "recalibrated");
  expect(r).toBeDefined();
  return r!.t;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ------------------------------------------------------------------------------------------------ the table

interface Made {
  file: string;
  truth?: SimTruth;
  /** Extra command-line arguments. */
  args?: string[];
  /** Sizes of the files the streaming row analyses (bytes of CSV text), to judge its memory. */
  sizes?: { small: number; large: number; smallFile: string };
}

/** What a run showed: exit code, stdout, stderr, and for the streaming row the memory probe of both runs. */
interface Observed {
  code: number;
  out: string;
  err: string;
  doc?: AnalysisDocument;
  memory?: { small: Probe; large: Probe };
}

interface Probe {
  /** Peak of heapUsed + external (Buffers, typed arrays) over the run, bytes. */
  peak: number;
  maxRss_kb: number;
}

type Expected =
  /** A user error: exit 1 and this one stderr line (the regex is matched against the whole of stderr). */
  | { kind: "error"; exit: 1; stderr: (file: string) => RegExp }
  /**
   * A result: exit 0, nothing on stderr, exactly these warnings (each regex matches one warning, in order, the file
   * name in front), the notes matching `notes` (among others), and `check` on the document.
   */
  | { kind: "result"; exit: 0; warnings: Array<(file: string) => RegExp>; notes?: RegExp[]; check?: (doc: AnalysisDocument, made: Made) => void }
  /** The streaming row: a child process with a small heap. */
  | { kind: "streamed"; exit: 0; check: (o: Observed, made: Made) => void };

interface Case {
  /** The condition, as in the issue's list. */
  name: string;
  /** How the input is made (for MATRIX.md). */
  input: string;
  /** What a runner gets (for MATRIX.md). */
  behaviour: string;
  make: () => Promise<Made>;
  expected: Expected;
}

/** A one-line error regex: `hipgait analyze: FILE[:LINE]: reason` and the end of stderr. */
const oneLine = (line: number | null, reason: string) => (file: string): RegExp => new RegExp(`^hipgait analyze: ${escape(file)}${line === null ? "" : `:${line}`}: ${reason}\\n$`);
const warning = (reason: string) => (file: string): RegExp => new RegExp(`^${escape(file)}${reason}$`);

let lineOf = 0; // the file line a row broke, set by make() for the row's expectation

const CASES: Case[] = [
  // ---- the file as a whole
  {
    name: "empty file",
    input: "0 bytes",
    behaviour: "error",
    make: async () => ({ file: write("empty.csv", "") }),
    expected: { kind: "error", exit: 1, stderr: oneLine(null, escape('empty file; expected optional "# key: value" metadata lines, a header row such as t,ax,ay,az,gx,gy,gz and data rows')) },
  },
  {
    name: "header only",
    input: "the header row and no data",
    behaviour: "error",
    make: async () => ({ file: write("header-only.csv", "t,ax,ay,az,gx,gy,gz\n") }),
    expected: { kind: "error", exit: 1, stderr: oneLine(1, "no data rows after the header") },
  },
  {
    name: "metadata only",
    input: "`# key: value` lines, no header",
    behaviour: "error",
    make: async () => ({ file: write("metadata-only.csv", "# format: hipgait-session/1\n# sample_rate_hz: 200\n") }),
    expected: { kind: "error", exit: 1, stderr: oneLine(null, "no header row; expected a line such as t,ax,ay,az,gx,gy,gz after the metadata") },
  },
  {
    name: "wrong columns",
    input: "the 2-min run with its header renamed to time,x,y,z,gx,gy,gz",
    behaviour: "error",
    make: async () =>
      editedBase("wrong-columns.csv", (l, h) => {
        l[h] = "time,x,y,z,gx,gy,gz";
        lineOf = h + 1;
      }),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, escape("missing required columns ax, ay, az (expected columns t, ax, ay, az and optionally gx, gy, gz)"))(f) },
  },
  {
    name: "duplicate columns",
    input: "header t,ax,ay,az,gx,gy,gz,ax",
    behaviour: "error",
    make: async () =>
      editedBase("duplicate-columns.csv", (l, h) => {
        l[h] = "t,ax,ay,az,gx,gy,gz,ax";
        lineOf = h + 1;
      }),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, escape('duplicate column "ax" (columns 2 and 8)'))(f) },
  },
  {
    name: "non-numeric cell",
    input: "`abc` in ay of data row 20000 (past the 4000-row look-ahead, found while streaming)",
    behaviour: "error; nothing on stdout",
    make: async () => editedBase("non-numeric.csv", (l, h) => void (lineOf = setField(l, h, 20000, 2, "abc"))),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, escape('column ay: expected a number, got "abc"'))(f) },
  },
  {
    name: "NaN",
    input: "`NaN` in az of data row 5000",
    behaviour: "error",
    make: async () => editedBase("nan.csv", (l, h) => void (lineOf = setField(l, h, 5000, 3, "NaN"))),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, escape('column az: expected a number, got "NaN"'))(f) },
  },
  {
    name: "Infinity",
    input: "`-Infinity` in gx of data row 5000",
    behaviour: "error",
    make: async () => editedBase("infinity.csv", (l, h) => void (lineOf = setField(l, h, 5000, 4, "-Infinity"))),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, escape('column gx: expected a number, got "-Infinity"'))(f) },
  },
  {
    name: "empty cell",
    input: "an empty gz field in data row 5000",
    behaviour: "error",
    make: async () => editedBase("empty-cell.csv", (l, h) => void (lineOf = setField(l, h, 5000, 6, ""))),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, "column gz: expected a number, got an empty field")(f) },
  },
  {
    name: "short row",
    input: "data row 9000 cut to 5 fields (not the last line)",
    behaviour: "error",
    make: async () =>
      editedBase("short-row.csv", (l, h) => {
        lineOf = h + 1 + 9000 + 1;
        l[lineOf - 1] = l[lineOf - 1]!.split(",").slice(0, 5).join(",");
      }),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, "expected 7 fields, got 5")(f) },
  },
  {
    name: "duplicate timestamps",
    input: "data row 5000 written twice",
    behaviour: "error (t must increase strictly, docs/session-format.md §3.1)",
    make: async () =>
      editedBase("duplicate-time.csv", (l, h) => {
        const i = h + 1 + 5000;
        l.splice(i, 0, l[i]!);
        lineOf = i + 2;
      }),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, escape("t went from 25.000 to 25.000 s; expected strictly increasing time"))(f) },
  },
  {
    name: "backwards timestamps",
    input: "t of data row 5000 set 0.5 s back (a clock reset)",
    behaviour: "error",
    make: async () => editedBase("backwards-time.csv", (l, h) => void (lineOf = setField(l, h, 5000, 0, "24.500000"))),
    expected: { kind: "error", exit: 1, stderr: (f) => oneLine(lineOf, escape("t went from 24.995 to 24.500 s; expected strictly increasing time"))(f) },
  },
  {
    name: "binary garbage",
    input: "20 kB of pseudo-random bytes (NULs and newlines included)",
    behaviour: "error",
    make: async () => ({ file: write("garbage.csv", garbage(20_000)) }),
    expected: { kind: "error", exit: 1, stderr: oneLine(1, escape("this is not a CSV text file (binary data, or text that is not UTF-8, where the header should be); expected UTF-8 text with a header row such as t,ax,ay,az,gx,gy,gz")) },
  },
  {
    name: "binary garbage after the header",
    input: "a header row, then 20 kB of pseudo-random bytes",
    behaviour: "error at the first garbage row",
    make: async () => ({ file: write("garbage-rows.csv", Buffer.concat([Buffer.from("t,ax,ay,az,gx,gy,gz\n"), garbage(20_000, 7)])) }),
    expected: { kind: "error", exit: 1, stderr: oneLine(2, '(?:expected 7 fields, got \\d+|column t: expected a number, got ".*")') },
  },
  {
    name: "binary garbage with a gzip signature",
    input: "1f 8b and then bytes that are not deflate data, named .csv.gz",
    behaviour: "error",
    make: async () => ({ file: write("garbage.csv.gz", Buffer.concat([Buffer.from([0x1f, 0x8b]), garbage(5000, 3)])) }),
    expected: { kind: "error", exit: 1, stderr: oneLine(null, "not a valid gzip file \\([^)\\n]+\\)") },
  },
  {
    name: "UTF-16 text",
    input: "a valid session saved as UTF-16 (as some spreadsheet programs do)",
    behaviour: "error naming the encoding problem",
    make: async () => ({ file: write("utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("t,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n", "utf16le")])) }),
    expected: { kind: "error", exit: 1, stderr: oneLine(1, escape("this is not a CSV text file (binary data, or text that is not UTF-8, where the header should be); expected UTF-8 text with a header row such as t,ax,ay,az,gx,gy,gz")) },
  },
  {
    name: "sample rate impossible for running analysis",
    input: "declared 200 Hz, but the time column steps at 20 Hz (simulated at 20 Hz)",
    behaviour: "error: the time column is trusted, and 20 Hz is below the 50 Hz the analysis needs",
    make: async () => ({ file: await writeSim("rate-20.csv", simulate("r20", "healthy", { minutes: 1, seed: 5, sampleRate_hz: 20 }), undefined, { sample_rate_hz: 200 }) }),
    expected: { kind: "error", exit: 1, stderr: oneLine(null, escape("the sample rate is 20.0 Hz, outside the 50-4000 Hz the analysis supports; check the file's time column")) },
  },

  // ---- recoverable: a warning or a note, and a result
  {
    name: "large gap",
    input: "the 2-min run with 30 s of rows (40–70 s) removed",
    behaviour: "result; the gap in input.gaps and listed as `no data` among the non-running periods; steps on both sides",
    make: async () => editedBase("gap.csv", (l, h) => void l.splice(h + 1 + 8000, 6000)),
    expected: {
      kind: "result",
      exit: 0,
      warnings: [],
      check: (doc, made) => {
        expect(doc.input.gaps).toEqual([[39.995, 70]]);
        expect(doc.summary.non_running.filter(([, , k]) => k === "no data").map(([a, b]) => [Math.round(a), Math.round(b)])).toEqual([[40, 70]]);
        const truth = made.truth!;
        expectAccurate(doc, { ...truth, steps: truth.steps.filter((s) => s.t < 39.5 || s.t > 70.5) });
      },
    },
  },
  {
    name: "truncated last line",
    input: "the 2-min run with its last 20 bytes cut (no newline at the end)",
    behaviour: "result; warning, the line dropped",
    make: async () =>
      editedBase("truncated.csv", (l) => {
        while (l[l.length - 1] === "") l.pop();
        lineOf = l.length;
        l[l.length - 1] = l[l.length - 1]!.slice(0, -20);
      }),
    expected: { kind: "result", exit: 0, warnings: [(f) => warning(`:${lineOf}: last line is truncated \\(expected 7 fields, got 4\\); dropped it`)(f)], check: (doc, made) => expectAccurate(doc, made.truth!) },
  },
  {
    name: "truncated .csv.gz",
    input: "the 2-min run gzip-compressed and cut to 60 % of its bytes",
    behaviour: "result up to the cut; warnings",
    make: async () => {
      const { lines, truth } = await baseText();
      const gz = gzipSync(lines.join("\n"));
      return { file: write("truncated.csv.gz", gz.subarray(0, Math.floor(gz.length * 0.6))), truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [warning(": the compressed data ends early \\(truncated .gz file\\?\\); read what was there"), warning(":\\d+: last line is cut off where the compressed data ends; dropped it")],
      check: (doc, made) => {
        expect(doc.input.duration_s).toBeGreaterThan(60);
        expect(doc.input.duration_s).toBeLessThan(120);
        const w = window(doc, made.truth!, 0, doc.input.duration_s - 2);
        expectAccurate(w.doc, w.truth, { cadence: false });
      },
    },
  },
  {
    name: "saturated accelerometer",
    input: "3-min run recorded at ±2 g (the simulator's sensor clips at its full scale)",
    behaviour: "result; one warning with the share of clipped samples and the metrics affected",
    make: async () => {
      const s = simulate("acc2g", "healthy", { minutes: 3, seed: 11, accRange_g: 2 });
      expect(s.truth.sensor.saturated_samples).toBeGreaterThan(1000);
      return { file: await writeSim("saturated-acc.csv", s), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [warning(": the accelerometer saturated: 1[0-3] % of the ax samples at \\+2\\.00 g, its full scale; the stance peaks beyond it were cut off, so peak vertical force and vertical oscillation read low, .*record with a range of ±8 g or more")],
      check: (doc, made) => expectAccurate(doc, made.truth!),
    },
  },
  {
    name: "saturated gyroscope",
    input: "3-min run with 12° pelvic drop recorded at ±125 deg/s (clips at ±143)",
    behaviour: "result; one warning naming the pelvic angles",
    make: async () => {
      const s = simulate("gyro125", "healthy", { minutes: 3, seed: 11, gyroRange_dps: 125, fresh: { pelvicDropLeft_deg: 12, pelvicDropRight_deg: 12 } });
      return { file: await writeSim("saturated-gyro.csv", s), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [warning(": the gyroscope saturated: \\d+ % of the gz samples at \\+143 and −143 deg/s, its full scale; the pelvis turned faster than it measures, so the pelvic angles \\(drop, rotation, tilt\\) are unreliable; .*")],
      // events and cadence are untouched; the drop reads low by a fraction of a degree here
      check: (doc, made) => expectAccurate(doc, made.truth!, { drop_deg: 1 }),
    },
  },
  {
    name: "sensor stops mid-run (file ends)",
    input: "3-min run cut at 100 s, in the middle of a line (battery died)",
    behaviour: "result for the 100 s recorded; warning for the cut line",
    make: async () => {
      const s = simulate("stop", "healthy", { minutes: 3, seed: 18 });
      const file = await writeSim("stops.csv", s, (r) => r[0]! < 100);
      const text = readFileSync(file, "utf8");
      writeFileSync(file, `${text}100.000000,1.0`);
      lineOf = text.split("\n").length;
      return { file, truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [(f) => warning(`:${lineOf}: last line is truncated \\(expected 7 fields, got 2\\); dropped it`)(f)],
      check: (doc, made) => {
        expect(doc.input.duration_s).toBeCloseTo(100, 0);
        const w = window(doc, made.truth!, 0, 99.5);
        expectAccurate(w.doc, w.truth, { cadence: false });
      },
    },
  },
  {
    name: "sensor stops mid-run (zeros)",
    input: "3-min run whose every channel reads 0 from 100 s on, time running on",
    behaviour: "result for the first 100 s; warning naming the frozen stretch",
    make: async () => {
      const s = simulate("stop", "healthy", { minutes: 3, seed: 18 });
      return { file: await writeSim("zeros.csv", s, (r) => void (r[0]! >= 100 && r.fill(0, 1))), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [warning(": the sensor output froze \\(every channel repeating one value\\) for 100\\.\\d s: 100\\.0–200\\.\\d s \\(all zero\\); no steps can be found there \\(did the sensor stop or lose power while the logger ran on\\?\\)")],
      check: (doc, made) => {
        expect(doc.steps.filter((s) => s.t > 100.5)).toEqual([]);
        const w = window(doc, made.truth!, 0, 99.5);
        expectAccurate(w.doc, w.truth, { cadence: false });
      },
    },
  },
  {
    name: "sensor stops mid-run (stuck value)",
    input: "3-min run repeating its sample at 100 s until the end",
    behaviour: "result for the first 100 s; warning naming the frozen stretch",
    make: async () => {
      const s = simulate("stop", "healthy", { minutes: 3, seed: 18 });
      let stuck: Float64Array | null = null;
      const edit: RowEdit = (r) => {
        if (r[0]! < 100) return;
        stuck ??= r.slice();
        r.set(stuck.subarray(1), 1);
      };
      return { file: await writeSim("stuck.csv", s, edit), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [warning(": the sensor output froze \\(every channel repeating one value\\) for 100\\.\\d s: 100\\.0–200\\.\\d s; no steps can be found there .*")],
      check: (doc) => expect(doc.steps.filter((s) => s.t > 100.5)).toEqual([]),
    },
  },
  {
    name: "standing only",
    input: "2 min of quiet standing (simulated)",
    behaviour: "exit 0, no steps, one note saying what the recording holds",
    make: async () => {
      const s = simulate("stand", "healthy", { minutes: 0.05, seed: 14, standStart_s: 120, standEnd_s: 0 });
      return { file: await writeSim("standing.csv", s, (r) => r[0]! < 118) };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [],
      notes: [/^no running steps were found: the recording holds 118 s of standing; hipgait analyses running only \(walking is recognised but not analysed\)$/],
      check: (doc) => {
        expect(doc.steps).toEqual([]);
        expect(doc.summary.cadence_spm).toBeNull();
        expect(doc.notes.join(" ")).not.toMatch(/confidence is low|too little running/);
      },
    },
  },
  {
    name: "walking only",
    input: "2.5 min of walking at 112 spm (simulated, the running lead-in cut off)",
    behaviour: "exit 0, no running steps, one note",
    make: async () => {
      const s = simulate("walk", "healthy", { minutes: 2.55, seed: 15, standStart_s: 0, standEnd_s: 0, walkEvery_min: 0.05, walkBreak_s: 150 });
      return { file: await writeSim("walking.csv", s, (r) => r[0]! > 8) };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [],
      notes: [/^no running steps were found: the recording holds 1[45]\d s of walking or other movement; hipgait analyses running only/],
      check: (doc) => {
        expect(doc.steps).toEqual([]);
        expect(doc.notes).toHaveLength(1);
      },
    },
  },
  {
    name: "clip flipped upside-down halfway",
    input: "4-min weak-abductor run; at 2 min the clip rolls 180° about the body's forward axis in 1 s",
    behaviour: "result; the up re-check re-calibrates (note); drop per side as the truth before and after, sides right",
    make: async () => {
      const s = simulate("flip-fwd", "weak-abductor", flip("forward"));
      return { file: await writeSim("flipped.csv", s), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [],
      notes: [/^the sensor turned over on the belt at about 1[45]\d s \(its up axis moved by 1[78]\d°, as when the clip is flipped upside-down\); the mounting was re-calibrated/],
      check: (doc, made) => {
        const t = recalibratedAt(doc);
        expect(t).toBeGreaterThan(130);
        expect(t).toBeLessThan(150);
        const before = window(doc, made.truth!, 0, 129);
        const after = window(doc, made.truth!, t + 5);
        expectAccurate(before.doc, before.truth, { cadence: false });
        expectAccurate(after.doc, after.truth, { cadence: false });
      },
    },
  },
  {
    name: "clip flipped upside-down and backwards halfway",
    input: "as above, rolled 180° about the body's right axis (the clip then faces backwards too)",
    behaviour: "result; one re-calibration fixes up and forward",
    make: async () => {
      const s = simulate("flip-right", "weak-abductor", flip("right"));
      return { file: await writeSim("flipped-back.csv", s), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [],
      notes: [/^the sensor turned over on the belt at about 1[45]\d s/],
      check: (doc, made) => {
        const t = recalibratedAt(doc);
        expect(doc.calibration.rechecks.filter((c) => c.action === "recalibrated")).toHaveLength(1);
        const after = window(doc, made.truth!, t + 5);
        expectAccurate(after.doc, after.truth, { cadence: false });
      },
    },
  },
  {
    name: "belt slip",
    input: "4-min weak-abductor run; at 2 min the clip turns 60° about the body's up axis",
    behaviour: "result; the heading re-check re-calibrates (note); drop per side as the truth after it",
    make: async () => {
      const s = simulate("slip", "weak-abductor", { minutes: 4, seed: 13, mountSlip_deg: 60, mountSlipAt: 0.5 });
      return { file: await writeSim("slip.csv", s), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [],
      notes: [/^the sensor turned on the belt by about 60° at 1[45]\d s; the mounting was re-calibrated/],
      check: (doc, made) => {
        const after = window(doc, made.truth!, recalibratedAt(doc) + 5);
        expectAccurate(after.doc, after.truth, { cadence: false });
      },
    },
  },
  {
    name: "sample rate far off the declared one (slower)",
    input: "2-min run sampled at 100 Hz, its metadata saying sample_rate_hz: 200",
    behaviour: "result at the measured 100 Hz; warning",
    make: async () => {
      const s = simulate("r100", "healthy", { minutes: 2, seed: 3, sampleRate_hz: 100 });
      return { file: await writeSim("rate-declared-200.csv", s, undefined, { sample_rate_hz: 200 }), truth: s.truth };
    },
    expected: {
      kind: "result",
      exit: 0,
      warnings: [warning(": metadata sample_rate_hz is 200 Hz but the time column steps at 100 Hz \\(median step 0\\.0100 s\\); using the time column's 100 Hz")],
      check: (doc, made) => {
        expect(doc.input.sample_rate_hz).toBeCloseTo(100, 3);
        expect(doc.input.gaps).toEqual([]);
        expectAccurate(doc, made.truth!);
      },
    },
  },
  {
    name: "sample rate far off the declared one (faster)",
    input: "the 2-min 200 Hz run, its metadata saying sample_rate_hz: 100",
    behaviour: "result at the measured 200 Hz; warning",
    make: async () => editedBase("rate-declared-100.csv", (l) => void (l[l.indexOf("# sample_rate_hz: 200")] = "# sample_rate_hz: 100")),
    expected: {
      kind: "result",
      exit: 0,
      warnings: [warning(": metadata sample_rate_hz is 100 Hz but the time column steps at 200 Hz \\(median step 0\\.00500 s\\); using the time column's 200 Hz")],
      check: (doc, made) => {
        expect(doc.input.sample_rate_hz).toBeCloseTo(200, 3);
        expectAccurate(doc, made.truth!);
      },
    },
  },
  {
    name: "file larger than memory (streamed)",
    input: "a 1-hour 200 Hz session (728 k rows, 43 MB of CSV, 14 MB .csv.gz: a simulated 130 s repeated), and its first 6.5 min",
    behaviour: "exit 0 under a 64 MB V8 heap; memory grows far less than the file",
    make: async () => {
      const s = simulate("chunk", "healthy", { minutes: 2, seed: 31, standStart_s: 5, standEnd_s: 5 });
      const n = s.blocks.reduce((a, b) => a + b.length, 0);
      const chunk_s = n / s.rate;
      const repeat = async (name: string, times: number): Promise<{ file: string; bytes: number }> => {
        const file = path(name);
        const w = await createSessionWriter(file, { metadata: { sample_rate_hz: 200, time_unit: "s", acc_unit: "g", gyro_unit: "dps" }, columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"], decimals: [6, 5, 5, 5, 3, 3, 3] });
        const row = new Float64Array(7);
        for (let k = 0; k < times; k++) {
          for (const b of s.blocks) {
            for (let i = 0; i < b.length; i++) {
              row.set([b.t_s[i]! + k * chunk_s, b.ax_g[i]!, b.ay_g[i]!, b.az_g[i]!, b.gx_dps[i]!, b.gy_dps[i]!, b.gz_dps[i]!]);
              w.writeRow(row);
            }
            await w.flush();
          }
        }
        await w.close();
        return { file, bytes: gunzipSync(readFileSync(file)).length };
      };
      const small = await repeat("short.csv.gz", 3);
      const large = await repeat("hour.csv.gz", 28);
      expect(statSync(large.file).size).toBeLessThan(20e6);
      return { file: large.file, truth: s.truth, sizes: { small: small.bytes, large: large.bytes, smallFile: small.file } };
    },
    expected: {
      kind: "streamed",
      exit: 0,
      check: (o, made) => {
        expect(o.out).toMatch(/^input +1:00:40\.\d \(3640\.\d s\), 728084 samples at 200 Hz/m);
        const steps = Number(/^steps +(\d+) counted/m.exec(o.out)?.[1]);
        expect(Math.abs(steps - 28 * made.truth!.summary.running_steps)).toBeLessThan(28 * 3);
        const { small, large } = o.memory!;
        const sizes = made.sizes!;
        // A reader that held the text, or the samples, would grow by at least the size of the CSV text; the
        // streaming reader grows by the per-step results only (about 0.6 kB a step).
        expect(large.peak - small.peak).toBeLessThan(0.5 * (sizes.large - sizes.small));
        expect(large.peak).toBeLessThan(sizes.large);
      },
    },
  },
];

// ------------------------------------------------------------------------------------------------ running

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function runCli(argv: string[]): Promise<Observed> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = { stdout, stderr };
  const code = await main(argv, io);
  return { code, out: stdout.text, err: stderr.text };
}

const run = promisify(execFile);

/** `node --max-old-space-size=64 bin/hipgait.js analyze FILE` with a probe of its peak memory. */
async function runChild(file: string): Promise<Observed & { probe: Probe }> {
  const probe = path("probe.mjs");
  const out = path(`probe-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    probe,
    [
      'import { writeFileSync } from "node:fs";',
      "let peak = 0;",
      "const sample = () => { const m = process.memoryUsage(); peak = Math.max(peak, m.heapUsed + m.external); };",
      "setInterval(sample, 10).unref();",
      "process.on('exit', () => { sample(); writeFileSync(process.env.HIPGAIT_PROBE_OUT, JSON.stringify({ peak, maxRss_kb: process.resourceUsage().maxRSS })); });",
    ].join("\n"),
  );
  let code = 0, stdout = "", stderr = "";
  try {
    const r = await run(process.execPath, ["--max-old-space-size=64", "--import", probe, join(ROOT, "bin/hipgait.js"), "analyze", file], { env: { ...process.env, HIPGAIT_PROBE_OUT: out, NO_COLOR: "1" }, maxBuffer: 1 << 24 });
    stdout = r.stdout;
    stderr = r.stderr;
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    code = typeof x.code === "number" ? x.code : -1;
    stdout = x.stdout ?? "";
    stderr = x.stderr ?? "";
  }
  const probeResult = JSON.parse(readFileSync(out, "utf8")) as Probe;
  return { code, out: stdout, err: stderr, probe: probeResult };
}

const observed: Array<{ c: Case; o: Observed; ms: number }> = [];

describe("bad-input matrix (issue #10): hipgait analyze on each input", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const t0 = performance.now();
      const made = await c.make();
      const e = c.expected;
      let o: Observed;
      if (e.kind === "streamed") {
        const small = await runChild(made.sizes!.smallFile);
        const large = await runChild(made.file);
        expect(small.code).toBe(0);
        o = { code: large.code, out: large.out, err: large.err, memory: { small: small.probe, large: large.probe } };
      } else {
        o = await runCli(["analyze", made.file, "--json", ...(made.args ?? [])]);
      }
      observed.push({ c, o, ms: performance.now() - t0 });
      // never a stack trace, never an internal error
      expect(o.err).not.toContain("\n    at ");
      expect(o.err).not.toContain("internal error");
      expect(o.code).toBe(e.exit);
      if (e.kind === "error") {
        expect(o.out).toBe("");
        expect(o.err.split("\n")).toHaveLength(2); // one line and its newline
        expect(o.err).toMatch(e.stderr(made.file));
        return;
      }
      expect(o.err).toBe("");
      if (e.kind === "streamed") {
        e.check(o, made);
        return;
      }
      const doc = JSON.parse(o.out) as AnalysisDocument;
      o.doc = doc;
      const warnings = doc.input.warnings;
      expect(warnings, `warnings: ${JSON.stringify(warnings)}`).toHaveLength(e.warnings.length);
      e.warnings.forEach((w, i) => expect(warnings[i]).toMatch(w(made.file)));
      for (const n of e.notes ?? []) expect(doc.notes.some((x) => n.test(x)), `a note matching ${n} among ${JSON.stringify(doc.notes)}`).toBe(true);
      e.check?.(doc, made);
    });
  }
});

afterAll(() => {
  const target = process.env.HIPGAIT_MATRIX_OUT;
  if (!target) return;
  const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const shown = (o: Observed): string => {
    const tmp = (s: string): string => s.split(dir + "/").join("");
    if (o.code !== 0) return `exit ${o.code}: \`${tmp(o.err.trim())}\``;
    if (o.memory) {
      const mb = (b: number): string => (b / 1e6).toFixed(0);
      return `exit 0: \`${tmp(/^steps .*$/m.exec(o.out)?.[0] ?? "")}\`; peak heap+external ${mb(o.memory.small.peak)} MB (6.5 min) → ${mb(o.memory.large.peak)} MB (1 h), max RSS ${(o.memory.large.maxRss_kb / 1024).toFixed(0)} MB`;
    }
    const d = o.doc;
    if (!d) return `exit ${o.code}`;
    const facts = [`${d.summary.steps} steps`, d.summary.cadence_spm === null ? "cadence n/a" : `${d.summary.cadence_spm} spm`];
    if (d.summary.pelvic_drop_deg.left !== null) facts.push(`drop L/R ${d.summary.pelvic_drop_deg.left.toFixed(1)}/${d.summary.pelvic_drop_deg.right?.toFixed(1)}°`);
    const said = [...d.input.warnings.map((w) => `warning: ${tmp(w)}`), ...d.notes.filter((n) => !/too short to compare/.test(n)).map((n) => `note: ${n}`)];
    return `exit 0: ${facts.join(", ")}${said.length ? `; ${said.map((s) => `\`${s}\``).join("; ")}` : "; no warning"}`;
  };
  const rows = observed.map(({ c, o, ms }) => `| ${cell(c.name)} | ${cell(c.input)} | ${cell(c.behaviour)} | ${cell(shown(o))} | ${(ms / 1000).toFixed(1)} |`);
  writeFileSync(target, ["| condition | input | expected | observed | s |", "|---|---|---|---|---|", ...rows, ""].join("\n"));
});
