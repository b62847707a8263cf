// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, through which cdktf calls it (the bundle would give `import * as` a copy)
import traces = require('cdktf/lib/tokens/private/stack-trace');

/**
 * cdktf records where each token and each nested-block object of a provider class was
 * made: a full stack trace, formatted into lines as it is taken (`captureStackTrace` in
 * cdktf 0.21, called for every attribute read such as `secret.arn` and for every block
 * attribute of every resource built), only to print it should that token later fail to
 * resolve. A 1,000-site fleet takes about 8,200 of them, 11 MB of text to collect (3% of
 * its synth's CPU in profiles, more with the collection). The synth takes none unless `SYNTH_CREATION_STACKS=on`,
 * which brings them back to debug a resolution error (the error then says where its
 * token was made). Returns what puts cdktf's own recording back.
 */
export function skipCreationStacks(env: NodeJS.ProcessEnv = process.env): () => void {
  const capture = traces.captureStackTrace;
  if (env.SYNTH_CREATION_STACKS !== 'on') Object.assign(traces, { captureStackTrace: (): string[] => [] });
  return () => Object.assign(traces, { captureStackTrace: capture });
}
