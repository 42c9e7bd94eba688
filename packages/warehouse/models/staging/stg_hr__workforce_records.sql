-- grain: one row per employee post in an anchor's HR snapshot (pseudonymised at extract)
with source as (
    select * from raw.workforce_records
),

renamed as (
    select
        anchor_id,
        source_file_id,
        source_file,
        source_line,
        snapshot_date,
        employee_key,
        home_location_status,
        home_lsoa_code,
        home_lad_code,
        home_region_code,
        home_country_code,
        home_imd_decile,
        home_imd_nation,
        fte,
        contracted_hours,
        pay_basis,
        pay_pence,
        hourly_pay_pence,
        grade,
        contract_type,
        start_date,
        leave_date,
        gender
    from source
)

select * from renamed
