/**
 * phyphox (RWTH Aachen), Android and iOS: a zip (or its unpacked folder) with one CSV per export set and `meta/`.
 * Facts from ../shared/research/export-formats.md §1 (phyphox-android DataExport.java, phyphox-ios
 * ExperimentExport.swift, real exports):
 * - multi-sensor experiments: `Accelerometer.csv` + `Gyroscope.csv`; Android headers "Acceleration x (m/s^2)" and
 *   "Gyroscope x (rad/s)", iOS headers "X (m/s^2)" and "X (rad/s)"; each file has its own "Time (s)" since START;
 * - built-in experiments: `Raw Data.csv` of "Acceleration with g" (no gyroscope) or "Acceleration (without g)"
 *   (gravity removed: refused);
 * - Android acceleration is the raw SensorEvent value (m/s², +g up); iOS is CoreMotion's g × −9.81, already the
 *   Android sign but scaled with 9.81, so it is divided by 9.81 there; rates in rad/s, same sign on both;
 * - `meta/time.csv`: the START row's system time (Unix s) is the wall clock at its experiment time; the imported
 *   stream starts at the later first sample of the two sets, so started_at is START + that time; `meta/device.csv`
 *   deviceBrand "Apple" identifies iOS.
 */
import type { Bundle, BundleEntry } from "../bundle.js";
import { DEG_PER_RAD, G0_MPS2, type ImportPlan, type StreamSpec } from "../plan.js";
import { byBase, firstValue, headerOf, isoAtMs, labelOf, smallTable } from "./common.js";
import { UserError } from "../../core/errors.js";

/** phyphox iOS scales CoreMotion's g by 9.81, not 9.80665 (phyphox-ios ExperimentSensorInput.swift). */
const PHYPHOX_IOS_G = 9.81;

const ANDROID_ACC = ["Acceleration x (m/s^2)", "Acceleration y (m/s^2)", "Acceleration z (m/s^2)"] as const;
const IOS_ACC = ["X (m/s^2)", "Y (m/s^2)", "Z (m/s^2)"] as const;
const ANDROID_GYR = ["Gyroscope x (rad/s)", "Gyroscope y (rad/s)", "Gyroscope z (rad/s)"] as const;
const IOS_GYR = ["X (rad/s)", "Y (rad/s)", "Z (rad/s)"] as const;
const has = (h: readonly string[], cols: readonly string[]): boolean => cols.every((c) => h.includes(c));

export async function detectPhyphox(b: Bundle): Promise<ImportPlan | null> {
  const notes: string[] = [];
  let acc: BundleEntry | null = null, accCols: readonly [string, string, string] | null = null;
  let gyr: BundleEntry | null = null, gyrCols: readonly [string, string, string] | null = null;
  let linear: BundleEntry | null = null;
  for (const e of b.entries) {
    if (!/\.csv$/i.test(e.name) || /(^|\/)meta\//.test(e.name)) continue;
    const h = await headerOf(e);
    if (!h || h[0] !== "Time (s)") continue;
    if (!acc && has(h, ANDROID_ACC) && !/gravity/i.test(e.name)) [acc, accCols] = [e, ANDROID_ACC];
    else if (!acc && has(h, IOS_ACC) && /accelerometer/i.test(e.name) && !/linear/i.test(e.name)) [acc, accCols] = [e, IOS_ACC];
    else if (!gyr && has(h, ANDROID_GYR)) [gyr, gyrCols] = [e, ANDROID_GYR];
    else if (!gyr && has(h, IOS_GYR)) [gyr, gyrCols] = [e, IOS_GYR];
    else if (h.some((c) => c.startsWith("Linear Acceleration"))) linear ??= e;
  }
  if ((!acc || !accCols) && linear) {
    throw new UserError(`${labelOf(b, linear)}: phyphox "Acceleration (without g)" holds linear acceleration (gravity removed), but the analysis needs acceleration with gravity: record with "Acceleration with g" or a multi-sensor experiment with the Accelerometer`);
  }
  if (!acc || !accCols) return null;
  const device = byBase(b, "device.csv");
  const props = new Map((device ? await smallTable(device) : []).map((r) => [r[0] ?? "", r[1] ?? ""]));
  const ios = props.get("deviceBrand") === "Apple" || accCols === IOS_ACC;
  if (!device && accCols === ANDROID_ACC) notes.push("phyphox: no meta/device.csv, so the platform is unknown: acceleration divided by 9.80665 (iOS exports use 9.81, 0.035 % apart)");
  const g = ios ? PHYPHOX_IOS_G : G0_MPS2;
  notes.push(`phyphox ${ios ? "iOS" : "Android"}: acceleration from m/s² (÷ ${g})${gyr ? ", rotation rate from rad/s" : ""}; accelerometer and gyroscope resampled onto one grid`);
  const stream = (e: BundleEntry, axes: readonly [string, string, string], scale: number): StreamSpec => ({ entry: e, label: labelOf(b, e), time: "Time (s)", axes, timeScale_s: 1, scale });
  const plan: ImportPlan = { format: `phyphox (${ios ? "iOS" : "Android"})`, acc: stream(acc, accCols, 1 / g), gyro: gyr && gyrCols ? stream(gyr, gyrCols, DEG_PER_RAD) : null, notes };
  if (!gyr) notes.push("phyphox: no gyroscope file in this export: cadence, contact time and steps only, no pelvic angles");
  const model = props.get("deviceModel");
  if (model) plan.device = `${props.get("deviceBrand") ?? ""} ${model}`.trim();
  const time = byBase(b, "time.csv");
  if (time) {
    // wall clock of the first START + the experiment time where the merged stream begins (both sets' first samples)
    const start = (await smallTable(time)).find((r) => r[0] === "START");
    const num = (c: string | undefined): number => Number((c ?? "").replace(",", "."));
    const sys = num(start?.[2]), exp = num(start?.[1]);
    const firsts = await Promise.all([acc, ...(gyr ? [gyr] : [])].map((e) => firstValue(e, "Time (s)")));
    const origin = firsts.every((v) => v !== null) ? Math.max(...(firsts as number[])) : Number.NaN;
    const startedAt = sys > 1e9 && Number.isFinite(exp) && Number.isFinite(origin) ? isoAtMs((sys + origin - exp) * 1000) : undefined;
    if (startedAt !== undefined) plan.startedAt = startedAt;
  }
  return plan;
}
