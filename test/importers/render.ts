/**
 * Test helper: renders a simulated run into app exports as the apps write them (layouts from
 * ../shared/research/export-formats.md), so that importing them can be compared with the canonical session.
 * The run is simulated at 1000 Hz; each stream picks its own instants from that grid (its rate, an offset, and
 * ±jitter), so its values are exact at its own time stamps and the two streams never share instants.
 */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import yazl from "yazl";
import { Rng } from "../../src/core/math/rng.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

export const SIM_RATE = 1000;
const G = 9.80665;
const RAD = Math.PI / 180;

/** All samples of a simulated run at 1000 Hz (sensor frame, g and deg/s). */
export interface Dense {
  n: number;
  ax: Float64Array;
  ay: Float64Array;
  az: Float64Array;
  gx: Float64Array;
  gy: Float64Array;
  gz: Float64Array;
}

export function simulateDense(preset: string, minutes: number, seed: number): Dense {
  const sim = new Simulation(resolveParams(preset, { minutes, sampleRate_hz: SIM_RATE, seed }), preset);
  const parts: Array<{ [k: string]: Float64Array }> = [];
  let n = 0;
  for (const b of sim.blocks()) {
    const L = b.length;
    parts.push({ ax: b.ax_g.slice(0, L), ay: b.ay_g.slice(0, L), az: b.az_g.slice(0, L), gx: b.gx_dps.slice(0, L), gy: b.gy_dps.slice(0, L), gz: b.gz_dps.slice(0, L) });
    n += b.length;
  }
  const cat = (k: string): Float64Array => {
    const out = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p[k]!, o);
      o += p[k]!.length;
    }
    return out;
  };
  return { n, ax: cat("ax"), ay: cat("ay"), az: cat("az"), gx: cat("gx"), gy: cat("gy"), gz: cat("gz") };
}

/** Indices into the 1000 Hz grid for a stream at `rate` Hz, starting `offset_ms` in, with ±`jitter_ms`. */
export function instants(d: Dense, rate: number, offset_ms: number, jitter_ms: number, seed: number): number[] {
  const rng = new Rng(seed);
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const i = Math.round(offset_ms + (k * 1000) / rate + (rng.uniform() - 0.5) * 2 * jitter_ms);
    if (i >= d.n) break;
    if (i >= 0 && (out.length === 0 || i > out[out.length - 1]!)) out.push(i);
  }
  return out;
}

/** The canonical session (hipgait session format v1) of the accelerometer's instants, with the gyroscope there. */
export function canonicalCsv(d: Dense, idx: readonly number[]): string {
  const lines = ["# format: hipgait-session/1", "# time_unit: s", "# acc_unit: g", "# gyro_unit: dps", "t,ax,ay,az,gx,gy,gz"];
  for (const i of idx) lines.push([i / SIM_RATE, d.ax[i], d.ay[i], d.az[i], d.gx[i], d.gy[i], d.gz[i]].map((v) => Number(v).toPrecision(10)).join(","));
  return `${lines.join("\n")}\n`;
}

/** phyphox's number style: 10 significant digits, exponent without "+", e.g. 6.999333331E-3. */
const phy = (v: number): string => {
  const [m, e] = v.toExponential(9).split("e");
  return `${m}E${Number(e)}`;
};

/** A phyphox multi-sensor export (Android or iOS) as files: Accelerometer.csv, Gyroscope.csv, meta/. */
export function renderPhyphox(d: Dense, platform: "android" | "ios", accIdx: readonly number[], gyrIdx: readonly number[]): Record<string, string> {
  const q = (s: string): string => `"${s}"`;
  const t0 = 0;
  const accHead = platform === "android" ? ["Time (s)", "Acceleration x (m/s^2)", "Acceleration y (m/s^2)", "Acceleration z (m/s^2)"] : ["Time (s)", "X (m/s^2)", "Y (m/s^2)", "Z (m/s^2)"];
  const gyrHead = platform === "android" ? ["Time (s)", "Gyroscope x (rad/s)", "Gyroscope y (rad/s)", "Gyroscope z (rad/s)"] : ["Time (s)", "X (rad/s)", "Y (rad/s)", "Z (rad/s)"];
  const g = platform === "ios" ? 9.81 : G;
  const acc = [accHead.map(q).join(",")];
  for (const i of accIdx) acc.push([(i - t0) / SIM_RATE, d.ax[i]! * g, d.ay[i]! * g, d.az[i]! * g].map(phy).join(","));
  const gyr = [gyrHead.map(q).join(",")];
  for (const i of gyrIdx) gyr.push([(i - t0) / SIM_RATE, d.gx[i]! * RAD, d.gy[i]! * RAD, d.gz[i]! * RAD].map(phy).join(","));
  const device = ['"property","value"', `"version","1.2.0"`, `"deviceModel","${platform === "ios" ? "iPhone14,2" : "SM-S926U1"}"`, `"deviceBrand","${platform === "ios" ? "Apple" : "samsung"}"`];
  const time = ['"event","experiment time","system time","system time text"', '"START",0.000000000E0,1747882304.534,"2025-05-22 11:51:44.534 UTC+09:00"'];
  return { "Accelerometer.csv": `${acc.join("\n")}\n`, "Gyroscope.csv": `${gyr.join("\n")}\n`, "meta/device.csv": `${device.join("\n")}\n`, "meta/time.csv": `${time.join("\n")}\n` };
}

