// hipgait reference firmware for the Seeed XIAO nRF52840 Sense: PGI v1 (../../README.md) over Bluetooth LE.
//
// Board package "Seeed nRF52 Boards" (Adafruit Bluefruit stack). Not built by hipgait's CI (no toolchain there);
// the encoding it relies on, hipgait_pgi.h, is compiled and tested on the host against the golden vectors.
// Kept small on purpose: one IMU, one stream, FIFO in, notifications out.
//
// IMU: LSM6DS3TR-C on the internal I2C bus (Wire1), address 0x6A, powered through PIN_LSM6DS3TR_C_POWER.
// Register addresses and bit fields: ST LSM6DS3TR-C datasheet (DocID029989), §8–9.
//
// Two tasks: Bluefruit runs the CONTROL write callback (onControl) in its own task, loop() in the Arduino one.
// GYRO_BIAS_CAL is handed to loop(), which reads the IMU; one indication at a time goes out (controlLock).
//
// Clock: micros() is the device clock of the DATA frames' t0_us and of TIME_SYNC's t2/t3 (README, CONTROL); on this
// core it steps in FreeRTOS ticks of 1/1024 s unless the DWT cycle counter is on (README, "Reference firmware").

#include <Arduino.h>
#include <Wire.h>
#include <bluefruit.h>
#include <nrf_soc.h>  // sd_temp_get: the die temperature through the SoftDevice, which owns the TEMP peripheral
#include "hipgait_pgi.h"

// ---- Identity (GET_INFO, the INFO characteristic, Device Information) ----
#define FW_BUILD 20261126  // GET_INFO "firmware build" u32: the date (YYYYMMDD) of the last change to this sketch
#define STR_(x) #x
#define STR(x) STR_(x)
#define PROTOCOL_MINOR 1  // README "Versioning": the minor version travels in GET_INFO
static const uint8_t MAX_N = 19;  // samples per frame at MTU 247: pgi_max_samples(247, 6)

// ---- LSM6DS3TR-C registers (datasheet §9) ----
static const uint8_t IMU_ADDR = 0x6A;
static const uint8_t REG_FIFO_CTRL1 = 0x06;  // FIFO threshold [7:0]
static const uint8_t REG_FIFO_CTRL2 = 0x07;  // FIFO threshold [10:8]
static const uint8_t REG_FIFO_CTRL3 = 0x08;  // DEC_FIFO_GYRO [5:3], DEC_FIFO_XL [2:0]
static const uint8_t REG_FIFO_CTRL5 = 0x0A;  // ODR_FIFO [6:3], FIFO_MODE [2:0]
static const uint8_t REG_WHO_AM_I = 0x0F;    // 0x6A
static const uint8_t REG_CTRL1_XL = 0x10;    // ODR_XL [7:4], FS_XL [3:2]
static const uint8_t REG_CTRL2_G = 0x11;     // ODR_G [7:4], FS_G [3:2]
static const uint8_t REG_CTRL3_C = 0x12;     // BDU bit 6, IF_INC bit 2
static const uint8_t REG_FIFO_STATUS1 = 0x3A;  // DIFF_FIFO [7:0]; STATUS2 [2:0] = DIFF_FIFO [10:8], bit 6 overrun
static const uint8_t REG_FIFO_DATA_OUT_L = 0x3E;

static const uint8_t ODR_208HZ = 0x5;         // 0101b for ODR_XL, ODR_G and ODR_FIFO
static const uint8_t FS_XL_16G = 0x1;         // 01b = ±16 g on the LSM6DS3TR-C
static const uint8_t FS_G_2000DPS = 0x3;      // 11b = ±2000 dps
static const float ACC_MPS2_PER_COUNT = 0.488e-3f * 9.80665f;  // 0.488 mg/LSB at ±16 g (ST driver)
static const float GYRO_DPS_PER_COUNT = 70e-3f;                // 70 mdps/LSB at ±2000 dps
static const float ODR_HZ = 208.0f;
static const uint8_t ACC_RANGE_G = 16;        // the one configuration this firmware runs (FS_XL_16G)
static const uint16_t GYRO_RANGE_DPS = 2000;  // (FS_G_2000DPS)

