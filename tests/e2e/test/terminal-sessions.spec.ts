import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, TestSystem } from '@parley/testing';
import { TerminalSessions, logIn, passwordOf, register } from '../src/terminal-sessions';

/** Sessions as a person meets them in the terminal client: ended elsewhere, or everywhere from here. */
describe('the terminal client when sessions end', () => {
  let system: TestSystem;
  let terminals: TerminalSessions;

  before(async () => {
    system = await TestSystem.start('tui-sessions');
    terminals = await TerminalSessions.create(system.gatewayUrl());
  });

  after(async () => {
    await terminals?.dispose();
    await system?.stop();
  });

  it('says so on the login form when the password was changed on another device', async () => {
    const pane = terminals.open('gina');
    await register(pane, 'Gina', 'Gold', 'gina');
    await pane.waitFor(/Contacts/, 15_000);
    const phone = await TestClient.login(system.gatewayUrl(), 'gina', passwordOf('gina'));
    await phone.changePassword(passwordOf('gina'), 'a new password for gina');
    const screen = await pane.waitFor(/Parley · log in/, 15_000);
    assert.match(screen, /Your password was changed: log in with the new one\./);
  });

  it('logs out on every device from the logout question, and the other terminal says why', async () => {
    const here = terminals.open('hugo');
    await register(here, 'Hugo', 'Hart', 'hugo');
    await here.waitFor(/Contacts/, 15_000);
    const there = terminals.open('hugo-elsewhere');
    await logIn(there, 'hugo', passwordOf('hugo'));
    await there.waitFor(/Contacts/, 15_000);

    here.type('/logout');
    here.press('Enter');
    const asked = await here.waitFor(/Log out\?/);
    assert.match(asked, /Log out everywhere ends your sessions on\s/);
    assert.match(asked, /Cancel {2,}Log out {2,}Log out everywhere/);
    here.press('Right', 'Right', 'Enter');
    await here.waitFor(/Parley · log in/, 15_000);
    const screen = await there.waitFor(/Parley · log in/, 15_000);
    assert.match(screen, /You were logged out on every device\./);
  });
});
