/** Minimal typings for the parts of the CommonJS package `fili` (v2, MIT, no bundled types) that hipgait uses. */
declare module "fili" {
  namespace fili {
    /**
     * One second-order section as fili returns it. Transfer function (fili's own convention):
     * H(z) = k · (b[0] + b[1] z⁻¹ + b[2] z⁻²) / (1 + a[0] z⁻¹ + a[1] z⁻²); `a` is already divided by a0.
     */
    interface Biquad {
      /** Feedback coefficients [a1, a2] (normalised, a0 = 1). */
      readonly a: readonly number[];
      /** Feed-forward coefficients [b0, b1, b2] (normalised by a0). */
      readonly b: readonly number[];
      /** Extra gain applied to the section input (1 unless `preGain` was requested). */
      readonly k: number;
      /** Un-normalised leading feedback coefficient (informational). */
      readonly a0?: number;
    }

    /** Design parameters of a cascade (fili's names: `Fs`, `Fc` in Hz). */
    interface CascadeParams {
      /** Number of biquad sections (fili calls it `order`; a Butterworth of filter order 2·n). At most 12. */
      order: number;
      characteristic: "butterworth" | "bessel";
      /** Sample rate, Hz. */
      Fs: number;
      /** Cut-off (lowpass/highpass) or centre (bandpass) frequency, Hz. */
      Fc: number;
      /** Bandwidth in octaves (bandpass only; replaces Q when non-zero). */
      BW?: number;
      gain?: number;
      preGain?: boolean;
    }

    /** Coefficient calculator returned by `new CalcCascades()`. Each method returns one Biquad per section. */
    interface CalcCascades {
      lowpass(params: CascadeParams): Biquad[];
      highpass(params: CascadeParams): Biquad[];
      bandpass(params: CascadeParams): Biquad[];
      bandstop(params: CascadeParams): Biquad[];
      available(): string[];
    }

    /** Kaiser-window FIR design: low-pass when `Fa` is 0 (pass up to about `Fb`), attenuation `Att` dB. */
    interface KbParams {
      /** The number of taps (fili calls it order; odd). */
      order: number;
      Fs: number;
      Fa: number;
      Fb: number;
      Att: number;
    }

    /** FIR coefficient calculator returned by `new FirCoeffs()`: the taps, summing to about 1 for a low-pass. */
    interface FirCoeffs {
      kbFilter(params: KbParams): number[];
    }
  }

  const fili: {
    CalcCascades: new () => fili.CalcCascades;
    FirCoeffs: new () => fili.FirCoeffs;
  };
  export = fili;
}
