/* cwfilter_match.c: the public API (cwfilter.h) of reading events (a
 * reader over events.h) and of `cwfilter match` as a job: the events of
 * files matched (match.h), on several threads when asked (whole files, and
 * pieces of large plain files cut at line ends, their output handed on in
 * input order), and the report rendered as the command prints it: the
 * selected events, their count, one JSON object each, an explanation per
 * event, the --stats report (stats.h) or the --diff of two patterns.  The
 * report goes to the caller's write callback in pieces (multiples of 64 KiB
 * on one thread; on several, each piece of input's report once its turn
 * comes); nothing here prints. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cwfilter.h"
#include "cwfilter_impl.h"
#include "events.h"
#include "match.h"
#include "prove.h"
#include "report.h"
#include "source.h"
#include "stats.h"

/* ---- the events reader --------------------------------------------------- */

struct cwf_reader {
    cwf_events *ev;       /* NULL after a failed open */
    char *name;
    char *error;          /* the open's error, malloc'd, or NULL */
    bool failed;          /* cwf_events_next returned -1 */
};

/* A reader over ev (NULL: err says why), shown as name. */
static cwf_status new_reader(cwf_events *ev, char *err, const char *name, cwf_reader **out)
{
    cwf_reader *r = cwf_xcalloc(1, sizeof *r);
    r->ev = ev;
    r->error = err;
    r->name = cwf_xstrdup(name);
    *out = r;
    return ev ? CWF_STATUS_OK : CWF_STATUS_BAD_INPUT;
}

CWF_API cwf_status cwf_reader_open(const char *path, cwf_reader **out)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return CWF_STATUS_INVALID_ARGUMENT;
    char *err;
    cwf_events *ev = cwf_events_open(path, &err);
    return new_reader(ev, err, strcmp(path, "-") == 0 ? "<stdin>" : path, out);
}

CWF_API cwf_status cwf_reader_open_buffer(const char *buf, size_t len, cwf_reader **out)
{
    if (out)
        *out = NULL;
    if (!out || (!buf && len))
        return CWF_STATUS_INVALID_ARGUMENT;
    char *err;
    cwf_events *ev = cwf_events_open_mem(buf ? buf : "", len, &err);
    return new_reader(ev, err, "<buffer>", out);
}

CWF_API bool cwf_reader_next(cwf_reader *r, const char **event, size_t *len)
{
    if (!r || !event || !len || !r->ev || r->failed)
        return false;
    int rc = cwf_events_next(r->ev, event, len);
    r->failed = rc < 0;
    return rc == 1;
}

CWF_API size_t cwf_reader_number(const cwf_reader *r)
{
    return r && r->ev ? cwf_events_count(r->ev) : 0;
}

CWF_API int64_t cwf_reader_timestamp(const cwf_reader *r)
{
    return r && r->ev ? cwf_events_timestamp(r->ev) : -1;
}

CWF_API const char *cwf_reader_name(const cwf_reader *r)
{
    return r ? r->name : NULL;
}

CWF_API const char *cwf_reader_format(const cwf_reader *r)
{
    return r && r->ev ? cwf_events_format_name(cwf_events_format_of(r->ev)) : NULL;
}

CWF_API bool cwf_reader_gzipped(const cwf_reader *r)
{
    return r && r->ev && cwf_events_gzipped(r->ev);
}

CWF_API const char *cwf_reader_error(const cwf_reader *r)
{
    if (!r)
        return NULL;
    return r->ev ? cwf_events_error(r->ev) : r->error;
}

CWF_API void cwf_reader_free(cwf_reader *r)
{
    if (!r)
        return;
    cwf_events_close(r->ev);
    free(r->name);
    free(r->error);
    free(r);
}

/* ---- the job's options ------------------------------------------------------ */

/* On several threads, large lines files are cut into pieces of about this
 * size (see plan). */
enum { PIECE = 4 << 20 };

