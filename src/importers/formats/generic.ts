/**
 * Any delimited text file with a user mapping: `--columns t=COL,ax=COL,ay=COL,az=COL[,gx=COL,gy=COL,gz=COL]` names
 * the header cells, `--units t=s|ms|us|ns,acc=g|mg|mps2,gyro=dps|rads[,acc_sign=1|-1]` says what they hold
 * (defaults s, g, dps, +1). acc_sign −1 turns iOS CoreMotion's sign (−1 g up at rest) into the Android one.
 */
import { UsageError, UserError } from "../../core/errors.js";
import type { Bundle } from "../bundle.js";
import { DEG_PER_RAD, G0_MPS2, type ImportPlan, type StreamSpec } from "../plan.js";
import { headerOf, labelOf } from "./common.js";

const KEYS = ["t", "ax", "ay", "az", "gx", "gy", "gz"] as const;
type Key = (typeof KEYS)[number];
const TIME: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };
const ACC: Record<string, number> = { g: 1, mg: 1e-3, mps2: 1 / G0_MPS2 };
const GYRO: Record<string, number> = { dps: 1, rads: DEG_PER_RAD };

export interface ColumnMapping {
  columns: Partial<Record<Key, string>>;
  time: string;
  acc: string;
  gyro: string;
  accSign: number;
}

const pairs = (spec: string, flag: string): Array<[string, string]> =>
  spec.split(",").map((p) => {
    const i = p.indexOf("=");
    if (i <= 0 || i === p.length - 1) throw new UsageError(`${flag}: "${p}" is not KEY=VALUE`);
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  });

export function parseMapping(columns: string, units: string | undefined): ColumnMapping {
  const m: ColumnMapping = { columns: {}, time: "s", acc: "g", gyro: "dps", accSign: 1 };
  for (const [k, v] of pairs(columns, "--columns")) {
    if (!(KEYS as readonly string[]).includes(k)) throw new UsageError(`--columns: unknown key "${k}": expected ${KEYS.join(", ")}`);
    m.columns[k as Key] = v;
  }
  for (const k of ["t", "ax", "ay", "az"] as const) if (!m.columns[k]) throw new UsageError(`--columns: ${k}= is missing (t, ax, ay and az are needed; gx, gy, gz for pelvic angles)`);
  const g = ["gx", "gy", "gz"].filter((k) => m.columns[k as Key]);
  if (g.length !== 0 && g.length !== 3) throw new UsageError("--columns: give all of gx, gy, gz or none");
  for (const [k, v] of units ? pairs(units, "--units") : []) {
    if (k === "t" && v in TIME) m.time = v;
    else if (k === "acc" && v in ACC) m.acc = v;
    else if (k === "gyro" && v in GYRO) m.gyro = v;
    else if (k === "acc_sign" && (v === "1" || v === "-1")) m.accSign = Number(v);
    else throw new UsageError(`--units: "${k}=${v}": expected t=${Object.keys(TIME).join("|")}, acc=${Object.keys(ACC).join("|")}, gyro=${Object.keys(GYRO).join("|")}, acc_sign=1|-1`);
  }
  return m;
}

export async function mappedPlan(b: Bundle, m: ColumnMapping): Promise<ImportPlan> {
  if (b.kind !== "file") throw new UsageError(`--columns reads one file: ${b.path} is a ${b.kind}`);
  const e = b.entries[0]!;
  const label = labelOf(b, e);
  const h = await headerOf(e);
  if (!h) throw new UserError(`${label}:1: cannot tell the column separator: expected comma, semicolon or tab separated columns`);
  for (const [k, col] of Object.entries(m.columns)) if (!h.includes(col)) throw new UserError(`${label}:1: no column "${col}" for ${k} (columns: ${h.join(", ")})`);
  const c = m.columns;
  const spec = (axes: readonly [string, string, string], scale: number): StreamSpec => ({ entry: e, label, time: c.t!, axes, timeScale_s: TIME[m.time]!, scale });
  const hasGyro = c.gx !== undefined;
  return {
    format: "columns given by --columns",
    acc: spec([c.ax!, c.ay!, c.az!], (ACC[m.acc]! * m.accSign)),
    gyro: hasGyro ? spec([c.gx!, c.gy!, c.gz!], GYRO[m.gyro]!) : null,
    notes: [`--columns: time in ${m.time}, acceleration in ${m.acc}${m.accSign < 0 ? " (sign flipped)" : ""}${hasGyro ? `, rotation rate in ${m.gyro}` : "; no gyroscope columns: no pelvic angles"}`],
  };
}
