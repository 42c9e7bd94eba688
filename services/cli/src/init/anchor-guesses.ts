import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { anchorTypeSchema, type Anchor } from '@cwb/contracts';

const word = z.string().min(1).transform((w) => w.toLowerCase());

/** `lexicon/anchor-guesses.yaml`: what `cwb init` knows about naming anchors (format in the file). */
export const anchorGuessesSchema = z
  .object({
    body_columns: z.array(z.array(word).min(1)).min(1),
    types: z.array(z.object({ type: anchorTypeSchema, words: z.array(word).min(1) }).strict()).min(1),
    not_place_words: z.array(word),
    file_name_words: z.array(word),
  })
  .strict();
export type AnchorGuesses = z.output<typeof anchorGuessesSchema>;

export const anchorGuessesPath = fileURLToPath(new URL('../../lexicon/anchor-guesses.yaml', import.meta.url));

let shipped: AnchorGuesses | null = null;

export function anchorGuesses(): AnchorGuesses {
  if (shipped) return shipped;
  const parsed = anchorGuessesSchema.safeParse(parseYaml(readFileSync(anchorGuessesPath, 'utf8')));
  if (!parsed.success) throw new Error(`${anchorGuessesPath}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  shipped = parsed.data;
  return shipped;
}

/** Lower-case words of a name or header: camelCase and punctuation split, `&` read as `and`. */
export function nameWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/&/g, ' and ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const sameWords = (a: string[], b: string[]) => a.length === b.length && a.every((w, i) => w === b[i]);

/** The index of the column that names the publishing body, by the header alone (best entry first); null when none. */
export function bodyColumnCandidates(header: readonly string[], guesses: AnchorGuesses): number[] {
  const out: number[] = [];
  for (const entry of guesses.body_columns) {
    header.forEach((name, index) => {
      if (sameWords(nameWords(name), entry) && !out.includes(index)) out.push(index);
    });
  }
  return out;
}

/** A cell that reads as an organisation's name: letters and spaces, not a URL, code or number. */
export function looksLikeBodyName(value: string): boolean {
  const text = value.trim();
  return /[a-z]{3}/i.test(text) && /\s/.test(text) && !/^(https?:|www\.)/i.test(text) && !/[\\/]{2}/.test(text);
}

export interface TypeGuess {
  type: Anchor['type'];
  evidence: string;
}

export function guessAnchorType(name: string, guesses: AnchorGuesses): TypeGuess {
  const words = new Set(nameWords(name));
  for (const rule of guesses.types) {
    if (rule.words.every((w) => words.has(w))) return { type: rule.type, evidence: `"${rule.words.join(' ')}" in the name` };
  }
  return { type: 'other', evidence: 'no type word (council, NHS, university…) in the name' };
}

export interface LocalAuthority {
  code: string;
  name: string;
}

export interface HomeGuess {
  lad: LocalAuthority | null;
  evidence: string;
}

/** The words of a name that may be its place. */
function placeWords(name: string, guesses: AnchorGuesses): string[] {
  const drop = new Set(guesses.not_place_words);
  return nameWords(name).filter((w) => !drop.has(w));
}

function containsRun(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((w, i) => haystack[start + i] === w)) return true;
  }
  return false;
}

/**
 * The anchor's home local authority from its name: the local authority whose name (less words such
 * as City, Council, "City of") occurs in it, the longest when several do ("Barking and Dagenham"
 * over "Dagenham"). Two equally long candidates, or none, give no guess.
 */
export function guessHome(name: string, lads: readonly LocalAuthority[], guesses: AnchorGuesses): HomeGuess {
  const words = placeWords(name, guesses);
  const found = lads
    .map((lad) => ({ lad, words: placeWords(lad.name, guesses) }))
    .filter((c) => containsRun(words, c.words))
    .sort((a, b) => b.words.length - a.words.length);
  const [best, next] = found;
  if (!best) return { lad: null, evidence: `no local-authority name in "${name}"` };
  if (next && next.words.length === best.words.length && next.lad.code !== best.lad.code) {
    return { lad: null, evidence: `"${name}" names ${best.lad.name} (${best.lad.code}) and ${next.lad.name} (${next.lad.code}): pick one` };
  }
  return { lad: best.lad, evidence: `"${best.lad.name}" in "${name}"` };
}

/** What a file's name says about whose it is: its leading words before any date or number, less words such as "spend". */
export function fileNameKey(stem: string, guesses: AnchorGuesses): string {
  const tokens = stem.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const drop = new Set(guesses.file_name_words);
  const leading: string[] = [];
  for (const token of tokens) {
    if (/\d/.test(token)) break;
    leading.push(token);
  }
  const kept = leading.filter((t) => !drop.has(t));
  if (kept.length > 0) return kept.join(' ');
  const any = tokens.filter((t) => !/\d/.test(t) && !drop.has(t));
  return any.length > 0 ? any.join(' ') : stem.toLowerCase();
}
