import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { allocationsCommand } from '../../tools/allocations';

const ENVIRONMENTS = resolve(__dirname, '..', '..', 'environments');

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'alloc-cmd-'));
  mkdirSync(join(root, 'environments'));
  for (const f of ['retail.yaml', 'retail.allocations.json', 'banking.yaml', 'banking.allocations.json'])
    cpSync(join(ENVIRONMENTS, f), join(root, 'environments', f));
  return root;
}

describe('npm run allocations', () => {
  it('refuses to release a key the environment still uses', () => {
    const root = project();
    const log: string[] = [];
    expect(allocationsCommand(['release', 'asn/hub'], root, (l) => log.push(l))).toBe(1);
    expect(log[0]).toMatch(/"asn\/hub" is still used by retail/);
  });

  it("releases a removed site's entry and keeps every other one", () => {
    const root = project();
    const file = join(root, 'environments', 'banking.allocations.json');
    const yaml = join(root, 'environments', 'banking.yaml');
    const text = readFileSync(yaml, 'utf8');
    // mil is no longer a site of the cluster
    writeFileSync(yaml, text.replace(/sites: \[fra, par, mil\]/, 'sites: [fra, par]'));
    const log: string[] = [];
    expect(allocationsCommand(['release', 'kraft-site/core/mil', '--env', 'banking'], root, (l) => log.push(l))).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      'dashboard/aws': 'fra',
      'kraft-site/core/fra': 0,
      'kraft-site/core/par': 1,
      'state-copy/banking-core-topics/mil': 1,
      'state-copy/banking-core-topics/par': 2,
    });
    // The state copy into mil's store is released the same way, once the cluster left mil; not before.
    expect(allocationsCommand(['release', 'state-copy/banking-core-topics/par', '--env', 'banking'], root, (l) => log.push(l))).toBe(1);
    expect(log.at(-1)).toMatch(/still used by banking/);
    expect(allocationsCommand(['release', 'state-copy/banking-core-topics/mil', '--env', 'banking'], root, (l) => log.push(l))).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).not.toContain('state-copy/banking-core-topics/mil');
  });

  it('names an unknown key and lists entries', () => {
    const root = project();
    const log: string[] = [];
    expect(allocationsCommand(['release', 'asn/nowhere'], root, (l) => log.push(l))).toBe(1);
    expect(log[0]).toMatch(/no environment records "asn\/nowhere"/);
    log.length = 0;
    expect(allocationsCommand(['list', '--env', 'retail'], root, (l) => log.push(l))).toBe(0);
    expect(log).toContain('retail\tasn/hub\t65100');
  });
});