/* A thread starts no piece beyond the next one to hand on while the done
 * pieces hold this much output (an output-less run, --count, never waits:
 * a thread the machine's other load holds back does not hold up another). */
enum { HOLD_MAX = 32 << 20 };

struct cwf_match_job {
    bool count, invert, json, explain, prefilter, stats, stats_json;
    unsigned jobs;
    size_t piece;         /* the size of the pieces of large files (PIECE) */
    size_t hold;          /* the output done pieces may hold (HOLD_MAX) */
    char *by;             /* --by, or NULL */
    long period, threshold;
    char *error;          /* why the last cwf_match_job_set refused, or NULL */
};

CWF_API cwf_status cwf_match_job_new(cwf_match_job **out)
{
    if (!out)
        return CWF_STATUS_INVALID_ARGUMENT;
    cwf_match_job *j = cwf_xcalloc(1, sizeof *j);
    j->prefilter = true;
    j->jobs = 1;
    j->piece = PIECE;
    j->hold = HOLD_MAX;
    j->period = 300;
    j->threshold = 1;
    *out = j;
    return CWF_STATUS_OK;
}

CWF_API cwf_status cwf_match_job_set_flag(cwf_match_job *j, const char *flag, bool on)
{
    if (!j || !flag)
        return CWF_STATUS_INVALID_ARGUMENT;
    static const char *const names[] = {"count", "invert", "json", "explain", "prefilter",
                                        "stats"};
    bool *fields[] = {&j->count, &j->invert, &j->json, &j->explain, &j->prefilter, &j->stats};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(flag, names[i]) == 0) {
            *fields[i] = on;
            return CWF_STATUS_OK;
        }
    return CWF_STATUS_INVALID_ARGUMENT;
}

CWF_API cwf_status cwf_match_job_set_jobs(cwf_match_job *j, unsigned n)
{
    if (!j || n < 1 || n > 256)
        return CWF_STATUS_INVALID_ARGUMENT;
    j->jobs = n;
    return CWF_STATUS_OK;
}

void cwf_match_job_set_piece(cwf_match_job *j, size_t piece, size_t hold)
{
    j->piece = piece ? piece : 1;
    j->hold = hold;
}

/* A whole number >= 1 written in decimal digits only (no sign, no
 * blanks), or 0. */
static long whole(const char *s)
{
    char *end;
    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    long v = strtol(s, &end, 10);
    return errno || *end || v < 1 ? 0 : v;
}

CWF_API cwf_status cwf_match_job_set(cwf_match_job *j, const char *key, const char *value)
{
    if (!j)
        return CWF_STATUS_INVALID_ARGUMENT;
    free(j->error);
    j->error = NULL;
    if (!key || !value)
        return CWF_STATUS_INVALID_ARGUMENT;
    if (strcmp(key, "by") == 0) {
        char *err = NULL;
        cwf_stats *st = cwf_stats_new(value, 300, 1, &err);
        if (!st) {
            j->error = err;
            return CWF_STATUS_INVALID_ARGUMENT;
        }
        cwf_stats_free(st);
        free(j->by);
        j->by = cwf_xstrdup(value);
        return CWF_STATUS_OK;
    }
    if (strcmp(key, "period") == 0) {
        long p = cwf_stats_period(value);
        if (!p)
            return CWF_STATUS_INVALID_ARGUMENT;
        j->period = p;
        return CWF_STATUS_OK;
    }
    if (strcmp(key, "threshold") == 0) {
        long t = whole(value);
        if (!t)
            return CWF_STATUS_INVALID_ARGUMENT;
        j->threshold = t;
        return CWF_STATUS_OK;
    }
    if (strcmp(key, "format") == 0) {
        if (strcmp(value, "json") != 0 && strcmp(value, "text") != 0)
            return CWF_STATUS_INVALID_ARGUMENT;
        j->stats_json = strcmp(value, "json") == 0;
        return CWF_STATUS_OK;
    }
    return CWF_STATUS_INVALID_ARGUMENT;
}

