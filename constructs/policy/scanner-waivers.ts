import type { Finding } from './evaluate';
import type { ResourceView, ScannerCheck } from './rule';
import { ruleById } from './rules';

/**
 * Scanner checks that fail on a correct resource the product generates, each with the
 * reason a reviewer reads and the resources it covers. The scanners read these as their
 * own suppression files (Checkov's baseline, Trivy's ignore file), written next to the
 * stacks by the synth, and the review lists them: no finding goes unexplained.
 */
export interface ScannerWaiver extends Omit<ScannerCheck, 'relation'> {
  /** Terraform type of the resources concerned. */
  readonly appliesTo: string;
  /** Which of them; every one of the type when absent. */
  readonly when?: (r: ResourceView) => boolean;
  readonly reason: string;
}

/** Tag (or label) that marks a bucket receiving server access logs. */
export const LOG_BUCKET_TAG = 'log-bucket';
const isLogBucket = (r: ResourceView) => {
  const tags = (r.config.tags ?? r.config.labels) as Record<string, unknown> | undefined;
  // cdktf may write a map key's dash as an underscore.
  return (
    tags !== undefined && tags !== null && typeof tags === 'object' && (LOG_BUCKET_TAG in tags || LOG_BUCKET_TAG.replace('-', '_') in tags)
  );
};
const LOG_BUCKET_REASON =
  'server access log bucket: S3 delivers access logs only to an SSE-S3 bucket, and a log bucket logging its own deliveries would loop';

/**
 * What the secret waivers ask of a stack, indexed once per stack: asked of every secret
 * by scanning the stack, it grew with the square of a fleet's sites (each site has a
 * secret, its version and its password; 60% of a 2,000-site synth).
 */
interface SecretIndex {
  /** Secret versions by the address of the secret their `secret_id` refers to. */
  readonly versions: Map<string, ResourceView[]>;
  /** random_password addresses kept by a time_rotating epoch. */
  readonly epochPasswords: Set<string>;
}
const secretIndexes = new WeakMap<readonly ResourceView[], SecretIndex>();
function secretIndex(others: readonly ResourceView[]): SecretIndex {
  let index = secretIndexes.get(others);
  if (index) return index;
  index = { versions: new Map(), epochPasswords: new Set() };
  for (const o of others) {
    if (o.type === 'aws_secretsmanager_secret_version') {
      // `${<type>.<name>.<attribute>}`: resource addresses have exactly one dot.
      const id = String(o.config.secret_id ?? '');
      const [type, name] = id.startsWith('${') ? id.slice(2).split('.', 3) : [];
      if (type !== undefined && name !== undefined && id.startsWith(`\${${type}.${name}.`)) {
        const key = `${type}.${name}`;
        index.versions.set(key, [...(index.versions.get(key) ?? []), o]);
      }
    } else if (o.type === 'random_password' && JSON.stringify(o.config.keepers ?? {}).includes('${time_rotating.')) {
      index.epochPasswords.add(o.address);
    }
  }
  secretIndexes.set(others, index);
  return index;
}
/** The configuration of the secret versions that write a secret. */
const versionsOf = (r: ResourceView) => (r.others ? (secretIndex(r.others).versions.get(r.address) ?? []) : []);
/** A secret whose value is a random_password kept by a time_rotating epoch (credential-rotation.ts). */
const rotatedByEpoch = (r: ResourceView) => {
  const epochPasswords = r.others ? secretIndex(r.others).epochPasswords : new Set<string>();
  return versionsOf(r).some((v) =>
    [...String(v.config.secret_string ?? '').matchAll(/\$\{(random_password\.[^.}]+)\.result\}/g)].some((m) => epochPasswords.has(m[1]!)),
  );
};
/** A self-managed cluster's SCRAM user secret: Secrets Manager generates it once (aws/kafka-principals.ts). */
const kraftScramUser = (r: ResourceView) =>
  versionsOf(r).some((v) => String(v.config.secret_string ?? '').includes('data.aws_secretsmanager_random_password.'));
