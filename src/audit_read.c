/* audit_read.c: reading a bundle of AWS CLI exports for audit (audit.h).
 *
 * Each file is recognised by its top-level keys, then every field that the
 * audit reads is checked for its type, so that the chain (audit.c) never
 * meets a string where it wants a boolean.  Where a file lies (account,
 * region, the object it is about) is worked out once all files are in,
 * because a get-caller-identity output names the account of its directory
 * and a get-event-selectors output names the trail of the get-trail-status
 * beside it. */
#include "audit.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* ORDER: cwf_export_kind. */
static const char *const export_names[CWF_EX_COUNT] = {
    "get-caller-identity", "describe-trails", "get-trail-status",
    "get-event-selectors", "describe-metric-filters", "describe-alarms",
    "list-subscriptions-by-topic",
};

/* ---- the fields audit reads, with their types ----------------------------- */

typedef enum jtype { T_STR, T_BOOL, T_NUM, T_OBJ, T_ARR } jtype;

typedef struct field {
    const char *key;            /* NULL ends a list */
    jtype type;
    jtype elem;                 /* T_ARR: the type of each element */
    const struct field *sub;    /* T_OBJ, or T_ARR of T_OBJ: their fields */
} field;

static const field identity_fields[] = {
    {"UserId", T_STR, 0, NULL}, {"Account", T_STR, 0, NULL}, {"Arn", T_STR, 0, NULL},
    {NULL, 0, 0, NULL},
};

static const field trail_fields[] = {
    {"Name", T_STR, 0, NULL}, {"HomeRegion", T_STR, 0, NULL},
    {"TrailARN", T_STR, 0, NULL}, {"IsMultiRegionTrail", T_BOOL, 0, NULL},
    {"CloudWatchLogsLogGroupArn", T_STR, 0, NULL},
    {"IsOrganizationTrail", T_BOOL, 0, NULL},
    {NULL, 0, 0, NULL},
};
static const field trails_fields[] = {
    {"trailList", T_ARR, T_OBJ, trail_fields}, {NULL, 0, 0, NULL},
};

static const field status_fields[] = {
    {"IsLogging", T_BOOL, 0, NULL},
    {"LatestCloudWatchLogsDeliveryError", T_STR, 0, NULL},
    {NULL, 0, 0, NULL},
};

static const field selector_fields[] = {
    {"ReadWriteType", T_STR, 0, NULL}, {"IncludeManagementEvents", T_BOOL, 0, NULL},
    {"ExcludeManagementEventSources", T_ARR, T_STR, NULL},
    {"DataResources", T_ARR, T_OBJ, NULL},
    {NULL, 0, 0, NULL},
};
static const field field_selector_fields[] = {
    {"Field", T_STR, 0, NULL},
    {"Equals", T_ARR, T_STR, NULL}, {"NotEquals", T_ARR, T_STR, NULL},
    {"StartsWith", T_ARR, T_STR, NULL}, {"NotStartsWith", T_ARR, T_STR, NULL},
    {"EndsWith", T_ARR, T_STR, NULL}, {"NotEndsWith", T_ARR, T_STR, NULL},
    {NULL, 0, 0, NULL},
};
static const field advanced_fields[] = {
    {"Name", T_STR, 0, NULL},
    {"FieldSelectors", T_ARR, T_OBJ, field_selector_fields},
    {NULL, 0, 0, NULL},
};
static const field selectors_fields[] = {
    {"TrailARN", T_STR, 0, NULL},
    {"EventSelectors", T_ARR, T_OBJ, selector_fields},
    {"AdvancedEventSelectors", T_ARR, T_OBJ, advanced_fields},
    {NULL, 0, 0, NULL},
};

static const field transformation_fields[] = {
    {"metricName", T_STR, 0, NULL}, {"metricNamespace", T_STR, 0, NULL},
    {"metricValue", T_STR, 0, NULL}, {"defaultValue", T_NUM, 0, NULL},
    {"dimensions", T_OBJ, 0, NULL},
    {NULL, 0, 0, NULL},
};
static const field filter_fields[] = {
    {"filterName", T_STR, 0, NULL}, {"filterPattern", T_STR, 0, NULL},
    {"metricTransformations", T_ARR, T_OBJ, transformation_fields},
    {"logGroupName", T_STR, 0, NULL},
    {NULL, 0, 0, NULL},
};
static const field filters_fields[] = {
    {"metricFilters", T_ARR, T_OBJ, filter_fields}, {NULL, 0, 0, NULL},
};

