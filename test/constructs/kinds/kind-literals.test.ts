import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';

/**
 * Kind names are string literals only in the kinds folder and the schema: everywhere
 * else asks the kind (KindModel) instead of comparing names, so a new kind is one
 * folder plus one entry. `edge` is also a cloud and a site role, so only comparisons
 * with a `kind` count for it.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const KIND_LITERAL =
  /(['"`])(msk|msk-serverless|self-managed|event-hubs|gcp-managed)\1|kind\s*[!=]==\s*(['"`])edge\3|(['"`])edge\4\s*[!=]==\s*[\w.?]*kind\b/i;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Where kind names are allowed. The resilience model is a second opinion on the kinds'
 * own resilience code: asking the kind registry would make it share what it checks.
 */
const HOMES = [/^constructs\/kinds\//, /^constructs\/model\/schema\.ts$/, /^tools\/resilience-model\//];

/**
 * Files that still compare kind names, each to move into its kind. The test fails
 * when one of them no longer needs to be listed, so the list only shrinks.
 */
const NOT_YET_MOVED: readonly string[] = [];

export function kindLiterals(files: readonly string[]): Array<{ file: string; line: number; text: string }> {
  return files.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((text, i) => (KIND_LITERAL.test(text) && !/^\s*(\/\/|\*)/.test(text) ? [{ file, line: i + 1, text: text.trim() }] : [])),
  );
}

describe('kind names', () => {
  const files = [join(ROOT, 'main.ts'), ...['constructs', 'stacks', 'tools'].flatMap((d) => sources(join(ROOT, d)))]
    .map((p) => relative(ROOT, p))
    .filter((f) => !HOMES.some((h) => h.test(f)));
  const found = kindLiterals(files);

  it('appear as string literals only in constructs/kinds/ and the schema', () => {
    expect(found.filter((f) => !NOT_YET_MOVED.includes(f.file)).map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
  });

  it('leaves no file on the not-yet-moved list that no longer needs it', () => {
    expect(NOT_YET_MOVED.filter((f) => !found.some((x) => x.file === f))).toEqual([]);
  });

  it('finds a kind name compared outside its home, and edge only as a kind', () => {
    const probe = (text: string) => KIND_LITERAL.test(text);
    expect(probe("if (c.kind === 'msk') return;")).toBe(true);
    expect(probe('case "event-hubs":')).toBe(true);
    expect(probe("if (hub.kind !== 'edge') return;")).toBe(true);
    expect(probe("if (site.cloud === 'edge') return;")).toBe(false);
    expect(probe("implementation: 'msk-replicator'")).toBe(false);
  });
});
