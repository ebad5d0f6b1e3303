/**
 * The bench suite's simulated sessions: which ones exist, how they are simulated, and the cache that keeps each one
 * on disk between runs (generation costs far more than analysis, so it happens once per parameter set).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveParams, type SimParams } from "../../src/sim/index.js";

/** Bumped when the way the bench writes its files changes, so that old cache entries are not reused. */
const DATA_VERSION = 1;

/** The session lengths the suite knows, by the name `--sizes` takes. */
export const DURATIONS: ReadonlyArray<{ key: string; minutes: number }> = [
  { key: "10m", minutes: 10 },
  { key: "1h", minutes: 60 },
  { key: "3h", minutes: 180 },
  { key: "6h", minutes: 360 },
];

/** The sample rates: 100 and 416 Hz for every length; 200 Hz for the 3-hour file the speed target names. */
export const RATES_HZ = [100, 200, 416] as const;

export interface SessionSpec {
  /** Short name, also the start of the cache file name: "416hz-6h". */
  id: string;
  /** For tables: "6 h, 416 Hz". */
  label: string;
  sizeKey: string;
  minutes: number;
  rate_hz: number;
  params: SimParams;
}

/**
 * A long track session of a runner whose right hip abductors tire: laps with bends, a one-minute walk every 15
 * minutes, a few short Bluetooth gaps (one every ten minutes on average) and a little timestamp jitter, as a real
 * recording would have. The same seed every time, so a cached file is the file a fresh run would write.
 */
export function simParams(minutes: number, rate_hz: number): SimParams {
  return resolveParams("weak-abductor", { seed: 9, minutes, sampleRate_hz: rate_hz, track: true, walkEvery_min: 15, gapsPerMin: 0.1, jitter_ms: 0.2 });
}

/**
 * The sessions to measure: each size at each rate, except that 200 Hz only comes with 3 h unless the caller asked
 * for 200 Hz by name (`explicitRates`).
 */
export function sessionSet(sizeKeys: readonly string[], rates: readonly number[], explicitRates: boolean): SessionSpec[] {
  const out: SessionSpec[] = [];
  for (const d of DURATIONS) {
    if (!sizeKeys.includes(d.key)) continue;
    for (const rate of rates) {
      if (rate === 200 && d.key !== "3h" && !explicitRates) continue;
      const hours = d.minutes >= 60 ? `${d.minutes / 60} h` : `${d.minutes} min`;
      out.push({ id: `${rate}hz-${d.key}`, label: `${hours}, ${rate} Hz`, sizeKey: d.key, minutes: d.minutes, rate_hz: rate, params: simParams(d.minutes, rate) });
    }
  }
  return out;
}

export function defaultCacheDir(): string {
  return process.env.HIPGAIT_BENCH_CACHE ?? join(tmpdir(), "hipgait-bench-cache");
}

/** What the generator leaves beside a finished session file. */
export interface SessionMeta {
  rows: number;
  bytes: number;
  generate_s: number;
  params: SimParams;
}

export interface CachedSession {
  spec: SessionSpec;
  file: string;
  metaFile: string;
}

/** Where a spec's file lives: the name carries a hash of every simulation parameter. */
export function cachePaths(spec: SessionSpec, dir: string): CachedSession {
  const hash = createHash("sha256").update(JSON.stringify({ v: DATA_VERSION, params: spec.params })).digest("hex").slice(0, 12);
  const base = join(dir, `${spec.id}-${hash}`);
  return { spec, file: `${base}.csv`, metaFile: `${base}.json` };
}

/**
 * The metadata of a finished cache entry, or null when the entry is missing or incomplete. The generator renames
 * the session file into place and then its metadata, so an entry with both and matching sizes was written to the end.
 */
export function readCached(c: CachedSession): SessionMeta | null {
  if (!existsSync(c.file) || !existsSync(c.metaFile)) return null;
  try {
    const meta = JSON.parse(readFileSync(c.metaFile, "utf8")) as SessionMeta;
    return statSync(c.file).size === meta.bytes && meta.rows > 0 ? meta : null;
  } catch {
    return null;
  }
}

/** Removes partial files left by generators that are no longer running (an interrupted earlier run). */
export function removeStalePartials(dir: string): number {
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    const m = /\.partial-(\d+)\./.exec(name);
    if (!m) continue;
    if (isRunning(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
