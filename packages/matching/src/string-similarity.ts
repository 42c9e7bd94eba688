/** Jaro-Winkler similarity in [0, 1] (1 = identical), prefix scale 0.1 over up to 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const aMatched = new Uint8Array(la);
  const bMatched = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const start = Math.max(0, i - window);
    const end = Math.min(lb - 1, i + window);
    for (let j = start; j <= end; j++) {
      if (bMatched[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Token overlap weighted by rarity: the share of the two names' combined information (sum of
 * token weights) that they have in common. A ledger name cut short by a field limit
 * ("ASSOCIAT") counts its last token as shared when it is a prefix (4+ characters) of a token
 * of the other name; a plural/singular pair counts 0.9 and a close misspelling of a long word
 * (Jaro-Winkler 0.93 or more) 0.8 of the token's weight.
 */
export function weightedTokenOverlap(supplierTokens: readonly string[], candidateTokens: readonly string[], weight: (token: string) => number): number {
  const candidate = new Set(candidateTokens);
  let shared = 0;
  let total = 0;
  const matchedCandidate = new Set<string>();
  const claim = (token: string | undefined, share: number) => {
    if (token === undefined) return false;
    shared += share;
    matchedCandidate.add(token);
    return true;
  };
  supplierTokens.forEach((token, index) => {
    const w = weight(token);
    total += w;
    if (candidate.has(token)) return void claim(token, w);
    const free = candidateTokens.filter((c) => !matchedCandidate.has(c) && !supplierTokens.includes(c));
    // A plural or singular form of the same word ("SEEKER" / "SEEKERS", "DISABILITY" / "DISABILITIES").
    if (claim(free.find((c) => isPluralPair(token, c)), 0.9 * w)) return;
    // The ledger's field limit cut the last word short ("ASSOCIAT").
    if (index === supplierTokens.length - 1 && token.length >= 4 && claim(free.find((c) => c.startsWith(token)), w)) return;
    // A misspelling of a long word ("ACCOMODATION").
    if (token.length >= 6) claim(free.find((c) => c.length >= 6 && jaroWinkler(token, c) >= 0.93), 0.8 * w);
  });
  for (const token of candidate) if (!matchedCandidate.has(token)) total += weight(token);
  return total === 0 ? 0 : shared / total;
}

/** One word the plural of the other: +S ("CENTRE" / "CENTRES"), Y → IES ("CHARITY" / "CHARITIES"). */
export function isPluralPair(a: string, b: string): boolean {
  const plural = (one: string, many: string) => many === `${one}S` || (one.length > 3 && one.endsWith('Y') && many === `${one.slice(0, -1)}IES`);
  return plural(a, b) || plural(b, a);
}

/**
 * Edits between two words (insert, delete, substitute, or swap two neighbouring letters: the
 * optimal-string-alignment form of Damerau–Levenshtein), giving up past `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}
