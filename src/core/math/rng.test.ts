/** Rng.fillNormal draws what normal() draws: the same deviates, in order, and the same state after. */
import { describe, expect, it } from "vitest";
import { Rng } from "./rng.js";

describe("Rng.fillNormal", () => {
  it("gives exactly the deviates of successive normal() calls and leaves the generator where they leave it", () => {
    // Odd and even lengths, so that the pair's spare deviate is carried into and out of a fill.
    for (const lengths of [[1], [2], [181, 181, 181], [0, 3, 1, 4, 7], [1000]]) {
      const bulk = new Rng(20_240_602);
      const single = new Rng(20_240_602);
      for (const len of lengths) {
        const out = new Float64Array(len);
        bulk.fillNormal(out);
        for (let i = 0; i < len; i++) expect(Object.is(out[i], single.normal())).toBe(true);
      }
      expect(bulk.normal()).toBe(single.normal());
      expect(bulk.uint32()).toBe(single.uint32());
    }
  });
});
