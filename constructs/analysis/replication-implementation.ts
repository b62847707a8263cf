import { kindModel, kindNames } from '../kinds/registry';
import type { Environment, Replication } from '../model/schema';
import { refuseImplementation, type ImplementationChoice, type ReplicationImplementation } from './replication-facts';

/**
 * Which implementation copies a replication flow: the target kind decides
 * (KindModel.replicationTarget), given the source kind and an optional override.
 */
export * from './replication-facts';

/** The implementation for one direction, from the two ends and an optional override. */
export function chooseImplementation(source: string, target: string, override?: Replication['implementation']): ImplementationChoice {
  const into = kindModel(target)?.replicationTarget;
  if (into) return into(source, override);
  const targets = kindNames().filter((k) => kindModel(k)?.replicationTarget !== undefined);
  return refuseImplementation(
    'to',
    `replication into a ${target} cluster is not synthesized by this version.`,
    `replicate into an ${targets.slice(0, -1).join(', ')}${targets.length > 1 ? ' or ' : ''}${targets[targets.length - 1] ?? ''} cluster; edge sites push to their hub themselves.`,
  );
}

/** The implementation of an entry's forward direction, or undefined when its ends do not allow one. */
export function implementationOf(env: Environment, r: Replication): ReplicationImplementation | undefined {
  const from = env.clusters.find((c) => c.id === r.from);
  const to = env.clusters.find((c) => c.id === r.to);
  if (!from || !to) return undefined;
  const choice = chooseImplementation(from.kind, to.kind, r.implementation);
  return 'implementation' in choice ? choice.implementation : undefined;
}
