import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, LocalBackend, TerraformStack, Testing } from 'cdktf';
import { applyPolicy, enforcePolicy, policyReport, suppress } from '../../../constructs/policy';
import { ConstructError } from '../../../constructs/construct-error';
import { RenderedFile } from '../../../constructs/rendered-file';
import { baseEnv, envOf, estateStacks } from '../../helpers';

/** An extender's raw provider resource, with none of MskRegionalCluster's hardening. */
function rawCluster(scope: TerraformStack, id = 'extra'): MskCluster {
  return new MskCluster(scope, id, {
    clusterName: 'extra',
    kafkaVersion: '3.9.x',
    numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: { instanceType: 'kafka.m5.large', clientSubnets: ['subnet-a', 'subnet-b', 'subnet-c'], securityGroups: ['sg-1'] },
  });
}

function policedStack(id = 'test-fra'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  applyPolicy(stack, { stage: 'prod' });
  new AwsProvider(stack, 'aws', {
    region: 'eu-central-1',
    defaultTags: [{ tags: { environment: 'test', owner: 'platform', 'data-class': 'internal' } }],
  });
  return stack;
}

describe('an extender adds a raw MskCluster to a site stack', () => {
  const stacks = estateStacks(envOf(baseEnv()));
  const site = stacks.get('test-fra')!;
  rawCluster(site);
  let error = '';
  try {
    Testing.synth(site, true);
  } catch (e) {
    error = (e as Error).message;
  }

  it('fails synth with the rule id, the Terraform address and the fix', () => {
    expect(error).toMatch(
      /KAF-001 test-fra aws_msk_cluster\.extra: encryption_info\.encryption_at_rest_kms_key_arn is not set.* Fix: set encryption_info\.encryption_at_rest_kms_key_arn to a customer-managed aws_kms_key/,
    );
  });

  it('lists every finding at once, not the first only', () => {
    for (const id of ['KAF-001', 'KAF-009', 'KAF-016', 'KAF-019', 'KAF-034'])
      expect(error).toContain(`${id} test-fra aws_msk_cluster.extra`);
  });

  it('fails Testing.fullSynth the same way', () => {
    expect(() => Testing.fullSynth(site)).toThrow(/KAF-001 test-fra aws_msk_cluster\.extra/);
  });

  it('leaves the hardened MskRegionalCluster alone', () => {
    expect(error).not.toMatch(/aws_msk_cluster\.main_/);
  });
});

describe('the same cluster with the rules followed', () => {
  const stack = policedStack();
  const key = new KmsKey(stack, 'key', { enableKeyRotation: true, lifecycle: { preventDestroy: true } });
  new MskCluster(stack, 'extra', {
    clusterName: 'extra',
    kafkaVersion: '3.9.x',
    numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: { instanceType: 'kafka.m5.large', clientSubnets: ['a', 'b', 'c'], securityGroups: ['sg-1'] },
    encryptionInfo: { encryptionAtRestKmsKeyArn: key.arn },
    clientAuthentication: { sasl: { iam: true } },
    configurationInfo: { arn: 'arn:aws:kafka:eu-central-1:111122223333:configuration/safe/1', revision: 1 },
    loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: 'brokers' } } },
    lifecycle: { preventDestroy: true },
  });

  it('synthesizes, and records the evaluation in the output', () => {
    const json = JSON.parse(Testing.synth(stack, true));
    expect(json.resource.aws_msk_cluster.extra).toBeDefined();
    expect(policyReport(stack)[0]).toEqual(expect.objectContaining({ stack: 'test-fra', findings: [], rules: expect.any(Number) }));
    expect(policyReport(stack)[0].rules).toBeGreaterThanOrEqual(25);
  });
});

