/** `hipgait scan` and `hipgait live`: find hipgait sensors, stream one, analyse it live and record it. */
import { UsageError } from "../../core/errors.js";
import { checkJsonTarget } from "../../output/json.js";
import { numberFlag, parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";

const SCAN_HELP = [
  "Usage: hipgait scan [--seconds S]",
  "",
  "Scans Bluetooth LE for hipgait sensors (PGI service 18560001-e3b7-437d-b05c-413c1e5130f2, firmware-protocol/)",
  "and lists each one's id, name and signal strength. Needs a Bluetooth adapter (and root or cap_net_raw on Linux).",
  "",
  "Options:",
  "  --seconds S   how long to scan (default 5)",
  "  -h, --help    show this help",
  "",
  "Exit codes: 0 ok, 1 Bluetooth unavailable, 2 bad usage.",
  "",
].join("\n");

export const scanCommand: Command = {
  name: "scan",
  summary: "list hipgait sensors within Bluetooth range",
  help: SCAN_HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("scan", argv, { seconds: { type: "string" } }, false);
    if (positionals.length > 0) throw new UsageError("scan takes no file");
    const seconds = numberFlag("seconds", typeof values.seconds === "string" ? values.seconds : undefined, 1, 120) ?? 5;
    const { loadNoble, NobleTransport } = await import("../../ingest/noble-transport.js");
    const { PGI_SERVICE_UUID } = await import("../../ingest/pgi.js");
    const devices = await new NobleTransport(await loadNoble()).scan(seconds * 1000, [PGI_SERVICE_UUID]);
    if (devices.length === 0) io.stdout.write(`no hipgait sensor found in ${seconds} s\n`);
    for (const d of devices) io.stdout.write(`${d.id}  ${d.name ?? "(no name)"}  ${d.rssi ?? "?"} dBm\n`);
    return 0;
  },
};

const LIVE_HELP = [
  "Usage: hipgait live [--source ble|sim|replay] [--device ID|NAME] [--record FILE] [--capture FILE]",
  "                    [--force] [--duration S] [--dashboard [--port N]]",
  "                    [--preset P] [--sensor KIND] [--minutes M] [--loss F] [--drop-every S]",
  "                    [--clock-ppm X] [--fast] [CAPTURE]",
  "",
  "Streams a hipgait sensor (PGI v1 over Bluetooth LE), a Movesense running the GATT SensorData",
  "firmware (IMU6) or a Polar sensor such as the Verity Sense (PMD accelerometer + gyroscope),",
  "analyses it with the same pipeline as `hipgait analyze`, and prints live metrics at every stride:",
  "cadence, pelvic drop per stance side and contact time per side over the last 40 steps, and their",
  "change against the first 3 minutes. Sample times come from the sensor's clock; lost samples become",
  "gaps. With --record the samples go to a session file (format v1, plain CSV) flushed at least once a",
  "second, so a crash loses at most the last second. When the link drops, hipgait reconnects (backing",
  "off from 0.5 s to 8 s) and the sensor carries on: the samples lost meanwhile become a gap, none is",
  "recorded twice. Stop with Ctrl-C or --duration.",
  "",
  "Sources:",
  "  ble      (default) a sensor over Bluetooth LE; needs an adapter (and root or cap_net_raw on Linux)",
  "  sim      no radio: a simulated sensor speaking the real protocol bytes, in real time",
  "  replay   a raw notification log written by --capture, through the same decoders: hipgait live",
  "           --source replay run.ndjson",
  "",
  "Options:",
  "  --device ID|NAME  the sensor to use (default: the first one a 5 s scan finds)",
  "  --record FILE     record the samples to FILE (refuses an existing file unless --force)",
  "  --capture FILE    also log every notification and write, byte for byte (NDJSON), for replay",
  "  --force           let --record and --capture replace existing files",
  "  --duration S      stop after S seconds of data",
  "  --dashboard       also serve a live dashboard (cadence and pelvic drop per side) on this machine",
  "                    only (http://127.0.0.1:PORT/); open the printed address in a browser",
  "  --port N          the dashboard's port (default: a free port the system picks)",
  "  --fast            sim and replay: as fast as the analysis goes instead of in real time",
  "Simulated sensor (--source sim):",
  "  --preset P        the runner: healthy (default), weak-abductor, low-cadence, weak-push-off",
  "  --sensor KIND     the sensor and its protocol: pgi (default), movesense, polar",
  "  --minutes M       length of the run (default 10)",
  "  --loss F          share of notifications lost on the air, 0 to 0.5 (default 0.002)",
  "  --drop-every S    drop the link every S seconds of data (down 1.5 s each; default never)",
  "  --clock-ppm X     the sensor clock's rate error, ppm (default 40)",
  "  -h, --help        show this help",
  "",
  "Exit codes: 0 ok, 1 Bluetooth unavailable or file problem, 2 bad usage.",
  "",
  "Examples:",
  "  hipgait live --record long-run.csv --capture long-run.ndjson --dashboard",
  "  hipgait live --source sim --duration 15 --record run.csv",
  "  hipgait live --source sim --preset weak-abductor --sensor polar --drop-every 30 --fast",
  "",
].join("\n");

