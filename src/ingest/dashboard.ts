/**
 * The live dashboard: a small HTTP server that serves one page (uPlot inlined) and a Server-Sent Events stream of
 * the live metrics. It binds to the loopback interface unless told otherwise, answers only GET / and GET /events
 * (404 for anything else, so there is no path to traverse), refuses other methods, bodies, long URLs and large
 * headers, and keeps no more than a bounded history for clients that connect late.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { LiveMetrics } from "./live.js";

/** Longest request URL accepted, characters. */
const MAX_URL = 256;
/** Largest request header block accepted, bytes (node's default is 16 kB). */
const MAX_HEADER_BYTES = 8192;
/** Metrics kept for late clients (one per stride: about 20 minutes of running). */
const HISTORY = 3000;
/** Most simultaneous event streams. */
const MAX_CLIENTS = 16;

export interface Dashboard {
  url: string;
  publish(m: LiveMetrics): void;
  close(): Promise<void>;
}

function page(): string {
  const req = createRequire(import.meta.url);
  const js = readFileSync(req.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
  const css = readFileSync(req.resolve("uplot/dist/uPlot.min.css"), "utf8");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'">
<title>hipgait live</title><style>${css}</style><style>
body{font:15px system-ui,sans-serif;margin:0;background:#fafafa;color:#222}main{max-width:1000px;margin:0 auto;padding:10px 14px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px}.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px}
.k{color:#666;font-size:.8em}.v{font-size:1.4em;font-weight:600}.l{color:#0072B2}.r{color:#E69F00}.chart{background:#fff;border:1px solid #ddd;border-radius:8px;margin:10px 0;padding:6px}
</style></head><body><main><h1>hipgait live</h1><p class="k" id="status">waiting for steps…</p>
<div class="cards"><div class="card"><div class="k">cadence (spm)</div><div class="v" id="cad">–</div></div>
<div class="card"><div class="k">pelvic drop, left stance (deg)</div><div class="v l" id="dl">–</div></div>
<div class="card"><div class="k">pelvic drop, right stance (deg)</div><div class="v r" id="dr">–</div></div>
<div class="card"><div class="k">contact time L / R (ms)</div><div class="v" id="ct">–</div></div>
<div class="card"><div class="k">steps</div><div class="v" id="steps">0</div></div></div>
<div class="chart"><div id="c1"></div></div><div class="chart"><div id="c2"></div></div></main>
<script>${js}</script><script>
(function(){
 var t=[],cad=[],dl=[],dr=[];
 function w(){return Math.max(260,document.querySelector("main").clientWidth-16);}
 var u1=new uPlot({width:w(),height:200,scales:{x:{time:false}},axes:[{label:"time (min)"},{label:"cadence (spm)"}],series:[{label:"time (min)"},{label:"cadence",stroke:"#444",width:2}]},[t,cad],document.getElementById("c1"));
 var u2=new uPlot({width:w(),height:200,scales:{x:{time:false}},axes:[{label:"time (min)"},{label:"pelvic drop (deg)"}],series:[{label:"time (min)"},{label:"left stance",stroke:"#0072B2",width:2},{label:"right stance",stroke:"#E69F00",width:2}]},[t,dl,dr],document.getElementById("c2"));
 function f(x,d){return x==null?"–":x.toFixed(d);}
 var es=new EventSource("events");
 es.onmessage=function(e){var m=JSON.parse(e.data);t.push(m.t_s/60);cad.push(m.cadence_spm);dl.push(m.pelvic_drop_deg.left);dr.push(m.pelvic_drop_deg.right);
  u1.setData([t,cad]);u2.setData([t,dl,dr]);
  document.getElementById("cad").textContent=f(m.cadence_spm,1);document.getElementById("dl").textContent=f(m.pelvic_drop_deg.left,1);
  document.getElementById("dr").textContent=f(m.pelvic_drop_deg.right,1);document.getElementById("ct").textContent=f(m.contact_time_ms.left,0)+" / "+f(m.contact_time_ms.right,0);
  document.getElementById("steps").textContent=String(m.steps);document.getElementById("status").textContent="live · "+f(m.t_s/60,1)+" min";
  window.hipgaitLiveUpdates=(window.hipgaitLiveUpdates||0)+1;};
 es.onerror=function(){document.getElementById("status").textContent="connection lost: retrying…";};
})();
</script></body></html>`;
}

/** Starts the dashboard on `host` (default loopback) and `port` (0: a free port the system picks). */
export async function startDashboard(opts: { host?: string; port?: number } = {}): Promise<Dashboard> {
  const host = opts.host ?? "127.0.0.1";
  const html = page();
  const history: string[] = [];
  const clients = new Set<ServerResponse>();
  const refuse = (res: ServerResponse, code: number, text: string): void => {
    res.writeHead(code, { "content-type": "text/plain; charset=utf-8", connection: "close" });
    res.end(`${text}\n`);
  };
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "";
    if (url.length > MAX_URL) return refuse(res, 414, "URL too long");
    if (req.method !== "GET") return refuse(res, 405, "only GET");
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > 0 || req.headers["transfer-encoding"] !== undefined) return refuse(res, 413, "no request bodies");
    const path = url.split("?")[0];
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" });
      res.end(html);
      return;
    }
    if (path === "/events") {
      if (clients.size >= MAX_CLIENTS) return refuse(res, 503, "too many viewers");
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      for (const line of history) res.write(line);
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    refuse(res, 404, "not found");
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}/`,
    publish(m: LiveMetrics): void {
      const line = `data: ${JSON.stringify(m)}\n\n`;
      history.push(line);
      if (history.length > HISTORY) history.shift();
      for (const c of clients) c.write(line);
    },
    close(): Promise<void> {
      for (const c of clients) c.end();
      clients.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
