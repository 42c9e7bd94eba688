/**
 * Header cells → comparable keys and unique column names.
 * `Supplier(Beneficiary) Name`, `supplier (beneficiary) name` and `SupplierBeneficiaryName`
 * all compare equal; a repeated header gets ` #2`, ` #3`…; a blank header becomes `column N`.
 */
export function headerKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/^(\ufeff|ï»¿)/, '')
    .toLowerCase()
    .replace(/[^a-z0-9#]+/g, '');
}

export function uniqueHeaderNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell.replace(/[\s\u00a0]+/g, ' ').trim() || `column ${index + 1}`;
    const key = headerKey(base);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? base : `${base} #${count}`;
  });
}
