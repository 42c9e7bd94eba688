import type { ColumnLexicon, LexiconRole } from './column-lexicon';

/** A header cell as the lexicon compares it: its words, and all its letters and digits run together. */
export interface HeaderWords {
  words: string[];
  joined: string;
}

/**
 * `Supplier(Beneficiary) Name` → supplier beneficiary name; `InvoicePaymentDate` → invoice
 * payment date; `Expenses Type` → expense type; the lexicon's rewrites (`excludes VAT` → exvat)
 * applied and its filler words (`in`, `of`, `£`…) dropped.
 */
export function headerWords(name: string, lexicon: ColumnLexicon): HeaderWords {
  let text = name
    .normalize('NFKD')
    .replace(/^(\ufeff|ï»¿)/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  text = ` ${text} `;
  for (const [from, to] of lexicon.rewrite) text = text.split(` ${from} `).join(` ${to} `);
  const filler = new Set(lexicon.filler);
  const words = text
    .split(' ')
    .filter((w) => w !== '' && !filler.has(w))
    .map(singular);
  return { words, joined: words.join('') };
}

function singular(w: string): string {
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}

/** How well one header names one role: the best lexicon entry, and what matched. */
export interface HeaderMatch {
  score: number;
  entry: string;
  typo: boolean;
}

const EXTRA_WORDS_FACTOR = 0.85;
const TYPO_FACTOR = 0.9;

export function matchHeaderToRole(header: HeaderWords, role: LexiconRole): HeaderMatch | null {
  if (header.words.length === 0) return null;
  let best: HeaderMatch | null = null;
  let bestSpecificity = 0;
  for (const entry of role.headers) {
    const words = entry.words.map(singular);
    const vetoed = header.words.some((w) => role.veto.includes(w) && !words.includes(w));
    if (vetoed) continue;
    let score = 0;
    let typo = false;
    if (header.joined === words.join('')) {
      score = entry.score;
    } else {
      const found = words.map((w) => findWord(header.words, w));
      if (found.some((how) => how === null)) continue;
      typo = found.includes('typo');
      const extra = header.words.length > words.length;
      if (extra && entry.exact) continue;
      score = entry.score * (extra ? EXTRA_WORDS_FACTOR : 1) * (typo ? TYPO_FACTOR : 1);
    }
    // The entry naming the most of the header's words wins (`invoice date` over `date`), then the score.
    const specificity = words.length;
    if (!best || specificity > bestSpecificity || (specificity === bestSpecificity && score > best.score)) {
      best = { score, entry: entry.words.join(' '), typo };
      bestSpecificity = specificity;
    }
  }
  return best;
}

function findWord(words: readonly string[], wanted: string): 'exact' | 'typo' | null {
  if (words.includes(wanted)) return 'exact';
  if (wanted.length >= 5 && words.some((w) => w.length >= 5 && withinOneEdit(w, wanted))) return 'typo';
  return null;
}

/** Damerau-Levenshtein distance ≤ 1: one letter changed, added, dropped, or two swapped. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
