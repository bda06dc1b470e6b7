/* audit.c: the seven steps of the benchmark's audit, per control and account
 * (audit.h), and the remediation for what fails.
 *
 * The chain branches: an account may have several trails, a log group
 * several filters, a metric several alarms, an alarm several topics.  Every
 * branch is judged step by step, as far as its data reaches (a failure does
 * not stop the later steps, so the report and the fix see all that is
 * wrong), and the best branch speaks for the control: one that passes, else
 * one that cannot be judged (it might pass), else the failing one that got
 * furthest, the pattern covering most cases breaking ties. */
#include "audit.h"
#include "judge.h"

#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "chain.h"
#include "parse.h"
#include "shell.h"

/* The namespace the benchmark's remediation uses, and the topic cwfilter
 * proposes when the bundle has none to offer. */
#define CIS_NAMESPACE "CISBenchmark"
#define NEW_TOPIC "cis-alarms"

const char *cwf_audit_verdict_name(cwf_audit_verdict v)
{
    switch (v) {
    case CWF_AUDIT_PASS: return "pass";
    case CWF_AUDIT_FAIL: return "fail";
    case CWF_AUDIT_UNKNOWN: return "unknown";
    case CWF_AUDIT_NOT_REACHED: return "not reached";
    }
    return "?";
}

/* ORDER: the steps of audit.h. */
static const char *const step_names[CWF_AUDIT_STEPS] = {
    "multi-region trail", "log group", "logging", "management events",
    "metric filter", "alarm", "subscription",
};

const char *cwf_audit_step_name(int step)
{
    return step >= 1 && step <= CWF_AUDIT_STEPS ? step_names[step - 1] : "?";
}

/* ---- small helpers ---------------------------------------------------------- */

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* A boolean field; def when absent. */
static bool flag(const json_t *o, const char *key, bool def)
{
    const json_t *v = json_object_get(o, key);
    return json_is_boolean(v) ? json_is_true(v) : def;
}

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Place components agree: equal, or one of them unknown (""). */
static bool same(const char *a, const char *b)
{
    return !a || !b || !a[0] || !b[0] || strcmp(a, b) == 0;
}

static bool str_is(cwf_str s, const char *t)
{
    return s.len == strlen(t) && strncmp(s.p, t, s.len) == 0;
}

/* Copies s into a fixed field; false if it does not fit. */
static bool copy(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap)
        return false;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}

/* "A", "A and B", "A, B and C", "A, B, C and 4 more". */
static void and_list(cwf_buf *b, const char *const *v, size_t n)
{
    size_t shown = n > 4 ? 3 : n;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            cwf_buf_puts(b, i + 1 == n ? " and " : ", ");
        cwf_buf_puts(b, v[i]);
    }
    if (shown < n)
        cwf_buf_printf(b, " and %zu more", n - shown);
}

/* ---- what a branch holds ------------------------------------------------------ */

typedef struct trail {
    const cwf_export *ex;
    size_t idx;               /* in trailList */
    const json_t *j;
    const char *arn;          /* may be NULL */
    char name[256];
    char account[32];         /* the owner, from the ARN */
    char home[32];
    char partition[32];
    bool multi;
} trail;

typedef struct loggroup {
    char partition[32], region[32], account[32];
    char name[600];
} loggroup;

typedef struct branch {
    cwf_audit_step s[CWF_AUDIT_STEPS];
    char *head[CWF_AUDIT_STEPS];  /* the one-sentence headline of a step */
    cwf_audit_note *notes;
    size_t nnotes;
    int score;                    /* step 5: 4 per case covered, 2 per case
                                     the pattern names but misses, 1 for
                                     the judge's pick (judge.h); for ties */
    int covered;                  /* step 5: cases covered */
    int ncases;                   /* and of how many */
    /* what the remediation needs */
    const trail *t;
    bool has_lg;
    loggroup lg;
    const json_t *sel;            /* the get-event-selectors output */
    const json_t *filter;         /* the filter of steps 5-7 */
    const json_t *xf;             /* its metric transformation */
    const json_t *alarm;
    const char *topic;            /* the topic of step 7 */
    bool pending;                 /* the topic has a PendingConfirmation */
} branch;

static void ref_free(cwf_audit_ref *r)
{
    free(r->pointer);
    memset(r, 0, sizeof *r);
}

static void branch_init(branch *b)
{
    memset(b, 0, sizeof *b);
    for (int i = 0; i < CWF_AUDIT_STEPS; i++)
        b->s[i].verdict = CWF_AUDIT_NOT_REACHED;
}

static void note_free(cwf_audit_note *n)
{
    free(n->text);
    ref_free(&n->ref);
}

static void step_clear(branch *b, int n)
{
    cwf_audit_step *s = &b->s[n - 1];
    free(s->text);
    free(s->needs);
    ref_free(&s->ref);
    free(b->head[n - 1]);
    b->head[n - 1] = NULL;
    memset(s, 0, sizeof *s);
    s->verdict = CWF_AUDIT_NOT_REACHED;
}

static void branch_free(branch *b)
{
    for (int i = 1; i <= CWF_AUDIT_STEPS; i++)
        step_clear(b, i);
    for (size_t i = 0; i < b->nnotes; i++)
        note_free(&b->notes[i]);
    free(b->notes);
    branch_init(b);
}

/* Sets step n's verdict and text. */
static void say(branch *b, int n, cwf_audit_verdict v, const char *fmt, ...) CWF_PRINTF(4, 5);
static void say(branch *b, int n, cwf_audit_verdict v, const char *fmt, ...)
{
    cwf_audit_step *s = &b->s[n - 1];
    free(s->text);
    va_list ap;
    va_start(ap, fmt);
    s->text = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    s->verdict = v;
}

/* The headline of a failing or unknown step, when it says more than the
 * step's own text. */
static void head(branch *b, int n, const char *fmt, ...) CWF_PRINTF(3, 4);
static void head(branch *b, int n, const char *fmt, ...)
{
    free(b->head[n - 1]);
    va_list ap;
    va_start(ap, fmt);
    b->head[n - 1] = cwf_xvasprintf(fmt, ap);
    va_end(ap);
}

/* Step n cannot be judged without the output of the command. */
static void needs(branch *b, int n, const char *fmt, ...) CWF_PRINTF(3, 4);
static void needs(branch *b, int n, const char *fmt, ...)
{
    cwf_audit_step *s = &b->s[n - 1];
    free(s->needs);
    va_list ap;
    va_start(ap, fmt);
    s->needs = cwf_xvasprintf(fmt, ap);
    va_end(ap);
}

/* The export that step n needs lies in account owner, not in the account
 * audited: the trail is an organization trail (or one shared from another
 * account), whose status, selectors, log group, alarms and topics live in
 * the account that owns it, the organization's management account for an
 * organization trail.  Says so in the step's text. */
static void owner_elsewhere(branch *b, int n, const char *owner, const char *audited)
{
    cwf_audit_step *s = &b->s[n - 1];
    if (!s->needs || !owner || !owner[0] || !audited || !audited[0] ||
        strcmp(owner, audited) == 0)
        return;
    bool org = b->t && flag(b->t->j, "IsOrganizationTrail", false);
    char *t = org ? cwf_xasprintf("%s; it must be collected in account %s, the organization's "
                                  "management account (it owns organization trail %s), not in "
                                  "account %s", s->text, owner, b->t->name, audited)
                  : cwf_xasprintf("%s; it must be collected in account %s (from the ARN), not "
                                  "in account %s", s->text, owner, audited);
    free(s->text);
    s->text = t;
}

static void set_ref(cwf_audit_ref *r, const cwf_export *ex, char *pointer)
{
    ref_free(r);
    if (!ex) {
        free(pointer);
        return;
    }
    r->file = ex->path;
    r->text = ex->text;
    r->len = ex->len;
    r->pointer = pointer ? pointer : cwf_xstrdup("");
    if (!cwf_json_locate(ex->text, ex->len, r->pointer, &r->span))
        r->span = (cwf_span){0, 0};
    /* An object or array is cited by its opening brace, so that an
     * annotation marks one place, not a page. */
    if (r->span.end > r->span.start && strchr("{[", ex->text[r->span.start]))
        r->span.end = r->span.start + 1;
}

/* Cites the evidence of step n: a JSON pointer (malloc'd, taken) into ex. */
static void cite(branch *b, int n, const cwf_export *ex, char *pointer)
{
    set_ref(&b->s[n - 1].ref, ex, pointer);
}

static void note(branch *b, cwf_rule_id rule, const cwf_export *ex, char *pointer,
                 const char *fmt, ...) CWF_PRINTF(5, 6);
static void note(branch *b, cwf_rule_id rule, const cwf_export *ex, char *pointer,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < b->nnotes; i++)
        if (strcmp(b->notes[i].text, text) == 0) {
            free(text);
            free(pointer);
            return;
        }
    b->notes = cwf_xrealloc(b->notes, (b->nnotes + 1) * sizeof *b->notes);
    cwf_audit_note *n = &b->notes[b->nnotes++];
    memset(n, 0, sizeof *n);
    n->rule = rule;
    n->severity = cwf_rules[rule].severity;
    n->text = text;
    set_ref(&n->ref, ex, pointer);
}

/* Moves steps from..to and the notes of src into dst (src is left empty). */
static void take_steps(branch *dst, branch *src, int from, int to)
{
    for (int n = from; n <= to; n++) {
        step_clear(dst, n);
        dst->s[n - 1] = src->s[n - 1];
        dst->head[n - 1] = src->head[n - 1];
        src->head[n - 1] = NULL;
        memset(&src->s[n - 1], 0, sizeof src->s[n - 1]);
        src->s[n - 1].verdict = CWF_AUDIT_NOT_REACHED;
    }
    if (src->nnotes) {
        dst->notes = cwf_xrealloc(dst->notes, (dst->nnotes + src->nnotes) * sizeof *dst->notes);
        memcpy(dst->notes + dst->nnotes, src->notes, src->nnotes * sizeof *src->notes);
        dst->nnotes += src->nnotes;
    }
    free(src->notes);
    src->notes = NULL;
    src->nnotes = 0;
}

/* The branch's verdict over its steps, and the first step that decides it. */
static cwf_audit_verdict verdict_of(const branch *b, int *first)
{
    *first = 0;
    for (int i = 0; i < CWF_AUDIT_STEPS; i++)
        if (b->s[i].verdict == CWF_AUDIT_FAIL) {
            *first = i + 1;
            return CWF_AUDIT_FAIL;
        }
    for (int i = 0; i < CWF_AUDIT_STEPS; i++)
        if (b->s[i].verdict == CWF_AUDIT_UNKNOWN) {
            *first = i + 1;
            return CWF_AUDIT_UNKNOWN;
        }
    return CWF_AUDIT_PASS;
}

