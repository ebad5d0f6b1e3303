/** Scores detected gait events against a reference: one-to-one tolerance matching, recall/precision, error stats. */
function median(sorted) {
    const n = sorted.length;
    if (n === 0)
        return Number.NaN;
    const m = n >> 1;
    return n % 2 === 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
}
/** Bias, SD, median |error|, RMSE and max |error| of signed errors in ms. */
export function errorStats(errors_ms) {
    const n = errors_ms.length;
    if (n === 0) {
        return { n, bias_ms: Number.NaN, sd_ms: Number.NaN, medianAbs_ms: Number.NaN, rmse_ms: Number.NaN, maxAbs_ms: Number.NaN };
    }
    let sum = 0, sumSq = 0;
    for (const e of errors_ms) {
        sum += e;
        sumSq += e * e;
    }
    const bias = sum / n;
    let ss = 0;
    for (const e of errors_ms)
        ss += (e - bias) * (e - bias);
    const abs = errors_ms.map(Math.abs).sort((a, b) => a - b);
    return {
        n,
        bias_ms: bias,
        sd_ms: n >= 2 ? Math.sqrt(ss / (n - 1)) : Number.NaN,
        medianAbs_ms: median(abs),
        rmse_ms: Math.sqrt(sumSq / n),
        maxAbs_ms: abs[n - 1],
    };
}
function ratio(num, den) {
    return den > 0 ? num / den : Number.NaN;
}
function inWindow(t, w) {
    return w === undefined || (t >= w[0] && t <= w[1]);
}
/**
 * One-to-one matching of event times: candidate pairs with |detected − reference| ≤ tolerance are taken in order of
 * increasing distance (ties: lower reference index, then lower detected index), each event used at most once. For
 * event trains whose spacing exceeds twice the tolerance this is simply "nearest within tolerance".
 * @param reference_s reference event times, s (any order)
 * @param detected_s detected event times, s (any order)
 */
export function matchEvents(reference_s, detected_s, options) {
    const tol = options.tolerance_s;
    if (!(tol >= 0))
        throw new RangeError(`matchEvents: tolerance_s must be ≥ 0, got ${tol}`);
    const w = options.window_s;
    // Candidate pairs via two sorted index lists and a sliding lower bound: O((n + m) log(n + m) + pairs).
    const ri = reference_s.map((_, i) => i).sort((a, b) => reference_s[a] - reference_s[b]);
    const di = detected_s.map((_, i) => i).sort((a, b) => detected_s[a] - detected_s[b]);
    const cands = [];
    let lo = 0;
    for (const r of ri) {
        const tr = reference_s[r];
        while (lo < di.length && detected_s[di[lo]] < tr - tol)
            lo++;
        for (let k = lo; k < di.length; k++) {
            const d = di[k];
            const dist = Math.abs(detected_s[d] - tr);
            if (detected_s[d] > tr + tol)
                break;
            if (dist <= tol)
                cands.push({ r, d, dist });
        }
    }
    cands.sort((a, b) => a.dist - b.dist || a.r - b.r || a.d - b.d);
    const refUsed = new Uint8Array(reference_s.length);
    const detUsed = new Uint8Array(detected_s.length);
    const all = [];
    for (const c of cands) {
        if (refUsed[c.r] === 1 || detUsed[c.d] === 1)
            continue;
        refUsed[c.r] = 1;
        detUsed[c.d] = 1;
        all.push({ referenceIdx: c.r, detectedIdx: c.d, error_ms: (detected_s[c.d] - reference_s[c.r]) * 1000 });
    }
    const pairs = all.filter((p) => inWindow(reference_s[p.referenceIdx], w)).sort((a, b) => a.referenceIdx - b.referenceIdx);
    const countedDet = new Uint8Array(detected_s.length);
    for (const p of pairs)
        countedDet[p.detectedIdx] = 1;
    let nDetected = 0;
    detected_s.forEach((t, i) => {
        if (countedDet[i] === 1 || (detUsed[i] === 0 && inWindow(t, w)))
            nDetected++;
    });
    const nReference = reference_s.filter((t) => inWindow(t, w)).length;
    const nMatched = pairs.length;
    const recall = ratio(nMatched, nReference);
    const precision = ratio(nMatched, nDetected);
    return {
        nReference,
        nDetected,
        nMatched,
        recall,
        precision,
        f1: ratio(2 * nMatched, nReference + nDetected),
        pairs,
        errors: errorStats(pairs.map((p) => p.error_ms)),
    };
}
/**
 * Matches detected contacts to reference contacts on their initial contact (see {@link matchEvents}) and reports
 * IC, toe-off and contact-time errors of the matched contacts.
 */
