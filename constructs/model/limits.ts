import { isIpv4Cidr, parseCidr } from './cidr';

/**
 * Limits of the systems an environment's values land in, each with its source. Each
 * function returns why a value breaks a limit (naming the limit), or undefined. The
 * checks in analysis/limits.ts put these reasons at paths in the file.
 */

// ---------------------------------------------------------------------------------
// Apache Kafka

/**
 * Topic names: at most 249 characters of [a-zA-Z0-9._-], never "." or "..".
 * @see https://github.com/apache/kafka/blob/trunk/clients/src/main/java/org/apache/kafka/common/internals/Topic.java (LEGAL_CHARS, MAX_NAME_LENGTH, validate)
 */
export const KAFKA_TOPIC_MAX_LENGTH = 249;

export function kafkaTopicNameProblem(name: string): string | undefined {
  if (name === '') return 'a Kafka topic name cannot be empty';
  if (name === '.' || name === '..') return `Kafka refuses "${name}" as a topic name`;
  if (name.length > KAFKA_TOPIC_MAX_LENGTH)
    return `is ${name.length} characters; Kafka allows at most ${KAFKA_TOPIC_MAX_LENGTH} in a topic name`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return 'Kafka allows only letters, digits, ".", "_" and "-" in a topic name';
  return undefined;
}

/**
 * Kafka refuses a topic whose name equals an existing one once "." is read as "_"
 * (metric names would collide): Topic.hasCollision / Topic.unifyCollisionChars.
 * @see https://github.com/apache/kafka/blob/trunk/clients/src/main/java/org/apache/kafka/common/internals/Topic.java
 */
export function kafkaCollisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

/**
 * Largest retention.ms: a Java long. The product writes it as a JSON number, which
 * stays exact only up to 2^53 - 1 ms (about 285,000 years), so that is the bound used.
 * @see https://kafka.apache.org/documentation/#topicconfigs_retention.ms (type long, valid values [-1,...])
 */
export const MAX_RETENTION_MS = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------
// Versions and instance types the product knows how to run, per cluster kind

/**
 * Kafka versions MSK offers for new clusters, end-of-support releases left out
 * (3.6.0 ended 2026-06-01, 3.7.x 2026-09-01; checked 2026-11).
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html
 */
export const MSK_KAFKA_VERSIONS = ['3.8.x', '3.9.x', '4.0.x', '4.1.x'] as const;

/**
 * Self-managed brokers run KRaft in combined or dedicated controller mode; Apache Kafka
 * 4.x is KRaft only and 3.9 is the last line with a supported KRaft migration path
 * (DESIGN.md versions). A version is written as released: major.minor.patch.
 * @see https://kafka.apache.org/downloads
 */
export const SELF_MANAGED_KAFKA_LINES = ['3.9', '4.0', '4.1'] as const;

export function selfManagedVersionProblem(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) return `"${version}" is not an Apache Kafka release number (major.minor.patch, e.g. 4.1.1)`;
  const line = `${Number(m[1])}.${Number(m[2])}`;
  if (!(SELF_MANAGED_KAFKA_LINES as readonly string[]).includes(line))
    return `Kafka ${version} is not a release line this product runs self-managed (${SELF_MANAGED_KAFKA_LINES.map((l) => `${l}.x`).join(', ')})`;
  return undefined;
}

// ---------------------------------------------------------------------------------
// Networks

