/**
 * Golden samples: small exports written by hand in each app's documented layout (test/fixtures/importers/README.md
 * lists them with the section of ../shared/research/export-formats.md each follows), opened through openInput with
 * recognition. Every signal in them is a constant or a straight line in time, so resampling onto the output grid
 * (Lagrange interpolation, and a unit-gain FIR where a stream is filtered down) must give them back exactly; what is
 * left is the files' own rounding, stated with each tolerance:
 * - values printed with 10 significant digits (phyphox), %.3f (MetaBase), %.6f (Movesense CSV) or as float32
 *   (Polar gyro, Movesense JSON): within 1e-6 g and 1e-6 deg/s;
 * - ramps on long clocks (Sensor Logger Unix ns, MetaBase Unix ms, Polar ns since 2000): a time of 7e8–1.7e9 s held
 *   in a double is rounded to 0.12–0.24 µs (Sensor Logger's own ns are printed from a double too), so a ramp may be
 *   off by its slope × 0.5 µs: 1e-5 deg/s for 3.6–5 deg/s², 5e-5 deg/s for Sensor Logger's 57 deg/s²;
 * - output times are k / rate exactly (1e-9 s), from the later of the two streams' first samples.
 * The expected numbers are worked out in the comments from the values written into the files.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { openInput } from "../../src/importers/index.js";
import { writeZip } from "./render.js";

const FIX = join(import.meta.dirname, "../fixtures/importers");
const DPR = 180 / Math.PI;
type Xyz = [number, number, number];

const dir = mkdtempSync(join(tmpdir(), "hipgait-golden-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Decoded {
  notes: string[];
  metadata: Record<string, string>;
  rate_hz: number | null;
  hasGyro: boolean;
  t: number[];
  acc: Xyz[];
  gyro: Xyz[] | null;
}

async function decode(path: string): Promise<Decoded> {
  const r = await openInput(path);
  const t: number[] = [], acc: Xyz[] = [], gyro: Xyz[] = [];
  let withGyro = false;
  for await (const b of r) {
    for (let i = 0; i < b.length; i++) {
      t.push(b.t_s[i]!);
      acc.push([b.ax_g[i]!, b.ay_g[i]!, b.az_g[i]!]);
      if (b.gx_dps && b.gy_dps && b.gz_dps) {
        withGyro = true;
        gyro.push([b.gx_dps[i]!, b.gy_dps[i]!, b.gz_dps[i]!]);
      }
    }
  }
  const h = r.header;
  return { notes: h.notes, metadata: { ...h.metadata } as Record<string, string>, rate_hz: h.declaredSampleRate_hz, hasGyro: h.hasGyro, t, acc, gyro: withGyro ? gyro : null };
}

interface Golden {
  /** Under test/fixtures/importers/. */
  path: string;
  format: string;
  rate_hz: number;
  startedAt: string | undefined;
  device: string;
  /** Length (s) of the time both streams cover, from the later first sample to the earlier last one. */
  span_s: number;
  /** The first output sample, worked out by hand. */
  first: { acc: Xyz; gyro: Xyz | null };
  /** Every output sample at output time t (s). */
  acc(t: number): Xyz;
  gyro: ((t: number) => Xyz) | null;
  accTol_g: number;
  gyroTol_dps: number;
}

function closeTo(got: readonly number[], want: readonly number[], tol: number, what: string): void {
  for (let c = 0; c < 3; c++) {
    const err = Math.abs(got[c]! - want[c]!);
    if (!(err <= tol)) expect.fail(`${what} axis ${"xyz"[c]}: ${got[c]} where ${want[c]} was expected (off by ${err.toExponential(2)}, tolerance ${tol})`);
  }
}

