// The REST API client (contract: ../openapi.yaml). Every call is same-origin with the session cookie;
// every call carries X-Requested-With (the server demands it on state-changing calls as its CSRF defence).

const API_ROOT = new URL('api/', document.baseURI);

/** An error answer of the API, carrying its RFC 9457 problem details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type || null;
    this.title = problem.title || null;
    this.detail = problem.detail || null;
    this.instance = problem.instance || null;
    this.problem = problem;
  }

  /** Not logged in (or the session ended): the caller should offer the login page. */
  get unauthenticated() {
    return this.status === 401;
  }
}

function url(path, query) {
  const target = new URL(path.replace(/^\//, ''), API_ROOT);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') target.searchParams.set(name, value);
  }
  return target;
}

const seg = encodeURIComponent;

/**
 * One call. `json` is sent as application/json, `body` (Blob/File/ArrayBuffer) as octet-stream.
 * Resolves to {status, headers, data} (data: parsed JSON or null); rejects with ApiError.
 */
export async function call(method, path, { query, json, body } = {}) {
  // Sent on reads too: it also tells the server to leave WWW-Authenticate off a 401, so the browser shows
  // no Basic password dialog and the console can offer its own login page.
  const headers = { Accept: 'application/json, application/problem+json', 'X-Requested-With': 'XMLHttpRequest' };
  let payload;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/octet-stream';
    payload = body;
  }
  let response;
  try {
    response = await fetch(url(path, query), {
      method, headers, body: payload, credentials: 'same-origin', redirect: 'follow', cache: 'no-store',
    });
  } catch (networkError) {
    throw new ApiError(0, {
      title: 'Server not reachable',
      detail: `The request could not be sent (${networkError.message}).`,
    });
  }
  const type = response.headers.get('Content-Type') || '';
  // A FORM-login container may answer an expired session with its HTML login page instead of 401.
  if (type.startsWith('text/html') && (response.redirected || response.ok)) {
    throw new ApiError(401, { title: 'Authentication required', detail: 'Your session has ended. Please log in again.' });
  }
  let data = null;
  if (method !== 'HEAD' && response.status !== 204 && /json/.test(type)) {
    data = await response.json().catch(() => null);
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : {
      title: response.statusText || `HTTP ${response.status}`,
      detail: `The server answered ${response.status} ${response.statusText}.`.trim(),
    };
    throw new ApiError(response.status, problem);
  }
  return { status: response.status, headers: response.headers, data };
}

async function dataOf(promise) {
  return (await promise).data;
}

// ---- session ---------------------------------------------------------------------------------------
export const getMe = () => dataOf(call('GET', 'me'));
export const logout = () => call('POST', 'logout');

// ---- repositories ----------------------------------------------------------------------------------
export const listRepositories = () => dataOf(call('GET', 'repositories'));
export const getRepository = (repo) => dataOf(call('GET', `repositories/${seg(repo)}`));
export const listSegments = (repo) => dataOf(call('GET', `repositories/${seg(repo)}/segments`));

// ---- objects ---------------------------------------------------------------------------------------
export const listObjects = (repo, { prefix, limit, marker } = {}) =>
  dataOf(call('GET', `repositories/${seg(repo)}/objects`, { query: { prefix, limit, marker } }));
export const objectUrl = (repo, id) => url(`repositories/${seg(repo)}/objects/${seg(id)}`).href;
export const createObject = (repo, blob) => dataOf(call('POST', `repositories/${seg(repo)}/objects`, { body: blob }));
export const putObject = (repo, id, blob) => call('PUT', `repositories/${seg(repo)}/objects/${seg(id)}`, { body: blob });
export const deleteObject = (repo, id) => call('DELETE', `repositories/${seg(repo)}/objects/${seg(id)}`);

// ---- jobs ------------------------------------------------------------------------------------------
export const startJob = (repo, kind, threshold) =>
  dataOf(call('POST', `repositories/${seg(repo)}/jobs`, { json: kind === 'compact' ? { kind, threshold } : { kind } }));
export const listJobs = (repo, limit) => dataOf(call('GET', `repositories/${seg(repo)}/jobs`, { query: { limit } }));
export const getJob = (repo, job) => dataOf(call('GET', `repositories/${seg(repo)}/jobs/${seg(job)}`));
export const cancelJob = (repo, job) => dataOf(call('DELETE', `repositories/${seg(repo)}/jobs/${seg(job)}`));

// ---- schedule, lock, prepared transactions ---------------------------------------------------------
export const getSchedule = (repo) => dataOf(call('GET', `repositories/${seg(repo)}/schedule`));
export const putSchedule = (repo, schedule) => dataOf(call('PUT', `repositories/${seg(repo)}/schedule`, { json: schedule }));
export const getLock = (repo) => dataOf(call('GET', `repositories/${seg(repo)}/lock`));
export const breakLock = (repo, force) =>
  call('DELETE', `repositories/${seg(repo)}/lock`, { query: { force: force ? 'true' : undefined } });
export const listTransactions = (repo) => dataOf(call('GET', `repositories/${seg(repo)}/transactions`));
export const commitTransaction = (repo, xid) => call('POST', `repositories/${seg(repo)}/transactions/${seg(xid)}/commit`);
export const rollbackTransaction = (repo, xid) => call('POST', `repositories/${seg(repo)}/transactions/${seg(xid)}/rollback`);

/** borg's MAX_DATA_SIZE: the server refuses larger bodies with 413; checked here first to save the upload. */
export const MAX_OBJECT_BYTES = 20971479;
