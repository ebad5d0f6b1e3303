/**
 * The fast row loop of the CSV session reader (src/session/parser.ts, RowParser), compiled ahead of time so that it
 * runs at full speed from the first byte (no V8 warm-up, no discarded compiled loops).
 *
 * `rows` parses complete lines (each ending in `\n`, optionally `\r\n`) whose fields are all plain decimals
 * `-?digits[.digits]` separated by `,`, and stops WITHOUT consuming it at the first line that is anything else
 * (blank, comment, `+`, `.5`, an exponent, quotes, spaces, too many or too few fields, a mantissa of 2^53 or more,
 * more than 22 decimals), which the JavaScript general loop then handles or reports. Field f of the k-th row parsed
 * is stored at out + f*stride + 8k, the row's 1-based line number at out + fields*stride + 8k. The caller lays out
 * this memory (input regions, the output columns) after `heapBase()`; the kernel reads up to OVERREAD bytes past
 * the end of a region (never using them), so that much memory must follow every region.
 *
 * Two methods. `slowRow`, the byte-by-byte loop of the earlier versions, defines which lines are taken and their
 * values. `fastRow` takes a subset of them, the lines whose fields are all at most 15 bytes long (sign and point
 * included), with 128-bit SIMD instead of a branch per byte; a line it declines goes to slowRow, which takes or
 * rejects it as before, so the lines taken, their values and the lines left to JavaScript are the same (after a
 * declined line, slowRow alone takes the next SLOW_RUN lines: on files fastRow cannot take it costs little). fastRow:
 *  - finds the field ends 64 bytes of the line at a time: one compare and bitmask per 16 bytes marks every byte
 *    below `-` as a signed byte (`,`, `\r`, `\n`, also spaces, quotes, `+`, non-ASCII), and the fields end at the
 *    successive set bits (ctz, then clearing the lowest bit), so no branch depends on the digits and the next
 *    field's start depends on the mask only (the byte loop costs ~8 instructions a digit; a SWAR loop that finds
 *    each digit run's end with ctz chains every field on the one before, and measured slower than the byte loop);
 *  - reads a field of L <= 15 bytes at i with one 16-byte load; its length, sign (byte 0 `-`) and first point (a
 *    bitmask) select one of 2*16*17 forms (TABLE, built at instantiation): a byte shuffle that drops the sign and the
 *    point and right-aligns the digits, and the divisor +-10^d; a form that is not -?digits[.digits] however its
 *    bytes look (`-`, `.5`, `-.`, an empty field) has a shuffle that keeps the delimiter byte, so the check fails;
 *  - takes the first field alone (the time column, often longer) and then two at a time: the digits (bytes minus
 *    `0`) must all be <= 9 (else the line is declined: another point, a `-` inside, an `e`...); then M comes from
 *    multiply-adds, the SIMD form of the "8 digits at once" method (D. Lemire, "Faster parsing of 8 digits", 2022;
 *    W. Mula and D. Lemire's SIMD number parsing): 10*d + d of byte pairs in 16-bit lanes, then x100 and x10^4 sums
 *    of neighbours (i32x4.dot_i16x8_s). Two fields of at most 8 bytes share one vector (8 digits each); longer ones
 *    have a vector each, and M = hi*10^8 + lo from their high 7 and low 8 digits;
 *  - checks the byte after each field: `,`, and `\n` or `\r\n` after the last, as slowRow does.
 *
 * Exactness: a field with integer part I (its digits read as an integer) and d decimals F is accepted only if
 * I < 2^53, d <= 22 and M = I*10^d + F < 2^53, and then its value is the double M / 10^d (negated for `-`). M is
 * an integer below 2^53, so it is exact as a double, and 10^d (d <= 22) is exact too; the division of two exact
 * doubles is rounded once, correctly, so the value is the double nearest to the decimal, which is what Number()
 * gives. slowRow is the arithmetic of the JavaScript fast loop it replaced, step for step: I and F are accumulated
 * in i64 (exact for up to 18 digits; longer digit runs, rare, are re-read in a saturating way for I and as doubles,
 * as the JavaScript did, for F, so an i64 never overflows into a wrong accept), and M is formed as the double
 * I*10^d + F, whose comparison with 2^53 decides exactly as for the exact integer (rounding is monotonic and 2^53
 * is a double). fastRow takes fields of at most 15 digits, so I and M are below 10^15 < 2^53 and d <= 14: slowRow
 * would take them too, and its double M (I*10^d and the sum are exact below 2^53) is the integer M. fastRow forms
 * that integer exactly (the 32-bit parts hi < 10^7 and lo < 10^8 convert exactly, hi*10^8 and hi*10^8 + lo are
 * integers below 2^53) and divides it by +-10^d: IEEE-754 division rounds the magnitude the same whatever the
 * signs, so M / -10^d is -(M / 10^d) bit for bit (-0 for M = 0, as slowRow's negation), and M / 1 = M for d = 0,
 * where slowRow does not divide. WebAssembly doubles are IEEE-754 binary64 with round-to-nearest-even and no fused
 * multiply-add, so the same operations give the same bits as in JavaScript.
 */

