import type { Cluster, ClusterKindName } from '../model/schema';
import { edge } from './edge/model';
import { eventHubs } from './event-hubs/model';
import { gcpManaged } from './gcp-managed/model';
import type { KindModel } from './kind';
import { msk } from './msk/model';
import { mskServerless } from './msk-serverless/model';
import { selfManaged } from './self-managed/model';

export type { KindModel } from './kind';

/**
 * The cluster kinds, one entry each: a Record over the schema's kind names, so a kind
 * added to the schema without a model (or a model missing a part) does not compile.
 * The rendering half is kinds/placements.ts, a Record over the same names.
 */
export const BUILT_IN_KINDS: Readonly<Record<ClusterKindName, KindModel>> = {
  msk,
  'msk-serverless': mskServerless,
  'self-managed': selfManaged,
  'event-hubs': eventHubs,
  'gcp-managed': gcpManaged,
  edge,
};

const kinds = new Map<string, KindModel>(Object.entries(BUILT_IN_KINDS));

/**
 * Adds a kind at run time (a team's own kind, or a test's). Its name becomes valid in
 * environment files; its placement is registered beside it (kinds/index.ts registerKind).
 */
export function registerKindModel(model: KindModel): void {
  // Only code can reach this (two modules claiming one name), never an environment file: a plain Error.
  if (kinds.has(model.kind) && kinds.get(model.kind) !== model) throw new Error(`cluster kind "${model.kind}" is already registered.`);
  kinds.set(model.kind, model);
}

/** The model of a kind name, or undefined for a name nobody registered (validation reports it). */
export function kindModel(kind: string): KindModel | undefined {
  return kinds.get(kind);
}

/** Every registered kind name, built-in ones first. */
export function kindNames(): string[] {
  return [...kinds.keys()];
}

/** Resource types that hold data, over every registered kind. */
export function kindStatefulTypes(): string[] {
  return [...kinds.values()].flatMap((k) => k.statefulTypes);
}

export interface ResolvedCluster extends Cluster {
  readonly brokers: number;
  readonly storageGiB: number;
  readonly clientAuth: Array<'iam' | 'scram' | 'mtls'>;
}

/** Total brokers a cluster will run, from whichever count the file gives, else the kind's default. */
export function clusterBrokers(c: Cluster): number | undefined {
  if (c.brokers !== undefined) return c.brokers;
  if (c.brokersPerSite !== undefined) return c.brokersPerSite * c.sites.length;
  return kindModel(c.kind)?.defaults.brokers(c); // undefined: the service places replicas itself
}

/** A cluster with its kind's defaults applied. */
export function resolveCluster(c: Cluster): ResolvedCluster {
  const d = kindModel(c.kind)?.defaults;
  return {
    ...c,
    brokers: clusterBrokers(c) ?? 0,
    storageGiB: c.storageGiB ?? d?.storageGiB ?? 100,
    instanceType: c.instanceType ?? d?.instanceType,
    kafkaVersion: c.kafkaVersion ?? d?.kafkaVersion,
    clientAuth: c.clientAuth ?? ['iam'],
  };
}
