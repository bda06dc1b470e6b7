/* cmd_match.c: `cwfilter match`, an offline test-metric-filter.
 *
 * Reads events from files or stdin (events.h recognises the format), runs
 * the matcher (match.h) on each, and prints what was selected: the events,
 * their count, one JSON object each, or an explanation per event.  Like
 * grep: exit 0 when something was selected, 1 when nothing was, 2 when the
 * pattern or an input could not be read. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "events.h"
#include "match.h"
#include "parse.h"
#include "prove.h"
#include "report.h"
#include "source.h"
#include "stats.h"

static const char match_help[] =
    "usage: cwfilter match [options] PATTERN [FILE...]\n"
    "       cwfilter match [options] --file PATTERN_FILE [FILE...]\n"
    "       cwfilter match --stats [--by FIELD] [--period P] [--threshold N] PATTERN [FILE...]\n"
    "       cwfilter match --diff [--count] [--json] OLD NEW [FILE...]\n"
    "\n"
    "Prints the events of the FILEs (stdin when there are none, or for -) that\n"
    "match the filter pattern, as CloudWatch Logs would (test-metric-filter,\n"
    "offline).  Formats are recognised by content: plain text and JSON Lines\n"
    "(one event per line), CloudTrail log files ({\"Records\":[...]}, each record\n"
    "one event), `aws logs filter-log-events` and `get-log-events` output\n"
    "(events[].message), and any of them gzipped.\n"
    "\n"
    "  -f, --file F    read the pattern from file F (- for stdin)\n"
    "  -c, --count     print only the number of selected events\n"
    "  -v, --invert    select the events that do not match\n"
    "      --json      one JSON object per selected event: file, eventNumber,\n"
    "                  eventMessage and extractedValues (delimited patterns)\n"
    "  -e, --explain   for every event, the verdict, then each condition of the\n"
    "                  pattern: true or false, its place in the pattern\n"
    "                  (line:columns), and what the event holds there; first,\n"
    "                  the readings it assumes where AWS's documentation is\n"
    "                  silent (`= true` against a JSON boolean, a number\n"
    "                  against a numeric string, a line with more fields)\n"
    "  -j, --jobs N    N threads (default: the online cores): files, and pieces\n"
    "                  of large plain files, in parallel; output in input order,\n"
    "                  exactly as with --jobs 1\n"
    "      --no-prefilter  parse every event, even one that holds none of the\n"
    "                  literals a match needs (same results, slower)\n"
    "      --stats     what an alarm on the filter would have seen: the selected\n"
    "                  events per --by value and per --period (default 5m,\n"
    "                  aligned on the epoch), and the periods whose count is\n"
    "                  >= --threshold (default 1: ALARM).  An event's time:\n"
    "                  the \"timestamp\" of filter-log-events/get-log-events\n"
    "                  output, else a JSON event's eventTime (CloudTrail), else\n"
    "                  an ISO 8601 UTC time that starts the line; events without\n"
    "                  one are counted but left out of the periods\n"
    "      --by FIELD  a JSON field path: eventName, $.userIdentity.arn\n"
    "      --period P  60s, 5m, 1h, 1d\n"
    "      --threshold N\n"
    "  -F, --format F  text (default) or json, for --stats\n"
    "      --diff      two patterns, OLD and NEW: the events that only OLD selects\n"
    "                  (-, lost by the change) and only NEW selects (+, added),\n"
    "                  then the counts; exit 0 when they differ on some event\n"
    "  -h, --help      this help\n"
    "\n"
    "A pattern that starts with `-` follows `--`: cwfilter match -- '-DEBUG' app.log.\n"
    "Exit: 0 some event selected, 1 none, 2 a bad pattern or an unreadable file.\n";

typedef struct opts {
    bool count, invert, json, explain, no_prefilter, format_json;
    long jobs;
} opts;

/* The text of span in the pattern, on one line. */
static void put_span(const cwf_buf *pat, cwf_span s, FILE *out)
{
    for (uint32_t i = s.start; i < s.end && i < pat->len; i++) {
        char c = pat->p[i];
        fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, out);
    }
}

