/**
 * Course geometry: heading and curvature as functions of distance. A standard 400 m track, measured along the
 * running line of lane 1: two 84.39 m straights and two semicircles of radius 36.80 m (36.50 m kerb radius plus the
 * 0.30 m measurement line), World Athletics Track and Field Facilities Manual. Laps run anticlockwise (curves to the
 * left). Real tracks join straight and curve without an easement; we ease curvature over 6 m so heading rate and
 * lean stay continuous (a runner does not change lean instantly either).
 */
import { smoothStepIntegral, smoothStepValue } from "./smooth.js";
export const TRACK_STRAIGHT_M = 84.39;
export const TRACK_RADIUS_M = 36.8;
export const TRACK_LAP_M = 2 * TRACK_STRAIGHT_M + 2 * Math.PI * TRACK_RADIUS_M; // 400.0 m
const EASING_M = 6;
/** Start 10 m into the home straight, clear of the easing zone. */
export const TRACK_START_M = 10;
const K = 1 / TRACK_RADIUS_M;
const C = Math.PI * TRACK_RADIUS_M;
// Lap layout from s = 0: straight [0, L), curve, straight, curve ending at s = lap. Curvature just before 0 is K.
const EDGES = [
    [0, -K],
    [TRACK_STRAIGHT_M, K],
    [TRACK_STRAIGHT_M + C, -K],
    [2 * TRACK_STRAIGHT_M + C, K],
    [TRACK_LAP_M, -K],
];
function lapHeading(sMod) {
    let h = K * sMod;
    for (const [b, d] of EDGES)
        h += d * smoothStepIntegral(sMod - b, EASING_M);
    return h;
}
function lapCurvature(sMod) {
    let k = K;
    for (const [b, d] of EDGES)
        k += d * smoothStepValue(sMod - b, EASING_M);
    return k;
}
export const ROAD = { heading_rad: () => 0, curvature_1pm: () => 0 };
const HEADING_AT_START = lapHeading(TRACK_START_M);
export const TRACK = {
    heading_rad(s_m) {
        const s = s_m + TRACK_START_M;
        const lap = Math.floor(s / TRACK_LAP_M);
        return lap * 2 * Math.PI + lapHeading(s - lap * TRACK_LAP_M) - HEADING_AT_START;
    },
    curvature_1pm(s_m) {
        const s = s_m + TRACK_START_M;
        return lapCurvature(s - Math.floor(s / TRACK_LAP_M) * TRACK_LAP_M);
    },
};
//# sourceMappingURL=track.js.map