#!/usr/bin/env python3
"""Writes profiles/CodeSystem-fsiii.json and the FSIII ValueSets from KL's FSIII code system
(../shared/fhir/terminology/CodeSystem-FSIII.json, read, never committed). Run from the checkout:
python3 tools/fsiii_fragment.py. KL's file holds every concept twice, in the same order: once with its UUID code,
once with its legacy code; the fragment keeps the UUID concepts the adapter uses, each with its legacy code as the
property legacy-code (the adapter accepts legacy codes on input and stores the UUID)."""
import json, re, sys
KL = json.load(open('../shared/fhir/terminology/CodeSystem-FSIII.json', encoding='utf-8'))
UUID = re.compile('^[0-9a-f]{8}-[0-9a-f]{4}-')

def walk(concepts, depth=0):
    for c in concepts:
        yield depth, c
        yield from walk(c.get('concept', []), depth + 1)

flat = list(walk(KL['concept']))
uuids = [c for d, c in flat if UUID.match(c['code'])]
legacy = [c for d, c in flat if not UUID.match(c['code'])]
assert len(uuids) == len(legacy)
LEGACY = {u['code']: l['code'] for u, l in zip(uuids, legacy)}

TREES = {
    '2c02a704-deee-4878-9378-1167613b3da6': 'levels',
    'd6d48a71-b96f-4b88-86f9-b13bd3c03560': 'performance',
    '687159ad-a61c-47c0-a878-53aa54bae2d5': 'importance',
    '94db6c71-859d-43e6-9a62-4e7fa7daf767': 'areas',
    'd49d6b0c-c06c-4a9a-aa7b-1f6fb0b0b6c4': 'areas',
}
C140 = ['2bd07f7c-e6bb-424b-ab8f-f7c1de2afe80', 'b53bca74-fd3f-4127-89ae-1a39d7836b93', 'bd088375-65fc-4e1d-9a8b-78dc918e6581',
        '86e1982c-f459-4658-9071-e4bf3453a687', 'dd41df82-3c13-4523-b9c5-e83676425299', '243ae4ae-4e36-4192-88cb-399711ac3766',
        '290baa56-5d8c-40a6-b40c-1de05649f0d1', '6a2c3341-c13e-4638-961d-72ba0fe29a80', '064f983b-5ec5-40a3-bc90-c3fcec6b6ef5',
        '1d9759c6-6526-4d07-994a-5dee3fa65177', '56860429-eabe-4d48-b8ad-d7f7b28f6df5', 'b16668ff-9c02-491e-b082-7b699d93f5bc',
        '263a2c2f-7ae2-4264-8808-7e8216b1a118', '26b05040-94f3-4c8c-9ede-c7223bddf518', '3c685f14-5d48-4b1c-a451-9da780e2b41c',
        'bbc99471-a9f3-41f1-a95b-6842abfb551a', 'c6f49b84-58af-43df-bb3e-0d6a67fa0aba']

roots = {c['code']: c for c in KL['concept']}
jroot = [c for c in KL['concept'] if c['display'] == 'Kommunale pleje- og omsorgstilstande' and UUID.match(c['code'])][0]
TREES = {k: v for k, v in TREES.items() if k in roots}
TREES[jroot['code']] = 'areas'

def copy(c):
    out = {'code': c['code'], 'display': c['display'],
           'property': [{'code': 'legacy-code', 'valueString': LEGACY[c['code']]}]}
    kids = [copy(k) for k in c.get('concept', [])]
    if kids:
        out['concept'] = kids
    return out

concepts = [copy(roots[code]) for code in TREES]
members = {'levels': [], 'performance': [], 'importance': [], 'areas': []}
for code, kind in TREES.items():
    for d, c in walk([roots[code]]):
        if d == 0:
            continue
        if kind == 'areas':
            if not c.get('concept'):
                members['areas'].append(c)
        else:
            members[kind].append(c)
display = {c['code']: c['display'] for c in uuids}
assert all(code in display for code in C140)

