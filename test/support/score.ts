/**
 * Scores an analysis document against simulator truth (used by the accuracy tests and bench/accuracy.ts).
 * Matching and error statistics come from src/events/evaluation.ts; nothing here estimates anything.
 */
import { errorStats, matchEvents } from "../../src/events/evaluation.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import type { SimTruth } from "../../src/sim/index.js";

export interface Score {
  truthSteps: number;
  detectedSteps: number;
  recall: number;
  precision: number;
  icMedianAbs_ms: number;
  icBias_ms: number;
  sideCorrect: number;
  cadenceError_spm: number;
  contactBias_ms: number;
  contactRmse_ms: number;
  dropMeanError_deg: { left: number; right: number };
  dropRmse_deg: number;
  /** Matched steps that carried a pelvic drop (others were withheld for orientation uncertainty). */
  dropSteps: number;
  voBias_mm: number;
}

/** IC matching tolerance, s (research note §4.3: ±0.05 s for running). */
const TOLERANCE_S = 0.05;

export function scoreAgainstTruth(doc: AnalysisDocument, truth: SimTruth): Score {
  const ref = truth.steps.filter((s) => s.gait === "run" && !s.in_gap);
  const det = doc.steps;
  const m = matchEvents(
    ref.map((s) => s.t),
    det.map((s) => s.t),
    { tolerance_s: TOLERANCE_S },
  );
  let side = 0;
  const ct: number[] = [];
  const drop: number[] = [];
  const vo: number[] = [];
  // per-side means over the same matched steps (steps whose angles were withheld are left out on both sides)
  const dropBySide = { left: [] as number[], right: [] as number[] };
  const truthBySide = { left: [] as number[], right: [] as number[] };
  for (const p of m.pairs) {
    const r = ref[p.referenceIdx]!;
    const d = det[p.detectedIdx]!;
    if (r.side === d.side) side++;
    ct.push(d.contact_time_ms - r.contact_time_ms);
    if (d.pelvic_drop_deg !== null) {
      drop.push(d.pelvic_drop_deg - r.pelvic_drop_deg);
      dropBySide[r.side].push(d.pelvic_drop_deg);
      truthBySide[r.side].push(r.pelvic_drop_deg);
    }
    if (d.vertical_oscillation_mm !== null) vo.push(d.vertical_oscillation_mm - r.vertical_oscillation_mm);
  }
  const mean = (x: number[]): number => (x.length ? x.reduce((a, b) => a + b, 0) / x.length : Number.NaN);
  const truthDrop = (sd: "left" | "right"): number => mean(truthBySide[sd]);
  const ctStats = errorStats(ct);
  return {
    truthSteps: ref.length,
    detectedSteps: det.length,
    recall: m.recall,
    precision: m.precision,
    icMedianAbs_ms: m.errors.medianAbs_ms,
    icBias_ms: m.errors.bias_ms,
    sideCorrect: side / Math.max(1, m.pairs.length),
    cadenceError_spm: (doc.summary.cadence_spm ?? Number.NaN) - truth.summary.cadence_spm,
    contactBias_ms: ctStats.bias_ms,
    contactRmse_ms: ctStats.rmse_ms,
    dropMeanError_deg: { left: mean(dropBySide.left) - truthDrop("left"), right: mean(dropBySide.right) - truthDrop("right") },
    dropRmse_deg: Math.sqrt(mean(drop.map((e) => e * e))),
    dropSteps: drop.length,
    voBias_mm: mean(vo),
  };
}
