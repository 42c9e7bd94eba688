import type { ComparisonVector } from './match-weights';
import type { MatchCandidate } from './supplier-input';

/** Which named rule of model/name-scores.yaml scored the names, as a level of the name comparison. */
const RULE_LEVELS: [evidence: string, level: ComparisonVector['name']][] = [
  ['exact.with_legal_form', 'exact_with_legal_form'],
  ['exact.without_legal_form', 'exact_without_legal_form'],
  ['exact.bare_two_words_unique', 'exact_bare_two_words'],
  ['exact.bare_one_word', 'exact_bare_short'],
  ['fuzzy.extends_floor', 'extends'],
  // One name is the other with words added (after the ledger's, or after the register's).
  ['fuzzy.begins_floor', 'extends'],
  ['fuzzy.descriptor_floor', 'extends'],
  ['fuzzy.equal_after_rewriting', 'equal_after_rewriting'],
  ['fuzzy.truncated_floor', 'truncated'],
  ['fuzzy.subsidiary_cap', 'subsidiary'],
  ['fuzzy.contained_cap', 'contained'],
];

function nameLevel(evidence: readonly string[], nameScore: number): ComparisonVector['name'] {
  for (const [key, level] of RULE_LEVELS) if (evidence.includes(key)) return level;
  if (nameScore >= 0.9) return 'fuzzy_90';
  if (nameScore >= 0.85) return 'fuzzy_85';
  if (nameScore >= 0.8) return 'fuzzy_80';
  if (nameScore >= 0.7) return 'fuzzy_70';
  return 'fuzzy_low';
}

function competitionLevel(score: number, bestOther: number | null): ComparisonVector['competition'] {
  if (bestOther === null) return 'alone';
  const lead = score - bestOther;
  if (lead >= 0.15) return 'clear';
  if (lead >= 0.06) return 'ahead';
  if (lead > -0.06) return 'close';
  return 'behind';
}

/**
 * A candidate pair's level on each comparison of the Fellegi–Sunter model, from what the
 * matcher found: the name rule (which already says whether the exact name is unique) and
 * score, the best other candidate's score, the ledger's legal form against the organisation's kind,
 * postcode agreement and status.
 */
export function comparisonVector(
  candidate: MatchCandidate & { nameScore: number },
  context: { hasLegalForm: boolean; postcode: string | null; bestOther: number | null },
): ComparisonVector {
  const company = candidate.org_id.startsWith('GB-COH-');
  const postcode: ComparisonVector['postcode'] =
    !context.postcode || !candidate.postcode ? 'unknown' : candidate.postcode === context.postcode ? 'same' : candidate.postcode.split(' ')[0] === context.postcode.split(' ')[0] ? 'same_outcode' : 'different';
  return {
    name: nameLevel(candidate.evidence, candidate.nameScore),
    competition: competitionLevel(candidate.score, context.bestOther),
    form: context.hasLegalForm ? (company ? 'form_company' : 'form_other') : company ? 'bare_company' : 'bare_other',
    postcode,
    status: candidate.is_active === true ? 'active' : candidate.is_active === false ? 'inactive' : 'unknown',
  };
}
