-- grain: one row per payment line loaded from an anchor's ledger (raw.ap_transactions)
-- Renames and casts only; no joins.
-- supplier_key identifies a supplier across ledgers: its org-id (GB-COH-<company number>,
-- GB-CHC-<charity number>) when the ledger carries one, else its normalised name (upper case,
-- punctuation and legal-form words such as LTD, LIMITED, PLC, LLP, THE dropped). Redacted
-- rows share the key 'redacted'. Supplier matching (raw.supplier_classifications) is keyed on it.
with source as (
    select * from raw.ap_transactions
),

normalised as (
    select
        *,
        trim(regexp_replace(
            regexp_replace(
                regexp_replace(upper(coalesce(supplier_name, '')), '[^A-Z0-9&]+', ' ', 'g'),
                '\b(THE|LTD|LIMITED|PLC|LLP|LLC|CIC|CO|COMPANY)\b', ' ', 'g'),
            '\s+', ' ', 'g')) as supplier_name_normalised
    from source
),

renamed as (
    select
        source_file_id || '-' || cast(source_line as varchar) as payment_id,
        anchor_id,
        run_id,
        load_id,
        source_file_id,
        source_file,
        source_line,
        payment_date,
        amount_pence,
        cast(amount_pence * 0.01 as decimal(18, 2)) as amount_gbp,
        amount_pence < 0 as is_credit,
        nullif(trim(supplier_name), '') as supplier_name,
        case
            when nullif(trim(company_number), '') is not null then 'GB-COH-' || upper(trim(company_number))
            when nullif(trim(charity_number), '') is not null then 'GB-CHC-' || upper(trim(charity_number))
            when is_redacted or supplier_name_normalised = '' then 'redacted'
            else 'name:' || supplier_name_normalised
        end as supplier_key,
        is_redacted,
        supplier_id,
        company_number,
        vat_number,
        charity_number,
        upper(nullif(trim(supplier_postcode), '')) as supplier_postcode,
        transaction_ref,
        expense_area,
        expense_type,
        category,
        description,
        is_procurement_card,
        is_vcse_flagged
    from normalised
)

select * from renamed
