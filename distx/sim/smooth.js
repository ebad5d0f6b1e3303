/**
 * Piecewise-constant profiles with smooth-step transitions, and their exact running integral. Used for speed (whose
 * integral is distance), gait envelopes and track curvature (whose integral is heading), so that every orientation
 * the simulator produces is continuously differentiable and the gyroscope stays consistent with it.
 */
/** Integral from -inf to x of a smooth step (3u²-2u³) that rises over [-width/2, +width/2]. */
export function smoothStepIntegral(x, width) {
    const h = width / 2;
    if (x <= -h)
        return 0;
    if (x >= h)
        return x;
    const u = (x + h) / width;
    return width * (u * u * u - 0.5 * u * u * u * u);
}
export function smoothStepValue(x, width) {
    const h = width / 2;
    if (x <= -h)
        return 0;
    if (x >= h)
        return 1;
    const u = (x + h) / width;
    return u * u * (3 - 2 * u);
}
/** value(x) = base + Σ delta_j · step((x - center_j) / width_j). */
export class SmoothSteps {
    #base;
    #edges = [];
    constructor(base) {
        this.#base = base;
    }
    add(center, delta, width) {
        if (delta !== 0)
            this.#edges.push({ center, delta, width });
        return this;
    }
    value(x) {
        let v = this.#base;
        for (const e of this.#edges)
            v += e.delta * smoothStepValue(x - e.center, e.width);
        return v;
    }
    /** ∫_0^x value(ξ) dξ. */
    integral(x) {
        let v = this.#base * x;
        for (const e of this.#edges)
            v += e.delta * (smoothStepIntegral(x - e.center, e.width) - smoothStepIntegral(-e.center, e.width));
        return v;
    }
}
//# sourceMappingURL=smooth.js.map