CWF_API const char *cwf_match_job_error(const cwf_match_job *j)
{
    return j ? j->error : NULL;
}

CWF_API void cwf_match_job_free(cwf_match_job *j)
{
    if (!j)
        return;
    free(j->by);
    free(j->error);
    free(j);
}

/* ---- one run --------------------------------------------------------------- */

/* Output is handed on in multiples of this. */
enum { FLUSH_AT = 1 << 16 };

typedef struct run {
    const cwf_match_job *j;
    const cwf_parsed *pat;
    cwf_write_fn write;
    cwf_input_error_fn error;
    void *arg;
    bool stopped;          /* write asked to stop */
    cwf_buf out;           /* output not handed on yet */
} run;

/* Hands b to the write callback and empties it. */
static void flush(run *r, cwf_buf *b)
{
    if (b->len && !r->stopped && r->write(r->arg, b->p, b->len) != 0)
        r->stopped = true;
    cwf_buf_reset(b);
}

/* Hands on the whole pieces of FLUSH_AT bytes that b holds, keeping the
 * rest: writes of one size, as a pipe or a file takes them best. */
static void flush_pieces(run *r, cwf_buf *b)
{
    size_t n = b->len - b->len % FLUSH_AT;
    if (!r->stopped && r->write(r->arg, b->p, n) != 0)
        r->stopped = true;
    memmove(b->p, b->p + n, b->len - n);
    b->len -= n;
    b->p[b->len] = '\0';
}

/* Says that file cannot be read (after the output before it). */
static void input_error(run *r, const char *file, const char *why)
{
    flush(r, &r->out);
    if (r->error)
        r->error(r->arg, file, why);
}

/* The name an input is shown by. */
static const char *shown_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

static cwf_matcher *new_matcher(const cwf_parsed *p, const cwf_match_job *j)
{
    cwf_matcher *m = cwf_matcher_new(p->p);
    cwf_matcher_set_prefilter(m, j->prefilter);
    return m;
}

