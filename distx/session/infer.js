/** Standard gravity, m/s² per g. */
export const STANDARD_GRAVITY_MPS2 = 9.80665;
/** Divide a value in this unit by the factor to get seconds. */
export const TIME_DIVISOR = { s: 1, ms: 1e3, us: 1e6 };
/** Divide a value in this unit by the factor to get g. */
export const ACC_DIVISOR = { g: 1, mg: 1e3, mps2: STANDARD_GRAVITY_MPS2 };
/** Multiply a value in this unit by the factor to get deg/s. */
export const GYRO_FACTOR = { dps: 1, rads: 180 / Math.PI };
/** Plausible IMU sample rates for time-unit inference, Hz. */
export const MIN_PLAUSIBLE_RATE_HZ = 10;
export const MAX_PLAUSIBLE_RATE_HZ = 5000;
const TIME_WORD = { s: "seconds", ms: "milliseconds", us: "microseconds" };
const ACC_WORD = { g: "g", mg: "mg", mps2: "m/s²" };
/** Median of the first n values (copies; the input is not reordered). NaN when n is 0. */
export function median(values, n = values.length) {
    if (n <= 0)
        return Number.NaN;
    const sorted = Float64Array.from(values.subarray(0, n)).sort();
    const mid = n >> 1;
    return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Formats a magnitude with about three significant digits: 312, 9.81, 1.00, 0.0123. */
export function formatMagnitude(x) {
    const a = Math.abs(x);
    if (a >= 100)
        return x.toFixed(0);
    if (a >= 10)
        return x.toFixed(1);
    if (a >= 0.1 || a === 0)
        return x.toFixed(2);
    return x.toPrecision(3);
}
/** Formats a rate in Hz with at most one decimal and no trailing zeros: 100, 416, 99.9. */
export function formatRate(hz) {
    return String(Math.round(hz * 10) / 10);
}
/** Formats a duration in seconds briefly: one decimal from 1 s up (10, 7.5), two significant digits below (0.04). */
export function formatSeconds(s) {
    return String(s >= 1 ? Math.round(s * 10) / 10 : Number(s.toPrecision(2)));
}
/**
 * The time unit under which a median step between rows (in file units) is a plausible sample period
 * (10 Hz–5 kHz), or null. The three ranges do not overlap, so the answer is unique.
 */
export function inferTimeUnitFromStep(medianStep) {
    for (const unit of ["s", "ms", "us"]) {
        const rate = TIME_DIVISOR[unit] / medianStep;
        if (rate >= MIN_PLAUSIBLE_RATE_HZ && rate <= MAX_PLAUSIBLE_RATE_HZ)
            return unit;
    }
    return null;
}
/** The accelerometer unit whose 1 g lies near a median |a| (g 0.5–2.5, m/s² 4.9–24.5, mg 500–2500), or null. */
export function inferAccUnitFromMedianNorm(medianNorm) {
    for (const unit of ["g", "mps2", "mg"]) {
        const g = medianNorm / ACC_DIVISOR[unit];
        if (g >= 0.5 && g <= 2.5)
            return unit;
    }
    return null;
}
/** Seconds of data that undeclared acceleration and gyroscope units are inferred from. */
export const INFERENCE_WINDOW_S = 10;
/**
 * Decides the units of the look-ahead samples: declared units are kept, undeclared ones are inferred and each
 * inference adds a note. Throws the `fail` callback's error (one line) when the acceleration unit cannot be told.
 * @param declaredRate_hz sample_rate_hz metadata (Hz) or null; gives t = i / rate when there is no time column
 */
export function inferUnits(s, declared, declaredRate_hz, fail) {
    const notes = [];
    const n = s.rows;
    // Time unit, from the median raw step over the whole look-ahead.
    let time = declared.time ?? "s";
    let medianStepRaw = Number.NaN;
    if (s.t !== null && n >= 2) {
        const steps = new Float64Array(n - 1);
        for (let i = 1; i < n; i++)
            steps[i - 1] = s.t[i] - s.t[i - 1];
        medianStepRaw = median(steps);
    }
    if (s.t !== null && declared.time === null) {
        if (n < 2) {
            notes.push("time units not declared and only one row; assumed seconds");
        }
        else if (medianStepRaw > 0) {
            const unit = inferTimeUnitFromStep(medianStepRaw);
            if (unit === null) {
                fail(`cannot infer the time unit: the median step between rows is ${formatMagnitude(medianStepRaw)}, not a plausible sample period ` +
                    `(${MIN_PLAUSIBLE_RATE_HZ} Hz to ${MAX_PLAUSIBLE_RATE_HZ / 1000} kHz) in s, ms or us; declare it with a column named t_s, t_ms or t_us, or "# time_unit: s|ms|us"`);
            }
            time = unit;
            const rate = TIME_DIVISOR[unit] / medianStepRaw;
            notes.push(`time units not declared; assumed ${TIME_WORD[unit]} (median step ${formatMagnitude(medianStepRaw)} between rows, i.e. ${formatRate(rate)} Hz)`);
        }
        // A median step <= 0 means time is not increasing; the reader reports the exact row right after this.
    }
    if (s.t === null && declaredRate_hz !== null) {
        notes.push(`no time column; t = sample index / ${formatRate(declaredRate_hz)} Hz (from sample_rate_hz)`);
    }
    const medianStep_s = medianStepRaw / TIME_DIVISOR[time];
    // Inference window: the first INFERENCE_WINDOW_S seconds of the look-ahead (which is itself bounded in rows).
    let w = n;
    if (s.t !== null) {
        const limit = INFERENCE_WINDOW_S * TIME_DIVISOR[time];
        const t0 = s.t[0];
        w = 1;
        while (w < n && s.t[w] - t0 <= limit)
            w++;
    }
    else if (declaredRate_hz !== null) {
        w = Math.min(n, Math.floor(INFERENCE_WINDOW_S * declaredRate_hz) + 1);
    }
    const span_s = s.t !== null ? (s.t[w - 1] - s.t[0]) / TIME_DIVISOR[time] : declaredRate_hz !== null ? (w - 1) / declaredRate_hz : 0;
    const over = `over the first ${formatSeconds(span_s)} s`;
    const norms = new Float64Array(w);
    for (let i = 0; i < w; i++)
        norms[i] = Math.hypot(s.ax[i], s.ay[i], s.az[i]);
    let acc;
    if (declared.acc !== null) {
        acc = declared.acc;
    }
    else {
        const med = median(norms);
        const unit = inferAccUnitFromMedianNorm(med);
        if (unit === null) {
            fail(`cannot infer the acceleration unit: the median |a| ${over} is ${formatMagnitude(med)}, not near 1 (g), 9.81 (m/s²) or 1000 (mg); ` +
                `declare it with a column suffix (_g, _mg, _mps2) or "# acc_unit: g|mg|mps2"`);
        }
        acc = unit;
        notes.push(`acceleration units not declared; assumed ${ACC_WORD[unit]} (median |a| ${formatMagnitude(med)} ${over})`);
    }
    let gyro = null;
    if (s.gx !== null && s.gy !== null && s.gz !== null) {
        if (declared.gyro !== null) {
            gyro = declared.gyro;
        }
        else {
            let maxOmega = 0;
            for (let i = 0; i < w; i++)
                maxOmega = Math.max(maxOmega, Math.hypot(s.gx[i], s.gy[i], s.gz[i]));
            let sum = 0;
            let sumSq = 0;
            const div = ACC_DIVISOR[acc];
            for (let i = 0; i < w; i++) {
                const g = norms[i] / div;
                sum += g;
                sumSq += g * g;
            }
            const mean = sum / w;
            const accStd_g = Math.sqrt(Math.max(0, sumSq / w - mean * mean));
            const omega = formatMagnitude(maxOmega);
            if (maxOmega > 40) {
                gyro = "dps";
                notes.push(`gyro units not declared; assumed deg/s (max |ω| ${omega} ${over})`);
            }
            else if (accStd_g > 0.2 && maxOmega < 12) {
                gyro = "rads";
                notes.push(`gyro units not declared; assumed rad/s (max |ω| ${omega} while the accelerometer shows motion, std |a| ${formatMagnitude(accStd_g)} g, ${over})`);
            }
            else if (accStd_g <= 0.2) {
                gyro = "dps";
                notes.push(`gyro units not declared; assumed deg/s (max |ω| ${omega} ${over}; too little motion to be sure, declare gyro_unit if this is wrong)`);
            }
            else {
                gyro = "dps";
                notes.push(`gyro units not declared; assumed deg/s (max |ω| ${omega} ${over})`);
            }
        }
    }
    return { time, acc, gyro, notes, medianStep_s };
}
//# sourceMappingURL=infer.js.map