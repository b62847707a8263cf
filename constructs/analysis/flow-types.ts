/**
 * The five parts every path of the estate needs before a byte crosses it (issue:
 * deployable by construction). A leaf module: the kinds describe their side of a flow
 * with these types, analysis/flows.ts assembles the estate's flows from the plan.
 */
export type FlowPartName = 'network' | 'name' | 'identity' | 'authorization' | 'trust';

export const FLOW_PARTS: readonly FlowPartName[] = ['network', 'name', 'identity', 'authorization', 'trust'];

/**
 * Evidence in the synthesized output that a part is built: a resource (or a data source,
 * type `data.<type>`) of `type` in `stack` whose synthesized JSON holds every text of
 * `holds` (attribute values as Terraform receives them, e.g. `"from_port":9093`).
 */
export interface FlowProof {
  readonly stack: string;
  readonly type: string;
  readonly holds: readonly string[];
}

/**
 * One part of a flow: what provides it, in words for the review, and the blocks that
 * prove it is synthesized. A part another party provides (a cloud service, the runner
 * that applies Terraform, an organisation's PKI) names that party in `outside` and may
 * have no proof; a part nobody provides names why and how to fix it in `missing`, and
 * synthesis stops.
 */
export interface FlowPart {
  readonly says: string;
  readonly proof: readonly FlowProof[];
  readonly outside?: string;
  readonly missing?: { readonly why: string; readonly fix: string };
  /**
   * What an AWS principal must be allowed, for a policy simulator to check against the
   * synthesized policies: an action on a concrete ARN (`{partition}`, `{account}` and
   * `{uuid}` stand for what AWS fills in), with the request's condition context.
   */
  readonly needs?: readonly IamNeed[];
  /** Provided, but the documentation says it will not work as planned: a warning with why and the fix. */
  readonly doubt?: { readonly why: string; readonly fix: string };
}

export interface IamNeed {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
}

export type FlowParts = Readonly<Record<FlowPartName, FlowPart>>;

/** A part built by the estate, proven by blocks. */
export function built(says: string, ...proof: FlowProof[]): FlowPart {
  return { says, proof };
}

/** A part another party provides; `proof` lists the estate's own half of it, when it has one. */
export function outside(says: string, by: string, ...proof: FlowProof[]): FlowPart {
  return { says, proof, outside: by };
}

/** A part nobody provides. */
export function missing(why: string, fix: string): FlowPart {
  return { says: 'missing', proof: [], missing: { why, fix } };
}

/** The same part with a documented reason to doubt it. */
export function doubted(part: FlowPart, why: string, fix: string): FlowPart {
  return { ...part, doubt: { why, fix } };
}

/** The same part with what its principal must be allowed. */
export function needing(part: FlowPart, ...needs: IamNeed[]): FlowPart {
  return { ...part, needs: [...(part.needs ?? []), ...needs] };
}

/** Two parts as one: both texts, both proofs; missing when either is. */
export function both(a: FlowPart, b: FlowPart): FlowPart {
  if (a.missing) return a;
  if (b.missing) return b;
  return {
    says: [a.says, b.says].filter((x) => x !== '').join('; '),
    proof: [...a.proof, ...b.proof],
    outside: a.outside && b.outside ? `${a.outside}; ${b.outside}` : (a.outside ?? b.outside),
    doubt: a.doubt ?? b.doubt,
    needs: [...(a.needs ?? []), ...(b.needs ?? [])],
  };
}

/** `"key":value` as it appears in synthesized JSON, for a proof's holds. */
export function attr(key: string, value: string | number | boolean): string {
  return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
}

/**
 * What the server side of a flow decides about reaching a cluster of a kind from one
 * client network: the kind answers (KindModel.access), the flow adds the client's half.
 */
export interface ServerAccess {
  /** The listener and the rule at the cluster's end that admits the client network. */
  readonly network: FlowPart;
  /** The name clients dial and the certificate that covers it. */
  readonly name: FlowPart;
  /** What validates the server certificate. */
  readonly trust: FlowPart;
  /** How principals are authorized on the cluster (IAM actions, Kafka ACLs, data roles). */
  readonly authorization: string;
  /** The credential types the cluster accepts. */
  readonly identity: string;
  /** Whether the server certificate names a host clients are told to dial (a declared bootstrap). */
  readonly certificateNames: (host: string) => boolean;
}
