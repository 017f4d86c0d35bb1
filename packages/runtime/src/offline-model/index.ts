/**
 * @packageDocumentation
 * `@clawforce/runtime/offline-model`: a small, deterministic OpenAI-compatible model server for
 * machines without model access. See {@link startOfflineModel}.
 */

export { OFFLINE_MARKER } from '../internal/offline-reply.js';
export {
  type ChatMessage,
  type ChatRequest,
  OFFLINE_MODEL_ID,
  type OfflineModel,
  type OfflineModelOptions,
  type RecordedRequest,
  startOfflineModel,
} from './server.js';
