/**
 * The fast row loop of the CSV session reader (src/session/parser.ts, RowParser), compiled ahead of time so that it
 * runs at full speed from the first byte (no V8 warm-up, no discarded compiled loops).
 *
 * `rows` parses complete lines (each ending in `\n`, optionally `\r\n`) whose fields are all plain decimals
 * `-?digits[.digits]` separated by `,`, and stops WITHOUT consuming it at the first line that is anything else
 * (blank, comment, `+`, `.5`, an exponent, quotes, spaces, too many or too few fields, a mantissa of 2^53 or more,
 * more than 22 decimals), which the JavaScript general loop then handles or reports. Field f of the k-th row parsed
 * is stored at out + f*stride + 8k, the row's 1-based line number at out + fields*stride + 8k. The caller lays out
 * this memory (input regions, the output columns) after `heapBase()` and never reads past the region's last `\n`.
 *
 * Exactness: a field with integer part I (its digits read as an integer) and d decimals F is accepted only if
 * I < 2^53, d <= 22 and M = I*10^d + F < 2^53, and then its value is the double M / 10^d (negated for `-`). M is
 * an integer below 2^53, so it is exact as a double, and 10^d (d <= 22) is exact too; the division of two exact
 * doubles is rounded once, correctly, so the value is the double nearest to the decimal, which is what Number()
 * gives. This is the arithmetic of the JavaScript fast loop it replaces, step for step: I and F are accumulated
 * in i64 (exact for up to 18 digits; longer digit runs, rare, are re-read in a saturating way for I and as doubles,
 * as the JavaScript did, for F, so an i64 never overflows into a wrong accept), and M is formed as the double
 * I*10^d + F, whose comparison with 2^53 decides exactly as for the exact integer (rounding is monotonic and 2^53
 * is a double). WebAssembly doubles are IEEE-754 binary64 with round-to-nearest-even and no fused multiply-add, so
 * the same operations give the same bits as in JavaScript.
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
 * Parses one line at `i` into the output row at `dst` (field f at dst + f*stride). Returns the position after the
 * line's `\n`, or FAIL if the line is not one the fast loop takes.
 */
// @ts-ignore: decorator
@inline function row(i: usize, last: i32, dst: usize, stride: usize): usize {
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
 * Parses lines of [pos, end) (complete lines) of `fields` fields each until the region ends, `maxRows` rows are
 * stored or a line is not one the fast loop takes. Rows go to the output columns at `out` (`stride` bytes apart,
 * the line numbers, from `lineNo` on, in column `fields`). Returns the position of the first line not parsed and
 * leaves the number of rows stored in `parsedRows`.
 */
export function rows(pos: usize, end: usize, fields: i32, maxRows: i32, lineNo: f64, out: usize, stride: usize): usize {
  const last = fields - 1;
  const lines = out + <usize>fields * stride;
  let n: i32 = 0;
  while (pos < end && n < maxRows) {
    const next = row(pos, last, out + (<usize>n << 3), stride);
    if (next == FAIL) break;
    store<f64>(lines + (<usize>n << 3), lineNo);
    lineNo += 1;
    n++;
    pos = next;
  }
  parsedRows = n;
  return pos;
}
