// diff.mjs: the differential test of `cwfilter sql` (make sqltest, part of
// make test).  Usage: node --import ./tests/sql/resolve.mjs tests/sql/diff.mjs
//   CWFILTER NPM_DIR
//
// For every pattern of corpus/ and for generated patterns, the DuckDB query
// that `cwfilter sql` prints must select, in a real DuckDB, exactly the
// events that `cwfilter match` selects, over the corpus events and generated
// CloudTrail records.  Every Athena query (the same patterns, and the golden
// files in tests/golden/sql/) must parse with a Trino SQL parser.  A missing
// DuckDB or parser is a failure, never a skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [bin, npmDir] = process.argv.slice(2).map((p) => resolve(p));
const fail = (msg) => {
  console.log(`sql-differential: FAIL: ${msg}`);
  console.log('sql-differential: 0 passed, 1 failed');
  process.exit(1);
};
if (!bin || !npmDir) fail('usage: diff.mjs CWFILTER NPM_DIR');

let DuckDBInstance, TrinoSQL;
try {
  const req = createRequire(join(npmDir, 'node_modules', 'x.js'));
  ({ DuckDBInstance } = await import(req.resolve('@duckdb/node-api')));
  ({ TrinoSQL } = await import(join(npmDir, 'node_modules/dt-sql-parser/dist/parser/trino/index.js')));
} catch (e) {
  fail(`DuckDB (@duckdb/node-api) or the Trino parser (dt-sql-parser) cannot be loaded from ` +
       `${npmDir}: run \`make deps\` (npm ci there): ${e.message.split('\n')[0]}`);
}

// ---- a seeded generator -------------------------------------------------------
let seed = 20261204;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor((seed / 2147483648) * n);
};
const pick = (a) => a[rnd(a.length)];

