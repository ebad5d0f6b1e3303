import { describe, expect, it } from "vitest";
import { costModel } from "../../bench/lib/cost-model.js";

describe("costModel (bench: fixed cost and cost per sample)", () => {
  it("recovers the line of runs that lie on one", () => {
    // 0.45 s fixed, 2.5 M samples/s
    const runs = [6e4, 3.6e5, 1.08e6, 2.16e6].map((samples) => ({ samples, seconds: 0.45 + samples / 2.5e6 }));
    const m = costModel(runs)!;
    expect(m.fixed_s).toBeCloseTo(0.45, 12);
    expect(1 / m.perSample_s).toBeCloseTo(2.5e6, 3);
    expect(m.runs).toBe(4);
  });

  it("fits the least-squares line through scattered runs", () => {
    // residuals +0.02, −0.02, −0.02, +0.02 about 0.3 + n × 1e-7 sum to zero and are orthogonal to n − mean(n)
    const base = [1e6, 2e6, 3e6, 4e6];
    const noise = [0.02, -0.02, -0.02, 0.02];
    const m = costModel(base.map((samples, i) => ({ samples, seconds: 0.3 + samples * 1e-7 + noise[i]! })))!;
    expect(m.fixed_s).toBeCloseTo(0.3, 12);
    expect(m.perSample_s).toBeCloseTo(1e-7, 18);
  });

  it("gives no line for one run, for runs of one length, or for times that fall with length", () => {
    expect(costModel([{ samples: 1e6, seconds: 1 }])).toBeNull();
    expect(costModel([{ samples: 1e6, seconds: 1 }, { samples: 1e6, seconds: 1.2 }])).toBeNull();
    expect(costModel([{ samples: 1e6, seconds: 1 }, { samples: 2e6, seconds: 0.9 }])).toBeNull();
  });
});
