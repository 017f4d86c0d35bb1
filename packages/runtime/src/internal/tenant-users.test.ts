import { spawn } from 'node:child_process';
import {
  chmod,
  link,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRuntimeError } from '../errors.js';
import {
  adoptTree,
  allowTraversal,
  decideIsolation,
  idsOfAccountFile,
  killProcessesOfUser,
  mappedRangeEnd,
  processesOfUser,
  TenantUserAllocator,
  UID_BLOCK_SIZE,
} from './tenant-users.js';

const asRoot = process.platform === 'linux' && process.getuid?.() === 0;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-tenant-users-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const allocator = (registryDirectory: string, taken: number[] = []) =>
  new TenantUserAllocator({
    registryDirectory,
    firstId: 200_000,
    lastId: 200_000 + 10 * UID_BLOCK_SIZE - 1,
    dataDirectory: join(root, 'data'),
    taken: new Set(taken),
  });

describe('tenant users', () => {
  it('reads the id range this user namespace maps, and the ids of accounts', () => {
    expect(mappedRangeEnd('         0          0 4294967295\n', 200_000)).toBe(4_294_967_295);
    // A rootless container that maps 65536 ids: 200000 is not among them.
    expect(mappedRangeEnd('0 1000 1\n1 100000 65536\n', 200_000)).toBeUndefined();
    expect(mappedRangeEnd('0 1000 1\n1 100000 300000\n', 200_000)).toBe(300_001);
    expect(mappedRangeEnd('', 200_000)).toBeUndefined();
    expect([
      ...idsOfAccountFile('root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n'),
    ]).toEqual([0, 65534]);
  });

  it('hands out uids in blocks claimed machine-wide, never the same twice, skipping accounts', async () => {
    const registry = join(root, 'registry');
    await mkdir(registry, { mode: 0o700 });
    const first = allocator(registry, [200_001]);
    const second = allocator(registry);
    const a = [await first.allocate(), await first.allocate()];
    const b = [await second.allocate(), await second.allocate()];
    // 200001 names an account: skipped. The second runtime works in a block of its own.
    expect(a).toEqual([
      { uid: 200_000, gid: 200_000 },
      { uid: 200_002, gid: 200_002 },
    ]);
    expect(b[0]?.uid).toBe(200_000 + UID_BLOCK_SIZE);
    expect((await readdir(registry)).sort()).toEqual(['block-0', 'block-1']);
    expect(JSON.parse(await readFile(join(registry, 'block-0'), 'utf8'))).toMatchObject({
      pid: process.pid,
      dataDirectory: join(root, 'data'),
    });
    // A block used up (here: every id in it names an account) moves on to the next free one.
    const blockTwo = Array.from({ length: UID_BLOCK_SIZE }, (_, index) => 202_000 + index);
    const third = allocator(registry, blockTwo);
    expect(await third.allocate()).toEqual({ uid: 203_000, gid: 203_000 });
    // When every block is claimed, allocation fails clearly.
    for (let index = 4; index < 10; index++) await writeFile(join(registry, `block-${index}`), '');
    const late = allocator(registry);
    await expect(late.allocate()).rejects.toSatisfy(
      (error) =>
        isRuntimeError(error, 'openclaw_start_failed') && /has been used/.test(String(error)),
    );
  });

  it('keeps tenants on one user when told to, and says why', async () => {
    expect(await decideIsolation({ mode: 'off' }, root)).toMatchObject({
      kind: 'shared-user',
      reason: expect.stringMatching(/turned off/),
    });
  });

  it('opens the way to the data directory for others: search, not read', async () => {
    const data = join(root, 'a', 'b', 'data');
    await mkdir(data, { recursive: true, mode: 0o700 });
    await chmod(join(root, 'a'), 0o700);
    const changed = await allowTraversal(data);
    expect(changed).toContain(data);
    expect(changed).toContain(join(root, 'a'));
    expect((await stat(data)).mode & 0o777).toBe(0o711);
    expect((await stat(join(root, 'a'))).mode & 0o777).toBe(0o711);
    expect(await allowTraversal(data)).toEqual([]);
  });

  describe.skipIf(!asRoot)('as root', () => {
    it('refuses a registry others could write to', async () => {
      const registry = join(root, 'open-registry');
      await mkdir(registry);
      await chmod(registry, 0o777);
      await expect(
        decideIsolation({ registryDirectory: registry }, join(root, 'data')),
      ).rejects.toSatisfy((error) => isRuntimeError(error, 'openclaw_start_failed'));
      const decided = await decideIsolation(
        { registryDirectory: join(root, 'registry') },
        join(root, 'data'),
      );
      expect(decided.kind).toBe('tenant-users');
    });

    it('gives the tenant what the platform wrote, but never what a link points to', async () => {
      const tree = join(root, 'workspace');
      const outside = join(root, 'outside.txt');
      await writeFile(outside, 'not the tenant’s');
      await mkdir(join(tree, 'memory'), { recursive: true });
      await writeFile(join(tree, 'SOUL.md'), 'soul');
      await writeFile(join(tree, 'memory', 'note.md'), 'note');
      await symlink(outside, join(tree, 'link.md'));
      await symlink(root, join(tree, 'escape'));
      await link(outside, join(tree, 'hard.md'));
      const user = { uid: 212_345, gid: 212_345 };
      expect(adoptTree(tree, user)).toBe(4);
      for (const path of [
        tree,
        join(tree, 'SOUL.md'),
        join(tree, 'memory'),
        join(tree, 'memory', 'note.md'),
      ]) {
        expect((await stat(path)).uid).toBe(user.uid);
      }
      expect((await stat(outside)).uid).toBe(0);
      expect((await stat(root)).uid).toBe(0);
      // Files the tenant already owns are left as they are: nothing to do the second time.
      expect(adoptTree(tree, user)).toBe(0);
    });

    it('kills every process of a tenant user, also those that left the process group', async () => {
      const uid = 212_346;
      const child = spawn('sleep', ['30'], { uid, gid: uid, detached: true, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(processesOfUser(uid)).toContain(child.pid);
      killProcessesOfUser(uid);
      await exited;
      expect(processesOfUser(uid)).toEqual([]);
    });
  });
});
