/**
 * The Bluetooth LE transport over @abandonware/noble. noble is imported only when a live command runs: on a machine
 * without an adapter its import throws (EAFNOSUPPORT), which becomes one clear UserError. noble has no GATT
 * timeouts and drops pending commands silently on disconnect, so every operation here has a timeout and fails at
 * once when the link drops. Connection parameters suit a body-worn link (15–30 ms interval, 4 s supervision timeout)
 * instead of noble's 420 ms default, which a body blocking the antenna for a moment would trip.
 */
import { UserError } from "../core/errors.js";
import { TransportError, withTimeout, type Connection, type DeviceInfo, type Transport } from "./transport.js";

/** The parts of noble's API used here (it ships no typings). */
interface NobleCharacteristic {
  uuid: string;
  readAsync(): Promise<Buffer>;
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
  subscribeAsync(): Promise<void>;
  on(event: "data", cb: (data: Buffer, isNotification: boolean) => void): void;
}
interface NoblePeripheral {
  id: string;
  mtu?: number | null;
  rssi?: number;
  advertisement?: { localName?: string; serviceUuids?: string[] };
  connectAsync(params?: Record<string, number>): Promise<void>;
  disconnectAsync(): Promise<void>;
  discoverSomeServicesAndCharacteristicsAsync(services: string[], characteristics: string[]): Promise<{ characteristics: NobleCharacteristic[] }>;
  once(event: "disconnect", cb: (reason?: unknown) => void): void;
}
interface Noble {
  state: string;
  on(event: "discover", cb: (p: NoblePeripheral) => void): void;
  on(event: "stateChange", cb: (state: string) => void): void;
  removeListener(event: string, cb: (...a: never[]) => void): void;
  startScanningAsync(services: string[], allowDuplicates: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
}

/** noble's UUIDs are lower-case hex without dashes. */
const short = (uuid: string): string => uuid.replace(/-/g, "").toLowerCase();

/** Connection parameters in noble's units: interval 1.25 ms (12–24 = 15–30 ms), supervision timeout 10 ms (400 = 4 s). */
export const BODY_WORN_LINK = Object.freeze({ minInterval: 12, maxInterval: 24, latency: 0, timeout: 400 });

/** Imports noble (the importer is a seam for tests) and turns its start-up failures into one-line UserErrors. */
export async function loadNoble(importer: () => Promise<unknown> = () => import("@abandonware/noble")): Promise<Noble> {
  try {
    const mod = (await importer()) as { default?: Noble } & Noble;
    return mod.default ?? mod;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/EAFNOSUPPORT/.test(msg)) throw new UserError("Bluetooth is not available on this machine: no Bluetooth adapter (EAFNOSUPPORT)");
    if (/EPERM|EACCES/.test(msg)) throw new UserError("Bluetooth needs permission: run as root or give node the cap_net_raw capability (setcap)");
    throw new UserError(`Bluetooth could not start: ${msg.split("\n")[0]}`);
  }
}

export class NobleTransport implements Transport {
  readonly #noble: Noble;
  readonly #seen = new Map<string, NoblePeripheral>();

  constructor(noble: Noble) {
    this.#noble = noble;
  }

  async #poweredOn(timeout_ms: number): Promise<void> {
    if (this.#noble.state === "poweredOn") return;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const on = (state: string): void => {
          if (state === "poweredOn") resolve();
          else if (state === "unauthorized" || state === "unsupported") reject(new UserError(`Bluetooth adapter is ${state}`));
        };
        this.#noble.on("stateChange", on);
      }),
      timeout_ms,
      "Bluetooth adapter: waiting to power on",
    );
  }

  async scan(timeout_ms: number, serviceUuids: readonly string[]): Promise<DeviceInfo[]> {
    await this.#poweredOn(Math.min(timeout_ms, 5000));
    const found = new Map<string, DeviceInfo>();
    const onDiscover = (p: NoblePeripheral): void => {
      this.#seen.set(p.id, p);
      found.set(p.id, { id: p.id, name: p.advertisement?.localName ?? null, rssi: p.rssi ?? null, services: (p.advertisement?.serviceUuids ?? []).map((u) => u.toLowerCase()) });
    };
    this.#noble.on("discover", onDiscover);
    try {
      await this.#noble.startScanningAsync(serviceUuids.map(short), false);
      await new Promise((r) => setTimeout(r, timeout_ms));
    } finally {
      await this.#noble.stopScanningAsync().catch(() => undefined);
      this.#noble.removeListener("discover", onDiscover as (...a: never[]) => void);
    }
    return [...found.values()];
  }

  async connect(id: string, timeout_ms: number): Promise<Connection> {
    const p = this.#seen.get(id);
    if (!p) throw new TransportError(`${id}: not seen in a scan`);
    await withTimeout(p.connectAsync({ ...BODY_WORN_LINK }), timeout_ms, `${id}: connect`);
    return new NobleConnection(p, timeout_ms);
  }
}

