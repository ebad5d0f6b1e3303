/** A short simulated session, written as a session file and analysed end to end, for the export tests. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeFile } from "../../src/pipeline/analyze-file.js";
import type { AnalysisDocument } from "../../src/pipeline/document.js";
import { resolveParams, Simulation, simulateToFile } from "../../src/sim/index.js";

/** The started_at the simulator writes into every session file. */
export const SIM_STARTED_AT = "2026-01-01T08:00:00Z";

/**
 * 10 s standing, 40 s of running with two lost-data gaps, 10 s standing: a minute of data that analyses in well
 * under a second and has steps with every kind of null (the last step before the standing has no step time; steps
 * right after a gap have no pelvic angles).
 */
export async function simulatedDocument(): Promise<{ doc: AnalysisDocument; session: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "hipgait-export-"));
  const session = join(dir, "short-run.csv");
  const sim = new Simulation(resolveParams("weak-abductor", { minutes: 40 / 60, seed: 7, gapsPerMin: 3, gapMean_ms: 400 }), "weak-abductor");
  await simulateToFile(sim, { out: session });
  return { doc: await analyzeFile(session), session, dir };
}
