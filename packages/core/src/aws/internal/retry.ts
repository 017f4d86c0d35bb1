/** Full-jitter exponential backoff: a random delay up to `base * 2^attempt`, capped. */
export function backoffDelay(attempt: number, baseMs = 25, capMs = 1_000): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
