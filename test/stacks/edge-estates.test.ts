import { createHash } from 'crypto';
import { ManagedKafkaAcl } from '@cdktf/provider-google/lib/managed-kafka-acl';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import { Testing } from 'cdktf';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { edgeSitePlans } from '../../constructs/analysis/edge';
import { PUBLISHED_BOOTSTRAP } from '../../constructs/kinds/kind';
import { RenderedFile } from '../../constructs/rendered-file';
import { envOf, estateStacks, problemsOf, synthJson } from '../helpers';

const data = (name: string) => parse(readFileSync(join(__dirname, `../../environments/${name}.yaml`), 'utf8'));
const retail = envOf(data('retail'));
const stacks = estateStacks(retail);
const ships = stacks.get('retail-ships')!;
const shipFleet = synthJson(ships);
const stores = synthJson(stacks.get('retail-stores')!);
const store = synthJson(stacks.get('retail-store-mia')!);
const HUB = 'bootstrap.retail-hub-hub.us-east1.managedkafka.retail-streaming-prod.cloud.goog:9092';

describe('environments/retail.yaml', () => {
  it('ships describe a Strimzi Kafka and a MirrorMaker 2 that pushes to the Managed Kafka hub', () => {
    const bundle = RenderedFile.all(ships).find((f) => f.path === 'edge/retail/ship-oasis/bundle.yaml')!;
    const docs = parseAllDocuments(bundle.content).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(expect.arrayContaining(['Kafka', 'KafkaNodePool', 'KafkaMirrorMaker2']));
    const up = docs.find((d) => d.kind === 'KafkaMirrorMaker2' && d.metadata.name === 'up');
    expect(up.spec.target).toEqual(expect.objectContaining({ alias: 'hub', bootstrapServers: HUB }));
    // No key or password: Google's OAUTHBEARER handler with the site's federated credentials.
    expect(up.spec.target.authentication).toEqual({
      type: 'custom',
      sasl: true,
      config: {
        'sasl.mechanism': 'OAUTHBEARER',
        'sasl.login.callback.handler.class': 'com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler',
        'sasl.jaas.config': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
      },
    });
    expect(up.spec.image).toBe('registry.retail.internal/kafka/mirror-maker-gcp:4.1.1-1.0.6');
    expect(up.spec.template.connectContainer.env).toEqual([
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/opt/kafka/google/credentials.json' },
    ]);
    const files = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'google-credentials').data;
    expect(JSON.parse(files['credentials.json'])).toEqual({
      type: 'external_account',
      audience:
        '//iam.googleapis.com/projects/481516234200/locations/global/workloadIdentityPools/edge-retail-ships/providers/site-certificates',
      subject_token_type: 'urn:ietf:params:oauth:token-type:mtls',
      token_url: 'https://sts.mtls.googleapis.com/v1/token',
      credential_source: { certificate: { certificate_config_location: '/opt/kafka/google/certificate_config.json' } },
      service_account_impersonation_url:
        'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/edge-retail-ship-oasis@retail-streaming-prod.iam.gserviceaccount.com:generateAccessToken',
    });
    expect(JSON.parse(files['certificate_config.json'])).toEqual({
      cert_configs: {
        workload: { cert_path: '/opt/kafka/hub-client-certificate/tls.crt', key_path: '/opt/kafka/hub-client-certificate/tls.key' },
      },
    });
    expect(bundle.content).not.toMatch(/PRIVATE KEY|private_key/);
    expect(up.spec.mirrors[0].source.alias).toBe('ship-oasis');
    expect(shipFleet.synth).toHaveResourceWithProperties(StorageBucketObject, {
      name: 'ships/ship-oasis/bundle.yaml',
      source: '../../edge/retail/ship-oasis/bundle.yaml',
      detect_md5hash: createHash('md5').update(bundle.content).digest('base64'),
    });
  });

  it('gives every site its prefixed hub topics, ACLs on its own prefix and the Managed Kafka client role', () => {
    expect(shipFleet.synth).toHaveResourceWithProperties(ManagedKafkaTopic, {
      topic_id: 'ship-icon.sales',
      cluster: 'retail-hub-hub',
      location: 'us-east1',
      replication_factor: 3,
    });
    expect(shipFleet.synth).toHaveResourceWithProperties(ManagedKafkaAcl, {
      acl_id: 'topicPrefixed/ship-icon.',
      acl_entries: [
        expect.objectContaining({
          principal: 'User:edge-retail-ship-icon@retail-streaming-prod.iam.gserviceaccount.com',
          operation: 'ALL',
        }),
      ],
    });
    expect(shipFleet.synth).toHaveResourceWithProperties(ManagedKafkaAcl, { acl_id: 'consumerGroupPrefixed/ship-icon.' });
    expect(shipFleet.synth).toHaveResourceWithProperties(ProjectIamMember, {
      role: 'roles/managedkafka.client',
      member: 'serviceAccount:edge-retail-ship-icon@retail-streaming-prod.iam.gserviceaccount.com',
    });
  });

  it('federates each site through the fleet CA: no service-account key and no hub secret in state', () => {
    for (const fleet of [shipFleet, stores]) {
      const r = fleet.json.resource;
      expect(r.google_service_account_key).toBeUndefined();
      expect(r.google_secret_manager_secret_version).toBeUndefined();
      expect(r.random_password).toBeUndefined();
    }
    const pool = Object.values<any>(shipFleet.json.resource.google_iam_workload_identity_pool)[0];
    expect(pool.workload_identity_pool_id).toBe('edge-retail-ships');
    // A wrong declared project number fails the apply rather than every site's token exchange.
    expect(pool.lifecycle.postcondition[0].condition).toBe(
      '${self.name == "projects/481516234200/locations/global/workloadIdentityPools/edge-retail-ships"}',
    );
    const provider = Object.values<any>(shipFleet.json.resource.google_iam_workload_identity_pool_provider)[0];
    expect(provider.attribute_mapping).toEqual({ 'google.subject': 'assertion.subject.dn.cn' });
    expect(provider.x509.trust_store.trust_anchors[0].pem_certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    const members = Object.values<any>(shipFleet.json.resource.google_service_account_iam_member);
    expect(members).toContainEqual(
      expect.objectContaining({
        role: 'roles/iam.workloadIdentityUser',
        member: expect.stringMatching(
          /^principal:\/\/iam\.googleapis\.com\/\$\{google_iam_workload_identity_pool\.[^}]+\.name\}\/subject\/edge-retail-ship-icon$/,
        ),
      }),
    );
    // Directly delivered stores get the credential files applied with their manifests.
    const kinds = Object.values<any>(store.json.resource.kubernetes_manifest).map((m) => m.manifest.kind);
    expect(kinds).toContain('ConfigMap');
  });

  it('fails synth when someone brings a service-account key back into the fleet stack (KAF-044)', () => {
    const fleet = estateStacks(retail).get('retail-ships')!;
    new ServiceAccountKey(fleet, 'LegacyKey', { serviceAccountId: 'edge-retail-ship-icon@retail-streaming-prod.iam.gserviceaccount.com' });
    expect(() => Testing.synth(fleet, true)).toThrow(
      /KAF-044 retail-ships google_service_account_key\.LegacyKey: .*private key lives in state/,
    );
  });

  it('refuses a Managed Kafka fleet without its CA, its MirrorMaker 2 image or the project number', () => {
    const d = data('retail');
    delete d.edgeFleets[1].siteCertificateAuthority;
    delete d.edgeFleets[1].defaults.mirrorMakerImage;
    delete d.accounts.gcp.projectNumber;
    const paths = problemsOf(d).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['edgeFleets[1].siteCertificateAuthority', 'edgeFleets[1].sites[0].mirrorMakerImage', 'edgeFleets[1].hub']),
    );
  });

  it('applies store manifests directly from each store stack, and publishes no bundle for stores', () => {
    const kinds = Object.values<any>(store.json.resource.kubernetes_manifest).map((m) => m.manifest.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser', 'KafkaMirrorMaker2']));
    expect(stores.json.resource.google_storage_bucket_object).toBeUndefined();
  });

  it('sizes stores from the offline window and uplink of their sites: entries', () => {
    const mia = edgeSitePlans(retail).find((p) => p.site === 'store-mia')!;
    expect([mia.offlineWindowSeconds, mia.retentionSeconds, mia.uplinkMbps]).toEqual([24 * 3600, 36 * 3600, 200]);
  });

  it('rejects a ship with 24h of retention for its 72h offline window, saying the retention and disk it needs', () => {
    const d = data('retail');
    d.edgeFleets[1].sites[0].retention = '24h';
    const p = problemsOf(d).find((x) => x.path === 'edgeFleets[1].sites[0].retention')!;
    expect(p.message).toBe(
      'edge site "ship-oasis": retention 24h is shorter than its offline window of 72h: records written while offline are deleted before the link returns to push them.',
    );
    expect(p.fix).toMatch(/^set retention to at least 108h \(offline window × 1\.5\) and give each node at least \d+ GiB of disk/);
  });
});