static int rank(cwf_audit_verdict v)
{
    return v == CWF_AUDIT_PASS ? 2 : v == CWF_AUDIT_UNKNOWN ? 1 : 0;
}

/* Whether branch a is better than b (see the file comment). */
static bool better(const branch *a, const branch *b)
{
    int fa, fb;
    cwf_audit_verdict va = verdict_of(a, &fa), vb = verdict_of(b, &fb);
    if (rank(va) != rank(vb))
        return rank(va) > rank(vb);
    if (fa != fb)
        return fa > fb;
    if (a->score != b->score)
        return a->score > b->score;
    int pa = 0, pb = 0;
    for (int i = 0; i < CWF_AUDIT_STEPS; i++) {
        pa += a->s[i].verdict == CWF_AUDIT_PASS;
        pb += b->s[i].verdict == CWF_AUDIT_PASS;
    }
    return pa > pb;
}

/* Keeps the better of *best and *cand in *best; frees the other. */
static void keep_better(branch *best, bool *have, branch *cand)
{
    if (!*have || better(cand, best)) {
        if (*have)
            branch_free(best);
        *best = *cand;
        *have = true;
    } else {
        branch_free(cand);
    }
    branch_init(cand);
}

/* ---- the context of one run ---------------------------------------------------- */

typedef struct proved {
    const json_t *filter;
    const cwf_bench_rule *rule;
    cwf_audit_verdict v;
    size_t ncases, ncovered;
    size_t named;         /* missing cases whose label the pattern names */
    char *text;           /* step 5's text */
} proved;

typedef struct ctx {
    const cwf_bundle *b;
    const cwf_bench_rule *rule;
    proved *pv;           /* cache: one proof per filter and rule */
    size_t npv;
    cwf_judge_cache *jc;  /* proofs by pattern text and rule (judge.h) */
    const char *account;  /* the account audited, or "" */
} ctx;

/* ---- steps 1 and 2: the trails ------------------------------------------------- */

/* The name in a trail ARN's resource, trail/NAME. */
static bool trail_from_arn(const char *s, cwf_arn *a, cwf_str *name)
{
    if (!cwf_arn_parse(s, a) || !str_is(a->service, "cloudtrail"))
        return false;
    *name = a->resource;
    if (name->len > 6 && strncmp(name->p, "trail/", 6) == 0) {
        name->p += 6;
        name->len -= 6;
    }
    return true;
}

static bool read_trail(const cwf_export *ex, size_t idx, const json_t *j, trail *t)
{
    memset(t, 0, sizeof *t);
    t->ex = ex;
    t->idx = idx;
    t->j = j;
    t->arn = str(j, "TrailARN");
    t->multi = flag(j, "IsMultiRegionTrail", false);
    cwf_arn a;
    cwf_str nm;
    const char *name = str(j, "Name"), *home = str(j, "HomeRegion");
    if (t->arn && trail_from_arn(t->arn, &a, &nm)) {
        if (!copy(t->account, sizeof t->account, a.account.p, a.account.len) ||
            !copy(t->home, sizeof t->home, a.region.p, a.region.len) ||
            !copy(t->partition, sizeof t->partition, a.partition.p, a.partition.len) ||
            (!name && !copy(t->name, sizeof t->name, nm.p, nm.len)))
            return false;
    } else {
        if (!copy(t->account, sizeof t->account, ex->account, strlen(ex->account)) ||
            !copy(t->home, sizeof t->home, ex->region, strlen(ex->region)))
            return false;
        strcpy(t->partition, "aws");
    }
    if (name && !copy(t->name, sizeof t->name, name, strlen(name)))
        return false;
    if (home && !copy(t->home, sizeof t->home, home, strlen(home)))
        return false;
    return t->name[0] != '\0';
}

/* The account whose describe-trails output lists the trail. */
static const char *listed_in(const cwf_export *ex, const trail *t)
{
    return ex->account[0] ? ex->account : t->account;
}

/* A trail of a describe-trails output that cannot be read: a name, home
 * region or part of its ARN longer than AWS makes them. */
typedef struct unread {
    const cwf_export *ex;   /* NULL: none */
    size_t idx;
} unread;

/* The trails that the describe-trails outputs of account lists, each once
 * (a multi-region trail shows in every region; the home region's copy is
 * kept).  Returns how many; *listed is whether any output lists for it;
 * *bad the first trail that could not be read in an output of account or
 * of an unknown one. */
static size_t trails_of(const cwf_bundle *bd, const char *account, trail **out, bool *listed,
                        unread *bad)
{
    trail *v = NULL;
    size_t n = 0;
    *listed = false;
    bad->ex = NULL;
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        if (ex->kind != CWF_EX_TRAILS)
            continue;
        const json_t *list = json_object_get(ex->doc, "trailList"), *j;
        if (json_array_size(list) == 0 && same(ex->account, account))
            *listed = true;
        size_t k;
        json_array_foreach(list, k, j) {
            trail t;
            if (!read_trail(ex, k, j, &t)) {
                if (!bad->ex && (!ex->account[0] || strcmp(ex->account, account) == 0))
                    *bad = (unread){ex, k};
                continue;
            }
            if (strcmp(listed_in(ex, &t), account) != 0)
                continue;
            *listed = true;
            size_t d;
            for (d = 0; d < n; d++)
                if (t.arn && v[d].arn ? strcmp(t.arn, v[d].arn) == 0
                                      : strcmp(t.name, v[d].name) == 0 && strcmp(t.home, v[d].home) == 0)
                    break;
            if (d < n) {
                if (strcmp(ex->region, t.home) == 0 && strcmp(v[d].ex->region, t.home) != 0)
                    v[d] = t;
                continue;
            }
            v = cwf_xrealloc(v, (n + 1) * sizeof *v);
            v[n++] = t;
        }
    }
    *out = v;
    return n;
}

static char *trail_ptr(const trail *t, const char *field)
{
    if (field && json_object_get(t->j, field))
        return cwf_xasprintf("/trailList/%zu/%s", t->idx, field);
    return cwf_xasprintf("/trailList/%zu", t->idx);
}

/* Step 2: the log group from arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME:*. */
static void step2(branch *b, const trail *t)
{
    const char *arn = str(t->j, "CloudWatchLogsLogGroupArn");
    cite(b, 2, t->ex, trail_ptr(t, "CloudWatchLogsLogGroupArn"));
    if (!arn || !arn[0]) {
        say(b, 2, CWF_AUDIT_FAIL, "trail %s sends its events to no CloudWatch Logs log group "
            "(it has no CloudWatchLogsLogGroupArn)", t->name);
        return;
    }
    cwf_arn a;
    const char *p = NULL;
    size_t n = 0;
    if (cwf_arn_parse(arn, &a) && str_is(a.service, "logs") &&
        a.resource.len > 10 && strncmp(a.resource.p, "log-group:", 10) == 0) {
        p = a.resource.p + 10;
        const char *colon = memchr(p, ':', a.resource.len - 10);
        n = colon ? (size_t)(colon - p) : a.resource.len - 10;
    }
    loggroup *lg = &b->lg;
    if (!p || n == 0 || !copy(lg->name, sizeof lg->name, p, n) ||
        !copy(lg->partition, sizeof lg->partition, a.partition.p, a.partition.len) ||
        !copy(lg->region, sizeof lg->region, a.region.p, a.region.len) ||
        !copy(lg->account, sizeof lg->account, a.account.p, a.account.len)) {
        say(b, 2, CWF_AUDIT_UNKNOWN, "cannot read a log group name from the "
            "CloudWatchLogsLogGroupArn %s of trail %s", arn, t->name);
        return;
    }
    b->has_lg = true;
    say(b, 2, CWF_AUDIT_PASS, "it sends its events to log group %s (%s)", lg->name, lg->region);
}

/* ---- steps 3 and 4: the trail's status and event selectors ------------------------ */

static const cwf_export *status_of(const cwf_bundle *bd, const trail *t)
{
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        if (ex->kind == CWF_EX_TRAIL_STATUS && strcmp(ex->object, t->name) == 0 &&
            same(ex->account, t->account) && same(ex->region, t->home))
            return ex;
    }
    return NULL;
}

static const cwf_export *selectors_of(const cwf_bundle *bd, const trail *t)
{
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        if (ex->kind != CWF_EX_EVENT_SELECTORS)
            continue;
        const char *arn = str(ex->doc, "TrailARN");
        if (arn ? eq(arn, t->arn)
                : strcmp(ex->object, t->name) == 0 && same(ex->account, t->account) &&
                  same(ex->region, t->home))
            return ex;
    }
    return NULL;
}

/* The trail as the CLI names it: its ARN, else its name. */
static const char *trail_id(const trail *t)
{
    return t->arn ? t->arn : t->name;
}

static void step3(branch *b, const ctx *c, const trail *t)
{
    const cwf_export *ex = status_of(c->b, t);
    if (!ex) {
        cite(b, 3, t->ex, trail_ptr(t, NULL));
        say(b, 3, CWF_AUDIT_UNKNOWN, "the bundle has no get-trail-status output for trail %s",
            t->name);
        needs(b, 3, "aws cloudtrail get-trail-status --region %s --name %s", t->home, trail_id(t));
        owner_elsewhere(b, 3, t->account, c->account);
        return;
    }
    cite(b, 3, ex, cwf_xstrdup("/IsLogging"));
    if (flag(ex->doc, "IsLogging", false)) {
        say(b, 3, CWF_AUDIT_PASS, "it is logging");
    } else {
        say(b, 3, CWF_AUDIT_FAIL, "trail %s is not logging (IsLogging false)", t->name);
        if (t->multi)
            head(b, 3, "trail %s is multi-region but not logging", t->name);
    }
    const char *err = str(ex->doc, "LatestCloudWatchLogsDeliveryError");
    if (err && err[0])
        note(b, CWF_R_AUDIT_NOTE, ex, cwf_xstrdup("/LatestCloudWatchLogsDeliveryError"),
             "trail %s reports a CloudWatch Logs delivery error: %s", t->name, err);
}

/* Whether the control's requirement names an event source. */
static bool rule_watches(const cwf_bench_rule *r, const char *source)
{
    return r && r->requirement && source && source[0] && strstr(r->requirement, source);
}

/* The management events one advanced selector records: *read, *write, and
 * what narrows it (a field other than eventCategory, readOnly, or eventSource
 * exclusions), or NULL.  Returns false if it selects no management events. */