COMMON = {'version': '0.1.0', 'status': 'active', 'experimental': False, 'date': '2026-12-02',
          'publisher': 'Rehab FHIR Adapter project'}
cs = {'resourceType': 'CodeSystem', 'id': 'fsiii', 'url': 'urn:oid:1.2.208.176.2.21', 'version': KL['version'],
      'name': 'FSIIIFragment', 'title': 'KL FSIII (Fællessprog III): the fragment the rehab adapter uses',
      'status': 'active', 'experimental': False, 'date': '2026-12-02', 'publisher': 'Rehab FHIR Adapter project',
      'description': 'A fragment of KL\'s (Local Government Denmark) code system FSIII, release ' + KL['version']
      + ', holding only the concepts the rehab adapter uses: the functional level scale (0-4 and 9), the citizen\'s own rating '
      '(Udførelse, Betydning), the functional areas of § 140 rehabilitation (Kommunal genoptræning efter sygehusophold-tilstande) '
      'and of municipal care (Kommunale pleje- og omsorgstilstande). Codes and displays are KL\'s, unchanged; the property '
      'legacy-code is the concept\'s legacy code in KL\'s code system (accepted on input, stored as the UUID). The fragment '
      'exists so the adapter validates offline; when KL\'s terminology package is loaded, KL\'s complete code system is used.',
      'caseSensitive': True, 'hierarchyMeaning': 'is-a', 'content': 'fragment',
      'property': [{'code': 'legacy-code', 'description': 'The concept\'s legacy (pre-UUID) code in KL\'s FSIII', 'type': 'string'}],
      'concept': concepts}

def vs(id, name, title, description, codes):
    return {'resourceType': 'ValueSet', 'id': id, 'url': 'http://rehab-adapter.dk/fhir/ValueSet/' + id, **COMMON,
            'name': name, 'title': title, 'description': description, 'immutable': False,
            'compose': {'include': [{'system': 'urn:oid:1.2.208.176.2.21',
                                     'concept': [{'code': c, 'display': display[c]} for c in codes]}]}}

out = {
    'CodeSystem-fsiii.json': cs,
    'ValueSet-fsiii-conditions-140.json': vs('fsiii-conditions-140', 'FsiiiConditions140', 'FSIII functional areas for § 140 rehabilitation',
        'The 17 FSIII functional areas KL uses for rehabilitation after hospital discharge (Sundhedsloven § 140): the codes of KL\'s ValueSet http://fhir.kl.dk/rehab/ValueSet/Conditions140. An Observation for a course with legal basis sul-140 must have one of them.', C140),
    'ValueSet-fsiii-areas.json': vs('fsiii-areas', 'FsiiiAreas', 'FSIII functional areas',
        'Every FSIII functional area (tilstand) the adapter accepts: the areas of § 140 rehabilitation and of municipal care. Courses on other legal bases than § 140 may use any of them.', [c['code'] for c in members['areas']]),
    'ValueSet-fsiii-levels.json': vs('fsiii-levels', 'FsiiiLevels', 'FSIII functional levels',
        'The FSIII functional level scale (Funktionsevne skalering): 0 no or negligible, 1 light, 2 moderate, 3 severe, 4 total limitations, 9 not relevant.', [c['code'] for c in members['levels']]),
    'ValueSet-fsiii-performance.json': vs('fsiii-performance', 'FsiiiPerformance', 'FSIII citizen\'s rating: performance (Udførelse)',
        'The citizen\'s own rating of how they perform an activity (FSIII Udførelse).', [c['code'] for c in members['performance']]),
    'ValueSet-fsiii-importance.json': vs('fsiii-importance', 'FsiiiImportance', 'FSIII citizen\'s rating: importance (Betydning)',
        'The citizen\'s own rating of whether they experience limitations (FSIII Betydning).', [c['code'] for c in members['importance']]),
}
for name, resource in out.items():
    with open('profiles/' + name, 'w', encoding='utf-8') as f:
        json.dump(resource, f, ensure_ascii=False, indent=2)
        f.write('\n')
print({k: len(v) for k, v in members.items()})
