/**
 * The live dashboard server: loopback by default, only its own page and event stream, no traversal, refuses other
 * methods, bodies, long URLs and malformed requests; streams published metrics, history included for late viewers.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDashboard, type Dashboard } from "../../src/ingest/dashboard.js";
import type { LiveMetrics } from "../../src/ingest/live.js";

let d: Dashboard;
beforeAll(async () => {
  d = await startDashboard();
});
afterAll(async () => {
  await d.close();
});

const m = (t: number): LiveMetrics => ({ t_s: t, steps: 10 * t, cadence_spm: 170, pelvic_drop_deg: { left: 5, right: 8 }, contact_time_ms: { left: 240, right: 245 }, vsStart: null });

/** A raw HTTP exchange, for requests fetch() would refuse to send. */
function raw(request: string): Promise<string> {
  const { port } = new URL(d.url);
  return new Promise((resolve) => {
    const s = connect(Number(port), "127.0.0.1", () => s.write(request));
    let text = "";
    s.on("data", (b) => (text += b.toString()));
    s.on("close", () => resolve(text));
    s.setTimeout(2000, () => s.destroy());
  });
}

describe("live dashboard", () => {
  it("listens on loopback and serves its page with uPlot inlined", async () => {
    expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await fetch(d.url);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain("uPlot");
    expect(html).toContain("connect-src 'self'");
  });

  it("serves nothing else: no traversal, no other methods, no bodies, no long URLs, no garbage", async () => {
    for (const p of ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/index.html", "/events/../../package.json"]) {
      expect((await fetch(new URL(p, d.url))).status, p).toBe(404);
    }
    expect((await fetch(d.url, { method: "POST", body: "x" })).status).toBe(405);
    expect((await fetch(new URL(`/?${"a".repeat(400)}`, d.url))).status).toBe(414);
    expect(await raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")).toMatch(/^HTTP\/1\.1 413/);
    expect(await raw("GET / HTTP/1.1\r\nHost: x\r\n" + `X-Big: ${"b".repeat(10_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(await raw("\x00\x01\x02 garbage\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw("GET /../package.json HTTP/1.1\r\nHost: x\r\n\r\n")).toMatch(/^HTTP\/1\.1 404/);
  });

  it("streams published metrics, with the history for a viewer who joins late", async () => {
    d.publish(m(1));
    const ctl = new AbortController();
    const r = await fetch(new URL("/events", d.url), { signal: ctl.signal });
    expect(r.headers.get("content-type")).toBe("text/event-stream");
    const reader = r.body!.getReader();
    d.publish(m(2));
    let text = "";
    while (!text.includes('"t_s":2')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"t_s":1'); // history
    expect(text.split("\n\n").filter((x) => x.startsWith("data: ")).length).toBeGreaterThanOrEqual(2);
    ctl.abort();
  });
});
