import { type Quat } from "../core/math/quat.js";
import { type SessionWriter } from "../session/index.js";
import { Kinematics } from "./kinematics.js";
import type { SimParams } from "./params.js";
import { type Schedule } from "./schedule.js";
import { SensorModel } from "./sensor.js";
import { type SimTruth } from "./truth.js";
/** A block of simulated samples in canonical units (sensor frame): t in s, acc in g, gyro in deg/s. */
export interface SimBlock {
    length: number;
    t_s: Float64Array;
    ax_g: Float64Array;
    ay_g: Float64Array;
    az_g: Float64Array;
    gx_dps: Float64Array;
    gy_dps: Float64Array;
    gz_dps: Float64Array;
}
export declare class Simulation {
    #private;
    readonly params: SimParams;
    readonly preset: string;
    readonly schedule: Schedule;
    readonly kinematics: Kinematics;
    readonly sensor: SensorModel;
    readonly q_sensorToBody: Quat;
    readonly mountSpec: string;
    readonly gaps: Array<[number, number]>;
    readonly totalSamples: number;
    constructor(params: SimParams, preset?: string);
    /** Samples actually written (total minus those lost in gaps). */
    get emitted(): number;
    /** Generates the session in blocks of up to `blockSize` samples (arrays are fresh per block). */
    blocks(blockSize?: number): Generator<SimBlock>;
    /** Truth document; call after `blocks()` has been consumed so that sensor drift and counts are final. */
    truth(): SimTruth;
}
export interface SimulateToFileOptions {
    out: string;
    truthOut?: string;
    force?: boolean;
    /** Called every ~5 % with the fraction done (for a progress line). */
    onProgress?: (fraction: number) => void;
}
/** Streams a simulation's samples into an open session writer (columns t, ax, ay, az, gx, gy, gz) and closes it. */
export declare function writeSamples(sim: Simulation, writer: SessionWriter, onProgress?: (fraction: number) => void): Promise<void>;
/** Runs a simulation, writing the session (gzip if `out` ends in .gz) and optionally the truth JSON. */
export declare function simulateToFile(sim: Simulation, opts: SimulateToFileOptions): Promise<SimTruth>;
