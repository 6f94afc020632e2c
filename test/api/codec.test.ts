import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/model/errors.ts';
import { formatDouble, parseQuery, serializeError, serializeResult } from '../../src/api/codec.ts';
import { readFileSync } from 'node:fs';
import { IMPLEMENTED_OPERATIONS, MODEL, declaresError } from '../../src/api/model.ts';
import { OPERATIONS } from '../../src/model/operations.ts';
import { RULES } from '../../src/model/rules.ts';
import { DEFAULT_OUTPUT, DEFAULT_SOURCE, trimModel } from '../../scripts/trim-model.ts';

const V = 'Version=2012-12-01';
const parse = (query: string) => parseQuery(new URLSearchParams(query));

/** Runs `fn` and returns the ServiceError it throws (fails if it does not throw one). */
function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceError);
    return e as ServiceError;
  }
  throw new Error('expected a ServiceError');
}
const codeOf = (query: string) => errorOf(() => parse(query)).code;

describe('the trimmed model', () => {
  it('lists every Redshift operation and wires exactly the ones of the operations table', () => {
    expect(MODEL.allOperations.length).toBeGreaterThan(100);
    expect([...IMPLEMENTED_OPERATIONS].sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect(declaresError('CreateTags', 'ResourceNotFoundFault')).toBe(true);
    expect(MODEL.operations.DescribeClusterSnapshots).toEqual({
      input: 'DescribeClusterSnapshotsMessage',
      output: 'SnapshotMessage',
      resultWrapper: 'DescribeClusterSnapshotsResult',
      errors: ['ClusterNotFound', 'ClusterSnapshotNotFound', 'InvalidTagFault', 'UnsupportedOperation'],
    });
    expect(declaresError('RevokeSnapshotAccess', 'AccessToSnapshotDenied')).toBe(true);
    expect(declaresError('AuthorizeSnapshotAccess', 'AccessToSnapshotDenied')).toBe(false);
    expect(declaresError('DeleteClusterSnapshot', 'MissingParameter')).toBe(true);
    expect(MODEL.xmlNamespace).toBe('http://redshift.amazonaws.com/doc/2012-12-01/');
    expect(JSON.stringify(MODEL)).not.toContain('documentation');
  });

  it("has every member rule of every operation refuse with a code AWS's model declares for that operation (or a common one)", () => {
    // values each rule must refuse or pass: wrong types, out of every range, malformed strings
    const bad: unknown[] = ['', 'x', '-', ' ', 'x'.repeat(300), -999_999, -2, -1, 0, 0.5, 3654, 99_999_999, true, {}, [], [{}], [1], null];
    const undeclared: string[] = [];
    for (const [operation, spec] of Object.entries(OPERATIONS)) {
      for (const [member, ruleName] of Object.entries(spec.rules as Record<string, keyof typeof RULES>)) {
        for (const value of bad) {
          const error = RULES[ruleName](value, member);
          if (error !== undefined && !declaresError(operation, error.code)) undeclared.push(`${operation}.${member} (${ruleName}): ${error.code}`);
        }
      }
    }
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('is what scripts/trim-model.ts makes of the AWS model', () => {
    expect(trimModel(JSON.parse(readFileSync(DEFAULT_SOURCE, 'utf8')))).toBe(readFileSync(DEFAULT_OUTPUT, 'utf8'));
  });
});

describe('parseQuery decodes Query parameters into SDK-shaped input', () => {
  it('decodes the §5.3 CreateClusterSnapshot request', () => {
    const body =
      'Action=CreateClusterSnapshot&Version=2012-12-01&SnapshotIdentifier=my-snap-1&ClusterIdentifier=mycluster&ManualSnapshotRetentionPeriod=7&Tags.Tag.1.Key=env&Tags.Tag.1.Value=test&Tags.Tag.2.Key=owner&Tags.Tag.2.Value=a+b';
    expect(parse(body)).toEqual({
      action: 'CreateClusterSnapshot',
      input: {
        SnapshotIdentifier: 'my-snap-1',
        ClusterIdentifier: 'mycluster',
        ManualSnapshotRetentionPeriod: 7,
        Tags: [
          { Key: 'env', Value: 'test' },
          { Key: 'owner', Value: 'a b' },
        ],
      },
    });
  });

  it('decodes the GET-style sample and ignores signature parameters', () => {
    const q =
      'Action=CreateClusterSnapshot&SnapshotIdentifier=mysnapshotid&ClusterIdentifier=mycluster&SignatureMethod=HmacSHA256&SignatureVersion=4&Version=2012-12-01&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20190817%2Fus-east-2%2Fredshift%2Faws4_request&X-Amz-Date=20190825T160000Z';
    expect(parse(q).input).toEqual({ SnapshotIdentifier: 'mysnapshotid', ClusterIdentifier: 'mycluster' });
  });

  it('decodes lists of strings, of structures, and tag filters by their item names', () => {
    expect(parse(`Action=BatchModifyClusterSnapshots&${V}&SnapshotIdentifierList.String.1=a&SnapshotIdentifierList.String.2=b&Force=true`).input).toEqual({
      SnapshotIdentifierList: ['a', 'b'],
      Force: true,
    });
    expect(
      parse(`Action=BatchDeleteClusterSnapshots&${V}&Identifiers.DeleteClusterSnapshotMessage.1.SnapshotIdentifier=a&Identifiers.DeleteClusterSnapshotMessage.2.SnapshotIdentifier=b&Identifiers.DeleteClusterSnapshotMessage.2.SnapshotClusterIdentifier=c1`).input,
    ).toEqual({ Identifiers: [{ SnapshotIdentifier: 'a' }, { SnapshotIdentifier: 'b', SnapshotClusterIdentifier: 'c1' }] });
    expect(
      parse(`Action=DescribeClusterSnapshots&${V}&SortingEntities.SnapshotSortingEntity.1.Attribute=CREATE_TIME&SortingEntities.SnapshotSortingEntity.1.SortOrder=DESC&TagKeys.TagKey.1=env&TagValues.TagValue.1=test&ClusterExists=false&MaxRecords=20`).input,
    ).toEqual({
      SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'DESC' }],
      TagKeys: ['env'],
      TagValues: ['test'],
      ClusterExists: false,
      MaxRecords: 20,
    });
  });

  it('accepts .member.N items and orders items by index, not by arrival', () => {
    expect(parse(`Action=DescribeClusterSnapshots&${V}&TagKeys.member.2=b&TagKeys.member.1=a`).input).toEqual({ TagKeys: ['a', 'b'] });
  });

  it('treats an empty X= list as []', () => {
    expect(parse(`Action=CreateClusterSnapshot&${V}&SnapshotIdentifier=s&ClusterIdentifier=c&Tags=`).input.Tags).toEqual([]);
  });

  it('decodes timestamps in any ISO 8601 variant to Dates', () => {
    const at = (t: string) => (parse(`Action=DescribeClusterSnapshots&${V}&StartTime=${encodeURIComponent(t)}`).input.StartTime as Date).toISOString();
    expect(at('2024-01-02T03:04:05Z')).toBe('2024-01-02T03:04:05.000Z');
    expect(at('2024-01-02T03:04:05.123000Z')).toBe('2024-01-02T03:04:05.123Z');
    expect(at('2024-01-02T05:04:05.5+02:00')).toBe('2024-01-02T03:04:05.500Z');
    expect(at('2024-01-02')).toBe('2024-01-02T00:00:00.000Z');
    expect(at('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('decodes Integer, Boolean and negative values', () => {
    expect(parse(`Action=ModifyClusterSnapshot&${V}&SnapshotIdentifier=s&ManualSnapshotRetentionPeriod=-1&Force=TRUE`).input).toEqual({
      SnapshotIdentifier: 's',
      ManualSnapshotRetentionPeriod: -1,
      Force: true,
    });
  });

  it('ignores unknown parameters and accepts a repeated parameter with the same value', () => {
    expect(parse(`Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=s&SnapshotIdentifier=s&Bogus.1=x&Tags.Tag.1.Key=k`).input).toEqual({
      SnapshotIdentifier: 's',
    });
  });

  it('operations without inputs members still decode', () => {
    expect(parse(`Action=DescribeClusters&${V}`)).toEqual({ action: 'DescribeClusters', input: {} });
  });
});

describe('parseQuery rejects bad requests with the exact AWS code', () => {
  it.each([
    ['no Action', `${V}`, 'MissingAction'],
    ['empty Action', `Action=&${V}`, 'MissingAction'],
    ['unknown action', `Action=FlyToTheMoon&${V}`, 'InvalidAction'],
    ['action in the model, not implemented', `Action=DescribeHsmConfigurations&${V}`, 'NotImplemented'],
    ['missing Version', 'Action=DescribeClusters', 'MissingParameter'],
    ['wrong Version', 'Action=DescribeClusters&Version=2011-01-01', 'InvalidParameterValue'],
    ['missing required member', `Action=CreateClusterSnapshot&${V}&ClusterIdentifier=c`, 'MissingParameter'],
    ['missing required member of a list item', `Action=DescribeClusterSnapshots&${V}&SortingEntities.SnapshotSortingEntity.1.SortOrder=ASC`, 'MissingParameter'],
    ['non-integer integer', `Action=DescribeClusterSnapshots&${V}&MaxRecords=abc`, 'InvalidParameterValue'],
    ['fractional integer', `Action=DescribeClusterSnapshots&${V}&MaxRecords=1.5`, 'InvalidParameterValue'],
    ['integer above int32', `Action=DescribeClusterSnapshots&${V}&MaxRecords=2147483648`, 'InvalidParameterValue'],
    ['integer below int32', `Action=DescribeClusterSnapshots&${V}&MaxRecords=-2147483649`, 'InvalidParameterValue'],
    ['empty integer', `Action=DescribeClusterSnapshots&${V}&MaxRecords=`, 'InvalidParameterValue'],
    ['non-boolean boolean', `Action=DescribeClusterSnapshots&${V}&ClusterExists=yes`, 'InvalidParameterValue'],
    ['unparseable timestamp', `Action=DescribeClusterSnapshots&${V}&StartTime=yesterday`, 'InvalidParameterValue'],
    ['impossible date', `Action=DescribeClusterSnapshots&${V}&StartTime=2023-02-29T00:00:00Z`, 'InvalidParameterValue'],
    ['list index 0', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.0=a`, 'InvalidParameterValue'],
    ['negative list index', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.-1=a`, 'InvalidParameterValue'],
    ['non-numeric list index', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.x=a`, 'InvalidParameterValue'],
    ['leading-zero list index', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.01=a`, 'InvalidParameterValue'],
    ['absurd list index', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.10001=a`, 'InvalidParameterValue'],
    ['huge list index', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.99999999999999999999=a`, 'InvalidParameterValue'],
    ['gap in list indices', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.1=a&TagKeys.TagKey.3=c`, 'InvalidParameterValue'],
    ['mixed item names', `Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.1=a&TagKeys.member.2=c`, 'InvalidParameterValue'],
    ['a value for a list', `Action=DescribeClusterSnapshots&${V}&TagKeys=a`, 'InvalidParameterValue'],
    ['enum value outside the model', `Action=DescribeClusterSnapshots&${V}&SortingEntities.SnapshotSortingEntity.1.Attribute=NAME`, 'InvalidParameterValue'],
    ['repeated parameter with different values', `Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=a&SnapshotIdentifier=b`, 'InvalidParameterValue'],
    ['repeated Action with different values', `Action=DeleteClusterSnapshot&Action=DescribeClusters&${V}`, 'InvalidParameterValue'],
    ['a control character', `Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=a%07b`, 'InvalidParameterValue'],
    ['a list item\'s member outside the model', `Action=DescribeClusterSnapshots&${V}&SortingEntities.SnapshotSortingEntity.1.Attribute=CREATE_TIME&SortingEntities.SnapshotSortingEntity.1.Order=DESC`, 'InvalidParameterValue'],
    ['a batch item\'s member outside the model', `Action=BatchDeleteClusterSnapshots&${V}&Identifiers.DeleteClusterSnapshotMessage.1.SnapshotIdentifier=s&Identifiers.DeleteClusterSnapshotMessage.1.ClusterIdentifier=c`, 'InvalidParameterValue'],
    ['NUL character', `Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=a%00b`, 'InvalidParameterValue'],
    ['escape character', `Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=a%1Bb`, 'InvalidParameterValue'],
    ['CatalogName outside its pattern', `Action=CreateCluster&${V}&ClusterIdentifier=c&NodeType=dc2.large&MasterUsername=u&CatalogName=UPPER`, 'InvalidParameterValue'],
  ])('%s → %s', (_, query, code) => {
    expect(codeOf(query)).toBe(code);
  });

  it('gives NotImplemented HTTP 501 and names the operation', () => {
    const err = errorOf(() => parse(`Action=DescribeHsmConfigurations&${V}`));
    expect(err.status).toBe(501);
    expect(err.message).toContain('DescribeHsmConfigurations');
  });

  it('names the offending parameter', () => {
    expect(errorOf(() => parse(`Action=DescribeClusterSnapshots&${V}&MaxRecords=abc`)).message).toContain('MaxRecords');
    expect(errorOf(() => parse(`Action=DescribeClusterSnapshots&${V}&TagKeys.TagKey.1=a&TagKeys.TagKey.3=c`)).message).toContain('TagKeys.TagKey.2');
    expect(errorOf(() => parse(`Action=CreateClusterSnapshot&${V}&ClusterIdentifier=c`)).message).toContain('SnapshotIdentifier');
    expect(errorOf(() => parse(`Action=DescribeClusterSnapshots&${V}&SortingEntities.SnapshotSortingEntity.1.SortOrder=ASC`)).message).toContain(
      'SortingEntities.SnapshotSortingEntity.1.Attribute',
    );
  });

  it('keeps tab and newline in strings', () => {
    expect(parse(`Action=DeleteClusterSnapshot&${V}&SnapshotIdentifier=a%09b%0Ac`).input.SnapshotIdentifier).toBe('a\tb\nc');
  });

  it('never throws anything but ServiceError, whatever the input', () => {
    const pieces = ['Action', 'Version', '2012-12-01', 'CreateClusterSnapshot', 'DescribeClusterSnapshots', 'Tags', 'Tag', 'member', '1', '0',
      '', '.', '..', '%', '%FF', '&', '=', 'SortingEntities', 'SnapshotSortingEntity', 'Attribute', 'constructor', '__proto__', 'hasOwnProperty', 'toString'];
    let seed = 7;
    const pick = () => pieces[(seed = (seed * 1103515245 + 12345) % 2147483648) % pieces.length] as string;
    for (let i = 0; i < 3000; i++) {
      const q = Array.from({ length: 1 + (i % 9) }, () => `${pick()}${pick()}=${pick()}${pick()}`).join('&');
      try {
        parse(`${i % 2 ? 'Action=DescribeClusterSnapshots&' + V + '&' : ''}${q}`);
      } catch (e) {
        expect(e, q).toBeInstanceOf(ServiceError);
      }
    }
  });
});

describe('serializeResult writes AWS XML from the output shape', () => {
  const snapshot = {
    SnapshotIdentifier: 'my-snap-1',
    ClusterIdentifier: 'mycluster',
    SnapshotCreateTime: new Date('2019-12-26T22:38:18.854Z'),
    Status: 'creating',
    Port: 5439,
    EncryptedWithHSM: false,
    TotalBackupSizeInMegaBytes: -1,
    ActualIncrementalBackupSizeInMegaBytes: 55,
    CurrentBackupRateInMegaBytesPerSecond: 25.5354,
    EstimatedSecondsToCompletion: -1,
    ElapsedTimeInSeconds: 0,
    KmsKeyId: undefined,
    VpcId: null,
    Tags: [],
    AccountsWithRestoreAccess: [{ AccountId: '210987654321' }, { AccountAlias: 'amazon-redshift-support' }],
    RestorableNodeTypes: ['dc2.large'],
    NotInTheModel: 'ignored',
  };

  it('wraps the result and request id like §5.4', () => {
    const xml = serializeResult('CreateClusterSnapshot', { Snapshot: snapshot }, 'req-1');
    expect(xml).toMatch(/^<CreateClusterSnapshotResponse xmlns="http:\/\/redshift\.amazonaws\.com\/doc\/2012-12-01\/">\n  <CreateClusterSnapshotResult>\n    <Snapshot>/);
    expect(xml).toContain('<ResponseMetadata>\n    <RequestId>req-1</RequestId>\n  </ResponseMetadata>\n</CreateClusterSnapshotResponse>');
    expect(xml).toContain('<SnapshotCreateTime>2019-12-26T22:38:18.854Z</SnapshotCreateTime>');
    expect(xml).toContain('<Port>5439</Port>');
    expect(xml).toContain('<EncryptedWithHSM>false</EncryptedWithHSM>');
    expect(xml).toContain('<TotalBackupSizeInMegaBytes>-1.0</TotalBackupSizeInMegaBytes>');
    expect(xml).toContain('<ActualIncrementalBackupSizeInMegaBytes>55.0</ActualIncrementalBackupSizeInMegaBytes>');
    expect(xml).toContain('<CurrentBackupRateInMegaBytesPerSecond>25.5354</CurrentBackupRateInMegaBytesPerSecond>');
    expect(xml).toContain('<EstimatedSecondsToCompletion>-1</EstimatedSecondsToCompletion>');
    expect(xml).toContain('<Tags/>');
    expect(xml).toContain('<AccountsWithRestoreAccess>\n        <AccountWithRestoreAccess>\n          <AccountId>210987654321</AccountId>');
    expect(xml).toContain('<AccountAlias>amazon-redshift-support</AccountAlias>');
    expect(xml).toContain('<RestorableNodeTypes>\n        <NodeType>dc2.large</NodeType>\n      </RestorableNodeTypes>');
    expect(xml).not.toMatch(/KmsKeyId|VpcId|NotInTheModel/);
  });

  it('names list items by the model: Snapshots/Snapshot, Resources/String, Errors/SnapshotErrorMessage', () => {
    expect(serializeResult('DescribeClusterSnapshots', { Snapshots: [{ SnapshotIdentifier: 'a' }, { SnapshotIdentifier: 'b' }], Marker: 'm' }, 'r')).toContain(
      '<Snapshots>\n      <Snapshot>\n        <SnapshotIdentifier>a</SnapshotIdentifier>\n      </Snapshot>\n      <Snapshot>',
    );
    const batch = serializeResult('BatchDeleteClusterSnapshots', { Resources: ['a'], Errors: [{ SnapshotIdentifier: 'b', FailureCode: 'ClusterSnapshotNotFound' }] }, 'r');
    expect(batch).toContain('<Resources>\n      <String>a</String>\n    </Resources>');
    expect(batch).toContain('<Errors>\n      <SnapshotErrorMessage>');
    expect(serializeResult('DescribeClusterSnapshots', { Snapshots: [] }, 'r')).toContain('<Snapshots/>');
  });

  it('writes <member> items for lists without an item name (Cluster.ClusterNodes)', () => {
    const xml = serializeResult('DescribeClusters', { Clusters: [{ ClusterIdentifier: 'c', ClusterNodes: [{ NodeRole: 'SHARED' }], PendingModifiedValues: {} }] }, 'r');
    expect(xml).toContain('<ClusterNodes>\n          <member>\n            <NodeRole>SHARED</NodeRole>');
    expect(xml).toContain('<PendingModifiedValues/>');
  });

  it('escapes text and replaces characters XML 1.0 cannot carry', () => {
    const xml = serializeResult('DeleteClusterSnapshot', { Snapshot: { SnapshotIdentifier: `a<b>&"c'\u0001\r` } }, 'r');
    expect(xml).toContain('<SnapshotIdentifier>a&lt;b&gt;&amp;&quot;c&apos;\uFFFD&#13;</SnapshotIdentifier>');
  });

  it('writes an empty result element when the output is empty', () => {
    expect(serializeResult('DescribeClusters', {}, 'r')).toContain('<DescribeClustersResult/>');
  });

  it('rejects output that does not fit the model (an engine bug) with a TypeError', () => {
    expect(() => serializeResult('DescribeClusters', { Clusters: 'nope' }, 'r')).toThrow(TypeError);
    expect(() => serializeResult('DeleteClusterSnapshot', { Snapshot: { Port: 1.5 } }, 'r')).toThrow(TypeError);
    expect(() => serializeResult('DeleteClusterSnapshot', { Snapshot: { SnapshotCreateTime: new Date(NaN) } }, 'r')).toThrow(TypeError);
    // The message names the member path, for the InternalFailure report.
    expect(() => serializeResult('DeleteClusterSnapshot', { Snapshot: { Port: 1.5 } }, 'r')).toThrow('DeleteClusterSnapshotResult.Snapshot.Port: 1.5 is not a valid integer');
    expect(() => serializeResult('DescribeClusterSnapshots', { Snapshots: [{}, { Tags: [{ Key: 7n }, { Key: {} }] }] }, 'r')).toThrow(
      'DescribeClusterSnapshotsResult.Snapshots[1].Tags[1].Key: an object is not a valid string',
    );
  });

  it('writes the same XML on every call (compiled writers keep no state between calls)', () => {
    const out = { Snapshots: [{ SnapshotIdentifier: 'a', Tags: [{ Key: 'k', Value: 'v' }], TotalBackupSizeInMegaBytes: 3 }], Marker: 'm' };
    const first = serializeResult('DescribeClusterSnapshots', out, 'r');
    expect(() => serializeResult('DescribeClusterSnapshots', { Snapshots: [{ Port: 'x' }] }, 'r')).toThrow(TypeError);
    expect(serializeResult('DescribeClusterSnapshots', out, 'r')).toBe(first);
    expect(first).toContain('<Tag>\n            <Key>k</Key>\n            <Value>v</Value>\n          </Tag>');
    expect(first).toContain('<TotalBackupSizeInMegaBytes>3.0</TotalBackupSizeInMegaBytes>');
  });

  it('prints doubles the way AWS (Java) does', () => {
    expect([55, -1, 25.5354, 0, -0, 1e21, 1.5e-7, 12345678].map(formatDouble)).toEqual(['55.0', '-1.0', '25.5354', '0.0', '-0.0', '1.0E21', '1.5E-7', '12345678.0']);
  });
});

describe('serializeError', () => {
  it('writes the §5.6 ErrorResponse with RequestId beside Error', () => {
    const err = new ServiceError('ClusterNotFound', 'Cluster awscluster not found.');
    expect(serializeError(err, 'f03377e4-bf0f-43f1-89b0-c6a120efb2a7')).toBe(
      [
        '<ErrorResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">',
        '  <Error>',
        '    <Type>Sender</Type>',
        '    <Code>ClusterNotFound</Code>',
        '    <Message>Cluster awscluster not found.</Message>',
        '  </Error>',
        '  <RequestId>f03377e4-bf0f-43f1-89b0-c6a120efb2a7</RequestId>',
        '</ErrorResponse>',
        '',
      ].join('\n'),
    );
  });

  it('round-trips a decode error into XML', () => {
    const err = errorOf(() => parse(`Action=DescribeClusterSnapshots&${V}&MaxRecords=<x>`));
    expect(serializeError(err, 'r')).toContain('<Message>Invalid value for parameter MaxRecords: &quot;&lt;x&gt;&quot; is not a 32-bit integer</Message>');
  });
});
