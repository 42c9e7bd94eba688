import { describe, expect, it } from 'vitest';
import { escapeSpreadsheetCellSql } from './export';
import { sqlString, withDatabase } from './warehouse-connection';

// Security: a CSV cell that a spreadsheet would run as a formula is exported as text.
// (The CSV export end to end, with real supplier names, is in publish.test.ts.)

describe('escapeSpreadsheetCellSql', () => {
  it('prefixes every cell a spreadsheet would run (=, +, -, @, tab, carriage return) with an apostrophe, and leaves the rest alone', async () => {
    const cells = ['=1+1', '+44 Supplies', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', 'Acme Ltd', ' =1', '', "'already text", null];
    const escaped = await withDatabase(':memory:', { mode: 'read_write' }, (w) =>
      w.all<{ cell: string | null }>(
        `select ${escapeSpreadsheetCellSql('cell')} as cell from (values ${cells.map((c, i) => `(${i}, ${c === null ? 'null' : sqlString(c)})`).join(', ')}) as t(i, cell) order by i`,
      ),
    );
    expect(escaped.map((r) => r.cell)).toEqual(["'=1+1", "'+44 Supplies", "'-2+3", "'@SUM(A1)", "'\t=cmd", "'\r=cmd", 'Acme Ltd', ' =1', '', "'already text", null]);
  });
});