static bool advanced_mgmt(const json_t *sel, bool *read, bool *write, const char **narrow,
                          const json_t **excluded)
{
    bool mgmt = false;
    *read = *write = true;
    *narrow = NULL;
    *excluded = NULL;
    const json_t *fs;
    size_t i;
    json_array_foreach(json_object_get(sel, "FieldSelectors"), i, fs) {
        const char *field = str(fs, "Field");
        const json_t *equals = json_object_get(fs, "Equals");
        const json_t *not_equals = json_object_get(fs, "NotEquals");
        if (eq(field, "eventCategory")) {
            const json_t *v;
            size_t k;
            json_array_foreach(equals, k, v)
                mgmt |= eq(json_string_value(v), "Management");
        } else if (eq(field, "readOnly")) {
            bool t = false, f = false;
            const json_t *v;
            size_t k;
            json_array_foreach(equals, k, v) {
                t |= eq(json_string_value(v), "true");
                f |= eq(json_string_value(v), "false");
            }
            json_array_foreach(not_equals, k, v) {
                if (eq(json_string_value(v), "true"))
                    f = true;
                if (eq(json_string_value(v), "false"))
                    t = true;
            }
            if (t || f) {
                *read = t;
                *write = f;
            }
        } else if (eq(field, "eventSource") && not_equals && !equals &&
                   !json_object_get(fs, "StartsWith") && !json_object_get(fs, "EndsWith") &&
                   !json_object_get(fs, "NotStartsWith") && !json_object_get(fs, "NotEndsWith")) {
            *excluded = not_equals;
        } else if (!*narrow) {
            *narrow = field ? field : "?";
        }
    }
    return mgmt;
}

/* Notes the event sources a trail excludes; true if the control watches one. */
static bool excluded_sources(branch *b, const ctx *c, const cwf_export *ex, char *pointer,
                             const trail *t, const json_t *list)
{
    bool hit = false;
    const json_t *v;
    size_t k;
    json_array_foreach(list, k, v) {
        const char *src = json_string_value(v);
        if (!src)
            continue;
        if (rule_watches(c->rule, src)) {
            say(b, 4, CWF_AUDIT_FAIL, "trail %s excludes the management events of %s, "
                "which this control watches", t->name, src);
            hit = true;
        } else {
            note(b, CWF_R_AUDIT_NOTE, ex, cwf_xstrdup(pointer),
                 "trail %s excludes the management events of %s", t->name, src);
        }
    }
    free(pointer);
    return hit;
}

static void step4_basic(branch *b, const ctx *c, const cwf_export *ex, const trail *t)
{
    const json_t *list = json_object_get(ex->doc, "EventSelectors"), *sel;
    size_t i, read = 0, write = 0, all = 0, any = 0;
    json_array_foreach(list, i, sel) {
        if (!flag(sel, "IncludeManagementEvents", true))
            continue;
        const char *rw = str(sel, "ReadWriteType");
        if (!rw || eq(rw, "All")) {
            if (!all)
                all = i + 1;
        } else if (eq(rw, "ReadOnly")) {
            if (!read)
                read = i + 1;
        } else if (eq(rw, "WriteOnly")) {
            if (!write)
                write = i + 1;
        }
        if (!any)
            any = i + 1;
    }
    if (all) {
        cite(b, 4, ex, cwf_xasprintf("/EventSelectors/%zu", all - 1));
        say(b, 4, CWF_AUDIT_PASS, "it records all management events (event selector %zu: "
            "ReadWriteType All)", all);
    } else if (read && write) {
        cite(b, 4, ex, cwf_xasprintf("/EventSelectors/%zu", read - 1));
        say(b, 4, CWF_AUDIT_PASS, "it records all management events (event selectors %zu "
            "and %zu: ReadOnly and WriteOnly)", read, write);
    } else if (read || write) {
        size_t k = read ? read : write;
        cite(b, 4, ex, cwf_xasprintf("/EventSelectors/%zu/ReadWriteType", k - 1));
        say(b, 4, CWF_AUDIT_FAIL, "trail %s records only %s management events (event selector "
            "%zu: ReadWriteType %s)", t->name, read ? "read-only" : "write-only", k,
            read ? "ReadOnly" : "WriteOnly");
    } else {
        cite(b, 4, ex, cwf_xstrdup(json_array_size(list) ? "/EventSelectors" : ""));
        say(b, 4, CWF_AUDIT_FAIL, "trail %s records no management events (%s)", t->name,
            json_array_size(list) ? "IncludeManagementEvents false" : "no event selectors");
    }
    if (b->s[3].verdict == CWF_AUDIT_PASS && any) {
        const json_t *src = json_object_get(json_array_get(list, (all ? all : read) - 1),
                                            "ExcludeManagementEventSources");
        excluded_sources(b, c, ex, cwf_xasprintf("/EventSelectors/%zu/ExcludeManagementEventSources",
                                                 (all ? all : read) - 1), t, src);
    }
}

static void step4_advanced(branch *b, const ctx *c, const cwf_export *ex, const trail *t)
{
    const json_t *list = json_object_get(ex->doc, "AdvancedEventSelectors"), *sel;
    size_t i, best = 0, narrowed = 0;
    bool read = false, write = false;
    const char *why = NULL;
    json_array_foreach(list, i, sel) {
        bool r, w;
        const char *narrow;
        const json_t *excl;
        if (!advanced_mgmt(sel, &r, &w, &narrow, &excl))
            continue;
        if (narrow) {
            if (!narrowed) {
                narrowed = i + 1;
                why = narrow;
            }
            continue;
        }
        if (!best || (r && w))
            best = i + 1;
        read |= r;
        write |= w;
    }
    const json_t *bs = best ? json_array_get(list, best - 1) : NULL;
    const char *name = bs ? str(bs, "Name") : NULL;
    char label[300];
    snprintf(label, sizeof label, "advanced event selector %s%s%s", name ? "\"" : "",
             name ? name : "", name ? "\"" : "");
    if (!name)
        snprintf(label, sizeof label, "advanced event selector %zu", best);
    if (read && write) {
        cite(b, 4, ex, cwf_xasprintf("/AdvancedEventSelectors/%zu", best - 1));
        say(b, 4, CWF_AUDIT_PASS, "it records all management events (%s: eventCategory "
            "Management, read and write)", label);
        bool r, w;
        const char *narrow;
        const json_t *excl;
        advanced_mgmt(bs, &r, &w, &narrow, &excl);
        if (excl)
            excluded_sources(b, c, ex, cwf_xasprintf("/AdvancedEventSelectors/%zu", best - 1),
                             t, excl);
    } else if (read || write) {
        cite(b, 4, ex, cwf_xasprintf("/AdvancedEventSelectors/%zu", best - 1));
        say(b, 4, CWF_AUDIT_FAIL, "trail %s records only %s management events (%s: readOnly "
            "%s)", t->name, read ? "read-only" : "write-only", label, read ? "true" : "false");
    } else if (narrowed) {
        cite(b, 4, ex, cwf_xasprintf("/AdvancedEventSelectors/%zu", narrowed - 1));
        say(b, 4, CWF_AUDIT_FAIL, "trail %s records management events only as far as advanced "
            "event selector %zu lets them through by %s", t->name, narrowed, why);
    } else {
        cite(b, 4, ex, cwf_xstrdup("/AdvancedEventSelectors"));
        say(b, 4, CWF_AUDIT_FAIL, "trail %s records no management events (no advanced event "
            "selector selects eventCategory Management)", t->name);
    }
}

static void step4(branch *b, const ctx *c, const trail *t)
{
    const cwf_export *ex = selectors_of(c->b, t);
    if (!ex) {
        cite(b, 4, t->ex, trail_ptr(t, NULL));
        say(b, 4, CWF_AUDIT_UNKNOWN, "the bundle has no get-event-selectors output for trail %s",
            t->name);
        needs(b, 4, "aws cloudtrail get-event-selectors --region %s --trail-name %s", t->home,
              trail_id(t));
        owner_elsewhere(b, 4, t->account, c->account);
        return;
    }
    b->sel = ex->doc;
    if (json_object_get(ex->doc, "AdvancedEventSelectors"))
        step4_advanced(b, c, ex, t);
    else
        step4_basic(b, c, ex, t);
    /* Every failure above reads "trail NAME ...". */
    const char *txt = b->s[3].text;
    size_t nl = strlen(t->name);
    if (b->s[3].verdict == CWF_AUDIT_FAIL && b->s[2].verdict == CWF_AUDIT_PASS &&
        strncmp(txt, "trail ", 6) == 0 && strncmp(txt + 6, t->name, nl) == 0 && txt[6 + nl] == ' ')
        head(b, 4, "trail %s is logging, but %s", t->name, txt + 7 + nl);
}

/* ---- step 5: the metric filter ----------------------------------------------------- */

/* The cases of a rule, in the plural: "event names", else "cases". */
static void plural(const cwf_bench_rule *r, char *out, size_t cap)
{
    snprintf(out, cap, "%ss", r->unit ? r->unit : "case");
}

