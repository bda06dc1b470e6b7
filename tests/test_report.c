/* test_report.c: the reporters of report.h: every format locates a
 * diagnostic through the source's map, escapes what its format needs, and
 * owns copies of what it was given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "report.h"

static char *write_out(const cwf_report *r, cwf_format f, bool color)
{
    char *p = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&p, &n);
    cwf_report_write(r, f, m, color);
    fclose(m);
    return p;
}

/* A pattern "{ $.a == 1 }" said to sit at line 7, from column 20, with one
 * escape (\") of two characters before its `=`. */
static cwf_report *sample(const char *name)
{
    char *text = strdup("{ $.a == 1 }");
    size_t len = strlen(text);
    cwf_pos *map = malloc((len + 1) * sizeof *map);
    for (size_t i = 0; i <= len; i++)
        map[i] = (cwf_pos){7, (uint32_t)(20 + i + (i >= 6 ? 1 : 0))};
    cwf_source src = {name, text, len, map};
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_diag *g = cwf_diag_add(&d, CWF_R_DOUBLE_EQUALS, (cwf_span){6, 8}, "`==` is not \"an\" operator");
    cwf_diag_suggest(g, "=");
    cwf_diag_note(g, "100%% sure,\nreally");
    cwf_diag_add(&d, CWF_R_UNRESOLVED, (cwf_span){12, 12}, "empty span at the end");
    cwf_report *r = cwf_report_new();
    cwf_report_add(r, &src, "Res:1", &d);
    /* The report keeps copies. */
    free(text);
    free(map);
    cwf_diags_free(&d);
    return r;
}

static void test_format_parse(void **state)
{
    (void)state;
    cwf_format f;
    assert_true(cwf_format_parse("sarif", &f));
    assert_int_equal(f, CWF_FMT_SARIF);
    assert_true(cwf_format_parse("github", &f));
    assert_int_equal(f, CWF_FMT_GITHUB);
    assert_false(cwf_format_parse("xml", &f));
}

static void test_count(void **state)
{
    (void)state;
    cwf_report *r = sample("a.yaml");
    assert_int_equal(cwf_report_count(r, CWF_NOTE), 2);
    assert_int_equal(cwf_report_count(r, CWF_WARNING), 1);
    assert_int_equal(cwf_report_count(r, CWF_ERROR), 1);
    /* Adding nothing adds no entry. */
    cwf_diags none = CWF_DIAGS_INIT;
    cwf_source src = {"x", "", 0, NULL};
    cwf_report_add(r, &src, NULL, &none);
    char *out = write_out(r, CWF_FMT_JSON, false);
    assert_null(strstr(out, "\"file\":\"x\""));
    free(out);
    cwf_report_free(r);
}

static void test_text(void **state)
{
    (void)state;
    cwf_report *r = sample("a.yaml");
    char *out = write_out(r, CWF_FMT_TEXT, false);
    assert_non_null(strstr(out, "a.yaml:7:27: error: `==` is not \"an\" operator [CWF108]\n"));
    assert_non_null(strstr(out, "  | { $.a == 1 }\n  |       ^~\n"));
    assert_null(strstr(out, "\033["));
    free(out);
    out = write_out(r, CWF_FMT_TEXT, true);
    assert_non_null(strstr(out, "\033[1;31merror\033[0m"));
    free(out);
    cwf_report_free(r);
}

static void test_json(void **state)
{
    (void)state;
    cwf_report *r = sample("a.yaml");
    char *out = write_out(r, CWF_FMT_JSON, false);
    assert_non_null(strstr(out, "{\"version\":1,\"diagnostics\":[\n"));
    assert_non_null(strstr(out, "\"file\":\"a.yaml\",\"line\":7,\"column\":27,\"endLine\":7,\"endColumn\":29,"
                                "\"severity\":\"error\",\"rule\":\"CWF108\",\"name\":\"double-equals\","
                                "\"message\":\"`==` is not \\\"an\\\" operator\","
                                "\"notes\":[\"100% sure,\\nreally\"],\"suggestion\":\"=\","
                                "\"logical\":\"Res:1\",\"span\":[6,8]}"));
    /* an empty span covers one character */
    assert_non_null(strstr(out, "\"line\":7,\"column\":33,\"endLine\":7,\"endColumn\":34,\"severity\":\"note\""));
    free(out);
    cwf_report_free(r);
    r = cwf_report_new();
    out = write_out(r, CWF_FMT_JSON, false);
    assert_string_equal(out, "{\"version\":1,\"diagnostics\":[]}\n");
    free(out);
    cwf_report_free(r);
}

