/**
 * Live ingest end to end without a radio: a simulated hipgait sensor (PGI v1 over the in-memory transport, raw int16
 * counts, a device clock 150 ppm fast that wraps, 1 % of frames lost) streams a run to PgiClient, whose samples feed
 * the same Analyzer as file replay. The steps must match the analysis of the simulator's own samples.
 */
import { describe, expect, it } from "vitest";
import { keepConnected } from "../../src/ingest/live.js";
import { PgiClient } from "../../src/ingest/pgi-client.js";
import { SimulatedPgiSensor } from "../../src/ingest/sim-sensor.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

const params = () => resolveParams("weak-abductor", { minutes: 3, sampleRate_hz: 208, seed: 12 });

describe("live ingest from a simulated PGI sensor", () => {
  it("gives the steps of file replay, with lost frames as gaps and a fitted clock", async () => {
    const direct = new Analyzer({ sampleRate_hz: 208, frame: "sensor", hasGyro: true, mount: null });
    for (const b of new Simulation(params(), "weak-abductor").blocks()) direct.push(b);
    const want = direct.finish();

    const sensor = new SimulatedPgiSensor(new Simulation(params(), "weak-abductor"), { clockError_ppm: 150, frameLoss: 0.01, clockStart_us: 2 ** 32 - 2_000_000, seed: 5 });
    const client = new PgiClient(sensor);
    const live = new Analyzer({ sampleRate_hz: 208, frame: "sensor", hasGyro: true, mount: null });
    const cfg = await client.start((b) => live.push(b));
    const sent = await sensor.done;
    const got = live.finish();
    if (process.env.HIPGAIT_VERBOSE) console.log(JSON.stringify({ sent, stats: client.stream!.stats, gaps: client.stream!.gaps.length, steps: [got.steps.length, want.steps.length], cadence: [got.summary.cadence_spm, want.summary.cadence_spm], drop: [got.summary.pelvic_drop_deg, want.summary.pelvic_drop_deg] }));

    expect(cfg).toMatchObject({ cfgId: 3, nPerFrame: 19 });
    expect(sent.lostFrames).toBeGreaterThan(0);
    const stats = client.stream!.stats;
    expect(stats.lostSamples).toBe(sent.samples - stats.samples);
    expect(client.stream!.gaps.length).toBeGreaterThan(0);
    expect(Math.abs(stats.period_s * 208 - (1 + 150e-6))).toBeLessThan(2e-6); // the device's own period
    expect(client.badFrames).toBe(0);
    // lost frames cost a few steps around each gap; cadence and drop agree
    expect(got.steps.length).toBeGreaterThan(0.93 * want.steps.length);
    expect(Math.abs(got.summary.cadence_spm! - want.summary.cadence_spm!)).toBeLessThan(0.5);
    expect(Math.abs(got.summary.pelvic_drop_deg.right! - want.summary.pelvic_drop_deg.right!)).toBeLessThan(0.3);
    expect(Math.abs(got.summary.pelvic_drop_deg.left! - want.summary.pelvic_drop_deg.left!)).toBeLessThan(0.3);
  });

  it("fails a pending request at once when the link drops", async () => {
    const sensor = new SimulatedPgiSensor(new Simulation(resolveParams("healthy", { minutes: 1, sampleRate_hz: 104, seed: 1 }), "healthy"));
    // a sensor that never answers: swallow writes
    sensor.write = async () => undefined;
    const client = new PgiClient(sensor, { timeout_ms: 10_000 });
    const started = client.start(() => undefined);
    setTimeout(() => sensor.dropLink("supervision timeout"), 20);
    await expect(started).rejects.toThrow("sim-pgi: link dropped (supervision timeout) with a request pending");
  });

  it("times out a request the device never answers", async () => {
    const sensor = new SimulatedPgiSensor(new Simulation(resolveParams("healthy", { minutes: 1, sampleRate_hz: 104, seed: 1 }), "healthy"));
    sensor.write = async () => undefined;
    const client = new PgiClient(sensor, { timeout_ms: 50 });
    await expect(client.start(() => undefined)).rejects.toThrow(/no answer within 50 ms/);
  });

  it("carries on through a link that drops every 30 s: reconnects, marks the gaps, records nothing twice", async () => {
    const sensor = new SimulatedPgiSensor(new Simulation(resolveParams("healthy", { minutes: 5, sampleRate_hz: 208, seed: 3 }), "healthy"), { dropEvery_s: 30, downtime_s: 1.5 });
    const client = new PgiClient(sensor);
    const live = new Analyzer({ sampleRate_hz: 208, frame: "sensor", hasGyro: true, mount: null });
    let lastT = -1, backwards = 0, samples = 0;
    await client.start((b) => {
      for (let i = 0; i < b.length; i++) {
        if (b.t_s[i]! <= lastT) backwards++;
        lastT = b.t_s[i]!;
      }
      samples += b.length;
      live.push(b);
    });
    let stopped = false;
    const links = keepConnected(client, sensor, () => sensor.reconnect(), { stopped: () => stopped });
    const sent = await sensor.done;
    stopped = true;
    const r = live.finish();
    const st = client.stream!.stats;
    expect(sensor.drops).toBe(Math.floor(sent.samples / 208 / 30)); // at 30, 60, … s of data
    expect(links.count()).toBe(sensor.drops);
    expect(st.duplicateSamples).toBe(0);
    expect(backwards).toBe(0); // times only move forward
    expect(client.stream!.gaps.length).toBeGreaterThanOrEqual(sensor.drops);
    // each drop loses its 1.5 s downtime and nothing more
    expect(sent.samples - samples).toBe(st.lostSamples);
    expect(st.lostSamples / 208).toBeGreaterThan(sensor.drops * 1.5 - 0.1);
    expect(st.lostSamples / 208).toBeLessThan(sensor.drops * 1.5 + 0.5);
    expect(r.summary.cadence_spm).toBeGreaterThan(160);
  });
});

