import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** tools/synth.js is plain JavaScript (it runs before anything is compiled); its functions, typed here. */
const launcher = require('../../tools/synth.js') as {
  bundle(root: string): void;
  bundleIsCurrent(root: string): boolean;
  BUNDLE: string;
};

describe('npm run synth bundles only when an input of the bundle changed', () => {
  const root = mkdtempSync(join(tmpdir(), 'synth-launcher-'));
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('package.json', '{"name":"x"}\n');
  write('tsconfig.json', '{"compilerOptions":{"strict":true}}\n');
  write('main.ts', "import { greeting } from './lib/greeting';\nconsole.log(greeting);\n");
  write('lib/greeting.ts', "export const greeting = 'hello';\n");
  write('lib/unused.ts', "export const unused = 'not in the bundle';\n");
  launcher.bundle(root);

  it('is current right after bundling, and when a file is written again unchanged', () => {
    expect(readFileSync(join(root, launcher.BUNDLE), 'utf8')).toContain('hello');
    expect(launcher.bundleIsCurrent(root)).toBe(true);
    write('lib/greeting.ts', "export const greeting = 'hello';\n");
    expect(launcher.bundleIsCurrent(root)).toBe(true);
  });

  it('ignores files the bundle does not hold', () => {
    write('lib/unused.ts', "export const unused = 'changed';\n");
    expect(launcher.bundleIsCurrent(root)).toBe(true);
  });

  it.each([
    ['an imported source', 'lib/greeting.ts', "export const greeting = 'hi';\n"],
    ['the entry point', 'main.ts', "import { greeting } from './lib/greeting';\nconsole.log(greeting, 1);\n"],
    ['tsconfig.json', 'tsconfig.json', '{"compilerOptions":{"strict":false}}\n'],
    ['package.json', 'package.json', '{"name":"y"}\n'],
    ['the bundle itself (another build wrote it)', 'dist/main.js', 'console.log("tsc");\n'],
  ])('is stale after a change to %s, and current after bundling again', (_what, file, text) => {
    write(file, text);
    expect(launcher.bundleIsCurrent(root)).toBe(false);
    launcher.bundle(root);
    expect(launcher.bundleIsCurrent(root)).toBe(true);
  });

  it('loads a provider module when the synth first uses it, not when the bundle starts', () => {
    write(
      'node_modules/@cdktf/provider-fake/lib/thing/index.js',
      "globalThis.loaded = true;\nexports.Thing = class Thing { name() { return 'thing'; } };\n",
    );
    write(
      'main.ts',
      "import { Thing } from '@cdktf/provider-fake/lib/thing';\n" +
        'const g = globalThis as { loaded?: boolean };\nconsole.log(`before ${g.loaded === true}`);\n' +
        "if (process.argv.includes('use')) console.log(new Thing().name(), Thing.name);\nconsole.log(`after ${g.loaded === true}`);\n",
    );
    launcher.bundle(root);
    const run = (...args: string[]) => execFileSync(process.execPath, [join(root, launcher.BUNDLE), ...args], { encoding: 'utf8' });
    expect(readFileSync(join(root, launcher.BUNDLE), 'utf8')).toContain('__lazyRequire("@cdktf/provider-fake/lib/thing")');
    expect(run()).toBe('before false\nafter false\n');
    expect(run('use')).toBe('before false\nthing Thing\nafter true\n');
  });

  it('is stale when the record of the inputs is missing', () => {
    write('dist/main.inputs.json', 'not json');
    expect(launcher.bundleIsCurrent(root)).toBe(false);
  });
});
