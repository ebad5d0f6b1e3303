// hipgait reference firmware for the Seeed XIAO nRF52840 Sense: PGI v1 (../../README.md) over Bluetooth LE.
//
// Board package "Seeed nRF52 Boards" (Adafruit Bluefruit stack). Not built by hipgait's CI (no toolchain there);
// the frame encoding it relies on, hipgait_pgi.h, is compiled and tested on the host against the golden vectors.
// Kept small on purpose: one IMU, one stream, FIFO in, notifications out.
//
// IMU: LSM6DS3TR-C on the internal I2C bus (Wire1), address 0x6A, powered through PIN_LSM6DS3TR_C_POWER.
// Register addresses and bit fields: ST LSM6DS3TR-C datasheet (DocID029989), §8–9.

#include <Arduino.h>
#include <Wire.h>
#include <bluefruit.h>
#include "hipgait_pgi.h"

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

// ---- PGI GATT (UUIDs little-endian for Bluefruit) ----
// 1856xxxx-e3b7-437d-b05c-413c1e5130f2
static uint8_t uuidBase[16] = {0xf2, 0x30, 0x51, 0x1e, 0x3c, 0x41, 0x5c, 0xb0, 0x7d, 0x43, 0xb7, 0xe3, 0x01, 0x00, 0x56, 0x18};
static BLEService pgiService(uuidBase);
static BLECharacteristic dataChar, controlChar;
static BLEBas battery;
static BLEDis devInfo;

static bool streaming = false;
static uint8_t cfgId = 3;
static uint16_t seq = 0;
static uint32_t nextIdx = 0;
static uint8_t maxN = 19;  // recomputed from the MTU on connect
static int16_t pending[6 * 19];
static uint8_t pendingN = 0;
static uint32_t pendingIdx0 = 0, pendingT0 = 0;
static uint8_t frameFlags = 0;

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

static void sendFrame() {
  if (pendingN == 0) return;
  uint8_t buf[PGI_HEADER_LEN + 12 * 19];
  pgi_frame_header_t h = {PGI_TYPE_IMU6_I16, pendingN, seq++, cfgId, frameFlags, pendingIdx0, pendingT0};
  int len = pgi_encode_data_frame(buf, sizeof buf, &h, pending);
  // keep the samples if the radio queue is full: they go out late (BACKLOG) rather than not at all
  if (len > 0 && dataChar.notify(buf, (uint16_t)len)) {
    pendingN = 0;
    frameFlags = 0;
  } else {
    frameFlags |= PGI_FLAG_BACKLOG;
  }
}

// Drains the FIFO: words come in the order gyro x y z, accel x y z (FIFO pattern, datasheet §8.4).
static void drainFifo() {
  uint8_t st[2];
  imuRead(REG_FIFO_STATUS1, st, 2);
  if (st[1] & 0x40) frameFlags |= PGI_FLAG_FIFO_OVERRUN;
  uint16_t words = (uint16_t)st[0] | ((uint16_t)(st[1] & 0x07) << 8);
  uint32_t now = micros();
  uint16_t samples = words / 6;
  for (uint16_t k = 0; k < samples; k++) {
    uint8_t raw[12];
    imuRead(REG_FIFO_DATA_OUT_L, raw, 12);
    int16_t g[3], a[3];
    for (int c = 0; c < 3; c++) {
      g[c] = (int16_t)(raw[2 * c] | (raw[2 * c + 1] << 8));
      a[c] = (int16_t)(raw[6 + 2 * c] | (raw[6 + 2 * c + 1] << 8));
    }
    if (pendingN == 0) {
      pendingIdx0 = nextIdx;
      // the sample drained k-th was taken (samples − 1 − k) periods before now
      pendingT0 = now - (uint32_t)((samples - 1 - k) * (1e6f / ODR_HZ));
    }
    int16_t *s = &pending[6 * pendingN];
    s[0] = a[0]; s[1] = a[1]; s[2] = a[2]; s[3] = g[0]; s[4] = g[1]; s[5] = g[2];
    nextIdx++;
    if (++pendingN == maxN) sendFrame();
    if (pendingN == maxN) break;  // radio full: leave the rest in the FIFO for the next pass
  }
}

