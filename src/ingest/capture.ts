/**
 * Raw notification logs: what went over the air, byte for byte, so a session can be analysed again through the
 * same decoders (a driver fix applied to an old run) and a field problem reproduced without the sensor.
 *
 * `hipgait-capture/1` is NDJSON: a header line `{"format":"hipgait-capture/1","vendor":…,"device":…,"mtu":…,
 * "started_at":…}`, then one event per line, `t` in ms since the capture started:
 * `{"t":12.5,"e":"w","c":"<characteristic>","x":"<hex>"}` a host write, `{"t":…,"e":"n","c":…,"x":…}` a
 * notification or indication, `{"t":…,"e":"drop","r":"<reason>"}` the link dropped, `{"t":…,"e":"up"}` connected
 * again. The log is appended to and flushed at least once a second, like a recording.
 *
 * Replay is a Connection that plays the log back to the same driver. While the driver sets the sensor up (before
 * the first data, and after each reconnection) each logged write waits for the driver's own write of the same
 * command, and PGI answers carry the driver's request id; while data flow, logged writes are not waited for.
 */
import { createReadStream } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { createInterface } from "node:readline";
import * as z from "zod";
import { UserError } from "../core/errors.js";
import { GSP_NOTIFY_UUID, GSP_TYPE } from "./movesense.js";
import { fromHex, PGI_CONTROL_UUID, PGI_DATA_UUID, PGI_RESPONSE, toHex } from "./pgi.js";
import { PMD_DATA_UUID } from "./polar-pmd.js";
import { TransportError, type Connection } from "./transport.js";

export const CAPTURE_FORMAT = "hipgait-capture/1";
export const CAPTURE_VENDORS = ["pgi", "movesense", "polar"] as const;
export type CaptureVendor = (typeof CAPTURE_VENDORS)[number];

const Header = z.object({
  format: z.literal(CAPTURE_FORMAT),
  vendor: z.enum(CAPTURE_VENDORS),
  device: z.string(),
  mtu: z.number().int().positive(),
  started_at: z.string().optional(),
});
export type CaptureHeader = z.infer<typeof Header>;

const hex = z.string().regex(/^([0-9A-Fa-f]{2}( [0-9A-Fa-f]{2})*)?$/, "bytes as hex pairs separated by spaces");
const Event = z.discriminatedUnion("e", [
  z.object({ t: z.number().nonnegative(), e: z.literal("w"), c: z.string().min(1), x: hex }),
  z.object({ t: z.number().nonnegative(), e: z.literal("n"), c: z.string().min(1), x: hex }),
  z.object({ t: z.number().nonnegative(), e: z.literal("drop"), r: z.string() }),
  z.object({ t: z.number().nonnegative(), e: z.literal("up") }),
]);
export type CaptureEvent = z.infer<typeof Event>;

/** Wraps a connection and logs its traffic. */
export class CaptureWriter {
  readonly #fh: FileHandle;
  readonly #t0 = performance.now();
  #buf: string[] = [];
  #lastFlush = Date.now();
  #flushing: Promise<void> = Promise.resolve();

  private constructor(fh: FileHandle) {
    this.#fh = fh;
  }

  /** Creates the log (refusing an existing file unless `force`) and writes its header. */
  static async create(path: string, header: Omit<CaptureHeader, "format">, force: boolean): Promise<CaptureWriter> {
    let fh: FileHandle;
    try {
      fh = await open(path, force ? "w" : "wx");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw new UserError(`${path} exists; pass --force to overwrite it`);
      throw new UserError(`${path}: cannot create the capture (${code ?? String(e)})`);
    }
    const w = new CaptureWriter(fh);
    await fh.write(`${JSON.stringify({ format: CAPTURE_FORMAT, ...header })}\n`);
    return w;
  }

  #log(ev: Record<string, unknown>): void {
    this.#buf.push(JSON.stringify({ t: Math.round((performance.now() - this.#t0) * 1000) / 1000, ...ev }));
    if (Date.now() - this.#lastFlush >= 1000) void this.flush();
  }

