/**
 * Contact-detector accuracy on the public Alcantara sacral-accelerometer + force-treadmill data (read in place).
 * Prints per-trial and pooled n, recall, precision, IC/TO bias ± SD, contact-time bias and RMSE.
 * Run: `npx tsx bench/validate-alcantara.ts [--decimate K] [--jitter-ms SD] [--noise-g SD] [--set key=value ...]`
 * (`--set` overrides a ContactSettings field, e.g. `--set contactOff_g=0.2 --set lowpass_hz=20`).
 */
import { parseArgs } from "node:util";
import { Rng } from "../src/core/math/rng.js";
import { ContactDetector, type Contact, type ContactSettings } from "../src/events/contact.js";
import { contactsFromForce, evaluateContacts, poolContactEvaluations, type ContactEvaluation } from "../src/events/evaluation.js";
import { ALCANTARA_RATE_HZ, ALCANTARA_SAMPLES, alcantaraRoot, loadAlcantara } from "../test/validation/alcantara-data.js";

/** Matching tolerance, s (research note §4.3: ±0.05 s for running). */
const TOLERANCE_S = 0.05;
/** Scoring window, s: ICs in the first 0.15 s and last 0.3 s of a 4.96 s trial are edge steps. */
const WINDOW_S: readonly [number, number] = [0.15, ALCANTARA_SAMPLES / ALCANTARA_RATE_HZ - 0.3];

const { values } = parseArgs({
  options: {
    decimate: { type: "string", default: "1" },
    "jitter-ms": { type: "string", default: "0" },
    "noise-g": { type: "string", default: "0" },
    set: { type: "string", multiple: true, default: [] },
  },
});

function parseOverrides(list: readonly string[]): Partial<ContactSettings> {
  const out: Record<string, number | boolean | null> = {};
  for (const kv of list) {
    const [k, v] = kv.split("=");
    if (k === undefined || v === undefined) throw new Error(`--set expects key=value, got ${kv}`);
    out[k] = v === "null" ? null : v === "true" ? true : v === "false" ? false : Number(v);
  }
  return out as Partial<ContactSettings>;
}

const root = alcantaraRoot();
if (root === null) {
  console.log("Alcantara data not found (set HIPGAIT_DATASETS or place ../shared/datasets/alcantara-sacrum-running).");
  process.exit(0);
}
const decimate = Math.max(1, Math.round(Number(values.decimate)));
const jitter_s = Number(values["jitter-ms"]) / 1000;
const noise_g = Number(values["noise-g"]);
const overrides = parseOverrides(values.set);
const fs = ALCANTARA_RATE_HZ / decimate;
const detector = new ContactDetector({ sampleRate_hz: fs, ...overrides });
const rng = new Rng(20240611);

const f = (v: number, d = 1): string => (Number.isFinite(v) ? v.toFixed(d) : "–");
const pct = (v: number): string => (Number.isFinite(v) ? (100 * v).toFixed(1) : "–");
const header = ["trial", "m/s", "slope%", "n", "recall%", "prec%", "IC bias±SD ms", "TO bias±SD ms", "CT bias ms", "CT RMSE ms", "rej s/l/step"];
const rows: string[][] = [];
const evals: ContactEvaluation[] = [];

for (const trial of loadAlcantara(root)) {
  detector.reset();
  const detected: Contact[] = [];
  for (let i = 0; i < ALCANTARA_SAMPLES; i += decimate) {
    // Jitter: the value was sampled at i/fs, the timestamp carries the error (as a device clock would); clamped to
    // ±0.4 sample so that timestamps stay increasing.
    const jitter = jitter_s > 0 ? Math.max(-0.4 / fs, Math.min(0.4 / fs, jitter_s * rng.normal())) : 0;
    const x = trial.av_g[i]! + (noise_g > 0 ? noise_g * rng.normal() : 0);
    const c = detector.push(i / ALCANTARA_RATE_HZ + jitter, x);
    if (c !== null) detected.push(c);
  }
  const last = detector.flush();
  if (last !== null) detected.push(last);
  const reference = contactsFromForce(trial.force_bw, ALCANTARA_RATE_HZ);
  const e = evaluateContacts(reference, detected, { tolerance_s: TOLERANCE_S, window_s: WINDOW_S });
  evals.push(e);
  rows.push([
    String(trial.index), f(trial.speed_mps, 2), f(trial.slope_pct, 0), String(e.ic.nReference), pct(e.ic.recall), pct(e.ic.precision),
    `${f(e.ic.errors.bias_ms)} ± ${f(e.ic.errors.sd_ms)}`, `${f(e.to.bias_ms)} ± ${f(e.to.sd_ms)}`,
    f(e.contactTime.bias_ms), f(e.contactTime.rmse_ms),
    `${detector.stats.rejectedShort}/${detector.stats.rejectedLong}/${detector.stats.rejectedStep}`,
  ]);
}
const p = poolContactEvaluations(evals);
rows.push([
  "pooled", "", "", String(p.nReference), pct(p.recall), pct(p.precision), `${f(p.ic.bias_ms)} ± ${f(p.ic.sd_ms)}`,
  `${f(p.to.bias_ms)} ± ${f(p.to.sd_ms)}`, f(p.contactTime.bias_ms), f(p.contactTime.rmse_ms), "",
]);

const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? "").length)));
const line = (r: readonly string[]): string => r.map((c, j) => c.padStart(widths[j]!)).join("  ");
console.log(`Alcantara sacral running data: ${root}`);
console.log(`rate ${fs} Hz (decimate ${decimate}), timestamp jitter SD ${values["jitter-ms"]} ms, added noise SD ${noise_g} g, ` +
  `tolerance ±${TOLERANCE_S * 1000} ms, IC window [${WINDOW_S[0]}, ${WINDOW_S[1]}] s`);
console.log(`settings: ${JSON.stringify(detector.settings)}`);
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(`pooled: IC median|e| ${f(p.ic.medianAbs_ms)} ms, RMSE ${f(p.ic.rmse_ms)} ms; TO median|e| ${f(p.to.medianAbs_ms)} ms, ` +
  `RMSE ${f(p.to.rmse_ms)} ms; CT SD ${f(p.contactTime.sd_ms)} ms, median|e| ${f(p.contactTime.medianAbs_ms)} ms`);
