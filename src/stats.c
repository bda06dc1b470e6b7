/* stats.c: counts per field value and per alarm period (see stats.h).
 *
 * One scan per selected event (jscan.h) reads the --by field and
 * "eventTime"; values and periods are counted in two open-addressing hash
 * tables and sorted when rendered. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "jscan.h"

typedef struct vcount {
    char *key;       /* the value as rendered: JSON text, or "(missing)" */
    size_t count;
} vcount;

typedef struct pcount {
    int64_t start;   /* the period's start, seconds since the epoch */
    size_t count;
    bool used;
} pcount;

struct cwf_stats {
    char *by;                 /* "$.a.b" or NULL */
    long period, threshold;
    cwf_jpaths *paths;
    uint32_t *bynodes, nby;   /* the --by path's trie nodes */
    uint32_t tnodes[2];       /* $.eventTime */
    cwf_jscan scan;
    size_t events, selected, untimed;
    vcount *v;
    size_t vn, vcap;          /* vcap: a power of two (or 0) */
    pcount *p;
    size_t pn, pcap;
    cwf_buf key;
};

long cwf_stats_period(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || n <= 0 || n > 366L * 86400)
        return 0;
    long unit = strcmp(end, "s") == 0 ? 1 : strcmp(end, "m") == 0 ? 60
              : strcmp(end, "h") == 0 ? 3600 : strcmp(end, "d") == 0 ? 86400 : 0;
    if (!unit || n > 366L * 86400 / unit)
        return 0;
    return n * unit;
}

