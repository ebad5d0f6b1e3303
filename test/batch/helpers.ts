/** Short simulated sessions with chosen start times, and a capturing CLI io, for the batch and trend tests. */
import { Writable } from "node:stream";
import type { CliIo } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";
import { createSessionWriter } from "../../src/session/writer.js";
import { resolveParams, Simulation, writeSamples, type ParamOverrides } from "../../src/sim/index.js";

/** Writes a simulated session file (100 Hz, `minutes` of running between short standing periods). */
export async function writeSession(path: string, opts: { startedAt?: string | undefined; minutes?: number; seed: number; preset?: string; overrides?: ParamOverrides }): Promise<void> {
  const preset = opts.preset ?? "healthy";
  const p = resolveParams(preset, { minutes: opts.minutes ?? 2, sampleRate_hz: 100, seed: opts.seed, ...opts.overrides });
  const writer = await createSessionWriter(path, {
    metadata: { sample_rate_hz: 100, ...(opts.startedAt !== undefined ? { started_at: opts.startedAt } : {}), time_unit: "s", acc_unit: "g", gyro_unit: "dps" },
    columns: ["t", "ax", "ay", "az", "gx", "gy", "gz"],
    decimals: [6, 5, 5, 5, 3, 3, 3],
    overwrite: true,
  });
  await writeSamples(new Simulation(p, preset), writer);
}

class Capture extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** Runs the CLI's main() with captured stdout and stderr (neither a terminal). */
export async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture(), stderr = new Capture();
  const io: CliIo = { stdout, stderr };
  const code = await main(argv, io);
  return { code, out: stdout.text, err: stderr.text };
}
