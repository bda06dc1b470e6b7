/* test_corpus.c: walks the parse corpus (the .jsonl files of corpus/spec: each case a
 * pattern and its expected result) and the real-world patterns of
 * ../shared/realworld, and holds the properties of the printer on every
 * pattern that parses: fmt is idempotent, and parse(fmt(p)) equals parse(p),
 * also for patterns that hold control characters (rejected, or round-trip).
 * Adding a case needs no code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "shared.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parse.h"

#define REALWORLD shared_path("realworld/patterns.jsonl")

/* fmt(p) parses to an equal AST, and fmt is a fixed point. */
static void check_roundtrip(const char *id, const cwf_pattern *p)
{
    cwf_buf f1 = CWF_BUF_INIT, f2 = CWF_BUF_INIT;
    cwf_pattern_format(p, &f1);
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *q = cwf_parse(cwf_buf_str(&f1), f1.len, &a, &d);
    if (!q)
        fail_msg("%s: the canonical form does not parse: %s", id, cwf_buf_str(&f1));
    if (!cwf_pattern_equal(p, q))
        fail_msg("%s: parse(fmt(p)) != parse(p); fmt: %s", id, cwf_buf_str(&f1));
    cwf_pattern_format(q, &f2);
    if (strcmp(cwf_buf_str(&f1), cwf_buf_str(&f2)) != 0)
        fail_msg("%s: fmt is not idempotent:\n  %s\n  %s", id, cwf_buf_str(&f1), cwf_buf_str(&f2));
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    cwf_buf_free(&f1);
    cwf_buf_free(&f2);
}

static size_t run_case(json_t *c, const char *file, size_t line)
{
    const char *id = json_string_value(json_object_get(c, "id"));
    json_t *jp = json_object_get(c, "pattern");
    json_t *expect = json_object_get(c, "expect");
    if (!id || !json_is_string(jp) || !expect)
        fail_msg("%s:%zu: a case needs id, pattern and expect", file, line);
    const char *text = json_string_value(jp);
    size_t len = json_string_length(jp);

    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, len, &a, &d);
    size_t errors = cwf_diags_count(&d, CWF_ERROR);
    if (json_is_string(expect) && strcmp(json_string_value(expect), "ok") == 0) {
        if (!p || errors)
            fail_msg("%s (%s:%zu): expected ok, got %s [%s] at %u", id, file, line,
                     d.v[0].message, cwf_rules[d.v[0].rule].id, d.v[0].span.start);
        check_roundtrip(id, p);
    } else {
        const char *rule = json_string_value(json_object_get(expect, "rule"));
        json_int_t off = json_integer_value(json_object_get(expect, "offset"));
        bool found = false;
        for (size_t i = 0; i < d.n && !found; i++)
            found = strcmp(cwf_rules[d.v[i].rule].id, rule) == 0 && d.v[i].span.start == off;
        if (!found)
            fail_msg("%s (%s:%zu): expected %s at %lld, got %s [%s] at %u", id, file, line, rule,
                     (long long)off, d.n ? d.v[0].message : "nothing",
                     d.n ? cwf_rules[d.v[0].rule].id : "-", d.n ? d.v[0].span.start : 0);
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return 1;
}

static size_t run_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *buf = NULL;
    size_t cap = 0, line = 0, n = 0;
    while (getline(&buf, &cap, f) > 0) {
        line++;
        if (buf[0] == '\n')
            continue;
        json_error_t err;
        json_t *c = json_loads(buf, JSON_ALLOW_NUL, &err);
        if (!c)
            fail_msg("%s:%zu: %s", path, line, err.text);
        n += run_case(c, path, line);
        json_decref(c);
    }
    free(buf);
    fclose(f);
    return n;
}

static void test_spec_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir("corpus/spec");
    assert_non_null(dir);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(dir))) {
        size_t l = strlen(e->d_name);
        if (l > 6 && strcmp(e->d_name + l - 6, ".jsonl") == 0) {
            char path[512];
            snprintf(path, sizeof path, "corpus/spec/%s", e->d_name);
            n += run_file(path);
        }
    }
    closedir(dir);
    print_message("parse corpus: %zu cases\n", n);
    assert_true(n >= 150);
}

