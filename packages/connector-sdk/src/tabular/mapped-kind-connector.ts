import type { z } from 'zod';
import type { Connector, DiscoveredFile, ReadBatch, ReadContext } from '../connector';
import { defineConnector } from '../define-connector';
import type { KindMappingSet } from '../mapping/kind-mapping-set';
import type { RecordSource } from './record-source';
import { checkTabularFiles, discoverTabularFiles } from './tabular-file-checks';
import { recordSourceFor, type TabularApSpec } from './tabular-ap-connector';

type MappedSpec = Pick<TabularApSpec, 'path' | 'mapping' | 'mappings_dir' | 'cache_dir' | 'encoding' | 'delimiter' | 'sheet'>;

export interface MappedKindConnectorOptions<Spec extends MappedSpec, Row, M extends { name: string }> {
  name: string;
  spec: z.ZodType<Spec, any>;
  mappings: KindMappingSet<M>;
  /** The kind of mapping, in messages: "land register mapping". */
  describeMapping: string;
  /** Opens a discovered file as records; default the SDK's recordSourceFor (CSV in any encoding, or XLSX). */
  open?: (path: string, spec: Spec) => Promise<RecordSource> | RecordSource;
  /** Reads one opened file with the mappings to choose from and the pinned one. */
  read(records: RecordSource, spec: Spec, mappings: { available: M[]; pinned: string | null }, ctx: ReadContext): AsyncIterable<ReadBatch<Row>>;
}

/**
 * A file connector for a record kind read by its mappings (land registers, grants): the
 * tabular spec, check and discover of every file connector, the connector's mapping set (its
 * own folder, a source's `mappings_dir`, a pinned file validated as the kind's mapping), and
 * the kind's reader.
 */
export function mappedKindConnector<Spec extends MappedSpec, Row, M extends { name: string }>(
  options: MappedKindConnectorOptions<Spec, Row, M>,
): Connector<Spec, Row> & { mappings(spec?: { mappings_dir?: string | undefined }): Promise<M[]> } {
  const set = options.mappings;
  const connector = defineConnector<Spec, Row>({
    name: options.name,
    spec: options.spec,
    check: (spec) => checkTabularFiles(spec, async () => (await set.mappings(spec)).map((m) => m.name), options.describeMapping, (path) => set.forSource({ mapping: path })),
    discover: (spec): Promise<DiscoveredFile[]> => discoverTabularFiles(spec),
    async *read(file: DiscoveredFile, spec: Spec, ctx: ReadContext) {
      const mappings = await set.forSource(spec);
      const records = await (options.open ?? recordSourceFor)(file.path, spec);
      yield* options.read(records, spec, mappings, ctx);
    },
  });
  return Object.freeze({ ...connector, mappings: set.mappings });
}
