import { baseEnv, problemsOf } from '../../helpers';

/** Two things that would share a name, an address or a stack are problems, never a silent overwrite. */
describe('addresses and stack names from identity', () => {
  it('refuses topics that collide under Kafka\'s "." and "_" rule', () => {
    const e = baseEnv();
    e.topics = [
      { name: 'orders.v1', cluster: 'main', partitions: 6, group: 'orders' },
      { name: 'orders_v1', cluster: 'main', partitions: 6, group: 'orders' },
    ];
    expect(problemsOf(e)).toContainEqual(
      expect.objectContaining({ path: 'topics[1].name', message: expect.stringContaining('Kafka treats "." and "_"') }),
    );
  });

  it('refuses topics that would share one Terraform address (orders.v1 and ordersv1)', () => {
    const e = baseEnv();
    e.topics = [
      { name: 'orders.v1', cluster: 'main', partitions: 6, group: 'orders' },
      { name: 'ordersv1', cluster: 'main', partitions: 6, group: 'orders' },
    ];
    expect(problemsOf(e)).toContainEqual(
      expect.objectContaining({ path: 'topics[1].name', message: expect.stringContaining('kafka_topic.main-ordersv1') }),
    );
  });

  it('accepts the same topic name on two clusters', () => {
    const e = baseEnv();
    e.clusters.push({ ...e.clusters[0], id: 'other' });
    e.topics.push({ ...e.topics[0], cluster: 'other' });
    expect(problemsOf(e).filter((p) => p.path.startsWith('topics'))).toEqual([]);
  });

  it('refuses two things that would get one stack name', () => {
    const e = baseEnv();
    e.sites.push({ ...e.sites[0], id: 'fra-topics', cidr: '10.9.0.0/16', role: 'dr' });
    expect(problemsOf(e)).toContainEqual(
      expect.objectContaining({ path: 'sites[1].id', message: expect.stringContaining('"test-fra-topics"') }),
    );
  });
});
