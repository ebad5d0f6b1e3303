/**
 * PGI v1, the wire protocol of hipgait's own sensor firmware (firmware-protocol/README.md): pure byte ↔ value codecs
 * for DATA notification frames and CONTROL requests and responses. Little-endian throughout. The same golden vectors
 * (firmware-protocol/vectors.json) test this codec and the firmware's C header.
 */
import { UserError } from "../core/errors.js";

export const PGI_SERVICE_UUID = "18560001-e3b7-437d-b05c-413c1e5130f2";
export const PGI_DATA_UUID = "18560002-e3b7-437d-b05c-413c1e5130f2";
export const PGI_CONTROL_UUID = "18560003-e3b7-437d-b05c-413c1e5130f2";
export const PGI_INFO_UUID = "18560004-e3b7-437d-b05c-413c1e5130f2";
export const PGI_STATUS_UUID = "18560005-e3b7-437d-b05c-413c1e5130f2";

/** Protocol major version this host understands. */
export const PGI_VERSION = 1;
/** Header length of version 1; later minor versions may append header fields (the host skips them). */
export const PGI_HEADER_LEN = 16;
/** Frame types. */
export const PGI_TYPE = { IMU6_I16: 0x01, ACC_I16: 0x02, EVENT: 0x10 } as const;
/** Flag bits of a DATA frame. */
export const PGI_FLAG = { FIFO_OVERRUN: 0x01, BACKLOG: 0x02, TIME_SYNCED: 0x04, CLIPPED: 0x08 } as const;
/** CONTROL opcodes. */
export const PGI_OP = { GET_INFO: 0x01, SET_CONFIG: 0x02, START: 0x03, STOP: 0x04, TIME_SYNC: 0x05, GET_STATUS: 0x06, GYRO_BIAS_CAL: 0x07 } as const;
/** First byte of every CONTROL response. */
export const PGI_RESPONSE = 0xf0;
export const PGI_STATUS_NAMES = ["OK", "UNKNOWN_OP", "BAD_PARAM", "BAD_STATE", "UNSUPPORTED", "BUSY"] as const;

/** A malformed frame: the message says which field and what was expected. */
/** Bytes from the sensor that break the protocol: the sensor's fault, not hipgait's, so a one-line error (exit 1). */
export class PgiError extends UserError {
  override readonly name = "PgiError";
}

/** One DATA frame, decoded. `samples` holds n × channels raw int16 counts (ax ay az gx gy gz for IMU6). */
export interface PgiDataFrame {
  version: number;
  type: number;
  n: number;
  seq: number;
  cfgId: number;
  flags: number;
  /** Running sample index of the first sample since START. */
  idx0: number;
  /** Device clock of the first sample, µs (wraps every 2³² µs ≈ 71.6 min; the host unwraps). */
  t0_us: number;
  channels: number;
  samples: Int16Array;
}

function channelsOf(type: number): number | null {
  return type === PGI_TYPE.IMU6_I16 ? 6 : type === PGI_TYPE.ACC_I16 ? 3 : null;
}

/**
 * Decodes a DATA notification. Unknown frame types (e.g. EVENT) return null so that a newer device does not stop
 * the stream; anything else malformed throws PgiError.
 */
