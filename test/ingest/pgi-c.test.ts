/**
 * The firmware's C header (firmware-protocol/hipgait_pgi.h) compiled on the host with gcc (-std=c99 -Wall -Wextra
 * -Werror -pedantic) and run against the same golden vectors as the TypeScript codec: every DATA vector is encoded
 * from its decoded values and decoded from its bytes, every invalid one is refused, and the SET_CONFIG response is
 * encoded byte for byte. Skips, saying so, where gcc is missing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const gcc = spawnSync("gcc", ["--version"]).status === 0;
if (!gcc) console.warn("PGI C header test skipped: gcc is not installed");

interface Vectors {
  data: Array<{ name: string; hex: string; decoded: { type: number; n: number; seq: number; cfgId: number; flags: number; idx0: number; t0_us: number; samples: number[] } }>;
  invalid: Array<{ name: string; hex: string }>;
  control: Array<{ name: string; hex: string; decoded?: { cfgId: number; odr_hz: number; accScale_mps2: number; gyroScale_dps: number; nPerFrame: number } }>;
}

/** A C float literal (needs a decimal point before the f suffix). */
const cf = (x: number): string => `${Number.isInteger(x) ? x.toFixed(1) : String(x)}f`;
const bytes = (hex: string): string => `{${hex.split(" ").map((b) => `0x${b}`).join(",")}}`;

function program(v: Vectors): string {
  const lines: string[] = ['#include <stdio.h>', '#include "hipgait_pgi.h"', "static int fails = 0;", '#define CHECK(c, what) do { if (!(c)) { printf("FAIL %s\\n", what); fails++; } } while (0)', "int main(void) {", "  uint8_t buf[512];"];
  v.data.forEach((d, i) => {
    const x = d.decoded;
    lines.push(`  { /* ${d.name} */`, `    static const uint8_t want[] = ${bytes(d.hex)};`, `    static const int16_t s[] = {${x.samples.join(",")}};`);
    lines.push(`    pgi_frame_header_t h = {${x.type}u, ${x.n}u, ${x.seq}u, ${x.cfgId}u, ${x.flags}u, ${x.idx0}u, ${x.t0_us}u};`);
    lines.push(`    int len = pgi_encode_data_frame(buf, sizeof buf, &h, s);`, `    CHECK(len == (int)sizeof want && memcmp(buf, want, sizeof want) == 0, "encode ${d.name}");`);
    lines.push(`    pgi_frame_header_t g; size_t at = 0;`, `    CHECK(pgi_decode_data_frame(want, sizeof want, &g, &at) == 0, "decode ${d.name}");`);
    lines.push(`    CHECK(g.type == h.type && g.n == h.n && g.seq == h.seq && g.cfg_id == h.cfg_id && g.flags == h.flags && g.idx0 == h.idx0 && g.t0_us == h.t0_us, "fields ${d.name}");`);
    lines.push(`    for (size_t k = 0; k < sizeof s / sizeof s[0]; k++) CHECK(pgi_get_i16(want + at + 2 * k) == s[k], "sample ${d.name}");`, `    (void)${i};`, "  }");
  });
  v.invalid.forEach((d) => {
    lines.push(`  { static const uint8_t bad[] = ${bytes(d.hex)}; pgi_frame_header_t g; size_t at = 0;`, `    CHECK(pgi_decode_data_frame(bad, sizeof bad, &g, &at) < 0, "refuse ${d.name}"); }`);
  });
  const cfg = v.control.find((c) => c.name === "set-config-response")!;
  const c = cfg.decoded!;
  lines.push(`  { static const uint8_t want[] = ${bytes(cfg.hex)}; uint8_t p[14];`, `    size_t n = pgi_encode_config(p, ${c.cfgId}u, ${cf(c.odr_hz)}, ${cf(c.accScale_mps2)}, ${cf(c.gyroScale_dps)}, ${c.nPerFrame}u);`);
  lines.push(`    int len = pgi_encode_response(buf, sizeof buf, PGI_OP_SET_CONFIG, 0x12u, PGI_STATUS_OK, p, n);`, `    CHECK(len == (int)sizeof want && memcmp(buf, want, sizeof want) == 0, "set-config response"); }`);
  lines.push('  CHECK(pgi_max_samples(247, 6) == 19 && pgi_max_samples(185, 6) == 13 && pgi_max_samples(23, 6) == 0, "max samples");');
  lines.push('  printf("%d failures\\n", fails);', "  return fails == 0 ? 0 : 1;", "}");
  return lines.join("\n") + "\n";
}

describe.skipIf(!gcc)("PGI C header on the host", () => {
  it("compiles warning-free as C99 and matches every golden vector", () => {
    const v = JSON.parse(readFileSync(join(root, "firmware-protocol/vectors.json"), "utf8")) as Vectors;
    const dir = mkdtempSync(join(tmpdir(), "hipgait-pgi-c-"));
    try {
      writeFileSync(join(dir, "vectors_test.c"), program(v));
      const cc = spawnSync("gcc", ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I", join(root, "firmware-protocol"), "-o", join(dir, "t"), join(dir, "vectors_test.c")], { encoding: "utf8" });
      expect(cc.stderr).toBe("");
      expect(cc.status).toBe(0);
      const run = spawnSync(join(dir, "t"), { encoding: "utf8" });
      expect(run.stdout).toBe("0 failures\n");
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
