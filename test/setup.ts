import { Testing } from 'cdktf';
// Type declarations of the cdktf matchers (toHaveResourceWithProperties, ...).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
