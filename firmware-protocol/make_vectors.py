#!/usr/bin/env python3
"""Writes vectors.json: golden PGI v1 frames built with Python's struct module, an implementation independent of
both the TypeScript codec (src/ingest/pgi.ts) and the C header (hipgait_pgi.h) that the vectors test.
Run: python3 firmware-protocol/make_vectors.py > firmware-protocol/vectors.json"""
import json, struct

def hx(b): return " ".join(f"{x:02X}" for x in b)

def frame(type_, seq, cfg, flags, idx0, t0, samples, ch):
    n = len(samples) // ch
    return struct.pack("<BBBBHBBII", 1, type_, 16, n, seq, cfg, flags, idx0, t0) + struct.pack(f"<{len(samples)}h", *samples)

data = []
def add(name, type_, seq, cfg, flags, idx0, t0, samples, ch, note):
    data.append({"name": name, "hex": hx(frame(type_, seq, cfg, flags, idx0, t0, samples, ch)), "note": note,
                 "decoded": {"version": 1, "type": type_, "n": len(samples) // ch, "seq": seq, "cfgId": cfg, "flags": flags, "idx0": idx0, "t0_us": t0, "channels": ch, "samples": samples}})

add("imu6-one-sample", 1, 42, 3, 0, 1000, 123456, [0, 0, 2048, 10, -10, 0], 6, "research note example: a = (0, 0, 2048) ≈ 1 g at ±16 g, g = (10, -10, 0)")
add("imu6-three-extremes", 1, 65535, 255, 0x0F, 4294967295, 4294967000, [32767, -32768, 1, -1, 0, 12345, -12345, 100, -100, 2, -2, 3, 0, 0, 0, -32768, 32767, 7], 6, "every flag, counters at their wrap, int16 extremes")
add("acc3-two-samples", 2, 7, 1, 0x04, 208, 5000000, [100, -200, 2048, 101, -199, 2047], 3, "accelerometer-only frame, time-synced flag")
add("imu6-nineteen", 1, 1, 2, 0, 19, 91346, [((i * 37 + c * 1009) % 4001) - 2000 for i in range(19) for c in range(6)], 6, "a full frame at MTU 247 (19 samples, 244 bytes)")

skipped = [{"name": "event-type-skipped", "hex": hx(struct.pack("<BBBBHBBII", 1, 0x10, 16, 1, 5, 3, 0, 0, 0) + b"\x01\x02\x03\x04"), "note": "unknown or EVENT types are skipped (null), not errors"}]

invalid = [
    {"name": "short-header", "hex": hx(bytes([1, 1, 16, 1, 0, 0])), "error": "expected at least the 16-byte header"},
    {"name": "version-2", "hex": hx(frame(1, 0, 0, 0, 0, 0, [0] * 6, 6)[:0] + struct.pack("<BBBBHBBII", 2, 1, 16, 1, 0, 0, 0, 0, 0) + bytes(12)), "error": "protocol version 2: expected 1"},
    {"name": "length-mismatch", "hex": hx(frame(1, 0, 0, 0, 0, 0, [1, 2, 3, 4, 5, 6], 6)[:-2]), "error": "need 28"},
    {"name": "zero-samples", "hex": hx(struct.pack("<BBBBHBBII", 1, 1, 16, 0, 0, 0, 0, 0, 0)), "error": "0 samples"},
]

acc_scale = 0.488e-3 * 9.80665  # LSM6DS3TR-C ±16 g: 0.488 mg/LSB (ST lsm6ds3tr-c driver), in m/s² per count
gyro_scale = 70e-3              # ±2000 dps: 70 mdps/LSB
control = [
    {"name": "get-info-request", "hex": hx(bytes([0x01, 0x11])), "op": 1, "reqId": 0x11, "payload": ""},
    {"name": "set-config-request", "hex": hx(bytes([0x02, 0x12]) + struct.pack("<HBHH", 208, 16, 2000, 50)), "op": 2, "reqId": 0x12,
     "config": {"odr_hz": 208, "accRange_g": 16, "gyroRange_dps": 2000, "maxLatency_ms": 50}},
    {"name": "set-config-response", "hex": hx(bytes([0xF0, 0x02, 0x12, 0x00]) + struct.pack("<BfffB", 3, 208.0, acc_scale, gyro_scale, 19)), "op": 2, "reqId": 0x12, "status": 0,
     "decoded": {"cfgId": 3, "odr_hz": 208.0, "accScale_mps2": struct.unpack("<f", struct.pack("<f", acc_scale))[0], "gyroScale_dps": struct.unpack("<f", struct.pack("<f", gyro_scale))[0], "nPerFrame": 19}},
    {"name": "start-request", "hex": hx(bytes([0x03, 0x13, 0x01])), "op": 3, "reqId": 0x13, "payload": "01"},
    {"name": "start-bad-state-response", "hex": hx(bytes([0xF0, 0x03, 0x13, 0x03])), "op": 3, "reqId": 0x13, "status": 3, "statusName": "BAD_STATE"},
]

# The payload layouts of README.md "Exact payload layouts": GET_INFO, TIME_SYNC, the STATUS body, GYRO_BIAS_CAL.
def response(op, req, payload, status=0): return bytes([0xF0, op, req, status]) + payload

def info_payload(d):
    return (struct.pack("<BBIBB", d["major"], d["minor"], d["build"], d["whoAmI"], d["mounting"])
            + struct.pack(f"<B{len(d['rates_hz'])}H", len(d["rates_hz"]), *d["rates_hz"])
            + struct.pack(f"<B{len(d['accRanges_g'])}B", len(d["accRanges_g"]), *d["accRanges_g"])
            + struct.pack(f"<B{len(d['gyroRanges_dps'])}H", len(d["gyroRanges_dps"]), *d["gyroRanges_dps"])
            + struct.pack("<BI", d["maxN"], d["clock_hz"]))

STATUS_FIELDS = ("uptime_s", "battery_mv", "battery_pct", "temperature_cdeg", "fifoOverruns", "txQueueFull", "samplesDropped", "framesSent", "connInterval", "mtu", "phy")
def status_body(d):
    b = struct.pack("<IHBhIIIIHHB", *(d[k] for k in STATUS_FIELDS))
    assert len(b) == 30, len(b)  # README: "STATUS body (30 bytes)"
    return b

info = {"major": 1, "minor": 1, "build": 20261126, "whoAmI": 0x6A, "mounting": 1, "rates_hz": [52, 104, 208, 416], "accRanges_g": [2, 4, 8, 16],
        "gyroRanges_dps": [250, 500, 1000, 2000], "maxN": 19, "clock_hz": 1000000}
t1 = 1795564800123456  # host µs (2026-11-25 as Unix µs): above 2^32, so all 8 bytes matter; below 2^53, so JSON keeps it exact
sync = {"t1_us": t1, "t2_us": 4294000000, "t3_us": 4294000350}  # device clock near its 2^32 µs wrap
status = {"uptime_s": 3725, "battery_mv": 3912, "battery_pct": 78, "temperature_cdeg": 3150, "fifoOverruns": 0, "txQueueFull": 12, "samplesDropped": 0,
          "framesSent": 41234, "connInterval": 12, "mtu": 247, "phy": 2}
status_unknown = {"uptime_s": 5, "battery_mv": 0, "battery_pct": 255, "temperature_cdeg": -512, "fifoOverruns": 0, "txQueueFull": 0, "samplesDropped": 0,
                  "framesSent": 0, "connInterval": 24, "mtu": 23, "phy": 1}
bias = [-14, 7, 3]
control += [
    {"name": "get-info-response", "hex": hx(response(0x01, 0x11, info_payload(info))), "op": 1, "reqId": 0x11, "status": 0, "decoded": info},
    {"name": "time-sync-request", "hex": hx(bytes([0x05, 0x14]) + struct.pack("<Q", t1)), "op": 5, "reqId": 0x14, "payload": hx(struct.pack("<Q", t1)), "decoded": {"t1_us": t1}},
    {"name": "time-sync-response", "hex": hx(response(0x05, 0x14, struct.pack("<QII", sync["t1_us"], sync["t2_us"], sync["t3_us"]))), "op": 5, "reqId": 0x14, "status": 0, "decoded": sync},
    {"name": "get-status-request", "hex": hx(bytes([0x06, 0x15])), "op": 6, "reqId": 0x15, "payload": ""},
    {"name": "get-status-response", "hex": hx(response(0x06, 0x15, status_body(status))), "op": 6, "reqId": 0x15, "status": 0, "decoded": status},
    {"name": "status-battery-unknown", "kind": "status-body", "hex": hx(status_body(status_unknown)), "note": "the STATUS characteristic's value (no response header): battery unknown, 1M PHY, MTU 23, below-zero temperature",
     "decoded": status_unknown},
    {"name": "gyro-bias-cal-request", "hex": hx(bytes([0x07, 0x16]) + struct.pack("<H", 3000)), "op": 7, "reqId": 0x16, "payload": hx(struct.pack("<H", 3000)), "decoded": {"duration_ms": 3000}},
    {"name": "gyro-bias-cal-response", "hex": hx(response(0x07, 0x16, struct.pack("<3h", *bias))), "op": 7, "reqId": 0x16, "status": 0, "decoded": {"bias": bias}},
]

print(json.dumps({"protocol": "PGI v1 (firmware-protocol/README.md)", "made_by": "firmware-protocol/make_vectors.py", "data": data, "skipped": skipped, "invalid": invalid, "control": control}, indent=1, ensure_ascii=False))
