import { describe, expect, it } from 'vitest';
import { LineDecoder } from './line-decoder';
import { LineSplitter } from './line-splitter';

describe('LineDecoder', () => {
  it('reads UTF-8 and strips a BOM', () => {
    const decoder = new LineDecoder();
    expect(decoder.decode(Buffer.from('\ufeffDept Family,Amount', 'utf8'))).toBe('Dept Family,Amount');
    expect(decoder.decode(Buffer.from('Ynys Môn,1', 'utf8'))).toBe('Ynys Môn,1');
    expect(decoder.describe()).toBe('utf-8 (BOM)');
  });

  it('strips a BOM double-encoded into ï»¿', () => {
    const decoder = new LineDecoder();
    expect(decoder.decode(Buffer.from('ï»¿Body,Amount', 'utf8'))).toBe('Body,Amount');
    expect(decoder.describe()).toBe('utf-8 (BOM double-encoded as ï»¿)');
  });

  it('reads Windows-1252 lines (£ 0xA3, ¿ 0xBF, NBSP 0xA0, ´ 0xB4)', () => {
    const decoder = new LineDecoder();
    expect(decoder.decode(Buffer.from([0x22, 0x20, 0xa3, 0x31, 0x22]))).toBe('" £1"');
    expect(decoder.decode(Buffer.from('Fylde Coast Women\xbfs Aid', 'latin1'))).toBe('Fylde Coast Women¿s Aid');
    expect(decoder.decode(Buffer.from('Neville\xb4s Kitchen\xa0', 'latin1'))).toBe('Neville´s Kitchen\u00a0');
    expect(decoder.describe()).toBe('windows-1252');
  });

  it('repairs Mac Roman dashes in a file that mixes single-byte encodings', () => {
    const decoder = new LineDecoder();
    expect(decoder.decode(Buffer.from('Recharges \x96 Pay', 'latin1'))).toBe('Recharges – Pay');
    expect(decoder.decode(Buffer.from('Hiv \xd0 Herts', 'latin1'))).toBe('Hiv – Herts');
    expect(decoder.decode(Buffer.from('Ðorðe Ltd', 'latin1'))).toBe('Ðorðe Ltd');
    expect(decoder.describe()).toBe('mixed: windows-1252 + mac-roman');
  });

  it('reports UTF-8 and Windows-1252 lines in one file as mixed', () => {
    const decoder = new LineDecoder();
    decoder.decode(Buffer.from('café', 'utf8'));
    decoder.decode(Buffer.from('caf\xe9', 'latin1'));
    expect(decoder.describe()).toBe('mixed: utf-8 + windows-1252');
  });

  it('uses a forced encoding and rejects an unknown one', () => {
    expect(new LineDecoder('macintosh').decode(Buffer.from([0xd0]))).toBe('–');
    expect(() => new LineDecoder('klingon')).toThrow(/unknown encoding "klingon"/);
  });
});

describe('LineSplitter', () => {
  const split = (chunks: string[]) => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (const chunk of chunks) splitter.push(Buffer.from(chunk, 'latin1'), (line) => lines.push(line.toString('latin1')));
    splitter.end((line) => lines.push(line.toString('latin1')));
    return lines;
  };

  it('splits LF and CRLF, across chunk boundaries', () => {
    expect(split(['a,b\r', '\nc,d\n', 'e,', 'f'])).toEqual(['a,b', 'c,d', 'e,f']);
    expect(split(['a\n\nb\r\n'])).toEqual(['a', '', 'b']);
  });

  it('splits old-Mac lone CR files', () => {
    expect(split(['a,b\rc,d\re,f'])).toEqual(['a,b', 'c,d', 'e,f']);
  });

  it('handles a file without a final newline', () => {
    expect(split(['x\ny'])).toEqual(['x', 'y']);
  });
});
