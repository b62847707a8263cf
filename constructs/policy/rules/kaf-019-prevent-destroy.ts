import { isStatefulType, STATEFUL_RESOURCE_TYPES } from '../stateful';
import { bool, fail, get, manifestOf, type PolicyRule } from '../rule';

/** Strimzi and Kubernetes kinds whose deletion deletes data. */
const STATEFUL_KINDS = ['Kafka', 'KafkaNodePool', 'KafkaTopic', 'PersistentVolumeClaim'];

export const KAF019: PolicyRule = {
  id: 'KAF-019',
  title: 'Stateful resources carry prevent_destroy',
  why: 'Clusters, topics, volumes, namespaces and keys hold the data; a renamed construct id or a careless destroy would delete them. prevent_destroy turns that into a plan error.',
  fix: 'pass lifecycle: { preventDestroy: true } to the resource; to really remove it, take it out of the code deliberately in its own change.',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_GCP_82',
      relation: 'extends',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/gcp/GoogleKMSPreventDestroy.py',
    },
  ],
  controls: ['NIST 800-53 CP-9', 'NIST 800-53 CM-3', 'ISO 27001 A.8.13', 'PCI DSS 4.0 6.5.1', 'DORA Art. 12'],
  appliesTo: [...STATEFUL_RESOURCE_TYPES, 'kubernetes_manifest'],
  check: (r) => {
    if (r.kind !== 'resource') return 'not-applicable';
    const m = manifestOf(r);
    if (!isStatefulType(r.type) && !(m && STATEFUL_KINDS.includes(String(m.kind)))) return 'not-applicable';
    return bool(get(r.config, 'lifecycle.prevent_destroy')) === true ? 'compliant' : fail('lifecycle.prevent_destroy is not true.');
  },
};
