import { repairMojibake, repairMojibakeSql } from './mojibake';

/**
 * Supplier and register names → one comparable form. The same rules run in JavaScript (for
 * ledger names) and in DuckDB SQL (for 5.7 million register names, no JavaScript row loop);
 * `name-normalisation.test.ts` checks the two agree on every bundled sample name.
 *
 * Rules, in order:
 * 0. mojibake undone (`AgeÂ UK`, `Alzheimerâ€™s`: UTF-8 read as Windows-1252, see mojibake.ts);
 * 1. accents stripped (NFKD), upper case;
 * 2. `&` and `+` → AND; apostrophes removed (`ST. GEORGE'S` → `ST GEORGES`);
 * 3. every other non-alphanumeric character → a space, spaces collapsed;
 * 3a. web-address endings dropped (`Allpay.net` → ALLPAY), before punctuation goes;
 * 3b. runs of single letters joined (`P H S GROUP` → PHS GROUP, `L G CARING` → LG CARING);
 * 4. a leading THE dropped; `(UK)`, `(GB)`, `(GREAT BRITAIN)` in brackets dropped (step 0,
 *    before brackets become spaces);
 * 5. trailing legal-form words dropped, repeatedly: LIMITED, LTD, PLC, LLP, LP, CIC, CIO,
 *    COMMUNITY INTEREST COMPANY, PUBLIC LIMITED COMPANY, LIMITED LIABILITY PARTNERSHIP,
 *    CHARITABLE INCORPORATED ORGANISATION, UNLIMITED, INCORPORATED, INC, CORP;
 *    the Welsh forms (CYFYNGEDIG, CYF, CCC, CWMNI BUDDIANT CYMUNEDOL, SEFYDLIAD CORFFOREDIG
 *    ELUSENNOL);
 * 6. a trailing THE dropped (`CHILDRENS TRUST, THE`, `ROTHERHAM HOSPICE TRUST (THE)`), after
 *    the legal form;
 * 7. COMPANY → CO, BROTHERS → BROS, ASSOCIATION/ASSN → ASSOC; AND CO at the end is kept (it
 *    is part of the name).
 *
 * What is dropped is what the register itself treats as not distinguishing one name from
 * another ("ACME LTD" and "ACME LIMITED" cannot both be registered).
 */

/** Legal-form endings (already upper-cased and space-separated). RE2 and JS compatible. */
const LEGAL_FORMS = [
  'PUBLIC LIMITED COMPANY', 'LIMITED LIABILITY PARTNERSHIP', 'COMMUNITY INTEREST COMPANY', 'CHARITABLE INCORPORATED ORGANISATION',
  'CWMNI BUDDIANT CYMUNEDOL', 'SEFYDLIAD CORFFOREDIG ELUSENNOL', 'CWMNI CYFYNGEDIG CYHOEDDUS',
  'LIMITED PARTNERSHIP', 'CYFYNGEDIG', 'CYF', 'CCC', 'LIMITED', 'LTD', 'PLC', 'LLP', 'LP', 'CIC', 'CIO', 'UNLIMITED', 'INCORPORATED', 'INC', 'CORP',
];
const LEGAL_SUFFIX = `( (${LEGAL_FORMS.join('|')}))+$`;
const UK_BRACKETS = '\\((UK|U K|GB|GREAT BRITAIN|U\\.K\\.)\\)';
const WEB_ENDING = '\\.(COM|NET|ORG|CO\\.UK|ORG\\.UK)\\b';
/** Up to five single-letter words in a row (RE2 has no lookahead, so the run is spelled out). */
const LETTER_RUN = '(^| )([A-Z]) ([A-Z])(?: ([A-Z]))?(?: ([A-Z]))?(?: ([A-Z]))?( |$)';

/** Upper case without accents. JS twin of `strip_accents(upper(x))`. */
function foldCase(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
}

/** The normalised form of a name, or '' when nothing is left (e.g. `! LTD`). */
export function normaliseName(raw: string): string {
  let text = foldCase(repairMojibake(raw).replace(/['\u2019`\u00b4]/g, ''));
  text = text.replace(new RegExp(UK_BRACKETS, 'g'), ' ');
  text = text.replace(/[&+]/g, ' AND ');
  text = text.replace(new RegExp(WEB_ENDING, 'g'), ' ');
  text = text.replace(/[^A-Z0-9]+/g, ' ').trim();
  text = text.replace(new RegExp(LETTER_RUN, 'g'), '$1$2$3$4$5$6$7');
  text = text.replace(/^THE /, '');
  text = ` ${text}`.replace(new RegExp(LEGAL_SUFFIX), '').trim();
  text = text.replace(/ THE$/, '');
  text = ` ${text} `.replace(/ COMPANY /g, ' CO ').replace(/ BROTHERS /g, ' BROS ').replace(/ (ASSOCIATION|ASSN) /g, ' ASSOC ').trim();
  return text;
}

/**
 * The SQL twin of normaliseName for DuckDB, over a VARCHAR expression. Built from the same
 * patterns; DuckDB's regexp_replace is RE2, and every pattern here is RE2-compatible.
 */
export function normaliseNameSql(expr: string): string {
  let sql = `strip_accents(upper(regexp_replace(${repairMojibakeSql(`coalesce(${expr}, '')`)}, '[''’\`´]', '', 'g')))`;
  sql = `regexp_replace(${sql}, '${UK_BRACKETS}', ' ', 'g')`;
  sql = `regexp_replace(${sql}, '[&+]', ' AND ', 'g')`;
  sql = `regexp_replace(${sql}, '[''\u2019\`\u00b4]', '', 'g')`;
  sql = `regexp_replace(${sql}, '${WEB_ENDING}', ' ', 'g')`;
  sql = `trim(regexp_replace(${sql}, '[^A-Z0-9]+', ' ', 'g'))`;
  sql = `regexp_replace(${sql}, '${LETTER_RUN}', '\\1\\2\\3\\4\\5\\6\\7', 'g')`;
  sql = `regexp_replace(${sql}, '^THE ', '')`;
  sql = `trim(regexp_replace(' ' || ${sql}, '${LEGAL_SUFFIX}', ''))`;
  sql = `regexp_replace(${sql}, ' THE$', '')`;
  sql = `trim(regexp_replace(replace(replace(' ' || ${sql} || ' ', ' COMPANY ', ' CO '), ' BROTHERS ', ' BROS '), ' (ASSOCIATION|ASSN) ', ' ASSOC ', 'g'))`;
  return sql;
}

/** The distinct tokens of a normalised name. */
export function nameTokens(normalised: string): string[] {
  return normalised === '' ? [] : [...new Set(normalised.split(' '))];
}

/**
 * Split "X T/A Y" and "X trading as Y" (also `t/as`, `ta`) into the legal name and the
 * trading name. Either may be what the register knows.
 */
export function splitTradingAs(raw: string): { legal: string; trading: string | null } {
  const match = /^(.*?)\s*(?:\bT\s*\/\s*(?:AS?|S)\b|\btrading\s+as\b|\bt\.a\.)\s*(.+)$/i.exec(raw.trim());
  if (!match || !match[1] || !match[2]) return { legal: raw.trim(), trading: null };
  return { legal: match[1].trim(), trading: match[2].trim() };
}
