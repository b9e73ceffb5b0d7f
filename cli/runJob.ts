// Drives a job from the terminal: progress bar on a TTY, Ctrl-C to cancel (a second
// Ctrl-C while writing is ignored, so no output is left half-written).
import { EXIT, formatFailure } from './errors';
import type { Job, JobMessage } from '../jobs/job';
import { createProgressBar } from './progress';
import { reportRefusal } from './preflight';
import { startJob } from './worker';

export type Done = Extract<JobMessage, { type: 'done' }>;

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

/** Runs the job; returns the done message, or an exit code after reporting the failure. */
export async function runJobWithUi(job: Job, io: Io): Promise<Done | number> {
  const bar = createProgressBar(io.stderr);
  const handle = startJob(job, (m) => bar.update(m.fraction, `${m.label} ${m.date}`));
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (handle.writing()) {
      bar.clear();
      io.stderr.write('finishing writing the results; they will be complete in a moment\n');
      return;
    }
    if (interrupts === 1) handle.cancel();
    else process.exit(EXIT.cancelled); // no result folder yet: at most a hidden temporary one, which the next run there removes
  };
  // In this thread (a plain run: nothing to write) Ctrl-C keeps its default action and ends
  // the process at once; a handler could not run before the synchronous engine loop ends.
  const listen = !handle.inThread;
  if (listen) process.on('SIGINT', onSigint);
  try {
    const m = await handle.result;
    bar.clear();
    if (m.type === 'done') return m;
    if (m.type === 'cancelled') {
      io.stderr.write('cancelled: nothing was written\n');
      return EXIT.cancelled;
    }
    if (m.type === 'invalid') {
      reportRefusal(m.errors, job.kind, io.stderr);
      return EXIT.error;
    }
    if (m.type === 'error') {
      io.stderr.write(formatFailure(m.failure));
      return EXIT.error;
    }
    return EXIT.error;
  } finally {
    if (listen) process.off('SIGINT', onSigint);
  }
}