const SOURCES = ["ble", "sim", "replay"] as const;
const SIM_ONLY = ["preset", "sensor", "minutes", "loss", "drop-every", "clock-ppm"] as const;

export const liveCommand: Command = {
  name: "live",
  summary: "stream a sensor over Bluetooth LE (or a simulated one): live metrics, crash-safe recording",
  help: LIVE_HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      "live",
      argv,
      {
        source: { type: "string" },
        device: { type: "string" },
        record: { type: "string" },
        capture: { type: "string" },
        force: { type: "boolean", default: false },
        duration: { type: "string" },
        dashboard: { type: "boolean", default: false },
        port: { type: "string" },
        fast: { type: "boolean", default: false },
        preset: { type: "string" },
        sensor: { type: "string" },
        minutes: { type: "string" },
        loss: { type: "string" },
        "drop-every": { type: "string" },
        "clock-ppm": { type: "string" },
      },
      true,
    );
    const str = (k: string): string | undefined => (typeof values[k] === "string" ? (values[k] as string) : undefined);
    const sourceKind = str("source") ?? "ble";
    if (!(SOURCES as readonly string[]).includes(sourceKind)) throw new UsageError(`--source: expected one of ${SOURCES.join(", ")}, got "${sourceKind}"`);
    if (sourceKind === "replay" ? positionals.length !== 1 : positionals.length > 0)
      throw new UsageError(sourceKind === "replay" ? "--source replay expects one capture file (written by live --capture)" : "live takes no file (use --record FILE to record, --source replay FILE to replay)");
    for (const k of SIM_ONLY) if (values[k] !== undefined && sourceKind !== "sim") throw new UsageError(`--${k} needs --source sim`);
    if (values.fast === true && sourceKind === "ble") throw new UsageError("--fast needs --source sim or replay");
    if (str("device") !== undefined && sourceKind !== "ble") throw new UsageError("--device needs --source ble");
    const record = str("record");
    const capture = str("capture");
    const force = values.force === true;
    const pace = values.fast === true ? 0 : 1;
    const duration_s = numberFlag("duration", str("duration"), 1, 86_400);
    const port = numberFlag("port", str("port"), 1, 65535);
    if (port !== undefined && values.dashboard !== true) throw new UsageError("--port needs --dashboard");
    for (const [k, f] of [["record", record], ["capture", capture]] as const) {
      if (f === "") throw new UsageError(`--${k} expects a file name`);
      if (f !== undefined && f.toLowerCase().endsWith(".gz")) throw new UsageError(`--${k} writes plain text so that a crash leaves a readable file: drop the .gz`);
      if (f !== undefined) checkJsonTarget(f, { force });
    }
    if (record !== undefined && record === capture) throw new UsageError("--record and --capture need two different files");
    const { LiveSession, formatLive, keepConnected } = await import("../../ingest/live.js");

    let conn: import("../../ingest/transport.js").Connection;
    let finite: { done: Promise<unknown> } | null = null;
    let reconnect: () => Promise<import("../../ingest/transport.js").Connection>;
    let vendor: Vendor = "pgi";
    if (sourceKind === "sim") {
      const { resolveParams, Simulation, PRESETS } = await import("../../sim/index.js");
      const preset = str("preset") ?? "healthy";
      if (!(preset in PRESETS)) throw new UsageError(`--preset: unknown preset "${preset}" (${Object.keys(PRESETS).join(", ")})`);
      const sensorKind = str("sensor") ?? "pgi";
      if (!(VENDORS as readonly string[]).includes(sensorKind)) throw new UsageError(`--sensor: expected one of ${VENDORS.join(", ")}, got "${sensorKind}"`);
      vendor = sensorKind as Vendor;
      const minutes = numberFlag("minutes", str("minutes"), 1, 600) ?? 10;
      const { SimulatedSensor } = await import("../../ingest/sim-sensor.js");
      const dropEvery_s = numberFlag("drop-every", str("drop-every"), 5, 86_400);
      const frameLoss = numberFlag("loss", str("loss"), 0, 0.5) ?? 0.002;
      const clockError_ppm = numberFlag("clock-ppm", str("clock-ppm"), -1000, 1000) ?? 40;
      const sensor = new SimulatedSensor(vendor, new Simulation(resolveParams(preset, { minutes, sampleRate_hz: 208 }), preset), { clockError_ppm, frameLoss, pace, ...(dropEvery_s !== undefined ? { dropEvery_s } : {}) });
      finite = sensor;
      conn = sensor;
      reconnect = () => sensor.reconnect();
    } else if (sourceKind === "replay") {
      const { ReplayConnection } = await import("../../ingest/capture.js");
      const replay = await ReplayConnection.open(positionals[0]!, pace);
      vendor = replay.header.vendor;
      finite = replay;
      conn = replay;
      reconnect = () => replay.reconnect();
    } else {
      const { loadNoble, NobleTransport } = await import("../../ingest/noble-transport.js");
      const { PGI_SERVICE_UUID } = await import("../../ingest/pgi.js");
      const { GSP_SERVICE_UUID } = await import("../../ingest/movesense.js");
      const { PMD_SERVICE_UUID } = await import("../../ingest/polar-pmd.js");
      const transport = new NobleTransport(await loadNoble());
      const want = str("device");
      const found = await transport.scan(5000, [PGI_SERVICE_UUID, GSP_SERVICE_UUID, PMD_SERVICE_UUID]);
      const d = want ? found.find((x) => x.id === want || x.name === want) : found[0];
      if (!d) throw new UsageError(want ? `no sensor "${want}" found in 5 s (found: ${found.map((x) => x.name ?? x.id).join(", ") || "none"})` : "no hipgait, Movesense or Polar sensor found in 5 s");
      conn = await transport.connect(d.id, 10_000);
      reconnect = () => transport.connect(d.id, 10_000);
      const has = (u: string): boolean => d.services.includes(u.replace(/-/g, "")) || d.services.includes(u);
      if (has(GSP_SERVICE_UUID)) vendor = "movesense";
      else if (has(PMD_SERVICE_UUID)) vendor = "polar";
    }
    let capturing: import("../../ingest/capture.js").CaptureWriter | null = null;
    if (capture !== undefined) {
      const { CaptureWriter } = await import("../../ingest/capture.js");
      capturing = await CaptureWriter.create(capture, { vendor, device: conn.id, mtu: conn.mtu, started_at: new Date().toISOString() }, force);
      const cw = capturing;
      conn = cw.wrap(conn);
      const raw = reconnect;
      reconnect = async () => cw.wrap(await raw());
    }
    const source = await openSource(vendor, conn);
    const odr_hz = await source.prepare();
    for (const n of source.notes) io.stdout.write(`${n}\n`);
    const dashboard = values.dashboard === true ? await (await import("../../ingest/dashboard.js")).startDashboard(port !== undefined ? { port } : {}) : null;
    if (dashboard) io.stdout.write(`dashboard: ${dashboard.url}\n`);
    let lastPrint = -Infinity;
    let stopped = false;
    let chain = Promise.resolve();
    let nextBattery_s = 0;
    let failure: unknown = null;
    const stop = (): void => {
      stopped = true;
    };
    process.once("SIGINT", stop);
    const live = await LiveSession.open({
      sampleRate_hz: odr_hz,
      hasGyro: true,
      record,
      force,
      device: `${conn.id} (${source.name})`,
      sensor: source.meta.sensor,
      firmware: source.meta.firmware,
      startedAt: source.meta.startedAt,
      onMetrics: (m) => {
        dashboard?.publish(m);
        if (m.t_s - lastPrint >= 5 || io.stdout.isTTY === true) {
          lastPrint = m.t_s;
          io.stdout.write(`${formatLive(m)}\n`);
        }
      },
    });
    // blocks are handled one after another, in order, even though recording awaits the disk
    await source.begin((b) => {
      if (stopped) return;
      // a block already received is always recorded and analysed, even when a stop comes meanwhile
      chain = chain.then(async () => {
        await live.push(b);
        const t = b.t_s[b.length - 1]!;
        if (duration_s !== undefined && t >= duration_s) stop();
        if (t >= nextBattery_s) {
          nextBattery_s = t + BATTERY_EVERY_S;
          void source.battery().then((pct) => {
            if (pct !== null) io.stdout.write(`battery ${pct} %${pct <= BATTERY_LOW_PCT ? " (low: the recording so far is safe on disk)" : ""}\n`);
          }, () => undefined);
        }
      }).catch((e: unknown) => {
        // the recording cannot go on (a full disk): stop, keep what is on disk, report it once at the end
        failure ??= e;
        stop();
      });
    });
    const links = keepConnected(source.client, conn, reconnect, { stopped: () => stopped, onEvent: (t) => io.stdout.write(`${t}\n`) });
    io.stdout.write(`streaming from ${conn.id} (${source.name}): ${odr_hz.toFixed(1)} Hz${record ? `, recording to ${record}` : ""}\n`);
    await new Promise<void>((r) => {
      const t = setInterval(() => {
        if (stopped) {
          clearInterval(t);
          r();
        }
      }, 50);
      // the source ran out: stop once the blocks it sent have been handled
      void finite?.done.then(() => chain.then(stop), (e: unknown) => {
        failure = e;
        stop();
      });
    });
    stopped = true;
    await chain;
    await source.client.stop().catch(() => undefined);
    await conn.disconnect();
    process.removeListener("SIGINT", stop);
    const result = await live.close().catch((e: unknown) => {
      failure ??= e;
      return null;
    });
    await capturing?.close();
    if (failure !== null || result === null) throw failure; // a bad capture line, a full disk: reported after what came before is saved
    await dashboard?.close();
    const st = source.stats();
    io.stdout.write(
      `stopped: ${live.samples} samples, ${result.steps.length} steps, ${st?.lostSamples ?? 0} samples lost in ${source.gaps()} gaps, ${links.count()} reconnections, ${st?.duplicateSamples ?? 0} duplicates dropped, clock ${st ? ((st.period_s / st.nominalPeriod_s - 1) * 1e6).toFixed(0) : "?"} ppm${record ? `; recorded ${record} (analyse it with hipgait analyze ${record})` : ""}${capture ? `; captured ${capture}` : ""}\n`,
    );
    return 0;
  },
};

