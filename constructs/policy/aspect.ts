import {
  Aspects,
  Lazy,
  TerraformBackend,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  type IAspect,
} from 'cdktf';
import type { IConstruct } from 'constructs';
import { resolve } from 'cdktf/lib/_tokens';
import { parseAllDocuments } from 'yaml';
import { RenderedFile } from '../rendered-file';
import { blocking, evaluate, formatFinding, suppressionProblems, type Finding, type Suppression } from './evaluate';
import { get, type ResourceView } from './rule';
import { POLICY_RULES } from './rules';
import { scannerSkips, type ScannerSkip } from './scanner-waivers';
import { ConstructError } from '../construct-error';

const SUPPRESSION_METADATA = 'kafka-estate/policy-suppression';

/**
 * Waives one rule for `scope` and everything below it. The reason is mandatory (at least
 * 20 characters), lands in the synthesized output and the review, and some rules (KAF-007,
 * plaintext replication) cannot be waived at all.
 */
export function suppress(scope: IConstruct, rule: string, reason: string): void {
  const problems = suppressionProblems({ rule, reason });
  if (problems.length > 0) {
    // Environment files: checkSuppressions reports the same problems first, with file and path.
    throw new ConstructError(
      scope,
      problems.map((p) => `suppress ${rule}: ${p.message} Fix: ${p.fix}`),
    );
  }
  scope.node.addMetadata(SUPPRESSION_METADATA, { rule, reason: reason.trim() });
}

export interface PolicyOptions {
  /** Environment stage; prod-only rules are skipped in dev. @default - judged as prod */
  readonly stage?: 'dev' | 'prod';
  /** Suppressions from the environment file (`policy.suppressions`). */
  readonly suppressions?: ReadonlyArray<{ rule: string; reason: string; scope: string }>;
}

/** A suppression and how many findings it waived in the last evaluation. */
export interface SuppressionUse extends Suppression {
  readonly matched: number;
}

export interface StackPolicyRecord {
  readonly stack: string;
  readonly rules: number;
  readonly elements: number;
  /** Rules that judge an element type of this stack: what the review lists as covered. */
  readonly covered: string[];
  /** Every non-passing verdict, suppressed ones included (with their reason). */
  readonly findings: Finding[];
  readonly suppressions: SuppressionUse[];
  /** Scanner findings the product explains on this stack's resources (waivers and carried-over suppressions). */
  readonly scannerSkips: ScannerSkip[];
}

/** What the policy knows about one stack: the elements the aspect visited and the options. */
class StackPolicy {
  public readonly elements = new Set<IConstruct>();
  /** Set by enforcePolicy: the App reports every stack's findings at once instead of each stack failing alone. */
  public deferred = false;
  private last?: StackPolicyRecord;

  constructor(
    public readonly stack: TerraformStack,
    public options: PolicyOptions,
  ) {}

  public reset(): void {
    this.elements.clear();
    this.last = undefined;
  }

  /** True while the stack renders its JSON: the record is then judged on that JSON, once it exists. */
  public rendering = false;

  public get recorded(): boolean {
    return this.last !== undefined;
  }

  /**
   * The stack's findings. Given the stack's synthesized JSON (`tf`), the rules judge the
   * configurations in it; without, each element is resolved on its own first, which costs
   * as much again as the stack's synthesis (a validation that runs before it).
   */
  public record(tf?: SynthesizedStack): StackPolicyRecord {
    if (this.last) return this.last;
    const suppressions = this.suppressions();
    const views: ResourceView[] = [];
    // Each view sees the whole stack, for rules that join resources (a VPC and its flow log).
    for (const v of [...this.elements].flatMap((e) => this.views(e, tf))) views.push({ ...v, others: views });
    const findings = views.flatMap((v) => evaluate(v, suppressions));
    this.last = {
      stack: this.stack.node.id,
      rules: POLICY_RULES.length,
      elements: views.length,
      covered: POLICY_RULES.filter((r) => r.appliesTo.includes('*') || views.some((v) => r.appliesTo.includes(v.type))).map((r) => r.id),
      findings,
      suppressions: suppressions.map((s) => ({ ...s, matched: findings.filter((f) => f.suppressedBy === s).length })),
      scannerSkips: scannerSkips(views, findings),
    };
    return this.last;
  }

