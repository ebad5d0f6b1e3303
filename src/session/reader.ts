/** Streaming reader of session files v1 (docs/session-format.md): header, unit look-ahead, then sample blocks. */
import { open, stat, type FileHandle } from "node:fs/promises";
import { pipeline, type Readable, type TransformOptions } from "node:stream";
import { createGunzip, type ZlibOptions } from "node:zlib";
import { errnoCode, InputError } from "../core/errors.js";
import { classifyHeader, splitCsvLine, NUM_SLOTS, SLOT_AX, SLOT_AY, SLOT_AZ, SLOT_GX, SLOT_GY, SLOT_GZ, SLOT_T, type HeaderLayout } from "./columns.js";
import { ACC_DIVISOR, GYRO_FACTOR, TIME_DIVISOR, formatRate, inferUnits } from "./infer.js";
import { CsvKernel, RowParser, type ParseTarget } from "./parser.js";
import { METADATA_KEY_PATTERN, parseSessionMetadata } from "./schema.js";
import type { OpenSessionOptions, SampleBlock, SessionHeader, SessionReader, SessionStats, WholeSession } from "./types.js";

/** Rows read ahead (at most) before the first block is handed out, to infer units and the nominal rate. */
export const LOOKAHEAD_ROWS = 4000;
/** Default samples per block. */
export const DEFAULT_BLOCK_SIZE = 4096;
/** A step between samples longer than this many nominal sample periods is reported as a gap. */
export const GAP_FACTOR = 2.5;
/** Bytes requested per read from the file. */
const READ_CHUNK_BYTES = 1 << 20;
/**
 * Inflated bytes per chunk of a .csv.gz file. zlib inflates one chunk per job on the libuv thread pool and needs the
 * main thread to start the next: 1 MB chunks keep it busy while rows are parsed (~20% faster than 256 KB; 2 and 4 MB
 * are no faster).
 */
const GUNZIP_CHUNK_BYTES = 1 << 20;
/** Inflated bytes zlib may produce ahead of the parser (with the default 16 KB it waits for every chunk to be parsed). */
const GUNZIP_AHEAD_BYTES = 4 << 20;
/** The CSV kernel's scratch area, where bytes read elsewhere (gunzip output, lines joined across reads) are parsed, in runs of whole lines. */
const SCRATCH_BYTES = 256 << 10;
/** A "line" longer than this is taken as a sign that the file is not a session CSV. */
const MAX_LINE_BYTES = 1 << 20;
/** At most this many gaps are listed; more are counted in a warning. */
const MAX_GAPS = 100_000;

const NEWLINE = Buffer.from("\n");
const EMPTY = new Float64Array(0);

/**
 * A run of complete lines: buf[pos, end) ends with `\n`. `final` marks a last line that had no newline; `cut`
 * says that line was cut off by compressed data that ended early.
 */
interface Region {
  buf: Buffer;
  pos: number;
  end: number;
  final: boolean;
  cut?: boolean;
}

