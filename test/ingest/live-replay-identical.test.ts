/**
 * For the same samples, the live path and the file replay path give identical step results: a simulated sensor
 * streams through its driver into a LiveSession that records; the recording, read back by the session reader and
 * analysed as `hipgait analyze` does, gives exactly the live steps (every field, every step), for each protocol.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LiveSession } from "../../src/ingest/live.js";
import { MovesenseClient } from "../../src/ingest/movesense-client.js";
import { PgiClient } from "../../src/ingest/pgi-client.js";
import type { StreamBlock } from "../../src/ingest/pgi-stream.js";
import { PolarClient } from "../../src/ingest/polar-client.js";
import { SimulatedSensor, type SimProtocol } from "../../src/ingest/sim-sensor.js";
import { analyzeFile } from "../../src/pipeline/analyze-file.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { openSession } from "../../src/session/index.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

const dir = mkdtempSync(join(tmpdir(), "hipgait-identical-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each<SimProtocol>(["pgi", "movesense", "polar"])("live vs replay of its recording (%s)", (protocol) => {
  it("gives identical steps", async () => {
    const sim = new Simulation(resolveParams("weak-abductor", { minutes: 4, sampleRate_hz: 208, seed: 31 }), "weak-abductor");
    const sensor = new SimulatedSensor(protocol, sim, { frameLoss: 0.005, clockError_ppm: 70, seed: 9 });
    const rec = join(dir, `${protocol}.csv`);
    const live = await LiveSession.open({ sampleRate_hz: 208, hasGyro: true, record: rec, device: sensor.id });
    // pushed as notifications arrive, without waiting for the recording (LiveSession keeps analysis and rows in order)
    const on = (b: StreamBlock): void => void live.push(b);
    if (protocol === "pgi") await new PgiClient(sensor).start(on);
    else if (protocol === "movesense") await new MovesenseClient(sensor, 208).start(on);
    else await new PolarClient(sensor, 208).start(on);
    await sensor.done;
    const got = await live.close();

    const reader = await openSession(rec);
    const replay = new Analyzer({ sampleRate_hz: reader.header.declaredSampleRate_hz!, frame: reader.header.frame, hasGyro: reader.header.hasGyro, mount: null });
    let rows = 0;
    for await (const b of reader) {
      rows += b.length;
      replay.push(b);
    }
    const want = replay.finish();
    expect(rows).toBe(live.samples);
    expect(got.steps.length).toBeGreaterThan(500);
    expect(got.steps).toEqual(want.steps);
    expect(got.summary).toEqual(want.summary);
    // and what `hipgait analyze` reports of the recording is the live summary
    const doc = await analyzeFile(rec);
    expect(doc.summary.steps).toBe(got.steps.length);
    expect(doc.summary.cadence_spm).toBeCloseTo(got.summary.cadence_spm!, 2);
  }, 60_000);
});
