import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseMapping } from './mapping-choice';
import { loadMappingFile, loadMappingFolder, parseMapping } from './mapping-files';
import { uniqueHeaderNames } from './header-names';

const folder = await mkdtemp(join(tmpdir(), 'cwb-mappings-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

const base = {
  name: 'example',
  description: 'an example layout',
  columns: { payment_date: 'Date', amount: ['Amount', 'Net Amount'], supplier_name: 'Supplier' },
};

describe('mapping files', () => {
  it('fills defaults and turns single aliases into lists', () => {
    const mapping = parseMapping(base, 'inline');
    expect(mapping.columns.payment_date).toEqual(['Date']);
    expect(mapping.required).toEqual(['payment_date', 'amount', 'supplier_name']);
    expect(mapping.parse.date_order).toBe('auto');
  });

  it.each([
    [{ ...base, name: 'Not Kebab' }, /name: mapping names are kebab-case/],
    [{ ...base, columns: { ...base.columns, suplier: 'x' } }, /columns/],
    [{ ...base, columns: { amount: 'Amount', supplier_name: 'S' } }, /required field "payment_date" has no column aliases/],
    [{ ...base, parse: { date_order: 'ymd' } }, /parse.date_order/],
    [{ ...base, filters: [{ column: 'X', reason: 'r' }] }, /exactly one of `equals` or `matches`/],
    [{ ...base, filters: [{ column: 'X', matches: '(', reason: 'r' }] }, /invalid regular expression/],
    [{ ...base, extra: 1 }, /extra/],
  ])('rejects a bad mapping with the path of the problem (%#)', (value, message) => {
    expect(() => parseMapping(value, 'bad.yaml')).toThrow(message);
    expect(() => parseMapping(value, 'bad.yaml')).toThrow(/^bad.yaml: invalid mapping/);
  });

  it('reports YAML syntax errors and duplicate names with the file', async () => {
    await writeFile(join(folder, 'broken.yaml'), 'name: [unclosed');
    await expect(loadMappingFile(join(folder, 'broken.yaml'))).rejects.toThrow(/broken.yaml: invalid mapping:\n {2}- not valid YAML/);
    const twins = join(folder, 'twins');
    await import('node:fs/promises').then((fs) => fs.mkdir(twins));
    await writeFile(join(twins, 'a.yaml'), 'name: same\ndescription: a\ncolumns: {payment_date: D, amount: A, supplier_name: S}\n');
    await writeFile(join(twins, 'b.yml'), 'name: same\ndescription: b\ncolumns: {payment_date: D, amount: A, supplier_name: S}\n');
    await expect(loadMappingFolder(twins)).rejects.toThrow(/b.yml: invalid mapping:\n {2}- name "same" is also used by a.yaml/);
  });
});

describe('chooseMapping', () => {
  const generic = parseMapping(base, 'generic');
  const specific = parseMapping({ ...base, name: 'specific', columns: { ...base.columns, transaction_ref: 'Ref' } }, 'specific');
  const twin = parseMapping({ ...base, name: 'twin' }, 'twin');

  it('chooses the mapping that recognises the most columns, and says what else fit', () => {
    const choice = chooseMapping([generic, specific], uniqueHeaderNames(['Date', 'Supplier', 'Net amount', 'Ref']));
    expect(choice).toMatchObject({ kind: 'chosen', explanation: 'chose specific (4/4 columns) from the header; also fit: example (3/4 columns)' });
  });

  it('never guesses between equally good mappings', () => {
    expect(chooseMapping([generic, twin], ['Date', 'Supplier', 'Amount'])).toMatchObject({
      kind: 'ambiguous',
      explanation: 'example (3/3 columns) and twin (3/3 columns) fit equally well; choose one with --mapping',
    });
  });

  it('names repeated and blank headers', () => {
    expect(uniqueHeaderNames(['Account Code', 'Account Code', '', 'account  code'])).toEqual([
      'Account Code',
      'Account Code #2',
      'column 3',
      'account code #3',
    ]);
  });
});
