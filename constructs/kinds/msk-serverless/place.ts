import { MskServerlessCluster } from '../../aws/msk-serverless-cluster';
import type { KindPlacement } from '../placement';

export const placeMskServerless: KindPlacement = (scope, at, c) => {
  // Same private network as provisioned MSK; serverless clients use IAM on 9098.
  new MskServerlessCluster(scope, c.id, { env: at.env.name, site: at.site.id, clusterId: c.id, network: at.blocks.awsNetwork(['iam']) });
};
