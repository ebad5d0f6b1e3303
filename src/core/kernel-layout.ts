/**
 * Where each streaming stage keeps its state in the WebAssembly kernel's memory (assembly/kernel.ts reads this
 * file too, so both sides use one layout). A stage's state is a run of doubles at an 8-byte aligned address; the
 * constants are their indices in it. Pointers to other regions are stored as doubles (exact below 2^53).
 * Plain `export const` integers only: the file must compile both as TypeScript and as AssemblyScript.
 */

// ---------------------------------------------------------------- biquad cascade (dsp/biquad.ts)
/** Sections. */
export const BQ_N = 0;
/** Address of the coefficients, [b0, b1, b2, a1, a2] per section. */
export const BQ_C = 1;
/** Address of the state, [s1, s2] per section. */
export const BQ_S = 2;
export const BQ_SLOTS = 3;

// ---------------------------------------------------------------- contact detector (events/contact.ts)
// settings
export const CD_ON = 0;
export const CD_EDGE_LOW = 1;
export const CD_EDGE_BASE = 2;
export const CD_OFF_SETTING = 3;
export const CD_MIN_CONTACT = 4;
export const CD_MAX_CONTACT = 5;
export const CD_MIN_FLIGHT = 6;
export const CD_MIN_STEP = 7;
export const CD_MAX_INTERVAL = 8;
export const CD_RATE = 9;
export const CD_ADAPTIVE_MAX_OFF = 10;
/** Address of the low-pass (a biquad cascade's state block), or 0 for none. */
export const CD_FILTER = 11;
/** Address of the adaptive histogram, or 0 when not adaptive. */
export const CD_HIST = 12;
export const CD_HIST_LEN = 13;
// state
export const CD_PHASE = 14;
export const CD_HAVE_PREV = 15;
export const CD_T_PREV = 16;
export const CD_X_PREV = 17;
export const CD_BELOW = 18;
export const CD_VALLEY_S = 19;
export const CD_VALLEY_G = 20;
export const CD_UPLOW_S = 21;
export const CD_UPLOW_SLOPE = 22;
export const CD_IC = 23;
export const CD_IC_CROSS = 24;
export const CD_TO = 25;
export const CD_PEAK_G = 26;
export const CD_PEAK_S = 27;
/** Previous accepted contact's IC and TO, s; NaN when there is none (start, gap, rejected stance). */
export const CD_PREV_IC = 28;
export const CD_PREV_TO = 29;
export const CD_OFF = 30;
export const CD_BASE = 31;
export const CD_H_WEIGHT = 32;
export const CD_H_SCALE = 33;
export const CD_H_TLAST = 34;
export const CD_H_SECONDS = 35;
export const CD_H_UPDATE = 36;
export const CD_SUM_INTERVALS = 37;
export const CD_N_INTERVALS = 38;
// counters
export const CD_SAMPLES = 39;
export const CD_CONTACTS = 40;
export const CD_GAPS = 41;
export const CD_REJ_SHORT = 42;
export const CD_REJ_LONG = 43;
export const CD_REJ_STEP = 44;
/** The accepted contact's step and flight times (IC − previous IC / TO), s; NaN without a previous contact. */
export const CD_STEP = 45;
export const CD_FLIGHT = 46;
export const CD_SLOTS = 47;

/** Detector phases (CD_PHASE). No confirmed flight yet (start, after a gap, after a too-long stance): no contact can start. */
export const PHASE_DISARMED = 0;
/** Confirmed flight; waiting for the rising edge. */
export const PHASE_FLIGHT = 1;
/** Above the contact level since IC; no toe-off candidate yet. */
export const PHASE_CONTACT = 2;
/** Toe-off candidate found; waiting for the flight to be confirmed (or for the stance to resume). */
export const PHASE_ENDING = 3;

// ---------------------------------------------------------------- quiet-standing window (calibration/quiet.ts)
/** Samples in the open window, and the window length in samples. */
export const QD_COUNT = 0;
export const QD_WINDOW = 1;
/** Time of the window's first and latest sample, s. */
export const QD_START = 2;
export const QD_LAST_T = 3;
/** 1 when the latest sample had a gyroscope. */
export const QD_HAS_GYRO = 4;
/** Σ‖f‖ over the window, g. */
export const QD_NORM = 5;
/** Σ of ax, ay, az, gx, gy, gz (6 slots), then Σ of their squares (6 slots). */
export const QD_SUM = 6;
export const QD_SQ = 12;
/** The verdict's limits (QuietSettings: maxNormError_g, maxAccSd_g, maxGyroSd_dps, maxGyroNorm_dps). */
export const QD_MAX_NORM_ERROR = 18;
export const QD_MAX_ACC_SD = 19;
export const QD_MAX_GYRO_SD = 20;
export const QD_MAX_GYRO_NORM = 21;
/** 1 while a quiet stretch is open (set by the JavaScript side). */
export const QD_IN_STRETCH = 22;
/** Windows completed so far; 1 when the latest was quiet; its means of ax … gz (6 slots). */
export const QD_CLOSED = 23;
export const QD_QUIET_NOW = 24;
export const QD_MEAN = 25;
export const QD_SLOTS = 31;

