import fc from "fast-check";
import { eigs } from "mathjs";
import { describe, expect, it } from "vitest";
import { forwardSignZ, horizontalBasis, mountFromAxes, principalAxis } from "./mount.js";
import { describeMount } from "../core/mount.js";

describe("principalAxis (closed form) against mathjs.eigs as the reference", () => {
  it("agrees on random symmetric positive-definite 2×2 matrices", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: -0.99, max: 0.99, noNaN: true }), (a, d, rho) => {
        const b = rho * Math.sqrt(a * d);
        const ours = principalAxis([
          [a, b],
          [b, d],
        ]);
        const ref = eigs([
          [a, b],
          [b, d],
        ]);
        const vals = (ref.values as number[]).map(Number).sort((x, y) => y - x);
        const top = ref.eigenvectors.map((e) => ({ v: Number(e.value), vec: (e.vector as number[]).map(Number) })).sort((x, y) => y.v - x.v)[0]!;
        const n = Math.hypot(top.vec[0]!, top.vec[1]!);
        // same axis up to sign (when the eigenvalues are distinct)
        if (vals[0]! - vals[1]! > 1e-6 * vals[0]!) {
          const dot = Math.abs((ours.axis[0] * top.vec[0]!) / n + (ours.axis[1] * top.vec[1]!) / n);
          expect(dot).toBeGreaterThan(1 - 1e-9);
        }
        expect(ours.ratio).toBeCloseTo(vals[0]! / vals[1]!, 6);
      }),
    );
  });
});

describe("mounting helpers", () => {
  it("horizontalBasis is orthonormal and perpendicular to up", () => {
    for (const up of [[1, 0, 0], [0, -1, 0], [0.3, 0.4, 0.866]]) {
      const [e1, e2] = horizontalBasis(up);
      const n = Math.hypot(up[0]!, up[1]!, up[2]!);
      const dot = (x: ArrayLike<number>, y: ArrayLike<number>): number => x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
      expect(Math.abs(dot(e1, up) / n)).toBeLessThan(1e-12);
      expect(Math.abs(dot(e2, up) / n)).toBeLessThan(1e-12);
      expect(Math.abs(dot(e1, e2))).toBeLessThan(1e-12);
    }
  });

  it("mountFromAxes builds the rotation whose up/forward are the given sensor directions (forward made perpendicular)", () => {
    const q = mountFromAxes([0, -1, 0], [0.1, 0.05, 1]);
    const d = describeMount(q);
    expect([d.up, d.forward, d.right]).toEqual(["-y", "+z", "+x"]);
  });

  it("forwardSignZ is positive when late-stance forward force exceeds early-stance force", () => {
    expect(forwardSignZ([0.3, 0.25, 0.4, 0.35, 0.28])).toBeGreaterThan(5);
    expect(forwardSignZ([-0.3, -0.25, -0.4, -0.35, -0.28])).toBeLessThan(-5);
    expect(forwardSignZ([0.1])).toBe(0);
  });
});
