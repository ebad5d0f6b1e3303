/** noble is loaded only when needed, and its failures on machines without a radio become one clear UserError. */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { loadNoble } from "../../src/ingest/noble-transport.js";

describe("loadNoble", () => {
  it("maps EAFNOSUPPORT (no adapter) and EPERM to user errors", async () => {
    for (const [err, msg] of [
      ["EAFNOSUPPORT, Address family not supported by protocol", "no Bluetooth adapter (EAFNOSUPPORT)"],
      ["EPERM, Operation not permitted", "run as root or give node the cap_net_raw capability"],
      ["something else\nwith a stack", "Bluetooth could not start: something else"],
    ] as const) {
      const e = await loadNoble(() => Promise.reject(new Error(err))).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toContain(msg);
      expect((e as Error).message).not.toContain("\n");
    }
  });

  it("fails the same way with the real package on a machine without a radio, or loads it where there is one", async () => {
    const r = await loadNoble().then(
      () => "loaded",
      (e: unknown) => (e instanceof UserError ? e.message : `not a UserError: ${String(e)}`),
    );
    expect(r === "loaded" || /^Bluetooth /.test(r)).toBe(true);
  });

  it("is not imported by the CLI's other commands (it throws on import here)", async () => {
    const { readFileSync } = await import("node:fs");
    for (const f of ["src/cli/main.ts", "src/cli/commands/live.ts", "src/ingest/pgi-client.ts", "src/ingest/transport.ts"]) {
      const text = readFileSync(new URL(`../../${f}`, import.meta.url), "utf8");
      expect(text, f).not.toMatch(/^import .*@abandonware\/noble/m);
    }
  });
});