/**
 * A Sensor Logger export: time (Unix ns) and z,y,x columns. iOS: Accelerometer.csv without gravity plus Gravity.csv
 * on the same stamps, both in the iOS sign (standardisation off); Android: TotalAcceleration.csv with gravity.
 */
export function renderSensorLogger(d: Dense, platform: "android" | "ios", accIdx: readonly number[], gyrIdx: readonly number[]): Record<string, string> {
  const epochNs = 1_663_326_947_268_860_700;
  const ns = (i: number): string => String(Math.round(epochNs / 1e3 + (i * 1e6) / SIM_RATE)) + "000"; // µs resolution, as a double prints
  const row = (i: number, x: number, y: number, z: number): string => [ns(i), (i / SIM_RATE).toString(), z, y, x].join(",");
  const head = "time,seconds_elapsed,z,y,x";
  const files: Record<string, string> = {};
  if (platform === "android") {
    files["TotalAcceleration.csv"] = [head, ...accIdx.map((i) => row(i, d.ax[i]! * G, d.ay[i]! * G, d.az[i]! * G))].join("\n") + "\n";
    files["Accelerometer.csv"] = [head, ...accIdx.map((i) => row(i, 0.1, 0.2, 0.3))].join("\n") + "\n"; // gravity removed: must not be used
  } else {
    // gravity along the sensor's mean specific force direction is not known per sample; any split works, since the
    // importer adds the two files: put a constant "gravity" and the remainder as user acceleration (iOS sign)
    const gv: [number, number, number] = [0.1, -0.98, 0.15];
    files["Gravity.csv"] = [head, ...accIdx.map((i) => row(i, -gv[0] * G, -gv[1] * G, -gv[2] * G))].join("\n") + "\n";
    files["Accelerometer.csv"] = [head, ...accIdx.map((i) => row(i, -(d.ax[i]! - gv[0]) * G, -(d.ay[i]! - gv[1]) * G, -(d.az[i]! - gv[2]) * G))].join("\n") + "\n";
  }
  files["Gyroscope.csv"] = [head, ...gyrIdx.map((i) => row(i, d.gx[i]! * RAD, d.gy[i]! * RAD, d.gz[i]! * RAD))].join("\n") + "\n";
  files["Metadata.csv"] = `version,device name,recording epoch time,recording time,recording timezone,platform,appVersion,device id,sensors,sampleRateMs\n3,Pixel,1663326947268,2022-09-16_11-15-46,Europe/Amsterdam,${platform},1.28,abc,Accelerometer|Gyroscope,10|10`;
  return files;
}

export function writeFolder(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

export function writeZip(path: string, files: Record<string, string>, folder = ""): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), folder + name);
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on("close", resolve).on("error", reject);
  });
}

/** MetaBase for Android: two files named as the app names them, epoch ms, values with 3 decimals (%.3f). */
export function renderMetaBase(d: Dense, accIdx: readonly number[], gyrIdx: readonly number[]): Record<string, string> {
  const epoch0 = 1547219408431;
  const local = (ms: number): string => new Date(ms + 3600_000).toISOString().replace("Z", "");
  const rows = (idx: readonly number[], f: (i: number) => [number, number, number]): string[] =>
    idx.map((i) => {
      const ms = epoch0 + Math.round((i * 1000) / SIM_RATE);
      const [x, y, z] = f(i);
      return [ms, local(ms), ((ms - epoch0 - Math.round((idx[0]! * 1000) / SIM_RATE)) / 1000).toFixed(3), x.toFixed(3), y.toFixed(3), z.toFixed(3)].join(",");
    });
  const base = "Session 1_MetaWear_2019-01-11T16.10.08.431_C42732BE255C";
  return {
    [`${base}_Accelerometer_100.000Hz_1.4.4.csv`]: ["epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)", ...rows(accIdx, (i) => [d.ax[i]!, d.ay[i]!, d.az[i]!])].join("\n") + "\n",
    [`${base}_Gyroscope_100.000Hz_1.4.4.csv`]: ["epoch (ms),time (01:00),elapsed (s),x-axis (deg/s),y-axis (deg/s),z-axis (deg/s)", ...rows(gyrIdx, (i) => [d.gx[i]!, d.gy[i]!, d.gz[i]!])].join("\n") + "\n",
  };
}

