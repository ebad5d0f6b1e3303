/**
 * Merging separately clocked streams: an Android-like 100 Hz accelerometer with a 59 Hz gyroscope on its own
 * instants, and a 415 Hz pair, meet on one grid with the values each signal has there; a gap in one stream is a
 * gap in the result; a gyroscope-less stream passes alone.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/math/rng.js";
import { mergeStreams, type RawBlock, type RawStream } from "../../src/importers/merge.js";
import type { StreamBlock } from "../../src/ingest/pgi-stream.js";

const acc = (t: number): [number, number, number] => [Math.sin(2 * Math.PI * 2.8 * t), 0.5 * Math.cos(2 * Math.PI * 1.4 * t), 1 + 0.3 * Math.sin(2 * Math.PI * 5.6 * t)];
const gyr = (t: number): [number, number, number] => [40 * Math.sin(2 * Math.PI * 1.4 * t), 20 * Math.cos(2 * Math.PI * 2.8 * t), 10 * Math.sin(2 * Math.PI * 0.7 * t)];

function stream(f: (t: number) => [number, number, number], rate: number, seconds: number, t0: number, jitter: number, seed: number, hole?: [number, number]): RawStream {
  const rng = new Rng(seed);
  const all: number[] = [];
  for (let i = 0; i < seconds * rate; i++) {
    const t = t0 + i / rate + (rng.uniform() - 0.5) * 2 * jitter;
    if (hole && t > hole[0] && t < hole[1]) continue;
    all.push(t);
  }
  async function* gen(): AsyncGenerator<RawBlock> {
    for (let o = 0; o < all.length; o += 1000) {
      const n = Math.min(1000, all.length - o);
      const b: RawBlock = { n, t: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
      for (let i = 0; i < n; i++) {
        const t = all[o + i]!;
        const v = f(t);
        b.t[i] = t;
        b.x[i] = v[0];
        b.y[i] = v[1];
        b.z[i] = v[2];
      }
      yield b;
    }
  }
  return { blocks: gen() };
}

async function collect(g: AsyncGenerator<StreamBlock, unknown>): Promise<{ blocks: StreamBlock[]; info: unknown }> {
  const blocks: StreamBlock[] = [];
  for (;;) {
    const r = await g.next();
    if (r.done) return { blocks, info: r.value };
    blocks.push(r.value);
  }
}

describe("mergeStreams", () => {
  it("puts a 59 Hz gyroscope on a 100 Hz accelerometer's grid with the values of both signals there", async () => {
    const { blocks, info } = await collect(mergeStreams(stream(acc, 100.4, 60, 1000.003, 0.5e-3, 1), stream(gyr, 59.2, 60, 1000.011, 1e-3, 2)));
    expect(info).toMatchObject({ outRate_hz: 100.4 });
    const origin = (info as { origin_s: number }).origin_s;
    let n = 0, worstA = 0, worstG = 0;
    for (const b of blocks)
      for (let i = 0; i < b.length; i++) {
        const t = origin + b.t_s[i]!;
        if (t < origin + 0.5 || t > origin + 59) continue;
        n++;
        const a = acc(t), g = gyr(t);
        worstA = Math.max(worstA, Math.abs(b.ax_g[i]! - a[0]), Math.abs(b.az_g[i]! - a[2]));
        worstG = Math.max(worstG, Math.abs(b.gx_dps![i]! - g[0]), Math.abs(b.gy_dps![i]! - g[1]));
      }
    expect(n).toBeGreaterThan(58 * 100);
    expect(worstA).toBeLessThan(2e-3); // of a 1 g signal
    expect(worstG).toBeLessThan(0.05); // of a 40 deg/s signal
  });

  it("filters a 415 Hz pair down on request, and leaves a gap in either stream as a gap", async () => {
    const { blocks, info } = await collect(mergeStreams(stream(acc, 415, 40, 0, 0.3e-3, 3), stream(gyr, 415, 40, 0.001, 0.3e-3, 4, [20, 22]), { outRate_hz: 100 }));
    const origin = (info as { origin_s: number }).origin_s;
    const times = blocks.flatMap((b) => Array.from(b.t_s, (t) => origin + t));
    expect(times.filter((t) => t > 20.01 && t < 21.99)).toHaveLength(0);
    expect(times.length).toBeGreaterThan(37.5 * 100);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThan(0.0099);
  });

  it("passes an accelerometer without a gyroscope", async () => {
    const { blocks } = await collect(mergeStreams(stream(acc, 50, 10, 5, 1e-3, 5), null));
    expect(blocks[0]!.gx_dps).toBeNull();
    expect(blocks.reduce((s, b) => s + b.length, 0)).toBeGreaterThan(495);
  });
});
