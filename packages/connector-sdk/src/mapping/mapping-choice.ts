import type { Mapping } from './mapping-schema';
import { fitMapping, type MappingFit } from './mapping-fit';

export type MappingChoice =
  | { kind: 'chosen'; fit: MappingFit; explanation: string }
  | { kind: 'ambiguous'; fits: MappingFit[]; explanation: string }
  | { kind: 'none'; explanation: string };

/**
 * Chooses the mapping for a header. A mapping fits when all its required fields and signature
 * headers are present; when several fit, the one recognising the most columns wins, and a tie
 * is reported as ambiguous (never guessed).
 */
export function chooseMapping(mappings: readonly Mapping[], header: readonly string[]): MappingChoice {
  const fits = mappings.map((mapping) => fitMapping(mapping, header)).filter((fit) => fit.fits);
  fits.sort((a, b) => b.recognised - a.recognised);
  const [best, second] = fits;
  if (!best) return { kind: 'none', explanation: 'no mapping fits the header' };
  const describe = (fit: MappingFit) => `${fit.mapping.name} (${fit.recognised}/${header.length} columns)`;
  if (second && second.recognised === best.recognised) {
    const tied = fits.filter((fit) => fit.recognised === best.recognised);
    return {
      kind: 'ambiguous',
      fits: tied,
      explanation: `${tied.map(describe).join(' and ')} fit equally well; choose one with --mapping`,
    };
  }
  const others = fits.slice(1).map(describe);
  return {
    kind: 'chosen',
    fit: best,
    explanation:
      `chose ${describe(best)} from the header` + (others.length > 0 ? `; also fit: ${others.join(', ')}` : ''),
  };
}
