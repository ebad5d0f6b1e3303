/**
 * Movesense sensors: the Showcase app's CSV and the DataLogger's JSON. Facts from
 * ../shared/research/export-formats.md §4 (movesense-mobile-lib CsvLogger.java and the IMU/acc/gyro activities,
 * Movesense API imu.yaml, real DataLogger logs):
 * - Showcase IMU screen: `<date>_<serial>_ImuActivity.csv`, header
 *   `Timestamp,AccX,AccY,AccZ,GyroX,GyroY,GyroZ,MagnX,MagnY,MagnZ` (IMU6 rows have only the first 7 fields);
 *   the acc and gyro screens write `Timestamp (ms),X: (m/s^2),…` and `Timestamp (ms),X: (degree per second),…`;
 *   only one screen records at a time, so an acceleration-screen file is read alone (a gyro screen is another run);
 * - DataLogger: `{"Meas":{"IMU6":[{"ArrayAcc":[{"x":…,"y":…,"z":…},…],"ArrayGyro":[…],"Timestamp":158319},…]}}`
 *   (IMU9 adds ArrayMagn); `Timestamp` is the device uptime in ms of a packet's first sample (8 samples per packet
 *   at 104 Hz); the true rate is a few % off nominal, so times come from the packet stamps;
 * - acceleration in m/s², angular rate in deg/s; the axis signs relative to the housing are not documented
 *   (assumed the Android convention, +g up at rest).
 * A Showcase export written in a decimal-comma locale puts commas inside comma-separated rows and cannot be read.
 */
import * as z from "zod";
import { UserError } from "../../core/errors.js";
import type { Bundle, BundleEntry } from "../bundle.js";
import { peekText } from "../bundle.js";
import type { RawBlock, RawStream } from "../merge.js";
import { G0_MPS2, MAX_ABS_VALUE, type ImportPlan, type RawSource, type StreamSpec } from "../plan.js";
import { headerOf, labelOf } from "./common.js";

const SIGN_NOTE = "Movesense: axis signs relative to the housing are not documented; the Android convention (+g up at rest) is assumed — the automatic mounting calibration does not depend on it";
const IMU = ["AccX", "AccY", "AccZ", "GyroX", "GyroY", "GyroZ"] as const;
const ACC_SCREEN = ["X: (m/s^2)", "Y: (m/s^2)", "Z: (m/s^2)"] as const;
const GYR_SCREEN = ["X: (degree per second)", "Y: (degree per second)", "Z: (degree per second)"] as const;

