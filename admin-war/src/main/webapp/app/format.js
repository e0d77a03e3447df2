// Turns API values (bytes, RFC 3339 times, seconds) into short text for people.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function bytes(value) {
  if (value === null || value === undefined) return '–';
  let n = Number(value);
  let unit = 0;
  while (Math.abs(n) >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

export function count(value) {
  if (value === null || value === undefined) return '–';
  return Number(value).toLocaleString('en-US');
}

export function percent(fraction) {
  if (fraction === null || fraction === undefined) return '–';
  return `${(Number(fraction) * 100).toFixed(fraction > 0 && fraction < 0.1 ? 1 : 0)} %`;
}

/** "2024-05-01 14:03:22" in the browser's time zone. */
export function dateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "1 h 02 min", "45 s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return '–';
  let s = Math.max(0, Math.round(Number(seconds)));
  const days = Math.floor(s / 86400); s -= days * 86400;
  const hours = Math.floor(s / 3600); s -= hours * 3600;
  const minutes = Math.floor(s / 60); s -= minutes * 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** "3 h ago" relative to now. */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  return `${duration((now - t) / 1000)} ago`;
}

/** First and last characters of a 64-hex id, for narrow places (the full id stays in a title). */
export function shortId(id) {
  return id && id.length > 20 ? `${id.slice(0, 12)}…${id.slice(-6)}` : id;
}
