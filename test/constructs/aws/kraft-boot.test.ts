import { readFileSync } from 'fs';
import { join } from 'path';
import { parseEnvironmentText } from '../../../constructs/model/environment-file';
import { ENVIRONMENT_CHECKS } from '../../../constructs/analysis/validate';
import { kraftClusterId, kraftNodes, nodeServerProperties } from '../../../constructs/analysis/kraft';
import { nodeCloudInit } from '../../../constructs/aws/kraft-boot';
import type { Environment } from '../../../constructs/model/schema';

const banking = parseEnvironmentText(
  readFileSync(join(__dirname, '../../../environments/banking.yaml'), 'utf8'),
  'banking.yaml',
  ENVIRONMENT_CHECKS,
).env as Environment;
const core = banking.clusters.find((c) => c.id === 'core')!;
const nodes = kraftNodes(banking, core);

describe('cloud-init', () => {
  const text = nodeCloudInit(nodes[1], {
    artifact: { location: core.kafkaArtifact!.locations['eu-central-1'], sha512: 'c'.repeat(128) },
    region: 'eu-central-1',
    tlsSecretName: 'banking/core/tls/fra-b0',
    heapGiB: 6,
    clusterId: kraftClusterId('banking', 'core'),
    serverProperties: nodeServerProperties(nodes[1], nodes),
    logGroupName: '/kafka/banking-fra-core',
  });
  it('fetches Kafka from the declared S3 object and verifies its checksum before unpacking', () => {
    expect(text).toContain(`aws s3 cp --region eu-central-1 '${core.kafkaArtifact!.locations['eu-central-1']}' /tmp/kafka.tgz`);
    expect(text.indexOf(`echo '${'c'.repeat(128)}  /tmp/kafka.tgz' | sha512sum -c -`)).toBeLessThan(text.indexOf('tar -xzf'));
    expect(text).not.toMatch(/https?:\/\//);
  });
  it('ships the Kafka logs to the node log group, one stream per node and file', () => {
    expect(text).toContain('"log_group_name":"/kafka/banking-fra-core","log_stream_name":"fra-b0/server.log"');
  });

  it('formats only an empty data volume and only empty storage', () => {
    expect(text).toContain('if ! blkid /dev/sdf');
    expect(text).toContain('kafka-storage.sh format --ignore-formatted');
  });
});
