import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { copyTerms } from '../../constructs/analysis/replication';
import { lossTable, produceLatency, placementOf } from '../../constructs/analysis/quorum';
import { assessEnvironment, checkObjectives, describeRpo, describeRto } from '../../constructs/analysis/resilience';
import { RenderedFile } from '../../constructs/rendered-file';
import { envOf, estateStacks, problemsOf, synthJson } from '../helpers';

const yaml = readFileSync(join(__dirname, '../../environments/banking.yaml'), 'utf8');
const banking = envOf(yaml);
const core = banking.clusters.find((c) => c.id === 'core')!;

describe('banking: claims', () => {
  it('meets RPO 0 / RTO 30s for payments and ledger when any one region is lost', () => {
    expect(checkObjectives(banking)).toEqual([]);
    const siteLosses = assessEnvironment(banking).filter((o) => o.cluster === 'core' && o.scope === 'site');
    expect(new Set(siteLosses.map((o) => o.lostSite))).toEqual(new Set(['fra', 'par', 'mil']));
    for (const o of siteLosses) expect([describeRpo(o), describeRto(o), o.mechanism]).toEqual(['0', '≈ 30s', 'synchronous-stretch']);
  });

  it('reports the loss table the README shows', () => {
    expect(
      lossTable(banking, core).map((l) => [
        l.domain,
        l.quorumSurvives,
        l.dataLoss,
        l.writesContinue,
        `${l.votersLeft}/${l.votersLeft + l.votersLost}`,
      ]),
    ).toEqual([
      ['site fra', true, false, true, '2/3'],
      ['site par', true, false, true, '2/3'],
      ['site mil', true, false, true, '2/3'],
      ['one broker', true, false, true, '3/3'],
      ['one controller', true, false, true, '2/3'],
    ]);
  });

  it('offers the Stockholm copy for the loss of the whole stretch: RPO bounded by 30s of lag, RTO 15m', () => {
    expect(copyTerms(banking.replication[0])).toEqual({ rpoSeconds: 30, rtoSeconds: 900 });
  });

  it('adds about one round trip to the nearest other region to every produce', () => {
    const rtt = (s: string) => banking.sites.find((x) => x.id === s)?.rttMs;
    expect(produceLatency(placementOf(banking, core), { replicationFactor: 3, minInsyncReplicas: 2 }, rtt)).toEqual({
      replicationMs: 11,
      leaderSite: 'mil',
      remoteLeaderMs: 15,
      missing: [],
    });
  });

  it('is stretched over two regions only at the price of a rejection naming the fix', () => {
    const data = parse(yaml);
    data.sites = data.sites.filter((s: { id: string }) => s.id !== 'mil');
    data.sites[0].rttMs = { par: 9 };
    data.sites[1].rttMs = undefined;
    data.clusters[0].sites = ['fra', 'par'];
    data.topicGroups = data.topicGroups.map((g: object) => ({ ...g, rto: '0s' }));
    const problems = problemsOf(data);
    const messages = problems.map((p) => `${p.path}: ${p.message} Fix: ${p.fix}`);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^clusters\[0\]\.controllersPerSite: cluster "core": 2 KRaft voters is an even number.*Fix: use an odd number of voters, for example add a witness site/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^topicGroups\[0\]\.rto: group "payments" declares RTO 0s but when site fra lost topic "payments[^"]*" achieves RTO until the failed domain returns: .*below the quorum of 2.*Fix: no site may hold half or more of the KRaft voters.*add a third site/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^topicGroups\[0\]\.rpo: group "payments" declares RPO 0s .*an acknowledged write may exist only there.*Fix: raise minInsyncReplicas .*with three data sites, RF 3 \(1\+1\+1\) and minInsyncReplicas 2/,
      ),
    );
  });

  it('rejects a transactional topic on too few brokers', () => {
    const data = parse(yaml);
    data.clusters[0] = { ...data.clusters[0], sites: ['fra'], brokersPerSite: 2, controllersPerSite: 3 };
    const problems = problemsOf(data);
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'topics[0].transactional',
        message: expect.stringMatching(/exactly-once producers but cluster "core" has 2 brokers/),
      }),
    );
  });

  it('rejects a self-managed cluster without a Kafka artifact', () => {
    const data = parse(yaml);
    delete data.clusters[0].kafkaArtifact;
    expect(problemsOf(data)).toContainEqual(
      expect.objectContaining({
        path: 'clusters[0].kafkaArtifact',
        message: 'self-managed cluster "core" declares no Kafka distribution; its nodes have no internet egress.',
      }),
    );
  });

  it('rejects a stretched-to-MSK copy without its MirrorMaker plugin', () => {
    const data = parse(yaml);
    delete data.replication[0].mirrorMakerPlugin;
    expect(problemsOf(data)).toContainEqual(expect.objectContaining({ path: 'replication[0].mirrorMakerPlugin' }));
  });
});

