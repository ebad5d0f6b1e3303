/*
 * hipgait_pgi.h — PGI v1, the wire protocol of the hipgait sensor firmware (see README.md beside this file).
 *
 * Portable C99, header only, no allocation, no dependence on the host's endianness or alignment: every multi-byte
 * field is written and read byte by byte, little-endian. The firmware encodes DATA frames and CONTROL responses
 * (SET_CONFIG, GET_INFO, TIME_SYNC, the STATUS body, GYRO_BIAS_CAL) and decodes request payloads with it; the host's
 * TypeScript codecs (src/ingest/) decode them; both are tested against vectors.json.
 */
#ifndef HIPGAIT_PGI_H
#define HIPGAIT_PGI_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PGI_VERSION 1u
#define PGI_HEADER_LEN 16u

/* Frame types */
#define PGI_TYPE_IMU6_I16 0x01u /* ax ay az gx gy gz, int16 counts, sensor axes */
#define PGI_TYPE_ACC_I16 0x02u  /* ax ay az */
#define PGI_TYPE_EVENT 0x10u

/* DATA flags */
#define PGI_FLAG_FIFO_OVERRUN 0x01u
#define PGI_FLAG_BACKLOG 0x02u
#define PGI_FLAG_TIME_SYNCED 0x04u
#define PGI_FLAG_CLIPPED 0x08u

/* CONTROL opcodes and response marker */
#define PGI_OP_GET_INFO 0x01u
#define PGI_OP_SET_CONFIG 0x02u
#define PGI_OP_START 0x03u
#define PGI_OP_STOP 0x04u
#define PGI_OP_TIME_SYNC 0x05u
#define PGI_OP_GET_STATUS 0x06u
#define PGI_OP_GYRO_BIAS_CAL 0x07u
#define PGI_RESPONSE 0xF0u

/* CONTROL status codes */
#define PGI_STATUS_OK 0u
#define PGI_STATUS_UNKNOWN_OP 1u
#define PGI_STATUS_BAD_PARAM 2u
#define PGI_STATUS_BAD_STATE 3u
#define PGI_STATUS_UNSUPPORTED 4u
#define PGI_STATUS_BUSY 5u

/* GET_INFO mounting codes */
#define PGI_MOUNT_UNKNOWN 0u
#define PGI_MOUNT_WAISTBAND_CLIP 1u
#define PGI_MOUNT_STRAP 2u

/* Payload lengths of README.md "Exact payload layouts" */
#define PGI_INFO_MAX_LIST 8u           /* entries per list a pgi_info_t holds (the wire allows 255) */
#define PGI_INFO_MAX_LEN (8u + 1u + 2u * PGI_INFO_MAX_LIST + 1u + PGI_INFO_MAX_LIST + 1u + 2u * PGI_INFO_MAX_LIST + 1u + 4u)
#define PGI_TIME_SYNC_REQUEST_LEN 8u   /* t1 u64 */
#define PGI_TIME_SYNC_RESPONSE_LEN 16u /* t1 u64, t2 u32, t3 u32 */
#define PGI_STATUS_BODY_LEN 30u        /* GET_STATUS response payload and the STATUS characteristic */
#define PGI_GYRO_BIAS_CAL_REQUEST_LEN 2u
#define PGI_GYRO_BIAS_LEN 6u           /* bias x y z, i16 counts */

/* STATUS body values */
#define PGI_BATTERY_PCT_UNKNOWN 255u
#define PGI_PHY_1M 1u
#define PGI_PHY_2M 2u

/* Errors returned (negative) by the functions below */
#define PGI_ERR_SHORT -1   /* buffer shorter than the header or the samples */
#define PGI_ERR_VERSION -2 /* unknown protocol major version */
#define PGI_ERR_HEADER -3  /* header length below 16 */
#define PGI_ERR_TYPE -4    /* frame type without samples this header knows */
#define PGI_ERR_COUNT -5   /* 0 samples, or more than fit */
#define PGI_ERR_LENGTH -6  /* length does not match n samples */

