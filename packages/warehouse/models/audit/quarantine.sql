-- grain: one row per source record that was read but not loaded, with its reason.
-- disposition 'quarantined' = could not become a payment (fix the file or the mapping);
-- 'skipped' = deliberately not loaded (totals line, blank row).
select run_id, load_id, anchor_id, source_file_id, source_file, source_line, disposition, reason, detail, raw
from raw.rejected_records