async function check(g: Golden, path = join(FIX, g.path)): Promise<Decoded> {
  const d = await decode(path);
  expect(d.notes[0]).toBe(`read as ${g.format}`);
  expect(d.metadata.source_format).toBe(g.format);
  expect(d.metadata.sensor).toBe(g.device);
  expect(d.metadata.started_at).toBe(g.startedAt);
  expect(d.rate_hz).toBe(g.rate_hz);
  expect(d.metadata.sample_rate_hz).toBe(String(g.rate_hz));
  expect(d.hasGyro).toBe(g.gyro !== null);
  // grid instants inside the covered span: floor(span · rate) + 1, the last one or two lost where the interpolation
  // onto the stream's own grid ends a little before its last sample
  const most = Math.floor(g.span_s * g.rate_hz + 1e-9) + 1;
  expect(d.t.length).toBeGreaterThanOrEqual(most - 2);
  expect(d.t.length).toBeLessThanOrEqual(most);
  d.t.forEach((t, k) => expect(Math.abs(t - k / g.rate_hz)).toBeLessThan(1e-9));
  closeTo(d.acc[0]!, g.first.acc, g.accTol_g, "first acc");
  d.acc.forEach((a, k) => closeTo(a, g.acc(d.t[k]!), g.accTol_g, `acc at t = ${d.t[k]} s`));
  if (g.gyro && g.first.gyro) {
    expect(d.gyro).not.toBeNull();
    closeTo(d.gyro![0]!, g.first.gyro, g.gyroTol_dps, "first gyro");
    d.gyro!.forEach((w, k) => closeTo(w, g.gyro!(d.t[k]!), g.gyroTol_dps, `gyro at t = ${d.t[k]} s`));
  } else expect(d.gyro).toBeNull();
  return d;
}

const phyphoxIos: Golden = {
  // acc: 9.999 ms steps from Time 0; x = 0.981·T m/s², y = 9.81, z = −2.943 (CoreMotion g × −9.81, already the
  // Android sign) → ÷ 9.81: (0.1·T, 1, −0.3) g. Gyro: 9.999 ms steps from T = 0.005; (1, 2·T, −π/4) rad/s.
  // Output t = 0 is T = 0.005 (the gyroscope starts later); 100.01 Hz rounds to 100 Hz.
  path: "phyphox/ios",
  format: "phyphox (iOS)",
  rate_hz: 100,
  // START 1.705472086068796E9 s (08:14:46.069 UTC+02:00 in its own text) + 0.005 s = 06:14:46.073796Z → .074
  startedAt: "2024-01-17T06:14:46.074Z",
  device: "Apple iPhone14,2",
  span_s: 29 * 0.009999 - 0.005,
  first: { acc: [0.0005, 1, -0.3], gyro: [57.29577951, 0.5729577951, -45] },
  acc: (t) => [0.1 * (t + 0.005), 1, -0.3],
  gyro: (t) => [DPR, 2 * (t + 0.005) * DPR, -45],
  accTol_g: 1e-6,
  gyroTol_dps: 1e-6,
};

