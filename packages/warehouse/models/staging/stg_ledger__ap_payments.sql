-- grain: one row per payment line loaded from an anchor's ledger (raw.ap_transactions)
-- Renames and casts only; no joins.
with source as (
    select * from raw.ap_transactions
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
        is_redacted,
        supplier_id,
        company_number,
        vat_number,
        upper(nullif(trim(company_number), '')) as company_number_normalised,
        upper(nullif(trim(charity_number), '')) as charity_number_normalised,
        charity_number,
        upper(nullif(trim(supplier_postcode), '')) as supplier_postcode,
        transaction_ref,
        expense_area,
        expense_type,
        category,
        description,
        is_procurement_card,
        is_vcse_flagged
    from source
)

select * from renamed
