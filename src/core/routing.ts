import type { IncomingHttpHeaders } from 'node:http';
import type { Platform } from './platform.js';

/** Paths served by the mock itself, never by a platform. */
const CORE_PREFIXES = ['/__mock', '/docs'];

export interface PlatformRouter {
  /** Maps a raw request URL to the prefixed URL the platform plugins are registered at. */
  rewrite(url: string, headers: IncomingHttpHeaders): string;
  /** The platform a (rewritten or prefixed) URL belongs to, if any. */
  platformOf(url: string): Platform | undefined;
  /** `/zulip/api/v1/users` -> `/api/v1/users` when the platform serves that path at the root too. */
  rootPathOf(url: string): string | undefined;
}

function startsWithSegment(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  // end of string, '/', '?' or '#'
  return Number.isNaN(next) || next === 47 || next === 63 || next === 35;
}

/** Whether a URL is the mock's own (`/__mock`, `/docs`), never a platform's. */
export function isCorePath(url: string): boolean {
  for (const prefix of CORE_PREFIXES) if (startsWithSegment(url, prefix)) return true;
  return false;
}

/** `//api/v1` (zulip-js with a trailing-slash realm) is served as `/api/v1`. */
function collapseLeadingSlashes(path: string): string {
  let i = 0;
  while (path.charCodeAt(i + 1) === 47) i++;
  return i === 0 ? path : path.slice(i);
}

/**
 * Every platform answers under `/<name>/...` and also at its real paths at the
 * root. Root requests are rewritten to the prefixed form before routing, so each
 * platform registers its routes once. Where two platforms share a root prefix
 * (Zulip and Open WebUI on /api/v1), the credential's scheme decides.
 */
export function createPlatformRouter(platforms: readonly Platform[], rootDefault: string): PlatformRouter {
  const byPrefix = platforms.map((platform) => ({ platform, prefix: `/${platform.name}` }));
  const fallback = platforms.find((platform) => platform.name === rootDefault);

  const servesAtRoot = (platform: Platform, path: string): boolean => {
    for (const prefix of platform.rootPrefixes) if (path.startsWith(prefix)) return true;
    return false;
  };

  // Plain loops, no arrays or closures per call: rewrite runs for every request.
  function rootOwner(path: string, headers: IncomingHttpHeaders): Platform | undefined {
    let first: Platform | undefined;
    let shared = false;
    for (const platform of platforms) {
      if (!servesAtRoot(platform, path)) continue;
      if (first === undefined) first = platform;
      else shared = true;
    }
    if (!shared) return first;
    let fallbackServes = false;
    for (const platform of platforms) {
      if (!servesAtRoot(platform, path)) continue;
      if (platform.claimsRequest?.(headers)) return platform;
      if (platform === fallback) fallbackServes = true;
    }
    return fallbackServes ? fallback : first;
  }

  function prefixedOf(url: string): { platform: Platform; prefix: string } | undefined {
    for (const entry of byPrefix) if (startsWithSegment(url, entry.prefix)) return entry;
    return undefined;
  }

  return {
    rewrite(url, headers) {
      if (isCorePath(url)) return url;
      const prefixed = prefixedOf(url);
      if (prefixed) {
        const rest = url.slice(prefixed.prefix.length);
        return rest.startsWith('//') ? prefixed.prefix + collapseLeadingSlashes(rest) : url;
      }
      const path = collapseLeadingSlashes(url);
      const owner = rootOwner(path, headers);
      return owner ? `/${owner.name}${path}` : url;
    },
    platformOf(url) {
      return prefixedOf(url)?.platform;
    },
    rootPathOf(url) {
      const entry = prefixedOf(url);
      if (!entry) return undefined;
      const path = url.slice(entry.prefix.length);
      return servesAtRoot(entry.platform, path) ? path : undefined;
    },
  };
}