static const field metric_fields[] = {
    {"Namespace", T_STR, 0, NULL}, {"MetricName", T_STR, 0, NULL},
    {"Dimensions", T_ARR, T_OBJ, NULL},
    {NULL, 0, 0, NULL},
};
static const field metric_stat_fields[] = {
    {"Metric", T_OBJ, 0, metric_fields}, {"Stat", T_STR, 0, NULL},
    {NULL, 0, 0, NULL},
};
static const field query_fields[] = {
    {"Id", T_STR, 0, NULL}, {"MetricStat", T_OBJ, 0, metric_stat_fields},
    {"Expression", T_STR, 0, NULL}, {"ReturnData", T_BOOL, 0, NULL},
    {NULL, 0, 0, NULL},
};
static const field alarm_fields[] = {
    {"AlarmName", T_STR, 0, NULL}, {"AlarmArn", T_STR, 0, NULL},
    {"ActionsEnabled", T_BOOL, 0, NULL}, {"AlarmActions", T_ARR, T_STR, NULL},
    {"MetricName", T_STR, 0, NULL}, {"Namespace", T_STR, 0, NULL},
    {"Statistic", T_STR, 0, NULL}, {"ExtendedStatistic", T_STR, 0, NULL},
    {"Dimensions", T_ARR, T_OBJ, NULL},
    {"EvaluationPeriods", T_NUM, 0, NULL}, {"DatapointsToAlarm", T_NUM, 0, NULL},
    {"Threshold", T_NUM, 0, NULL}, {"ComparisonOperator", T_STR, 0, NULL},
    {"TreatMissingData", T_STR, 0, NULL},
    {"Metrics", T_ARR, T_OBJ, query_fields},
    /* the other settings, carried over by the fix (put-metric-alarm) */
    {"AlarmDescription", T_STR, 0, NULL}, {"OKActions", T_ARR, T_STR, NULL},
    {"InsufficientDataActions", T_ARR, T_STR, NULL}, {"Period", T_NUM, 0, NULL},
    {"Unit", T_STR, 0, NULL}, {"EvaluateLowSampleCountPercentile", T_STR, 0, NULL},
    {"ThresholdMetricId", T_STR, 0, NULL},
    {NULL, 0, 0, NULL},
};
static const field alarms_fields[] = {
    {"MetricAlarms", T_ARR, T_OBJ, alarm_fields},
    {"CompositeAlarms", T_ARR, T_OBJ, NULL},
    {NULL, 0, 0, NULL},
};

static const field subscription_fields[] = {
    {"SubscriptionArn", T_STR, 0, NULL}, {"Owner", T_STR, 0, NULL},
    {"Protocol", T_STR, 0, NULL}, {"Endpoint", T_STR, 0, NULL},
    {"TopicArn", T_STR, 0, NULL},
    {NULL, 0, 0, NULL},
};
static const field subscriptions_fields[] = {
    {"Subscriptions", T_ARR, T_OBJ, subscription_fields}, {NULL, 0, 0, NULL},
};

/* ORDER: cwf_export_kind. */
static const field *const kind_fields[CWF_EX_COUNT] = {
    identity_fields, trails_fields, status_fields, selectors_fields,
    filters_fields, alarms_fields, subscriptions_fields,
};

static const char *type_name(jtype t)
{
    switch (t) {
    case T_STR: return "a string";
    case T_BOOL: return "true or false";
    case T_NUM: return "a number";
    case T_OBJ: return "an object";
    default: return "an array"; /* T_ARR */
    }
}

static bool has_type(const json_t *v, jtype t)
{
    switch (t) {
    case T_STR: return json_is_string(v);
    case T_BOOL: return json_is_boolean(v);
    case T_NUM: return json_is_number(v);
    case T_OBJ: return json_is_object(v);
    default: return json_is_array(v); /* T_ARR */
    }
}

static char *check_value(const json_t *v, jtype t, jtype elem, const field *sub,
                         cwf_buf *where);

static void cut(cwf_buf *b, size_t len)
{
    b->len = len;
    if (b->p)
        b->p[len] = '\0';
}

