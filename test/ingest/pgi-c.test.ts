/**
 * The firmware's C header (firmware-protocol/hipgait_pgi.h) compiled on the host with gcc (-std=c99 -Wall -Wextra
 * -Werror -pedantic) and run against the same golden vectors as the TypeScript codec: every DATA vector is encoded
 * from its decoded values and decoded from its bytes, every invalid one is refused, the SET_CONFIG, GET_INFO,
 * TIME_SYNC, GET_STATUS and GYRO_BIAS_CAL responses and the bare STATUS body are encoded byte for byte, and the
 * TIME_SYNC and GYRO_BIAS_CAL request payloads are decoded. Skips, saying so, where gcc is missing.
 */
import { spawnSync } from "node:child_process";
import { lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const gcc = spawnSync("gcc", ["--version"]).status === 0;
if (!gcc) console.warn("PGI C header test skipped: gcc is not installed");

interface Vectors {
  data: Array<{ name: string; hex: string; decoded: { type: number; n: number; seq: number; cfgId: number; flags: number; idx0: number; t0_us: number; samples: number[] } }>;
  invalid: Array<{ name: string; hex: string }>;
  control: Array<{ name: string; hex: string; op?: number; reqId?: number; status?: number; decoded?: Record<string, unknown> }>;
}
interface Info { major: number; minor: number; build: number; whoAmI: number; mounting: number; rates_hz: number[]; accRanges_g: number[]; gyroRanges_dps: number[]; maxN: number; clock_hz: number }
interface Status { uptime_s: number; battery_mv: number; battery_pct: number; temperature_cdeg: number; fifoOverruns: number; txQueueFull: number; samplesDropped: number; framesSent: number; connInterval: number; mtu: number; phy: number }

/** A C float literal (needs a decimal point before the f suffix). */
const cf = (x: number): string => `${Number.isInteger(x) ? x.toFixed(1) : String(x)}f`;
const bytes = (hex: string): string => `{${hex.split(" ").map((b) => `0x${b}`).join(",")}}`;

/** A C expression for a STATUS body struct. */
const statusBody = (s: Status): string =>
  `{ .uptime_s = ${s.uptime_s}u, .battery_mv = ${s.battery_mv}u, .battery_pct = ${s.battery_pct}u, .temperature_cdeg = ${s.temperature_cdeg}, .fifo_overruns = ${s.fifoOverruns}u, .tx_queue_full = ${s.txQueueFull}u, ` +
  `.samples_dropped = ${s.samplesDropped}u, .frames_sent = ${s.framesSent}u, .conn_interval = ${s.connInterval}u, .mtu = ${s.mtu}u, .phy = ${s.phy}u }`;

/** The C checks of the CONTROL vectors beyond SET_CONFIG (README "Exact payload layouts"). */
function controlChecks(v: Vectors): string[] {
  const byName = (n: string) => {
    const c = v.control.find((x) => x.name === n);
    if (!c) throw new Error(`vectors.json has no control vector "${n}"`);
    return c;
  };
  /** Encodes `payload` (a C buffer and its length) as the response of vector `c` and compares it with the vector. */
  const respond = (c: Vectors["control"][number], payload: string, len: string): string[] => [
    `    int len = pgi_encode_response(buf, sizeof buf, ${c.op}u, ${c.reqId}u, ${c.status}u, ${payload}, ${len});`,
    `    CHECK(len == (int)sizeof want && memcmp(buf, want, sizeof want) == 0, "${c.name}"); }`,
  ];
  const out: string[] = [];

  const gi = byName("get-info-response");
  const i = gi.decoded as unknown as Info;
  out.push(`  { static const uint8_t want[] = ${bytes(gi.hex)}; uint8_t p[PGI_INFO_MAX_LEN];`);
  out.push(`    pgi_info_t info = { .major = ${i.major}u, .minor = ${i.minor}u, .build = ${i.build}u, .who_am_i = ${i.whoAmI}u, .mounting = ${i.mounting}u,`);
  out.push(`      .n_rates = ${i.rates_hz.length}u, .rates_hz = {${i.rates_hz.join(",")}}, .n_acc = ${i.accRanges_g.length}u, .acc_ranges_g = {${i.accRanges_g.join(",")}},`);
  out.push(`      .n_gyro = ${i.gyroRanges_dps.length}u, .gyro_ranges_dps = {${i.gyroRanges_dps.join(",")}}, .max_n = ${i.maxN}u, .clock_hz = ${i.clock_hz}u };`);
  out.push(`    int n = pgi_encode_info(p, sizeof p, &info);`, `    CHECK(n == (int)pgi_info_len(&info) && n == (int)sizeof want - 4, "get-info length");`);
  out.push(`    CHECK(pgi_encode_info(p, (size_t)n - 1u, &info) == PGI_ERR_SHORT, "get-info short buffer");`);
  out.push(`    { pgi_info_t big = info; big.n_gyro = PGI_INFO_MAX_LIST + 1u; CHECK(pgi_encode_info(p, sizeof p, &big) == PGI_ERR_COUNT, "get-info list too long"); }`);
  out.push(...respond(gi, "p", "(size_t)n"));

  const tq = byName("time-sync-request");
  const t1 = (tq.decoded as { t1_us: number }).t1_us;
  out.push(`  { static const uint8_t req[] = ${bytes(tq.hex)}; uint64_t t1 = 0;`);
  out.push(`    CHECK(req[0] == PGI_OP_TIME_SYNC && pgi_decode_time_sync_request(req + 2, sizeof req - 2, &t1) == 0 && t1 == UINT64_C(${t1}), "decode ${tq.name}");`);
  out.push(`    CHECK(pgi_decode_time_sync_request(req + 2, 7, &t1) == PGI_ERR_SHORT, "time-sync request short"); }`);

  const tr = byName("time-sync-response");
  const ts = tr.decoded as { t1_us: number; t2_us: number; t3_us: number };
  out.push(`  { static const uint8_t want[] = ${bytes(tr.hex)}; uint8_t p[PGI_TIME_SYNC_RESPONSE_LEN];`);
  out.push(`    size_t n = pgi_encode_time_sync(p, UINT64_C(${ts.t1_us}), ${ts.t2_us}u, ${ts.t3_us}u);`);
  out.push(...respond(tr, "p", "n"));

  const gs = byName("get-status-response");
  out.push(`  { static const uint8_t want[] = ${bytes(gs.hex)}; uint8_t p[PGI_STATUS_BODY_LEN];`);
  out.push(`    pgi_status_body_t s = ${statusBody(gs.decoded as unknown as Status)};`, `    size_t n = pgi_encode_status_body(p, &s);`);
  out.push(...respond(gs, "p", "n"));

  const su = byName("status-battery-unknown");
  out.push(`  { static const uint8_t want[] = ${bytes(su.hex)}; uint8_t p[PGI_STATUS_BODY_LEN];`);
  out.push(`    pgi_status_body_t s = ${statusBody(su.decoded as unknown as Status)};`);
  out.push(`    CHECK(pgi_encode_status_body(p, &s) == sizeof want && memcmp(p, want, sizeof want) == 0, "${su.name}"); }`);

  const bq = byName("gyro-bias-cal-request");
  out.push(`  { static const uint8_t req[] = ${bytes(bq.hex)}; uint16_t ms = 0;`);
  out.push(`    CHECK(req[0] == PGI_OP_GYRO_BIAS_CAL && pgi_decode_gyro_bias_cal_request(req + 2, sizeof req - 2, &ms) == 0 && ms == ${(bq.decoded as { duration_ms: number }).duration_ms}u, "decode ${bq.name}");`);
  out.push(`    CHECK(pgi_decode_gyro_bias_cal_request(req + 2, 1, &ms) == PGI_ERR_SHORT, "gyro-bias-cal request short"); }`);

  const br = byName("gyro-bias-cal-response");
  out.push(`  { static const uint8_t want[] = ${bytes(br.hex)}; uint8_t p[PGI_GYRO_BIAS_LEN];`);
  out.push(`    static const int16_t bias[3] = {${(br.decoded as { bias: number[] }).bias.join(",")}};`, `    size_t n = pgi_encode_gyro_bias(p, bias);`);
  out.push(...respond(br, "p", "n"));
  return out;
}

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
  const c = cfg.decoded as { cfgId: number; odr_hz: number; accScale_mps2: number; gyroScale_dps: number; nPerFrame: number };
  lines.push(`  { static const uint8_t want[] = ${bytes(cfg.hex)}; uint8_t p[14];`, `    size_t n = pgi_encode_config(p, ${c.cfgId}u, ${cf(c.odr_hz)}, ${cf(c.accScale_mps2)}, ${cf(c.gyroScale_dps)}, ${c.nPerFrame}u);`);
  lines.push(`    int len = pgi_encode_response(buf, sizeof buf, PGI_OP_SET_CONFIG, 0x12u, PGI_STATUS_OK, p, n);`, `    CHECK(len == (int)sizeof want && memcmp(buf, want, sizeof want) == 0, "set-config response"); }`);
  lines.push(...controlChecks(v));
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

describe("the firmware's copy of the header", () => {
  it("is byte-identical to firmware-protocol/hipgait_pgi.h (a real file: Arduino on Windows does not follow symlinks)", () => {
    const copy = join(root, "firmware-protocol/firmware/hipgait_pgi_xiao/hipgait_pgi.h");
    expect(lstatSync(copy).isSymbolicLink()).toBe(false);
    expect(readFileSync(copy, "utf8")).toBe(readFileSync(join(root, "firmware-protocol/hipgait_pgi.h"), "utf8"));
  });
});
