/* audit_render.c: the audit report as text and JSON, and the remediation as
 * a shell script (audit.h).  Everything is written into a buffer; the CLI
 * prints it. */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "shell.h"
#include "source.h"

/* The line and column of a reference, or {0, 0} without a file. */
static cwf_pos ref_pos(const cwf_audit_ref *r)
{
    if (!r->file)
        return (cwf_pos){0, 0};
    cwf_source s = {r->file, r->text, r->len, NULL};
    return cwf_source_pos(&s, r->span.start);
}

/* A result's verdict: pass, fail or unknown (never "not reached", which
 * only a step has). */
static const char *upper_verdict(cwf_audit_verdict v)
{
    return v == CWF_AUDIT_PASS ? "PASS" : v == CWF_AUDIT_FAIL ? "FAIL" : "UNKNOWN";
}

static void text_ref(cwf_buf *out, const cwf_audit_ref *r)
{
    cwf_pos p = ref_pos(r);
    cwf_buf_printf(out, "%s:%u:%u", r->file, p.line, p.col);
}

static void text_result(cwf_buf *out, const cwf_audit_result *r)
{
    cwf_buf_printf(out, "\n%s %s (%s)\n", upper_verdict(r->verdict), r->rule->id, r->rule->title);
    cwf_buf_printf(out, "  %s\n", r->message);
    if (r->verdict != CWF_AUDIT_PASS) {
        const cwf_audit_ref *ref = &r->steps[r->step - 1].ref;
        cwf_buf_puts(out, "  at ");
        if (ref->file)
            text_ref(out, ref);
        else
            cwf_buf_puts(out, "(no export)");
        cwf_buf_printf(out, " [%s]\n", cwf_rules[r->diag].id);
    }
    for (int i = 0; i < CWF_AUDIT_STEPS; i++) {
        const cwf_audit_step *s = &r->steps[i];
        const char *v = s->verdict == CWF_AUDIT_NOT_REACHED ? "-"
                                                          : cwf_audit_verdict_name(s->verdict);
        cwf_buf_printf(out, "  %d %-8s %s", i + 1, v, s->text ? s->text : "");
        if (s->needs)
            cwf_buf_printf(out, "; needs `%s`", s->needs);
        cwf_buf_putc(out, '\n');
    }
    for (size_t i = 0; i < r->nnotes; i++)
        cwf_buf_printf(out, "  %s: %s [%s]\n", cwf_severity_name(r->notes[i].severity),
                       r->notes[i].text, cwf_rules[r->notes[i].rule].id);
}

void cwf_audit_render_text(cwf_buf *out, const cwf_audit *a)
{
    const char *account = NULL;
    for (size_t i = 0; i < a->n; i++) {
        const cwf_audit_result *r = &a->v[i];
        if (!account || strcmp(account, r->account) != 0) {
            account = r->account;
            size_t n[3] = {0, 0, 0};
            for (size_t k = i; k < a->n && strcmp(a->v[k].account, account) == 0; k++)
                n[a->v[k].verdict]++;
            cwf_buf_printf(out, "%saccount %s: %zu pass, %zu fail, %zu unknown\n",
                           i ? "\n" : "", account[0] ? account : "(unknown)",
                           n[CWF_AUDIT_PASS], n[CWF_AUDIT_FAIL], n[CWF_AUDIT_UNKNOWN]);
        }
        text_result(out, r);
    }
    if (a->nnotes)
        cwf_buf_putc(out, '\n');
    for (size_t i = 0; i < a->nnotes; i++)
        cwf_buf_printf(out, "%s: %s: %s [%s]\n", a->notes[i].ref.file,
                       cwf_severity_name(a->notes[i].severity), a->notes[i].text,
                       cwf_rules[a->notes[i].rule].id);
    cwf_buf_printf(out, "\naudit: %zu control%s: %zu pass, %zu fail, %zu unknown\n", a->n,
                   a->n == 1 ? "" : "s", cwf_audit_count(a, CWF_AUDIT_PASS),
                   cwf_audit_count(a, CWF_AUDIT_FAIL), cwf_audit_count(a, CWF_AUDIT_UNKNOWN));
}

