/**
 * `--columns` / `--units`: any delimited file with a user mapping. A simulated run written with foreign column
 * names, m/s², rad/s, milliseconds, semicolons and the iOS sign analyses like the canonical session (cadence 0.5 spm,
 * pelvic drop 0.3° per side); mapping mistakes are one-line errors naming the file, the flag or the column.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { UsageError, UserError } from "../../src/core/errors.js";
import { openInput } from "../../src/importers/index.js";
import { analyzeFile } from "../../src/pipeline/analyze-file.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { canonicalCsv, instants, simulateDense, type Dense } from "./render.js";

const G = 9.80665;
const RAD = Math.PI / 180;
const dir = mkdtempSync(join(tmpdir(), "hipgait-generic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let d: Dense;
let idx: number[];
let want: AnalysisDocument;
beforeAll(async () => {
  d = simulateDense("weak-abductor", 6, 23);
  idx = instants(d, 100, 3, 0.4, 9);
  const canonical = join(dir, "canonical.csv");
  writeFileSync(canonical, canonicalCsv(d, idx));
  want = await analyzeFile(canonical);
}, 120_000);

/** A logger's file: epoch milliseconds, m/s² with the iOS sign (−1 g up at rest), rad/s, semicolons, extra columns. */
function foreignCsv(withGyro: boolean): string {
  const t0 = Date.UTC(2026, 2, 14, 7, 30);
  const head = ["Timestamp [ms]", "Temp", "Acc X (m/s^2)", "Acc Y (m/s^2)", "Acc Z (m/s^2)", ...(withGyro ? ["Gyr X (rad/s)", "Gyr Y (rad/s)", "Gyr Z (rad/s)"] : [])];
  const lines = [head.join(";")];
  for (const i of idx) {
    const row = [String(t0 + i), "21.5", ...[d.ax[i]!, d.ay[i]!, d.az[i]!].map((v) => (-v * G).toFixed(5))];
    if (withGyro) row.push(...[d.gx[i]!, d.gy[i]!, d.gz[i]!].map((v) => (v * RAD).toFixed(6)));
    lines.push(row.join(";"));
  }
  return `${lines.join("\n")}\n`;
}

const MAP = "t=Timestamp [ms],ax=Acc X (m/s^2),ay=Acc Y (m/s^2),az=Acc Z (m/s^2),gx=Gyr X (rad/s),gy=Gyr Y (rad/s),gz=Gyr Z (rad/s)";
const UNITS = "t=ms,acc=mps2,gyro=rads,acc_sign=-1";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

describe("a delimited file read with --columns and --units", () => {
  it("analyses like the canonical session, through the CLI", async () => {
    const file = join(dir, "logger.csv");
    writeFileSync(file, foreignCsv(true));
    const r = await cli(["analyze", file, "--columns", MAP, "--units", UNITS, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as AnalysisDocument;
    expect(got.summary.steps).toBeGreaterThan(0.97 * want.summary.steps);
    expect(Math.abs(got.summary.cadence_spm! - want.summary.cadence_spm!)).toBeLessThan(0.5);
    expect(Math.abs(got.summary.pelvic_drop_deg.left! - want.summary.pelvic_drop_deg.left!)).toBeLessThan(0.3);
    expect(Math.abs(got.summary.pelvic_drop_deg.right! - want.summary.pelvic_drop_deg.right!)).toBeLessThan(0.3);
    expect(got.input.unit_notes.join(" ")).toContain("time in ms, acceleration in mps2 (sign flipped), rotation rate in rads");
  }, 120_000);

  it("decodes units exactly: first sample in g and deg/s, time from 0", async () => {
    const file = join(dir, "logger-units.csv");
    writeFileSync(file, foreignCsv(true));
    const r = await openInput(file, { columns: MAP, units: UNITS });
    const it = r[Symbol.asyncIterator]();
    const first = (await it.next()).value!;
    const i0 = idx[0]!;
    expect(first.t_s[0]).toBeCloseTo(0, 9);
    expect(first.ax_g[0]).toBeCloseTo(d.ax[i0]!, 4); // 1e-5 m/s² rounding ≈ 1e-6 g
    expect(first.az_g[0]).toBeCloseTo(d.az[i0]!, 4);
    expect(first.gy_dps![0]).toBeCloseTo(d.gy[i0]!, 3); // 1e-6 rad/s ≈ 6e-5 deg/s
    await it.return?.();
    r.close();
  });

  it("accelerometer-only mapping: events and cadence, angles unavailable", async () => {
    const file = join(dir, "acc-only.csv");
    writeFileSync(file, foreignCsv(false));
    const got = await analyzeFile(file, { input: { columns: "t=Timestamp [ms],ax=Acc X (m/s^2),ay=Acc Y (m/s^2),az=Acc Z (m/s^2)", units: "t=ms,acc=mps2,acc_sign=-1" } });
    expect(got.input.has_gyro).toBe(false);
    expect(Math.abs(got.summary.cadence_spm! - want.summary.cadence_spm!)).toBeLessThan(0.5);
    expect(got.summary.pelvic_drop_deg.left).toBeNull();
  }, 120_000);

  it("rejects mapping mistakes with one line naming the flag, file or column", async () => {
    const file = join(dir, "logger-bad.csv");
    writeFileSync(file, foreignCsv(true));
    await expect(openInput(file, { columns: "t=Timestamp [ms],ax=Acc X (m/s^2),ay=Acc Y (m/s^2),az=AccZ" })).rejects.toThrow(new UserError(`${file}:1: no column "AccZ" for az (columns: Timestamp [ms], Temp, Acc X (m/s^2), Acc Y (m/s^2), Acc Z (m/s^2), Gyr X (rad/s), Gyr Y (rad/s), Gyr Z (rad/s))`));
    await expect(openInput(file, { columns: "t=a,ax=b,ay=c" })).rejects.toThrow(UsageError);
    await expect(openInput(file, { columns: "t=a,ax=b,ay=c,az=d,gx=e" })).rejects.toThrow(/give all of gx, gy, gz or none/);
    await expect(openInput(file, { columns: "t=a,ax=b,ay=c,az=d,q=e" })).rejects.toThrow(/unknown key "q"/);
    await expect(openInput(file, { columns: MAP, units: "acc=furlongs" })).rejects.toThrow(/--units: "acc=furlongs": expected/);
    const usage = await cli(["analyze", file, "--units", "t=ms"]);
    expect(usage).toMatchObject({ code: 2, out: "" });
    expect(usage.err).toMatch(/^hipgait analyze: --units needs --columns\n$/);
    const both = await cli(["analyze", file, "--format", "phyphox", "--columns", MAP]);
    expect(both.code).toBe(2);
    expect(both.err.split("\n").filter(Boolean)).toHaveLength(1);
    const wrongTime = await cli(["analyze", file, "--columns", MAP]); // ms read as s: 0.1 Hz
    expect(wrongTime).toMatchObject({ code: 1, out: "" });
    expect(wrongTime.err).toBe(`hipgait analyze: ${file}: the sample rate is 0.10 Hz, outside the 50-4000 Hz the analysis supports; is the time column in ms? (--units t=ms)\n`);
    const wrongAcc = await cli(["analyze", file, "--columns", MAP, "--units", "t=ms,gyro=rads"]); // m/s² read as g
    expect(wrongAcc).toMatchObject({ code: 1, out: "" });
    expect(wrongAcc.err).toMatch(new RegExp(`^hipgait analyze: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the median \\|acceleration\\| is \\d+\\.\\d+ g, not about 1 g: is it in m/s² \\(--units acc=mps2\\)\\?\n$`));
  }, 120_000);
});
