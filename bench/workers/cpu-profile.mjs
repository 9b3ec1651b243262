// Preloaded into a server under test (NODE_OPTIONS=--import this file; Node 20 refuses --cpu-prof there)
// by `npm run bench -- search --profile`: the first SIGUSR2 starts V8's CPU profiler, the second stops
// it and writes the profile (open it in Chrome DevTools or speedscope) to BIJI_CPU_PROFILE.
import fs from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BIJI_CPU_PROFILE;
if (file) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, res) => {
      if (!err) fs.writeFileSync(file, JSON.stringify(res.profile));
    });
  });
}
