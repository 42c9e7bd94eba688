import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  runSeconds?: number;
  processes: {
    role: string;
    file: string;
    profiledSeconds: number;
    cpuSeconds: number | null;
    idlePercent: number;
    byPackage: { where: string; percent: number }[];
    topFunctions: { fn: string; where: string; selfPercent: number }[];
  }[];
}

function where(url: string): string {
  if (url === '') return '(native / V8)';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const ours = /\/(packages\/(?:connectors\/)?[^/]+|services\/[^/]+)\//.exec(url);
  if (ours) return ours[1] as string;
  if (url.startsWith('node:')) return 'node core';
  return url.split('/').slice(-2).join('/');
}

/**
 * The main thread's profile in a role's directory. Node names profiles
 * CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile, and the main thread is thread 0;
 * the other threads (tsx's module-loading hooks) are idle while the worker runs.
 */
export function mainThreadProfile(files: readonly string[]): string | null {
  return files.find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? null;
}

/** Self time per function and per package, from each role's main-thread `.cpuprofile` (dir/<role>/, node --cpu-prof). */
export function summariseProfiles(dir: string, processes: { role: string; cpuSeconds: number }[]): ProfileSummary {
  const out: ProfileSummary = { processes: [] };
  if (!existsSync(dir)) return out;
  const roles = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const role of roles) {
    const found = mainThreadProfile(readdirSync(join(dir, role)).sort());
    if (!found) continue;
    const file = join(role, found);
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    let total = 0;
    let idle = 0;
    const byFn = new Map<string, { fn: string; where: string; us: number }>();
    const byPkg = new Map<string, number>();
    for (const [id, us] of self) {
      const node = nodes.get(id);
      if (!node) continue;
      total += us;
      const name = node.callFrame.functionName || '(anonymous)';
      if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
        if (name === '(idle)') idle += us;
      }
      const w = name.startsWith('(') ? name : where(node.callFrame.url);
      const key = `${name}@${node.callFrame.url}:${node.callFrame.lineNumber}`;
      const entry = byFn.get(key) ?? { fn: `${name}:${node.callFrame.lineNumber + 1}`, where: w, us: 0 };
      entry.us += us;
      byFn.set(key, entry);
      byPkg.set(w, (byPkg.get(w) ?? 0) + us);
    }
    const busy = Math.max(1, total - idle);
    out.processes.push({
      role,
      file,
      profiledSeconds: (profile.endTime - profile.startTime) / 1e6,
      cpuSeconds: processes.find((p) => p.role === role)?.cpuSeconds ?? null,
      idlePercent: Math.round((idle / Math.max(1, total)) * 1000) / 10,
      byPackage: [...byPkg.entries()].filter(([w]) => w !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 10).map(([w, us]) => ({ where: w, percent: Math.round((us / busy) * 1000) / 10 })),
      topFunctions: [...byFn.values()].filter((f) => !f.fn.startsWith('(idle)')).sort((a, b) => b.us - a.us).slice(0, 15).map((f) => ({ fn: f.fn, where: f.where, selfPercent: Math.round((f.us / busy) * 1000) / 10 })),
    });
  }
  return out;
}
