import { durationMs } from '../model/duration';

/** Topic-level settings derived from the topic model. */
export function topicConfig(t: { minInsyncReplicas: number; retention: string }): Record<string, string> {
  return {
    'min.insync.replicas': String(t.minInsyncReplicas),
    'retention.ms': String(durationMs(t.retention)),
    'unclean.leader.election.enable': 'false',
  };
}