/** 2^53: every integer below it is exact as a double. */
const MAX_EXACT_F: f64 = 9007199254740992.0;
const MAX_EXACT_I: i64 = 9007199254740992;

/** Exact powers of ten 10^0 ... 10^22 (all exactly representable as doubles). */
const POW10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
]);

/** Returned by the helpers for a line the fast loop does not take (input never lies at address 0). */
const FAIL: usize = 0;

/** Rows stored by the last call of `rows`. */
export let parsedRows: i32 = 0;

/** First byte of memory free for the caller's layout (after the static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** The integer part [from, to) of more than 18 digits, saturated at 2^53 (any value >= 2^53 is rejected alike). */
function longInt(from: usize, to: usize): i64 {
  let v: i64 = 0;
  for (let i = from; i < to; i++) {
    if (v < MAX_EXACT_I) v = v * 10 + <i64>(<i32>load<u8>(i) - 48);
  }
  return v;
}

/** Decimals [from, to) of more than 18 digits, accumulated as doubles exactly as the JavaScript loop did. */
function longFrac(from: usize, to: usize): f64 {
  let v: f64 = 0;
  for (let i = from; i < to; i++) v = v * 10 + <f64>(<i32>load<u8>(i) - 48);
  return v;
}

/**
 * The general method, byte by byte, for lines fastRow does not take: parses one line at `i` into the output row at
 * `dst` (field f at dst + f*stride). Returns the position after the line's `\n`, or FAIL if the line is not one the
 * fast loop takes. (The row loop of the previous versions, unchanged: it defines which lines the kernel takes.
 * Inlined into `rows` as before: as a function of its own it cost ~5% more on lines fastRow declines.)
 */
// @ts-ignore: decorator
@inline function slowRow(i: usize, last: i32, dst: usize, stride: usize): usize {
  for (let f = 0; ; f++) {
    let c = <i32>load<u8>(i);
    const neg = c == 45; // '-'
    if (neg) c = <i32>load<u8>(++i);
    let d = c - 48;
    if (<u32>d > 9) return FAIL; // also blank and comment lines, quotes, spaces, '+', '.5'
    const intStart = i;
    let ip: i64 = d;
    d = <i32>load<u8>(++i) - 48;
    while (<u32>d < 10) {
      ip = ip * 10 + d;
      d = <i32>load<u8>(++i) - 48;
    }
    if (i - intStart > 18) ip = longInt(intStart, i);
    if (ip >= MAX_EXACT_I) return FAIL;
    let value = <f64>ip;
    if (d == -2) {
      // '.'
      const fracStart = i + 1;
      let fp: i64 = 0;
      d = <i32>load<u8>(++i) - 48;
      while (<u32>d < 10) {
        fp = fp * 10 + d;
        d = <i32>load<u8>(++i) - 48;
      }
      const scale = i - fracStart;
      if (scale > 0) {
        if (scale > 22) return FAIL;
        const p = load<f64>(POW10 + (scale << 3));
        const fpd = scale > 18 ? longFrac(fracStart, i) : <f64>fp;
        const mant = value * p + fpd;
        if (!(mant < MAX_EXACT_F)) return FAIL;
        value = mant / p;
      }
    }
    store<f64>(dst + <usize>f * stride, neg ? -value : value);
    if (f < last) {
      if (d != -4) return FAIL; // not ','
      i++;
      continue;
    }
    if (d == -35) d = <i32>load<u8>(++i) - 48; // '\r'
    if (d != -38) return FAIL; // not '\n'
    return i + 1;
  }
}

/**
 * Bytes the kernel may read past the end of a region: fastRow's 64-byte block loads start at most at the line's
 * `\n` (src/session/parser.ts leaves at least this much memory after every region it passes).
 */
export const OVERREAD: i32 = 64;

/** Fields fastRow takes are at most this long (sign and point included): up to 15 digits, so M < 10^15 < 2^53. */
const MAX_FIELD: usize = 15;