describe('suppressions', () => {
  it('waive a rule below their scope, with the reason recorded in the synthesized stack', () => {
    const stack = policedStack();
    const c = rawCluster(stack);
    for (const id of ['KAF-001', 'KAF-009', 'KAF-016', 'KAF-019', 'KAF-034'])
      suppress(c, id, 'lab cluster torn down nightly, holds synthetic data only');
    expect(() => Testing.synth(stack, true)).not.toThrow();
    const out = Testing.fullSynth(stack);
    const json = JSON.parse(require('fs').readFileSync(`${out}/stacks/test-fra/cdk.tf.json`, 'utf8'));
    expect(json['//'].policy.findings).toContainEqual(
      expect.objectContaining({
        rule: 'KAF-001',
        address: 'aws_msk_cluster.extra',
        suppressedBy: expect.objectContaining({
          reason: 'lab cluster torn down nightly, holds synthetic data only',
          source: 'code',
          scope: 'test-fra/extra',
        }),
      }),
    );
    expect(json['//'].policy.suppressions).toContainEqual(expect.objectContaining({ rule: 'KAF-001', matched: 1 }));
  });

  it('are refused without a reason of at least 20 characters', () => {
    const stack = policedStack();
    const c = rawCluster(stack);
    expect(() => suppress(c, 'KAF-001', '')).toThrow(ConstructError);
    expect(() => suppress(c, 'KAF-001', '')).toThrow('test-fra/extra: suppress KAF-001: the reason for suppressing KAF-001 is empty. Fix:');
    expect(() => suppress(c, 'KAF-001', 'lab only')).toThrow(
      /the reason for suppressing KAF-001 is "lab only" \(8 characters\)\. Fix: say why the rule does not apply here in at least 20 characters/,
    );
  });

  it('are refused for unknown rules, with a suggestion', () => {
    const stack = policedStack();
    expect(() => suppress(stack, 'KAF-0001', 'a reason that is long enough')).toThrow(
      /unknown policy rule "KAF-0001"\. Fix: did you mean "KAF-001"/,
    );
  });

  it('cannot waive plaintext replication (KAF-007)', () => {
    const stack = policedStack();
    expect(() => suppress(stack, 'KAF-007', 'the link is trusted, we promise it is')).toThrow(
      /KAF-007 \(Replication and connector traffic is never plaintext\) cannot be suppressed\./,
    );
  });

  it('from the environment file apply to the scope they name', () => {
    const e = baseEnv();
    e.policy = { suppressions: [{ rule: 'KAF-001', scope: 'test-fra/extra', reason: 'extender cluster for a load test, synthetic data' }] };
    const site = estateStacks(envOf(e)).get('test-fra')!;
    rawCluster(site);
    let error = '';
    try {
      Testing.synth(site, true);
    } catch (err) {
      error = (err as Error).message;
    }
    expect(error).toContain('KAF-009 test-fra aws_msk_cluster.extra');
    expect(error).not.toContain('KAF-001 test-fra aws_msk_cluster.extra');
    expect(policyReport(site)[0].findings.find((f) => f.rule === 'KAF-001')?.suppressedBy).toEqual(
      expect.objectContaining({ source: 'environment' }),
    );
  });
});

describe('an App under enforcePolicy', () => {
  it('reports the findings of every stack in one error, after all stacks were visited', () => {
    const app = new App({ outdir: require('fs').mkdtempSync(`${require('os').tmpdir()}/policy-`) });
    for (const id of ['one-a', 'one-b']) {
      const s = new TerraformStack(app, id);
      new AwsProvider(s, 'aws', { region: 'eu-central-1' });
      rawCluster(s);
    }
    enforcePolicy(app, [{ stacks: [{ id: 'one-a' }, { id: 'one-b' }], policy: { stage: 'dev' } }]);
    expect(() => app.synth()).toThrow(/KAF-001 one-a aws_msk_cluster\.extra[\s\S]*KAF-001 one-b aws_msk_cluster\.extra/);
    expect(policyReport(app).map((r) => r.stack)).toEqual(['one-a', 'one-b']);
  });
});

