/**
 * Polar Measurement Data (PMD), the streaming protocol of Polar sensors such as the Verity Sense: data frames
 * decoded to samples, raw and delta-compressed. Layout from Polar's BLE SDK (PmdDataFrame, AccData, GyrData; see
 * ../shared/research/ble-protocols.md §4): `[measurement type u8][timestamp u64 ns since 2000-01-01, of the LAST
 * sample][frame type u8: bit 7 = compressed][content]`. Raw content: samples of `channels` signed little-endian
 * values of 1, 2 or 3 bytes (frame type 0, 1, 2). Compressed content: a reference sample (channels × resolution
 * bits, signed LE), then blocks `[delta bits u8][count u8][count × channels deltas, bit-packed LSB first, two's
 * complement]`, each sample = previous + delta. Values are multiplied by the stream's factor (START response).
 * Tested against the frames of Polar's own AccDataTest.
 */
import { UserError } from "../core/errors.js";

export const PMD_SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8";
export const PMD_CONTROL_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8";
export const PMD_DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8";
export const PMD_MEASUREMENT = { ECG: 0, PPG: 1, ACC: 2, PPI: 3, GYRO: 5, MAG: 6, SDK_MODE: 9 } as const;
/** Seconds from the Unix epoch to Polar's epoch, 2000-01-01T00:00:00Z. */
export const POLAR_EPOCH_UNIX_S = 946_684_800;

/** Bytes from the sensor that break the protocol: the sensor's fault, not hipgait's, so a one-line error (exit 1). */
export class PmdError extends UserError {
  override readonly name = "PmdError";
}

export interface PmdFrame {
  measType: number;
  /** Time of the last sample, ns since 2000-01-01 (a bigint: 64 bits). */
  timestamp_ns: bigint;
  compressed: boolean;
  frameType: number;
  channels: number;
  /** n × channels values, already multiplied by the factor (raw counts when it is 1). */
  values: Float64Array;
  n: number;
}

/** Resolution in bits of the reference sample of a compressed frame (Polar SDK: ACC types 0/1 and GYRO type 0 are 16 bit). */
function compressedBits(measType: number, frameType: number): number {
  if ((measType === PMD_MEASUREMENT.ACC && (frameType === 0 || frameType === 1)) || (measType === PMD_MEASUREMENT.GYRO && frameType === 0)) return 16;
  if (measType === PMD_MEASUREMENT.MAG && frameType === 0) return 16;
  throw new PmdError(`compressed frame type ${frameType} of measurement ${measType} is not supported (16-bit integer frames only)`);
}

function signExtend(v: number, bits: number): number {
  return bits >= 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits);
}

/** Decodes one PMD data notification (ACC, GYRO or MAG, 3 channels). */
export function decodePmdFrame(bytes: Uint8Array, factor = 1, channels = 3): PmdFrame {
  if (bytes.length < 10) throw new PmdError(`frame of ${bytes.length} bytes: expected at least the 10-byte header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const measType = bytes[0]! & 0x7f;
  const timestamp_ns = v.getBigUint64(1, true);
  const ft = bytes[9]!;
  const compressed = (ft & 0x80) !== 0;
  const frameType = ft & 0x7f;
  const content = bytes.subarray(10);
  const out: number[] = [];
  if (!compressed) {
    const size = frameType + 1; // type 0 int8, 1 int16, 2 int24
    if (size > 3) throw new PmdError(`raw frame type ${frameType}: expected 0, 1 or 2`);
    if (content.length % (size * channels) !== 0) throw new PmdError(`raw frame of ${content.length} bytes is not whole samples of ${channels} × ${size} bytes`);
    // a frame's timestamp is its last sample's: without a sample it has no time to give (and is no frame the SDK sends)
    if (content.length === 0) throw new PmdError("raw frame without samples: expected at least one");
    for (let o = 0; o < content.length; o += size) {
      let x = 0;
      for (let b = 0; b < size; b++) x |= content[o + b]! << (8 * b);
      out.push(signExtend(x, 8 * size) * factor);
    }
  } else {
    const bits = compressedBits(measType, frameType);
    const refBytes = Math.ceil(bits / 8);
    if (content.length < channels * refBytes) throw new PmdError(`compressed frame of ${content.length} bytes: the reference sample needs ${channels * refBytes}`);
    const prev: number[] = [];
    for (let c = 0; c < channels; c++) {
      let x = 0;
      for (let b = 0; b < refBytes; b++) x |= content[c * refBytes + b]! << (8 * b);
      prev.push(signExtend(x, bits));
    }
    out.push(...prev.map((p) => p * factor));
    let o = channels * refBytes;
    while (o < content.length) {
      if (o + 2 > content.length) throw new PmdError(`compressed frame: a delta block header is cut off at byte ${o}`);
      const dbits = content[o]!, count = content[o + 1]!;
      o += 2;
      if (dbits === 0 || dbits > 32) throw new PmdError(`compressed frame: delta size ${dbits} bits at byte ${o - 2}: expected 1–32`);
      const nbits = dbits * count * channels;
      const nbytes = Math.ceil(nbits / 8);
      if (o + nbytes > content.length) throw new PmdError(`compressed frame: ${count} samples of ${dbits}-bit deltas need ${nbytes} bytes at byte ${o}, ${content.length - o} left`);
      let bit = 0;
      for (let s = 0; s < count; s++) {
        for (let c = 0; c < channels; c++) {
          let d = 0;
          for (let k = 0; k < dbits; k++, bit++) {
            const byte = content[o + (bit >> 3)]!;
            if ((byte >> (bit & 7)) & 1) d |= 1 << k;
          }
          prev[c] = prev[c]! + signExtend(d >>> 0, dbits);
        }
        out.push(...prev.map((p) => p * factor));
      }
      o += nbytes;
    }
  }
  return { measType, timestamp_ns, compressed, frameType, channels, values: Float64Array.from(out), n: out.length / channels };
}

/**
 * Sample times of a frame, ns since Polar's epoch: the frame's timestamp is its last sample; the others are spread
 * evenly back to the previous frame's timestamp, or at the nominal rate for the first frame (Polar SDK time system).
 */
export function pmdSampleTimes(frame: PmdFrame, previous_ns: bigint | null, sampleRate_hz: number): Float64Array {
  const last = Number(frame.timestamp_ns);
  const n = frame.n;
  const dt = previous_ns !== null && previous_ns < frame.timestamp_ns ? (last - Number(previous_ns)) / n : sampleRate_hz > 0 ? 1e9 / sampleRate_hz : 0;
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) t[k] = last - (n - 1 - k) * dt;
  return t;
}
