-- The supplier key: ONE definition, used by intermediate.int_payments_located and by the
-- enrich stage (which matches each distinct key to the registers and stages
-- raw.supplier_classifications on it). Applied to the warehouse by migrate() on every run
-- (create or replace), and run as-is in the enrich stage's scratch DuckDB.
--
-- supplier_name_key(name): upper case; every run of characters other than A-Z, 0-9 and &
-- becomes a space; the words THE, LTD, LIMITED, PLC, LLP, LLC, CIC, CO, COMPANY dropped;
-- spaces collapsed. Empty when nothing is left.
create or replace macro supplier_name_key(p_name) as
    trim(regexp_replace(
        regexp_replace(
            regexp_replace(upper(p_name), '[^A-Z0-9&]+', ' ', 'g'),
            '\b(THE|LTD|LIMITED|PLC|LLP|LLC|CIC|CO|COMPANY)\b', ' ', 'g'),
        '\s+', ' ', 'g'));

-- supplier_key(company_number, charity_number, is_redacted, name_key): the org-id
-- (GB-COH-<company number>, GB-CHC-<charity number>, upper case, trimmed) when the ledger
-- carries one; else 'redacted' for redacted rows and names with nothing left after
-- normalisation; else 'name:' || name_key (name_key = supplier_name_key(supplier name)).
create or replace macro supplier_key(p_company_number, p_charity_number, p_is_redacted, p_name_key) as
    case
        when upper(nullif(trim(p_company_number), '')) is not null then 'GB-COH-' || upper(nullif(trim(p_company_number), ''))
        when upper(nullif(trim(p_charity_number), '')) is not null then 'GB-CHC-' || upper(nullif(trim(p_charity_number), ''))
        when p_is_redacted or coalesce(p_name_key, '') = '' then 'redacted'
        else 'name:' || p_name_key
    end;
