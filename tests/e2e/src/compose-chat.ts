import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, TmuxPane, pause } from '@parley/testing';
import { logIn, whenListed } from './terminal-sessions';

/**
 * What tests/compose/run.sh does as people would, against a running compose stack through its
 * published gateway:
 *   chat   <gateway url> <state file>              two new users befriend and chat, with delivered and read marks
 *   tui    <gateway url> <state file> <command>    the terminal client (`docker compose run …`) logs in, opens that chat and sends
 *   verify <gateway url> <state file>              the chat is all there, in order, with its marks (after stop/start, down/up)
 *   talk   <gateway url> <seconds>                 two more users chat for that long, a few messages a second (for the dashboard)
 * The state file carries the users and the messages from one step to the next.
 */
interface ChatState {
  alice: string;
  bob: string;
  password: string;
  /** Every message of the conversation, in the order sent. */
  texts: string[];
  /** The seq up to which bob has marked alice's messages delivered and read. */
  readUpTo: number;
}

async function chat(gateway: string, stateFile: string): Promise<void> {
  const suffix = randomBytes(3).toString('hex');
  const state: ChatState = {
    alice: `alice_${suffix}`,
    bob: `bob_${suffix}`,
    password: `password-${randomBytes(8).toString('hex')}`,
    texts: [],
    readUpTo: 0,
  };
  const alice = await online(gateway, state.alice, state.password);
  const bob = await online(gateway, state.bob, state.password);
  await TestClient.befriend(alice, bob);
  for (const text of ['hello bob', 'are you there?', 'über-🙂 unicode survives']) {
    const message = await alice.deliver(bob, text);
    assert.equal(message.text, text);
    state.texts.push(text);
  }
  state.readUpTo = state.texts.length;
  await bob.request('receipt', { kind: 'delivered', peer: alice.userId, upToSeq: state.readUpTo });
  await alice.waitFor((e) => e.event === 'receipt' && e.kind === 'delivered' && e.upToSeq === state.readUpTo);
  await bob.request('receipt', { kind: 'read', peer: alice.userId, upToSeq: state.readUpTo });
  await alice.waitFor((e) => e.event === 'receipt' && e.kind === 'read' && e.upToSeq === state.readUpTo);
  const reply = 'hi alice, all here';
  await bob.deliver(alice, reply);
  state.texts.push(reply);
  alice.close();
  bob.close();
  await writeFile(stateFile, JSON.stringify(state, null, 2));
  console.log(
    `chat: ${state.alice} and ${state.bob} exchanged ${state.texts.length} messages, delivered and read`,
  );
}

async function tui(gateway: string, stateFile: string, command: string): Promise<void> {
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as ChatState;
  const bob = await TestClient.login(gateway, state.bob, state.password);
  await bob.connect();
  const home = await mkdtemp(join(tmpdir(), 'parley-compose-tui-'));
  const pane = new TmuxPane('compose-tui', join(home, 'tmux.sock'));
  try {
    pane.start(command, {});
    // The first `docker compose run` builds the client's image before it starts.
    await pane.waitFor(/Parley · log in/, 600_000);
    await logIn(pane, state.alice, state.password);
    await whenListed(pane, state.bob);
    pane.press('Enter');
    const last = state.texts[state.texts.length - 1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await pane.waitFor(new RegExp(`${state.bob} {2,}${last}`), 15_000);
    const text = 'sent from the terminal client';
    pane.type(text);
    pane.press('Enter');
    await bob.waitFor((e) => e.event === 'message' && e.message.text === text, 15_000);
    state.texts.push(text);
    pane.type('/quit');
    pane.press('Enter');
    await pane.waitFor(/EXITED 0/, 30_000);
    console.log(`tui: ${state.alice} logged in through \`${command}\`, saw the chat and sent a message`);
  } catch (error) {
    console.error(`the terminal client's screen:\n${pane.capture()}`);
    throw error;
  } finally {
    pane.kill();
    bob.close();
    await rm(home, { recursive: true, force: true });
  }
  await writeFile(stateFile, JSON.stringify(state, null, 2));
}

async function verify(gateway: string, stateFile: string): Promise<void> {
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as ChatState;
  const alice = await TestClient.login(gateway, state.alice, state.password);
  const bob = await TestClient.login(gateway, state.bob, state.password);
  await alice.connect();
  const view = await alice.request('conversation.open', { peer: bob.userId });
  assert.deepEqual(
    view.messages.map((m) => m.text),
    state.texts,
    'the conversation is not what was sent',
  );
  assert.deepEqual(
    view.messages.map((m) => m.seq),
    state.texts.map((_, i) => i + 1),
    'the seqs are not 1..n',
  );
  assert.equal(view.peerDeliveredSeq, state.readUpTo, 'the delivered mark is lost');
  assert.equal(view.peerReadSeq, state.readUpTo, 'the read mark is lost');
  alice.close();
  console.log(`verify: ${state.texts.length} messages in order, seqs 1..${state.texts.length}, marks kept`);
}

async function talk(gateway: string, seconds: number): Promise<void> {
  const suffix = randomBytes(3).toString('hex');
  const password = `password-${randomBytes(8).toString('hex')}`;
  const alice = await online(gateway, `talk_a_${suffix}`, password);
  const bob = await online(gateway, `talk_b_${suffix}`, password);
  await TestClient.befriend(alice, bob);
  const end = Date.now() + seconds * 1000;
  let sent = 0;
  while (Date.now() < end) {
    const [from, to] = sent % 3 === 2 ? [bob, alice] : [alice, bob];
    const message = await from.deliver(to, `message ${sent + 1}`);
    await to.request('receipt', { kind: 'read', peer: from.userId, upToSeq: message.seq });
    sent += 1;
    await pause(200 + Math.random() * 400);
  }
  alice.close();
  bob.close();
  console.log(`talk: ${sent} messages in ${seconds} s`);
}

async function online(gateway: string, username: string, password: string): Promise<TestClient> {
  const client = await TestClient.register(gateway, username, password);
  await client.connect();
  return client;
}

// The third argument is the state file, or for talk the seconds.
const [step, gateway, third, command] = process.argv.slice(2);
const steps: Record<string, () => Promise<void>> = {
  chat: () => chat(gateway!, third!),
  tui: () => tui(gateway!, third!, command ?? ''),
  verify: () => verify(gateway!, third!),
  talk: () => talk(gateway!, Number(third)),
};
const run = step && gateway && third ? steps[step] : undefined;
if (!run || (step === 'tui' && !command)) {
  console.error(
    'usage: compose-chat chat|verify <gateway url> <state file> | tui <gateway url> <state file> <command>',
  );
  process.exit(2);
}
run().catch((error: unknown) => {
  console.error(`compose-chat ${step}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