export function decodeDataFrame(bytes: Uint8Array): PgiDataFrame | null {
  if (bytes.length < PGI_HEADER_LEN) throw new PgiError(`frame of ${bytes.length} bytes: expected at least the ${PGI_HEADER_LEN}-byte header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = v.getUint8(0), type = v.getUint8(1), hdr = v.getUint8(2), n = v.getUint8(3);
  if (version !== PGI_VERSION) throw new PgiError(`protocol version ${version}: expected ${PGI_VERSION}`);
  if (hdr < PGI_HEADER_LEN) throw new PgiError(`header length ${hdr}: expected at least ${PGI_HEADER_LEN}`);
  const channels = channelsOf(type);
  if (channels === null) return null;
  if (n === 0) throw new PgiError("frame with 0 samples: expected 1 or more");
  const need = hdr + 2 * channels * n;
  if (bytes.length !== need) throw new PgiError(`frame of ${bytes.length} bytes: ${n} samples of ${channels} channels after a ${hdr}-byte header need ${need}`);
  const samples = new Int16Array(channels * n);
  for (let i = 0; i < samples.length; i++) samples[i] = v.getInt16(hdr + 2 * i, true);
  return { version, type, n, seq: v.getUint16(4, true), cfgId: v.getUint8(6), flags: v.getUint8(7), idx0: v.getUint32(8, true), t0_us: v.getUint32(12, true), channels, samples };
}

/** Encodes a DATA frame (the simulated sensor and the tests use it; the firmware has the C twin). */
export function encodeDataFrame(f: Omit<PgiDataFrame, "version" | "channels" | "n">): Uint8Array {
  const channels = channelsOf(f.type);
  if (channels === null) throw new PgiError(`frame type ${f.type}: cannot encode`);
  if (f.samples.length === 0 || f.samples.length % channels !== 0) throw new PgiError(`${f.samples.length} values are not whole samples of ${channels} channels`);
  const n = f.samples.length / channels;
  if (n > 255) throw new PgiError(`${n} samples: at most 255 fit a frame`);
  const out = new Uint8Array(PGI_HEADER_LEN + 2 * f.samples.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, PGI_VERSION);
  v.setUint8(1, f.type);
  v.setUint8(2, PGI_HEADER_LEN);
  v.setUint8(3, n);
  v.setUint16(4, f.seq & 0xffff, true);
  v.setUint8(6, f.cfgId & 0xff);
  v.setUint8(7, f.flags & 0xff);
  v.setUint32(8, f.idx0 >>> 0, true);
  v.setUint32(12, f.t0_us >>> 0, true);
  for (let i = 0; i < f.samples.length; i++) v.setInt16(PGI_HEADER_LEN + 2 * i, f.samples[i]!, true);
  return out;
}

/** A CONTROL request: opcode, request id (echoed in the response) and payload. */
export function encodeRequest(op: number, reqId: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(2 + payload.length);
  out[0] = op;
  out[1] = reqId & 0xff;
  out.set(payload, 2);
  return out;
}

/** SET_CONFIG request payload: ODR Hz, accelerometer range g, gyroscope range deg/s, maximum latency ms. */
export function setConfigPayload(odr_hz: number, accRange_g: number, gyroRange_dps: number, maxLatency_ms: number): Uint8Array {
  const out = new Uint8Array(7);
  const v = new DataView(out.buffer);
  v.setUint16(0, odr_hz, true);
  v.setUint8(2, accRange_g);
  v.setUint16(3, gyroRange_dps, true);
  v.setUint16(5, maxLatency_ms, true);
  return out;
}

export interface PgiResponse {
  op: number;
  reqId: number;
  status: number;
  statusName: string;
  payload: Uint8Array;
}

export function decodeResponse(bytes: Uint8Array): PgiResponse {
  if (bytes.length < 4) throw new PgiError(`response of ${bytes.length} bytes: expected at least 4 (0xF0, op, request id, status)`);
  if (bytes[0] !== PGI_RESPONSE) throw new PgiError(`response starts with 0x${bytes[0]!.toString(16).padStart(2, "0")}: expected 0xf0`);
  const status = bytes[3]!;
  return { op: bytes[1]!, reqId: bytes[2]!, status, statusName: PGI_STATUS_NAMES[status] ?? `status ${status}`, payload: bytes.slice(4) };
}

/** The SET_CONFIG response payload: the config id and the scale factors the samples of that config use. */
export interface PgiConfig {
  cfgId: number;
  odr_hz: number;
  /** m/s² per count. */
  accScale_mps2: number;
  /** deg/s per count. */
  gyroScale_dps: number;
  nPerFrame: number;
}

export function decodeSetConfigResponse(payload: Uint8Array): PgiConfig {
  if (payload.length < 14) throw new PgiError(`SET_CONFIG response payload of ${payload.length} bytes: expected 14`);
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const c = { cfgId: v.getUint8(0), odr_hz: v.getFloat32(1, true), accScale_mps2: v.getFloat32(5, true), gyroScale_dps: v.getFloat32(9, true), nPerFrame: v.getUint8(13) };
  // every sample time and value is computed from these: a NaN, zero or absurd one would spoil the whole stream
  if (!(c.odr_hz >= 1 && c.odr_hz <= 10_000)) throw new PgiError(`SET_CONFIG response: rate ${c.odr_hz} Hz: expected 1 to 10000`);
  if (!(c.accScale_mps2 > 0 && c.accScale_mps2 < Number.POSITIVE_INFINITY)) throw new PgiError(`SET_CONFIG response: acc scale ${c.accScale_mps2}: expected a positive number`);
  if (!(c.gyroScale_dps > 0 && c.gyroScale_dps < Number.POSITIVE_INFINITY)) throw new PgiError(`SET_CONFIG response: gyro scale ${c.gyroScale_dps}: expected a positive number`);
  return c;
}

export function encodeSetConfigResponse(c: PgiConfig): Uint8Array {
  const out = new Uint8Array(14);
  const v = new DataView(out.buffer);
  v.setUint8(0, c.cfgId);
  v.setFloat32(1, c.odr_hz, true);
  v.setFloat32(5, c.accScale_mps2, true);
  v.setFloat32(9, c.gyroScale_dps, true);
  v.setUint8(13, c.nPerFrame);
  return out;
}

/** Hex text of bytes ("01 01 10 …"), as the golden vectors write them. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(" ");
}

export function fromHex(hex: string): Uint8Array {
  const parts = hex.trim().split(/\s+/).filter((p) => p !== "");
  return Uint8Array.from(parts.map((p) => {
    if (!/^[0-9a-fA-F]{2}$/.test(p)) throw new PgiError(`"${p}" is not a hex byte`);
    return parseInt(p, 16);
  }));
}
