import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, foldersToAllow, loadConfig } from './index';

// Security: a config names what cwb reads and writes; a path that leaves the config file's
// folder is refused unless the config allows it by name (allow_paths_outside_config).

/** The shipped demo config (packages/sample-data), read as a user's config. */
const demoConfigPath = fileURLToPath(new URL('../../sample-data/demo/cwb.config.yaml', import.meta.url));

const root = await mkdtemp(join(tmpdir(), 'cwb-config-paths-'));
const dir = join(root, 'project');
await mkdir(dir);
afterAll(() => rm(root, { recursive: true, force: true }));

const config = (source: string, extra = '') => `${extra}anchors:
  - id: test-council
    name: Test Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
${source}
`;

async function problemsOf(text: string, dataDir?: string): Promise<string[]> {
  const file = join(dir, 'cwb.config.yaml');
  await writeFile(file, text);
  try {
    await loadConfig(file, dataDir);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('config paths outside the config file', () => {
  it('refuses a source path that leaves the folder, naming the key, the path and how to allow it', async () => {
    const problems = await problemsOf(config('      - path: ../elsewhere/*.csv'));
    expect(problems).toEqual([
      `anchors[0].sources[0].path: "../elsewhere/*.csv" is outside the config file's folder (${dir}), so it is refused: ` +
        'move it under that folder, or allow its folder explicitly with `allow_paths_outside_config: ["../elsewhere"]` (folders relative to the config file; `true` allows any path)',
    ]);
  });

  it('refuses absolute paths, data_dir, reference files, mapping files and globs whose braces climb out', async () => {
    const problems = await problemsOf(
      config(
        ['      - path: spend/*.csv', '        mapping: ../mappings/acme.yaml', '      - path: "{spend,../secrets}/*.csv"', '      - path: spend/**/../../../x.csv'].join('\n'),
        'data_dir: ../data\nreference:\n  postcodes: [/etc/passwd]\n  supplier_overrides: ../overrides.yaml\n',
      ),
    );
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'data_dir',
      'reference.postcodes[0]',
      'reference.supplier_overrides',
      'anchors[0].sources[0].mapping',
      'anchors[0].sources[1].path',
      'anchors[0].sources[2].path',
    ]);
    expect(problems[1]).toContain('`allow_paths_outside_config: ["/etc"]`');
  });

  it('accepts paths inside the folder, shipped mapping names, and a --data-dir given on the command line', async () => {
    expect(await problemsOf(config('      - path: spend/**/*.csv\n        mapping: calderdale\n      - path: ./a/../b.csv\n        mapping: mappings/acme.yaml'))).toEqual([]);
    expect(await problemsOf(`data_dir: ../data\n${config('      - path: spend/*.csv')}`, join(root, 'data'))).toEqual([]);
  });

  it('accepts what the config allows by name: listed folders (and nothing beside them), or true for any path', async () => {
    const two = '      - path: ../elsewhere/a.csv\n      - path: ../other/b.csv';
    const listed = await problemsOf(config(two, 'allow_paths_outside_config: [../elsewhere]\n'));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/^anchors\[0\]\.sources\[1\]\.path: "\.\.\/other\/b\.csv" is outside/);
    expect(await problemsOf(config(two, 'allow_paths_outside_config: true\n'))).toEqual([]);
    expect(await problemsOf(config(two, 'allow_paths_outside_config: false\n'))).toEqual([expect.stringMatching(/^allow_paths_outside_config: /)]);
  });

  it('lets the shipped demo config through (it allows its sample folders by name) and says which folders a set of paths needs', async () => {
    const demo = await loadConfig(demoConfigPath);
    expect(demo.config.allow_paths_outside_config).toEqual(['../data', '../generated', '../../../.cwb']);
    expect(foldersToAllow(dir, ['spend/*.csv', '../a/b/c.csv', '../a/d.csv', join(root, 'x', '**', '*.csv')])).toEqual(['../a', '../x']);
    expect(foldersToAllow(dir, ['spend/*.csv'])).toEqual([]);
  });
});
