import { describe, expect, it } from 'vitest';
import { formatTable } from './table';

describe('formatTable', () => {
  it('aligns text left and numbers right under a rule', () => {
    const out = formatTable(['anchor', 'spend'], [{ anchor: 'leeds', spend: '12.50' }, { anchor: 'sunderland', spend: '1500.00' }]);
    expect(out.split('\n')).toEqual(['anchor        spend', '----------  -------', 'leeds         12.50', 'sunderland  1500.00']);
  });

  it('prints nulls as blanks and objects as JSON', () => {
    expect(formatTable(['a', 'b'], [{ a: null, b: { x: 1 } }]).split('\n')[2]).toBe('   {"x":1}');
  });
});