static bool explain(cwf_matcher *m, const cwf_buf *pat, const char *file, size_t number,
                    const char *msg, size_t len, FILE *out)
{
    cwf_explanation x;
    bool ok = cwf_matcher_explain(m, msg, len, &x);
    fprintf(out, "%s: event %zu: %s\n", file, number, ok ? "match" : "no match");
    if (x.summary)
        fprintf(out, "  note: %s\n", x.summary);
    const cwf_source src = {"<pattern>", pat->p, pat->len, NULL};
    for (size_t i = 0; i < x.n; i++) {
        /* Where the condition is in the pattern: line:column-column. */
        cwf_pos a = cwf_source_pos(&src, x.v[i].span.start);
        cwf_pos z = cwf_source_pos(&src, x.v[i].span.end);
        char at[32];
        snprintf(at, sizeof at, "%u:%u-%u", a.line, a.col, z.line == a.line ? z.col - 1 : a.col);
        fprintf(out, "  %-5s  %-9s  ", x.v[i].held ? "true" : "false", at);
        put_span(pat, x.v[i].span, out);
        if (x.v[i].detail)
            fprintf(out, "    (%s)", x.v[i].detail);
        fputc('\n', out);
    }
    cwf_explanation_free(&x);
    return ok;
}

static void print_json(const char *file, size_t number, const char *msg, size_t len,
                       const cwf_extracted *ex, cwf_buf *b, FILE *out)
{
    cwf_buf_reset(b);
    cwf_buf_puts(b, "{\"file\":");
    cwf_buf_json_str(b, file, strlen(file));
    cwf_buf_printf(b, ",\"eventNumber\":%zu,\"eventMessage\":", number);
    cwf_buf_json_str(b, msg, len);
    cwf_buf_puts(b, ",\"extractedValues\":{");
    for (size_t i = 0; i < ex->n; i++) {
        const char *name = cwf_extracted_name(ex, i);
        size_t n;
        const char *v = cwf_extracted_value(ex, i, &n);
        if (i)
            cwf_buf_putc(b, ',');
        cwf_buf_json_str(b, name, strlen(name));
        cwf_buf_putc(b, ':');
        cwf_buf_json_str(b, v, n);
    }
    cwf_buf_puts(b, "}}\n");
    fwrite(b->p, 1, b->len, out);
}

/* The name an input is shown by. */
static const char *shown_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* "cwfilter: FILE: what\n", the file name's control characters escaped. */
static char *read_error(const char *file, const char *what)
{
    char *shown = cwf_escape_controls(file);
    char *msg = cwf_xasprintf("cwfilter: %s: %s\n", shown, what);
    free(shown);
    return msg;
}

/* Matches every event of ev (numbered from base + 1) and prints what is
 * selected to out; adds to *selected.  Returns NULL, or the read error
 * (malloc'd, ready to print). */
static char *run_events(cwf_matcher *m, const cwf_buf *pat, const char *file, cwf_events *ev,
                        size_t base, const opts *o, FILE *out, size_t *selected)
{
    cwf_extracted ex = CWF_EXTRACTED_INIT;
    cwf_buf b = CWF_BUF_INIT;
    const char *msg;
    size_t len;
    int r;
    while ((r = cwf_events_next(ev, &msg, &len)) == 1) {
        size_t number = base + cwf_events_count(ev);
        if (o->explain) {
            *selected += explain(m, pat, file, number, msg, len, out) != o->invert;
            continue;
        }
        bool hit = cwf_matcher_match(m, msg, len, o->json ? &ex : NULL) != o->invert;
        if (!hit)
            continue;
        ++*selected;
        if (o->count)
            continue;
        if (o->json) {
            print_json(file, number, msg, len, &ex, &b, out);
        } else {
            fwrite(msg, 1, len, out);
            fputc('\n', out);
        }
    }
    cwf_buf_free(&b);
    cwf_extracted_free(&ex);
    return r < 0 ? read_error(file, cwf_events_error(ev)) : NULL;
}

/* Matches every event of one input; adds to *selected.  False on an error
 * (already printed). */