// ---- events ----------------------------------------------------------------------
const events = ['plain text event, first line'];
const seen = new Set(events);
const addEvent = (s) => {
  if (typeof s !== 'string' || seen.has(s) || /[\r\n]/.test(s) || /[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')) || s === '') return; // one event a line
  if (/^\s*\{\s*"(Records|events)"/.test(s)) return; // read as a file format, not an event
  seen.add(s);
  events.push(s);
};
const jsonl = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const patterns = new Set();
for (const f of readdirSync('corpus/match').filter((f) => f.endsWith('.jsonl')).sort())
  for (const c of jsonl(join('corpus/match', f))) {
    addEvent(c.event);
    patterns.add(c.pattern);
  }
for (const c of jsonl('corpus/spec/parse.jsonl')) patterns.add(c.pattern);
for (const f of readdirSync('corpus/events').filter((f) => f.endsWith('.json')).sort()) {
  const j = JSON.parse(readFileSync(join('corpus/events', f), 'utf8'));
  for (const r of j.Records || [j]) addEvent(JSON.stringify(r));
  for (const e of j.events || []) addEvent(e.message);
}
const corpusEvents = events.length;

const names = ['CreatePolicy', 'DeletePolicy', 'PutUserPolicy', 'AttachRolePolicy', 'ConsoleLogin',
  'StopLogging', 'DeleteTrail', 'GetPolicy', 'CreateUser', 'DeleteRole'];
const idTypes = ['Root', 'IAMUser', 'AssumedRole', 'AWSService'];
const rawNumbers = ['5', '5.0', '5e0', '-1', '1.50', '0', '3', '1e2', '10', '-0.5', '"5"', 'null', 'true'];
for (let i = 0; i < 400; i++) {
  const r = { eventVersion: '1.08', userIdentity: { type: pick(idTypes), arn: `arn:aws:iam::123456789012:user/u${rnd(4)}` } };
  if (rnd(3) === 0) r.userIdentity.invokedBy = pick(['cloudformation.amazonaws.com', 'AWS Internal']);
  if (rnd(2)) r.userIdentity.userName = pick(['bob', 'alice', 'root', 'Bob']);
  r.eventTime = `2024-03-0${1 + rnd(3)}T1${rnd(10)}:${10 + rnd(50)}:00Z`;
  r.eventSource = pick(['iam.amazonaws.com', 'cloudtrail.amazonaws.com', 'signin.amazonaws.com']);
  r.eventName = pick(names);
  r.awsRegion = pick(['us-east-1', 'eu-west-1']);
  r.sourceIPAddress = pick(['10.0.0.1', '203.0.113.7', 'cloudformation.amazonaws.com']);
  const err = rnd(6);
  if (err === 1) r.errorCode = 'AccessDenied';
  if (err === 2) r.errorCode = 'Client.UnauthorizedOperation';
  if (err === 3) r.errorCode = null;
  if (err === 4) r.errorCode = 'AccessDeniedException';
  const rp = rnd(5);
  if (rp === 0) r.requestParameters = null;
  else if (rp > 1) {
    r.requestParameters = { policyArn: `arn:aws:iam::aws:policy/${pick(['Admin', 'ReadOnly', 'prod-x'])}`, maxItems: '@NUM@' };
    if (rnd(2)) r.requestParameters.tags = [{ key: pick(['env', 'team']), value: pick(['prod', 'dev', 'pro']) }, { key: 'x' }];
    if (rnd(3) === 0) r.requestParameters.flag = pick([true, false, null, 'true']);
    if (rnd(4) === 0) r.requestParameters.tags = [];
  }
  r.readOnly = pick([true, false]);
  if (rnd(2)) r.resources = [{ ARN: 'arn:x', type: pick(['AWS::IAM::Policy', 'AWS::S3::Bucket']) }, rnd(2) ? {} : { type: 'T' }];
  if (rnd(2)) r.additionalEventData = { MFAUsed: pick(['Yes', 'No']) };
  if (rnd(4) === 0) r.responseElements = { ConsoleLogin: pick(['Success', 'Failure']) };
  r.eventType = pick(['AwsApiCall', 'AwsServiceEvent', 'AwsConsoleSignIn']);
  addEvent(JSON.stringify(r).replace('"@NUM@"', pick(rawNumbers)));
}

// space-delimited lines: bracketed and quoted fields, closed or not, fields
// that touch, runs of spaces, D8 numbers and near-numbers
const words = ['127.0.0.1', '-', 'frank', '[10/Oct/2000:13:25:15 -0700]', '"GET /x HTTP/1.0"', '200', '404', '+5',
  '007', '1.5e3', '1.', '[a]b', '"q"r', '[open', '"open', 'x y', '[]', '""', '500', 'ERROR', 'a,b'];
for (let i = 0; i < 150; i++) {
  const n = rnd(8);
  let line = rnd(4) === 0 ? ' ' : '';
  for (let j = 0; j < n; j++) line += pick(words) + pick([' ', ' ', '  ', '']);
  addEvent(line);
}

// ---- generated patterns -------------------------------------------------------------
const leaves = [
  () => `$.eventName = "${pick(names)}"`, () => `$.eventName = ${pick(names)}`,
  () => `$.eventName != "${pick(names)}"`, () => `$.eventName = "${pick(['Delete*', '*Policy', '*Role*', '*', 'Con*Login'])}"`,
  () => `$.eventName = %${pick(['^Delete[A-Za-z]+$', 'Polic', '^[A-Z][a-z]+Policy$', 'Trail|Logging', '.*Role'])}%`,
  () => `$.errorCode NOT EXISTS`, () => `$.errorCode IS NULL`, () => `$.errorCode = "*UnauthorizedOperation"`,
  () => `$.errorCode = "AccessDenied*"`, () => `$.errorCode != "AccessDenied"`,
  () => `$.userIdentity.type = "${pick(idTypes)}"`, () => `$.userIdentity.invokedBy NOT EXISTS`,
  () => `$.userIdentity.type != "AWSService"`, () => `$.userIdentity.userName = %^[a-z]+$%`,
  () => `$.requestParameters.maxItems ${pick(['=', '!=', '<', '>', '<=', '>='])} ${pick(['5', '1.5', '-1', '0', '100', '5.0e0'])}`,
  () => `$.requestParameters.tags[*].key = "${pick(['env', 'team', 'x'])}"`,
  () => `$.requestParameters.tags[0].value = %^pro%`, () => `$.requestParameters.tags[*].value NOT EXISTS`,
  () => `$.requestParameters.tags[1].value NOT EXISTS`, () => `$.requestParameters.tags[*].value != "prod"`,
  () => `$.resources[*].type NOT EXISTS`, () => `$.resources[*].type = "AWS::*"`,
  () => `$.readOnly IS ${pick(['TRUE', 'FALSE'])}`, () => `$.requestParameters.flag IS ${pick(['NULL', 'TRUE', 'FALSE'])}`,
  () => `$.requestParameters.flag = "true"`, () => `$.requestParameters IS NULL`, () => `$.requestParameters NOT EXISTS`,
  () => `$.additionalEventData.MFAUsed != "Yes"`, () => `$.requestParameters.* = "${pick(['prod', '*prod*', 'arn:*'])}"`,
  () => `$.responseElements.* = "Failure"`, () => `$.sourceIPAddress = %^10\\.0\\.%`, () => `$.sourceIPAddress = "*.amazonaws.com"`,
  () => `$.userIdentity.arn = "*user/u${rnd(4)}"`, () => `$.requestParameters.policyArn = %[^a-z]+x$%`,
];
const gen = (depth) => {
  if (depth === 0 || rnd(3) === 0) return pick(leaves)();
  const n = 2 + rnd(2), op = pick([' && ', ' || ']);
  return '(' + Array.from({ length: n }, () => gen(depth - 1)).join(op) + ')';
};
for (let i = 0; i < 300; i++) patterns.add(`{ ${gen(2)} }`);
const dleaf = (f) => pick([`${f}=${pick(['200', '404', '5', '7', '1500', '-'])}`, `${f}!=${pick(['200', 'frank'])}`,
  `${f}>${pick(['100', '4', '1.5'])}`, `${f}<=${pick(['404', '007'])}`, `${f}=${pick(['4*', '*0', '*GET*', '"a b"', 'frank'])}`,
  `${f}=%${pick(['^[0-9]+$', 'open', '^a', 'HTTP/1\\.0$'])}%`, `${f}!=%^2%`]);
for (let i = 0; i < 80; i++) {
  const k = 1 + rnd(6), ell = rnd(3) === 0 ? rnd(k) : -1, ents = [];
  for (let j = 0; j < k; j++) {
    if (j === ell) { ents.push('...'); continue; }
    const f = `f${j}`;
    ents.push(rnd(2) ? f : rnd(3) ? dleaf(f) : `${dleaf(f)} ${pick(['&&', '||'])} ${dleaf(f)}`);
  }
  patterns.add(`[${ents.join(', ')}]`);
}
for (let i = 0; i < 40; i++)
  patterns.add(Array.from({ length: 1 + rnd(3) }, () => pick(['', '-', '?']) + pick(['Policy', 'Root', 'AccessDenied', '"Delete"', 'eu-west-1', 'xyz'])).join(' '));

// ---- DuckDB ------------------------------------------------------------------------------
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run('CREATE TABLE events (n INTEGER, message VARCHAR)');
const app = await con.createAppender('events');
events.forEach((e, i) => { app.appendInteger(i + 1); app.appendVarchar(e); app.endRow(); });
app.closeSync();

// The events outside the contract of sql.h: duplicate keys, or JSON that
// DuckDB's reader accepts and RFC 8259 does not.
const dupKeys = (s) => {
  const stack = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && top.obj && top.wantKey) {
        let k;
        try { k = JSON.parse(s.slice(i, j + 1)); } catch { return false; }
        if (top.keys.has(k)) return true;
        top.keys.add(k);
        top.wantKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === '{') stack.push({ obj: true, keys: new Set(), wantKey: true });
    else if (c === '[') stack.push({ obj: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && stack.length && stack[stack.length - 1].obj) stack[stack.length - 1].wantKey = true;
    i++;
  }
  return false;
};
const valid = (await con.runAndReadAll('SELECT n, json_valid(message) FROM events ORDER BY n')).getRows();
const outside = new Set();
for (const [n, v] of valid) {
  const s = events[n - 1];
  let strict = true;
  try { JSON.parse(s); } catch { strict = false; }
  if ((v && !strict) || (strict && dupKeys(s))) outside.add(n);
}

// ---- the CloudTrail table ------------------------------------------------------------------
// The documented Athena table, rebuilt in DuckDB with json_transform from the
// CloudTrail records among the events that keep the table's assumptions (sql.h):
// a typed field is absent, a string, or (readOnly) a boolean, never null.
const S = 'VARCHAR', J = 'JSON';
const ident = { type: S, principalId: S, arn: S, accountId: S, invokedBy: S, accessKeyId: S, userName: S,
  onBehalfOf: { userId: S, identityStoreArn: S },
  sessionContext: { attributes: { mfaAuthenticated: S, creationDate: S },
    sessionIssuer: { type: S, principalId: S, arn: S, accountId: S, userName: S }, ec2RoleDelivery: S } };
const table = { eventVersion: S, userIdentity: ident, eventTime: S, eventSource: S, eventName: S, awsRegion: S,
  sourceIPAddress: S, userAgent: S, errorCode: S, errorMessage: S, requestParameters: J, responseElements: J,
  additionalEventData: J, requestID: S, eventID: S, eventType: S, apiVersion: S, readOnly: S,
  recipientAccountId: S, serviceEventDetails: J, sharedEventID: S, vpcEndpointId: S, vpcEndpointAccountId: S,
  eventCategory: S, sessionCredentialFromConsole: S };
const keeps = (v, spec, key) => {
  if (v === undefined) return true;
  if (spec === J) return true;
  if (spec === S) return typeof v === 'string' || (key === 'readOnly' && typeof v === 'boolean');
  return v !== null && typeof v === 'object' && !Array.isArray(v) &&
    Object.entries(spec).every(([k, sp]) => keeps(v[k], sp, k));
};
const tableRows = [];
events.forEach((e, i) => {
  let r;
  try { r = JSON.parse(e); } catch { return; }
  if (r && typeof r === 'object' && !Array.isArray(r) && typeof r.eventVersion === 'string' &&
      !outside.has(i + 1) && keeps(r, table)) tableRows.push(i + 1);
});
await con.run(`CREATE TABLE cloudtrail_logs AS SELECT n, unnest(json_transform(message, '${JSON.stringify(table)}')) ` +
  `FROM events WHERE n IN (${tableRows.join(',')})`);
let tableCompared = 0;

// ---- the comparison ------------------------------------------------------------------------
const tmp = mkdtempSync(join(tmpdir(), 'cwf-sql-'));
const evFile = join(tmp, 'events.jsonl');
writeFileSync(evFile, events.join('\n') + '\n');
const patFile = join(tmp, 'pattern');
const run = (args) => spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
const total = run(['match', '--count', '', evFile]).stdout.trim();
if (total !== String(events.length)) fail(`cwfilter match reads ${total} events from ${evFile}, not ${events.length}`);

const trino = new TrinoSQL();
let passed = 0, failed = 0, compared = 0, selecting = 0, selectingDelim = 0, refused = 0, invalid = 0, athenaParsed = 0;
const refusals = new Map();
let duckMs = 0, matchMs = 0;
const failures = [];
for (const pat of patterns) {
  writeFileSync(patFile, pat);
  const q = run(['sql', '--file', patFile]);
  if (q.status === 2) { invalid++; continue; }
  if (q.status === 1 && /\[CWF601\]/.test(q.stderr) && !/Sanitizer|runtime error/.test(q.stderr)) {
    refused++;
    const why = (q.stderr.match(/error: (.*?) \[CWF601\]/) || [, q.stderr.split('\n')[0]])[1];
    refusals.set(why, (refusals.get(why) || 0) + 1);
    continue;
  }
  if (q.status !== 0) { failures.push(`${pat}: cwfilter sql exit ${q.status}: ${q.stderr}`); failed++; continue; }
  const where = q.stdout.replace(/^SELECT \*\nFROM events\nWHERE /, '').replace(/;\n$/, '');
  let got;
  let t0 = process.hrtime.bigint();
  try {
    got = (await con.runAndReadAll(`SELECT n FROM events WHERE ${where} ORDER BY n`)).getRows().map((r) => r[0]);
  } catch (e) {
    failures.push(`${pat}\n  DuckDB error: ${e.message}\n  ${q.stdout}`);
    failed++;
    continue;
  }
  duckMs += Number(process.hrtime.bigint() - t0) / 1e6;
  t0 = process.hrtime.bigint();
  const m = run(['match', '--json', '--file', patFile, evFile]);
  matchMs += Number(process.hrtime.bigint() - t0) / 1e6;
  const want = m.stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l).eventNumber);
  const g = new Set(got.filter((n) => !outside.has(n))), w = new Set(want.filter((n) => !outside.has(n)));
  const extra = [...g].filter((n) => !w.has(n)), missing = [...w].filter((n) => !g.has(n));
  if (extra.length || missing.length) {
    failed++;
    const show = (ns) => ns.slice(0, 3).map((n) => `\n    #${n} ${events[n - 1].slice(0, 300)}`).join('');
    failures.push(`${pat}\n  ${q.stdout.trim()}\n  DuckDB selects, match does not:${show(extra)}\n  match selects, DuckDB does not:${show(missing)}`);
    continue;
  }
  if (w.size > 0 && w.size < events.length - outside.size) {
    selecting++;
    if (pat.trim().startsWith('[')) selectingDelim++;
  }
  // the same pattern on the CloudTrail table, over the records it holds
  const t = run(['sql', '--source', 'cloudtrail-table', '--file', patFile]);
  if (t.status === 0) {
    const tw = t.stdout.replace(/^SELECT \*\nFROM cloudtrail_logs\nWHERE /, '').replace(/;\n$/, '');
    try {
      const tg = (await con.runAndReadAll(`SELECT n FROM cloudtrail_logs WHERE ${tw} ORDER BY n`)).getRows().map((r) => r[0]);
      const inTable = new Set(tableRows);
      const tw2 = want.filter((n) => inTable.has(n));
      if (tg.join(',') !== tw2.join(',')) {
        failed++;
        const ex = tg.filter((n) => !tw2.includes(n)), mi = tw2.filter((n) => !tg.includes(n));
        const show = (ns) => ns.slice(0, 3).map((n) => `\n    #${n} ${events[n - 1].slice(0, 300)}`).join('');
        failures.push(`${pat} (cloudtrail-table)\n  ${t.stdout.trim()}\n  DuckDB selects, match does not:${show(ex)}\n  match selects, DuckDB does not:${show(mi)}`);
        continue;
      }
      tableCompared++;
    } catch (e) {
      failed++;
      failures.push(`${pat} (cloudtrail-table)\n  DuckDB error: ${e.message}\n  ${t.stdout}`);
      continue;
    }
  }
  // the same pattern for Athena must parse as Trino SQL
  for (const src of ['json-text', 'cloudtrail-table']) {
    const a = run(['sql', '--dialect', 'athena', '--source', src, '--file', patFile]);
    if (a.status !== 0) continue;
    const errs = trino.validate(a.stdout);
    if (errs.length) { failed++; failures.push(`${pat}\n  Athena (${src}) query does not parse: ${errs[0].message}\n  ${a.stdout}`); }
    else athenaParsed++;
  }
  passed++;
  compared++;
}

