/**
 * A bare Query-protocol client for tests that need raw HTTP (no SDK retries or validation):
 * posts a form as the account `key` in us-east-1 over a keep-alive agent.
 */
import { request, type Agent } from 'node:http';

/** An HTTP answer. */
export interface Answer {
  status: number;
  body: string;
}

/** POSTs `form` to `path` of `url`, signed (unverified) with access key `key`. */
export function postForm(agent: Agent, url: string, path: string, form: Record<string, string>, key: string): Promise<Answer> {
  const body = new URLSearchParams(form).toString();
  const u = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          authorization: `AWS4-HMAC-SHA256 Credential=${key}/20250101/us-east-1/redshift/aws4_request, SignedHeaders=host, Signature=0`,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
