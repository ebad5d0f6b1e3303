/**
 * Optional validation of the contact detector against force-treadmill ground truth (Alcantara et al. public sacral
 * running data, read in place; skipped when the folder is absent). Targets: research note §5 (IC/TO |bias| ≤ 15 ms,
 * SD ≤ 20 ms, contact-time RMSE ≤ 25 ms, recall/precision ≥ 99 % away from trial edges).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContactDetector, type Contact, type ContactSettings } from "../../src/events/contact.js";
import { contactsFromForce, evaluateContacts, poolContactEvaluations, type PooledContactEvaluation } from "../../src/events/evaluation.js";
import { ALCANTARA_RATE_HZ, ALCANTARA_SAMPLES, alcantaraRoot, loadAlcantara, type AlcantaraTrial } from "./alcantara-data.js";

const root = alcantaraRoot();
/** Matching tolerance, s (research note §4.3, running). */
const TOLERANCE_S = 0.05;
/** ICs in the first 0.15 s (no room for a confirmed flight before them) and the last 0.3 s are edge steps. */
const WINDOW_S: readonly [number, number] = [0.15, ALCANTARA_SAMPLES / ALCANTARA_RATE_HZ - 0.3];

/** Feeds every `decimate`-th sample of each trial to a fresh-state detector; pooled evaluation over all trials. */
function run(trials: readonly AlcantaraTrial[], decimate: number, overrides: Partial<ContactSettings> = {}): PooledContactEvaluation {
  const det = new ContactDetector({ sampleRate_hz: ALCANTARA_RATE_HZ / decimate, ...overrides });
  const evals = trials.map((trial) => {
    det.reset();
    const found: Contact[] = [];
    for (let i = 0; i < ALCANTARA_SAMPLES; i += decimate) {
      const c = det.push(i / ALCANTARA_RATE_HZ, trial.av_g[i]!);
      if (c !== null) found.push(c);
    }
    const last = det.flush();
    if (last !== null) found.push(last);
    return evaluateContacts(contactsFromForce(trial.force_bw, ALCANTARA_RATE_HZ), found, { tolerance_s: TOLERANCE_S, window_s: WINDOW_S });
  });
  return poolContactEvaluations(evals);
}

function expectTargets(p: PooledContactEvaluation): void {
  expect(p.nReference).toBeGreaterThanOrEqual(200);
  expect(p.recall).toBeGreaterThanOrEqual(0.99);
  expect(p.precision).toBeGreaterThanOrEqual(0.99);
  expect(Math.abs(p.ic.bias_ms)).toBeLessThanOrEqual(15);
  expect(p.ic.sd_ms).toBeLessThanOrEqual(20);
  expect(Math.abs(p.to.bias_ms)).toBeLessThanOrEqual(15);
  expect(p.to.sd_ms).toBeLessThanOrEqual(20);
  expect(p.contactTime.rmse_ms).toBeLessThanOrEqual(25);
}

describe.skipIf(root === null)("Alcantara sacral running data vs force treadmill (optional)", () => {
  const trials = root === null ? [] : loadAlcantara(root);

  it("has the documented shape: 16 trials × 2480 samples, about 15 reference contacts each", () => {
    expect(trials).toHaveLength(16);
    for (const t of trials) {
      const ref = contactsFromForce(t.force_bw, ALCANTARA_RATE_HZ);
      expect(ref.length).toBeGreaterThanOrEqual(12);
      expect(ref.length).toBeLessThanOrEqual(18);
    }
  });

  it("500 Hz, default settings: meets the IC/TO/contact-time targets", () => {
    expectTargets(run(trials, 1));
  });

  it("500 Hz without the low-pass (the data are already 20 Hz low-passed): meets the targets", () => {
    expectTargets(run(trials, 1, { lowpass_hz: null }));
  });

  it("decimated to 100 Hz: meets the targets", () => {
    expectTargets(run(trials, 5));
  });

  it("raw 512 Hz tri-axial sample (no ground truth): plausible contacts, same ICs with and without low-pass", () => {
    // Smoke test on unfiltered data. Vertical = projection on the mean specific force (upright running: ≈ gravity).
    const rows = readFileSync(join(root!, "Sample_test_data.csv"), "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(",").map(Number));
    const mean = [0, 1, 2].map((k) => rows.reduce((s, r) => s + r[k]!, 0) / rows.length);
    const norm = Math.hypot(...mean);
    const detectAll = (lowpass_hz: number | null): Contact[] => {
      const det = new ContactDetector({ sampleRate_hz: 512, lowpass_hz });
      const out: Contact[] = [];
      for (const r of rows) {
        const av_g = (r[0]! * mean[0]! + r[1]! * mean[1]! + r[2]! * mean[2]!) / norm / 9.80665;
        const c = det.push(r[3]! / 1000, av_g); // timestamps in ms
        if (c !== null) out.push(c);
      }
      return out;
    };
    const filtered = detectAll(20), raw = detectAll(null);
    // ≈ 4.3 s of running at the 2.76 Hz step frequency found by the research note's spectral check.
    expect(filtered.length).toBeGreaterThanOrEqual(10);
    const steps = filtered.flatMap((c) => (c.step_ms === null ? [] : [c.step_ms])).sort((a, b) => a - b);
    const medianStep_ms = steps[steps.length >> 1]!;
    expect(Math.abs(medianStep_ms - 1000 / 2.76) / (1000 / 2.76)).toBeLessThan(0.05);
    for (const c of filtered) {
      expect(c.contact_ms).toBeGreaterThan(150);
      expect(c.contact_ms).toBeLessThan(350);
    }
    // Delay compensation on real raw data: filtered and unfiltered ICs agree within 5 ms.
    expect(raw).toHaveLength(filtered.length);
    raw.forEach((c, k) => expect(Math.abs(c.ic_s - filtered[k]!.ic_s)).toBeLessThan(0.005));
  });
});
