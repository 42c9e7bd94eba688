import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { REGISTER_MAPPINGS, withRegisters, type RegisterMappingName } from '@cwb/companies-house';
import {
  DEFAULT_THRESHOLD,
  SupplierMatcher,
  evaluateMatcher,
  formatEvaluation,
  formatSweep,
  sweepThresholds,
  thresholdForPrecision,
  formatMatchReport,
  loadOverridesFile,
  matchCsvFile,
  overridesYaml,
  readReviewDecisions,
  readTruthCsv,
  withTemporaryRegisters,
  writeReviewCsv,
  DEFAULT_REVIEW_FLOOR,
} from '@cwb/matching';
import { withDatabase } from '@cwb/warehouse';
import { loadConfigFrom } from './common-options';
import { snapshotPathFor } from './indicators';
import { withRegistersOption } from './registers-load';

const thresholdSchema = z.coerce.number().min(0.5, '--threshold must be between 0.5 and 1').max(1, '--threshold must be between 0.5 and 1').default(DEFAULT_THRESHOLD);

const evalOptionsSchema = z.object({
  truth: z.string().min(1, '--truth <csv> is required'),
  registers: z.string().min(1),
  register: z.array(z.string().min(1)).optional(),
  mapping: z.enum(Object.keys(REGISTER_MAPPINGS) as [RegisterMappingName, ...RegisterMappingName[]], { error: `--mapping must be one of ${Object.keys(REGISTER_MAPPINGS).join(', ')}` }).default('generic'),
  threshold: thresholdSchema,
  worst: z.coerce.number().int().min(0).default(15),
  json: z.boolean().optional(),
  targetPrecision: z.coerce.number().gt(0, '--target-precision must be between 0 and 1').max(1, '--target-precision must be between 0 and 1').optional(),
});

const optionsSchema = z.object({
  out: z.string().min(1, '--out <csv> is required'),
  registers: z.string().min(1),
  overrides: z.string().min(1).optional(),
  threshold: thresholdSchema,
  report: z.boolean().optional(),
  review: z.string().min(1).optional(),
  reviewFloor: z.coerce.number().min(0).max(1).default(DEFAULT_REVIEW_FLOOR),
});

/** `cwb match <csv> --out <csv>`: match a list of suppliers to organisation registers. */
export function register(program: Command): void {
  withRegistersOption(
    program
      .command('match')
      .description('match suppliers in a CSV (a "name" column; optional postcode, company_number, vat_number, charity_number, supplier_id, spend) to the registers')
      .argument('<csv>', 'input CSV')
      .requiredOption('--out <csv>', 'output CSV: every input row and column, plus org_id, matched_name, method, confidence')
      .option('--overrides <yaml>', 'overrides file (always wins)')
      .option('--threshold <n>', `accept name matches at or above this confidence (default ${DEFAULT_THRESHOLD})`)
      .option('--report', 'print the match report: rates by count and spend, by method, unmatched by spend')
      .option('--review <csv>', 'also write the plausible abstentions (best candidate scored at least --review-floor) for a person to decide: fill the decision column, then `cwb match-review`')
      .option('--review-floor <n>', `lowest best-candidate score worth a review (default ${DEFAULT_REVIEW_FLOOR})`),
  ).action(async (input: string, raw: unknown) => {
    const parsed = optionsSchema.safeParse(raw);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    const options = parsed.data;
    const overrides = options.overrides ? await loadOverridesFile(options.overrides) : [];
    await withRegisters(options.registers, { mode: 'read_only' }, async ({ conn }) => {
      const result = await matchCsvFile(new SupplierMatcher(conn, { overrides, threshold: options.threshold }), input, options.out);
      process.stdout.write(`${result.rows} rows, ${result.suppliers} distinct suppliers → ${options.out}\n`);
      if (options.report) process.stdout.write(`\n${formatMatchReport(result.report)}\n`);
      else process.stdout.write(`matched ${result.report.matched_suppliers} of ${result.suppliers} (${(100 * result.report.match_rate_by_count).toFixed(1)}%)\n`);
      if (options.review) {
        const written = await writeReviewCsv(options.review, result.matches, options.reviewFloor);
        process.stdout.write(`${written} supplier(s) to review → ${options.review}: write the right candidate's org-id (or none) in the decision column, then \`cwb match-review ${options.review} --out overrides.yaml\`\n`);
      }
    });
  });
}

