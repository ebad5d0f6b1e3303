/**
 * PGI CONTROL payloads beyond SET_CONFIG: codecs round-trip and reject short payloads with a message naming the
 * field; the clock sync recovers a known device-host offset across the 32-bit wrap from BLE-like exchanges whose
 * delays are rounded up to connection events; the client reads identity, status and clock from the simulated
 * sensor, and treats firmware without these commands as "unknown", not as an error.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/math/rng.js";
import { PgiClient } from "../../src/ingest/pgi-client.js";
import {
  decodeGyroBiasCalResponse,
  decodeInfo,
  decodeStatus,
  decodeTimeSyncRequest,
  decodeTimeSyncResponse,
  encodeInfo,
  encodeStatus,
  encodeTimeSyncRequest,
  encodeTimeSyncResponse,
  fitClockSync,
  PGI_STATUS_BYTES,
  type PgiInfo,
  type PgiStatus,
} from "../../src/ingest/pgi-control.js";
import { PGI_CONTROL_UUID, PGI_OP, PgiError } from "../../src/ingest/pgi.js";
import { SimulatedPgiSensor } from "../../src/ingest/sim-sensor.js";
import { resolveParams, Simulation } from "../../src/sim/index.js";

const info: PgiInfo = { major: 1, minor: 1, build: 20261126, whoAmI: 0x6a, mounting: 1, rates_hz: [52, 104, 208, 416], accRanges_g: [2, 4, 8, 16], gyroRanges_dps: [250, 500, 1000, 2000], maxN: 19, clock_hz: 1_000_000 };
const status: PgiStatus = { uptime_s: 3725, battery_mv: 3912, battery_pct: 78, temperature_cdeg: -512, fifoOverruns: 1, txQueueFull: 12, samplesDropped: 0, framesSent: 41234, connInterval: 12, mtu: 247, phy: 2 };

describe("PGI control payload codecs", () => {
  it("round-trip, with the spec's sizes", () => {
    expect(decodeInfo(encodeInfo(info))).toEqual(info);
    expect(encodeInfo(info).length).toBe(6 + 2 + 1 + 8 + 1 + 4 + 1 + 8 + 1 + 4);
    expect(encodeStatus(status).length).toBe(PGI_STATUS_BYTES);
    expect(decodeStatus(encodeStatus(status))).toEqual(status);
    const x = { t1_us: 1_795_564_800_123_456, t2_us: 4_294_000_000, t3_us: 4_294_000_350 };
    expect(decodeTimeSyncResponse(encodeTimeSyncResponse(x))).toEqual(x);
    expect(decodeTimeSyncRequest(encodeTimeSyncRequest(x.t1_us))).toBe(x.t1_us);
    expect(decodeGyroBiasCalResponse(Uint8Array.of(0xf2, 0xff, 7, 0, 3, 0))).toEqual([-14, 7, 3]);
  });

  it("names the field where a short payload ends", () => {
    const bytes = encodeInfo(info);
    expect(() => decodeInfo(bytes.subarray(0, 12))).toThrow(PgiError);
    expect(() => decodeInfo(bytes.subarray(0, 12))).toThrow(/GET_INFO response of 12 bytes ends inside rate_hz/);
    expect(() => decodeStatus(new Uint8Array(29))).toThrow(/STATUS body of 29 bytes ends inside phy/);
    expect(() => decodeTimeSyncResponse(new Uint8Array(15))).toThrow(/TIME_SYNC response of 15 bytes ends inside t3/);
  });

  it("decodes random bytes to a value or a PgiError, nothing else", () => {
    const rng = new Rng(3);
    for (let k = 0; k < 3000; k++) {
      const b = Uint8Array.from({ length: Math.floor(rng.uniform() * 40) }, () => Math.floor(rng.uniform() * 256));
      for (const f of [decodeInfo, decodeStatus, decodeTimeSyncResponse, decodeGyroBiasCalResponse]) {
        try {
          f(b);
        } catch (e) {
          expect(e).toBeInstanceOf(PgiError);
        }
      }
    }
  });
});

describe("clock sync", () => {
  it("recovers the device-host offset within half the best round trip, across the 32-bit wrap", () => {
    const rng = new Rng(11);
    const interval_us = 15_000; // 15 ms connection interval: every transfer waits for a connection event
    for (let trial = 0; trial < 50; trial++) {
      // device clock = host clock + theta (mod 2^32); place the device clock a few seconds before its wrap
      const host0 = 1_795_564_800_000_000 + Math.floor(rng.uniform() * 1e9);
      const theta = 2 ** 32 - 3_000_000 - (host0 % 2 ** 32) + Math.floor(rng.uniform() * 1000);
      const dev = (h: number): number => (((h + theta) % 2 ** 32) + 2 ** 32) % 2 ** 32;
      const xs = [];
      let h = host0;
      for (let i = 0; i < 20; i++) {
        const t1 = h;
        const up = interval_us * rng.uniform() + 300; // to the next connection event, plus air time
        const work = 100 + 200 * rng.uniform();
        const down = interval_us * Math.ceil(rng.uniform() * 2) * rng.uniform() + 300; // sometimes a whole event later
        const t2 = dev(t1 + up), t3 = dev(t1 + up + work);
        const t4 = t1 + up + work + down;
        xs.push({ t1_us: t1, t2_us: t2, t3_us: t3, t4_us: t4 });
        h = t4 + 5000;
      }
      const sync = fitClockSync(xs);
      // a device time read 2 s later (after the wrap) maps back to the host time it was taken at
      const hLater = h + 2_000_000;
      const err_us = sync.toHost_us(dev(hLater)) - hLater;
      expect(Math.abs(err_us)).toBeLessThanOrEqual(sync.rtt_us / 2 + 1);
      expect(Math.abs(err_us)).toBeLessThan(8000);
    }
  });
});

describe("PgiClient: identity, status and clock from the sensor", () => {
  const sensor = () => new SimulatedPgiSensor(new Simulation(resolveParams("healthy", { minutes: 1, sampleRate_hz: 208, seed: 2 }), "healthy"));

  it("reads GET_INFO, GET_STATUS and a clock sync that places the first sample at the time it was taken", async () => {
    const s = sensor();
    const c = new PgiClient(s);
    const got = await c.getInfo();
    expect(got).toMatchObject({ major: 1, whoAmI: 0x6a, maxN: 19 });
    expect((await c.getStatus())?.battery_pct).toBeGreaterThan(0);
    const before = Date.now();
    const sync = await c.timeSync(20);
    expect(sync).not.toBeNull();
    expect(sync!.exchanges).toBe(20);
    await c.configure();
    await c.begin(() => undefined);
    await s.done;
    // the simulated device's clock stands still before START, so its first sample maps to the sync's time
    const first_ms = sync!.toHost_us(c.stream!.originDevice_us) / 1000;
    expect(first_ms).toBeGreaterThanOrEqual(before - 5);
    expect(first_ms).toBeLessThanOrEqual(Date.now());
  });

  it("gives null, not an error, from firmware that answers UNKNOWN_OP", async () => {
    const s = sensor();
    const write = s.write.bind(s);
    s.write = async (svc, ch, data) => {
      if (ch === PGI_CONTROL_UUID && [PGI_OP.GET_INFO, PGI_OP.GET_STATUS, PGI_OP.TIME_SYNC].includes(data[0] as 1)) return write(svc, ch, Uint8Array.of(0x7f, data[1]!));
      return write(svc, ch, data);
    };
    const c = new PgiClient(s);
    expect(await c.getInfo()).toBeNull();
    expect(await c.getStatus()).toBeNull();
    expect(await c.timeSync(3)).toBeNull();
    expect((await c.configure()).cfgId).toBe(3); // and streaming still works
  });

  it("refuses a sensor that speaks another protocol major", async () => {
    const s = sensor();
    const c = new PgiClient(s);
    const write = s.write.bind(s);
    s.write = async (svc, ch, data) => {
      if (ch !== PGI_CONTROL_UUID || data[0] !== PGI_OP.GET_INFO) return write(svc, ch, data);
      const out = new Uint8Array(4 + encodeInfo(info).length);
      out.set([0xf0, data[0]!, data[1]!, 0]);
      out.set(encodeInfo({ ...info, major: 2 }), 4);
      queueMicrotask(() => subscribed?.(out));
    };
    let subscribed: ((d: Uint8Array) => void) | undefined;
    const sub = s.subscribe.bind(s);
    s.subscribe = async (svc, ch, on) => {
      if (ch === PGI_CONTROL_UUID) subscribed = on;
      return sub(svc, ch, on);
    };
    await expect(c.getInfo()).rejects.toThrow("sim-pgi: the sensor speaks PGI 2.1; this hipgait speaks PGI 1: update the one that is older");
  });
});
