-- grain: one row per rule of the ownership-forms mapping (catalogue/ownership-forms.yaml), in
-- order: an organisation takes the form of the first rule (lowest priority) whose conditions
-- (case-insensitive regular expressions over the whole value; null: always holds) all hold.
with source as (
    select * from raw.ownership_form_rules
),

renamed as (
    select
        priority,
        ownership_form,
        is_plural,
        register as register_pattern,
        legal_form as legal_form_pattern,
        ownership_classification as ownership_classification_pattern,
        registered_number as registered_number_pattern,
        org_id_scheme as org_id_scheme_pattern,
        organisation_type as organisation_type_pattern,
        name as name_pattern
    from source
)

select * from renamed
