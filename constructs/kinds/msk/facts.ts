/** Zones an MSK cluster spreads its brokers over (one private subnet each). */
export const MSK_ZONES = 3;

/** Provisioned MSK defaults when the environment file gives none. */
export const MSK_DEFAULTS = { brokers: 3, instanceType: 'kafka.m7g.large', storageGiB: 100, kafkaVersion: '3.9.x' } as const;
