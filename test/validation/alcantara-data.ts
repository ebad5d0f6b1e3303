/**
 * Read-only loader for the public Alcantara sacral-accelerometer + force-treadmill running data, read in place (never
 * copied). Root: `$HIPGAIT_DATASETS/alcantara-sacrum-running/` if that exists, else
 * `<repo>/../shared/datasets/alcantara-sacrum-running/`. Data description: that folder's README.md.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FOLDER = "alcantara-sacrum-running";
/** Sample rate of every channel, Hz (README). */
export const ALCANTARA_RATE_HZ = 500;
/** Samples per trial and channel (README: 2480 = 4.96 s). */
export const ALCANTARA_SAMPLES = 2480;

/** One trial: sample-aligned sacral vertical acceleration (g, gravity included) and vertical GRF (BW). */
export interface AlcantaraTrial {
  readonly index: number;
  /** Treadmill speed, m/s. */
  readonly speed_mps: number;
  /** Treadmill slope, percent grade. */
  readonly slope_pct: number;
  /** Sacral vertical acceleration, g (20 Hz zero-lag low-passed by the authors, negative values clipped to 0). */
  readonly av_g: Float64Array;
  /** Vertical ground reaction force, body weights. */
  readonly force_bw: Float64Array;
}

/** The dataset folder, or null when it is not available. */
export function alcantaraRoot(): string | null {
  const candidates: string[] = [];
  const env = process.env["HIPGAIT_DATASETS"];
  if (env !== undefined && env !== "") candidates.push(resolve(env, FOLDER));
  const here = dirname(fileURLToPath(import.meta.url));
  candidates.push(resolve(here, "..", "..", "..", "shared", "datasets", FOLDER));
  for (const c of candidates) {
    if (existsSync(join(c, "GRF_trials_00-15.csv")) && existsSync(join(c, "Accelerometer_trials_00-15.csv"))) return c;
  }
  return null;
}

function readMatrix(path: string): number[][] {
  return readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(",").map(Number));
}

/** Loads all trials from `root` (see {@link alcantaraRoot}). Throws if the files do not have the documented shape. */
export function loadAlcantara(root: string): AlcantaraTrial[] {
  const acc = readMatrix(join(root, "Accelerometer_trials_00-15.csv"));
  const grf = readMatrix(join(root, "GRF_trials_00-15.csv"));
  const infoLines = readFileSync(join(root, "Sub_Info_trials_00-15.csv"), "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (infoLines[0] ?? "").split(",");
  const speedCol = header.indexOf("Speed"), slopeCol = header.indexOf("Slope");
  if (acc.length !== grf.length || acc.length !== infoLines.length - 1 || speedCol < 0 || slopeCol < 0) {
    throw new Error(`${root}: unexpected file shapes (acc ${acc.length}, grf ${grf.length}, info ${infoLines.length - 1} rows)`);
  }
  return acc.map((row, i) => {
    const f = grf[i]!;
    if (row.length !== 2 * ALCANTARA_SAMPLES || f.length !== ALCANTARA_SAMPLES || row.some((v) => !Number.isFinite(v))) {
      throw new Error(`${root}: trial ${i} has ${row.length} acc / ${f.length} GRF columns or non-numeric cells`);
    }
    const info = (infoLines[i + 1] ?? "").split(",");
    return {
      index: i,
      speed_mps: Number(info[speedCol]),
      slope_pct: Number(info[slopeCol]),
      av_g: Float64Array.from(row.slice(0, ALCANTARA_SAMPLES)),
      force_bw: Float64Array.from(f),
    };
  });
}
