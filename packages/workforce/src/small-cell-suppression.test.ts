import { describe, expect, it } from 'vitest';
import { suppressSmallCells, type SuppressionCell, type SuppressionEquation } from './small-cell-suppression';

const cells = (counts: Record<string, number>, hidden: string[] = []): SuppressionCell[] =>
  Object.entries(counts).map(([id, count]) => ({ id, count, hidden: hidden.includes(id) }));
const run = (c: SuppressionCell[], e: SuppressionEquation[], threshold = 5) => Object.fromEntries(suppressSmallCells(c, e, threshold).suppressed);

describe('small-cell suppression', () => {
  it('suppresses 1 to threshold−1 people; zero and threshold are shown', () => {
    expect(run(cells({ a: 0, b: 1, c: 4, d: 5 }), [])).toEqual({ b: 'primary', c: 'primary' });
    expect(run(cells({ a: 2, b: 3 }), [], 3)).toEqual({ a: 'primary' });
  });

  it('a lone suppressed part of a published total gets a complement: the smallest other part', () => {
    // 20 = 3 + 7 + 10: showing 7 and 10 would give 3 away.
    expect(run(cells({ t: 20, a: 3, b: 7, c: 10 }), [{ total: 't', parts: ['a', 'b', 'c'] }])).toEqual({ a: 'primary', b: 'secondary' });
  });

  it('no complement when the suppressed parts already add up to the threshold', () => {
    expect(run(cells({ t: 20, a: 3, b: 2, c: 15 }), [{ total: 't', parts: ['a', 'b', 'c'] }])).toEqual({ a: 'primary', b: 'primary' });
  });

  it('two suppressed parts adding up to fewer than the threshold (a small group) get a complement', () => {
    expect(run(cells({ t: 20, a: 1, b: 2, c: 6, d: 11 }), [{ total: 't', parts: ['a', 'b', 'c', 'd'] }])).toEqual({ a: 'primary', b: 'primary', c: 'secondary' });
  });

  it('hidden parts count as unknowns: a published total and part give away a small hidden one', () => {
    // headcount 17, decile known 14: "decile unknown" 3 would be recoverable.
    expect(run(cells({ h: 17, k: 14, u: 3 }, ['u']), [{ total: 'h', parts: ['k', 'u'] }])).toEqual({ k: 'secondary' });
    expect(run(cells({ h: 20, k: 14, u: 6 }, ['u']), [{ total: 'h', parts: ['k', 'u'] }])).toEqual({});
  });

  it('follows derivations across equations (anchor and partnership totals) to the published cells they come from', () => {
    // Sunderland below the rate 4 = (partnership 32 − 23) − (trust 15 − 10).
    const c = cells({ ls: 17, ps: 13, ns: 4, ll: 15, pl: 10, nl: 5, lp: 32, pp: 23, np: 9 });
    const e: SuppressionEquation[] = [
      { total: 'ls', parts: ['ps', 'ns'] },
      { total: 'll', parts: ['pl', 'nl'] },
      { total: 'lp', parts: ['pp', 'np'] },
      { total: 'pp', parts: ['ps', 'pl'] },
      { total: 'np', parts: ['ns', 'nl'] },
      { total: 'lp', parts: ['ls', 'll'] },
    ];
    const suppressed = run(c, e);
    expect(suppressed).toEqual({ ns: 'primary', ps: 'secondary', nl: 'secondary', np: 'secondary', pl: 'secondary' });
    // Whatever is published, 4 cannot be worked out: check every single-unknown chain.
    const known = new Map(c.filter((x) => !(x.id in suppressed)).map((x) => [x.id, x.count]));
    let grew = true;
    while (grew) {
      grew = false;
      for (const { total, parts } of e) {
        const ids = [total, ...parts];
        const unknown = ids.filter((id) => !known.has(id));
        if (unknown.length !== 1) continue;
        const id = unknown[0] as string;
        const value = id === total ? parts.reduce((s, p) => s + (known.get(p) as number), 0) : (known.get(total) as number) - parts.filter((p) => p !== id).reduce((s, p) => s + (known.get(p) as number), 0);
        known.set(id, value);
        grew = true;
      }
    }
    expect(known.has('ns')).toBe(false);
  });

  it('says what is wrong with bad input', () => {
    expect(() => suppressSmallCells(cells({ a: 1 }), [{ total: 'a', parts: ['b'] }], 5)).toThrow(/unknown cell "b"/);
    expect(() => suppressSmallCells([], [], 0)).toThrow(/threshold must be a whole number/);
  });
});