// ---- GYRO_BIAS_CAL ----
static const uint16_t CAL_SETTLE_SAMPLES = 21;  // ≈ 100 ms dropped while the gyroscope powers up: our margin, not a
                                                // datasheet figure

// ---- Battery: Seeed XIAO nRF52840 (Sense) schematic (divider) and Seeed wiki, XIAO nRF52840 FAQ Q3 (P0.14) ----
// BAT+ → 1 MΩ → P0.31 (PIN_VBAT, AIN7) → 510 kΩ → P0.14 (VBAT_ENABLE); P0.14 LOW closes the divider. Seeed warns that
// P0.14 HIGH with a battery attached puts P0.31 at its 3.6 V limit, so it is driven LOW once and kept LOW (the
// divider then draws about 4.2 V / 1.51 MΩ ≈ 2.8 µA).
static const float VBAT_PER_VADC = 1510.0f / 510.0f;  // (1 MΩ + 510 kΩ) / 510 kΩ
static const float ADC_FULL_SCALE_V = 2.4f;  // AR_INTERNAL_2_4: 0.6 V internal reference, gain 1/4 (nRF52840 PS,
                                             // SAADC: V = RESULT × (0.6 V / gain) / 2^bits); 4.2 V reads 1.42 V
static const uint8_t ADC_BITS = 12;
static const uint8_t ADC_TACQ_US = 40;  // source 1 MΩ ∥ 510 kΩ ≈ 338 kΩ needs ≥ 20 µs (nRF52840 PS, SAADC acquisition
                                        // time table); the longest, 40 µs, for margin
static const float VBAT_EMPTY_V = 3.3f;  // 0 % and 100 % of a linear map: approximate, a LiPo's discharge curve is
static const float VBAT_FULL_V = 4.2f;   // not linear (flat in the middle, steep near empty)
static const float VBAT_MIN_PLAUSIBLE_V = 2.5f;  // below this no cell is powering the board: report unknown
static const uint32_t STATUS_PERIOD_MS = 1000;  // STATUS notify and battery reading, 1 Hz (README, GATT)

// ---- PGI GATT: 1856xxxx-e3b7-437d-b05c-413c1e5130f2, little-endian for Bluefruit (byte 12 = xxxx low byte) ----
// One array per UUID: Bluefruit's BLEUuid keeps a pointer to it, so none may be changed afterwards.
#define PGI_UUID(x) {0xf2, 0x30, 0x51, 0x1e, 0x3c, 0x41, 0x5c, 0xb0, 0x7d, 0x43, 0xb7, 0xe3, (x), 0x00, 0x56, 0x18}
static const uint8_t UUID_SERVICE[16] = PGI_UUID(0x01);
static const uint8_t UUID_DATA[16] = PGI_UUID(0x02);
static const uint8_t UUID_CONTROL[16] = PGI_UUID(0x03);
static const uint8_t UUID_INFO[16] = PGI_UUID(0x04);
static const uint8_t UUID_STATUS[16] = PGI_UUID(0x05);
static BLEService pgiService(UUID_SERVICE);
static BLECharacteristic dataChar(UUID_DATA), controlChar(UUID_CONTROL), infoChar(UUID_INFO), statusChar(UUID_STATUS);
static BLEBas battery;  // 0x180F / 0x2A19
static BLEDis devInfo;  // 0x180A
static SemaphoreHandle_t controlLock;