/* Checks the fields of object o; on a mismatch returns the sentence. */
static char *check_object(const json_t *o, const field *fs, cwf_buf *where)
{
    for (const field *f = fs; f && f->key; f++) {
        const json_t *v = json_object_get(o, f->key);
        if (!v || json_is_null(v))
            continue;
        size_t mark = where->len;
        cwf_buf_printf(where, "%s%s", mark ? "." : "", f->key);
        char *err = check_value(v, f->type, f->elem, f->sub, where);
        if (err)
            return err;
        cut(where, mark);
    }
    return NULL;
}

static char *check_value(const json_t *v, jtype t, jtype elem, const field *sub,
                         cwf_buf *where)
{
    if (!has_type(v, t))
        return cwf_xasprintf("%s is not %s", cwf_buf_str(where), type_name(t));
    if (t == T_OBJ && sub)
        return check_object(v, sub, where);
    if (t != T_ARR)
        return NULL;
    for (size_t i = 0; i < json_array_size(v); i++) {
        size_t mark = where->len;
        cwf_buf_printf(where, "[%zu]", i);
        char *err = check_value(json_array_get(v, i), elem, 0, sub, where);
        if (err)
            return err;
        cut(where, mark);
    }
    return NULL;
}

/* The kind from the top-level keys, or CWF_EX_COUNT. */
static cwf_export_kind recognise(const json_t *doc)
{
    if (!json_is_object(doc))
        return CWF_EX_COUNT;
    if (json_object_get(doc, "trailList"))
        return CWF_EX_TRAILS;
    if (json_object_get(doc, "IsLogging"))
        return CWF_EX_TRAIL_STATUS;
    if (json_object_get(doc, "EventSelectors") || json_object_get(doc, "AdvancedEventSelectors"))
        return CWF_EX_EVENT_SELECTORS;
    if (json_object_get(doc, "metricFilters"))
        return CWF_EX_METRIC_FILTERS;
    if (json_object_get(doc, "MetricAlarms") || json_object_get(doc, "CompositeAlarms"))
        return CWF_EX_ALARMS;
    if (json_object_get(doc, "Subscriptions"))
        return CWF_EX_SUBSCRIPTIONS;
    if (json_is_string(json_object_get(doc, "Account")) && json_object_get(doc, "Arn"))
        return CWF_EX_CALLER_IDENTITY;
    return CWF_EX_COUNT;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return false;
    return true;
}

bool cwf_bundle_add(cwf_bundle *b, const char *path, const char *text, size_t len,
                    char **err)
{
    *err = NULL;
    if (blank(text, len)) {
        *err = cwf_xstrdup("empty file: the command that should have written it "
                           "probably failed");
        return false;
    }
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!doc) {
        *err = cwf_xasprintf("not JSON (line %d, column %d: %s); audit reads the "
                             "AWS CLI's --output json", je.line, je.column, je.text);
        return false;
    }
    cwf_export_kind k = recognise(doc);
    if (k == CWF_EX_COUNT) {
        json_decref(doc);
        *err = cwf_xstrdup("not the output of a command that audit reads "
                           "(describe-trails, get-trail-status, get-event-selectors, "
                           "describe-metric-filters, describe-alarms, "
                           "list-subscriptions-by-topic, get-caller-identity)");
        return false;
    }
    cwf_buf where = CWF_BUF_INIT;
    char *bad = check_object(doc, kind_fields[k], &where);
    cwf_buf_free(&where);
    if (bad) {
        json_decref(doc);
        *err = cwf_xasprintf("%s output, but %s", export_names[k], bad);
        free(bad);
        return false;
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->v = cwf_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    cwf_export *e = &b->v[b->n++];
    memset(e, 0, sizeof *e);
    e->path = cwf_xstrdup(path);
    e->text = cwf_xstrndup(text, len);
    e->len = len;
    e->kind = k;
    e->doc = doc;
    const char *slash = strrchr(path, '/');
    e->dir = slash ? cwf_xstrndup(path, (size_t)(slash - path)) : cwf_xstrdup("");
    b->placed = false;
    return true;
}

void cwf_bundle_free(cwf_bundle *b)
{
    for (size_t i = 0; i < b->n; i++) {
        cwf_export *e = &b->v[i];
        free(e->path);
        free(e->text);
        json_decref(e->doc);
        free(e->dir);
        free(e->account);
        free(e->region);
        free(e->object);
    }
    free(b->v);
    memset(b, 0, sizeof *b);
}

/* ---- ARNs ------------------------------------------------------------------ */

