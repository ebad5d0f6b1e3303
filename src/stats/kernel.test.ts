import { describe, expect, it } from "vitest";
import { Rng } from "../core/math/rng.js";
import { finiteValues, linearTrend, meanDiffCi, politisWhiteBlockLength, singleChangePoint } from "./index.js";
import { statsKernel } from "./kernel.js";

/** An AR(1) series with a mean shift from index shiftAt on and a NaN every 97 values (from index 13). */
function ar1(seed: number, n: number, phi: number, offset: number, shiftAt: number, shift: number): Float64Array {
  const r = new Rng(seed);
  const x = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    v = phi * v + r.normal();
    x[i] = offset + v + (i >= shiftAt ? shift : 0);
    if (i % 97 === 13) x[i] = Number.NaN;
  }
  return x;
}

/**
 * The statistics' loops moved from JavaScript into the WebAssembly kernel (assembly/stats.ts) operation for
 * operation. These results were computed by the JavaScript implementation before the move (commit cc860c7); the
 * kernel must give them to the last bit, as the fatigue sections of existing reports depend on them.
 */
const BEFORE = {"meanDiffCi":{"delta":0.060223735818880186,"meanFresh":249.9637961056854,"meanFatigued":250.02401984150427,"effectSize":0.047641246132560454,"nFresh":1484,"nFatigued":1682,"ci95":[-0.11721545780453882,0.22518330757455104],"blockLength":24},"linearTrend":{"slope_per_s":-0.0024036037947391562,"slope_per_10min":-1.4421622768434939,"intercept":170.48327340835053,"n":2969,"ci95":[-1.811421716349444,-1.0729028373375438],"se_per_10min":0.1883242788822635,"lag":8,"prewhitenRho":0.8116845311964357},"singleChangePoint":{"index":137,"t_s":null,"before":3.8630302408182904,"after":4.963323875580932,"delta":1.1002936347626417,"statistic":1.7368282699790398,"pValue":0.006,"significant":true,"nullRho":0.5290277904891436,"n":178},"noChange":{"index":137,"t_s":null,"before":-0.24810871023133343,"after":0.8906801946171935,"delta":1.138788904848527,"statistic":0.6200026630629513,"pValue":1,"significant":false,"nullRho":0.4096459218348577,"n":148},"blockLength":114};

describe("statistics kernel", () => {
  const minutes = (seed: number, n: number, phi: number, offset: number, shiftAt: number, shift: number): Float64Array =>
    ar1(seed, n, phi, offset, shiftAt, shift).filter((v) => !Number.isNaN(v));

  it("gives the JavaScript implementation's results to the bit", () => {
    const t = Float64Array.from({ length: 3000 }, (_, i) => i * 0.36);
    const y = ar1(3, 3000, 0.8, 170, 1500, -1.5);
    expect(meanDiffCi(ar1(1, 1500, 0.6, 250, 1e9, 0), ar1(2, 1700, 0.6, 250, 1e9, 0.8))).toEqual(BEFORE.meanDiffCi);
    expect(linearTrend(t, y)).toEqual(BEFORE.linearTrend);
    expect(singleChangePoint(minutes(4, 180, 0.5, 4, 120, 0.9))).toEqual(BEFORE.singleChangePoint);
    expect(singleChangePoint(minutes(5, 150, 0.3, 0, 1e9, 0))).toEqual(BEFORE.noChange);
    expect(politisWhiteBlockLength(finiteValues(y))).toBe(BEFORE.blockLength);
  });

  it("gives its work arrays back, and grows its memory for a long series", () => {
    const k = statsKernel();
    const before = k.frame(0);
    k.release(before);
    const long = ar1(6, 200_000, 0.5, 10, 100_000, 0.2);
    const t = Float64Array.from({ length: long.length }, (_, i) => i);
    expect(linearTrend(t, long)?.n).toBe(200_000 - Math.ceil((200_000 - 13) / 97));
    expect(meanDiffCi(long.subarray(0, 100_000), long.subarray(100_000)).ci95).not.toBeNull();
    expect(k.frame(0)).toBe(before);
    k.release(before);
  });

  it("reports decreasing times with the index and both times", () => {
    expect(() => linearTrend([0, 1, 2, 0.5], [1, Number.NaN, 3, 4])).toThrow("t_s[3] = 0.5 < 2");
  });
});