/**
 * The table of field forms, by sign s (0, 1), field length L (0...15) and position k of the first `.` in the field's
 * 16 bytes (0...16: 16 for none; k >= L: the field has no point): 32 bytes at TABLE + ((s*16 + L)*17 + k)*32, the
 * i8x16.swizzle that right-aligns the field's digits in 16 bytes (index 0xff: a zero byte), then the divisor 10^d
 * (d decimals, negative for a `-` sign). One offset addresses both, with the two parts as constant load offsets.
 */
const TABLE: usize = memory.data(2 * 16 * 17 * 32, 16);
/** Offset of a form's divisor in its entry. */
const DIVISOR = 16;

// Fills the table when the module is instantiated (AssemblyScript runs top-level statements in the start function).
for (let neg = 0; neg < 2; neg++) {
  for (let len = 0; len < 16; len++) {
    for (let k = 0; k <= 16; k++) {
      const at = TABLE + (((neg * 16 + len) * 17 + k) << 5);
      const dot = k < len;
      const n = len - neg; // bytes after the sign
      const ndig = dot ? n - 1 : n;
      // -?digits[.digits]: a digit before the point, none of `-`, `-.`, `.5`, `` (the point at k > neg).
      const plain = ndig >= 1 && (!dot || k > neg);
      for (let j = 0; j < 16; j++) store<u8>(at + j, 0xff);
      let p = 1.0;
      if (plain) {
        let src = neg;
        for (let j = 0; j < ndig; j++) {
          if (dot && src == k) src++;
          store<u8>(at + 16 - ndig + j, <u8>src);
          src++;
        }
        if (dot) p = load<f64>(POW10 + ((len - 1 - k) << 3));
      } else {
        store<u8>(at + 15, <u8>len); // the field's delimiter, a byte below `-`: fails the digit check
      }
      store<f64>(at + DIVISOR, neg ? -p : p);
    }
  }
}

/**
 * Vector constants, loaded from memory at their use: V8 rebuilds a v128.const from general registers (three
 * instructions) at every use inside a loop.
 */
const VC: usize = memory.data(11 * 16, 16);
v128.store(VC, i8x16.replace_lane(i8x16.splat(0x2e), 0, 0x2d)); // '-', then '.' (entryOf)
v128.store(VC, i8x16.splat(0x30), 16); // '0'
v128.store(VC, i8x16.splat(0x76), 32); // 9 + 0x76 = 0x7f: a byte value above 9 sets the top bit (saturating add)
v128.store(VC, i16x8.splat(0xff), 48); // the low byte of 16-bit lanes
v128.store(VC, i16x8.splat(10), 64);
v128.store(VC, i16x8(100, 1, 100, 1, 100, 1, 100, 1), 80);
v128.store(VC, i16x8(10000, 1, 10000, 1, 10000, 1, 10000, 1), 96);
v128.store(VC, f64x2.splat(1e8), 112);
v128.store(VC, i8x16.splat(0x2d), 128); // '-' (ends64)
v128.store(VC, i8x16.splat(-1), 144); // zero lanes of a shuffle
v128.store(VC, f64x2(1e8, 1), 160);

/** Bit j set: byte p + j (j < 64) is below `-` as a signed byte (a delimiter, or a byte no plain field holds). */
// @ts-ignore: decorator
@inline function ends64(p: usize): u64 {
  const minus = v128.load(VC, 128);
  return (
    <u64><u32>i8x16.bitmask(i8x16.lt_s(v128.load(p), minus)) |
    (<u64><u32>i8x16.bitmask(i8x16.lt_s(v128.load(p, 16), minus)) << 16) |
    (<u64><u32>i8x16.bitmask(i8x16.lt_s(v128.load(p, 32), minus)) << 32) |
    (<u64><u32>i8x16.bitmask(i8x16.lt_s(v128.load(p, 48), minus)) << 48)
  );
}

/** The offset in TABLE of the form of a field of `len` bytes (<= 15) whose first 16 bytes are `v`. */
// @ts-ignore: decorator
@inline function entryOf(v: v128, len: usize): usize {
  // Lane 0 compared with '-', the others with '.': the sign, then the first point after it (a point in lane 0 is
  // missed, and then kept as a digit by the shuffle, which fails the check as it should).
  const m = <usize>i8x16.bitmask(i8x16.eq(v, v128.load(VC)));
  return (((m & 1) << 4) + len) * (17 * 32) + (<usize>ctz((m & 0xfffe) | 0x10000) << 5);
}

