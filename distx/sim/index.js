/** Public API of the running-session simulator. */
export { DEFAULT_PARAMS, PRESETS, GAIT_KEYS, resolveParams, gaitAt } from "./params.js";
export { Simulation, simulateToFile, writeSamples } from "./simulate.js";
export { TRUTH_SCHEMA } from "./truth.js";
export { TRACK, ROAD, TRACK_LAP_M } from "./track.js";
//# sourceMappingURL=index.js.map