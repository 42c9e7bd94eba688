-- The organisation register files (raw.organisations) the last successful build read, by
-- source file and load: a register file loaded, reloaded or removed since then changes the
-- ownership form of suppliers of every anchor, so the build plan rebuilds the models that
-- read registers for every anchor (`readsRegisters` in model-registry.ts) whole, and the others
-- per changed anchor. Empty after this migration, so the first build after it counts every
-- loaded register as changed.
create table build_state.register_files (
    source_file_id  varchar not null,
    load_id         varchar not null
);
