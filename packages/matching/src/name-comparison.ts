import { editDistance } from './string-similarity';

/**
 * How two normalised names relate, word by word, as a person reading them would see it:
 * an acronym written beside the name it stands for ("CGL CHANGE GROW LIVE"), a word written
 * short ("PAEDS", "LANCS", "HCARE") or as initials ("CVS" for COUNCIL FOR VOLUNTARY SERVICE),
 * and one name being the other with words added ("SUE RYDER CARE LECKHAMPTON" / "SUE RYDER").
 * The supplier matcher scores these relations with the named figures of model/name-scores.yaml.
 */

/** Small words an acronym usually skips ("RNIB": Royal National Institute (of the) Blind). */
export const SKIPPABLE: ReadonlySet<string> = new Set(['OF', 'THE', 'AND', 'FOR', 'IN', 'ON', 'AT', 'TO']);

/** The longest acronym read as the initials of a run of words (`HQIP`, `ICNARC`). */
export const MAX_ACRONYM_LENGTH = 6;

const isWord = (token: string) => /^[A-Z]+$/.test(token);

/** The initials of a run of tokens, without and with the small words. */
function initialsOf(run: readonly string[]): string[] {
  const all = run.map((t) => t[0]).join('');
  const content = run.filter((t) => !SKIPPABLE.has(t)).map((t) => t[0]).join('');
  return all === content ? [all] : [content, all];
}

/**
 * A token is an acronym of its neighbours when it spells the initials of the run of words
 * right after or right before it ("WYCCP" after WEST YORKSHIRE COMMUNITY CHAPLAINCY PROJECT,
 * "WWT" before WOMEN WORKING TOGETHER). Such a token repeats the name and is dropped.
 */
export function withoutRepeatedAcronyms(tokens: readonly string[]): string[] {
  const drop = new Set<number>();
  tokens.forEach((token, i) => {
    if (token.length < 2 || token.length > 8 || !isWord(token) || tokens.length < 3) return;
    for (let n = token.length; n <= token.length + 3; n++) {
      const after = tokens.slice(i + 1, i + 1 + n);
      const before = tokens.slice(Math.max(0, i - n), i);
      for (const run of [after, before]) {
        if (run.length === n && run.length >= 2 && initialsOf(run).includes(token) && run.every((t) => !drop.has(tokens.indexOf(t)))) drop.add(i);
      }
    }
  });
  return drop.size === 0 || drop.size === tokens.length ? [...tokens] : tokens.filter((_, i) => !drop.has(i));
}

/** "LANCS" in LANCASHIRE, "HCARE" in HEALTHCARE, "PAEDS" in PAEDIATRICS: same first letter, the rest in order. */
export function isAbbreviationOf(short: string, long: string): boolean {
  if (short.length < 3 || long.length < short.length + 2 || !isWord(short) || short[0] !== long[0]) return false;
  let j = 1;
  for (let i = 1; i < short.length; i++) {
    while (j < long.length && long[j] !== short[i]) j++;
    if (j === long.length) return false;
    j++;
  }
  return true;
}

/**
 * Words written together or apart ("LEWIS MANNING" / LEWISMANNING, "OPEN EYES" / OPENEYES): two
 * neighbouring words of one name whose concatenation is a word of the other are joined, in both
 * names, so that the word-by-word comparisons below see the same words. With `runOn` (which words
 * may be run on to another: place and branch words), a word of one name that is a word of the
 * other with such a word run on before or after it ("HOSPICECARE" / HOSPICE, "CENTREWEST" /
 * CENTRE; both parts of four letters or more) is split in two.
 */
