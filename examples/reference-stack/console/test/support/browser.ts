import { access, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y --no-install-recommends chromium`). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * Chromium, headless, nothing phoning home. Playwright gives every launch a fresh temporary
 * profile (its own --user-data-dir), removed when the browser closes.
 */
export async function launchBrowser(): Promise<Browser> {
  await access(CHROMIUM).catch(() => {
    throw new Error(
      `no chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`,
    );
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser console error or an uncaught page error. */
export interface BrowserProblem {
  readonly kind: 'console' | 'page';
  readonly text: string;
  readonly url: string;
}

/** A page that records every console error and uncaught exception it sees. */
export interface WatchedPage {
  readonly page: Page;
  readonly problems: BrowserProblem[];
  /** Failed HTTP responses (4xx/5xx) with their path, to tell expected ones apart. */
  readonly failedResponses: { status: number; path: string }[];
}

export async function openPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: BrowserProblem[] = [];
  const failedResponses: { status: number; path: string }[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push({ kind: 'console', text: message.text(), url: message.location().url });
    }
  });
  page.on('pageerror', (error) => {
    problems.push({ kind: 'page', text: error.stack ?? error.message, url: page.url() });
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      failedResponses.push({ status: response.status(), path: new URL(response.url()).pathname });
    }
  });
  return { page, problems, failedResponses };
}

/**
 * The problems left after removing the "Failed to load resource" lines of responses the test
 * expected to fail (`allowed`: status and path). Anything else is a real console error.
 */
export function unexpectedProblems(
  watched: WatchedPage,
  allowed: readonly { status: number; path: string | RegExp }[] = [],
): BrowserProblem[] {
  const isAllowed = (problem: BrowserProblem) => {
    if (problem.kind !== 'console' || !problem.text.startsWith('Failed to load resource'))
      return false;
    const path = problem.url ? new URL(problem.url).pathname : '';
    const status = Number(/status of (\d{3})/.exec(problem.text)?.[1]);
    return allowed.some(
      (rule) =>
        rule.status === status &&
        (typeof rule.path === 'string' ? rule.path === path : rule.path.test(path)),
    );
  };
  return watched.problems.filter((problem) => !isAllowed(problem));
}

export async function signIn(page: Page, baseUrl: string, employeeId: string, password: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Employee id').fill(employeeId);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Waits until no loading indicator is left on the page (every section loaded or failed). */
export async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('.loading-state').length === 0,
    undefined,
    {
      timeout: 20_000,
    },
  );
}
