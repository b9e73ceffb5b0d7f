// The sweep worker thread's bundle (dist/sweepTask.js): the task and the engine it runs,
// without the rest of the CLI, so each thread starts faster (W1 bench: 105 -> 75 ms CPU
// per thread to load it; the full dist/cli.js is the fallback).
export { runSweepTask as sweepTask } from './task';
