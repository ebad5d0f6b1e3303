/**
 * Optional end-to-end validation: the whole streaming Analyzer (not just the contact detector) on the public sacral
 * running data with force-treadmill truth, read in place and skipped when absent. Each 4.96 s trial is fed as a
 * body-frame, accelerometer-only session (vertical channel; the data have no medio-lateral axis and no gyroscope).
 * Targets of issue #3: IC and TO bias within ±15 ms with SD ≤ 20 ms, contact-time RMSE ≤ 25 ms.
 */
import { describe, expect, it } from "vitest";
import { contactsFromForce, evaluateContacts, poolContactEvaluations } from "../../src/events/evaluation.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { ALCANTARA_RATE_HZ, ALCANTARA_SAMPLES, alcantaraRoot, loadAlcantara } from "./alcantara-data.js";

const root = alcantaraRoot();

describe.skipIf(root === null)("Alcantara data through the full analysis pipeline (optional)", () => {
  it("meets the IC/TO/contact-time targets at 500 Hz and 100 Hz", () => {
    const trials = loadAlcantara(root!);
    for (const decimate of [1, 5]) {
      const evals = trials.map((trial) => {
        const n = Math.floor(ALCANTARA_SAMPLES / decimate);
        const t = new Float64Array(n), is = new Float64Array(n), zero = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          t[i] = (i * decimate) / ALCANTARA_RATE_HZ;
          is[i] = trial.av_g[i * decimate]!;
        }
        const a = new Analyzer({ sampleRate_hz: ALCANTARA_RATE_HZ / decimate, frame: "body", hasGyro: false, mount: null });
        a.push({ length: n, t_s: t, ax_g: is, ay_g: zero, az_g: zero, gx_dps: null, gy_dps: null, gz_dps: null });
        const steps = a.finish().steps;
        return evaluateContacts(
          contactsFromForce(trial.force_bw, ALCANTARA_RATE_HZ),
          steps.map((s) => ({ ic_s: s.t, to_s: s.toe_off_s })),
          { tolerance_s: 0.05, window_s: [0.15, ALCANTARA_SAMPLES / ALCANTARA_RATE_HZ - 0.3] },
        );
      });
      const p = poolContactEvaluations(evals);
      expect(p.nReference).toBeGreaterThanOrEqual(200);
      expect(p.recall).toBeGreaterThanOrEqual(0.99);
      expect(p.precision).toBeGreaterThanOrEqual(0.99);
      expect(Math.abs(p.ic.bias_ms)).toBeLessThanOrEqual(15);
      expect(p.ic.sd_ms).toBeLessThanOrEqual(20);
      expect(Math.abs(p.to.bias_ms)).toBeLessThanOrEqual(15);
      expect(p.to.sd_ms).toBeLessThanOrEqual(20);
      expect(p.contactTime.rmse_ms).toBeLessThanOrEqual(25);
      console.info(`pipeline on Alcantara at ${ALCANTARA_RATE_HZ / decimate} Hz: n ${p.nReference}, recall ${(p.recall * 100).toFixed(1)} %, precision ${(p.precision * 100).toFixed(1)} %, IC ${p.ic.bias_ms.toFixed(1)} ± ${p.ic.sd_ms.toFixed(1)} ms, TO ${p.to.bias_ms.toFixed(1)} ± ${p.to.sd_ms.toFixed(1)} ms, contact RMSE ${p.contactTime.rmse_ms.toFixed(1)} ms`);
    }
  });
});
