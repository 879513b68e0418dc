#!/usr/bin/env python3
"""Regenerate src/rancher/releases-data.ts from DOMAIN.md Appendix A.

Usage: python3 scripts/gen-releases.py [path/to/DOMAIN.md]
"""
import json, re, sys, os

here = os.path.dirname(os.path.abspath(__file__))
domain = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', 'shared', 'docs', 'DOMAIN.md')
text = open(domain, encoding='utf-8').read()
appendix = text[text.index('## Appendix A'):text.index('## Appendix B')]

table, raw = [], {}
for line in appendix.splitlines():
    if re.match(r'^\| (v2\.\d+\.\d+) \| (\S+) \| (\w)', line):
        table.append([c.strip() for c in line.strip().strip('|').split('|')])
    elif re.match(r'^v2\.\d+\.\d+\|', line):
        parts = line.split('|')
        raw[parts[0]] = parts


def tag(cell):
    cell = cell.strip()
    if not cell or cell.startswith('—') or cell.startswith('(in fleet'):
        return None
    if cell.startswith('?'):
        return ('?', cell)
    m = re.match(r'^(v[0-9][\w.\-]*)(\*)?(.*)$', cell)
    if not m:
        return ('?', cell)
    return (m.group(1), ('derived from chart version' if m.group(2) else '') + m.group(3).strip())


TURTLES = {'v2.13', 'v2.14', 'v2.15'}
out = []
for c in table:
    v, k3s, mode, shell, fleet, gitjob, webhook, op, capi = c[:9]
    r = raw[v]
    rdp = r[7] if len(r) > 7 else ''
    imgs = []

    def add(repo, t):
        if t is None:
            return
        tg, note = t
        note = note.strip()
        if tg == '?':
            imgs.append({'repo': repo, 'tag': None,
                         'note': 'tag not determinable for this release' + (' ' + note if note != '?' else '')})
        elif note:
            imgs.append({'repo': repo, 'tag': tg, 'note': note})
        else:
            imgs.append({'repo': repo, 'tag': tg})

    add('rancher/shell', (shell.replace('rancher/shell:', ''), ''))
    add('rancher/fleet', tag(fleet))
    add('rancher/fleet-agent', tag(fleet))
    add('rancher/gitjob', tag(gitjob))
    add('rancher/rancher-webhook', tag(webhook))
    add('rancher/rancher-operator', tag(op))
    add('rancher/mirrored-cluster-api-controller', tag(capi))
    if rdp:
        m = re.search(r'\+up(\d+\.\d+\.\d+)', rdp)
        imgs.append({'repo': 'rancher/remotedialer-proxy', 'tag': 'v' + m.group(1),
                     'note': 'derived from chart version ' + rdp + '; whether it runs in a docker install is unconfirmed'})
    if '.'.join(v.split('.')[:2]) in TURTLES:
        imgs.append({'repo': 'rancher/turtles', 'tag': None,
                     'note': 'Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt'})
    out.append({'version': v, 'k3s': k3s, 'mode': mode[0], 'images': imgs})

src = ('// Generated from ../shared/docs/DOMAIN.md Appendix A (per-release image tags for the local cluster).\n'
       '// Regenerate rather than edit by hand; see scripts/gen-releases.py.\n'
       'export interface ReleaseImage { repo: string; tag: string | null; note?: string }\n'
       'export interface ReleaseRow { version: string; k3s: string; mode: "A" | "B" | "D"; images: ReleaseImage[] }\n'
       'export const RELEASES: ReleaseRow[] = ' + json.dumps(out, indent=1, ensure_ascii=False) + ';\n')
open(os.path.join(here, '..', 'src', 'rancher', 'releases-data.ts'), 'w', encoding='utf-8').write(src)
print(f'{len(out)} releases written')
