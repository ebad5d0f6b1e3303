/**
 * Piecewise-constant profiles with smooth-step transitions, and their exact running integral. Used for speed (whose
 * integral is distance), gait envelopes and track curvature (whose integral is heading), so that every orientation
 * the simulator produces is continuously differentiable and the gyroscope stays consistent with it.
 */
/** Integral from -inf to x of a smooth step (3u²-2u³) that rises over [-width/2, +width/2]. */
export declare function smoothStepIntegral(x: number, width: number): number;
export declare function smoothStepValue(x: number, width: number): number;
/** value(x) = base + Σ delta_j · step((x - center_j) / width_j). */
export declare class SmoothSteps {
    #private;
    constructor(base: number);
    add(center: number, delta: number, width: number): this;
    value(x: number): number;
    /** ∫_0^x value(ξ) dξ. */
    integral(x: number): number;
}