static bool run_file(cwf_matcher *m, const cwf_buf *pat, const char *path, const opts *o,
                     size_t *selected)
{
    const char *file = shown_name(path);
    char *err;
    cwf_events *ev = cwf_events_open(path, &err);
    if (!ev) {
        char *line = read_error(file, err);
        fputs(line, stderr);
        free(line);
        free(err);
        return false;
    }
    char *line = run_events(m, pat, file, ev, 0, o, stdout, selected);
    if (line)
        fputs(line, stderr);
    free(line);
    cwf_events_close(ev);
    return !line;
}

/* ---- every core (--jobs) ----------------------------------------------- */

/* A lines file is cut into pieces of about this size, at line ends. */
enum { PIECE = 4 << 20 };

/* One piece of work: a whole input, or a piece of a lines file. */
typedef struct unit {
    const char *path;   /* the input */
    size_t input;       /* its index: after an error its later pieces go */
    cwf_events *ev;     /* an open reader, or NULL: open path */
    size_t base;        /* events of the input before this piece */
    char *out;          /* what it prints */
    size_t outlen;
    size_t selected;
    char *err;          /* its read error, ready to print, or NULL */
    bool done;
} unit;

typedef struct pool {
    const cwf_pattern *p;
    const cwf_buf *pat;
    const opts *o;
    unit *u;
    size_t n;
    size_t next, printed, window;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool;

/* The events of data[a..b) that a lines reader returns: lines that are not
 * empty once a trailing \r is dropped. */
static size_t count_lines(const char *data, size_t a, size_t b)
{
    size_t n = 0;
    const char *p = data + a, *end = data + b;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t len = (size_t)(e - p);
        if (len && p[len - 1] == '\r')
            len--;
        n += len > 0;
        p = nl ? nl + 1 : end;
    }
    return n;
}

static void run_unit(pool *pl, cwf_matcher *m, unit *u)
{
    const char *file = shown_name(u->path);
    if (!u->ev && !u->err) {
        char *err;
        u->ev = cwf_events_open(u->path, &err);
        if (!u->ev) {
            u->err = read_error(file, err);
            free(err);
        }
    }
    if (!u->ev)
        return;
    FILE *out = open_memstream(&u->out, &u->outlen);
    if (!out) {
        u->err = read_error(file, "cannot buffer the output");
    } else {
        u->err = run_events(m, pl->pat, file, u->ev, u->base, pl->o, out, &u->selected);
        fclose(out);
    }
    cwf_events_close(u->ev);
    u->ev = NULL;
}

static void *worker(void *arg)
{
    pool *pl = arg;
    cwf_matcher *m = cwf_matcher_new(pl->p);
    cwf_matcher_set_prefilter(m, !pl->o->no_prefilter);
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        /* Keep at most `window` pieces done but not printed. */
        while (pl->next < pl->n && pl->next >= pl->printed + pl->window)
            pthread_cond_wait(&pl->cv, &pl->mu);
        if (pl->next >= pl->n)
            break;
        unit *u = &pl->u[pl->next++];
        pthread_mutex_unlock(&pl->mu);
        run_unit(pl, m, u);
        pthread_mutex_lock(&pl->mu);
        u->done = true;
        pthread_cond_broadcast(&pl->cv);
    }
    pthread_mutex_unlock(&pl->mu);
    cwf_matcher_free(m);
    return NULL;
}

static unit *add_unit(unit **v, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *v = cwf_xrealloc(*v, *cap * sizeof **v);
    }
    unit *u = &(*v)[(*n)++];
    memset(u, 0, sizeof *u);
    return u;
}

/* The units of the inputs: a large lines file in pieces (its whole reader
 * goes to *owners, to be closed at the end), any other input whole. */
