import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'fs';
import { Composer, isMap, isScalar, LineCounter, Parser, type CST, type Document, type Node } from 'yaml';
import type { Problem } from './problems';

/**
 * Reading an environment file as a careless or hostile user may write it: only regular
 * files, only so many bytes, only so deep, so many nodes and so many alias expansions.
 * Every refusal is a Problem with the file (and the line when there is one); nothing
 * here recurses on the JavaScript stack over the input, so no input overflows it.
 */

/**
 * Largest environment file read: 1 MiB, ten times the 1,000-site edge fleet fixture
 * (test/fixtures/edge-fleet-1000.yaml, about 95 KB). Checked with stat before reading
 * and enforced again by a bounded read, since a file may grow in between.
 */
export const MAX_ENVIRONMENT_BYTES = 1024 * 1024;

/** Deepest nesting of mappings and lists; a real environment file nests about 6 deep. */
export const MAX_YAML_DEPTH = 64;

/** Most YAML nodes (keys, values, list items) in one file; the 1,000-site fleet has about 12,000. */
export const MAX_YAML_NODES = 200_000;

/**
 * Most nodes YAML aliases may expand to, in the `yaml` package's own measure
 * (ToJSOptions.maxAliasCount: alias count times the size of what it points at). Its
 * default, 100, already stops an alias bomb; anchors for shared defaults stay usable.
 */
export const MAX_ALIAS_COUNT = 100;

const fileProblem = (file: string, message: string, fix: string, line?: number): Problem => ({
  file,
  path: '',
  message,
  fix,
  ...(line !== undefined ? { line } : {}),
});

/**
 * The text of an environment file, or why it cannot be one. A FIFO, a socket, a device
 * such as /dev/zero or a directory is refused before it is opened for reading, so a
 * read can neither block forever nor fill memory.
 */
export function readEnvironmentText(file: string): { text: string } | { problem: Problem } {
  const refuse = (message: string, fix = 'point ENV_FILE (or environments/) at a .yaml file.') => ({
    problem: fileProblem(file, message, fix),
  });
  let fd: number | undefined;
  try {
    const kind = fileKind(statSync(file));
    if (kind !== 'file') return refuse(`is ${kind}, not a regular environment file.`);
    const tooBig = (size: number) => ({ problem: tooBigProblem(file, size) });
    const size = statSync(file).size;
    if (size > MAX_ENVIRONMENT_BYTES) return tooBig(size);
    // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, the open does not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const opened = fileKind(fstatSync(fd));
    if (opened !== 'file') return refuse(`is ${opened}, not a regular environment file.`);
    const buf = Buffer.alloc(MAX_ENVIRONMENT_BYTES + 1);
    let read = 0;
    for (let n = -1; n !== 0 && read < buf.length; read += n) n = readSync(fd, buf, read, buf.length - read, null);
    if (read > MAX_ENVIRONMENT_BYTES) return tooBig(Math.max(read, fstatSync(fd).size));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, read));
    } catch {
      return refuse('is not UTF-8 text (a binary file, or another encoding).', 'save the environment file as UTF-8 text.');
    }
    return { text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied)'
          : code === 'ENAMETOOLONG'
            ? 'cannot be read (the path is too long)'
            : `cannot be read (${code ?? String(e)})`;
    return refuse(`file ${why}.`, 'check the path (ENV_FILE or environments/).');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooBigProblem(file: string, size: number): Problem {
  return fileProblem(
    file,
    `is ${size.toLocaleString('en-US')} bytes, above the limit of ${MAX_ENVIRONMENT_BYTES.toLocaleString('en-US')} bytes (1 MiB) for an environment file.`,
    'split the estate into several environment files, or describe large fleets with fleet defaults instead of per-site copies.',
  );
}

