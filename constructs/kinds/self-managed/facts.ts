/** Self-managed KRaft defaults when the environment file gives none (nodes on VMs, one volume each). */
export const SELF_MANAGED_DEFAULTS = {
  brokersPerSite: 2,
  controllersPerSite: 1,
  instanceType: 'm7i.xlarge',
  storageGiB: 500,
  kafkaVersion: '4.1.1',
} as const;
