-- grain: one row per reporting entity (anchor or partnership), period (financial year,
-- quarter or month) and rank: the top {{top_n}} suppliers by influenceable spend, with where
-- they are (the band of their largest spend, relative to the anchor that paid them) and how
-- they are classified. share_of_spend is of the entity's influenceable spend in the period.
-- The ranking is marts.fct_top_suppliers_ranked; the supplier's attributes come from
-- marts.dim_suppliers.
with ranked as (
    select * from marts.fct_top_suppliers_ranked
),

suppliers as (
    select * from marts.dim_suppliers
),

final as (
    select
        ranked.entity_type,
        ranked.entity_id,
        ranked.entity_name,
        ranked.period_type,
        ranked.period,
        ranked.financial_year,
        ranked.rank,
        ranked.supplier_key,
        suppliers.supplier_name,
        suppliers.org_id,
        suppliers.company_number,
        ranked.location_band,
        ranked.location_place_name,
        suppliers.postcode as supplier_postcode,
        suppliers.lad_code as supplier_lad_code,
        suppliers.imd_decile as supplier_imd_decile,
        suppliers.organisation_type,
        suppliers.size_band,
        suppliers.sic_section,
        suppliers.sic_section_name,
        suppliers.is_locally_owned,
        suppliers.is_matched,
        cast(ranked.spend_pence * 0.01 as decimal(18, 2)) as spend_gbp,
        ranked.share_of_spend,
        ranked.payments
    from ranked
    left join suppliers on ranked.supplier_key = suppliers.supplier_key
)

select * from final
