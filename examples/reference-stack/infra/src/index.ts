export type { AgentRuntimes } from './agent-runtimes.js';
export { API_PORT, RATE_LIMITS } from './api-service.js';
export { createApp } from './app.js';
export {
  parseStackConfig,
  type StackConfig,
  StackConfigError,
  type StackConfigInput,
  stackConfigFromContext,
} from './config.js';
export { BLOB_PREFIXES, itemTableKeys } from './data.js';
export { IMAGE_NAMES, type ImageName, ImagesStack, repositoryName } from './images-stack.js';
export { CHANNEL_SECRET_KEYS } from './secrets.js';
export { ClawforceStack, type ClawforceStackProps } from './stack.js';
export { CONTAINER_DATA_ACCESS } from './team-agents.js';
