/**
 * @packageDocumentation
 * `@clawforce/pairing`: self-service IM pairing — codes (only their digests stored), deep links, QR
 * codes rendered locally, the platform-neutral confirm flow (`/start CODE` -> BIND / CANCEL) with
 * bad-code lockouts — binding management, and Digital Twin links with rate limits.
 */

export {
  type CodeProblem,
  DEFAULT_PAIRING_CODE_LENGTH,
  formatPairingCode,
  generatePairingCode,
  hashPairingCode,
  MAX_PAIRING_CODE_LENGTH,
  MIN_PAIRING_CODE_LENGTH,
  type NormalizedCode,
  normalizePairingCode,
  PAIRING_CODE_ALPHABET,
} from './codes.js';
export {
  type ChannelSettings,
  channelSettingsSchema,
  type PairingLink,
  pairingLinkFor,
} from './deep-links.js';
export type { RateLimit } from './internal/limits.js';
export { englishMessages, type PairingMessages } from './messages.js';
export {
  type BadCodeLimit,
  createPairing,
  type InboundMessage,
  type InboundOutcome,
  inboundMessageSchema,
  PAIRING_CODE_KIND,
  type Pairing,
  type PairingOptions,
  type PairingStart,
  type PairingState,
} from './pairing.js';
export { renderQrSvg } from './qr.js';
export {
  createTwinLinks,
  createVisitorId,
  type EnabledTwinLink,
  hashTwinToken,
  scopeTwinVisitor,
  type TwinLimits,
  type TwinLinks,
  type TwinLinksOptions,
  type TwinVisit,
} from './twin.js';
