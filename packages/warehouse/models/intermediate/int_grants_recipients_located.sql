-- grain: one row per grant, with its recipient matched and located. The recipient's key is the
-- supplier key (macros/supplier_key.sql: the org-id from its company or charity number, else its
-- name), so the enrich stage's matching (raw.supplier_classifications) applies to recipients as to
-- suppliers. Location: the recipient's postcode in the data, else its matched registered office;
-- the band is home (a local authority of the anchor's home), elsewhere (located, not home) or
-- unknown. A grant a funder files twice (the same grant id in two files) counts once, from the
-- latest load.
with grants as (
    select * from staging.stg_grants__awards
),

classifications as (
    select * from staging.stg_matching__supplier_classifications
),

postcode_locations as (
    select * from staging.stg_reference__postcode_locations
),

home_lads as (
    select distinct anchor_id, lad_code from staging.stg_config__anchor_geographies
    where location_band = 'home' and lad_code is not null
),

keyed as (
    select
        *,
        supplier_key(recipient_company_number, recipient_charity_number, false, supplier_name_key(recipient_name)) as recipient_key
    from grants
    qualify row_number() over (partition by anchor_id, grant_id order by source_file_id desc, source_line) = 1
),

joined as (
    select
        keyed.*,
        coalesce(classifications.is_matched, false) as is_recipient_matched,
        classifications.organisation_type as recipient_organisation_type,
        case
            when keyed.recipient_postcode is not null then 'grants_data'
            when classifications.registered_postcode is not null then 'registered_office'
        end as recipient_location_method,
        case when location.location_status = 'located' then location.lad_code end as recipient_lad_code
    from keyed
    left join classifications
        on keyed.recipient_key = classifications.supplier_key
    left join postcode_locations as location
        on coalesce(keyed.recipient_postcode, upper(nullif(trim(classifications.registered_postcode), ''))) = location.postcode
),

final as (
    select
        joined.*,
        case
            when joined.recipient_lad_code is null then 'unknown'
            when home_lads.lad_code is not null then 'home'
            else 'elsewhere'
        end as recipient_location_band,
        case
            when joined.is_vcse_by_data or joined.recipient_organisation_type = 'vcse' then true
            when joined.recipient_organisation_type is not null then false
        end as is_vcse
    from joined
    left join home_lads
        on joined.anchor_id = home_lads.anchor_id and joined.recipient_lad_code = home_lads.lad_code
)

select * from final