/** Polar Sensor Logger: `;` separated, ACC in integer mg, GYRO in multiples of 0.07 dps printed as Java floats. */
export function renderPolarLogger(d: Dense, accIdx: readonly number[], gyrIdx: readonly number[]): Record<string, string> {
  const sensor0 = 704201974831254116n;
  const stamp = (i: number, phoneOffset_ms: number): string => {
    const ns = sensor0 + BigInt(Math.round((i * 1e9) / SIM_RATE));
    const phone = new Date(Date.UTC(2022, 3, 25, 11, 39, 36, 978) + i + phoneOffset_ms).toISOString().replace("Z", "");
    return `${phone};${ns}`;
  };
  const q = (v: number): string => String(Math.fround(Math.round(v / 0.07) * 0.07));
  const name = "Polar_Sense_B36B5B2C_20220425_113936";
  return {
    [`${name}_ACC.txt`]: ["Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]", ...accIdx.map((i) => `${stamp(i, 2147)};${Math.round(d.ax[i]! * 1000)};${Math.round(d.ay[i]! * 1000)};${Math.round(d.az[i]! * 1000)}`)].join("\n") + "\n",
    [`${name}_GYRO.txt`]: ["Phone timestamp;sensor timestamp [ns];X [dps];Y [dps];Z [dps]", ...gyrIdx.map((i) => `${stamp(i, 2526)};${q(d.gx[i]!)};${q(d.gy[i]!)};${q(d.gz[i]!)}`)].join("\n") + "\n",
  };
}

/** Movesense packets of 8 samples: device-uptime ms of each packet's first sample (integers). */
function movesensePackets(idx: readonly number[]): Array<{ ts: number; members: number[] }> {
  const up0 = 158319;
  const out: Array<{ ts: number; members: number[] }> = [];
  for (let p = 0; p + 8 <= idx.length; p += 8) out.push({ ts: up0 + Math.round((idx[p]! * 1000) / SIM_RATE), members: idx.slice(p, p + 8) });
  return out;
}

/** Showcase IMU screen CSV: 10-column header, IMU6 rows of 7 fields, per-sample stamps by integer maths. */
export function renderMovesenseShowcase(d: Dense, idx: readonly number[]): Record<string, string> {
  const ps = movesensePackets(idx);
  const lines = ["Timestamp,AccX,AccY,AccZ,GyroX,GyroY,GyroZ,MagnX,MagnY,MagnZ"];
  ps.forEach((p, k) => {
    const delta = k > 0 ? p.ts - ps[k - 1]!.ts : Math.floor(1000 / 104) * 8;
    p.members.forEach((i, j) => {
      const ts = p.ts + Math.floor((j * delta) / 8);
      lines.push([String(ts), ...[d.ax[i]! * G, d.ay[i]! * G, d.az[i]! * G, d.gx[i]!, d.gy[i]!, d.gz[i]!].map((v) => v.toFixed(6))].join(","));
    });
  });
  return { "2024-05-02_10-11-12_223030000123_ImuActivity.csv": `${lines.join("\n")}\n` };
}

/** DataLogger JSON: {"Meas":{"IMU6":[{ArrayAcc, ArrayGyro, Timestamp}]}} with float32 values printed long. */
export function renderMovesenseLog(d: Dense, idx: readonly number[]): Record<string, string> {
  const f = (v: number): number => Math.fround(v);
  const packets = movesensePackets(idx).map((p) => ({
    ArrayAcc: p.members.map((i) => ({ x: f(d.ax[i]! * G), y: f(d.ay[i]! * G), z: f(d.az[i]! * G) })),
    ArrayGyro: p.members.map((i) => ({ x: f(d.gx[i]!), y: f(d.gy[i]!), z: f(d.gz[i]!) })),
    Timestamp: p.ts,
  }));
  return { "MovesenseLog_2_625.json": JSON.stringify({ Meas: { IMU6: packets } }) };
}