static void test_sarif(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char abs[4200];
    snprintf(abs, sizeof abs, "%s/dir with space/a#b.yaml", cwd);
    cwf_report *r = sample(abs);
    char *out = write_out(r, CWF_FMT_SARIF, false);
    assert_non_null(strstr(out, "\"version\": \"2.1.0\""));
    assert_non_null(strstr(out, "\"uri\": \"dir%20with%20space/a%23b.yaml\""));
    assert_non_null(strstr(out, "\"region\": {\"startLine\": 7, \"startColumn\": 27, \"endLine\": 7, \"endColumn\": 29}"));
    assert_non_null(strstr(out, "\"ruleId\": \"CWF108\", \"ruleIndex\": 8, \"level\": \"error\""));
    assert_non_null(strstr(out, "\"text\": \"`==` is not \\\"an\\\" operator\\nnote: 100% sure,\\nreally\\nhelp: did you mean `=`?\""));
    assert_non_null(strstr(out, "\"logicalLocations\": [{\"fullyQualifiedName\": \"Res:1\"}]"));
    assert_non_null(strstr(out, "{\"id\": \"CWF401\", \"name\": \"unresolved-part\""));
    assert_non_null(strstr(out, "\"columnKind\": \"unicodeCodePoints\""));
    free(out);
    cwf_report_free(r);
}

/* A relative path is a relative URI reference against %SRCROOT%; a path
 * outside the current directory is a file:// URI; what is not unreserved is
 * percent-encoded (UTF-8 bytes, controls, '%', ':'). */
static void test_sarif_uri(void **state)
{
    (void)state;
    cwf_report *r = sample("./d:1/%\xc3\xa9 \x1b.yaml");
    char *out = write_out(r, CWF_FMT_SARIF, false);
    assert_non_null(strstr(out, "{\"artifactLocation\": {\"uri\": \"d%3A1/%25%C3%A9%20%1B.yaml\", "
                                "\"uriBaseId\": \"%SRCROOT%\"}"));
    assert_non_null(strstr(out, "\"originalUriBaseIds\": {\"%SRCROOT%\": {\"description\": "));
    free(out);
    cwf_report_free(r);
    r = sample("/nonexistent-dir/a b.yaml");
    out = write_out(r, CWF_FMT_SARIF, false);
    assert_non_null(strstr(out, "{\"artifactLocation\": {\"uri\": \"file:///nonexistent-dir/a%20b.yaml\"}"));
    assert_null(strstr(out, "\"uriBaseId\": \"%SRCROOT%\"}"));
    free(out);
    cwf_report_free(r);
}

/* A file name or a message with a line break or ESC cannot start a line
 * or a terminal sequence of its own. */
static void test_text_escapes(void **state)
{
    (void)state;
    cwf_source src = {"a\nb\x1b[2J\xc2\x9b.yaml", "x\x1by", 3, NULL};
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_diag *g = cwf_diag_add(&d, CWF_R_BAD_CHAR, (cwf_span){1, 2}, "bad `\x1b` here\r");
    cwf_diag_note(g, "line\nbreak\x7f");
    cwf_diag_suggest(g, "x\ty");
    cwf_report *r = cwf_report_new();
    cwf_report_add(r, &src, NULL, &d);
    cwf_diags_free(&d);
    char *out = write_out(r, CWF_FMT_TEXT, false);
    assert_string_equal(out, "a\\nb\\x1b[2J\\u009b.yaml:1:2: error: bad `\\x1b` here\\r [CWF118]\n"
                             "  |\n  | x y\n  |  ^\n"
                             "  = note: line\\nbreak\\x7f\n"
                             "  = help: did you mean `x\\ty`?\n");
    free(out);
    out = write_out(r, CWF_FMT_GITHUB, false);
    assert_string_equal(out, "::error file=a%0Ab\\x1b[2J\\u009b.yaml,line=1,endLine=1,col=2,endColumn=3,"
                             "title=CWF118 bad-character::bad `\\x1b` here%0D%0Anote: line%0Abreak\\x7f"
                             "%0Ahelp: did you mean `x\\ty`?\n");
    free(out);
    cwf_report_free(r);
}

/* A write that fails is reported. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    cwf_report *r = sample("a.yaml");
    assert_false(cwf_report_write(r, CWF_FMT_SARIF, f, false));
    fclose(f);
    f = fopen("/dev/null", "w");
    assert_true(cwf_report_write(r, CWF_FMT_TEXT, f, false));
    fclose(f);
    cwf_report_free(r);
}

static void test_github(void **state)
{
    (void)state;
    cwf_report *r = sample("x,y:z%.yaml");
    char *out = write_out(r, CWF_FMT_GITHUB, false);
    assert_non_null(strstr(out, "::error file=x%2Cy%3Az%25.yaml,line=7,endLine=7,col=27,endColumn=29,"
                                "title=CWF108 double-equals::`==` is not \"an\" operator%0Anote: 100%25 "
                                "sure,%0Areally%0Ahelp: did you mean `=`?%0Ain Res:1\n"));
    assert_non_null(strstr(out, "::notice file="));
    free(out);
    cwf_report_free(r);
}

/* A finding about no file (a log group without any filter): no file, line
 * or snippet in any format. */