/** Turns a one-line reason from a failed open/read into an InputError. */
function ioError(file: string, e: unknown): InputError {
  const code = errnoCode(e);
  if (code === "ENOENT") return new InputError(file, null, "file not found");
  if (code === "EACCES" || code === "EPERM") return new InputError(file, null, "permission denied");
  if (code === "EISDIR") return new InputError(file, null, "is a directory, not a session file");
  if (code.startsWith("Z_")) return new InputError(file, null, `not a valid gzip file (${e instanceof Error ? e.message : code})`);
  return new InputError(file, null, `cannot read the file: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * Raw bytes of a file in chunks. A chunk returned by pull() may be overwritten by the pull() after next, so the
 * caller must be done with it (or have copied what it keeps) by then.
 */
interface ByteSource {
  /** The next chunk, or null at the end. Rejects with the underlying I/O or zlib error. */
  pull(): Promise<Buffer | null>;
  close(): void;
}

/**
 * Plain files: two reusable buffers read alternately, the next read already running while the caller parses the
 * current chunk (no per-chunk allocation, I/O overlapped with parsing). The buffers lie in the CSV kernel's memory,
 * so that its fast row loop parses the bytes where they were read.
 */
class FileBytes implements ByteSource {
  private which = 0;
  private inFlight: Promise<number> | null;
  private closed = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly bufs: readonly [Buffer, Buffer],
  ) {
    this.inFlight = this.read(this.bufs[0]);
  }

  private read(buf: Buffer): Promise<number> {
    const p = this.handle.read(buf, 0, buf.length, null).then((r) => r.bytesRead);
    p.catch(() => undefined); // handled in pull(); never an unhandled rejection if the reader is abandoned
    return p;
  }

  async pull(): Promise<Buffer | null> {
    if (this.inFlight === null) return null;
    const n = await this.inFlight;
    if (n === 0) {
      this.inFlight = null;
      this.close();
      return null;
    }
    const buf = this.bufs[this.which]!;
    this.which ^= 1;
    this.inFlight = this.read(this.bufs[this.which]!);
    return buf.subarray(0, n);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // FileHandle.close waits for a read still in flight.
    this.handle.close().catch(() => undefined);
  }
}

/** Compressed files: the chunks of a gunzip stream. */
class StreamBytes implements ByteSource {
  private readonly it: AsyncIterator<unknown>;

  constructor(private readonly stream: Readable) {
    this.it = stream[Symbol.asyncIterator]();
  }

  async pull(): Promise<Buffer | null> {
    const r = await this.it.next();
    if (r.done === true) return null;
    const value: unknown = r.value;
    return Buffer.isBuffer(value) ? value : Buffer.from(String(value));
  }

  close(): void {
    this.stream.destroy();
  }
}

/** Splits the chunks of a ByteSource into regions of complete lines, carrying partial lines across chunks. */
class ChunkSource {
  private carry: Buffer | null = null;
  /** Rest of a chunk whose first line completed the carried line. */
  private queued: Region | null = null;
  private ended = false;
  private first = true;
  /** The gzip stream ended early. */
  private cut = false;

  constructor(
    private readonly file: string,
    private readonly bytes: ByteSource,
    private readonly warnings: string[],
  ) {}

  /** The next region of complete lines, or null at the end of the file. */
  async next(): Promise<Region | null> {
    if (this.queued !== null) {
      const q = this.queued;
      this.queued = null;
      return q;
    }
    for (;;) {
      if (this.ended) return null;
      let pulled: Buffer | null;
      try {
        pulled = await this.bytes.pull();
      } catch (e) {
        const code = errnoCode(e);
        if (code !== "Z_BUF_ERROR") throw ioError(this.file, e);
        this.warnings.push(`${this.file}: the compressed data ends early (truncated .gz file?); read what was there`);
        this.cut = true;
        pulled = null;
      }
      if (pulled === null) {
        this.ended = true;
        const carry = this.carry;
        this.carry = null;
        if (carry === null || carry.length === 0) return null;
        const buf = Buffer.concat([carry, NEWLINE]);
        return { buf, pos: 0, end: buf.length, final: true, cut: this.cut };
      }
      let chunk = pulled;
      if (this.first) {
        this.first = false;
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      const nl = chunk.lastIndexOf(10);
      if (nl < 0) {
        // No line ends in this chunk: it all belongs to the line being carried.
        const carry = this.carry === null ? Buffer.from(chunk) : Buffer.concat([this.carry, chunk]);
        if (carry.length > MAX_LINE_BYTES) throw new InputError(this.file, null, "found a line longer than 1 MB; is this a CSV session file?");
        this.carry = carry;
        continue;
      }
      const carry = this.carry;
      this.carry = nl + 1 < chunk.length ? Buffer.from(chunk.subarray(nl + 1)) : null;
      if (carry === null) return { buf: chunk, pos: 0, end: nl + 1, final: false };
      // Complete the carried line with the head of this chunk (a small copy), and queue the rest of the chunk.
      const first = chunk.indexOf(10);
      const joined = Buffer.concat([carry, chunk.subarray(0, first + 1)]);
      if (first < nl) this.queued = { buf: chunk, pos: first + 1, end: nl + 1, final: false };
      return { buf: joined, pos: 0, end: joined.length, final: false };
    }
  }

  close(): void {
    this.bytes.close();
  }
}

/**
 * The CSV kernel of one reader: a plain file is read into its two read buffers; a compressed one's gunzip output is
 * copied in through its scratch area, so it has no read buffers.
 */
function readerKernel(gzip: boolean): CsvKernel {
  return new CsvKernel({ readBuffers: gzip ? 0 : 2, readBytes: gzip ? 0 : READ_CHUNK_BYTES, scratchBytes: SCRATCH_BYTES });
}

/** The file's bytes, and the CSV kernel its reader parses them with. */
async function openSource(file: string, warnings: string[]): Promise<{ src: ChunkSource; kernel: CsvKernel }> {
  try {
    if ((await stat(file)).isDirectory()) throw new InputError(file, null, "is a directory, not a session file");
  } catch (e) {
    throw e instanceof InputError ? e : ioError(file, e);
  }
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (e) {
    throw ioError(file, e);
  }
  const magic = Buffer.alloc(2);
  let gzip = false;
  try {
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (e) {
    await handle.close();
    throw ioError(file, e);
  }
  const kernel = readerKernel(gzip);
  if (!gzip) {
    const [a, b] = kernel.readBuffers;
    return { src: new ChunkSource(file, new FileBytes(handle, [a!, b!]), warnings), kernel };
  }
  const raw = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES });
  const options: ZlibOptions & TransformOptions = { chunkSize: GUNZIP_CHUNK_BYTES, readableHighWaterMark: GUNZIP_AHEAD_BYTES };
  const gunzip = pipeline(raw, createGunzip(options), () => undefined);
  return { src: new ChunkSource(file, new StreamBytes(gunzip), warnings), kernel };
}

/** What precedes the data rows. */
interface Preamble {
  metadata: Record<string, string>;
  metadataLines: Map<string, number>;
  headerFields: string[];
  headerLine: number;
  /** Region holding the rest of the data after the header (may be used up). */
  region: Region | null;
}

const METADATA_LINE = /^#\s*([^:\s]+)\s*:(.*)$/;
const LOOKS_NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** In a would-be header: a NUL or other control byte (tab aside), or bytes that are not UTF-8 (decoded as U+FFFD). */
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

async function readPreamble(src: ChunkSource, file: string): Promise<Preamble> {
  const metadata: Record<string, string> = {};
  const metadataLines = new Map<string, number>();
  let lineNo = 1;
  for (;;) {
    const region = await src.next();
    if (region === null) {
      throw new InputError(
        file,
        null,
        lineNo === 1
          ? "empty file; expected optional \"# key: value\" metadata lines, a header row such as t,ax,ay,az,gx,gy,gz and data rows"
          : "no header row; expected a line such as t,ax,ay,az,gx,gy,gz after the metadata",
      );
    }
    const { buf } = region;
    while (region.pos < region.end) {
      const nl = buf.indexOf(10, region.pos);
      let text = buf.toString("utf8", region.pos, nl);
      if (text.endsWith("\r")) text = text.slice(0, -1);
      region.pos = nl + 1;
      const line = lineNo++;
      const trimmed = text.trim();
      if (trimmed === "") continue;
      if (trimmed.startsWith("#")) {
        const m = METADATA_LINE.exec(trimmed);
        const rawKey = m?.[1];
        if (m !== null && rawKey !== undefined && METADATA_KEY_PATTERN.test(rawKey)) {
          const key = rawKey.toLowerCase();
          const previous = metadataLines.get(key);
          if (previous !== undefined) throw new InputError(file, line, `metadata key "${key}" given twice (lines ${previous} and ${line})`);
          metadata[key] = (m[2] ?? "").trim();
          metadataLines.set(key, line);
        }
        continue;
      }
      if (BINARY.test(text)) {
        throw new InputError(file, line, "this is not a CSV text file (binary data, or text that is not UTF-8, where the header should be); expected UTF-8 text with a header row such as t,ax,ay,az,gx,gy,gz");
      }
      const headerFields = splitCsvLine(text);
      if (headerFields.every((f) => LOOKS_NUMERIC.test(f))) {
        throw new InputError(file, line, "expected a header row such as t,ax,ay,az,gx,gy,gz but this line holds only numbers");
      }
      return { metadata, metadataLines, headerFields, headerLine: line, region };
    }
  }
}

/** A block under construction: preallocated columns, the rows filled so far and the rows already converted. */
interface Block extends ParseTarget {
  rows: number;
  /** Rows already converted to canonical units and validated. */
  done: number;
  cap: number;
}

/** Formats two times (s) with enough decimals (3 to 9) to tell them apart. */
function formatTimePair(a: number, b: number): [string, string] {
  for (let d = 3; d <= 9; d++) {
    const sa = a.toFixed(d);
    const sb = b.toFixed(d);
    if (sa !== sb) return [sa, sb];
  }
  return [a.toFixed(3), b.toFixed(3)];
}

/**
 * The SessionReader behind openSession: reads the metadata and header, a look-ahead of up to LOOKAHEAD_ROWS rows
 * for unit inference, then hands out fixed-size blocks of samples in canonical units, in constant memory.
 */
class Reader implements SessionReader {
  readonly warnings: string[];
  header!: SessionHeader;
  private region: Region | null;
  private eof = false;
  private pending: Block[] = [];
  private iterated = false;
  private readonly numericSlots: number[];
  // Conversion and validation state.
  private tDiv = 1;
  private accDiv = 1;
  private gyroFactor = 1;
  private gapThreshold_s = Number.POSITIVE_INFINITY;
  private hasPrev = false;
  private prevT = Number.NaN;
  private first_s = Number.NaN;
  private rowsOut = 0;
  private sumDt = 0;
  private nDt = 0;
  private readonly gaps: Array<[number, number]> = [];
  private gapsNotListed = 0;
  private droppedTruncatedLine = false;

  constructor(
    private readonly file: string,
    private readonly src: ChunkSource,
    private readonly layout: HeaderLayout,
    private readonly parser: RowParser,
    private readonly blockSize: number,
    private readonly reuseBlocks: boolean,
    private readonly declaredRate_hz: number | null,
    region: Region | null,
    warnings: string[],
  ) {
    this.region = region;
    this.warnings = warnings;
    this.numericSlots = [SLOT_T, SLOT_AX, SLOT_AY, SLOT_AZ, ...(layout.hasGyro ? [SLOT_GX, SLOT_GY, SLOT_GZ] : [])];
  }

  newBlock(): Block {
    const cap = this.blockSize;
    // One allocation per block: the value columns and the line numbers are views on a single buffer.
    const memory = new ArrayBuffer(Float64Array.BYTES_PER_ELEMENT * cap * (this.numericSlots.length + 1));
    let k = 0;
    const view = (): Float64Array => new Float64Array(memory, Float64Array.BYTES_PER_ELEMENT * cap * k++, cap);
    const cols: Float64Array[] = [];
    for (let s = 0; s < NUM_SLOTS; s++) cols.push(this.numericSlots.includes(s) ? view() : EMPTY);
    const extra = this.layout.extraColumns.map(() => new Array<string>(cap));
    return { cols, lines: view(), extra, rows: 0, done: 0, cap };
  }

  /** Parses rows into `block` until it holds `limit` rows or the file ends. */
  async fill(block: Block, limit: number): Promise<void> {
    const p = this.parser;
    p.setTarget(block, block.rows, limit);
    while (p.row < limit) {
      const r = this.region;
      if (r === null || r.pos >= r.end) {
        if (this.eof) break;
        this.region = await this.src.next();
        if (this.region === null) this.eof = true;
        continue;
      }
      if (r.final && r.cut === true) {
        this.warnings.push(`${this.file}:${p.lineNo}: last line is cut off where the compressed data ends; dropped it`);
        this.droppedTruncatedLine = true;
        r.pos = r.end;
        p.lineNo++;
      } else if (r.final) {
        const line = p.lineNo;
        try {
          r.pos = p.parse(r.buf, r.pos, r.end);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          this.warnings.push(`${this.file}:${e.line ?? line}: last line is truncated (${e.reason}); dropped it`);
          this.droppedTruncatedLine = true;
          r.pos = r.end;
          p.lineNo = line + 1;
        }
      } else {
        r.pos = p.parse(r.buf, r.pos, r.end);
      }
    }
    block.rows = p.row;
  }

  /** Converts rows [done, rows) of a block to canonical units, checks time and records gaps. */
  finalize(block: Block): void {
    const from = block.done;
    const n = block.rows;
    if (from >= n) return;
    const cols = block.cols;
    const t = cols[SLOT_T]!;
    if (this.layout.hasTime) {
      // One pass: unit conversion, the strictly-increasing check, gap detection and the sum of ordinary steps (kept
      // in locals; the rare cases leave the loop's fast path).
      const div = this.tDiv;
      const threshold = this.gapThreshold_s;
      let prev = this.prevT;
      let sumDt = this.sumDt;
      let nDt = this.nDt;
      let i = from;
      if (!this.hasPrev) {
        if (div !== 1) t[i] = t[i]! / div;
        this.first_s = t[i]!;
        this.hasPrev = true;
        prev = t[i]!;
        i++;
      }
      for (; i < n; i++) {
        let ti = t[i]!;
        if (div !== 1) {
          ti /= div;
          t[i] = ti;
        }
        const dt = ti - prev;
        if (dt > 0 && dt <= threshold) {
          sumDt += dt;
          nDt++;
        } else if (dt > 0) {
          if (this.gaps.length < MAX_GAPS) this.gaps.push([prev, ti]);
          else this.gapsNotListed++;
        } else {
          this.sumDt = sumDt;
          this.nDt = nDt;
          const [a, b] = formatTimePair(prev, ti);
          throw new InputError(this.file, block.lines[i]!, `t went from ${a} to ${b} s; expected strictly increasing time`);
        }
        prev = ti;
      }
      this.prevT = prev;
      this.sumDt = sumDt;
      this.nDt = nDt;
    } else {
      const rate = this.declaredRate_hz ?? 1;
      const offset = this.rowsOut - from;
      for (let i = from; i < n; i++) t[i] = (offset + i) / rate;
      if (!this.hasPrev) {
        this.first_s = t[from]!;
        this.hasPrev = true;
      }
      this.prevT = t[n - 1]!;
    }
    if (this.accDiv !== 1) {
      const d = this.accDiv;
      for (const s of [SLOT_AX, SLOT_AY, SLOT_AZ]) {
        const a = cols[s]!;
        for (let i = from; i < n; i++) a[i] = a[i]! / d;
      }
    }
    if (this.layout.hasGyro && this.gyroFactor !== 1) {
      const k = this.gyroFactor;
      for (const s of [SLOT_GX, SLOT_GY, SLOT_GZ]) {
        const g = cols[s]!;
        for (let i = from; i < n; i++) {
          const v = g[i]! * k;
          if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
            const name = this.layout.fieldNames[this.layout.slotOfField.indexOf(s)] ?? "gyro";
            throw new InputError(this.file, block.lines[i]!, `column ${name}: ${g[i]} rad/s is too large to convert to deg/s`);
          }
          g[i] = v;
        }
      }
    }
    this.rowsOut += n - from;
    block.done = n;
  }

  toSampleBlock(block: Block): SampleBlock {
    const n = block.rows;
    const full = n === block.cap;
    const cut = (a: Float64Array): Float64Array => (full ? a : a.subarray(0, n));
    const c = block.cols;
    const gyro = this.layout.hasGyro;
    return {
      length: n,
      firstLine: block.lines[0]!,
      t_s: cut(c[SLOT_T]!),
      ax_g: cut(c[SLOT_AX]!),
      ay_g: cut(c[SLOT_AY]!),
      az_g: cut(c[SLOT_AZ]!),
      gx_dps: gyro ? cut(c[SLOT_GX]!) : null,
      gy_dps: gyro ? cut(c[SLOT_GY]!) : null,
      gz_dps: gyro ? cut(c[SLOT_GZ]!) : null,
      extra: block.extra.map((e) => (full ? e : e.slice(0, n))),
    };
  }

  /** Reads the look-ahead, settles the units and builds the header; throws InputError on any problem found. */
  async start(meta: { raw: Record<string, string>; headerLine: number }): Promise<void> {
    const blocks: Block[] = [];
    let total = 0;
    let cur = this.newBlock();
    while (total < LOOKAHEAD_ROWS && !this.eof) {
      const before = cur.rows;
      await this.fill(cur, Math.min(cur.cap, cur.rows + (LOOKAHEAD_ROWS - total)));
      total += cur.rows - before;
      if (cur.rows === cur.cap) {
        blocks.push(cur);
        cur = this.newBlock();
      }
    }
    if (cur.rows > 0) blocks.push(cur);
    if (total === 0) throw new InputError(this.file, meta.headerLine, "no data rows after the header");

    // Gather the raw look-ahead (at most LOOKAHEAD_ROWS rows) for inference.
    const gather = (slot: number): Float64Array => {
      const out = new Float64Array(total);
      let k = 0;
      for (const b of blocks) {
        out.set(b.cols[slot]!.subarray(0, b.rows), k);
        k += b.rows;
      }
      return out;
    };
    const L = this.layout;
    const inferred = inferUnits(
      {
        rows: total,
        t: L.hasTime ? gather(SLOT_T) : null,
        ax: gather(SLOT_AX),
        ay: gather(SLOT_AY),
        az: gather(SLOT_AZ),
        gx: L.hasGyro ? gather(SLOT_GX) : null,
        gy: L.hasGyro ? gather(SLOT_GY) : null,
        gz: L.hasGyro ? gather(SLOT_GZ) : null,
      },
      L.declared,
      this.declaredRate_hz,
      (reason) => {
        throw new InputError(this.file, null, reason);
      },
    );
    this.tDiv = TIME_DIVISOR[inferred.time];
    this.accDiv = ACC_DIVISOR[inferred.acc];
    this.gyroFactor = inferred.gyro === null ? 1 : GYRO_FACTOR[inferred.gyro];
    const rate = this.declaredRate_hz;
    const step = inferred.medianStep_s;
    // The time column is the device's clock; a declared rate it disagrees with (by more than 10 %) is a setting the
    // sensor did not run at, so gaps are judged against the time column then (and the analysis runs at its rate).
    const disagree = rate !== null && L.hasTime && step > 0 && Math.abs(step * rate - 1) > 0.1;
    const nominal_s = rate !== null && !disagree ? 1 / rate : inferred.medianStep_s;
    if (Number.isFinite(nominal_s) && nominal_s > 0) this.gapThreshold_s = GAP_FACTOR * nominal_s;
    if (disagree) {
      this.warnings.push(
        `${this.file}: metadata sample_rate_hz is ${formatRate(rate)} Hz but the time column steps at ${formatRate(1 / step)} Hz (median step ${step.toPrecision(3)} s); using the time column's ${formatRate(1 / step)} Hz`,
      );
    }

    this.header = {
      file: this.file,
      metadata: meta.raw,
      format: meta.raw["format"] ?? null,
      declaredSampleRate_hz: rate,
      frame: L.frame,
      hasGyro: L.hasGyro,
      hasTime: L.hasTime,
      units: { time: inferred.time, acc: inferred.acc, gyro: inferred.gyro },
      columns: L.fieldNames,
      extraColumns: L.extraColumns,
      notes: inferred.notes,
      headerLine: meta.headerLine,
    };
    for (const b of blocks) this.finalize(b);
    this.pending = blocks;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<SampleBlock, void, undefined> {
    if (this.iterated) throw new Error("a SessionReader can be iterated only once");
    this.iterated = true;
    try {
      let cur: Block | null = null;
      const pending = this.pending;
      this.pending = [];
      for (const b of pending) {
        if (b.rows === b.cap) yield this.toSampleBlock(b);
        else cur = b;
      }
      cur ??= this.newBlock();
      while (!this.eof) {
        await this.fill(cur, cur.cap);
        if (cur.rows === cur.cap) {
          this.finalize(cur);
          yield this.toSampleBlock(cur);
          if (this.reuseBlocks) {
            cur.rows = 0;
            cur.done = 0;
          } else cur = this.newBlock();
        }
      }
      if (cur.rows > 0) {
        this.finalize(cur);
        yield this.toSampleBlock(cur);
      }
      if (this.gapsNotListed > 0) {
        this.warnings.push(`${this.file}: ${this.gapsNotListed} more gaps than the ${MAX_GAPS} listed`);
      }
    } finally {
      this.src.close();
    }
  }

  stats(): SessionStats {
    const first = this.first_s;
    const last = this.prevT;
    let rate: number;
    if (!this.layout.hasTime) rate = this.declaredRate_hz ?? 0;
    else if (this.nDt > 0) rate = this.nDt / this.sumDt;
    else rate = this.declaredRate_hz ?? 0;
    return {
      rows: this.rowsOut,
      first_s: first,
      last_s: last,
      duration_s: this.rowsOut > 0 ? last - first : 0,
      sampleRate_hz: rate,
      gaps: this.gaps.map(([a, b]): [number, number] => [a, b]),
      droppedTruncatedLine: this.droppedTruncatedLine,
      commentLines: this.parser.commentLines,
    };
  }

  /** Stops reading and releases the file (for readers not iterated to the end). */
  close(): void {
    this.src.close();
  }
}

