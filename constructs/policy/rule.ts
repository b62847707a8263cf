/**
 * Policy rules are pure functions over one synthesized element: its Terraform type and
 * its resolved configuration (snake_case, references as `${...}` strings). They never see
 * constructs, so they judge what Terraform will receive, including raw provider
 * resources an extender adds next to ours. No cdktf import here: the review report and
 * the bad-input catalogue use these files as plain data and functions.
 */

export type Severity = 'error' | 'warning';

/** Where an element comes from: a resource, a data source, the state backend, or a rendered manifest file. */
export type ElementKind = 'resource' | 'data' | 'backend' | 'file';

/** What a rule sees of one synthesized element. */
export interface ResourceView {
  /** Stack id, e.g. `banking-fra`. */
  readonly stack: string;
  /** Terraform address (`aws_msk_cluster.main_Resource_1A2B3C4D`), `terraform.backend.s3`, or `file:<path>#<n>`. */
  readonly address: string;
  /** Construct path, e.g. `banking-fra/main/Resource`; suppression scopes match against it. */
  readonly path: string;
  readonly kind: ElementKind;
  /** Terraform type (`aws_msk_cluster`, `aws_iam_policy_document` for data, `s3` for a backend, `kubernetes_manifest` for files). */
  readonly type: string;
  /** Resolved configuration, snake_case as in cdk.tf.json. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Environment stage; undefined is judged as prod (the strict side). */
  readonly stage?: 'dev' | 'prod';
  /** Which attribute carries tags or labels, when the resource type has one. */
  readonly tagAttribute?: 'tags' | 'labels';
  /** Tags or labels the provider adds to every resource (AWS default_tags, Google default_labels). */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /**
   * Every element of the same stack, this one included: rules that join resources the way
   * Checkov's graph checks do (a VPC and its flow log) look here. Absent when the view is
   * judged alone (the bad-input catalogue, a unit test), and such rules then say so.
   */
  readonly others?: readonly ResourceView[];
}

/**
 * A check of a scanner a bank runs on every Terraform change (Checkov, Trivy) that a rule
 * mirrors (judges the same attribute the same way) or extends (judges it more strictly,
 * or on resource types the scanner has no rule for).
 */
export interface ScannerCheck {
  readonly scanner: 'checkov' | 'trivy';
  /** The scanner's id: `CKV2_AWS_11`, `AVD-AWS-0178`. */
  readonly id: string;
  readonly relation: 'mirrors' | 'extends';
  /** The upstream file the rule was written against: `<owner>/<repo>/<path>`. */
  readonly source: string;
}

/** A rule's judgement of one element. */
export type Verdict =
  | 'compliant'
  | 'not-applicable'
  /** Violates the rule: `detail` names the attribute and the value received. */
  | { readonly status: 'non-compliant'; readonly detail: string }
  /** The value is only known at apply time, so the rule cannot judge it: a finding, never a silent pass. */
  | { readonly status: 'undecidable'; readonly detail: string };

export interface PolicyRule {
  /** Stable id, `KAF-NNN`; never reused for another meaning. */
  readonly id: string;
  readonly title: string;
  /** Why the rule exists, for the review and the catalogue. */
  readonly why: string;
  /** What would be right. */
  readonly fix: string;
  /** Errors fail synth; warnings are reported. */
  readonly severity: Severity;
  /** False for rules no reason can waive (plaintext over a VPN). @default true */
  readonly suppressible?: boolean;
  /** Scanner checks this rule mirrors or extends; none when no scanner looks at what the rule judges. */
  readonly scanners?: readonly ScannerCheck[];
  /**
   * Controls the rule serves, as `<framework> <section>`: `NIST 800-53 AU-12`,
   * `CIS AWS 1.4 5.3`, `ISO 27001 A.8.15`, `PCI DSS 4.0 10.5.1`, `DORA Art. 9`.
   * The compliance table (docs/compliance.md) and the review are generated from these.
   */
  readonly controls: readonly string[];
  /** Terraform types the rule reads (documentation and dispatch); `*` for every element. */
  readonly appliesTo: readonly string[];
  readonly check: (r: ResourceView) => Verdict;
}

export const fail = (detail: string): Verdict => ({ status: 'non-compliant', detail });
export const undecidable = (detail: string): Verdict => ({ status: 'undecidable', detail });

/** Combines verdicts of several attributes: any failure wins, then undecidable, then compliant. */
export function worst(verdicts: readonly Verdict[]): Verdict {
  const failures = verdicts.filter(
    (v): v is { status: 'non-compliant'; detail: string } => typeof v === 'object' && v.status === 'non-compliant',
  );
  if (failures.length > 0) return fail(failures.map((f) => f.detail).join(' '));
  const unknown = verdicts.filter(
    (v): v is { status: 'undecidable'; detail: string } => typeof v === 'object' && v.status === 'undecidable',
  );
  if (unknown.length > 0) return undecidable(unknown.map((f) => f.detail).join(' '));
  return verdicts.includes('compliant') ? 'compliant' : 'not-applicable';
}

