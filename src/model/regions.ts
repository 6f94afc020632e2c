/** AWS's region and account names: their forms, and the regions snapsim knows. */

/** The form of a region name (`us-east-1`, `ap-southeast-2`): any region's, known or not. */
export const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The form of an AWS account id: 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/**
 * The AWS regions snapsim knows: where a cross-region snapshot copy may go. AWS's commercial
 * regions where Amazon Redshift is offered (the `aws` partition; not GovCloud or China), as of
 * the reference this project follows. A destination outside this list answers
 * `UnknownSnapshotCopyRegionFault`.
 */
export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
  'sa-east-1',
]);
