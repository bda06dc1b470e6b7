/* fuzz_api.c: libFuzzer harness for the public API (cwfilter.h) used as a
 * program uses it: a sequence of calls, error paths included.
 *
 * Input: a control byte, then pattern A, a newline, pattern B, a newline,
 * the events (any format cwf_match_buffer reads).  The control byte picks
 * the rule (by index, by alias, or a name no rule has) and whether a
 * callback stops the walk.  Both patterns are parsed (diagnostics read and
 * checked: spans inside the pattern, positions ordered); a good one is
 * compiled and matched against the events one by one and as a buffer (the
 * counts must agree), checked against the rule, and A and B are compared
 * with implies and equiv (equiv must be the two implications); a bad one
 * must be refused by compile, check and implies with BAD_PATTERN and a NULL
 * result; NULL arguments must give INVALID_ARGUMENT.  Everything is freed:
 * LeakSanitizer checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cwfilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_diag(const cwf_diagnostic *g, size_t len)
{
    CHECK(g && g->rule_id && g->rule_name && g->message);
    CHECK(g->start <= g->end && g->end <= len);
    CHECK(g->line >= 1 && g->column >= 1 && g->end_line >= g->line);
    CHECK(g->level <= CWF_LEVEL_ERROR);
    for (size_t i = 0; i < g->nnotes; i++)
        CHECK(g->notes[i]);
}

static void check_parsed(const cwf_parsed *p, size_t len, cwf_status st)
{
    size_t n = cwf_parsed_diag_count(p);
    bool error = false;
    uint32_t last = 0;
    for (size_t i = 0; i < n; i++) {
        const cwf_diagnostic *g = cwf_parsed_diag(p, i);
        check_diag(g, len);
        CHECK(g->start >= last); /* sorted by span start */
        last = g->start;
        error |= g->level == CWF_LEVEL_ERROR;
    }
    CHECK(!cwf_parsed_diag(p, n));
    CHECK(cwf_parsed_ok(p) == !error);
    CHECK((st == CWF_STATUS_OK) == !error && (st == CWF_STATUS_BAD_PATTERN) == error);
    const char *kind = cwf_parsed_kind(p);
    CHECK(!kind == !cwf_parsed_ast_json(p));
    CHECK(!error == !!cwf_parsed_canonical(p));
}

/* A proof of a pattern of len bytes: spans inside it. */
static void check_proof(const cwf_proof_result *r, size_t len)
{
    cwf_answer a = cwf_proof_answer(r);
    CHECK(a <= CWF_ANSWER_UNKNOWN && cwf_answer_name(a));
    CHECK(cwf_proof_covered(r) == (a == CWF_ANSWER_COVERS));
    if (a == CWF_ANSWER_COVERS)
        CHECK(!cwf_proof_counterexample(r));
    size_t n = cwf_proof_case_count(r);
    for (size_t i = 0; i < n; i++) {
        const cwf_proof_case *c = cwf_proof_case_at(r, i);
        CHECK(c && c->label && c->answer <= CWF_ANSWER_UNKNOWN);
        CHECK(!c->has_span || (c->start <= c->end && c->end <= len));
        CHECK((c->answer == CWF_ANSWER_NOT_COVERED) == !!c->counterexample);
    }
    CHECK(!cwf_proof_case_at(r, n));
    for (size_t i = 0; i < cwf_proof_diag_count(r); i++)
        check_diag(cwf_proof_diag(r, i), len);
}

typedef struct walk {
    size_t seen, stop_at;
} walk;

static int on_event(void *arg, size_t number, const char *event, size_t len)
{
    walk *w = arg;
    CHECK(number >= 1 && (event || len == 0));
    w->seen++;
    return w->stop_at && w->seen >= w->stop_at;
}