  private suppressions(): Suppression[] {
    const fromCode = this.stack.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === SUPPRESSION_METADATA)
          .map((m) => ({ ...(m.data as { rule: string; reason: string }), scope: c.node.path, source: 'code' as const })),
      );
    const fromEnv = (this.options.suppressions ?? []).map((s) => ({
      rule: s.rule,
      reason: s.reason,
      scope: s.scope,
      source: 'environment' as const,
    }));
    return [...fromCode, ...fromEnv];
  }

  private providerDefaults(stackTf?: SynthesizedStack): Map<string, Record<string, string>> {
    const out = new Map<string, Record<string, string>>();
    const fragments = stackTf
      ? [stackTf]
      : this.stack.node
          .findAll()
          .filter(TerraformProvider.isTerraformProvider)
          .map((p) => resolve(this.stack, p.toTerraform()) as SynthesizedStack);
    for (const tf of fragments) {
      for (const [name, configs] of Object.entries(tf.provider ?? {})) {
        for (const c of configs) {
          const alias = get(c, 'alias');
          const tags = (get(c, 'default_tags.tags') ?? get(c, 'default_labels')) as Record<string, string> | undefined;
          if (tags && typeof tags === 'object') out.set(alias ? `${name}.${String(alias)}` : name, tags);
        }
      }
    }
    return out;
  }

  private views(e: IConstruct, stackTf?: SynthesizedStack): ResourceView[] {
    const base = { stack: this.stack.node.id, path: e.node.path, stage: this.options.stage };
    if (TerraformResource.isTerraformResource(e) || TerraformDataSource.isTerraformDataSource(e)) {
      const isData = TerraformDataSource.isTerraformDataSource(e);
      const tf = stackTf ? ownBlock(stackTf, e, isData) : (resolve(this.stack, e.toTerraform()) as SynthesizedStack);
      const byType = isData ? tf.data : tf.resource;
      if (!byType) return []; // moved away: nothing is created at this address
      return Object.entries(byType).flatMap(([type, byId]) =>
        Object.entries(byId).map(([id, raw]) => {
          const { ['//']: _meta, ...config } = raw;
          void _meta;
          const tagAttribute = isData
            ? undefined
            : 'tagsInput' in e
              ? ('tags' as const)
              : 'labelsInput' in e
                ? ('labels' as const)
                : undefined;
          const providerName = e.terraformGeneratorMetadata?.providerName ?? type.split('_')[0];
          const providerKey = typeof config.provider === 'string' ? config.provider : providerName;
          return {
            ...base,
            kind: isData ? ('data' as const) : ('resource' as const),
            address: `${isData ? 'data.' : ''}${type}.${id}`,
            type,
            config,
            tagAttribute,
            defaultTags: tagAttribute ? this.providerDefaultsCached(stackTf).get(providerKey) : undefined,
          };
        }),
      );
    }
    if (TerraformBackend.isBackend(e)) {
      const tf = resolve(this.stack, e.toTerraform()) as { terraform: { backend: Record<string, Record<string, unknown>> } };
      return Object.entries(tf.terraform.backend).map(([type, config]) => ({
        ...base,
        kind: 'backend' as const,
        address: `terraform.backend.${type}`,
        type,
        config,
      }));
    }
    if (RenderedFile.isRenderedFile(e) && /\.ya?ml$/.test(e.path)) {
      // Manifests delivered out of band (edge bundles) get the same rules as kubernetes_manifest resources.
      return (e.documents ?? parseAllDocuments(e.content).map((d) => d.toJS() as unknown))
        .map((manifest, i) => ({ manifest, i }))
        .filter(({ manifest }) => manifest !== null && typeof manifest === 'object' && 'kind' in (manifest as object))
        .map(({ manifest, i }) => ({
          ...base,
          kind: 'file' as const,
          address: `file:${e.path}#${i}`,
          type: 'kubernetes_manifest',
          config: { manifest },
        }));
    }
    return [];
  }

  private defaultsCache?: Map<string, Record<string, string>>;
  private providerDefaultsCached(stackTf?: SynthesizedStack): Map<string, Record<string, string>> {
    this.defaultsCache ??= this.providerDefaults(stackTf);
    return this.defaultsCache;
  }

  public invalidate(): void {
    this.last = undefined;
    this.defaultsCache = undefined;
  }
}

/** A stack's (or an element's) Terraform JSON, resolved. */
type SynthesizedStack = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown[]>;
};

/** An element's block in its stack's JSON, shaped as the element's own toTerraform() resolves (nothing when it moved away). */
function ownBlock(stackTf: SynthesizedStack, e: TerraformResource | TerraformDataSource, isData: boolean): SynthesizedStack {
  const config = (isData ? stackTf.data : stackTf.resource)?.[e.terraformResourceType]?.[e.friendlyUniqueId];
  if (!config) return {};
  const block = { [e.terraformResourceType]: { [e.friendlyUniqueId]: config } };
  return isData ? { data: block } : { resource: block };
}

const POLICIES = new WeakMap<TerraformStack, StackPolicy>();

