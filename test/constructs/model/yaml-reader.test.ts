import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { createServer, type Server } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { loadEnvironmentFile, parseEnvironmentText } from '../../../constructs/model/environment-file';
import type { EnvironmentCheck } from '../../../constructs/model/problems';
import {
  MAX_ALIAS_COUNT,
  MAX_ENVIRONMENT_BYTES,
  MAX_YAML_DEPTH,
  MAX_YAML_NODES,
  parseYaml,
  readEnvironmentText,
  YAML_LIMITS,
} from '../../../constructs/model/yaml-reader';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { baseEnv, problemsOf } from '../../helpers';

const dir = mkdtempSync(join(tmpdir(), 'yaml-reader-'));
const problemOf = (file: string) => {
  const r = readEnvironmentText(file);
  if (!('problem' in r)) throw new Error(`expected ${file} to be refused`);
  return r.problem;
};

describe('readEnvironmentText: only regular files, only so many bytes', () => {
  it('refuses a named pipe without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(problemOf(fifo).message).toBe('is a named pipe (FIFO), not a regular environment file.');
  });

  it('refuses /dev/zero and /dev/null (character devices) before reading a byte', () => {
    expect(problemOf('/dev/zero').message).toBe('is a character device, not a regular environment file.');
    expect(problemOf('/dev/null').message).toBe('is a character device, not a regular environment file.');
  });

  it('refuses a directory and a socket', async () => {
    mkdirSync(join(dir, 'folder.yaml'));
    expect(problemOf(join(dir, 'folder.yaml')).message).toMatch(/^is a directory/);
    const sock = join(dir, 'env.sock');
    const server: Server = createServer();
    await new Promise<void>((done) => server.listen(sock, done));
    try {
      expect(problemOf(sock).message).toBe('is a socket, not a regular environment file.');
    } finally {
      server.close();
    }
  });

  it('refuses a file above the size limit, naming the size and the limit', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `name: x\n# ${'x'.repeat(MAX_ENVIRONMENT_BYTES)}\n`);
    const p = problemOf(big);
    expect(p.message).toMatch(/^is 1,048,58\d bytes, above the limit of 1,048,576 bytes \(1 MiB\) for an environment file\.$/);
    expect(p.fix).toMatch(/split the estate/);
  });

  it('reads a file at the limit', () => {
    const edge = join(dir, 'edge.yaml');
    const head = 'name: x\n# ';
    writeFileSync(edge, head + 'x'.repeat(MAX_ENVIRONMENT_BYTES - head.length));
    expect(readEnvironmentText(edge)).toEqual({ text: expect.stringMatching(/^name: x/) });
  });

  it('names the file in every refusal, through loadEnvironmentFile too', () => {
    const r = loadEnvironmentFile('/dev/zero', ESTATE_CHECKS);
    expect(r.problems).toEqual([expect.objectContaining({ file: '/dev/zero', path: '' })]);
  });
});