static unit *plan(char **inputs, int ninputs, const opts *o, size_t *nunits,
                  cwf_events ***owners, size_t *nowners)
{
    unit *v = NULL;
    size_t n = 0, cap = 0;
    *owners = cwf_xcalloc(ninputs ? (size_t)ninputs : 1, sizeof **owners);
    *nowners = 0;
    for (int i = 0; i < ninputs; i++) {
        const char *path = inputs[i];
        struct stat st;
        bool big = strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                   st.st_size > 2 * PIECE;
        cwf_events *ev = NULL;
        const char *data;
        size_t len, pos;
        bool mapped;
        char *err = NULL;
        if (big)
            ev = cwf_events_open(path, &err);
        if (!ev || !cwf_events_data(ev, &data, &len, &pos, &mapped)) {
            unit *u = add_unit(&v, &n, &cap);
            u->path = path;
            u->input = (size_t)i;
            u->ev = ev;
            if (err)
                u->err = read_error(shown_name(path), err);
            free(err);
            continue;
        }
        (*owners)[(*nowners)++] = ev;
        size_t base = 0;
        while (pos < len) {
            size_t end = len;
            if (len - pos > PIECE + PIECE / 2) {
                const char *nl = memchr(data + pos + PIECE, '\n', len - pos - PIECE);
                end = nl ? (size_t)(nl - data) + 1 : len;
            }
            unit *u = add_unit(&v, &n, &cap);
            u->path = path;
            u->input = (size_t)i;
            u->ev = cwf_events_open_lines(data + pos, end - pos, mapped);
            u->base = base;
            if (o->json || o->explain)
                base += count_lines(data, pos, end);
            pos = end;
        }
    }
    *nunits = n;
    return v;
}

/* Like run_file over every input, on o->jobs threads, printing in input
 * order exactly what one thread would. */
static bool run_parallel(const cwf_pattern *p, const cwf_buf *pat, char **inputs, int ninputs,
                         const opts *o, size_t *selected)
{
    static char *const dash[] = {"-"};
    if (ninputs == 0) {
        inputs = (char **)dash;
        ninputs = 1;
    }
    pool pl = {.p = p, .pat = pat, .o = o};
    cwf_events **owners;
    size_t nowners;
    pl.u = plan(inputs, ninputs, o, &pl.n, &owners, &nowners);
    pl.window = 4 * (size_t)o->jobs;
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.cv, NULL);
    size_t nthreads = (size_t)o->jobs < pl.n ? (size_t)o->jobs : pl.n;
    pthread_t *t = cwf_xcalloc(nthreads ? nthreads : 1, sizeof *t);
    for (size_t i = 0; i < nthreads; i++)
        if (pthread_create(&t[i], NULL, worker, &pl) != 0) {
            nthreads = i; /* the threads that started do the work */
            break;
        }
    bool ok = true, *failed = cwf_xcalloc((size_t)ninputs, sizeof *failed);
    cwf_matcher *m = NULL;
    for (size_t i = 0; i < pl.n; i++) {
        unit *u = &pl.u[i];
        pthread_mutex_lock(&pl.mu);
        if (nthreads == 0 && !u->done) { /* no thread could start */
            pthread_mutex_unlock(&pl.mu);
            if (!m) {
                m = cwf_matcher_new(p);
                cwf_matcher_set_prefilter(m, !o->no_prefilter);
            }
            pl.next = i + 1;
            run_unit(&pl, m, u);
            pthread_mutex_lock(&pl.mu);
            u->done = true;
        }
        while (!u->done)
            pthread_cond_wait(&pl.cv, &pl.mu);
        pthread_mutex_unlock(&pl.mu);
        if (!failed[u->input]) {
            if (u->outlen)
                fwrite(u->out, 1, u->outlen, stdout);
            *selected += u->selected;
            if (u->err) {
                fflush(stdout);
                fputs(u->err, stderr);
                failed[u->input] = true;
                ok = false;
            }
        }
        free(u->out);
        free(u->err);
        u->out = u->err = NULL;
        pthread_mutex_lock(&pl.mu);
        pl.printed = i + 1;
        pthread_cond_broadcast(&pl.cv);
        pthread_mutex_unlock(&pl.mu);
    }
    for (size_t i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    cwf_matcher_free(m);
    for (size_t i = 0; i < nowners; i++)
        cwf_events_close(owners[i]);
    free(owners);
    free(failed);
    free(t);
    free(pl.u);
    pthread_mutex_destroy(&pl.mu);
    pthread_cond_destroy(&pl.cv);
    return ok;
}

