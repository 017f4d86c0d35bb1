import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const JWT_SECRET_FILE = 'jwt-secret';
const MIN_SECRET_LENGTH = 32;

/**
 * The key that signs access tokens: `JWT_SECRET` when set, otherwise a random one generated once
 * into `<dataDir>/jwt-secret` (mode 0600) and reused, so a restart does not sign everyone out.
 */
export async function loadJwtSecret(options: {
  readonly fromEnvironment: string | undefined;
  readonly dataDir: string;
}): Promise<{ secret: string; source: 'environment' | 'generated' | 'data-dir' }> {
  if (options.fromEnvironment !== undefined && options.fromEnvironment !== '') {
    if (options.fromEnvironment.length < MIN_SECRET_LENGTH) {
      throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return { secret: options.fromEnvironment, source: 'environment' };
  }
  const file = join(options.dataDir, JWT_SECRET_FILE);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    // `wx`: of two processes starting at once, one writes and the other reads its secret.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = (await readFile(file, 'utf8')).trim();
  if (stored.length < MIN_SECRET_LENGTH) {
    throw new Error(`${file} holds no usable secret; delete it to generate a new one`);
  }
  return { secret: stored, source: 'data-dir' };
}
