-- grain: one row per refresh run: when it finished, its status and the files that failed
select run_id, started_at, finished_at, status, files_loaded, files_failed, failures
from raw.runs
