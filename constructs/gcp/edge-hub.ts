import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';
import type { EdgeSitePlan } from '../core/edge';
import { resourceName } from '../core/naming';
import { edgeAccountId, edgeIdentity } from '../edge/site-manifests';
import { bundleKey, type EdgeHub, type EdgeHubSite } from '../edge/hub';

export interface GcpEdgeHubProps {
  readonly env: string;
  readonly fleet: string;
  readonly hubSite: string;
  /** Region of the hub: bundles and secrets stay there. */
  readonly region: string;
  /** Labels (standard tags, GCP-safe). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Identity of a site: Managed Kafka authenticates Google service accounts (SASL
   * PLAIN with the account's key), other hubs take a SCRAM password.
   * @default 'password'
   */
  readonly identity?: 'service-account' | 'password';
}

/**
 * Hub side of an edge fleet on Google Cloud: a private bucket (uniform access, public
 * access prevented, versioned) for pull bundles and, per site, its credential in
 * Secret Manager kept in the hub's region.
 */
export class GcpEdgeHub extends Construct implements EdgeHub {
  public readonly bucket: StorageBucket;
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, private readonly props: GcpEdgeHubProps) {
    super(scope, id);
    this.bucketName = resourceName({ env: props.env, site: props.hubSite, component: `${props.fleet}-edge-bundles` });
    this.bucket = new StorageBucket(this, 'Bundles', {
      name: this.bucketName,
      location: props.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      labels: props.labels ? { ...props.labels } : undefined,
      lifecycle: { preventDestroy: true },
    });
  }

  public addSite(plan: EdgeSitePlan, bundle: string): EdgeHubSite {
    const site = new Construct(this, plan.site);
    let identity = edgeIdentity(plan.env, plan.site);
    let credential: string;
    if ((this.props.identity ?? 'password') === 'service-account') {
      const account = new ServiceAccount(site, 'Account', { accountId: edgeAccountId(plan.env, plan.site), displayName: `Edge site ${plan.site} (${plan.fleet})` });
      identity = account.email;
      credential = new ServiceAccountKey(site, 'Key', { serviceAccountId: account.name }).privateKey;
    } else {
      credential = new Password(site, 'Credential', { length: 32, special: false }).result;
    }
    const secretName = resourceName({ env: plan.env, site: plan.site, component: 'hub-credential' });
    const secret = new SecretManagerSecret(site, 'Secret', {
      secretId: secretName,
      replication: { userManaged: { replicas: [{ location: this.props.region }] } },
      labels: this.props.labels ? { ...this.props.labels } : undefined,
    });
    new SecretManagerSecretVersion(site, 'SecretValue', { secret: secret.id, secretData: credential });
    let bundleUrl: string | undefined;
    if (plan.delivery === 'pull') {
      const key = bundleKey(plan);
      new StorageBucketObject(site, 'Bundle', { bucket: this.bucket.name, name: key, content: bundle, contentType: 'application/yaml' });
      bundleUrl = `gs://${this.bucketName}/${key}`;
    }
    return { identity, secretName, bundleUrl };
  }
}