static void test_nowhere(void **state)
{
    (void)state;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_diag_note(cwf_diag_add(&d, CWF_R_GROUP_NOT_COVERED, (cwf_span){0, 0}, "no filter\x1b"),
                  "none here");
    cwf_report *r = cwf_report_new();
    cwf_report_add(r, NULL, NULL, &d);
    cwf_diags_free(&d);
    char *out = write_out(r, CWF_FMT_TEXT, false);
    assert_string_equal(out, "cwfilter: error: no filter\\x1b [CWF404]\n  = note: none here\n");
    free(out);
    out = write_out(r, CWF_FMT_GITHUB, false);
    assert_string_equal(out, "::error title=CWF404 not-covered-on-log-group::no filter\\x1b%0Anote: "
                             "none here\n");
    free(out);
    out = write_out(r, CWF_FMT_JSON, false);
    assert_non_null(strstr(out, "{\"file\":null,\"line\":null,\"column\":null,\"endLine\":null,"
                                "\"endColumn\":null,\"severity\":\"error\",\"rule\":\"CWF404\""));
    assert_non_null(strstr(out, "\"span\":null}"));
    free(out);
    out = write_out(r, CWF_FMT_SARIF, false);
    assert_non_null(strstr(out, "\"message\": {\"text\": \"no filter\\u001b\\nnote: none here\"}}\n"));
    assert_null(strstr(out, "\"locations\""));
    free(out);
    cwf_report_free(r);
}

/* source.h: positions past the end, a span over two lines (underlined on
 * its first), a span whose end is before its start, and when colour is
 * wanted (NO_COLOR, TERM, a terminal). */
static void test_source(void **state)
{
    (void)state;
    cwf_source src = {"p", "ab\ncd", 5, NULL};
    cwf_pos p = cwf_source_pos(&src, 99);
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 3);
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_diag_add(&d, CWF_R_SYNTAX, (cwf_span){1, 4}, "two lines");
    cwf_diag_add(&d, CWF_R_SYNTAX, (cwf_span){4, 3}, "backwards");
    cwf_buf b = CWF_BUF_INIT;
    cwf_render_diag(&b, &src, &d.v[0], false);
    assert_string_equal(b.p, "p:1:2: error: two lines [CWF100]\n  |\n  | ab\n  |  ^\n");
    cwf_buf_reset(&b);
    cwf_render_diag(&b, &src, &d.v[1], false);
    assert_string_equal(b.p, "p:2:2: error: backwards [CWF100]\n  |\n  | cd\n  |  ^\n");
    cwf_buf_free(&b);
    cwf_diags_free(&d);
    char *nc = getenv("NO_COLOR") ? strdup(getenv("NO_COLOR")) : NULL;
    char *term = getenv("TERM") ? strdup(getenv("TERM")) : NULL;
    int devnull = open("/dev/null", O_WRONLY);
    unsetenv("NO_COLOR");
    setenv("TERM", "xterm", 1);
    assert_false(cwf_want_color(devnull)); /* not a terminal */
    setenv("TERM", "dumb", 1);
    assert_false(cwf_want_color(devnull));
    unsetenv("TERM");
    assert_false(cwf_want_color(devnull));
    setenv("NO_COLOR", "1", 1);
    assert_false(cwf_want_color(devnull));
    close(devnull);
    if (nc)
        setenv("NO_COLOR", nc, 1);
    else
        unsetenv("NO_COLOR");
    if (term)
        setenv("TERM", term, 1);
    free(nc);
    free(term);
}

/* Findings about no file in colour: the severity coloured, a suggestion
 * as help. */
static void test_nowhere_color(void **state)
{
    (void)state;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_diag_suggest(cwf_diag_add(&d, CWF_R_GROUP_NOT_COVERED, (cwf_span){0, 0}, "no filter"), "x\ty");
    cwf_diag_add(&d, CWF_R_UNRESOLVED, (cwf_span){0, 0}, "unresolved");
    cwf_report *r = cwf_report_new();
    cwf_report_add(r, NULL, NULL, &d);
    cwf_diags_free(&d);
    char *out = write_out(r, CWF_FMT_TEXT, true);
    assert_string_equal(out, "cwfilter: \033[1;31merror\033[0m: no filter [CWF404]\n"
                             "  = help: did you mean `x\\ty`?\n"
                             "cwfilter: \033[1;36mnote\033[0m: unresolved [CWF401]\n");
    free(out);
    cwf_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_github),
        cmocka_unit_test(test_nowhere),
        cmocka_unit_test(test_nowhere_color),
        cmocka_unit_test(test_sarif_uri),
        cmocka_unit_test(test_text_escapes),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_source),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
