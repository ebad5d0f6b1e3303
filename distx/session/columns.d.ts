import type { AccUnit, GyroUnit, TimeUnit } from "./types.js";
/** Canonical value slots, in the order of SampleBlock fields. */
export declare const SLOT_T = 0;
export declare const SLOT_AX = 1;
export declare const SLOT_AY = 2;
export declare const SLOT_AZ = 3;
export declare const SLOT_GX = 4;
export declare const SLOT_GY = 5;
export declare const SLOT_GZ = 6;
export declare const NUM_SLOTS = 7;
type Quantity = "time" | "acc" | "gyro";
type Frame = "sensor" | "body";
interface Role {
    base: string;
    slot: number;
    frame: Frame | null;
    quantity: Quantity;
}
/** What one header name means. */
export type ColumnMeaning = {
    kind: "canonical";
    role: Role;
    unit: string | null;
} | {
    kind: "extra";
    hint: {
        role: Role;
        suffix: string;
    } | null;
};
/** Interprets one header name (case-insensitive): a canonical column with an optional unit suffix, or an extra column. */
export declare function interpretColumnName(name: string): ColumnMeaning;
/**
 * Splits one CSV line into trimmed fields. Fields may be double-quoted (`"a,b"`, with `""` for a quote); quoted
 * fields cannot contain line breaks.
 */
export declare function splitCsvLine(line: string): string[];
/** Units declared in metadata (`acc_unit`, `gyro_unit`, `time_unit`), already validated. */
export interface MetadataUnits {
    time: TimeUnit | null;
    acc: AccUnit | null;
    gyro: GyroUnit | null;
}
/** The meaning of a header row: which field fills which slot, frame, and declared units. */
export interface HeaderLayout {
    frame: Frame;
    hasTime: boolean;
    hasGyro: boolean;
    /** Units declared by suffix or metadata; null where the reader must infer them. */
    declared: MetadataUnits;
    /** For each field: its canonical slot (SLOT_*), or -1 for an extra column. */
    slotOfField: Int32Array;
    /** For each field: its index among the extra columns, or -1 for a canonical one. */
    extraOfField: Int32Array;
    /** Header names as written. */
    fieldNames: string[];
    /** Names of the extra columns, in file order. */
    extraColumns: string[];
}
/**
 * Classifies a header row. Throws InputError(file, line, reason) for a duplicate column, mixed frames, a
 * missing required column, an incomplete gyroscope triple or conflicting unit declarations.
 * `hasSampleRate` says whether metadata gives sample_rate_hz (which makes the t column optional).
 */
export declare function classifyHeader(names: readonly string[], metadataUnits: MetadataUnits, hasSampleRate: boolean, file: string, line: number | null): HeaderLayout;
export {};
