/**
 * Live path costs and delays (issue #7): for each protocol, a simulated sensor streams a 20-minute run (as fast as
 * the host takes it) through its driver into a LiveSession that records to a temporary file, and we measure
 * - the host time of each notification: decode, device-clock timing, quantisation, analysis and live metrics
 *   (everything that runs synchronously in the notification handler), without and with (+rec) formatting the
 *   recording's rows; p50 / p99 / max, with the first 2000 notifications (JIT warm-up) reported apart — target:
 *   decode + DSP p99 under 100 µs;
 * - the delay from a step's toe-off to its metrics: in data time, the last sample the analysis had seen when it
 *   emitted the step minus the step's toe-off (what the algorithm must wait for), plus the time a sample waits in
 *   the sensor before its notification leaves (a full frame: n / rate) — target under 0.5 s.
 * The BLE connection interval (15 ms asked for) and the handler time add to it; both are small next to the frame.
 * Steps released together (the first 8 of each bout wait for the left/right decision) are counted apart.
 * Run: npx tsx bench/live-latency.ts [minutes]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LiveSession } from "../src/ingest/live.js";
import { MovesenseClient } from "../src/ingest/movesense-client.js";
import { PgiClient } from "../src/ingest/pgi-client.js";
import type { StreamBlock } from "../src/ingest/pgi-stream.js";
import { PolarClient } from "../src/ingest/polar-client.js";
import { SimulatedSensor, type SimProtocol } from "../src/ingest/sim-sensor.js";
import { resolveParams, Simulation } from "../src/sim/index.js";

const RATE = 208;
/** Run length, minutes (argument 1; default 20). Longer runs show the warm, steady-state costs. */
const MINUTES = Number(process.argv[2] ?? 20);
/**
 * Samples per notification of each protocol as simulated: PGI up to 19 at MTU 247 but a part frame leaves after the
 * host's 50 ms max latency (10 samples at 208 Hz); Movesense 8; Polar 36.
 */
const FRAME_SAMPLES: Record<SimProtocol, number> = { pgi: 10, movesense: 8, polar: 36 };

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

const dir = mkdtempSync(join(tmpdir(), "hipgait-live-bench-"));
console.log(`${MINUTES}-minute simulated run at ${RATE} Hz per protocol; handler time per notification (µs), toe-off → metrics delay (ms)`);
console.log("protocol(+rec)   notifications  warm p50  warm p99  warm max  first-2000 p99  | algorithm p50  p99  max  + frame  = p99 total  | held at bout start: steps, max ms");
try {
  for (const [protocol, recording] of [["pgi", false], ["pgi", true], ["movesense", false], ["movesense", true], ["polar", false], ["polar", true]] as const) {
    const sim = new Simulation(resolveParams("weak-abductor", { minutes: MINUTES, sampleRate_hz: RATE, seed: 5 }), "weak-abductor");
    const sensor = new SimulatedSensor(protocol, sim, { frameLoss: 0.002, clockError_ppm: 40 });
    // delay: data time of the newest sample seen when a step is emitted, minus that step's toe-off
    const delays: number[] = [];
    const held: number[] = [];
    let lastT = 0;
    const live = await LiveSession.open({
      sampleRate_hz: RATE,
      hasGyro: true,
      record: recording ? join(dir, `${protocol}.csv`) : undefined,
      device: sensor.id,
      onSteps: (steps) => {
        // several steps at once: the first steps of a bout, held until their sides are decided (8 steps)
        for (const s of steps) (steps.length > 1 ? held : delays).push((lastT - s.toe_off_s) * 1000);
      },
    });
    // wrap the data subscription: time each notification's handler on the host clock
    const handlerTimes: number[] = [];
    const subscribe = sensor.subscribe.bind(sensor);
    sensor.subscribe = (s, c, on) =>
      subscribe(s, c, (d) => {
        const t0 = process.hrtime.bigint();
        on(d);
        handlerTimes.push(Number(process.hrtime.bigint() - t0) / 1000);
      });
    const push = (b: StreamBlock): void => {
      lastT = b.t_s[b.length - 1]!;
      void live.push(b);
    };
    if (protocol === "pgi") await new PgiClient(sensor).start(push);
    else if (protocol === "movesense") await new MovesenseClient(sensor, RATE).start(push);
    else await new PolarClient(sensor, RATE).start(push);
    await sensor.done;
    await live.close();
    const warm = handlerTimes.slice(2000);
    const frame_ms = (FRAME_SAMPLES[protocol] / RATE) * 1000;
    console.log(
      `${(protocol + (recording ? "+rec" : "")).padEnd(14)} ${String(handlerTimes.length).padStart(13)}  ${pct(warm, 0.5).toFixed(1).padStart(8)}  ${pct(warm, 0.99).toFixed(1).padStart(8)}  ${Math.max(...warm).toFixed(0).padStart(8)}  ${pct(handlerTimes.slice(0, 2000), 0.99).toFixed(1).padStart(14)}  | ${pct(delays, 0.5).toFixed(0).padStart(13)}  ${pct(delays, 0.99).toFixed(0).padStart(3)}  ${Math.max(...delays).toFixed(0).padStart(3)}  ${frame_ms.toFixed(0).padStart(7)}  ${(pct(delays, 0.99) + frame_ms).toFixed(0).padStart(11)}  | ${String(held.length).padStart(5)} of ${delays.length + held.length}, ${held.length > 0 ? Math.max(...held).toFixed(0) : "-"}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
