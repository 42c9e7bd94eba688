-- Three models moved to the layer their reads put them in (the layer rule, src/model-layers.test.ts):
-- staging.stg_ledger__supplier_names (an aggregate) is now intermediate.int_supplier_names_keyed;
-- intermediate.int_suppliers_summarised and intermediate.int_top_suppliers_ranked (which read
-- marts) are now marts.fct_supplier_spend_by_anchor and marts.fct_top_suppliers_ranked. The
-- old tables are dropped so that no stale copy is published; the next build creates the new ones.
drop table if exists staging.stg_ledger__supplier_names;
drop table if exists intermediate.int_suppliers_summarised;
drop table if exists intermediate.int_top_suppliers_ranked;