describe('parseYaml: depth, nodes, aliases and duplicate keys', () => {
  const refused = (text: string, limits = YAML_LIMITS) => {
    const r = parseYaml(text, 'x.yaml', limits);
    if (!('problems' in r)) throw new Error('expected the text to be refused');
    return r.problems;
  };

  it('refuses flow nesting beyond the depth limit with its line, without overflowing the stack', () => {
    const p = refused(`name: dev\nx: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`);
    expect(p).toEqual([
      expect.objectContaining({ file: 'x.yaml', line: 2, message: expect.stringMatching(`more than ${MAX_YAML_DEPTH} deep`) }),
    ]);
  });

  it('refuses list nesting and block nesting beyond the limit', () => {
    expect(refused(`x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)[0].message).toMatch(/nests mappings and lists more than 64 deep/);
    const block = Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' v\n';
    expect(refused(block)[0]).toEqual(expect.objectContaining({ line: 66 }));
  });

  it('accepts nesting at the limit', () => {
    const ok = parseYaml(`x: ${'['.repeat(MAX_YAML_DEPTH - 1)}${']'.repeat(MAX_YAML_DEPTH - 1)}\n`, 'x.yaml');
    expect('problems' in ok).toBe(false);
  });

  it('refuses more nodes than the limit', () => {
    expect(MAX_YAML_NODES).toBe(200_000);
    const small = { ...YAML_LIMITS, nodes: 1000 };
    expect(refused(`x: [${'1,'.repeat(1000)}1]\n`, small)[0].message).toMatch(/holds more than 1,000 YAML nodes/);
    expect('data' in parseYaml(`x: [${'1,'.repeat(990)}1]\n`, 'x.yaml', small)).toBe(true);
  });

  it('refuses an alias bomb with a problem, not a ReferenceError', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(refused(lines.join('\n'))[0].message).toBe(
      `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (the yaml package's maxAliasCount), the shape of an alias bomb.`,
    );
  });

  it('keeps small anchors usable (shared defaults)', () => {
    const r = parseYaml('d: &d {a: 1}\nx: *d\ny: *d\n', 'x.yaml');
    expect('data' in r && r.data).toEqual({ d: { a: 1 }, x: { a: 1 }, y: { a: 1 } });
  });

  it('refuses an alias that points at its own ancestor (data without end)', () => {
    expect(refused('tags: &t\n  cost-center: *t\n')[0].message).toMatch(/contains the alias itself/);
  });

  it('reports a duplicate key as a syntax error with its line', () => {
    expect(refused('name: a\nowner: x\nname: b\n')).toEqual([
      expect.objectContaining({
        line: 3,
        message: 'YAML syntax error at line 3, column 1: Map keys must be unique: "name" appears twice in the same mapping.',
      }),
    ]);
  });

  it('checks duplicate keys in linear time: 40,000 tags take a second, not the 13 s of a pairwise check', () => {
    const text = `tags:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: v`).join('\n')}\n  k5: again\n`;
    // CPU time, not wall time: the machine running the suite may be busy with other work.
    const started = process.cpuUsage();
    expect(refused(text)[0].message).toMatch(/"k5" appears twice/);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(5000);
  });

  it('refuses a second YAML document', () => {
    expect(refused('name: a\n---\nname: b\n')[0].message).toMatch(/more than one YAML document/);
  });

  it('refuses text above the size limit without parsing it', () => {
    expect(refused('#'.repeat(MAX_ENVIRONMENT_BYTES + 1))[0].message).toMatch(/above the limit of 1,048,576 bytes/);
  });
});

describe('messages of the loading pass', () => {
  it('reads a file saved with CR-only line endings (not "file is empty")', () => {
    const text = stringify(baseEnv()).replace(/\n/g, '\r');
    expect(problemsOf(text).filter((p) => p.severity !== 'warning')).toEqual([]);
  });

  it('says a missing enum key is missing (not "undefined is not allowed")', () => {
    const e = baseEnv();
    delete e.stage;
    expect(problemsOf(e)).toEqual([
      expect.objectContaining({ path: 'stage', message: 'is required but missing.', fix: 'add stage: one of dev, prod.' }),
    ]);
  });

  it('says a missing discriminator is missing and names the variants of that union', () => {
    const e = baseEnv();
    e.backend = { bucket: 'x' };
    expect(problemsOf(e)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'backend.type',
          message: 'is required but missing.',
          fix: 'set type to one of: local, s3, azurerm, gcs, per-region.',
        }),
      ]),
    );
  });

  it('shows Infinity as written, not as null', () => {
    const p = problemsOf(
      'name: x\nstage: dev\nowner: o\nsites: [{id: fra, cloud: aws, region: eu-central-1, cidr: 10.0.0.0/16, uplinkMbps: .inf}]\n',
    );
    expect(p.find((x) => x.path === 'sites[0].uplinkMbps')?.message).toMatch(/^Infinity /);
  });
});

describe('unknown keys do not hide the semantic checks', () => {
  it('reports the unknown key and the semantic problems of the same file', () => {
    const e = baseEnv();
    e.clusters[0].broker = 3; // unknown key
    e.topics[0].replicationFactor = 4; // semantic: RF above the broker count
    const p = problemsOf(e);
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining(['clusters[0].broker', 'topics[0].replicationFactor']));
    expect(p.every((x) => x.file === 'test.yaml' && x.line !== undefined)).toBe(true);
  });

  it('still stops at the schema when other schema problems exist (types are not trustworthy)', () => {
    const e = baseEnv();
    e.clusters[0].broker = 3;
    e.clusters[0].brokers = 'three';
    expect(
      problemsOf(e)
        .map((x) => x.path)
        .sort(),
    ).toEqual(['clusters[0].broker', 'clusters[0].brokers']);
  });

  it('returns no environment when only unknown keys are wrong', () => {
    const e = baseEnv();
    e.sites[0].regoin = 'x';
    expect(parseEnvironmentText(stringify(e), 'test.yaml', ESTATE_CHECKS).env).toBeUndefined();
  });
});

describe('a check that throws', () => {
  const broken: EnvironmentCheck = function checkThatThrows() {
    throw new Error('index 2 is outside');
  };

  it('becomes a problem naming the check, with the file, beside the other checks problems', () => {
    const e = baseEnv();
    e.topics[0].replicationFactor = 4;
    const r = parseEnvironmentText(stringify(e), 'test.yaml', [...ESTATE_CHECKS, broken]);
    expect(r.env).toBeUndefined();
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'test.yaml', path: 'topics[0].replicationFactor' }),
        expect.objectContaining({ file: 'test.yaml', message: 'the check checkThatThrows could not judge this file: index 2 is outside.' }),
      ]),
    );
  });
});
