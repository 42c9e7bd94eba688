"""Authoring tool for the evaluation set (run from packages/matching/eval: python3 authoring/author.py).
hand-labels.txt holds the hand labels (case|kind|register form|how decided|decoys) for the names in
picked-names.csv (a seeded random sample of sample-suppliers.csv per file, the company-number rows left
out). Kinds: C on the register (=number when the samples publish it), A a company absent from this
register, N not on the Companies House register, X undecidable (excluded). It writes labels.csv and
register-entries.csv, which the TypeScript evaluation reads."""
import csv, re
picks = {int(r[0]): r for r in csv.reader(open('authoring/picked-names.csv'))}
full = list(csv.DictReader(open('sample-suppliers.csv')))
files = {}
for r in full: files.setdefault((r['file'][:6], r['name']), r)
labels=[]; reg=[]; used=set()
def regform(name):
    n = re.split(r'\s+T/A\s+', name.upper().strip())[0]
    n = re.sub(r'\s+', ' ', n)
    n = re.sub(r'\bLTD\.?$', 'LIMITED', n)
    n = re.sub(r'\bPLC$', 'PLC', n)
    return n
for line in open('authoring/hand-labels.txt'):
    parts = line.rstrip('\n').split('|')
    cid, kind, regname, note = int(parts[0]), parts[1], parts[2], parts[3]
    decoys = parts[4].split(';') if len(parts) > 4 and parts[4] else []
    p = picks[cid]; src = files[(p[1], p[2])]
    expected = ''
    if kind == 'C':
        if regname.startswith('='):
            expected = 'GB-COH-' + regname[1:]
            basis = 'identifier elsewhere in the samples'
        else:
            name, _, pc = regname.partition('@')
            num = '99%06d' % (cid * 10)
            expected = 'GB-COH-' + num
            reg.append(dict(number=num, name=name, previous_name='', postcode=pc, provenance='generated: register form of the labelled supplier (hand-written)', case_id=cid))
            basis = 'hand: an organisation on the register'
    elif kind == 'A':
        basis = 'hand: a company absent from this register (decoys present)'
    elif kind == 'N':
        basis = 'hand: not on the Companies House register'
    else:
        basis = 'excluded: label undecidable'
    for k, d in enumerate(decoys):
        name, _, pc = d.partition('@')
        reg.append(dict(number='98%06d' % (cid * 10 + k), name=name, previous_name='', postcode=pc, provenance='generated: near-miss decoy (a different company)', case_id=cid))
    labels.append(dict(case_id=f'H{cid:03d}', group='hand' if kind != 'X' else 'excluded', source_file=src['file'], supplier_name=src['name'], postcode=src['postcode'],
        company_number='', vat_number=src['vat_number'], supplier_id=src['supplier_id'], expected_org_id=expected, basis=basis, note=note))
# identifier-labelled: Calderdale company-number column and Kingston vendor codes
seen=set(); n=0
for r in full:
    if not r['company_number']: continue
    key=(r['file'], r['name'])
    if key in seen: continue
    seen.add(key); n+=1
    kingston = r['file'].startswith('kingston')
    basis = 'vendor code' if kingston else 'company-number column'
    num = r['company_number']
    labels.append(dict(case_id=f'I{n:03d}', group='identifier', source_file=r['file'], supplier_name=r['name'], postcode=r['postcode'], company_number='' if kingston else num,
        vat_number=r['vat_number'], supplier_id=r['supplier_id'], expected_org_id='GB-COH-'+num, basis=basis, note=f'{basis} gives {num}'))
    labels.append(dict(case_id=f'J{n:03d}', group='name-only', source_file=r['file'], supplier_name=r['name'], postcode=r['postcode'], company_number='',
        vat_number='', supplier_id='', expected_org_id='GB-COH-'+num, basis=f'{basis}; matched by name only',
        note='identifiers withheld; the register form is reconstructed from the ledger name, so this measures normalisation, not real-register difficulty'))
    if num not in used:
        used.add(num)
        renamed = num == '01738371'  # Engie Regeneration Ltd was renamed Equans Regeneration Ltd in 2022
        reg.append(dict(number=num, name='EQUANS REGENERATION LIMITED' if renamed else regform(r['name']), previous_name='ENGIE REGENERATION LIMITED' if renamed else '', postcode='', provenance=f'reconstructed: {basis} number with the ledger name in register form', case_id=f'I{n:03d}'))
# the hand-picked identifier cross-references (Castle Water, Boots, Sectra, Classic Lifts) must be in reg
for num in ['02487116','02366661','00928555','04571654']:
    assert num in used, num
w = csv.DictWriter(open('labels.csv','w',newline=''), fieldnames=list(labels[0].keys())); w.writeheader(); w.writerows(labels)
w = csv.DictWriter(open('register-entries.csv','w',newline=''), fieldnames=['number','name','previous_name','postcode','provenance','case_id']); w.writeheader(); w.writerows(reg)
print(len(labels), len(reg))
from collections import Counter
print(Counter(l['group'] for l in labels))
