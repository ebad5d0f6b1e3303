export function vec3(x = 0, y = 0, z = 0) {
    const v = new Float64Array(3);
    v[0] = x;
    v[1] = y;
    v[2] = z;
    return v;
}
export function set3(out, x, y, z) {
    out[0] = x;
    out[1] = y;
    out[2] = z;
    return out;
}
export function copy3(out, a) {
    out[0] = a[0];
    out[1] = a[1];
    out[2] = a[2];
    return out;
}
export function dot3(a, b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
export function norm3(a) {
    return Math.hypot(a[0], a[1], a[2]);
}
/** out = a x b (out may alias a or b). */
export function cross3(out, a, b) {
    const x = a[1] * b[2] - a[2] * b[1];
    const y = a[2] * b[0] - a[0] * b[2];
    const z = a[0] * b[1] - a[1] * b[0];
    out[0] = x;
    out[1] = y;
    out[2] = z;
    return out;
}
export function scale3(out, a, s) {
    out[0] = a[0] * s;
    out[1] = a[1] * s;
    out[2] = a[2] * s;
    return out;
}
export function add3(out, a, b) {
    out[0] = a[0] + b[0];
    out[1] = a[1] + b[1];
    out[2] = a[2] + b[2];
    return out;
}
/** Normalises in place-safe fashion; a zero vector is returned unchanged (callers check the norm first). */
export function normalize3(out, a) {
    const n = norm3(a);
    return n > 0 ? scale3(out, a, 1 / n) : copy3(out, a);
}
/** Angle between two non-zero vectors, radians, robust near 0 and pi (atan2 of |a x b| and a.b). */
export function angleBetween3_rad(a, b) {
    const cx = a[1] * b[2] - a[2] * b[1];
    const cy = a[2] * b[0] - a[0] * b[2];
    const cz = a[0] * b[1] - a[1] * b[0];
    return Math.atan2(Math.hypot(cx, cy, cz), dot3(a, b));
}
//# sourceMappingURL=vec3.js.map