/* ---- --stats and --diff ------------------------------------------------ */

/* Opens path, printing the error; NULL on failure. */
static cwf_events *open_input(const char *path)
{
    char *err;
    cwf_events *ev = cwf_events_open(path, &err);
    if (!ev) {
        char *line = read_error(shown_name(path), err);
        fputs(line, stderr);
        free(line);
        free(err);
    }
    return ev;
}

/* Prints a read error at the end of ev; false when there was one. */
static bool input_done(cwf_events *ev, const char *path, int r)
{
    if (r < 0) {
        char *line = read_error(shown_name(path), cwf_events_error(ev));
        fputs(line, stderr);
        free(line);
    }
    cwf_events_close(ev);
    return r == 0;
}

/* --stats: every event into the collector; prints the report. */
static bool run_stats(cwf_matcher *m, cwf_stats *st, char **inputs, int ninputs, const opts *o,
                      size_t *selected)
{
    bool ok = true;
    for (int i = 0; i < (ninputs ? ninputs : 1); i++) {
        const char *path = ninputs ? inputs[i] : "-";
        cwf_events *ev = open_input(path);
        if (!ev) {
            ok = false;
            continue;
        }
        const char *msg;
        size_t len;
        int r;
        while ((r = cwf_events_next(ev, &msg, &len)) == 1) {
            bool hit = cwf_matcher_match(m, msg, len, NULL) != o->invert;
            *selected += hit;
            cwf_stats_add(st, msg, len, hit, cwf_events_timestamp(ev));
        }
        ok &= input_done(ev, path, r);
    }
    if (ok) { /* a report that leaves out an unreadable file would be wrong */
        cwf_buf out = CWF_BUF_INIT;
        if (o->format_json)
            cwf_stats_json(st, &out);
        else
            cwf_stats_text(st, &out);
        fwrite(out.p, 1, out.len, stdout);
        cwf_buf_free(&out);
    }
    return ok;
}

/* --diff: the events one pattern selects and the other does not. */
static bool run_diff(cwf_matcher *mo, cwf_matcher *mn, char **inputs, int ninputs,
                     const opts *o, size_t *selected)
{
    bool ok = true;
    size_t events = 0, both = 0, old_only = 0, new_only = 0;
    cwf_buf b = CWF_BUF_INIT;
    for (int i = 0; i < (ninputs ? ninputs : 1); i++) {
        const char *path = ninputs ? inputs[i] : "-";
        const char *file = shown_name(path);
        cwf_events *ev = open_input(path);
        if (!ev) {
            ok = false;
            continue;
        }
        const char *msg;
        size_t len;
        int r;
        while ((r = cwf_events_next(ev, &msg, &len)) == 1) {
            events++;
            bool a = cwf_matcher_match(mo, msg, len, NULL);
            bool z = cwf_matcher_match(mn, msg, len, NULL);
            both += a && z;
            if (a == z)
                continue;
            old_only += a;
            new_only += z;
            if (o->count)
                continue;
            cwf_buf_reset(&b);
            if (o->json) {
                cwf_buf_puts(&b, "{\"file\":");
                cwf_buf_json_str(&b, file, strlen(file));
                cwf_buf_printf(&b, ",\"eventNumber\":%zu,\"only\":\"%s\",\"eventMessage\":",
                               cwf_events_count(ev), a ? "old" : "new");
                cwf_buf_json_str(&b, msg, len);
                cwf_buf_puts(&b, "}\n");
            } else {
                char *shown = cwf_escape_controls(file);
                cwf_buf_printf(&b, "%c %s:%zu: ", a ? '-' : '+', shown, cwf_events_count(ev));
                free(shown);
                cwf_buf_add(&b, msg, len);
                cwf_buf_putc(&b, '\n');
            }
            fwrite(b.p, 1, b.len, stdout);
        }
        ok &= input_done(ev, path, r);
    }
    cwf_buf_free(&b);
    *selected = old_only + new_only;
    if (!ok)
        return false;
    if (o->json)
        printf("{\"events\":%zu,\"old\":%zu,\"new\":%zu,\"both\":%zu,\"oldOnly\":%zu,"
               "\"newOnly\":%zu}\n", events, both + old_only, both + new_only, both, old_only,
               new_only);
    else
        printf("%zu events: OLD selects %zu, NEW selects %zu; both %zu, only OLD %zu (-, lost "
               "by the change), only NEW %zu (+, added)\n", events, both + old_only,
               both + new_only, both, old_only, new_only);
    return true;
}

