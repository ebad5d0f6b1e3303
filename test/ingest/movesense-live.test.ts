/**
 * A Movesense sensor (GATT SensorData firmware) as a live source, without a radio: an in-memory device sends IMU6
 * notifications of 8 float samples built from the simulator (device clock 80 ppm slow, 32-bit ms clock near its
 * wrap, 1 % of notifications lost, one sent twice); the samples feed the Analyzer like any other source.
 */
import { describe, expect, it } from "vitest";
import { GSP_NOTIFY_UUID, GSP_WRITE_UUID } from "../../src/ingest/movesense.js";
import { MovesenseClient } from "../../src/ingest/movesense-client.js";
import type { Connection } from "../../src/ingest/transport.js";
import { Rng } from "../../src/core/math/rng.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

const RATE = 208;
const params = () => resolveParams("weak-abductor", { minutes: 3, sampleRate_hz: RATE, seed: 7 });

/** The device: answers SUBSCRIBE /Meas/IMU6/208 by streaming the whole simulated run. */
function movesenseDevice(sim: Simulation): Connection & { sent: number; lost: number } {
  let notify: ((d: Uint8Array) => void) | null = null;
  const dev = {
    id: "sim-movesense",
    mtu: 247,
    sent: 0,
    lost: 0,
    async read() {
      return new Uint8Array(0);
    },
    async subscribe(_s: string, c: string, on: (d: Uint8Array) => void) {
      if (c === GSP_NOTIFY_UUID) notify = on;
    },
    onDisconnect() {},
    async disconnect() {},
    async write(_s: string, c: string, data: Uint8Array) {
      if (c !== GSP_WRITE_UUID || data[0] !== 1) return;
      const ref = data[1]!;
      setImmediate(() => {
        const rng = new Rng(9);
        const n = 8, period_ms = (1000 / RATE) * (1 - 80e-6), start_ms = 2 ** 32 - 20_000;
        let idx = 0, k = 0;
        const buf: number[][] = [];
        const send = (first: number): void => {
          const out = new Uint8Array(6 + 24 * n);
          const v = new DataView(out.buffer);
          out[0] = 2;
          out[1] = ref;
          v.setUint32(2, Math.round(start_ms + first * period_ms) % 2 ** 32, true);
          buf.forEach((s, i) => {
            for (let c = 0; c < 3; c++) v.setFloat32(6 + 12 * i + 4 * c, s[c]! * 9.80665, true);
            for (let c = 0; c < 3; c++) v.setFloat32(6 + 12 * n + 12 * i + 4 * c, s[3 + c]!, true);
          });
          dev.sent++;
          if (rng.uniform() < 0.01) dev.lost++;
          else {
            notify?.(out);
            if (++k === 50) notify?.(out); // one notification twice
          }
        };
        for (const b of sim.blocks()) {
          for (let i = 0; i < b.length; i++) {
            buf.push([b.ax_g[i]!, b.ay_g[i]!, b.az_g[i]!, b.gx_dps[i]!, b.gy_dps[i]!, b.gz_dps[i]!]);
            idx++;
            if (buf.length === n) {
              send(idx - n);
              buf.length = 0;
            }
          }
        }
      });
    },
  };
  return dev;
}

describe("Movesense live source", () => {
  it("gives the steps of replay from float IMU6 notifications, with lost ones as gaps and the clock fitted", async () => {
    const direct = new Analyzer({ sampleRate_hz: RATE, frame: "sensor", hasGyro: true, mount: null });
    for (const b of new Simulation(params(), "weak-abductor").blocks()) direct.push(b);
    const want = direct.finish();

    const dev = movesenseDevice(new Simulation(params(), "weak-abductor"));
    const client = new MovesenseClient(dev, RATE);
    const live = new Analyzer({ sampleRate_hz: RATE, frame: "sensor", hasGyro: true, mount: null });
    let lastT = -1, backwards = 0;
    await client.start((b) => {
      for (let i = 0; i < b.length; i++) {
        if (b.t_s[i]! <= lastT) backwards++;
        lastT = b.t_s[i]!;
      }
      live.push(b);
    });
    await new Promise((r) => setTimeout(r, 50));
    const got = live.finish();
    expect(dev.lost).toBeGreaterThan(0);
    expect(client.stats.lostSamples).toBe(8 * dev.lost);
    expect(client.stats.duplicateSamples).toBe(8);
    expect(backwards).toBe(0);
    expect(Math.abs(client.stats.period_s * RATE - (1 - 80e-6))).toBeLessThan(5e-6);
    // each lost notification is a gap the contact detector restarts after (about two steps each)
    expect(client.gaps.length).toBeLessThanOrEqual(dev.lost); // two losses in a row make one gap
    expect(client.gaps.length).toBeGreaterThan(0.9 * dev.lost);
    expect(got.steps.length).toBeGreaterThan(want.steps.length - 3 * client.gaps.length);
    expect(Math.abs(got.summary.cadence_spm! - want.summary.cadence_spm!)).toBeLessThan(0.5);
    expect(Math.abs(got.summary.pelvic_drop_deg.right! - want.summary.pelvic_drop_deg.right!)).toBeLessThan(0.3);
  });

  it("refuses a rate the sensor does not offer and times out without data", async () => {
    const silent: Connection = { id: "mute", mtu: 23, read: async () => new Uint8Array(0), write: async () => undefined, subscribe: async () => undefined, onDisconnect: () => undefined, disconnect: async () => undefined };
    expect(() => new MovesenseClient(silent, 200)).toThrow(/expected one of 13, 26/);
    await expect(new MovesenseClient(silent, 104, 50).start(() => undefined)).rejects.toThrow(/GATT SensorData firmware/);
  });
});
