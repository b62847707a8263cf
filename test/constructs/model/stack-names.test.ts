import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { loadEnvironments } from '../../../constructs/model/environment-file';
import { stackNames } from '../../../constructs/model/naming';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { baseEnv } from '../../helpers';

describe('stack names across environment files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-names-'));
  const write = (file: string, change: (e: Record<string, any>) => void) => {
    const e = baseEnv();
    change(e);
    writeFileSync(join(dir, file), stringify(e));
    return join(dir, file);
  };

  it('refuses env dev-eu + site fra beside env dev + site eu-fra (both make dev-eu-fra)', () => {
    const a = write('dev-eu.yaml', (e) => (e.name = 'dev-eu'));
    const b = write('dev.yaml', (e) => {
      e.name = 'dev';
      e.sites[0].id = 'eu-fra';
      e.clusters[0].sites = ['eu-fra'];
    });
    const r = loadEnvironments([a, b], ESTATE_CHECKS);
    expect(r.environments).toEqual([]);
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: b,
        path: 'sites[0].id',
        message: expect.stringMatching(
          /^stack "dev-eu-fra" \(the stack of site eu-fra\) is also a stack of environment "dev-eu" in .*dev-eu\.yaml/,
        ),
      }),
    ]);
  });

  it('accepts environments whose stack names differ', () => {
    const a = write('one.yaml', (e) => (e.name = 'one'));
    const b = write('two.yaml', (e) => (e.name = 'two'));
    expect(loadEnvironments([a, b], ESTATE_CHECKS).environments).toHaveLength(2);
  });

  it('lists every stack an environment may produce, with the id it comes from', () => {
    const e = baseEnv();
    e.clusters = [{ id: 'core', kind: 'self-managed', sites: ['fra', 'par'] }];
    e.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.1.0.0/16' });
    e.edgeFleets = [{ id: 'ships', sites: [] }];
    expect(stackNames(e as any).map((s) => s.name)).toEqual([
      'test-fra',
      'test-fra-topics',
      'test-fra-links',
      'test-par',
      'test-par-topics',
      'test-par-links',
      'test-ships',
      'test-ships-acls',
      'test-core-topics',
      'test-fra-par-peering',
    ]);
  });
});