typedef struct {
  uint8_t type;
  uint8_t n;
  uint16_t seq;
  uint8_t cfg_id;
  uint8_t flags;
  uint32_t idx0;  /* running sample index of the first sample since START */
  uint32_t t0_us; /* device clock of that sample, µs */
} pgi_frame_header_t;

static inline void pgi_put_u16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)(v >> 8);
}
static inline void pgi_put_u32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)((v >> 8) & 0xFFu);
  p[2] = (uint8_t)((v >> 16) & 0xFFu);
  p[3] = (uint8_t)(v >> 24);
}
static inline void pgi_put_u64(uint8_t *p, uint64_t v) {
  pgi_put_u32(p, (uint32_t)(v & 0xFFFFFFFFu));
  pgi_put_u32(p + 4, (uint32_t)(v >> 32));
}
static inline void pgi_put_i16(uint8_t *p, int16_t v) { pgi_put_u16(p, (uint16_t)v); }
static inline void pgi_put_f32(uint8_t *p, float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits); /* IEEE 754 single on every target we build for */
  pgi_put_u32(p, bits);
}
static inline uint16_t pgi_get_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t pgi_get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t pgi_get_u64(const uint8_t *p) { return (uint64_t)pgi_get_u32(p) | ((uint64_t)pgi_get_u32(p + 4) << 32); }
static inline int16_t pgi_get_i16(const uint8_t *p) { return (int16_t)pgi_get_u16(p); }

/* Channels per sample of a frame type, 0 for types without samples. */
static inline unsigned pgi_channels(uint8_t type) {
  return type == PGI_TYPE_IMU6_I16 ? 6u : type == PGI_TYPE_ACC_I16 ? 3u : 0u;
}

/* Samples of `channels` int16 values that fit a notification of `mtu` (ATT payload = MTU − 3). */
static inline unsigned pgi_max_samples(unsigned mtu, unsigned channels) {
  if (mtu < 3u + PGI_HEADER_LEN + 2u * channels) return 0u;
  unsigned n = (mtu - 3u - PGI_HEADER_LEN) / (2u * channels);
  return n > 255u ? 255u : n;
}

/*
 * Encodes a DATA frame of h->n samples (h->n × channels values, interleaved per sample) into buf.
 * Returns the frame length, or a negative PGI_ERR_*.
 */
static inline int pgi_encode_data_frame(uint8_t *buf, size_t cap, const pgi_frame_header_t *h, const int16_t *samples) {
  unsigned ch = pgi_channels(h->type);
  if (ch == 0u) return PGI_ERR_TYPE;
  if (h->n == 0u) return PGI_ERR_COUNT;
  size_t len = PGI_HEADER_LEN + 2u * ch * (size_t)h->n;
  if (cap < len) return PGI_ERR_SHORT;
  buf[0] = (uint8_t)PGI_VERSION;
  buf[1] = h->type;
  buf[2] = (uint8_t)PGI_HEADER_LEN;
  buf[3] = h->n;
  pgi_put_u16(buf + 4, h->seq);
  buf[6] = h->cfg_id;
  buf[7] = h->flags;
  pgi_put_u32(buf + 8, h->idx0);
  pgi_put_u32(buf + 12, h->t0_us);
  for (size_t i = 0; i < ch * (size_t)h->n; i++) pgi_put_u16(buf + PGI_HEADER_LEN + 2u * i, (uint16_t)samples[i]);
  return (int)len;
}

/*
 * Decodes a DATA frame's header and checks its length; *samples_at receives the offset of the first sample value
 * (read them with pgi_get_i16). Returns 0, or a negative PGI_ERR_*.
 */
