/**
 * Child process of bench/suite.ts: simulates one session into the cache. Args: MINUTES RATE_HZ FILE META_FILE.
 * Writes under temporary names and renames the session file, then its metadata, into place when done, so an
 * interrupted generation is never taken for a finished one. Sends {progress} and finally {done} over IPC.
 */
import { statSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { createSessionWriter } from "../../src/session/index.js";
import { Simulation, writeSamples } from "../../src/sim/index.js";
import { simParams, type SessionMeta } from "./sessions.js";

const [minutes, rate, file, metaFile] = process.argv.slice(2);
if (minutes === undefined || rate === undefined || file === undefined || metaFile === undefined) {
  console.error("usage: generate-child.ts MINUTES RATE_HZ FILE META_FILE");
  process.exit(2);
}
const send = (m: unknown): void => {
  process.send?.(m);
};

const t0 = performance.now();
const params = simParams(Number(minutes), Number(rate));
const sim = new Simulation(params, "weak-abductor");
// ends in .csv, so the writer does not gzip it
const tmp = file.replace(/\.csv$/, `.partial-${process.pid}.csv`);
const tmpMeta = metaFile.replace(/\.json$/, `.partial-${process.pid}.json`);
// the metadata and decimals `hipgait simulate` writes (src/sim/simulate.ts), without the ground-truth pass
const writer = await createSessionWriter(tmp, {
  metadata: { sample_rate_hz: params.sampleRate_hz, sensor: "hipgait-sim (LSM6DS3TR-C model)", firmware: "simulator", runner: "simulated (weak-abductor)", started_at: "2026-01-01T08:00:00Z", notes: `bench session, seed ${params.seed}`, time_unit: "s", acc_unit: "g", gyro_unit: "dps" },
  columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"],
  decimals: [6, 5, 5, 5, 3, 3, 3],
});
await writeSamples(sim, writer, (fraction) => send({ progress: fraction }));
const { size } = statSync(tmp);
const meta: SessionMeta = { rows: sim.emitted, bytes: size, generate_s: (performance.now() - t0) / 1000, params };
await writeFile(tmpMeta, `${JSON.stringify(meta, null, 1)}\n`);
await rename(tmp, file);
await rename(tmpMeta, metaFile);
send({ done: meta });
