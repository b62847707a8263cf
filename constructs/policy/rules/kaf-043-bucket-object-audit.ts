import { fail, get, list, undecidable, type PolicyRule } from '../rule';
import { isLogTarget } from './kaf-042-bucket-access-logs';

/** Cloud Storage log types a project audit config must enable for object-level audit. */
const GCS_DATA_ACCESS = ['DATA_READ', 'DATA_WRITE'];

export const KAF043: PolicyRule = {
  id: 'KAF-043',
  title: 'Buckets record every object read and write with the principal who made it',
  why: "Access logs say which address fetched an object; an object-level audit trail says which principal did, in the cloud's tamper-evident audit log. Bundles say where a site's credentials live and state holds every generated secret: a reviewer must be able to answer who read them.",
  fix: 'S3: an aws_cloudtrail in the stack whose event_selector records AWS::S3::Object data events (read_write_type All) for "<bucket arn>/" (object-audit-trail.ts); GCS: a google_project_iam_audit_config for storage.googleapis.com (or allServices) with DATA_READ and DATA_WRITE (bucket-protection.ts). A bucket that only receives logs is exempt.',
  severity: 'error',
  // No scanner ids: neither Checkov nor Trivy judges a bucket's data events or Data Access audit logs from Terraform.
  controls: [
    'CIS AWS 1.4 3.10',
    'CIS AWS 1.4 3.11',
    'CIS GCP 1.3 2.1',
    'NIST 800-53 AU-2',
    'NIST 800-53 AU-3',
    'NIST 800-53 AU-12',
    'ISO 27001 A.8.15',
    'PCI DSS 4.0 10.2.1',
    'DORA Art. 10',
  ],
  appliesTo: ['aws_s3_bucket', 'google_storage_bucket'],
  check: (r) => {
    if (r.type !== 'aws_s3_bucket' && r.type !== 'google_storage_bucket') return 'not-applicable';
    const target = isLogTarget(r);
    if (target === undefined) return undecidable('the bucket was judged without its stack, so its audit trail cannot be seen.');
    if (target) return 'not-applicable';
    const others = r.others ?? [];
    if (r.type === 'google_storage_bucket') {
      const audited = others.some(
        (o) =>
          o.type === 'google_project_iam_audit_config' &&
          ['storage.googleapis.com', 'allServices'].includes(String(o.config.service)) &&
          GCS_DATA_ACCESS.every((t) => list(o.config.audit_log_config).some((c) => get(c, 'log_type') === t)),
      );
      return audited
        ? 'compliant'
        : fail('no google_project_iam_audit_config in this stack enables DATA_READ and DATA_WRITE for storage.googleapis.com.');
    }
    const objects = `\${${r.address}.arn}/`;
    const trailed = others.some(
      (o) =>
        o.type === 'aws_cloudtrail' &&
        list(o.config.event_selector).some(
          (s) =>
            (get(s, 'read_write_type') ?? 'All') === 'All' &&
            list(get(s, 'data_resource')).some(
              (d) => get(d, 'type') === 'AWS::S3::Object' && list(get(d, 'values')).some((v) => v === objects),
            ),
        ),
    );
    return trailed
      ? 'compliant'
      : fail("no aws_cloudtrail in this stack records the read and write data events (AWS::S3::Object) of the bucket's objects.");
  },
};
