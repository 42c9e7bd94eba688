-- The DuckDB fast path for a well-formed AP payments file (src/fast-path/ap-fast-path.ts renders
-- and runs the placeholders). The reader has already decided what the columns mean (header line,
-- mapping or inferred roles, delimiter, encoding, day/month order); this file is the same row
-- rules as src/tabular/ap-row-builder.ts and src/values/*.ts, set-based: one row per record, its
-- outcome (row, skip or bad) and reason computed here. The differential test
-- (services/worker/src/fast-extract.test.ts) holds both paths to identical rows and reasons on
-- every sample and corpus file.
--
-- Placeholders: {{ws}} is JavaScript's `\s` as an RE2 class body (what `.trim()` and `\s`
-- remove in the TypeScript normalisers); {{delim}} the delimiter as a SQL string; the others
-- are rendered from the plan.
-- statement: macros
-- (the regular expression only where an end is not printable ASCII: elsewhere it would change nothing)
create or replace temp macro cwb_clean(x) as
  case
    when x is null or x = '' then ''
    when unicode(x) between 33 and 126 and unicode(x[-1]) between 33 and 126 then x
    else regexp_replace(x, '^[{{ws}}]+|[{{ws}}]+$', '', 'g')
  end;
create or replace temp macro cwb_unquote(f) as
  case when starts_with(ltrim(f, ' ' || chr(9)), '"') then replace(ltrim(f, ' ' || chr(9))[2:-2], '""', '"') else f end;
create or replace temp macro cwb_blankish(x) as
  regexp_full_match(coalesce(x, ''), '[{{ws}}\x{2020}]*');
create or replace temp macro cwb_compact(x) as upper(regexp_replace(x, '[{{ws}}]+', '', 'g'));
create or replace temp macro cwb_postcode(x) as
  case when regexp_matches(cwb_compact(x), '{{postcode_re}}') then cwb_compact(x)[1:-4] || ' ' || cwb_compact(x)[-3:] end;
create or replace temp macro cwb_company_compact(x) as upper(regexp_replace(coalesce(x, ''), '[{{ws}}.]+', '', 'g'));
create or replace temp macro cwb_company_number(x) as
  case
    when cwb_company_compact(x) = '' or regexp_full_match(cwb_company_compact(x), '0+') then null
    when regexp_full_match(cwb_company_compact(x), '\d{1,8}') then lpad(cwb_company_compact(x), 8, '0')
    when regexp_full_match(cwb_company_compact(x), '([A-Z][A-Z0-9])(\d{1,6})') and cwb_company_compact(x)[1:2] in ({{company_prefixes}})
      then cwb_company_compact(x)[1:2] || lpad(cwb_company_compact(x)[3:], 6, '0')
  end;
create or replace temp macro cwb_vat_compact(x) as upper(regexp_replace(x, '[{{ws}}.-]+', '', 'g'));
create or replace temp macro cwb_vat_number(x) as
  case
    when regexp_matches(regexp_replace(cwb_vat_compact(x), '^GB', ''), '{{vat_uk_re}}') then regexp_replace(cwb_vat_compact(x), '^GB', '')
    when regexp_matches(cwb_vat_compact(x), '{{vat_other_re}}') then cwb_vat_compact(x)
  end;
create or replace temp macro cwb_charity_number(x) as
  case when regexp_matches(cwb_compact(x), '{{charity_re}}') then cwb_compact(x) end;
create or replace temp macro cwb_iso_date(y, m, d) as
  case when m between 1 and 12 and d >= 1 and y between 1900 and 2199 then try(make_date(y::bigint, m::bigint, d::bigint)) end;
-- Casts of captured text: try_cast, as DuckDB may evaluate an expression for rows a CASE excludes.
create or replace temp macro cwb_int(t) as try_cast(t as integer);
create or replace temp macro cwb_full_year(t) as
  case when length(t) = 4 then cwb_int(t) when cwb_int(t) < 70 then 2000 + cwb_int(t) else 1900 + cwb_int(t) end;
-- statement: records
-- Physical lines → CSV records. The Node assembler's state changes only on a line with an odd
-- number of quotes (exact when every quote sits in a well-formed quoted field, which the fields
-- statement checks): the 1st, 3rd … such line opens a quoted field that the next one closes, and
-- the lines from opener to closer are one record, joined with "\n"; every other line is a record.
create or replace temp table fp_odd as
select line, row_number() over (order by line) as rn
from fp_lines where contains(l, '"') and (length(l) - length(replace(l, '"', ''))) % 2 = 1;
create or replace temp table fp_spans as
select o.line as first_line, coalesce(c.line, (select max(line) from fp_lines)) as last_line
from fp_odd o left join fp_odd c on c.rn = o.rn + 1 where o.rn % 2 = 1;
create or replace temp table fp_records as
with placed as (
  select l.line, l.l, s.first_line, s.last_line
  from fp_lines l asof left join fp_spans s on l.line >= s.first_line
)
select line, l as raw, 1 as n_lines from placed where first_line is null or line > last_line
union all
select first_line as line, string_agg(l, chr(10) order by line) as raw, count(*) as n_lines
from placed where line <= last_line group by first_line;
-- statement: fields
-- A record without quotes splits on the delimiter (as the Node reader does). One with quotes is
-- cut into pieces, each an unquoted field without quotes or a quoted field (optionally after
-- spaces or tabs) and the delimiter after it; when the pieces do not cover the whole record (a
-- quote inside an unquoted field, text after a closing quote) its fields are null and the file
-- goes to the Node reader.
create or replace temp table fp_fields as
with split as (
  select line, raw, n_lines, contains(raw, '"') as quoted,
    case when contains(raw, '"') then regexp_extract_all(raw || {{delim}}, '(?s){{field_re}}', 0) else string_split(raw, {{delim}}) end as pieces
  from fp_records where line > {{header_line}}
), fielded as (
  select line, raw, n_lines,
    case
      when not quoted then pieces
      when list_sum(list_transform(pieces, p -> length(p))) = length(raw) + 1 then list_transform(pieces, p -> cwb_unquote(p[1:-2]))
    end as fields
  from split
)
select line, raw, n_lines, fields, len(fields) as n_fields, cwb_blankish(array_to_string(fields, '')) as is_blank
from fielded;
-- statement: outcomes
-- The row builder, step by step (src/tabular/ap-row-builder.ts): field count, totals lines,
-- amount (src/values/amount.ts), date (src/values/date.ts), vendor codes, redaction,
-- identifiers. `bad` rows follow the bad-row policy; `skip` rows are skipped.
create or replace temp table fp_outcomes as
with cells as (
  select line, raw, n_fields, fields[1:{{header_length}}] as kept,
         n_fields > {{header_length}} and not cwb_blankish(array_to_string(fields[{{header_length}} + 1:], '')) as too_many,
         {{cells}}
  from fp_fields where not is_blank
), first_filled as (
  -- the first filled cell, looked for only on a record holding the totals label somewhere
  select *, case when regexp_matches(raw, '{{total_label_anywhere_re}}') then cwb_clean(list_filter(kept, f -> not cwb_blankish(f))[1]) else '' end as label
  from cells
), totals as (
  select *, regexp_matches(label, '{{total_label_re}}') as is_total from first_filled
), amount_1 as (
  select *, regexp_replace(c_amount, '[{{ws}}]+', '', 'g') as a0 from totals
), amount_2 as (
  select *, starts_with(a0, '(') and ends_with(a0, ')') as n1,
         case when starts_with(a0, '(') and ends_with(a0, ')') then a0[2:-2] else a0 end as a1 from amount_1
), amount_3 as (
  select *, n1 != regexp_matches(a1, '(?i)cr$') as n2,
         case when regexp_matches(a1, '(?i)(cr|dr)$') then a1[1:-3] else a1 end as a2 from amount_2
), amount_4 as (
  select *, n2 != ends_with(a2, '-') as n3, case when ends_with(a2, '-') then a2[1:-2] else a2 end as a3 from amount_3
), amount_5 as (
  select *, n3 != starts_with(a3, '-') as n4,
         regexp_replace(case when starts_with(a3, '-') or starts_with(a3, '+') then a3[2:] else a3 end, '^(?i:£|GBP)', '') as a4
  from amount_4
), amount_6 as (
  select *, n4 != starts_with(a4, '-') as negative, case when starts_with(a4, '-') then a4[2:] else a4 end as a5 from amount_5
), amount_7 as (
  select *,
    case
      when {{decimal_comma}} then regexp_replace(replace(a5, '.', ''), ',', '.')
      when regexp_full_match(a5, '\d{1,3}(,\d{3})+(\.\d*)?') then replace(a5, ',', '')
      else a5
    end as a6 from amount_6
), amount_8 as (
  select *, regexp_full_match(a6, '(\d*)(?:\.(\d*))?') and regexp_matches(a6, '\d') as is_number,
         regexp_extract(a6, '^(\d*)', 1) as whole_text, regexp_extract(a6, '\.(\d*)$', 1) as fraction_text
  from amount_7
), amount_9 as (
  select *, case when length(fraction_text) < 3 then rpad(fraction_text, 3, '0') else fraction_text end as fraction from amount_8
), amount_10 as (
  select *, regexp_matches(fraction[3:], '[1-9]') as sub_penny,
    try_cast(coalesce(nullif(whole_text, ''), '0') as hugeint) * 100 + cwb_int(fraction[1:2]) + case when fraction[3:3] >= '5' then 1 else 0 end as abs_pence
  from amount_9 where true
), dates_1 as (
  select *, trim(regexp_replace(c_payment_date, '[{{ws}}]+', ' ', 'g'), ' ') as d0 from amount_10
), dates_2 as (
  select *, regexp_extract(d0, '{{date_numeric_re}}', ['a', 'b', 'y']) as num from dates_1
), dates_2b as (
  select *, case when num.a = '' then regexp_extract(d0, '{{date_iso_re}}', ['y', 'm', 'd']) end as iso from dates_2
), dates_2c as (
  select *, case when iso.y = '' then regexp_extract(d0, '{{date_named_re}}', ['d', 'm', 'y']) end as named from dates_2b
), dates_2d as (
  select *,
    case when named.d = '' then regexp_extract(d0, '{{date_compact_re}}', ['y', 'm', 'd']) end as compact,
    case when named.d = '' then regexp_extract(d0, '{{date_period_re}}', ['y', 'm']) end as period,
    case when named.d = '' then regexp_matches(d0, '{{date_serial_re}}') end as is_serial
  from dates_2c
), dates_3 as (
  select *,
    case when num.a != '' then
      case when coalesce({{date_order}}, case when cwb_int(num.a) > 12 then 'dmy' else 'mdy' end) = 'dmy'
           then cwb_iso_date(cwb_full_year(num.y), cwb_int(num.b), cwb_int(num.a))
           else cwb_iso_date(cwb_full_year(num.y), cwb_int(num.a), cwb_int(num.b)) end
    end as num_date,
    case when iso.y != '' then cwb_iso_date(cwb_int(iso.y), cwb_int(iso.m), cwb_int(iso.d)) end as iso_date,
    case when named.d != '' then cwb_iso_date(cwb_full_year(named.y), {{months}}[lower(named.m)], cwb_int(named.d)) end as named_date,
    case when compact.y != '' then cwb_iso_date(cwb_int(compact.y), cwb_int(compact.m), cwb_int(compact.d)) end as compact_date,
    case when period.y != '' then cwb_iso_date(cwb_int(period.y), cwb_int(period.m), 1) end as period_date,
    case when is_serial and floor(try_cast(d0 as double)) between 20000 and 110000 then date '1899-12-30' + floor(try_cast(d0 as double))::int end as serial_date
  from dates_2d
), decided as (
  select *,
    case
      when too_many then 'bad'
      when is_total then 'skip'
      when c_payment_date = '' and c_supplier_name = '' then 'skip'
      when not is_number or abs_pence is null or abs_pence > 9007199254740991 or (sub_penny and '{{sub_penny}}' = 'refuse') then 'bad'
      when d0 = '' then 'bad'
      when num.a != '' then case when ({{date_order}} is null and cwb_int(num.a) != cwb_int(num.b) and cwb_int(num.a) <= 12 and cwb_int(num.b) <= 12) or num_date is null then 'bad' else 'row' end
      when iso.y != '' then case when iso_date is null then 'bad' else 'row' end
      when named.d != '' then case when named_date is null then 'bad' else 'row' end
      when coalesce(compact_date, period_date, serial_date) is null then 'bad'
      else 'row'
    end as outcome,
    case
      when too_many then 'too many fields'
      when is_total then 'totals line'
      when c_payment_date = '' and c_supplier_name = '' then case when c_amount != '' then 'totals line' else 'no payment data' end
      when c_amount = '' then 'missing amount'
      when is_number and sub_penny and '{{sub_penny}}' = 'refuse' then 'amount in fractions of a penny'
      when not is_number or abs_pence is null or abs_pence > 9007199254740991 then 'unparseable amount'
      when d0 = '' then 'missing date'
      else 'unparseable date'
    end as reason,
    case
      when too_many then n_fields || ' fields where the header has {{header_length}}; an unquoted delimiter inside a value is the usual cause'
      when is_total then 'labelled "' || label || '", amount "' || c_amount || '"'
      when c_payment_date = '' and c_supplier_name = '' then case when c_amount != ''
        then 'unlabelled total: amount "' || c_amount || '" with no date and no supplier' else 'no date, amount or supplier on the row' end
      when a0 = '' then 'amount is blank'
      when not is_number then '"' || c_amount || '" is not an amount'
      when sub_penny and '{{sub_penny}}' = 'refuse' then '"' || c_amount || '" has more than two decimal places (a fraction of a penny); a mapping can set parse.sub_penny: round'
      when abs_pence is null or abs_pence > 9007199254740991 then '"' || c_amount || '" is too large to be an amount'
      when d0 = '' then 'date is blank'
      when num.a != '' then case when {{date_order}} is null and cwb_int(num.a) != cwb_int(num.b) and cwb_int(num.a) <= 12 and cwb_int(num.b) <= 12
        then '"' || d0 || '" could be dd/mm or mm/dd and the day/month order is not set'
        else '"' || d0 || '" is not a valid date in ' || coalesce({{date_order}}, 'either') || ' order' end
      when iso.y != '' then '"' || d0 || '" is not a valid ISO date'
      when named.d != '' then '"' || d0 || '" is not a valid date'
      else '"' || d0 || '" is not a date in any known format'
    end as detail
  from dates_3
), supplier_1 as (
  select *,
    case when {{vendor_code}} then regexp_extract(c_supplier_name, '{{vendor_code_re}}', ['code', 'name']) end as vendor
  from decided where outcome = 'row'
), supplier_2 as (
  select *,
    case when vendor.code != '' then vendor.name else c_supplier_name end as supplier_text,
    case when vendor.code != '' then coalesce(nullif(c_supplier_id, ''), vendor.code) else nullif(c_supplier_id, '') end as supplier_id_text,
    case when vendor.code != '' then
      cwb_company_number(regexp_extract(upper(trim(vendor.code)), '{{vendor_company_re}}', 1))
    end as vendor_company
  from supplier_1
), supplier_3 as (
  select *,
    supplier_text != '' and (lower(supplier_text) in ({{redaction_markers}}) or regexp_matches(supplier_text, '{{redaction_re}}'))
      or supplier_text = '' as redacted
  from supplier_2
)
select line, raw, outcome, reason, detail,
  coalesce(num_date, iso_date, named_date, compact_date, period_date, serial_date) as payment_date,
  (case when negative and abs_pence != 0 then -abs_pence else abs_pence end)::bigint as amount_pence,
  case when redacted then null else supplier_text end as supplier_name,
  redacted as is_redacted,
  case when redacted then null else supplier_id_text end as supplier_id,
  case when c_company_number != '' then (case when redacted or lower(c_company_number) in ({{placeholders}}) then null else cwb_company_number(c_company_number) end)
       when redacted then null else vendor_company end as company_number,
  case when c_vat_number = '' or redacted or lower(c_vat_number) in ({{placeholders}}) then null else cwb_vat_number(c_vat_number) end as vat_number,
  case when c_charity_number = '' or redacted or lower(c_charity_number) in ({{placeholders}}) then null else cwb_charity_number(c_charity_number) end as charity_number,
  case when c_supplier_postcode = '' or redacted or lower(c_supplier_postcode) in ({{placeholders}}) then null else cwb_postcode(c_supplier_postcode) end as supplier_postcode,
  nullif(c_transaction_ref, '') as transaction_ref,
  nullif(c_expense_area, '') as expense_area,
  nullif(c_expense_type, '') as expense_type,
  nullif(c_category, '') as category,
  nullif(c_description, '') as description,
  {{procurement_card_file}} or coalesce({{flag_is_procurement_card}}, false) as is_procurement_card,
  {{flag_is_vcse_flagged}} as is_vcse_flagged
from supplier_3
union all
select line, raw, outcome, reason, detail, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null
from decided where outcome != 'row';
