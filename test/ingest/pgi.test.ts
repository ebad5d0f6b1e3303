/** PGI v1 codec against the golden vectors (built independently with Python's struct) and against random bytes. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeDataFrame, decodeResponse, decodeSetConfigResponse, encodeDataFrame, encodeRequest, encodeSetConfigResponse, fromHex, PgiError, setConfigPayload, toHex } from "../../src/ingest/pgi.js";

interface Vectors {
  data: Array<{ name: string; hex: string; decoded: { version: number; type: number; n: number; seq: number; cfgId: number; flags: number; idx0: number; t0_us: number; channels: number; samples: number[] } }>;
  skipped: Array<{ name: string; hex: string }>;
  invalid: Array<{ name: string; hex: string; error: string }>;
  control: Array<{ name: string; hex: string; op: number; reqId: number; payload?: string; status?: number; statusName?: string; config?: { odr_hz: number; accRange_g: number; gyroRange_dps: number; maxLatency_ms: number }; decoded?: { cfgId: number; odr_hz: number; accScale_mps2: number; gyroScale_dps: number; nPerFrame: number } }>;
}
const V = JSON.parse(readFileSync(new URL("../../firmware-protocol/vectors.json", import.meta.url), "utf8")) as Vectors;

describe("PGI v1 DATA frames", () => {
  for (const v of V.data) {
    it(`decodes and re-encodes ${v.name}`, () => {
      const f = decodeDataFrame(fromHex(v.hex))!;
      expect({ ...f, samples: Array.from(f.samples) }).toEqual(v.decoded);
      expect(toHex(encodeDataFrame({ type: f.type, seq: f.seq, cfgId: f.cfgId, flags: f.flags, idx0: f.idx0, t0_us: f.t0_us, samples: Int16Array.from(v.decoded.samples) }))).toBe(v.hex);
    });
  }

  it("skips frame types it does not know", () => {
    for (const v of V.skipped) expect(decodeDataFrame(fromHex(v.hex))).toBeNull();
  });

  it("refuses malformed frames with a message saying what was expected", () => {
    for (const v of V.invalid) expect(() => decodeDataFrame(fromHex(v.hex)), v.name).toThrow(v.error);
  });

  it("never throws anything but PgiError on random or mutated bytes", () => {
    const seeds = V.data.map((v) => fromHex(v.hex));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.tuple(fc.constantFrom(...seeds), fc.nat(300), fc.integer({ min: 0, max: 255 })).map(([s, i, b]) => {
        const m = s.slice();
        if (m.length > 0) m[i % m.length] = b;
        return i % 3 === 0 ? m.slice(0, i % m.length) : m;
      })), (bytes) => {
        try {
          const f = decodeDataFrame(bytes);
          if (f) expect(f.samples.length).toBe(f.n * f.channels);
        } catch (e) {
          expect(e).toBeInstanceOf(PgiError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("PGI v1 CONTROL", () => {
  const byName = (n: string) => V.control.find((c) => c.name === n)!;

  it("encodes requests as the vectors say", () => {
    expect(toHex(encodeRequest(0x01, 0x11))).toBe(byName("get-info-request").hex);
    const c = byName("set-config-request").config!;
    expect(toHex(encodeRequest(0x02, 0x12, setConfigPayload(c.odr_hz, c.accRange_g, c.gyroRange_dps, c.maxLatency_ms)))).toBe(byName("set-config-request").hex);
    expect(toHex(encodeRequest(0x03, 0x13, Uint8Array.of(1)))).toBe(byName("start-request").hex);
  });

  it("decodes responses, the config's scale factors included", () => {
    const v = byName("set-config-response");
    const r = decodeResponse(fromHex(v.hex));
    expect(r).toMatchObject({ op: 2, reqId: 0x12, status: 0, statusName: "OK" });
    const cfg = decodeSetConfigResponse(r.payload);
    expect(cfg).toEqual(v.decoded);
    expect(toHex(encodeSetConfigResponse(cfg))).toBe(toHex(r.payload));
    expect(decodeResponse(fromHex(byName("start-bad-state-response").hex))).toMatchObject({ status: 3, statusName: "BAD_STATE" });
    expect(() => decodeResponse(Uint8Array.of(0xf1, 2, 3, 0))).toThrow("expected 0xf0");
  });
});