describe("golden samples decode to the hand-computed stream", () => {
  it("phyphox Android folder: m/s² ÷ 9.80665, rad/s, a 200 Hz gyroscope filtered down onto the 100 Hz grid 3 ms in", async () => {
    // acc at 100 Hz from Time 0: (0.980665, 9.80665, −1.96133 + 4.903325·T) m/s² = (0.1, 1, −0.2 + 0.5·T) g;
    // gyro at 200 Hz from T = 0.003: (π/2, −0.5, 0) rad/s = (90, −28.64788976, 0) deg/s. Output t = 0 is T = 0.003.
    await check({
      path: "phyphox/android",
      format: "phyphox (Android)",
      rate_hz: 100,
      // START 1747882304.534 s (11:51:44.534 UTC+09:00) + 0.003 s
      startedAt: "2025-05-22T02:51:44.537Z",
      device: "samsung SM-S926U1",
      span_s: 0.29 - 0.003,
      first: { acc: [0.1, 1, -0.1985], gyro: [90, -28.64788976, 0] },
      acc: (t) => [0.1, 1, -0.2 + 0.5 * (t + 0.003)],
      gyro: () => [90, -0.5 * DPR, 0],
      accTol_g: 1e-6,
      gyroTol_dps: 1e-6,
    });
  });

  it("phyphox iOS folder: ÷ 9.81 (not 9.80665: 1 g would read 1.00034), 9.999 ms steps onto a 100 Hz grid", async () => {
    await check(phyphoxIos);
  });

  it("phyphox iOS as a real zip (built here with yazl from the same files) decodes exactly like the folder", async () => {
    const root = join(FIX, "phyphox/ios");
    const files: Record<string, string> = {};
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else files[relative(root, p).split("\\").join("/")] = readFileSync(p, "utf8");
      }
    };
    walk(root);
    expect(Object.keys(files).sort()).toEqual(["Accelerometer.csv", "Gyroscope.csv", "meta/device.csv", "meta/time.csv"]);
    const zip = join(dir, "Multi-sensor 2024-01-17 08-15-45.zip");
    await writeZip(zip, files);
    const fromZip = await check(phyphoxIos, zip);
    const fromFolder = await decode(root);
    expect(fromZip.t).toEqual(fromFolder.t);
    expect(fromZip.acc).toEqual(fromFolder.acc);
    expect(fromZip.gyro).toEqual(fromFolder.gyro);
  });

  it("Sensor Logger Android folder: TotalAcceleration (not the gravity-free Accelerometer.csv), z,y,x columns, 50 Hz gyroscope", async () => {
    // TotalAcceleration at 100 Hz, columns z,y,x: (x, y, z) = (0.980665, 9.80665, (−0.2 + 0.5·T)·9.80665) m/s²,
    // T from its first sample; Accelerometer.csv (0.05 on every axis) must not be read. Gyroscope at 50 Hz from
    // T = 0.007: (π/2, T, −0.25) rad/s. Output t = 0 is T = 0.007.
    await check({
      path: "sensor-logger/android",
      format: "Sensor Logger (Android)",
      rate_hz: 100,
      // first gyroscope time 1663326947285860700 ns (the Start tap in Metadata.csv is 17.9 ms earlier)
      startedAt: "2022-09-16T11:15:47.286Z",
      device: "SM-S926U1",
      span_s: 0.287 - 0.007,
      first: { acc: [0.1, 1, -0.1965], gyro: [90, 0.4010704566, -14.32394488] },
      acc: (t) => [0.1, 1, -0.2 + 0.5 * (t + 0.007)],
      gyro: (t) => [90, (t + 0.007) * DPR, -0.25 * DPR],
      accTol_g: 1e-6,
      gyroTol_dps: 5e-5, // y is a 1 rad/s² = 57 deg/s² ramp on a Unix-ns clock
    });
  });

  it("Sensor Logger iOS folder: −(Accelerometer + Gravity), iOS sign flipped, uncalibrated files ignored, 100.4 Hz", async () => {
    // Gravity (0, −9.80665, 0) and Accelerometer (−1.96133, 0, (0.3 − 0.5·T)·9.80665) m/s² in the iOS sign, on the
    // same 9.957 ms stamps → Android-sign total −(sum) ÷ 9.80665 = (0.2, 1, −0.3 + 0.5·T) g. Gyroscope (π/2, −π/4,
    // 0.5) rad/s. AccelerometerUncalibrated (g) and GyroscopeUncalibrated (biased) hold other numbers.
    await check({
      path: "sensor-logger/ios",
      format: "Sensor Logger (iOS)",
      rate_hz: 100.4, // 1 / 9.957 ms = 100.43 Hz
      // the 2022 Metadata.csv has no recording epoch time; the first sample's time 1663326947268860700 ns does
      startedAt: "2022-09-16T11:15:47.269Z",
      device: "iPhone 13",
      span_s: 29 * 0.009957,
      first: { acc: [0.2, 1, -0.3], gyro: [90, -45, 28.64788976] },
      acc: (t) => [0.2, 1, -0.3 + 0.5 * t],
      gyro: () => [90, -45, 0.5 * DPR],
      accTol_g: 1e-6,
      gyroTol_dps: 1e-6,
    });
  });

  it("Sensor Logger iOS with standardisation on: Accelerometer + Gravity already in the Android sign, not flipped", async () => {
    // Accelerometer (1.96133, 0, 0.980665) + Gravity (0, 9.80665, 0) m/s² → (0.2, 1, 0.1) g; gyro (0, 0, −π) rad/s
    await check({
      path: "sensor-logger/ios-standardised",
      format: "Sensor Logger (iOS)",
      rate_hz: 100,
      startedAt: "2024-05-06T13:13:54.500Z", // first sample 1715001234500000000 ns
      device: "iPhone 15",
      span_s: 0.11,
      first: { acc: [0.2, 1, 0.1], gyro: [0, 0, -180] },
      acc: () => [0.2, 1, 0.1],
      gyro: () => [0, 0, -180],
      accTol_g: 1e-6,
      gyroTol_dps: 1e-6,
    });
  });

  it("MetaBase folder: g and deg/s as written, the two files aligned on epoch (ms), the gyroscope 5 ms later", async () => {
    // acc from epoch 1547219408431 at 10 ms: (0.010 + 0.001·k, 0.964, −0.087) g = (0.010 + 0.1·T, …);
    // gyro from 1547219408436: (12.5, −3.25 + 0.05·k, 90) deg/s = (12.5, −3.25 + 5·T′, 90). Output t = 0 is the
    // gyroscope's first sample: T = t + 0.005, T′ = t.
    await check({
      path: "metabase/streaming",
      format: "MbientLab MetaBase",
      rate_hz: 100,
      startedAt: "2019-01-11T15:10:08.436Z", // epoch 1547219408436 (its time column: 16:10:08.436 at UTC+01:00)
      device: "MetaWear C42732BE255C",
      span_s: 0.29 - 0.005,
      first: { acc: [0.0105, 0.964, -0.087], gyro: [12.5, -3.25, 90] },
      acc: (t) => [0.01 + 0.1 * (t + 0.005), 0.964, -0.087],
      gyro: (t) => [12.5, -3.25 + 5 * t, 90],
      accTol_g: 1e-6,
      gyroTol_dps: 1e-5,
    });
  });

  it("Polar Sensor Logger folder (Verity Sense): mg ÷ 1000, deg/s as Java floats, sensor ns clock, 51.7 Hz", async () => {
    // ACC every 19.340 ms: (250, −1000, 40) mg. GYRO 31.6 µs before each ACC sample: (0.0, 6 × 0.07f, k × 0.07f)
    // dps, so z = 0.07 · (t + 31.6e-6) / 0.01934 on the output clock (t = 0 at the first ACC sample).
    await check({
      path: "polar-logger/verity-sense",
      format: "Polar Sensor Logger",
      rate_hz: 51.7, // 1 / 19.340 ms = 51.706 Hz
      startedAt: undefined, // the sensor clock holds local time without a zone
      device: "Polar Verity Sense",
      span_s: 25 * 0.01934 - 31.6e-6,
      first: { acc: [0.25, -1, 0.04], gyro: [0, 0.42, 0.0001143744] },
      acc: () => [0.25, -1, 0.04],
      gyro: (t) => [0, 0.42, (0.07 * (t + 31.6e-6)) / 0.01934],
      accTol_g: 1e-9,
      gyroTol_dps: 1e-5,
    });
  });

  it("Movesense Showcase IMU CSV: IMU6 rows of 7 fields, integer-ms stamps 9–14 ms apart read as 104 Hz", async () => {
    // packets at uptime 158319, 158396, 158473, 158550 ms, 8 samples each, stamps by integer maths (the first
    // packet 9 ms apart, then 0, 9, 19, 28, 38, 48, 57, 67): 298 ms over 31 steps = 104.03 Hz. Acc (9.806650,
    // −0.980665, 0.490333) m/s² = (1, −0.1, 0.05) g; gyro (0, 45, 0.05 · (stamp − 158319)) deg/s = (0, 45, 50·t).
    await check({
      path: "movesense/showcase-imu",
      format: "Movesense Showcase (IMU)",
      rate_hz: 104,
      startedAt: undefined, // device uptime only
      device: "Movesense",
      span_s: 0.298,
      first: { acc: [1, -0.1, 0.05], gyro: [0, 45, 0] },
      acc: () => [1, -0.1, 0.05],
      gyro: (t) => [0, 45, 50 * t],
      accTol_g: 1e-6,
      gyroTol_dps: 1e-6,
    });
  });

  it("Movesense Showcase acceleration screen: read alone; the angular-velocity screen beside it is another recording", async () => {
    // acc screen rows "%d,%.6f,%.6f,%.6f, " (trailing comma and space), stamps packet + round(i · 1000 / 104):
    // two packets 77 ms apart, 144 ms over 15 steps = 104.17 Hz. The gyro screen file starts 82 s later.
    const d = await check({
      path: "movesense/showcase-screens",
      format: "Movesense Showcase (acceleration screen)",
      rate_hz: 104.2,
      startedAt: undefined,
      device: "Movesense",
      span_s: 0.144,
      first: { acc: [1, -0.1, 0.05], gyro: null },
      acc: () => [1, -0.1, 0.05],
      gyro: null,
      accTol_g: 1e-6,
      gyroTol_dps: 0,
    });
    expect(d.notes.join("\n")).toMatch(/AngularVelocityActivity\.csv not used/);
  });

  it("Movesense DataLogger JSON (IMU9): float32 m/s² and deg/s, sample times spread between packet stamps", async () => {
    // packets 77 ms apart → samples 9.625 ms apart (103.90 Hz); acc float32(9.80665, −0.980665, 0.4903325) m/s²;
    // gyro (0, 45, 0.5 · n) deg/s for sample n = 51.948·t.
    await check(
      {
        path: "movesense/datalogger/MovesenseLog_2_625.json",
        format: "Movesense DataLogger (JSON)",
        rate_hz: 103.9,
        startedAt: undefined,
        device: "Movesense",
        span_s: 31 * 0.009625,
        first: { acc: [1, -0.1, 0.05], gyro: [0, 45, 0] },
        acc: () => [1, -0.1, 0.05],
        gyro: (t) => [0, 45, (0.5 * t) / 0.009625],
        accTol_g: 1e-6,
        gyroTol_dps: 1e-6,
      },
      join(FIX, "movesense/datalogger/MovesenseLog_2_625.json"),
    );
  });
});

