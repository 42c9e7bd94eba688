const CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter that splits the sample lines most consistently (same field count on
 * most lines, more than one field). Quoted text is ignored. Returns ',' when nothing decides.
 */
export function detectDelimiter(lines: readonly string[]): string {
  let best: { delimiter: string; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of CANDIDATES) {
    const counts = lines.filter((line) => line.trim() !== '').map((line) => countOutsideQuotes(line, delimiter));
    const frequency = new Map<number, number>();
    for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeCount = 0;
    let mode = 0;
    for (const [count, seen] of frequency) {
      if (seen > modeCount || (seen === modeCount && count > mode)) {
        modeCount = seen;
        mode = count;
      }
    }
    const score = modeCount * 1000 + mode;
    if (mode > 0 && score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}
