/**
 * Optional AWS Signature Version 4 verification (`snapsim serve --verify-signatures FILE`), with
 * `node:crypto` only: the canonical request, the string to sign and the HMAC key chain of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, for the
 * `Authorization: AWS4-HMAC-SHA256 …` header and for presigned GETs (`X-Amz-Signature` in the
 * query string). By default snapsim verifies nothing (the access key names the account, as moto
 * and LocalStack do); with a credentials file a test can prove its client signs correctly.
 *
 * Not checked: the request time against the wall clock (AWS refuses a skew over 15 minutes) and
 * a presigned URL's `X-Amz-Expires`; session tokens are accepted as signed headers, not looked up.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { fault, type ServiceError } from '../model/errors.ts';
import { authorizationFields, headerValue, type HeaderBag } from './identity.ts';
import { ACCOUNT_ID } from '../model/regions.ts';

/** One access key's secret, and the account it acts as (default: as without verification). */
export interface Credential {
  readonly secretAccessKey: string;
  /** 12-digit account id; default: the key itself when it is 12 digits, else the configured default. */
  readonly account?: string;
}

/** Access key id → credential: the content of a credentials file. */
export type Credentials = Readonly<Record<string, Credential>>;

/** A request as it arrived, for verification. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as sent (`req.url`: path and raw query string). */
  readonly url: string;
  readonly headers: HeaderBag;
  readonly body: Buffer;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{8})T\d{6}Z$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Checks the JSON content of a credentials file: an object of access key id →
 * `{ "secretAccessKey": "…", "account": "111111111111" }` (account optional). Throws a plain
 * `Error` naming the first bad entry.
 */
export function parseCredentials(value: unknown, source = 'credentials'): Credentials {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${source}: expected a JSON object of access key id → { "secretAccessKey": "…", "account": "111111111111" }`);
  }
  const out: Record<string, Credential> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9]{1,128}$/.test(key)) throw new Error(`${source}: access key id ${JSON.stringify(key.slice(0, 40))} must be 1–128 letters or digits`);
    const e = entry as { secretAccessKey?: unknown; account?: unknown } | null;
    if (typeof e !== 'object' || e === null || typeof e.secretAccessKey !== 'string' || e.secretAccessKey === '') {
      throw new Error(`${source}: ${key} needs a non-empty "secretAccessKey"`);
    }
    if (e.account !== undefined && (typeof e.account !== 'string' || !ACCOUNT_ID.test(e.account))) {
      throw new Error(`${source}: ${key}: "account" must be a 12-digit account id`);
    }
    out[key] = { secretAccessKey: e.secretAccessKey, ...(e.account === undefined ? {} : { account: e.account }) };
  }
  if (Object.keys(out).length === 0) throw new Error(`${source}: no credentials`);
  return out;
}

/** The account each access key acts as, for the identity mapping (keys whose file names one). */
export function accountsOf(credentials: Credentials): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, c] of Object.entries(credentials)) if (c.account !== undefined) out[key] = c.account;
  return out;
}

/** The parts of a SigV4 signature, from the header or the query string. */
interface Signature {
  readonly accessKey: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly amzDate: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly presigned: boolean;
}

/**
 * Verifies a request's SigV4 signature against `credentials`: undefined when it is right, else
 * AWS's error: `MissingAuthenticationToken` (unsigned), `IncompleteSignature` (malformed),
 * `InvalidClientTokenId` (unknown key) or `SignatureDoesNotMatch`.
 */
export function verifySignature(request: SignedRequest, credentials: Credentials): ServiceError | undefined {
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : request.url.slice(queryStart + 1);
  let pairs: Array<[string, string]>;
  try {
    pairs = queryPairs(rawQuery);
  } catch {
    return fault('IncompleteSignature', 'The query string is not validly percent-encoded');
  }
  const parsed = signatureOf(request.headers, pairs);
  if (typeof parsed === 'string') return parsed === '' ? fault('MissingAuthenticationToken', 'Request is missing Authentication Token') : fault('IncompleteSignature', parsed);
  const credential = Object.hasOwn(credentials, parsed.accessKey) ? credentials[parsed.accessKey] : undefined;
  if (!credential) return fault('InvalidClientTokenId', 'The security token included in the request is invalid.');
  if (AMZ_DATE.exec(parsed.amzDate)?.[1] !== parsed.date) {
    return fault('SignatureDoesNotMatch', `${MISMATCH} (X-Amz-Date ${JSON.stringify(parsed.amzDate.slice(0, 20))} is not of the credential's date ${parsed.date})`);
  }
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const declared = headerValue(request.headers, 'x-amz-content-sha256');
  if (declared !== undefined && HEX_SHA256.test(declared) && declared !== bodyHash) {
    return fault('SignatureDoesNotMatch', `${MISMATCH} (x-amz-content-sha256 is not the body's hash)`);
  }
  const payloadHashes = declared !== undefined ? [declared] : parsed.presigned ? [bodyHash, 'UNSIGNED-PAYLOAD'] : [bodyHash];
  const query = canonicalQuery(parsed.presigned ? pairs.filter(([k]) => k !== 'X-Amz-Signature') : pairs);
  const headers = parsed.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`).join('');
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const key = signingKey(credential.secretAccessKey, parsed.date, parsed.region, parsed.service);
  const given = Buffer.from(parsed.signature, 'utf8');
  for (const payloadHash of payloadHashes) {
    const canonical = [request.method, canonicalUri(path), query, headers, parsed.signedHeaders.join(';'), payloadHash].join('\n');
    const toSign = `${ALGORITHM}\n${parsed.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const expected = Buffer.from(createHmac('sha256', key).update(toSign, 'utf8').digest('hex'), 'utf8');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  }
  return fault('SignatureDoesNotMatch', MISMATCH);
}

