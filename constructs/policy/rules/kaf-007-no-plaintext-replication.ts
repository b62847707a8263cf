import { fail, get, list, strimzi, worst, type PolicyRule, type ResourceView, type Verdict } from '../rule';

const SECURE_PROTOCOLS = ['SSL', 'SASL_SSL'];

/** `*.security.protocol` keys in a Kafka Connect / MirrorMaker 2 configuration map. */
function protocols(config: unknown, where: string): Verdict[] {
  if (config === null || typeof config !== 'object') return [];
  return Object.entries(config as Record<string, unknown>)
    .filter(([k]) => k === 'security.protocol' || k.endsWith('.security.protocol'))
    .map(([k, v]) => (SECURE_PROTOCOLS.includes(String(v).toUpperCase()) ? 'compliant' : fail(`${where}["${k}"] is ${String(v)}.`)));
}

/** A Strimzi cluster connection (MirrorMaker 2 target or source) must name TLS. */
function connection(c: unknown, where: string): Verdict {
  const config = get(c, 'config');
  const protocol = config && typeof config === 'object' ? (config as Record<string, unknown>)['security.protocol'] : undefined;
  if (get(c, 'tls') !== undefined) return 'compliant';
  if (protocol !== undefined && SECURE_PROTOCOLS.includes(String(protocol).toUpperCase())) return 'compliant';
  return fail(
    `${where} (${String(get(c, 'alias') ?? get(c, 'bootstrapServers') ?? 'cluster')}) has no tls block, so it connects in plaintext.`,
  );
}

function mirrorMaker(r: ResourceView): Verdict {
  const spec = strimzi(r, 'KafkaMirrorMaker2');
  if (!spec) return 'not-applicable';
  // v1beta2 lists clusters; v1 names a target and each mirror's source.
  const clusters = [
    ...list(spec.clusters).map((c, i) => connection(c, `spec.clusters[${i}]`)),
    ...(spec.target ? [connection(spec.target, 'spec.target')] : []),
    ...list(spec.mirrors)
      .filter((m) => get(m, 'source') !== undefined)
      .map((m, i) => connection(get(m, 'source'), `spec.mirrors[${i}].source`)),
  ];
  return clusters.length === 0 ? fail('spec names no clusters with tls.') : worst(clusters);
}

/** A Strimzi KafkaConnect (connectors at an edge site) dials its cluster with TLS too. */
function kafkaConnect(r: ResourceView): Verdict | undefined {
  const spec = strimzi(r, 'KafkaConnect');
  return spec ? connection(spec, 'spec') : undefined;
}

export const KAF007: PolicyRule = {
  id: 'KAF-007',
  title: 'Replication and connector traffic is never plaintext',
  why: 'MirrorMaker 2, MSK Connect and edge-to-hub replication cross VPNs, NAT and the internet; a plaintext Kafka connection exposes every record and credential on the way. No reason can waive this.',
  fix: 'use TLS: kafka_cluster_encryption_in_transit.encryption_type = "TLS", security.protocol SSL or SASL_SSL, and a tls block on every Strimzi MirrorMaker 2 cluster connection.',
  severity: 'error',
  controls: ['NIST 800-53 SC-8', 'ISO 27001 A.8.24', 'PCI DSS 4.0 4.2.1', 'DORA Art. 9'],
  suppressible: false,
  appliesTo: ['aws_mskconnect_connector', 'kubernetes_manifest'],
  check: (r) => {
    if (r.type === 'aws_mskconnect_connector') {
      const type = get(r.config, 'kafka_cluster_encryption_in_transit.encryption_type');
      return worst([
        type === 'TLS'
          ? 'compliant'
          : fail(
              `kafka_cluster_encryption_in_transit.encryption_type is ${type === undefined ? 'not set (PLAINTEXT)' : JSON.stringify(type)}.`,
            ),
        ...protocols(r.config.connector_configuration, 'connector_configuration'),
      ]);
    }
    return kafkaConnect(r) ?? mirrorMaker(r);
  },
};