static volatile bool streaming = false;
static uint8_t cfgId = 3;
static uint16_t seq = 0;
static uint32_t nextIdx = 0;
static uint8_t maxN = MAX_N;  // recomputed from the MTU while connected; 0 when the MTU is too small for a sample
static int16_t pending[6 * MAX_N];
static uint8_t pendingN = 0;
static uint32_t pendingIdx0 = 0, pendingT0 = 0;
static uint8_t frameFlags = 0;
// SET_CONFIG's max latency: a sample waits at most this long before its frame leaves, full or not (PGI spec).
static uint16_t maxLatencyMs = 50;
static uint8_t imuWhoAmI = 0;

// STATUS counters (written by loop(), read by both tasks: aligned 32-bit accesses are atomic on the Cortex-M4)
static volatile uint32_t fifoOverruns = 0, txQueueFull = 0, framesSent = 0;
static volatile uint16_t batteryMv = 0;
static volatile uint8_t batteryPct = PGI_BATTERY_PCT_UNKNOWN;

// GYRO_BIAS_CAL: the callback moves IDLE → REQUESTED, loop() REQUESTED → RUNNING → IDLE
enum : uint8_t { CAL_IDLE, CAL_REQUESTED, CAL_RUNNING };
static volatile uint8_t calState = CAL_IDLE;
static uint8_t calReq = 0;
static uint16_t calDurationMs = 0;
static uint16_t calSkip = 0;
static uint32_t calTarget = 0, calCount = 0;
static int32_t calSum[3];
static int16_t gyroBias[3] = {0, 0, 0};  // counts, subtracted from every gyroscope sample sent

static BLEConnection *conn() { return Bluefruit.connected() ? Bluefruit.Connection(Bluefruit.connHandle()) : nullptr; }

static void imuWrite(uint8_t reg, uint8_t v) {
  Wire1.beginTransmission(IMU_ADDR);
  Wire1.write(reg);
  Wire1.write(v);
  Wire1.endTransmission();
}

static void imuRead(uint8_t reg, uint8_t *buf, size_t n) {
  Wire1.beginTransmission(IMU_ADDR);
  Wire1.write(reg);
  Wire1.endTransmission(false);
  Wire1.requestFrom(IMU_ADDR, (uint8_t)n);
  for (size_t i = 0; i < n && Wire1.available(); i++) buf[i] = Wire1.read();
}

static void imuStart() {
  imuWrite(REG_CTRL3_C, 0x44);                               // block data update, address auto-increment
  imuWrite(REG_CTRL1_XL, (ODR_208HZ << 4) | (FS_XL_16G << 2));
  imuWrite(REG_CTRL2_G, (ODR_208HZ << 4) | (FS_G_2000DPS << 2));
  imuWrite(REG_FIFO_CTRL3, (1 << 3) | 1);                    // gyro and accel into the FIFO, no decimation
  imuWrite(REG_FIFO_CTRL5, 0x00);                            // bypass: empties the FIFO
  imuWrite(REG_FIFO_CTRL5, (ODR_208HZ << 3) | 0x6);          // continuous mode at 208 Hz
}

// Samples waiting in the FIFO (6 words each); *overrun: FIFO_STATUS2 bit 6.
static uint16_t fifoSamples(bool *overrun) {
  uint8_t st[2] = {0, 0};
  imuRead(REG_FIFO_STATUS1, st, 2);
  *overrun = (st[1] & 0x40) != 0;
  uint16_t words = (uint16_t)st[0] | ((uint16_t)(st[1] & 0x07) << 8);
  return words / 6;
}

// One FIFO sample: words come in the order gyro x y z, accel x y z (FIFO pattern, datasheet §8.4).
static void readFifoSample(int16_t g[3], int16_t a[3]) {
  uint8_t raw[12] = {0};
  imuRead(REG_FIFO_DATA_OUT_L, raw, 12);
  for (int c = 0; c < 3; c++) {
    g[c] = (int16_t)(raw[2 * c] | (raw[2 * c + 1] << 8));
    a[c] = (int16_t)(raw[6 + 2 * c] | (raw[6 + 2 * c + 1] << 8));
  }
}