static proved *prove_filter(ctx *c, const json_t *f)
{
    for (size_t i = 0; i < c->npv; i++)
        if (c->pv[i].filter == f && c->pv[i].rule == c->rule)
            return &c->pv[i];
    c->pv = cwf_xrealloc(c->pv, (c->npv + 1) * sizeof *c->pv);
    proved *pv = &c->pv[c->npv++];
    memset(pv, 0, sizeof *pv);
    pv->filter = f;
    pv->rule = c->rule;
    const char *name = str(f, "filterName");
    const char *text = str(f, "filterPattern");
    if (!name)
        name = "(unnamed)";
    if (!text)
        text = "";
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, strlen(text), &a, &d);
    if (!p || cwf_diags_count(&d, CWF_ERROR) > 0) {
        const char *why = "a syntax error";
        for (size_t i = 0; i < d.n; i++)
            if (d.v[i].severity == CWF_ERROR) {
                why = d.v[i].message;
                break;
            }
        pv->v = CWF_AUDIT_UNKNOWN;
        pv->text = cwf_xasprintf("cwfilter cannot read the pattern of filter %s (%s), so it "
                                 "cannot tell what it covers", name, why);
        cwf_diags_free(&d);
        cwf_arena_free(&a);
        return pv;
    }
    cwf_judge_rule jr = {c->rule, NULL, NULL};
    const cwf_proof pr = *cwf_judge_prove(c->jc, &jr, p, text, strlen(text), true);
    cwf_verdict v = pr.verdict;
    pv->ncases = pr.ncases;
    for (size_t i = 0; i < pr.ncases; i++)
        pv->ncovered += pr.cases[i].covered;
    char noun[64];
    plural(c->rule, noun, sizeof noun);
    if (v == CWF_COVERS) {
        pv->v = CWF_AUDIT_PASS;
        if (pr.ncases == 2)
            pv->text = cwf_xasprintf("filter %s covers both %s", name, noun);
        else if (pr.ncases > 2)
            pv->text = cwf_xasprintf("filter %s covers all %zu %s", name, pr.ncases, noun);
        else
            pv->text = cwf_xasprintf("filter %s covers the control", name);
    } else if (v == CWF_NOT_COVERED) {
        pv->v = CWF_AUDIT_FAIL;
        cwf_buf t = CWF_BUF_INIT;
        if (pr.ncases > 1) {
            /* The missing cases, and the narrowing condition they share. */
            const char **miss = cwf_xcalloc(pr.ncases, sizeof *miss);
            size_t nm = 0;
            const char *res = NULL;
            bool one = true;
            for (size_t i = 0; i < pr.ncases; i++) {
                if (pr.cases[i].covered)
                    continue;
                const char *r = pr.cases[i].residual;
                miss[nm++] = pr.cases[i].label;
                if (nm == 1)
                    res = r;
                else if (!eq(res, r))
                    one = false;
                pv->named += pr.cases[i].label && strstr(text, pr.cases[i].label);
            }
            one &= res && !eq(res, "false");
            cwf_buf_printf(&t, "the pattern of filter %s covers %zu of %zu %s: ", name,
                           pr.ncases - nm, pr.ncases, noun);
            if (nm == pr.ncases && one) {
                cwf_buf_printf(&t, "each is matched only when %s", res);
            } else {
                and_list(&t, miss, nm);
                cwf_buf_puts(&t, nm == 1 ? " is missing" : " are missing");
                if (one)
                    cwf_buf_printf(&t, " (%s matched only when %s)", nm == 1 ? "it is" : "each is",
                                   res);
            }
            free(miss);
        } else {
            const char *reason = pr.ncases == 1 && pr.cases[0].reason ? pr.cases[0].reason
                                                                    : pr.reason;
            cwf_buf_printf(&t, "the pattern of filter %s does not cover the control", name);
            if (reason)
                cwf_buf_printf(&t, ": %s", reason);
        }
        pv->text = cwf_buf_take(&t);
    } else {
        pv->v = CWF_AUDIT_UNKNOWN;
        pv->text = cwf_xasprintf("cwfilter cannot decide whether filter %s covers the control%s%s",
                                 name, pr.reason ? ": " : "", pr.reason ? pr.reason : "");
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return pv;
}

/* A metric filter in the bundle: its export and index. */
typedef struct mfilter {
    const cwf_export *ex;
    size_t idx;
    const json_t *j;
} mfilter;

/* The filters of the log group, each once; *known: whether some export
 * tells what filters the log group has. */
static size_t filters_of(const cwf_bundle *bd, const loggroup *lg, mfilter **out, bool *known)
{
    mfilter *v = NULL;
    size_t n = 0;
    *known = false;
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        if (ex->kind != CWF_EX_METRIC_FILTERS || !same(ex->account, lg->account) ||
            !same(ex->region, lg->region))
            continue;
        if (strcmp(ex->object, lg->name) == 0)
            *known = true;
        const json_t *f;
        size_t k;
        json_array_foreach(json_object_get(ex->doc, "metricFilters"), k, f) {
            if (!eq(str(f, "logGroupName"), lg->name))
                continue;
            *known = true;
            size_t d;
            for (d = 0; d < n; d++)
                if (eq(str(v[d].j, "filterName"), str(f, "filterName")))
                    break;
            if (d < n)
                continue;
            v = cwf_xrealloc(v, (n + 1) * sizeof *v);
            v[n++] = (mfilter){ex, k, f};
        }
    }
    *out = v;
    return n;
}

/* A filter elsewhere in the account that covers the control, for the
 * message of a log group without one. */
static const json_t *covering_elsewhere(ctx *c, const loggroup *lg)
{
    for (size_t i = 0; i < c->b->n; i++) {
        const cwf_export *ex = &c->b->v[i];
        if (ex->kind != CWF_EX_METRIC_FILTERS || !same(ex->account, lg->account))
            continue;
        const json_t *f;
        size_t k;
        json_array_foreach(json_object_get(ex->doc, "metricFilters"), k, f)
            if (!eq(str(f, "logGroupName"), lg->name) && prove_filter(c, f)->v == CWF_AUDIT_PASS)
                return f;
    }
    return NULL;
}

/* ---- step 6: the alarm ----------------------------------------------------------------- */

/* Whether the alarm watches namespace/metric: directly, or through a
 * metric-math query. */
static bool alarm_on(const json_t *a, const char *ns, const char *metric)
{
    if (eq(str(a, "MetricName"), metric) && eq(str(a, "Namespace"), ns))
        return true;
    const json_t *q;
    size_t i;
    json_array_foreach(json_object_get(a, "Metrics"), i, q) {
        const json_t *m = json_object_get(json_object_get(q, "MetricStat"), "Metric");
        if (eq(str(m, "MetricName"), metric) && eq(str(m, "Namespace"), ns))
            return true;
    }
    return false;
}

/* The account and region of an alarm: its ARN, else its export's place. */
static void alarm_place(const cwf_export *ex, const json_t *a, char *acc, char *reg)
{
    cwf_arn arn;
    acc[0] = reg[0] = '\0';
    if (cwf_arn_parse(str(a, "AlarmArn"), &arn) &&
        copy(acc, 32, arn.account.p, arn.account.len) && copy(reg, 32, arn.region.p, arn.region.len))
        return;
    copy(acc, 32, ex->account, strlen(ex->account));
    copy(reg, 32, ex->region, strlen(ex->region));
}

/* Whether an action ARN is an SNS topic; fills its parts. */
static bool sns_topic(const char *s, cwf_arn *a)
{
    return cwf_arn_parse(s, a) && str_is(a->service, "sns") && a->resource.len > 0 &&
           !memchr(a->resource.p, ':', a->resource.len);
}

/* An alarm field as a value of the chain model (chain.h): its handle is
 * the field's name, which alarm_notes turns into a JSON pointer. */
static cwf_chain_val field(const json_t *a, const char *key, char *buf, size_t cap)
{
    const json_t *v = json_object_get(a, key);
    cwf_chain_val r = {NULL, true, key};
    if (json_is_string(v))
        r.s = json_string_value(v);
    else if (json_is_boolean(v))
        r.s = json_is_true(v) ? "true" : "false";
    else if (json_is_number(v) && snprintf(buf, cap, "%.17g", json_number_value(v)) > 0)
        r.s = buf;
    return r;
}

/* The alarm sanity notes: can it fire for one event, are its actions on;
 * judged by the chain's judge (chain.h), cited in the export. */
static void alarm_notes(branch *b, const cwf_export *ex, size_t idx, const json_t *a,
                        const json_t *xf)
{
    char bt[40], bp[40], bd[40];
    cwf_chain_alarm al = {0};
    al.name = str(a, "AlarmName") ? str(a, "AlarmName") : "(unnamed)";
    al.enabled = field(a, "ActionsEnabled", NULL, 0);
    al.stat = field(a, "Statistic", NULL, 0);
    al.ext = field(a, "ExtendedStatistic", NULL, 0);
    al.op = field(a, "ComparisonOperator", NULL, 0);
    al.threshold = field(a, "Threshold", bt, sizeof bt);
    al.periods = field(a, "EvaluationPeriods", bp, sizeof bp);
    al.datapoints = field(a, "DatapointsToAlarm", bd, sizeof bd);
    al.missing = field(a, "TreatMissingData", NULL, 0);
    al.math = json_object_get(a, "Metrics") != NULL;
    const char *mv = str(xf, "metricValue");
    cwf_chain_findings cf = {0};
    cwf_chain_alarm_sanity(&al, mv ? mv : "", &cf);
    for (size_t i = 0; i < cf.n; i++)
        note(b, cf.v[i].rule, ex, cwf_xasprintf("/MetricAlarms/%zu/%s", idx,
                                                (const char *)cf.v[i].where),
             "%s", cf.v[i].message);
    cwf_chain_findings_free(&cf);
}

/* ---- step 7: the topic's subscriptions ------------------------------------------------ */

/* Judges step 7 for one topic. */
static void step7(branch *b, const cwf_bundle *bd, const char *topic, const cwf_export *aex,
                  size_t aidx, size_t actidx)
{
    cwf_arn t;
    sns_topic(topic, &t);
    /* Set first: step 6 names the topic even when step 7 cannot read it. */
    b->topic = topic;
    char tname[300], tacc[32], treg[32];
    if (!copy(tname, sizeof tname, t.resource.p, t.resource.len) ||
        !copy(tacc, sizeof tacc, t.account.p, t.account.len) ||
        !copy(treg, sizeof treg, t.region.p, t.region.len)) {
        cite(b, 7, aex, cwf_xasprintf("/MetricAlarms/%zu/AlarmActions/%zu", aidx, actidx));
        say(b, 7, CWF_AUDIT_UNKNOWN, "cannot read the topic ARN %s", topic);
        return;
    }
    size_t confirmed = 0, pending = 0, other = 0, first = 0;
    const cwf_export *where = NULL;
    cwf_buf protos = CWF_BUF_INIT;
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        if (ex->kind != CWF_EX_SUBSCRIPTIONS)
            continue;
        const json_t *list = json_object_get(ex->doc, "Subscriptions"), *s;
        bool mine = strcmp(ex->object, tname) == 0 && same(ex->account, tacc) && same(ex->region, treg);
        size_t k;
        json_array_foreach(list, k, s) {
            if (!eq(str(s, "TopicArn"), topic))
                continue;
            mine = true;
            const char *sa = str(s, "SubscriptionArn");
            if (sa && strncmp(sa, "arn:", 4) == 0) {
                if (!confirmed++)
                    first = k;
                const char *p = str(s, "Protocol");
                if (p && !strstr(cwf_buf_str(&protos), p))
                    cwf_buf_printf(&protos, "%s%s", protos.len ? ", " : "", p);
            } else if (eq(sa, "PendingConfirmation")) {
                pending++;
            } else {
                other++;
            }
        }
        if (mine && !where)
            where = ex;
    }
    if (!where) {
        cite(b, 7, aex, cwf_xasprintf("/MetricAlarms/%zu/AlarmActions/%zu", aidx, actidx));
        say(b, 7, CWF_AUDIT_UNKNOWN, "the bundle has no list-subscriptions-by-topic output for "
            "topic %s", tname);
        needs(b, 7, "aws sns list-subscriptions-by-topic --region %s --topic-arn %s", treg, topic);
        cwf_buf_free(&protos);
        return;
    }
    b->pending = pending > 0;
    if (confirmed) {
        cite(b, 7, where, cwf_xasprintf("/Subscriptions/%zu", first));
        say(b, 7, CWF_AUDIT_PASS, "topic %s has %zu confirmed subscription%s (%s)", tname,
            confirmed, confirmed == 1 ? "" : "s", cwf_buf_str(&protos));
    } else {
        cite(b, 7, where, cwf_xstrdup("/Subscriptions"));
        if (pending && !other)
            say(b, 7, CWF_AUDIT_FAIL, "topic %s has only %s", tname,
                pending == 1 ? "a PendingConfirmation subscription"
                             : "PendingConfirmation subscriptions");
        else if (pending || other)
            say(b, 7, CWF_AUDIT_FAIL, "topic %s has no confirmed subscription (%zu pending, "
                "%zu deleted)", tname, pending, other);
        else
            say(b, 7, CWF_AUDIT_FAIL, "topic %s has no subscriptions", tname);
    }
    cwf_buf_free(&protos);
}

