import { describe, expect, it } from 'vitest';
import { CsvRecordAssembler, UnbalancedQuoteError, type SourceRecord } from './csv-record-assembler';
import { detectDelimiter } from './delimiter-detection';

function assemble(lines: string[], delimiter = ','): SourceRecord[] {
  const assembler = new CsvRecordAssembler(delimiter);
  const out: SourceRecord[] = [];
  lines.forEach((line, index) => {
    const record = assembler.push(line, index + 1);
    if (record) out.push(record);
  });
  const last = assembler.end();
  if (last) out.push(last);
  return out;
}

describe('CsvRecordAssembler', () => {
  it('splits plain and quoted fields, with doubled quotes', () => {
    const [record] = assemble(['a,"b,c","say ""hi""",,"",d']);
    expect(record?.fields).toEqual(['a', 'b,c', 'say "hi"', '', '', 'd']);
  });

  it('keeps a quoted newline inside one record that starts on its first line', () => {
    const records = assemble(['x,"1,', '84110",y', 'next,row,here']);
    expect(records.map((record) => [record.line, record.fields])).toEqual([
      [1, ['x', '1,\n84110', 'y']],
      [3, ['next', 'row', 'here']],
    ]);
    expect(records[0]?.raw).toBe('x,"1,\n84110",y');
  });

  it('reads quoted values padded with spaces (Kingston " £38,148.43 ")', () => {
    const [record] = assemble(['Sep-20,07-SEP-2020 ," £38,148.43 "']);
    expect(record?.fields).toEqual(['Sep-20', '07-SEP-2020 ', ' £38,148.43 ']);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    const [record] = assemble(['O"Brien Ltd,5']);
    expect(record?.fields).toEqual(['O"Brien Ltd', '5']);
  });

  it('uses the configured delimiter', () => {
    const [record] = assemble(['a;"b;c";d'], ';');
    expect(record?.fields).toEqual(['a', 'b;c', 'd']);
  });

  it('stops at an unbalanced quote instead of swallowing the file', () => {
    const lines = ['a,"never closed', ...Array.from({ length: 300 }, () => 'x,y')];
    expect(() => assemble(lines)).toThrow(UnbalancedQuoteError);
    expect(() => assemble(lines)).toThrow(/line 1: a quoted field is still open/);
  });
});

describe('detectDelimiter', () => {
  it.each([
    [['a,b,c', '1,2,3'], ','],
    [['a;b;c', '1;"2,5";3'], ';'],
    [['a\tb\tc', '1\t2\t3'], '\t'],
    [['a|b|c', '1|2|3'], '|'],
    [['Lambeth Invoices,,,,,', ',,,,,', 'Body,Department,Supplier Name,Date,Amount,Desc'], ','],
    [['only one column'], ','],
  ])('%j → %j', (lines, expected) => expect(detectDelimiter(lines)).toBe(expected));
});