// v − bias, saturated to int16 (and flagged CLIPPED when it had to be).
static int16_t minusBias(int16_t v, int16_t bias) {
  int32_t x = (int32_t)v - bias;
  if (x > INT16_MAX || x < INT16_MIN) {
    frameFlags |= PGI_FLAG_CLIPPED;
    return x > 0 ? INT16_MAX : INT16_MIN;
  }
  return (int16_t)x;
}

// Sends up to maxN pending samples as one frame; what does not fit (the MTU shrank under a filled frame on a
// reconnection) opens the next frame. seq counts frames that went out.
static void sendFrame() {
  uint8_t n = pendingN < maxN ? pendingN : maxN;
  if (n == 0) {  // the MTU (still 23 after a reconnection) carries no sample: wait for the exchange
    if (pendingN > 0) frameFlags |= PGI_FLAG_BACKLOG;
    return;
  }
  uint8_t buf[PGI_HEADER_LEN + 12 * MAX_N];
  pgi_frame_header_t h = {PGI_TYPE_IMU6_I16, n, seq, cfgId, frameFlags, pendingIdx0, pendingT0};
  int len = pgi_encode_data_frame(buf, sizeof buf, &h, pending);
  // keep the samples if the radio queue is full: they go out late (BACKLOG) rather than not at all
  if (len > 0 && dataChar.notify(buf, (uint16_t)len)) {
    seq++;
    framesSent++;
    frameFlags = 0;
    pendingN -= n;
    if (pendingN > 0) {
      memmove(pending, pending + 6 * n, sizeof pending[0] * 6 * pendingN);
      pendingIdx0 += n;
      pendingT0 += (uint32_t)(n * (1e6f / ODR_HZ));
    }
  } else {
    if (conn() != nullptr) txQueueFull++;  // not counted while disconnected
    frameFlags |= PGI_FLAG_BACKLOG;
  }
}

// Drains the FIFO into frames of maxN samples, the bias subtracted from the gyroscope. Stops when a frame cannot go
// out (radio queue full, or an MTU too small for a sample), leaving the rest in the FIFO.
static void drainFifo() {
  bool overrun;
  uint16_t samples = fifoSamples(&overrun);
  if (overrun) {
    frameFlags |= PGI_FLAG_FIFO_OVERRUN;
    fifoOverruns++;
  }
  uint32_t now = micros();
  for (uint16_t k = 0; k < samples; k++) {
    if (maxN > 0 && pendingN >= maxN) sendFrame();
    if (pendingN >= MAX_N || (maxN > 0 && pendingN >= maxN)) break;  // could not send: leave the rest in the FIFO
    int16_t g[3], a[3];
    readFifoSample(g, a);
    if (pendingN == 0) {
      pendingIdx0 = nextIdx;
      // the sample drained k-th was taken (samples − 1 − k) periods before now
      pendingT0 = now - (uint32_t)((samples - 1 - k) * (1e6f / ODR_HZ));
    }
    int16_t *s = &pending[6 * pendingN];
    s[0] = a[0]; s[1] = a[1]; s[2] = a[2];
    for (int c = 0; c < 3; c++) s[3 + c] = minusBias(g[c], gyroBias[c]);
    nextIdx++;
    pendingN++;
  }
  if (maxN > 0 && pendingN >= maxN) sendFrame();
}

// Writes one response as one indication, or answers BAD_STATE when it would not fit the ATT MTU (Bluefruit would
// split it into two indications). Call with controlLock held.
static void sendResponse(uint8_t op, uint8_t req, uint8_t status, const uint8_t *payload, size_t n) {
  BLEConnection *c = conn();
  if (c != nullptr && 4u + n + 3u > c->getMtu()) {
    status = PGI_STATUS_BAD_STATE;
    n = 0;
  }
  uint8_t out[4 + PGI_INFO_MAX_LEN];
  int len = pgi_encode_response(out, sizeof out, op, req, status, payload, n);
  if (len > 0) controlChar.indicate(out, (uint16_t)len);  // waits for the confirmation
}