export function alignSpacing(ledger: readonly string[], candidate: readonly string[], runOn?: (word: string) => boolean): { ledger: string[]; candidate: string[]; joined: number } {
  const join = (tokens: readonly string[], other: ReadonlySet<string>): [string[], number] => {
    const out: string[] = [];
    let joined = 0;
    for (let i = 0; i < tokens.length; i++) {
      const pair = i + 1 < tokens.length ? tokens[i]! + tokens[i + 1]! : null;
      if (pair !== null && other.has(pair) && !other.has(tokens[i]!)) {
        out.push(pair);
        joined += 1;
        i += 1;
      } else out.push(tokens[i]!);
    }
    return [out, joined];
  };
  const split = (tokens: readonly string[], other: ReadonlySet<string>): [string[], number] => {
    if (!runOn) return [[...tokens], 0];
    let splits = 0;
    const out = tokens.flatMap((t) => {
      if (other.has(t) || !isWord(t)) return [t];
      // Both parts at least four letters: BRIGHTON is not BRIGHT with ON run on.
      for (let i = 4; i <= t.length - 4; i++) {
        const head = t.slice(0, i);
        const tail = t.slice(i);
        if ((other.has(head) && runOn(tail)) || (other.has(tail) && runOn(head))) {
          splits += 1;
          return [head, tail];
        }
      }
      return [t];
    });
    return [out, splits];
  };
  const [l0, a] = join(ledger, new Set(candidate));
  const [c0, b] = join(candidate, new Set(l0));
  const [l, x] = split(l0, new Set(c0));
  const [c, y] = split(c0, new Set(l));
  return { ledger: l, candidate: c, joined: a + b + x + y };
}

export interface Misspelling {
  /** Words shorter than this are never read as misspelt (CARE / CARS are two words). */
  min_length: number;
  /** One edit below this length, two from it. */
  two_edits_from_length: number;
}

/** "PRCATICE" for PRACTICE, "OPPURTUNITY" for OPPORTUNITY: one edit (two in long words), both words long. */
export function isMisspellingOf(word: string, intended: string, rule: Misspelling): boolean {
  if (!isWord(word) || word.length < rule.min_length || intended.length < rule.min_length || word === intended) return false;
  const allowed = Math.min(word.length, intended.length) >= rule.two_edits_from_length ? 2 : 1;
  return editDistance(word, intended, allowed) <= allowed;
}

export interface Alignment {
  /** The ledger's tokens with each abbreviation and acronym replaced by the register's words. */
  tokens: string[];
  /** How many ledger tokens were rewritten (expanded or respelt). */
  expanded: number;
}

/**
 * Rewrites the ledger name's words towards a candidate's: a ledger word that is the initials
 * of a run of the candidate's words (small words skippable) becomes that run; a ledger word
 * that abbreviates one of the candidate's words becomes it. Words the candidate shares are
 * kept; a long word one edit from one of the candidate's (two in longer words) is read as it
 * when the ledger's spelling is the rarer word; the rest stay as they are.
 */
export function alignAbbreviations(
  ledger: readonly string[],
  candidate: readonly string[],
  /** Whether the ledger's form is rarer as a word than the candidate's (CARE is a word, not CAREERS cut short). */
  rarerThan: (short: string, long: string) => boolean = () => true,
  /** Misspellings read as the candidate's word (fuzzy.misspelling in name-scores.yaml); none when absent. */
  misspelling?: Misspelling,
): Alignment {
  const used = new Set<number>(candidate.map((t, i) => (ledger.includes(t) ? i : -1)).filter((i) => i >= 0));
  const out: string[] = [];
  let expanded = 0;
  for (const token of ledger) {
    if (candidate.includes(token) || !isWord(token)) {
      out.push(token);
      continue;
    }
    const run = acronymRun(token, candidate, used);
    if (run) {
      for (let i = run[0]; i < run[1]; i++) used.add(i);
      out.push(...candidate.slice(run[0], run[1]));
      expanded += 1;
      continue;
    }
    const at = candidate.findIndex((c, i) => !used.has(i) && !ledger.includes(c) && isAbbreviationOf(token, c) && rarerThan(token, c));
    if (at >= 0) {
      used.add(at);
      out.push(candidate[at]!);
      expanded += 1;
      continue;
    }
    const respelt = misspelling ? candidate.findIndex((c, i) => !used.has(i) && !ledger.includes(c) && isMisspellingOf(token, c, misspelling) && rarerThan(token, c)) : -1;
    if (respelt >= 0) {
      used.add(respelt);
      out.push(candidate[respelt]!);
      expanded += 1;
      continue;
    }
    out.push(token);
  }
  return { tokens: out, expanded };
}

