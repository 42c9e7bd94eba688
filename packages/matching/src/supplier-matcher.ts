import type { DuckDBConnection } from '@duckdb/node-api';
import { companyNumberFromVendorCode, isRedactedName, normaliseCharityNumber, normaliseCompanyNumber, normalisePostcode, normaliseVatNumber, splitVendorCode } from '@cwb/connector-sdk';
import { notAnOrganisationReason } from './individual-detection';
import { nameTokens, normaliseName, splitTradingAs } from './name-normalisation';
import { OverrideIndex, type LocatedOverride } from './overrides';
import { jaroWinkler, weightedTokenOverlap } from './string-similarity';
import { shippedNameScores, type NameScores } from './name-scores';
import { NORMALISATION_VERSION } from './name-index';
import { alignAbbreviations, alignSpacing, MAX_ACRONYM_LENGTH, nameRelation, SKIPPABLE as SMALL_WORDS, withoutRepeatedAcronyms } from './name-comparison';
import { shippedPlaceWords } from './place-words';
import { comparisonVector } from './comparison-vector';
import { matchProbability, shippedMatchWeights, type MatchWeights } from './match-weights';
import type { MatchCandidate, SupplierInput, SupplierMatch } from './supplier-input';

export interface MatcherOptions {
  /** Accept a name match at or above this confidence; below it the matcher abstains. */
  threshold?: number;
  /** The best fuzzy candidate must beat the runner-up (a different organisation) by this much. */
  margin?: number;
  /** Candidates kept per supplier from blocking. */
  candidatesPerSupplier?: number;
  /** Runners-up reported per supplier. */
  runnersUp?: number;
  overrides?: readonly LocatedOverride[];
  anchorId?: string;
  /** The named parts of the score; default: the shipped model/name-scores.yaml. */
  scores?: NameScores;
  /** Words of UK place names; default: the shipped model/place-words.txt and model/place-abbreviations.txt. */
  placeWords?: ReadonlySet<string>;
  /** The Fellegi–Sunter weights; default: the shipped model/match-weights.yaml. */
  weights?: MatchWeights;
  /**
   * The paying anchor's home area: which of the given registered postcodes lie in it (the
   * enrich stage answers from the postcode reference). With it, of several organisations with
   * the name the only one at home is taken, and a best candidate registered elsewhere is not
   * taken over a near-named one registered at home.
   */
  inHomeArea?: (postcodes: readonly string[]) => Promise<ReadonlySet<string>>;
}

/** The shipped accept threshold and margin (model/name-scores.yaml). */
/**
 * Suppliers per `matchBatch` call for callers matching many (the enrich stage, the bench, the
 * evaluations). Each batch costs a pass over the registers' name and organisation tables (about
 * 0.5–1 s at 5 million organisations on 2 cores) whatever its size, so batches are large; memory
 * grows with the batch's candidates (≤ `blocking.candidates_per_supplier` each), a few MB here.
 */
export const MATCH_BATCH_SIZE = 10_000;

export const DEFAULT_THRESHOLD = shippedNameScores().accept.threshold;
export const DEFAULT_MARGIN = shippedNameScores().accept.margin;

interface OrgRow {
  org_id: string;
  name: string;
  postcode: string | null;
  is_active: boolean | null;
  vat_number: string | null;
}

interface Prepared {
  input: SupplierInput;
  name: string;
  /** Name variants to try, the full (legal) name first, then the trading name. */
  variants: string[];
  company_number: string | null;
  charity_number: string | null;
  vat_number: string | null;
  /** An NHS ODS code from an NHS vendor code (`NHS0000RJ701` → RJ7). */
  ods_code: string | null;
  postcode: string | null;
  hasLegalForm: boolean;
  /** A location-only override's postcode (it wins over the register's); undefined without one. */
  overridePostcode?: string | null;
}

/** NHS ERP vendor codes: `NHS` + zero padding + the ODS code + a 2-digit site suffix. */
export function odsCodeFromVendorCode(code: string): string | null {
  const match = /^NHS0*([A-Z][A-Z0-9]{1,4})\d{2}$/.exec(code.trim().toUpperCase());
  return match?.[1] ?? null;
}

const LEGAL_FORM_WORD = /\b(LTD|LIMITED|PLC|LLP|CIC|CIO|CYF|CYFYNGEDIG|INCORPORATED|INC)\b\.?\s*$|\bLIMITED\b|\bLTD\b/i;
const rowsOf = async (conn: DuckDBConnection, sql: string, params?: Record<string, string>) =>
  (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];

/**
 * Matches distinct suppliers to organisations in a registers database (opened read-only is
 * enough) in batches, set-based where the register is big:
 *
 * 1. an override always wins;
 * 2. redacted names and names that are not organisations stop here;
 * 3. identifiers: company number (also inside a vendor code), charity number, VAT number,
 *    each confirmed in the register;
 * 4. exact normalised name (current or previous name; the trading name of "X T/A Y" too),
 *    disambiguated by live status and postcode, abstaining when still ambiguous;
 * 5. fuzzy: candidates from the supplier's rarest tokens (blocking in DuckDB), ranked by
 *    rarity-weighted token overlap and Jaro-Winkler, boosted by postcode agreement; accepted
 *    only above the threshold and clear of the runner-up.
 */
export class SupplierMatcher {
  private readonly threshold: number;
  private readonly margin: number;
  private readonly perSupplier: number;
  private readonly runnersUp: number;
  private readonly overrides: OverrideIndex;
  private readonly scores: NameScores;
  private readonly placeWords: ReadonlySet<string>;
  private readonly weights: MatchWeights;
  private organisationCount = 0;

  constructor(private readonly conn: DuckDBConnection, private readonly options: MatcherOptions = {}) {
    this.scores = options.scores ?? shippedNameScores();
    this.placeWords = options.placeWords ?? shippedPlaceWords();
    this.weights = options.weights ?? shippedMatchWeights();
    this.threshold = options.threshold ?? this.scores.accept.threshold;
    this.margin = options.margin ?? this.scores.accept.margin;
    this.perSupplier = options.candidatesPerSupplier ?? this.scores.blocking.candidates_per_supplier;
    this.runnersUp = options.runnersUp ?? 3;
    this.overrides = new OverrideIndex(options.overrides ?? []);
  }

