// How long a live page waits before it connects again (used by live.js).

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10000;
const POLICY_RETRY_MS = 5000; // first wait after a 1008; doubles per 1008 in ten minutes, to 60 s
const POLICY_RETRY_CAP_MS = 60000;

/** The wait after the n-th close for sending too much (n >= 1) within ten minutes. */
export function policyDelay(n, random = Math.random) {
  const base = Math.min(POLICY_RETRY_CAP_MS, POLICY_RETRY_MS * 2 ** Math.max(0, n - 1));
  return Math.round(base + random() * base * 0.2);
}

/** Full-jitter exponential backoff between 0.5 s and 10 s for the n-th retry (n >= 0). */
export function backoffDelay(attempt, random = Math.random) {
  const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 10));
  return Math.round(BACKOFF_BASE_MS + random() * Math.max(0, cap - BACKOFF_BASE_MS));
}
