import type { z } from 'zod';
import type { Connector, DiscoveredFile, ReadContext } from '../connector';
import { defineConnector } from '../define-connector';
import type { KindMappingSet } from '../mapping/kind-mapping-set';
import type { FittableMapping } from '../mapping/mapping-fit';
import type { DateOrder } from '../values/date';
import type { MappedHeaderOptions } from './mapped-header';
import { readMappedRecords, type MappedRecordKind } from './read-mapped-records';
import type { RecordSource } from './record-source';
import { checkTabularFiles, discoverTabularFiles } from './tabular-file-checks';
import { recordSourceFor, type TabularApSpec } from './tabular-ap-connector';

type MappedSpec = Pick<TabularApSpec, 'path' | 'mapping' | 'mappings_dir' | 'cache_dir' | 'encoding' | 'delimiter' | 'sheet' | 'date_order' | 'header_line' | 'on_bad_row' | 'batch_size'>;

type KindMapping<Field extends string> = FittableMapping<Field> & { name: string; parse: { date_order: DateOrder | 'auto' } };

/**
 * How a record kind reads one file, as the kind declares it: its header words (how a mapping
 * fits, what the kind is called, what its header holds), its date fields, its row builder and
 * its staged schema. The mappings to choose from, the pinned one, the source's header line,
 * date order, bad-row policy and batch size are added by the connector from the source.
 */
export interface MappedKindReading<M extends KindMapping<Field>, Field extends string, Built, Row> extends Omit<MappedRecordKind<M, Field, Built, Row>, 'header'> {
  header: Omit<MappedHeaderOptions<M, Field>, 'mappings' | 'mapping' | 'header_line'>;
}

export interface MappedKindConnectorOptions<Spec extends MappedSpec, Row, M extends KindMapping<Field>, Field extends string, Built> {
  name: string;
  spec: z.ZodType<Spec, any>;
  mappings: KindMappingSet<M>;
  /** The kind of mapping, in messages: "land register mapping". */
  describeMapping: string;
  /** Opens a discovered file as records; default the SDK's recordSourceFor (CSV in any encoding, or XLSX). */
  open?: (path: string, spec: Spec) => Promise<RecordSource> | RecordSource;
  /** The kind's reading of one opened file of a source (the source's spec, the records, the read's context). */
  reading(spec: Spec, records: RecordSource, ctx: ReadContext): MappedKindReading<M, Field, Built, Row>;
}

/** A mapped kind's connector: the four verbs, and its mappings (its own and a source's `mappings_dir`). */
export type MappedKindConnector<Spec, Row, M> = Connector<Spec, Row> & { mappings(spec?: { mappings_dir?: string | undefined }): Promise<M[]> };

/**
 * A file connector for a record kind read by its mappings (land registers, ERIC returns,
 * grants, registers of organisations), declared rather than written: the tabular spec, check
 * and discover of every file connector, the connector's mapping set (its own folder, a source's
 * `mappings_dir`, a pinned file validated as the kind's mapping), and the SDK's mapped reader
 * run with the kind's reading of each file.
 */
export function mappedKindConnector<Spec extends MappedSpec, Row, M extends KindMapping<Field>, Field extends string, Built>(
  options: MappedKindConnectorOptions<Spec, Row, M, Field, Built>,
): MappedKindConnector<Spec, Row, M> {
  const set = options.mappings;
  const connector = defineConnector<Spec, Row>({
    name: options.name,
    spec: options.spec,
    check: (spec) => checkTabularFiles(spec, async () => (await set.mappings(spec)).map((m) => m.name), options.describeMapping, (path) => set.forSource({ mapping: path })),
    discover: (spec): Promise<DiscoveredFile[]> => discoverTabularFiles(spec),
    async *read(file: DiscoveredFile, spec: Spec, ctx: ReadContext) {
      const { available, pinned } = await set.forSource(spec);
      const records = await (options.open ?? recordSourceFor)(file.path, spec);
      const reading = options.reading(spec, records, ctx);
      yield* readMappedRecords(
        records,
        { ...reading, header: { ...reading.header, mappings: available, mapping: pinned, header_line: spec.header_line ?? null } },
        { date_order: spec.date_order ?? null, on_bad_row: spec.on_bad_row, batch_size: spec.batch_size },
        ctx,
      );
    },
  });
  return Object.freeze({ ...connector, mappings: set.mappings });
}
