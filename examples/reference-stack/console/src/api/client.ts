import { ApiError, apiErrorFrom } from './api-error.js';
import { buildUrl, type Endpoint, endpoints, type PathParameters } from './endpoints.js';

export type QueryParameters = Readonly<Record<string, string | number | boolean | undefined>>;

export interface CallOptions {
  readonly path?: PathParameters;
  readonly query?: QueryParameters;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

type SessionListener = () => void;

/**
 * The one way the console talks to the API. The session lives in httpOnly cookies the browser
 * sends by itself; when the access token has lapsed (401), the refresh cookie is exchanged once
 * for a new pair and the request is repeated. When that fails too, listeners hear that the
 * session ended (the app shows the sign-in page).
 */
export class ApiClient {
  private readonly fetcher: typeof fetch;
  private readonly baseUrl: string;
  private refreshing: Promise<boolean> | undefined;
  private readonly sessionEndedListeners = new Set<SessionListener>();

  constructor(options: { fetch?: typeof fetch; baseUrl?: string } = {}) {
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
  }

  onSessionEnded(listener: SessionListener): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  url(endpoint: Endpoint, options: Pick<CallOptions, 'path' | 'query'> = {}): string {
    return this.baseUrl + buildUrl(endpoint.path, options.path, options.query);
  }

  /** Calls an endpoint and returns its JSON body (undefined for 204). Throws {@link ApiError}. */
  async call<T>(endpoint: Endpoint, options: CallOptions = {}): Promise<T> {
    const response = await this.send(endpoint, options);
    if (!response.ok) throw await apiErrorFrom(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** The raw response of a successful call (streams, CSV); errors are thrown as for {@link call}. */
  async open(endpoint: Endpoint, options: CallOptions = {}): Promise<Response> {
    const response = await this.send(endpoint, options);
    if (!response.ok) throw await apiErrorFrom(response);
    return response;
  }

  /** Exchanges the refresh cookie for a new session; false when there is none to refresh. */
  refreshSession(): Promise<boolean> {
    this.refreshing ??= this.request(endpoints.refresh, { body: {} })
      .then((response) => response.ok)
      .catch(() => false)
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private async send(endpoint: Endpoint, options: CallOptions): Promise<Response> {
    const response = await this.request(endpoint, options);
    const renewable = endpoint !== endpoints.login && endpoint !== endpoints.refresh;
    if (response.status !== 401 || !renewable) return response;
    if (await this.refreshSession()) {
      const retried = await this.request(endpoint, options);
      if (retried.status !== 401) return retried;
    }
    for (const listener of this.sessionEndedListeners) listener();
    return response;
  }

  private async request(endpoint: Endpoint, options: CallOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      return await this.fetcher(this.url(endpoint, options), {
        method: endpoint.method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, 'network', 'the server cannot be reached');
    }
  }
}

/** The console's client (same origin as the stack that serves it). */
export const api = new ApiClient();
