import type { CanonicalField, Mapping } from './mapping-schema';
import { fitMapping, type FittableMapping, type MappingFit } from './mapping-fit';

export type MappingChoice<M = Mapping, Field extends string = CanonicalField> =
  | { kind: 'chosen'; fit: MappingFit<M, Field>; explanation: string }
  | { kind: 'ambiguous'; fits: MappingFit<M, Field>[]; explanation: string }
  | { kind: 'none'; explanation: string };

/**
 * Chooses the mapping for a header, for any record kind's mappings (payments by default). A
 * mapping fits when all its required fields and signature headers are present; when several
 * fit, the one recognising the most columns wins, and a tie is reported as ambiguous (never
 * guessed). `fit` fits one mapping (default: the SDK's fitMapping).
 */
export function chooseMapping<Field extends string = CanonicalField, M extends FittableMapping<Field> & { name: string } = Mapping & FittableMapping<Field>>(
  mappings: readonly M[],
  header: readonly string[],
  fit: (mapping: M, header: readonly string[]) => MappingFit<M, Field> = (mapping, cells) => fitMapping<M, Field>(mapping, cells),
): MappingChoice<M, Field> {
  const fits = mappings.map((mapping) => fit(mapping, header)).filter((candidate) => candidate.fits);
  fits.sort((a, b) => b.recognised - a.recognised);
  const [best, second] = fits;
  if (!best) return { kind: 'none', explanation: 'no mapping fits the header' };
  const describe = (candidate: MappingFit<M, Field>) => `${candidate.mapping.name} (${candidate.recognised}/${header.length} columns)`;
  if (second && second.recognised === best.recognised) {
    const tied = fits.filter((candidate) => candidate.recognised === best.recognised);
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
