-- grain: one row per distinct supplier name published in any anchor's ledger (trimmed, blanks
-- dropped; the same value as stg_ledger__ap_payments.supplier_name), with its name key
-- (the supplier_name_key macro, packages/warehouse/macros/supplier_key.sql).
-- Lookups by name (the supplier key, name-based exclusion rules) join to this instead of
-- normalising per payment: distinct raw values first, so trim and the key's regular
-- expressions run once per name (about 111k names for 2 million payments).
with source as (
    select distinct supplier_name from raw.ap_transactions
),

trimmed as (
    select distinct nullif(trim(supplier_name), '') as supplier_name from source
),

final as (
    select
        supplier_name,
        supplier_name_key(supplier_name) as supplier_name_key
    from trimmed
    where supplier_name is not null
)

select * from final
