-- grain: one row per source file as last loaded: content hash, mapping, encoding and counts.
-- rows_read = rows_loaded + rows_quarantined + rows_skipped (checked by the loader).
select
    source_file_id, anchor_id, source_file, content_sha256, run_id, load_id,
    rows_read, rows_loaded, rows_quarantined, rows_skipped,
    rows_loaded + rows_quarantined + rows_skipped = rows_read as counts_balance,
    mapping, encoding, loaded_at
from raw.source_files
