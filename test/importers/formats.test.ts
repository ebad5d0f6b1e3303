/**
 * Each export format, rendered from a simulated run as the app writes it (test/importers/render.ts), gives the
 * analysis of the canonical session of the same run within the tolerances: cadence 0.5 spm, pelvic drop
 * 0.3° per side. The streams have their own rates, offsets and jitter; the zips, folders and platforms vary.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openInput } from "../../src/importers/index.js";
import { analyzeFile } from "../../src/pipeline/analyze-file.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { canonicalCsv, instants, renderMetaBase, renderMovesenseLog, renderMovesenseShowcase, renderPhyphox, renderPolarLogger, renderSensorLog, renderSensorLogger, simulateDense, writeFolder, writeZip, type Dense } from "./render.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-formats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let d: Dense;
let want: AnalysisDocument;
let accIdx: number[];
beforeAll(async () => {
  d = simulateDense("weak-abductor", 6, 17);
  accIdx = instants(d, 100, 3, 0.4, 1);
  const canonical = join(dir, "canonical.csv");
  writeFileSync(canonical, canonicalCsv(d, accIdx));
  want = await analyzeFile(canonical);
}, 120_000);

const close = (got: AnalysisDocument): void => {
  expect(got.summary.steps).toBeGreaterThan(0.97 * want.summary.steps);
  expect(Math.abs(got.summary.cadence_spm! - want.summary.cadence_spm!)).toBeLessThan(0.5);
  expect(Math.abs(got.summary.pelvic_drop_deg.left! - want.summary.pelvic_drop_deg.left!)).toBeLessThan(0.3);
  expect(Math.abs(got.summary.pelvic_drop_deg.right! - want.summary.pelvic_drop_deg.right!)).toBeLessThan(0.3);
};

describe("imported exports analyse like the canonical session", () => {
  it("phyphox Android zip (100 Hz accelerometer, 200 Hz gyroscope on other instants)", async () => {
    const zip = join(dir, "phyphox-android.zip");
    await writeZip(zip, renderPhyphox(d, "android", accIdx, instants(d, 200, 1, 0.3, 2)));
    const r = await openInput(zip);
    expect(r.header.notes[0]).toBe("read as phyphox (Android)");
    const got = await analyzeFile(zip);
    close(got);
    expect(got.input.unit_notes.join(" ")).toMatch(/resampled to 100(\.\d)? Hz/);
  }, 120_000);

  it("phyphox iOS folder (÷ 9.81, gyroscope 5 ms after the accelerometer)", async () => {
    const folder = join(dir, "phyphox-ios");
    writeFolder(folder, renderPhyphox(d, "ios", accIdx, instants(d, 100, 8, 0.4, 3)));
    const got = await analyzeFile(folder);
    close(got);
  }, 120_000);

  it("Sensor Logger iOS zip: −(Accelerometer + Gravity), z,y,x columns, ns epoch time", async () => {
    const zip = join(dir, "sensorlogger-ios.zip");
    await writeZip(zip, renderSensorLogger(d, "ios", accIdx, accIdx), "2022-09-16_11-15-46/");
    const got = await analyzeFile(zip);
    close(got);
  }, 120_000);

  it("Sensor Logger Android folder: TotalAcceleration at 100 Hz, gyroscope at 59 Hz", async () => {
    const folder = join(dir, "sensorlogger-android");
    writeFolder(folder, renderSensorLogger(d, "android", accIdx, instants(d, 59, 4, 0.8, 4)));
    const got = await analyzeFile(folder);
    close(got);
  }, 120_000);

  it("MetaBase folder: accelerometer and gyroscope files on their Unix-ms epochs, values to 1 mg and 0.001 deg/s", async () => {
    const folder = join(dir, "metabase");
    writeFolder(folder, renderMetaBase(d, accIdx, instants(d, 100, 4, 0, 5)));
    const r = await openInput(folder);
    expect(r.header.notes[0]).toBe("read as MbientLab MetaBase");
    close(await analyzeFile(folder));
  }, 120_000);

  it("Polar Sensor Logger zip: 104 Hz ACC in mg and GYRO in 0.07 deg/s steps on the sensor's ns clock", async () => {
    const zip = join(dir, "polar.zip");
    const acc104 = instants(d, 104, 2, 0.05, 6);
    await writeZip(zip, renderPolarLogger(d, acc104, acc104.map((i) => i - 0)));
    const r = await openInput(zip);
    expect(r.header.notes[0]).toBe("read as Polar Sensor Logger");
    close(await analyzeFile(zip));
  }, 120_000);

  it("Movesense Showcase IMU CSV (IMU6 rows of 7 fields, integer ms stamps) and DataLogger JSON at 104 Hz", async () => {
    const idx = instants(d, 104, 2, 0, 7);
    const csv = join(dir, "movesense-showcase");
    writeFolder(csv, renderMovesenseShowcase(d, idx));
    expect((await openInput(csv)).header.notes[0]).toBe("read as Movesense Showcase (IMU)");
    close(await analyzeFile(csv));
    const log = join(dir, "MovesenseLog_2_625.json");
    writeFileSync(log, renderMovesenseLog(d, idx)["MovesenseLog_2_625.json"]!);
    expect((await openInput(log)).header.notes[0]).toBe("read as Movesense DataLogger (JSON)");
    close(await analyzeFile(log));
  }, 120_000);

  it("SensorLog iPhone CSV: accelerometer rows at 100 Hz, device motion at 100 Hz on other instants repeated in rows, iOS sign", async () => {
    const file = join(dir, "2023-11-06_09_24_37_my iPhone.csv");
    const motion = instants(d, 100, 6, 0.5, 8);
    writeFileSync(file, renderSensorLog(d, "iphone", accIdx, motion)["2023-11-06_09_24_37_my iPhone.csv"]!);
    const r = await openInput(file);
    expect(r.header.notes[0]).toBe("read as SensorLog");
    // the rendered rows' wall clock is 2023-11-06T07:24:37.756Z at the run's first ms; the stream starts at the later
    // first sample, give or take one 10 ms row
    const start = Date.UTC(2023, 10, 6, 7, 24, 37, 756) + Math.max(accIdx[0]!, motion[0]!);
    expect(Math.abs(Date.parse(r.header.metadata.started_at!) - start)).toBeLessThanOrEqual(10);
    close(await analyzeFile(file));
  }, 120_000);

  it("SensorLog old header without units, device motion only (−(user + gravity)), in a zip", async () => {
    const zip = join(dir, "SensorLogFiles_my_iOS_device_151021_10-15-02.zip");
    const motion = instants(d, 100, 2, 0.3, 9);
    await writeZip(zip, renderSensorLog(d, "motion-only", motion, motion));
    close(await analyzeFile(zip));
  }, 120_000);
});
