/**
 * A small error-state Kalman filter on preallocated Float64Arrays (row-major), for the gravity tracker's 8-state model.
 * Updates run once per stride, but over a 3-hour run that is 15 000 updates, so nothing here allocates after
 * construction.
 */

export class ErrorStateKalman {
  readonly n: number;
  readonly maxM: number;
  /** Covariance, n×n row-major. */
  readonly P: Float64Array;
  /** Last error estimate x = K z. */
  readonly x: Float64Array;
  readonly #PHt: Float64Array;
  readonly #S: Float64Array;
  readonly #Si: Float64Array;
  readonly #aug: Float64Array;
  readonly #K: Float64Array;
  readonly #A: Float64Array;
  readonly #T: Float64Array;

  constructor(n: number, maxM: number) {
    this.n = n;
    this.maxM = maxM;
    this.P = new Float64Array(n * n);
    this.x = new Float64Array(n);
    this.#PHt = new Float64Array(n * maxM);
    this.#S = new Float64Array(maxM * maxM);
    this.#Si = new Float64Array(maxM * maxM);
    this.#aug = new Float64Array(maxM * 2 * maxM);
    this.#K = new Float64Array(n * maxM);
    this.#A = new Float64Array(n * maxM);
    this.#T = new Float64Array(n * n);
  }

  /**
   * Measurement update with m rows: H (m×n, row-major), R diagonal (m), innovation z (m). Writes x = K z and, unless
   * the normalised innovation squared exceeds `maxNis`, replaces P by the Joseph form (I − KH) P (I − KH)ᵀ + K R Kᵀ.
   * Returns the NIS; x is zero when the update was rejected.
   */
  update(H: Float64Array, R: Float64Array, z: Float64Array, m: number, maxNis = Infinity): number {
    const n = this.n;
    const P = this.P;
    const PHt = this.#PHt;
    // PHt = P Hᵀ (n×m)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += P[i * n + k]! * H[j * n + k]!;
        PHt[i * m + j] = s;
      }
    // S = H P Hᵀ + R (m×m)
    const S = this.#S;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += H[i * n + k]! * PHt[k * m + j]!;
        S[i * m + j] = s + (i === j ? R[i]! : 0);
      }
    const Si = this.#Si;
    invert(S, Si, m, this.#aug);
    // NIS = zᵀ S⁻¹ z
    let nis = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) nis += z[i]! * Si[i * m + j]! * z[j]!;
    this.x.fill(0);
    if (!(nis <= maxNis)) return nis;
    // K = PHt Si (n×m); x = K z
    const K = this.#K;
    for (let i = 0; i < n; i++) {
      let xi = 0;
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += PHt[i * m + k]! * Si[k * m + j]!;
        K[i * m + j] = s;
        xi += s * z[j]!;
      }
      this.x[i] = xi;
    }
    // A = I − K H (n×n)
    // Joseph form (I − KH) P (I − KH)ᵀ + K R Kᵀ, multiplied out so that no n×n×n product is needed:
    // T = P − K (H P) with H P = (P Hᵀ)ᵀ (P is symmetric); then P = T − (T Hᵀ) Kᵀ + K R Kᵀ.
    const T = this.#T;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += K[i * m + k]! * PHt[j * m + k]!;
        T[i * n + j] = P[i * n + j]! - s;
      }
    const TH = this.#A; // n×m
    for (let i = 0; i < n; i++)
      for (let k = 0; k < m; k++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += T[i * n + j]! * H[k * n + j]!;
        TH[i * m + k] = s;
      }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = T[i * n + j]!;
        for (let k = 0; k < m; k++) s += (K[i * m + k]! * R[k]! - TH[i * m + k]!) * K[j * m + k]!;
        P[i * n + j] = s;
      }
    return nis;
  }
}

/** Gauss-Jordan inverse of an m×m matrix with partial pivoting, into `out`, using `aug` (m×2m) as workspace. */
function invert(a: Float64Array, out: Float64Array, m: number, aug: Float64Array): void {
  const w = 2 * m;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < w; j++) aug[i * w + j] = j < m ? a[i * m + j]! : j - m === i ? 1 : 0;
  for (let col = 0; col < m; col++) {
    let p = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(aug[r * w + col]!) > Math.abs(aug[p * w + col]!)) p = r;
    if (p !== col)
      for (let j = 0; j < w; j++) {
        const t = aug[col * w + j]!;
        aug[col * w + j] = aug[p * w + j]!;
        aug[p * w + j] = t;
      }
    const piv = aug[col * w + col]!;
    if (Math.abs(piv) < 1e-300) throw new RangeError("kalman: singular innovation covariance");
    for (let j = 0; j < w; j++) aug[col * w + j] = aug[col * w + j]! / piv;
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = aug[r * w + col]!;
      if (f !== 0) for (let j = 0; j < w; j++) aug[r * w + j] = aug[r * w + j]! - f * aug[col * w + j]!;
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = aug[i * w + m + j]!;
}
