import * as assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/config/validatedYaml';
import { parseOwnership } from '../../../src/core/identities/ownership';
import { ownerSummary, ownershipState, suggestTeams, upsertDeclaration } from '../../../src/core/identities/ownershipEdit';

const y = (...lines: string[]) => lines.join('\n') + '\n';

const commented = y(
  '# Machine identities of the payments repo.',
  'version: 1',
  '',
  '# Reviewed by security every quarter.',
  'identities:',
  '  # The deploy token.',
  '  - name: DEPLOY_TOKEN',
  '    platform: github',
  '    owner: "ana@acme.com"   # primary',
  '    team: payments',
  "    purpose: 'Deploys the payments API'",
  '    environments: [production, staging]',
  '    rotationDays: 90',
  '    lastRotated: 2026-01-01',
  '',
  '  - name: NPM_TOKEN',
  '    owner: bo@acme.com',
  '    team: web',
  '    purpose: Publishes packages',
  '# end of file',
);

describe('upsertDeclaration', () => {
  it('starts a new file with version 1 and an identities list', () => {
    const out = upsertDeclaration(undefined, { name: 'AWS_ACCESS_KEY_ID', platform: 'github', owner: 'cy@acme.com', team: '@acme/platform', purpose: 'Deploys: the API', environments: ['production'], rotationDays: 90 });
    assert.equal(
      out,
      y('version: 1', 'identities:', '  - name: AWS_ACCESS_KEY_ID', '    platform: github', '    owner: cy@acme.com', '    team: "@acme/platform"', '    purpose: "Deploys: the API"', '    environments: [production]', '    rotationDays: 90'),
    );
    assert.equal(parseOwnership(out, 'x').declarations[0].team, '@acme/platform');
    assert.equal(upsertDeclaration('  \n', { name: 'A', owner: 'o', team: 't', purpose: 'p' }), y('version: 1', 'identities:', '  - name: A', '    owner: o', '    team: t', '    purpose: p'));
  });

  it('updates only the changed fields of the matching declaration, in their quoting, comments kept', () => {
    const out = upsertDeclaration(commented, { name: 'DEPLOY_TOKEN', platform: 'github', owner: 'cy@acme.com', team: 'payments', purpose: 'Deploys the payments API', environments: ['production'], rotationDays: 30 });
    assert.equal(out, commented.replace('"ana@acme.com"   # primary', '"cy@acme.com"   # primary').replace('[production, staging]', '[production]').replace('rotationDays: 90', 'rotationDays: 30'));
  });

  it('adds fields the declaration did not have at its end, and drops an emptied environment list', () => {
    const out = upsertDeclaration(commented, { name: 'DEPLOY_TOKEN', platform: 'github', owner: 'ana@acme.com', team: 'payments', purpose: 'Deploys the payments API', environments: [], expires: '2027-03-31' });
    assert.equal(out, commented.replace('    environments: [production, staging]\n', '').replace('lastRotated: 2026-01-01\n', 'lastRotated: 2026-01-01\n    expires: 2027-03-31\n'));
  });

  it('returns the text unchanged when nothing differs', () => {
    const same = { name: 'NPM_TOKEN', owner: 'bo@acme.com', team: 'web', purpose: 'Publishes packages' };
    assert.equal(upsertDeclaration(commented, same), commented);
  });

  it('appends a new item after the last one, with the same indent and blank-line spacing', () => {
    const out = upsertDeclaration(commented, { name: 'AWS_ACCESS_KEY_ID', platform: 'github', owner: 'cy@acme.com', team: 'platform', purpose: 'Deploys', environments: ['production', 'staging'], rotationDays: 60 });
    assert.equal(
      out,
      commented.replace(
        '    purpose: Publishes packages\n',
        y('    purpose: Publishes packages', '', '  - name: AWS_ACCESS_KEY_ID', '    platform: github', '    owner: cy@acme.com', '    team: platform', '    purpose: Deploys', '    environments: [production, staging]', '    rotationDays: 60'),
      ),
    );
  });

  it('matches by name and platform: the same name on another platform is another identity', () => {
    const out = upsertDeclaration(commented, { name: 'DEPLOY_TOKEN', platform: 'gitlab', owner: 'x@acme.com', team: 'ops', purpose: 'GitLab deploys' });
    assert.equal(parseOwnership(out, 'x').declarations.length, 3);
    assert.ok(out.startsWith(commented.replace('# end of file\n', '')), 'the existing text is a prefix');
  });

  it('matches by fingerprint', () => {
    const fp = 'ab'.repeat(32);
    const base = y('version: 1', 'identities:', `  - fingerprint: ${fp}`, '    owner: a@acme.com', '    team: t', '    purpose: p');
    assert.equal(upsertDeclaration(base, { fingerprint: fp, owner: 'b@acme.com', team: 't', purpose: 'p' }), base.replace('a@acme.com', 'b@acme.com'));
  });

  it('keeps a block environment list in block style and a non-indented sequence as it is', () => {
    const base = y('version: 1', 'identities:', '- name: A', '  owner: o', '  team: t', '  purpose: p', '  environments:', '  - dev', '  - prod', '  rotationDays: 30');
    assert.equal(upsertDeclaration(base, { name: 'A', owner: 'o', team: 't', purpose: 'p', environments: ['prod', 'qa', 'dev'] }), base.replace('  - dev\n  - prod\n', '  - prod\n  - qa\n  - dev\n'));
    assert.equal(upsertDeclaration(base, { name: 'B', owner: 'o', team: 't', purpose: 'q' }), base + y('- name: B', '  owner: o', '  team: t', '  purpose: q'));
  });

  it('adds the identities list to a file that has none', () => {
    const base = y('# settings only', 'version: 1', 'expiringWithinDays: 14');
    assert.equal(upsertDeclaration(base, { name: 'A', owner: 'o', team: 't', purpose: 'p' }), base + y('identities:', '  - name: A', '    owner: o', '    team: t', '    purpose: p'));
  });

  it('never rewrites a broken file, and refuses to write an invalid declaration', () => {
    assert.throws(() => upsertDeclaration('version: 1\nidentities:\n  - name: A\n    owner: [\n', { name: 'A', owner: 'o', team: 't', purpose: 'p' }), ConfigError);
    assert.throws(() => upsertDeclaration('version: 2\n', { name: 'A', owner: 'o', team: 't', purpose: 'p' }), ConfigError);
    assert.throws(() => upsertDeclaration(commented, { name: 'NPM_TOKEN', owner: 'bo@acme.com', team: 'web', purpose: 'x', expires: '2027-13-01' }), ConfigError);
    assert.throws(() => upsertDeclaration(undefined, { name: 'A', owner: 'o', team: 't', purpose: 'p', rotationDays: 0 }), ConfigError);
  });
});

