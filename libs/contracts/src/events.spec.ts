import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as contracts from './index';
import { EVENTS } from './events';

describe('EVENTS', () => {
  it('holds every event contract libs/contracts exports, so each has its publishers', () => {
    const exported = Object.entries(contracts)
      .filter(
        ([, value]) =>
          typeof value === 'object' && value !== null && 'envelope' in value && 'binding' in value,
      )
      .map(([name, value]) => [name, (value as { type: string }).type]);
    const listed = new Set<string>(EVENTS.map((event) => event.type));
    assert.deepEqual(
      exported.filter(([, type]) => !listed.has(type!)).map(([name]) => name),
      [],
      'add these event contracts to EVENTS and EVENT_PUBLISHERS in libs/contracts/src/events.ts',
    );
    assert.equal(
      listed.size,
      exported.length,
      'an event type is listed twice, or a listed contract is not exported',
    );
  });
});
