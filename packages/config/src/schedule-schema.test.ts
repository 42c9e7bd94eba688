import { describe, expect, it } from 'vitest';
import { parseConfig } from './index';

const base = `
anchors:
  - id: a
    name: A
    type: council
    home: { name: A, lad_codes: [E08000024] }
`;

describe('schedule config', () => {
  it('defaults to one nightly refresh at 02:00 Europe/London, late after six hours', () => {
    expect(parseConfig(base, 'c.yaml').schedule).toEqual({
      timezone: 'Europe/London',
      refreshes: [{ name: 'nightly', cron: '0 2 * * *' }],
      late_after_minutes: 360,
      alerts: {},
    });
  });

  it('names the field when the time zone, cron shape or webhook URL is wrong', () => {
    const bad = `${base}schedule:\n  timezone: Europe/Lundun\n  refreshes:\n    - { name: nightly, cron: "0 2 * *" }\n  alerts: { webhook_url: not-a-url }\n`;
    expect(() => parseConfig(bad, 'c.yaml')).toThrowError(
      /schedule\.timezone: not an IANA time zone[\s\S]*schedule\.refreshes\[0\]\.cron: a cron expression has 5 fields[\s\S]*schedule\.alerts\.webhook_url/,
    );
  });
});
