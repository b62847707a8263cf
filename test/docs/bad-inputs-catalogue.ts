import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { stringify } from 'yaml';
import { loadEnvironmentFile, parseEnvironmentText } from '../../constructs/model/environment-file';
import { formatProblem } from '../../constructs/model/problems';
import { ESTATE_CHECKS } from '../../stacks/checks';
import { HOSTILE_ENVIRONMENTS } from '../fixtures/bad-inputs/environments';
import { HOSTILE_FILES, hostileFilePath } from '../fixtures/bad-inputs/files';
import { repoRoot } from '../fixtures/bad-inputs/root';
import { evaluate, formatFinding, POLICY_RULES } from '../../constructs/policy';
import { baseEnv, problemsOf } from '../helpers';
import { CASES } from '../constructs/policy/cases';

/**
 * The catalogue behind docs/bad-inputs.md: every rejected environment input, every
 * hostile environment and adversarial file of the regression corpus
 * (test/fixtures/bad-inputs/) and every policy violation, with the exact message the
 * product prints. `npm run docs:bad-inputs` (tools/write-bad-inputs.ts) writes the file;
 * test/docs/bad-inputs.test.ts fails when it is out of date.
 */

type Mutation = (e: Record<string, any>) => void;
const prod = (e: Record<string, any>) => {
  e.stage = 'prod';
  e.backend = { type: 's3', bucket: 'tf-state', region: 'eu-central-1' };
};

export const ENVIRONMENT_INPUTS: Array<[string, Mutation]> = [
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
export function environmentEntries(): Array<{ title: string; messages: string[] }> {
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

export function policyEntries(): Array<{ title: string; messages: string[] }> {
  return POLICY_RULES.flatMap((rule) =>
    CASES[rule.id].map((c) => ({
      title: `${rule.id} ${rule.title} (${c.bad.kind === 'backend' ? `${c.bad.type} backend` : c.bad.type}${rule.suppressible === false ? ', cannot be suppressed' : ''})`,
      messages: evaluate(c.bad, [], [rule]).map(formatFinding),
    })),
  );
}

const ROOT = repoRoot();

/** Hostile environments: the one problem each is expected to get (file `hostile.yaml`). */
export function hostileEntries(): Array<{ title: string; messages: string[] }> {
  return HOSTILE_ENVIRONMENTS.map((h) => {
    const problems = parseEnvironmentText(stringify(h.make()), 'hostile.yaml', ESTATE_CHECKS).problems;
    const hit = problems.filter((p) => p.path === h.path && h.message.test(p.message));
    const before = { crash: 'crashed with an internal error', accepted: 'was accepted', hidden: 'was not reported' }[h.before];
    return { title: `${h.title} (${before} before)`, messages: hit.map(formatProblem) };
  });
}

/** Adversarial files, with paths shown relative to the repository (or as <scratch>/ for made ones). */
export function fileEntries(): Array<{ title: string; messages: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bad-inputs-'));
  return HOSTILE_FILES.map((h) => {
    const file = hostileFilePath(h, dir);
    const shown = file.startsWith(dir) ? `<scratch>${file.slice(dir.length)}` : file.startsWith(ROOT) ? relative(ROOT, file) : file;
    const r = loadEnvironmentFile(file, ESTATE_CHECKS);
    const errors = r.problems.filter((p) => p.severity !== 'warning');
    return {
      title: h.title,
      messages: h.expect === 'accepted' ? ['(loads: no problem)'] : errors.map((p) => formatProblem({ ...p, file: shown })),
    };
  });
}

export function renderBadInputs(): string {
  const env = environmentEntries();
  const hostile = hostileEntries();
  const files = fileEntries();
  const policy = policyEntries();
  let n = 0;
  const section = (entries: Array<{ title: string; messages: string[] }>) =>
    entries.map((e) => `${++n}. ${e.title}\n\n   \`\`\`text\n${e.messages.map((m) => `   ${m}`).join('\n')}\n   \`\`\`\n`).join('\n');
  return [
    '# Bad inputs and the exact messages they get',
    '',
    '<!-- Generated from test/docs/bad-inputs-catalogue.ts and test/fixtures/bad-inputs/; do not edit. Refresh: npm run docs:bad-inputs -->',
    '',
    `${env.length + hostile.length + files.length + policy.length} entries. Environment problems stop \`npm run synth\` before anything is built (file \`test.yaml\`, the`,
    'test base environment). Policy findings come from the synthesized resources and fail synth (errors) or are reported',
    '(warnings); each line names the rule, the stack, the Terraform address, what is wrong and the fix.',
    '',
    'Beyond these cases, a property test (test/constructs/model/environment-fuzz.test.ts) feeds 1,000 mutants of the',
    'reference estates, 200 random estates and 150 mutated YAML texts through the loader on every run: each ends in an',
    'environment or in problems with file and path, never in a stack trace, within bounded time and memory, and the ones',
    'that pass are planned (a sample is built).',
    '',
    '## Rejected environment inputs',
    '',
    section(env),
    '## Hostile and careless environments',
    '',
    'Each starts from a reference estate or the test base (file `hostile.yaml`) and breaks one limit of the system the',
    'value lands in; model/limits.ts names each limit and its vendor source.',
    '',
    section(hostile),
    '## Adversarial files',
    '',
    'The regression corpus in test/fixtures/bad-inputs/: refused before any schema applies, each in under a few seconds.',
    '',
    section(files),
    '## Policy violations',
    '',
    `Every rule (${POLICY_RULES.length}) has at least one entry; stack \`test-fra\`, address \`<type>.x\`.`,
    '',
    section(policy),
  ].join('\n');
}
