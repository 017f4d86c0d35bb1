import { createHash } from 'node:crypto';

/**
 * The visitor id of a twin access path: the twin page's own visitor id scoped to the link (its
 * token digest), so one visitor gets a separate session per link and a rotated link starts fresh
 * sessions. The router and the pairing package both derive twin sessions with it.
 */
export function scopeTwinVisitor(tokenHash: string, visitorId: string): string {
  return createHash('sha256')
    .update(`twin-visitor-v1\n${tokenHash}\n${visitorId}`)
    .digest('base64url')
    .slice(0, 32);
}
