-- grain: one row per asset per register (source file) loaded from an anchor's land and assets register
with source as (
    select * from raw.land_assets
),

renamed as (
    select
        anchor_id,
        source_file_id,
        source_file,
        source_line,
        register_date,
        effective_date,
        uprn,
        asset_code,
        property_name,
        address,
        post_town,
        postcode,
        postcode_district,
        coordinate_system,
        geo_x,
        geo_y,
        tenure,
        tenure_text,
        use_status,
        use_text,
        holding_kind,
        holding_text,
        other_detail,
        building_size_m2,
        land_area_ha,
        is_vacant,
        is_leased_out,
        is_surplus,
        energy_rating
    from source
)

select * from renamed
