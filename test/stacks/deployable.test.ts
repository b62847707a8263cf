import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { SELF_MANAGED_NAMESPACE, selfManagedAlarms } from '../../constructs/kinds/self-managed/alarms';
import { MirrorSourceAuth } from '../../constructs/aws/mirror-maker-connect';
import { normalizeSha512 } from '../../constructs/model/digest';
import { envOf, estateStacks, problemsOf, synthJson } from '../helpers';

/** The eight deploy breakers found by reading the reference estates against the vendors' documentation. */
const read = (name: string) => readFileSync(join(__dirname, '../../environments', `${name}.yaml`), 'utf8');
const banking = envOf(read('banking'));
const bankingStacks = estateStacks(banking);
const synth = (stacks: ReturnType<typeof estateStacks>, id: string) => synthJson(stacks.get(id)!).json;

/** Splits a unit-file value into words as systemd does (systemd.syntax: double and single quotes, backslash escapes). */
function systemdWords(value: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      word = (word ?? '') + value[++i];
    } else if (quote) {
      if (ch === quote) quote = undefined;
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word = word ?? '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The files cloud-init writes, by path, from a node's user data. */
function cloudInitFiles(userData: string): Map<string, string> {
  const doc = parse(userData.replace(/\$\$\{/g, '${')) as { write_files: Array<{ path: string; content: string }> };
  return new Map(doc.write_files.map((f) => [f.path, f.content]));
}

describe('banking: self-managed brokers that start, are watched, and MirrorMaker that may read its secret', () => {
  const fra = synth(bankingStacks, 'banking-fra');
  const par = synth(bankingStacks, 'banking-par');
  const sto = synth(bankingStacks, 'banking-sto');
  const nodes = (json: any) => Object.values(json.resource.aws_instance) as Array<{ user_data: string; tags: Record<string, string> }>;
  const broker = nodes(fra).find((n) => n.tags['kafka-role'] === 'broker')!;
  const controller = nodes(fra).find((n) => n.tags['kafka-role'] === 'controller')!;
  const files = cloudInitFiles(broker.user_data);

  it('1. gives the MirrorMaker role its source secret as an ARN, never a name (IAM rejects the policy otherwise)', () => {
    const doc = Object.values(sto.data.aws_iam_policy_document).find((d: any) =>
      d.statement.some((s: any) => s.sid === 'SourceSecret'),
    ) as { statement: Array<{ sid: string; resources: string[] }> };
    const resources = doc.statement.find((s) => s.sid === 'SourceSecret')!.resources;
    // The SCRAM credentials and the cluster CA the workers validate the brokers with, both by ARN.
    expect(resources).toHaveLength(2);
    expect(resources[0]).toMatch(
      /^arn:\$\{data\.aws_partition\.[^}]+\}:secretsmanager:eu-north-1:\$\{data\.aws_caller_identity\.[^}]+\}:secret:banking\/core\/scram\/mirror-maker-vault-\?{6}$/,
    );
    expect(resources[1]).toMatch(/:secretsmanager:eu-north-1:\$\{[^}]+\}:secret:banking\/core\/tls\/ca-\?{6}$/);
    expect(() =>
      MirrorSourceAuth.scram(resources[0], 'x', { secretArn: 'banking/core/tls/ca', secretId: 'x', key: 'certificate' }),
    ).toThrow(/is not a Secrets Manager secret ARN/);
    expect(() => MirrorSourceAuth.scram('banking/core/scram/mirror-maker-vault')).toThrow(/is not a Secrets Manager secret ARN/);
  });

  it('1. lets the MirrorMaker workers reach Secrets Manager in their VPC (no NAT there)', () => {
    expect(Object.values(sto.resource.aws_vpc_endpoint)).toContainEqual(
      expect.objectContaining({
        service_name: 'com.amazonaws.eu-north-1.secretsmanager',
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
      }),
    );
  });

  it('MirrorMaker validates the self-managed brokers against the cluster CA (PEM from Secrets Manager), not the JVM default roots', () => {
    // The MirrorMaker connectors; the ledger archive beside them reads the vault only.
    const mirrors = (
      Object.values(sto.resource.aws_mskconnect_connector) as Array<{ name: string; connector_configuration: Record<string, string> }>
    ).filter((c) => c.name.includes('-mm2-'));
    expect(mirrors).toHaveLength(3);
    for (const c of mirrors) {
      expect(c.connector_configuration).toMatchObject({
        'source.cluster.ssl.truststore.type': 'PEM',
        'source.cluster.ssl.truststore.certificates': '$${secretsmanager:banking/core/tls/ca:certificate}',
      });
    }
  });

  it('3. configures JAAS for the SCRAM listener, or the broker does not start', () => {
    expect(files.get('/etc/kafka/server.properties')).toContain(
      'listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    );
  });

  it('3. creates a SCRAM user and ACLs for Terraform and for MirrorMaker, from secrets replicated where they are read', () => {
    const script = files.get('/usr/local/sbin/kafka-principals')!;
    expect(script).toContain(`--entity-type users --entity-name 'terraform' --add-config "SCRAM-SHA-512=[password=$pw]"`);
    expect(script).toContain(`--entity-type users --entity-name 'mirror-maker-vault'`);
    expect(script).toContain(
      "kafka-acls.sh --bootstrap-server fra-b0.core.banking.kafka.internal:9094 --command-config /etc/kafka/admin.properties --add --allow-principal 'User:mirror-maker-vault' --operation Read --operation Describe --operation DescribeConfigs --topic 'payments'",
    );
    expect(files.get('/etc/systemd/system/kafka-principals.service')).toContain('After=kafka.service');
    const secrets = Object.values(fra.resource.aws_secretsmanager_secret) as Array<{ name: string; replica: Array<{ region: string }> }>;
    expect(secrets.map((s) => s.name).sort()).toEqual(['banking/core/scram/mirror-maker-vault', 'banking/core/scram/terraform']);
    for (const s of secrets) expect(s.replica.map((r) => r.region)).toEqual(['eu-north-1', 'eu-south-1', 'eu-west-3']);
    // Only the first site creates them; the others read their replicas.
    expect(par.resource.aws_secretsmanager_secret).toBeUndefined();
  });

  it("4. fetches Kafka from a bucket in the node's own region and checks the SHA-512 Apache publishes", () => {
    const boot = cloudInitFiles(nodes(par)[0].user_data).get('/usr/local/sbin/kafka-boot')!;
    expect(boot).toContain(
      "aws s3 cp --region eu-west-3 's3://banking-artifacts-111122223333-eu-west-3/kafka/kafka_2.13-4.1.1.tgz' /tmp/kafka.tgz",
    );
    expect(boot).toMatch(/echo '[0-9a-f]{128} {2}\/tmp\/kafka\.tgz' \| sha512sum -c -/);
    const data = parse(read('banking'));
    delete data.clusters[0].kafkaArtifact.locations['eu-south-1'];
    expect(problemsOf(data)).toContainEqual(
      expect.objectContaining({
        path: 'clusters[0].kafkaArtifact.locations',
        message: expect.stringContaining('no copy of the Kafka distribution in eu-south-1'),
      }),
    );
    data.clusters[0].kafkaArtifact.sha512 = 'a'.repeat(64);
    expect(problemsOf(data)).toContainEqual(expect.objectContaining({ path: 'clusters[0].kafkaArtifact.sha512' }));
  });

  it('5. sets the whole heap: systemd keeps -Xms and -Xmx in one KAFKA_HEAP_OPTS', () => {
    const unit = files.get('/etc/systemd/system/kafka.service')!;
    const env = unit
      .split('\n')
      .filter((l) => l.startsWith('Environment='))
      .flatMap((l) => systemdWords(l.slice('Environment='.length)));
    expect(env).toContain('KAFKA_HEAP_OPTS=-Xms6g -Xmx6g');
  });

  it("6. publishes every metric the site's alarms read, with their dimensions, through a monitoring endpoint", () => {
    const scripts = [broker, controller].map((n) => cloudInitFiles(n.user_data).get('/usr/local/sbin/kafka-metrics')!).join('\n');
    const core = banking.clusters.find((c) => c.id === 'core')!;
    for (const a of selfManagedAlarms(banking, core).filter((x) => x.site === 'fra')) {
      if (a.metric.kind !== 'cloudwatch') continue;
      for (const m of a.metric.metrics) {
        const dims = Object.entries(m.dimensions ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        expect(scripts).toContain(`--namespace '${SELF_MANAGED_NAMESPACE}' --dimensions '${dims}' --metric-name ${m.name} `);
      }
    }
    expect(Object.values(fra.resource.aws_vpc_endpoint)).toContainEqual(
      expect.objectContaining({ service_name: 'com.amazonaws.eu-central-1.monitoring' }),
    );
    const grants = (Object.values(fra.data.aws_iam_policy_document) as any[]).flatMap((d) => d.statement);
    expect(grants).toContainEqual(
      expect.objectContaining({
        actions: ['cloudwatch:PutMetricData'],
        condition: [expect.objectContaining({ variable: 'cloudwatch:namespace', values: [SELF_MANAGED_NAMESPACE] })],
      }),
    );
    expect(files.get('/etc/systemd/system/kafka-metrics.timer')).toContain('OnUnitActiveSec=60s');
  });
});

describe('pubsec: the cross-region MSK Replicator can reach its source', () => {
  const pubsec = envOf(read('public-sector'));
  const stacks = estateStacks(pubsec);
  const hub = synth(stacks, 'pubsec-hub-aws');
  const dr = synth(stacks, 'pubsec-hub-aws-dr');

  it('2. turns on multi-VPC connectivity for IAM and the replicator cluster policy on the source', () => {
    expect(hub.resource.aws_msk_cluster['hub_Resource_A1B0F1A8'] ?? Object.values(hub.resource.aws_msk_cluster)[0]).toMatchObject({
      broker_node_group_info: { connectivity_info: { vpc_connectivity: { client_authentication: { sasl: { iam: true } } } } },
    });
    const policy = JSON.parse((Object.values(hub.resource.aws_msk_cluster_policy)[0] as { policy: string }).policy);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: ['kafka.amazonaws.com'] },
      Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
    });
    expect(dr.resource.aws_msk_cluster_policy).toBeUndefined();
  });

  it('2. finds the source subnets by the names the network gives them (private-0, -1, -2)', () => {
    const subnets = Object.values(dr.data.aws_subnets) as Array<{ filter: Array<{ name: string; values: string[] }> }>;
    const names = (Object.values(hub.resource.aws_subnet) as Array<{ tags: { Name: string } }>).map((s) => s.tags.Name);
    expect(names).toEqual(['pubsec-hub-aws-private-0', 'pubsec-hub-aws-private-1', 'pubsec-hub-aws-private-2']);
    expect(subnets[0].filter).toEqual([{ name: 'tag:Name', values: names }]);
  });

  it('7. lets the Terraform runner reach the Key Vault that holds the Event Hubs key over its private endpoint only', () => {
    const azure = synth(stacks, 'pubsec-hub-azure');
    const vaults = Object.entries(azure.resource.azurerm_key_vault) as Array<[string, any]>;
    for (const [id, v] of vaults) {
      expect(v).toEqual(
        expect.objectContaining({
          public_network_access_enabled: false,
          network_acls: expect.objectContaining({ default_action: 'Deny' }),
        }),
      );
      expect(JSON.stringify(azure.resource.azurerm_private_endpoint)).toContain(`azurerm_key_vault.${id}.id`);
    }
    expect(Object.values(azure.resource.azurerm_private_dns_zone)).toContainEqual(
      expect.objectContaining({ name: 'privatelink.vaultcore.azure.net' }),
    );
    // deployerCidrs are no longer needed: the runner is inside the network.
    const data = parse(read('public-sector'));
    delete data.accounts.azure.deployerCidrs;
    expect(problemsOf(stringify(data)).filter((p) => p.path === 'accounts.azure.deployerCidrs')).toEqual([]);
  });
});

