/**
 * Our noble glue (NobleTransport / NobleConnection) over noble's real JavaScript layer, with fake HCI bindings in
 * place of a radio (noble's own `with-bindings` entry): scan → connect with body-worn link parameters → discover →
 * subscribe → PGI configure/start → DATA notifications → samples; then a dropped link fails the next operation at
 * once and fires the disconnect handler.
 */
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { BODY_WORN_LINK, NobleTransport } from "../../src/ingest/noble-transport.js";
import { encodeDataFrame, encodeSetConfigResponse, PGI_CONTROL_UUID, PGI_DATA_UUID, PGI_SERVICE_UUID } from "../../src/ingest/pgi.js";
import { PgiClient } from "../../src/ingest/pgi-client.js";
import type { StreamBlock } from "../../src/ingest/pgi-stream.js";

const short = (u: string): string => u.replace(/-/g, "");
const ID = "c0ffee000001";

/** Fake noble bindings that behave like a PGI sensor. */
class FakeBindings extends EventEmitter {
  connectParams: unknown = null;
  writes: Buffer[] = [];
  init(): void {
    setImmediate(() => this.emit("stateChange", "poweredOn"));
  }
  setScanParameters(): void {}
  startScanning(): void {
    setImmediate(() => {
      this.emit("scanStart", false);
      setImmediate(() => this.emit("discover", ID, "c0:ff:ee:00:00:01", "random", true, { localName: "PGI-test", serviceUuids: [short(PGI_SERVICE_UUID)] }, -48, true));
    });
  }
  stopScanning(): void {
    setImmediate(() => this.emit("scanStop"));
  }
  connect(uuid: string, params: unknown): void {
    this.connectParams = params;
    setImmediate(() => {
      this.emit("onMtu", uuid, 247);
      this.emit("connect", uuid, null);
    });
  }
  disconnect(uuid: string): void {
    setImmediate(() => this.emit("disconnect", uuid, "local"));
  }
  discoverServices(uuid: string): void {
    setImmediate(() => this.emit("servicesDiscover", uuid, [short(PGI_SERVICE_UUID)]));
  }
  discoverCharacteristics(uuid: string, service: string, wanted: string[]): void {
    const all = [
      { uuid: short(PGI_DATA_UUID), properties: ["notify"] },
      { uuid: short(PGI_CONTROL_UUID), properties: ["write", "indicate"] },
    ];
    setImmediate(() => this.emit("characteristicsDiscover", uuid, service, all.filter((c) => wanted.length === 0 || wanted.includes(c.uuid))));
  }
  notify(uuid: string, service: string, characteristic: string, on: boolean): void {
    setImmediate(() => this.emit("notify", uuid, service, characteristic, on));
  }
  write(uuid: string, service: string, characteristic: string, data: Buffer): void {
    this.writes.push(data);
    setImmediate(() => {
      this.emit("write", uuid, service, characteristic);
      if (characteristic !== short(PGI_CONTROL_UUID)) return;
      const [op, req] = [data[0]!, data[1]!];
      const payload = op === 2 ? encodeSetConfigResponse({ cfgId: 5, odr_hz: 208, accScale_mps2: 0.004785645, gyroScale_dps: 0.07, nPerFrame: 2 }) : new Uint8Array(4);
      this.emit("read", uuid, service, characteristic, Buffer.from([0xf0, op, req, 0, ...payload]), true);
      if (op === 3) {
        for (let k = 0; k < 3; k++) {
          const frame = encodeDataFrame({ type: 1, seq: k, cfgId: 5, flags: 0, idx0: 2 * k, t0_us: 1000 + Math.round(2 * k * 4807.7), samples: Int16Array.of(2049, 0, 0, 1, 2, 3, 2049, 0, 0, 1, 2, 3) });
          this.emit("read", uuid, service, short(PGI_DATA_UUID), Buffer.from(frame), true);
        }
      }
    });
  }
}

describe("noble adapter over fake bindings", () => {
  it("scans, connects with body-worn parameters, streams PGI samples, and fails fast after a drop", async () => {
    const fake = new FakeBindings();
    const require = createRequire(import.meta.url);
    const noble = require("@abandonware/noble/with-bindings")(fake);
    const t = new NobleTransport(noble);
    const found = await t.scan(100, [PGI_SERVICE_UUID]);
    expect(found).toEqual([{ id: ID, name: "PGI-test", rssi: -48, services: [short(PGI_SERVICE_UUID)] }]);
    const conn = await t.connect(ID, 2000);
    expect(fake.connectParams).toMatchObject(BODY_WORN_LINK);
    expect(conn.mtu).toBe(247);
    const blocks: StreamBlock[] = [];
    const client = new PgiClient(conn, { timeout_ms: 2000 });
    const cfg = await client.start((b) => blocks.push(b));
    expect(cfg).toMatchObject({ cfgId: 5, nPerFrame: 2 });
    await new Promise((r) => setTimeout(r, 20));
    expect(blocks.reduce((n, b) => n + b.length, 0)).toBe(6);
    expect(blocks[0]!.ax_g[0]).toBeCloseTo(1, 2);
    expect(fake.writes.map((w) => w[0])).toEqual([2, 3]); // SET_CONFIG, START

    let dropped = "";
    conn.onDisconnect((r) => (dropped = r));
    fake.emit("disconnect", ID, "connection timeout");
    await new Promise((r) => setTimeout(r, 10));
    expect(dropped).toBe("connection timeout");
    await expect(conn.write(PGI_SERVICE_UUID, PGI_CONTROL_UUID, Uint8Array.of(4, 9))).rejects.toThrow(/link is down \(connection timeout\)/);
  });
});
