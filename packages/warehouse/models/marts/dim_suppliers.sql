-- grain: one row per supplier (supplier_key), across every anchor's ledger: the name it is
-- paid under most (by value), its identifiers, classification (from supplier matching),
-- the location of its largest located spend, and its total spend. Combined from
-- marts.fct_supplier_spend_by_anchor (one row per supplier and anchor), not from every
-- payment: the same values, and an incremental build only re-summarises the changed anchors,
-- then combines again only the suppliers they paid, before or after ({{suppliers_in_scope}}:
-- `true` in a full build; see `incremental: 'supplier'` in model-registry.ts).
with summaries as (
    select * from marts.fct_supplier_spend_by_anchor
    where {{suppliers_in_scope}}
),

classifications as (
    select * from staging.stg_matching__supplier_classifications
    where {{suppliers_in_scope}}
),

sections as (
    select * from marts.dim_sic_sections
),

suppliers as (
    select
        supplier_key,
        arg_max(supplier_name, supplier_name_abs_pence) as supplier_name,
        max(company_number) as company_number,
        max(charity_number) as charity_number,
        max(vat_number) as vat_number,
        arg_max(postcode, postcode_abs_pence) as postcode,
        arg_max(location_method, location_method_abs_pence) as location_method,
        arg_max(lad_code, lad_code_abs_pence) as lad_code,
        arg_max(region_code, region_code_abs_pence) as region_code,
        arg_max(country_code, country_code_abs_pence) as country_code,
        arg_max(lsoa_code, lsoa_code_abs_pence) as lsoa_code,
        arg_max(imd_decile, imd_decile_abs_pence) as imd_decile,
        arg_max(imd_nation, imd_nation_abs_pence) as imd_nation,
        bool_or(is_vcse_flagged_by_publisher) as is_vcse_flagged_by_publisher,
        count(*) as anchors,
        cast(sum(payments) as bigint) as payments,
        sum(spend_pence) as spend_pence,
        min(first_payment_date) as first_payment_date,
        max(last_payment_date) as last_payment_date
    from summaries
    group by supplier_key
),

final as (
    select
        suppliers.supplier_key,
        suppliers.supplier_name,
        case when classifications.match_method is distinct from 'not_an_organisation' then
            coalesce(
                classifications.org_id,
                case when suppliers.company_number is not null then 'GB-COH-' || suppliers.company_number end,
                case when suppliers.charity_number is not null then 'GB-CHC-' || suppliers.charity_number end
            )
        end as org_id,
        coalesce(classifications.company_number, suppliers.company_number) as company_number,
        suppliers.charity_number,
        suppliers.vat_number,
        coalesce(classifications.is_matched, false) as is_matched,
        classifications.matched_name,
        classifications.match_method,
        classifications.match_confidence,
        classifications.match_evidence,
        classifications.match_probability,
        classifications.organisation_type,
        classifications.size_band,
        classifications.sic_codes,
        classifications.sic_section,
        sections.sic_section_name,
        classifications.is_locally_owned,
        classifications.ultimate_owner,
        suppliers.is_vcse_flagged_by_publisher,
        suppliers.postcode,
        suppliers.location_method,
        suppliers.lad_code,
        suppliers.region_code,
        suppliers.country_code,
        suppliers.lsoa_code,
        suppliers.imd_decile,
        suppliers.imd_nation,
        suppliers.anchors,
        suppliers.payments,
        suppliers.spend_pence,
        cast(suppliers.spend_pence * 0.01 as decimal(18, 2)) as spend_gbp,
        suppliers.first_payment_date,
        suppliers.last_payment_date
    from suppliers
    left join classifications on suppliers.supplier_key = classifications.supplier_key
    left join sections on classifications.sic_section = sections.sic_section
)

select * from final
