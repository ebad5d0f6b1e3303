import { describe, expect, it } from "vitest";
import { DEG, quat, quatAngleBetween_rad, quatIntegrate, quatMul, quatRotateInv } from "../../src/core/math/quat.js";
import { angleBetween3_rad, norm3, vec3 } from "../../src/core/math/vec3.js";
import { GAIT_KEYS } from "../../src/sim/index.js";
import { IDEAL_SENSOR, mean, runSim } from "./helpers.js";

describe("simulator physics", () => {
  it("integrating the ideal gyroscope reproduces the prescribed orientation (track, rotated mount)", () => {
    // 1 kHz so that the integrator's own (coning) error stays far below the tolerance: this checks the simulator.
    const r = runSim("weak-abductor", { ...IDEAL_SENSOR, minutes: 2, track: true, mount: "up=-y,forward=+x@8,20,-5", sampleRate_hz: 1000 });
    const kin = r.sim.kinematics;
    const qSB = r.sim.q_sensorToBody;
    // q_sensorToWorld = q_bodyToWorld ⊗ q_sensorToBody
    const qWB = kin.orientation(r.t[0]!, quat());
    const q = quatMul(quat(), qWB, qSB);
    const truth = quat();
    let worst = 0;
    for (let i = 1; i < r.n; i++) {
      const dt = r.t[i]! - r.t[i - 1]!;
      // trapezoid of the two rates, exact exponential map for the step
      const wx = 0.5 * (r.gyr[0][i]! + r.gyr[0][i - 1]!) * DEG;
      const wy = 0.5 * (r.gyr[1][i]! + r.gyr[1][i - 1]!) * DEG;
      const wz = 0.5 * (r.gyr[2][i]! + r.gyr[2][i - 1]!) * DEG;
      quatIntegrate(q, q, wx, wy, wz, dt);
      if (i % 10000 === 0 || i === r.n - 1) {
        quatMul(truth, kin.orientation(r.t[i]!, quat()), qSB);
        worst = Math.max(worst, quatAngleBetween_rad(q, truth) / DEG);
      }
    }
    expect(worst).toBeLessThan(0.02);
  });

  it("after 5 minutes with a rotated mount and track curves, gyro-propagated gravity matches the accelerometer within 0.5°", () => {
    const r = runSim("healthy", { minutes: 5, track: true, mount: "random", seed: 11, gyroBiasWalk_dpsrts: 0 });
    // The known constant offsets are removed: this checks that gyroscope and accelerometer describe one motion.
    const bias = r.sim.sensor.gyroBiasStart_dps;
    const accBias = r.sim.sensor.accBias_g;
    const fs = r.sim.params.sampleRate_hz;
    const stand = Math.floor((r.sim.params.standStart_s - 1) * fs);
    // initial gravity direction in the sensor frame from the first standing period
    const g0 = vec3(mean(r.acc[0], 0, stand) - accBias[0], mean(r.acc[1], 0, stand) - accBias[1], mean(r.acc[2], 0, stand) - accBias[2]);
    // track the world-up direction in the sensor frame: integrate q_sensorToWorld from an arbitrary start
    const q = quat();
    for (let i = 1; i < r.n; i++) {
      const dt = r.t[i]! - r.t[i - 1]!;
      const w = (a: 0 | 1 | 2): number => 0.5 * (r.gyr[a][i]! + r.gyr[a][i - 1]!) - bias[a];
      quatIntegrate(q, q, w(0) * DEG, w(1) * DEG, w(2) * DEG, dt);
    }
    // up(sensor, end) = q_end* ⊗ (q_0 ⊗ up(sensor, 0)) with q_0 = identity
    const predicted = quatRotateInv(vec3(), q, g0);
    const tail = r.n - Math.floor((r.sim.params.standEnd_s - 1) * fs);
    const measured = vec3(mean(r.acc[0], tail, r.n) - accBias[0], mean(r.acc[1], tail, r.n) - accBias[1], mean(r.acc[2], tail, r.n) - accBias[2]);
    expect(angleBetween3_rad(predicted, measured) / DEG).toBeLessThan(0.5);
    // and the final standing really is far from the initial orientation in heading terms (track laps happened)
    expect(r.sim.kinematics.distance_m(r.t[r.n - 1]!)).toBeGreaterThan(900);
  });

  it("mean specific force over every running step is exactly 1 g up and 0 g horizontally (straight road)", () => {
    const r = runSim("low-cadence", { ...IDEAL_SENSOR, minutes: 1 });
    const kin = r.sim.kinematics;
    const f = vec3();
    let checked = 0;
    for (const st of r.sim.schedule.steps) {
      if (st.kind !== "run") continue;
      const n = 4000;
      let up = 0, fy = 0, fz = 0;
      for (let i = 0; i < n; i++) {
        kin.specificForceWorld(st.ic_s + ((i + 0.5) * st.step_s) / n, f);
        up += f[0]!;
        fy += f[1]!;
        fz += f[2]!;
      }
      expect(up / n).toBeCloseTo(1, 3);
      expect(Math.abs(fz / n)).toBeLessThan(1e-3);
      // lateral alternates with side but also averages to ~0 over each step pair; per step it is bounded
      expect(Math.abs(fy / n)).toBeLessThan(0.06);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("the sacrum is in free fall during flight and loaded to 2-3 g in stance", () => {
    const r = runSim("healthy", { ...IDEAL_SENSOR, minutes: 0.5, mount: "phone-belt" });
    const fs = r.sim.params.sampleRate_hz;
    let flight = 0, peak = 0;
    for (const st of r.sim.schedule.steps) {
      const iFlight = Math.round((st.ic_s + st.contact_s + 0.5 * (st.step_s - st.contact_s)) * fs);
      if (iFlight < r.n) {
        flight = Math.max(flight, norm3([r.acc[0][iFlight]!, r.acc[1][iFlight]!, r.acc[2][iFlight]!]));
      }
      const iMid = Math.round((st.ic_s + 0.5 * st.contact_s) * fs);
      if (iMid < r.n) peak = Math.max(peak, norm3([r.acc[0][iMid]!, r.acc[1][iMid]!, r.acc[2][iMid]!]));
    }
    expect(flight).toBeLessThan(0.01);
    expect(peak).toBeGreaterThan(1.8);
    expect(peak).toBeLessThan(3.2);
  });

  it("standing gives 1 g along the mounted up axis (upside-down reads -1 g on x)", () => {
    const r = runSim("healthy", { ...IDEAL_SENSOR, minutes: 0.2, mount: "upside-down" });
    expect(mean(r.acc[0], 0, 1000)).toBeCloseTo(-1, 2);
    expect(Math.abs(mean(r.acc[1], 0, 1000))).toBeLessThan(0.01);
  });
});

describe("simulator truth", () => {
  it("truth matches the parameters (cadence, contact time, pelvic drop per side, alternation)", () => {
    const r = runSim("weak-abductor", { minutes: 4, fatigueStart: 1 });
    const truth = r.sim.truth();
    const p = r.sim.params;
    const run = truth.steps.filter((s) => s.gait === "run");
    expect(truth.summary.cadence_spm).toBeGreaterThan(p.fresh.cadence_spm * 0.99);
    expect(truth.summary.cadence_spm).toBeLessThan(p.fresh.cadence_spm * 1.01);
    expect(truth.summary.contact_time_ms.left).toBeCloseTo(p.fresh.contactTime_ms, -1);
    // drop: the prescribed value, minus the smooth start/end ramps of the first and last second
    expect(truth.summary.pelvic_drop_deg.right).toBeGreaterThan(p.fresh.pelvicDropRight_deg - 0.3);
    expect(truth.summary.pelvic_drop_deg.right).toBeLessThan(p.fresh.pelvicDropRight_deg + 0.2);
    expect(truth.summary.pelvic_drop_deg.left).toBeGreaterThan(p.fresh.pelvicDropLeft_deg - 0.3);
    for (let i = 1; i < run.length; i++) {
      expect(run[i]!.side).not.toBe(run[i - 1]!.side);
      expect(run[i]!.t).toBeGreaterThan(run[i - 1]!.t);
      expect(run[i]!.toe_off_s - run[i]!.t).toBeCloseTo(run[i]!.contact_time_ms / 1000, 5);
    }
    // vertical oscillation of a recreational runner: 5-12 cm
    expect(truth.summary.vertical_oscillation_mm).toBeGreaterThan(40);
    expect(truth.summary.vertical_oscillation_mm).toBeLessThan(130);
  });

  it("fatigue drifts every gait parameter from its fresh to its fatigued value", () => {
    const fatigued = { cadence_spm: 160, contactTime_ms: 280, pelvicDropLeft_deg: 7, pelvicDropRight_deg: 2, anteriorTilt_deg: 12, propulsion_g: 0.2 };
    const r = runSim("healthy", { minutes: 3, fatigueStart: 0.3, fatigueRamp_min: 0.5, fatigued });
    const steps = r.sim.schedule.steps;
    const late = steps.slice(-50);
    for (const k of GAIT_KEYS) expect(late.every((s) => Math.abs(s.gait[k] - fatigued[k]) < 1e-9)).toBe(true);
    const early = steps.slice(5, 50);
    for (const k of GAIT_KEYS) expect(early.every((s) => s.gait[k] === r.sim.params.fresh[k])).toBe(true);
    const truth = r.sim.truth();
    const lateTruth = truth.steps.slice(-60, -10);
    const mDrop = (side: string): number => mean(lateTruth.filter((s) => s.side === side).map((s) => s.pelvic_drop_deg));
    expect(mDrop("left")).toBeGreaterThan(6.4);
    expect(mDrop("right")).toBeLessThan(2.6);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const a = runSim("healthy", { minutes: 0.3, seed: 7, jitter_ms: 1, gapsPerMin: 3 });
    const b = runSim("healthy", { minutes: 0.3, seed: 7, jitter_ms: 1, gapsPerMin: 3 });
    const c = runSim("healthy", { minutes: 0.3, seed: 8, jitter_ms: 1, gapsPerMin: 3 });
    expect(a.n).toBe(b.n);
    expect(Array.from(a.acc[2])).toEqual(Array.from(b.acc[2]));
    expect(Array.from(a.t)).toEqual(Array.from(b.t));
    expect(JSON.stringify(a.sim.truth())).toBe(JSON.stringify(b.sim.truth()));
    expect(Array.from(a.acc[2].subarray(0, 5000))).not.toEqual(Array.from(c.acc[2].subarray(0, 5000)));
  });
});

describe("simulator sensor imperfections", () => {
  it("drops the samples inside gaps, keeps time increasing under jitter, flags truth steps in gaps", () => {
    const r = runSim("healthy", { minutes: 2, gapsPerMin: 6, gapMean_ms: 200, jitter_ms: 2, sampleRate_hz: 100 });
    const gaps = r.sim.gaps;
    expect(gaps.length).toBeGreaterThan(3);
    for (let i = 1; i < r.n; i++) expect(r.t[i]!).toBeGreaterThan(r.t[i - 1]!);
    for (const [a, b] of gaps) for (let i = 0; i < r.n; i++) if (r.t[i]! > a + 0.006 && r.t[i]! < b - 0.006) throw new Error(`sample at ${r.t[i]} inside gap ${a}-${b}`);
    const lost = r.sim.totalSamples - r.n;
    const expected = gaps.reduce((s, [a, b]) => s + (b - a), 0) * 100;
    expect(Math.abs(lost - expected)).toBeLessThan(gaps.length + 1);
    expect(r.sim.truth().steps.some((s) => s.in_gap)).toBe(true);
  });

  it("quantises to the LSB and saturates at full scale", () => {
    const r = runSim("healthy", { minutes: 0.3, accRange_g: 2, accNoise_ugrtHz: 0 });
    const lsb = 0.061e-3; // ±2 g range: 0.061 mg/LSB
    for (let i = 0; i < 2000; i++) expect(Math.abs(r.acc[0][i]! / lsb - Math.round(r.acc[0][i]! / lsb))).toBeLessThan(1e-6);
    let maxAbs = 0;
    for (let i = 0; i < r.n; i++) maxAbs = Math.max(maxAbs, Math.abs(r.acc[0][i]!));
    expect(maxAbs).toBeCloseTo(32767 * lsb, 9);
    expect(r.sim.sensor.saturated).toBeGreaterThan(0);
  });

  it("walking breaks have no flight phase and are labelled walk in the truth", () => {
    const r = runSim("healthy", { ...IDEAL_SENSOR, minutes: 3, walkEvery_min: 1, walkBreak_s: 20 });
    const walk = r.sim.schedule.segments.filter((s) => s.kind === "walk");
    expect(walk.length).toBeGreaterThanOrEqual(2);
    const fs = r.sim.params.sampleRate_hz;
    const seg = walk[0]!;
    let minNorm = Infinity;
    for (let i = Math.ceil((seg.start_s + 2) * fs); i < Math.floor((seg.end_s - 2) * fs); i++) minNorm = Math.min(minNorm, norm3([r.acc[0][i]!, r.acc[1][i]!, r.acc[2][i]!]));
    expect(minNorm).toBeGreaterThan(0.5);
    const truth = r.sim.truth();
    expect(truth.summary.walking_steps).toBeGreaterThan(20);
  });
});