/** The stored copy of a hybrid link's pre-shared keys (aws/vpn.ts). */
const preSharedKeys = (r: ResourceView) => String(r.config.description ?? '').startsWith('IPsec pre-shared keys');
const SECRETS_ARE_ROTATED = {
  scanner: 'checkov',
  id: 'CKV2_AWS_57',
  source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/SecretsAreRotated.yaml',
  appliesTo: 'aws_secretsmanager_secret',
} as const;
const SECRET_ROTATION_WAIVERS: readonly ScannerWaiver[] = [
  {
    ...SECRETS_ARE_ROTATED,
    when: rotatedByEpoch,
    reason:
      'rotated by Terraform every 90 days: the value is a random_password kept by a time_rotating epoch, replaced on the first apply after it lapses; MSK syncs the new value of an associated SCRAM secret, and a Secrets Manager rotation function would change the value behind Terraform, which would write the old one back',
  },
  {
    ...SECRETS_ARE_ROTATED,
    when: kraftScramUser,
    reason:
      "SCRAM user of a self-managed KRaft cluster: Kafka keeps the credential in the cluster's metadata log, written from this secret by the brokers' kafka-principals service when a broker boots, and MirrorMaker 2 reads the secret when its connector starts; a value changed by a rotation function would reach neither, so rotation is the README's runbook (new value, kafka-principals on one broker, restart the readers)",
  },
  {
    ...SECRETS_ARE_ROTATED,
    when: preSharedKeys,
    reason:
      "copy of a hybrid link's IPsec pre-shared keys for the far end's operators: both ends of each tunnel must change together, so a key changes by replacing its random_password at the leader and applying both ends (README's rotation runbook, one tunnel at a time); a rotation function changing the copy alone would leave the tunnels on the old keys and the copy wrong",
  },
];

/** A trail of one bucket's object events only (object-audit-trail.ts): no management events. */
const isObjectTrail = (r: ResourceView) => {
  const selectors = Array.isArray(r.config.event_selector) ? r.config.event_selector : [r.config.event_selector];
  return (
    selectors.length > 0 &&
    selectors.every((s) => s !== null && typeof s === 'object' && (s as Record<string, unknown>).include_management_events === false)
  );
};
const OBJECT_TRAIL_WAIVERS: readonly ScannerWaiver[] = (
  [
    [
      'checkov',
      'CKV_AWS_67',
      'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/CloudtrailMultiRegion.py',
      "object-level trail of one bucket: S3 records a bucket's data events in the bucket's own region, so a trail there misses none; the account's management events belong to its own multi-region trail, and a multi-region trail per bucket would count against the trail quota of every region",
    ],
    [
      'trivy',
      'AVD-AWS-0014',
      'aquasecurity/trivy-checks/checks/cloud/aws/cloudtrail/enable_all_regions.rego',
      "object-level trail of one bucket: S3 records a bucket's data events in the bucket's own region, so a trail there misses none; the account's management events belong to its own multi-region trail, and a multi-region trail per bucket would count against the trail quota of every region",
    ],
    [
      'checkov',
      'CKV2_AWS_10',
      'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/CloudtrailHasCloudwatch.yaml',
      "object-level trail of one bucket: its record is the integrity-validated, customer-key-encrypted files in the log bucket, read when a reviewer asks who fetched an object; CIS 3.4 streams the account's management trail to CloudWatch for alarms, which object reads of one bucket do not feed",
    ],
    [
      'trivy',
      'AVD-AWS-0162',
      'aquasecurity/trivy-checks/checks/cloud/aws/cloudtrail/ensure_cloudwatch_integration.rego',
      "object-level trail of one bucket: its record is the integrity-validated, customer-key-encrypted files in the log bucket, read when a reviewer asks who fetched an object; CIS 3.4 streams the account's management trail to CloudWatch for alarms, which object reads of one bucket do not feed",
    ],
    [
      'checkov',
      'CKV_AWS_252',
      'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/CloudtrailDefinesSNSTopic.py',
      'object-level trail of one bucket: a notification per delivered log file would tell nobody anything; the files are read on audit, not watched',
    ],
  ] as const
).map(([scanner, id, source, reason]) => ({ scanner, id, source, appliesTo: 'aws_cloudtrail', when: isObjectTrail, reason }));