// the golden Athena queries of tests/golden/sql/
const gdir = 'tests/golden/sql';
for (const f of readdirSync(gdir).filter((f) => f.endsWith('.cmd')).sort()) {
  if (!readFileSync(join(gdir, f), 'utf8').includes('athena')) continue;
  const out = readFileSync(join(gdir, f.replace(/\.cmd$/, '.out')), 'utf8');
  if (!out.endsWith('exit: 0\n')) continue;
  const errs = trino.validate(out.replace(/exit: 0\n$/, ''));
  if (errs.length) { failed++; failures.push(`${gdir}/${f}: the Athena query does not parse: ${errs[0].message}`); }
  else { passed++; athenaParsed++; }
}
rmSync(tmp, { recursive: true, force: true });

for (const f of failures.slice(0, 15)) console.log(`FAIL sql-differential: ${f}`);
console.log(`sql-differential: ${events.length} events (${corpusEvents} from corpus/, ${outside.size} outside the contract: ` +
  `duplicate keys or non-RFC JSON), ${patterns.size} patterns: ${invalid} invalid, ${refused} refused, ` +
  `${compared} compared in DuckDB (${selecting} selecting some events but not all, ${selectingDelim} of them space-delimited; ${tableCompared} also on the CloudTrail table of ${tableRows.length} records); ${athenaParsed} Athena queries parsed as Trino SQL`);
for (const [why, n] of [...refusals].sort((a, b) => b[1] - a[1])) console.log(`  refused ${n}x: ${why}`);
console.log(`sql-differential: time over the accepted patterns: DuckDB queries ${duckMs.toFixed(0)} ms, ` +
  `cwfilter match processes ${matchMs.toFixed(0)} ms`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