export async function detectMovesense(b: Bundle): Promise<ImportPlan | null> {
  let imu: BundleEntry | null = null, accScreen: BundleEntry | null = null, gyrScreen: BundleEntry | null = null, log: BundleEntry | null = null;
  for (const e of b.entries) {
    if (/\.json$/i.test(e.name)) {
      if (/"Meas"\s*:\s*\{\s*"IMU[69]"/.test(await peekText(e, 512))) log ??= e;
      continue;
    }
    if (!/\.csv$/i.test(e.name)) continue;
    const h = await headerOf(e);
    if (!h) continue;
    if (h[0] === "Timestamp" && IMU.every((c) => h.includes(c))) imu ??= e;
    else if (h[0] === "Timestamp (ms)" && ACC_SCREEN.every((c) => h.includes(c))) accScreen ??= e;
    else if (h[0] === "Timestamp (ms)" && GYR_SCREEN.every((c) => h.includes(c))) gyrScreen ??= e;
  }
  const spec = (e: BundleEntry, time: string, axes: readonly [string, string, string], scale: number): StreamSpec => ({ entry: e, label: labelOf(b, e), time, axes, timeScale_s: 1e-3, scale });
  if (imu) {
    return {
      format: "Movesense Showcase (IMU)",
      acc: spec(imu, "Timestamp", ["AccX", "AccY", "AccZ"], 1 / G0_MPS2),
      gyro: spec(imu, "Timestamp", ["GyroX", "GyroY", "GyroZ"], 1),
      notes: ["Movesense Showcase: acceleration from m/s² (÷ 9.80665), rotation rate in deg/s, device-uptime ms time stamps", SIGN_NOTE],
      device: "Movesense",
    };
  }
  if (accScreen) {
    // the app records one screen at a time, so an angular-velocity file beside it is another recording: never paired
    // (merged, the two would share no instant and give no samples at all)
    return {
      format: "Movesense Showcase (acceleration screen)",
      acc: spec(accScreen, "Timestamp (ms)", ACC_SCREEN, 1 / G0_MPS2),
      gyro: null,
      notes: [
        "Movesense Showcase: acceleration from m/s² (÷ 9.80665); the acceleration screen records no angular rate: cadence, contact time and steps only, no pelvic angles (record with the IMU screen for both)",
        ...(gyrScreen ? [`Movesense Showcase: ${gyrScreen.name} not used: the app records one screen at a time, so it is a separate recording`] : []),
        SIGN_NOTE,
      ],
      device: "Movesense",
    };
  }
  if (log) return dataLoggerPlan(b, log);
  return null;
}

const Xyz = z.object({ x: z.number(), y: z.number(), z: z.number() });
const Packet = z.object({ Timestamp: z.number(), ArrayAcc: z.array(Xyz), ArrayGyro: z.array(Xyz).optional() });
const Log = z.object({ Meas: z.object({ IMU6: z.array(Packet).optional(), IMU9: z.array(Packet).optional() }) });
/** A DataLogger JSON is parsed whole; beyond this it is refused rather than exhausting memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

function dataLoggerPlan(b: Bundle, e: BundleEntry): ImportPlan {
  const label = labelOf(b, e);
  if (e.size > MAX_JSON_BYTES) throw new UserError(`${label}: ${Math.round(e.size / 2 ** 20)} MB of JSON: larger than hipgait reads at once (${MAX_JSON_BYTES / 2 ** 20} MB); split the log`);
  let parsed: Promise<Array<z.infer<typeof Packet>>> | null = null;
  const packets = (): Promise<Array<z.infer<typeof Packet>>> =>
    (parsed ??= (async () => {
      const s = await e.open();
      const chunks: Buffer[] = [];
      for await (const c of s as AsyncIterable<Buffer>) chunks.push(c);
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (err) {
        throw new UserError(`${label}: not valid JSON (${err instanceof Error ? err.message : String(err)}): expected a Movesense DataLogger log`);
      }
      const r = Log.safeParse(raw);
      if (!r.success) {
        const i = r.error.issues[0]!;
        throw new UserError(`${label}: ${i.path.join(".")}: ${i.message}: expected a Movesense DataLogger IMU6/IMU9 log`);
      }
      return r.data.Meas.IMU6 ?? r.data.Meas.IMU9 ?? [];
    })());
  const source = (key: "ArrayAcc" | "ArrayGyro", scale: number): RawSource => ({
    label,
    open: (): RawStream => ({ blocks: packetBlocks(label, packets, key, scale) }),
  });
  return {
    format: "Movesense DataLogger (JSON)",
    acc: source("ArrayAcc", 1 / G0_MPS2),
    gyro: source("ArrayGyro", 1),
    notes: ["Movesense DataLogger: acceleration from m/s² (÷ 9.80665), rotation rate in deg/s; sample times spread evenly between the packets' device-uptime stamps", SIGN_NOTE],
    device: "Movesense",
  };
}

/** Samples of each packet at stamp + i · (next stamp − stamp) / n (the last packet uses the previous spacing). */
async function* packetBlocks(label: string, packets: () => Promise<Array<z.infer<typeof Packet>>>, key: "ArrayAcc" | "ArrayGyro", scale: number): AsyncGenerator<RawBlock> {
  const ps = await packets();
  let lastStep = Number.NaN;
  for (let p = 0; p < ps.length; p++) {
    const arr = ps[p]![key];
    if (!arr || arr.length === 0) continue;
    const n = arr.length;
    const next = ps[p + 1]?.Timestamp;
    const step = next !== undefined && next > ps[p]!.Timestamp ? (next - ps[p]!.Timestamp) / n : lastStep;
    if (!Number.isFinite(step)) continue;
    lastStep = step;
    const b: RawBlock = { n, t: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      b.t[i] = (ps[p]!.Timestamp + i * step) / 1000;
      b.x[i] = arr[i]!.x * scale;
      b.y[i] = arr[i]!.y * scale;
      b.z[i] = arr[i]!.z * scale;
      if (!(Math.abs(b.x[i]!) <= MAX_ABS_VALUE && Math.abs(b.y[i]!) <= MAX_ABS_VALUE && Math.abs(b.z[i]!) <= MAX_ABS_VALUE)) {
        throw new UserError(`${label}: Meas packet ${p}, ${key}[${i}]: beyond ±${MAX_ABS_VALUE} g or deg/s, not a sensor reading`);
      }
    }
    yield b;
  }
}