export const SCANNER_WAIVERS: readonly ScannerWaiver[] = [
  {
    scanner: 'checkov',
    id: 'CKV2_AWS_23',
    source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/Route53ARecordAttachedResource.yaml',
    appliesTo: 'aws_route53_record',
    // The check passes only an alias or a connection to a resource it knows; a literal address has neither.
    when: (r) => r.config.type === 'A' && r.config.alias === undefined,
    reason:
      "KRaft node records in the cluster's private zone name fixed private addresses from the node plan; the node instance is created with the same literal private_ip, which Checkov cannot connect to the record",
  },
  ...(
    [
      ['checkov', 'CKV_AWS_18', 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/S3BucketLogging.yaml'],
      ['checkov', 'CKV_AWS_145', 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/aws/S3KMSEncryptedByDefault.yaml'],
      ['trivy', 'AVD-AWS-0089', 'aquasecurity/trivy-checks/checks/cloud/aws/s3/enable_logging.rego'],
      ['trivy', 'AVD-AWS-0132', 'aquasecurity/trivy-checks/checks/cloud/aws/s3/encryption_customer_key.rego'],
    ] as const
  ).map(([scanner, id, source]) => ({ scanner, id, source, appliesTo: 'aws_s3_bucket', when: isLogBucket, reason: LOG_BUCKET_REASON })),
  {
    scanner: 'checkov',
    id: 'CKV_GCP_62',
    source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/gcp/CloudStorageLogging.py',
    appliesTo: 'google_storage_bucket',
    when: isLogBucket,
    reason: 'usage log bucket: a log bucket logging its own deliveries would loop (Trivy exempts log targets, Checkov does not)',
  },
  {
    scanner: 'trivy',
    id: 'AVD-AWS-0163',
    source: 'aquasecurity/trivy-checks/checks/cloud/aws/cloudtrail/require_bucket_access_logging.rego',
    appliesTo: 'aws_s3_bucket',
    when: isLogBucket,
    reason:
      "server access log bucket that also receives its source bucket's object trail: a log bucket logging its own deliveries would loop",
  },
  ...OBJECT_TRAIL_WAIVERS,
  ...SECRET_ROTATION_WAIVERS,
];

/** One scanner finding on one resource, explained. */
export interface ScannerSkip {
  readonly scanner: ScannerCheck['scanner'];
  readonly id: string;
  readonly address: string;
  readonly reason: string;
  /** `waiver` (SCANNER_WAIVERS) or the KAF rule whose suppression carries over. */
  readonly from: string;
}

/**
 * The scanner findings a stack's resources will get that the product explains: its
 * waivers, and every suppressed KAF finding carried over to the scanner checks the rule
 * mirrors (a reason given once holds for the scanner as well).
 */
export function scannerSkips(views: readonly ResourceView[], findings: readonly Finding[]): ScannerSkip[] {
  const out: ScannerSkip[] = [];
  for (const v of views.filter((x) => x.kind === 'resource'))
    for (const w of SCANNER_WAIVERS)
      if (v.type === w.appliesTo && (w.when?.(v) ?? true))
        out.push({ scanner: w.scanner, id: w.id, address: v.address, reason: w.reason, from: 'waiver' });
  for (const f of findings.filter((x) => x.suppressedBy))
    for (const s of (ruleById(f.rule)?.scanners ?? []).filter((x) => x.relation === 'mirrors'))
      out.push({ scanner: s.scanner, id: s.id, address: f.address, reason: f.suppressedBy!.reason, from: f.rule });
  return out;
}

/** Where a stack's configuration lands in the output folder, as the scanners name it. */
export const stackFile = (stack: string) => `stacks/${stack}/cdk.tf.json`;

/**
 * Checkov's baseline (`checkov -d cdktf.out --baseline cdktf.out/.checkov.baseline`): a
 * finding listed here by resource and check id is not reported. Format as Checkov's own
 * `--create-baseline` writes it (checkov/common/output/baseline.py).
 */
export function checkovBaseline(stacks: ReadonlyArray<{ stack: string; scannerSkips: readonly ScannerSkip[] }>): string {
  const failed = stacks
    .map(({ stack, scannerSkips: skips }) => {
      const byResource = new Map<string, Set<string>>();
      for (const s of skips.filter((x) => x.scanner === 'checkov'))
        byResource.set(s.address, (byResource.get(s.address) ?? new Set()).add(s.id));
      return {
        file: `/${stackFile(stack)}`,
        findings: [...byResource]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([resource, ids]) => ({ resource, check_ids: [...ids].sort() })),
      };
    })
    .filter((f) => f.findings.length > 0)
    .sort((a, b) => a.file.localeCompare(b.file));
  return JSON.stringify({ failed_checks: failed }, null, 2) + '\n';
}

/**
 * Trivy's ignore file (`trivy config --ignorefile cdktf.out/.trivyignore.yaml cdktf.out`).
 * Trivy ignores by check id and file, not by resource, so an entry covers its check in the
 * stacks listed; the statement carries the reasons.
 */
export function trivyIgnore(stacks: ReadonlyArray<{ stack: string; scannerSkips: readonly ScannerSkip[] }>): string {
  const byId = new Map<string, { paths: Set<string>; reasons: Set<string> }>();
  for (const { stack, scannerSkips: skips } of stacks)
    for (const s of skips.filter((x) => x.scanner === 'trivy')) {
      const e = byId.get(s.id) ?? { paths: new Set<string>(), reasons: new Set<string>() };
      e.paths.add(stackFile(stack));
      e.reasons.add(s.reason);
      byId.set(s.id, e);
    }
  if (byId.size === 0) return 'misconfigurations: []\n';
  const q = (s: string) => JSON.stringify(s);
  return [
    'misconfigurations:',
    ...[...byId]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([id, e]) => [
        `  - id: ${id}`,
        '    paths:',
        ...[...e.paths].sort().map((p) => `      - ${q(p)}`),
        `    statement: ${q([...e.reasons].sort().join('; '))}`,
      ]),
    '',
  ].join('\n');
}
