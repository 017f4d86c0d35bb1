#!/usr/bin/env node
/**
 * The entry point of the AgentCore runtime image (`clawforce-agentcore`): reads its settings from
 * the environment, serves `POST /invocations` and `GET /ping` on port 8080, flushes every session
 * on SIGTERM.
 */
import { runAgentCoreContainer } from './container.js';

runAgentCoreContainer().then(
  (container) => {
    console.log(`clawforce-agentcore listening on port ${container.server.port}`);
  },
  (error: unknown) => {
    console.error(
      `clawforce-agentcore failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
