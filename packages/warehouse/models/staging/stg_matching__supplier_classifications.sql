-- grain: one row per supplier key that supplier matching resolved, or that an override decided
-- or located (a supplier an override declares not an organisation, or gives a postcode to,
-- without an organisation: is_matched false).
-- override_postcode: the location an override gives, which wins over every other location.
-- sic_section: the SIC 2007 section (A–U) of the first SIC code, from its two-digit division.
-- match_evidence: the method, the named score parts and the runner-up's score.
-- register_category: the register's own category of the matched organisation (CompanyCategory).
-- match_probability: the chosen candidate's Fellegi–Sunter probability (name matches only).
-- is_below_confidence_floor: a name match (exact, previous or fuzzy name) whose confidence is
-- below indicators.min_match_confidence ({{min_match_confidence}}; 0 by default, as the matcher
-- accepts from 0.90): it counts as unmatched and none of its organisation's facts are used, so
-- every ownership metric counts only matches at or above the stated confidence.
with source as (
    select * from raw.supplier_classifications
),

floored as (
    select
        *,
        coalesce(
            match_method in ('exact_name', 'previous_name', 'fuzzy_name') and match_confidence < {{min_match_confidence}},
            false
        ) as is_below_confidence_floor
    from source
),

source_above_floor as (
    select * replace (
        case when not is_below_confidence_floor then org_id end as org_id,
        case when not is_below_confidence_floor then matched_name end as matched_name,
        case when not is_below_confidence_floor then company_number end as company_number,
        case when not is_below_confidence_floor then organisation_type end as organisation_type,
        case when not is_below_confidence_floor then register_category end as register_category,
        case when not is_below_confidence_floor then size_band end as size_band,
        case when not is_below_confidence_floor then sic_codes end as sic_codes,
        case when not is_below_confidence_floor then registered_postcode end as registered_postcode,
        case when not is_below_confidence_floor then is_locally_owned end as is_locally_owned,
        case when not is_below_confidence_floor then ultimate_owner end as ultimate_owner,
        case when not is_below_confidence_floor then ultimate_owner_lad_code end as ultimate_owner_lad_code
    )
    from floored
),

first_sic as (
    select
        *,
        try_cast(left(regexp_extract(coalesce(sic_codes[1], ''), '^\s*(\d{4,5})', 1), 2) as integer) as sic_division
    from source_above_floor
),

renamed as (
    select
        supplier_key,
        matched_name,
        upper(nullif(trim(company_number), '')) as company_number,
        org_id,
        match_method,
        match_confidence,
        match_evidence,
        match_probability,
        is_below_confidence_floor,
        organisation_type,
        register_category,
        size_band,
        sic_codes,
        case
            when sic_division between 1 and 3 then 'A'
            when sic_division between 5 and 9 then 'B'
            when sic_division between 10 and 33 then 'C'
            when sic_division = 35 then 'D'
            when sic_division between 36 and 39 then 'E'
            when sic_division between 41 and 43 then 'F'
            when sic_division between 45 and 47 then 'G'
            when sic_division between 49 and 53 then 'H'
            when sic_division between 55 and 56 then 'I'
            when sic_division between 58 and 63 then 'J'
            when sic_division between 64 and 66 then 'K'
            when sic_division = 68 then 'L'
            when sic_division between 69 and 75 then 'M'
            when sic_division between 77 and 82 then 'N'
            when sic_division = 84 then 'O'
            when sic_division = 85 then 'P'
            when sic_division between 86 and 88 then 'Q'
            when sic_division between 90 and 93 then 'R'
            when sic_division between 94 and 96 then 'S'
            when sic_division between 97 and 98 then 'T'
            when sic_division = 99 then 'U'
        end as sic_section,
        upper(nullif(trim(registered_postcode), '')) as registered_postcode,
        upper(nullif(trim(override_postcode), '')) as override_postcode,
        coalesce(match_method not in ('not_an_organisation', 'redacted', 'no_match', 'ambiguous'), true)
            and not is_below_confidence_floor as is_matched,
        is_locally_owned,
        ultimate_owner,
        ultimate_owner_lad_code,
        classified_at
    from first_sic
)

select * from renamed