export function evaluateContacts(reference, detected, options) {
    const ic = matchEvents(reference.map((c) => c.ic_s), detected.map((c) => c.ic_s), options);
    const ic_ms = [], to_ms = [], contactTime_ms = [];
    for (const p of ic.pairs) {
        const r = reference[p.referenceIdx], d = detected[p.detectedIdx];
        ic_ms.push(p.error_ms);
        to_ms.push((d.to_s - r.to_s) * 1000);
        contactTime_ms.push((d.to_s - d.ic_s - (r.to_s - r.ic_s)) * 1000);
    }
    return { ic, to: errorStats(to_ms), contactTime: errorStats(contactTime_ms), raw: { ic_ms, to_ms, contactTime_ms } };
}
/** Pools counts and raw errors of several contact evaluations. */
export function poolContactEvaluations(list) {
    let nReference = 0, nDetected = 0, nMatched = 0;
    const ic = [], to = [], ct = [];
    for (const e of list) {
        nReference += e.ic.nReference;
        nDetected += e.ic.nDetected;
        nMatched += e.ic.nMatched;
        ic.push(...e.raw.ic_ms);
        to.push(...e.raw.to_ms);
        ct.push(...e.raw.contactTime_ms);
    }
    return {
        nReference,
        nDetected,
        nMatched,
        recall: ratio(nMatched, nReference),
        precision: ratio(nMatched, nDetected),
        f1: ratio(2 * nMatched, nReference + nDetected),
        ic: errorStats(ic),
        to: errorStats(to),
        contactTime: errorStats(ct),
    };
}
/**
 * Reference-contact defaults from the Alcantara dataset README (`../shared/datasets/alcantara-sacrum-running`):
 * 0.05 BW, contact ≥ 100 ms, flight ≥ 20 ms. Frozen.
 */
export const DEFAULT_FORCE_CONTACT_SETTINGS = Object.freeze({
    threshold_bw: 0.05,
    minFlight_s: 0.02,
    minContact_s: 0.1,
});
/**
 * Reference contacts from a vertical ground-reaction-force trace (batch, for validation): runs of samples above
 * `threshold_bw`, with IC/TO at the interpolated threshold crossings; flights shorter than `minFlight_s` are
 * bridged, then contacts shorter than `minContact_s` dropped. Contacts cut by the start or end of the trace are
 * left out.
 * @param force_bw vertical GRF, body weights, uniformly sampled
 * @param sampleRate_hz sample rate, Hz; sample i is at time (t0_s + i / sampleRate_hz) s
 */
export function contactsFromForce(force_bw, sampleRate_hz, settings = {}, t0_s = 0) {
    const { threshold_bw: thr, minFlight_s, minContact_s } = { ...DEFAULT_FORCE_CONTACT_SETTINGS, ...settings };
    const n = force_bw.length;
    const dt = 1 / sampleRate_hz;
    const raw = [];
    let start = Number.NaN;
    let startCut = false;
    for (let i = 0; i < n; i++) {
        const above = force_bw[i] > thr;
        const prevAbove = i > 0 && force_bw[i - 1] > thr;
        if (above && !prevAbove) {
            if (i === 0) {
                start = t0_s;
                startCut = true;
            }
            else {
                const f0 = force_bw[i - 1], f1 = force_bw[i];
                start = t0_s + (i - 1 + (thr - f0) / (f1 - f0)) * dt;
                startCut = false;
            }
        }
        else if (!above && prevAbove) {
            const f0 = force_bw[i - 1], f1 = force_bw[i];
            raw.push({ ic_s: start, to_s: t0_s + (i - 1 + (f0 - thr) / (f0 - f1)) * dt, cut: startCut });
        }
    }
    if (n > 0 && force_bw[n - 1] > thr)
        raw.push({ ic_s: start, to_s: t0_s + (n - 1) * dt, cut: true });
    const merged = [];
    for (const c of raw) {
        const last = merged[merged.length - 1];
        if (last !== undefined && c.ic_s - last.to_s < minFlight_s) {
            merged[merged.length - 1] = { ic_s: last.ic_s, to_s: c.to_s, cut: last.cut || c.cut };
        }
        else {
            merged.push({ ...c });
        }
    }
    return merged.filter((c) => !c.cut && c.to_s - c.ic_s >= minContact_s).map(({ ic_s, to_s }) => ({ ic_s, to_s }));
}
//# sourceMappingURL=evaluation.js.map