/* Steps 6 and 7 for one alarm on the metric. */
static void alarm_branch(branch *b, const cwf_bundle *bd, const cwf_export *ex, size_t idx,
                         const json_t *a, const char *metric)
{
    const char *name = str(a, "AlarmName");
    if (!name)
        name = "(unnamed)";
    b->alarm = a;
    alarm_notes(b, ex, idx, a, b->xf);
    const json_t *acts = json_object_get(a, "AlarmActions"), *act;
    if (json_array_size(acts) == 0) {
        cite(b, 6, ex, cwf_xasprintf("/MetricAlarms/%zu", idx));
        say(b, 6, CWF_AUDIT_FAIL, "alarm %s on metric %s has no alarm actions", name, metric);
        return;
    }
    size_t k, ntopics = 0;
    bool have = false;
    branch best;
    branch_init(&best);
    json_array_foreach(acts, k, act) {
        cwf_arn t;
        if (!sns_topic(json_string_value(act), &t))
            continue;
        ntopics++;
        branch cand;
        branch_init(&cand);
        step7(&cand, bd, json_string_value(act), ex, idx, k);
        keep_better(&best, &have, &cand);
    }
    if (!ntopics) {
        cite(b, 6, ex, cwf_xasprintf("/MetricAlarms/%zu/AlarmActions", idx));
        say(b, 6, CWF_AUDIT_FAIL, "alarm %s on metric %s notifies no SNS topic (its actions: %s)",
            name, metric, json_string_value(json_array_get(acts, 0)));
        return;
    }
    cwf_arn t;
    sns_topic(best.topic, &t);
    cite(b, 6, ex, cwf_xasprintf("/MetricAlarms/%zu", idx));
    say(b, 6, CWF_AUDIT_PASS, "alarm %s on metric %s notifies topic %.*s", name, metric,
        (int)t.resource.len, t.resource.p);
    b->topic = best.topic;
    b->pending = best.pending;
    take_steps(b, &best, 7, 7);
    branch_free(&best);
}

/* How likely alarm a was meant for metric m of filter fname: 3 it watches
 * m in another namespace, 2 it watches a metric named after the filter, 1
 * its name contains m; else 0. */
static int near_miss(const json_t *a, const char *m, const char *fname)
{
    const char *am = str(a, "MetricName"), *an = str(a, "AlarmName");
    if (eq(am, m))
        return 3;
    if (eq(am, fname))
        return 2;
    return an && strstr(an, m) ? 1 : 0;
}

/* An alarm on namespace/metric elsewhere in the bundle (the log group's
 * account first), for the message when none watches it where the filter
 * publishes it; fills its place. */
static const json_t *elsewhere(const cwf_bundle *bd, const loggroup *lg, const char *ns,
                               const char *m, char *acc, char *reg)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < bd->n; i++) {
            const json_t *a;
            size_t k;
            if (bd->v[i].kind == CWF_EX_ALARMS)
                json_array_foreach(json_object_get(bd->v[i].doc, "MetricAlarms"), k, a) {
                    alarm_place(&bd->v[i], a, acc, reg);
                    if (alarm_on(a, ns, m) && (pass || strcmp(acc, lg->account) == 0))
                        return a;
                }
        }
    return NULL;
}

/* Steps 6 and 7 for a filter's metric. */
static void step6(branch *b, ctx *c, const cwf_export *fex, size_t fidx)
{
    const json_t *f = b->filter;
    const json_t *xf = json_array_get(json_object_get(f, "metricTransformations"), 0);
    const char *fname = str(f, "filterName");
    b->xf = xf;
    const char *ns = str(xf, "metricNamespace"), *m = str(xf, "metricName");
    if (!ns || !m) {
        cite(b, 6, fex, cwf_xasprintf("/metricFilters/%zu", fidx));
        say(b, 6, CWF_AUDIT_FAIL, "filter %s publishes no metric (no metricTransformations)",
            fname ? fname : "(unnamed)");
        return;
    }
    char metric[600];
    snprintf(metric, sizeof metric, "%s/%s", ns, m);
    if (json_object_get(xf, "dimensions") && json_object_size(json_object_get(xf, "dimensions")))
        note(b, CWF_R_AUDIT_NOTE, fex, cwf_xasprintf("/metricFilters/%zu/metricTransformations/0/dimensions", fidx),
             "filter %s publishes %s with dimensions: an alarm watches one combination of "
             "their values, so it may see only some of the events", fname, metric);
    bool known = false, have = false;
    const cwf_export *seen = NULL;
    branch best;
    branch_init(&best);
    const json_t *near = NULL;
    int nearq = 0;
    for (size_t i = 0; i < c->b->n; i++) {
        const cwf_export *ex = &c->b->v[i];
        if (ex->kind != CWF_EX_ALARMS || !same(ex->account, b->lg.account) ||
            !same(ex->region, b->lg.region))
            continue;
        known = true;
        if (!seen)
            seen = ex;
        const json_t *a;
        size_t k;
        json_array_foreach(json_object_get(ex->doc, "MetricAlarms"), k, a) {
            char acc[32], reg[32];
            alarm_place(ex, a, acc, reg);
            if (!same(acc, b->lg.account) || !same(reg, b->lg.region))
                continue;
            if (!alarm_on(a, ns, m)) {
                int q = near_miss(a, m, fname);
                if (q > nearq) {
                    near = a;
                    nearq = q;
                }
                continue;
            }
            branch cand;
            branch_init(&cand);
            cand.xf = xf;
            alarm_branch(&cand, c->b, ex, k, a, metric);
            keep_better(&best, &have, &cand);
        }
    }
    if (!known) {
        cite(b, 6, fex, cwf_xasprintf("/metricFilters/%zu/metricTransformations/0", fidx));
        say(b, 6, CWF_AUDIT_UNKNOWN, "the bundle has no describe-alarms output for %s",
            b->lg.region);
        needs(b, 6, "aws cloudwatch describe-alarms --region %s", b->lg.region);
        owner_elsewhere(b, 6, b->lg.account, c->account);
        return;
    }
    if (!have) {
        cite(b, 6, seen, cwf_xstrdup("/MetricAlarms"));
        char acc[32], reg[32];
        const json_t *away = elsewhere(c->b, &b->lg, ns, m, acc, reg);
        if (away) {
            bool mine = strcmp(acc, b->lg.account) == 0;
            say(b, 6, CWF_AUDIT_FAIL, "no alarm in %s uses metric %s (alarm %s watches it in %s%s%s, "
                "but filter %s publishes it in %s)", b->lg.region, metric,
                str(away, "AlarmName") ? str(away, "AlarmName") : "(unnamed)",
                mine ? "" : "account ", mine ? "" : acc, mine ? reg : "", fname ? fname : "(unnamed)",
                b->lg.region);
        } else if (near) {
            const char *nn = str(near, "Namespace"), *nm = str(near, "MetricName");
            say(b, 6, CWF_AUDIT_FAIL, "no alarm uses metric %s (alarm %s uses %s/%s)", metric,
                str(near, "AlarmName") ? str(near, "AlarmName") : "(unnamed)",
                nn ? nn : "?", nm ? nm : "?");
        } else {
            say(b, 6, CWF_AUDIT_FAIL, "no alarm uses metric %s", metric);
        }
        if (b->s[4].verdict == CWF_AUDIT_PASS)
            head(b, 6, "%s, but no alarm uses metric %s", b->s[4].text, metric);
        /* An alarm evidently meant for this metric is the one to correct. */
        if (near && nearq >= 2) {
            const json_t *act;
            size_t k;
            b->alarm = near;
            json_array_foreach(json_object_get(near, "AlarmActions"), k, act) {
                cwf_arn t;
                if (!b->topic && sns_topic(json_string_value(act), &t))
                    b->topic = json_string_value(act);
            }
        }
        return;
    }
    b->alarm = best.alarm;
    b->topic = best.topic;
    b->pending = best.pending;
    take_steps(b, &best, 6, 7);
    branch_free(&best);
    if (b->s[5].verdict == CWF_AUDIT_FAIL && b->s[4].verdict == CWF_AUDIT_PASS)
        head(b, 6, "%s, but %s", b->s[4].text, b->s[5].text);
}

