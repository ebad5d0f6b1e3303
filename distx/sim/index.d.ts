/** Public API of the running-session simulator. */
export { DEFAULT_PARAMS, PRESETS, GAIT_KEYS, resolveParams, gaitAt, type GaitParams, type SimParams, type ParamOverrides, type FatiguedParams, type Preset } from "./params.js";
export { Simulation, simulateToFile, writeSamples, type SimBlock, type SimulateToFileOptions } from "./simulate.js";
export { TRUTH_SCHEMA, type SimTruth, type TruthStep } from "./truth.js";
export { TRACK, ROAD, TRACK_LAP_M, type Course } from "./track.js";
