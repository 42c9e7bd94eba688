import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { normaliseName, normaliseNameSql, splitTradingAs } from './name-normalisation';

describe('normaliseName', () => {
  it.each([
    ['ACME LTD', 'ACME'],
    ['Acme Limited', 'ACME'],
    ['The Acme Company Ltd', 'ACME CO'],
    ['ACME (UK) LTD', 'ACME'],
    ['Smith & Sons Ltd', 'SMITH AND SONS'],
    ['Smith and Sons Limited', 'SMITH AND SONS'],
    ["St. George's Healthcare", 'ST GEORGES HEALTHCARE'],
    ['Société Générale Equipment Finance Limited', 'SOCIETE GENERALE EQUIPMENT FINANCE'],
    ['Spectrum Community Health C.I.C.', 'SPECTRUM COMMUNITY HEALTH'],
    ['Example Community Interest Company', 'EXAMPLE'],
    ['Hsl (Analytics) Llp', 'HSL ANALYTICS'],
    ['LIMITED EDITIONS LTD', 'LIMITED EDITIONS'],
    ['P H S Group Plc', 'PHS GROUP'],
    ['Allpay.net Limited', 'ALLPAY'],
    ['"A" CERAMICS LIMITED', 'A CERAMICS'],
    ['! LTD', ''],
    ['Hall Plant Hire Limited\u00a0\u00a0', 'HALL PLANT HIRE'],
    ['CHILDRENS TRUST THE', 'CHILDRENS TRUST'],
    ['Rotherham Hospice Trust (The)', 'ROTHERHAM HOSPICE TRUST'],
    ['The Theatre of the Deaf', 'THEATRE OF THE DEAF'],
    ["Alderbrook Carers' Association", 'ALDERBROOK CARERS ASSOC'],
    ['ALDERBROOK CARERS ASSN', 'ALDERBROOK CARERS ASSOC'],
    ['Menter Cwmtawe Cwmni Buddiant Cymunedol', 'MENTER CWMTAWE'],
    ['Cwmtawe Cymuned Cyf', 'CWMTAWE CYMUNED'],
    // mojibake: UTF-8 read as Windows-1252, once (no-break space, apostrophe, accent) or twice
    ['Age\u00c2\u00a0UK\u00c2\u00a0Camden', 'AGE UK CAMDEN'],
    ['Age\u00c3\u201a\u00c2\u00a0UK Camden', 'AGE UK CAMDEN'],
    ['Alzheimer\u00e2\u20ac\u2122s Society', 'ALZHEIMERS SOCIETY'],
    ['Caf\u00c3\u00a9 Royal Ltd', 'CAFE ROYAL'],
    ['CAF\u00c3\u2030 ROYAL LTD', 'CAFE ROYAL'],
    ['Hall Plant Hire Ltd\u00c2 ', 'HALL PLANT HIRE'],
    ['S\u00c3O PAULO CAFE', 'SAO PAULO CAFE'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });
});

describe('splitTradingAs', () => {
  it.each([
    ['Synergy Health UK Ltd T/A Steris', 'Synergy Health UK Ltd', 'Steris'],
    ['TFX Group Ltd t/a Teleflex Medical', 'TFX Group Ltd', 'Teleflex Medical'],
    ['Ken Crookes trading as The Office Chair Man', 'Ken Crookes', 'The Office Chair Man'],
    ['Medox Paramedical Ltd T/ S  Drake Medox', 'Medox Paramedical Ltd', 'Drake Medox'],
  ])('%s', (raw, legal, trading) => {
    expect(splitTradingAs(raw)).toEqual({ legal, trading });
  });
  it('leaves a name without a trading name alone', () => {
    expect(splitTradingAs('Tata Steel Ltd')).toEqual({ legal: 'Tata Steel Ltd', trading: null });
  });
});

describe('normaliseNameSql', () => {
  it('agrees with normaliseName on every bundled supplier name and register name', async () => {
    const suppliers = await readFile(fileURLToPath(new URL('../eval/sample-suppliers.csv', import.meta.url)), 'utf8');
    const entries = await readFile(fileURLToPath(new URL('../eval/register-entries.csv', import.meta.url)), 'utf8');
    const names = new Set<string>(['Age\u00c2\u00a0UK\u00c2\u00a0Camden', 'Age\u00c3\u201a\u00c2\u00a0UK', 'Alzheimer\u00e2\u20ac\u2122s Society', 'Caf\u00c3\u00a9 Royal', "O\u00e2\u20ac\u2122Neill\u00e2\u20ac\u201cSmith", 'ACME (UK) LTD', 'Société Générale', 'P H S Group Plc', 'A B C D E F G Ltd', "O'Neill & Co", 'Allpay.net Limited', 'THE THE LTD']);
    // The name is the second field; quoted names may contain commas.
    for (const line of [...suppliers.split('\n').slice(1), ...entries.split('\n').slice(1)]) {
      const m = /^[^,]*,("(?:[^"]|"")*"|[^,]*)/.exec(line);
      if (m?.[1]) names.add(m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
    }
    expect(names.size).toBeGreaterThan(7000);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE n AS SELECT unnest($names::VARCHAR[]) AS name`, { names: JSON.stringify([...names]) } as never).catch(async () => {
      await conn.run(`CREATE TABLE n AS SELECT unnest(from_json($names::JSON, '["VARCHAR"]')) AS name`, { names: JSON.stringify([...names]) });
    });
    const rows = (await conn.runAndReadAll(`SELECT name, ${normaliseNameSql('name')} AS sql_form FROM n`)).getRowObjectsJS();
    const differ = rows.filter((r) => r.sql_form !== normaliseName(String(r.name))).map((r) => `${String(r.name)}: sql "${String(r.sql_form)}" js "${normaliseName(String(r.name))}"`);
    expect(differ).toEqual([]);
    conn.closeSync();
    instance.closeSync();
  });
});