  /** Writes what is buffered (in order, one write at a time). */
  flush(): Promise<void> {
    this.#lastFlush = Date.now();
    const lines = this.#buf;
    this.#buf = [];
    if (lines.length > 0) this.#flushing = this.#flushing.then(() => this.#fh.write(`${lines.join("\n")}\n`).then(() => undefined));
    return this.#flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#fh.close();
  }

  #wrapped = 0;

  /** A connection that behaves as `conn` and logs every write, notification and drop; wrap each reconnection too. */
  wrap(conn: Connection): Connection {
    if (this.#wrapped++ > 0) this.#log({ e: "up" });
    conn.onDisconnect((r) => this.#log({ e: "drop", r }));
    return {
      id: conn.id,
      mtu: conn.mtu,
      read: (s, c) => conn.read(s, c),
      write: (s, c, d) => {
        this.#log({ e: "w", c, x: toHex(d) });
        return conn.write(s, c, d);
      },
      subscribe: (s, c, on) =>
        conn.subscribe(s, c, (d) => {
          this.#log({ e: "n", c, x: toHex(d) });
          on(d);
        }),
      onDisconnect: (h) => conn.onDisconnect(h),
      disconnect: () => conn.disconnect(),
    };
  }
}

/** Reads a capture's header (the first line), with a one-line error naming the file. */
export async function readCaptureHeader(path: string): Promise<CaptureHeader> {
  await stat(path).catch(() => {
    throw new UserError(`${path}: no such capture file`);
  });
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of rl) {
    rl.close();
    return parseLine(path, 1, line, Header, `a ${CAPTURE_FORMAT} header line`);
  }
  throw new UserError(`${path}: empty file: expected a ${CAPTURE_FORMAT} header line`);
}

function parseLine<T>(path: string, n: number, line: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new UserError(`${path}:${n}: not JSON: expected ${what}`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UserError(`${path}:${n}: ${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}: expected ${what}`);
  }
  return r.data;
}

type Handler = (d: Uint8Array) => void;

/**
 * A capture played back as a connection. `pace` 1 replays at the logged pace, 0 as fast as the driver takes it.
 * Events are read as they are needed, so a long capture is not held in memory.
 */
export class ReplayConnection implements Connection {
  readonly id: string;
  readonly mtu: number;
  readonly header: CaptureHeader;
  readonly #path: string;
  readonly #pace: number;
  readonly #handlers = new Map<string, Handler>();
  #disconnectHandlers: Array<(reason: string) => void> = [];
  /** Driver writes not yet matched by a logged write, by characteristic: their first bytes. */
  readonly #writes: Array<{ c: string; d: Uint8Array }> = [];
  #writeWaiter: (() => void) | null = null;
  #upWaiter: (() => void) | null = null;
  /** PGI: the driver's request id for each op, put into the logged answers. */
  readonly #reqIds = new Map<number, number>();
  #setup = true;
  #linkUp = true;
  #closed = false;
  #started = false;
  /** Resolves when the whole log has been played. */
  readonly done: Promise<{ notifications: number }>;
  #resolveDone!: (v: { notifications: number }) => void;
  #rejectDone!: (e: Error) => void;

  private constructor(path: string, header: CaptureHeader, pace: number) {
    this.#path = path;
    this.header = header;
    this.id = `replay:${header.device}`;
    this.mtu = header.mtu;
    this.#pace = pace;
    this.done = new Promise((resolve, reject) => {
      this.#resolveDone = resolve;
      this.#rejectDone = reject;
    });
    this.done.catch(() => undefined);
  }

  static async open(path: string, pace = 1): Promise<ReplayConnection> {
    return new ReplayConnection(path, await readCaptureHeader(path), pace);
  }

  async read(): Promise<Uint8Array> {
    return new Uint8Array(0);
  }

