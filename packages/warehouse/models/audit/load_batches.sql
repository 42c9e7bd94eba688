-- grain: one row per load of a source file (every attempt that committed, history kept):
-- rows in, loaded, quarantined, skipped, and how many rows of an earlier load it replaced
select
    load_id, run_id, anchor_id, source_file_id, source_file, content_sha256,
    rows_read as rows_in, rows_loaded, rows_quarantined, rows_skipped, rows_replaced, loaded_at
from raw.load_batches
