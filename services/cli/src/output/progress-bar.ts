import cliProgress from 'cli-progress';

/** Progress is silent under vitest unless LOG_LEVEL is set, as the logs are. */
export function progressSilenced(): boolean {
  return Boolean(process.env.VITEST) && !process.env.LOG_LEVEL;
}

/** Where progress goes: stderr by default, so stdout stays for results. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  /** What the bar counts to (it can grow later with `setTotal`). */
  total: number;
  /** The unit of `value`/`total`, shown with the rate (`MB`, `jobs`); `%` shows the percentage alone. */
  unit: string;
  stream?: ProgressStream;
  /** Draw a bar (true on a terminal); otherwise a plain line at every `plainStep` of the total. */
  tty?: boolean;
  /** Share of the total between plain lines (default 0.1: a line at 10%, 20%, …). */
  plainStep?: number;
}

/** One piece of long work's progress: a bar with rate and ETA on a terminal, plain lines elsewhere. */
export interface ProgressBar {
  update(value: number): void;
  increment(by?: number): void;
  setTotal(total: number): void;
  /** A line of its own, printed above the bar on a terminal. */
  log(line: string): void;
  /** Ends the bar (it stays on screen, at its last value). */
  stop(): void;
}

const SILENT: ProgressBar = { update() {}, increment() {}, setTotal() {}, log() {}, stop() {} };

export function progressBar(label: string, options: ProgressBarOptions): ProgressBar {
  if (progressSilenced()) return SILENT;
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  return tty ? terminalBar(label, options, stream) : plainBar(label, options, stream);
}

function formatAmount(value: number): string {
  return value >= 100 || Number.isInteger(value) ? Math.round(value).toLocaleString('en-GB') : value.toFixed(1);
}

function terminalBar(label: string, options: ProgressBarOptions, stream: ProgressStream): ProgressBar {
  const started = Date.now();
  const multi = new cliProgress.MultiBar(
    {
      stream: stream as NodeJS.WritableStream,
      format:
        options.unit === '%'
          ? `${label} [{bar}] {percentage}% | ETA {eta_formatted}`
          : `${label} [{bar}] {percentage}% | {done}/{whole} {unit} | {rate} {unit}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
      // cli-progress redraws only on a TTY; the caller decided this is one.
      noTTYOutput: !stream.isTTY,
    },
    cliProgress.Presets.shades_classic,
  );
  let total = options.total;
  let value = 0;
  const payload = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return { unit: options.unit, done: formatAmount(value), whole: formatAmount(total), rate: formatAmount(value / seconds) };
  };
  const bar = multi.create(total, 0, payload());
  return {
    update(next) {
      value = Math.min(next, total);
      bar.update(value, payload());
    },
    increment(by = 1) {
      this.update(value + by);
    },
    setTotal(next) {
      total = next;
      bar.setTotal(next);
      bar.update(value, payload());
    },
    log(line) {
      multi.log(`${line}\n`);
      multi.update();
    },
    stop() {
      bar.update(value, payload());
      multi.stop();
    },
  };
}

function plainBar(label: string, options: ProgressBarOptions, stream: ProgressStream): ProgressBar {
  const step = options.plainStep ?? 0.1;
  const started = Date.now();
  let total = options.total;
  let value = 0;
  let lastStep = 0;
  const line = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const percent = total > 0 ? Math.floor((value / total) * 100) : 0;
    if (options.unit === '%') return `${label}: ${percent}%`;
    return `${label}: ${formatAmount(value)}/${formatAmount(total)} ${options.unit} (${percent}%, ${formatAmount(value / seconds)} ${options.unit}/s)`;
  };
  return {
    update(next) {
      value = Math.min(next, total);
      const reached = total > 0 ? Math.floor(value / total / step) : 0;
      if (reached > lastStep) {
        lastStep = reached;
        stream.write(`${line()}\n`);
      }
    },
    increment(by = 1) {
      this.update(value + by);
    },
    setTotal(next) {
      total = next;
    },
    log(text) {
      stream.write(`${text}\n`);
    },
    stop() {
      if (total > 0 && lastStep < Math.floor(1 / step)) stream.write(`${line()}\n`);
    },
  };
}