/** Visits every construct of a stack and hands Terraform elements and rendered manifests to the stack's policy. */
class PolicyAspect implements IAspect {
  constructor(private readonly policy: StackPolicy) {}

  public visit(node: IConstruct): void {
    if (node === this.policy.stack) {
      this.policy.reset();
      return;
    }
    this.policy.invalidate();
    if (
      TerraformResource.isTerraformResource(node) ||
      TerraformDataSource.isTerraformDataSource(node) ||
      TerraformBackend.isBackend(node) ||
      RenderedFile.isRenderedFile(node)
    ) {
      this.policy.elements.add(node);
    }
  }
}

/**
 * Registers the policy on a stack (idempotent): an aspect that visits every construct,
 * a validation that fails synth with every error finding of the stack, and the findings
 * and suppressions recorded under `//.policy` in the stack's cdk.tf.json. Call it in the
 * stack's constructor, before children exist. cdktf invokes aspects per stack, never
 * from the App, so each stack carries its own.
 */
export function applyPolicy(stack: TerraformStack, options: PolicyOptions = {}): void {
  const existing = POLICIES.get(stack);
  if (existing) {
    existing.options = { ...existing.options, ...options };
    return;
  }
  const policy = new StackPolicy(stack, options);
  POLICIES.set(stack, policy);
  Aspects.of(stack).add(new PolicyAspect(policy));
  stack.node.addValidation({
    validate: () => (policy.deferred ? [] : blocking(policy.record().findings).map(formatFinding)),
  });
  // The record is judged on the stack's own JSON, after cdktf resolved it: resolving each
  // element once more for the rules cost as much as the stack's synthesis. While the stack
  // renders, the record does not exist yet; it is put in place when the JSON is complete.
  const render = stack.toTerraform.bind(stack);
  stack.toTerraform = () => {
    policy.rendering = true;
    let tf: Record<string, Record<string, unknown>>;
    try {
      tf = render() as Record<string, Record<string, unknown>>;
    } finally {
      policy.rendering = false;
    }
    if (tf['//'] && tf['//'].policy === PENDING) tf['//'].policy = resolve(stack, policy.record(tf as SynthesizedStack));
    return tf;
  };
  stack.addOverride('//.policy', Lazy.anyValue({ produce: () => (policy.rendering && !policy.recorded ? PENDING : policy.record()) }));
}

/** What `//.policy` holds while its stack renders: replaced by the record when the JSON is complete. */
const PENDING = '(policy: judged on the complete stack)';

/**
 * The estates a policy run judges: each names its stacks and the options they are
 * judged with. An EstatePlan (analysis/plan) is one as it stands; a hand-written App
 * lists its own.
 */
export interface PolicedEstate {
  readonly stacks: ReadonlyArray<{ readonly id: string }>;
  readonly policy: PolicyOptions;
}

/**
 * Puts every stack of the App under the policy (stacks made without applyPolicy get it
 * now, with the options of the estate that planned the stack; a stack no estate lists
 * is judged as prod) and makes the App report all stacks' error findings in one
 * validation, after every stack was visited, instead of stopping at the first stack.
 */
export function enforcePolicy(app: IConstruct, estates: readonly PolicedEstate[] = []): void {
  const options = new Map(estates.flatMap((e) => e.stacks.map((s) => [s.id, e.policy] as const)));
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    if (!POLICIES.has(stack)) applyPolicy(stack, options.get(stack.node.id) ?? {});
    POLICIES.get(stack)!.deferred = true;
  }
  app.node.addValidation({ validate: () => blocking(policyReport(app).flatMap((s) => s.findings)).map(formatFinding) });
}

/** Every policed stack under `scope` and its findings and suppressions: the data the review reads. */
export function policyReport(scope: IConstruct): StackPolicyRecord[] {
  const stacks = TerraformStack.isStack(scope) ? [scope] : scope.node.findAll().filter(TerraformStack.isStack);
  return stacks.flatMap((s) => {
    const p = POLICIES.get(s);
    return p ? [p.record()] : [];
  });
}

/**
 * Suppressions that waived nothing in any stack they could reach: stale waivers hide the
 * next real finding, so the synth warns about them. An environment suppression is
 * handed to every stack of its environment and counts as used if any stack used it.
 */
export function unusedSuppressions(report: readonly StackPolicyRecord[]): SuppressionUse[] {
  const key = (s: Suppression) => `${s.source} ${s.rule} ${s.scope} ${s.reason}`;
  const used = new Set(report.flatMap((r) => r.suppressions.filter((s) => s.matched > 0).map(key)));
  const seen = new Set<string>();
  return report
    .flatMap((r) => r.suppressions)
    .filter((s) => s.matched === 0 && !used.has(key(s)) && !seen.has(key(s)) && seen.add(key(s)) !== undefined);
}
