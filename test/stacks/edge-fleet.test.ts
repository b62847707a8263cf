import { createHash } from 'crypto';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { RenderedFile } from '../../constructs/rendered-file';
import { estateStacks, envOf, synthJson } from '../helpers';
import { fleetEnv } from '../constructs/edge/fixtures';

/** Every resource address of a synthesized stack with its configuration. */
function addresses(json: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      const { '//': _meta, ...rest } = config as Record<string, unknown>;
      out.set(`${type}.${name}`, JSON.stringify(rest));
    }
  }
  return out;
}

const three = [{ id: 'oasis' }, { id: 'allure' }, { id: 'wonder', nodes: 1 }];
const stacks = estateStacks(envOf(fleetEnv(three)));
const fleet = stacks.get('test-ships')!;
const { synth, json } = synthJson(fleet);

describe('edge fleet stack <env>-<fleet>', () => {
  it('is built next to the site stacks', () => {
    expect([...stacks.keys()]).toEqual(expect.arrayContaining(['test-fra', 'test-ships']));
  });

  it('publishes each pull site bundle to the hub bucket, KMS-encrypted', () => {
    expect(synth).toHaveResourceWithProperties(S3Object, {
      key: 'ships/oasis/bundle.yaml',
      content_type: 'application/yaml',
      server_side_encryption: 'aws:kms',
    });
    expect(Object.keys(json.resource.aws_s3_object)).toHaveLength(3);
  });

  it('keeps each site credential in Secrets Manager under the name MSK SCRAM needs', () => {
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecret, { name: 'AmazonMSK_edge-test-oasis' });
    expect(Object.keys(json.resource.random_password)).toHaveLength(3);
  });

  it('makes each credential a SCRAM user of the hub, found by its planned name', () => {
    expect(json.data.aws_msk_cluster).toEqual({
      [Object.keys(json.data.aws_msk_cluster)[0]]: expect.objectContaining({ cluster_name: 'test-fra-main' }),
    });
    expect(Object.keys(json.resource.aws_msk_single_scram_secret_association)).toHaveLength(3);
  });

  it('writes each bundle for review under edge/<env>/<site>/', () => {
    const files = RenderedFile.all(fleet).map((f) => f.path);
    expect(files).toEqual(['edge/test/oasis/bundle.yaml', 'edge/test/allure/bundle.yaml', 'edge/test/wonder/bundle.yaml']);
    const oasis = RenderedFile.all(fleet)[0].content;
    const object = json.resource.aws_s3_object[Object.keys(json.resource.aws_s3_object).find((k) => k.includes('oasis'))!];
    // Uploaded from the reviewed file (relative to cdktf.out/stacks/<stack>), its digest in the plan.
    expect(object.source).toBe('../../edge/test/oasis/bundle.yaml');
    expect(object.source_hash).toBe(createHash('md5').update(oasis).digest('hex'));
    expect(object.content).toBeUndefined();
  });
});

describe('site ACLs on an MSK hub, <env>-<fleet>-acls', () => {
  const acls = synthJson(stacks.get('test-ships-acls')!).json;
  const all = Object.values<any>(acls.resource.kafka_acl);
  const of = (site: string) => all.filter((a) => a.acl_principal === `User:edge-test-${site}`);

  it('lets each site use only its own prefix and read what comes down', () => {
    expect(
      of('oasis')
        .map((a) => [a.resource_type, a.resource_name, a.resource_pattern_type_filter, a.acl_operation])
        .sort(),
    ).toEqual([
      ['Group', 'oasis.', 'Prefixed', 'All'],
      ['Topic', 'global-inventory', 'Literal', 'DescribeConfigs'],
      ['Topic', 'global-inventory', 'Literal', 'Read'],
      ['Topic', 'oasis.', 'Prefixed', 'All'],
    ]);
    expect(all).toHaveLength(12);
  });

  it('reaches the brokers through the cluster found by its planned name', () => {
    expect(Object.values<any>(acls.data.aws_msk_cluster)[0].cluster_name).toBe('test-fra-main');
  });
});

describe("adding or removing a site changes only that site's addresses", () => {
  const before = addresses(json);
  const after = addresses(
    synthJson(estateStacks(envOf(fleetEnv([...three.slice(0, 1), { id: 'icon' }, ...three.slice(1)]))).get('test-ships')!).json,
  );
  const removed = addresses(synthJson(estateStacks(envOf(fleetEnv(three.filter((s) => s.id !== 'allure')))).get('test-ships')!).json);
  const aclsBefore = addresses(synthJson(stacks.get('test-ships-acls')!).json);
  const aclsAfter = addresses(synthJson(estateStacks(envOf(fleetEnv([...three, { id: 'icon' }]))).get('test-ships-acls')!).json);

  it('adds only addresses of the new site and leaves every other one as it was', () => {
    const added = [...after.keys()].filter((a) => !before.has(a));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((a) => a.includes('_icon_'))).toBe(true);
    for (const [address, config] of before) expect(after.get(address)).toBe(config);
  });

  it('does the same for the site ACLs', () => {
    const added = [...aclsAfter.keys()].filter((a) => !aclsBefore.has(a));
    expect(added.length).toBe(4);
    expect(added.every((a) => /^kafka_acl\.icon_/.test(a))).toBe(true);
    for (const [address, config] of aclsBefore) expect(aclsAfter.get(address)).toBe(config);
  });

  it('removes only addresses of the removed site', () => {
    const gone = [...before.keys()].filter((a) => !removed.has(a));
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((a) => a.includes('_allure_'))).toBe(true);
    for (const [address, config] of removed) expect(before.get(address)).toBe(config);
  });
});

describe('direct delivery', () => {
  const env = fleetEnv([{ id: 'store-1', delivery: 'direct', kubeApi: 'https://10.60.1.10:6443' }, { id: 'oasis' }]);
  env.sites.push({ id: 'store-1', cloud: 'edge', region: 'Miami', role: 'edge', cidr: '10.60.1.0/24' });
  const built = estateStacks(envOf(env));
  const site = synthJson(built.get('test-store-1')!);
  const fleetJson = synthJson(built.get('test-ships')!).json;

  it("applies the manifests in the site's own stack over its link, stateful ones protected", () => {
    expect(site.json.provider.kubernetes).toEqual([expect.objectContaining({ host: 'https://10.60.1.10:6443' })]);
    expect(site.synth).toHaveResourceWithProperties(Manifest, {
      manifest: expect.objectContaining({ apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaMirrorMaker2' }),
    });
    const kafka = Object.values<any>(site.json.resource.kubernetes_manifest).find((m) => m.manifest.kind === 'Kafka');
    expect(kafka.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('keeps its credential at the hub but publishes no bundle for it', () => {
    expect(Object.keys(fleetJson.resource.aws_secretsmanager_secret).some((k) => k.includes('store-1'))).toBe(true);
    expect(Object.keys(fleetJson.resource.aws_s3_object).some((k) => k.includes('store-1'))).toBe(false);
  });
});