/* Compiles p (a good pattern) and matches the events of buf. */
static void match_all(const cwf_parsed *p, const char *buf, size_t len, unsigned ctl)
{
    cwf_compiled *m = NULL;
    CHECK(cwf_compile(p, &m) == CWF_STATUS_OK && m);
    bool hit;
    CHECK(cwf_match(m, buf, len, &hit) == CWF_STATUS_OK);
    size_t nv = cwf_compiled_value_count(m);
    CHECK(hit || nv == 0);
    for (size_t i = 0; i < nv; i++) {
        const char *name = NULL;
        size_t vlen = 0;
        CHECK(cwf_compiled_value(m, i, &name, &vlen) && name && name[0] == '$');
    }
    CHECK(!cwf_compiled_value(m, nv, NULL, NULL));
    CHECK(cwf_match(m, NULL, 1, &hit) == CWF_STATUS_INVALID_ARGUMENT);
    CHECK(cwf_match(m, buf, len, NULL) == CWF_STATUS_INVALID_ARGUMENT);

    walk w = {0, (ctl & 0x10) ? 1 + (ctl >> 5) : 0};
    size_t count = 0;
    cwf_status st = cwf_match_buffer(m, buf, len, on_event, &w, &count);
    CHECK(st == CWF_STATUS_OK || st == CWF_STATUS_BAD_INPUT);
    CHECK((st == CWF_STATUS_BAD_INPUT) == !!cwf_compiled_error(m));
    CHECK(count == w.seen);
    CHECK(!w.stop_at || count <= w.stop_at);
    if (st == CWF_STATUS_OK && !w.stop_at) {
        /* without a callback: the same count */
        size_t again = 0;
        CHECK(cwf_match_buffer(m, buf, len, NULL, NULL, &again) == CWF_STATUS_OK);
        CHECK(again == count);
    }
    cwf_compiled_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {NULL, "cis-4.4", "CIS-IAM-POLICY-CHANGES", "no-such-rule",
                                        "securityhub-cloudwatch.1", ""};
    if (size == 0)
        return 0;
    unsigned ctl = data[0];
    const char *t = (const char *)data + 1, *end = (const char *)data + size;
    const char *nl1 = memchr(t, '\n', (size_t)(end - t));
    const char *b = nl1 ? nl1 + 1 : end;
    const char *nl2 = memchr(b, '\n', (size_t)(end - b));
    const char *ev = nl2 ? nl2 + 1 : end;
    size_t alen = (size_t)((nl1 ? nl1 : end) - t), blen = (size_t)((nl2 ? nl2 : end) - b);
    size_t elen = (size_t)(end - ev);

    cwf_parsed *pa = NULL, *pb = NULL;
    cwf_status sa = cwf_parse_pattern(t, alen, &pa);
    cwf_status sb = cwf_parse_pattern(b, blen, &pb);
    CHECK(pa && pb);
    check_parsed(pa, alen, sa);
    check_parsed(pb, blen, sb);

    /* error paths */
    cwf_parsed *none = (cwf_parsed *)1;
    CHECK(cwf_parse_pattern(NULL, 3, &none) == CWF_STATUS_INVALID_ARGUMENT && !none);
    CHECK(cwf_parse_pattern(t, alen, NULL) == CWF_STATUS_INVALID_ARGUMENT);
    cwf_compiled *mc = (cwf_compiled *)1;
    CHECK(cwf_compile(NULL, &mc) == CWF_STATUS_INVALID_ARGUMENT && !mc);
    cwf_proof_result *r = (cwf_proof_result *)1;
    CHECK(cwf_check(NULL, NULL, &r) == CWF_STATUS_INVALID_ARGUMENT && !r);
    CHECK(cwf_implies(pa, NULL, NULL) == CWF_STATUS_INVALID_ARGUMENT);

    if (cwf_parsed_ok(pa)) {
        match_all(pa, ev, elen, ctl);
    } else {
        mc = (cwf_compiled *)1;
        CHECK(cwf_compile(pa, &mc) == CWF_STATUS_BAD_PATTERN && !mc);
    }

    /* check against a rule picked by the control byte */
    const char *rule = NULL;
    unsigned pick = ctl & 0x0f;
    if (pick < 6) {
        rule = names[pick];
    } else {
        cwf_benchmark_info bi;
        size_t nb = cwf_benchmark_count();
        if (cwf_benchmark_get((pick - 6) % (nb ? nb : 1), &bi) == CWF_STATUS_OK)
            rule = bi.id;
    }
    r = (cwf_proof_result *)1;
    cwf_status sc = cwf_check(pa, rule, &r);
    if (!cwf_parsed_ok(pa)) {
        CHECK(sc == CWF_STATUS_BAD_PATTERN && !r);
    } else if (sc == CWF_STATUS_UNKNOWN_RULE) {
        CHECK(rule && !r);
    } else {
        CHECK(sc == CWF_STATUS_OK && r);
        check_proof(r, alen);
        CHECK(cwf_proof_rule_id(r) && cwf_proof_title(r));
    }
    if (sc == CWF_STATUS_OK || sc == CWF_STATUS_INTERNAL)
        cwf_proof_result_free(r);

    /* implies and equiv */
    cwf_proof_result *ab = (cwf_proof_result *)1, *ba = (cwf_proof_result *)1;
    bool eq = true;
    cwf_status se = cwf_equiv(pa, pb, &eq, &ab, &ba);
    if (cwf_parsed_ok(pa) && cwf_parsed_ok(pb)) {
        CHECK(se == CWF_STATUS_OK && ab && ba);
        check_proof(ab, blen); /* a implies b: b covers a, spans lie in b */
        check_proof(ba, alen);
        CHECK(!cwf_proof_rule_id(ab));
        CHECK(eq == (cwf_proof_covered(ab) && cwf_proof_covered(ba)));
        cwf_proof_result *ia = NULL;
        CHECK(cwf_implies(pa, pb, &ia) == CWF_STATUS_OK && ia);
        CHECK(cwf_proof_answer(ia) == cwf_proof_answer(ab));
        cwf_proof_result_free(ia);
        cwf_proof_result_free(ab);
        cwf_proof_result_free(ba);
    } else {
        CHECK(se == CWF_STATUS_BAD_PATTERN && !ab && !ba && !eq);
        cwf_proof_result *ia = (cwf_proof_result *)1;
        CHECK(cwf_implies(pa, pb, &ia) == CWF_STATUS_BAD_PATTERN && !ia);
    }

    /* accessors on NULL handles */
    CHECK(!cwf_parsed_ok(NULL) && !cwf_parsed_kind(NULL) && !cwf_parsed_diag_count(NULL));
    CHECK(!cwf_proof_case_count(NULL) && !cwf_compiled_value_count(NULL));
    cwf_parsed_free(pa);
    cwf_parsed_free(pb);
    cwf_parsed_free(NULL);
    cwf_compiled_free(NULL);
    cwf_proof_result_free(NULL);
    return 0;
}
