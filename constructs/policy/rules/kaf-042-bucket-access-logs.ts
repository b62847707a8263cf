import { fail, get, referrers, undecidable, worst, type PolicyRule, type ResourceView, type Verdict } from '../rule';

/** A bucket that receives another bucket's access logs: logging itself would loop, and S3 delivers only to SSE-S3. */
export function isLogTarget(r: ResourceView): boolean | undefined {
  if (!r.others) return undefined;
  const ref = `\${${r.address}.`;
  return r.others.some(
    (o) =>
      (o.type === 'aws_s3_bucket_logging' && String(o.config.target_bucket ?? '').startsWith(ref)) ||
      (o.type === 'google_storage_bucket' && String(get(o.config, 'logging.log_bucket') ?? '').startsWith(ref)),
  );
}

export const KAF042: PolicyRule = {
  id: 'KAF-042',
  title: 'Buckets log who read them and are encrypted with a customer-managed key',
  why: "Edge bundles carry a site's Kafka configuration and where its credentials live, and Terraform state holds every generated secret; access logs say who fetched them, and a customer key makes every read need a grant that can be audited and revoked.",
  fix: 'S3: an aws_s3_bucket_logging to a log bucket and SSE with aws:kms and a customer key; GCS: logging.log_bucket and encryption.default_kms_key_name (the edge hubs and the state buckets of the bootstrap stacks do this). A bucket that only receives access logs is exempt.',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_18',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/S3BucketLogging.yaml',
    },
    {
      scanner: 'checkov',
      id: 'CKV_AWS_145',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/S3KMSEncryptedByDefault.yaml',
    },
    {
      scanner: 'checkov',
      id: 'CKV_GCP_62',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/gcp/CloudStorageLogging.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0089',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/s3/enable_logging.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0132',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/s3/encryption_customer_key.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-GCP-0066',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/google/storage/bucket_encryption_customer_key.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-GCP-0077',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/google/storage/enable_bucket_logging.rego',
    },
  ],
  controls: [
    'NIST 800-53 AU-2',
    'NIST 800-53 AU-12',
    'NIST 800-53 SC-28',
    'ISO 27001 A.8.15',
    'ISO 27001 A.8.24',
    'PCI DSS 4.0 10.2.1',
    'PCI DSS 4.0 3.5.1',
    'DORA Art. 9',
    'DORA Art. 10',
  ],
  appliesTo: ['aws_s3_bucket', 'google_storage_bucket'],
  check: (r) => {
    if (r.type !== 'aws_s3_bucket' && r.type !== 'google_storage_bucket') return 'not-applicable';
    const target = isLogTarget(r);
    if (target === undefined) return undecidable('the bucket was judged without its stack, so its logging and encryption cannot be seen.');
    if (target) return 'not-applicable';
    const verdicts: Verdict[] = [];
    if (r.type === 'google_storage_bucket') {
      const log = get(r.config, 'logging.log_bucket');
      verdicts.push(
        typeof log === 'string' && log !== ''
          ? 'compliant'
          : fail('logging.log_bucket is not set, so reads of the bucket are not recorded.'),
      );
      const key = get(r.config, 'encryption.default_kms_key_name');
      verdicts.push(
        typeof key === 'string' && key !== ''
          ? 'compliant'
          : fail('encryption.default_kms_key_name is not set, so Google-managed keys encrypt the objects.'),
      );
      return worst(verdicts);
    }
    verdicts.push(
      (referrers(r, 'aws_s3_bucket_logging') ?? []).length > 0 || get(r.config, 'logging') !== undefined
        ? 'compliant'
        : fail('no aws_s3_bucket_logging names the bucket, so reads of it are not recorded.'),
    );
    const sse = (referrers(r, 'aws_s3_bucket_server_side_encryption_configuration') ?? []).map((e) =>
      get(e.config, 'rule.apply_server_side_encryption_by_default'),
    );
    verdicts.push(
      sse.some((d) => get(d, 'sse_algorithm') === 'aws:kms' && get(d, 'kms_master_key_id') !== undefined)
        ? 'compliant'
        : fail('no server-side encryption configuration encrypts the bucket with aws:kms and a customer key.'),
    );
    return worst(verdicts);
  },
};
