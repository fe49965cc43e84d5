#!/usr/bin/env python3
"""Validate gold.jsonl and gold.csv and print the statistics table.

Usage: stats.py [FOLDER [PREFIX]]: the files in FOLDER (default: this folder),
ids PREFIX-LANG-NNNN (default: own). testdata/blind is checked with
`python3 ../gold/stats.py . blind`.

Checks: every line is a JSON object with the allowed keys and values, ids and
texts are unique, agent/interviewer records carry no labels and no job, every
progress record has a job, labels are in canonical order, and gold.csv holds
exactly the same records (id, channel, lang, role, text) with an ISO 8601 UTC
created_at. Exit status 1 when anything is wrong.
"""
import csv, json, os, re, sys
from collections import Counter

HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
PREFIX = sys.argv[2] if len(sys.argv) > 2 else 'own'
LANGS = ['nl', 'en', 'ru']
FORCES = ['struggle', 'progress', 'anxiety', 'habit']
KEYS = {'id', 'lang', 'channel', 'role', 'text', 'labels', 'job', 'note'}

errors = []
recs = []
with open(os.path.join(HERE, 'gold.jsonl'), encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        try:
            r = json.loads(line)
        except ValueError as e:
            errors.append(f'gold.jsonl:{n}: not JSON: {e}')
            continue
        where = f'gold.jsonl:{n} ({r.get("id")})'
        if set(r) - KEYS or not KEYS - {'note'} <= set(r):
            errors.append(f'{where}: keys {sorted(r)}')
        if r.get('lang') not in LANGS or r.get('channel') not in ('interview', 'chat', 'ticket') \
                or r.get('role') not in ('customer', 'agent', 'interviewer'):
            errors.append(f'{where}: bad lang/channel/role')
        if not re.fullmatch(rf'{PREFIX}-{r.get("lang")}-\d{{4}}', str(r.get('id'))):
            errors.append(f'{where}: id does not match {PREFIX}-LANG-NNNN')
        labels = r.get('labels', [])
        if any(l not in FORCES for l in labels) or labels != sorted(set(labels), key=FORCES.index):
            errors.append(f'{where}: labels {labels} not unique forces in canonical order')
        if r.get('role') != 'customer' and (labels or r.get('job') is not None):
            errors.append(f'{where}: {r.get("role")} record with labels or job')
        if 'progress' in labels and not r.get('job'):
            errors.append(f'{where}: progress without job')
        if not str(r.get('text', '')).strip():
            errors.append(f'{where}: empty text')
        recs.append(r)

for what in ('id', 'text'):
    for v, c in Counter(r.get(what) for r in recs).items():
        if c > 1:
            errors.append(f'duplicate {what}: {v!r} ({c}x)')

with open(os.path.join(HERE, 'gold.csv'), encoding='utf-8', newline='') as f:
    raw = f.read()
if raw.startswith('\ufeff'):
    errors.append('gold.csv: has a BOM')
rows = list(csv.reader(raw.splitlines(keepends=True)))
if rows[0] != ['id', 'channel', 'lang', 'role', 'created_at', 'text']:
    errors.append(f'gold.csv: header {rows[0]}')
byid = {r['id']: r for r in recs}
seen = set()
for row in rows[1:]:
    if len(row) != 6:
        errors.append(f'gold.csv: row {row[:1]} has {len(row)} fields')
        continue
    i, ch, lang, role, ts, text = row
    r = byid.get(i)
    seen.add(i)
    if r is None:
        errors.append(f'gold.csv: {i} not in gold.jsonl')
    elif (ch, lang, role, text) != (r['channel'], r['lang'], r['role'], r['text']):
        errors.append(f'gold.csv: {i} differs from gold.jsonl')
    if not re.fullmatch(r'2026-\d\d-\d\dT\d\d:\d\d:\d\dZ', ts):
        errors.append(f'gold.csv: {i} created_at {ts!r}')
if seen != set(byid):
    errors.append(f'gold.csv: {len(set(byid) - seen)} records missing')


def count(pred):
    c = Counter(r['lang'] for r in recs if pred(r))
    return [c[l] for l in LANGS] + [sum(c.values())]


totals = count(lambda r: True)
table = [('records', totals)]
for ch in ('interview', 'chat', 'ticket'):
    table.append((f'channel={ch}', count(lambda r, ch=ch: r['channel'] == ch)))
for ro in ('customer', 'agent', 'interviewer'):
    table.append((f'role={ro}', count(lambda r, ro=ro: r['role'] == ro)))
for fo in FORCES:
    table.append((f'label {fo}', count(lambda r, fo=fo: fo in r['labels'])))
table += [
    ('customer, no label', count(lambda r: r['role'] == 'customer' and not r['labels'])),
    ('multi-label', count(lambda r: len(r['labels']) > 1)),
    ('with job', count(lambda r: r['job'])),
]
for name, prefix in [('negation trap', 'negation'), ('leading question', 'leading question'),
                     ('irony/sarcasm', 'irony'), ('question = job', 'question = job'),
                     ('boilerplate', 'boilerplate')]:
    table.append((f'{name} (note)', count(lambda r, p=prefix: r.get('note', '').startswith(p))))

print(f'records: {len(recs)}; validation errors: {len(errors)}\n')
print('| | ' + ' | '.join(LANGS) + ' | all |')
print('|---' * (len(LANGS) + 2) + '|')
for name, vals in table:
    cells = [f'{v} ({100 * v / t:.1f}%)' if t else '0' for v, t in zip(vals, totals)]
    print(f'| {name} | ' + ' | '.join(cells) + ' |')
for e in errors:
    print('ERROR', e, file=sys.stderr)
sys.exit(1 if errors else 0)
