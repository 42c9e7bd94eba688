import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Decodes a file's physical lines one at a time, choosing the encoding per line:
 * valid UTF-8 is read as UTF-8, anything else as Windows-1252 (with Mac Roman dashes
 * repaired), so files that mix encodings are read correctly. A forced encoding skips detection.
 * Also strips a BOM, including one double-encoded into `ï»¿`.
 */
export class LineDecoder {
  private utf8Lines = 0;
  private singleByteLines = 0;
  private macRomanRepairs = 0;
  private bom: 'utf-8' | 'double-encoded' | null = null;
  private first = true;

  constructor(private readonly forced: string | null = null) {
    if (forced !== null && !iconv.encodingExists(forced)) {
      throw new Error(`unknown encoding "${forced}": use an iconv-lite name such as utf-8, windows-1252 or macintosh`);
    }
  }

  decode(bytes: Buffer): string {
    let text: string;
    if (this.forced !== null) {
      text = iconv.decode(bytes, this.forced);
    } else if (isUtf8(bytes)) {
      text = bytes.toString('utf8');
      if (text.length !== bytes.length) this.utf8Lines += 1;
    } else {
      this.singleByteLines += 1;
      text = this.repairMacRoman(iconv.decode(bytes, 'windows-1252'));
    }
    if (this.first) {
      this.first = false;
      if (text.startsWith('\ufeff')) {
        this.bom = 'utf-8';
        text = text.slice(1);
      } else if (text.startsWith('ï»¿')) {
        this.bom = 'double-encoded';
        text = text.slice(3);
      }
    }
    return text;
  }

  /** In Windows-1252 text, a lone `Ð`/`Ñ` between spaces is a Mac Roman en/em dash (0xD0/0xD1). */
  private repairMacRoman(text: string): string {
    if (!/ [ÐÑ] /.test(text)) return text;
    return text.replace(/ ([ÐÑ]) /g, (_all, letter: string) => {
      this.macRomanRepairs += 1;
      return letter === 'Ð' ? ' – ' : ' — ';
    });
  }

  /** The encoding as found so far, e.g. `utf-8`, `utf-8 (BOM)`, `windows-1252`, `mixed: utf-8 + windows-1252 + mac-roman`. */
  describe(): string {
    if (this.forced !== null) return this.forced;
    const parts: string[] = [];
    if (this.utf8Lines > 0 || this.singleByteLines === 0) parts.push('utf-8');
    if (this.singleByteLines > 0) parts.push('windows-1252');
    if (this.macRomanRepairs > 0) parts.push('mac-roman');
    let description = parts.length > 1 ? `mixed: ${parts.join(' + ')}` : (parts[0] ?? 'utf-8');
    if (this.bom === 'utf-8') description += ' (BOM)';
    if (this.bom === 'double-encoded') description += ' (BOM double-encoded as ï»¿)';
    return description;
  }
}