static void respond(uint8_t op, uint8_t req, uint8_t status, const uint8_t *payload, size_t n) {
  xSemaphoreTake(controlLock, portMAX_DELAY);
  sendResponse(op, req, status, payload, n);
  xSemaphoreGive(controlLock);
}

// GET_INFO and the INFO characteristic: this firmware runs one configuration.
static pgi_info_t deviceInfo() {
  pgi_info_t i;
  memset(&i, 0, sizeof i);
  i.major = PGI_VERSION;
  i.minor = PROTOCOL_MINOR;
  i.build = FW_BUILD;
  i.who_am_i = imuWhoAmI;  // as read at power-up: 0x6A when the IMU answers
  i.mounting = PGI_MOUNT_WAISTBAND_CLIP;
  i.n_rates = 1;
  i.rates_hz[0] = (uint16_t)ODR_HZ;
  i.n_acc = 1;
  i.acc_ranges_g[0] = ACC_RANGE_G;
  i.n_gyro = 1;
  i.gyro_ranges_dps[0] = GYRO_RANGE_DPS;
  i.max_n = MAX_N;
  i.clock_hz = 1000000;  // t0_us, t2, t3: micros()
  return i;
}

// nRF52840 die temperature, 0.25 °C steps (SoftDevice sd_temp_get), in 0.01 °C.
static int16_t dieTemperatureCdeg() {
  int32_t quarters = 0;
  if (sd_temp_get(&quarters) != NRF_SUCCESS) return 0;
  return (int16_t)(quarters * 25);
}

static void readBattery() {
  float v = analogRead(PIN_VBAT) * (ADC_FULL_SCALE_V / (1u << ADC_BITS)) * VBAT_PER_VADC;
  if (v < VBAT_MIN_PLAUSIBLE_V) {
    batteryMv = 0;
    batteryPct = PGI_BATTERY_PCT_UNKNOWN;
    return;
  }
  float pct = (v - VBAT_EMPTY_V) / (VBAT_FULL_V - VBAT_EMPTY_V) * 100.0f;  // approximate, see VBAT_EMPTY_V
  batteryMv = (uint16_t)(v * 1000.0f + 0.5f);
  batteryPct = (uint8_t)(pct < 0.0f ? 0.0f : pct > 100.0f ? 100.0f : pct + 0.5f);
}

static void fillStatus(pgi_status_body_t *s) {
  BLEConnection *c = conn();
  s->uptime_s = millis() / 1000u;
  s->battery_mv = batteryMv;
  s->battery_pct = batteryPct;
  s->temperature_cdeg = dieTemperatureCdeg();
  s->fifo_overruns = fifoOverruns;
  s->tx_queue_full = txQueueFull;
  s->samples_dropped = 0;  // nothing read from the FIFO is discarded (it waits as BACKLOG); losses inside the IMU
                           // show as fifo_overruns
  s->frames_sent = framesSent;
  s->conn_interval = c ? c->getConnectionInterval() : 0;  // 1.25 ms units, as the SoftDevice reports it
  s->mtu = c ? c->getMtu() : 0;
  s->phy = c ? c->getPHY() : 0;  // BLE_GAP_PHY_1MBPS = 1, BLE_GAP_PHY_2MBPS = 2, as in PGI
}

