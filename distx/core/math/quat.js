export const DEG = Math.PI / 180;
export function quat(w = 1, x = 0, y = 0, z = 0) {
    const q = new Float64Array(4);
    q[0] = w;
    q[1] = x;
    q[2] = y;
    q[3] = z;
    return q;
}
export function setQuat(out, w, x, y, z) {
    out[0] = w;
    out[1] = x;
    out[2] = y;
    out[3] = z;
    return out;
}
/** out = a ⊗ b (Hamilton). */
export function quatMul(out, a, b) {
    const aw = a[0], ax = a[1], ay = a[2], az = a[3];
    const bw = b[0], bx = b[1], by = b[2], bz = b[3];
    out[0] = aw * bw - ax * bx - ay * by - az * bz;
    out[1] = aw * bx + ax * bw + ay * bz - az * by;
    out[2] = aw * by - ax * bz + ay * bw + az * bx;
    out[3] = aw * bz + ax * by - ay * bx + az * bw;
    return out;
}
export function quatConj(out, a) {
    out[0] = a[0];
    out[1] = -a[1];
    out[2] = -a[2];
    out[3] = -a[3];
    return out;
}
export function quatNormalize(out, a) {
    const n = Math.hypot(a[0], a[1], a[2], a[3]);
    const s = n > 0 ? 1 / n : 0;
    out[0] = a[0] * s;
    out[1] = a[1] * s;
    out[2] = a[2] * s;
    out[3] = a[3] * s;
    return out;
}
/** Rotation of `angle_rad` about the unit axis (ax, ay, az), right-hand rule. */
export function quatFromAxisAngle(out, ax, ay, az, angle_rad) {
    const h = 0.5 * angle_rad;
    const s = Math.sin(h);
    out[0] = Math.cos(h);
    out[1] = ax * s;
    out[2] = ay * s;
    out[3] = az * s;
    return out;
}
/** out = q ⊗ v ⊗ q* for a unit quaternion (expanded form: no temporaries). */
export function quatRotate(out, q, v) {
    const w = q[0], x = q[1], y = q[2], z = q[3];
    const vx = v[0], vy = v[1], vz = v[2];
    // t = 2 (q_vec x v)
    const tx = 2 * (y * vz - z * vy);
    const ty = 2 * (z * vx - x * vz);
    const tz = 2 * (x * vy - y * vx);
    out[0] = vx + w * tx + (y * tz - z * ty);
    out[1] = vy + w * ty + (z * tx - x * tz);
    out[2] = vz + w * tz + (x * ty - y * tx);
    return out;
}
/** out = q* ⊗ v ⊗ q: the inverse rotation of a unit quaternion. */
export function quatRotateInv(out, q, v) {
    const w = q[0], x = -q[1], y = -q[2], z = -q[3];
    const vx = v[0], vy = v[1], vz = v[2];
    const tx = 2 * (y * vz - z * vy);
    const ty = 2 * (z * vx - x * vz);
    const tz = 2 * (x * vy - y * vx);
    out[0] = vx + w * tx + (y * tz - z * ty);
    out[1] = vy + w * ty + (z * tx - x * tz);
    out[2] = vz + w * tz + (x * ty - y * tx);
    return out;
}
/** Smallest rotation taking unit vector `from` onto unit vector `to` (handles the antiparallel case). */
export function quatFromTwoVectors(out, from, to) {
    const d = from[0] * to[0] + from[1] * to[1] + from[2] * to[2];
    if (d < -1 + 1e-12) {
        // 180°: use some axis perpendicular to `from`.
        let ax = 0, ay = -from[2], az = from[1];
        if (Math.hypot(ay, az) < 1e-6) {
            ax = from[2];
            ay = 0;
            az = -from[0];
        }
        const n = Math.hypot(ax, ay, az);
        return setQuat(out, 0, ax / n, ay / n, az / n);
    }
    const cx = from[1] * to[2] - from[2] * to[1];
    const cy = from[2] * to[0] - from[0] * to[2];
    const cz = from[0] * to[1] - from[1] * to[0];
    setQuat(out, 1 + d, cx, cy, cz);
    return quatNormalize(out, out);
}
/**
 * Quaternion from a rotation matrix whose columns are the images of the source frame's unit axes in the target frame
 * (m[r][c], row-major). Shepperd's method, numerically safe for every rotation.
 */
export function quatFromMatrix(out, m) {
    const m00 = m[0][0], m01 = m[0][1], m02 = m[0][2];
    const m10 = m[1][0], m11 = m[1][1], m12 = m[1][2];
    const m20 = m[2][0], m21 = m[2][1], m22 = m[2][2];
    const tr = m00 + m11 + m22;
    if (tr > 0) {
        const s = 2 * Math.sqrt(tr + 1);
        setQuat(out, 0.25 * s, (m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s);
    }
    else if (m00 > m11 && m00 > m22) {
        const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
        setQuat(out, (m21 - m12) / s, 0.25 * s, (m01 + m10) / s, (m02 + m20) / s);
    }
    else if (m11 > m22) {
        const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
        setQuat(out, (m02 - m20) / s, (m01 + m10) / s, 0.25 * s, (m12 + m21) / s);
    }
    else {
        const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
        setQuat(out, (m10 - m01) / s, (m02 + m20) / s, (m12 + m21) / s, 0.25 * s);
    }
    if (out[0] < 0)
        setQuat(out, -out[0], -out[1], -out[2], -out[3]);
    return quatNormalize(out, out);
}
/**
 * Integrates a body-frame angular rate over dt_s with the exact exponential map for a constant rate:
 * q ← q ⊗ exp(½ ω dt). `omega_rads` is in the frame that q rotates *from* (the body).
 */
export function quatIntegrate(out, q, wx_rads, wy_rads, wz_rads, dt_s) {
    const wn = Math.hypot(wx_rads, wy_rads, wz_rads);
    const half = 0.5 * wn * dt_s;
    let c, s;
    if (half < 1e-8) {
        c = 1 - (half * half) / 2;
        s = 0.5 * dt_s; // sin(half)/wn ≈ dt/2
    }
    else {
        c = Math.cos(half);
        s = Math.sin(half) / wn;
    }
    const dw = c, dx = wx_rads * s, dy = wy_rads * s, dz = wz_rads * s;
    const qw = q[0], qx = q[1], qy = q[2], qz = q[3];
    out[0] = qw * dw - qx * dx - qy * dy - qz * dz;
    out[1] = qw * dx + qx * dw + qy * dz - qz * dy;
    out[2] = qw * dy - qx * dz + qy * dw + qz * dx;
    out[3] = qw * dz + qx * dy - qy * dx + qz * dw;
    return quatNormalize(out, out);
}
/** Rotation angle between two unit quaternions, radians in [0, pi]. */
export function quatAngleBetween_rad(a, b) {
    const d = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
    return 2 * Math.acos(Math.min(1, d));
}
//# sourceMappingURL=quat.js.map