import { spawnSync } from 'child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';
import { environmentKey, programDigest, SynthCache, type EnvironmentInputs } from '../../stacks/synth-cache';

/** The compiled app (built by `npm test`'s pretest); `--cache` is what `npm run synth` passes. */
const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');

/** Every file under a folder with its bytes, by relative path. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

/** Differences between two output folders: files only in one, or with other bytes. */
function differences(a: string, b: string): string[] {
  const [ta, tb] = [tree(a), tree(b)];
  return [...new Set([...ta.keys(), ...tb.keys()])].sort().filter((f) => ta.get(f) !== tb.get(f));
}

describe('npm run synth reuses the output of unchanged environments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synth-cache-'));
  const cacheDir = join(dir, 'cache');
  // Two small environments: the reference dev estate and a copy under another name.
  const dev = join(dir, 'dev.yaml');
  const other = join(dir, 'lab.yaml');
  copyFileSync(join(ROOT, 'environments', 'dev.yaml'), dev);
  copyFileSync(join(ROOT, 'environments', 'dev.allocations.json'), join(dir, 'dev.allocations.json'));
  writeFileSync(other, readFileSync(dev, 'utf8').replace(/^name: dev$/m, 'name: lab'));
  copyFileSync(join(ROOT, 'environments', 'dev.allocations.json'), join(dir, 'lab.allocations.json'));
  let runs = 0;
  const synth = (cache: boolean) => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does it first)`);
    const out = join(dir, `out-${++runs}`, 'cdktf.out');
    const r = spawnSync(process.execPath, [MAIN, ...(cache ? ['--cache'] : [])], {
      env: { ...process.env, ENV_FILE: `${dev},${other}`, CDKTF_OUTDIR: out, SYNTH_CACHE_DIR: cacheDir },
      encoding: 'utf8',
      timeout: 60000,
    });
    if (r.status !== 0) throw new Error(`synth failed (${r.status}): ${r.stderr}`);
    return { out, stdout: r.stdout, reused: /reused the output of ([^:]+):/.exec(r.stdout)?.[1].split(', ') ?? [] };
  };

  const full = synth(false);
  const cold = synth(true);
  const warm = synth(true);
  // A real edit of one environment: more partitions for a topic.
  writeFileSync(
    other,
    readFileSync(other, 'utf8').replace(
      '{ name: inventory, cluster: main, partitions: 6',
      '{ name: inventory, cluster: main, partitions: 12',
    ),
  );
  const afterEdit = synth(true);
  const fullAfterEdit = synth(false);
  // The allocations file counts as an input even when only its layout changes.
  appendFileSync(join(dir, 'dev.allocations.json'), '\n');
  const afterAllocations = synth(true);

  it('builds everything on the first run and keeps each environment', () => {
    expect(cold.reused).toEqual([]);
    expect(readdirSync(cacheDir).sort()).toEqual(['dev', 'lab']);
    expect(differences(full.out, cold.out)).toEqual([]);
  });

  it('reuses every environment when nothing changed, with the output of a full synth byte for byte', () => {
    expect(warm.reused).toEqual(['dev', 'lab']);
    expect(differences(full.out, warm.out)).toEqual([]);
  });

  it('builds only the edited environment, and the output equals a full synth of the edited files byte for byte', () => {
    expect(afterEdit.reused).toEqual(['dev']);
    expect(differences(full.out, fullAfterEdit.out)).toEqual(['stacks/lab-fra-topics/cdk.tf.json']);
    expect(differences(fullAfterEdit.out, afterEdit.out)).toEqual([]);
  });

  it('builds again an environment whose allocations file changed', () => {
    expect(afterAllocations.reused).toEqual(['lab']);
    expect(differences(fullAfterEdit.out, afterAllocations.out)).toEqual([]);
  });

  it('does not use an entry with a file missing, added or changed', () => {
    const cache = new SynthCache(cacheDir);
    const key = (JSON.parse(readFileSync(join(cacheDir, 'lab', 'entry.json'), 'utf8')) as { key: string }).key;
    const stack = join(cacheDir, 'lab', 'out', 'stacks', 'lab-fra');
    expect(cache.read('lab', key)).toBeDefined();
    expect(cache.read('lab', 'another key')).toBeUndefined();
    const json = readFileSync(join(stack, 'cdk.tf.json'));
    writeFileSync(join(stack, 'cdk.tf.json'), json.toString().replace('"lab-fra"', '"lab-frx"'));
    expect(cache.read('lab', key)).toBeUndefined();
    writeFileSync(join(stack, 'cdk.tf.json'), json);
    writeFileSync(join(stack, 'extra.tf.json'), '{}');
    expect(cache.read('lab', key)).toBeUndefined();
    rmSync(join(stack, 'extra.tf.json'));
    expect(cache.read('lab', key)).toBeDefined();
    rmSync(join(stack, 'cdk.tf.json'));
    expect(cache.read('lab', key)).toBeUndefined();
  });

  it('is off without --cache (the app alone, the template way, the tests)', () => {
    expect(full.stdout).not.toMatch(/reused/);
    expect(fullAfterEdit.stdout).not.toMatch(/reused/);
  });
});

describe('the key of an environment output', () => {
  const base: EnvironmentInputs = {
    program: 'p1',
    file: 'environments/dev.yaml',
    text: 'name: dev\n',
    allocations: '{}\n',
    allocationsAfter: '{}\n',
    settings: { CDKTF_CONTEXT_JSON: undefined, SYNTH_HCL_OUTPUT: undefined },
  };
  const key = environmentKey(base);

  it.each<[string, Partial<EnvironmentInputs>]>([
    ['the program', { program: 'p2' }],
    ['the file name', { file: 'environments/dev2.yaml' }],
    ['the environment text (a comment too)', { text: 'name: dev\n# note\n' }],
    ['the allocations file', { allocations: '{ }\n' }],
    ['the allocations synth would record', { allocationsAfter: '{"asn/fra": 64512}\n' }],
    ['a cdktf setting', { settings: { ...base.settings, SYNTH_HCL_OUTPUT: 'true' } }],
    ['a setting set to the empty string', { settings: { ...base.settings, CDKTF_CONTEXT_JSON: '' } }],
    // Parts are length-prefixed: moving bytes from one input to the next is a change.
    ['bytes moved between inputs', { text: 'name: dev\n{}\n', allocations: '' }],
  ])('changes with %s', (_what, change) => {
    expect(environmentKey({ ...base, ...change })).not.toBe(key);
  });

  it('is the same for the same inputs', () => {
    expect(environmentKey({ ...base, text: Buffer.from('name: dev\n') })).toBe(key);
  });
});

describe('the digest of the program', () => {
  const root = mkdtempSync(join(tmpdir(), 'program-'));
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'node_modules', 'cdktf'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: { cdktf: '0.21.0', zod: '4.0.0' } }));
  writeFileSync(join(root, 'node_modules', 'cdktf', 'package.json'), JSON.stringify({ version: '0.21.0' }));
  writeFileSync(join(root, 'dist', 'main.js'), 'one();\n');
  const loaded = [join(root, 'dist', 'main.js'), join(root, 'node_modules', 'cdktf', 'index.js')];
  const before = programDigest(root, loaded);

  it('changes with a loaded file of the checkout, with a dependency version, and not with node_modules files', () => {
    writeFileSync(join(root, 'dist', 'main.js'), 'two();\n');
    const edited = programDigest(root, loaded);
    expect(edited).not.toBe(before);
    writeFileSync(join(root, 'node_modules', 'cdktf', 'package.json'), JSON.stringify({ version: '0.21.1' }));
    expect(programDigest(root, loaded)).not.toBe(edited);
    expect(programDigest(root, loaded.slice(0, 1))).toBe(programDigest(root, loaded));
  });
});