// Every STATUS_PERIOD_MS: battery, then the STATUS value (read) and notification, and the Battery Level.
static void publishStatus() {
  readBattery();
  pgi_status_body_t s;
  fillStatus(&s);
  uint8_t body[PGI_STATUS_BODY_LEN];
  pgi_encode_status_body(body, &s);
  statusChar.write(body, sizeof body);  // what a read returns, even when the notification below finds no buffer
  BLEConnection *c = conn();
  if (c != nullptr && c->getMtu() >= 3u + PGI_STATUS_BODY_LEN) statusChar.notify(body, sizeof body);  // never split
  static uint8_t lastPct = PGI_BATTERY_PCT_UNKNOWN;
  if (s.battery_pct != PGI_BATTERY_PCT_UNKNOWN) {
    battery.write(s.battery_pct);
    if (s.battery_pct != lastPct) battery.notify(s.battery_pct);
    lastPct = s.battery_pct;
  }
}

// GYRO_BIAS_CAL, in loop(): powers the IMU's FIFO, drops CAL_SETTLE_SAMPLES, averages the gyroscope over
// duration_ms worth of samples (the device must lie still), keeps the mean as the bias and answers it.
static void calibrationStep() {
  if (calState == CAL_REQUESTED) {
    calSum[0] = calSum[1] = calSum[2] = 0;
    calCount = 0;
    calSkip = CAL_SETTLE_SAMPLES;
    calTarget = (uint32_t)(calDurationMs * ODR_HZ / 1000.0f);
    if (calTarget == 0) calTarget = 1;
    imuStart();
    calState = CAL_RUNNING;
    return;
  }
  bool overrun;
  uint16_t samples = fifoSamples(&overrun);
  for (uint16_t k = 0; k < samples && calCount < calTarget; k++) {
    int16_t g[3], a[3];
    readFifoSample(g, a);
    if (calSkip > 0) {
      calSkip--;
      continue;
    }
    for (int c = 0; c < 3; c++) calSum[c] += g[c];  // at most 65535 ms × 208 Hz × 32768: fits int32
    calCount++;
  }
  if (calCount < calTarget) return;
  imuWrite(REG_FIFO_CTRL5, 0x00);  // FIFO back to bypass, as after STOP
  int32_t count = (int32_t)calCount;
  for (int c = 0; c < 3; c++) {  // the mean, rounded half away from zero
    gyroBias[c] = (int16_t)(calSum[c] >= 0 ? (calSum[c] + count / 2) / count : -((-calSum[c] + count / 2) / count));
  }
  uint8_t p[PGI_GYRO_BIAS_LEN];
  size_t n = pgi_encode_gyro_bias(p, gyroBias);
  calState = CAL_IDLE;
  respond(PGI_OP_GYRO_BIAS_CAL, calReq, PGI_STATUS_OK, p, n);
}

