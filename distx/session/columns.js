/** Header-row handling: splitting a CSV line, recognising canonical columns, frames and unit suffixes. */
import { InputError } from "../core/errors.js";
import { ACC_UNIT_NAMES, GYRO_UNIT_NAMES, TIME_UNIT_NAMES } from "./schema.js";
/** Canonical value slots, in the order of SampleBlock fields. */
export const SLOT_T = 0;
export const SLOT_AX = 1;
export const SLOT_AY = 2;
export const SLOT_AZ = 3;
export const SLOT_GX = 4;
export const SLOT_GY = 5;
export const SLOT_GZ = 6;
export const NUM_SLOTS = 7;
const ROLES = [
    { base: "t", slot: SLOT_T, frame: null, quantity: "time" },
    { base: "ax", slot: SLOT_AX, frame: "sensor", quantity: "acc" },
    { base: "ay", slot: SLOT_AY, frame: "sensor", quantity: "acc" },
    { base: "az", slot: SLOT_AZ, frame: "sensor", quantity: "acc" },
    { base: "gx", slot: SLOT_GX, frame: "sensor", quantity: "gyro" },
    { base: "gy", slot: SLOT_GY, frame: "sensor", quantity: "gyro" },
    { base: "gz", slot: SLOT_GZ, frame: "sensor", quantity: "gyro" },
    { base: "acc_is", slot: SLOT_AX, frame: "body", quantity: "acc" },
    { base: "acc_ml", slot: SLOT_AY, frame: "body", quantity: "acc" },
    { base: "acc_pa", slot: SLOT_AZ, frame: "body", quantity: "acc" },
    { base: "gyr_is", slot: SLOT_GX, frame: "body", quantity: "gyro" },
    { base: "gyr_ml", slot: SLOT_GY, frame: "body", quantity: "gyro" },
    { base: "gyr_pa", slot: SLOT_GZ, frame: "body", quantity: "gyro" },
];
const SUFFIXES = {
    time: TIME_UNIT_NAMES,
    acc: ACC_UNIT_NAMES,
    gyro: GYRO_UNIT_NAMES,
};
const QUANTITY_WORD = { time: "time", acc: "acceleration", gyro: "gyroscope" };
/** Interprets one header name (case-insensitive): a canonical column with an optional unit suffix, or an extra column. */
export function interpretColumnName(name) {
    const lower = name.trim().toLowerCase();
    let hint = null;
    for (const role of ROLES) {
        if (lower === role.base)
            return { kind: "canonical", role, unit: null };
        if (lower.startsWith(`${role.base}_`)) {
            const suffix = lower.slice(role.base.length + 1);
            const unit = SUFFIXES[role.quantity][suffix];
            if (unit !== undefined)
                return { kind: "canonical", role, unit };
            // "acc_is_foo" also starts with a shorter base only by accident; remember the longest base for the hint.
            if (hint === null || role.base.length > hint.role.base.length)
                hint = { role, suffix };
        }
    }
    return { kind: "extra", hint };
}
/**
 * Splits one CSV line into trimmed fields. Fields may be double-quoted (`"a,b"`, with `""` for a quote); quoted
 * fields cannot contain line breaks.
 */
export function splitCsvLine(line) {
    const fields = [];
    let i = 0;
    const n = line.length;
    for (;;) {
        while (i < n && (line[i] === " " || line[i] === "\t"))
            i++;
        let value = "";
        if (line[i] === '"') {
            i++;
            for (;;) {
                const q = line.indexOf('"', i);
                if (q < 0) {
                    value += line.slice(i);
                    i = n;
                    break;
                }
                value += line.slice(i, q);
                if (line[q + 1] === '"') {
                    value += '"';
                    i = q + 2;
                }
                else {
                    i = q + 1;
                    break;
                }
            }
            const comma = line.indexOf(",", i);
            value += line.slice(i, comma < 0 ? n : comma).trim();
            i = comma < 0 ? n : comma;
        }
        else {
            const comma = line.indexOf(",", i);
            value = line.slice(i, comma < 0 ? n : comma).trim();
            i = comma < 0 ? n : comma;
        }
        fields.push(value);
        if (i >= n)
            return fields;
        i++; // past the comma
    }
}
/**
 * Classifies a header row. Throws InputError(file, line, reason) for a duplicate column, mixed frames, a
 * missing required column, an incomplete gyroscope triple or conflicting unit declarations.
 * `hasSampleRate` says whether metadata gives sample_rate_hz (which makes the t column optional).
 */
