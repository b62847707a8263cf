import { TerraformResource } from 'cdktf';
import { registerKind, type KindModule } from '../../../constructs/kinds/placements';
import { kindProblem, NO_ALARMS, noEdgeHub, type KindModel } from '../../../constructs/kinds/kind';
import { outside } from '../../../constructs/analysis/flow-types';
import { isStatefulType } from '../../../constructs/policy/stateful';
import { baseEnv, envOf, estateStacks, problemsOf, synthJson } from '../../helpers';

/**
 * A kind brought from outside the product: one model, one placement, one registerKind
 * call. Nothing else in the product names it, yet validation, placement, the stateful
 * list and edge fleets all follow its answers.
 */
const model: KindModel = {
  kind: 'confluent-cloud',
  label: 'Confluent Cloud',
  clouds: ['aws'],
  runsNodes: false,
  singleSite: true,
  defaults: { brokers: () => undefined, instanceType: undefined, storageGiB: 100, kafkaVersion: undefined },
  check: (_env, c, i) =>
    c.brokers !== undefined ? [kindProblem(`clusters[${i}].brokers`, 'Confluent Cloud sizes itself in CKUs.', 'remove brokers.')] : [],
  resilience: undefined,
  topics: { by: 'none', why: 'this trial kind has no topic resource yet', fix: 'create the topics in Confluent Cloud, or use kind: msk.' },
  statefulTypes: ['confluent_kafka_cluster'],
  replicationTarget: undefined,
  replicationEnd: { mirrorSource: undefined, mskConnectTarget: false },
  edgeHub: noEdgeHub((hub) => `hub "${hub.id}" is Confluent Cloud, which this trial does not wire for edge sites.`, 'use an msk hub.'),
  clientPrincipalIds: false,
  pipelines: false,
  dashboardThroughput: false,
  sizing: { capacity: undefined, notes: [] },
  // No metrics of its own yet: objectives on it are refused as unwatchable.
  alarms: NO_ALARMS,
  access: (_env, c) => ({
    network: outside('Confluent Cloud private link', 'Confluent'),
    name: outside(`the bootstrap of ${c.id}`, 'Confluent'),
    trust: outside('public roots', 'Confluent'),
    authorization: 'Confluent RBAC',
    identity: 'an API key',
    certificateNames: () => true,
  }),
  connectors: { runtime: undefined, why: 'a test kind runs no connectors', fix: 'declare connectors on a built-in kind.' },
};

const confluent: KindModule = {
  model,
  place: (scope, at, c) => {
    const cluster = new TerraformResource(scope, c.id, {
      terraformResourceType: 'confluent_kafka_cluster',
      lifecycle: { preventDestroy: true },
    });
    cluster.addOverride('display_name', `${at.env.name}-${c.id}`);
    cluster.addOverride('tags', at.blocks.tags());
  },
};

registerKind(confluent);

function confluentEnv(extra: Record<string, unknown> = {}) {
  return {
    ...baseEnv(),
    clusters: [{ id: 'cc', kind: 'confluent-cloud', sites: ['fra'] }],
    topicGroups: [],
    topics: [],
    ...extra,
  };
}

describe('a kind registered from outside', () => {
  const stacks = estateStacks(envOf(confluentEnv()));
  const { json } = synthJson(stacks.get('test-fra')!);

  it('is placed into its site stack by its own placement', () => {
    const clusters = Object.values(json.resource.confluent_kafka_cluster) as any[];
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ display_name: 'test-cc', lifecycle: { prevent_destroy: true } });
  });

  it('adds its resource types to the stateful list', () => {
    expect(isStatefulType('confluent_kafka_cluster')).toBe(true);
  });

  it('runs its checks and its clouds with the environment checks', () => {
    const problems = problemsOf(confluentEnv({ clusters: [{ id: 'cc', kind: 'confluent-cloud', sites: ['fra'], brokers: 3 }] }));
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'clusters[0].brokers', message: 'Confluent Cloud sizes itself in CKUs.' }),
    );
    const onGcp = problemsOf(
      confluentEnv({ sites: [{ id: 'fra', cloud: 'gcp', region: 'europe-west3', role: 'primary', cidr: '10.0.0.0/16' }] }),
    );
    expect(onGcp).toContainEqual(
      expect.objectContaining({ path: 'clusters[0].kind', message: expect.stringMatching(/cannot live in site "fra" on gcp/) }),
    );
  });

  it('refuses topics it cannot create instead of dropping them (and reporting an RPO for them)', () => {
    const problems = problemsOf(confluentEnv({ topics: [{ name: 'orders', cluster: 'cc', partitions: 6 }] }));
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'topics[0].cluster',
        message: expect.stringMatching(/topic "orders" would never be created: a confluent-cloud cluster cannot manage topics/),
      }),
    );
  });

  it('is refused as an edge fleet hub when its model says it cannot be one', () => {
    const problems = problemsOf(
      confluentEnv({
        edgeFleets: [
          {
            id: 'stores',
            hub: 'cc',
            hubBootstrap: 'kafka.example:9092',
            topics: [{ name: 'sales', direction: 'up', partitions: 3 }],
            sites: [{ id: 's1' }],
          },
        ],
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'edgeFleets[0].hub',
        message: 'hub "cc" is Confluent Cloud, which this trial does not wire for edge sites.',
      }),
    );
  });

  it('keeps unknown names unknown', () => {
    const problems = problemsOf(confluentEnv({ clusters: [{ id: 'cc', kind: 'confluent', sites: ['fra'] }] }));
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'clusters[0].kind',
        message: 'unknown cluster kind "confluent".',
        fix: expect.stringMatching(/confluent-cloud/),
      }),
    );
  });
});

describe('what the compiler and the checks ask of a kind', () => {
  it('needs at least one stateful resource type (checked by tsc)', () => {
    // @ts-expect-error every cluster keeps data somewhere: an empty list does not compile
    const none: KindModel['statefulTypes'] = [];
    expect(none).toEqual([]);
  });

  it('refuses a hub whose binding the hub cloud cannot make, instead of picking the hub by cloud alone', () => {
    registerKind({
      model: {
        ...model,
        kind: 'gcp-trial',
        clouds: ['gcp'],
        edgeHub: { accepts: true, identity: 'scram', binding: 'msk-scram', bootstrap: () => undefined, check: () => [] },
      },
      place: confluent.place,
    });
    const problems = problemsOf(
      confluentEnv({
        sites: [{ id: 'fra', cloud: 'gcp', region: 'europe-west3', role: 'primary', cidr: '10.0.0.0/16' }],
        clusters: [{ id: 'cc', kind: 'gcp-trial', sites: ['fra'] }],
        edgeFleets: [
          {
            id: 'stores',
            hub: 'cc',
            hubBootstrap: 'kafka.example:9092',
            topics: [{ name: 'sales', direction: 'up', partitions: 3 }],
            sites: [{ id: 's1' }],
          },
        ],
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'edgeFleets[0].hub',
        message: expect.stringMatching(/cannot bind site credentials to it \(msk-scram\)/),
        fix: expect.stringMatching(/put the hub on aws/),
      }),
    );
  });
});