static void onControl(uint16_t, BLECharacteristic *, uint8_t *data, uint16_t len) {
  uint32_t received_us = micros();  // TIME_SYNC t2: first thing on receipt
  if (len < 2) return;
  uint8_t op = data[0], req = data[1];
  const uint8_t *payload = data + 2;
  size_t payloadLen = len - 2u;
  switch (op) {
    case PGI_OP_GET_INFO: {
      uint8_t p[PGI_INFO_MAX_LEN];
      pgi_info_t info = deviceInfo();
      int n = pgi_encode_info(p, sizeof p, &info);
      return respond(op, req, PGI_STATUS_OK, p, (size_t)n);
    }
    case PGI_OP_SET_CONFIG: {
      if (streaming) return respond(op, req, PGI_STATUS_BAD_STATE, nullptr, 0);
      if (len >= 9) {  // payload: rate u16, acc range u8, gyro range u16, max latency ms u16
        uint16_t ms = pgi_get_u16(data + 7);
        maxLatencyMs = ms < 10 ? 10 : ms;  // below a connection interval or two nothing is gained
      }
      uint8_t p[14];
      size_t n = pgi_encode_config(p, cfgId, ODR_HZ, ACC_MPS2_PER_COUNT, GYRO_DPS_PER_COUNT, maxN);
      return respond(op, req, PGI_STATUS_OK, p, n);  // this firmware runs one configuration: 208 Hz, ±16 g, ±2000 dps
    }
    case PGI_OP_START: {
      if (calState != CAL_IDLE) return respond(op, req, PGI_STATUS_BUSY, nullptr, 0);
      if (maxN == 0) return respond(op, req, PGI_STATUS_BAD_STATE, nullptr, 0);
      if (!streaming) {
        if (len >= 3 && (data[2] & 1)) nextIdx = 0;
        imuStart();
        streaming = true;
      }
      uint8_t p[4];
      pgi_put_u32(p, nextIdx);
      return respond(op, req, PGI_STATUS_OK, p, 4);
    }
    case PGI_OP_STOP: {
      if (calState != CAL_IDLE) return respond(op, req, PGI_STATUS_BUSY, nullptr, 0);
      streaming = false;
      imuWrite(REG_FIFO_CTRL5, 0x00);
      uint8_t p[4];
      pgi_put_u32(p, nextIdx);
      return respond(op, req, PGI_STATUS_OK, p, 4);
    }
    case PGI_OP_TIME_SYNC: {
      uint64_t t1;
      if (pgi_decode_time_sync_request(payload, payloadLen, &t1) != 0) {
        return respond(op, req, PGI_STATUS_BAD_PARAM, nullptr, 0);
      }
      xSemaphoreTake(controlLock, portMAX_DELAY);  // before t3, so that no wait falls between t3 and the queuing
      uint8_t p[PGI_TIME_SYNC_RESPONSE_LEN];
      size_t n = pgi_encode_time_sync(p, t1, received_us, micros());  // t3: right before queuing the indication
      sendResponse(op, req, PGI_STATUS_OK, p, n);
      xSemaphoreGive(controlLock);
      return;
    }
    case PGI_OP_GET_STATUS: {
      pgi_status_body_t s;
      fillStatus(&s);
      uint8_t p[PGI_STATUS_BODY_LEN];
      size_t n = pgi_encode_status_body(p, &s);
      return respond(op, req, PGI_STATUS_OK, p, n);
    }
    case PGI_OP_GYRO_BIAS_CAL: {
      uint16_t ms;
      if (pgi_decode_gyro_bias_cal_request(payload, payloadLen, &ms) != 0 || ms == 0) {
        return respond(op, req, PGI_STATUS_BAD_PARAM, nullptr, 0);
      }
      if (streaming) return respond(op, req, PGI_STATUS_BAD_STATE, nullptr, 0);
      if (calState != CAL_IDLE) return respond(op, req, PGI_STATUS_BUSY, nullptr, 0);
      calReq = req;
      calDurationMs = ms;
      calState = CAL_REQUESTED;  // loop() answers when done
      return;
    }
    default:
      return respond(op, req, PGI_STATUS_UNKNOWN_OP, nullptr, 0);
  }
}

static void onConnect(uint16_t handle) {
  BLEConnection *c = Bluefruit.Connection(handle);
  c->requestMtuExchange(247);
  c->requestDataLengthUpdate();
  c->requestPHY();                        // 2M PHY
  c->requestConnectionParameter(12, 0, 400);  // 15 ms interval, latency 0, 4 s supervision timeout
}

static void onDisconnect(uint16_t, uint8_t) {
  // keep streaming into the FIFO/index: the host resumes with START (no reset) and sees the gap
}

