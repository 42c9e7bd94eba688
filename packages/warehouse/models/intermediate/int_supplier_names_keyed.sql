-- grain: one row per anchor and distinct supplier name published in its ledger (trimmed,
-- blanks dropped: stg_ledger__ap_payments.supplier_name), with its name key
-- (the supplier_name_key macro, packages/warehouse/macros/supplier_key.sql).
-- Lookups by name (the supplier key, name-based exclusion rules) join to this on anchor and
-- name instead of normalising per payment: distinct names first, so the key's regular
-- expressions run once per name and anchor (about 180k rows for 2 million payments).
-- A table kept per anchor, so that an incremental build normalises only the changed anchors'
-- names instead of every name.
with payments as (
    select * from staging.stg_ledger__ap_payments
),

trimmed as (
    select distinct anchor_id, supplier_name from payments
),

final as (
    select
        anchor_id,
        supplier_name,
        supplier_name_key(supplier_name) as supplier_name_key
    from trimmed
    where supplier_name is not null
)

select * from final
