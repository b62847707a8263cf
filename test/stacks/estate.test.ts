import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { KafkaTopic } from '../../constructs/kafka/topic';
import { stackId } from '../../constructs/model/naming';
import { baseEnv, envOf, estateStacks, synthJson } from '../helpers';

function twoSiteEnv() {
  const e = baseEnv();
  e.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', role: 'dr', cidr: '10.1.0.0/16' });
  e.clusters.push({ id: 'copy', kind: 'msk', sites: ['par'] });
  e.topics.push({ name: 'orders', cluster: 'copy', partitions: 6 });
  return envOf(e);
}

describe('stacks per failure domain', () => {
  const stacks = estateStacks(twoSiteEnv());
  const synthesized = new Map([...stacks].map(([id, s]) => [id, synthJson(s)]));

  it('names stacks <env>-<site>, plus <env>-<site>-topics where topics are managed', () => {
    expect([...stacks.keys()]).toEqual(['test-fra', 'test-fra-topics', 'test-par', 'test-par-topics']);
    expect(stackId('banking', 'fra')).toBe('banking-fra');
  });

  it('gives each site stack its own region and the standard tags', () => {
    expect(synthesized.get('test-par')!.synth).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-3',
      default_tags: [{ tags: expect.objectContaining({ environment: 'test', site: 'par', owner: 'platform', 'data-class': 'internal' }) }],
    });
  });

  it('never references another stack: no remote state, no cross-stack outputs', () => {
    for (const { json } of synthesized.values()) {
      expect(json.data?.terraform_remote_state).toBeUndefined();
      expect(json.output).toBeUndefined();
    }
  });

  it('keeps state local by default, one file per stack, relative to the project', () => {
    expect(synthesized.get('test-fra')!.json.terraform.backend).toEqual({ local: { path: '../../../state/test-fra.tfstate' } });
  });

  it('finds the cluster for its topics by planned name, not by token', () => {
    const { json, synth } = synthesized.get('test-par-topics')!;
    expect(json.data.aws_msk_cluster['copy-cluster'].cluster_name).toBe('test-par-copy');
    expect(synth).toHaveResourceWithProperties(KafkaTopic, {
      name: 'orders',
      partitions: 6,
      replication_factor: 3,
      config: { 'min.insync.replicas': '2', 'retention.ms': String(7 * 86400 * 1000), 'unclean.leader.election.enable': 'false' },
      lifecycle: { prevent_destroy: true },
      provider: 'kafka.copy',
    });
    expect(json.terraform.required_providers.kafka).toEqual({ source: 'Mongey/kafka', version: '~> 0.13' });
    expect(json.provider.kafka[0]).toEqual(
      expect.objectContaining({ sasl_mechanism: 'aws-iam', tls_enabled: true, sasl_aws_region: 'eu-west-3' }),
    );
  });
});

describe('state backends', () => {
  const s3 = baseEnv();
  s3.backend = { type: 's3', bucket: 'acme-tf-state', region: 'eu-central-1', kmsKeyId: 'alias/tf-state' };
  const gcs = baseEnv();
  gcs.backend = { type: 'gcs', bucket: 'acme-tf-state' };
  const azure = baseEnv();
  azure.backend = { type: 'azurerm', resourceGroupName: 'tf', storageAccountName: 'acmetfstate', containerName: 'state' };
  const [s3Json, gcsJson, azJson] = [s3, gcs, azure].map((e) => synthJson(estateStacks(envOf(e)).get('test-fra')!).json);

  it('encrypts and locks S3 state, one key per stack', () => {
    expect(s3Json.terraform.backend.s3).toEqual({
      bucket: 'acme-tf-state',
      key: 'test/test-fra.tfstate',
      region: 'eu-central-1',
      encrypt: true,
      kms_key_id: 'alias/tf-state',
      use_lockfile: true,
    });
  });

  it('prefixes GCS state per stack', () => {
    expect(gcsJson.terraform.backend.gcs).toEqual({ bucket: 'acme-tf-state', prefix: 'test/test-fra' });
  });

  it('uses Entra ID auth for azurerm state', () => {
    expect(azJson.terraform.backend.azurerm).toEqual(expect.objectContaining({ key: 'test/test-fra.tfstate', use_azuread_auth: true }));
  });
});

describe('the dev estate', () => {
  const env = envOf(parse(readFileSync(join(__dirname, '..', '..', 'environments', 'dev.yaml'), 'utf8')));
  const stacks = estateStacks(env);

  it('is one AWS region with a 3-broker MSK cluster and a few topics', () => {
    expect(env.sites.map((s) => `${s.cloud}:${s.region}`)).toEqual(['aws:eu-central-1']);
    expect(env.clusters).toEqual([expect.objectContaining({ kind: 'msk', brokers: 3 })]);
    expect(env.topics.length).toBeGreaterThanOrEqual(3);
    expect([...stacks.keys()]).toEqual(['dev-fra', 'dev-fra-topics']);
  });
});
