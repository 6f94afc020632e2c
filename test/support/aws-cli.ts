/**
 * The AWS CLI v2 (Debian's `/usr/bin/aws`) against a snapsim server, as the client tests run it:
 * `redshift <args> --endpoint-url <server> --output json`, with the caller's account as access key,
 * a throwaway home (no user config), no pager and no instance metadata.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** What a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A runner of `aws redshift …` for `account` against the server at `url()`, with its files under
 * `home()` (both read when a command runs, so they may be set in `beforeAll`): `aws(...args)` in
 * us-east-1, `aws.in(region, ...args)` in another region.
 */
export function awsCli(url: () => string, home: () => string, account: string) {
  const run = (region: string, args: string[]) =>
    new Promise<CliResult>((resolve) => {
      const h = home();
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: h, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: region, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', AWS_CONFIG_FILE: join(h, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(h, 'credentials') };
      execFile('/usr/bin/aws', ['redshift', ...args, '--endpoint-url', url(), '--output', 'json'], { env, timeout: 100_000 }, (e, stdout, stderr) => resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }));
    });
  return Object.assign((...args: string[]) => run('us-east-1', args), { in: (region: string, ...args: string[]) => run(region, args) });
}