/* The text of span in the pattern, on one line. */
static void put_span(const cwf_parsed *pat, cwf_span s, cwf_buf *out)
{
    uint32_t end = s.end < pat->len ? s.end : (uint32_t)pat->len;
    if (s.start >= end)
        return;
    size_t at = out->len;
    cwf_buf_add(out, pat->text + s.start, end - s.start);
    for (char *c = out->p + at; c < out->p + out->len; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t')
            *c = ' ';
}

/* s, then spaces up to width characters. */
static void put_padded(cwf_buf *out, const char *s, size_t width)
{
    size_t n = strlen(s);
    cwf_buf_add(out, s, n);
    for (; n < width; n++)
        cwf_buf_putc(out, ' ');
}

/* The explanation of one event (the lines printf would write, without its
 * cost: this runs once per event). */
static bool explain(cwf_matcher *m, const cwf_parsed *pat, const char *file, size_t number,
                    const char *msg, size_t len, cwf_buf *out)
{
    cwf_explanation x;
    bool ok = cwf_matcher_explain(m, msg, len, &x);
    char num[48];
    int k = snprintf(num, sizeof num, ": event %zu: ", number);
    cwf_buf_puts(out, file);
    cwf_buf_add(out, num, (size_t)k);
    cwf_buf_puts(out, ok ? "match\n" : "no match\n");
    if (x.summary) {
        cwf_buf_puts(out, "  note: ");
        cwf_buf_puts(out, x.summary);
        cwf_buf_putc(out, '\n');
    }
    const cwf_source src = {"<pattern>", pat->text, pat->len, NULL};
    for (size_t i = 0; i < x.n; i++) {
        /* Where the condition is in the pattern: line:column-column. */
        cwf_pos a = cwf_source_pos(&src, x.v[i].span.start);
        cwf_pos z = cwf_source_pos(&src, x.v[i].span.end);
        char at[32];
        snprintf(at, sizeof at, "%u:%u-%u", a.line, a.col, z.line == a.line ? z.col - 1 : a.col);
        cwf_buf_add(out, "  ", 2);
        put_padded(out, x.v[i].held ? "true" : "false", 5);
        cwf_buf_add(out, "  ", 2);
        put_padded(out, at, 9);
        cwf_buf_add(out, "  ", 2);
        put_span(pat, x.v[i].span, out);
        if (x.v[i].detail) {
            cwf_buf_add(out, "    (", 5);
            cwf_buf_puts(out, x.v[i].detail);
            cwf_buf_putc(out, ')');
        }
        cwf_buf_putc(out, '\n');
    }
    cwf_explanation_free(&x);
    return ok;
}

static void put_json(const char *file, size_t number, const char *msg, size_t len,
                     const cwf_extracted *ex, cwf_buf *b)
{
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
}

/* Matches every event of ev (numbered from base + 1) and renders what is
 * selected onto out, handing it on as it grows when r is not NULL; adds
 * to *selected.  Returns NULL, or the read error (malloc'd). */
static char *run_events(const cwf_match_job *j, const cwf_parsed *pat, cwf_matcher *m,
                        const char *file, cwf_events *ev, size_t base, cwf_buf *out, run *r,
                        size_t *selected)
{
    cwf_extracted ex = CWF_EXTRACTED_INIT;
    const char *msg;
    size_t len;
    int rc;
    while ((rc = cwf_events_next(ev, &msg, &len)) == 1) {
        size_t number = base + cwf_events_count(ev);
        if (j->explain) {
            *selected += explain(m, pat, file, number, msg, len, out) != j->invert;
        } else {
            bool hit = cwf_matcher_match(m, msg, len, j->json ? &ex : NULL) != j->invert;
            if (!hit)
                continue;
            ++*selected;
            if (j->count)
                continue;
            if (j->json) {
                put_json(file, number, msg, len, &ex, out);
            } else {
                cwf_buf_add(out, msg, len);
                cwf_buf_putc(out, '\n');
            }
        }
        if (r && out->len >= FLUSH_AT) {
            flush_pieces(r, out);
            if (r->stopped)
                break;
        }
    }
    cwf_extracted_free(&ex);
    return rc < 0 ? cwf_xstrdup(cwf_events_error(ev)) : NULL;
}

/* Matches every event of one input; adds to *selected.  False on an error
 * (reported). */
static bool run_file(run *r, cwf_matcher *m, const char *path, size_t *selected)
{
    const char *file = shown_name(path);
    char *err;
    cwf_events *ev = cwf_events_open(path, &err);
    if (!ev) {
        input_error(r, file, err);
        free(err);
        return false;
    }
    err = run_events(r->j, r->pat, m, file, ev, 0, &r->out, r, selected);
    if (err)
        input_error(r, file, err);
    free(err);
    cwf_events_close(ev);
    return !err;
}

/* ---- every core (jobs > 1) ------------------------------------------------- */

/* One piece of work: a whole input, or a piece of a lines file. */
typedef struct unit {
    const char *path;   /* the input */
    size_t input;       /* its index: after an error its later pieces go */
    cwf_events *ev;     /* an open reader, or NULL */
    const char *data;   /* a piece: its text in the input's reader; NULL: the whole input */
    size_t len;
    bool mapped;        /* data lies in a file mapping */
    size_t base;        /* events of the input before this piece (json, explain) */
    size_t lines;       /* its events, once counted */
    bool counted, based; /* lines, base known */
    cwf_buf out;        /* its output */
    size_t held;        /* out.len when it was done */
    size_t selected;
    char *err;          /* its read error, or NULL */
    bool done;
} unit;

typedef struct pool {
    const cwf_match_job *j;
    const cwf_parsed *pat;
    unit *u;
    size_t n;
    size_t next;             /* the first unit not started */
    size_t printed;          /* the first unit not handed on */
    size_t held;             /* output of done units not handed on, bytes */
    pthread_mutex_t mu;
    pthread_cond_t done_cv;  /* u[printed] is done: the main thread waits */
    pthread_cond_t room_cv;  /* held went down or no unit is left: workers wait */
    pthread_cond_t base_cv;  /* a piece's lines or base became known */
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

/* The base of piece u (the one before it in the same input is prev): its
 * own events counted here, on the worker's thread, then those before it
 * added up from the pieces before, which other workers took earlier and
 * count at once. */
static void find_base(pool *pl, unit *u, unit *prev)
{
    size_t lines = count_lines(u->data, 0, u->len);
    pthread_mutex_lock(&pl->mu);
    u->lines = lines;
    u->counted = true;
    while (!u->based) {
        if (prev->based && prev->counted) {
            u->base = prev->base + prev->lines;
            u->based = true;
        } else {
            pthread_cond_wait(&pl->base_cv, &pl->mu);
        }
    }
    pthread_cond_broadcast(&pl->base_cv);
    pthread_mutex_unlock(&pl->mu);
}

static void run_unit(pool *pl, cwf_matcher *m, unit *u)
{
    if (u->data && (pl->j->json || pl->j->explain))
        find_base(pl, u, u->based ? NULL : u - 1); /* the first piece is based */
    if (u->data)
        u->ev = cwf_events_open_lines(u->data, u->len, u->mapped);
    else if (!u->ev && !u->err)
        u->ev = cwf_events_open(u->path, &u->err);
    if (!u->ev)
        return;
    u->err = run_events(pl->j, pl->pat, m, shown_name(u->path), u->ev, u->base, &u->out, NULL,
                        &u->selected);
    cwf_events_close(u->ev);
    u->ev = NULL;
}

static void *worker(void *arg)
{
    pool *pl = arg;
    cwf_matcher *m = new_matcher(pl->pat, pl->j);
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        while (pl->next < pl->n && pl->next > pl->printed && pl->held >= pl->j->hold)
            pthread_cond_wait(&pl->room_cv, &pl->mu);
        if (pl->next >= pl->n)
            break;
        size_t i = pl->next++;
        unit *u = &pl->u[i];
        pthread_mutex_unlock(&pl->mu);
        run_unit(pl, m, u);
        pthread_mutex_lock(&pl->mu);
        u->done = true;
        u->held = u->out.len;
        pl->held += u->held;
        if (i == pl->printed)
            pthread_cond_signal(&pl->done_cv);
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

/* a - b, or 0. */
static size_t less(size_t a, size_t b)
{
    return a > b ? a - b : 0;
}

/* The units of the inputs: a lines file larger than a piece in pieces (its
 * whole reader goes to *owners, to be closed at the end), any other input
 * whole.  The pieces are cut at line ends, of j->piece bytes while much
 * input remains; towards the end of the last input so cut they shrink (a
 * 1/(4 jobs) part of what remains of the inputs so cut, at least j->piece
 * / 16), so that the threads finish together.  A line longer than a piece
 * is a piece of its own. */
static unit *plan(const char *const *inputs, size_t ninputs, const cwf_match_job *j,
                  size_t *nunits, cwf_events ***owners, size_t *nowners)
{
    unit *v = NULL;
    size_t n = 0, cap = 0;
    size_t least = j->piece / 16 ? j->piece / 16 : 1;
    *owners = cwf_xcalloc(ninputs ? ninputs : 1, sizeof **owners);
    *nowners = 0;
    /* The inputs that may be cut, and the bytes they hold. */
    size_t *size = cwf_xcalloc(ninputs ? ninputs : 1, sizeof *size), rest = 0;
    for (size_t i = 0; i < ninputs; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") != 0 && stat(inputs[i], &st) == 0 && S_ISREG(st.st_mode) &&
            (uint64_t)st.st_size > j->piece && (uint64_t)st.st_size <= SIZE_MAX / 2)
            size[i] = (size_t)st.st_size;
        rest += size[i];
    }
    bool stdin_read = false;
    for (size_t i = 0; i < ninputs; i++) {
        const char *path = inputs[i];
        cwf_events *ev = NULL;
        const char *data;
        size_t len, pos;
        bool mapped;
        char *err = NULL;
        bool dash = strcmp(path, "-") == 0, again = dash && stdin_read;
        stdin_read |= dash;
        if (size[i])
            ev = cwf_events_open(path, &err);
        else if (again)
            /* One thread reads stdin to its end; a later `-` finds it
             * there, as with one thread, and reads no event. */
            ev = cwf_events_open_lines("", 0, false);
        if (!ev || again || !cwf_events_data(ev, &data, &len, &pos, &mapped)) {
            unit *u = add_unit(&v, &n, &cap);
            u->path = path;
            u->input = i;
            u->ev = ev;
            u->err = err;
            rest = less(rest, size[i]);
            continue;
        }
        (*owners)[(*nowners)++] = ev;
        rest = less(rest, size[i]) + (len - pos); /* the size the mapping has */
        size_t first = pos;
        while (pos < len) {
            size_t want = rest / (4 * (size_t)j->jobs), end = len;
            want = want > j->piece ? j->piece : want < least ? least : want;
            if (len - pos > want + want / 2) {
                const char *nl = memchr(data + pos + want, '\n', len - pos - want);
                end = nl ? (size_t)(nl - data) + 1 : len;
            }
            unit *u = add_unit(&v, &n, &cap);
            u->path = path;
            u->input = i;
            u->data = data + pos;
            u->len = end - pos;
            u->mapped = mapped;
            u->based = pos == first;
            rest = less(rest, end - pos);
            pos = end;
        }
    }
    free(size);
    *nunits = n;
    return v;
}

/* Like run_file over every input, on j->jobs threads, handing on in input
 * order exactly what one thread would. */
static bool run_parallel(run *r, const char *const *inputs, size_t ninputs, size_t *selected)
{
    const cwf_match_job *j = r->j;
    pool pl = {.j = j, .pat = r->pat};
    cwf_events **owners;
    size_t nowners;
    pl.u = plan(inputs, ninputs, j, &pl.n, &owners, &nowners);
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.done_cv, NULL);
    pthread_cond_init(&pl.room_cv, NULL);
    pthread_cond_init(&pl.base_cv, NULL);
    size_t nthreads = j->jobs < pl.n ? j->jobs : pl.n;
    pthread_t *t = cwf_xcalloc(nthreads ? nthreads : 1, sizeof *t);
    for (size_t i = 0; i < nthreads; i++)
        if (pthread_create(&t[i], NULL, worker, &pl) != 0) {
            nthreads = i; /* the threads that started do the work */
            break;
        }
    bool ok = true, *failed = cwf_xcalloc(ninputs ? ninputs : 1, sizeof *failed);
    cwf_matcher *m = NULL;
    size_t limit = pl.n; /* the pieces that start: all, until write stops */
    flush(r, &r->out);
    for (size_t i = 0; i < pl.n; i++) {
        unit *u = &pl.u[i];
        pthread_mutex_lock(&pl.mu);
        if (r->stopped && limit == pl.n) {
            limit = pl.next; /* no more pieces start */
            pl.next = pl.n;
            pthread_cond_broadcast(&pl.room_cv);
        }
        if (nthreads == 0 && !u->done) { /* no thread could start */
            pthread_mutex_unlock(&pl.mu);
            if (!m)
                m = new_matcher(r->pat, j);
            pl.next = i + 1;
            if (!r->stopped)
                run_unit(&pl, m, u);
            pthread_mutex_lock(&pl.mu);
            u->done = true;
            u->held = u->out.len;
            pl.held += u->held;
        }
        while (!u->done && i < limit)
            pthread_cond_wait(&pl.done_cv, &pl.mu);
        pthread_mutex_unlock(&pl.mu);
        if (!failed[u->input] && !r->stopped) {
            flush(r, &u->out);
            *selected += u->selected;
            if (u->err) {
                input_error(r, shown_name(u->path), u->err);
                failed[u->input] = true;
                ok = false;
            }
        }
        cwf_events_close(u->ev); /* a whole input that never ran */
        cwf_buf_free(&u->out);
        free(u->err);
        pthread_mutex_lock(&pl.mu);
        pl.held -= u->held;
        pl.printed = i + 1;
        pthread_cond_broadcast(&pl.room_cv);
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
    pthread_cond_destroy(&pl.done_cv);
    pthread_cond_destroy(&pl.room_cv);
    pthread_cond_destroy(&pl.base_cv);
    return ok;
}

/* ---- stats and diff -------------------------------------------------------- */

/* Opens path, reporting the error; NULL on failure. */
static cwf_events *open_input(run *r, const char *path)
{
    char *err;
    cwf_events *ev = cwf_events_open(path, &err);
    if (!ev) {
        input_error(r, shown_name(path), err);
        free(err);
    }
    return ev;
}

/* Reports a read error at the end of ev; false when there was one. */
static bool input_done(run *r, cwf_events *ev, const char *path, int rc)
{
    if (rc < 0)
        input_error(r, shown_name(path), cwf_events_error(ev));
    cwf_events_close(ev);
    return rc == 0;
}

/* stats: every event into the collector; then the report. */
static bool run_stats(run *r, cwf_matcher *m, const char *const *inputs, size_t ninputs,
                      size_t *selected)
{
    char *err;
    cwf_stats *st = cwf_stats_new(r->j->by, r->j->period, r->j->threshold, &err);
    free(err); /* none: cwf_match_job_set checked "by" */
    bool ok = true;
    for (size_t i = 0; i < ninputs && !r->stopped; i++) {
        cwf_events *ev = open_input(r, inputs[i]);
        if (!ev) {
            ok = false;
            continue;
        }
        const char *msg;
        size_t len;
        int rc;
        while ((rc = cwf_events_next(ev, &msg, &len)) == 1) {
            bool hit = cwf_matcher_match(m, msg, len, NULL) != r->j->invert;
            *selected += hit;
            cwf_stats_add(st, msg, len, hit, cwf_events_timestamp(ev));
        }
        ok &= input_done(r, ev, inputs[i], rc);
    }
    if (ok) { /* a report that leaves out an unreadable file would be wrong */
        if (r->j->stats_json)
            cwf_stats_json(st, &r->out);
        else
            cwf_stats_text(st, &r->out);
    }
    cwf_stats_free(st);
    return ok;
}

/* diff: the events one pattern selects and the other does not. */
static bool run_diff(run *r, cwf_matcher *mo, cwf_matcher *mn, const char *const *inputs,
                     size_t ninputs, size_t *selected)
{
    bool ok = true;
    size_t events = 0, both = 0, old_only = 0, new_only = 0;
    cwf_buf *b = &r->out;
    for (size_t i = 0; i < ninputs && !r->stopped; i++) {
        const char *file = shown_name(inputs[i]);
        cwf_events *ev = open_input(r, inputs[i]);
        if (!ev) {
            ok = false;
            continue;
        }
        char *shown = r->j->json ? NULL : cwf_escape_controls(file);
        const char *msg;
        size_t len;
        int rc;
        while ((rc = cwf_events_next(ev, &msg, &len)) == 1) {
            events++;
            bool a = cwf_matcher_match(mo, msg, len, NULL);
            bool z = cwf_matcher_match(mn, msg, len, NULL);
            both += a && z;
            if (a == z)
                continue;
            old_only += a;
            new_only += z;
            if (r->j->count)
                continue;
            if (r->j->json) {
                cwf_buf_puts(b, "{\"file\":");
                cwf_buf_json_str(b, file, strlen(file));
                cwf_buf_printf(b, ",\"eventNumber\":%zu,\"only\":\"%s\",\"eventMessage\":",
                               cwf_events_count(ev), a ? "old" : "new");
                cwf_buf_json_str(b, msg, len);
                cwf_buf_puts(b, "}\n");
            } else {
                cwf_buf_printf(b, "%c %s:%zu: ", a ? '-' : '+', shown, cwf_events_count(ev));
                cwf_buf_add(b, msg, len);
                cwf_buf_putc(b, '\n');
            }
            if (b->len >= FLUSH_AT) {
                flush_pieces(r, b);
                if (r->stopped)
                    break;
            }
        }
        free(shown);
        ok &= input_done(r, ev, inputs[i], rc);
    }
    *selected = old_only + new_only;
    if (!ok)
        return false;
    if (r->j->json)
        cwf_buf_printf(b, "{\"events\":%zu,\"old\":%zu,\"new\":%zu,\"both\":%zu,\"oldOnly\":%zu,"
                          "\"newOnly\":%zu}\n", events, both + old_only, both + new_only, both,
                       old_only, new_only);
    else
        cwf_buf_printf(b, "%zu events: OLD selects %zu, NEW selects %zu; both %zu, only OLD %zu "
                          "(-, lost by the change), only NEW %zu (+, added)\n", events,
                       both + old_only, both + new_only, both, old_only, new_only);
    return true;
}

CWF_API cwf_status cwf_match_job_run(cwf_match_job *j, const cwf_parsed *p,
                                     const cwf_parsed *p_new, const char *const *paths,
                                     size_t n, cwf_write_fn write, cwf_input_error_fn error,
                                     void *arg, size_t *selected)
{
    if (selected)
        *selected = 0;
    if (!j || !p || !write || !selected || (!paths && n))
        return CWF_STATUS_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!paths[i])
            return CWF_STATUS_INVALID_ARGUMENT;
    if (!p->ok || (p_new && !p_new->ok))
        return CWF_STATUS_BAD_PATTERN;
    static const char *const dash[] = {"-"};
    if (n == 0) {
        paths = dash;
        n = 1;
    }
    run r = {.j = j, .pat = p, .write = write, .error = error, .arg = arg};
    /* On several threads each has its own matcher: none here. */
    bool parallel = !p_new && !j->stats && j->jobs > 1;
    cwf_matcher *m = parallel ? NULL : new_matcher(p, j);
    size_t count = 0;
    bool ok = true;
    if (p_new) {
        cwf_matcher *m2 = new_matcher(p_new, j);
        ok = run_diff(&r, m, m2, paths, n, &count);
        cwf_matcher_free(m2);
    } else if (j->stats) {
        ok = run_stats(&r, m, paths, n, &count);
    } else {
        if (j->explain) {
            /* The readings the verdicts rest on, once, before them. */
            char *as = cwf_pattern_assumes(p->p);
            if (as)
                cwf_buf_printf(&r.out, "<pattern>: assumes %s\n", as);
            free(as);
        }
        if (parallel)
            ok = run_parallel(&r, paths, n, &count);
        else
            for (size_t i = 0; i < n && !r.stopped; i++)
                ok &= run_file(&r, m, paths[i], &count);
        /* A count that leaves out an unreadable file would be wrong. */
        if (j->count && !j->explain && ok)
            cwf_buf_printf(&r.out, "%zu\n", count);
    }
    flush(&r, &r.out);
    cwf_buf_free(&r.out);
    cwf_matcher_free(m);
    *selected = count;
    return ok ? CWF_STATUS_OK : CWF_STATUS_BAD_INPUT;
}