/**
 * Opens a session file (.csv or gzip-compressed .csv.gz) for streaming. Reads the metadata, the header and a
 * look-ahead of up to 4000 rows (to settle undeclared units and the nominal sample rate) before resolving, so
 * header problems and bad early rows reject here; later problems reject during iteration. All errors that are the
 * file's fault are InputError (`file:line: reason`).
 * @param opts.blockSize samples per block (default 4096)
 */
export async function openSession(path: string, opts: OpenSessionOptions = {}): Promise<SessionReader> {
  const blockSize = opts.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`openSession: blockSize must be a positive integer, got ${blockSize}`);
  const warnings: string[] = [];
  const { src, kernel } = await openSource(path, warnings);
  try {
    const pre = await readPreamble(src, path);
    const checked = parseSessionMetadata(pre.metadata);
    if (!checked.ok) {
      throw new InputError(path, checked.key === null ? null : (pre.metadataLines.get(checked.key) ?? null), checked.reason);
    }
    const meta = checked.value;
    const layout = classifyHeader(
      pre.headerFields,
      { time: meta.time_unit ?? null, acc: meta.acc_unit ?? null, gyro: meta.gyro_unit ?? null },
      meta.sample_rate_hz !== undefined,
      path,
      pre.headerLine,
    );
    const parser = new RowParser(path, layout.slotOfField, layout.extraOfField, layout.fieldNames, pre.headerLine + 1, kernel);
    const reader = new Reader(path, src, layout, parser, blockSize, opts.reuseBlocks === true, meta.sample_rate_hz ?? null, pre.region, warnings);
    await reader.start({ raw: pre.metadata, headerLine: pre.headerLine });
    return reader;
  } catch (e) {
    src.close();
    throw e;
  }
}

