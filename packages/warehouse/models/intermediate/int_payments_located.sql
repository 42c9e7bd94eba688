-- grain: one row per payment line, with its supplier key, its supplier's classification
-- (where matching resolved the supplier) and location where known.
-- supplier_key identifies a supplier across ledgers: its org-id (GB-COH-<company number>,
-- GB-CHC-<charity number>) when the ledger carries one, else 'name:' and its normalised name
-- (upper case; punctuation and the words THE, LTD, LIMITED, PLC, LLP, LLC, CIC, CO, COMPANY
-- dropped). Redacted rows share the key 'redacted'. The key is defined once, by the macros
-- supplier_name_key and supplier_key (packages/warehouse/macros/supplier_key.sql), which the
-- enrich stage uses too. Names are normalised once per distinct name, not per payment.
-- Supplier matching (the enrich stage) writes raw.supplier_classifications on this key.
-- Location: a postcode from the supplier-matching overrides file first (location_method
-- 'override': an analyst's decision always wins); else the ledger's own supplier postcode
-- ('supplier_postcode'); else the matched company's registered office ('registered_office'). Postcodes are located
-- once per distinct postcode by the enrich stage; payments get their geography here, by a
-- join, never by per-transaction lookups.
with ledger as (
    select * from staging.stg_ledger__ap_payments where {{anchors_in_scope}}
),

supplier_names as (
    select * from intermediate.int_supplier_names_keyed where {{anchors_in_scope}}
),

payments as (
    select
        ledger.* exclude (company_number_normalised, charity_number_normalised),
        supplier_key(
            ledger.company_number_normalised, ledger.charity_number_normalised, ledger.is_redacted,
            supplier_names.supplier_name_key
        ) as supplier_key
    from ledger
    left join supplier_names
        on ledger.anchor_id = supplier_names.anchor_id
        and ledger.supplier_name = supplier_names.supplier_name
),

postcode_locations as (
    select * from staging.stg_reference__postcode_locations
),

classifications as (
    select * from staging.stg_matching__supplier_classifications
),

joined as (
    select
        payments.*,
        coalesce(classifications.is_matched, false) as is_matched,
        classifications.match_method,
        classifications.match_confidence,
        classifications.organisation_type as supplier_organisation_type,
        classifications.size_band as supplier_size_band,
        classifications.sic_section as supplier_sic_section,
        classifications.is_locally_owned,
        classifications.ultimate_owner as supplier_ultimate_owner,
        classifications.ultimate_owner_lad_code as supplier_ultimate_owner_lad_code,
        case when office_location.location_status = 'located' then office_location.lad_code end as registered_office_lad_code,
        ledger_location.location_status as ledger_location_status,
        ledger_location.location_status = 'located' as is_ledger_located,
        coalesce(office_location.location_status = 'located', false) as is_office_located,
        coalesce(override_location.location_status = 'located', false) as is_override_located,
        ledger_location.lad_code as ledger_lad_code,
        ledger_location.region_code as ledger_region_code,
        ledger_location.country_code as ledger_country_code,
        ledger_location.lsoa_code as ledger_lsoa_code,
        ledger_location.imd_decile as ledger_imd_decile,
        ledger_location.imd_nation as ledger_imd_nation,
        ledger_location.reference_vintage as ledger_reference_vintage,
        office_location.lad_code as office_lad_code,
        office_location.region_code as office_region_code,
        office_location.country_code as office_country_code,
        office_location.lsoa_code as office_lsoa_code,
        office_location.imd_decile as office_imd_decile,
        office_location.imd_nation as office_imd_nation,
        office_location.reference_vintage as office_reference_vintage,
        override_location.lad_code as override_lad_code,
        override_location.region_code as override_region_code,
        override_location.country_code as override_country_code,
        override_location.lsoa_code as override_lsoa_code,
        override_location.imd_decile as override_imd_decile,
        override_location.imd_nation as override_imd_nation,
        override_location.reference_vintage as override_reference_vintage
    from payments
    left join classifications
        on payments.supplier_key = classifications.supplier_key
    left join postcode_locations as ledger_location
        on payments.supplier_postcode = ledger_location.postcode
    left join postcode_locations as office_location
        on classifications.registered_postcode = office_location.postcode
    left join postcode_locations as override_location
        on classifications.override_postcode = override_location.postcode
),

located as (
    select
        * exclude (
            ledger_location_status, is_ledger_located, is_office_located, is_override_located,
            ledger_lad_code, ledger_region_code, ledger_country_code, ledger_lsoa_code, ledger_imd_decile,
            ledger_imd_nation, ledger_reference_vintage, office_lad_code, office_region_code,
            office_country_code, office_lsoa_code, office_imd_decile, office_imd_nation, office_reference_vintage,
            override_lad_code, override_region_code, override_country_code, override_lsoa_code,
            override_imd_decile, override_imd_nation, override_reference_vintage
        ),
        case
            when is_override_located then 'located'
            when is_ledger_located then 'located'
            when is_office_located then 'located'
            when supplier_postcode is null then 'no_postcode'
            when ledger_location_status is null then 'not_looked_up'
            else ledger_location_status
        end as location_status,
        case
            when is_override_located then 'override'
            when is_ledger_located then 'supplier_postcode'
            when is_office_located then 'registered_office'
        end as location_method,
        case when is_override_located then override_lad_code when is_ledger_located then ledger_lad_code when is_office_located then office_lad_code end as supplier_lad_code,
        case when is_override_located then override_region_code when is_ledger_located or not is_office_located then ledger_region_code else office_region_code end as supplier_region_code,
        case when is_override_located then override_country_code when is_ledger_located or not is_office_located then ledger_country_code else office_country_code end as supplier_country_code,
        case when is_override_located then override_lsoa_code when is_ledger_located or not is_office_located then ledger_lsoa_code else office_lsoa_code end as supplier_lsoa_code,
        case when is_override_located then override_imd_decile when is_ledger_located or not is_office_located then ledger_imd_decile else office_imd_decile end as supplier_imd_decile,
        case when is_override_located then override_imd_nation when is_ledger_located or not is_office_located then ledger_imd_nation else office_imd_nation end as supplier_imd_nation,
        case when is_override_located then override_reference_vintage when is_ledger_located or not is_office_located then ledger_reference_vintage else office_reference_vintage end as reference_vintage
    from joined
)

select * from located
