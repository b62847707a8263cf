import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/**
 * docs/deploy.md: every block marked `sh offline` runs here, in order, against the reference
 * estates, in a scratch folder that sees the repository's environments/ and compiled dist/
 * (`npm test` builds first). `npm run synth` and `npm run review` run as the commands they
 * wrap, without the build step. A block that fails fails the test with its output.
 */
const ROOT = resolve(__dirname, '..', '..');
const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
const blocks = [...guide.matchAll(/```sh offline\n([\s\S]*?)```/g)].map((m) => m[1]);
const compiled = (block: string) =>
  block.replace(/\bnpm run synth\b/g, 'node dist/main.js').replace(/\bnpm run review\b/g, 'node dist/tools/review.js');

describe('docs/deploy.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-guide-'));
  for (const f of ['environments', 'dist', 'node_modules', 'package.json']) symlinkSync(join(ROOT, f), join(dir, f));
  // The guide's commands run as an operator would: every environment, frozen allocations as in CI.
  const { ENV_FILE: _ignored, ...rest } = process.env;
  const env = { ...rest, CDKTF_OUTDIR: join(dir, 'cdktf.out'), ALLOCATIONS: 'frozen' };

  it('has offline blocks for synth, review, bootstrap, moving state, deploy order, adding a site and losing a region', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    for (const heading of [
      '## Bootstrap',
      '## Moving state',
      '## Deploy order',
      '## First deploy',
      '## Adding a site',
      '## Losing a region',
      '## Failing back',
    ])
      expect(guide).toContain(heading);
  });

  it('runs every offline command successfully', () => {
    if (!existsSync(join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run npm run build (npm test does it first)');
    blocks.forEach((block, i) => {
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', compiled(block)], { cwd: dir, env, encoding: 'utf8', timeout: 120000 });
      if (r.status !== 0)
        throw new Error(
          `block ${i + 1} of docs/deploy.md failed (${r.status}):\n${block}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
        );
    });
    // What the blocks leave behind is what the guide says they make.
    const out = join(dir, 'cdktf.out');
    expect(JSON.parse(readFileSync(join(out, 'stacks', 'banking-bootstrap-aws-eu-central-1', 'local_override.tf.json'), 'utf8'))).toEqual({
      terraform: { backend: { local: { path: '../../../state/banking-bootstrap-aws-eu-central-1.tfstate' } } },
    });
  }, 300000);
});

describe('README and docs cite only files the project has', () => {
  const docs = ['README.md', ...['deploy.md', 'extending.md', 'bad-inputs.md'].map((f) => `docs/${f}`)];
  it.each(docs)('%s: every relative link resolves, and no DESIGN.md is cited', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    expect(text).not.toMatch(/DESIGN\.md/);
    const links = [...text.matchAll(/\]\((?!https?:|#|\.\/\w+\.svg)([^)\s#]+)/g)].map((m) => m[1]);
    const base = join(ROOT, doc, '..');
    expect(links.filter((l) => !existsSync(resolve(base, l)))).toEqual([]);
  });

  it('README links the deploy guide', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('[docs/deploy.md](docs/deploy.md)');
  });
});
