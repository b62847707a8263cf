import { readFileSync } from 'fs';
import { join } from 'path';
import { policyReport, type ScannerSkip } from '../../constructs/policy';
import { envOf, estateStacks, synthJson } from '../helpers';

/**
 * The defaults a bank's scanners (Checkov, Trivy) look for, asserted on the synthesized
 * reference estates: each test here failed on the output before the default was added.
 * Synthesized once for the file; each assertion reads the JSON.
 */
const ESTATES = ['banking', 'public-sector', 'dev', 'retail', 'automotive'] as const;
type Json = { resource?: Record<string, Record<string, Record<string, any>>> };
const synthesized: Array<{ estate: string; stack: string; json: Json; skips: ScannerSkip[] }> = [];

beforeAll(() => {
  for (const estate of ESTATES) {
    const env = envOf(readFileSync(join(__dirname, '../../environments', `${estate}.yaml`), 'utf8'));
    for (const [stack, s] of estateStacks(env))
      synthesized.push({ estate, stack, json: synthJson(s).json, skips: policyReport(s)[0].scannerSkips });
  }
});

/** Every resource of a type across the estates, with its stack and address. */
function all(type: string): Array<{ estate: string; stack: string; address: string; config: Record<string, any>; json: Json }> {
  return synthesized.flatMap(({ estate, stack, json }) =>
    Object.entries(json.resource?.[type] ?? {}).map(([id, config]) => ({
      estate,
      stack,
      address: `${type}.${id}`,
      config,
      json,
    })),
  );
}
const refersTo = (config: unknown, address: string) => JSON.stringify(config).includes(`\${${address}.`);

