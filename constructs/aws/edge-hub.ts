import { DataAwsMskCluster } from '@cdktf/provider-aws/lib/data-aws-msk-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { MskSingleScramSecretAssociation } from '@cdktf/provider-aws/lib/msk-single-scram-secret-association';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Password } from '@cdktf/provider-random/lib/password';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { PUBLISHED_BOOTSTRAP } from '../kinds/kind';
import type { EdgeSitePlan } from '../analysis/edge';
import { rotationEpoch } from '../credential-rotation';
import { resourceName } from '../model/naming';
import { accessLogBucket } from './access-log-bucket';
import { cloudTrailKeyUse, kmsKeyPolicy } from './kms-key-policy';
import { objectAuditTrail, objectTrail } from './object-audit-trail';
import { bundleKey, type EdgeHub, type EdgeHubSite, type PublishedBundle } from '../edge/hub';

export interface AwsEdgeHubProps {
  readonly env: string;
  readonly fleet: string;
  /** Hub site id, part of the bucket name. */
  readonly hubSite: string;
  /**
   * Planned name of the MSK hub cluster (found by name, never by another stack's token).
   * Given: each site's secret is associated with the cluster as its SCRAM user.
   * @default - credentials are only stored
   */
  readonly mskClusterName?: string;
}

/**
 * Hub side of an edge fleet on AWS: a private, versioned, KMS-encrypted bucket for
 * pull bundles and, per site, a SCRAM credential in Secrets Manager (name prefixed
 * `AmazonMSK_` and encrypted with the customer key, as MSK SCRAM requires).
 */
export class AwsEdgeHub extends Construct implements EdgeHub {
  public readonly key: KmsKey;
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  // Each attribute read makes a token (with a captured stack trace): read the shared ones once, not per site.
  private readonly keyArn: string;
  private readonly bucketId: string;
  private readonly mskArn?: string;
  /** The sites' credential rotation epoch (an id that changes every 90 days). */
  private readonly rotation: string;
  private readonly mskScramBootstrap?: string;

  constructor(scope: Construct, id: string, props: AwsEdgeHubProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'Account');
    const owner = { partition: new DataAwsPartition(this, 'Partition').partition, accountId: account.accountId };
    this.key = new KmsKey(this, 'Key', {
      description: `Edge bundles and site credentials of fleet ${props.fleet} (${props.env})`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // The account administers the key as by default; CloudTrail encrypts the bundle bucket's object trail with it.
      policy: kmsKeyPolicy(owner, ...cloudTrailKeyUse(owner)),
      lifecycle: { preventDestroy: true },
    });
    if (props.mskClusterName) {
      const cluster = new DataAwsMskCluster(this, 'HubCluster', { clusterName: props.mskClusterName });
      this.mskArn = cluster.arn;
      this.mskScramBootstrap = cluster.bootstrapBrokersSaslScram;
    }
    this.bucketName = resourceName({ env: props.env, site: props.hubSite, component: `${props.fleet}-edge-bundles` });
    this.bucket = new S3Bucket(this, 'Bundles', { bucket: this.bucketName, lifecycle: { preventDestroy: true } });
    new S3BucketPublicAccessBlock(this, 'BundlesPrivate', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, 'BundlesVersioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'BundlesEncryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    this.accessLogs(props, owner);
    this.keyArn = this.key.arn;
    this.bucketId = this.bucket.id;
    this.rotation = rotationEpoch(this, 'CredentialRotation').id;
  }

  /**
   * Who fetched which site's bundle: server access logs (KAF-042) and a trail of the
   * bucket's object reads and writes naming each principal (KAF-043), both in the log bucket.
   */
  private accessLogs(props: AwsEdgeHubProps, owner: { partition: string; accountId: string }): void {
    const trail = objectTrail(this.bucketName, { ...owner, region: new DataAwsRegion(this, 'Region').region });
    const { logs, policy } = accessLogBucket(this, 'BundleAccessLogs', {
      name: resourceName({ env: props.env, site: props.hubSite, component: `${props.fleet}-edge-access-logs` }),
      source: this.bucket,
      prefix: 'bundles/',
      accountId: owner.accountId,
      loggingId: 'BundlesAccessLogging',
      trailArn: trail.arn,
    });
    objectAuditTrail(this, 'BundlesAudit', { name: trail.name, bucket: this.bucket, logs, kmsKeyId: this.key.arn, dependsOn: [policy] });
  }

  public addSite(plan: EdgeSitePlan, bundle?: PublishedBundle): EdgeHubSite {
    const site = new Construct(this, plan.site);
    const identity = plan.hubIdentity;
    // Rotated every 90 days by the deploy pipeline: MSK syncs an associated secret's new
    // value periodically ("Sign-in credentials authentication with AWS Secrets Manager",
    // MSK developer guide), and the site's secret sync fetches it (README, "Rotating credentials").
    const password = new Password(site, 'Credential', { length: 32, special: false, keepers: { rotation: this.rotation } });
    const secretName = `AmazonMSK_${identity}`;
    const secret = new SecretsmanagerSecret(site, 'Secret', {
      name: secretName,
      kmsKeyId: this.keyArn,
      description: `Hub credential of edge site ${plan.site}`,
    });
    new SecretsmanagerSecretVersion(site, 'SecretValue', {
      secretId: secret.id,
      secretString: `{"username":"${identity}","password":"${password.result}"}`,
    });
    // One association per site, so adding a site never rewrites another site's resource.
    if (this.mskArn) new MskSingleScramSecretAssociation(site, 'ScramUser', { clusterArn: this.mskArn, secretArn: secret.arn });
    let bundleUrl: string | undefined;
    if (plan.delivery === 'pull' && bundle) {
      const key = bundleKey(plan);
      // A bundle that dials the hub by its published address gets the brokers' real names
      // here (the only names MSK's certificates carry), read from the cluster at apply.
      const published = plan.hubBootstrap === PUBLISHED_BOOTSTRAP && this.mskScramBootstrap !== undefined;
      new S3Object(site, 'Bundle', {
        bucket: this.bucketId,
        key,
        ...(published
          ? { content: Fn.replace(Fn.file(bundle.source), PUBLISHED_BOOTSTRAP, this.mskScramBootstrap!) }
          : { source: bundle.source, sourceHash: bundle.md5Hex }),
        contentType: 'application/yaml',
        serverSideEncryption: 'aws:kms',
        kmsKeyId: this.keyArn,
      });
      bundleUrl = `s3://${this.bucketName}/${key}`;
    }
    return { identity, secretName, bundleUrl };
  }
}
