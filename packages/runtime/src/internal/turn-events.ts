import type { TurnEventOf } from '../runtime.js';

/** What a turn's closing events are made of: the local runtime's output, or a container's. */
export interface ClosingOutput {
  readonly toolCalls: readonly {
    readonly name: string;
    readonly outcome: 'completed' | 'executed' | 'failed' | 'denied';
  }[];
  readonly usage: {
    readonly model?: string | undefined;
    readonly inputTokens: number;
    readonly outputTokens: number;
  };
  readonly durationMs: number;
}

/**
 * The end of a streamed turn, after its text: one `tool` event per tool call (a `completed` call
 * is reported as `executed`), then `done` with the whole output.
 */
export function* closingTurnEvents<Output extends ClosingOutput>(
  output: Output,
): Generator<TurnEventOf<Output>> {
  for (const call of output.toolCalls) {
    yield {
      type: 'tool',
      name: call.name,
      outcome: call.outcome === 'completed' ? 'executed' : call.outcome,
    };
  }
  yield {
    type: 'done',
    model: output.usage.model ?? 'unknown',
    inputTokens: output.usage.inputTokens,
    outputTokens: output.usage.outputTokens,
    durationMs: output.durationMs,
    output,
  };
}