// ---------------------------------------------------------------- gravity tracker (orientation/gravity-tracker.ts)
/** Attitude quaternion [w, x, y, z] (sensor → world, world x = up). */
export const GT_Q = 0;
/** Up in the sensor frame (row 0 of R(Q)). */
export const GT_UP = 4;
/** Gyro bias, deg/s; accelerometer bias, g (sensor frame). */
export const GT_BIAS = 7;
export const GT_ACC_BIAS = 10;
/** Address of the open step's accumulator (ST_*). */
export const GT_CUR = 13;
/** Address of the step before it (0 after a restart), and of the two accumulators the steps take in turn. */
export const GT_PREV = 14;
export const GT_ACC0 = 15;
export const GT_ACC1 = 16;
/** Addresses of the stride Kalman filter (KF_*) and of its measurement H (5×8), R (5) and z (5). */
export const GT_KF = 17;
export const GT_H = 18;
export const GT_R = 19;
export const GT_Z = 20;
/** Settings (orientation/gravity-tracker.ts): longest stride, s; most turning, deg/s; highest speed, m/s; NIS limit. */
export const GT_MAX_STRIDE = 21;
export const GT_MAX_TURN = 22;
export const GT_MAX_SPEED = 23;
export const GT_MAX_NIS = 24;
/**
 * Variances computed once by the JavaScript (JavaScript's own `**`): the stride measurement's, rad²; the random walks
 * per second of tilt, rad²/s, accelerometer bias, g²/s, and gyro bias, (rad/s)²/s; the tilt added for an outlier, rad².
 */
export const GT_STRIDE_VAR = 25;
export const GT_TILT_Q = 26;
export const GT_ACC_BIAS_Q = 27;
export const GT_GYRO_BIAS_Q = 28;
export const GT_OUTLIER_VAR = 29;
/** Diagnostics: measurements used, strides skipped for turning or other reasons, last tilt correction (deg). */
export const GT_CORRECTIONS = 30;
export const GT_SKIPPED_TURNING = 31;
export const GT_SKIPPED_OTHER = 32;
export const GT_LAST_CORRECTION = 33;
/** Variances of the quiet-standing measurement of up, rad², and of the gyro bias, (rad/s)² (JavaScript's `**`). */
export const GT_STANDING_VAR = 34;
export const GT_STANDING_GYRO_VAR = 35;
export const GT_SLOTS = 36;

/**
 * A step accumulator: Σ of the bias-corrected specific force in the world frame (3 slots), samples, s, rad; the world
 * north and east axes in the sensor frame at the step's start (3 slots each); 1 while the step is usable.
 */
export const ST_SUM = 0;
export const ST_N = 3;
export const ST_DURATION = 4;
export const ST_TURN = 5;
export const ST_NORTH = 6;
export const ST_EAST = 9;
export const ST_VALID = 12;
export const ST_SLOTS = 13;

// ---------------------------------------------------------------- sample ring (pipeline/ring.ts)
export const RG_CAPACITY = 0;
/** Absolute number of the next sample to write, and that number modulo the capacity. */
export const RG_NEXT = 1;
export const RG_W = 2;
/** Addresses of the channel arrays: t, av, ap, ml, mlRaw, sinObliquity, sinTilt, yaw. */
export const RG_T = 3;
export const RG_AV = 4;
export const RG_AP = 5;
export const RG_ML = 6;
export const RG_ML_RAW = 7;
export const RG_SIN_OBLIQUITY = 8;
export const RG_SIN_TILT = 9;
export const RG_YAW = 10;
/** Pelvis right and forward axes in the sensor frame (3 slots each), for the horizontal projections. */
export const RG_RIGHT = 11;
export const RG_FORWARD = 14;
/** Addresses of the step measurement's sums (MS_*) and of its work space (one double per ring sample). */
export const RG_STEP = 17;
export const RG_SCRATCH = 18;
/** Address of the stride-curve output (CYCLE_CURVES × CYCLE_POINTS doubles, signal-major; metrics/gait-cycle.ts). */
export const RG_CURVE = 19;
export const RG_SLOTS = 20;
/** Gait-cycle curves (metrics/gait-cycle.ts): points per curve (0, 1, …, 100 % of a stride) and curves per stride. */
export const CYCLE_POINTS = 101;
export const CYCLE_CURVES = 4;

/**
 * Sums of one step over the ring (metrics/step-metrics.ts): over stance the extremes and sum of sin(obliquity), the
 * samples, Σ mlRaw, peak braking, propulsion and vertical force; over the whole step the extremes and Σ of
 * sin(tilt) (the sum with asin's cubic term), the extremes of heading about the stride's mean turn, the horizontal
 * sums, the early and late stance forward force, and the vertical oscillation (mm; NaN for an incomplete step).
 */
