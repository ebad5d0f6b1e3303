/** Polar PMD frames against the vectors of Polar's own SDK test (AccDataTest.kt), and against random bytes. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePmdFrame, PmdError, pmdSampleTimes } from "../../src/ingest/polar-pmd.js";
import { fromHex } from "../../src/ingest/pgi.js";

interface Vec {
  name: string;
  hex: string;
  factor: number;
  sampleRate_hz: number;
  previous_ns: string | null;
  expect: { measType: number; timestamp_ns: string; compressed: boolean; n: number; first?: number[][]; firstRaw?: number[][]; rangeAbs_g?: number };
}
const V = JSON.parse(readFileSync(new URL("../fixtures/polar-pmd-vectors.json", import.meta.url), "utf8")) as { frames: Vec[] };

describe("Polar PMD frames (Polar SDK test vectors)", () => {
  for (const v of V.frames) {
    it(v.name, () => {
      const f = decodePmdFrame(fromHex(v.hex), v.factor);
      expect({ measType: f.measType, timestamp_ns: String(f.timestamp_ns), compressed: f.compressed, n: f.n }).toEqual({ measType: v.expect.measType, timestamp_ns: v.expect.timestamp_ns, compressed: v.expect.compressed, n: v.expect.n });
      const want = v.expect.first ?? v.expect.firstRaw!.map((s) => s.map((x) => x * v.factor));
      want.forEach((s, k) => s.forEach((x, c) => expect(f.values[3 * k + c]).toBeCloseTo(x, 9)));
      // the SDK's own range check: every sample of the ±8 g compressed stream within range (factor converts to g)
      if (v.expect.rangeAbs_g) for (const x of f.values) expect(Math.abs(x)).toBeLessThanOrEqual(v.expect.rangeAbs_g);
      const t = pmdSampleTimes(f, v.previous_ns === null ? null : BigInt(v.previous_ns), v.sampleRate_hz);
      expect(t[t.length - 1]).toBe(Number(f.timestamp_ns)); // the timestamp is the last sample's
      expect(t[0]).toBeGreaterThanOrEqual(v.previous_ns === null ? 0 : Number(v.previous_ns));
    });
  }

  it("never throws anything but PmdError on random or mutated frames", () => {
    const seeds = V.frames.map((v) => fromHex(v.hex));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 260 }), fc.tuple(fc.constantFrom(...seeds), fc.nat(400), fc.integer({ min: 0, max: 255 })).map(([s, i, b]) => {
        const m = s.slice();
        m[i % m.length] = b;
        return i % 2 === 0 ? m.slice(0, i % m.length) : m;
      })), (bytes) => {
        try {
          const f = decodePmdFrame(bytes);
          expect(f.values.length).toBe(f.n * 3);
        } catch (e) {
          expect(e).toBeInstanceOf(PmdError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
