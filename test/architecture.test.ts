import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve } from 'path';

/**
 * The layer rule's other half (eslint.config.mjs holds the import restrictions): no
 * file reaches itself through imports, type imports included, so every layer can be
 * read, tested and replaced from the bottom up.
 */
const ROOT = resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)].map((m) => m[1]);
  return specs.flatMap((s) => {
    const base = resolve(dirname(file), s);
    const hit = [`${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c));
    return hit ? [hit] : [];
  });
}

function importCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') cycles.push(stack.slice(stack.indexOf(g)).map((p) => relative(ROOT, p)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

describe('architecture', () => {
  const files = [join(ROOT, 'main.ts'), ...['constructs', 'stacks', 'tools'].flatMap((d) => sources(join(ROOT, d)))];

  it('has no import circles in the product', () => {
    expect(importCycles(files)).toEqual([]);
  });

  it('finds a circle when there is one, type imports included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cycle-'));
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
    writeFileSync(join(dir, 'b.ts'), "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n");
    writeFileSync(join(dir, 'c.ts'), "import { a } from './a';\nexport const c = a;\n");
    const cycles = importCycles(['a', 'b', 'c'].map((n) => join(dir, `${n}.ts`)));
    expect(cycles).toHaveLength(1);
    expect(cycles[0].map((p) => p.split('/').pop())).toEqual(['a.ts', 'b.ts']);
  });
});
