/** Zod schemas for session metadata (`# key: value` lines) and the unit names the format accepts. */
import { z } from "zod";
import type { AccUnit, GyroUnit, TimeUnit } from "./types.js";
/** The only format identifier this reader and writer understand. */
export declare const FORMAT_V1 = "hipgait-session/1";
/** Metadata keys with a defined meaning; every other key is kept as an uninterpreted string. */
export declare const KNOWN_METADATA_KEYS: readonly ["format", "sample_rate_hz", "sensor", "firmware", "mount", "runner", "started_at", "notes", "acc_unit", "gyro_unit", "time_unit"];
/** Spellings accepted for each unit, in column suffixes (after the `_`) and in `*_unit` metadata; lower case. */
export declare const TIME_UNIT_NAMES: Readonly<Record<string, TimeUnit>>;
export declare const ACC_UNIT_NAMES: Readonly<Record<string, AccUnit>>;
export declare const GYRO_UNIT_NAMES: Readonly<Record<string, GyroUnit>>;
/**
 * Validates the metadata of a session (all values are strings as read from the file) and parses the keys that
 * carry numbers or units. Unknown keys pass through unchanged.
 */
export declare const sessionMetadataSchema: z.ZodObject<{
    format: z.ZodOptional<z.ZodString>;
    sample_rate_hz: z.ZodOptional<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>>;
    sensor: z.ZodOptional<z.ZodString>;
    firmware: z.ZodOptional<z.ZodString>;
    mount: z.ZodOptional<z.ZodString>;
    runner: z.ZodOptional<z.ZodString>;
    started_at: z.ZodOptional<z.ZodString>;
    notes: z.ZodOptional<z.ZodString>;
    acc_unit: z.ZodOptional<z.ZodPipe<z.ZodString, z.ZodTransform<AccUnit, string>>>;
    gyro_unit: z.ZodOptional<z.ZodPipe<z.ZodString, z.ZodTransform<GyroUnit, string>>>;
    time_unit: z.ZodOptional<z.ZodPipe<z.ZodString, z.ZodTransform<TimeUnit, string>>>;
}, z.core.$catchall<z.ZodString>>;
/** Parsed metadata: the known keys with their types after validation. */
export type SessionMetadata = z.output<typeof sessionMetadataSchema>;
/** A metadata key as it may appear in `# key: value`: a letter, then letters, digits, `_`, `.` or `-`. */
export declare const METADATA_KEY_PATTERN: RegExp;
/**
 * Validates raw metadata; on failure returns the offending key and a one-line reason such as
 * `metadata sample_rate_hz: expected a positive number, got "-5"`.
 */
export declare function parseSessionMetadata(raw: Record<string, string>): {
    ok: true;
    value: SessionMetadata;
} | {
    ok: false;
    key: string | null;
    reason: string;
};
