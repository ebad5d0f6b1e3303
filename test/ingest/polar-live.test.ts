/**
 * A Polar sensor (PMD) as a live source, without a radio: an in-memory device answers START for ACC and GYRO with
 * their factors and streams raw int16 frames of each (the gyroscope sampled 1 ms after the accelerometer, its own
 * timestamps); the client merges them onto the accelerometer's times for the Analyzer.
 */
import { describe, expect, it } from "vitest";
import { encodePmdStart, PolarClient, pmdFactor } from "../../src/ingest/polar-client.js";
import { PMD_CONTROL_UUID, PMD_DATA_UUID } from "../../src/ingest/polar-pmd.js";
import type { Connection } from "../../src/ingest/transport.js";
import { Analyzer } from "../../src/pipeline/analyzer.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

const RATE = 208;
const GYRO_FACTOR = 0.061; // deg/s per count
const params = () => resolveParams("weak-abductor", { minutes: 3, sampleRate_hz: RATE, seed: 8 });

function polarDevice(sim: Simulation): Connection {
  const handlers = new Map<string, (d: Uint8Array) => void>();
  let started = 0;
  const frame = (type: number, ts_ns: bigint, values: number[]): Uint8Array => {
    const out = new Uint8Array(10 + 2 * values.length);
    const v = new DataView(out.buffer);
    out[0] = type;
    v.setBigUint64(1, ts_ns, true);
    out[9] = 1; // raw, int16
    values.forEach((x, i) => v.setInt16(10 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(x))), true));
    return out;
  };
  const stream = (): void => {
    const acc: number[] = [], gyr: number[] = [];
    const t0 = 800_000_000_000_000_000n; // ns since 2000
    const period = 1e9 / RATE;
    let idx = 0;
    const flush = (): void => {
      const last = BigInt(Math.round((idx - 1) * period));
      handlers.get(PMD_DATA_UUID)?.(frame(2, t0 + last, acc.splice(0)));
      handlers.get(PMD_DATA_UUID)?.(frame(5, t0 + last + 1_000_000n, gyr.splice(0)));
    };
    for (const b of sim.blocks()) {
      for (let i = 0; i < b.length; i++) {
        acc.push(b.ax_g[i]! * 1000, b.ay_g[i]! * 1000, b.az_g[i]! * 1000);
        gyr.push(b.gx_dps[i]! / GYRO_FACTOR, b.gy_dps[i]! / GYRO_FACTOR, b.gz_dps[i]! / GYRO_FACTOR);
        if (++idx % 36 === 0) flush();
      }
    }
    if (acc.length > 0) flush();
  };
  return {
    id: "sim-polar",
    mtu: 232,
    read: async () => new Uint8Array(0),
    subscribe: async (_s, c, on) => void handlers.set(c, on),
    onDisconnect: () => undefined,
    disconnect: async () => undefined,
    write: async (_s, c, d) => {
      if (c !== PMD_CONTROL_UUID || d[0] !== 2) return;
      const type = d[1]!;
      const factor = new Uint8Array(4);
      new DataView(factor.buffer).setFloat32(0, type === 5 ? GYRO_FACTOR : 1, true);
      queueMicrotask(() => {
        handlers.get(PMD_CONTROL_UUID)?.(Uint8Array.from([0xf0, 2, type, 0, 0, 5, 1, ...factor]));
        if (++started === 2) setImmediate(stream);
      });
    },
  };
}

describe("Polar PMD live source", () => {
  it("builds the START request from the TLV rules and reads the factor back", () => {
    expect(Array.from(encodePmdStart(2, 208, 8))).toEqual([0x02, 0x02, 0x00, 0x01, 0xd0, 0x00, 0x01, 0x01, 0x10, 0x00, 0x02, 0x01, 0x08, 0x00, 0x04, 0x01, 0x03]);
    const f = new Uint8Array(4);
    new DataView(f.buffer).setFloat32(0, 0.061, true);
    expect(pmdFactor(Uint8Array.from([0x00, 0x01, 0xd0, 0x00, 0x05, 0x01, ...f]))).toBeCloseTo(0.061, 6);
    expect(pmdFactor(new Uint8Array(0))).toBe(1);
  });

  it("merges accelerometer and gyroscope streams into the steps of replay", async () => {
    const direct = new Analyzer({ sampleRate_hz: RATE, frame: "sensor", hasGyro: true, mount: null });
    for (const b of new Simulation(params(), "weak-abductor").blocks()) direct.push(b);
    const want = direct.finish();
    const client = new PolarClient(polarDevice(new Simulation(params(), "weak-abductor")), RATE);
    const live = new Analyzer({ sampleRate_hz: RATE, frame: "sensor", hasGyro: true, mount: null });
    let n = 0;
    await client.start((b) => {
      n += b.length;
      live.push(b);
    });
    await new Promise((r) => setTimeout(r, 100));
    const got = live.finish();
    expect(client.badFrames).toBe(0);
    expect(n).toBeGreaterThan(0.99 * 3 * 60 * RATE);
    expect(Math.abs(got.steps.length - want.steps.length)).toBeLessThanOrEqual(3);
    expect(Math.abs(got.summary.cadence_spm! - want.summary.cadence_spm!)).toBeLessThan(0.3);
    // mG and 0.061 deg/s quantisation and the 1 ms interpolation cost well under a tenth of a degree of drop
    expect(Math.abs(got.summary.pelvic_drop_deg.right! - want.summary.pelvic_drop_deg.right!)).toBeLessThan(0.2);
    expect(Math.abs(got.summary.pelvic_drop_deg.left! - want.summary.pelvic_drop_deg.left!)).toBeLessThan(0.2);
  });
});
