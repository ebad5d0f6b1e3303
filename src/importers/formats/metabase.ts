/**
 * MbientLab MetaBase (MetaMotion R/C/S/RL): one CSV per sensor and device, named
 * `<session>_<device>_<time>_<MAC>_<Sensor>_<rate>Hz_<firmware>.csv`. Facts from
 * ../shared/research/export-formats.md §3 (MetaBase Android DataHandler.java, iOS/macOS app, MetaBase Hub, real
 * files):
 * - headers `epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)` (Android) — `epoc (ms)` and
 *   `timestamp (-0800)` in the iOS/macOS app, `time (+01:00)` in the Hub — and `x-axis (deg/s)` for the gyroscope;
 * - `epoch (ms)` is Unix ms (UTC) and the common clock of both files (`elapsed` restarts per file and is float32), so
 *   it also gives started_at;
 * - acceleration in g with the Android sign, angular rate in deg/s; acc and gyro rates chosen separately.
 */
import { UserError } from "../../core/errors.js";
import type { Bundle, BundleEntry } from "../bundle.js";
import type { ImportPlan, StreamSpec } from "../plan.js";
import { firstValue, headerOf, isoAtMs, labelOf } from "./common.js";

const ACC = ["x-axis (g)", "y-axis (g)", "z-axis (g)"] as const;
const GYR = ["x-axis (deg/s)", "y-axis (deg/s)", "z-axis (deg/s)"] as const;
const EPOCH = ["epoch (ms)", "epoc (ms)"];

interface Found {
  e: BundleEntry;
  epoch: string;
  device: string;
}

/** The device part of a MetaBase file name: the 12-hex MAC when present, else the name up to the sensor. */
function deviceOf(name: string): string {
  const base = name.split("/").pop() ?? name;
  return /_([0-9A-Fa-f]{12})_/.exec(base)?.[1] ?? base.replace(/_(Accelerometer|Gyroscope).*$/i, "");
}

export async function detectMetaBase(b: Bundle): Promise<ImportPlan | null> {
  const accs: Found[] = [], gyrs: Found[] = [];
  for (const e of b.entries) {
    if (!/\.csv$/i.test(e.name)) continue;
    const h = await headerOf(e);
    const epoch = h?.find((c) => EPOCH.includes(c));
    if (!h || !epoch) continue;
    if (ACC.every((c) => h.includes(c)) && /accelerometer|acc/i.test(e.name)) accs.push({ e, epoch, device: deviceOf(e.name) });
    else if (GYR.every((c) => h.includes(c))) gyrs.push({ e, epoch, device: deviceOf(e.name) });
  }
  if (accs.length === 0) return null;
  const notes: string[] = [];
  const devices = [...new Set(accs.map((a) => a.device))];
  if (devices.length > 1) throw new UserError(`${b.path}: MetaBase files of ${devices.length} devices (${devices.join(", ")}): give the folder or zip of one sensor, or the files of one device`);
  if (accs.length > 1) throw new UserError(`${b.path}: ${accs.length} MetaBase accelerometer files of one device: expected one per recording (${accs.map((a) => a.e.name).join(", ")})`);
  const acc = accs[0]!;
  const gyr = gyrs.find((g) => g.device === acc.device) ?? null;
  const spec = (f: Found, axes: readonly [string, string, string]): StreamSpec => ({ entry: f.e, label: labelOf(b, f.e), time: f.epoch, axes, timeScale_s: 1e-3, scale: 1 });
  notes.push(`MetaBase: acceleration in g, rotation rate in deg/s, both files aligned on their Unix-ms epoch column${gyr ? " and resampled onto one grid" : ""}`);
  if (!gyr) notes.push("MetaBase: no gyroscope file for this device: cadence, contact time and steps only, no pelvic angles");
  notes.push("MetaBase streaming time stamps are nominal (start + n × period): the sensor's true rate error is not visible in them");
  const plan: ImportPlan = { format: "MbientLab MetaBase", acc: spec(acc, ACC), gyro: gyr ? spec(gyr, GYR) : null, notes, device: `MetaWear ${acc.device}` };
  // the epoch column is Unix ms (UTC): the later first sample of the two files is where the imported stream starts
  const firsts = await Promise.all([acc, ...(gyr ? [gyr] : [])].map((f) => firstValue(f.e, f.epoch)));
  const origin_ms = firsts.every((v) => v !== null) ? Math.max(...(firsts as number[])) : Number.NaN;
  const startedAt = origin_ms > 1e12 ? isoAtMs(origin_ms) : undefined;
  if (startedAt !== undefined) plan.startedAt = startedAt;
  return plan;
}
