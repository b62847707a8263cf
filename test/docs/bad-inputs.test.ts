import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { formatProblem } from '../../constructs/model/problems';
import { evaluate, formatFinding, POLICY_RULES, ruleById } from '../../constructs/policy';
import { baseEnv, problemsOf } from '../helpers';
import { CASES } from '../constructs/policy/cases';

/**
 * docs/bad-inputs.md is generated from the cases below: every rejected environment input
 * and every policy violation, with the exact message the product prints. This test
 * regenerates it and fails when the file differs, so the catalogue cannot drift.
 * Refresh it with `UPDATE_BAD_INPUTS=1 npx jest test/docs`.
 */

type Mutation = (e: Record<string, any>) => void;
const prod = (e: Record<string, any>) => {
  e.stage = 'prod';
  e.backend = { type: 's3', bucket: 'tf-state', region: 'eu-central-1' };
};

const ENVIRONMENT_INPUTS: Array<[string, Mutation]> = [
  ['A misspelt key', (e) => (e.topicGroups[0].rp0 = '0s')],
  ['A misspelt stage', (e) => (e.stage = 'prd')],
  ['A word where a number belongs', (e) => (e.clusters[0].brokers = 'three')],
  ['A required field missing', (e) => delete e.owner],
  ['A duration in prose', (e) => (e.topicGroups[0].rpo = '5 minutes')],
  ['An upper-case site id', (e) => (e.sites[0].id = 'FRA')],
  ['A duplicate site id', (e) => e.sites.push({ ...e.sites[0], cidr: '10.1.0.0/16' })],
  ['A cluster in a site that does not exist', (e) => (e.clusters[0].sites = ['fr'])],
  ['A region that does not exist', (e) => (e.sites[0].region = 'eu-central-9')],
  ['Overlapping site address ranges', (e) => e.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.0.128.0/17' })],
  ['A CIDR with host bits', (e) => (e.sites[0].cidr = '10.0.0.5/16')],
  ['Clients allowed from 0.0.0.0/0', (e) => (e.sites[0].clientCidrs = ['0.0.0.0/0'])],
  ['Replication factor above the broker count', (e) => (e.topics[0].replicationFactor = 4)],
  ['min.insync.replicas equal to the replication factor', (e) => (e.topics[0].minInsyncReplicas = 3)],
  [
    'min.insync.replicas 1 in prod',
    (e) => {
      prod(e);
      e.topics[0].minInsyncReplicas = 1;
    },
  ],
  [
    'Replication factor 2 in prod',
    (e) => {
      prod(e);
      e.topics[0].replicationFactor = 2;
      e.topics[0].minInsyncReplicas = 1;
    },
  ],
  [
    'More partitions per broker than MSK recommends',
    (e) => {
      e.clusters[0].instanceType = 'kafka.t3.small';
      e.topics[0].partitions = 400;
    },
  ],
  ['MSK brokers not a multiple of the zones', (e) => (e.clusters[0].brokers = 4)],
  [
    'MSK stretched over two regions',
    (e) => {
      e.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.1.0.0/16' });
      e.clusters[0].sites = ['fra', 'par'];
    },
  ],
  ['Terraform state on local disk in prod', (e) => (e.stage = 'prod')],
  [
    'Replication to a cluster that does not exist',
    (e) => (e.replication = [{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['orders'] }]),
  ],
  [
    'Edge retention shorter than the offline window',
    (e) => {
      e.clusters[0].clientAuth = ['iam', 'scram'];
      e.edgeFleets = [
        {
          id: 'ships',
          hub: 'main',
          hubBootstrap: 'hub.example.internal:9096',
          defaults: { nodes: 3, offlineWindow: '72h', uplinkMbps: 50, ingressMBps: 0.5 },
          topics: [{ name: 'sales', direction: 'up', partitions: 6 }],
          sites: [{ id: 'oasis', location: 'Oasis of the Seas', retention: '24h' }],
        },
      ];
    },
  ],
  ['A suppression without a reason', (e) => (e.policy = { suppressions: [{ rule: 'KAF-020', scope: 'test-fra' }] })],
  [
    'A suppression with a short reason',
    (e) => (e.policy = { suppressions: [{ rule: 'KAF-020', scope: 'test-fra', reason: 'not needed' }] }),
  ],
  [
    'A suppression of an unknown rule',
    (e) => (e.policy = { suppressions: [{ rule: 'KAF-200', scope: 'test-fra', reason: 'tags are applied by the landing zone instead' }] }),
  ],
  [
    'A suppression of a rule that cannot be waived',
    (e) =>
      (e.policy = { suppressions: [{ rule: 'KAF-007', scope: 'test-fra', reason: 'the VPN already encrypts everything on the link' }] }),
  ],
  [
    'A suppression scoped to another environment',
    (e) => (e.policy = { suppressions: [{ rule: 'KAF-020', scope: 'prod-fra', reason: 'tags are applied by the landing zone instead' }] }),
  ],
];

let envCache: Array<{ title: string; messages: string[] }> | undefined;
function environmentEntries(): Array<{ title: string; messages: string[] }> {
  return (envCache ??= ENVIRONMENT_INPUTS.map(([title, mutate]) => {
    const e = baseEnv();
    mutate(e);
    return {
      title,
      messages: problemsOf(e, 'test.yaml')
        .filter((p) => p.severity !== 'warning')
        .map(formatProblem),
    };
  }));
}

function policyEntries(): Array<{ title: string; messages: string[] }> {
  return POLICY_RULES.flatMap((rule) =>
    CASES[rule.id].map((c) => ({
      title: `${rule.id} ${rule.title} (${c.bad.kind === 'backend' ? `${c.bad.type} backend` : c.bad.type}${rule.suppressible === false ? ', cannot be suppressed' : ''})`,
      messages: evaluate(c.bad, [], [rule]).map(formatFinding),
    })),
  );
}

function render(): string {
  const env = environmentEntries();
  const policy = policyEntries();
  let n = 0;
  const section = (entries: Array<{ title: string; messages: string[] }>) =>
    entries.map((e) => `${++n}. ${e.title}\n\n   \`\`\`text\n${e.messages.map((m) => `   ${m}`).join('\n')}\n   \`\`\`\n`).join('\n');
  return [
    '# Bad inputs and the exact messages they get',
    '',
    '<!-- Generated by test/docs/bad-inputs.test.ts from the test cases; do not edit. Refresh: UPDATE_BAD_INPUTS=1 npx jest test/docs -->',
    '',
    `${env.length + policy.length} entries. Environment problems stop \`npm run synth\` before anything is built (file \`test.yaml\`, the`,
    'test base environment). Policy findings come from the synthesized resources and fail synth (errors) or are reported',
    '(warnings); each line names the rule, the stack, the Terraform address, what is wrong and the fix.',
    '',
    '## Rejected environment inputs',
    '',
    section(env),
    '## Policy violations',
    '',
    `Every rule (${POLICY_RULES.length}) has at least one entry; stack \`test-fra\`, address \`<type>.x\`.`,
    '',
    section(policy),
  ].join('\n');
}

describe('docs/bad-inputs.md', () => {
  const file = join(__dirname, '..', '..', 'docs', 'bad-inputs.md');
  const generated = render();
  if (process.env.UPDATE_BAD_INPUTS) writeFileSync(file, generated);

  it('every environment input in it is rejected', () => {
    for (const e of environmentEntries()) expect([e.title, e.messages.length > 0]).toEqual([e.title, true]);
  });

  it('every rule has a violation in it', () => {
    for (const r of POLICY_RULES)
      expect(policyEntries().some((e) => e.title.startsWith(r.id) && e.messages.some((m) => m.startsWith(`${r.id} `)))).toBe(true);
    expect(ruleById('KAF-007')!.suppressible).toBe(false);
  });

  it('has at least 30 entries', () => {
    expect(environmentEntries().length + policyEntries().length).toBeGreaterThanOrEqual(30);
  });

  it('matches the committed file exactly (refresh: UPDATE_BAD_INPUTS=1 npx jest test/docs, then commit docs/bad-inputs.md)', () => {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '(missing)';
    if (committed !== generated)
      console.error('docs/bad-inputs.md is out of date: messages changed. Run UPDATE_BAD_INPUTS=1 npx jest test/docs and commit the file.');
    expect(committed).toBe(generated);
  });
});
