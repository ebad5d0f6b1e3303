/**
 * Accuracy table of the analysis against simulator truth over the issue #3 matrix (every preset; mountings including
 * upside-down and sideways; 100, 200 and 416 Hz; two noise levels; road, or track curves with jitter and gaps).
 * Run: npx tsx bench/accuracy.ts [--quick] [--minutes N]
 */
import { BOUNDS, failures, fullMatrix, quickMatrix, runCase } from "../test/support/matrix.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const mi = args.indexOf("--minutes");
const minutes = mi >= 0 ? Number(args[mi + 1]) : 5;
const cases = quick ? quickMatrix(minutes) : fullMatrix(minutes);

const pct = (x: number): string => (x * 100).toFixed(2).padStart(6);
const num = (x: number, d = 1, w = 6): string => (Number.isFinite(x) ? x.toFixed(d) : "n/a").padStart(w);
console.log(`accuracy matrix: ${cases.length} sessions of ${minutes} min; bounds: recall/precision ≥ ${BOUNDS.recall * 100} %, IC median |err| ≤ ${BOUNDS.icMedianAbs_ms} ms, side ≥ ${BOUNDS.sideCorrect * 100} %, cadence ±${BOUNDS.cadence_spm} spm, contact bias ±${BOUNDS.contactBias_ms} ms RMSE ≤ ${BOUNDS.contactRmse_ms} ms, drop mean ±${BOUNDS.dropMean_deg}° RMSE ≤ ${BOUNDS.dropRmse_deg}°`);
console.log(
  "session".padEnd(52) + " recall  prec  IC|e|ms side%  cad±spm  CTbias CTrmse dropL±  dropR± dropRMS angles%  VObias  result",
);
let failed = 0;
const worst = { recall: 1, precision: 1, ic: 0, side: 1, cad: 0, ctb: 0, ctr: 0, dm: 0, dr: 0 };
for (const c of cases) {
  const s = await runCase(c);
  const f = failures(s);
  if (f.length) failed++;
  worst.recall = Math.min(worst.recall, s.recall);
  worst.precision = Math.min(worst.precision, s.precision);
  worst.ic = Math.max(worst.ic, s.icMedianAbs_ms);
  worst.side = Math.min(worst.side, s.sideCorrect);
  worst.cad = Math.max(worst.cad, Math.abs(s.cadenceError_spm));
  worst.ctb = Math.max(worst.ctb, Math.abs(s.contactBias_ms));
  worst.ctr = Math.max(worst.ctr, s.contactRmse_ms);
  worst.dm = Math.max(worst.dm, Math.abs(s.dropMeanError_deg.left), Math.abs(s.dropMeanError_deg.right));
  worst.dr = Math.max(worst.dr, s.dropRmse_deg);
  console.log(
    c.name.padEnd(52) +
      `${pct(s.recall)} ${pct(s.precision)} ${num(s.icMedianAbs_ms)} ${pct(s.sideCorrect)} ${num(s.cadenceError_spm, 2, 7)} ${num(s.contactBias_ms)} ${num(s.contactRmse_ms)} ${num(s.dropMeanError_deg.left, 2, 7)} ${num(s.dropMeanError_deg.right, 2, 7)} ${num(s.dropRmse_deg, 2, 7)} ${pct(s.dropSteps / Math.max(1, s.recall * s.truthSteps))} ${num(s.voBias_mm, 1, 7)}  ${f.length ? "FAIL " + f.join("; ") : "ok"}`,
  );
}
console.log(
  `\nworst case: recall ${pct(worst.recall)} %, precision ${pct(worst.precision)} %, IC median |err| ${worst.ic.toFixed(1)} ms, side ${pct(worst.side)} %, cadence ${worst.cad.toFixed(2)} spm, contact bias ${worst.ctb.toFixed(1)} ms, contact RMSE ${worst.ctr.toFixed(1)} ms, drop mean ${worst.dm.toFixed(2)}°, drop RMSE ${worst.dr.toFixed(2)}°`,
);
console.log(`${cases.length - failed} of ${cases.length} sessions within all bounds`);
