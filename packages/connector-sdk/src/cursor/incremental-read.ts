import type { Connector, DiscoveredFile, ReadBatch, ReadContext } from '../connector';
import type { CursorStore } from './cursor-store';
import { decideByCursor } from './file-cursor';

export type IncrementalEvent<Row> =
  | { kind: 'unchanged'; file: DiscoveredFile; why: string }
  | { kind: 'batch'; file: DiscoveredFile; batch: ReadBatch<Row> }
  | { kind: 'done'; file: DiscoveredFile; why: string };

/**
 * Discovers files and reads only those that changed since their cursor; a file's cursor is
 * saved after its last batch has been consumed, so a failed read is retried next time.
 */
export async function* readIncrementally<Spec, Row>(
  connector: Connector<Spec, Row>,
  spec: Spec,
  store: CursorStore,
  context: (file: DiscoveredFile) => ReadContext,
): AsyncGenerator<IncrementalEvent<Row>> {
  for (const file of await connector.discover(spec)) {
    const cursor = await store.get(file.display_path);
    const decision = await decideByCursor(file, cursor);
    if (decision.kind === 'unchanged') {
      if (decision.touched) await store.set(decision.cursor);
      yield { kind: 'unchanged', file, why: decision.why };
      continue;
    }
    for await (const batch of connector.read(file, spec, context(file))) yield { kind: 'batch', file, batch };
    await store.set({
      key: file.display_path,
      content_sha256: decision.content_sha256,
      size: file.size,
      mtime_ms: file.mtime_ms,
      read_at: new Date().toISOString(),
    });
    yield { kind: 'done', file, why: decision.why };
  }
}