static inline int pgi_decode_data_frame(const uint8_t *buf, size_t len, pgi_frame_header_t *h, size_t *samples_at) {
  if (len < PGI_HEADER_LEN) return PGI_ERR_SHORT;
  if (buf[0] != PGI_VERSION) return PGI_ERR_VERSION;
  if (buf[2] < PGI_HEADER_LEN) return PGI_ERR_HEADER;
  unsigned ch = pgi_channels(buf[1]);
  if (ch == 0u) return PGI_ERR_TYPE;
  if (buf[3] == 0u) return PGI_ERR_COUNT;
  if (len != (size_t)buf[2] + 2u * ch * buf[3]) return PGI_ERR_LENGTH;
  h->type = buf[1];
  h->n = buf[3];
  h->seq = pgi_get_u16(buf + 4);
  h->cfg_id = buf[6];
  h->flags = buf[7];
  h->idx0 = pgi_get_u32(buf + 8);
  h->t0_us = pgi_get_u32(buf + 12);
  *samples_at = buf[2];
  return 0;
}

/* A CONTROL response: 0xF0, op, request id, status, payload. Returns its length or PGI_ERR_SHORT. */
static inline int pgi_encode_response(uint8_t *buf, size_t cap, uint8_t op, uint8_t req_id, uint8_t status, const uint8_t *payload, size_t payload_len) {
  if (cap < 4u + payload_len) return PGI_ERR_SHORT;
  buf[0] = (uint8_t)PGI_RESPONSE;
  buf[1] = op;
  buf[2] = req_id;
  buf[3] = status;
  if (payload_len > 0u) memcpy(buf + 4, payload, payload_len);
  return (int)(4u + payload_len);
}

/* The SET_CONFIG response payload: cfg id, actual ODR, acc scale (m/s² per count), gyro scale (°/s per count), n. */
static inline size_t pgi_encode_config(uint8_t out[14], uint8_t cfg_id, float odr_hz, float acc_scale_mps2, float gyro_scale_dps, uint8_t n_per_frame) {
  out[0] = cfg_id;
  pgi_put_f32(out + 1, odr_hz);
  pgi_put_f32(out + 5, acc_scale_mps2);
  pgi_put_f32(out + 9, gyro_scale_dps);
  out[13] = n_per_frame;
  return 14u;
}

/* What GET_INFO answers and the INFO characteristic holds. Lists hold n_* entries (at most PGI_INFO_MAX_LIST). */
typedef struct {
  uint8_t major;
  uint8_t minor;
  uint32_t build;
  uint8_t who_am_i; /* the IMU's WHO_AM_I register (0x6A for the LSM6DS3TR-C) */
  uint8_t mounting; /* PGI_MOUNT_* */
  uint8_t n_rates;
  uint16_t rates_hz[PGI_INFO_MAX_LIST];
  uint8_t n_acc;
  uint8_t acc_ranges_g[PGI_INFO_MAX_LIST];
  uint8_t n_gyro;
  uint16_t gyro_ranges_dps[PGI_INFO_MAX_LIST];
  uint8_t max_n;     /* most samples per frame */
  uint32_t clock_hz; /* ticks per second of the frames' t0 clock: 1000000 */
} pgi_info_t;

/* Length of the GET_INFO payload of `info`. */
static inline size_t pgi_info_len(const pgi_info_t *info) {
  return 8u + 1u + 2u * (size_t)info->n_rates + 1u + (size_t)info->n_acc + 1u + 2u * (size_t)info->n_gyro + 1u + 4u;
}

/*
 * The GET_INFO response payload (variable length): major, minor, build, who_am_i, mounting, the three counted lists,
 * max_n, clock_hz. Returns its length, PGI_ERR_COUNT if a list is longer than PGI_INFO_MAX_LIST, or PGI_ERR_SHORT.
 */
static inline int pgi_encode_info(uint8_t *buf, size_t cap, const pgi_info_t *info) {
  if (info->n_rates > PGI_INFO_MAX_LIST || info->n_acc > PGI_INFO_MAX_LIST || info->n_gyro > PGI_INFO_MAX_LIST) return PGI_ERR_COUNT;
  size_t len = pgi_info_len(info);
  if (cap < len) return PGI_ERR_SHORT;
  uint8_t *p = buf;
  p[0] = info->major;
  p[1] = info->minor;
  pgi_put_u32(p + 2, info->build);
  p[6] = info->who_am_i;
  p[7] = info->mounting;
  p += 8;
  *p++ = info->n_rates;
  for (unsigned i = 0; i < info->n_rates; i++, p += 2) pgi_put_u16(p, info->rates_hz[i]);
  *p++ = info->n_acc;
  for (unsigned i = 0; i < info->n_acc; i++) *p++ = info->acc_ranges_g[i];
  *p++ = info->n_gyro;
  for (unsigned i = 0; i < info->n_gyro; i++, p += 2) pgi_put_u16(p, info->gyro_ranges_dps[i]);
  *p++ = info->max_n;
  pgi_put_u32(p, info->clock_hz);
  return (int)len;
}