/* ---- JSON ---------------------------------------------------------------------- */

static void json_ref(json_t *o, const cwf_audit_ref *r)
{
    if (!r->file)
        return;
    cwf_pos p = ref_pos(r);
    json_object_set_new(o, "file", json_string(r->file));
    json_object_set_new(o, "pointer", json_string(r->pointer ? r->pointer : ""));
    json_object_set_new(o, "line", json_integer(p.line));
    json_object_set_new(o, "column", json_integer(p.col));
}

static json_t *json_notes(const cwf_audit_note *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(cwf_rules[v[i].rule].id));
        json_object_set_new(o, "severity", json_string(cwf_severity_name(v[i].severity)));
        json_object_set_new(o, "message", json_string(v[i].text));
        json_ref(o, &v[i].ref);
        json_array_append_new(a, o);
    }
    return a;
}

/* {"version":1, "summary":{...}, "results":[{account, rule, title, verdict,
 *  step, diagnostic, message, steps:[...], notes:[...], fix:[...]}],
 *  "notes":[...]} */
void cwf_audit_render_json(cwf_buf *out, const cwf_audit *a)
{
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_t *sum = json_object();
    json_object_set_new(sum, "controls", json_integer((json_int_t)a->n));
    json_object_set_new(sum, "pass", json_integer((json_int_t)cwf_audit_count(a, CWF_AUDIT_PASS)));
    json_object_set_new(sum, "fail", json_integer((json_int_t)cwf_audit_count(a, CWF_AUDIT_FAIL)));
    json_object_set_new(sum, "unknown",
                        json_integer((json_int_t)cwf_audit_count(a, CWF_AUDIT_UNKNOWN)));
    json_object_set_new(root, "summary", sum);
    json_t *results = json_array();
    for (size_t i = 0; i < a->n; i++) {
        const cwf_audit_result *r = &a->v[i];
        json_t *o = json_object();
        json_object_set_new(o, "account", json_string(r->account));
        json_object_set_new(o, "rule", json_string(r->rule->id));
        json_object_set_new(o, "title", json_string(r->rule->title));
        json_object_set_new(o, "verdict", json_string(cwf_audit_verdict_name(r->verdict)));
        json_object_set_new(o, "step", r->step ? json_integer(r->step) : json_null());
        json_object_set_new(o, "diagnostic", r->verdict == CWF_AUDIT_PASS
                                                 ? json_null()
                                                 : json_string(cwf_rules[r->diag].id));
        json_object_set_new(o, "message", json_string(r->message));
        json_t *steps = json_array();
        for (int k = 0; k < CWF_AUDIT_STEPS; k++) {
            const cwf_audit_step *s = &r->steps[k];
            json_t *so = json_object();
            json_object_set_new(so, "step", json_integer(k + 1));
            json_object_set_new(so, "name", json_string(cwf_audit_step_name(k + 1)));
            json_object_set_new(so, "verdict", json_string(cwf_audit_verdict_name(s->verdict)));
            json_object_set_new(so, "message", json_string(s->text ? s->text : ""));
            if (s->needs)
                json_object_set_new(so, "needs", json_string(s->needs));
            json_ref(so, &s->ref);
            json_array_append_new(steps, so);
        }
        json_object_set_new(o, "steps", steps);
        json_object_set_new(o, "notes", json_notes(r->notes, r->nnotes));
        json_t *fix = json_array();
        for (size_t k = 0; k < r->nfix; k++)
            json_array_append_new(fix, json_string(r->fix[k]));
        json_object_set_new(o, "fix", fix);
        json_array_append_new(results, o);
    }
    json_object_set_new(root, "results", results);
    json_object_set_new(root, "notes", json_notes(a->notes, a->nnotes));
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    cwf_buf_puts(out, s);
    cwf_buf_putc(out, '\n');
    free(s);
    json_decref(root);
}

/* ---- the remediation script ------------------------------------------------------ */

/* Whether cmd was already printed for an earlier group. */
static bool printed(const cwf_audit *a, const bool *done, const char *cmd)
{
    for (size_t i = 0; i < a->n; i++)
        if (done[i])
            for (size_t j = 0; j < a->v[i].nfix; j++)
                if (strcmp(a->v[i].fix[j], cmd) == 0)
                    return true;
    return false;
}

