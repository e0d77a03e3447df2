// Runs a task repeatedly, one run at a time (the next starts only after the previous settled),
// until the view's AbortSignal fires. The delay may change between runs (1 s while a job runs).

export function poll(task, delayMs, signal) {
  let timer = null;
  const run = async () => {
    if (signal.aborted) return;
    try {
      await task();
    } finally {
      if (!signal.aborted) {
        const delay = typeof delayMs === 'function' ? delayMs() : delayMs;
        timer = setTimeout(run, delay);
      }
    }
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  const delay = typeof delayMs === 'function' ? delayMs() : delayMs;
  timer = setTimeout(run, delay);
}