/* Parses one pattern (text from arg, or from file), printing its
 * diagnostics; NULL when it has errors. */
static cwf_pattern *parse_pattern(const char *arg, const char *file, cwf_buf *text,
                                  cwf_arena *a, cwf_diags *d)
{
    const char *name;
    if (!cwf_cli_pattern(arg, file, text, &name))
        return NULL;
    cwf_pattern *p = cwf_parse(text->p ? text->p : "", text->len, a, d);
    if (d->n) {
        cwf_diags_sort(d);
        cwf_source src = {name, text->p ? text->p : "", text->len, NULL};
        cwf_buf out = CWF_BUF_INIT;
        cwf_render_text_safe(&out, &src, d, cwf_want_color(2));
        fputs(cwf_buf_str(&out), stderr);
        cwf_buf_free(&out);
    }
    return p && cwf_diags_count(d, CWF_ERROR) == 0 ? p : NULL;
}

int cwf_cmd_match(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"file", required_argument, NULL, 'f'},
        {"count", no_argument, NULL, 'c'},
        {"invert", no_argument, NULL, 'v'},
        {"json", no_argument, NULL, 'J'},
        {"explain", no_argument, NULL, 'e'},
        {"jobs", required_argument, NULL, 'j'},
        {"no-prefilter", no_argument, NULL, 'P'},
        {"stats", no_argument, NULL, 'S'},
        {"by", required_argument, NULL, 'B'},
        {"period", required_argument, NULL, 'T'},
        {"threshold", required_argument, NULL, 'N'},
        {"format", required_argument, NULL, 'F'},
        {"diff", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    opts o = {0};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = cores > 0 ? cores : 1;
    const char *file = NULL, *by = NULL;
    long period = 300, threshold = 1;
    bool stats = false, diff = false, stats_opt = false;
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("match", true, argc, argv, "f:cvej:F:h", longopts)) != -1) {
        char *end;
        switch (c) {
        case 'f': file = optarg; break;
        case 'c': o.count = true; break;
        case 'v': o.invert = true; break;
        case 'J': o.json = true; break; /* --json: long only */
        case 'e': o.explain = true; break;
        case 'P': o.no_prefilter = true; break;
        case 'S': stats = true; break;
        case 'D': diff = true; break;
        case 'B': by = optarg; stats_opt = true; break;
        case 'T':
            stats_opt = true;
            if (!(period = cwf_stats_period(optarg)))
                return cwf_cli_usage_error("match", "--period takes a duration such as 60s, "
                                                    "5m, 1h or 1d, not '%s'", optarg);
            break;
        case 'N':
            stats_opt = true;
            errno = 0;
            threshold = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || threshold < 1)
                return cwf_cli_usage_error("match", "--threshold takes a whole number >= 1, "
                                                    "not '%s'", optarg);
            break;
        case 'F':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return cwf_cli_usage_error("match", "--format takes text or json, not '%s'",
                                           optarg);
            o.format_json = strcmp(optarg, "json") == 0;
            break;
        case 'j':
            errno = 0;
            o.jobs = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || o.jobs < 1 || o.jobs > 256)
                return cwf_cli_usage_error("match", "--jobs takes a number from 1 to 256, "
                                                    "not '%s'", optarg);
            break;
        case 'h': fputs(match_help, stdout); return CWF_EXIT_OK;
        default: return CWF_EXIT_ERROR;
        }
    }
    if (stats_opt && !stats)
        return cwf_cli_usage_error("match", "--by, --period and --threshold go with --stats");
    if (stats && (diff || o.count || o.json || o.explain))
        return cwf_cli_usage_error("match", "--stats does not go with --diff, --count, "
                                            "--json or --explain");
    if (diff && (file || o.explain || o.invert))
        return cwf_cli_usage_error("match", "--diff takes its two patterns as operands, "
                                            "without --file, --explain or --invert");
    if (diff && optind + 2 > argc)
        return cwf_cli_usage_error("match", "--diff needs two patterns: OLD NEW [FILE...]");
    if (!file && optind >= argc)
        return cwf_cli_usage_error("match", "give a pattern, or --file F");
    const char *arg = file ? NULL : argv[optind++];
    const char *arg2 = diff ? argv[optind++] : NULL;
    char **inputs = argv + optind;
    int ninputs = argc - optind;
    bool pattern_stdin = (file && strcmp(file, "-") == 0) || (arg && strcmp(arg, "-") == 0) ||
                         (arg2 && strcmp(arg2, "-") == 0);
    bool events_stdin = ninputs == 0;
    for (int i = 0; i < ninputs; i++)
        events_stdin |= strcmp(inputs[i], "-") == 0;
    if (pattern_stdin && events_stdin)
        return cwf_cli_usage_error("match", "the pattern and the events cannot both come "
                                            "from stdin");
    if (diff && arg && arg2 && strcmp(arg, "-") == 0 && strcmp(arg2, "-") == 0)
        return cwf_cli_usage_error("match", "only one pattern can come from stdin");
    char *err = NULL;
    cwf_stats *st = stats ? cwf_stats_new(by, period, threshold, &err) : NULL;
    if (err) {
        int r = cwf_cli_usage_error("match", "%s", err);
        free(err);
        return r;
    }

    cwf_buf text = CWF_BUF_INIT, text2 = CWF_BUF_INIT;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT, d2 = CWF_DIAGS_INIT;
    cwf_pattern *p = parse_pattern(arg, file, &text, &a, &d);
    cwf_pattern *p2 = diff && p ? parse_pattern(arg2, NULL, &text2, &a, &d2) : NULL;
    int rc = CWF_EXIT_OK;
    if (!p || (diff && !p2)) {
        rc = CWF_EXIT_ERROR;
    } else {
        static char obuf[1 << 16];
        setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
        cwf_matcher *m = cwf_matcher_new(p);
        cwf_matcher_set_prefilter(m, !o.no_prefilter);
        size_t selected = 0;
        bool ok = true;
        if (o.explain) {
            /* The readings the verdicts rest on, once, before them. */
            char *as = cwf_pattern_assumes(p);
            if (as)
                printf("<pattern>: assumes %s\n", as);
            free(as);
        }
        if (diff) {
            cwf_matcher *m2 = cwf_matcher_new(p2);
            cwf_matcher_set_prefilter(m2, !o.no_prefilter);
            ok = run_diff(m, m2, inputs, ninputs, &o, &selected);
            cwf_matcher_free(m2);
        } else if (stats) {
            ok = run_stats(m, st, inputs, ninputs, &o, &selected);
        } else if (o.jobs > 1) {
            ok = run_parallel(p, &text, inputs, ninputs, &o, &selected);
        } else if (ninputs == 0) {
            ok = run_file(m, &text, "-", &o, &selected);
        }
        for (int i = 0; !diff && !stats && o.jobs == 1 && i < ninputs; i++)
            ok &= run_file(m, &text, inputs[i], &o, &selected);
        /* A count that leaves out an unreadable file would be wrong. */
        if (o.count && !o.explain && !diff && ok)
            printf("%zu\n", selected);
        fflush(stdout);
        cwf_matcher_free(m);
        rc = !ok ? CWF_EXIT_ERROR : selected ? CWF_EXIT_OK : CWF_EXIT_FINDINGS;
    }
    cwf_stats_free(st);
    cwf_diags_free(&d);
    cwf_diags_free(&d2);
    cwf_arena_free(&a);
    cwf_buf_free(&text);
    cwf_buf_free(&text2);
    return rc;
}
