"""Independent hand check of the sample spend files (python3 stdlib csv + Decimal only).

Prints, for each file, the figures pinned in sample-files.test.ts: rows_read, rows_loaded,
amount_total, credits, redacted, date_min, date_max. It shares no code with the TypeScript parser:
per-file knowledge (header line, columns, date format) is written out by hand below.
Run: python3 packages/connectors/transparency-spend/test/hand-check.py
"""
import csv, io, re, sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / 'sample-data' / 'data' / 'spending'
BLANK = re.compile(r'^[\s\u00a0\u2020]*$')

def money(text):
    t = text.replace('£', '').replace(',', '').replace('\u00a0', '').strip()
    return Decimal(t)

FILES = {
    # file: (encoding, header line, date col, amount col, supplier col, date format)
    'local_authority/calderdale_2022-08_odileeds_clean.csv': ('utf-8', 1, 'Date', 'Net Amount', 'Supplier(Beneficiary) Name', '%Y-%m-%d'),
    'local_authority/leeds_2020-06_windows1252.csv': ('cp1252', 1, 'Payment Date', 'Amount', 'Beneficiary Name', '%d/%m/%Y'),
    'local_authority/leeds_2013-12.csv': ('ascii', 1, 'DatePaid', 'NetAmount', 'SupplierName', '%d-%b-%y'),
    'local_authority/craven_dc_2017-03_windows1252.csv': ('cp1252', 1, 'Payment Date', 'Amount', 'Supplier Name', '%d/%m/%Y'),
    'local_authority/lambeth_2012-06_invoices_over_500.csv': ('utf-8', 10, 'Invoice Creation Date', 'Invoice Nett Amount', 'Supplier Name', '%d/%m/%Y'),
    'nhs/kingston_hospital_2020-09_windows1252_pound.csv': ('cp1252', 1, 'Date', 'amount', 'Supplier', '%d-%b-%Y'),
    'nhs/epsom_st_helier_2020-04_us_dates.csv': ('utf-8', 1, 'Date', 'amount', 'Supplier', '%m/%d/%Y'),
    'nhs/chelsea_westminster_2021-01_mixed_cp1252_macroman.csv': ('cp1252', 1, 'Date Paid', 'amount', 'Supplier Name', '%d/%m/%Y'),
    'nhs/nhs_barking_dagenham_ccg_2020-07_supplier_postcodes.csv': ('utf-8', 1, 'Date', 'amount', 'Supplier', '%m/%d/%Y'),
    'nhs/royal_free_2020-q1_vat_numbers.csv': ('utf-8-sig', 1, 'Date', 'Amount', 'Supplier', '%d/%m/%Y'),
}

for name, (enc, header_line, dcol, acol, scol, fmt) in FILES.items():
    text = (DATA / name).read_bytes().decode(enc)
    lines = text.splitlines()
    records = list(csv.reader(io.StringIO('\n'.join(lines[header_line - 1:]))))
    header, body = records[0], records[1:]
    d, a, s = header.index(dcol), header.index(acol), header.index(scol)
    read = loaded = credits = redacted = 0
    total = Decimal(0)
    dates = []
    for r in body:
        if all(BLANK.match(c) for c in r):
            continue
        read += 1
        if len(r) == len(header) - 1 and re.fullmatch(r'\d\d/\d\d/\d{4}[\d.]+', r[d]):   # Lambeth: date+amount fused
            r = r[:d] + [r[d][:10], r[d][10:]] + r[d + 1:]
        elif len(r) == len(header) - 1 and re.search(r'\d\d/\d\d/\d{4}$', r[s]):       # Lambeth: supplier+date fused
            r = r[:s] + [r[s][:-10], r[s][-10:]] + r[s + 1:]
        elif len(r) == len(header) - 2:                                                  # Lambeth: supplier+date+amount fused
            m = re.fullmatch(r'(.*\S)(\d\d/\d\d/\d{4})([\d.]+)', r[s])
            r = r[:s] + [m.group(1), m.group(2), m.group(3)] + r[s + 1:]
        if r[d].strip() == '' and r[s].strip() == '':
            continue  # totals line (labelled or not): read, not loaded
        if r[a].strip() == '':
            continue  # no amount: quarantined
        loaded += 1
        v = money(r[a])
        total += v
        credits += v < 0
        sup = r[s].strip()
        redacted += bool(re.match(r'^(REDACTED|\*+$)', sup))
        dates.append(datetime.strptime(r[d].strip(), fmt).date())
    print(f'{name}: rows_read={read} rows_loaded={loaded} amount_total={total:.2f} credits={credits} '
          f'redacted={redacted} date_min={min(dates)} date_max={max(dates)}')
