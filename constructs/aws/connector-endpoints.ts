import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { KafkaNetwork } from './network';

export interface ConnectorEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly network: KafkaNetwork;
  /**
   * Build the Secrets Manager endpoint; false when another endpoint of the service already
   * serves the VPC (a VPC takes one private-DNS endpoint per service), whose group must then
   * admit the workers.
   * @default true
   */
  readonly secretsEndpoint?: boolean;
  readonly tags?: Record<string, string>;
}

/**
 * The network path of MSK Connect workers to what connectors reach in AWS without
 * internet egress: S3 over a gateway endpoint (with an egress rule of the workers'
 * security group to its prefix list) and Secrets Manager, read by the config provider,
 * over an interface endpoint that admits HTTPS from the workers only.
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-internet-access.html
 */
export class ConnectorEndpoints extends Construct {
  constructor(scope: Construct, id: string, props: ConnectorEndpointsProps) {
    super(scope, id);
    const { network } = props;
    const name = (what: string) => `${props.namePrefix}-connect-${what}`;
    const s3 = new VpcEndpoint(this, 'S3Endpoint', {
      vpcId: network.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [network.vpc.mainRouteTableId],
      tags: { ...props.tags, Name: name('s3') },
    });
    new VpcSecurityGroupEgressRule(this, 'EgressS3', {
      securityGroupId: network.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      prefixListId: s3.prefixListId,
      description: 'connector workers to S3 over the gateway endpoint',
      tags: props.tags,
    });
    if (props.secretsEndpoint === false) return;
    const endpointSg = new SecurityGroup(this, 'EndpointAccess', {
      name: name('endpoints'),
      description: 'Interface endpoints: HTTPS from the connector workers',
      vpcId: network.vpc.id,
      tags: { ...props.tags, Name: name('endpoints') },
    });
    new VpcSecurityGroupIngressRule(this, 'EndpointIngress', {
      securityGroupId: endpointSg.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: network.securityGroup.id,
      description: 'HTTPS from the connector workers',
      tags: props.tags,
    });
    new VpcEndpoint(this, 'SecretsEndpoint', {
      vpcId: network.vpc.id,
      serviceName: `com.amazonaws.${props.region}.secretsmanager`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: network.subnetIds,
      securityGroupIds: [endpointSg.id],
      tags: { ...props.tags, Name: name('secrets') },
    });
  }
}