/** The [start, end) of a run of unused candidate words whose initials spell the token. */
function acronymRun(token: string, candidate: readonly string[], used: Set<number>): [number, number] | null {
  if (token.length < 2 || token.length > MAX_ACRONYM_LENGTH) return null;
  for (let start = 0; start < candidate.length; start++) {
    for (let end = start + 2; end <= Math.min(candidate.length, start + token.length + 3); end++) {
      const run = candidate.slice(start, end);
      if (SKIPPABLE.has(run[0]!) || SKIPPABLE.has(run.at(-1)!)) continue;
      let free = true;
      for (let i = start; i < end; i++) if (used.has(i)) free = false;
      if (free && initialsOf(run).includes(token)) return [start, end];
    }
  }
  return null;
}

export type NameRelation =
  | { kind: 'equal' }
  /** The ledger name is the register name with words before or after ("ST JOHN AMBULANCE KENT"). */
  | { kind: 'ledger_extends'; extra: string[] }
  /** The register name is the ledger name with words before, after or between its words ("ST ELIZABETH HOSPICE SUFFOLK"). */
  | { kind: 'register_extends'; extra: string[] }
  | { kind: 'other' };

/**
 * The words the longer name adds to the shorter: before or after its words, or (`between`)
 * also between them, the shorter's words appearing in the longer in the same order ("MID SUFFOLK" in MID AND WEST SUFFOLK); the shorter's
 * small words need not ("SHROPSHIRE AND HEREFORDSHIRE" in SHROPSHIRE HEREFORDSHIRE AND NORTH
 * STAFFS). Null when the shorter is not inside the longer so.
 */
function extraWords(longer: readonly string[], shorter: readonly string[], between: boolean): string[] | null {
  if (shorter.length === 0 || longer.length <= shorter.length) return null;
  const head = longer.slice(0, shorter.length).join(' ') === shorter.join(' ');
  if (head) return longer.slice(shorter.length);
  const tail = longer.slice(longer.length - shorter.length).join(' ') === shorter.join(' ');
  if (tail) return longer.slice(0, longer.length - shorter.length);
  if (!between) return null;
  const content = shorter.filter((t) => !SKIPPABLE.has(t));
  if (content.length === 0) return null;
  const used = new Set<number>();
  let at = 0;
  for (const token of content) {
    while (at < longer.length && longer[at] !== token) at++;
    if (at === longer.length) return null;
    used.add(at++);
  }
  return longer.filter((_, i) => !used.has(i) && !(SKIPPABLE.has(longer[i]!) && shorter.includes(longer[i]!)));
}

/** How the (aligned) ledger tokens relate to the candidate's. */
export function nameRelation(ledger: readonly string[], candidate: readonly string[]): NameRelation {
  if (ledger.join(' ') === candidate.join(' ')) return { kind: 'equal' };
  // Equal but for the small words ("GUILD FOR THE PARTIALLY SIGHTED" / GUILD OF THE PARTIALLY SIGHTED).
  const content = (tokens: readonly string[]) => tokens.filter((t) => !SKIPPABLE.has(t)).join(' ');
  if (content(ledger) !== '' && content(ledger) === content(candidate)) return { kind: 'equal' };
  // A ledger name with words between the register name's reads as another name (RENAL ASSOCIATION
  // RENAL REGISTRY is not RENAL REGISTRY); a register's formal name often inserts them.
  const ledgerExtra = extraWords(ledger, candidate, false);
  if (ledgerExtra) return { kind: 'ledger_extends', extra: ledgerExtra };
  const registerExtra = extraWords(candidate, ledger, true);
  if (registerExtra) return { kind: 'register_extends', extra: registerExtra };
  return { kind: 'other' };
}
