/**
 * @packageDocumentation
 * `@clawforce/channel-kit`: the platform-neutral half of every Clawforce IM adapter — the event
 * deduplicator on core's ItemStore, the inbound dispatcher (dedupe -> pairing flow or agent ->
 * reply, with the working indicator), the framework-neutral webhook handler and its `node:http`
 * listener, Markdown splitting at a platform's limit without breaking code blocks, the bounded 429
 * retry and constant-time secret comparison. The `@clawforce/adapters-*` packages build on it.
 */
export * from './channel.js';
export * from './dedupe.js';
export * from './dispatcher.js';
export * from './headers.js';
export * from './markdown.js';
export * from './markdown-dialect.js';
export * from './node-http.js';
export * from './retry.js';
export * from './split.js';
export * from './webhook.js';
