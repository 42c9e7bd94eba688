import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchCsvFile } from './csv-matching';
import { loadOverridesFile } from './overrides';
import { overridesYaml, readReviewDecisions, writeReviewCsv } from './review-file';
import { SupplierMatcher } from './supplier-matcher';
import { withTemporaryRegisters } from './temporary-registers';

const register = fileURLToPath(new URL('../eval/synthetic/register.csv', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cwb-review-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the review loop', () => {
  it('plausible abstentions go to a review file; the marked file becomes overrides; the next run uses them', async () => {
    const suppliers = join(dir, 'suppliers.csv');
    // "Linden Tree" sits inside two organisations' names; "=Westleigh Advocacy Services" is
    // formula-like; "Tarnside Youth Club" has no plausible candidate.
    await writeFile(suppliers, 'name,spend\nLinden Tree,1200\n=Westleigh Advocacy Services,300\nTarnside Youth Club,50\nHolloway Family Support,10\n');
    await withTemporaryRegisters([{ path: register }], async (conn) => {
      const first = await matchCsvFile(new SupplierMatcher(conn), suppliers, join(dir, 'out.csv'));
      const review = join(dir, 'review.csv');
      expect(await writeReviewCsv(review, first.matches)).toBe(2);
      const text = await readFile(review, 'utf8');
      const [header, ...lines] = text.trim().split('\n');
      expect(header).toBe('supplier_name,spend_gbp,method,reason,candidate_1_org_id,candidate_1_name,candidate_1_score,candidate_1_probability,candidate_2_org_id,candidate_2_name,candidate_2_score,candidate_2_probability,candidate_3_org_id,candidate_3_name,candidate_3_score,candidate_3_probability,decision');
      // The largest spend first, with its amount.
      expect(lines[0]).toMatch(/^Linden Tree,1200\.00,/);
      expect(lines.map((l) => l.split(',')[0])).toEqual(['Linden Tree', "'=Westleigh Advocacy Services"]);
      expect(lines[0]).toContain('GB-CHC-1100020');

      // A person decides: the first is the project; the second is no organisation listed.
      const marked = [header, `${lines[0]}GB-CHC-1100020`, `${lines[1]}none`].join('\n');
      await writeFile(review, `${marked}\n`);
      const decisions = await readReviewDecisions(review);
      expect(decisions).toMatchObject({
        none: 1,
        undecided: 0,
        overrides: [{ supplier_name: 'Linden Tree', org_id: 'GB-CHC-1100020' }, { supplier_name: '=Westleigh Advocacy Services', no_match: true }],
      });
      const overridesFile = join(dir, 'overrides.yaml');
      await writeFile(overridesFile, overridesYaml(decisions.overrides, 'test'));

      const second = await matchCsvFile(new SupplierMatcher(conn, { overrides: await loadOverridesFile(overridesFile) }), suppliers, join(dir, 'out2.csv'));
      expect(second.matches.find((m) => m.name === 'Linden Tree')?.match).toMatchObject({ org_id: 'GB-CHC-1100020', method: 'override' });
      // Both decided: the override matches one, the `none` is not asked about again.
      expect(second.matches.find((m) => m.name === '=Westleigh Advocacy Services')?.match).toMatchObject({ org_id: null, method: 'no_match', candidates: [] });
      expect(await writeReviewCsv(review, second.matches)).toBe(0);
    });
  });

  it('a decision that is not an org-id is refused with its line', async () => {
    const review = join(dir, 'bad-review.csv');
    await writeFile(review, 'supplier_name,method,reason,decision\nAcme,no_match,x,yes please\n');
    await expect(readReviewDecisions(review)).rejects.toThrow(/bad-review\.csv:2: decision "yes please" is not an org-id/);
  });
});
