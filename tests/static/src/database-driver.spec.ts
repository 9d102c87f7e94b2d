import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runtimeWorkspaceDeps, workspaces } from './repo';

/** The database driver is a dependency of the services that store something, never of what all stand on. */
const DRIVER = 'mongoose';

describe('the database driver', () => {
  it('is not a dependency of @parley/platform, which every service stands on', () => {
    const platform = workspaces().find((w) => w.name === '@parley/platform');
    assert.ok(platform, 'no workspace is named @parley/platform');
    assert.ok(!(DRIVER in platform.dependencies), `${platform.dir}/package.json depends on ${DRIVER}`);
  });

  it('is not in the gateway, which stores nothing, nor in any workspace lib it links', () => {
    const gateway = workspaces().find((w) => w.dir === 'services/gateway');
    assert.ok(gateway, 'services/gateway is not a workspace');
    const carriers = [gateway, ...runtimeWorkspaceDeps(gateway.dir)]
      .filter((w) => DRIVER in w.dependencies)
      .map((w) => w.dir);
    assert.deepEqual(
      carriers,
      [],
      `the gateway's image would carry ${DRIVER} through ${carriers.join(', ')}`,
    );
  });
});
