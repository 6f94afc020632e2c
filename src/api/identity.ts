/**
 * Who is calling: the account and region of a request, read from its SigV4 credential scope.
 *
 * The access key comes from the `Authorization` header (`Credential=AKID/20250115/us-east-2/
 * redshift/aws4_request`) or, for presigned GETs, the `X-Amz-Credential` query parameter. A
 * 12-digit access key *is* the account id; any other key is looked up in `accounts` and falls back
 * to `defaultAccount`. The region is the credential scope's region, else `defaultRegion`.
 * Signatures are **not** verified: snapsim is a test double, any credentials are accepted.
 */
import type { Caller } from './port.ts';
import { ACCOUNT_ID, REGION_NAME } from '../model/regions.ts';

/** Mapping from access keys to accounts, and the defaults for unsigned or unmapped requests. */
export interface IdentityConfig {
  /** Access key id → 12-digit account id. */
  accounts?: Record<string, string>;
  /** Account for unsigned requests and unmapped keys (default `123456789012`). */
  defaultAccount?: string;
  /** Region when the request names none (default `us-east-1`). */
  defaultRegion?: string;
}

/** The account used when a request does not identify one. */
export const DEFAULT_ACCOUNT = '123456789012';
/** The region used when a request does not name one. */
export const DEFAULT_REGION = 'us-east-1';

/** Request headers as Node gives them (names in any case). */
export type HeaderBag = Record<string, string | string[] | undefined>;


/** Finds a header value regardless of name case; the first value when repeated. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const direct = headers[wanted]; // Node gives header names in lower case
  if (direct !== undefined) return Array.isArray(direct) ? direct[0] : direct;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** The signing algorithm of SigV4, the one an `Authorization` header may name. */
const SIGV4 = 'AWS4-HMAC-SHA256';

/**
 * The fields (`Credential`, `SignedHeaders`, `Signature`) of a SigV4 `Authorization` header, by
 * exact name; a string saying what is wrong when it is not one (another scheme, a field named
 * twice). The one parser of the header: the caller's identity is read with it too
 * ({@link credentialOf}), so the credential that signed a request is the one it acts as.
 */
export function authorizationFields(auth: string): Map<string, string> | string {
  if (!auth.startsWith(`${SIGV4} `)) return `Authorization header must use ${SIGV4} (Signature Version 4)`;
  const fields = new Map<string, string>();
  for (const part of auth.slice(SIGV4.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (fields.has(name)) return `Authorization header names ${name.slice(0, 32)} twice`;
    fields.set(name, part.slice(eq + 1).trim());
  }
  return fields;
}

/** The SigV4 credential (`AKID/date/region/service/aws4_request`) a request is signed with: its Authorization header's, else its presigned query's. */
export function credentialOf(headers: HeaderBag, params: URLSearchParams): string | undefined {
  const auth = headerValue(headers, 'authorization');
  if (auth === undefined) return params.get('X-Amz-Credential') ?? undefined;
  const fields = authorizationFields(auth);
  return typeof fields === 'string' ? undefined : fields.get('Credential');
}

/** Resolves the calling account and region of a request. */
export function resolveCaller(headers: HeaderBag, params: URLSearchParams, config: IdentityConfig = {}): Caller {
  const [accessKey = '', , scopeRegion = ''] = (credentialOf(headers, params) ?? '').split('/');
  const mapped = config.accounts && Object.hasOwn(config.accounts, accessKey) ? config.accounts[accessKey] : undefined;
  // a key mapped to an account acts as it (also a 12-digit key); another 12-digit key is its own account
  const account = mapped ?? (ACCOUNT_ID.test(accessKey) ? accessKey : (config.defaultAccount ?? DEFAULT_ACCOUNT));
  const region = REGION_NAME.test(scopeRegion) ? scopeRegion : (config.defaultRegion ?? DEFAULT_REGION);
  return { account, region };
}