class NobleConnection implements Connection {
  readonly #p: NoblePeripheral;
  readonly #timeout_ms: number;
  readonly #chars = new Map<string, NobleCharacteristic>();
  readonly #discovered = new Map<string, Promise<void>>();
  readonly #onDrop: Array<(reason: string) => void> = [];
  #dropped: string | null = null;
  #closing = false;

  constructor(p: NoblePeripheral, timeout_ms: number) {
    this.#p = p;
    this.#timeout_ms = timeout_ms;
    p.once("disconnect", (reason) => {
      this.#dropped = reason === undefined ? "disconnected" : String(reason);
      if (!this.#closing) for (const h of this.#onDrop) h(this.#dropped);
    });
  }

  get id(): string {
    return this.#p.id;
  }

  get mtu(): number {
    return this.#p.mtu ?? 23;
  }

  /** Runs a GATT operation with the timeout, failing at once if the link is (or goes) down. */
  async #op<T>(what: string, f: () => Promise<T>): Promise<T> {
    if (this.#dropped !== null) throw new TransportError(`${this.id}: ${what}: link is down (${this.#dropped})`);
    let onDrop: (reason: string) => void = () => undefined;
    const dropped = new Promise<never>((_, reject) => {
      onDrop = (r) => reject(new TransportError(`${this.id}: ${what}: link dropped (${r})`));
      this.#onDrop.push(onDrop);
    });
    try {
      return await withTimeout(Promise.race([f(), dropped]), this.#timeout_ms, `${this.id}: ${what}`);
    } finally {
      const i = this.#onDrop.indexOf(onDrop);
      if (i >= 0) this.#onDrop.splice(i, 1);
    }
  }

  /**
   * The characteristic object, from one discovery of all of its service's characteristics: noble replaces its map
   * of a service's characteristics at every discovery, so discovering them one at a time would orphan the objects
   * found earlier (their writes and notifications would never arrive).
   */
  async #char(service: string, characteristic: string): Promise<NobleCharacteristic> {
    const svc = short(service);
    let discovery = this.#discovered.get(svc);
    if (!discovery) {
      discovery = this.#op(`discover ${service}`, () => this.#p.discoverSomeServicesAndCharacteristicsAsync([svc], [])).then(({ characteristics }) => {
        for (const c of characteristics) this.#chars.set(c.uuid, c);
      });
      this.#discovered.set(svc, discovery);
      discovery.catch(() => this.#discovered.delete(svc));
    }
    await discovery;
    const c = this.#chars.get(short(characteristic));
    if (!c) throw new TransportError(`${this.id}: characteristic ${characteristic} not found`);
    return c;
  }

  async read(service: string, characteristic: string): Promise<Uint8Array> {
    const c = await this.#char(service, characteristic);
    return new Uint8Array(await this.#op(`read ${characteristic}`, () => c.readAsync()));
  }

  async write(service: string, characteristic: string, data: Uint8Array): Promise<void> {
    const c = await this.#char(service, characteristic);
    await this.#op(`write ${characteristic}`, () => c.writeAsync(Buffer.from(data), false));
  }

  async subscribe(service: string, characteristic: string, onData: (data: Uint8Array) => void): Promise<void> {
    const c = await this.#char(service, characteristic);
    c.on("data", (d) => onData(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
    await this.#op(`subscribe ${characteristic}`, () => c.subscribeAsync());
  }

  onDisconnect(handler: (reason: string) => void): void {
    this.#onDrop.push(handler);
  }

  async disconnect(): Promise<void> {
    this.#closing = true;
    await withTimeout(this.#p.disconnectAsync(), this.#timeout_ms, `${this.id}: disconnect`).catch(() => undefined);
  }
}
