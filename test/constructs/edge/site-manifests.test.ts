import { Testing } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { edgeSitePlans, type EdgeSitePlan } from '../../../constructs/analysis/edge';
import { EdgeSite } from '../../../constructs/edge/edge-site';
import { renderBundle, siteManifests, topicsPattern } from '../../../constructs/edge/site-manifests';
import {
  missingRequiredFields,
  STRIMZI_API_VERSION,
  type KafkaMirrorMaker2,
  type KafkaNodePool,
  type Kafka,
  type KafkaUser,
} from '../../../constructs/edge/strimzi';
import { envOf } from '../../helpers';
import { edgeSiteProps } from '../../../stacks/edge-fleet-stack';
import { fleetEnv } from './fixtures';

const [ship] = edgeSitePlans(envOf(fleetEnv([{ id: 'oasis' }])));
const [kiosk] = edgeSitePlans(envOf(fleetEnv([{ id: 'kiosk-7', nodes: 1 }])));
const manifests = siteManifests(ship);
const byKind = <K extends string>(kind: K) => manifests.filter((m) => m.kind === kind);
const flow = (name: string) => byKind('KafkaMirrorMaker2').find((m) => m.metadata.name === name) as KafkaMirrorMaker2;
const matches = (pattern: string, topic: string) => new RegExp(`^(?:${pattern})$`).test(topic);

describe('site manifests are Strimzi 1.x resources', () => {
  it('use kafka.strimzi.io/v1 and carry every field the CRDs require', () => {
    expect(manifests.map((m) => m.kind)).toEqual([
      'Kafka',
      'KafkaNodePool',
      'KafkaTopic',
      'KafkaTopic',
      'KafkaTopic',
      'KafkaUser',
      'KafkaUser',
      'KafkaMirrorMaker2',
      'KafkaMirrorMaker2',
    ]);
    for (const m of [...manifests, ...siteManifests(kiosk)]) {
      expect(m.apiVersion).toBe(STRIMZI_API_VERSION);
      expect(missingRequiredFields(m)).toEqual([]);
      expect(['oasis', 'kiosk-7']).toContain(m.metadata.labels?.['strimzi.io/cluster']);
    }
  });

  it('notices a missing required field', () => {
    const mm2 = flow('up');
    const broken = {
      ...mm2,
      spec: {
        ...mm2.spec,
        target: { ...mm2.spec.target, groupId: undefined },
        mirrors: [{ ...mm2.spec.mirrors[0], source: { alias: 'x' } }],
      },
    } as unknown as KafkaMirrorMaker2;
    expect(missingRequiredFields(broken)).toEqual(['spec.target.groupId', 'spec.mirrors[0].source.bootstrapServers']);
    const pool = {
      ...byKind('KafkaNodePool')[0],
      spec: { replicas: 3, storage: { type: 'persistent-claim', size: '1Gi' } },
    } as unknown as KafkaNodePool;
    expect(missingRequiredFields(pool)).toEqual(['spec.roles']);
  });

  it('parse back from the bundle YAML, one document per resource', () => {
    const docs = parseAllDocuments(renderBundle(ship, manifests));
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    expect(docs.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(manifests)));
  });

  it('run KRaft combined nodes sized from the offline window, data kept when the cluster is deleted', () => {
    const pool = byKind('KafkaNodePool')[0] as KafkaNodePool;
    expect(pool.spec).toEqual({
      replicas: 3,
      roles: ['controller', 'broker'],
      storage: expect.objectContaining({
        type: 'persistent-claim',
        size: `${ship.storageGiB}Gi`,
        deleteClaim: false,
        kraftMetadata: 'shared',
      }),
    });
    const kafka = byKind('Kafka')[0] as Kafka;
    expect(kafka.spec.kafka.config).toEqual(
      expect.objectContaining({
        'min.insync.replicas': 2,
        'default.replication.factor': 3,
        'log.retention.ms': 108 * 3600 * 1000,
        'auto.create.topics.enable': 'false',
      }),
    );
    expect(kafka.spec.kafka.listeners).toEqual([expect.objectContaining({ tls: true, authentication: { type: 'scram-sha-512' } })]);
  });

  it('give a one-node kiosk one replica instead of asking for three it cannot place', () => {
    const kafka = siteManifests(kiosk)[0] as Kafka;
    expect(kafka.spec.kafka.config).toEqual(
      expect.objectContaining({ 'default.replication.factor': 1, 'min.insync.replicas': 1, 'offsets.topic.replication.factor': 1 }),
    );
  });

  it('let local apps write site topics but not the topics that come down from the hub', () => {
    const apps = byKind('KafkaUser').find((u) => u.metadata.name === 'apps') as KafkaUser;
    const acl = (name: string) => apps.spec.authorization!.acls.find((a) => a.resource.name === name)!;
    expect(acl('sales').operations).toContain('Write');
    expect(acl('global-inventory').operations).toEqual(['Read', 'Describe']);
  });
});

