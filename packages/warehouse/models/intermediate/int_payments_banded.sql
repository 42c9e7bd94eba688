-- grain: one row per payment line, with its supplier's location band relative to the anchor.
-- Bands, nearest first: home, cluster (cluster or county), region, nation, rest_of_uk,
-- outside_uk, unknown. A supplier falls in the nearest band whose local authorities contain
-- it (raw.anchor_geographies lists them per anchor, abolished codes included); a region or
-- nation band known only by its code matches the supplier's region or country code. A
-- country code outside the four UK nations is outside_uk; no located local authority is unknown.
-- is_locally_owned (per anchor, when matching did not set it): control sits in the anchor's
-- home area: the ultimate controlling company's registered office when the ownership chain
-- has one (unknown when that owner could not be located), else the supplier's own
-- registered office; unknown for suppliers not matched to a register.
with payments as (
    select * from intermediate.int_payments_located
),

geographies as (
    select * from staging.stg_config__anchor_geographies
),

band_order (location_band, location_band_rank) as (
    values ('home', 1), ('cluster', 2), ('region', 3), ('nation', 4), ('rest_of_uk', 5), ('outside_uk', 6), ('unknown', 7)
),

lad_bands as (
    select geographies.anchor_id, geographies.lad_code, geographies.location_band, geographies.place_name
    from geographies
    inner join band_order using (location_band)
    where geographies.lad_code is not null
    qualify row_number() over (partition by geographies.anchor_id, geographies.lad_code order by band_order.location_band_rank) = 1
),

home_lads as (
    select distinct anchor_id, lad_code from geographies where location_band = 'home' and lad_code is not null
),

code_bands as (
    select
        anchor_id,
        max(place_code) filter (where location_band = 'region') as region_code,
        max(place_name) filter (where location_band = 'region') as region_name,
        max(place_code) filter (where location_band = 'nation') as nation_code,
        max(place_name) filter (where location_band = 'nation') as nation_name
    from geographies
    group by anchor_id
),

with_country as (
    select
        *,
        coalesce(
            supplier_country_code,
            case left(supplier_lad_code, 1)
                when 'E' then 'E92000001' when 'W' then 'W92000004' when 'S' then 'S92000003' when 'N' then 'N92000002'
            end
        ) as supplier_country_code_known
    from payments
),

banded as (
    select
        with_country.* exclude (supplier_country_code_known, is_locally_owned),
        coalesce(
            with_country.is_locally_owned,
            case
                when not with_country.is_matched then null
                when with_country.supplier_ultimate_owner is not null then
                    case when with_country.supplier_ultimate_owner_lad_code is not null then owner_home.lad_code is not null end
                when with_country.registered_office_lad_code is not null then office_home.lad_code is not null
            end
        ) as is_locally_owned,
        case
            when with_country.supplier_country_code_known is not null
                and with_country.supplier_country_code_known not in ('E92000001', 'W92000004', 'S92000003', 'N92000002')
                then 'outside_uk'
            when with_country.supplier_lad_code is null then 'unknown'
            when lad_bands.location_band is not null then lad_bands.location_band
            when with_country.supplier_region_code = code_bands.region_code then 'region'
            when with_country.supplier_country_code_known = code_bands.nation_code then 'nation'
            when with_country.supplier_country_code_known is not null then 'rest_of_uk'
            else 'unknown'
        end as location_band,
        lad_bands.place_name as lad_place_name,
        code_bands.region_name,
        code_bands.nation_name
    from with_country
    left join lad_bands
        on with_country.anchor_id = lad_bands.anchor_id
        and with_country.supplier_lad_code = lad_bands.lad_code
    left join code_bands
        on with_country.anchor_id = code_bands.anchor_id
    left join home_lads as owner_home
        on with_country.anchor_id = owner_home.anchor_id
        and with_country.supplier_ultimate_owner_lad_code = owner_home.lad_code
    left join home_lads as office_home
        on with_country.anchor_id = office_home.anchor_id
        and with_country.registered_office_lad_code = office_home.lad_code
),

final as (
    select
        banded.* exclude (lad_place_name, region_name, nation_name),
        band_order.location_band_rank,
        case banded.location_band
            when 'outside_uk' then 'Outside UK'
            when 'unknown' then 'Unknown'
            when 'rest_of_uk' then coalesce(banded.lad_place_name, 'Rest of UK')
            when 'region' then coalesce(banded.lad_place_name, banded.region_name)
            when 'nation' then coalesce(banded.lad_place_name, banded.nation_name)
            else banded.lad_place_name
        end as location_place_name
    from banded
    inner join band_order using (location_band)
)

select * from final
