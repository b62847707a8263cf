import { Testing } from 'cdktf';
// Type declarations of the cdktf matchers (toHaveResourceWithProperties, ...).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

/*
 * cdktf records where every token was created (a full stack trace per Lazy and Intrinsic,
 * shown when a token fails to resolve). Under Jest each trace went through Jest's
 * source-map formatting, frame by frame: up to a tenth of a synthesizing test file's CPU
 * time. The trace is taken with V8's own formatting, as `node dist/main.js` takes it: the
 * same frames, with positions in the transpiled JavaScript. cdktf calls the function
 * through its module's exports object, so the replacement is seen by every caller.
 */
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
const capture = stackTrace.captureStackTrace;
// Jest's formatter is installed in the worker's own realm, which Node.js falls back to when this one has none: this realm gets V8's format.
const v8Format = (error: unknown, frames: NodeJS.CallSite[]) => `${String(error)}${frames.map((f) => `\n    at ${f}`).join('')}`;
stackTrace.captureStackTrace = function captureWithV8Format(below?: unknown) {
  const format = Error.prepareStackTrace;
  Error.prepareStackTrace = v8Format;
  try {
    return capture(below ?? captureWithV8Format);
  } finally {
    Error.prepareStackTrace = format;
  }
};