  async subscribe(_service: string, characteristic: string, onData: Handler): Promise<void> {
    if (!this.#linkUp) throw new TransportError(`${this.id}: subscribe: link is down`);
    this.#handlers.set(characteristic, onData);
    this.#start();
  }

  onDisconnect(handler: (reason: string) => void): void {
    this.#disconnectHandlers.push(handler);
  }

  async disconnect(): Promise<void> {
    this.#closed = true;
    this.#writeWaiter?.();
  }

  /** Connects again after a logged drop: resolves when the log reaches its reconnection. */
  reconnect(): Promise<Connection> {
    if (this.#linkUp) return Promise.resolve(this);
    return new Promise((resolve) => (this.#upWaiter = () => resolve(this)));
  }

  async write(_service: string, characteristic: string, data: Uint8Array): Promise<void> {
    if (!this.#linkUp) throw new TransportError(`${this.id}: write: link is down`);
    if (this.header.vendor === "pgi" && characteristic === PGI_CONTROL_UUID && data.length >= 2) this.#reqIds.set(data[0]!, data[1]!);
    this.#writes.push({ c: characteristic, d: data });
    const w = this.#writeWaiter;
    this.#writeWaiter = null;
    w?.();
    this.#start();
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    setImmediate(() => this.#play().catch((e: unknown) => this.#rejectDone(e instanceof Error ? e : new Error(String(e)))));
  }

  /** Waits for the driver's write of the logged command (same characteristic and first byte); false if closed. */
  async #awaitWrite(c: string, logged: Uint8Array): Promise<boolean> {
    for (;;) {
      if (this.#closed) return false;
      const i = this.#writes.findIndex((w) => w.c === c && w.d[0] === logged[0]);
      if (i >= 0) {
        this.#writes.splice(0, i + 1);
        return true;
      }
      await new Promise<void>((r) => {
        this.#writeWaiter = r;
        setTimeout(r, 200); // re-check (the driver may have closed)
      });
    }
  }

  async #play(): Promise<void> {
    const rl = createInterface({ input: createReadStream(this.#path, { encoding: "utf8" }), crlfDelay: Infinity });
    let n = 0, notifications = 0;
    const wall0 = performance.now();
    let sinceYield = 0;
    for await (const line of rl) {
      n++;
      if (n === 1 || line.trim() === "") continue;
      if (this.#closed) break;
      const ev = parseLine(this.#path, n, line, Event, "a capture event (e: w, n, drop or up)");
      if (this.#pace > 0) {
        const ahead_ms = ev.t / this.#pace - (performance.now() - wall0);
        if (ahead_ms > 2) await new Promise((r) => setTimeout(r, ahead_ms));
      } else if (++sinceYield === 200) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
      }
      if (ev.e === "w") {
        // a write logged while the link was down (a STOP as the run ended) has no answer to wait for
        if (this.#setup && this.#linkUp && !(await this.#awaitWrite(ev.c, fromHex(ev.x)))) break;
      } else if (ev.e === "n") {
        const d = fromHex(ev.x);
        if (this.header.vendor === "pgi" && ev.c === PGI_CONTROL_UUID && d[0] === PGI_RESPONSE && d.length >= 3) {
          const id = this.#reqIds.get(d[1]!);
          if (id !== undefined) d[2] = id;
        } else if (this.#setup && this.#isData(ev.c, d)) this.#setup = false;
        notifications++;
        this.#handlers.get(ev.c)?.(d);
        if (this.#setup) await new Promise((r) => setImmediate(r)); // let the driver act on the answer
      } else if (ev.e === "drop") {
        this.#linkUp = false;
        this.#setup = true;
        this.#handlers.clear();
        this.#writes.length = 0;
        for (const h of this.#disconnectHandlers.splice(0)) h(ev.r);
      } else {
        this.#linkUp = true;
        const up = this.#upWaiter;
        this.#upWaiter = null;
        up?.();
        await new Promise((r) => setImmediate(r));
      }
    }
    rl.close();
    this.#resolveDone({ notifications });
  }

  /** Whether a notification carries samples (the setup phase ends at the first one). */
  #isData(c: string, d: Uint8Array): boolean {
    if (this.header.vendor === "pgi") return c === PGI_DATA_UUID;
    if (this.header.vendor === "polar") return c === PMD_DATA_UUID;
    return c === GSP_NOTIFY_UUID && d[0] === GSP_TYPE.DATA;
  }
}
