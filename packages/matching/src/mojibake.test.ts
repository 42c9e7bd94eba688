import { describe, expect, it } from 'vitest';
import { MOJIBAKE_REPAIRS, repairMojibake } from './mojibake';

describe('repairMojibake', () => {
  it('undoes UTF-8 read as Windows-1252, once or twice, for every character Windows-1252 holds', () => {
    const windows1252 = [...MOJIBAKE_REPAIRS.map(([, written]) => written).filter((c) => c !== ' ')];
    expect(windows1252).toContain('\u2019');
    expect(windows1252).toContain('\u00e9');
    expect(windows1252).toContain('\u00a0');
    for (const char of windows1252) {
      const once = MOJIBAKE_REPAIRS.find(([, written]) => written === char)![0];
      expect(repairMojibake(`A${once}B`)).toBe(`A${char}B`);
      // twice: the misread form's own characters misread again
      const twice = [...once].map((c) => MOJIBAKE_REPAIRS.find(([, w]) => w === c)?.[0] ?? c).join('');
      expect(repairMojibake(`A${twice}B`)).toBe(`A${char}B`);
    }
  });

  it('leaves correctly written text alone', () => {
    for (const text of ['Crème Brûlée Café', 'SÃO PAULO', 'Ålesund Åland', 'Tŷ Hafan', 'Dr Ângela Smith', 'Bell & Co', 'Hospice ’Care’']) {
      expect(repairMojibake(text)).toBe(text);
    }
  });
});
