/**
 * Three-component vectors as small Float64Arrays, with out-parameter functions so that hot paths allocate nothing.
 * Frames are not encoded in the type; every caller names the frame in its identifiers (see docs/frames-and-units.md).
 */
export type Vec3 = Float64Array;
export declare function vec3(x?: number, y?: number, z?: number): Vec3;
export declare function set3(out: Vec3, x: number, y: number, z: number): Vec3;
export declare function copy3(out: Vec3, a: ArrayLike<number>): Vec3;
export declare function dot3(a: ArrayLike<number>, b: ArrayLike<number>): number;
export declare function norm3(a: ArrayLike<number>): number;
/** out = a x b (out may alias a or b). */
export declare function cross3(out: Vec3, a: ArrayLike<number>, b: ArrayLike<number>): Vec3;
export declare function scale3(out: Vec3, a: ArrayLike<number>, s: number): Vec3;
export declare function add3(out: Vec3, a: ArrayLike<number>, b: ArrayLike<number>): Vec3;
/** Normalises in place-safe fashion; a zero vector is returned unchanged (callers check the norm first). */
export declare function normalize3(out: Vec3, a: ArrayLike<number>): Vec3;
/** Angle between two non-zero vectors, radians, robust near 0 and pi (atan2 of |a x b| and a.b). */
export declare function angleBetween3_rad(a: ArrayLike<number>, b: ArrayLike<number>): number;