/** `cwb match-review <review.csv> --out <overrides.yaml>`: a person's review decisions become overrides. */
export function registerMatchReview(program: Command): void {
  program
    .command('match-review')
    .description('turn a marked review file (from `cwb match --review`) into an overrides file for the next run')
    .argument('<review-csv>', 'the review CSV with its decision column filled (an org-id, none, or blank)')
    .requiredOption('--out <yaml>', 'the overrides file to write (pass it as --overrides, or as reference.supplier_overrides in the config)')
    .option('--force', 'overwrite --out if it exists')
    .action(async (review: string, options: { out: string; force?: boolean }) => {
      if (existsSync(options.out) && !options.force) throw new Error(`${options.out} exists. Fix: choose another --out, or pass --force to overwrite it`);
      const decisions = await readReviewDecisions(review);
      await writeFile(options.out, overridesYaml(decisions.overrides, `Written by \`cwb match-review ${review}\`: decisions made in review, which always win over matching.`));
      process.stdout.write(`${decisions.overrides.length - decisions.none} org-id(s) and ${decisions.none} none → ${options.out}; ${decisions.undecided} undecided\n`);
    });
}

/** `cwb match-eval --truth <csv>`: precision, recall, F1 and calibration of the matcher on a truth set. */
export function registerMatchEval(program: Command): void {
  withRegistersOption(
    program
      .command('match-eval')
      .description('measure supplier matching on a truth set: precision, recall, F1, observed precision by confidence band, worst misses')
      .requiredOption('--truth <csv>', 'truth CSV: name, expected_org_id (blank = should not match); optional postcode, company_number, charity_number, weight')
      .option('--register <file>', 'evaluate against these register files (loaded into a temporary database) instead of --registers; repeatable', (value: string, previous: string[] = []) => [...previous, value])
      .option('--mapping <name>', `layout of the --register files: ${Object.keys(REGISTER_MAPPINGS).join(' | ')}`, 'generic')
      .option('--threshold <n>', `accept name matches at or above this confidence (default ${DEFAULT_THRESHOLD})`)
      .option('--worst <n>', 'how many wrong matches and misses to list', '15')
      .option('--target-precision <p>', 'also sweep the accept threshold (0.85–0.99) and print the lowest that holds this precision, e.g. 0.99')
      .option('--json', 'print the figures as JSON'),
  ).action(async (raw: unknown) => {
    const parsed = evalOptionsSchema.safeParse(raw);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    const options = parsed.data;
    const cases = await readTruthCsv(options.truth);
    const evaluate = async (conn: ConstructorParameters<typeof SupplierMatcher>[0]) => {
      const evaluation = await evaluateMatcher(new SupplierMatcher(conn, { threshold: options.threshold }), cases);
      const target = options.targetPrecision;
      const sweep = target === undefined ? undefined : await sweepThresholds((threshold) => new SupplierMatcher(conn, { threshold }), cases);
      if (options.json) {
        const { evaluated: _cases, ...figures } = evaluation;
        const chosen = sweep && target !== undefined ? thresholdForPrecision(sweep, target) : undefined;
        process.stdout.write(`${JSON.stringify({ ...figures, ...(sweep ? { sweep, target_precision: target, chosen_threshold: chosen?.threshold ?? null } : {}) }, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatEvaluation(evaluation, { worst: options.worst })}\n`);
        if (sweep && target !== undefined) process.stdout.write(`\n${formatSweep(sweep, target)}\n`);
      }
    };
    if (options.register && options.register.length > 0) {
      const mapping = REGISTER_MAPPINGS[options.mapping];
      await withTemporaryRegisters(options.register.map((path) => ({ path, mapping })), evaluate);
    } else {
      await withRegisters(options.registers, { mode: 'read_only' }, ({ conn }) => evaluate(conn));
    }
  });
}

