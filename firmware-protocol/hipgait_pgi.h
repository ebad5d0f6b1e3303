/*
 * hipgait_pgi.h — PGI v1, the wire protocol of the hipgait sensor firmware (see README.md beside this file).
 *
 * Portable C99, header only, no allocation, no dependence on the host's endianness or alignment: every multi-byte
 * field is written and read byte by byte, little-endian. The firmware encodes DATA frames and CONTROL responses
 * with it; the host's TypeScript codec (src/ingest/pgi.ts) decodes them; both are tested against vectors.json.
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
static inline void pgi_put_f32(uint8_t *p, float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits); /* IEEE 754 single on every target we build for */
  pgi_put_u32(p, bits);
}
static inline uint16_t pgi_get_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t pgi_get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
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

#endif /* HIPGAIT_PGI_H */