const VENDORS = ["pgi", "movesense", "polar"] as const;
type Vendor = (typeof VENDORS)[number];

/** One driver behind the same steps: learn the rate, stream, carry on after a reconnection, stop. */
interface LiveSource {
  name: string;
  client: { resume(conn: import("../../ingest/transport.js").Connection): Promise<void>; stop(): Promise<void> };
  /** Configures the sensor where it can be; resolves with the sample rate, Hz. */
  prepare(): Promise<number>;
  begin(onBlock: (b: import("../../ingest/pgi-stream.js").StreamBlock) => void): Promise<void>;
  stats(): import("../../ingest/pgi-stream.js").StreamStats | null;
  gaps(): number;
  /** Battery charge, %, or null when the sensor does not say. */
  battery(): Promise<number | null>;
  /** Lines to print once prepared (identity, clock sync). */
  notes: string[];
  /** For the recording's metadata. */
  meta: { sensor?: string; firmware?: string; startedAt?: () => string | undefined };
}

/** Battery Level (Bluetooth SIG Battery Service 0x180F, characteristic 0x2A19: one byte, 0–100 %). */
async function readBatteryLevel(conn: import("../../ingest/transport.js").Connection): Promise<number | null> {
  try {
    const { withTimeout } = await import("../../ingest/transport.js");
    const b = await withTimeout(conn.read("180f", "2a19"), 2000, `${conn.id}: battery level`);
    return b.length >= 1 && b[0]! <= 100 ? b[0]! : null;
  } catch {
    return null; // no battery service: say nothing rather than stop a recording
  }
}