describe('banking: stacks', () => {
  const stacks = estateStacks(banking);
  const synth = Object.fromEntries([...stacks].map(([id, s]) => [id, synthJson(s).json]));

  it('has a stack per broker region, the DR region and each peering, and the vault’s topics and CDC source after them', () => {
    expect([...stacks.keys()].sort()).toEqual([
      'banking-bootstrap-aws-eu-central-1',
      'banking-bootstrap-aws-eu-north-1',
      'banking-bootstrap-aws-eu-south-1',
      'banking-bootstrap-aws-eu-west-3',
      'banking-core-topics',
      'banking-fra',
      'banking-fra-mil-peering',
      'banking-fra-par-peering',
      'banking-fra-sto-peering',
      'banking-mil',
      'banking-mil-par-peering',
      'banking-mil-sto-peering',
      'banking-par',
      'banking-par-sto-peering',
      'banking-sto',
      'banking-sto-connectors',
      'banking-sto-topics',
    ]);
  });

  it('manages the stretched topics once, from a stack named after the cluster, over SCRAM to the planned brokers, with min ISR 2', () => {
    const topics = synth['banking-core-topics'];
    const provider = topics.provider.kafka[0];
    expect(provider).toMatchObject({ sasl_mechanism: 'scram-sha512', tls_enabled: true });
    expect(provider.bootstrap_servers).toHaveLength(9);
    const payments = Object.values<any>(topics.resource.kafka_topic).find((t) => t.name === 'payments');
    expect(payments).toMatchObject({
      partitions: 48,
      replication_factor: 3,
      config: expect.objectContaining({ 'min.insync.replicas': '2' }),
      lifecycle: { prevent_destroy: true },
    });
    expect(topics.data?.aws_msk_cluster).toBeUndefined();
  });

  it('writes one client guide with the settings, the added latency and the loss table', () => {
    const guides = [...stacks.values()].flatMap((s) => RenderedFile.all(s)).filter((f) => f.path.startsWith('clients/'));
    expect(guides.map((g) => g.path)).toEqual(['clients/banking/core.md']);
    const text = guides[0].content;
    expect(text).toContain('acks=all');
    expect(text).toContain('isolation.level=read_committed');
    expect(text).toContain('about 11 ms\nadded for partitions led in mil');
    expect(text).toContain('The transaction state log (RF 3, min ISR 2) keeps taking commits when any one site is lost.');
    expect(text).toContain('| site fra | continue | none | 2/3 voters, kept |');
  });

  it('protects every broker and controller volume with prevent_destroy', () => {
    for (const site of ['fra', 'par', 'mil']) {
      const volumes = Object.values<any>(synth[`banking-${site}`].resource.aws_ebs_volume);
      expect(volumes).toHaveLength(4);
      for (const v of volumes) expect(v.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it('writes the same voters into every region, and broker.rack = the region', () => {
    const voters =
      '1@fra-c0.core.banking.kafka.internal:9093,1001@par-c0.core.banking.kafka.internal:9093,2001@mil-c0.core.banking.kafka.internal:9093';
    for (const site of ['fra', 'par', 'mil']) {
      const userData = Object.values<any>(synth[`banking-${site}`].resource.aws_instance).map((i) => i.user_data as string);
      for (const u of userData) expect(u).toContain(`controller.quorum.voters=${voters}`);
      expect(userData.filter((u) => u.includes(`broker.rack=${site}`))).toHaveLength(3);
    }
  });

  it('has no public addresses and no token from another region', () => {
    for (const [id, json] of Object.entries(synth)) {
      for (const i of Object.values<any>(json.resource?.aws_instance ?? {})) expect(i.associate_public_ip_address).toBe(false);
      expect(JSON.stringify(json)).not.toContain('terraform_remote_state');
      expect(id).toBeTruthy();
    }
  });

  it('copies payments and ledger to the vault in Stockholm with MirrorMaker 2 on MSK Connect', () => {
    // The MirrorMaker connectors; the ledger archive beside them is test/stacks/connectors.test.ts'.
    const connectors = Object.values<any>(synth['banking-sto'].resource.aws_mskconnect_connector).filter((c) => c.name.includes('-mm2-'));
    expect(connectors).toHaveLength(3);
    const source = connectors.find((c) => c.connector_configuration['connector.class'].endsWith('MirrorSourceConnector'));
    expect(source.connector_configuration).toMatchObject({
      topics: 'payments,ledger',
      'source.cluster.alias': 'core',
      'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
    });
    expect(source.connector_configuration['source.cluster.bootstrap.servers']).toMatch(/^fra-b0\.core\.banking\.kafka\.internal:9096,/);
    expect(Object.values<any>(synth['banking-sto'].resource.aws_route53_zone)[0].name).toBe('core.banking.kafka.internal');
  });
});
