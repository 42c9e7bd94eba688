import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// cwb match-eval through the real bin, on the synthetic truth set and its register.

const cwbBin = fileURLToPath(new URL('../../services/cli/bin/cwb.js', import.meta.url));
const synthetic = (name: string) => fileURLToPath(new URL(`../../packages/matching/eval/synthetic/${name}`, import.meta.url));

describe('cwb match-eval', () => {
  it('prints precision, recall and the calibration, and with --target-precision the threshold sweep and the chosen threshold', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cwbBin, 'match-eval', '--truth', synthetic('truth.csv'), '--register', synthetic('register.csv'), '--target-precision', '0.99', '--json'],
      { env: { ...process.env, LOG_LEVEL: 'warn' } },
    );
    const figures = JSON.parse(stdout) as { precision: number; recall: number; chosen_threshold: number; sweep: { threshold: number; correct: number; predicted: number; precision: number }[] };
    expect([figures.precision, figures.recall]).toEqual([1, 1]);
    expect(figures.sweep.map((p) => p.threshold)).toEqual([0.85, 0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99]);
    // the chosen threshold holds 99% there and above; the one below it does not; the shipped 0.90 is at or above it
    const chosen = figures.sweep.findIndex((p) => p.threshold === figures.chosen_threshold);
    expect(figures.sweep.slice(chosen).filter((p) => p.predicted > 0).every((p) => p.precision >= 0.99)).toBe(true);
    if (chosen > 0) expect(figures.sweep[chosen - 1]!.precision).toBeLessThan(0.99);
    expect(figures.chosen_threshold).toBeLessThanOrEqual(0.9);
    expect(figures.sweep.at(-1)?.correct).toBe(0);

    const text = await promisify(execFile)(process.execPath, [cwbBin, 'match-eval', '--truth', synthetic('truth.csv'), '--register', synthetic('register.csv'), '--target-precision', '0.99']);
    expect(text.stdout).toContain(`precision target 99.0%: threshold ${figures.chosen_threshold.toFixed(2)} holds it`);
  });
});
