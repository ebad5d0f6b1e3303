/**
 * Every live driver through a link that drops every 30 s for 5 minutes (down 1.5 s each time), with notifications
 * lost on the air and some delivered twice: the driver reconnects each time, the samples lost meanwhile become
 * gaps, none is delivered twice, time only moves forward, and the analysis still agrees with replaying the
 * simulator's own samples. The sensors are the in-memory devices of src/ingest/sim-sensor.ts speaking each
 * vendor's protocol.
 */
import { describe, expect, it } from "vitest";
import { keepConnected } from "../../src/ingest/live.js";
import { MovesenseClient } from "../../src/ingest/movesense-client.js";
import { PgiClient } from "../../src/ingest/pgi-client.js";
import type { StreamBlock, StreamStats } from "../../src/ingest/pgi-stream.js";
import { PolarClient } from "../../src/ingest/polar-client.js";
import { SimulatedSensor, type SimProtocol } from "../../src/ingest/sim-sensor.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

const RATE = 208;
const params = () => resolveParams("weak-abductor", { minutes: 5, sampleRate_hz: RATE, seed: 21 });

interface Driver {
  start(on: (b: StreamBlock) => void): Promise<unknown>;
  resume(conn: SimulatedSensor): Promise<void>;
  stats: StreamStats;
  gaps: Array<[number, number]>;
}

function driver(protocol: SimProtocol, sensor: SimulatedSensor): Driver {
  if (protocol === "movesense") return new MovesenseClient(sensor, RATE);
  if (protocol === "polar") return new PolarClient(sensor, RATE);
  const c = new PgiClient(sensor);
  return {
    start: (on) => c.start(on),
    resume: (conn) => c.resume(conn),
    get stats() {
      return c.stream!.stats;
    },
    get gaps() {
      return c.stream!.gaps;
    },
  };
}

describe.each<SimProtocol>(["pgi", "movesense", "polar"])("%s through a link that drops every 30 s", (protocol) => {
  it("reconnects, marks the gaps, delivers nothing twice and agrees with replay", async () => {
    const direct = new Analyzer({ sampleRate_hz: RATE, frame: "sensor", hasGyro: true, mount: null });
    for (const b of new Simulation(params(), "weak-abductor").blocks()) direct.push(b);
    const want = direct.finish();

    const sensor = new SimulatedSensor(protocol, new Simulation(params(), "weak-abductor"), { dropEvery_s: 30, downtime_s: 1.5, frameLoss: 0.003, clockError_ppm: -60, seed: 4 });
    // every 97th notification arrives twice (a retransmission the host sees again)
    const subscribe = sensor.subscribe.bind(sensor);
    let k = 0, repeated = 0;
    sensor.subscribe = (s, c, on) =>
      subscribe(s, c, (d) => {
        on(d);
        if (++k % 97 === 0) {
          repeated++;
          on(d);
        }
      });
    const client = driver(protocol, sensor);
    const live = new Analyzer({ sampleRate_hz: RATE, frame: "sensor", hasGyro: true, mount: null });
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
    await new Promise((r) => setTimeout(r, 20));
    const got = live.finish();
    const st = client.stats;
    if (process.env.HIPGAIT_VERBOSE) console.log(protocol, JSON.stringify({ sent, st, gaps: client.gaps.length, drops: sensor.drops, steps: [got.steps.length, want.steps.length], cadence: [got.summary.cadence_spm, want.summary.cadence_spm], drop: [got.summary.pelvic_drop_deg, want.summary.pelvic_drop_deg] }));

    expect(sensor.drops).toBe(Math.floor(sent.samples / RATE / 30));
    expect(links.count()).toBe(sensor.drops);
    expect(repeated).toBeGreaterThan(0);
    expect(backwards).toBe(0); // no sample twice, time only forward
    expect(client.gaps.length).toBeGreaterThanOrEqual(sensor.drops);
    // what did not arrive is what the driver counts as lost (Movesense and Polar infer it from device time)
    expect(Math.abs(sent.samples - samples - st.lostSamples)).toBeLessThanOrEqual(protocol === "pgi" ? 0 : 2 * sensor.drops + 40);
    // each drop loses about its downtime, plus the lost notifications
    expect(st.lostSamples / RATE).toBeGreaterThan(sensor.drops * 1.5 - 0.2);
    expect(st.lostSamples / RATE).toBeLessThan(sensor.drops * 1.5 + 3);
    // the device clock (60 ppm slow) is recovered from its timestamps, not from arrival
    expect(Math.abs(st.period_s * RATE - (1 - 60e-6))).toBeLessThan(5e-6);
    // gaps cost the steps around them; the metrics agree with replay
    expect(got.steps.length).toBeGreaterThan(0.9 * want.steps.length);
    expect(Math.abs(got.summary.cadence_spm! - want.summary.cadence_spm!)).toBeLessThan(0.5);
    expect(Math.abs(got.summary.pelvic_drop_deg.left! - want.summary.pelvic_drop_deg.left!)).toBeLessThan(0.3);
    expect(Math.abs(got.summary.pelvic_drop_deg.right! - want.summary.pelvic_drop_deg.right!)).toBeLessThan(0.3);
  });
});
