/**
 * Polar Sensor Logger (Android app for Polar Verity Sense, OH1, H10): one `;`-separated text file per stream,
 * `Polar_<model>_<serial>_<date>_<time>_ACC.txt` and `…_GYRO.txt`. Facts from ../shared/research/export-formats.md
 * §5 (Polar BLE SDK TimeSystemExplained.md, real Verity Sense files):
 * - headers `Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]` and `…;X [dps];Y [dps];Z [dps]`;
 * - `sensor timestamp [ns]` is the sensor clock (ns since 2000-01-01, set to the phone's LOCAL time): the common
 *   clock of both streams; the phone timestamp differs per stream by a constant and is not used for timing;
 * - acceleration in mg, angular rate in deg/s; Verity Sense samples at 52 Hz by default (H10 has no gyroscope).
 */
import { UserError } from "../../core/errors.js";
import type { Bundle, BundleEntry } from "../bundle.js";
import type { ImportPlan, StreamSpec } from "../plan.js";
import { headerOf, labelOf } from "./common.js";

const ACC = ["X [mg]", "Y [mg]", "Z [mg]"] as const;
const GYR = ["X [dps]", "Y [dps]", "Z [dps]"] as const;
const TIME = "sensor timestamp [ns]";

export async function detectPolarLogger(b: Bundle): Promise<ImportPlan | null> {
  let acc: BundleEntry | null = null, gyr: BundleEntry | null = null;
  for (const e of b.entries) {
    if (!/\.(txt|csv)$/i.test(e.name)) continue;
    const h = await headerOf(e);
    if (!h || !h.includes(TIME)) continue;
    if (ACC.every((c) => h.includes(c))) {
      if (acc) throw new UserError(`${b.path}: two Polar ACC files (${acc.name}, ${e.name}): give one recording (split "_partNofM" files are not joined yet)`);
      acc = e;
    } else if (GYR.every((c) => h.includes(c))) {
      if (gyr) throw new UserError(`${b.path}: two Polar GYRO files (${gyr.name}, ${e.name}): give one recording`);
      gyr = e;
    }
  }
  if (!acc) return null;
  const spec = (e: BundleEntry, axes: readonly [string, string, string], scale: number): StreamSpec => ({ entry: e, label: labelOf(b, e), time: TIME, axes, timeScale_s: 1e-9, scale });
  const model = /Polar_([A-Za-z0-9]+)_/.exec(acc.name)?.[1];
  const notes = [
    `Polar Sensor Logger: acceleration from mg (÷ 1000)${gyr ? ", rotation rate in deg/s, both on the sensor clock and resampled onto one grid" : ""}`,
    "Polar Sensor Logger: the sensor clock holds the phone's local time without a zone, so the wall-clock start is not given",
  ];
  if (!gyr) notes.push("Polar Sensor Logger: no GYRO file (an H10 has none): cadence, contact time and steps only, no pelvic angles");
  const plan: ImportPlan = { format: "Polar Sensor Logger", acc: spec(acc, ACC, 1e-3), gyro: gyr ? spec(gyr, GYR, 1) : null, notes };
  if (model) plan.device = `Polar ${model === "Sense" ? "Verity Sense" : model}`;
  return plan;
}
