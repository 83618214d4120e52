/**
 * Loaded into every server process by `npm run bench` (NODE_OPTIONS=--import, so the cluster's
 * workers get it too): measures event-loop delay with perf_hooks.monitorEventLoopDelay. On SIGUSR2
 * a process writes what it measured since the last signal to BENCH_LOOP_DELAY_DIR/<pid>.json (ms)
 * and starts again. With BENCH_CPU_PROF_DIR set (`npm run bench -- --cpu-prof`; `--cpu-prof` itself is
 * refused in NODE_OPTIONS) it also profiles the process with the inspector and, on the same signal,
 * writes the profile since the last one to BENCH_CPU_PROF_DIR/<pid>-<n>.cpuprofile.
 * Plain JavaScript: the workers run the built server with plain node.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const profDir = process.env.BENCH_CPU_PROF_DIR;
let profiles = 0;
/** Starts the profiler; the returned function writes what it sampled so far and starts it again. */
function startProfiler() {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const start = () =>
    post('Profiler.enable')
      .then(() => post('Profiler.setSamplingInterval', { interval: 250 }))
      .then(() => post('Profiler.start'));
  void start();
  return async () => {
    const { profile } = await post('Profiler.stop');
    writeFileSync(`${profDir}/${process.pid}-${++profiles}.cpuprofile`, JSON.stringify(profile));
    await start();
  };
}
const nextProfile = profDir ? startProfiler() : undefined;

const dir = process.env.BENCH_LOOP_DELAY_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('SIGUSR2', () => {
    const line = {
      pid: process.pid,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      at: Date.now(),
    };
    histogram.reset();
    writeFileSync(`${dir}/${process.pid}.json`, JSON.stringify(line));
    void nextProfile?.();
  });
}