cwf_stats *cwf_stats_new(const char *by, long period, long threshold, char **err)
{
    *err = NULL;
    cwf_stats *st = cwf_xcalloc(1, sizeof *st);
    st->period = period;
    st->threshold = threshold;
    st->paths = cwf_jpaths_new();
    cwf_seg tseg = {.kind = CWF_SEG_FIELD, .name = {"eventTime", 9}};
    cwf_jpaths_add(st->paths, &tseg, 1, st->tnodes);
    if (by) {
        const char *p = by;
        if (p[0] == '$' && p[1] == '.')
            p += 2;
        size_t n = 1;
        for (const char *q = p; *q; q++)
            n += *q == '.';
        cwf_seg *segs = cwf_xcalloc(n, sizeof *segs);
        uint32_t k = 0;
        bool ok = *p != '\0';
        for (const char *q = p; ok;) {
            size_t len = strcspn(q, ".");
            for (size_t i = 0; i < len; i++)
                ok &= strchr("[]*$'\" ", q[i]) == NULL;
            ok &= len > 0;
            segs[k].kind = CWF_SEG_FIELD;
            segs[k].name.p = q;
            segs[k].name.len = (uint32_t)len;
            k++;
            if (!q[len])
                break;
            q += len + 1;
        }
        if (!ok) {
            *err = cwf_xasprintf("--by takes a field path such as eventName or "
                                 "$.userIdentity.arn (members only), not '%s'", by);
            free(segs);
            cwf_stats_free(st);
            return NULL;
        }
        st->nby = k;
        st->bynodes = cwf_xmalloc((k + 1) * sizeof *st->bynodes);
        cwf_jpaths_add(st->paths, segs, k, st->bynodes);
        free(segs);
        st->by = cwf_xasprintf("$.%s", p);
    }
    cwf_jscan_init(&st->scan, st->paths);
    return st;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* n digits at s as a number, or -1. */
static long digits(const char *s, size_t len, size_t at, size_t n)
{
    long v = 0;
    if (at + n > len)
        return -1;
    for (size_t i = at; i < at + n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* An ISO 8601 time at s[0..len): YYYY-MM-DDTHH:MM:SS[.fff](Z|+hh:mm|-hh:mm). */
static bool iso_time(const char *s, size_t len, int64_t *secs)
{
    long y = digits(s, len, 0, 4), mo = digits(s, len, 5, 2), d = digits(s, len, 8, 2);
    long h = digits(s, len, 11, 2), mi = digits(s, len, 14, 2), se = digits(s, len, 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || se < 0 || se > 60 || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return false;
    size_t i = 19;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    long off = 0;
    if (i < len && s[i] == 'Z') {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        long oh = digits(s, len, i + 1, 2), om = digits(s, len, i + 4, 2);
        if (oh < 0 || om < 0 || s[i + 3] != ':')
            return false;
        off = (oh * 3600 + om * 60) * (s[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return false;
    }
    *secs = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - off;
    return true;
}

/* The time from the last scan's $.eventTime, or from the message's start. */
static bool scan_time(cwf_stats *st, bool json, const char *msg, size_t len, int64_t *secs)
{
    if (json) {
        uint32_t h = cwf_jscan_child(&st->scan, 0, st->tnodes[1]);
        if (h != CWF_JNONE && st->scan.hits[h].type == CWF_J_STRING) {
            size_t n;
            const char *t = cwf_jscan_str(&st->scan, h, &n);
            return iso_time(t, n, secs);
        }
        return false;
    }
    return iso_time(msg, len, secs);
}

bool cwf_event_time(const char *msg, size_t len, int64_t *secs)
{
    cwf_jpaths *t = cwf_jpaths_new();
    cwf_seg seg = {.kind = CWF_SEG_FIELD, .name = {"eventTime", 9}};
    uint32_t nodes[2];
    cwf_jpaths_add(t, &seg, 1, nodes);
    cwf_jscan s;
    cwf_jscan_init(&s, t);
    bool ok = false;
    if (cwf_jscan_run(&s, msg, len) && s.hits[0].type == CWF_J_OBJECT) {
        uint32_t h = cwf_jscan_child(&s, 0, nodes[1]);
        if (h != CWF_JNONE && s.hits[h].type == CWF_J_STRING) {
            size_t n;
            const char *v = cwf_jscan_str(&s, h, &n);
            ok = iso_time(v, n, secs);
        }
    } else {
        ok = iso_time(msg, len, secs);
    }
    cwf_jscan_free(&s);
    cwf_jpaths_free(t);
    return ok;
}

static uint64_t hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

static void count_value(cwf_stats *st, const char *k, size_t n)
{
    if (2 * (st->vn + 1) > st->vcap) {
        size_t cap = st->vcap ? 2 * st->vcap : 64;
        vcount *v = cwf_xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < st->vcap; i++)
            if (st->v[i].key) {
                size_t j = hash(st->v[i].key, strlen(st->v[i].key)) & (cap - 1);
                while (v[j].key)
                    j = (j + 1) & (cap - 1);
                v[j] = st->v[i];
            }
        free(st->v);
        st->v = v;
        st->vcap = cap;
    }
    size_t j = hash(k, n) & (st->vcap - 1);
    while (st->v[j].key && (strlen(st->v[j].key) != n || memcmp(st->v[j].key, k, n) != 0))
        j = (j + 1) & (st->vcap - 1);
    if (!st->v[j].key) {
        st->v[j].key = cwf_xstrndup(k, n);
        st->vn++;
    }
    st->v[j].count++;
}

static void count_period(cwf_stats *st, int64_t start)
{
    if (2 * (st->pn + 1) > st->pcap) {
        size_t cap = st->pcap ? 2 * st->pcap : 64;
        pcount *v = cwf_xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < st->pcap; i++)
            if (st->p[i].used) {
                size_t j = hash((const char *)&st->p[i].start, 8) & (cap - 1);
                while (v[j].used)
                    j = (j + 1) & (cap - 1);
                v[j] = st->p[i];
            }
        free(st->p);
        st->p = v;
        st->pcap = cap;
    }
    size_t j = hash((const char *)&start, 8) & (st->pcap - 1);
    while (st->p[j].used && st->p[j].start != start)
        j = (j + 1) & (st->pcap - 1);
    if (!st->p[j].used) {
        st->p[j].used = true;
        st->p[j].start = start;
        st->pn++;
    }
    st->p[j].count++;
}

/* The --by value of the last scan, rendered into st->key. */
static void by_value(cwf_stats *st, bool json)
{
    cwf_buf_reset(&st->key);
    if (!json) {
        cwf_buf_puts(&st->key, "(not JSON)");
        return;
    }
    uint32_t h = 0;
    for (uint32_t k = 0; k < st->nby && h != CWF_JNONE; k++)
        h = cwf_jscan_child(&st->scan, h, st->bynodes[k + 1]);
    cwf_jtype t = h == CWF_JNONE ? CWF_J_MISSING : st->scan.hits[h].type;
    size_t n;
    const char *s;
    switch (t) {
    case CWF_J_STRING:
        s = cwf_jscan_str(&st->scan, h, &n);
        cwf_buf_json_str(&st->key, s, n);
        break;
    case CWF_J_NUMBER:
        s = cwf_jscan_str(&st->scan, h, &n);
        cwf_buf_add(&st->key, s, n);
        break;
    case CWF_J_MISSING:
        cwf_buf_puts(&st->key, "(missing)");
        break;
    case CWF_J_OBJECT:
    case CWF_J_ARRAY:
        cwf_buf_printf(&st->key, "(%s)", cwf_jtype_name(t));
        break;
    default:
        cwf_buf_puts(&st->key, cwf_jtype_name(t));
        break;
    }
}

void cwf_stats_add(cwf_stats *st, const char *msg, size_t len, bool selected, int64_t time_ms)
{
    st->events++;
    if (!selected)
        return;
    st->selected++;
    bool json = cwf_jscan_run(&st->scan, msg, len) &&
                (st->scan.hits[0].type == CWF_J_OBJECT || st->scan.hits[0].type == CWF_J_ARRAY);
    if (st->by) {
        by_value(st, json);
        count_value(st, st->key.p, st->key.len);
    }
    int64_t secs;
    bool timed = time_ms >= 0 ? (secs = time_ms / 1000, true) : scan_time(st, json, msg, len, &secs);
    if (!timed) {
        st->untimed++;
        return;
    }
    int64_t start = secs - ((secs % st->period) + st->period) % st->period;
    count_period(st, start);
}

static int by_count(const void *a, const void *b)
{
    const vcount *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->key, y->key);
}

static int by_start(const void *a, const void *b)
{
    const pcount *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Moves the used entries of both tables to their fronts, sorted. */
static void sort_tables(cwf_stats *st)
{
    size_t k = 0;
    for (size_t i = 0; i < st->vcap; i++)
        if (st->v[i].key)
            st->v[k++] = st->v[i];
    for (size_t i = k; i < st->vcap; i++)
        st->v[i].key = NULL;
    if (k)
        qsort(st->v, k, sizeof *st->v, by_count);
    k = 0;
    for (size_t i = 0; i < st->pcap; i++)
        if (st->p[i].used)
            st->p[k++] = st->p[i];
    for (size_t i = k; i < st->pcap; i++)
        st->p[i].used = false;
    if (k)
        qsort(st->p, k, sizeof *st->p, by_start);
    /* the tables are lists now: no more adding */
    st->vcap = st->vn;
    st->pcap = st->pn;
}

static void put_time(cwf_buf *b, int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t s = t - days * 86400;
    /* civil_from_days (H. Hinnant) */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    cwf_buf_printf(b, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, (int)(s / 3600),
                   (int)(s / 60 % 60), (int)(s % 60));
}

static void put_period(cwf_buf *b, long p)
{
    if (p % 86400 == 0)
        cwf_buf_printf(b, "%ldd", p / 86400);
    else if (p % 3600 == 0)
        cwf_buf_printf(b, "%ldh", p / 3600);
    else if (p % 60 == 0)
        cwf_buf_printf(b, "%ldm", p / 60);
    else
        cwf_buf_printf(b, "%lds", p);
}

static size_t alarms(const cwf_stats *st)
{
    size_t n = 0;
    for (size_t i = 0; i < st->pn; i++)
        n += st->p[i].count >= (size_t)st->threshold;
    return n;
}

void cwf_stats_text(cwf_stats *st, cwf_buf *out)
{
    sort_tables(st);
    cwf_buf_printf(out, "selected: %zu of %zu events", st->selected, st->events);
    if (st->untimed)
        cwf_buf_printf(out, " (%zu without a time, left out of the periods)", st->untimed);
    cwf_buf_putc(out, '\n');
    if (st->by) {
        cwf_buf_printf(out, "\nby %s: %zu value%s\n", st->by, st->vn, st->vn == 1 ? "" : "s");
        if (st->vn)
            cwf_buf_printf(out, "%8s  %s\n", "count", "value");
        for (size_t i = 0; i < st->vn; i++)
            cwf_buf_printf(out, "%8zu  %s\n", st->v[i].count, st->v[i].key);
    }
    cwf_buf_puts(out, "\nper ");
    put_period(out, st->period);
    cwf_buf_printf(out, " period: %zu period%s with a selected event, %zu in ALARM at threshold "
                   "%ld (sum >= %ld)\n", st->pn, st->pn == 1 ? "" : "s", alarms(st),
                   st->threshold, st->threshold);
    if (st->pn)
        cwf_buf_printf(out, "%-20s  %8s  %s\n", "period start", "count", "state");
    for (size_t i = 0; i < st->pn; i++) {
        size_t at = out->len;
        put_time(out, st->p[i].start);
        cwf_buf_printf(out, "%*s  %8zu  %s\n", (int)(20 - (out->len - at)), "", st->p[i].count,
                       st->p[i].count >= (size_t)st->threshold ? "ALARM" : "OK");
    }
}

void cwf_stats_json(cwf_stats *st, cwf_buf *out)
{
    sort_tables(st);
    cwf_buf_printf(out, "{\"events\":%zu,\"selected\":%zu,\"withoutTime\":%zu,", st->events,
                   st->selected, st->untimed);
    if (st->by) {
        cwf_buf_puts(out, "\"by\":");
        cwf_buf_json_str(out, st->by, strlen(st->by));
        cwf_buf_puts(out, ",\"values\":[");
        for (size_t i = 0; i < st->vn; i++) {
            const char *k = st->v[i].key;
            cwf_buf_puts(out, i ? ",{\"value\":" : "{\"value\":");
            if (k[0] == '(') { /* (missing), (not JSON), (object), (array) */
                cwf_buf_puts(out, "null,\"note\":");
                cwf_buf_json_str(out, k + 1, strlen(k) - 2);
            } else {
                cwf_buf_puts(out, k);
            }
            cwf_buf_printf(out, ",\"count\":%zu}", st->v[i].count);
        }
        cwf_buf_puts(out, "],");
    }
    cwf_buf_printf(out, "\"periodSeconds\":%ld,\"threshold\":%ld,\"alarmPeriods\":%zu,"
                   "\"periods\":[", st->period, st->threshold, alarms(st));
    for (size_t i = 0; i < st->pn; i++) {
        cwf_buf_puts(out, i ? ",{\"start\":\"" : "{\"start\":\"");
        put_time(out, st->p[i].start);
        cwf_buf_printf(out, "\",\"count\":%zu,\"state\":\"%s\"}", st->p[i].count,
                       st->p[i].count >= (size_t)st->threshold ? "ALARM" : "OK");
    }
    cwf_buf_puts(out, "]}\n");
}

void cwf_stats_free(cwf_stats *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->vcap; i++)
        free(st->v[i].key);
    free(st->v);
    free(st->p);
    free(st->by);
    free(st->bynodes);
    cwf_jscan_free(&st->scan);
    cwf_jpaths_free(st->paths);
    cwf_buf_free(&st->key);
    free(st);
}
