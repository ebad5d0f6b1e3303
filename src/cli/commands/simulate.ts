/** `hipgait simulate`: write a simulated running session and its ground truth. */
import { UsageError } from "../../core/errors.js";
import { DEFAULT_PARAMS, PRESETS, resolveParams, Simulation, simulateToFile, type GaitParams, type ParamOverrides, type SimParams } from "../../sim/index.js";
import { numberFlag, parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";

type NumericKey = { [K in keyof SimParams]: SimParams[K] extends number ? K : never }[keyof SimParams];

interface NumFlag {
  flag: string;
  key: NumericKey;
  unit: string;
  help: string;
  min: number;
  max: number;
}
interface GaitFlag {
  flag: string;
  key: keyof GaitParams;
  unit: string;
  help: string;
}

const NUM_FLAGS: readonly NumFlag[] = [
  { flag: "minutes", key: "minutes", unit: "min", help: "activity duration (running + walking breaks)", min: 0.05, max: 1440 },
  { flag: "rate", key: "sampleRate_hz", unit: "Hz", help: "sample rate", min: 10, max: 5000 },
  { flag: "seed", key: "seed", unit: "", help: "random seed (same seed, same bytes)", min: -2147483648, max: 4294967295 },
  { flag: "speed", key: "speed_mps", unit: "m/s", help: "running speed", min: 1, max: 10 },
  { flag: "stand-start", key: "standStart_s", unit: "s", help: "quiet standing before the run", min: 0, max: 600 },
  { flag: "stand-end", key: "standEnd_s", unit: "s", help: "quiet standing after the run", min: 0, max: 600 },
  { flag: "walk-every", key: "walkEvery_min", unit: "min", help: "a walking break after every N minutes of running (0 = none)", min: 0, max: 1440 },
  { flag: "walk-break", key: "walkBreak_s", unit: "s", help: "length of each walking break", min: 0, max: 3600 },
  { flag: "walk-speed", key: "walkSpeed_mps", unit: "m/s", help: "walking speed", min: 0.3, max: 3 },
  { flag: "walk-cadence", key: "walkCadence_spm", unit: "spm", help: "walking cadence", min: 60, max: 150 },
  { flag: "fatigue-start", key: "fatigueStart", unit: "fraction", help: "point of the activity (0..1) where fatigue drift starts", min: 0, max: 1 },
  { flag: "fatigue-ramp", key: "fatigueRamp_min", unit: "min", help: "duration of the drift to the fatigued values", min: 0, max: 1440 },
  { flag: "step-cv", key: "stepTimeCv", unit: "", help: "coefficient of variation of step time", min: 0, max: 0.2 },
  { flag: "contact-sd", key: "contactTimeSd_ms", unit: "ms", help: "step-to-step SD of contact time", min: 0, max: 100 },
  { flag: "drop-sd", key: "pelvicDropSd_deg", unit: "deg", help: "step-to-step SD of peak pelvic drop", min: 0, max: 10 },
  { flag: "rotation", key: "pelvicRotation_deg", unit: "deg", help: "half-amplitude of transverse pelvic rotation", min: 0, max: 30 },
  { flag: "tilt-osc", key: "tiltOscillation_deg", unit: "deg", help: "half-amplitude of sagittal tilt oscillation", min: 0, max: 20 },
  { flag: "impact", key: "impact_g", unit: "g", help: "impact transient at contact", min: 0, max: 5 },
  { flag: "ringing", key: "ringing_g", unit: "g", help: "soft-tissue ringing amplitude", min: 0, max: 5 },
  { flag: "ringing-hz", key: "ringing_hz", unit: "Hz", help: "soft-tissue ringing frequency", min: 1, max: 100 },
  { flag: "ringing-decay", key: "ringingDecay_ms", unit: "ms", help: "ringing decay time constant", min: 1, max: 500 },
  { flag: "lateral", key: "lateral_g", unit: "g", help: "peak medio-lateral stance force", min: 0, max: 2 },
  { flag: "acc-noise", key: "accNoise_ugrtHz", unit: "µg/√Hz", help: "accelerometer noise density", min: 0, max: 1e5 },
  { flag: "gyro-noise", key: "gyroNoise_mdpsrtHz", unit: "mdps/√Hz", help: "gyroscope noise density", min: 0, max: 1e4 },
  { flag: "acc-bias", key: "accBias_g", unit: "g", help: "SD of the constant accelerometer offset per axis", min: 0, max: 1 },
  { flag: "gyro-bias", key: "gyroBias_dps", unit: "deg/s", help: "SD of the constant gyroscope offset per axis", min: 0, max: 50 },
  { flag: "gyro-bias-walk", key: "gyroBiasWalk_dpsrts", unit: "deg/s/√s", help: "gyroscope bias random walk", min: 0, max: 1 },
  { flag: "acc-range", key: "accRange_g", unit: "g", help: "accelerometer full scale (saturation)", min: 1, max: 64 },
  { flag: "gyro-range", key: "gyroRange_dps", unit: "deg/s", help: "gyroscope full scale (saturation)", min: 100, max: 5000 },
  { flag: "mount-slip", key: "mountSlip_deg", unit: "deg", help: "the clip turns on the belt about a body axis (--mount-slip-axis) by this much", min: -180, max: 180 },
  { flag: "mount-slip-at", key: "mountSlipAt", unit: "fraction", help: "point of the activity (0..1) where the clip turns", min: 0, max: 1 },
  { flag: "jitter", key: "jitter_ms", unit: "ms", help: "SD of timestamp jitter (clamped below half a sample period)", min: 0, max: 100 },
  { flag: "gaps-per-min", key: "gapsPerMin", unit: "1/min", help: "mean number of lost-data gaps per minute", min: 0, max: 60 },
  { flag: "gap-ms", key: "gapMean_ms", unit: "ms", help: "mean gap duration", min: 1, max: 60000 },
];

const GAIT_FLAGS: readonly GaitFlag[] = [
  { flag: "cadence", key: "cadence_spm", unit: "spm", help: "cadence (steps per minute, both feet)" },
  { flag: "contact-time", key: "contactTime_ms", unit: "ms", help: "ground contact time" },
  { flag: "drop-left", key: "pelvicDropLeft_deg", unit: "deg", help: "peak contralateral pelvic drop in left stance" },
  { flag: "drop-right", key: "pelvicDropRight_deg", unit: "deg", help: "peak contralateral pelvic drop in right stance" },
  { flag: "anterior-tilt", key: "anteriorTilt_deg", unit: "deg", help: "anterior pelvic tilt while running vs standing" },
  { flag: "propulsion", key: "propulsion_g", unit: "g", help: "peak propulsive specific force" },
];

function fmtDefault(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

const HELP = [
  "Usage: hipgait simulate --out FILE [--truth FILE] [--preset NAME] [options]",
  "",
  "Writes a simulated pelvis-IMU running session (session format v1; gzip when FILE ends in .gz) and, with --truth,",
  "a JSON file with every step's true events and metrics. Deterministic for a given --seed.",
  "",
  "Output:",
  "  --out FILE            session file to write (required)",
  "  --truth FILE          ground-truth JSON to write",
  "  --force               overwrite existing files",
  "",
  "Scenario:",
  "  --preset NAME         the simulated runner (default healthy), one of:",
  ...Object.entries(PRESETS).map(([k, v]) => `    ${k}: ${v.description}`),
  "  --mount SPEC          sensor mounting: upright, upside-down, sideways-left, sideways-right, phone-belt,",
  "                        up=<axis>,forward=<axis>[@roll,pitch,yaw], or random (default upright)",
  "  --track               400 m track laps (curves to the left) instead of a straight road",
  "  --stop-breaks         the breaks of --walk-every are stops standing still (a crossing) instead of walking",
  "  --noise LEVEL         low (datasheet, default) or high (10x noise, 2x offsets)",
  "  --mount-slip-axis AXIS  the body axis the clip turns about with --mount-slip: up (slides round the belt,",
  "                        default), forward (180: flipped upside-down) or right (180: upside-down, facing back)",
  ...NUM_FLAGS.map((f) => `  --${`${f.flag} ${f.unit ? "N" : "N"}`.padEnd(20)}${f.help}${f.unit ? `, ${f.unit}` : ""} (default ${fmtDefault(DEFAULT_PARAMS[f.key])})`),
  "",
  "Gait (fresh value; the -fatigued variant is the value reached after the fatigue drift):",
  ...GAIT_FLAGS.map((f) => `  --${f.flag} N, --${f.flag}-fatigued N`.padEnd(44) + `${f.help}, ${f.unit} (default ${fmtDefault(DEFAULT_PARAMS.fresh[f.key])})`),
  "",
  "Example:",
  "  hipgait simulate --preset weak-abductor --minutes 30 --rate 200 --seed 7 --out run.csv --truth run.truth.json",
  "",
].join("\n");

export const simulateCommand: Command = {
  name: "simulate",
  summary: "write a simulated running session with known ground truth",
  help: HELP + "\n",
  async run(argv, io) {
    const options: Record<string, { type: "string" | "boolean" }> = {
      out: { type: "string" },
      truth: { type: "string" },
      force: { type: "boolean" },
      preset: { type: "string" },
      mount: { type: "string" },
      track: { type: "boolean" },
      "stop-breaks": { type: "boolean" },
      noise: { type: "string" },
      "mount-slip-axis": { type: "string" },
    };
    for (const f of NUM_FLAGS) options[f.flag] = { type: "string" };
    for (const f of GAIT_FLAGS) {
      options[f.flag] = { type: "string" };
      options[`${f.flag}-fatigued`] = { type: "string" };
    }
    const { values, positionals } = parseCommandArgs("simulate", argv, options, false);
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const str = (k: string): string | undefined => (typeof values[k] === "string" ? (values[k] as string) : undefined);
    const out = str("out");
    if (!out) throw new UsageError("--out FILE is required (see `hipgait simulate --help`)");
    const preset = str("preset");
    if (preset !== undefined && !PRESETS[preset]) throw new UsageError(`unknown preset "${preset}"; presets: ${Object.keys(PRESETS).join(", ")}`);

    const overrides: ParamOverrides = {};
    const setNum = <K extends NumericKey>(key: K, v: number): void => {
      (overrides as Record<string, unknown>)[key] = v;
    };
    for (const f of NUM_FLAGS) {
      const v = numberFlag(f.flag, str(f.flag), f.min, f.max);
      if (v !== undefined) setNum(f.key, f.key === "seed" ? Math.trunc(v) : v);
    }
    const fresh: Partial<GaitParams> = {};
    const fatigued: Partial<GaitParams> = {};
    for (const f of GAIT_FLAGS) {
      const a = numberFlag(f.flag, str(f.flag));
      const b = numberFlag(`${f.flag}-fatigued`, str(`${f.flag}-fatigued`));
      if (a !== undefined) fresh[f.key] = a;
      if (b !== undefined) fatigued[f.key] = b;
    }
    overrides.fresh = fresh;
    overrides.fatigued = fatigued;
    const mount = str("mount");
    if (mount !== undefined) overrides.mount = mount;
    if (values.track === true) overrides.track = true;
    if (values["stop-breaks"] === true) overrides.breaksStanding = true;
    const slipAxis = str("mount-slip-axis");
    if (slipAxis !== undefined) {
      if (slipAxis !== "up" && slipAxis !== "forward" && slipAxis !== "right") throw new UsageError(`--mount-slip-axis expects up, forward or right, got "${slipAxis}"`);
      overrides.mountSlipAxis = slipAxis;
    }
    const noise = str("noise");
    if (noise !== undefined) {
      if (noise !== "low" && noise !== "high") throw new UsageError(`--noise expects low or high, got "${noise}"`);
      if (noise === "high") {
        overrides.accNoise_ugrtHz ??= DEFAULT_PARAMS.accNoise_ugrtHz * 10;
        overrides.gyroNoise_mdpsrtHz ??= DEFAULT_PARAMS.gyroNoise_mdpsrtHz * 10;
        overrides.accBias_g ??= DEFAULT_PARAMS.accBias_g * 2;
        overrides.gyroBias_dps ??= DEFAULT_PARAMS.gyroBias_dps * 2;
      }
    }
    let params: SimParams;
    try {
      params = resolveParams(preset, overrides);
    } catch (e) {
      throw new UsageError(`${e instanceof Error ? e.message : String(e)}`);
    }
    const sim = new Simulation(params, preset ?? "healthy");
    const truthOut = str("truth");
    const progress = io.stderr.isTTY === true;
    const truth = await simulateToFile(sim, {
      out,
      force: values.force === true,
      ...(truthOut ? { truthOut } : {}),
      ...(progress ? { onProgress: (f: number) => io.stderr.write(`\rsimulating… ${(f * 100).toFixed(0)} %`) } : {}),
    });
    if (progress) io.stderr.write("\r\x1b[K");
    const s = truth.summary;
    io.stdout.write(
      `wrote ${out}: ${truth.samples} samples, ${(truth.duration_s / 60).toFixed(1)} min at ${params.sampleRate_hz} Hz, mount ${truth.mount.spec}\n` +
        `  ${s.running_steps} running steps at ${s.cadence_spm.toFixed(1)} spm, contact ${s.contact_time_ms.left.toFixed(0)}/${s.contact_time_ms.right.toFixed(0)} ms (L/R), ` +
        `pelvic drop ${s.pelvic_drop_deg.left.toFixed(1)}/${s.pelvic_drop_deg.right.toFixed(1)} deg (L/R)` +
        (s.walking_steps ? `, ${s.walking_steps} walking steps` : "") +
        (truth.gaps.length ? `, ${truth.gaps.length} gaps` : "") +
        "\n" +
        (truthOut ? `wrote ${truthOut}: ground truth (${truth.steps.length} steps)\n` : ""),
    );
    return 0;
  },
};
