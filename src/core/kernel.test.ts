import { describe, expect, it } from "vitest";
import { Kernel } from "./kernel.js";
import { ContactDetector } from "../events/contact.js";

describe("Kernel", () => {
  it("hands out aligned, zeroed, disjoint blocks and refuses to outgrow its memory", () => {
    const k = new Kernel(1024);
    const a = k.alloc(3), b = k.alloc(5);
    expect(a % 16).toBe(0);
    expect(b % 16).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 24);
    expect(Array.from(k.view(b, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(() => k.alloc(1000)).toThrow(/kernel memory exhausted/);
  });

  it("keeps the state of two kernels apart", () => {
    // the same input through a detector in each of two kernels, sample by sample in turns
    const d1 = new ContactDetector({}, new Kernel());
    const d2 = new ContactDetector({}, new Kernel());
    const out1: number[] = [], out2: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = i / 200;
      const x = 1 + 1.6 * Math.cos((2 * Math.PI * t) / 0.35);
      const c1 = d1.push(t, x), c2 = d2.push(t, x);
      if (c1) out1.push(c1.ic_s);
      if (c2) out2.push(c2.ic_s);
    }
    expect(out1.length).toBeGreaterThan(20);
    expect(out2).toEqual(out1);
  });
});