export function classifyHeader(names, metadataUnits, hasSampleRate, file, line) {
    const fail = (reason) => {
        throw new InputError(file, line, reason);
    };
    const seen = new Map();
    const bySlot = new Map();
    const slotOfField = new Int32Array(names.length).fill(-1);
    const extraOfField = new Int32Array(names.length).fill(-1);
    const extraColumns = [];
    const hints = [];
    const frames = { sensor: [], body: [] };
    names.forEach((name, field) => {
        const key = name.trim().toLowerCase();
        const previous = seen.get(key);
        if (previous !== undefined)
            fail(`duplicate column "${name}" (columns ${previous + 1} and ${field + 1})`);
        seen.set(key, field);
        const meaning = interpretColumnName(name);
        if (meaning.kind === "extra") {
            extraOfField[field] = extraColumns.length;
            extraColumns.push(name);
            if (meaning.hint !== null)
                hints.push({ name, ...meaning.hint });
            return;
        }
        const { role, unit } = meaning;
        const other = bySlot.get(role.slot);
        if (other !== undefined && other.role.frame === role.frame) {
            fail(`duplicate column: "${other.name}" (column ${other.field + 1}) and "${name}" (column ${field + 1}) are both ${role.base}`);
        }
        if (role.frame !== null)
            frames[role.frame].push(name);
        bySlot.set(role.slot, { field, name, unit, role });
        slotOfField[field] = role.slot;
    });
    if (frames.sensor.length > 0 && frames.body.length > 0) {
        fail(`header mixes sensor-frame columns (${frames.sensor.join(", ")}) and body-frame columns (${frames.body.join(", ")}); use one frame`);
    }
    const frame = frames.body.length > 0 ? "body" : "sensor";
    const baseOf = (slot) => ROLES.find((r) => r.slot === slot && (r.frame === frame || r.frame === null))?.base ?? "?";
    const expected = frame === "sensor" ? "expected columns t, ax, ay, az and optionally gx, gy, gz" : "expected columns t, acc_is, acc_ml, acc_pa and optionally gyr_is, gyr_ml, gyr_pa";
    const hintFor = (slots) => {
        const h = hints.find((x) => slots.includes(x.role.slot) && (x.role.frame === frame || x.role.frame === null));
        if (h === undefined)
            return "";
        const accepted = Object.keys(SUFFIXES[h.role.quantity])
            .map((s) => `_${s}`)
            .join(", ");
        return `; column "${h.name}" has an unknown unit suffix "_${h.suffix}" (accepted: ${accepted})`;
    };
    const missingAcc = [SLOT_AX, SLOT_AY, SLOT_AZ].filter((s) => !bySlot.has(s));
    if (missingAcc.length > 0) {
        const list = missingAcc.map(baseOf).join(", ");
        fail(`missing required column${missingAcc.length > 1 ? "s" : ""} ${list} (${expected})${hintFor(missingAcc)}`);
    }
    const gyroSlots = [SLOT_GX, SLOT_GY, SLOT_GZ];
    const presentGyro = gyroSlots.filter((s) => bySlot.has(s));
    if (presentGyro.length > 0 && presentGyro.length < 3) {
        const missing = gyroSlots.filter((s) => !bySlot.has(s));
        fail(`gyroscope columns come as all three or none: found ${presentGyro.map(baseOf).join(", ")} but not ${missing.map(baseOf).join(", ")}${hintFor(missing)}`);
    }
    const hasTime = bySlot.has(SLOT_T);
    if (!hasTime && !hasSampleRate) {
        fail(`missing column t (needed unless the metadata gives the rate as "# sample_rate_hz: <Hz>")${hintFor([SLOT_T])}`);
    }
    const declaredFor = (quantity, slots, fromMetadata, metaKey) => {
        let unit = null;
        let unitColumn = "";
        for (const s of slots) {
            const c = bySlot.get(s);
            if (c === undefined || c.unit === null)
                continue;
            if (unit !== null && c.unit !== unit) {
                fail(`${QUANTITY_WORD[quantity]} columns declare different units (${unitColumn}, ${c.name}); use one unit for all of them`);
            }
            unit = c.unit;
            unitColumn = c.name;
        }
        if (unit !== null && fromMetadata !== null && unit !== fromMetadata) {
            fail(`column ${unitColumn} declares ${unit} but metadata ${metaKey} says ${fromMetadata}`);
        }
        return unit ?? fromMetadata;
    };
    const declared = {
        time: declaredFor("time", [SLOT_T], metadataUnits.time, "time_unit"),
        acc: declaredFor("acc", [SLOT_AX, SLOT_AY, SLOT_AZ], metadataUnits.acc, "acc_unit"),
        gyro: declaredFor("gyro", gyroSlots, metadataUnits.gyro, "gyro_unit"),
    };
    return {
        frame,
        hasTime,
        hasGyro: presentGyro.length === 3,
        declared,
        slotOfField,
        extraOfField,
        fieldNames: [...names],
        extraColumns,
    };
}
//# sourceMappingURL=columns.js.map