  async matchBatch(inputs: readonly SupplierInput[]): Promise<SupplierMatch[]> {
    const results: (SupplierMatch | null)[] = inputs.map(() => null);
    const prepared = inputs.map((input) => this.prepare(input));
    const orgs = new Map<string, OrgRow>();

    // 1–2. Overrides, redacted, not organisations.
    const pending: number[] = [];
    prepared.forEach((p, i) => {
      const decided = this.decideWithoutRegister(p);
      if (decided) results[i] = decided;
      else pending.push(i);
    });

    // 3. Identifiers.
    const identifierIds = new Set<string>();
    const vats = new Set<string>();
    for (const i of pending) {
      const p = prepared[i]!;
      if (p.company_number) identifierIds.add(`GB-COH-${p.company_number}`);
      if (p.charity_number) identifierIds.add(`GB-CHC-${p.charity_number}`);
      if (p.ods_code) identifierIds.add(`GB-NHS-${p.ods_code}`);
      if (p.vat_number) vats.add(p.vat_number);
    }
    await this.fetchOrganisations([...identifierIds], [...vats], orgs);
    const vatIndex = new Map<string, OrgRow[]>();
    for (const org of orgs.values()) if (org.vat_number) vatIndex.set(org.vat_number, [...(vatIndex.get(org.vat_number) ?? []), org]);
    const afterIdentifiers: number[] = [];
    for (const i of pending) {
      const p = prepared[i]!;
      const byNumber = p.company_number ? orgs.get(`GB-COH-${p.company_number}`) : undefined;
      const byCharity = p.charity_number ? orgs.get(`GB-CHC-${p.charity_number}`) : undefined;
      const byVat = p.vat_number ? vatIndex.get(p.vat_number) : undefined;
      const byOds = p.ods_code ? orgs.get(`GB-NHS-${p.ods_code}`) : undefined;
      if (byNumber) results[i] = this.identifierMatch(byNumber, 'company_number', `company number ${p.company_number} is in the register`);
      else if (byCharity) results[i] = this.identifierMatch(byCharity, 'charity_number', `charity number ${p.charity_number} is in the register`);
      else if (byOds) results[i] = this.identifierMatch(byOds, 'ods_code', `NHS ODS code ${p.ods_code} (from the vendor code) is in the register`);
      else if (byVat?.length === 1) results[i] = this.identifierMatch(byVat[0]!, 'vat_number', `VAT number ${p.vat_number} belongs to one organisation in the register`);
      else afterIdentifiers.push(i);
      // A location-only override still wins over the register's postcode.
      if (results[i] && p.overridePostcode !== undefined) results[i] = { ...results[i]!, override_postcode: p.overridePostcode };
    }

    // 4–5. Names: exact, then fuzzy, from one candidate query.
    if (afterIdentifiers.length > 0) {
      const candidates = await this.candidatesFor(afterIdentifiers.map((i) => prepared[i]!), afterIdentifiers);
      await this.fetchOrganisations([...new Set([...candidates.values()].flat().map((c) => c.org_id))], [], orgs);
      const df = await this.tokenRarity(afterIdentifiers.map((i) => prepared[i]!), candidates);
      const candidatePostcodes = [...new Set([...candidates.values()].flat().map((c) => orgs.get(c.org_id)?.postcode).filter((pc): pc is string => !!pc))];
      const home = this.options.inHomeArea && candidatePostcodes.length > 0 ? await this.options.inHomeArea(candidatePostcodes) : null;
      for (const i of afterIdentifiers) {
        results[i] = this.decideByName(prepared[i]!, candidates.get(i) ?? [], orgs, df, home);
      }
    }
    return results.map((r) => r!);
  }