void setup() {
  controlLock = xSemaphoreCreateMutex();
  pinMode(PIN_LSM6DS3TR_C_POWER, OUTPUT);
  digitalWrite(PIN_LSM6DS3TR_C_POWER, HIGH);
  delay(50);
  Wire1.begin();
  Wire1.setClock(400000);
  imuRead(REG_WHO_AM_I, &imuWhoAmI, 1);

  pinMode(VBAT_ENABLE, OUTPUT);
  digitalWrite(VBAT_ENABLE, LOW);  // divider on, and never HIGH (see VBAT_PER_VADC)
  analogReference(AR_INTERNAL_2_4);  // ADC_FULL_SCALE_V
  analogReadResolution(ADC_BITS);
  analogSampleTime(ADC_TACQ_US);

  Bluefruit.configPrphBandwidth(BANDWIDTH_MAX);
  Bluefruit.begin();
  Bluefruit.setName("PGI-xiao");
  Bluefruit.Periph.setConnectCallback(onConnect);
  Bluefruit.Periph.setDisconnectCallback(onDisconnect);
  devInfo.setManufacturer("hipgait");
  devInfo.setModel("XIAO nRF52840 Sense");
  devInfo.setFirmwareRev("build " STR(FW_BUILD) ", PGI v1." STR(PROTOCOL_MINOR));
  devInfo.setHardwareRev("nRF52840 + LSM6DS3TR-C");
  devInfo.begin();  // serial: Bluefruit fills in the chip's unique ID
  battery.begin();

  pgiService.begin();
  dataChar.setProperties(CHR_PROPS_NOTIFY);
  dataChar.setPermission(SECMODE_OPEN, SECMODE_NO_ACCESS);
  dataChar.setMaxLen(PGI_HEADER_LEN + 12 * MAX_N);
  dataChar.begin();
  controlChar.setProperties(CHR_PROPS_WRITE | CHR_PROPS_INDICATE);
  controlChar.setPermission(SECMODE_OPEN, SECMODE_OPEN);
  controlChar.setMaxLen(4 + PGI_INFO_MAX_LEN);
  controlChar.setWriteCallback(onControl);
  controlChar.begin();
  uint8_t info[PGI_INFO_MAX_LEN];
  pgi_info_t i = deviceInfo();
  int infoLen = pgi_encode_info(info, sizeof info, &i);
  infoChar.setProperties(CHR_PROPS_READ);
  infoChar.setPermission(SECMODE_OPEN, SECMODE_NO_ACCESS);
  infoChar.setFixedLen((uint16_t)infoLen);
  infoChar.begin();
  infoChar.write(info, (uint16_t)infoLen);
  statusChar.setProperties(CHR_PROPS_READ | CHR_PROPS_NOTIFY);
  statusChar.setPermission(SECMODE_OPEN, SECMODE_NO_ACCESS);
  statusChar.setFixedLen(PGI_STATUS_BODY_LEN);
  statusChar.begin();
  publishStatus();  // the first battery reading, STATUS and Battery Level values

  Bluefruit.Advertising.addFlags(BLE_GAP_ADV_FLAGS_LE_ONLY_GENERAL_DISC_MODE);
  Bluefruit.Advertising.addService(pgiService);
  Bluefruit.ScanResponse.addName();
  Bluefruit.Advertising.restartOnDisconnect(true);
  Bluefruit.Advertising.setInterval(160, 160);  // 100 ms
  Bluefruit.Advertising.start(0);
}

void loop() {
  BLEConnection *c = conn();
  if (c != nullptr) {
    unsigned n = pgi_max_samples(c->getMtu(), 6);
    maxN = (uint8_t)(n > MAX_N ? MAX_N : n);
  }
  if (streaming) {
    drainFifo();
    // a backlog goes out as soon as the radio takes it; a part frame once its first sample has waited maxLatencyMs
    if (pendingN > 0 && ((frameFlags & PGI_FLAG_BACKLOG) || (uint32_t)(micros() - pendingT0) >= 1000u * maxLatencyMs)) sendFrame();
  } else if (calState != CAL_IDLE) {
    calibrationStep();
  }
  static uint32_t lastStatusMs = 0;
  if ((uint32_t)(millis() - lastStatusMs) >= STATUS_PERIOD_MS) {
    lastStatusMs = millis();
    publishStatus();
  }
  delay(5);  // about 1 sample per pass at 208 Hz; the FIFO absorbs the rest
}