/** Address ranges no cloud network may use: this network, loopback, link-local, multicast, reserved, broadcast. */
export const RESERVED_RANGES: ReadonlyArray<{ readonly cidr: string; readonly what: string }> = [
  { cidr: '0.0.0.0/8', what: '"this network" (RFC 1122)' },
  { cidr: '127.0.0.0/8', what: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', what: 'link-local (RFC 3927)' },
  { cidr: '224.0.0.0/4', what: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', what: 'reserved (RFC 1112)' },
];

/**
 * Prefix lengths each cloud allows for the network a site gets:
 * - AWS VPC: /16 to /28 (CreateVpc: "The smallest VPC you can create uses a /28 netmask
 *   (16 IP addresses), and the largest uses a /16 netmask"),
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html
 * - Azure virtual network subnets: /29 to /2 ("The smallest supported IPv4 subnet is /29,
 *   and the largest is /2"), and 168.63.129.16/32 is the platform's own address,
 *   https://learn.microsoft.com/en-us/azure/virtual-network/virtual-networks-faq
 * - Google Cloud subnet primary ranges: /29 at the smallest,
 *   https://cloud.google.com/vpc/docs/subnets#valid-ranges
 */
export const CLOUD_NETWORK_PREFIX: Readonly<
  Record<'aws' | 'azure' | 'gcp', { readonly min: number; readonly max: number; readonly source: string }>
> = {
  aws: { min: 16, max: 28, source: 'an AWS VPC is /16 to /28' },
  azure: { min: 2, max: 29, source: 'Azure address ranges are /2 to /29' },
  gcp: { min: 8, max: 29, source: 'a Google Cloud subnet is /8 to /29' },
};

/** The reserved range a CIDR overlaps, if any. */
export function reservedRangeOf(cidr: string): string | undefined {
  if (!isIpv4Cidr(cidr)) return undefined;
  const r = parseCidr(cidr);
  for (const res of RESERVED_RANGES) {
    const x = parseCidr(res.cidr);
    if (r.first <= x.last && x.first <= r.last) return `${res.cidr}, ${res.what}`;
  }
  const azureDns = parseCidr('168.63.129.16/32');
  if (r.first <= azureDns.last && azureDns.first <= r.last) return '168.63.129.16/32, the Azure platform address (DNS, health probes)';
  return undefined;
}

/**
 * Shortest prefix a client network may have: a /8 already admits 16.7 million addresses.
 * Broader lists (0.0.0.0/1 + 128.0.0.0/1) are the whole internet in pieces.
 */
export const CLIENT_CIDR_MIN_PREFIX = 8;

// ---------------------------------------------------------------------------------
// Tags and labels

/**
 * AWS tags: 50 per resource, key at most 128 characters, value at most 256, letters,
 * digits, spaces and + - = . _ : / @, no aws: prefix on keys or values.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (tag restrictions)
 */
export const AWS_TAGS = { perResource: 50, keyLength: 128, valueLength: 256 } as const;

/**
 * Azure tags: 50 per resource, name at most 512 characters (128 on storage accounts),
 * value at most 256; names cannot hold < > % & \ ? /.
 * @see https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/tag-resources#limits
 */
export const AZURE_TAGS = { perResource: 50, keyLength: 128, valueLength: 256 } as const;

/**
 * Google labels: 64 per resource; keys 1 to 63 characters starting with a lowercase
 * letter, keys and values of lowercase letters, digits, _ and - (values up to 63).
 * @see https://cloud.google.com/resource-manager/docs/labels-overview#requirements
 */
export const GCP_LABELS = { perResource: 64, keyLength: 63, valueLength: 63 } as const;

/** Tags the product itself adds beside the file's (standardTags plus Name, tier, severity, component). */
export const PRODUCT_TAG_ALLOWANCE = 8;

export function awsTagProblem(key: string, value: string): string | undefined {
  const chars = /^[\p{L}\p{N} +\-=._:/@]*$/u;
  if (key.length === 0) return 'an AWS tag key cannot be empty';
  if (key.length > AWS_TAGS.keyLength) return `tag key is ${key.length} characters; AWS allows at most ${AWS_TAGS.keyLength}`;
  if (value.length > AWS_TAGS.valueLength) return `tag value is ${value.length} characters; AWS allows at most ${AWS_TAGS.valueLength}`;
  if (/^aws:/i.test(key) || /^aws:/i.test(value)) return 'the aws: prefix is reserved for AWS on tag keys and values';
  if (!chars.test(key) || !chars.test(value)) return 'AWS tags allow only letters, digits, spaces and + - = . _ : / @';
  return undefined;
}

export function azureTagProblem(key: string, value: string): string | undefined {
  if (key.length === 0) return 'an Azure tag name cannot be empty';
  if (key.length > AZURE_TAGS.keyLength)
    return `tag name is ${key.length} characters; Azure allows at most ${AZURE_TAGS.keyLength} (on storage accounts, such as the state backend)`;
  if (value.length > AZURE_TAGS.valueLength)
    return `tag value is ${value.length} characters; Azure allows at most ${AZURE_TAGS.valueLength}`;
  if (/[<>%&\\?/]/.test(key)) return 'Azure tag names cannot hold < > % & \\ ? /';
  if (/[\r\n\t]/.test(key + value)) return 'Azure tags cannot hold line breaks or tabs';
  return undefined;
}

/** How the product turns a tag into a Google label (stacks/gcp-provider.ts gcpLabels uses it). */
export function gcpLabelPart(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, GCP_LABELS.keyLength);
}

export function gcpLabelProblem(key: string, value: string): string | undefined {
  if (key.length > GCP_LABELS.keyLength) return `label key is ${key.length} characters; Google allows at most ${GCP_LABELS.keyLength}`;
  if (value.length > GCP_LABELS.valueLength)
    return `label value is ${value.length} characters; Google allows at most ${GCP_LABELS.valueLength} (it would be cut)`;
  if (!/^[a-z]/.test(gcpLabelPart(key))) return `label key "${gcpLabelPart(key)}" must start with a lowercase letter on Google Cloud`;
  return undefined;
}

// ---------------------------------------------------------------------------------
// Buckets, storage accounts and object keys

/**
 * S3 general purpose bucket names.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function s3BucketProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; S3 bucket names are 3 to 63`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'S3 bucket names hold lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit';
  if (name.includes('..')) return 'S3 bucket names cannot hold two adjacent periods';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'S3 bucket names cannot look like an IP address';
  for (const p of ['xn--', 'sthree-', 'amzn-s3-demo-']) if (name.startsWith(p)) return `the prefix ${p} is reserved by S3`;
  for (const s of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'])
    if (name.endsWith(s)) return `the suffix ${s} is reserved by S3`;
  return undefined;
}

/**
 * S3 object keys are at most 1,024 bytes of UTF-8; the state key adds `<stack>/terraform.tfstate`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
 */
export const S3_KEY_MAX_BYTES = 1024;

/**
 * Cloud Storage bucket names: 3 to 63 characters (222 with dots, each part at most 63)
 * of lowercase letters, digits, -, _ and ., beginning and ending with a letter or digit,
 * never starting with "goog" or holding "google".
 * @see https://cloud.google.com/storage/docs/buckets#naming
 */
export function gcsBucketProblem(name: string): string | undefined {
  const max = name.includes('.') ? 222 : 63;
  if (name.length < 3 || name.length > max) return `is ${name.length} characters; Cloud Storage bucket names are 3 to ${max}`;
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name))
    return 'Cloud Storage bucket names hold lowercase letters, digits, -, _ and ., and begin and end with a letter or digit';
  if (name.split('.').some((part) => part.length > 63))
    return 'each dot-separated part of a Cloud Storage bucket name is at most 63 characters';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'Cloud Storage bucket names cannot look like an IP address';
  if (name.startsWith('goog') || /g[o0]{2}gle/.test(name)) return 'Cloud Storage bucket names cannot start with "goog" or hold "google"';
  return undefined;
}