/* Whether results x and y need the same remediation, for the same reason. */
static bool same_group(const cwf_audit_result *x, const cwf_audit_result *y)
{
    if (x->verdict != y->verdict || strcmp(x->account, y->account) != 0 ||
        strcmp(x->message, y->message) != 0 || x->nfix != y->nfix)
        return false;
    for (size_t k = 0; k < x->nfix; k++)
        if (strcmp(x->fix[k], y->fix[k]) != 0)
            return false;
    return true;
}

/* "# PREFIX" then the words of s, as comment lines of at most about 76
 * characters. */
static void comment(cwf_buf *out, const char *prefix, const char *s)
{
    size_t start = out->len;
    cwf_buf_printf(out, "# %s", prefix);
    size_t col = out->len - start;
    bool first = true;
    while (*s) {
        size_t w = strcspn(s, " \n");
        if (w == 0) {
            s++;
            continue;
        }
        if (!first && col + 1 + w > 76) {
            cwf_buf_puts(out, "\n#  ");
            col = 3;
        } else if (!first) {
            cwf_buf_putc(out, ' ');
            col++;
        }
        cwf_buf_add(out, s, w);
        col += w;
        s += w;
        first = false;
    }
    cwf_buf_putc(out, '\n');
}

void cwf_audit_render_fix(cwf_buf *out, const cwf_audit *a)
{
    bool email = false;
    for (size_t i = 0; i < a->n; i++)
        for (size_t k = 0; k < a->v[i].nfix; k++)
            email |= strstr(a->v[i].fix[k], "$ALERT_EMAIL") != NULL;
    cwf_buf_puts(out, "#!/bin/sh\n"
                      "# The CIS remediation for the controls that `cwfilter audit` found\n"
                      "# failing, filled in with the names found in the bundle.  Read it before\n"
                      "# running it: it changes the account.\n"
                      "set -eu\n");
    if (email)
        cwf_buf_puts(out, ": \"${ALERT_EMAIL:?set ALERT_EMAIL to the address that should "
                          "receive the alarms}\"\n");
    bool *done = cwf_xcalloc(a->n ? a->n : 1, sizeof *done);
    bool *grouped = cwf_xcalloc(a->n ? a->n : 1, sizeof *grouped);
    size_t fails = 0;
    for (size_t i = 0; i < a->n; i++) {
        const cwf_audit_result *r = &a->v[i];
        if (r->verdict == CWF_AUDIT_PASS || grouped[i])
            continue;
        /* The controls that fail (or cannot be judged) for the same reason
         * and need the same commands share one block. */
        cwf_buf ids = CWF_BUF_INIT;
        for (size_t j = i; j < a->n; j++)
            if (!grouped[j] && same_group(r, &a->v[j])) {
                grouped[j] = true;
                cwf_buf_printf(&ids, "%s%s", ids.len ? ", " : "", a->v[j].rule->id);
            }
        char *prefix = cwf_xasprintf("%s%s%s: ", r->account[0] ? "account " : "", r->account,
                                     r->verdict == CWF_AUDIT_FAIL ? "" : " (cannot be judged)");
        cwf_buf_putc(out, '\n');
        comment(out, prefix, r->message);
        comment(out, "controls: ", cwf_buf_str(&ids));
        free(prefix);
        cwf_buf_free(&ids);
        if (r->verdict != CWF_AUDIT_FAIL)
            continue;
        fails++;
        size_t shown = 0;
        for (size_t k = 0; k < r->nfix; k++) {
            if (printed(a, done, r->fix[k]))
                continue;
            if (strncmp(r->fix[k], "# ", 2) == 0)
                comment(out, "", r->fix[k] + 2);
            else
                cwf_buf_printf(out, "%s\n", r->fix[k]);
            shown++;
        }
        for (size_t j = i; j < a->n; j++)
            done[j] |= grouped[j];
        if (!shown)
            cwf_buf_puts(out, "# (the commands above fix these too)\n");
    }
    free(done);
    free(grouped);
    if (!fails)
        cwf_buf_puts(out, "\n# nothing to fix: no audited control fails\n");
}
