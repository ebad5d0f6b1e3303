/**
 * Accuracy bounds of issue #3 on a cover of the simulation matrix (every preset, mounting, rate, noise level and
 * condition appears at least once), analysed end to end from CSV files. The full matrix is bench/accuracy.ts.
 */
import { describe, expect, it } from "vitest";
import { failures, quickMatrix, runCase } from "../support/matrix.js";

describe("accuracy against simulator truth (quick matrix, 3-minute sessions)", () => {
  for (const c of quickMatrix(3)) {
    it(c.name, async () => {
      const score = await runCase(c);
      expect(failures(score)).toEqual([]);
    });
  }
});