export const MS_OBL_MAX = 0;
export const MS_OBL_MIN = 1;
export const MS_OBL_SUM = 2;
export const MS_N_STANCE = 3;
export const MS_ML_SUM = 4;
export const MS_PEAK_BRAKE = 5;
export const MS_PEAK_PROP = 6;
export const MS_PEAK_V = 7;
export const MS_TILT_MAX = 8;
export const MS_TILT_MIN = 9;
export const MS_TILT_SUM = 10;
export const MS_YAW_MIN = 11;
export const MS_YAW_MAX = 12;
export const MS_HX = 13;
export const MS_HY = 14;
export const MS_HXX = 15;
export const MS_HYY = 16;
export const MS_HXY = 17;
export const MS_EARLY_SUM = 18;
export const MS_EARLY_N = 19;
export const MS_LATE_SUM = 20;
export const MS_LATE_N = 21;
export const MS_VO = 22;
export const MS_SLOTS = 23;

// ---------------------------------------------------------------- the analysis loop (pipeline/analyzer.ts)
/** Time of the previous sample, s (NaN before the first). */
export const GL_PREV_T = 0;
/** Cumulative heading (∫ ω·up dt), deg. */
export const GL_YAW = 1;
/** Accelerometer-only vertical (low-passed specific force, 3 slots). */
export const GL_ACC_UP = 2;
/** Nominal sample interval, s; a larger interval than GL_DT_GAP is lost data, s. */
export const GL_DT_NOMINAL = 5;
export const GL_DT_GAP = 6;
/** Time constant of the accelerometer-only vertical, s. */
export const GL_ACC_TAU = 7;
/** IC of the contact waiting for its step (NaN: none), and after how long it closes its bout, s. */
export const GL_PENDING_IC = 8;
export const GL_CLOSE_BOUT_AFTER = 9;
/** Latest IC (NaN: none yet), and the time without contacts that opens a non-running stretch, s. */
export const GL_LAST_IC = 10;
export const GL_MIN_NON_RUNNING = 11;
/** 1 while a non-running stretch is open. */
export const GL_RUN_OPEN = 12;
/** Time of the first sample, s (NaN before it). */
export const GL_FIRST_T = 13;
/** Set by the loop at an event: the sample's interval (s) and whether it had a gyroscope. */
export const GL_EV_DT = 14;
export const GL_EV_GYRO = 15;
export const GL_SLOTS = 16;

/**
 * Columns of the input staging area (each as long as the area): t, ax, ay, az, gx, gy, gz; and for the stages run
 * on their own, what the analysis would have computed: av (vertical force), dt, up (3) and heading.
 */
export const IN_T = 0;
export const IN_AX = 1;
export const IN_AY = 2;
export const IN_AZ = 3;
export const IN_GX = 4;
export const IN_GY = 5;
export const IN_GZ = 6;
export const IN_AV = 7;
export const IN_DT = 8;
export const IN_UX = 9;
export const IN_UY = 10;
export const IN_UZ = 11;
export const IN_YAW = 12;
export const IN_COLUMNS = 13;

/** What the loop runs (flags of run()). */
export const RUN_QUIET = 1;
export const RUN_TRACKER = 2;
export const RUN_RING = 4;
export const RUN_DETECTOR = 8;
/** The analysis' own work: gap checks, the accelerometer-only vertical, heading, vertical force, event checks. */
export const RUN_ANALYSIS = 16;
/**
 * The calibration pass (pipeline/analyzer.ts): without RUN_ANALYSIS, the detector's input is the specific force along
 * the tracker's up (not IN_AV), and that up is written to the staging area (IN_UX, IN_UY, IN_UZ) for the caller.
 */
export const RUN_UP_OUT = 32;

/** Why the loop stopped (its return value). */
export const EV_END = 0;
export const EV_GAP = 1;
export const EV_WINDOW = 2;
export const EV_CONTACT = 3;
export const EV_IDLE = 4;
/** Where in its sample the loop starts (run()'s `resume`). */
export const RESUME_START = 0;
export const RESUME_AFTER_GAP = 1;
export const RESUME_AFTER_WINDOW = 2;

// ---------------------------------------------------------------- error-state Kalman filter (orientation/kalman.ts)
/** States n and most measurement rows; then the addresses of P (n×n), x (n) and the work matrices. */
export const KF_N = 0;
export const KF_MAX_M = 1;
export const KF_P = 2;
export const KF_X = 3;
export const KF_PHT = 4;
export const KF_S = 5;
export const KF_SI = 6;
export const KF_AUG = 7;
export const KF_K = 8;
export const KF_A = 9;
export const KF_T = 10;
export const KF_SLOTS = 11;