/** How often the battery is asked for, s of data, and the charge below which the runner is warned. */
const BATTERY_EVERY_S = 300;
const BATTERY_LOW_PCT = 15;

/** Movesense and Polar stream at 208 Hz here: the rate of our firmware and of the published PMD/IMU6 settings. */
const VENDOR_RATE_HZ = 208;

async function openSource(vendor: Vendor, conn: import("../../ingest/transport.js").Connection): Promise<LiveSource> {
  if (vendor === "pgi") {
    const client = new (await import("../../ingest/pgi-client.js")).PgiClient(conn);
    let sync: import("../../ingest/pgi-control.js").ClockSync | null = null;
    const source: LiveSource = {
      name: "hipgait PGI v1",
      client,
      notes: [],
      meta: {},
      prepare: async () => {
        const cfg = await client.configure();
        const info = await client.getInfo();
        if (info) {
          source.meta.firmware = `PGI ${info.major}.${info.minor} build ${info.build}`;
          source.meta.sensor = info.whoAmI === 0x6a ? "hipgait sensor (LSM6DS3TR-C)" : `hipgait sensor (IMU id 0x${info.whoAmI.toString(16)})`;
          source.notes.push(`sensor: ${source.meta.sensor}, firmware ${source.meta.firmware}`);
        } else source.notes.push("sensor: firmware without GET_INFO (older than PGI 1.1)");
        sync = await client.timeSync(20);
        if (sync) {
          const s = sync;
          source.notes.push(`clock sync: ${s.kept} of ${s.exchanges} exchanges, offset uncertain by ±${(s.rtt_us / 2000).toFixed(1)} ms`);
          source.meta.startedAt = () => {
            const o = client.stream?.originDevice_us;
            return o === undefined || Number.isNaN(o) ? undefined : new Date(s.toHost_us(o) / 1000).toISOString();
          };
        }
        return cfg.odr_hz;
      },
      begin: (on) => client.begin(on),
      stats: () => client.stream?.stats ?? null,
      gaps: () => client.stream?.gaps.length ?? 0,
      battery: async () => (await client.getStatus())?.battery_pct ?? null,
    };
    return source;
  }
  const client =
    vendor === "movesense"
      ? new (await import("../../ingest/movesense-client.js")).MovesenseClient(conn, VENDOR_RATE_HZ)
      : new (await import("../../ingest/polar-client.js")).PolarClient(conn, VENDOR_RATE_HZ);
  return {
    name: vendor === "movesense" ? "Movesense IMU6" : "Polar PMD accelerometer + gyroscope",
    client,
    notes: [],
    meta: { sensor: vendor === "movesense" ? "Movesense" : "Polar" },
    battery: () => readBatteryLevel(conn),
    prepare: async () => VENDOR_RATE_HZ,
    begin: async (on) => void (await client.start(on)),
    stats: () => client.stats,
    gaps: () => client.gaps.length,
  };
}
