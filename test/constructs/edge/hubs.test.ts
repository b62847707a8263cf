import { createHash } from 'crypto';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageBlob } from '@cdktf/provider-azurerm/lib/storage-blob';
import { Testing } from 'cdktf';
import { AzureEdgeHub } from '../../../constructs/azure/edge-hub';
import { edgeSitePlans } from '../../../constructs/analysis/edge';
import { publishedBundle } from '../../../constructs/edge/hub';
import { GcpEdgeHub } from '../../../constructs/gcp/edge-hub';
import { envOf } from '../../helpers';
import { fleetEnv } from './fixtures';

const [pull, direct] = edgeSitePlans(envOf(fleetEnv([{ id: 'oasis' }, { id: 'allure' }])));

describe('AzureEdgeHub', () => {
  const synth = Testing.synthScope((scope) => {
    const hub = new AzureEdgeHub(scope, 'Hub', {
      env: 'test',
      fleet: 'ships',
      hubSite: 'weu',
      location: 'westeurope',
      tags: { environment: 'test', owner: 'o', 'data-class': 'internal' },
    });
    hub.addSite(pull, publishedBundle('edge/test/oasis/bundle.yaml', 'bundle: 1\n'));
    hub.addSite({ ...direct, delivery: 'direct' });
  });

  it('keeps credentials in an RBAC Key Vault with purge protection, bundles in a private, key-less storage account', () => {
    expect(synth).toHaveResourceWithProperties(KeyVault, {
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(synth).toHaveResourceWithProperties(StorageAccount, {
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
    });
    expect(synth).toHaveResourceWithProperties(KeyVaultSecret, {
      name: 'edge-test-oasis',
      tags: expect.objectContaining({ environment: 'test' }),
    });
  });

  it('rotates every site password with one 90-day epoch, and lets each secret version expire 30 days after its rotation is due', () => {
    const json = JSON.parse(synth);
    const [epoch] = Object.keys(json.resource.time_rotating);
    expect(json.resource.time_rotating[epoch].rotation_days).toBe(90);
    const passwords = Object.values<any>(json.resource.random_password);
    expect(passwords).toHaveLength(2);
    for (const p of passwords) expect(p.keepers).toEqual({ rotation: `\${time_rotating.${epoch}.id}` });
    for (const secret of Object.values<any>(json.resource.azurerm_key_vault_secret)) {
      expect(secret.expiration_date).toBe(`\${timeadd(time_rotating.${epoch}.rotation_rfc3339, "720h")}`);
      // The date follows the epoch, so it is no longer frozen at the first version.
      expect(secret.lifecycle?.ignore_changes).toBeUndefined();
    }
  });

  it('publishes a blob for the pull site only', () => {
    expect(synth).toHaveResourceWithProperties(StorageBlob, {
      name: 'ships/oasis/bundle.yaml',
      source: '../../edge/test/oasis/bundle.yaml',
      content_md5: createHash('md5').update('bundle: 1\n').digest('hex'),
    });
    expect(Object.keys(JSON.parse(synth).resource.azurerm_storage_blob)).toHaveLength(1);
  });
});

describe('GcpEdgeHub', () => {
  it('refuses service-account sites without the fleet CA, rather than falling back to a key', () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new GcpEdgeHub(scope, 'Hub', {
            env: 't',
            fleet: 'f',
            hubSite: 'us',
            region: 'us-east1',
            identity: 'service-account',
            project: 'proj-123456',
          }),
      ),
    ).toThrow(/need siteCertificateAuthority/);
  });

  it('fails for a Managed Kafka hub without its project', () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new GcpEdgeHub(scope, 'Hub', { env: 't', fleet: 'f', hubSite: 'us', region: 'us-east1', managedKafkaCluster: 't-us-mk' }),
      ),
    ).toThrow(/needs project/);
  });
});