bool cwf_arn_parse(const char *s, cwf_arn *out)
{
    if (!s || strncmp(s, "arn:", 4) != 0)
        return false;
    cwf_str *parts[] = {&out->partition, &out->service, &out->region, &out->account};
    const char *p = s + 4;
    for (size_t i = 0; i < CWF_COUNT(parts); i++) {
        const char *c = strchr(p, ':');
        if (!c)
            return false;
        parts[i]->p = p;
        parts[i]->len = (uint32_t)(c - p);
        p = c + 1;
    }
    out->resource.p = p;
    out->resource.len = (uint32_t)strlen(p);
    return out->partition.len && out->service.len;
}

/* ---- where each export lies ------------------------------------------------ */

static bool is_account(const char *s, size_t n)
{
    if (n != 12)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* us-east-1, us-gov-west-1, cn-northwest-1, us-isob-east-1: two lower-case
 * letters, one or more -word, then -digits. */
static bool is_region(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && islower((unsigned char)s[i]))
        i++;
    if (i != 2)
        return false;
    size_t words = 0;
    for (;;) {
        if (i >= n || s[i] != '-')
            return false;
        i++;
        size_t w = i;
        while (i < n && islower((unsigned char)s[i]))
            i++;
        if (i > w) {
            words++;
            continue;
        }
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        return words > 0 && i > w && i == n;
    }
}

/* The components of a directory path, in order. */
typedef struct comp { const char *p; size_t n; } comp;

static size_t split_dir(const char *dir, comp *v, size_t max)
{
    size_t n = 0;
    for (const char *p = dir; *p && n < max;) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len)
            v[n++] = (comp){p, len};
        p += len + (e != NULL);
    }
    return n;
}

/* s[0..n) with %2F decoded to "/" and %25 to "%"; anything else kept. */
static char *decode_name(const char *s, size_t n)
{
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && n - i >= 3 && s[i + 1] == '2' &&
            (s[i + 2] == 'F' || s[i + 2] == 'f' || s[i + 2] == '5')) {
            cwf_buf_putc(&b, s[i + 2] == '5' ? '%' : '/');
            i += 2;
        } else {
            cwf_buf_putc(&b, s[i]);
        }
    }
    return cwf_buf_take(&b);
}

static void set_str(char **dst, const char *s, size_t n)
{
    free(*dst);
    *dst = cwf_xstrndup(s, n);
}

/* Account and region of an ARN-named object, if they agree over all ARNs of
 * the export: fills acc/reg with the common values ("" for disagreement). */
static void agree(const char *arn, char **acc, char **reg, bool *first)
{
    cwf_arn a;
    if (!cwf_arn_parse(arn, &a))
        return;
    if (*first) {
        set_str(acc, a.account.p, a.account.len);
        set_str(reg, a.region.p, a.region.len);
        *first = false;
        return;
    }
    if (strlen(*acc) != a.account.len || strncmp(*acc, a.account.p, a.account.len))
        (*acc)[0] = '\0';
    if (strlen(*reg) != a.region.len || strncmp(*reg, a.region.p, a.region.len))
        (*reg)[0] = '\0';
}

/* The ARNs that name where e's objects lie. */
static void arn_place(const cwf_export *e, char **acc, char **reg)
{
    bool first = true;
    const json_t *doc = e->doc, *v;
    size_t i;
    *acc = cwf_xstrdup("");
    *reg = cwf_xstrdup("");
    switch (e->kind) {
    case CWF_EX_CALLER_IDENTITY:
        set_str(acc, json_string_value(json_object_get(doc, "Account")),
                strlen(json_string_value(json_object_get(doc, "Account"))));
        break;
    case CWF_EX_TRAILS:
        json_array_foreach(json_object_get(doc, "trailList"), i, v)
            agree(json_string_value(json_object_get(v, "TrailARN")), acc, reg, &first);
        break;
    case CWF_EX_EVENT_SELECTORS:
        agree(json_string_value(json_object_get(doc, "TrailARN")), acc, reg, &first);
        break;
    case CWF_EX_ALARMS:
        json_array_foreach(json_object_get(doc, "MetricAlarms"), i, v)
            agree(json_string_value(json_object_get(v, "AlarmArn")), acc, reg, &first);
        break;
    case CWF_EX_SUBSCRIPTIONS:
        json_array_foreach(json_object_get(doc, "Subscriptions"), i, v)
            agree(json_string_value(json_object_get(v, "TopicArn")), acc, reg, &first);
        break;
    default:
        break;
    }
}