/** Reads a stream to its end: the error it stops with, or null. */
async function drain(r: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const b of r) void b;
    return null;
  } catch (e) {
    return e;
  }
}

/** What opening an export throws, or null. */
const openError = (p: string): Promise<unknown> =>
  openInput(p).then(
    () => null,
    (e: unknown) => e,
  );

describe("golden samples that must be refused", () => {
  it("phyphox 'Acceleration (without g)': a one-line UserError saying it is linear acceleration", async () => {
    const p = join(FIX, "phyphox/linear-only");
    const err = await openError(p);
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as UserError).message;
    expect(msg).toContain(`${p}:Raw Data.csv: `);
    expect(msg).toMatch(/linear acceleration \(gravity removed\)/);
    expect(msg).not.toContain("\n");
  });

  it("Sensor Logger Android without TotalAcceleration.csv: a UserError saying Accelerometer.csv is linear acceleration", async () => {
    const p = join(FIX, "sensor-logger/android-linear-only");
    const err = await openError(p);
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as UserError).message;
    expect(msg).toContain(`${p}:Accelerometer.csv: `);
    expect(msg).toMatch(/linear acceleration \(gravity removed\)/);
    expect(msg).toMatch(/enable Total Acceleration/);
  });

  it("a Polar H10 ACC file cut inside its last line: recognised, then a UserError naming file:line", async () => {
    const p = join(FIX, "polar-logger/truncated/Polar_H10_A1B2C3D4_20220425_113936_ACC.txt");
    const r = await openInput(p);
    expect(r.header.notes[0]).toBe("read as Polar Sensor Logger");
    expect(r.header.hasGyro).toBe(false);
    const err = await drain(r);
    expect(err).toBeInstanceOf(UserError);
    // header on line 1, twelve whole rows on lines 2–13, the cut row on line 14
    expect((err as UserError).message).toBe(`${p}:14: 2 cells: expected 5 (Phone timestamp, sensor timestamp [ns], X [mg], Y [mg], Z [mg])`);
  });

  it("a MetaBase file with a garbled cell: a UserError naming file:line, the cell and its column", async () => {
    const p = join(FIX, "metabase/garbled");
    const name = "Session 1_MetaWear_2019-01-11T16.10.08.431_C42732BE255C_Accelerometer_100.000Hz_1.4.4.csv";
    const err = await drain(await openInput(p));
    expect(err).toBeInstanceOf(UserError);
    // header on line 1, the garbled row (k = 8) on line 10
    expect((err as UserError).message).toBe(`${p}:${name}:10: "0.9#4" in column "y-axis (g)": expected a number`);
  });
});