function fileKind(s: Stats): string {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Limits of one parse; tests lower them to reach them with small inputs. */
export interface YamlLimits {
  readonly depth: number;
  readonly nodes: number;
  readonly aliasCount: number;
}

export const YAML_LIMITS: YamlLimits = { depth: MAX_YAML_DEPTH, nodes: MAX_YAML_NODES, aliasCount: MAX_ALIAS_COUNT };

/** A parsed YAML document with the line counter its positions resolve through. */
export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly data: unknown;
}

/**
 * Parses YAML text into a document and plain data, or returns why it cannot: syntax
 * errors, nesting deeper than MAX_YAML_DEPTH, more than MAX_YAML_NODES nodes, alias
 * expansion beyond MAX_ALIAS_COUNT, duplicate keys. The limits are checked on the
 * concrete syntax tree, with an explicit stack, before the document is composed.
 */
export function parseYaml(text: string, file: string, limits: YamlLimits = YAML_LIMITS): ParsedYaml | { problems: Problem[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_ENVIRONMENT_BYTES) return { problems: [tooBigProblem(file, bytes)] };
  const bad = firstNonPrintable(text);
  if (bad !== undefined) {
    const line = text.slice(0, bad).split(/\r\n?|\n/).length;
    const code = text.codePointAt(bad)!.toString(16).toUpperCase().padStart(4, '0');
    return {
      problems: [
        fileProblem(
          file,
          `holds the non-printable character U+${code} at line ${line}; YAML allows printable characters only (YAML 1.2, 5.1).`,
          'remove it; environment files are UTF-8 text (write control characters in double quotes as escapes such as \\t).',
          line,
        ),
      ],
    };
  }
  // YAML 1.2 counts a lone CR as a line break (b-break); the parser does not, so a file
  // saved with classic Mac line endings would read as one line.
  const source = /\r(?!\n)/.test(text) ? text.replace(/\r\n?/g, '\n') : text;
  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(source)];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const shape = measure(tokens, limits);
  if (shape.deepestAt !== undefined) {
    return {
      problems: [
        fileProblem(
          file,
          `nests mappings and lists more than ${limits.depth} deep (line ${lineAt(shape.deepestAt)}); an environment file nests about 6 deep.`,
          'flatten the structure; see environments/schema.json for the shape of the file.',
          lineAt(shape.deepestAt),
        ),
      ],
    };
  }
  if (shape.nodes > limits.nodes) {
    return {
      problems: [
        fileProblem(
          file,
          `holds more than ${limits.nodes.toLocaleString('en-US')} YAML nodes (keys, values, list items), the limit for an environment file.`,
          'split the estate into several environment files, or use fleet defaults instead of per-site copies.',
        ),
      ],
    };
  }
  // uniqueKeys: false because the yaml package compares every key with every earlier key
  // of its map (quadratic); duplicateKeys below does it with one set per map.
  const composer = new Composer({ prettyErrors: true, uniqueKeys: false });
  const docs = [...composer.compose(tokens, true, source.length)];
  const problems: Problem[] = [];
  const syntax = (offset: number | undefined, message: string) => {
    const line = offset === undefined ? undefined : lineAt(offset);
    const col = offset === undefined ? undefined : lineCounter.linePos(offset).col;
    problems.push(
      fileProblem(
        file,
        `YAML syntax error at line ${line ?? '?'}, column ${col ?? '?'}: ${message.split('\n')[0]}`,
        'fix the YAML syntax (indentation, quotes, colons) at that line.',
        line,
      ),
    );
  };
  const [doc] = docs;
  for (const e of doc.errors) syntax(e.pos[0], e.message);
  if (docs.length > 1) syntax(docs[1].range[0], 'the file holds more than one YAML document (a second ---).');
  if (problems.length > 0) return { problems };
  for (const d of duplicateKeys(doc)) {
    const { line, col } = lineCounter.linePos(d.offset);
    problems.push(fileProblem(file, `YAML syntax error at line ${line}, column ${col}: ${d.message}`, d.fix, line));
  }
  if (problems.length > 0) return { problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.aliasCount }) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(message))
      return {
        problems: [
          fileProblem(
            file,
            `YAML aliases expand to more than ${limits.aliasCount} nodes (the yaml package's maxAliasCount), the shape of an alias bomb.`,
            'write the repeated settings out, or use fleet defaults; anchors may point at small mappings only.',
          ),
        ],
      };
    return { problems: [fileProblem(file, `cannot be read as YAML data: ${message}.`, 'check the YAML at the line named.')] };
  }
  if (holdsLoop(data))
    return {
      problems: [
        fileProblem(
          file,
          'a YAML alias points at a mapping or list that contains the alias itself, so the data has no end.',
          'point aliases only at anchors outside the node that uses them, or write the settings out.',
        ),
      ],
    };
  return { doc, lineCounter, data };
}