/** A Terraform expression (a reference or function) rather than a literal. */
export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.includes('${');
}

/**
 * Reads `a.b.c` from resolved config. Single nested blocks may be written as an object or
 * a one-element list in Terraform JSON, so a list is read through its first element.
 */
export function get(config: unknown, path: string): unknown {
  let cur: unknown = config;
  for (const key of path.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A list of blocks or values, whether written as a list, a single object or absent. */
export function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** True, false, or undefined when absent; an expression is reported as such. */
export function bool(v: unknown): boolean | undefined | 'expression' {
  if (v === undefined || v === null) return undefined;
  if (isExpression(v)) return 'expression';
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return 'expression';
}

/** Parses server.properties text (`k=v` lines, `#` comments). */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const i = line.search(/[=:]/);
    if (i < 0) continue;
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** A Kubernetes manifest carried by a kubernetes_manifest resource or a rendered file. */
export function manifestOf(
  r: ResourceView,
): { apiVersion?: string; kind?: string; metadata?: Record<string, unknown>; spec?: Record<string, unknown> } | undefined {
  if (r.type !== 'kubernetes_manifest') return undefined;
  const m = r.config.manifest;
  return m !== null && typeof m === 'object' && !Array.isArray(m) ? (m as ReturnType<typeof manifestOf>) : undefined;
}

/** A Strimzi custom resource of the given kind (any kafka.strimzi.io version). */
export function strimzi(r: ResourceView, kind: string): Record<string, unknown> | undefined {
  const m = manifestOf(r);
  if (!m || m.kind !== kind || !String(m.apiVersion ?? '').startsWith('kafka.strimzi.io/')) return undefined;
  return (m.spec ?? {}) as Record<string, unknown>;
}

/**
 * Broker-level Kafka settings the element declares: an MSK configuration's
 * server_properties or a Strimzi Kafka's spec.kafka.config. Undefined when the element
 * declares no broker configuration.
 */
export function brokerSettings(r: ResourceView): { where: string; settings: Record<string, string> } | 'expression' | undefined {
  if (r.type === 'aws_msk_configuration') {
    const text = r.config.server_properties;
    if (typeof text !== 'string') return { where: 'server_properties', settings: {} };
    if (isExpression(text)) return 'expression';
    return { where: 'server_properties', settings: parseProperties(text) };
  }
  const kafka = strimzi(r, 'Kafka');
  if (kafka) {
    const config = (get(kafka, 'kafka.config') ?? {}) as Record<string, unknown>;
    return { where: 'spec.kafka.config', settings: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])) };
  }
  return undefined;
}

/**
 * Checks broker settings against required values. `atLeast` compares numbers; otherwise
 * the value must match exactly. A missing key fails: Kafka's and MSK's defaults are unsafe.
 */
export function requireSettings(r: ResourceView, required: ReadonlyArray<{ key: string; value: string; atLeast?: boolean }>): Verdict {
  const found = brokerSettings(r);
  if (found === undefined) return 'not-applicable';
  if (found === 'expression') return undecidable('server_properties is computed at apply time, so the broker settings cannot be read.');
  const wrong: string[] = [];
  for (const { key, value, atLeast } of required) {
    const got = found.settings[key];
    if (got === undefined) wrong.push(`${key} is not set (the broker default is unsafe)`);
    else if (atLeast ? !(Number(got) >= Number(value)) : got.toLowerCase() !== value) wrong.push(`${key}=${got}`);
  }
  return wrong.length === 0 ? 'compliant' : fail(`${found.where}: ${wrong.join(', ')}.`);
}

/** One key of a map whose keys contain dots (Kafka settings), unlike `get`. */
export function entry(map: unknown, key: string): unknown {
  if (Array.isArray(map)) map = map[0];
  return map !== null && typeof map === 'object' ? (map as Record<string, unknown>)[key] : undefined;
}

/**
 * Elements of the stack whose configuration refers to `r` (Terraform `${<address>.…}`),
 * optionally of one type. Undefined when the view carries no stack (judged alone).
 */
export function referrers(r: ResourceView, type?: string): ResourceView[] | undefined {
  if (!r.others) return undefined;
  const needle = `\${${r.address}.`;
  return r.others.filter(
    (o) => o.address !== r.address && (type === undefined || o.type === type) && JSON.stringify(o.config).includes(needle),
  );
}
