import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';

/** Peak resident set (VmHWM) and CPU seconds of a live process, from /proc (Linux). */
export function procStats(pid: number): { peakRssMb: number; cpuSeconds: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat (index 11 and 12 after the command name), in clock ticks.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { peakRssMb: Math.round(Number(hwm?.[1] ?? 0) / 1024), cpuSeconds: ticks / 100 };
  } catch {
    return null;
  }
}

export interface Watched {
  role: string;
  child: ChildProcess;
  last: { peakRssMb: number; cpuSeconds: number };
  stderr: string[];
}

/** Spawns a process and keeps its latest /proc figures (VmHWM only grows, so the last sample before exit is the peak). */
export function spawnWatched(role: string, command: string, args: string[], env: NodeJS.ProcessEnv): Watched {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const watched: Watched = { role, child, last: { peakRssMb: 0, cpuSeconds: 0 }, stderr: [] };
  const keep = (chunk: Buffer) => {
    watched.stderr.push(chunk.toString());
    if (watched.stderr.length > 200) watched.stderr.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return watched;
}

export function sample(watched: readonly Watched[]): void {
  for (const w of watched) {
    if (w.child.pid === undefined || w.child.exitCode !== null) continue;
    const stats = procStats(w.child.pid);
    if (stats) w.last = stats;
  }
}

/** Samples every `ms` until stopped. */
export function startSampler(watched: readonly Watched[], ms = 200): () => void {
  const timer = setInterval(() => sample(watched), ms);
  return () => {
    clearInterval(timer);
    sample(watched);
  };
}

/** SIGTERM (the worker closes gracefully), then SIGKILL after `graceMs`. */
export async function stop(w: Watched, graceMs = 15_000): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  const exited = once(w.child, 'exit');
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Runs a child to completion, sampling its /proc figures; resolves with its stdout. */
export async function runWatched(role: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; seconds: number; peakRssMb: number; cpuSeconds: number }> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const watched: Watched = { role, child, last: { peakRssMb: 0, cpuSeconds: 0 }, stderr: [] };
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => {
    watched.stderr.push(c.toString());
    if (watched.stderr.length > 200) watched.stderr.shift();
  });
  const stopSampler = startSampler([watched], 100);
  const [code] = (await once(child, 'exit')) as [number | null];
  stopSampler();
  if (code !== 0) throw new Error(`${role} exited with ${code}: ${watched.stderr.join('').slice(-3000)}`);
  return { stdout, seconds: (performance.now() - started) / 1000, ...watched.last };
}
