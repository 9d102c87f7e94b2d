/**
 * Preloaded into a service process (NODE_OPTIONS=--require …) when the bench runs with --profile.
 * Node 20 refuses --cpu-prof in NODE_OPTIONS, and ServiceProcess starts services with no other
 * way to pass node flags, so this drives the same V8 sampling profiler through the inspector:
 * SIGUSR2 starts it (the bench sends it when the measured phase begins, so start-up and
 * registration stay out of the profile) and <pid>.cpuprofile is written into BENCH_PROFILE_DIR
 * when the process exits (services exit cleanly on SIGTERM). An in-process inspector session
 * answers synchronously, which is what lets the profile be taken inside the 'exit' handler.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  let started = false;
  process.on('SIGUSR2', () => {
    if (started) return;
    started = true;
    session.post('Profiler.start');
  });
  process.once('exit', () => {
    if (!started) return;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