/** The signature's parts, '' when the request carries none, or a message saying what is malformed. */
function signatureOf(headers: HeaderBag, query: Array<[string, string]>): Signature | string {
  const auth = headerValue(headers, 'authorization');
  if (auth !== undefined) {
    const fields = authorizationFields(auth);
    if (typeof fields === 'string') return fields;
    const amzDate = headerValue(headers, 'x-amz-date');
    if (amzDate === undefined) return 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header (snapsim: X-Amz-Date).';
    return parts(fields.get('Credential'), fields.get('SignedHeaders'), fields.get('Signature'), amzDate, false);
  }
  const get = (name: string) => query.find(([k]) => k === name)?.[1];
  if (get('X-Amz-Algorithm') === undefined && get('X-Amz-Signature') === undefined) return '';
  if (get('X-Amz-Algorithm') !== ALGORITHM) return `X-Amz-Algorithm must be ${ALGORITHM}`;
  return parts(get('X-Amz-Credential'), get('X-Amz-SignedHeaders'), get('X-Amz-Signature'), get('X-Amz-Date') ?? '', true);
}

function parts(credential: string | undefined, signedHeaders: string | undefined, signature: string | undefined, amzDate: string, presigned: boolean): Signature | string {
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return 'The signature must name Credential, SignedHeaders and Signature';
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1]!)) {
    return 'Credential must have the form <access key>/<yyyymmdd>/<region>/<service>/aws4_request';
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host') || names.some((n) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(n))) {
    return 'SignedHeaders must be lower-case header names separated by ";", host among them';
  }
  const [accessKey, date, region, service] = scope as [string, string, string, string];
  return { accessKey, date, region, service, amzDate, signedHeaders: names, signature, presigned };
}

/** The query string's pairs, percent-decoded (`+` is a literal plus in SigV4). */
function queryPairs(raw: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.push([decodeURIComponent(k), decodeURIComponent(v)]);
  }
  return out;
}

/** RFC 3986 encoding: everything but unreserved characters. */
const uriEncode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(pairs: ReadonlyArray<[string, string]>): string {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The path as the SDKs sign it for services other than S3: normalised, each segment encoded again. */
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEncode(normalised).replace(/%2F/g, '/');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}
