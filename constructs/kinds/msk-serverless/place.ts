import { MskServerlessCluster } from '../../aws/msk-serverless-cluster';
import { resourceName } from '../../model/naming';
import type { KindPlacement } from '../placement';

export const placeMskServerless: KindPlacement = (scope, at, c) => {
  // Same private network as provisioned MSK; serverless clients use IAM on 9098.
  new MskServerlessCluster(scope, c.id, {
    clusterName: resourceName({ env: at.env.name, site: at.site.id, component: c.id }, 64),
    network: at.blocks.awsNetwork(['iam']),
    // Found by this tag from the topics stack, which may not read this stack's tokens.
    tags: { component: c.id },
  });
};