/* Whether dir is anc or lies below it. */
static bool below(const char *dir, const char *anc)
{
    size_t n = strlen(anc);
    if (n == 0)
        return dir[0] != '/';
    return strncmp(dir, anc, n) == 0 && (dir[n] == '\0' || dir[n] == '/');
}

/* The layout directory that names the object of an export of kind k. */
static const char *object_dir(cwf_export_kind k)
{
    switch (k) {
    case CWF_EX_TRAIL_STATUS:
    case CWF_EX_EVENT_SELECTORS: return "trails";
    case CWF_EX_METRIC_FILTERS: return "log-groups";
    case CWF_EX_SUBSCRIPTIONS: return "topics";
    default: return NULL;
    }
}

static void place_one(cwf_bundle *b, cwf_export *e)
{
    comp c[64];
    size_t n = split_dir(e->dir, c, CWF_COUNT(c));
    char *acc, *reg;
    arn_place(e, &acc, &reg);
    e->account = cwf_xstrdup("");
    e->region = cwf_xstrdup("");
    e->object = cwf_xstrdup("");
    for (size_t i = n; i-- > 0;)
        if (is_account(c[i].p, c[i].n)) {
            set_str(&e->account, c[i].p, c[i].n);
            break;
        }
    for (size_t i = n; i-- > 0;)
        if (is_region(c[i].p, c[i].n)) {
            set_str(&e->region, c[i].p, c[i].n);
            break;
        }
    if (!e->account[0] && e->kind != CWF_EX_CALLER_IDENTITY) {
        /* The nearest get-caller-identity in this directory or above. */
        size_t best = 0;
        for (size_t j = 0; j < b->n; j++) {
            const cwf_export *id = &b->v[j];
            size_t dl = strlen(id->dir);
            if (id->kind == CWF_EX_CALLER_IDENTITY && below(e->dir, id->dir) &&
                (!e->account[0] || dl >= best)) {
                const char *a = json_string_value(json_object_get(id->doc, "Account"));
                set_str(&e->account, a, strlen(a));
                best = dl;
            }
        }
    }
    if (!e->account[0])
        set_str(&e->account, acc, strlen(acc));
    if (!e->region[0])
        set_str(&e->region, reg, strlen(reg));
    free(acc);
    free(reg);
    const char *od = object_dir(e->kind);
    if (od && n >= 2 && c[n - 2].n == strlen(od) && strncmp(c[n - 2].p, od, c[n - 2].n) == 0) {
        free(e->object);
        e->object = decode_name(c[n - 1].p, c[n - 1].n);
    }
}

/* A get-trail-status output beside exactly one get-event-selectors output
 * is about that trail. */
static void place_status(cwf_bundle *b, cwf_export *e)
{
    const cwf_export *sel = NULL;
    size_t count = 0;
    for (size_t j = 0; j < b->n; j++)
        if (b->v[j].kind == CWF_EX_EVENT_SELECTORS && strcmp(b->v[j].dir, e->dir) == 0) {
            sel = &b->v[j];
            count++;
        }
    cwf_arn a;
    if (count != 1 || !cwf_arn_parse(json_string_value(json_object_get(sel->doc, "TrailARN")), &a))
        return;
    const char *name = a.resource.p;
    size_t nlen = a.resource.len;
    if (nlen > 6 && strncmp(name, "trail/", 6) == 0) {
        name += 6;
        nlen -= 6;
    }
    set_str(&e->account, a.account.p, a.account.len);
    set_str(&e->region, a.region.p, a.region.len);
    set_str(&e->object, name, nlen);
}

void cwf_bundle_place(cwf_bundle *b)
{
    if (b->placed)
        return;
    for (size_t i = 0; i < b->n; i++) {
        cwf_export *e = &b->v[i];
        free(e->account);
        free(e->region);
        free(e->object);
        e->account = e->region = e->object = NULL;
    }
    for (size_t i = 0; i < b->n; i++)
        place_one(b, &b->v[i]);
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].kind == CWF_EX_TRAIL_STATUS)
            place_status(b, &b->v[i]);
    b->placed = true;
}

/* ---- JSON pointers ----------------------------------------------------------- */

typedef struct scan {
    const char *s, *end;
    int depth;
} scan;

static void ws(scan *sc)
{
    while (sc->s < sc->end && (*sc->s == ' ' || *sc->s == '\t' || *sc->s == '\n' || *sc->s == '\r'))
        sc->s++;
}

