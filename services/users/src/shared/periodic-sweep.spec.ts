import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pause } from '@parley/testing';
import { PeriodicSweep } from './periodic-sweep';

const logged: string[] = [];
const logger = {
  info: (_: object, message: string) => logged.push(`info ${message}`),
  warn: (_: object, message: string) => logged.push(`warn ${message}`),
} as never;

describe('PeriodicSweep', () => {
  it('sweeps at its interval, one sweep at a time, until stopped, and says what went or what failed', async () => {
    let running = 0;
    let most = 0;
    let begun = 0;
    let sweeps = 0;
    const sweep = new PeriodicSweep(
      'old things',
      10,
      async () => {
        begun++;
        most = Math.max(most, ++running);
        await pause(35);
        running--;
        if (++sweeps === 2) throw new Error('database away');
        return 3;
      },
      logger,
    );
    sweep.onModuleInit();
    await pause(200);
    sweep.onModuleDestroy();
    const after = begun;
    await pause(100);
    assert.ok(after >= 3, `began ${after} sweeps`);
    assert.equal(most, 1, 'never two sweeps at once');
    assert.equal(begun, after, 'no sweep begins once stopped');
    assert.ok(logged.includes('info swept old things'));
    assert.ok(logged.includes('warn could not sweep old things; trying again later'));
  });
});
