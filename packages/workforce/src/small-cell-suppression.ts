/**
 * Small-cell suppression for published workforce figures.
 *
 * A cell is a count of people. Cells of 1 to threshold−1 people are suppressed (primary);
 * zero cells are shown, since they describe nobody. Totals make suppressed cells
 * recoverable, so every published total is declared as an equation `total = Σ parts`, and
 * cells are suppressed until (secondary suppression):
 * - no cell of 1 to threshold−1 people can be worked out exactly from published cells
 *   through any chain of equations, and
 * - in no equation whose total is known do the unknown parts add up to 1 to threshold−1
 *   people (a small group recovered as a whole).
 * Hidden cells (parts never published, such as "staff outside the cluster") take part in
 * the equations as unknowns. The complement chosen is the smallest non-zero published cell
 * among those the disclosure was worked out from (through every step of the chain; ties by
 * id), so as little as possible is lost; the check repeats until nothing small is recoverable.
 * Equations are checked one by one (with derived values carried between them); arbitrary
 * linear combinations of overlapping equations are not searched.
 */
export interface SuppressionCell {
  id: string;
  count: number;
  /** Never published: an unknown in every equation. */
  hidden?: boolean;
}

export interface SuppressionEquation {
  total: string;
  parts: readonly string[];
}

export interface SuppressionResult {
  /** Published cells that must not be shown, with why. */
  suppressed: Map<string, 'primary' | 'secondary'>;
}

export function suppressSmallCells(
  cells: readonly SuppressionCell[],
  equations: readonly SuppressionEquation[],
  threshold: number,
): SuppressionResult {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`suppression threshold must be a whole number of people ≥ 1, not ${threshold}`);
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  for (const equation of equations) {
    for (const id of [equation.total, ...equation.parts]) {
      if (!byId.has(id)) throw new Error(`suppression equation refers to unknown cell "${id}"`);
    }
  }
  const small = (count: number) => count > 0 && count < threshold;
  const suppressed = new Map<string, 'primary' | 'secondary'>();
  for (const cell of cells) if (!cell.hidden && small(cell.count)) suppressed.set(cell.id, 'primary');
  const isPublished = (id: string) => !byId.get(id)?.hidden && !suppressed.has(id);
  const count = (id: string) => byId.get(id)?.count ?? 0;

  /** Suppresses the smallest published cell among `candidates` (non-zero first); false when there is none. */
  const suppressSmallest = (candidates: Iterable<string>): boolean => {
    const published = [...new Set(candidates)].filter(isPublished);
    published.sort((a, b) => count(a) - count(b) || a.localeCompare(b));
    const chosen = published.find((id) => count(id) > 0) ?? published[0];
    if (!chosen) return false;
    suppressed.set(chosen, 'secondary');
    return true;
  };

  for (let round = 0; round < cells.length + 1; round += 1) {
    // Everything an attacker can work out: published cells, then single unknowns of equations.
    const known = new Set(cells.filter((cell) => isPublished(cell.id)).map((cell) => cell.id));
    const derivedBy = new Map<string, SuppressionEquation>();
    let grew = true;
    while (grew) {
      grew = false;
      for (const equation of equations) {
        const unknown = [equation.total, ...equation.parts].filter((id) => !known.has(id));
        if (unknown.length === 1) {
          const id = unknown[0] as string;
          known.add(id);
          derivedBy.set(id, equation);
          grew = true;
        }
      }
    }
    // The published cells a derived value was worked out from, through every step of the chain.
    const support = (ids: readonly string[]): Set<string> => {
      const out = new Set<string>();
      const stack = [...ids];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const id = stack.pop() as string;
        if (seen.has(id)) continue;
        seen.add(id);
        if (isPublished(id)) out.add(id);
        const equation = derivedBy.get(id);
        if (equation) stack.push(...[equation.total, ...equation.parts].filter((other) => other !== id));
      }
      return out;
    };
    let changed = false;
    for (const [id] of derivedBy) {
      if (small(count(id)) && suppressSmallest(support([id]))) {
        changed = true;
        break;
      }
    }
    if (!changed) {
      for (const equation of equations) {
        if (!known.has(equation.total)) continue;
        const unknownParts = equation.parts.filter((id) => !known.has(id));
        const sum = unknownParts.reduce((total, id) => total + count(id), 0);
        if (unknownParts.length > 0 && small(sum) && suppressSmallest(support([equation.total, ...equation.parts.filter((id) => known.has(id))]))) {
          changed = true;
          break;
        }
      }
    }
    if (!changed) return { suppressed };
  }
  throw new Error('small-cell suppression did not settle; this is a bug in the equations given');
}
