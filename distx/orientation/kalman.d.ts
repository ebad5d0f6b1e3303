/**
 * A small error-state Kalman filter on preallocated Float64Arrays (row-major), for the gravity tracker's 8-state model.
 * Updates run once per stride, but over a 3-hour run that is 15 000 updates, so nothing here allocates after
 * construction.
 */
export declare class ErrorStateKalman {
    #private;
    readonly n: number;
    readonly maxM: number;
    /** Covariance, n×n row-major. */
    readonly P: Float64Array;
    /** Last error estimate x = K z. */
    readonly x: Float64Array;
    constructor(n: number, maxM: number);
    /**
     * Measurement update with m rows: H (m×n, row-major), R diagonal (m), innovation z (m). Writes x = K z and, unless
     * the normalised innovation squared exceeds `maxNis`, replaces P by the Joseph form (I − KH) P (I − KH)ᵀ + K R Kᵀ.
     * Returns the NIS; x is zero when the update was rejected.
     */
    update(H: Float64Array, R: Float64Array, z: Float64Array, m: number, maxNis?: number): number;
}
