/** Result types of the streaming analysis: per-step results and the run summary (JSON schema hipgait/analysis@1). */
/**
 * Decimal places of each numeric per-step field as reported; its key order is the order of the fields in the JSON.
 * The analyzer rounds with it and the JSON writer formats with it.
 */
export const STEP_DECIMALS = {
    t: 4,
    toe_off_s: 4,
    contact_time_ms: 1,
    step_time_ms: 1,
    flight_time_ms: 1,
    cadence_spm: 2,
    pelvic_drop_deg: 2,
    vertical_oscillation_mm: 1,
    pelvic_rotation_range_deg: 2,
    pelvic_tilt_range_deg: 2,
    anterior_tilt_deg: 2,
    peak_braking_g: 3,
    peak_propulsion_g: 3,
    peak_vertical_g: 3,
};
//# sourceMappingURL=types.js.map