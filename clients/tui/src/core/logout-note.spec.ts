import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logoutNote } from './logout-note';

describe('logoutNote', () => {
  it('says what happens to unsent messages, in the right number', () => {
    assert.equal(logoutNote(0), 'Nothing is waiting to be sent.');
    assert.equal(
      logoutNote(1),
      '1 unsent message stays on this computer and goes out when you log in again.',
    );
    assert.equal(logoutNote(3), '3 unsent messages stay on this computer and go out when you log in again.');
  });
});
