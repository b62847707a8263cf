import { readFileSync } from 'fs';
import { join } from 'path';
import { planEstate, REQUIRED_TERRAFORM, tfbackendText } from '../../constructs/analysis/plan';
import { controlPlaneLoss } from '../../tools/review/control-plane';
import { readSynthOutput } from '../../tools/review/synth-output';
import { synthReferenceEstates } from '../tools/review/reference-synth';

/**
 * State per failure domain, pinned on the reference estates: every stack keeps its state in
 * its own site's cloud and region, the keys did not move when the stores did (a one-time
 * `terraform init -migrate-state` per stack, docs/deploy.md), and a region's loss blocks only
 * the stacks that need that region.
 */
const { outdir, plans } = synthReferenceEstates();
const stacks = readSynthOutput(outdir);
const tf = (name: string): any => JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
const plan = (env: string) => plans.find((p) => p.env.name === env)!;

describe('state per failure domain on the reference estates', () => {
  it('requires Terraform >= 1.10 (S3 use_lockfile) in every stack', () => {
    expect(REQUIRED_TERRAFORM).toBe('>= 1.10.0');
    for (const s of stacks) expect([s.name, tf(s.name).terraform.required_version]).toEqual([s.name, '>= 1.10.0']);
  });

  it('pins the new backends: the same keys as before, in a store of the stack’s own region', () => {
    // Before: one store per environment (banking s3 eu-central-1, pubsec s3 eu-west-2, retail one gcs bucket,
    // automotive automotivetfstate). The keys are unchanged, so moving is a copy (terraform init -migrate-state).
    expect(tf('banking-fra').terraform.backend.s3).toEqual({
      bucket: 'banking-tfstate-eu-central-1-111122223333',
      key: 'banking/banking-fra.tfstate',
      region: 'eu-central-1',
      encrypt: true,
      // The region's state key, created by its bootstrap stack: the file names none.
      kms_key_id: 'alias/banking-tfstate',
      use_lockfile: true,
    });
    expect(tf('banking-par').terraform.backend.s3).toMatchObject({
      bucket: 'banking-tfstate-eu-west-3-111122223333',
      key: 'banking/banking-par.tfstate',
      region: 'eu-west-3',
    });
    expect(tf('banking-mil').terraform.backend.s3).toMatchObject({ region: 'eu-south-1', key: 'banking/banking-mil.tfstate' });
    expect(tf('banking-sto').terraform.backend.s3).toMatchObject({ region: 'eu-north-1', key: 'banking/banking-sto.tfstate' });
    expect(tf('pubsec-hub-aws').terraform.backend.s3).toMatchObject({
      bucket: 'public-sector-tfstate-eu-west-2',
      key: 'pubsec/pubsec-hub-aws.tfstate',
      region: 'eu-west-2',
    });
    expect(tf('pubsec-hub-aws-dr').terraform.backend.s3).toMatchObject({ bucket: 'public-sector-tfstate-eu-west-1', region: 'eu-west-1' });
    expect(tf('pubsec-hub-azure').terraform.backend.azurerm).toMatchObject({
      storage_account_name: 'pubsectfuksouth',
      resource_group_name: 'pubsec-tfstate-uksouth',
      container_name: 'tfstate',
      key: 'pubsec/pubsec-hub-azure.tfstate',
      use_azuread_auth: true,
    });
    expect(tf('pubsec-hub-azure-dr').terraform.backend.azurerm).toMatchObject({ storage_account_name: 'pubsectfnortheurope' });
    expect(tf('pubsec-hub-gcp').terraform.backend.gcs).toEqual({
      bucket: 'public-sector-tfstate-europe-west2',
      prefix: 'pubsec/pubsec-hub-gcp',
    });
    expect(tf('retail-hub-dr').terraform.backend.gcs).toEqual({ bucket: 'retail-tfstate-us-central1', prefix: 'retail/retail-hub-dr' });
    expect(tf('automotive-weu').terraform.backend.azurerm).toMatchObject({
      storage_account_name: 'automotivetfwesteurope',
      key: 'automotive/automotive-weu.tfstate',
    });
  });

  it('keeps every stack’s state in its home site’s cloud and region: no Azure or Google stack needs AWS for state', () => {
    for (const p of plans) {
      for (const s of p.stacks) {
        const home = p.env.sites.find((x) => x.id === s.stateHome);
        if (s.backend.type === 'local') {
          expect(p.env.name).toBe('dev');
          continue;
        }
        expect([s.id, s.backend.cloud, s.backend.region]).toEqual([s.id, home!.cloud, home!.region]);
      }
    }
  });

  it('creates each region’s store in a bootstrap stack: versioned, encrypted, closed to the public, protected', () => {
    const s3 = tf('banking-bootstrap-aws-eu-west-3').resource;
    expect(Object.values<any>(s3.aws_s3_bucket)[0]).toMatchObject({
      bucket: 'banking-tfstate-eu-west-3-111122223333',
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.values<any>(s3.aws_s3_bucket_versioning)[0].versioning_configuration).toEqual({ status: 'Enabled' });
    const [state, logs] = Object.entries<any>(s3.aws_s3_bucket);
    expect(logs[1]).toMatchObject({
      bucket: 'banking-tfstate-eu-west-3-111122223333-access-logs',
      tags: { 'log-bucket': 'server-access-logs' },
    });
    // Encrypted with the region's own key, under the alias every banking backend of the region names (KAF-042).
    const [keyId, key] = Object.entries<any>(s3.aws_kms_key)[0];
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(Object.values<any>(s3.aws_kms_alias)[0]).toMatchObject({
      name: 'alias/banking-tfstate',
      target_key_id: `\${aws_kms_key.${keyId}.key_id}`,
    });
    const sse = Object.values<any>(s3.aws_s3_bucket_server_side_encryption_configuration).find((e) =>
      e.bucket.includes(`aws_s3_bucket.${state[0]}.`),
    );
    expect(sse.rule[0]).toMatchObject({
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `\${aws_kms_key.${keyId}.arn}` },
    });
    // Who read or wrote which state: server access logs into the log bucket beside it (KAF-042).
    expect(Object.values<any>(s3.aws_s3_bucket_logging)).toEqual([
      expect.objectContaining({
        bucket: `\${aws_s3_bucket.${state[0]}.id}`,
        target_bucket: `\${aws_s3_bucket.${logs[0]}.id}`,
        target_prefix: 'state/',
      }),
    ]);
    expect(Object.values<any>(s3.aws_s3_bucket_public_access_block)[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(JSON.parse(s3.aws_s3_bucket_policy.TlsOnly.policy).Statement[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const az = tf('pubsec-bootstrap-azure-northeurope').resource;
    expect(Object.values<any>(az.azurerm_storage_account)[0]).toMatchObject({
      name: 'pubsectfnortheurope',
      location: 'northeurope',
      shared_access_key_enabled: false,
      min_tls_version: 'TLS1_2',
      blob_properties: expect.objectContaining({ versioning_enabled: true }),
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.values<any>(az.azurerm_management_lock)[0]).toMatchObject({ lock_level: 'CanNotDelete' });
    const gcs = tf('retail-bootstrap-gcp-us-central1').resource;
    expect(gcs.google_storage_bucket.State).toMatchObject({
      name: 'retail-tfstate-us-central1',
      location: 'us-central1',
      versioning: { enabled: true },
      public_access_prevention: 'enforced',
      uniform_bucket_level_access: true,
      // A key of the region's own that Cloud Storage's agent may use, and usage logs of who read the state (KAF-042).
      encryption: { default_kms_key_name: '${google_kms_crypto_key.StateKey.id}' },
      logging: { log_bucket: '${google_storage_bucket.StateAccessLogs.name}', log_object_prefix: 'state' },
      depends_on: ['google_kms_crypto_key_iam_member.StorageAgentUsesKey'],
      lifecycle: { prevent_destroy: true },
    });
    expect(gcs.google_storage_bucket.StateAccessLogs).toMatchObject({
      name: 'retail-tfstate-us-central1-access-logs',
      labels: expect.objectContaining({ 'log-bucket': 'usage-logs' }),
    });
    expect(gcs.google_kms_crypto_key.StateKey).toMatchObject({ rotation_period: '7776000s', lifecycle: { prevent_destroy: true } });
    // The bootstrap keeps its own state in the store it creates (after the first, local, apply).
    expect(tf('retail-bootstrap-gcp-us-central1').terraform.backend.gcs).toEqual({
      bucket: 'retail-tfstate-us-central1',
      prefix: 'retail/retail-bootstrap-gcp-us-central1',
    });
  });

  it('deploys each store before the stacks that keep their state in it', () => {
    const fra = plan('banking').stacks.find((s) => s.id === 'banking-fra')!;
    expect(fra.dependsOn.map((d) => d.stack)).toContain('banking-bootstrap-aws-eu-central-1');
    expect(stacks.find((s) => s.name === 'pubsec-hub-azure')!.dependencies).toContain('pubsec-bootstrap-azure-uksouth');
  });
});

describe('the control plane when a banking region is lost', () => {
  const banking = plan('banking');
  const rows = controlPlaneLoss(
    banking,
    stacks.filter((s) => s.name.startsWith('banking-')),
  );
  const region = (r: string) => rows.find((x) => x.lost.startsWith(`region aws/${r}`))!;

  it.each(['eu-central-1', 'eu-west-3', 'eu-south-1', 'eu-north-1'])(
    'with %s lost, every stack of the other regions can be planned and applied',
    (lost) => {
      const lostSites = banking.env.sites.filter((s) => s.region === lost).map((s) => s.id);
      const row = region(lost);
      for (const s of banking.stacks) {
        const home = banking.env.sites.find((x) => x.id === s.stateHome)!;
        // A peering touches two regions and is blocked with either; every other stack lives in one.
        // A stack with a copy of its state in another region plans from the copy (below).
        const touches =
          s.role === 'peering'
            ? banking.peerings.find((p) => p.stack === s.id)!.sites.some((x) => lostSites.includes(x))
            : home.region === lost && !s.stateCopies?.length;
        if (touches) expect(row.blocked.map((b) => b.stack)).toContain(s.id);
        else expect(row.plannable).toContain(s.id);
      }
    },
  );

  it('says why a stack cannot be planned: its state, its provider', () => {
    const fra = region('eu-central-1').blocked.find((b) => b.stack === 'banking-fra')!;
    expect(fra.why).toEqual([
      'state: s3://banking-tfstate-eu-central-1-111122223333 (eu-central-1) is lost',
      'provider: aws eu-central-1 is lost',
    ]);
  });

  it('blocks every stack with one state bucket when its region is lost (the single-store backend, broken on purpose)', () => {
    const single = planEstate({ ...banking.env, backend: { type: 's3', bucket: 'banking-state', region: 'eu-central-1' } });
    const row = controlPlaneLoss(
      single,
      stacks.filter((s) => s.name.startsWith('banking-') && !s.name.includes('bootstrap')),
    ).find((r) => r.lost.startsWith('region aws/eu-central-1'))!;
    expect(row.plannable).toEqual([]);
    expect(row.blocked.find((b) => b.stack === 'banking-par')!.why).toEqual(['state: s3://banking-state (eu-central-1) is lost']);
  });

  it('lists the reads of another domain’s state that a link end makes (pubsec)', () => {
    const pubsec = plan('pubsec');
    const gcpLost = controlPlaneLoss(
      pubsec,
      stacks.filter((s) => s.name.startsWith('pubsec-')),
    ).find((r) => r.lost.startsWith('region gcp/'))!;
    expect(gcpLost.blocked.find((b) => b.stack === 'pubsec-hub-aws-links')!.why).toEqual([
      "a lookup: reads another stack's state in gs://public-sector-tfstate-europe-west2 (europe-west2)",
    ]);
    expect(gcpLost.plannable).toEqual(expect.arrayContaining(['pubsec-hub-aws', 'pubsec-hub-azure', 'pubsec-hub-aws-dr']));
  });
});

describe('a stretched cluster’s topics plan from any surviving region (copies of their state)', () => {
  const banking = plan('banking');
  const topics = banking.stacks.find((s) => s.id === 'banking-core-topics')!;
  const home = tf('banking-core-topics').terraform.backend.s3;
  const rows = controlPlaneLoss(
    banking,
    stacks.filter((s) => s.name.startsWith('banking-')),
  );
  const bootstrap = tf('banking-bootstrap-aws-eu-central-1');
  const replication: any = Object.values(bootstrap.resource.aws_s3_bucket_replication_configuration)[0];
  // The text main.ts writes beside the stack (docs/deploy.md runs `cat` on it from a real synth).
  const failoverFile = (site: string) =>
    Object.fromEntries(
      tfbackendText(topics.stateCopies!.find((c) => c.site === site)!)
        .trim()
        .split('\n')
        .map((l) => [l.split(' = ')[0], JSON.parse(l.split(' = ')[1])]),
    );

  it('calls no cloud API: no AWS provider, only the Kafka admin API of every site', () => {
    const json = tf('banking-core-topics');
    expect(json.provider.aws).toBeUndefined();
    expect(json.terraform.required_providers.aws).toBeUndefined();
    expect(json.provider.kafka[0].bootstrap_servers.map((b: string) => b.split('-')[0])).toEqual(
      expect.arrayContaining(['fra', 'par', 'mil']),
    );
  });

  it('copies its state key into the store of each other region of the cluster, and the failover files name exactly those copies', () => {
    expect(topics.stateCopies!.map((c) => [c.site, c.to.region])).toEqual([
      ['par', 'eu-west-3'],
      ['mil', 'eu-south-1'],
    ]);
    for (const site of ['par', 'mil']) {
      const file = failoverFile(site);
      // Same key as the home backend, the copy's bucket and region.
      expect(file.key).toBe(home.key);
      const rule = replication.rule.find((r: any) => r.id === `banking-core-topics-to-${site}`);
      expect(rule).toMatchObject({ status: 'Enabled', filter: { prefix: home.key }, delete_marker_replication: { status: 'Enabled' } });
      expect(rule.destination.bucket).toMatch(new RegExp(`:s3:::${file.bucket}$`));
      expect(tf(`banking-${site}`).terraform.backend.s3).toMatchObject({ bucket: file.bucket, region: file.region });
    }
    expect(replication.bucket).toBe(home.bucket);
  });

  it('replicates within 15 minutes (S3 Replication Time Control, with its metrics) into versioned buckets', () => {
    for (const r of replication.rule)
      expect(r.destination).toMatchObject({
        replication_time: { status: 'Enabled', time: { minutes: 15 } },
        metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
      });
    expect(replication.depends_on).toEqual(['aws_s3_bucket_versioning.Versioning']);
    for (const r of ['eu-west-3', 'eu-south-1'])
      expect(tf(`banking-bootstrap-aws-${r}`).resource.aws_s3_bucket_versioning.Versioning.versioning_configuration.status).toBe('Enabled');
  });

  it('gives S3 a role scoped to the state key: read in the home bucket, write in the copies’ buckets', () => {
    const role: any = Object.values(bootstrap.resource.aws_iam_role)[0];
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(replication.role).toMatch(/^\$\{aws_iam_role\.StateReplication_Role_\w+\.arn\}$/);
    const doc: any = Object.values(bootstrap.data.aws_iam_policy_document).find((d: any) =>
      d.statement.some((x: any) => x.sid === 'WriteReplicas'),
    );
    const sid = (id: string) => doc.statement.find((x: any) => x.sid === id);
    expect(sid('ReadStateVersions').resources).toEqual([
      expect.stringMatching(/:s3:::banking-tfstate-eu-central-1-111122223333\/banking\/banking-core-topics\.tfstate\*$/),
    ]);
    expect(
      sid('WriteReplicas')
        .resources.map((r: string) => r.replace(/^.*:s3:::/, ''))
        .sort(),
    ).toEqual([
      'banking-tfstate-eu-south-1-111122223333/banking/banking-core-topics.tfstate*',
      'banking-tfstate-eu-west-3-111122223333/banking/banking-core-topics.tfstate*',
    ]);
    expect(sid('WriteReplicas').actions).toEqual(['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags']);
  });

  it('copies SSE-KMS state under each region’s own state key: decrypt in the home region, encrypt in the copy’s, only through S3', () => {
    expect(home.kms_key_id).toBe('alias/banking-tfstate');
    const doc: any = Object.values(bootstrap.data.aws_iam_policy_document).find((d: any) =>
      d.statement.some((x: any) => x.sid === 'WriteReplicas'),
    );
    const kms = doc.statement.filter((x: any) => x.actions.some((a: string) => a.startsWith('kms:')));
    const region = (x: any) => x.condition.find((c: any) => c.variable === 'kms:ViaService').values[0];
    expect(kms.map((x: any) => [x.actions[0], region(x)]).sort()).toEqual([
      ['kms:Decrypt', 's3.eu-central-1.amazonaws.com'],
      ['kms:Encrypt', 's3.eu-south-1.amazonaws.com'],
      ['kms:Encrypt', 's3.eu-west-3.amazonaws.com'],
    ]);
    for (const x of kms) {
      // IAM matches a KMS request on the key ARN: the alias is a condition, not a resource.
      expect(x.condition).toContainEqual({
        test: 'ForAnyValue:StringEquals',
        variable: 'kms:ResourceAliases',
        values: ['alias/banking-tfstate'],
      });
      expect(x.resources).toEqual([expect.stringMatching(new RegExp(`:kms:${region(x).split('.')[1]}:.*:key/\\*$`))]);
    }
    for (const r of replication.rule) {
      expect(r.source_selection_criteria).toEqual({ sse_kms_encrypted_objects: { status: 'Enabled' } });
      const site = r.id.replace('banking-core-topics-to-', '');
      expect(r.destination.encryption_configuration.replica_kms_key_id).toMatch(
        new RegExp(`:kms:${failoverFile(site).region}:.*:alias/banking-tfstate$`),
      );
      expect(failoverFile(site).kms_key_id).toBe('alias/banking-tfstate');
    }
  });

  it('creates the copies’ buckets before the rules that name them', () => {
    const deps = banking.stacks.find((s) => s.id === 'banking-bootstrap-aws-eu-central-1')!.dependsOn.map((d) => d.stack);
    expect(deps).toEqual(expect.arrayContaining(['banking-bootstrap-aws-eu-west-3', 'banking-bootstrap-aws-eu-south-1']));
  });

  it('with Frankfurt lost, plans from the copy in Paris on the Paris runner; with Paris lost, from home as usual', () => {
    const fra = rows.find((r) => r.lost.startsWith('region aws/eu-central-1'))!;
    expect(fra.plannable).toContain('banking-core-topics');
    expect(fra.switches).toEqual([
      { stack: 'banking-core-topics', site: 'par', backendFile: 'failover/par.s3.tfbackend', runner: 'banking-par' },
    ]);
    expect(fra.runbook).toContain('terraform init -reconfigure -backend-config=failover/par.s3.tfbackend');
    const par = rows.find((r) => r.lost.startsWith('region aws/eu-west-3'))!;
    expect(par.plannable).toContain('banking-core-topics');
    expect(par.switches).toEqual([]);
  });

  it('without per-region stores (broken on purpose) there is no copy, and losing Frankfurt blocks the topics: state and runner', () => {
    const single = planEstate({ ...banking.env, backend: { type: 's3', bucket: 'banking-state', region: 'eu-central-1' } });
    expect(single.stacks.find((s) => s.id === 'banking-core-topics')!.stateCopies).toBeUndefined();
    const row = controlPlaneLoss(
      single,
      stacks.filter((s) => s.name.startsWith('banking-') && !s.name.includes('bootstrap')),
    ).find((r) => r.lost.startsWith('region aws/eu-central-1'))!;
    expect(row.blocked.find((b) => b.stack === 'banking-core-topics')!.why).toEqual([
      'state: s3://banking-state (eu-central-1) is lost',
      'runner: the runner inside fra is lost',
    ]);
    expect(row.switches).toEqual([]);
  });
});

describe('where each stack runs', () => {
  const runner = (env: string, id: string) => plan(env).stacks.find((s) => s.id === id)!.runner;
  it('sends stacks that write a private data plane to a runner labelled by site, the rest to hosted runners', () => {
    expect(runner('dev', 'dev-fra')).toEqual({ kind: 'hosted' });
    expect(runner('dev', 'dev-fra-topics')).toMatchObject({
      kind: 'self-hosted',
      label: 'dev-fra',
      why: expect.stringMatching(/Kafka admin API/),
    });
    expect(runner('banking', 'banking-core-topics')).toMatchObject({ kind: 'self-hosted', label: 'banking-fra' });
    expect(runner('pubsec', 'pubsec-field-aws-acls')).toMatchObject({ kind: 'self-hosted', label: 'pubsec-hub-aws' });
    expect(runner('automotive', 'automotive-weu')).toMatchObject({
      kind: 'self-hosted',
      why: expect.stringMatching(/Key Vault data plane/),
    });
    expect(runner('retail', 'retail-store-mia')).toMatchObject({
      kind: 'self-hosted',
      label: 'retail-store-mia',
      why: expect.stringMatching(/Kubernetes API/),
    });
    expect(runner('retail', 'retail-hub')).toEqual({ kind: 'hosted' });
  });

  it('gives the Kubernetes provider the API’s CA certificate and a token from the runner, not from the stack', () => {
    const json = tf('retail-store-mia');
    expect(json.provider.kubernetes[0]).toEqual({
      host: 'https://10.101.1.10:6443',
      cluster_ca_certificate: '${var.kube_cluster_ca_certificate}',
      token: '${var.kube_token}',
    });
    expect(json.variable.kube_token).toMatchObject({ sensitive: true, type: 'string' });
  });
});
