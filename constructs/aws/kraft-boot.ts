import { DATA_MOUNT, KRAFT_PORTS, TLS_DIR, type KafkaAclGrant, type KafkaPrincipal, type KraftNode } from '../analysis/kraft';
// The metrics the self-managed kind's alarms read; this script is what publishes them.
import { DISK_METRIC, NODE_METRICS } from '../kinds/self-managed/alarms';

/*
 * How an EC2 node of a self-managed KRaft cluster boots: the cloud-init document, its
 * systemd units and the scripts that create the estate's principals and publish the
 * alarm metrics. analysis/kraft.ts decides the node (id, addresses, server.properties as
 * data); this file writes that decision as Amazon Linux shell, which is AWS's, not the plan's.
 */

/** The metric publisher of a node: Kafka's own MBeans, read with Kafka's JmxTool, put into CloudWatch. */
export interface NodeMetrics {
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** JMX port, bound to the loopback only (the security group admits no other port either). */
export const JMX_PORT = 9999;

export interface NodeBootProps {
  /**
   * s3:// path of the Apache Kafka binary distribution in a bucket of the node's own
   * region (an S3 gateway endpoint serves same-region buckets only) and its SHA-512.
   */
  readonly artifact: { readonly location: string; readonly sha512: string };
  readonly region: string;
  /** Secrets Manager name of the node's TLS material: JSON with keystore/truststore (base64 PKCS12) and their passwords. */
  readonly tlsSecretName: string;
  /** Kafka heap, GiB. */
  readonly heapGiB: number;
  readonly clusterId: string;
  readonly serverProperties: Readonly<Record<string, string>>;
  /** CloudWatch log group the node ships its Kafka logs to (over the logs interface endpoint). */
  readonly logGroupName: string;
  /** SCRAM users and ACLs the brokers create (idempotently, after Kafka is up). @default none */
  readonly principals?: readonly KafkaPrincipal[];
  /** Where the node publishes the metrics its alarms read. @default - none */
  readonly metrics?: NodeMetrics;
}

/** Device the data volume is attached as; Amazon Linux's udev rules link it to the NVMe device. */
export const DATA_DEVICE = '/dev/sdf';

/** A systemd unit file's value, quoted so systemd keeps it one word (systemd.syntax: quotes and backslashes escaped). */
export function systemdQuote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** kafka-acls.sh arguments of one grant for one principal. */
function aclArgs(user: string, g: KafkaAclGrant): string {
  const resource =
    g.resource === 'cluster'
      ? '--cluster'
      : `--${g.resource} '${g.name}'${g.pattern === 'prefixed' ? ' --resource-pattern-type prefixed' : ''}`;
  return `--allow-principal 'User:${user}' ${g.operations.map((o) => `--operation ${o}`).join(' ')} ${resource}`;
}

/** The script the principals service runs on brokers: SCRAM credentials and ACLs from Secrets Manager, as a super user over mTLS. */
function principalsScript(node: KraftNode, p: NodeBootProps): string {
  const admin = `--bootstrap-server ${node.dns}:${KRAFT_PORTS.internal} --command-config /etc/kafka/admin.properties`;
  const lines = (p.principals ?? []).flatMap((u) => [
    `# ${u.purpose}`,
    `pw=$(aws secretsmanager get-secret-value --region ${p.region} --secret-id '${u.secretName}' --query SecretString --output text | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')`,
    `/opt/kafka/bin/kafka-configs.sh ${admin} --alter --entity-type users --entity-name '${u.user}' --add-config "SCRAM-SHA-512=[password=$pw]"`,
    ...u.acls.map((g) => `/opt/kafka/bin/kafka-acls.sh ${admin} --add ${aclArgs(u.user, g)}`),
  ]);
  return `#!/bin/bash
set -euo pipefail
${lines.join('\n')}`;
}

/** The script the metrics timer runs every minute: each alarm's MBean and the data disk into CloudWatch. */
function metricsScript(node: KraftNode, p: NodeBootProps, m: NodeMetrics): string {
  const dims = Object.entries(m.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const put = (name: string, value: string, unit: string) =>
    `aws cloudwatch put-metric-data --region ${p.region} --namespace '${m.namespace}' --dimensions '${dims}' --metric-name ${name} --unit ${unit} --value "${value}"`;
  const jmx = (mbean: string) =>
    `$(/opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.JmxTool --one-time true --report-format csv --jmx-url service:jmx:rmi:///jndi/rmi://127.0.0.1:${JMX_PORT}/jmxrmi --object-name '${mbean}' --attributes Value | tail -n 1 | cut -d, -f2)`;
  return `#!/bin/bash
set -euo pipefail
${NODE_METRICS[node.role].map((x) => put(x.name, jmx(x.mbean), 'Count')).join('\n')}
${put(DISK_METRIC, `$(df --output=pcent ${DATA_MOUNT} | tail -n 1 | tr -dc 0-9)`, 'Percent')}`;
}

/**
 * cloud-init for one node. Nothing is downloaded from the internet: the distribution
 * comes from the declared S3 object in the node's region (gateway endpoint) and must
 * match its SHA-512, the JDK from the distribution's package repository (also
 * S3-backed). The data volume is formatted only when it carries no filesystem, so a
 * replaced instance mounts the data of its predecessor; storage is formatted only when empty.
 */
export function nodeCloudInit(node: KraftNode, p: NodeBootProps): string {
  const properties = Object.keys(p.serverProperties)
    .sort()
    .map((k) => `${k}=${p.serverProperties[k]}`)
    .join('\n');
  const indent = (s: string) =>
    s
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n');
  const principals = node.role === 'broker' && (p.principals ?? []).length > 0;
  const boot = `#!/bin/bash
set -euo pipefail
dnf install -y java-21-amazon-corretto-headless python3
# Data volume: wait for the attachment, format only an empty volume, mount by UUID.
for i in $(seq 1 120); do [ -e ${DATA_DEVICE} ] && break; sleep 5; done
[ -e ${DATA_DEVICE} ] || { echo "data volume ${DATA_DEVICE} never attached" >&2; exit 1; }
if ! blkid ${DATA_DEVICE} >/dev/null 2>&1; then mkfs.xfs -L kafka-data ${DATA_DEVICE}; fi
mkdir -p ${DATA_MOUNT}
UUID=$(blkid -s UUID -o value ${DATA_DEVICE})
grep -q "$UUID" /etc/fstab || echo "UUID=$UUID ${DATA_MOUNT} xfs defaults,noatime,nofail 0 2" >> /etc/fstab
mount -a
# Kafka from the declared artifact in this region, verified against Apache's SHA-512 before it is unpacked.
aws s3 cp --region ${p.region} '${p.artifact.location}' /tmp/kafka.tgz
echo '${p.artifact.sha512}  /tmp/kafka.tgz' | sha512sum -c -
mkdir -p /opt/kafka && tar -xzf /tmp/kafka.tgz -C /opt/kafka --strip-components=1 && rm /tmp/kafka.tgz
id kafka >/dev/null 2>&1 || useradd --system --home-dir /opt/kafka --shell /sbin/nologin kafka
# TLS material from Secrets Manager (interface endpoint); passwords land in a root/kafka-only file.
mkdir -p ${TLS_DIR}
aws secretsmanager get-secret-value --region ${p.region} --secret-id '${p.tlsSecretName}' --query SecretString --output text > ${TLS_DIR}/secret.json
python3 - <<'PY'
import base64, json
s = json.load(open('${TLS_DIR}/secret.json'))
open('${TLS_DIR}/node.p12', 'wb').write(base64.b64decode(s['keystore']))
open('${TLS_DIR}/truststore.p12', 'wb').write(base64.b64decode(s['truststore']))
open('${TLS_DIR}/passwords.properties', 'w').write('keystore=%s\\ntruststore=%s\\n' % (s['keystorePassword'], s['truststorePassword']))
PY
rm ${TLS_DIR}/secret.json
chown -R kafka:kafka ${TLS_DIR} ${DATA_MOUNT} /opt/kafka && chmod 600 ${TLS_DIR}/*
# Kafka's own logs go to CloudWatch (interface endpoint), one stream per node and file.
dnf install -y amazon-cloudwatch-agent
cat > /opt/aws/amazon-cloudwatch-agent/etc/kafka.json <<'JSON'
${JSON.stringify({
  logs: {
    logs_collected: {
      files: {
        collect_list: ['server.log', 'controller.log', 'state-change.log'].map((f) => ({
          file_path: `/opt/kafka/logs/${f}`,
          log_group_name: p.logGroupName,
          log_stream_name: `${node.recordName}/${f}`,
        })),
      },
    },
  },
})}
JSON
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/kafka.json
# Format only empty storage: a replaced node keeps its log and metadata.
sudo -u kafka /opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t ${p.clusterId} -c /etc/kafka/server.properties
systemctl daemon-reload && systemctl enable --now kafka${p.metrics ? ' kafka-metrics.timer' : ''}${principals ? ' kafka-principals' : ''}`;
  // Client settings of the node's own admin tools: mTLS on the internal listener as the node (a super user).
  const adminProperties = [
    'security.protocol=SSL',
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    ...['ssl.keystore.type', 'ssl.keystore.location', 'ssl.keystore.password', 'ssl.key.password']
      .concat(['ssl.truststore.type', 'ssl.truststore.location', 'ssl.truststore.password'])
      .map((k) => `${k}=${p.serverProperties[k]}`),
  ].join('\n');
  const unit = (description: string, body: string[], install?: string) =>
    [`[Unit]`, `Description=${description}`, ...body, ...(install ? ['[Install]', `WantedBy=${install}`] : [])].join('\n');
  const file = (path: string, permissions: string, content: string) =>
    `  - path: ${path}\n    permissions: '${permissions}'\n    content: |\n${indent(content)}\n`;
  return `#cloud-config
# ${node.role} ${node.nodeId} (${node.dns}), written by kafka-estate
write_files:
  - path: /etc/kafka/server.properties
    owner: root:root
    permissions: '0644'
    content: |
${indent(properties)}
${file(
  '/etc/systemd/system/kafka.service',
  '0644',
  unit(
    `Apache Kafka ${node.role} ${node.nodeId}`,
    [
      `After=network-online.target ${DATA_MOUNT.slice(1).replace(/\//g, '-')}.mount`,
      '[Service]',
      'User=kafka',
      // Quoted: systemd splits an unquoted value at spaces and would drop -Xmx (systemd.exec, Environment=).
      `Environment=${systemdQuote(`KAFKA_HEAP_OPTS=-Xms${p.heapGiB}g -Xmx${p.heapGiB}g`)}`,
      ...(p.metrics
        ? [
            `Environment=JMX_PORT=${JMX_PORT}`,
            `Environment=${systemdQuote('KAFKA_JMX_OPTS=-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1')}`,
          ]
        : []),
      'ExecStart=/opt/kafka/bin/kafka-server-start.sh /etc/kafka/server.properties',
      'Restart=on-failure',
      'LimitNOFILE=1000000',
    ],
    'multi-user.target',
  ),
)}${
    p.metrics
      ? file(
          '/etc/systemd/system/kafka-metrics.service',
          '0644',
          unit('Publish the Kafka alarm metrics to CloudWatch', [
            'After=kafka.service',
            '[Service]',
            'Type=oneshot',
            'ExecStart=/usr/local/sbin/kafka-metrics',
          ]),
        ) +
        file(
          '/etc/systemd/system/kafka-metrics.timer',
          '0644',
          unit('Every minute: Kafka alarm metrics', ['[Timer]', 'OnBootSec=2min', 'OnUnitActiveSec=60s'], 'timers.target'),
        ) +
        file('/usr/local/sbin/kafka-metrics', '0700', metricsScript(node, p, p.metrics))
      : ''
  }${
    principals
      ? file('/etc/kafka/admin.properties', '0600', adminProperties) +
        file(
          '/etc/systemd/system/kafka-principals.service',
          '0644',
          // Retried until Kafka answers and every secret exists (secrets are created by other stacks).
          unit(
            'SCRAM users and ACLs of the estate',
            [
              'After=kafka.service',
              'Requires=kafka.service',
              '[Service]',
              'Type=oneshot',
              'ExecStart=/usr/local/sbin/kafka-principals',
              'Restart=on-failure',
              'RestartSec=30',
            ],
            'multi-user.target',
          ),
        ) +
        file('/usr/local/sbin/kafka-principals', '0700', principalsScript(node, p))
      : ''
  }${file('/usr/local/sbin/kafka-boot', '0700', boot)}runcmd:
  - [/usr/local/sbin/kafka-boot]
`;
}
