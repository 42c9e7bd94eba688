-- grain: one row per anchor and location band (home, cluster, region, nation, rest_of_uk,
-- outside_uk, unknown): the place each band stands for, relative to that anchor's home.
with geographies as (
    select * from staging.stg_config__anchor_geographies
),

anchors as (
    select * from marts.dim_anchors
),

band_order (location_band, location_band_rank) as (
    values ('home', 1), ('cluster', 2), ('region', 3), ('nation', 4), ('rest_of_uk', 5), ('outside_uk', 6), ('unknown', 7)
),

configured as (
    select
        anchor_id,
        location_band,
        min(place_name) as place_name,
        min(place_code) as place_code,
        list(distinct lad_code order by lad_code) filter (where lad_code is not null) as lad_codes
    from geographies
    group by anchor_id, location_band
),

always as (
    select anchors.anchor_id, band.location_band, band.place_name
    from anchors
    cross join (values ('rest_of_uk', 'Rest of UK'), ('outside_uk', 'Outside UK'), ('unknown', 'Unknown')) as band(location_band, place_name)
),

final as (
    select
        coalesce(configured.anchor_id, always.anchor_id) as anchor_id,
        coalesce(configured.location_band, always.location_band) as location_band,
        band_order.location_band_rank,
        coalesce(configured.place_name, always.place_name) as place_name,
        configured.place_code,
        coalesce(configured.lad_codes, []) as lad_codes,
        len(coalesce(configured.lad_codes, [])) as lad_count
    from configured
    full outer join always
        on configured.anchor_id = always.anchor_id
        and configured.location_band = always.location_band
    inner join band_order
        on band_order.location_band = coalesce(configured.location_band, always.location_band)
)

select * from final
order by anchor_id, location_band_rank