describe('MirrorMaker 2 runs at the site and dials out', () => {
  it('pushes up: site topics to the hub, named <site>.<topic> there', () => {
    const up = flow('up');
    expect(up.spec.target).toEqual(expect.objectContaining({ alias: 'hub', bootstrapServers: 'kafka.hub.example.internal:9096' }));
    expect(up.spec.mirrors[0].source.alias).toBe('oasis');
    expect(up.spec.mirrors[0].source.bootstrapServers).toBe('oasis-kafka-bootstrap.kafka.svc:9093');
    expect(up.spec.mirrors[0].sourceConnector?.config).toEqual(
      expect.objectContaining({
        'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
        'replication.policy.separator': '.',
      }),
    );
    const pattern = up.spec.mirrors[0].topicsPattern!;
    expect(matches(pattern, 'sales')).toBe(true);
    expect(['pos.journal', 'global-inventory', 'salesx', 'hub.sales'].some((t) => matches(pattern, t))).toBe(false);
    // Connect keeps its state in the hub under the site prefix: one prefixed ACL covers it.
    const t = up.spec.target;
    expect([t.groupId, t.configStorageTopic, t.offsetStorageTopic, t.statusStorageTopic].every((n) => n.startsWith('oasis.'))).toBe(true);
    expect(ship.topics.find((x) => x.name === 'sales')?.hubTopic).toBe('oasis.sales');
  });

  it('pulls down: hub topics into the site under their own names, without looping back', () => {
    const down = flow('down');
    expect(down.spec.target.alias).toBe('oasis');
    expect(down.spec.target.bootstrapServers).toBe('oasis-kafka-bootstrap.kafka.svc:9093');
    expect(down.spec.mirrors[0].source).toEqual(
      expect.objectContaining({ alias: 'hub', bootstrapServers: 'kafka.hub.example.internal:9096' }),
    );
    expect(down.spec.mirrors[0].sourceConnector?.config?.['replication.policy.class']).toBe(
      'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
    );
    const pattern = down.spec.mirrors[0].topicsPattern!;
    expect(matches(pattern, 'global-inventory')).toBe(true);
    expect(matches(pattern, 'sales')).toBe(false);
    expect(matches(flow('up').spec.mirrors[0].topicsPattern!, 'global-inventory')).toBe(false);
  });

  it('escapes topic names so a dot matches only a dot', () => {
    expect(topicsPattern(['pos.journal', 'a+b'])).toBe('pos\\.journal|a\\+b');
    expect(matches(topicsPattern(['pos.journal']), 'posXjournal')).toBe(false);
  });

  it('authenticates to the hub from a Secret, never with a password in the manifest', () => {
    const auth = flow('up').spec.target.authentication!;
    expect(auth).toEqual({
      type: 'scram-sha-512',
      username: 'edge-test-oasis',
      passwordSecret: { secretName: 'hub-credentials', password: 'password' },
    });
    expect(renderBundle(ship, manifests)).not.toMatch(/password:\s+[A-Za-z0-9]{16,}/);
  });
});

describe('EdgeSite construct', () => {
  const render = (plan: EdgeSitePlan, kubernetes = false) =>
    Testing.synthScope((scope) => {
      new EdgeSite(scope, 'site', { ...edgeSiteProps(plan), kubernetes: kubernetes ? ({} as never) : undefined });
    });

  it('fails when the disk cannot hold the retention', () => {
    expect(() => render({ ...ship, storageGiB: 5 })).toThrow(/storage 5 GiB per node is below the \d+ GiB the retention needs/);
  });

  it('fails when retention is shorter than the offline window', () => {
    expect(() => render({ ...ship, retentionSeconds: 24 * 3600 })).toThrow(
      /retention 86400s is shorter than the offline window 259200s; set retention to at least 388800s/,
    );
  });

  it('fails on direct delivery without the site cluster provider', () => {
    expect(() => render({ ...ship, delivery: 'direct' })).toThrow(/direct delivery needs the kubernetes provider/);
  });
});
