/**
 * Movesense GATT SensorData Protocol (GSP v1, the `gatt_sensordata_app` firmware): commands and IMU6 data frames.
 * Layout (../shared/research/ble-protocols.md §2, checked against the firmware's generated SBEM serialiser):
 * command `[cmd u8][reference u8 ≠ 0][payload]` (1 SUBSCRIBE with an ASCII resource path such as
 * "/Meas/IMU6/208", 2 UNSUBSCRIBE); notification `[type u8][reference u8]…` (1 command result, 2 data). IMU6 data:
 * `[2][ref][timestamp u32 ms of the FIRST sample][N × (ax, ay, az) f32 m/s²][N × (gx, gy, gz) f32 deg/s]`,
 * blocked (all accelerations, then all rates), N = 1, 2, 4 or 8. Little-endian.
 */
import { UserError } from "../core/errors.js";

export const GSP_SERVICE_UUID = "34802252-7185-4d5d-b431-630e7050e8f0";
export const GSP_WRITE_UUID = "34800001-7185-4d5d-b431-630e7050e8f0";
export const GSP_NOTIFY_UUID = "34800002-7185-4d5d-b431-630e7050e8f0";
export const GSP_CMD = { HELLO: 0, SUBSCRIBE: 1, UNSUBSCRIBE: 2 } as const;
export const GSP_TYPE = { COMMAND_RESULT: 1, DATA: 2 } as const;

const G0_MPS2 = 9.80665;

/** Bytes from the sensor that break the protocol: the sensor's fault, not hipgait's, so a one-line error (exit 1). */
export class GspError extends UserError {
  override readonly name = "GspError";
}

/** SUBSCRIBE to a resource, e.g. imu6Path(208) = "/Meas/IMU6/208". */
export function encodeSubscribe(ref: number, path: string): Uint8Array {
  if (!(ref >= 1 && ref <= 255)) throw new GspError(`reference ${ref}: expected 1–255`);
  if (!/^\/[\x21-\x7e]*$/.test(path)) throw new GspError(`resource path "${path}": expected printable ASCII starting with /`);
  return Uint8Array.from([GSP_CMD.SUBSCRIBE, ref, ...Array.from(path, (ch) => ch.charCodeAt(0))]);
}

export function encodeUnsubscribe(ref: number): Uint8Array {
  return Uint8Array.of(GSP_CMD.UNSUBSCRIBE, ref);
}

export function imu6Path(rate_hz: number): string {
  return `/Meas/IMU6/${rate_hz}`;
}

export interface GspImu6 {
  ref: number;
  /** Device time of the first sample, ms (wraps every 2³² ms ≈ 49.7 days). */
  timestamp_ms: number;
  n: number;
  /** n samples of acceleration in g and angular rate in deg/s (already scaled by the sensor). */
  ax_g: Float64Array;
  ay_g: Float64Array;
  az_g: Float64Array;
  gx_dps: Float64Array;
  gy_dps: Float64Array;
  gz_dps: Float64Array;
}

/** Decodes an IMU6 data notification; a command result returns null (the caller matches it by reference). */
export function decodeGspNotification(bytes: Uint8Array): GspImu6 | null {
  if (bytes.length < 2) throw new GspError(`notification of ${bytes.length} bytes: expected at least type and reference`);
  if (bytes[0] === GSP_TYPE.COMMAND_RESULT) return null;
  if (bytes[0] !== GSP_TYPE.DATA) throw new GspError(`notification type ${bytes[0]}: expected 1 (result) or 2 (data)`);
  const body = bytes.length - 6;
  const n = body / 24;
  if (!(body > 0 && Number.isInteger(n) && [1, 2, 4, 8].includes(n))) throw new GspError(`IMU6 data of ${bytes.length} bytes: expected 6 + 24·N with N = 1, 2, 4 or 8`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const col = (): Float64Array => new Float64Array(n);
  const out: GspImu6 = { ref: bytes[1]!, timestamp_ms: v.getUint32(2, true), n, ax_g: col(), ay_g: col(), az_g: col(), gx_dps: col(), gy_dps: col(), gz_dps: col() };
  for (let i = 0; i < n; i++) {
    const a = 6 + 12 * i, g = 6 + 12 * n + 12 * i;
    out.ax_g[i] = v.getFloat32(a, true) / G0_MPS2;
    out.ay_g[i] = v.getFloat32(a + 4, true) / G0_MPS2;
    out.az_g[i] = v.getFloat32(a + 8, true) / G0_MPS2;
    out.gx_dps[i] = v.getFloat32(g, true);
    out.gy_dps[i] = v.getFloat32(g + 4, true);
    out.gz_dps[i] = v.getFloat32(g + 8, true);
    // a NaN or infinite float is a damaged notification, not a reading: it must not reach the analysis or a recording
    // (a sum of finite float32 values is finite, so one test covers all six)
    if (!Number.isFinite(out.ax_g[i]! + out.ay_g[i]! + out.az_g[i]! + out.gx_dps[i]! + out.gy_dps[i]! + out.gz_dps[i]!)) {
      const bad = [out.ax_g[i]!, out.ay_g[i]!, out.az_g[i]!, out.gx_dps[i]!, out.gy_dps[i]!, out.gz_dps[i]!].findIndex((x) => !Number.isFinite(x));
      throw new GspError(`IMU6 sample ${i} of ${n}: ${["ax", "ay", "az", "gx", "gy", "gz"][bad]} is not a finite float`);
    }
  }
  return out;
}
