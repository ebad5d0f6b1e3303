/**
 * The gravity tracker's once-per-step work (assembly/kernel.ts tracker_mark_step: time update, stride measurement,
 * outlier and turning checks) on made-up strides with a known up: it must pull a wrong starting up towards the truth,
 * skip turning strides and outliers, and make no stride measurement across lost data.
 */
import { describe, expect, it } from "vitest";
import { GravityTracker } from "../../src/orientation/gravity-tracker.js";

const FS = 200;
const DEG = Math.PI / 180;

/** Angle between two vectors, degrees. */
function angle_deg(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
  const na = Math.hypot(a[0]!, a[1]!, a[2]!), nb = Math.hypot(b[0]!, b[1]!, b[2]!);
  return Math.acos(Math.min(1, d / (na * nb))) / DEG;
}

/**
 * One step of 70 samples whose specific force averages exactly `up` (1 g), with a vertical bounce and a gyro turning
 * about up at `turn_dps` (sensor frame = world frame apart from the turn, which the test keeps small).
 */
function step(t: GravityTracker, up: readonly number[], turn_dps = 0, force = 1): void {
  const n = 70;
  for (let k = 0; k < n; k++) {
    const bounce = 1 + 0.8 * Math.sin((2 * Math.PI * k) / n);
    t.push(1 / FS, force * up[0]! * bounce, force * up[1]! * bounce, force * up[2]! * bounce, turn_dps * up[0]!, turn_dps * up[1]!, turn_dps * up[2]!);
  }
  t.markStep();
}

function tracker(): GravityTracker {
  const t = new GravityTracker();
  t.init([1, 0, 0], [0, 0, 0], 6, 0.05);
  return t;
}

describe("GravityTracker step update", () => {
  const trueUp = [Math.cos(5 * DEG), Math.sin(5 * DEG), 0];

  it("pulls a starting up 5° off towards the stride-mean up and counts its corrections", () => {
    const t = tracker();
    expect(angle_deg(t.up, trueUp)).toBeCloseTo(5, 6);
    for (let s = 0; s < 40; s++) step(t, trueUp);
    // one heading only: the filter cannot tell tilt from accelerometer offset, so part of the 5° may be booked as
    // offset (≤ its 0.03 g prior, ~1.7°); the bias-corrected stride mean must be where the tracked up is
    expect(angle_deg(t.up, trueUp)).toBeLessThan(2);
    const corrected = trueUp.map((u, i) => u - t.accBias_g[i]!);
    expect(angle_deg(t.up, corrected)).toBeLessThan(0.3);
    expect(t.corrections).toBe(39); // every stride after the first step
    expect(t.skippedTurning).toBe(0);
    expect(t.skippedOther).toBe(0);
    expect(t.tiltSd_deg).toBeLessThan(6);
    expect(t.lastCorrection_deg).toBeLessThan(0.2);
  });

  it("skips strides that turn faster than 2.5 deg/s, and uses them again when straight", () => {
    const t = tracker();
    for (let s = 0; s < 10; s++) step(t, trueUp, 10);
    expect(t.skippedTurning).toBe(9);
    expect(t.corrections).toBe(0);
    for (let s = 0; s < 5; s++) step(t, trueUp);
    expect(t.corrections).toBe(4); // the first straight step pairs with the last turning one
  });

  it("rejects an outlier stride (mean force 30° off) and widens the tilt uncertainty instead", () => {
    const t = tracker();
    for (let s = 0; s < 40; s++) step(t, trueUp);
    const before = Array.from(t.up), sd = t.tiltSd_deg;
    const off = [Math.cos(35 * DEG), Math.sin(35 * DEG), 0];
    step(t, off);
    step(t, off);
    expect(t.skippedOther).toBeGreaterThanOrEqual(1);
    expect(angle_deg(t.up, before)).toBeLessThan(0.01);
    expect(t.tiltSd_deg).toBeGreaterThan(sd);
  });

  it("makes no stride measurement across lost data", () => {
    const t = tracker();
    for (let s = 0; s < 5; s++) step(t, trueUp);
    const n = t.corrections;
    t.invalidateSteps();
    step(t, trueUp); // closes the step broken by the gap: no measurement
    expect(t.corrections).toBe(n);
    step(t, trueUp);
    step(t, trueUp);
    expect(t.corrections).toBe(n + 1); // the first stride of two whole steps after it
  });
});
