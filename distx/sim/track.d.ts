export declare const TRACK_STRAIGHT_M = 84.39;
export declare const TRACK_RADIUS_M = 36.8;
export declare const TRACK_LAP_M: number;
/** Start 10 m into the home straight, clear of the easing zone. */
export declare const TRACK_START_M = 10;
export interface Course {
    /** Heading (rad, + = turned left about up) after running `s_m` metres from the start. */
    heading_rad(s_m: number): number;
    /** Path curvature at distance s (1/m, + = curving left). */
    curvature_1pm(s_m: number): number;
}
export declare const ROAD: Course;
export declare const TRACK: Course;