/** The digits of a field (first 16 bytes `v`, form `entry`), right-aligned in 16 bytes, 0...9 if plain. */
// @ts-ignore: decorator
@inline function digits16(v: v128, entry: usize): v128 {
  return i8x16.swizzle(i8x16.sub(v, v128.load(VC, 16)), v128.load(entry, TABLE));
}

/** The same for a field of at most 8 digits, right-aligned in bytes 0...7 (the upper 8 bytes zero). */
// @ts-ignore: decorator
@inline function digits8low(v: v128, entry: usize): v128 {
  const pat = v128.load(entry, TABLE);
  return i8x16.swizzle(i8x16.sub(v, v128.load(VC, 16)), i64x2.shuffle(pat, v128.load(VC, 144), 1, 2));
}

/** True if some byte of `x` is not a digit value 0...9. */
// @ts-ignore: decorator
@inline function notDigits(x: v128): bool {
  return i8x16.bitmask(i8x16.add_sat_u(x, v128.load(VC, 32))) != 0;
}

/** Digit pairs 10*d[2j] + d[2j+1] of 16 digit values, in 16-bit lanes. */
// @ts-ignore: decorator
@inline function pairs(x: v128): v128 {
  return i16x8.add(i16x8.mul(v128.and(x, v128.load(VC, 48)), v128.load(VC, 64)), i16x8.shr_u(x, 8));
}

/** Two fields of at most 8 digits (bytes 0...7 and 8...15 of `x`) divided by `divisors`: their two values. */
// @ts-ignore: decorator
@inline function values8(x: v128, divisors: v128): v128 {
  const quads = i32x4.dot_i16x8_s(pairs(x), v128.load(VC, 80));
  const m = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(quads, quads), v128.load(VC, 96));
  return f64x2.div(f64x2.convert_low_i32x4_s(m), divisors);
}

/** Two fields of at most 15 digits (16 bytes each) divided by `divisors`: their two values. */
// @ts-ignore: decorator
@inline function values16(xA: v128, xB: v128, divisors: v128): v128 {
  const hundred = v128.load(VC, 80);
  const quads = i16x8.narrow_i32x4_s(i32x4.dot_i16x8_s(pairs(xA), hundred), i32x4.dot_i16x8_s(pairs(xB), hundred));
  const w = i32x4.dot_i16x8_s(quads, v128.load(VC, 96)); // A's high 7 and low 8 digits, B's
  const hi = f64x2.convert_low_i32x4_s(i32x4.shuffle(w, w, 0, 2, 0, 2));
  const lo = f64x2.convert_low_i32x4_s(i32x4.shuffle(w, w, 1, 3, 1, 3));
  return f64x2.div(f64x2.add(f64x2.mul(hi, v128.load(VC, 112)), lo), divisors);
}

/** One field of at most 15 digits divided by `divisor` (lane 0 of each): its value, in lane 0. */
// @ts-ignore: decorator
@inline function value16(x: v128, divisor: v128): v128 {
  const quads = i32x4.dot_i16x8_s(pairs(x), v128.load(VC, 80));
  const w = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(quads, quads), v128.load(VC, 96)); // high 7, low 8 digits
  const parts = f64x2.mul(f64x2.convert_low_i32x4_s(w), v128.load(VC, 160)); // hi * 10^8, lo
  return f64x2.div(f64x2.add(parts, i64x2.shuffle(parts, parts, 1, 0)), divisor);
}

/** The position after the line end (`\n` or `\r\n`) at `e`, or FAIL. */
// @ts-ignore: decorator
@inline function lineEnd(e: usize): usize {
  let d = load<u8>(e);
  if (d == 13) d = load<u8>(++e); // '\r'
  return d == 10 ? e + 1 : FAIL;
}

/** The digits of a lone field of `len` <= 15 bytes (first 16 bytes `v`, form `entry`), for value1. */
// @ts-ignore: decorator
@inline function digits1(v: v128, len: usize, entry: usize): v128 {
  return len <= 8 ? digits8low(v, entry) : digits16(v, entry);
}

/** The value of a lone field from its digits1 (in lane 0; lane 1 holds nothing). */
// @ts-ignore: decorator
@inline function value1(x: v128, len: usize, entry: usize): v128 {
  const divisor = v128.load64_zero(entry, TABLE + DIVISOR);
  return len <= 8 ? values8(x, divisor) : value16(x, divisor);
}

/**
 * Parses the line at `p` like slowRow if all its fields are plain and at most MAX_FIELD bytes long (see the file
 * header): the first field alone (the time column, often longer), then two at a time; returns the position after
 * its `\n`, or FAIL (the output row may then hold some of its fields) for slowRow to parse or reject it.
 */