/* Steps 5 to 7 on the branch's log group. */
static void step5(branch *b, ctx *c)
{
    mfilter *fs;
    bool known;
    size_t n = filters_of(c->b, &b->lg, &fs, &known);
    if (!known) {
        cite(b, 5, b->t->ex, trail_ptr(b->t, "CloudWatchLogsLogGroupArn"));
        say(b, 5, CWF_AUDIT_UNKNOWN, "the bundle has no describe-metric-filters output for log "
            "group %s", b->lg.name);
        needs(b, 5, "aws logs describe-metric-filters --region %s --log-group-name %s",
              b->lg.region, b->lg.name);
        owner_elsewhere(b, 5, b->lg.account, c->account);
        free(fs);
        return;
    }
    if (n == 0) {
        const cwf_export *where = NULL;
        for (size_t i = 0; i < c->b->n && !where; i++) {
            const cwf_export *ex = &c->b->v[i];
            if (ex->kind == CWF_EX_METRIC_FILTERS && strcmp(ex->object, b->lg.name) == 0 &&
                same(ex->account, b->lg.account) && same(ex->region, b->lg.region))
                where = ex;
        }
        cite(b, 5, where, cwf_xstrdup("/metricFilters"));
        say(b, 5, CWF_AUDIT_FAIL, "log group %s has no metric filters", b->lg.name);
        const json_t *other = covering_elsewhere(c, &b->lg);
        if (other)
            head(b, 5, "%s, but it watches log group %s, not %s, the log group of trail %s",
                 prove_filter(c, other)->text, str(other, "logGroupName"), b->lg.name,
                 b->t->name);
        free(fs);
        return;
    }
    /* The judge's pick among the filters breaks ties between branches that
     * cover as many cases and name as many (near misses, then position). */
    cwf_arena ja = CWF_ARENA_INIT;
    cwf_judge_filter *jf = cwf_xcalloc(n + 1, sizeof *jf);
    for (size_t i = 0; i < n; i++) {
        const char *t = str(fs[i].j, "filterPattern");
        t = t ? t : "";
        cwf_diags d = CWF_DIAGS_INIT;
        cwf_pattern *p = cwf_parse(t, strlen(t), &ja, &d);
        jf[i] = (cwf_judge_filter){p && cwf_diags_count(&d, CWF_ERROR) == 0 ? p : NULL, t,
                                   strlen(t), true, 0};
        cwf_diags_free(&d);
    }
    cwf_judge_rule jr = {c->rule, NULL, NULL};
    cwf_judgement jg;
    cwf_judge(&jr, jf, n, CWF_EXPLAIN_NEVER, c->jc, &jg);
    bool have = false;
    branch best;
    branch_init(&best);
    for (size_t i = 0; i < n; i++) {
        branch cand;
        branch_init(&cand);
        cand.t = b->t;
        cand.lg = b->lg;
        cand.has_lg = true;
        cand.filter = fs[i].j;
        proved *pv = prove_filter(c, fs[i].j);
        cite(&cand, 5, fs[i].ex, cwf_xasprintf("/metricFilters/%zu/filterPattern", fs[i].idx));
        say(&cand, 5, pv->v, "%s", pv->text);
        cand.covered = (int)pv->ncovered;
        cand.score = (int)(2 * (2 * pv->ncovered + pv->named) + (i == jg.best));
        cand.ncases = (int)pv->ncases;
        step6(&cand, c, fs[i].ex, fs[i].idx);
        keep_better(&best, &have, &cand);
    }
    cwf_judgement_free(&jg);
    free(jf);
    cwf_arena_free(&ja);
    free(fs);
    if (best.s[4].verdict == CWF_AUDIT_FAIL) {
        const json_t *other = covering_elsewhere(c, &b->lg);
        if (other)
            note(&best, CWF_R_AUDIT_NOTE, NULL, NULL, "filter %s on log group %s covers the "
                 "control, but trail %s sends its events to %s", str(other, "filterName"),
                 str(other, "logGroupName"), b->t->name, b->lg.name);
    }
    b->filter = best.filter;
    b->xf = best.xf;
    b->alarm = best.alarm;
    b->topic = best.topic;
    b->pending = best.pending;
    b->covered = best.covered;
    b->score = best.score;
    b->ncases = best.ncases;
    take_steps(b, &best, 5, 7);
    branch_free(&best);
}

/* ---- remediation ------------------------------------------------------------------ */

static void add_fix(cwf_audit_result *r, char *cmd)
{
    for (size_t i = 0; i < r->nfix; i++)
        if (strcmp(r->fix[i], cmd) == 0) {
            free(cmd);
            return;
        }
    r->fix = cwf_xrealloc(r->fix, (r->nfix + 1) * sizeof *r->fix);
    r->fix[r->nfix++] = cmd;
}

/* Appends " \\\n    --opt VALUE" with VALUE quoted for the shell. */
static void opt(cwf_buf *b, const char *name, const char *value)
{
    cwf_buf_printf(b, " \\\n    %s ", name);
    cwf_shell_quote(b, value);
}

/* Appends " \\\n    --opt V1 V2 ..." for a non-empty array of strings. */
static void opt_list(cwf_buf *b, const char *name, const json_t *list)
{
    const json_t *v;
    size_t i;
    if (json_array_size(list) == 0)
        return;
    cwf_buf_printf(b, " \\\n    %s", name);
    json_array_foreach(list, i, v) {
        cwf_buf_putc(b, ' ');
        cwf_shell_quote(b, json_string_value(v) ? json_string_value(v) : "");
    }
}

/* Appends " \\\n    --opt N" for a number field that is there. */
static void opt_num(cwf_buf *b, const char *name, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_number(v))
        cwf_buf_printf(b, " \\\n    %s %.17g", name, json_number_value(v));
}

/* Appends " \\\n    --opt S" for a string field that is there. */
static void opt_str(cwf_buf *b, const char *name, const json_t *o, const char *key)
{
    if (str(o, key))
        opt(b, name, str(o, key));
}

/* Appends " \\\n    --opt JSON" for a non-empty array field, as compact JSON. */
static void opt_json(cwf_buf *b, const char *name, const json_t *v)
{
    if (json_array_size(v) == 0)
        return;
    char *j = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    opt(b, name, j ? j : "[]");
    free(j);
}

/* Whether an alarm named name is in the bundle's describe-alarms outputs
 * of the log group's account and region. */
static bool alarm_named(const cwf_bundle *bd, const loggroup *lg, const char *name)
{
    for (size_t i = 0; i < bd->n; i++) {
        const json_t *a;
        size_t k;
        char acc[32], reg[32];
        if (bd->v[i].kind == CWF_EX_ALARMS)
            json_array_foreach(json_object_get(bd->v[i].doc, "MetricAlarms"), k, a) {
                alarm_place(&bd->v[i], a, acc, reg);
                if (eq(str(a, "AlarmName"), name) && same(acc, lg->account) && same(reg, lg->region))
                    return true;
            }
    }
    return false;
}

/* The first setting that put-metric-alarm needs and the alarm a lacks, or
 * NULL. */
static const char *missing_setting(const json_t *a)
{
    bool math = json_object_get(a, "Metrics") != NULL;
    if (!math && !str(a, "Statistic") && !str(a, "ExtendedStatistic"))
        return "Statistic";
    if (!math && !json_is_number(json_object_get(a, "Period")))
        return "Period";
    if (!json_is_number(json_object_get(a, "EvaluationPeriods")))
        return "EvaluationPeriods";
    if (!str(a, "ComparisonOperator"))
        return "ComparisonOperator";
    if (!json_is_number(json_object_get(a, "Threshold")) && !str(a, "ThresholdMetricId"))
        return "Threshold";
    return NULL;
}

/* Steps 6-7 fixed on the existing alarm a, so that it watches ns/metric
 * and notifies topic.  put-metric-alarm replaces a whole alarm, so every
 * setting of a in the export is carried over (description, the OK, alarm
 * and insufficient-data actions, statistic, dimensions, period, unit,
 * evaluation periods, datapoints to alarm, threshold, comparison, missing
 * data, low-sample percentile, metric-math queries, threshold metric id),
 * and a comment says so and what changes.  Read-only fields (ARN, state,
 * timestamps) are not settings; tags are not in the export, and
 * put-metric-alarm leaves those of an existing alarm alone.  False,
 * with nothing added, when a lacks a setting the command needs. */
static bool fix_alarm_in_place(cwf_audit_result *r, const loggroup *lg, const json_t *a, const char *ns, const char *metric,
                               const char *topic)
{
    const char *name = str(a, "AlarmName");
    if (!name || missing_setting(a))
        return false;
    bool math = json_object_get(a, "Metrics") != NULL;
    bool moved = !math && !alarm_on(a, ns, metric);
    const json_t *acts = json_object_get(a, "AlarmActions"), *act;
    bool has_topic = false;
    size_t i;
    json_array_foreach(acts, i, act)
        has_topic |= eq(json_string_value(act), topic);
    bool enable = !flag(a, "ActionsEnabled", true);
    bool drop_dims = moved && json_array_size(json_object_get(a, "Dimensions")) > 0;

    cwf_buf why = CWF_BUF_INIT;
    cwf_buf_printf(&why, "# alarm %s is updated in place: put-metric-alarm replaces a whole "
                   "alarm, so every setting that describe-alarms shows is carried over.", name);
    if (moved)
        cwf_buf_printf(&why, " It watches %s/%s instead of %s/%s%s.", ns, metric,
                       str(a, "Namespace") ? str(a, "Namespace") : "?",
                       str(a, "MetricName") ? str(a, "MetricName") : "?",
                       drop_dims ? " (without that metric's dimensions)" : "");
    if (!has_topic)
        cwf_buf_printf(&why, " Topic %s is added to its alarm actions.", topic);
    if (enable)
        cwf_buf_puts(&why, " Its actions are turned on (ActionsEnabled was false).");
    add_fix(r, cwf_buf_take(&why));

    cwf_buf cmd = CWF_BUF_INIT;
    cwf_buf_puts(&cmd, "aws cloudwatch put-metric-alarm");
    opt(&cmd, "--region", lg->region);
    opt(&cmd, "--alarm-name", name);
    opt_str(&cmd, "--alarm-description", a, "AlarmDescription");
    cwf_buf_puts(&cmd, " \\\n    --actions-enabled");
    opt_list(&cmd, "--ok-actions", json_object_get(a, "OKActions"));
    json_t *all = json_deep_copy(json_is_array(acts) ? acts : NULL);
    if (!all)
        all = json_array();
    if (!has_topic)
        json_array_append_new(all, json_string(topic));
    opt_list(&cmd, "--alarm-actions", all);
    json_decref(all);
    opt_list(&cmd, "--insufficient-data-actions", json_object_get(a, "InsufficientDataActions"));
    if (math) {
        opt_json(&cmd, "--metrics", json_object_get(a, "Metrics"));
    } else {
        opt(&cmd, "--metric-name", metric);
        opt(&cmd, "--namespace", ns);
        opt_str(&cmd, "--statistic", a, "Statistic");
        opt_str(&cmd, "--extended-statistic", a, "ExtendedStatistic");
        if (!moved)
            opt_json(&cmd, "--dimensions", json_object_get(a, "Dimensions"));
        opt_num(&cmd, "--period", a, "Period");
        opt_str(&cmd, "--unit", a, "Unit");
    }
    opt_num(&cmd, "--evaluation-periods", a, "EvaluationPeriods");
    opt_num(&cmd, "--datapoints-to-alarm", a, "DatapointsToAlarm");
    opt_num(&cmd, "--threshold", a, "Threshold");
    opt_str(&cmd, "--comparison-operator", a, "ComparisonOperator");
    opt_str(&cmd, "--treat-missing-data", a, "TreatMissingData");
    opt_str(&cmd, "--evaluate-low-sample-count-percentile", a, "EvaluateLowSampleCountPercentile");
    opt_str(&cmd, "--threshold-metric-id", a, "ThresholdMetricId");
    add_fix(r, cwf_buf_take(&cmd));
    return true;
}

/* Steps 6-7 fixed with a new alarm on ns/metric that notifies topic, named
 * base-alarm (with -2, -3, ... if an alarm of the bundle has that name, so
 * that no existing alarm is replaced).  old is the alarm that could not be
 * carried over, or NULL; the comment says why a new one is made. */