  private prepare(input: SupplierInput): Prepared {
    let name = (input.name ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
    let company = input.company_number ? normaliseCompanyNumber(input.company_number) : null;
    const vendor = splitVendorCode(name);
    const code = vendor?.code ?? input.supplier_id ?? null;
    if (vendor) {
      name = vendor.name;
      company ??= companyNumberFromVendorCode(vendor.code);
    }
    if (!company && input.supplier_id) company = companyNumberFromVendorCode(input.supplier_id);
    const { legal, trading } = splitTradingAs(stripSiteSuffix(withoutEncodingResidue(name, this.scores.ledger.encoding_residue)));
    const variants = [...new Set([normaliseName(legal), ...(trading ? [normaliseName(trading)] : [])].filter((v) => v !== ''))];
    return {
      input,
      name,
      variants,
      company_number: company,
      charity_number: input.charity_number ? normaliseCharityNumber(input.charity_number) : null,
      vat_number: input.vat_number ? normaliseVatNumber(input.vat_number) : null,
      ods_code: code ? odsCodeFromVendorCode(code) : null,
      postcode: input.postcode ? normalisePostcode(input.postcode) : null,
      hasLegalForm: LEGAL_FORM_WORD.test(legal),
    };
  }

  private decideWithoutRegister(p: Prepared): SupplierMatch | null {
    const override = this.overrides.find({ name: p.input.name, supplier_id: p.input.supplier_id }, this.options.anchorId);
    const overridePostcode = override?.postcode ? normalisePostcode(override.postcode) : null;
    if (override?.no_match) {
      // A person reviewed the candidates and found none of them: not matched by name.
      return { org_id: null, matched_name: null, method: 'no_match', confidence: 1, override_postcode: overridePostcode, reason: `reviewed: in none of the registers (override at ${override.source})`, candidates: [] };
    }
    if (override && (override.org_id || override.not_an_organisation)) {
      return {
        org_id: override.org_id ?? null,
        matched_name: null,
        method: override.org_id ? 'override' : 'not_an_organisation',
        confidence: 1,
        override_postcode: overridePostcode,
        reason: `override at ${override.source}${override.note ? ` (${override.note})` : ''}`,
        candidates: [],
      };
    }
    const base = { org_id: null, matched_name: null, confidence: 1, override_postcode: overridePostcode, candidates: [] };
    if (p.input.is_redacted || p.input.name === null || isRedactedName(p.name)) return { ...base, method: 'redacted', reason: 'the publisher redacted the name' };
    const notOrg = p.hasLegalForm ? null : notAnOrganisationReason(p.name);
    if (notOrg && !p.company_number && !p.charity_number) return { ...base, method: 'not_an_organisation', reason: `not an organisation: ${notOrg}` };
    if (override) p.overridePostcode = overridePostcode;
    return null;
  }

  private identifierMatch(org: OrgRow, method: 'company_number' | 'charity_number' | 'vat_number' | 'ods_code', reason: string): SupplierMatch {
    return {
      org_id: org.org_id,
      matched_name: org.name,
      method,
      confidence: 0.99,
      override_postcode: null,
      reason,
      candidates: [{ org_id: org.org_id, name: org.name, matched_on: method, postcode: org.postcode, is_active: org.is_active, score: 0.99, evidence: [`identifier.${method}`] }],
    };
  }

  private async fetchOrganisations(ids: string[], vats: string[], into: Map<string, OrgRow>): Promise<void> {
    const missing = ids.filter((id) => !into.has(id));
    if (missing.length === 0 && vats.length === 0) return;
    const rows = await rowsOf(
      this.conn,
      `SELECT org_id, name, postcode, is_active, vat_number FROM organisations
        WHERE org_id IN (SELECT unnest(from_json($ids::JSON, '["VARCHAR"]')))
           OR vat_number IN (SELECT unnest(from_json($vats::JSON, '["VARCHAR"]')))`,
      { ids: JSON.stringify(missing), vats: JSON.stringify(vats) },
    );
    for (const row of rows) into.set(String(row.org_id), row as unknown as OrgRow);
  }

  /**
   * Exact and blocked fuzzy candidates for a batch in one DuckDB query: every variant's
   * exact normalised-name hits, plus organisations sharing the variant's two rarest tokens,
   * ranked by summed rarity, top N per supplier.
   */
  private async candidatesFor(batch: Prepared[], indexes: number[]): Promise<Map<number, { org_id: string; name_norm: string; is_current: boolean; exact: boolean }[]>> {
    if (this.organisationCount === 0) {
      const meta = await rowsOf(this.conn, `SELECT organisations, normalisation_version FROM match_index_meta`).catch(() => {
        throw new Error('the registers database has no matching index: run `cwb reference load companies <file>` (which builds it) or buildNameIndex()');
      });
      const built = Number(meta[0]?.normalisation_version ?? 0);
      if (built !== NORMALISATION_VERSION) {
        throw new Error(`the registers database's matching index was built by another version of cwb (index version ${built}, this cwb ${NORMALISATION_VERSION}): load a register again (\`cwb reference load companies <file>\` or \`… register <file>\`), which rebuilds it`);
      }
      this.organisationCount = Math.max(1, Number(meta[0]?.organisations ?? 1));
    }
    const rows = batch.flatMap((p, j) => p.variants.map((v) => ({ k: indexes[j]!, name_norm: v })));
    // The name without its first or last words ("ALZHEIMERS SOCIETY" in "ALZHEIMERS SOCIETY SOUTH
    // DEVON BRANCH"): an organisation of that exact name is a candidate even when its words are
    // too common to block on.
    const parts = rows.flatMap(({ k, name_norm }) => shorterNames(name_norm).map((part) => ({ k, part })));
    const found = await rowsOf(
      this.conn,
      `WITH batch AS (SELECT unnest(from_json($batch::JSON, '[{"k":"INTEGER","name_norm":"VARCHAR"}]'), recursive := true)),
      parts AS (SELECT unnest(from_json($parts::JSON, '[{"k":"INTEGER","part":"VARCHAR"}]'), recursive := true)),
      -- one pass over match_names for the names and their shorter parts
      looked_up AS (
        SELECT k, name_norm AS name, true AS whole FROM batch UNION ALL SELECT k, part, false FROM parts),
      -- equal once spaces are ignored: AUTISMPLUS is found as AUTISM PLUS, COMMUNITY 360 as COMMUNITY360
      named AS (
        SELECT l.k, l.whole, n.org_id, n.name_norm, n.is_current, n.name_norm = l.name AS same
        FROM looked_up l JOIN match_names n ON n.name_compact = replace(l.name, ' ', '')),
      -- the name's words, and each two neighbours written together (LEWIS MANNING blocks on LEWISMANNING)
      words AS (SELECT k, name_norm, string_split(name_norm, ' ') AS w FROM batch),
      tokens AS (SELECT k, name_norm, unnest(w || list_transform(range(1, len(w)), i -> w[i] || w[i + 1])) AS token FROM words),
      rare AS (
        SELECT t.k, t.token, d.df FROM tokens t JOIN match_token_df d USING (token)
        WHERE d.df <= ${this.scores.blocking.max_token_df}
        QUALIFY row_number() OVER (PARTITION BY t.k, t.name_norm ORDER BY d.df, t.token) <= 2),
      -- match_tokens is sorted by df: the rows of tokens too common to block are skipped unread
      blocked AS (
        SELECT r.k, m.org_id, sum(ln(${this.organisationCount}::DOUBLE / r.df)) AS weight
        FROM rare r JOIN match_tokens m ON m.token = r.token AND m.df <= ${this.scores.blocking.max_token_df} GROUP BY r.k, m.org_id
        QUALIFY row_number() OVER (PARTITION BY r.k ORDER BY weight DESC, m.org_id) <= ${this.perSupplier}),
      shorter AS (SELECT DISTINCT k, org_id FROM named WHERE NOT whole),
      -- a one-word name that may be an acronym (HQIP): the organisations whose initials it spells
      initialled AS (
        SELECT b.k, n.org_id, n.name_norm, n.is_current FROM batch b JOIN match_names n ON n.name_initials = b.name_norm
        WHERE NOT contains(b.name_norm, ' ') AND length(b.name_norm) BETWEEN 3 AND ${MAX_ACRONYM_LENGTH}
        QUALIFY row_number() OVER (PARTITION BY b.k ORDER BY n.org_id) <= ${this.perSupplier})
      SELECT k, org_id, name_norm, is_current, same AS exact FROM named WHERE whole
      UNION ALL
      SELECT i.k, i.org_id, i.name_norm, i.is_current, false FROM initialled i
      WHERE NOT EXISTS (SELECT 1 FROM blocked b WHERE b.k = i.k AND b.org_id = i.org_id)
      UNION ALL
      SELECT b.k, n.org_id, n.name_norm, n.is_current, false FROM blocked b JOIN match_names n USING (org_id)
      UNION ALL
      SELECT s.k, n.org_id, n.name_norm, n.is_current, false FROM shorter s JOIN match_names n USING (org_id)
      WHERE NOT EXISTS (SELECT 1 FROM blocked b WHERE b.k = s.k AND b.org_id = s.org_id)`,
      { batch: JSON.stringify(rows), parts: JSON.stringify(parts) },
    );
    const byIndex = new Map<number, { org_id: string; name_norm: string; is_current: boolean; exact: boolean }[]>();
    for (const row of found) {
      const k = Number(row.k);
      const list = byIndex.get(k) ?? [];
      list.push({ org_id: String(row.org_id), name_norm: String(row.name_norm), is_current: Boolean(row.is_current), exact: Boolean(row.exact) });
      byIndex.set(k, list);
    }
    return byIndex;
  }

  private async tokenRarity(batch: Prepared[], candidates: Map<number, { name_norm: string }[]>): Promise<Map<string, number>> {
    const tokens = new Set<string>();
    for (const p of batch) for (const v of p.variants) for (const t of nameTokens(v)) tokens.add(t);
    for (const list of candidates.values()) for (const c of list) for (const t of nameTokens(c.name_norm)) tokens.add(t);
    const rows = await rowsOf(this.conn, `SELECT token, df FROM match_token_df WHERE token IN (SELECT unnest(from_json($t::JSON, '["VARCHAR"]')))`, { t: JSON.stringify([...tokens]) });
    return new Map(rows.map((r) => [String(r.token), Number(r.df)]));
  }

  private decideByName(
    p: Prepared,
    found: { org_id: string; name_norm: string; is_current: boolean; exact: boolean }[],
    orgs: Map<string, OrgRow>,
    df: Map<string, number>,
    home: ReadonlySet<string> | null,
  ): SupplierMatch {
    const overridePostcode = p.overridePostcode ?? null;
    const abstain = (method: 'no_match' | 'ambiguous', reason: string, candidates: MatchCandidate[]): SupplierMatch => ({
      org_id: null, matched_name: null, method, confidence: candidates[0]?.score ?? 0, override_postcode: overridePostcode, reason, candidates: candidates.slice(0, this.runnersUp + 1),
    });
    if (p.variants.length === 0) return abstain('no_match', 'nothing left of the name after normalisation', []);
    const weight = (token: string) => Math.log(this.organisationCount / Math.min(df.get(token) ?? 1, this.organisationCount)) + 1;
    const postcode = p.postcode;
    const { exact: E, fuzzy: F, adjust: A } = this.scores;
    // Each part of a score is named as in model/name-scores.yaml: the match's evidence.
    const postcodeAgreement = (org: OrgRow | undefined): [number, string] | null => {
      if (!postcode || !org?.postcode) return null;
      if (org.postcode === postcode) return [A.postcode_same, 'adjust.postcode_same'];
      if (org.postcode.split(' ')[0] === postcode.split(' ')[0]) return [A.postcode_same_outcode, 'adjust.postcode_same_outcode'];
      return [A.postcode_different, 'adjust.postcode_different'];
    };
    // How many organisations carry each exact name among the candidates (exact names are always fetched).
    const exactHolders = new Map<string, Set<string>>();
    for (const c of found) {
      const key = c.name_norm.replace(/ /g, '');
      if (p.variants.some((v) => v.replace(/ /g, '') === key)) exactHolders.set(key, (exactHolders.get(key) ?? new Set()).add(c.org_id));
    }

    // Candidates whose name the ledger's extends with words before or after (see extends_floor).
    const extensions: Extension[] = [];
    // Candidates whose name begins with the whole ledger name (see begins_floor).
    const beginnings: Extension[] = [];
    // Score every (candidate name, variant); keep the best per organisation.
    const best = new Map<string, MatchCandidate & { exact: boolean; is_current: boolean; nameScore: number }>();
    for (const c of found) {
      const org = orgs.get(c.org_id);
      if (!org) continue;
      let score = 0;
      let exact = false;
      let evidence: string[] = [];
      for (const [vi, v] of p.variants.entries()) {
        let s: number;
        const parts: string[] = [];
        const spacingOnly = v !== c.name_norm && v.replace(/ /g, '') === c.name_norm.replace(/ /g, '');
        if (v === c.name_norm || spacingOnly) {
          // An exact normalised match. A bare name without a legal form may be a home, shop or
          // trading name that shares an organisation's: see exact.bare_* in name-scores.yaml.
          // Written together or apart, the name has as many words as its more spaced form ("AUTISMPLUS" / AUTISM PLUS).
          const tokens = nameTokens(v);
          const words = Math.max(tokens.length, nameTokens(c.name_norm).length);
          const unique = (exactHolders.get(v.replace(/ /g, ''))?.size ?? 0) === 1 && !E.bare_place_words.includes(tokens.at(-1) ?? '');
          const rule = p.hasLegalForm ? 'with_legal_form' : words === 1 ? 'bare_one_word' : words === 2 ? (unique ? 'bare_two_words_unique' : 'bare_one_word') : 'without_legal_form';
          s = E[rule];
          parts.push(`exact.${rule}`);
          if (spacingOnly) { s += E.spacing_only; parts.push('exact.spacing_only'); }
          if (vi > 0) { s += E.trading_name; parts.push('exact.trading_name'); }
          exact = true;
        } else {
          // Read acronyms and abbreviations against this candidate's words before comparing.
          const spaced = alignSpacing(nameTokens(v), nameTokens(c.name_norm), (w) => this.isDescriptiveWord(w));
          const ours = withoutRepeatedAcronyms(spaced.ledger);
          const theirs = withoutRepeatedAcronyms(spaced.candidate);
          const aligned = alignAbbreviations(ours, theirs, (short, long) => (df.get(short) ?? 0) < (df.get(long) ?? 0), F.misspelling);
          const rewritten = aligned.tokens.join(' ');
          const relation = nameRelation(aligned.tokens, theirs);
          const overlap = weightedTokenOverlap(aligned.tokens, theirs, weight);
          const jw = jaroWinkler(rewritten, theirs.join(' '));
          const truncated = c.name_norm.startsWith(v) && (isCutMidWord(v, c.name_norm) || isAtFieldLimit(p.name));
          const blended = F.token_overlap * overlap + F.jaro_winkler * jw;
          const raw = truncated ? Math.max(F.truncated_floor, F.truncated_weight * overlap + (1 - F.truncated_weight) * jw) : blended;
          parts.push(`fuzzy.token_overlap=${overlap.toFixed(2)}`, `fuzzy.jaro_winkler=${jw.toFixed(2)}`);
          if (truncated) parts.push('fuzzy.truncated_floor');
          s = Math.min(F.cap, raw);
          if (raw > F.cap) parts.push('fuzzy.cap');
          if (relation.kind === 'ledger_extends') extensions.push({ org_id: c.org_id, is_current: c.is_current, longer: 'ledger', core: theirs, extra: relation.extra, ledger: aligned.tokens });
          if (relation.kind === 'register_extends') extensions.push({ org_id: c.org_id, is_current: c.is_current, longer: 'register', core: aligned.tokens, extra: relation.extra, register: theirs });
          if (relation.kind === 'register_extends' && vi === 0 && theirs.slice(0, aligned.tokens.length).join(' ') === rewritten) beginnings.push({ org_id: c.org_id, is_current: c.is_current, longer: 'register', core: aligned.tokens, extra: relation.extra });
          if (relation.kind === 'equal') {
            s = Math.min(F.cap, Math.max(s, F.equal_after_rewriting));
            parts.push('fuzzy.equal_after_rewriting');
          } else if (relation.kind === 'register_extends' && relation.extra.some((w) => F.subsidiary_words.includes(w))) {
            // "HELP THE HOSPICES TRADING": the charity's trading arm, not the charity.
            if (s > F.subsidiary_cap) { s = F.subsidiary_cap; parts.push('fuzzy.subsidiary_cap'); }
          } else if (!truncated && isContainedIn(rewritten, theirs.join(' ')) && s > F.contained_cap) {
            // "BRITISH GAS BUSINESS" inside "BRITISH GAS BUSINESS SERVICES": the register holds
            // the longer name as a different company from the shorter one. Not enough alone.
            s = F.contained_cap;
            parts.push('fuzzy.contained_cap');
          }
          if (vi > 0) { s += F.trading_name; parts.push('fuzzy.trading_name'); }
        }
        if (!c.is_current) { s += A.other_name; parts.push('adjust.other_name'); }
        if (s > score || evidence.length === 0) { score = Math.max(score, s); evidence = parts; }
      }
      const nameScore = score;
      const agreement = postcodeAgreement(org);
      if (agreement) { score += agreement[0]; evidence.push(agreement[1]); }
      if (org.is_active === false) { score += A.inactive; evidence.push('adjust.inactive'); }
      score = Math.max(0, Math.min(1, score));
      const prev = best.get(c.org_id);
      if (!prev || score > prev.score) {
        best.set(c.org_id, { org_id: c.org_id, name: org.name, matched_on: c.name_norm, postcode: org.postcode, is_active: org.is_active, score: round(score), evidence, exact, is_current: c.is_current, nameScore });
      }
    }
    const exactlyNamed = p.variants.some((v) => (exactHolders.get(v.replace(/ /g, ''))?.size ?? 0) > 0);
    const namedMoreFully = this.applyExtensionFloor(extensions, found, best, exactlyNamed);
    this.applyBeginsFloor(p, beginnings, exactHolders, df, best);
    this.applyDescriptorFloor(extensions, found, best);
    this.attachProbabilities(p, best);
    const ranked = [...best.values()].sort((a, b) => b.score - a.score || a.org_id.localeCompare(b.org_id));
    // fuzzy.cap keeps a name that is only similar below an exact one, but a bare two-word exact
    // name scores less (exact.bare_two_words_unique): a candidate with no word rule behind its
    // score does not rank above an accepted exact name within the margin ("BEACON PROJECT": THE
    // BEACON PROJECT, not BEACON PROJECTS LIMITED).
    const exactNear = ranked.find((c) => c.exact && c.score >= this.threshold);
    const first = ranked[0];
    if (first && exactNear && !first.exact && !first.evidence.some((x) => WORD_RULES.has(x)) && first.score - exactNear.score < this.margin) promote(ranked, exactNear);
    // A one-word name read as an acronym (HQIP): an organisation whose initials spell it, but
    // none of whose names carries the word, neither ranks above nor contests one that writes the
    // word in a name (NDS: NOTTINGHAMSHIRE DEAF SOCIETY, other name NDS; not NORTHAMPTON DISTRICT SCOUTS).
    const acronym = p.variants.length === 1 && nameTokens(p.variants[0]!).length === 1 ? p.variants[0]! : null;
    const writers = new Set(acronym === null ? [] : found.filter((c) => nameTokens(c.name_norm).includes(acronym)).map((c) => c.org_id));
    const spelledOnly = (c: MatchCandidate) => acronym !== null && !writers.has(c.org_id);
    const writesIt = ranked.find((c) => !spelledOnly(c) && c.score >= this.threshold);
    if (ranked[0] && writesIt && spelledOnly(ranked[0]) && ranked[0].score - writesIt.score < this.margin) promote(ranked, writesIt);
    const candidates = ranked.map(({ exact: _e, is_current: _c, nameScore: _n, ...c }) => c);
    const top = ranked[0];
    if (!top) return abstain('no_match', 'no organisation in the register shares a distinctive word with the name', []);

    const exacts = ranked.filter((c) => c.exact);
    if (exacts.length > 1) {
      // Several organisations carry this name: prefer the only live one, then postcode.
      const live = exacts.filter((c) => c.is_active !== false);
      const byPostcode = postcode ? live.filter((c) => c.postcode === postcode) : [];
      const atHome = home ? live.filter((c) => c.postcode !== null && home.has(c.postcode)) : [];
      const [pick, which] = live.length === 1 ? [live[0], 'live one'] : byPostcode.length === 1 ? [byPostcode[0], 'one at the postcode'] : atHome.length === 1 ? [atHome[0], "one registered in the anchor's home area"] : [null, ''];
      if (!pick) return abstain('ambiguous', `${exacts.length} organisations have this normalised name (${live.length} live) and neither the postcode nor the anchor's area singles one out`, candidates);
      return this.accept(pick, pick.is_current ? 'exact_name' : 'previous_name', `exact normalised name; the only ${which} of ${exacts.length}`, candidates, overridePostcode);
    }
    const runnerUp = ranked.find((c) => c.org_id !== top.org_id);
    // The best is registered away from the paying anchor, a near-named one at home: a person
    // would not choose by name alone ("ST BARNABAS HOSPICE" paid by a Sussex trust).
    if (home && top.score >= this.threshold && top.postcode && !home.has(top.postcode) && !postcode) {
      const local = ranked.find((c) => c.org_id !== top.org_id && c.postcode !== null && home.has(c.postcode) && top.score - c.score <= this.scores.area.contest_within);
      if (local) return abstain('ambiguous', `best candidate (${top.score.toFixed(2)}) is registered outside the anchor's home area; ${local.name} (${local.score.toFixed(2)}) is registered in it`, candidates);
    }
    // The best is dissolved or removed, a live one near-named: its successor may be the payee.
    if (top.score >= this.threshold && top.is_active === false) {
      const live = ranked.find((c) => c.org_id !== top.org_id && c.is_active !== false && top.score - c.score <= this.scores.status.contest_within);
      if (live) return abstain('ambiguous', `best candidate (${top.score.toFixed(2)}) is dissolved or removed; ${live.name} (${live.score.toFixed(2)}) is live`, candidates);
    }
    if (top.score < this.threshold) {
      return abstain('no_match', `best candidate scored ${top.score.toFixed(2)}, below the threshold ${this.threshold}`, candidates);
    }
    // A runner-up whose name the ledger's extends, refused its floor because the best names the
    // ledger more fully, does not contest it.
    const lessFully = runnerUp !== undefined && (namedMoreFully.get(runnerUp.org_id)?.has(top.org_id) ?? false);
    const onlySpelled = runnerUp !== undefined && spelledOnly(runnerUp) && !spelledOnly(top);
    if (runnerUp && top.score - runnerUp.score < this.margin && !(top.exact && !runnerUp.exact) && !lessFully && !onlySpelled) {
      return abstain('ambiguous', `best two candidates scored ${top.score.toFixed(2)} and ${runnerUp.score.toFixed(2)}: too close to choose`, candidates);
    }
    const method = top.exact ? (top.is_current ? 'exact_name' : 'previous_name') : 'fuzzy_name';
    const why = top.exact ? 'exact normalised name' : `similar name (score ${top.score.toFixed(2)}${runnerUp ? `, runner-up ${runnerUp.score.toFixed(2)}` : ''})`;
    return this.accept(top, method, why, candidates, overridePostcode);
  }

  /**
   * One name is the other with place or branch words added: "ST JOHN AMBULANCE KENT" names ST
   * JOHN AMBULANCE, "ST ELIZABETH HOSPICE" names ST ELIZABETH HOSPICE SUFFOLK, when every added
   * word is a place word, a branch word or a small word, the organisation is not a company, and
   * nothing contests it: no other candidate carries both the name's words and an added place word
   * (AGE CONCERN SALFORD contests AGE UK for "AGE UK SALFORD"), and no other candidate is also
   * the ledger's name with words added (ROYAL COLLEGE OF PHYSICIANS OF LONDON and … EDINBURGH).
   * Such a candidate scores at least extends_floor.
   */
  private applyExtensionFloor(extensions: readonly Extension[], found: readonly { org_id: string; name_norm: string }[], best: Map<string, MatchCandidate>, exactlyNamed: boolean): Map<string, Set<string>> {
    // Each candidate refused for being named less fully, and the organisations that name the ledger more fully.
    const namedMoreFully = new Map<string, Set<string>>();
    const F = this.scores.fuzzy;
    const descriptive = (w: string) => this.isDescriptiveWord(w);
    // Organisations whose name is the ledger's with words added; a trading arm's (subsidiary words) does not count.
    const longerRegisterNames = extensions.filter((e) => e.longer === 'register' && !e.extra.some((w) => F.subsidiary_words.includes(w)));
    for (const e of extensions) {
      const entry = best.get(e.org_id);
      if (!entry || entry.score >= F.extends_floor) continue;
      // A company with words added is another company ("SKIPTON HIRE" / "SKIPTON HIRE CENTRE");
      // a charity's branches carry its name with a place. A name of one short word is too thin.
      if (e.org_id.startsWith('GB-COH-') || !e.extra.every(descriptive)) continue;
      if (!this.saysMoreThanWhereOrWhat(e.core)) continue;
      // A register name with words only before the ledger's is a local organisation named after
      // its place ("HALESWORTH STROKEWISE ASSOCIATION"): not the ledger's when another carries the name exactly.
      if (exactlyNamed && e.longer === 'register' && endsWithRun(e.register!, e.core) && !beginsWithRun(e.register!, e.core)) continue;
      // Another name that is this one with words after it is this name said more fully ("… OF
      // GREAT BRITAIN AND IRELAND FOR THE STUDY OF FERNS"): it neither counts as a second
      // longer register name nor contests.
      const saidMoreFully = (words: readonly string[]) => e.longer === 'register' && words.length > e.register!.length && beginsWithRun(words, e.register!);
      if (e.longer === 'register' && longerRegisterNames.some((o) => o.org_id !== e.org_id && !saidMoreFully(o.register!))) continue;
      const contested = found.some((c) => {
        if (c.org_id === e.org_id || saidMoreFully(nameTokens(c.name_norm))) return false;
        const tokens = nameTokens(c.name_norm);
        // It shares a word of the name that is no place word (AGE of AGE UK, not CUMBRIA of CUMBRIA CVS)
        // and an added place; against a longer register name, it carries every word of the ledger's
        // (RELATE WARWICKSHIRE does not contest RELATE COVENTRY AND WARWICKSHIRE for "RELATE COVENTRY").
        const sharesName = e.longer === 'register' ? e.core.every((w) => tokens.includes(w)) : tokens.some((t) => e.core.includes(t) && !descriptive(t));
        return sharesName && tokens.some((t) => e.extra.includes(t) && this.placeWords.has(t) && !F.branch_words.includes(t));
      });
      if (contested) continue;
      // Another organisation's name carries every word of the ledger's in its order, the added
      // ones too ("KESTREL TRUST": KESTREL TRUST FOR CARERS against a KESTREL): it names the
      // ledger's words more fully than this one does.
      const fuller = e.longer === 'ledger' && e.ledger !== undefined ? found.filter((c) => c.org_id !== e.org_id && containsInOrder(c.name_norm.split(' '), e.ledger!)) : [];
      if (fuller.length > 0) {
        namedMoreFully.set(e.org_id, new Set([...(namedMoreFully.get(e.org_id) ?? []), ...fuller.map((c) => c.org_id)]));
        continue;
      }
      this.raiseToFloor(entry, 'extends_floor', e.is_current);
    }
    return namedMoreFully;
  }

  /**
   * The ledger name is the beginning of exactly one organisation's longer name, where that name
   * goes on with a small word ("ROYAL GUILD OF ARCHIVISTS" for ROYAL GUILD OF ARCHIVISTS AND
   * RECORD KEEPERS: its formal name said short), and no organisation carries the ledger name
   * exactly: that organisation scores at least begins_floor, when it is not a company (a company
   * with words added is another company), the added words are not a trading arm's, the name says
   * more than where or what kind, and every organisation carrying the ledger's rarest word is a
   * candidate (so "exactly one" is known).
   */
  private applyBeginsFloor(p: Prepared, beginnings: readonly Extension[], exactHolders: ReadonlyMap<string, ReadonlySet<string>>, df: ReadonlyMap<string, number>, best: Map<string, MatchCandidate>): void {
    const F = this.scores.fuzzy;
    if (F.begins_floor <= 0 || beginnings.length === 0) return;
    const v = p.variants[0]!;
    if ((exactHolders.get(v.replace(/ /g, ''))?.size ?? 0) > 0) return;
    const orgIds = new Set(beginnings.map((b) => b.org_id));
    if (orgIds.size !== 1) return;
    const ledgerWords = nameTokens(v);
    const rarest = Math.min(...ledgerWords.map((w) => df.get(w) ?? 0));
    if (rarest >= this.perSupplier) return;
    const e = beginnings.find((b) => b.is_current) ?? beginnings[0]!;
    if (e.org_id.startsWith('GB-COH-') || e.extra.some((w) => F.subsidiary_words.includes(w)) || !SMALL_WORDS.has(e.extra[0]!)) return;
    if (!this.saysMoreThanWhereOrWhat(e.core)) return;
    const entry = best.get(e.org_id);
    if (!entry || entry.score >= this.floorScore('begins_floor', e.is_current)) return;
    this.raiseToFloor(entry, 'begins_floor', e.is_current);
  }

  /**
   * The ledger name is one organisation's full name with other words after it: a department, a
   * project or a person ("WREN VALLEY VOLUNTARY ACTION YOUTH FORUM", "… C/O <its accountants>",
   * a word cut at the field width). When the name is long enough to be a name of its own (descriptor_min_words
   * words besides small ones), it is the only candidate the ledger so begins with, the organisation
   * is not a company, the added words are not all place or branch words (extends_floor decides
   * those) and no other candidate carries any of them, it scores at least descriptor_floor.
   */
  private applyDescriptorFloor(extensions: readonly Extension[], found: readonly { org_id: string; name_norm: string }[], best: Map<string, MatchCandidate>): void {
    const F = this.scores.fuzzy;
    const { descriptor_floor: floor, descriptor_min_words: minWords } = F;
    if (floor <= 0) return;
    const heads = extensions.filter((e) => e.longer === 'ledger' && e.ledger !== undefined && e.ledger.slice(0, e.core.length).join(' ') === e.core.join(' '));
    if (new Set(heads.map((e) => e.org_id)).size !== 1) return;
    const e = heads.find((h) => h.is_current) ?? heads[0]!;
    const entry = best.get(e.org_id);
    if (!entry || e.org_id.startsWith('GB-COH-') || e.extra.every((w) => this.isDescriptiveWord(w))) return;
    if (e.core.filter((w) => !SMALL_WORDS.has(w)).length < minWords) return;
    if (found.some((c) => c.org_id !== e.org_id && nameTokens(c.name_norm).some((t) => e.extra.includes(t) && !SMALL_WORDS.has(t)))) return;
    if (entry.score >= this.floorScore('descriptor_floor', e.is_current)) return;
    this.raiseToFloor(entry, 'descriptor_floor', e.is_current);
  }

  /** A place word, a branch word or a small word: says where or what kind, not which organisation. */
  private isDescriptiveWord(word: string): boolean {
    return this.placeWords.has(word) || this.scores.fuzzy.branch_words.includes(word) || SMALL_WORDS.has(word);
  }

  /**
   * The name itself says more than where or what kind: a word that is no place, branch or small
   * word, or two words that are no branch or small words (ward names hold UNIVERSITY, PARK,
   * HOSPITAL: "CARDIFF UNIVERSITY" is a name, "KENT" alone is not); a name of one short word is
   * too thin.
   */
  private saysMoreThanWhereOrWhat(words: readonly string[]): boolean {
    const F = this.scores.fuzzy;
    const named = words.filter((w) => !F.branch_words.includes(w) && !SMALL_WORDS.has(w) && w.length > 1);
    const distinctive = named.filter((w) => !this.placeWords.has(w));
    return !((distinctive.length === 0 && named.length < 2) || (words.length === 1 && words[0]!.length < 5));
  }

  /** A word-relation floor's score for a candidate (less adjust.other_name when it matched on an other name). */
  private floorScore(floor: 'extends_floor' | 'begins_floor' | 'descriptor_floor', isCurrent: boolean): number {
    return round(this.scores.fuzzy[floor] + (isCurrent ? 0 : this.scores.adjust.other_name));
  }

  /** Sets the candidate's score to the floor's, naming the floor in its evidence. */
  private raiseToFloor(entry: MatchCandidate, floor: 'extends_floor' | 'begins_floor' | 'descriptor_floor', isCurrent: boolean): void {
    entry.score = this.floorScore(floor, isCurrent);
    entry.evidence = [...entry.evidence, `fuzzy.${floor}`];
  }

  /** Each candidate's comparison levels and Fellegi–Sunter match probability (model/match-weights.yaml). */
  private attachProbabilities(p: Prepared, best: Map<string, MatchCandidate & { nameScore: number }>): void {
    const all = [...best.values()];
    for (const c of all) {
      const other = Math.max(-1, ...all.filter((o) => o.org_id !== c.org_id).map((o) => o.score));
      const vector = comparisonVector(c, { hasLegalForm: p.hasLegalForm, postcode: p.postcode, bestOther: other < 0 ? null : other });
      c.comparisons = vector;
      c.probability = round(matchProbability(vector, this.weights).probability);
    }
  }

  private accept(top: MatchCandidate, method: 'exact_name' | 'previous_name' | 'fuzzy_name', reason: string, candidates: MatchCandidate[], overridePostcode: string | null): SupplierMatch {
    return {
      org_id: top.org_id,
      matched_name: top.name,
      method,
      confidence: top.score,
      override_postcode: overridePostcode,
      reason,
      candidates: candidates.slice(0, this.runnersUp + 1),
    };
  }
}

/**
 * One line of evidence for a match, as the warehouse keeps it: the method, the named score
 * parts of the chosen candidate and the runner-up's score (register facts only, never the
 * ledger's name, which may be a person's).
 */
export function matchEvidence(match: SupplierMatch): string {
  const [top, runnerUp] = match.candidates;
  const chosen = top && top.org_id === match.org_id ? top : undefined;
  return [
    match.method,
    ...(chosen?.evidence ?? []),
    ...(chosen && runnerUp ? [`runner_up=${runnerUp.score.toFixed(2)}`] : []),
  ].join('; ');
}

/** The name without one or more of its first or last words, longest first (at most two dropped at the start). */
function shorterNames(normalised: string): string[] {
  const tokens = normalised.split(' ');
  const out = new Set<string>();
  for (let end = tokens.length - 1; end >= 1; end--) out.add(tokens.slice(0, end).join(' '));
  for (let start = 1; start <= Math.min(2, tokens.length - 1); start++) out.add(tokens.slice(start).join(' '));
  return [...out];
}

/** A candidate whose name is the ledger's with words added, or the other way round. */
interface Extension {
  org_id: string;
  is_current: boolean;
  /** Which name has the added words. */
  longer: 'ledger' | 'register';
  /** The shorter name's words, and the words the longer adds. */
  core: string[];
  extra: string[];
  /** The ledger's words, in order (when the ledger's is the longer name). */
  ledger?: string[];
  /** The register's words, in order (when the register's is the longer name). */
  register?: string[];
}

/** Every word of `words` but the small ones appears in `name` in the same order, a plural S allowed ("KESTREL CENTRE" in KESTREL CENTRES). */
function containsInOrder(name: readonly string[], words: readonly string[]): boolean {
  let at = 0;
  for (const w of words) {
    if (SMALL_WORDS.has(w)) continue;
    while (at < name.length && name[at] !== w && name[at] !== `${w}S`) at++;
    if (at === name.length) return false;
    at++;
  }
  return true;
}

/** Moves a candidate to the front of the ranking. */
const promote = <T>(ranked: T[], candidate: T) => ranked.unshift(...ranked.splice(ranked.indexOf(candidate), 1));

const beginsWithRun = (words: readonly string[], run: readonly string[]) => run.length <= words.length && run.every((w, i) => words[i] === w);
const endsWithRun = (words: readonly string[], run: readonly string[]) => run.length <= words.length && run.every((w, i) => words[words.length - run.length + i] === w);

/** The evidence of a score a word relation set (a floor or equal after rewriting), not similarity alone. */
const WORD_RULES = new Set(['fuzzy.extends_floor', 'fuzzy.begins_floor', 'fuzzy.descriptor_floor', 'fuzzy.truncated_floor', 'fuzzy.equal_after_rewriting']);


/** The Fellegi–Sunter probability of the candidate a name match chose; null for identifiers, overrides and abstentions. */
export function chosenProbability(match: SupplierMatch): number | null {
  const [top] = match.candidates;
  return match.org_id !== null && top?.org_id === match.org_id && top.probability !== undefined ? top.probability : null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** "MURPHY PHILIPPS ASSOCIAT" against "MURPHY PHILIPPS ASSOCIATES": cut inside a word. */
function isCutMidWord(supplier: string, candidate: string): boolean {
  if (supplier.length < 12 || candidate.length <= supplier.length || candidate[supplier.length] === ' ') return false;
  // "BRICK PROJECT" / "BRICK PROJECTS CHERTSEY": a plural S is another name, not a cut.
  const plural = candidate[supplier.length] === 'S' && (candidate.length === supplier.length + 1 || candidate[supplier.length + 1] === ' ');
  return !plural;
}

/** Every word of the supplier's name is in the candidate's, and the candidate has more ("SHARP" in "SHARP SHARP" too). */
function isContainedIn(supplier: string, candidate: string): boolean {
  const theirs = nameTokens(candidate);
  const ours = nameTokens(supplier);
  return ours.every((t) => theirs.includes(t)) && theirs.length > ours.length;
}

/** Ledger systems cut names at a fixed width; a name exactly that long may be cut short. */
const FIELD_LIMITS = new Set([30, 32, 35, 40, 50, 60]);
function isAtFieldLimit(raw: string): boolean {
  return FIELD_LIMITS.has(raw.length);
}

/**
 * "HOPEAA HOUSEAA TRUST": every word but the last carries the same residue of a character the
 * ledger lost in conversion (a non-breaking space written as two letters; ledger.encoding_residue
 * in name-scores.yaml). No name's every word ends so; the residue is dropped.
 */
export function withoutEncodingResidue(name: string, residues: readonly string[]): string {
  const words = name.trim().split(/\s+/);
  // Two words are not enough to tell: a first word may end so ("SHIVAA CARE").
  if (words.length < 3) return name;
  for (const residue of residues) {
    const ends = (w: string) => w.length > residue.length + 1 && w.toUpperCase().endsWith(residue) && /^[A-Za-z]+$/.test(w);
    if (words.slice(0, -1).every(ends) && !ends(words.at(-1)!)) return words.map((w, i) => (i < words.length - 1 ? w.slice(0, -residue.length) : w)).join(' ');
  }
  return name;
}

/** "X Ltd Re Sun Woodhouse", "X C/O Y": the organisation is X; the rest names a site or agent. */
function stripSiteSuffix(name: string): string {
  const match = /^(.+?\b(?:LTD|LIMITED|PLC|LLP)\.?)\s+(?:RE|C\/O|FAO|ACCOUNT)\b.+$/i.exec(name) ?? /^(.+?)\s+(?:C\/O|FAO)\s.+$/i.exec(name);
  return match?.[1] ?? name;
}
