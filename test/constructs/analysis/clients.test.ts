import { checkClients } from '../../../constructs/analysis/clients';
import { EnvironmentSchema } from '../../../constructs/model/schema';

const env = (extra: Record<string, unknown>) =>
  EnvironmentSchema.parse({
    name: 'auto',
    stage: 'dev',
    owner: 'iiot',
    sites: [{ id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.60.0.0/16' }],
    clusters: [{ id: 'iiot', kind: 'event-hubs', sites: ['weu'], throughput: { inMBps: 1.8, outMBps: 4, messageBytes: 300 } }],
    topics: [{ name: 'sensor-readings', cluster: 'iiot', partitions: 8 }],
    ...extra,
  });
const plant = (id: string, eventsPerSecond: number) => ({ id, cluster: 'iiot', topics: ['sensor-readings'], eventsPerSecond });

describe('checkClients', () => {
  it('accepts producers within the sized throughput (3 x 2,000 = 6,000 events/s)', () => {
    expect(checkClients(env({ producers: [plant('plant-a', 2000), plant('plant-b', 2000), plant('plant-c', 2000)] }))).toEqual([]);
  });
  it('fails producers above the throughput the cluster is sized for', () => {
    const [p] = checkClients(env({ producers: [plant('plant-a', 4000), plant('plant-b', 4000)] }));
    expect(p).toMatchObject({
      path: 'clusters[0].throughput',
      message: expect.stringMatching(/declare 8000 events\/s together.*is 6000 events\/s/),
      fix: expect.stringMatching(/raise inMBps to at least 2\.4/),
    });
  });
  it('fails unknown clusters and topics with a suggestion', () => {
    const problems = checkClients(
      env({
        consumers: [
          { id: 'dash', cluster: 'iiot', topics: ['sensor-reading'] },
          { id: 'other', cluster: 'nope', topics: ['a'] },
        ],
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['consumers[0].topics[0]', 'consumers[1].cluster']);
    expect(problems[0].fix).toMatch(/did you mean "sensor-readings"/);
  });
  it('fails a duplicate application on one cluster', () => {
    expect(
      checkClients(
        env({
          consumers: [
            { id: 'dash', cluster: 'iiot', topics: ['sensor-readings'] },
            { id: 'dash', cluster: 'iiot', topics: ['sensor-readings'] },
          ],
        }),
      )[0].path,
    ).toBe('consumers[1].id');
  });
  it('fails an Entra ID principal on a non-Event Hubs cluster', () => {
    const e = env({
      clusters: [{ id: 'iiot', kind: 'msk', sites: ['weu'] }],
      producers: [{ id: 'plant-a', cluster: 'iiot', topics: ['sensor-readings'], principalId: '0b6f1a2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c' }],
    });
    expect(checkClients(e)[0]).toMatchObject({ path: 'producers[0].principalId', message: expect.stringMatching(/cluster "iiot" is msk/) });
  });
});
