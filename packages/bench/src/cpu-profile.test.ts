import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mainThreadProfile, summariseProfiles } from './cpu-profile';

const dir = mkdtempSync(join(tmpdir(), 'cwb-cpu-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CPU profiles of worker processes', () => {
  it('reads the main thread of a process run through tsx, not the idle module-hooks thread', () => {
    // A TypeScript script under tsx, as the bench runs cwb-worker: tsx's hooks thread writes a
    // second, almost idle profile into the same directory.
    const script = join(dir, 'busy.ts');
    writeFileSync(
      script,
      `function busyHashing(ms: number): number {\n  const end = Date.now() + ms;\n  let h = 0;\n  while (Date.now() < end) for (let i = 0; i < 1e5; i++) h = (h * 31 + i) | 0;\n  return h;\n}\nconsole.log(busyHashing(600));\n`,
    );
    const profDir = join(dir, 'profiles');
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', join(profDir, 'extract-1'), '--import', 'tsx', script], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const files = readdirSync(join(profDir, 'extract-1'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(mainThreadProfile(files)).toMatch(/\.0\.\d+\.cpuprofile$/);

    const summary = summariseProfiles(profDir, [{ role: 'extract-1', cpuSeconds: 0.7 }]);
    expect(summary.processes.map((p) => p.role)).toEqual(['extract-1']);
    const [process_] = summary.processes;
    expect(process_?.idlePercent).toBeLessThan(50);
    expect(process_?.topFunctions[0]?.fn).toMatch(/^busyHashing:/);
    expect(process_?.cpuSeconds).toBe(0.7);
  });

  it('skips a role whose directory holds no main-thread profile', () => {
    const profDir = join(dir, 'empty');
    execFileSync('mkdir', ['-p', join(profDir, 'load')]);
    writeFileSync(join(profDir, 'load', 'CPU.20260101.000000.1.1.002.cpuprofile'), '{}');
    expect(summariseProfiles(profDir, []).processes).toEqual([]);
  });
});
