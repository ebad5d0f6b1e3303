/**
 * SensorLog golden samples (test/fixtures/importers/sensorlog/, hand-written in the layout documented in
 * src/importers/formats/sensorlog.ts, not app exports): the decoded streams are the file's numbers converted to g
 * and deg/s with the Android sign, on the file's own since-boot stamps, with placeholder and repeated rows skipped.
 * Values compare within 1e-12 (only a sign flip and × 180/π apply); stamps within 1e-9 s.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { openBundle } from "../../src/importers/bundle.js";
import { detectSensorLog } from "../../src/importers/formats/sensorlog.js";
import { openInput } from "../../src/importers/index.js";
import { readStream, type ImportPlan, type RawSource, type StreamSpec } from "../../src/importers/plan.js";

const FIX = join(import.meta.dirname, "../fixtures/importers/sensorlog");
const IPHONE = join(FIX, "2023-11-06_09_24_37_iPhone.csv");
const OLD = join(FIX, "old-header-motion-only.csv");
const DPR = 180 / Math.PI;
const VALUE_TOL = 1e-12;
const TIME_TOL = 1e-9;

const dir = mkdtempSync(join(tmpdir(), "hipgait-sensorlog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plan(path: string): Promise<ImportPlan | null> {
  const b = await openBundle(path);
  try {
    return await detectSensorLog(b);
  } finally {
    await b.close();
  }
}

/** All samples of a stream as rows [t, x, y, z]. */
async function samples(s: StreamSpec | RawSource): Promise<number[][]> {
  const out: number[][] = [];
  const it = readStream(s).blocks;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    const b = r.value;
    for (let i = 0; i < b.n; i++) out.push([b.t[i]!, b.x[i]!, b.y[i]!, b.z[i]!]);
  }
  return out;
}

function expectRows(got: number[][], want: number[][]): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, k) => {
    expect(Math.abs(row[0]! - want[k]![0]!)).toBeLessThan(TIME_TOL);
    for (let c = 1; c < 4; c++) expect(Math.abs(row[c]! - want[k]![c]!)).toBeLessThan(VALUE_TOL);
  });
}

describe("SensorLog golden samples", () => {
  it("current header: raw accelerometer with the sign flipped, device-motion rotation rate in deg/s, placeholder and repeated rows skipped", async () => {
    const p = await plan(IPHONE);
    expect(p).not.toBeNull();
    expect(p!.format).toBe("SensorLog");
    // first row: loggingTime …37.756 at accelerometer stamp 62608.100; the stream starts at the first motion sample
    expect(p!.startedAt).toBe("2023-11-06T07:24:37.761Z");
    expect(p!.notes.join("\n")).toMatch(/accelerometerAcceleration \(G, gravity included\)/);
    expect(p!.notes.join("\n")).toMatch(/motionRotationRate \(rad\/s, bias removed/);
    expect(p!.notes.join("\n")).not.toMatch(/without units/);
    expectRows(await samples(p!.acc), [
      [62608.1, -0.0123, 0.9876, 0.1502],
      [62608.11, -0.02, 1.01, 0.14],
      [62608.12, -0.025, 0.98, 0.135],
      [62608.13, -0.018, 0.995, 0.16],
      [62608.14, 0.01, 1.02, 0.145],
    ]);
    // row 1 has no motion sample yet (stamp 0); row 4 repeats row 3's; the raw gyroRotation columns are not used
    expectRows(await samples(p!.gyro!), [
      [62608.105, 0.01 * DPR, -0.021 * DPR, 0.029 * DPR],
      [62608.115, 0.02 * DPR, -0.015 * DPR, 0.031 * DPR],
      [62608.135, -0.005 * DPR, 0.012 * DPR, 0.001 * DPR],
    ]);
  });

  it("old header without units, device motion only: acceleration is −(user + gravity)", async () => {
    const p = await plan(OLD);
    expect(p!.notes.join("\n")).toMatch(/without units .*G, rad\/s and seconds assumed/);
    expect(p!.startedAt).toBeUndefined(); // the old loggingTime has no UTC offset
    expectRows(await samples(p!.acc), [
      [4521.33, -(0.01 + 0.05), -(0.02 - 0.98), -(-0.03 - 0.19)],
      [4521.35, -(-0.02 + 0.051), -(0.04 - 0.979), -(0.01 - 0.192)],
      [4521.37, -(0.03 + 0.052), -(-0.01 - 0.978), -(0.02 - 0.194)],
    ]);
    expectRows(await samples(p!.gyro!), [
      [4521.33, 0.1 * DPR, 0.2 * DPR, -0.3 * DPR],
      [4521.35, 0.15 * DPR, 0.25 * DPR, -0.35 * DPR],
      [4521.37, 0.2 * DPR, 0.3 * DPR, -0.4 * DPR],
    ]);
  });

  it("is recognised by openInput and read on one grid", async () => {
    const r = await openInput(IPHONE);
    expect(r.header.notes[0]).toBe("read as SensorLog");
    expect(r.header.hasGyro).toBe(true);
    expect(r.header.metadata.started_at).toBe("2023-11-06T07:24:37.761Z");
    r.close();
  });

  it("other CSVs are not claimed", async () => {
    const f = join(dir, "other.csv");
    writeFileSync(f, "time,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n");
    expect(await plan(f)).toBeNull();
  });
});

describe("SensorLog errors", () => {
  const write = (name: string, head: string, row: string): string => {
    const f = join(dir, name);
    writeFileSync(f, `${head}\n${row}\n${row}\n`);
    return f;
  };

  it("refuses a log whose only acceleration has gravity removed", async () => {
    const f = write("user-only.csv", "loggingTime(txt),motionTimestamp_sinceReboot(s),motionUserAccelerationX(G),motionUserAccelerationY(G),motionUserAccelerationZ(G)", "2023-11-06T09:24:37.756+02:00,1.5,0.1,0.2,0.3");
    await expect(plan(f)).rejects.toThrow(UserError);
    await expect(plan(f)).rejects.toThrow(/gravity removed/);
  });

  it("names a column whose unit is not SensorLog's", async () => {
    const f = write("unit.csv", "loggingTime(txt),accelerometerTimestamp_sinceReboot(s),accelerometerAccelerationX(m/s^2),accelerometerAccelerationY(m/s^2),accelerometerAccelerationZ(m/s^2)", "2023-11-06T09:24:37.756+02:00,1.5,0.1,0.2,9.8");
    await expect(plan(f)).rejects.toThrow(/"accelerometerAccelerationX\(m\/s\^2\)" is in m\/s\^2: expected G/);
  });

  it("asks for one recording when a folder holds two logs", async () => {
    const folder = join(dir, "two");
    mkdirSync(folder);
    copyFileSync(IPHONE, join(folder, "a.csv"));
    copyFileSync(OLD, join(folder, "b.csv"));
    await expect(plan(folder)).rejects.toThrow(/two SensorLog logs \(a\.csv, b\.csv\)/);
  });
});
