/** Movesense GSP v1: the subscribe command of the research note, IMU6 frames built independently, random bytes. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeGspNotification, encodeSubscribe, GspError, imu6Path } from "../../src/ingest/movesense.js";
import { fromHex, toHex } from "../../src/ingest/pgi.js";

const V = JSON.parse(readFileSync(new URL("../fixtures/movesense-gsp-vectors.json", import.meta.url), "utf8")) as {
  subscribe: { ref: number; path: string; hex: string };
  imu6: { hex: string; ref: number; timestamp_ms: number; acc_mps2: number[][]; gyro_dps: number[][] };
  result: { hex: string };
  invalid: Array<{ hex: string; error: string }>;
};

describe("Movesense GSP v1", () => {
  it("encodes SUBSCRIBE /Meas/IMU6/208 byte for byte", () => {
    expect(imu6Path(208)).toBe(V.subscribe.path);
    expect(toHex(encodeSubscribe(V.subscribe.ref, V.subscribe.path))).toBe(V.subscribe.hex);
    expect(() => encodeSubscribe(0, "/Meas/IMU6/208")).toThrow(GspError);
  });

  it("decodes blocked IMU6 data to g and deg/s", () => {
    const d = decodeGspNotification(fromHex(V.imu6.hex))!;
    expect(d).toMatchObject({ ref: V.imu6.ref, timestamp_ms: V.imu6.timestamp_ms, n: 2 });
    V.imu6.acc_mps2.forEach(([x, y, z], i) => {
      expect(d.ax_g[i]).toBeCloseTo(x! / 9.80665, 12);
      expect(d.ay_g[i]).toBeCloseTo(y! / 9.80665, 12);
      expect(d.az_g[i]).toBeCloseTo(z! / 9.80665, 12);
    });
    V.imu6.gyro_dps.forEach(([x, y, z], i) => {
      expect([d.gx_dps[i], d.gy_dps[i], d.gz_dps[i]]).toEqual([x, y, z]);
    });
    expect(d.az_g[1]).toBeCloseTo(2, 6); // 19.6133 m/s² is 2 g
  });

  it("passes command results through and refuses malformed data", () => {
    expect(decodeGspNotification(fromHex(V.result.hex))).toBeNull();
    for (const bad of V.invalid) expect(() => decodeGspNotification(fromHex(bad.hex))).toThrow(bad.error);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 250 }), (b) => {
        try {
          decodeGspNotification(b);
        } catch (e) {
          expect(e).toBeInstanceOf(GspError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
