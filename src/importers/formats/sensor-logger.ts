/**
 * Sensor Logger (Kelvin Choi), iOS and Android: a zip (or folder) with one CSV per sensor and `Metadata.csv`.
 * Facts from ../shared/research/export-formats.md §2 (awesome-sensor-logger UNITS.md, COORDINATES.md,
 * CROSSPLATFORM.md, real exports):
 * - axis files: header `time,seconds_elapsed,z,y,x` (note the order; read by name), `time` in Unix ns;
 * - `Accelerometer.csv` has gravity REMOVED on both platforms; Android's `TotalAcceleration.csv` has it; on iOS the
 *   total is `Accelerometer + Gravity` (same time stamps, one CoreMotion stream);
 * - units m/s² (standard gravity) and rad/s; with "Standardise Units & Frames" off (the default; `standardisation`
 *   in Metadata.csv) iOS accelerations have the opposite sign of Android on all three axes, so the Android-sign total
 *   is −(Accelerometer + Gravity); gyroscope signs agree on both platforms;
 * - Metadata.csv: `platform` ios/android, `recording epoch time` (Unix ms of the Start tap) when present; started_at
 *   comes from the first samples' `time` instead, since the imported stream starts there.
 */
import { UserError } from "../../core/errors.js";
import type { Bundle, BundleEntry } from "../bundle.js";
import { DEG_PER_RAD, G0_MPS2, type ImportPlan, type StreamSpec } from "../plan.js";
import { byBase, firstValue, headerOf, isoAtMs, labelOf, smallTable } from "./common.js";

const AXES = ["x", "y", "z"] as const;
const isAxisFile = (h: string[] | null): boolean => h !== null && h[0] === "time" && h[1] === "seconds_elapsed" && AXES.every((a) => h.includes(a));

export async function detectSensorLogger(b: Bundle): Promise<ImportPlan | null> {
  const accel = byBase(b, "Accelerometer.csv");
  const gyro = byBase(b, "Gyroscope.csv");
  const total = byBase(b, "TotalAcceleration.csv");
  const gravity = byBase(b, "Gravity.csv");
  const first = total ?? accel;
  if (!first || !isAxisFile(await headerOf(first))) return null;
  const metaEntry = byBase(b, "Metadata.csv");
  const meta = metaEntry ? await smallTable(metaEntry) : [];
  const field = (k: string): string | undefined => {
    const i = meta[0]?.indexOf(k) ?? -1;
    return i >= 0 ? meta[1]?.[i] : undefined;
  };
  const platform = (field("platform") ?? "").toLowerCase();
  const standardised = (field("standardisation") ?? "false").toLowerCase() === "true";
  const notes: string[] = [];
  const spec = (e: BundleEntry, scale: number): StreamSpec => ({ entry: e, label: labelOf(b, e), time: "time", axes: AXES, timeScale_s: 1e-9, scale });
  let acc: StreamSpec;
  if (total) {
    acc = spec(total, 1 / G0_MPS2);
    notes.push("Sensor Logger: acceleration from TotalAcceleration.csv (m/s² with gravity, ÷ 9.80665)");
  } else if (accel && gravity && platform !== "android") {
    // iOS: user acceleration + gravity on identical time stamps; Android sign needs a flip unless standardised
    const sign = standardised ? 1 : -1;
    acc = { ...spec(accel, sign / G0_MPS2), plus: spec(gravity, sign / G0_MPS2) };
    notes.push(`Sensor Logger iOS: acceleration = ${standardised ? "" : "−("}Accelerometer + Gravity${standardised ? "" : ")"} ÷ 9.80665 (Accelerometer.csv alone has gravity removed${standardised ? "" : "; iOS signs flipped to the Android convention since standardisation is off"})`);
  } else {
    throw new UserError(
      `${labelOf(b, accel ?? first)}: Sensor Logger's Accelerometer.csv holds linear acceleration (gravity removed), but the analysis needs acceleration with gravity: ${platform === "android" ? "enable Total Acceleration" : "enable Gravity (iOS) or Total Acceleration (Android)"} in Sensor Logger and record again`,
    );
  }
  if (gyro && !isAxisFile(await headerOf(gyro))) throw new UserError(`${labelOf(b, gyro)}: expected the header time,seconds_elapsed,z,y,x`);
  const plan: ImportPlan = { format: `Sensor Logger (${platform === "android" ? "Android" : platform === "ios" ? "iOS" : "platform unknown"})`, acc, gyro: gyro ? spec(gyro, DEG_PER_RAD) : null, notes };
  if (gyro) notes.push("Sensor Logger: rotation rate from rad/s; accelerometer and gyroscope resampled onto one grid");
  else notes.push("Sensor Logger: no Gyroscope.csv in this export: cadence, contact time and steps only, no pelvic angles");
  const name = field("device name");
  if (name) plan.device = name;
  // the time column is Unix ns: the later first sample of the two streams is where the imported stream starts (the
  // metadata's recording epoch time is the Start tap, which buffered or late samples miss by up to a second)
  const firsts = await Promise.all([acc.entry, ...(gyro ? [gyro] : [])].map((e) => firstValue(e, "time")));
  const origin_ns = firsts.every((v) => v !== null) ? Math.max(...(firsts as number[])) : Number.NaN;
  const epoch = Number(field("recording epoch time"));
  const startedAt = origin_ns > 1e18 ? isoAtMs(origin_ns / 1e6) : epoch > 1e12 ? isoAtMs(epoch) : undefined;
  if (startedAt !== undefined) plan.startedAt = startedAt;
  return plan;
}
