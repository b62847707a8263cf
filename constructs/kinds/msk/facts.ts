import type { Cluster } from '../../model/schema';

/** Zones an MSK cluster spreads its brokers over (one private subnet each). */
export const MSK_ZONES = 3;

/** Provisioned MSK defaults when the environment file gives none. */
export const MSK_DEFAULTS = { brokers: 3, instanceType: 'kafka.m7g.large', storageGiB: 100, kafkaVersion: '3.9.x' } as const;

/** Brokers of an MSK cluster: whichever count the file gives, else the default. */
export function mskBrokers(c: Pick<Cluster, 'brokers' | 'brokersPerSite' | 'sites'>): number {
  return c.brokers ?? (c.brokersPerSite !== undefined ? c.brokersPerSite * c.sites.length : MSK_DEFAULTS.brokers);
}
