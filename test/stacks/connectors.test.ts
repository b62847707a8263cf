import { CONNECTOR_BUILDERS } from '../../stacks/connectors';
import { baseEnv, problemsOf } from '../helpers';

describe('connector runtimes', () => {
  it('refuses a connector on a runtime this version does not build, instead of dropping it', () => {
    const env = baseEnv();
    env.connectors = [
      {
        id: 'orders-archive',
        cluster: 'main',
        type: 's3-sink',
        topics: ['orders'],
        system: 's3://orders-archive/raw/',
        plugin: { location: 's3://plugins-fra/s3-sink.zip', sha512: 'a'.repeat(128) },
      },
    ];
    const unbuilt = Object.entries(CONNECTOR_BUILDERS)
      .filter(([, b]) => b === undefined)
      .map(([r]) => r);
    const p = problemsOf(env).filter((x) => /does not build yet/.test(x.message));
    expect(p.map((x) => x.path)).toEqual(unbuilt.includes('msk-connect') ? ['connectors[0]'] : []);
  });
});