/**
 * A SensorLog log (one CSV, one row per logging tick with the newest sample of every sensor, each with its own
 * since-boot stamp; Core Motion values: G with the iOS sign, rad/s). "iphone": current header with units, rows on
 * the accelerometer's instants, raw gyroscope (with a bias) and device motion on their own instants, repeated in
 * rows until the next sample; the rows before a sensor's first sample hold zeros (assumed). "motion-only": an old
 * header without units and only device-motion columns, rows on the motion instants, stamps in seconds.
 */
export function renderSensorLog(d: Dense, variant: "iphone" | "motion-only", rowIdx: readonly number[], motionIdx: readonly number[]): Record<string, string> {
  const boot0 = 62608.25; // s since boot at the run's first millisecond
  const stamp = (i: number): string => (boot0 + i / SIM_RATE).toFixed(6);
  const wall0 = Date.UTC(2023, 10, 6, 7, 24, 37, 756);
  const local = (i: number): string => new Date(wall0 + i + 2 * 3600_000).toISOString().replace("Z", "+02:00");
  const gv: [number, number, number] = [0.12, -0.97, 0.2]; // any split of the total works (the importer adds them)
  const tri = (f: (k: 0 | 1 | 2) => number): string[] => [f(0), f(1), f(2)].map((v) => String(v));
  const acc = (i: number, k: 0 | 1 | 2): number => [d.ax, d.ay, d.az][k]![i]!;
  const rate = (i: number, k: 0 | 1 | 2): number => [d.gx, d.gy, d.gz][k]![i]! * RAD;
  const motion = (i: number | null): string[] =>
    i === null
      ? Array<string>(10).fill("0")
      : [stamp(i), ...tri((k) => rate(i, k)), ...tri((k) => -(acc(i, k) - gv[k])), ...tri((k) => -gv[k])];
  const files: Record<string, string> = {};
  let m = -1;
  const newest = (i: number): number | null => {
    while (m + 1 < motionIdx.length && motionIdx[m + 1]! <= i) m++;
    return m >= 0 ? motionIdx[m]! : null;
  };
  if (variant === "iphone") {
    const head = [
      "loggingTime(txt)", "loggingSample(N)", "accelerometerTimestamp_sinceReboot(s)", "accelerometerAccelerationX(G)", "accelerometerAccelerationY(G)", "accelerometerAccelerationZ(G)",
      "gyroTimestamp_sinceReboot(s)", "gyroRotationX(rad/s)", "gyroRotationY(rad/s)", "gyroRotationZ(rad/s)", "motionTimestamp_sinceReboot(s)",
      "motionRotationRateX(rad/s)", "motionRotationRateY(rad/s)", "motionRotationRateZ(rad/s)", "motionUserAccelerationX(G)", "motionUserAccelerationY(G)", "motionUserAccelerationZ(G)",
      "motionGravityX(G)", "motionGravityY(G)", "motionGravityZ(G)", "batteryState(N)", "batteryLevel(R)",
    ];
    const bias = [0.01, -0.006, 0.004];
    const lines = [head.join(",")];
    rowIdx.forEach((i, n) => {
      const j = newest(i);
      const gyro = j === null ? ["0", "0", "0", "0"] : [stamp(j), ...tri((k) => rate(j, k) + bias[k]!)];
      const mo = motion(j);
      // the device-motion block of the header lists rotation, user acceleration, then gravity
      lines.push([local(i), String(n), stamp(i), ...tri((k) => -acc(i, k)), ...gyro, ...mo, "2", "0.81"].join(","));
    });
    files["2023-11-06_09_24_37_my iPhone.csv"] = `${lines.join("\n")}\n`;
  } else {
    const head = ["loggingTime", "loggingSample", "motionTimestamp_sinceReboot", "motionRotationRateX", "motionRotationRateY", "motionRotationRateZ", "motionUserAccelerationX", "motionUserAccelerationY", "motionUserAccelerationZ", "motionGravityX", "motionGravityY", "motionGravityZ"];
    const lines = [head.join(",")];
    rowIdx.forEach((i, n) => lines.push([local(i).replace("T", " ").replace("+02:00", ""), String(n), ...motion(newest(i))].join(",")));
    files["sensorlog_20151021_101502.csv"] = `${lines.join("\n")}\n`;
  }
  return files;
}
