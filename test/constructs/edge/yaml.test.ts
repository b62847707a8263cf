import { parse } from 'yaml';
import { toYaml } from '../../../constructs/edge/yaml';

describe('manifest YAML writer', () => {
  it.each([
    ['strings that read as other types', { a: 'true', b: 'no', c: '1.5', d: '4.1.1', e: 'null', f: '~', g: '0x10', h: '' }],
    [
      'strings with YAML syntax in them',
      {
        a: 'a: b',
        b: '*.crt',
        c: '$ConnectionString',
        d: '#x',
        e: '-x',
        f: 'sales|pos\\.journal',
        g: 'it\'s "quoted"',
        h: 'line\nbreak',
        i: '{x}',
        j: '[y]',
        k: '@z',
        l: '&a',
        m: '!t',
      },
    ],
    ['keys with dots and slashes', { 'strimzi.io/cluster': 'x', 'min.insync.replicas': 2, 'app.kubernetes.io/part-of': 'kafka-estate' }],
    [
      'nesting, empty collections and lists of maps',
      { spec: { a: {}, b: [], c: [{ x: 1, y: [1, 2, { z: false }] }, 'plain', [3, [4]]], d: { e: { f: null } } } },
    ],
  ])('writes %s so that YAML reads them back unchanged', (_what, value) => {
    expect(parse(toYaml(value))).toEqual(value);
  });

  it('refuses values YAML manifests cannot carry', () => {
    expect(() => toYaml({ a: Infinity })).toThrow(/cannot write Infinity/);
    expect(() => toYaml({ a: () => 1 })).toThrow(/cannot write a function/);
  });
});
