// Runs every graphql-http server audit (GraphQL over HTTP spec: MUST, SHOULD and MAY)
// against a running GraphQL endpoint.
//
// Usage:   node audit.mjs <graphql-url>          (or ./run.sh <graphql-url>)
// Env:     AUDIT_TOKEN        optional bearer token, sent as "Authorization: Bearer <token>" on every request
//          AUDIT_TIMEOUT_MS   optional per-request timeout (default 15000)
//
// Output:  one line per audit: "<status> <id> <name>", plus ": <reason>" for non-ok ones,
//          then "graphql-http audits: N ok, N not ok (of TOTAL)".
// Exit:    0 only when every audit is ok; 1 otherwise; 2 on bad usage.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql-url>   (env AUDIT_TOKEN: optional bearer token)');
  process.exit(2);
}
try {
  new URL(url);
} catch {
  console.error(`audit.mjs: not a valid URL: ${url}`);
  process.exit(2);
}

const token = process.env.AUDIT_TOKEN || '';
const timeoutMs = Number(process.env.AUDIT_TIMEOUT_MS) > 0 ? Number(process.env.AUDIT_TIMEOUT_MS) : 15000;

/** Wraps the global fetch: adds the bearer token (merged into whatever headers the audit set) and a timeout. */
function fetchFn(input, init) {
  const opts = { ...(init || {}) };
  if (token) {
    // init.headers may be absent, a plain object, an array of pairs or a Headers instance.
    const headers = new Headers(opts.headers || undefined);
    headers.set('authorization', `Bearer ${token}`);
    opts.headers = headers;
  }
  if (!opts.signal) opts.signal = AbortSignal.timeout(timeoutMs);
  return fetch(input, opts);
}

const oneLine = (s) => String(s).replace(/\s+/g, ' ').trim();

async function responseSnippet(res) {
  if (!res || typeof res.status !== 'number') return '';
  let body = '';
  try {
    if (!res.bodyUsed) body = oneLine(await res.text());
  } catch {
    /* body unreadable: status alone is still useful */
  }
  if (body.length > 300) body = body.slice(0, 300) + '...';
  return ` [HTTP ${res.status}${body ? ` body: ${body}` : ''}]`;
}

const audits = serverAudits({ url, fetchFn });
let ok = 0;
let notOk = 0;

for (const audit of audits) {
  let status;
  let reason = '';
  try {
    const result = await audit.fn();
    status = result.status;
    if (status !== 'ok') {
      reason = oneLine(result.reason ?? '') + (await responseSnippet(result.response));
    }
  } catch (err) {
    // graphql-http throws only for fatal problems (e.g. connection refused, timeout).
    status = 'error';
    const cause = err && err.cause ? ` (${oneLine(err.cause.message || err.cause)})` : '';
    reason = `audit threw: ${oneLine((err && err.message) || err)}${cause}`;
  }
  if (status === 'ok') {
    ok++;
    console.log(`ok ${audit.id} ${audit.name}`);
  } else {
    notOk++;
    console.log(`${status} ${audit.id} ${audit.name}: ${reason}`);
  }
}

console.log(`graphql-http audits: ${ok} ok, ${notOk} not ok (of ${audits.length})`);
process.exitCode = notOk === 0 && ok === audits.length ? 0 : 1;