static void fix_new_alarm(cwf_audit_result *r, const cwf_bundle *bd, const loggroup *lg,
                          const json_t *old, const char *base, const char *ns, const char *metric,
                          const char *topic)
{
    char *name = cwf_xasprintf("%s-alarm", base);
    for (int n = 2; alarm_named(bd, lg, name) && n < 1000; n++) {
        free(name);
        name = cwf_xasprintf("%s-alarm-%d", base, n);
    }
    const char *oname = old ? str(old, "AlarmName") : NULL;
    if (old)
        add_fix(r, cwf_xasprintf("# alarm %s cannot be updated in place: describe-alarms shows "
                                 "%s%s, and put-metric-alarm would replace all of it. A new "
                                 "alarm %s is created instead; %s is left as it is.",
                                 oname ? oname : "(unnamed)",
                                 oname ? "no " : "no name", oname ? missing_setting(old) : "",
                                 name, oname ? oname : "the old one"));
    else if (strcmp(name + strlen(base), "-alarm") != 0)
        add_fix(r, cwf_xasprintf("# a new alarm %s: an alarm named %s-alarm exists already, and "
                                 "put-metric-alarm would replace it.", name, base));
    cwf_buf cmd = CWF_BUF_INIT;
    cwf_buf_puts(&cmd, "aws cloudwatch put-metric-alarm");
    opt(&cmd, "--region", lg->region);
    opt(&cmd, "--alarm-name", name);
    opt(&cmd, "--metric-name", metric);
    opt(&cmd, "--namespace", ns);
    cwf_buf_puts(&cmd, " \\\n    --statistic Sum --period 300 --threshold 1"
                       " \\\n    --comparison-operator GreaterThanOrEqualToThreshold"
                       " \\\n    --evaluation-periods 1");
    opt(&cmd, "--alarm-actions", topic);
    add_fix(r, cwf_buf_take(&cmd));
    free(name);
}

/* A name the remediation can use for something new: the rule id. */
static const char *new_name(const cwf_bench_rule *r)
{
    return r->id;
}

/* A topic in the log group's account and region that other alarms notify,
 * preferring one with a confirmed subscription; or NULL. */
static const char *some_topic(const cwf_bundle *bd, const loggroup *lg)
{
    const char *any = NULL;
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        if (ex->kind != CWF_EX_ALARMS || !same(ex->account, lg->account) || !same(ex->region, lg->region))
            continue;
        const json_t *a, *act;
        size_t k, m;
        json_array_foreach(json_object_get(ex->doc, "MetricAlarms"), k, a)
            json_array_foreach(json_object_get(a, "AlarmActions"), m, act) {
                cwf_arn t;
                const char *s = json_string_value(act);
                if (!sns_topic(s, &t) || !str_is(t.region, lg->region) || !str_is(t.account, lg->account))
                    continue;
                if (!any)
                    any = s;
                for (size_t j = 0; j < bd->n; j++) {
                    const json_t *sub;
                    size_t q;
                    if (bd->v[j].kind == CWF_EX_SUBSCRIPTIONS)
                        json_array_foreach(json_object_get(bd->v[j].doc, "Subscriptions"), q, sub)
                            if (eq(str(sub, "TopicArn"), s) && str(sub, "SubscriptionArn") &&
                                strncmp(str(sub, "SubscriptionArn"), "arn:", 4) == 0)
                                return s;
                }
            }
    }
    return any;
}

static void fix_subscribe(cwf_audit_result *r, const char *region, const char *topic)
{
    cwf_buf b = CWF_BUF_INIT;
    cwf_buf_puts(&b, "aws sns subscribe");
    opt(&b, "--region", region);
    opt(&b, "--topic-arn", topic);
    opt(&b, "--protocol", "email");
    cwf_buf_puts(&b, " \\\n    --notification-endpoint \"$ALERT_EMAIL\"");
    add_fix(r, cwf_buf_take(&b));
}

/* The event selectors with all management events recorded, as compact JSON
 * for put-event-selectors. */
static char *fixed_selectors(const json_t *doc, bool *advanced)
{
    json_t *out = json_array();
    const json_t *adv = json_object_get(doc, "AdvancedEventSelectors"), *s;
    size_t i;
    *advanced = adv != NULL;
    if (adv) {
        json_array_foreach(adv, i, s) {
            bool r, w;
            const char *narrow;
            const json_t *excl;
            if (!advanced_mgmt(s, &r, &w, &narrow, &excl))
                json_array_append(out, (json_t *)s);
        }
        json_t *m = json_pack("{s:s, s:[{s:s, s:[s]}]}", "Name", "Management events",
                              "FieldSelectors", "Field", "eventCategory", "Equals", "Management");
        json_array_append_new(out, m);
    } else {
        bool done = false;
        json_array_foreach(json_object_get(doc, "EventSelectors"), i, s) {
            json_t *c = json_deep_copy(s);
            if (!done && flag(s, "IncludeManagementEvents", true)) {
                json_object_set_new(c, "ReadWriteType", json_string("All"));
                json_object_del(c, "ExcludeManagementEventSources");
                done = true;
            }
            json_array_append_new(out, c);
        }
        if (!done)
            json_array_append_new(out, json_pack("{s:s, s:b}", "ReadWriteType", "All",
                                                 "IncludeManagementEvents", 1));
    }
    char *text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(out);
    char *dup = cwf_xstrdup(text ? text : "[]");
    free(text);
    return dup;
}

/* The commands that repair every failing step of the branch. */
static void remediate(ctx *c, cwf_audit_result *r, const branch *b, size_t ntrails)
{
    const trail *t = b->t;
    cwf_buf cmd = CWF_BUF_INIT;
    if (b->s[0].verdict == CWF_AUDIT_FAIL) {
        if (!t || ntrails == 0) {
            add_fix(r, cwf_xstrdup("# create a multi-region trail that sends its events to a "
                                   "CloudWatch Logs log group, then audit again"));
            return;
        }
        cwf_buf_puts(&cmd, "aws cloudtrail update-trail");
        opt(&cmd, "--region", t->home);
        opt(&cmd, "--name", trail_id(t));
        cwf_buf_puts(&cmd, " \\\n    --is-multi-region-trail");
        add_fix(r, cwf_buf_take(&cmd));
    }
    if (b->s[1].verdict == CWF_AUDIT_FAIL) {
        add_fix(r, cwf_xasprintf("# trail %s sends its events to no log group: create one and a "
                                 "role that CloudTrail may assume, then run `aws cloudtrail "
                                 "update-trail --name %s --cloud-watch-logs-log-group-arn ARN "
                                 "--cloud-watch-logs-role-arn ROLE`, and audit again",
                                 t->name, t->name));
    }
    if (b->s[2].verdict == CWF_AUDIT_FAIL) {
        cwf_buf_puts(&cmd, "aws cloudtrail start-logging");
        opt(&cmd, "--region", t->home);
        opt(&cmd, "--name", trail_id(t));
        add_fix(r, cwf_buf_take(&cmd));
    }
    if (b->s[3].verdict == CWF_AUDIT_FAIL && b->sel) {
        bool advanced;
        char *sel = fixed_selectors(b->sel, &advanced);
        cwf_buf_puts(&cmd, "aws cloudtrail put-event-selectors");
        opt(&cmd, "--region", t->home);
        opt(&cmd, "--trail-name", trail_id(t));
        opt(&cmd, advanced ? "--advanced-event-selectors" : "--event-selectors", sel);
        free(sel);
        add_fix(r, cwf_buf_take(&cmd));
    }
    if (!b->has_lg)
        return;
    const loggroup *lg = &b->lg;
    /* Step 5: the benchmark's pattern, under the names of a filter that
     * covers most of the control (so its alarm keeps working; a filter that
     * covers a few cases may belong to another control), else new names. */
    const char *fname = NULL, *metric = NULL, *ns = NULL;
    bool new_metric = false;
    if (b->filter && b->xf) {
        fname = str(b->filter, "filterName");
        metric = str(b->xf, "metricName");
        ns = str(b->xf, "metricNamespace");
    }
    if (b->s[4].verdict == CWF_AUDIT_FAIL) {
        if (!fname || !metric || !ns || 2 * b->covered <= b->ncases) {
            fname = metric = new_name(c->rule);
            ns = CIS_NAMESPACE;
            new_metric = true;
        }
        cwf_buf_puts(&cmd, "aws logs put-metric-filter");
        opt(&cmd, "--region", lg->region);
        opt(&cmd, "--log-group-name", lg->name);
        opt(&cmd, "--filter-name", fname);
        cwf_buf tr = CWF_BUF_INIT;
        if (strpbrk(metric, ",=") || strpbrk(ns, ",="))  {
            json_t *j = json_pack("[{s:s, s:s, s:s}]", "metricName", metric,
                                  "metricNamespace", ns, "metricValue", "1");
            char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
            cwf_buf_puts(&tr, s);
            free(s);
            json_decref(j);
        } else {
            cwf_buf_printf(&tr, "metricName=%s,metricNamespace=%s,metricValue=1", metric, ns);
        }
        opt(&cmd, "--metric-transformations", cwf_buf_str(&tr));
        cwf_buf_free(&tr);
        opt(&cmd, "--filter-pattern", c->rule->prescribed ? c->rule->prescribed
                                                          : c->rule->requirement);
        add_fix(r, cwf_buf_take(&cmd));
    }
    if (!metric || !ns)
        return;
    /* Steps 6 and 7: an alarm that notifies a topic with a subscriber. */
    bool alarm_bad = new_metric || b->s[5].verdict == CWF_AUDIT_FAIL;
    bool topic_bad = b->s[6].verdict == CWF_AUDIT_FAIL;
    const char *topic = b->topic;
    char *made = NULL;
    if (alarm_bad && !topic) {
        topic = some_topic(c->b, lg);
        if (!topic) {
            made = cwf_xasprintf("arn:%s:sns:%s:%s:%s", lg->partition, lg->region, lg->account,
                                 NEW_TOPIC);
            topic = made;
            cwf_buf_puts(&cmd, "aws sns create-topic");
            opt(&cmd, "--region", lg->region);
            opt(&cmd, "--name", NEW_TOPIC);
            add_fix(r, cwf_buf_take(&cmd));
            fix_subscribe(r, lg->region, topic);
        }
    }
    if (alarm_bad) {
        const json_t *keep = !new_metric ? b->alarm : NULL;
        if (!keep || !fix_alarm_in_place(r, lg, keep, ns, metric, topic))
            fix_new_alarm(r, c->b, lg, keep, new_metric ? new_name(c->rule) : metric, ns, metric,
                          topic);
    }
    if (topic_bad && b->topic) {
        if (b->pending)
            add_fix(r, cwf_xasprintf("# topic %s has a subscription waiting for confirmation: "
                                     "confirm it from the message its endpoint received, or "
                                     "subscribe an address that will", b->topic));
        cwf_arn t2;
        if (sns_topic(b->topic, &t2)) {
            char reg[32];
            if (copy(reg, sizeof reg, t2.region.p, t2.region.len))
                fix_subscribe(r, reg, b->topic);
        }
    }
    free(made);
}