/** True when following objects from `data` comes back to one on the current path (an alias to an ancestor). */
function holdsLoop(data: unknown): boolean {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: Array<{ node: object; leaving: boolean }> = [];
  if (data !== null && typeof data === 'object') stack.push({ node: data, leaving: false });
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (leaving) {
      onPath.delete(node);
      done.add(node);
      continue;
    }
    if (onPath.has(node)) return true;
    if (done.has(node)) continue;
    onPath.add(node);
    stack.push({ node, leaving: true });
    for (const child of Object.values(node)) {
      if (child === null || typeof child !== 'object') continue;
      if (onPath.has(child)) return true;
      if (!done.has(child)) stack.push({ node: child, leaving: false });
    }
  }
  return false;
}

/**
 * Offset of the first character YAML's c-printable excludes: C0 controls other than
 * tab, LF and CR, DEL, C1 controls other than NEL, surrogates and U+FFFE/U+FFFF.
 * @see https://yaml.org/spec/1.2.2/#51-character-set
 */
function firstNonPrintable(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x85) continue;
    if (c >= 0xa0 && c <= 0xd7ff) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xe000 && c <= 0xfffd) continue;
    return i;
  }
  return undefined;
}

type CstToken = CST.Token;

/**
 * Depth and node count of a concrete syntax tree, walked with an explicit stack.
 * `deepestAt` is the offset of the first node past the depth limit.
 */
function measure(tokens: readonly CstToken[], limits: YamlLimits): { nodes: number; deepestAt?: number } {
  const stack: Array<[CstToken, number]> = tokens.map((t): [CstToken, number] => [t, 0]);
  let nodes = 0;
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    nodes++;
    if (nodes > limits.nodes) return { nodes };
    if (depth > limits.depth) return { nodes, deepestAt: t.offset };
    switch (t.type) {
      case 'document':
        if (t.value) stack.push([t.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        for (const it of t.items) {
          if (it.key) stack.push([it.key, depth + 1]);
          if (it.value) stack.push([it.value, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
  return { nodes };
}

/**
 * Keys repeated inside one mapping, in one pass per mapping. YAML forbids them and
 * the second would silently win, so each is reported where it repeats.
 */
function duplicateKeys(doc: Document.Parsed): Array<{ offset: number; message: string; fix: string }> {
  const out: Array<{ offset: number; message: string; fix: string }> = [];
  const stack: Array<Node | null | undefined> = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || isScalar(node)) continue;
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const name = isScalar(key) ? String(key.value) : String(key);
        const offset = key?.range?.[0] ?? node.range?.[0] ?? 0;
        if (seen.has(name))
          out.push({
            offset,
            message: `Map keys must be unique: "${name}" appears twice in the same mapping.`,
            fix: 'keep one of them (the later one would silently win).',
          });
        else seen.set(name, offset);
        stack.push(pair.value as Node | null);
      }
    } else if ('items' in node) {
      for (const it of (node as { items: Array<Node | null> }).items) stack.push(it);
    }
  }
  return out;
}
