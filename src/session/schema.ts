/** Zod schemas for session metadata (`# key: value` lines) and the unit names the format accepts. */
import * as z from "zod";
import type { AccUnit, GyroUnit, TimeUnit } from "./types.js";

/** The only format identifier this reader and writer understand. */
export const FORMAT_V1 = "hipgait-session/1";

/** Metadata keys with a defined meaning; every other key is kept as an uninterpreted string. */
export const KNOWN_METADATA_KEYS = [
  "format",
  "sample_rate_hz",
  "sensor",
  "firmware",
  "mount",
  "runner",
  "started_at",
  "notes",
  "acc_unit",
  "gyro_unit",
  "time_unit",
] as const;

/** Spellings accepted for each unit, in column suffixes (after the `_`) and in `*_unit` metadata; lower case. */
export const TIME_UNIT_NAMES: Readonly<Record<string, TimeUnit>> = { s: "s", ms: "ms", us: "us" };
export const ACC_UNIT_NAMES: Readonly<Record<string, AccUnit>> = { g: "g", mg: "mg", mps2: "mps2", ms2: "mps2" };
export const GYRO_UNIT_NAMES: Readonly<Record<string, GyroUnit>> = { dps: "dps", degs: "dps", rads: "rads", radps: "rads" };

/** Extra spellings accepted only in metadata values, where slashes are harmless. */
const TIME_UNIT_ALIASES: Readonly<Record<string, TimeUnit>> = { sec: "s", µs: "us", μs: "us" };
const ACC_UNIT_ALIASES: Readonly<Record<string, AccUnit>> = { "m/s2": "mps2", "m/s^2": "mps2", "m/s²": "mps2" };
const GYRO_UNIT_ALIASES: Readonly<Record<string, GyroUnit>> = { "deg/s": "dps", "°/s": "dps", "rad/s": "rads" };

function unitSchema<U extends string>(names: Readonly<Record<string, U>>, aliases: Readonly<Record<string, U>>) {
  const accepted = Object.keys(names).join(", ");
  return z.string().transform((raw, ctx): U => {
    const key = raw.trim().toLowerCase();
    const unit = names[key] ?? aliases[key];
    if (unit === undefined) {
      ctx.addIssue({ code: "custom", message: `expected one of ${accepted}, got "${raw}"` });
      return z.NEVER;
    }
    return unit;
  });
}

const positiveNumber = z.string().transform((raw, ctx): number => {
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v) || v <= 0) {
    ctx.addIssue({ code: "custom", message: `expected a positive number, got "${raw}"` });
    return z.NEVER;
  }
  return v;
});

/** Sample rates the reader accepts, Hz: outside this, t = i / rate or the gap threshold leaves the range of doubles. */
export const MIN_SAMPLE_RATE_HZ = 1e-3;
export const MAX_SAMPLE_RATE_HZ = 1e6;

const sampleRate = positiveNumber.transform((v, ctx): number => {
  if (v < MIN_SAMPLE_RATE_HZ || v > MAX_SAMPLE_RATE_HZ) {
    ctx.addIssue({ code: "custom", message: `expected a rate from ${MIN_SAMPLE_RATE_HZ} to ${MAX_SAMPLE_RATE_HZ} Hz, got ${v}` });
    return z.NEVER;
  }
  return v;
});

const isoTimestamp = z.string().refine(
  (raw) => z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]).safeParse(raw.trim()).success,
  { message: "expected an ISO 8601 date or date-time such as 2024-05-01T07:30:00Z" },
);

const formatId = z.string().refine((raw) => raw.trim() === FORMAT_V1, {
  message: `expected "${FORMAT_V1}" (this version of hipgait reads format v1 only)`,
});

/**
 * Validates the metadata of a session (all values are strings as read from the file) and parses the keys that
 * carry numbers or units. Unknown keys pass through unchanged.
 */
export const sessionMetadataSchema = z
  .object({
    format: formatId.optional(),
    sample_rate_hz: sampleRate.optional(),
    sensor: z.string().optional(),
    firmware: z.string().optional(),
    mount: z.string().optional(),
    runner: z.string().optional(),
    started_at: isoTimestamp.optional(),
    notes: z.string().optional(),
    acc_unit: unitSchema(ACC_UNIT_NAMES, ACC_UNIT_ALIASES).optional(),
    gyro_unit: unitSchema(GYRO_UNIT_NAMES, GYRO_UNIT_ALIASES).optional(),
    time_unit: unitSchema(TIME_UNIT_NAMES, TIME_UNIT_ALIASES).optional(),
  })
  .catchall(z.string());

/** Parsed metadata: the known keys with their types after validation. */
export type SessionMetadata = z.output<typeof sessionMetadataSchema>;

/** A metadata key as it may appear in `# key: value`: a letter, then letters, digits, `_`, `.` or `-`. */
export const METADATA_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * Validates raw metadata; on failure returns the offending key and a one-line reason such as
 * `metadata sample_rate_hz: expected a positive number, got "-5"`.
 */
export function parseSessionMetadata(
  raw: Record<string, string>,
): { ok: true; value: SessionMetadata } | { ok: false; key: string | null; reason: string } {
  const result = sessionMetadataSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const key = issue !== undefined && typeof issue.path[0] === "string" ? issue.path[0] : null;
  const message = issue?.message ?? "invalid metadata";
  return { ok: false, key, reason: key === null ? `metadata: ${message}` : `metadata ${key}: ${message}` };
}
