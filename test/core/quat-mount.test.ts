import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeMount, NAMED_MOUNTS, parseMount } from "../../src/core/mount.js";
import { DEG, quat, quatAngleBetween_rad, quatFromAxisAngle, quatFromTwoVectors, quatIntegrate, quatMul, quatNormalize, quatRotate, quatRotateInv } from "../../src/core/math/quat.js";
import { angleBetween3_rad, cross3, norm3, vec3 } from "../../src/core/math/vec3.js";
import { UsageError } from "../../src/core/errors.js";

const unitQuat = fc
  .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
  .filter(([a, b, c, d]) => Math.hypot(a, b, c, d) > 0.1)
  .map(([a, b, c, d]) => quatNormalize(quat(), [a, b, c, d]));
const vector = fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })).map(([a, b, c]) => vec3(a, b, c));

describe("quaternion primitives", () => {
  it("rotates by the right-hand rule: +90° about up (x) turns forward (z) to the left (-y)", () => {
    const q = quatFromAxisAngle(quat(), 1, 0, 0, 90 * DEG);
    const v = quatRotate(vec3(), q, [0, 0, 1]);
    expect(v[0]).toBeCloseTo(0, 12);
    expect(v[1]).toBeCloseTo(-1, 12);
    expect(v[2]).toBeCloseTo(0, 12);
  });

  it("rotate then inverse-rotate is the identity and preserves length (property)", () => {
    fc.assert(
      fc.property(unitQuat, vector, (q, v) => {
        const w = quatRotateInv(vec3(), q, quatRotate(vec3(), q, v));
        expect(norm3([w[0]! - v[0]!, w[1]! - v[1]!, w[2]! - v[2]!])).toBeLessThan(1e-9);
        expect(Math.abs(norm3(quatRotate(vec3(), q, v)) - norm3(v))).toBeLessThan(1e-9);
      }),
    );
  });

  it("composition: rotating by a⊗b equals rotating by b then a (property)", () => {
    fc.assert(
      fc.property(unitQuat, unitQuat, vector, (a, b, v) => {
        const lhs = quatRotate(vec3(), quatMul(quat(), a, b), v);
        const rhs = quatRotate(vec3(), a, quatRotate(vec3(), b, v));
        expect(norm3([lhs[0]! - rhs[0]!, lhs[1]! - rhs[1]!, lhs[2]! - rhs[2]!])).toBeLessThan(1e-9);
      }),
    );
  });

  it("quatFromTwoVectors maps from onto to, including the antiparallel case", () => {
    for (const [a, b] of [
      [[1, 0, 0], [0, 1, 0]],
      [[0, 0, 1], [0, 0, -1]],
      [[1, 0, 0], [-1, 0, 0]],
      [[0.6, 0.8, 0], [0, 0.6, 0.8]],
    ] as const) {
      const q = quatFromTwoVectors(quat(), a, b);
      expect(angleBetween3_rad(quatRotate(vec3(), q, a), b)).toBeLessThan(1e-9);
    }
  });

  it("integrating a constant rate for 1 s equals the axis-angle rotation", () => {
    const q = quat();
    for (let i = 0; i < 200; i++) quatIntegrate(q, q, 0, 0.5, 0, 0.005);
    expect(quatAngleBetween_rad(q, quatFromAxisAngle(quat(), 0, 1, 0, 0.5))).toBeLessThan(1e-9);
  });
});

describe("mount specs", () => {
  it("every named mount gives a proper rotation with the documented up axis", () => {
    const expectedUp: Record<string, string> = { upright: "+x", "upside-down": "-x", "sideways-left": "+y", "sideways-right": "-y", "phone-belt": "+y" };
    for (const name of Object.keys(NAMED_MOUNTS)) {
      const q = parseMount(name);
      const d = describeMount(q);
      expect(d.up).toBe(expectedUp[name]);
      expect(d.offAxis_deg).toBeLessThan(1e-6);
    }
  });

  it("all 24 axis-aligned mounts round-trip through describeMount, with right = forward × up", () => {
    const axes = ["+x", "-x", "+y", "-y", "+z", "-z"];
    let count = 0;
    for (const up of axes) {
      for (const fwd of axes) {
        if (up.slice(1) === fwd.slice(1)) continue;
        const q = parseMount(`up=${up},forward=${fwd}`);
        const d = describeMount(q);
        expect([d.up, d.forward]).toEqual([up, fwd]);
        const u = vec3(), f = vec3(), r = vec3();
        // body axes in sensor coordinates
        quatRotateInv(u, q, [1, 0, 0]);
        quatRotateInv(f, q, [0, 0, 1]);
        quatRotateInv(r, q, [0, 1, 0]);
        const c = cross3(vec3(), f, u);
        expect(angleBetween3_rad(c, r)).toBeLessThan(1e-9);
        count++;
      }
    }
    expect(count).toBe(24);
  });

  it("applies the @roll,pitch,yaw device rotation about body axes", () => {
    const q = parseMount("upright@0,30,0");
    // device pitched 30° about body right: sensor z (forward) now points 30° up... check the angle to body up
    const zBody = quatRotate(vec3(), q, [0, 0, 1]);
    expect(Math.asin(zBody[0]!) / DEG).toBeCloseTo(30, 9);
  });

  it("rejects bad specs with a one-line usage error", () => {
    for (const bad of ["sideways", "up=+x", "up=+x,forward=+x", "up=+q,forward=+z", "upright@1,2"]) {
      expect(() => parseMount(bad)).toThrow(UsageError);
    }
  });
});
