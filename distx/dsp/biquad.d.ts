/** Response shape of a Butterworth design. */
export type ButterworthType = "lowpass" | "highpass" | "bandpass";
/** What to design. Frequencies in Hz; the cascade runs at `sampleRate_hz`. */
export interface ButterworthSpec {
    readonly type: ButterworthType;
    /**
     * Filter order (number of poles) of the low-pass / high-pass prototype: even, 2…24. A band-pass of order n is a
     * high-pass of order n at the lower edge followed by a low-pass of order n at the upper edge (2n poles in total,
     * the same pole count as scipy's `butter(n, [lo, hi], "bandpass")`).
     */
    readonly order: number;
    /** −3 dB frequency, Hz (lowpass/highpass), or the [lower, upper] edges, Hz (bandpass). */
    readonly cutoff_hz: number | readonly [number, number];
    /** Sample rate the coefficients are designed for, Hz. */
    readonly sampleRate_hz: number;
}
/**
 * One second-order section, normalised so that a0 = 1:
 * H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²).
 */
export interface BiquadSection {
    readonly b0: number;
    readonly b1: number;
    readonly b2: number;
    readonly a1: number;
    readonly a2: number;
}
/** Gain and phase of a cascade at one frequency. */
export interface FrequencyResponse {
    /** |H(e^{jω})|, linear (1 = unity). */
    readonly gain: number;
    /** arg H(e^{jω}), radians in (−π, π]. */
    readonly phase_rad: number;
}
/**
 * Designs a digital Butterworth filter as a cascade of second-order sections. Coefficients come from fili's
 * `CalcCascades` (RBJ cookbook sections, i.e. the bilinear transform pre-warped at the cut-off, so the digital
 * magnitude is exactly 1/√(1 + (tan(πf/fs)/tan(πfc/fs))^(2n)): −3 dB at the cut-off, unity at DC for a low-pass).
 * @throws RangeError on an odd or out-of-range order, a cut-off outside (0, fs/2), or band edges out of order.
 */
export declare function designButterworth(spec: ButterworthSpec): readonly BiquadSection[];
/**
 * A cascade of biquads run sample by sample (Direct Form II transposed). Coefficients and state live in
 * Float64Arrays; `step` allocates nothing.
 */
export declare class BiquadCascade {
    #private;
    /** Sample rate the coefficients were designed for, Hz. */
    readonly sampleRate_hz: number;
    /** Number of second-order sections. */
    readonly sectionCount: number;
    /**
     * @param sections second-order sections (a0 = 1), applied in order
     * @param sampleRate_hz sample rate of the signal, Hz (used only to express delays in seconds)
     */
    constructor(sections: readonly BiquadSection[], sampleRate_hz: number);
    /** Designs a Butterworth filter with {@link designButterworth} and wraps it. */
    static butterworth(spec: ButterworthSpec): BiquadCascade;
    /** The sections (a0 = 1), frozen copies. */
    get sections(): readonly BiquadSection[];
    /** Filters one sample and returns the output (same unit as the input). */
    step(x: number): number;
    /**
     * Sets the state to the steady state for a constant input `x0` (default 0 = all zeros): the next `step(x0)`
     * returns `dcGain · x0` exactly, so a filter started on 1 g does not ring.
     */
    reset(x0?: number): void;
    /** Gain at DC, H(z = 1) (1 for a Butterworth low-pass, 0 for a high-pass or band-pass). */
    get dcGain(): number;
    /** Gain and phase at `frequency_hz` (0 ≤ f ≤ sampleRate_hz/2). */
    response(frequency_hz: number): FrequencyResponse;
    /**
     * Group delay −dφ/dω at `frequency_hz` (default 0 = DC), seconds. At DC this is the delay of slowly varying
     * content (and the shift to subtract from event times found on the filtered signal); for a high-pass the DC value
     * is the limit f → 0.
     */
    groupDelay_s(frequency_hz?: number): number;
}