static void respond(uint8_t op, uint8_t req, uint8_t status, const uint8_t *payload, size_t n) {
  uint8_t out[32];
  int len = pgi_encode_response(out, sizeof out, op, req, status, payload, n);
  if (len > 0) controlChar.indicate(out, (uint16_t)len);
}

static void onControl(uint16_t, BLECharacteristic *, uint8_t *data, uint16_t len) {
  if (len < 2) return;
  uint8_t op = data[0], req = data[1];
  switch (op) {
    case PGI_OP_SET_CONFIG: {
      if (streaming) return respond(op, req, PGI_STATUS_BAD_STATE, nullptr, 0);
      uint8_t p[14];
      size_t n = pgi_encode_config(p, cfgId, ODR_HZ, ACC_MPS2_PER_COUNT, GYRO_DPS_PER_COUNT, maxN);
      return respond(op, req, PGI_STATUS_OK, p, n);  // this firmware runs one configuration: 208 Hz, ±16 g, ±2000 dps
    }
    case PGI_OP_START: {
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
      streaming = false;
      imuWrite(REG_FIFO_CTRL5, 0x00);
      uint8_t p[4];
      pgi_put_u32(p, nextIdx);
      return respond(op, req, PGI_STATUS_OK, p, 4);
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
  pinMode(PIN_LSM6DS3TR_C_POWER, OUTPUT);
  digitalWrite(PIN_LSM6DS3TR_C_POWER, HIGH);
  delay(50);
  Wire1.begin();
  Wire1.setClock(400000);

  Bluefruit.configPrphBandwidth(BANDWIDTH_MAX);
  Bluefruit.begin();
  Bluefruit.setName("PGI-xiao");
  Bluefruit.Periph.setConnectCallback(onConnect);
  Bluefruit.Periph.setDisconnectCallback(onDisconnect);
  devInfo.setManufacturer("hipgait");
  devInfo.setModel("XIAO nRF52840 Sense");
  devInfo.begin();
  battery.begin();

  pgiService.begin();
  uuidBase[12] = 0x02;
  dataChar = BLECharacteristic(uuidBase);
  dataChar.setProperties(CHR_PROPS_NOTIFY);
  dataChar.setPermission(SECMODE_OPEN, SECMODE_NO_ACCESS);
  dataChar.setMaxLen(PGI_HEADER_LEN + 12 * 19);
  dataChar.begin();
  uuidBase[12] = 0x03;
  controlChar = BLECharacteristic(uuidBase);
  controlChar.setProperties(CHR_PROPS_WRITE | CHR_PROPS_INDICATE);
  controlChar.setPermission(SECMODE_OPEN, SECMODE_OPEN);
  controlChar.setMaxLen(32);
  controlChar.setWriteCallback(onControl);
  controlChar.begin();
  uuidBase[12] = 0x01;

  Bluefruit.Advertising.addFlags(BLE_GAP_ADV_FLAGS_LE_ONLY_GENERAL_DISC_MODE);
  Bluefruit.Advertising.addService(pgiService);
  Bluefruit.ScanResponse.addName();
  Bluefruit.Advertising.restartOnDisconnect(true);
  Bluefruit.Advertising.setInterval(160, 160);  // 100 ms
  Bluefruit.Advertising.start(0);
}

void loop() {
  if (Bluefruit.connected()) {
    uint16_t mtu = Bluefruit.Connection(0)->getMtu();
    maxN = (uint8_t)pgi_max_samples(mtu, 6);
    if (maxN > 19) maxN = 19;
  }
  if (streaming) {
    drainFifo();
    if (pendingN > 0 && (frameFlags & PGI_FLAG_BACKLOG)) sendFrame();
  }
  delay(5);  // about 1 sample per pass at 208 Hz; the FIFO absorbs the rest
}
