/**
 * Sensor mounting: the rotation from the sensor frame (x, y, z as printed on the device) to the pelvis body frame
 * (x = up/IS, y = right/ML, z = forward/PA; see docs/frames-and-units.md). Written as `q_sensorToBody`:
 * v_body = q ⊗ v_sensor ⊗ q*.
 *
 * Spec grammar (used by `--mount` of both `simulate` and `analyze`):
 *   - a name: `upright`, `upside-down`, `sideways-left`, `sideways-right`, `phone-belt`;
 *   - axes: `up=<axis>,forward=<axis>` where <axis> is one of +x -x +y -y +z -z (right = forward × up);
 *   - either form may end with `@<roll>,<pitch>,<yaw>`: extra rotations in degrees of the device about the body's
 *     forward, right and up axes (applied in that order), for a tilted clip on a curved sacrum.
 */
import { UsageError } from "./errors.js";
import { DEG, quat, quatFromAxisAngle, quatFromMatrix, quatMul, quatNormalize, quatRotate } from "./math/quat.js";
import { vec3, cross3 } from "./math/vec3.js";
export const NAMED_MOUNTS = {
    /** Sensor x up, y right, z forward: the body frame itself. */
    upright: "up=+x,forward=+z",
    /** The same device flipped over on the belt: x down, y left, z forward. */
    "upside-down": "up=-x,forward=+z",
    /** Device turned a quarter turn so that its y axis points up and x points left. */
    "sideways-left": "up=+y,forward=+z",
    /** Quarter turn the other way: y down, x right. */
    "sideways-right": "up=-y,forward=+z",
    /** A phone upright in a running belt on the back, screen facing backward: y up, z backward, x left. */
    "phone-belt": "up=+y,forward=-z",
};
const AXES = {
    "+x": [1, 0, 0],
    "-x": [-1, 0, 0],
    "+y": [0, 1, 0],
    "-y": [0, -1, 0],
    "+z": [0, 0, 1],
    "-z": [0, 0, -1],
};
/** Parses a mount spec into q_sensorToBody; throws UsageError with the accepted forms on a bad spec. */
export function parseMount(spec) {
    const trimmed = spec.trim();
    const [base = "", extra] = trimmed.split("@", 2);
    const axesSpec = NAMED_MOUNTS[base] ?? base;
    const fields = new Map();
    for (const part of axesSpec.split(",")) {
        const [k, v] = part.split("=", 2).map((s) => s.trim().toLowerCase());
        if (k && v)
            fields.set(k, v.startsWith("x") || v.startsWith("y") || v.startsWith("z") ? `+${v}` : v);
    }
    const up = AXES[fields.get("up") ?? ""];
    const fwd = AXES[fields.get("forward") ?? ""];
    if (!up || !fwd || fields.size !== 2) {
        throw new UsageError(`bad mount "${spec}": expected a name (${Object.keys(NAMED_MOUNTS).join(", ")}) or "up=<axis>,forward=<axis>" with axes among +x -x +y -y +z -z, optionally followed by "@roll,pitch,yaw" in degrees`);
    }
    const dot = up[0] * fwd[0] + up[1] * fwd[1] + up[2] * fwd[2];
    if (dot !== 0)
        throw new UsageError(`bad mount "${spec}": up and forward must be different, perpendicular sensor axes`);
    const right = cross3(vec3(), fwd, up);
    // Rows of the sensor→body matrix are the body axes expressed in sensor coordinates.
    const q = quatFromMatrix(quat(), [up, Array.from(right), fwd]);
    if (extra === undefined)
        return q;
    const angles = extra.split(",").map((s) => Number(s.trim()));
    if (angles.length !== 3 || angles.some((a) => !Number.isFinite(a))) {
        throw new UsageError(`bad mount "${spec}": after "@" give three angles in degrees, roll,pitch,yaw`);
    }
    return applyDeviceRotation(q, angles[0], angles[1], angles[2]);
}
/**
 * Rotates the device relative to the body: roll about body forward, then pitch about body right, then yaw about body
 * up (degrees). Returns the new q_sensorToBody.
 */
export function applyDeviceRotation(q_sensorToBody, roll_deg, pitch_deg, yaw_deg) {
    const r = quatFromAxisAngle(quat(), 0, 0, 1, roll_deg * DEG);
    const p = quatFromAxisAngle(quat(), 0, 1, 0, pitch_deg * DEG);
    const y = quatFromAxisAngle(quat(), 1, 0, 0, yaw_deg * DEG);
    // A device rotated by R_dev in the body frame: v_body = R_dev · (q · v_sensor), so q' = R_dev ⊗ q.
    const dev = quatMul(quat(), y, quatMul(quat(), p, r));
    return quatNormalize(quat(), quatMul(quat(), dev, q_sensorToBody));
}
/** Human-readable summary: which signed sensor axis lies closest to body up, forward and right, and how far off. */
export function describeMount(q_sensorToBody) {
    const names = ["+x", "-x", "+y", "-y", "+z", "-z"];
    const bodyAxes = [vec3(1, 0, 0), vec3(0, 0, 1), vec3(0, 1, 0)];
    const out = [];
    let worst = 0;
    const v = vec3();
    for (const b of bodyAxes) {
        let best = "";
        let bestDot = -2;
        for (const n of names) {
            const a = AXES[n];
            quatRotate(v, q_sensorToBody, a);
            const d = v[0] * b[0] + v[1] * b[1] + v[2] * b[2];
            if (d > bestDot) {
                bestDot = d;
                best = n;
            }
        }
        out.push(best);
        worst = Math.max(worst, Math.acos(Math.min(1, bestDot)) / DEG);
    }
    return { up: out[0], forward: out[1], right: out[2], offAxis_deg: worst };
}
/** Formats a mount as an `up=..,forward=..@roll,pitch,yaw`-free axis spec when it is axis-aligned (within 1°). */
export function formatMount(q_sensorToBody) {
    const d = describeMount(q_sensorToBody);
    return d.offAxis_deg < 1 ? `up=${d.up},forward=${d.forward}` : `up≈${d.up},forward≈${d.forward} (off axis by ${d.offAxis_deg.toFixed(1)}°)`;
}
//# sourceMappingURL=mount.js.map