/* The STATUS body: GET_STATUS response payload and the STATUS characteristic's value. */
typedef struct {
  uint32_t uptime_s;
  uint16_t battery_mv;      /* 0 when unknown */
  uint8_t battery_pct;      /* PGI_BATTERY_PCT_UNKNOWN = unknown */
  int16_t temperature_cdeg; /* 0.01 °C */
  uint32_t fifo_overruns;
  uint32_t tx_queue_full;
  uint32_t samples_dropped;
  uint32_t frames_sent;
  uint16_t conn_interval; /* 1.25 ms units */
  uint16_t mtu;
  uint8_t phy; /* PGI_PHY_1M, PGI_PHY_2M */
} pgi_status_body_t;

static inline size_t pgi_encode_status_body(uint8_t out[PGI_STATUS_BODY_LEN], const pgi_status_body_t *s) {
  pgi_put_u32(out, s->uptime_s);
  pgi_put_u16(out + 4, s->battery_mv);
  out[6] = s->battery_pct;
  pgi_put_i16(out + 7, s->temperature_cdeg);
  pgi_put_u32(out + 9, s->fifo_overruns);
  pgi_put_u32(out + 13, s->tx_queue_full);
  pgi_put_u32(out + 17, s->samples_dropped);
  pgi_put_u32(out + 21, s->frames_sent);
  pgi_put_u16(out + 25, s->conn_interval);
  pgi_put_u16(out + 27, s->mtu);
  out[29] = s->phy;
  return PGI_STATUS_BODY_LEN;
}

/* The TIME_SYNC request payload: the host's t1 (µs, any epoch). Returns 0, or PGI_ERR_SHORT. Longer payloads are
 * accepted (a later minor version may append fields). */
static inline int pgi_decode_time_sync_request(const uint8_t *payload, size_t len, uint64_t *t1_us) {
  if (len < PGI_TIME_SYNC_REQUEST_LEN) return PGI_ERR_SHORT;
  *t1_us = pgi_get_u64(payload);
  return 0;
}

/* The TIME_SYNC response payload: t1 echoed, t2 (device µs when the request arrived), t3 (device µs when this
 * response is queued), both on the clock of the DATA frames' t0_us. */
static inline size_t pgi_encode_time_sync(uint8_t out[PGI_TIME_SYNC_RESPONSE_LEN], uint64_t t1_us, uint32_t t2_us, uint32_t t3_us) {
  pgi_put_u64(out, t1_us);
  pgi_put_u32(out + 8, t2_us);
  pgi_put_u32(out + 12, t3_us);
  return PGI_TIME_SYNC_RESPONSE_LEN;
}

/* The GYRO_BIAS_CAL request payload: how long to average, ms. Returns 0, or PGI_ERR_SHORT. */
static inline int pgi_decode_gyro_bias_cal_request(const uint8_t *payload, size_t len, uint16_t *duration_ms) {
  if (len < PGI_GYRO_BIAS_CAL_REQUEST_LEN) return PGI_ERR_SHORT;
  *duration_ms = pgi_get_u16(payload);
  return 0;
}

/* The GYRO_BIAS_CAL response payload: the bias x, y, z in gyroscope counts, subtracted by the device from then on. */
static inline size_t pgi_encode_gyro_bias(uint8_t out[PGI_GYRO_BIAS_LEN], const int16_t bias[3]) {
  for (unsigned c = 0; c < 3u; c++) pgi_put_i16(out + 2u * c, bias[c]);
  return PGI_GYRO_BIAS_LEN;
}

#endif /* HIPGAIT_PGI_H */