/* ---- one control in one account ---------------------------------------------------- */

static void audit_control(ctx *c, const char *account, cwf_audit_result *r)
{
    trail *ts;
    bool listed;
    unread bad;
    size_t nt = trails_of(c->b, account, &ts, &listed, &bad);
    branch best;
    branch_init(&best);
    bool have = false;
    for (size_t i = 0; i < nt; i++) {
        branch cand;
        branch_init(&cand);
        const trail *t = &ts[i];
        cand.t = t;
        cite(&cand, 1, t->ex, trail_ptr(t, "IsMultiRegionTrail"));
        if (t->multi)
            say(&cand, 1, CWF_AUDIT_PASS, "trail %s is multi-region (home %s)", t->name, t->home);
        else
            say(&cand, 1, CWF_AUDIT_FAIL, "trail %s is single-region (%s)", t->name, t->home);
        step2(&cand, t);
        step3(&cand, c, t);
        step4(&cand, c, t);
        if (cand.has_lg) {
            step5(&cand, c);
        } else {
            for (int n = 5; n <= 7; n++)
                say(&cand, n, CWF_AUDIT_NOT_REACHED, "no log group to look in");
        }
        keep_better(&best, &have, &cand);
    }
    if (!have) {
        const cwf_export *any = NULL;
        for (size_t i = 0; i < c->b->n && !any; i++)
            if (c->b->v[i].kind == CWF_EX_TRAILS && same(c->b->v[i].account, account))
                any = &c->b->v[i];
        cite(&best, 1, any, cwf_xstrdup(any ? "/trailList" : ""));
        if (bad.ex) {
            cite(&best, 1, bad.ex, cwf_xasprintf("/trailList/%zu", bad.idx));
            say(&best, 1, CWF_AUDIT_UNKNOWN, "describe-trails lists a trail that cannot be "
                "read (trailList[%zu]: its name, home region or an ARN part is longer than "
                "AWS makes them)", bad.idx);
        } else if (listed) {
            say(&best, 1, CWF_AUDIT_FAIL, "account %s has no trail (describe-trails lists none)",
                account[0] ? account : "?");
        } else {
            say(&best, 1, CWF_AUDIT_UNKNOWN, "the bundle has no describe-trails output for "
                "account %s", account[0] ? account : "?");
            needs(&best, 1, "aws cloudtrail describe-trails");
        }
        for (int n = 2; n <= 7; n++)
            say(&best, n, CWF_AUDIT_NOT_REACHED, "no trail to look at");
    } else if (best.s[0].verdict == CWF_AUDIT_FAIL) {
        cwf_buf h = CWF_BUF_INIT;
        const char **names = cwf_xcalloc(nt, sizeof *names);
        char **own = cwf_xcalloc(nt, sizeof *own);
        for (size_t i = 0; i < nt; i++)
            names[i] = own[i] = cwf_xasprintf("%s (%s)", ts[i].name, ts[i].home);
        cwf_buf_puts(&h, "no trail is multi-region: ");
        and_list(&h, names, nt);
        cwf_buf_puts(&h, nt == 1 ? " is single-region" : " are single-region");
        free(best.head[0]);
        best.head[0] = cwf_buf_take(&h);
        for (size_t i = 0; i < nt; i++)
            free(own[i]);
        free(own);
        free(names);
    }
    static const char *const unreached[CWF_AUDIT_STEPS] = {
        "", "no trail to look at", "no trail to look at", "no trail to look at",
        "no log group to look in", "no metric filter to take a metric from",
        "no alarm that names a topic",
    };
    for (int n = 1; n <= CWF_AUDIT_STEPS; n++)
        if (!best.s[n - 1].text)
            say(&best, n, CWF_AUDIT_NOT_REACHED, "%s", unreached[n - 1]);
    int first;
    r->verdict = verdict_of(&best, &first);
    r->step = r->verdict == CWF_AUDIT_PASS ? 0 : first;
    if (r->verdict == CWF_AUDIT_FAIL)
        r->diag = (cwf_rule_id)(CWF_R_AUDIT_TRAIL + first - 1);
    else if (r->verdict == CWF_AUDIT_UNKNOWN)
        r->diag = CWF_R_AUDIT_UNKNOWN;
    if (r->verdict == CWF_AUDIT_PASS) {
        cwf_arn t;
        sns_topic(best.topic, &t);
        const char *fname = str(best.filter, "filterName"), *aname = str(best.alarm, "AlarmName");
        r->message = cwf_xasprintf("trail %s, filter %s, alarm %s, topic %.*s", best.t->name,
                                   fname ? fname : "(unnamed)", aname ? aname : "(unnamed)",
                                   (int)t.resource.len, t.resource.p);
    } else {
        const cwf_audit_step *s = &best.s[first - 1];
        const char *h = best.head[first - 1] ? best.head[first - 1] : s->text;
        if (r->verdict == CWF_AUDIT_UNKNOWN && s->needs)
            r->message = cwf_xasprintf("%s: step %d needs the output of `%s`", h, first, s->needs);
        else
            r->message = cwf_xstrdup(h);
    }
    if (r->verdict == CWF_AUDIT_FAIL)
        remediate(c, r, &best, nt);
    for (int i = 0; i < CWF_AUDIT_STEPS; i++) {
        r->steps[i] = best.s[i];
        memset(&best.s[i], 0, sizeof best.s[i]);
    }
    r->notes = best.notes;
    r->nnotes = best.nnotes;
    best.notes = NULL;
    best.nnotes = 0;
    branch_free(&best);
    free(ts);
}

/* ---- the run ---------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_account(char ***v, size_t *n, const char *acc)
{
    for (size_t d = 0; d < *n; d++)
        if (strcmp((*v)[d], acc) == 0)
            return;
    *v = cwf_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = cwf_xstrdup(acc);
}

/* The accounts to audit: named by get-caller-identity, or where
 * describe-trails outputs lie (else by the ARNs of their trails); sorted,
 * each once. */
static size_t accounts(const cwf_bundle *bd, char ***out)
{
    char **v = NULL;
    size_t n = 0;
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        const json_t *list = json_object_get(ex->doc, "trailList"), *j;
        size_t k;
        if (ex->kind == CWF_EX_CALLER_IDENTITY) {
            add_account(&v, &n, str(ex->doc, "Account"));
        } else if (ex->kind == CWF_EX_TRAILS && (ex->account[0] || json_array_size(list) == 0)) {
            add_account(&v, &n, ex->account);
        } else if (ex->kind == CWF_EX_TRAILS) {
            json_array_foreach(list, k, j) {
                trail t;
                if (read_trail(ex, k, j, &t))
                    add_account(&v, &n, t.account);
            }
        }
    }
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

/* Notes about exports that name no object the audit can tie them to. */
static void bundle_notes(const cwf_bundle *bd, cwf_audit *a)
{
    for (size_t i = 0; i < bd->n; i++) {
        const cwf_export *ex = &bd->v[i];
        const char *what = NULL;
        if (ex->kind == CWF_EX_TRAIL_STATUS && !ex->object[0])
            what = "get-trail-status output names no trail: keep it in trails/NAME/ or beside "
                   "the trail's get-event-selectors output";
        else if (ex->kind == CWF_EX_SUBSCRIPTIONS && !ex->object[0] &&
                 json_array_size(json_object_get(ex->doc, "Subscriptions")) == 0)
            what = "empty list-subscriptions-by-topic output names no topic: keep it in "
                   "topics/NAME/";
        else if (ex->kind == CWF_EX_METRIC_FILTERS && !ex->object[0] &&
                 json_array_size(json_object_get(ex->doc, "metricFilters")) == 0)
            what = "empty describe-metric-filters output names no log group: keep it in "
                   "log-groups/NAME/";
        if (!what)
            continue;
        a->notes = cwf_xrealloc(a->notes, (a->nnotes + 1) * sizeof *a->notes);
        cwf_audit_note *n = &a->notes[a->nnotes++];
        memset(n, 0, sizeof *n);
        n->rule = CWF_R_AUDIT_NOTE;
        n->severity = CWF_NOTE;
        n->text = cwf_xasprintf("this %s, so audit cannot use it", what);
        set_ref(&n->ref, ex, NULL);
    }
}

void cwf_audit_run(cwf_bundle *b, const cwf_bench_rule *const *rules, size_t nrules,
                   cwf_audit *out)
{
    memset(out, 0, sizeof *out);
    cwf_bundle_place(b);
    char **acc;
    size_t nacc = accounts(b, &acc);
    if (nacc == 0) {
        acc = cwf_xmalloc(sizeof *acc);
        acc[nacc++] = cwf_xstrdup("");
    }
    size_t nr = nrules ? nrules : cwf_bench_nrules;
    out->v = cwf_xcalloc(nacc * nr, sizeof *out->v);
    ctx c = {b, NULL, NULL, 0, cwf_judge_cache_new(), ""};
    for (size_t i = 0; i < nacc; i++)
        for (size_t k = 0; k < nr; k++) {
            cwf_audit_result *r = &out->v[out->n++];
            c.rule = nrules ? rules[k] : &cwf_bench_rules[k];
            r->rule = c.rule;
            r->account = cwf_xstrdup(acc[i]);
            c.account = acc[i];
            audit_control(&c, acc[i], r);
        }
    for (size_t i = 0; i < c.npv; i++)
        free(c.pv[i].text);
    free(c.pv);
    cwf_judge_cache_free(c.jc);
    for (size_t i = 0; i < nacc; i++)
        free(acc[i]);
    free(acc);
    bundle_notes(b, out);
}

size_t cwf_audit_count(const cwf_audit *a, cwf_audit_verdict v)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        n += a->v[i].verdict == v;
    return n;
}

void cwf_audit_free(cwf_audit *a)
{
    for (size_t i = 0; i < a->n; i++) {
        cwf_audit_result *r = &a->v[i];
        free(r->account);
        free(r->message);
        for (int k = 0; k < CWF_AUDIT_STEPS; k++) {
            free(r->steps[k].text);
            free(r->steps[k].needs);
            ref_free(&r->steps[k].ref);
        }
        for (size_t k = 0; k < r->nnotes; k++)
            note_free(&r->notes[k]);
        free(r->notes);
        for (size_t k = 0; k < r->nfix; k++)
            free(r->fix[k]);
        free(r->fix);
    }
    free(a->v);
    for (size_t k = 0; k < a->nnotes; k++)
        note_free(&a->notes[k]);
    free(a->notes);
    memset(a, 0, sizeof *a);
}
