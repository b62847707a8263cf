import type { PolicyRule } from '../rule';
import { KAF001 } from './kaf-001-msk-cmk';
import { KAF002 } from './kaf-002-key-rotation';
import { KAF003 } from './kaf-003-managed-kafka-cmek';
import { KAF004 } from './kaf-004-ebs-encryption';
import { KAF005 } from './kaf-005-msk-client-tls';
import { KAF006 } from './kaf-006-msk-in-cluster-tls';
import { KAF007 } from './kaf-007-no-plaintext-replication';
import { KAF008 } from './kaf-008-strimzi-listener-tls';
import { KAF009 } from './kaf-009-authenticated-clients';
import { KAF010 } from './kaf-010-eventhubs-local-auth';
import { KAF011 } from './kaf-011-eventhubs-tls';
import { KAF012 } from './kaf-012-eventhubs-private';
import { KAF013 } from './kaf-013-msk-private';
import { KAF014 } from './kaf-014-no-public-ips';
import { KAF015 } from './kaf-015-no-open-ingress';
import { KAF016 } from './kaf-016-msk-broker-logs';
import { KAF017 } from './kaf-017-connect-worker-logs';
import { KAF018 } from './kaf-018-log-retention';
import { KAF019 } from './kaf-019-prevent-destroy';
import { KAF020 } from './kaf-020-required-tags';
import { KAF021 } from './kaf-021-unclean-election-off';
import { KAF022 } from './kaf-022-auto-create-off';
import { KAF023 } from './kaf-023-replication-defaults';
import { KAF024 } from './kaf-024-transaction-log';
import { KAF025 } from './kaf-025-deny-without-acl';
import { KAF026 } from './kaf-026-topic-durability';
import { KAF027 } from './kaf-027-kafka-iam-scoped';
import { KAF028 } from './kaf-028-offset-sync';
import { KAF029 } from './kaf-029-vpn-ikev2';
import { KAF030 } from './kaf-030-vpn-ciphers';
import { KAF031 } from './kaf-031-vpn-generated-keys';
import { KAF032 } from './kaf-032-state-backend';
import { KAF033 } from './kaf-033-stream-analytics-identity';
import { KAF034 } from './kaf-034-msk-own-configuration';
import { KAF035 } from './kaf-035-imdsv2';
import { KAF036 } from './kaf-036-vpc-flow-logs';
import { KAF037 } from './kaf-037-default-security-group';
import { KAF038 } from './kaf-038-log-group-cmk';
import { KAF039 } from './kaf-039-log-retention-year';
import { KAF040 } from './kaf-040-key-vault-private';
import { KAF041 } from './kaf-041-vault-item-expiry';
import { KAF042 } from './kaf-042-bucket-access-logs';
import { KAF043 } from './kaf-043-bucket-object-audit';
import { KAF044 } from './kaf-044-no-service-account-keys';

/** Every rule, in id order. Ids are never reused; a retired rule keeps its number unused. */
export const POLICY_RULES: readonly PolicyRule[] = [
  KAF001,
  KAF002,
  KAF003,
  KAF004,
  KAF005,
  KAF006,
  KAF007,
  KAF008,
  KAF009,
  KAF010,
  KAF011,
  KAF012,
  KAF013,
  KAF014,
  KAF015,
  KAF016,
  KAF017,
  KAF018,
  KAF019,
  KAF020,
  KAF021,
  KAF022,
  KAF023,
  KAF024,
  KAF025,
  KAF026,
  KAF027,
  KAF028,
  KAF029,
  KAF030,
  KAF031,
  KAF032,
  KAF033,
  KAF034,
  KAF035,
  KAF036,
  KAF037,
  KAF038,
  KAF039,
  KAF040,
  KAF041,
  KAF042,
  KAF043,
  KAF044,
];

export function ruleById(id: string): PolicyRule | undefined {
  return POLICY_RULES.find((r) => r.id === id);
}
