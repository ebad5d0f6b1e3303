/**
 * Statistics for late-run fatigue drift: descriptive summaries, the fresh-vs-fatigued mean difference with a
 * moving-block-bootstrap interval, a linear trend with a Newey–West HAC interval, and a single mean-shift change
 * point with an autocorrelation-calibrated test. Pure functions, deterministic (fixed default seeds).
 */
export { autocovariances, binMeans, cv, finiteValues, mean, median, quantile, sd } from "./descriptive.js";
export type { BinMeans } from "./descriptive.js";
export {
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  MAX_BLOCKS_PER_RESAMPLE,
  MIN_N_FOR_CI,
  meanDiffCi,
  politisWhiteBlockLength,
} from "./bootstrap.js";
export type { MeanDiffOptions, MeanDiffResult } from "./bootstrap.js";
export { MIN_N_FOR_TREND_CI, automaticHacLag, linearTrend, studentT975 } from "./trend.js";
export type { LinearTrend, TrendOptions } from "./trend.js";
export {
  DEFAULT_ALPHA,
  DEFAULT_CHANGEPOINT_SEED,
  DEFAULT_MIN_SEGMENT,
  DEFAULT_REPLICATES,
  MIN_N_FOR_CHANGEPOINT,
  singleChangePoint,
} from "./changepoint.js";
export type { ChangePoint, ChangePointOptions } from "./changepoint.js";