/** Concatenates blocks of one session into a single block. */
export function concatBlocks(blocks: readonly SampleBlock[], hasGyro: boolean, extraCount: number): SampleBlock {
  const n = blocks.reduce((s, b) => s + b.length, 0);
  const join = (pick: (b: SampleBlock) => Float64Array | null): Float64Array => {
    const out = new Float64Array(n);
    let k = 0;
    for (const b of blocks) {
      const a = pick(b);
      if (a !== null) out.set(a, k);
      k += b.length;
    }
    return out;
  };
  const extra: string[][] = [];
  for (let e = 0; e < extraCount; e++) extra.push(blocks.flatMap((b) => b.extra[e] ?? []));
  return {
    length: n,
    firstLine: blocks[0]?.firstLine ?? 0,
    t_s: join((b) => b.t_s),
    ax_g: join((b) => b.ax_g),
    ay_g: join((b) => b.ay_g),
    az_g: join((b) => b.az_g),
    gx_dps: hasGyro ? join((b) => b.gx_dps) : null,
    gy_dps: hasGyro ? join((b) => b.gy_dps) : null,
    gz_dps: hasGyro ? join((b) => b.gz_dps) : null,
    extra,
  };
}

/**
 * Reads a whole session into memory as one block (for tests and small files; large files should be streamed
 * with openSession). Units as in SampleBlock: s, g, deg/s.
 */
export async function readWholeSession(path: string): Promise<WholeSession> {
  const reader = await openSession(path, { blockSize: 65536 });
  const blocks: SampleBlock[] = [];
  for await (const b of reader) blocks.push(b);
  return {
    header: reader.header,
    samples: concatBlocks(blocks, reader.header.hasGyro, reader.header.extraColumns.length),
    stats: reader.stats(),
    warnings: reader.warnings,
  };
}