describe('security review defaults on the reference estates', () => {
  it('every VPC has flow logs of all traffic into a KMS-encrypted log group (KAF-036, KAF-038)', () => {
    const vpcs = all('aws_vpc');
    expect(vpcs.length).toBeGreaterThanOrEqual(7);
    for (const vpc of vpcs) {
      const logs = Object.values(vpc.json.resource?.aws_flow_log ?? {}).filter((l) => refersTo(l.vpc_id, vpc.address));
      expect([vpc.stack, logs.length]).toEqual([vpc.stack, 1]);
      expect(logs[0]).toEqual(expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' }));
      const group = Object.entries(vpc.json.resource!.aws_cloudwatch_log_group!).find(([id]) =>
        refersTo(logs[0].log_destination, `aws_cloudwatch_log_group.${id}`),
      );
      expect(group?.[1].kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    }
  });

  it("every VPC's default security group is managed with no rules (KAF-037)", () => {
    for (const vpc of all('aws_vpc')) {
      const groups = Object.values(vpc.json.resource?.aws_default_security_group ?? {}).filter((g) => refersTo(g.vpc_id, vpc.address));
      expect([vpc.stack, groups.length]).toEqual([vpc.stack, 1]);
      expect(groups[0].ingress).toBeUndefined();
      expect(groups[0].egress).toBeUndefined();
    }
  });

  it('every log group has a customer-managed key, connector and VPN logs included (KAF-038)', () => {
    const groups = all('aws_cloudwatch_log_group');
    expect(groups.map((g) => g.config.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/msk-connect\//), expect.stringMatching(/\/vpn\//)]),
    );
    for (const g of groups) expect([g.address, typeof g.config.kms_key_id]).toEqual([g.address, 'string']);
  });

  it('log groups keep a year in every stage (KAF-039)', () => {
    for (const g of all('aws_cloudwatch_log_group')) expect([g.address, g.config.retention_in_days >= 365]).toEqual([g.address, true]);
  });

  it('broker and controller instances state on themselves what their launch template sets (CKV_AWS_79, CKV_AWS_126, CKV_AWS_135, CKV2_AWS_41)', () => {
    const nodes = all('aws_instance');
    expect(nodes.length).toBeGreaterThanOrEqual(12);
    for (const n of nodes)
      expect(n.config).toEqual(
        expect.objectContaining({
          metadata_options: expect.objectContaining({ http_tokens: 'required' }),
          monitoring: true,
          ebs_optimized: true,
          iam_instance_profile: expect.stringMatching(/^\$\{aws_iam_instance_profile\./),
        }),
      );
  });

  it('every literal-address A record is explained to Checkov (CKV2_AWS_23) and nothing else is waived without a reason', () => {
    const records = all('aws_route53_record').filter((r) => r.config.type === 'A' && !r.config.alias);
    expect(records.length).toBeGreaterThanOrEqual(48);
    const skips = synthesized.flatMap((s) => s.skips.map((k) => ({ ...k, stack: s.stack })));
    for (const r of records) expect(skips.some((k) => k.stack === r.stack && k.address === r.address && k.id === 'CKV2_AWS_23')).toBe(true);
    for (const k of skips) expect(k.reason.length).toBeGreaterThanOrEqual(20);
  });

  it('every Key Vault takes no public traffic and has a private endpoint in its site network (KAF-040)', () => {
    const vaults = all('azurerm_key_vault');
    expect(vaults.length).toBeGreaterThanOrEqual(4);
    for (const v of vaults) {
      // An edge fleet's vault on Azure has no network of its own for an endpoint: it denies by default and admits
      // only the deployer addresses, a KAF-040 waiver with that reason (azure/edge-hub.ts).
      if (/^Hub_Vault_/.test(v.address.split('.')[1])) {
        expect(v.config.network_acls).toEqual({ bypass: 'AzureServices', default_action: 'Deny', ip_rules: ['203.0.113.16/28'] });
        continue;
      }
      expect(v.config).toEqual(
        expect.objectContaining({
          public_network_access_enabled: false,
          network_acls: expect.objectContaining({ default_action: 'Deny' }),
        }),
      );
      const endpoints = Object.values(v.json.resource?.azurerm_private_endpoint ?? {}).filter((e) => refersTo(e, v.address));
      expect([v.address, endpoints.map((e) => e.private_service_connection.subresource_names)]).toEqual([v.address, [['vault']]]);
    }
  });

  it('every Key Vault key and secret expires, set once and left to rotation afterwards (KAF-041)', () => {
    const items = [...all('azurerm_key_vault_key'), ...all('azurerm_key_vault_secret')];
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const i of items) {
      // Edge site credentials are rotated by the fleet's epoch: each version expires 30 days after the rotation due.
      if (/time_rotating\./.test(String(i.config.expiration_date))) {
        expect(i.config.expiration_date).toMatch(/^\$\{timeadd\(time_rotating\.[^.]+\.rotation_rfc3339, "720h"\)\}$/);
        continue;
      }
      expect([i.address, i.config.expiration_date]).toEqual([i.address, '${timeadd(timestamp(), "8760h")}']);
      expect(i.config.lifecycle.ignore_changes).toContain('expiration_date');
    }
  });

  it('edge-bundle and state buckets log who read them into a log bucket and use a customer key; log buckets are explained to the scanners (KAF-042)', () => {
    const s3 = all('aws_s3_bucket');
    const gcs = all('google_storage_bucket');
    const logBucket = (b: { config: Record<string, any> }) =>
      'log-bucket' in (b.config.tags ?? b.config.labels ?? {}) || 'log_bucket' in (b.config.labels ?? {});
    const kind = (b: { config: Record<string, any> }) =>
      /-(edge-bundles|tfstate-.*)$/.exec(b.config.bucket ?? b.config.name)?.[1].split('-')[0];
    // Edge bundles: one S3 hub, three GCS hubs; state: a bucket per AWS region (banking 4, pubsec 2) and per GCP region (pubsec 1, retail 2).
    expect(
      [s3, gcs].map((bs) =>
        bs
          .filter((b) => !logBucket(b))
          .map(kind)
          .sort(),
      ),
    ).toEqual([
      ['edge', 'tfstate', 'tfstate', 'tfstate', 'tfstate', 'tfstate', 'tfstate'],
      ['edge', 'edge', 'edge', 'tfstate', 'tfstate', 'tfstate'],
    ]);
    for (const b of s3.filter((x) => !logBucket(x))) {
      expect(Object.values(b.json.resource?.aws_s3_bucket_logging ?? {}).filter((l) => refersTo(l.bucket, b.address))).toHaveLength(1);
      const sse = Object.values(b.json.resource?.aws_s3_bucket_server_side_encryption_configuration ?? {}).filter((e) =>
        refersTo(e.bucket, b.address),
      );
      expect([b.address, sse[0]?.rule[0].apply_server_side_encryption_by_default]).toEqual([
        b.address,
        { sse_algorithm: 'aws:kms', kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) },
      ]);
    }
    for (const b of gcs.filter((x) => !logBucket(x)))
      expect(b.config).toEqual(
        expect.objectContaining({
          logging: expect.objectContaining({ log_bucket: expect.stringContaining('google_storage_bucket.') }),
          encryption: { default_kms_key_name: expect.stringContaining('google_kms_crypto_key.') },
        }),
      );
    const skips = synthesized.flatMap((x) => x.skips.map((k) => ({ ...k, stack: x.stack })));
    for (const b of [...s3, ...gcs].filter(logBucket)) expect(skips.some((k) => k.stack === b.stack && k.address === b.address)).toBe(true);
  });
  it('every bucket but a log bucket records object reads and writes by principal: an S3 data-event trail, Cloud Storage Data Access logs (KAF-043)', () => {
    const logBucket = (b: { config: Record<string, any> }) =>
      'log-bucket' in (b.config.tags ?? {}) || 'log-bucket' in (b.config.labels ?? {});
    const s3 = all('aws_s3_bucket').filter((b) => !logBucket(b));
    expect(s3.length).toBe(7);
    for (const b of s3) {
      const trails = Object.values(b.json.resource?.aws_cloudtrail ?? {}).filter((t) =>
        t.event_selector.some((e: any) => e.data_resource.some((d: any) => d.values.includes(`\${${b.address}.arn}/`))),
      );
      expect([b.address, trails.length]).toEqual([b.address, 1]);
      expect(trails[0]).toEqual(
        expect.objectContaining({
          enable_log_file_validation: true,
          kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/),
          event_selector: [expect.objectContaining({ read_write_type: 'All', include_management_events: false })],
        }),
      );
      // Delivered into the bucket's access-log bucket, whose policy admits this trail only.
      const logs = Object.entries(b.json.resource!.aws_s3_bucket!).find(([id]) =>
        refersTo(trails[0].s3_bucket_name, `aws_s3_bucket.${id}`),
      )!;
      expect(logBucket({ config: logs[1] })).toBe(true);
      const policy = Object.values(b.json.resource!.aws_s3_bucket_policy!).find((p) => refersTo(p.bucket, `aws_s3_bucket.${logs[0]}`))!;
      const write = JSON.parse(policy.policy).Statement.find((x: any) => x.Sid === 'CloudTrailWrite');
      expect(write.Condition.StringEquals['aws:SourceArn']).toMatch(new RegExp(`:trail/${trails[0].name}$`));
    }
    const gcsStacks = [
      ...new Set(
        all('google_storage_bucket')
          .filter((b) => !logBucket(b))
          .map((b) => b.stack),
      ),
    ];
    expect(gcsStacks.length).toBe(6);
    for (const stack of gcsStacks) {
      const json = synthesized.find((x) => x.stack === stack)!.json;
      expect([stack, Object.values(json.resource?.google_project_iam_audit_config ?? {})]).toEqual([
        stack,
        [
          expect.objectContaining({
            service: 'storage.googleapis.com',
            audit_log_config: [{ log_type: 'DATA_READ' }, { log_type: 'DATA_WRITE' }],
          }),
        ],
      ]);
    }
    // What the scanners ask of an account's main trail is explained on these per-bucket trails.
    const skips = synthesized.flatMap((x) => x.skips.map((k) => ({ ...k, stack: x.stack })));
    for (const t of all('aws_cloudtrail'))
      expect(
        skips
          .filter((k) => k.stack === t.stack && k.address === t.address)
          .map((k) => k.id)
          .sort(),
      ).toEqual(['AVD-AWS-0014', 'AVD-AWS-0162', 'CKV2_AWS_10', 'CKV_AWS_252', 'CKV_AWS_67']);
  });
  it('edge hub credentials rotate every 90 days; every Secrets Manager secret is rotated or explained to Checkov (CKV2_AWS_57)', () => {
    const hubPasswords = all('random_password').filter((p) => /^random_password\.Hub_.*_Credential_/.test(p.address));
    expect(hubPasswords.length).toBeGreaterThanOrEqual(4);
    for (const p of hubPasswords) {
      expect(p.config.keepers).toEqual({ rotation: expect.stringMatching(/^\$\{time_rotating\.[^.]+\.id\}$/) });
      const epoch = p.config.keepers.rotation.slice(2, -4).split('.')[1];
      expect(p.json.resource!.time_rotating![epoch].rotation_days).toBe(90);
    }
    const skips = synthesized.flatMap((x) => x.skips.map((k) => ({ ...k, stack: x.stack })));
    const secrets = all('aws_secretsmanager_secret');
    const reasons = secrets.map((s) => {
      const skip = skips.find((k) => k.stack === s.stack && k.address === s.address && k.id === 'CKV2_AWS_57');
      return skip?.reason.split(':')[0];
    });
    expect(reasons).not.toContain(undefined);
    // All three kinds occur in the reference estates: hub SCRAM users, KRaft SCRAM users, link keys.
    expect([...new Set(reasons)].sort()).toEqual([
      'SCRAM user of a self-managed KRaft cluster',
      "copy of a hybrid link's IPsec pre-shared keys for the far end's operators",
      'rotated by Terraform every 90 days',
    ]);
  });
});