// @ts-ignore: decorator
@inline function fastRow(p: usize, last: i32, dst: usize, stride: usize): usize {
  let base = p;
  let ends = ends64(base);
  let to = dst;
  let e = base + <usize>ctz(ends); // p + 64 if no delimiter in 64 bytes: then too long
  ends &= ends - 1;
  let len = e - p;
  if (len > MAX_FIELD) return FAIL;
  let v = v128.load(p);
  let entry = entryOf(v, len);
  let x = digits1(v, len, entry);
  if (notDigits(x)) return FAIL;
  v128.store64_lane(to, value1(x, len, entry), 0);
  if (last == 0) return lineEnd(e);
  if (load<u8>(e) != 44) return FAIL; // not ','
  let i = e + 1;
  to += stride;
  let pairsLeft = last >> 1;
  for (; pairsLeft > 0; pairsLeft--) {
    if (ends == 0) ends = ends64((base += 64));
    const eA = base + <usize>ctz(ends);
    ends &= ends - 1;
    const lenA = eA - i;
    if (lenA > MAX_FIELD) return FAIL;
    if (load<u8>(eA) != 44) return FAIL; // not ','
    const vA = v128.load(i);
    const entryA = entryOf(vA, lenA);
    i = eA + 1;
    if (ends == 0) ends = ends64((base += 64));
    e = base + <usize>ctz(ends);
    ends &= ends - 1;
    const lenB = e - i;
    if (lenB > MAX_FIELD) return FAIL;
    const vB = v128.load(i);
    const entryB = entryOf(vB, lenB);
    const divisors = v128.load64_lane(entryB, v128.load64_zero(entryA, TABLE + DIVISOR), 1, TABLE + DIVISOR);
    let values: v128;
    if (((lenA + 7) | (lenB + 7)) < 16) {
      // Both at most 8 bytes, so at most 8 digits: both in one vector.
      x = v128.or(digits8low(vA, entryA), digits16(vB, entryB));
      if (notDigits(x)) return FAIL;
      values = values8(x, divisors);
    } else {
      const xA = digits16(vA, entryA);
      const xB = digits16(vB, entryB);
      if (notDigits(i8x16.max_u(xA, xB))) return FAIL;
      values = values16(xA, xB, divisors);
    }
    v128.store64_lane(to, values, 0);
    v128.store64_lane(to + stride, values, 1);
    if (load<u8>(e) != 44) break; // the line end if B is the last field
    i = e + 1;
    to += stride << 1;
  }
  if (pairsLeft > 0) return pairsLeft == 1 && (last & 1) == 0 ? lineEnd(e) : FAIL; // else no ',' after B
  if ((last & 1) == 0) return FAIL; // a ',' after the last field
  if (ends == 0) ends = ends64((base += 64));
  e = base + <usize>ctz(ends);
  len = e - i;
  if (len > MAX_FIELD) return FAIL;
  v = v128.load(i);
  entry = entryOf(v, len);
  x = digits1(v, len, entry);
  if (notDigits(x)) return FAIL;
  v128.store64_lane(to, value1(x, len, entry), 0);
  return lineEnd(e);
}

/** Lines parsed by slowRow after fastRow declines one, before fastRow is tried again (it costs when it declines). */
const SLOW_RUN = 15;

/**
 * Parses lines of [pos, end) (complete lines) of `fields` fields each until the region ends, `maxRows` rows are
 * stored or a line is not one the fast loop takes. Rows go to the output columns at `out` (`stride` bytes apart,
 * the line numbers, from `lineNo` on, in column `fields`). Returns the position of the first line not parsed and
 * leaves the number of rows stored in `parsedRows`.
 */
export function rows(pos: usize, end: usize, fields: i32, maxRows: i32, lineNo: f64, out: usize, stride: usize): usize {
  const last = fields - 1;
  const stop = out + (<usize>maxRows << 3);
  let dst = out;
  let slow = 0;
  while (pos < end && dst < stop) {
    let next = FAIL;
    if (slow == 0) {
      next = fastRow(pos, last, dst, stride);
      if (next == FAIL) slow = SLOW_RUN + 1;
    }
    if (next == FAIL) {
      next = slowRow(pos, last, dst, stride);
      if (next == FAIL) break;
      slow--;
    }
    dst += 8;
    pos = next;
  }
  // The line numbers, after the loop (one less value to keep in registers in it).
  const n = <i32>((dst - out) >> 3);
  const lines = out + <usize>fields * stride;
  for (let k = 0; k < n; k++) store<f64>(lines + (<usize>k << 3), lineNo + <f64>k);
  parsedRows = n;
  return pos;
}
