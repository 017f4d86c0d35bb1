import { describe, expect, it } from 'vitest';
import { type TurnEvent, toTurnEvent } from './agent-runtime.js';

describe('toTurnEvent', () => {
  it("passes text and tool events on, and leaves the runtime's output out of done", () => {
    const text: TurnEvent = { type: 'text', text: 'Hello' };
    const tool: TurnEvent = { type: 'tool', name: 'exec', outcome: 'denied' };
    expect(toTurnEvent(text)).toBe(text);
    expect(toTurnEvent(tool)).toBe(tool);
    const done = {
      type: 'done' as const,
      model: 'offline/clawforce-offline',
      inputTokens: 12,
      outputTokens: 3,
      durationMs: 70,
      output: { timings: { openclawMs: 50 }, toolCalls: [{ arguments: { command: 'ls' } }] },
    };
    expect(toTurnEvent(done)).toEqual({
      type: 'done',
      model: 'offline/clawforce-offline',
      inputTokens: 12,
      outputTokens: 3,
      durationMs: 70,
    });
  });
});