describe('Apache digests as published', () => {
  it('reads sha512sum output and gpg --print-md output alike, and nothing shorter', () => {
    const hex = 'ab'.repeat(64);
    const gpg = `kafka_2.13-4.1.1.tgz: ${hex.toUpperCase().match(/.{8}/g)!.join(' ')}`;
    expect(normalizeSha512(`${hex}  kafka_2.13-4.1.1.tgz`)).toBe(hex);
    expect(normalizeSha512(gpg)).toBe(hex);
    expect(normalizeSha512('ab'.repeat(32))).toBeUndefined();
  });
});

describe('banking with MirrorMaker copies into two MSK clusters of one site: one Secrets Manager endpoint for the VPC', () => {
  // A VPC takes one private-DNS interface endpoint per service (CreateVpcEndpoint, PrivateDnsEnabled):
  // a second one for secretsmanager fails at apply, so every copy and the connectors share the first.
  const data = parse(read('banking'));
  data.clusters.push({ ...data.clusters.find((c: any) => c.id === 'vault'), id: 'vault-ledger' });
  data.replication.push({ ...data.replication[0], id: 'core-to-vault-ledger', to: 'vault-ledger', topics: ['ledger'] });
  data.replication[0].topics = ['payments'];
  data.connectors[0].cluster = 'vault-ledger';
  const sto = synth(estateStacks(envOf(data)), 'banking-sto');
  const endpoints = Object.values(sto.resource.aws_vpc_endpoint as Record<string, any>).filter((e) =>
    e.service_name.endsWith('.secretsmanager'),
  );
  const ingress = Object.entries(sto.resource.aws_vpc_security_group_ingress_rule as Record<string, any>);
  const workerGroups = Object.entries(sto.resource.aws_security_group as Record<string, any>).filter(([, g]) => g.name.endsWith('-mm2'));

  it('builds the endpoint once, with private DNS', () => {
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ private_dns_enabled: true, vpc_endpoint_type: 'Interface' });
  });

  it("admits both copies' workers and the connector workers to that endpoint's group", () => {
    expect(workerGroups).toHaveLength(2);
    const endpointGroup = endpoints[0].security_group_ids[0];
    const admitted = ingress
      .filter(([, r]) => r.security_group_id === endpointGroup && r.from_port === 443)
      .map(([, r]) => r.referenced_security_group_id);
    for (const [key] of workerGroups) expect(admitted).toContain(`\${aws_security_group.${key}.id}`);
    expect(admitted.filter((g) => g.includes('aws_security_group.Network_'))).toHaveLength(1);
  });
});
