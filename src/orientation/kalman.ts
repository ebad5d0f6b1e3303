/**
 * A small error-state Kalman filter on preallocated matrices (row-major) in the WebAssembly kernel's memory, for the
 * gravity tracker's 8-state model; the update runs in the kernel (assembly/kernel.ts kalman_update). Updates run
 * once per stride, but over a 3-hour run that is 15 000 updates, so nothing here allocates after construction.
 */
import { Kernel } from "../core/kernel.js";
import { KF_A, KF_AUG, KF_K, KF_MAX_M, KF_N, KF_P, KF_PHT, KF_S, KF_SI, KF_SLOTS, KF_T, KF_X } from "../core/kernel-layout.js";

export class ErrorStateKalman {
  readonly n: number;
  readonly maxM: number;
  /** Covariance, n×n row-major (a view on the kernel). */
  readonly P: Float64Array;
  /** Last error estimate x = K z (a view on the kernel). */
  readonly x: Float64Array;
  /** The kernel that holds the matrices and runs the update (assembly/kernel.ts kalman_update). */
  readonly #k: Kernel;
  readonly #p: number;

  /**
   * @param n states
   * @param maxM most measurement rows of an update
   * @param kernel the kernel to keep the matrices in (the tracker's; a new one by default)
   */
  constructor(n: number, maxM: number, kernel: Kernel = new Kernel()) {
    this.n = n;
    this.maxM = maxM;
    this.#k = kernel;
    const p = kernel.alloc(KF_SLOTS);
    this.#p = p;
    const m = kernel.f64, i = p >> 3;
    m[i + KF_N] = n;
    m[i + KF_MAX_M] = maxM;
    const block = (slot: number, doubles: number): number => (m[i + slot] = kernel.alloc(doubles));
    this.P = kernel.view(block(KF_P, n * n), n * n);
    this.x = kernel.view(block(KF_X, n), n);
    block(KF_PHT, n * maxM);
    block(KF_S, maxM * maxM);
    block(KF_SI, maxM * maxM);
    block(KF_AUG, maxM * 2 * maxM);
    block(KF_K, n * maxM);
    block(KF_A, n * maxM);
    block(KF_T, n * n);
  }

  /** Byte address of the filter's block in its kernel (KF_*; the tracker's step update runs on it there). */
  get address(): number {
    return this.#p;
  }

  /** The kernel the matrices live in: an update's H, R and z must lie in it too (see {@link update}). */
  get kernel(): Kernel {
    return this.#k;
  }

  /**
   * Measurement update with m rows: H (m×n, row-major), R diagonal (m), innovation z (m), each a view on this
   * filter's kernel. Writes x = K z and, unless the normalised innovation squared exceeds `maxNis`, replaces P by the
   * Joseph form (I − KH) P (I − KH)ᵀ + K R Kᵀ. Returns the NIS; x is zero when the update was rejected.
   */
  update(H: Float64Array, R: Float64Array, z: Float64Array, m: number, maxNis = Infinity): number {
    const nis = this.#k.ex.kalman_update(this.#p, address(H), address(R), address(z), m, maxNis);
    if (nis === Number.NEGATIVE_INFINITY) throw new RangeError("kalman: singular innovation covariance");
    return nis;
  }
}

/** Byte address of a view on a kernel's memory. */
function address(v: Float64Array): number {
  return v.byteOffset;
}
