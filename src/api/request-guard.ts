/**
 * What the HTTP server checks before it looks at a request's content, in the manner of Vite's and
 * webpack-dev-server's `allowedHosts` and Go's `CrossOriginProtection`:
 *
 * - **Host** (against DNS rebinding): the Host header's name, port ignored, must be `localhost`
 *   (or a `*.localhost` name), an address in 127.0.0.0/8, `::1`, the address the server is bound
 *   to, or one of `allowedHosts` (`name`, `.name` for the name and its subdomains, `*` for any).
 *   A server bound beyond loopback without `allowedHosts` accepts any Host (containers, where
 *   clients say `snapsim:4599`); its control API then needs its token.
 * - **Cross-site** (against a web page the user visits): a request a browser marks
 *   `Sec-Fetch-Site` other than `same-origin`/`none`, or one whose `Origin` is not the Host it is
 *   sent to, is refused on every route and method (a page can fire a GET with an `<img>`).
 *   Non-browser clients (SDKs, the AWS CLI, curl) send neither header.
 * - **Control token**: when set, the control API needs `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { HeaderBag } from './identity.ts';
import { headerValue } from './identity.ts';

/** How the server is exposed, as the guard needs to know it. */
export interface GuardOptions {
  /** The address or name the server is bound to (`--host`). */
  readonly boundHost: string;
  /** Extra Host names to accept (`--allowed-hosts`): `name`, `.name` (with subdomains) or `*`. */
  readonly allowedHosts?: readonly string[];
  /** The control API's bearer token; undefined = none needed. */
  readonly controlToken?: string;
}

/** Why a request was refused: `host` and `cross-site` on every route, `token` on the control API. */
export interface Refusal {
  readonly reason: 'host' | 'cross-site';
  readonly message: string;
}

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and `::1` (names as the URL parser normalises them). */
export function isLoopbackName(name: string): boolean {
  const host = normaliseName(name);
  if (host === undefined) return false;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True when a server bound to `host` is reachable only from this machine. */
export function bindsLoopbackOnly(host: string): boolean {
  return isLoopbackName(isIP(host) === 6 ? `[${host}]` : host);
}

/**
 * The host name of a Host header value (or of a bare name), normalised the way the WHATWG URL
 * parser does it (lower case, IPv4 shorthand such as `0x7f.1` expanded, IPv6 compressed and in
 * brackets, one trailing dot dropped); undefined when it does not parse.
 */
function normaliseName(hostHeader: string): string | undefined {
  if (hostHeader === '' || /[\s/?#@\\]/.test(hostHeader)) return undefined;
  try {
    const name = new URL(`http://${hostHeader}`).hostname;
    return name.endsWith('.') ? name.slice(0, -1) : name;
  } catch {
    return undefined;
  }
}

/** The Host header name and port of an `Origin` value; undefined when it has none (`null`, garbage). */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/** A Host header value as `URL.host` gives it (lower case, default port dropped). */
function hostAndPort(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).host;
  } catch {
    return undefined;
  }
}

const clip = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** The request checks of one server (built once at start). */
export class RequestGuard {
  private readonly anyHost: boolean;
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly tokenDigest: Buffer | undefined;
  /** True when the server listens beyond loopback. */
  readonly exposed: boolean;

  constructor(options: GuardOptions) {
    this.exposed = !bindsLoopbackOnly(options.boundHost);
    const listed = options.allowedHosts ?? [];
    this.anyHost = listed.includes('*') || (this.exposed && options.allowedHosts === undefined);
    const bound = normaliseName(isIP(options.boundHost) === 6 ? `[${options.boundHost}]` : options.boundHost);
    if (bound !== undefined) this.exact.add(bound);
    for (const entry of listed) {
      if (entry === '*') continue;
      const suffix = entry.startsWith('.');
      const name = normaliseName(suffix ? entry.slice(1) : entry);
      if (name === undefined) throw new Error(`allowed host ${clip(entry)} is not a host name`);
      this.exact.add(name);
      if (suffix) this.suffixes.push(`.${name}`);
    }
    this.tokenDigest = options.controlToken === undefined ? undefined : digest(options.controlToken);
  }

  /** True when the control API needs a bearer token. */
  get needsToken(): boolean {
    return this.tokenDigest !== undefined;
  }

  /** True when a Host header value names this server. */
  hostAllowed(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return true; // HTTP/1.0 without Host: not a browser
    if (this.anyHost) return true;
    const name = normaliseName(hostHeader);
    if (name === undefined) return false;
    return isLoopbackName(name) || this.exact.has(name) || this.suffixes.some((s) => name.endsWith(s));
  }

  /** The reason to refuse a request before reading it, or undefined. */
  check(headers: HeaderBag): Refusal | undefined {
    const host = headerValue(headers, 'host');
    if (!this.hostAllowed(host)) {
      return { reason: 'host', message: `Host ${clip(host ?? '')} is not allowed: snapsim answers localhost, loopback addresses, the address it is bound to and the names given with --allowed-hosts` };
    }
    const site = headerValue(headers, 'sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return { reason: 'cross-site', message: `Cross-site requests are refused (Sec-Fetch-Site: ${clip(site)}): a web page may not drive snapsim` };
    }
    const origin = headerValue(headers, 'origin');
    if (origin !== undefined) {
      const from = originHost(origin);
      if (from === undefined || host === undefined || from !== hostAndPort(host)) {
        return { reason: 'cross-site', message: `Cross-origin requests are refused (Origin ${clip(origin)} is not this server)` };
      }
    }
    return undefined;
  }

  /** True when the control API may be used with these headers (its token, when one is set). */
  tokenAccepted(headers: HeaderBag): boolean {
    if (this.tokenDigest === undefined) return true;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(headers, 'authorization') ?? '');
    return m !== null && timingSafeEqual(digest(m[1]!), this.tokenDigest);
  }
}

/** SHA-256 of a token: equal lengths for `timingSafeEqual` whatever is sent. */
const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * True when a POST body is declared as a form (`application/x-www-form-urlencoded`, any
 * parameters such as `charset`), the one body the Query protocol takes.
 */
export function isFormContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const media = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return media === 'application/x-www-form-urlencoded';
}