describe('environments/public-sector.yaml', () => {
  const env = envOf(data('public-sector'));
  const plans = edgeSitePlans(env);

  it('keeps 21 days at every field site for its 14-day offline window (fs-island: 21-day window, 32 days)', () => {
    expect(
      plans.filter((p) => p.site !== 'fs-island').every((p) => p.offlineWindowSeconds === 14 * 86400 && p.retentionSeconds === 21 * 86400),
    ).toBe(true);
    expect(plans.find((p) => p.site === 'fs-island')!.retentionSeconds).toBe(Math.ceil((21 * 86400 * 1.5) / 3600) * 3600);
  });

  it('replicates field sites to the AWS and Google hubs', () => {
    expect(new Set(plans.map((p) => p.hubKind))).toEqual(new Set(['msk', 'gcp-managed']));
  });

  it('field stations dial the MSK hub by the brokers’ own names: the fleet stack writes them into each pulled bundle at apply', () => {
    const fleet = synthJson(estateStacks(env).get('pubsec-field-aws')!).json;
    const hub = Object.values(fleet.data.aws_msk_cluster)[0] as { cluster_name: string };
    expect(hub.cluster_name).toBe('pubsec-hub-aws-hub');
    const objects = Object.values(fleet.resource.aws_s3_object) as Array<Record<string, string>>;
    expect(objects).toHaveLength(4);
    for (const o of objects) {
      const site = o.key.split('/')[1];
      // The object is the rendered bundle with the placeholder replaced by the SASL/SCRAM brokers (port 9096),
      // so the names the sites dial are the ones MSK's certificates carry.
      expect(o.content).toBe(
        `\${replace(file("../../edge/pubsec/${site}/bundle.yaml"), "${PUBLISHED_BOOTSTRAP}", data.aws_msk_cluster.Hub_HubCluster_493C03D2.bootstrap_brokers_sasl_scram)}`,
      );
      expect(o.source).toBeUndefined();
    }
    for (const p of plans.filter((x) => x.hubKind === 'msk')) expect(p.hubBootstrap).toBe(PUBLISHED_BOOTSTRAP);
  });

  it('refuses an Event Hubs hub that takes no SAS keys for a fleet, saying why and what to do', () => {
    const d = data('public-sector');
    d.edgeFleets[1].hub = 'hub-az';
    const p = problemsOf(d).find((x) => x.path === 'edgeFleets[1].hub')!;
    expect(p.message).toMatch(/Event Hubs namespace with local \(SAS\) authentication off/);
    expect(p.fix).toMatch(/set eventHubs.localAuth: true on cluster "hub-az"/);
  });
});
