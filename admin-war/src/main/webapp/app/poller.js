// Runs a task repeatedly, one run at a time (the next starts only after the previous settled),
// until the view's AbortSignal fires. The delay may change between runs (1 s while a job runs);
// wake() runs the task at once, e.g. right after a job was started.

export function poll(task, delayMs, signal) {
  let timer = null;
  let running = false;
  let again = false;
  const delay = () => (typeof delayMs === 'function' ? delayMs() : delayMs);
  const schedule = () => {
    clearTimeout(timer);
    if (!signal.aborted) timer = setTimeout(run, delay());
  };
  const run = async () => {
    if (signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    try {
      // A hidden tab does not need fresh figures; the next run after it is shown catches up.
      if (!document.hidden) await task();
    } finally {
      running = false;
      if (again) {
        again = false;
        run();
      } else {
        schedule();
      }
    }
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  schedule();
  return { wake: run };
}