const reviewMatchesSchema = z.object({
  out: z.string().min(1, '--out <csv> is required'),
  registers: z.string().min(1),
  db: z.string().min(1).optional(),
  config: z.string().optional(),
  overrides: z.string().min(1).optional(),
  reviewFloor: z.coerce.number().min(0).max(1).default(DEFAULT_REVIEW_FLOOR),
  force: z.boolean().optional(),
});

/**
 * `cwb review-matches --out review.csv`: the review loop from a refresh. Reads the published
 * snapshot's unmatched suppliers with what each was paid, matches them again against the
 * registers (with the config's overrides) and writes the plausible ones for a person, the
 * largest spend first. `cwb match-review` turns the marked file into overrides; named as
 * `reference.supplier_overrides` in the config, the next refresh uses them.
 */
export function registerReviewMatches(program: Command): void {
  withRegistersOption(
    program
      .command('review-matches')
      .description("write the published snapshot's unmatched suppliers that have a plausible candidate, largest spend first, for a person to decide (then `cwb match-review`)")
      .requiredOption('--out <csv>', 'the review CSV to write')
      .option('--db <file>', 'read this snapshot instead of the config\'s published one')
      .option('--overrides <yaml>', "overrides file (default: the config's reference.supplier_overrides)")
      .option('--review-floor <n>', `lowest best-candidate score worth a review (default ${DEFAULT_REVIEW_FLOOR})`)
      .option('--force', 'overwrite --out if it exists'),
  ).action(async (raw: unknown) => {
    const parsed = reviewMatchesSchema.safeParse(raw);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    const options = parsed.data;
    if (existsSync(options.out) && !options.force) throw new Error(`${options.out} exists. Fix: choose another --out, or pass --force to overwrite it`);
    const snapshot = await snapshotPathFor(options);
    const overridesPath = options.overrides ?? (options.db ? null : (await loadConfigFrom(options)).paths.supplierOverridesPath);
    const overrides = overridesPath ? await loadOverridesFile(overridesPath) : [];
    const suppliers = await withDatabase(snapshot, { mode: 'read_only' }, (w) =>
      w.all<{ supplier_name: string; postcode: string | null; company_number: string | null; charity_number: string | null; vat_number: string | null; spend_pence: bigint | number }>(
        `select supplier_name, postcode, company_number, charity_number, vat_number, spend_pence
           from marts.dim_suppliers
          where not is_matched and supplier_name is not null
            and coalesce(match_method, '') not in ('not_an_organisation', 'redacted', 'override')
          order by spend_pence desc, supplier_name`,
      ),
    );
    await withRegisters(options.registers, { mode: 'read_only' }, async ({ conn }) => {
      const matches = await new SupplierMatcher(conn, { overrides }).matchBatch(
        suppliers.map((s) => ({ name: s.supplier_name, postcode: s.postcode, company_number: s.company_number, charity_number: s.charity_number, vat_number: s.vat_number })),
      );
      const written = await writeReviewCsv(
        options.out,
        suppliers.map((s, i) => ({ name: s.supplier_name, spend_pence: Number(s.spend_pence), match: matches[i]! })),
        options.reviewFloor,
      );
      process.stdout.write(
        `${suppliers.length} unmatched supplier(s) in ${snapshot}; ${written} with a plausible candidate → ${options.out}\n` +
          `Next: write the right candidate's org-id (or none) in the decision column, then \`cwb match-review ${options.out} --out overrides.yaml\`, ` +
          `and name that file as reference.supplier_overrides in the config: the next refresh uses it.\n`,
      );
    });
  });
}
