/**
 * The transport seam between device drivers and Bluetooth. Drivers (PGI, later Movesense and Polar) speak only to a
 * `Connection`: read, write, subscribe, disconnect. The noble transport implements it over a radio; tests and demos
 * use in-memory peripherals. Every operation can time out, and pending operations fail when the link drops.
 */

export interface DeviceInfo {
  id: string;
  name: string | null;
  rssi: number | null;
  /** Service UUIDs the device advertises (lower case, as given by the stack). */
  services: string[];
}

export interface Connection {
  readonly id: string;
  /** Negotiated ATT MTU. */
  readonly mtu: number;
  read(service: string, characteristic: string): Promise<Uint8Array>;
  write(service: string, characteristic: string, data: Uint8Array): Promise<void>;
  /** Calls `onData` for every notification or indication; resolves once subscribed. */
  subscribe(service: string, characteristic: string, onData: (data: Uint8Array) => void): Promise<void>;
  /** Registers a handler for the link dropping (not for disconnect() itself). */
  onDisconnect(handler: (reason: string) => void): void;
  disconnect(): Promise<void>;
}

export interface Transport {
  scan(timeout_ms: number, serviceUuids: readonly string[]): Promise<DeviceInfo[]>;
  connect(id: string, timeout_ms: number): Promise<Connection>;
}

/** A transport operation that failed or timed out: the message names the operation and the device. */
export class TransportError extends Error {
  override readonly name = "TransportError";
}

/** Rejects with a TransportError naming `what` when `p` does not settle within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
