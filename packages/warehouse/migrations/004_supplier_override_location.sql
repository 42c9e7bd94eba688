-- A location given by the supplier-matching overrides file (a postcode), which wins over the
-- ledger's supplier postcode and the registered office. Rows in raw.supplier_classifications
-- are now also written for suppliers an override decided or located without an organisation
-- (org_id null, e.g. "not an organisation"), so matched means org_id is not null.
alter table raw.supplier_classifications add column override_postcode varchar;
