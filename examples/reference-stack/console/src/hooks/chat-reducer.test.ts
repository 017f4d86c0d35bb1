import { describe, expect, it } from 'vitest';
import { type ChatState, chatReducer, initialChatState, isRunning } from './chat-reducer.js';

const sent = (state: ChatState, at = 1_000) =>
  chatReducer(state, { type: 'sent', id: 1, message: 'Who are you?', at });

describe('chatReducer', () => {
  it('measures the time to the first token of the reply, once', () => {
    let state = sent(initialChatState);
    expect(state.turns[0]?.status).toBe('waiting');
    state = chatReducer(state, {
      type: 'event',
      id: 1,
      at: 1_100,
      event: { type: 'text', text: '' },
    });
    expect(state.turns[0]?.timeToFirstTokenMs).toBeUndefined();
    state = chatReducer(state, {
      type: 'event',
      id: 1,
      at: 3_250,
      event: { type: 'text', text: 'I am ' },
    });
    state = chatReducer(state, {
      type: 'event',
      id: 1,
      at: 3_900,
      event: { type: 'text', text: 'Carol’s agent.' },
    });
    expect(state.turns[0]).toMatchObject({
      reply: 'I am Carol’s agent.',
      status: 'streaming',
      timeToFirstTokenMs: 2_250,
    });
  });

  it('keeps the route, tools, guardrail and warnings; done marks the agent warm', () => {
    let state = chatReducer(sent(initialChatState), { type: 'agent', agent: 'starting' });
    const events = [
      {
        type: 'start',
        sessionId: 'emp__emp-carol__x',
        accessPath: 'employee',
        route: { tier: 'default', target: { kind: 'local', runtimeId: 'standard' } },
      },
      { type: 'warning', message: '80% of the monthly budget is used' },
      { type: 'tool', name: 'exec', outcome: 'denied' },
      { type: 'guardrail', action: 'anonymized', sources: ['INPUT'] },
      { type: 'done', model: 'offline/x', inputTokens: 100, outputTokens: 20, durationMs: 900 },
    ] as const;
    for (const event of events)
      state = chatReducer(state, { type: 'event', id: 1, at: 2_000, event });
    expect(state.agent).toBe('warm');
    expect(state.turns[0]).toMatchObject({
      status: 'done',
      sessionId: 'emp__emp-carol__x',
      route: { tier: 'default' },
      tools: [{ name: 'exec', outcome: 'denied' }],
      guardrail: { action: 'anonymized', source: 'INPUT' },
      warnings: ['80% of the monthly budget is used'],
      model: 'offline/x',
      outputTokens: 20,
    });
    expect(isRunning(state.turns[0] as NonNullable<ChatState['turns'][number]>)).toBe(false);
  });

  it('fails a turn on an error event, and one the stream cut off; a finished turn stays done', () => {
    let state = sent(initialChatState);
    state = chatReducer(state, {
      type: 'event',
      id: 1,
      at: 1,
      event: { type: 'error', code: 'busy', message: 'the agent is busy' },
    });
    expect(state.turns[0]).toMatchObject({ status: 'failed', error: 'the agent is busy' });

    let cut = chatReducer(sent(initialChatState), {
      type: 'event',
      id: 1,
      at: 2,
      event: { type: 'text', text: 'Hal' },
    });
    cut = chatReducer(cut, { type: 'ended', id: 1 });
    expect(cut.turns[0]).toMatchObject({ status: 'failed', reply: 'Hal' });

    let done = chatReducer(sent(initialChatState), {
      type: 'event',
      id: 1,
      at: 2,
      event: { type: 'done', model: 'm', inputTokens: 1, outputTokens: 1, durationMs: 1 },
    });
    done = chatReducer(done, { type: 'ended', id: 1 });
    expect(done.turns[0]?.status).toBe('done');
  });
});
