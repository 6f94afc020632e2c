/**
 * Events and event subscriptions through real clients over HTTP: the SDK v3 (DescribeEvents with
 * its paginator, DescribeEventCategories, the subscription operations and their errors) and the
 * AWS CLI v2 (`aws redshift describe-events`, `create-event-subscription`, …), and what the
 * subscription would have sent, at `GET /_snapsim/notifications`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  CreateClusterSnapshotCommand,
  CreateEventSubscriptionCommand,
  DeleteEventSubscriptionCommand,
  DescribeEventCategoriesCommand,
  DescribeEventSubscriptionsCommand,
  ModifyEventSubscriptionCommand,
  paginateDescribeEvents,
  RedshiftClient,
  type Event,
} from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../support/aws-cli.ts';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import type { Notification } from '../../src/sim/simulator.ts';

const ACCOUNT = '123456789012';
const credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'not-checked' };
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops';

describe('events and subscriptions over HTTP', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let client: RedshiftClient;
  let home: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 11, clock: 'manual' });
    client = new RedshiftClient({ region: 'us-east-1', credentials, endpoint: server.url, maxAttempts: 1 });
    home = mkdtempSync(join(tmpdir(), 'snapsim-events-cli-'));
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const control = async (method: string, path: string) => (await fetch(`${server.url}/_snapsim${path}`, { method })).json() as Promise<Record<string, any>>;
  const aws = awsCli(() => server.url, () => home, ACCOUNT);

  it('with the SDK v3: a subscription, the events it matched at /_snapsim/notifications, DescribeEvents paged', async () => {
    const created = await client.send(new CreateEventSubscriptionCommand({ SubscriptionName: 'sdk-ops', SnsTopicArn: TOPIC, SourceType: 'cluster-snapshot', Severity: 'INFO' }));
    expect(created.EventSubscription).toMatchObject({ CustSubscriptionId: 'sdk-ops', Status: 'active', Enabled: true, SourceType: 'cluster-snapshot', CustomerAwsId: ACCOUNT });
    expect(created.EventSubscription?.SubscriptionCreationTime).toBeInstanceOf(Date);
    await client.send(new CreateClusterCommand({ ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' }));
    await control('POST', '/clock/run-until-idle');
    for (let i = 0; i < 12; i++) {
      await client.send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'prod', SnapshotIdentifier: `s${i}` }));
      await control('POST', '/clock/run-until-idle');
    }
    const events: Event[] = [];
    for await (const page of paginateDescribeEvents({ client, pageSize: 20 }, { Duration: 24 * 60 })) events.push(...(page.Events ?? []));
    expect(events).toHaveLength(25);
    expect(events[0]).toMatchObject({ EventId: 'REDSHIFT-EVENT-2000', SourceIdentifier: 'prod', SourceType: 'cluster', Severity: 'INFO', EventCategories: ['management'] });
    expect(events[0]!.Date).toBeInstanceOf(Date);
    const { notifications } = (await control('GET', '/notifications')) as { notifications: Notification[] };
    expect(notifications).toHaveLength(24);
    expect(notifications[1]).toMatchObject({ subscription: 'sdk-ops', snsTopicArn: TOPIC, event: { EventId: 'REDSHIFT-EVENT-3004', SourceIdentifier: 's0' } });

    const categories = await client.send(new DescribeEventCategoriesCommand({ SourceType: 'cluster-snapshot' }));
    expect(categories.EventCategoriesMapList?.[0]?.Events?.map((e) => e.EventId)).toContain('REDSHIFT-EVENT-3004');
    const modified = await client.send(new ModifyEventSubscriptionCommand({ SubscriptionName: 'sdk-ops', Enabled: false }));
    expect(modified.EventSubscription?.Enabled).toBe(false);
    await expect(client.send(new CreateEventSubscriptionCommand({ SubscriptionName: 'bad', SnsTopicArn: 'ops' }))).rejects.toMatchObject({ name: 'SNSInvalidTopicFault', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new ModifyEventSubscriptionCommand({ SubscriptionName: 'nope' }))).rejects.toMatchObject({ name: 'SubscriptionNotFoundFault', $metadata: { httpStatusCode: 404 } });
    await expect(client.send(new CreateEventSubscriptionCommand({ SubscriptionName: 'x', SnsTopicArn: TOPIC, Severity: 'WARN' }))).rejects.toMatchObject({ name: 'SubscriptionSeverityNotFoundFault' });
    await client.send(new DeleteEventSubscriptionCommand({ SubscriptionName: 'sdk-ops' }));
    expect((await client.send(new DescribeEventSubscriptionsCommand({}))).EventSubscriptionsList).toEqual([]);
  });

  it('with the AWS CLI v2: create-event-subscription, describe-event-subscriptions, describe-events, delete-event-subscription', async () => {
    const created = await aws('create-event-subscription', '--subscription-name', 'cli-ops', '--sns-topic-arn', TOPIC, '--source-type', 'cluster', '--source-ids', 'prod', '--event-categories', 'management', 'monitoring', '--severity', 'INFO', '--tags', 'Key=via,Value=cli');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).EventSubscription).toMatchObject({ CustSubscriptionId: 'cli-ops', SourceIdsList: ['prod'], EventCategoriesList: ['management', 'monitoring'], Tags: [{ Key: 'via', Value: 'cli' }] });
    const listed = await aws('describe-event-subscriptions', '--subscription-name', 'cli-ops');
    expect(JSON.parse(listed.stdout).EventSubscriptionsList.map((s: { CustSubscriptionId: string }) => s.CustSubscriptionId)).toEqual(['cli-ops']);
    const events = await aws('describe-events', '--source-type', 'cluster', '--source-identifier', 'prod', '--duration', '1440');
    expect(events.code, events.stderr).toBe(0);
    expect(JSON.parse(events.stdout).Events.map((e: { EventId: string }) => e.EventId)).toEqual(['REDSHIFT-EVENT-2000']);
    const missing = await aws('create-event-subscription', '--subscription-name', 'cli-bad', '--sns-topic-arn', TOPIC, '--source-type', 'cluster', '--source-ids', 'ghost');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/SourceNotFound/);
    expect((await aws('delete-event-subscription', '--subscription-name', 'cli-ops')).code).toBe(0);
    const again = await aws('delete-event-subscription', '--subscription-name', 'cli-ops');
    expect(again.stderr).toMatch(/SubscriptionNotFound/);
  });
});
