import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type blessed from 'blessed';
import type { Preferences } from '../core/preferences-store';
import { Notifier, titleText } from './notifier';

/** What the notifier writes to the terminal: bells and title sequences, in order. */
function terminal(): { screen: blessed.Widgets.Screen; written: string[] } {
  const written: string[] = [];
  const program = { bell: () => written.push('BEL'), write: (text: string) => written.push(text) };
  return { screen: { program } as unknown as blessed.Widgets.Screen, written };
}

describe('the notifier', () => {
  it('rings for a message out of view, or in view while the terminal is in the background', () => {
    const { screen, written } = terminal();
    const notifier = new Notifier(screen, () => ({ bell: true, title: true }));
    notifier.arrived(true);
    assert.deepEqual(written, [], 'a message in the conversation being read rings nothing');
    notifier.arrived(false);
    notifier.setFocused(false);
    notifier.arrived(true);
    notifier.setFocused(true);
    notifier.arrived(true);
    assert.deepEqual(written, ['BEL', 'BEL']);
  });

  it('counts unread in the title, writing it only when it changes, and keeps quiet when told to', () => {
    const { screen, written } = terminal();
    let preferences: Preferences = { bell: true, title: true };
    const notifier = new Notifier(screen, () => preferences);
    notifier.showUnread(3);
    notifier.showUnread(3);
    notifier.showUnread(0);
    preferences = { bell: false, title: false };
    notifier.showUnread(5);
    notifier.arrived(false);
    assert.deepEqual(written, ['\x1b]2;(3) Parley\x07', '\x1b]2;Parley\x07']);
    assert.equal(titleText(1), '(1) Parley');
  });
});