describe('suggestTeams', () => {
  const codeowners = y(
    '# Default owners',
    '*       @acme/core @someone',
    '/.github/   @acme/platform   # CI',
    '*.yml   @acme/yaml-people dev@acme.com',
    'apps/payments/ @acme/payments @acme/payments',
  );

  it('takes the teams of the last matching rule, as GitHub does', () => {
    assert.deepEqual(suggestTeams(codeowners, '.github/workflows/deploy.yml'), ['@acme/yaml-people']);
    assert.deepEqual(suggestTeams(codeowners, '.github/scripts/run.sh'), ['@acme/platform']);
    assert.deepEqual(suggestTeams(codeowners, 'apps/payments/src/Jenkinsfile'), ['@acme/payments']);
    assert.deepEqual(suggestTeams(codeowners, 'src/index.ts'), ['@acme/core']);
  });

  it('is empty without a file or a matching rule, and anchored patterns only match at the root', () => {
    assert.deepEqual(suggestTeams(undefined, 'a.ts'), []);
    assert.deepEqual(suggestTeams('/docs/ @acme/docs\n', 'src/docs/a.md'), []);
    assert.deepEqual(suggestTeams('/docs/ @acme/docs\n', 'docs/a.md'), ['@acme/docs']);
    assert.deepEqual(suggestTeams('docs/ @acme/docs\n', 'src/docs/a.md'), ['@acme/docs']);
  });
});

describe('ownerSummary and ownershipState', () => {
  const now = new Date('2026-02-04T12:00:00Z');

  it('says who owns it and when it was rotated', () => {
    assert.equal(ownerSummary(undefined, now), 'no owner · register');
    assert.equal(ownerSummary({ team: 'payments', rotationDays: 90, lastRotated: '2026-01-01' }, now), 'payments · rotated 34 days ago');
    assert.equal(ownerSummary({ team: 'payments', rotationDays: 90, lastRotated: '2026-02-03' }, now), 'payments · rotated 1 day ago');
    assert.equal(ownerSummary({ team: 'payments', rotationDays: 90 }, now), 'payments · rotation not recorded');
  });

  it('flags overdue, expiring and expired declarations', () => {
    assert.equal(ownerSummary({ team: 'web', rotationDays: 30, lastRotated: '2026-01-01' }, now), 'web · rotated 34 days ago · overdue 4 days');
    assert.equal(ownerSummary({ team: 'web', rotationDays: 90, lastRotated: '2026-01-01', expires: '2026-02-14' }, now), 'web · rotated 34 days ago · expires in 9 days');
    assert.equal(ownerSummary({ team: 'web', rotationDays: 90, expires: '2026-02-01' }, now), 'web · expired 4 days ago · rotation not recorded');
    assert.deepEqual(ownershipState({ rotationDays: 30, lastRotated: '2026-01-01', expires: '2026-02-01' }, now), { status: 'expired', rotatedDaysAgo: 34, overdueDays: 4, expiresInDays: -4 });
    assert.equal(ownershipState({ rotationDays: 90, expires: '2026-06-01' }, now).status, 'ok');
    assert.equal(ownershipState(undefined, now).status, 'unowned');
  });
});
