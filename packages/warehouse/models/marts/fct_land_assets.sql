-- grain: one row per asset in each anchor's register of a UK financial year (the latest
-- register of the year when there are several). Areas: buildings in m², land in hectares.
-- use_status, tenure and holding_kind are 'not_given' when the register leaves them blank.
with dated as (
    select * from intermediate.int_land_registers_dated
),

final as (
    select
        anchor_id,
        source_file_id,
        source_file,
        source_line,
        register_date,
        financial_year,
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
        coalesce(tenure, 'not_given') as tenure,
        tenure_text,
        coalesce(use_status, 'not_given') as use_status,
        use_text,
        coalesce(holding_kind, 'not_given') as holding_kind,
        holding_text,
        other_detail,
        building_size_m2,
        land_area_ha,
        is_vacant,
        is_leased_out,
        is_surplus,
        energy_rating
    from dated
    where is_latest_in_year
)

select * from final