/* Every real-world pattern is read without a crash: it parses (and then
 * round-trips), or it gets located errors inside the pattern. */
static void test_realworld(void **state)
{
    (void)state;
    FILE *f = fopen(REALWORLD, "r");
    if (!f) {
        print_message("skipped: %s is not there\n", REALWORLD);
        skip();
    }
    char *buf = NULL;
    size_t cap = 0, total = 0, bad = 0;
    while (getline(&buf, &cap, f) > 0) {
        json_error_t err;
        json_t *c = json_loads(buf, 0, &err);
        assert_non_null(c);
        const char *id = json_string_value(json_object_get(c, "id"));
        json_t *jp = json_object_get(c, "pattern");
        cwf_arena a = CWF_ARENA_INIT;
        cwf_diags d = CWF_DIAGS_INIT;
        cwf_pattern *p = cwf_parse(json_string_value(jp), json_string_length(jp), &a, &d);
        if (p) {
            check_roundtrip(id, p);
        } else {
            bad++;
            assert_true(cwf_diags_count(&d, CWF_ERROR) >= 1);
            for (size_t i = 0; i < d.n; i++)
                assert_true(d.v[i].span.start <= json_string_length(jp));
        }
        total++;
        cwf_diags_free(&d);
        cwf_arena_free(&a);
        json_decref(c);
    }
    free(buf);
    fclose(f);
    print_message("real-world patterns: %zu read, %zu with syntax errors\n", total, bad);
    assert_int_equal(total, 580);
}

/* Every control character, at every kind of place in every kind of
 * pattern: the pattern is rejected with an error located at the character,
 * or (tab, line feed, carriage return) it parses and round-trips. */
static void test_control_chars(void **state)
{
    (void)state;
    static const char *const templates[] = {
        "{ $.a = \"x#y\" }", "{ $.a = x#y }", "{ $.['a#b'] = 1 }", "{ $.a = 1 &&# $.b = 2 }",
        "{ $.a = %x#y% }", "ERROR \"x#y\"", "ERROR#-DEBUG", "x#y", "#{ $.a = 1 }",
        "[a, b = \"x#y\"]", "[a,#b]", "%x#y%", "{ $.a = 1 }#", "#",
    };
    size_t rejected = 0, parsed = 0;
    for (unsigned c = 0; c < 0x80; c++) {
        if (c >= 0x20 && c != 0x7F)
            continue;
        for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
            char text[64], id[64];
            size_t len = strlen(templates[i]);
            memcpy(text, templates[i], len);
            size_t at = (size_t)(strchr(templates[i], '#') - templates[i]);
            text[at] = (char)c;
            snprintf(id, sizeof id, "U+%04X in `%s`", c, templates[i]);
            cwf_arena a = CWF_ARENA_INIT;
            cwf_diags d = CWF_DIAGS_INIT;
            cwf_pattern *p = cwf_parse(text, len, &a, &d);
            bool space = c == '\t' || c == '\n' || c == '\r';
            if (p && !space)
                fail_msg("%s: accepted", id);
            if (p) {
                parsed++;
                check_roundtrip(id, p);
            } else if (!space) {
                rejected++;
                if (d.n != 1 || d.v[0].rule != CWF_R_BAD_CHAR || d.v[0].span.start != at ||
                    d.v[0].span.end != at + 1)
                    fail_msg("%s: %zu diagnostics, first %s at %u", id, d.n,
                             d.n ? cwf_rules[d.v[0].rule].id : "-", d.n ? d.v[0].span.start : 0);
            }
            cwf_diags_free(&d);
            cwf_arena_free(&a);
        }
    }
    print_message("control characters: %zu patterns rejected, %zu parsed and round-tripped\n",
                  rejected, parsed);
    assert_int_equal(rejected, 30 * (sizeof templates / sizeof templates[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_corpus),
        cmocka_unit_test(test_realworld),
        cmocka_unit_test(test_control_chars),
    };
    return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}
