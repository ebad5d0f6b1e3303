import { type Quat } from "./math/quat.js";
export declare const NAMED_MOUNTS: Readonly<Record<string, string>>;
/** Parses a mount spec into q_sensorToBody; throws UsageError with the accepted forms on a bad spec. */
export declare function parseMount(spec: string): Quat;
/**
 * Rotates the device relative to the body: roll about body forward, then pitch about body right, then yaw about body
 * up (degrees). Returns the new q_sensorToBody.
 */
export declare function applyDeviceRotation(q_sensorToBody: Quat, roll_deg: number, pitch_deg: number, yaw_deg: number): Quat;
/** Human-readable summary: which signed sensor axis lies closest to body up, forward and right, and how far off. */
export declare function describeMount(q_sensorToBody: Quat): {
    up: string;
    forward: string;
    right: string;
    offAxis_deg: number;
};
/** Formats a mount as an `up=..,forward=..@roll,pitch,yaw`-free axis spec when it is axis-aligned (within 1°). */
export declare function formatMount(q_sensorToBody: Quat): string;