/**
 * Azure storage accounts: 3 to 24 lowercase letters and digits; blob containers: 3 to
 * 63 lowercase letters, digits and single hyphens, starting with a letter or digit;
 * resource groups: 1 to 90 letters, digits, _ ( ) - and ., not ending in a period.
 * @see https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules
 */
export function azureStorageAccountProblem(name: string): string | undefined {
  return /^[a-z0-9]{3,24}$/.test(name) ? undefined : 'an Azure storage account name is 3 to 24 lowercase letters and digits';
}

export function azureContainerProblem(name: string): string | undefined {
  if (!/^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/.test(name) || name.includes('--'))
    return 'an Azure blob container name is 3 to 63 lowercase letters, digits and single hyphens, beginning and ending with a letter or digit';
  return undefined;
}

export function azureResourceGroupProblem(name: string): string | undefined {
  if (!/^[\p{L}\p{N}_().-]{1,90}$/u.test(name) || name.endsWith('.'))
    return 'an Azure resource group name is 1 to 90 letters, digits, _ ( ) - and ., not ending in a period';
  return undefined;
}

// ---------------------------------------------------------------------------------
// Services

/**
 * Event Hubs entity (a topic) names: 1 to 256 letters, digits, periods, hyphens and
 * underscores, beginning and ending with a letter or digit.
 * @see https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsofteventhub
 */
export function eventHubNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$/.test(name))
    return 'Event Hubs names are 1 to 256 letters, digits, ".", "-" and "_", beginning and ending with a letter or digit';
  return undefined;
}

/**
 * Kubernetes object names such as a StorageClass are DNS subdomain names: at most 253
 * characters of lowercase letters, digits, "-" and ".", beginning and ending with a
 * letter or digit.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `is ${name.length} characters; Kubernetes allows at most 253`;
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name) || name.split('.').some((l) => l === '' || l.startsWith('-') || l.endsWith('-')))
    return 'a Kubernetes object name is lowercase letters, digits, "-" and ".", each dot-separated part beginning and ending with a letter or digit';
  return undefined;
}

/** TCP ports: 1 to 65535. */
export function portProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `port ${port} is outside 1-65535`;
}

/**
 * A Kubernetes API server address the product may hand to the kubernetes provider:
 * https only (a cluster's credentials travel over it), a host, an optional port.
 */
export function kubeApiProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (u.protocol !== 'https:') return `uses ${u.protocol.replace(/:$/, '')}://; the Kubernetes API is reached over https only`;
  if (u.username || u.password) return 'holds credentials; the provider authenticates with its own kubeconfig';
  if (u.hostname === '') return 'names no host';
  if (u.port !== '' && portProblem(Number(u.port))) return portProblem(Number(u.port));
  if (u.search || u.hash) return 'holds a query or fragment; give the API server address only';
  return undefined;
}