describe('manifests delivered as rendered files (edge bundles)', () => {
  const stack = policedStack('test-ship');
  const bundle = new RenderedFile(stack, 'Bundle', {
    path: 'edge/test/ship/bundle.yaml',
    content: [
      '# comment-only header',
      '---',
      'apiVersion: kafka.strimzi.io/v1',
      'kind: KafkaMirrorMaker2',
      'metadata: { name: up }',
      'spec:',
      '  target: { alias: hub, bootstrapServers: "hub:9093" }',
      '  mirrors: []',
    ].join('\n'),
  });
  suppress(stack, 'KAF-028', 'offsets are not used by the ship consumers of this test');

  it('are judged like kubernetes_manifest resources, and plaintext replication cannot be waived', () => {
    expect(() => suppress(bundle, 'KAF-007', 'the VPN already encrypts this link end to end')).toThrow(/cannot be suppressed/);
    expect(() => Testing.synth(stack, true)).toThrow(
      /KAF-007 test-ship file:edge\/test\/ship\/bundle\.yaml#0: spec\.target \(hub\) has no tls block, so it connects in plaintext\./,
    );
  });
});

describe('enforcePolicy with the estates that planned the stacks', () => {
  // A stack is judged with the options of the estate whose plan lists it, not of one whose name prefixes its id.
  const app = new App({ outdir: require('fs').mkdtempSync(`${require('os').tmpdir()}/policy-`) });
  for (const id of ['dev-eu-fra', 'dev-stray']) new LocalBackend(new TerraformStack(app, id), { path: `${id}.tfstate` });
  enforcePolicy(app, [
    { stacks: [{ id: 'dev-eu-fra' }], policy: { stage: 'dev' } },
    { stacks: [{ id: 'dev-fra' }], policy: { stage: 'dev' } },
  ]);
  let error = '';
  try {
    app.synth();
  } catch (e) {
    error = (e as Error).message;
  }
  const findings = policyReport(app).flatMap((r) => r.findings.filter((f) => f.rule === 'KAF-032').map((f) => f.stack));

  it('takes the stage of the estate whose plan holds the stack (local state is fine in dev)', () => {
    expect(findings).not.toContain('dev-eu-fra');
  });

  it('judges a stack no plan holds as prod, even when an estate name prefixes its id', () => {
    expect(findings).toEqual(['dev-stray']);
    expect(error).toMatch(/KAF-032 dev-stray terraform\.backend\.local/);
  });
});

describe('the policy judges each stack on its synthesized JSON', () => {
  // Two copies of one stack: one judged by its validation before synthesis (each element
  // resolved on its own), one under enforcePolicy (judged on the stack's JSON).
  const build = (app: App) => {
    const stack = new TerraformStack(app, 'test-fra');
    applyPolicy(stack, { stage: 'prod' });
    new AwsProvider(stack, 'aws', { region: 'eu-central-1', defaultTags: [{ tags: { environment: 'test', owner: 'platform' } }] });
    new LocalBackend(stack, { path: 'test.tfstate' });
    new KmsKey(stack, 'key', { enableKeyRotation: true });
    const cluster = rawCluster(stack);
    suppress(cluster, 'KAF-001', 'an extender waives this on purpose to test the record');
    return { stack, cluster };
  };
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
  const early = build(Testing.app());
  expect(() => Testing.synth(early.stack, true)).toThrow(/KAF-009/);
  const perElement = plain(policyReport(early.stack));

  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'policy-json-')) });
  const late = build(app);
  let renders = 0;
  const toTerraform = late.cluster.toTerraform.bind(late.cluster);
  late.cluster.toTerraform = () => (renders++, toTerraform());
  enforcePolicy(app);
  expect(() => app.synth()).toThrow(/KAF-009/);
  const written = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'test-fra', 'cdk.tf.json'), 'utf8')) as { '//': { policy: unknown } };

  it('records the same findings as judging each element alone, and writes them into the stack', () => {
    expect(plain(policyReport(late.stack))).toEqual(perElement);
    expect(written['//'].policy).toEqual((perElement as unknown[])[0]);
    expect(policyReport(late.stack)[0].findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['KAF-001', 'KAF-009']));
  });

  it('resolves each element no more often than cdktf does (prepare and render), not once more for the rules', () => {
    expect(renders).toBe(2);
  });
});
