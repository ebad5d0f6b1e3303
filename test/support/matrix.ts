/** The accuracy matrix of issue #3 and its bounds, shared by the accuracy tests and bench/accuracy.ts. */
import { analysisDocumentSchema } from "../../src/output/schema.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeFile } from "../../src/pipeline/analyze-file.js";
import { resolveParams, Simulation, simulateToFile, type ParamOverrides } from "../../src/sim/index.js";
import { scoreAgainstTruth, type Score } from "./score.js";

export interface Case {
  name: string;
  preset: string;
  overrides: ParamOverrides;
}

/** Acceptance bounds per session (issue #3). */
export const BOUNDS = {
  recall: 0.99,
  precision: 0.99,
  icMedianAbs_ms: 15,
  sideCorrect: 0.99,
  cadence_spm: 0.5,
  contactBias_ms: 15,
  contactRmse_ms: 20,
  dropMean_deg: 0.7,
  dropRmse_deg: 1.2,
} as const;

export function failures(s: Score): string[] {
  const f: string[] = [];
  if (!(s.recall >= BOUNDS.recall)) f.push(`recall ${(s.recall * 100).toFixed(1)}%`);
  if (!(s.precision >= BOUNDS.precision)) f.push(`precision ${(s.precision * 100).toFixed(1)}%`);
  if (!(s.icMedianAbs_ms <= BOUNDS.icMedianAbs_ms)) f.push(`IC |err| ${s.icMedianAbs_ms.toFixed(1)} ms`);
  if (!(s.sideCorrect >= BOUNDS.sideCorrect)) f.push(`side ${(s.sideCorrect * 100).toFixed(1)}%`);
  if (!(Math.abs(s.cadenceError_spm) <= BOUNDS.cadence_spm)) f.push(`cadence ${s.cadenceError_spm.toFixed(2)} spm`);
  if (!(Math.abs(s.contactBias_ms) <= BOUNDS.contactBias_ms)) f.push(`contact bias ${s.contactBias_ms.toFixed(1)} ms`);
  if (!(s.contactRmse_ms <= BOUNDS.contactRmse_ms)) f.push(`contact RMSE ${s.contactRmse_ms.toFixed(1)} ms`);
  for (const side of ["left", "right"] as const) {
    const e = s.dropMeanError_deg[side];
    if (!(Math.abs(e) <= BOUNDS.dropMean_deg)) f.push(`drop ${side} ${e.toFixed(2)} deg`);
  }
  if (!(s.dropRmse_deg <= BOUNDS.dropRmse_deg)) f.push(`drop RMSE ${s.dropRmse_deg.toFixed(2)} deg`);
  return f;
}

const PRESETS = ["healthy", "weak-abductor", "low-cadence", "weak-push-off"];
const MOUNTS = ["upright@0,25,0", "upside-down", "sideways-left@0,15,5", "random"];
const RATES = [100, 200, 416];
const NOISE: Array<[string, ParamOverrides]> = [
  ["low", {}],
  ["high", { accNoise_ugrtHz: 1350, gyroNoise_mdpsrtHz: 60, accBias_g: 0.02, gyroBias_dps: 1.6 }],
];
const CONDITIONS: Array<[string, ParamOverrides]> = [
  ["road", {}],
  ["track+jitter+gaps", { track: true, jitter_ms: 1, gapsPerMin: 1 }],
];

/** The full matrix (every preset × mount × rate × noise × condition), `minutes` each. */
export function fullMatrix(minutes: number): Case[] {
  const out: Case[] = [];
  let seed = 100;
  for (const preset of PRESETS)
    for (const mount of MOUNTS)
      for (const rate of RATES)
        for (const [noise, n] of NOISE)
          for (const [cond, c] of CONDITIONS) {
            out.push({ name: `${preset} ${mount} ${rate}Hz ${noise} ${cond}`, preset, overrides: { minutes, mount, sampleRate_hz: rate, seed: seed++, ...n, ...c } });
          }
  return out;
}

/** A cover of the matrix small enough for CI: every preset, mount, rate, noise level and condition appears. */
export function quickMatrix(minutes: number): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < 8; i++) {
    const preset = PRESETS[i % 4]!;
    const mount = MOUNTS[(i + Math.floor(i / 4)) % 4]!;
    const rate = RATES[i % 3]!;
    const [noise, n] = NOISE[Math.floor(i / 2) % 2]!;
    const [cond, c] = CONDITIONS[i % 2]!;
    out.push({ name: `${preset} ${mount} ${rate}Hz ${noise} ${cond}`, preset, overrides: { minutes, mount, sampleRate_hz: rate, seed: 500 + i, ...n, ...c } });
  }
  return out;
}

/** Simulates a case to a temporary CSV, analyses the file end to end, scores it. */
export async function runCase(c: Case): Promise<Score> {
  const dir = mkdtempSync(join(tmpdir(), "hipgait-acc-"));
  try {
    const file = join(dir, "run.csv");
    const sim = new Simulation(resolveParams(c.preset, c.overrides), c.preset);
    const truth = await simulateToFile(sim, { out: file });
    const doc = await analyzeFile(file);
    // The writer checks steps only lightly (output/json.ts stepJson); the whole schema holds on every session here.
    const checked = analysisDocumentSchema.safeParse(doc);
    if (!checked.success) throw new Error(`${c.name}: the document does not match the schema: ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return scoreAgainstTruth(doc, truth);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