/* Skips a string starting at its opening quote. */
static bool skip_string(scan *sc)
{
    if (sc->s >= sc->end || *sc->s != '"')
        return false;
    for (sc->s++; sc->s < sc->end; sc->s++) {
        if (*sc->s == '\\') {
            sc->s++;
            continue;
        }
        if (*sc->s == '"') {
            sc->s++;
            return true;
        }
    }
    return false;
}

static bool skip_value(scan *sc)
{
    ws(sc);
    if (sc->s >= sc->end)
        return false;
    char c = *sc->s;
    if (c == '"')
        return skip_string(sc);
    if (c == '{' || c == '[') {
        if (++sc->depth > 256)
            return false;
        char close = c == '{' ? '}' : ']';
        sc->s++;
        ws(sc);
        if (sc->s < sc->end && *sc->s == close) {
            sc->s++;
            sc->depth--;
            return true;
        }
        for (;;) {
            if (c == '{') {
                ws(sc);
                if (!skip_string(sc))
                    return false;
                ws(sc);
                if (sc->s >= sc->end || *sc->s != ':')
                    return false;
                sc->s++;
            }
            if (!skip_value(sc))
                return false;
            ws(sc);
            if (sc->s >= sc->end)
                return false;
            if (*sc->s == ',') {
                sc->s++;
                continue;
            }
            if (*sc->s != close)
                return false;
            sc->s++;
            sc->depth--;
            return true;
        }
    }
    /* A number or a literal: up to a delimiter. */
    const char *start = sc->s;
    while (sc->s < sc->end && !strchr(",:]} \t\r\n", *sc->s))
        sc->s++;
    return sc->s > start;
}

/* Whether the JSON string at sc (opening quote) equals key[0..n); leaves sc
 * after the string.  Escapes other than \" \\ \/ make it unequal, which is
 * all that AWS keys need. */
static bool string_is(scan *sc, const char *key, size_t n)
{
    const char *start = sc->s + 1;
    if (!skip_string(sc))
        return false;
    const char *p = start, *e = sc->s - 1;
    size_t i = 0;
    while (p < e) {
        char c = *p++;
        if (c == '\\') {
            if (p >= e || (*p != '"' && *p != '\\' && *p != '/'))
                return false;
            c = *p++;
        }
        if (i >= n || key[i++] != c)
            return false;
    }
    return i == n;
}

bool cwf_json_locate(const char *text, size_t len, const char *ptr, cwf_span *out)
{
    scan sc = {text, text + len, 0};
    char tok[256];
    for (;;) {
        ws(&sc);
        if (!*ptr) {
            const char *start = sc.s;
            if (!skip_value(&sc))
                return false;
            out->start = (uint32_t)(start - text);
            out->end = (uint32_t)(sc.s - text);
            return true;
        }
        if (*ptr++ != '/')
            return false;
        size_t n = 0;
        while (*ptr && *ptr != '/') {
            char c = *ptr++;
            if (c == '~' && (*ptr == '0' || *ptr == '1'))
                c = *ptr++ == '0' ? '~' : '/';
            if (n + 1 >= sizeof tok)
                return false;
            tok[n++] = c;
        }
        tok[n] = '\0';
        if (sc.s >= sc.end)
            return false;
        if (*sc.s == '{') {
            sc.s++;
            for (;;) {
                ws(&sc);
                if (sc.s >= sc.end || *sc.s != '"')
                    return false;
                bool hit = string_is(&sc, tok, n);
                ws(&sc);
                if (sc.s >= sc.end || *sc.s != ':')
                    return false;
                sc.s++;
                if (hit)
                    break;
                if (!skip_value(&sc))
                    return false;
                ws(&sc);
                if (sc.s >= sc.end || *sc.s != ',')
                    return false;
                sc.s++;
            }
        } else if (*sc.s == '[') {
            char *endp;
            errno = 0;
            unsigned long idx = strtoul(tok, &endp, 10);
            if (n == 0 || *endp || errno || !isdigit((unsigned char)tok[0]))
                return false;
            sc.s++;
            for (unsigned long i = 0; i < idx; i++) {
                if (!skip_value(&sc))
                    return false;
                ws(&sc);
                if (sc.s >= sc.end || *sc.s != ',')
                    return false;
                sc.s++;
            }
        } else {
            return false;
        }
    }
}
