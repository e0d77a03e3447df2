// Whether a repository's periodic check is overdue: the schedule's check is on and the newest finished
// check is older than its interval (or none ever ran). The server derives `health` the same way; the
// console computes it too so that the warning names the interval and the age.

import { duration } from './format.js';

/** A sentence describing the overdue check, or null when the check is not overdue. */
export function overdueCheckWarning(repository, now = Date.now()) {
  const check = repository?.schedule?.check;
  if (!check || !check.enabled) return null;
  const intervalSeconds = Number(check.intervalHours) * 3600;
  const finished = repository.lastCheck?.finished ? new Date(repository.lastCheck.finished).getTime() : null;
  if (finished === null || Number.isNaN(finished)) {
    return `No check has run yet; the schedule asks for one every ${check.intervalHours} h.`;
  }
  const ageSeconds = (now - finished) / 1000;
  if (ageSeconds <= intervalSeconds) return null;
  return `Last check ran ${duration(ageSeconds)} ago; the schedule asks for one every ${check.intervalHours} h.`;
}
