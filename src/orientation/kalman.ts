/**
 * A small dense Kalman-filter toolkit for the gravity tracker's 8-state error model (plain arrays, row-major).
 * Sizes are tiny (n ≤ 8, m ≤ 3) and updates run once per stride, so clarity wins over speed here.
 */

export type Mat = number[][];

export function zeros(r: number, c: number): Mat {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}

export function identity(n: number): Mat {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m[i]![i] = 1;
  return m;
}

export function mul(a: Mat, b: Mat): Mat {
  const r = a.length, k = b.length, c = b[0]!.length;
  const out = zeros(r, c);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i]![t]! * b[t]![j]!;
      out[i]![j] = s;
    }
  return out;
}

export function transpose(a: Mat): Mat {
  const out = zeros(a[0]!.length, a.length);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[0]!.length; j++) out[j]![i] = a[i]![j]!;
  return out;
}

export function add(a: Mat, b: Mat): Mat {
  return a.map((row, i) => row.map((v, j) => v + b[i]![j]!));
}

export function sub(a: Mat, b: Mat): Mat {
  return a.map((row, i) => row.map((v, j) => v - b[i]![j]!));
}

/** Inverse of a symmetric positive-definite matrix by Gauss-Jordan elimination with partial pivoting (m ≤ 3). */
export function inverse(a: Mat): Mat {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...identity(n)[i]!]);
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[p]![col]!)) p = r;
    [m[col], m[p]] = [m[p]!, m[col]!];
    const piv = m[col]![col]!;
    if (Math.abs(piv) < 1e-300) throw new RangeError("kalman: singular innovation covariance");
    for (let j = 0; j < 2 * n; j++) m[col]![j] = m[col]![j]! / piv;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j] = m[r]![j]! - f * m[col]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * Measurement update of an error-state filter whose prior error estimate is zero: returns the error estimate
 * x = K z and replaces P by the Joseph-form posterior (I − KH) P (I − KH)ᵀ + K R Kᵀ. Also returns the
 * normalised innovation squared zᵀ S⁻¹ z (for gating).
 */
export function update(P: Mat, H: Mat, R: Mat, z: number[]): { x: number[]; nis: number; P: Mat } {
  const Ht = transpose(H);
  const S = add(mul(mul(H, P), Ht), R);
  const Si = inverse(S);
  const K = mul(mul(P, Ht), Si);
  const zc = z.map((v) => [v]);
  const x = mul(K, zc).map((r) => r[0]!);
  const nis = mul(mul(transpose(zc), Si), zc)[0]![0]!;
  const IKH = sub(identity(P.length), mul(K, H));
  const Pn = add(mul(mul(IKH, P), transpose(IKH)), mul(mul(K, R), transpose(K)));
  return { x, nis, P: Pn };
}
