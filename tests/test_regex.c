/* test_regex.c: the regex subset and the byte automata (regex.h).
 *
 * The documented examples of SPEC 6.2 and the rejections of V8, the
 * wildcard DFAs of D7, witnesses, the laws of and/or/not, and a randomized
 * differential test against a small backtracking matcher written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"

/* ---- helpers ------------------------------------------------------------ */

/* The regex body, in a, which must parse without a diagnostic. */
static cwf_re *re_of(const char *body, cwf_arena *a)
{
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_re *re = cwf_re_parse(body, strlen(body), 1, a, &d);
    if (!re || d.n)
        fail_msg("%%%s%%: %s", body, d.n ? d.v[0].message : "no regex");
    cwf_diags_free(&d);
    return re;
}

/* The search DFA of body, which must parse without a diagnostic and be
 * within the caps. */
static cwf_dfa *dfa_of(const char *body)
{
    cwf_arena a = CWF_ARENA_INIT;
    cwf_dfa *m = cwf_dfa_regex(re_of(body, &a));
    if (!m)
        fail_msg("%%%s%%: no DFA", body);
    cwf_arena_free(&a);
    return m;
}

static bool accepts(const cwf_dfa *m, const char *s)
{
    return cwf_dfa_accepts(m, s, strlen(s));
}

/* Same language: neither minus the other has a string. */
static bool equivalent(const cwf_dfa *x, const cwf_dfa *y)
{
    cwf_dfa *nx = cwf_dfa_not(x), *ny = cwf_dfa_not(y);
    cwf_dfa *d1 = cwf_dfa_and(x, ny), *d2 = cwf_dfa_and(y, nx);
    bool eq = cwf_dfa_is_empty(d1) && cwf_dfa_is_empty(d2);
    cwf_dfa_free(nx);
    cwf_dfa_free(ny);
    cwf_dfa_free(d1);
    cwf_dfa_free(d2);
    return eq;
}

static bool same_regex(const char *r1, const char *r2)
{
    cwf_dfa *x = dfa_of(r1), *y = dfa_of(r2);
    bool eq = equivalent(x, y);
    cwf_dfa_free(x);
    cwf_dfa_free(y);
    return eq;
}

/* ---- SPEC 6.2 ----------------------------------------------------------- */

typedef struct example {
    const char *re;
    const char *yes[8];
    const char *no[8];
} example;

static const example examples[] = {
    /* X1 */ {"^[hc]at", {"hat", "cat", "hats off", "cat food"},
              {"a hat", "that", " cat", ""}},
    /* X2 */ {"[hc]at$", {"hat", "cat", "the hat", "a cat"}, {"hats", "cat "}},
    /* X3 */ {"colou?r", {"color", "colour", "my colour is"}, {"colouur", "colr"}},
    /* X4 */ {"[abc]", {"a", "xbx", "c"}, {"xyz", "", "ABC"}},
    /* X4 */ {"[a-z]", {"q", "Q1q"}, {"Q1", ""}},
    /* X4 */ {"[abcx-z]", {"y", "b", "z"}, {"d", "w", "X"}},
    /* X5 */ {"a{3,5}", {"aaa", "aaaa", "aaaaa", "aaaaaa", "baaab"},
              {"aa", "a a a", "aabaa"}},
    /* X6 */ {"gra|ey", {"gray", "grey"}, {"gry", "great"}},
    /* X7 */ {"^starting|^initializing|^shutting down",
              {"starting x", "initializing y", "shutting down", "starting"},
              {"skipping initializing z", " starting", "shutting",
               "shutting  down"}},
    /* X8, with its closing % restored (Q28) */
             {"abcc|ab[^c]$", {"abcc x", "aba", "x abd"}, {"aac x", "aba x", "abc"}},
    /* X9 */ {"\\[.\\]", {"[a]", "[b]", "[7]", "[@]", "[]]", "[ ]"}, {"[]", "[ab]"}},
    /* X10 */ {"10\\.10\\.0\\.1", {"10.10.0.1", "ip 10.10.0.15"}, {"10010,051"}},
    /* X11 */ {"10.10.0.1", {"10010,051", "10.10.0.1"}, {"10.10.0", "1010001"}},
    /* X12 */ {"ab*c", {"ac", "abc", "abbbc"}, {"ab", "abd", "a c"}},
    /* X13 */ {"ab[0-9]*", {"ab", "ab0", "ab129"}, {"a b", "ba", ""}},
    /* X14 */ {"ab+c", {"abc", "abbc", "abbbc"}, {"ac", "ab c"}},
    /* X15 */ {".at", {"hat", "cat", "bat", "4at", "#at", " at", "\nat"},
               {"at", "a t", ""}},
    /* X16 */ {"\\x3A", {":", "a:b"}, {"x3A", ""}},
    /* X16 */ {"\\x28", {"(", "f()"}, {")", "x28"}},
    /* X19 */ {"\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}",
               {"10.0.0.1", "ip=192.168.1.254;", "1234.5.6.7"},
               {"10.0.0", "a.b.c.d", "1.2.3.", "1.2.3.a"}},
    /* X19 */ {"[Ee]rror|[Ff]ail", {"Error", "error", "Fail", "fail", "xfailx"},
               {"ERROR", "FAIL", "rror"}},
    /* SPEC 3.1 and 3.4 */
    {"AUTHORIZED", {"[ERROR 401] UNAUTHORIZED REQUEST"}, {"authorized"}},
    {"/service/resource/[0-9]+$", {"/service/resource/67"},
     {"/service/resource/67/part/111", "/service/resource/"}},
    {"127\\.0\\.0\\.[1-9]", {"127.0.0.1", "127.0.0.9"}, {"127.0.0.0", "127a0.0.1"}},
    {"val.{2}", {"valxy", "value"}, {"val", "vaxy", "valx"}},
    {"Trail", {"UpdateTrail", "Trail"}, {"trail"}},
    /* Q12: the space and : are literals */
    {"bind: address already in use", {"bind: address already in use"},
     {"bind address already in use"}},
    {"[a-z]+ \\d{2,4}", {"abc 123", "x 12"}, {"abc 1", "ABC 123"}},
};

static void test_examples(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        const example *e = &examples[i];
        cwf_dfa *m = dfa_of(e->re);
        for (size_t j = 0; j < 8 && e->yes[j]; j++)
            if (!accepts(m, e->yes[j]))
                fail_msg("%%%s%% should match \"%s\"", e->re, e->yes[j]);
        for (size_t j = 0; j < 8 && e->no[j]; j++)
            if (accepts(m, e->no[j]))
                fail_msg("%%%s%% should not match \"%s\"", e->re, e->no[j]);
        cwf_dfa_free(m);
    }
}

/* X17: the escapes mean the documented classes. */
static void test_x17_equivalences(void **state)
{
    (void)state;
    assert_true(same_regex("\\d", "[0-9]"));
    assert_true(same_regex("\\D", "[^0-9]"));
    assert_true(same_regex("\\w", "[a-zA-Z_0-9]"));
    assert_true(same_regex("\\W", "[^a-zA-Z_0-9]"));
    assert_true(same_regex("\\s", "[ \\x09-\\x0D]"));
    assert_true(same_regex("\\S", "[^ \\x09-\\x0D]"));
    assert_false(same_regex("\\d", "[0-8]"));
    assert_false(same_regex("\\w", "[a-zA-Z0-9]"));
    assert_false(same_regex("\\s", "[ \\x09\\x0A]"));
    /* and a few more, of the same kind */
    assert_true(same_regex("[\\d\\D]", "."));
    assert_true(same_regex("a{2}", "aa"));
    assert_true(same_regex("a{2,}", "aa+"));
    assert_true(same_regex("a{,2}", ""));       /* unanchored: always */
    assert_true(same_regex("x\\x41", "xA"));
    assert_true(same_regex("\\xff", "\\xFF"));
}

/* ---- rejections (V8, X18, X20, and the subset's own) --------------------- */

typedef struct rejection {
    const char *re;
    uint32_t start, end; /* with the body at offset 1, as after a % */
    const char *message;
} rejection;

#define NOT_ALLOWED(c, hex) \
    "`" c "` is not allowed in a CloudWatch regex; write \\x" hex " to match it"
#define PARENS "parentheses are not allowed in a CloudWatch regex; " \
               "write \\x28 and \\x29 to match them"
#define NOTHING(c) "`" c "` has nothing to repeat; write \\" c " to match it"
#define BRACE "`{` must start a repetition such as {2}, {2,} or {1,3}; " \
              "write \\{ to match it"
#define LAZY(q, g) "lazy quantifiers are not supported: CloudWatch regexes " \
                   "have no `" q "`; write `" g "`, which matches the same text"

static const rejection rejections[] = {
    /* X18, V8 */
    {"something!", 10, 11, NOT_ALLOWED("!", "21")},
    {"(ab)+", 1, 2, PARENS},
    {"\\(ab\\)", 1, 3, PARENS},
    {"caf\xC3\xA9", 4, 6, "multi-byte characters are not supported"},
    {"\xE2\x82\xAC 5", 1, 4, "multi-byte characters are not supported"},
    {"\x80", 1, 2, "multi-byte characters are not supported"},
    /* other characters */
    {"ab)", 3, 4, PARENS},
    {"[a(]", 3, 4, PARENS},
    {"[a\\)]", 3, 5, PARENS},
    {"a%b", 2, 3, NOT_ALLOWED("%", "25")},
    {"a\"b", 2, 3, NOT_ALLOWED("\"", "22")},
    {"x'y", 2, 3, NOT_ALLOWED("'", "27")},
    {"[<]", 2, 3, NOT_ALLOWED("<", "3C")},
    {"a\tb", 2, 3, "a tab is not allowed in a CloudWatch regex; write \\x09 "
                   "to match it"},
    {"a\nb", 2, 3, "a newline is not allowed in a CloudWatch regex; write "
                   "\\x0A to match it"},
    {"a\x01", 2, 3, "the control character \\x01 is not allowed in a "
                    "CloudWatch regex; write \\x01 to match it"},
    {"a`", 2, 3, "a backquote is not allowed in a CloudWatch regex; write "
                 "\\x60 to match it"},
    /* escapes */
    {"\\q", 1, 3, "`\\q` is not a CloudWatch regex escape; the escapes are "
                  "\\d \\D \\s \\S \\w \\W and \\xHH"},
    {"a\\b", 2, 4, "`\\b` is not a CloudWatch regex escape; the escapes are "
                   "\\d \\D \\s \\S \\w \\W and \\xHH"},
    {"\\n", 1, 3, "`\\n` is not a CloudWatch regex escape; write \\x0A to "
                  "match a newline"},
    {"\\t", 1, 3, "`\\t` is not a CloudWatch regex escape; write \\x09 to "
                  "match a tab"},
    {"\\!", 1, 3, "`\\!` is not a CloudWatch regex escape; write \\x21 to "
                  "match `!`"},
    {"\\1", 1, 3, "`\\1` is not a CloudWatch regex escape; the escapes are "
                  "\\d \\D \\s \\S \\w \\W and \\xHH"},
    {"ab\\", 3, 4, "a `\\` at the end of a regex escapes nothing; write "
                   "\\\\ to match a backslash"},
    {"\\xZ1", 1, 3, "`\\x` must be followed by two hex digits, as in \\x3A"},
    {"\\x4", 1, 4, "`\\x` must be followed by two hex digits, as in \\x3A"},
    {"\\x", 1, 3, "`\\x` must be followed by two hex digits, as in \\x3A"},
    {"\\\xC3\xA9", 2, 4, "multi-byte characters are not supported"},
    /* classes */
    {"[abc", 1, 5, "this class has no closing `]`"},
    {"x[a-", 2, 5, "this class has no closing `]`"},
    {"[", 1, 2, "this class has no closing `]`"},
    {"[]", 1, 3, "the class `[]` is empty; write \\] to match a `]`"},
    {"[^]", 1, 4, "the class `[^]` is empty; write \\] to match a `]`"},
    {"[z-a]", 2, 5, "the range `z-a` is backwards; write `a-z`"},
    {"[\\x7A-a]", 2, 8, "the range `\\x7A-a` is backwards; write `a-\\x7A`"},
    {"[\\d-z]", 2, 4, "`\\d` cannot start a range; write \\- to match a `-`"},
    {"[a-\\w]", 4, 6, "`\\w` cannot end a range"},
    /* repetition */
    {"*a", 1, 2, NOTHING("*")},
    {"a|+b", 3, 4, NOTHING("+")},
    {"?", 1, 2, NOTHING("?")},
    {"{2}", 1, 2, NOTHING("{")},
    {"a**", 3, 4, NOTHING("*")},
    {"a*+", 3, 4, NOTHING("+")},
    {"a+*", 3, 4, NOTHING("*")},
    {"a*{2}", 3, 4, NOTHING("{")},
    /* SPEC 3.4: no lazy quantifiers.  These once parsed as a stacked
     * (a+)?; now the `?` is an error. */
    {"a+?", 3, 4, LAZY("+?", "+")},
    {"a*?", 3, 4, LAZY("*?", "*")},
    {"a??", 3, 4, LAZY("??", "?")},
    {"a{2,3}?", 7, 8, LAZY("{2,3}?", "{2,3}")},
    {"xa{2}?y", 6, 7, LAZY("{2}?", "{2}")},
    {"b|\\d{,}?", 8, 9, LAZY("{,}?", "{,}")},
    {"a*??", 3, 4, LAZY("*?", "*")},
    {"a?*", 3, 4, NOTHING("*")},
    {"a{2,1}", 2, 7, "the repetition `{2,1}` has a minimum above its maximum"},
    {"a{1001}", 3, 7, "the repetition bound 1001 is too large; the limit is "
                      "1000"},
    {"a{0,99999999999999999999}", 5, 25, "the repetition bound "
     "99999999999999999999 is too large; the limit is 1000"},
    {"a{}", 2, 3, BRACE},
    {"a{1", 2, 3, BRACE},
    {"a{x}", 2, 3, BRACE},
    {"a{1,2,3}", 2, 3, BRACE},
    {"a{ 1}", 2, 3, BRACE},
    {"^*", 2, 3, "the anchor `^` cannot be repeated"},
    {"a$?", 3, 4, "the anchor `$` cannot be repeated"},
    {"a]", 2, 3, "`]` closes nothing; write \\] to match it"},
    {"a}", 2, 3, "`}` closes nothing; write \\} to match it"},
    /* (the cap on the NFA: see test_no_dfa; regexes over the DFA caps are
     * no error) */
};

static void test_rejections(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rejections / sizeof rejections[0]; i++) {
        const rejection *r = &rejections[i];
        cwf_arena a = CWF_ARENA_INIT;
        cwf_diags d = CWF_DIAGS_INIT;
        cwf_re *re = cwf_re_parse(r->re, strlen(r->re), 1, &a, &d);
        if (re || d.n != 1)
            fail_msg("%%%s%%: expected one diagnostic, got %zu", r->re, d.n);
        if (d.v[0].rule != CWF_R_BAD_REGEX ||
            d.v[0].span.start != r->start || d.v[0].span.end != r->end ||
            strcmp(d.v[0].message, r->message) != 0)
            fail_msg("%%%s%%: got [%u,%u) \"%s\"\n  expected [%u,%u) \"%s\"",
                     r->re, d.v[0].span.start, d.v[0].span.end,
                     d.v[0].message, r->start, r->end, r->message);
        cwf_diags_free(&d);
        cwf_arena_free(&a);
    }
}

/* What the subset allows, including the choices SPEC leaves open. */
static void test_accepted_forms(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "", "a|", "|", ":_#=@/;,- ", "a{,}", "a{,3}", "a{0}", "a{1000}",
        "\\^\\$\\?\\*\\+\\.\\|\\[\\]\\{\\}\\\\", "\\:\\_\\#\\=\\@\\/\\;\\,\\-",
        "[.*+?$|{}[^]", "[-a]", "[a-]", "[a-b-c]", "\\xff\\x00", "[\\]]", "[\\^a]", "^$", "$^", "a^b",
        "\\d{1000}", "\\ ",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        cwf_dfa *m = dfa_of(ok[i]);
        cwf_dfa_free(m);
    }
    cwf_dfa *m = dfa_of("\\^\\$\\?\\*\\+\\.\\|\\[\\]\\{\\}\\\\");
    assert_true(accepts(m, "x^$?*+.|[]{}\\"));
    assert_false(accepts(m, "^$?*+.|[]{}"));
    cwf_dfa_free(m);
    m = dfa_of("[.*+?$|{}[^]");
    assert_true(accepts(m, "^") && accepts(m, "[") && accepts(m, "{"));
    assert_false(accepts(m, "a") || accepts(m, "]"));
    cwf_dfa_free(m);
    m = dfa_of("^[a-b-c]$");
    assert_true(accepts(m, "a") && accepts(m, "-") && accepts(m, "c"));
    assert_false(accepts(m, "d"));
    cwf_dfa_free(m);

    /* (a*?, a+?, a?? and a{2,3}? once parsed here as stacked quantifiers,
     * (a+)? and the like; SPEC 3.4 rejects lazy quantifiers: see
     * test_rejections.) */
    assert_true(same_regex("^a{,}$", "^a*$"));
    assert_true(same_regex("^a{0}$", "^$"));
    assert_true(same_regex("^a{,2}$", "^$|^a$|^aa$"));
}

/* ^ and $ anchor at the ends of the whole string, even inside
 * alternatives. */
static void test_anchors(void **state)
{
    (void)state;
    cwf_dfa *m = dfa_of("^$");
    assert_true(accepts(m, ""));
    assert_false(accepts(m, "a") || accepts(m, "\n"));
    cwf_dfa_free(m);
    assert_true(same_regex("$^", "^$"));
    assert_true(same_regex("^", ""));
    assert_true(same_regex("$", ""));
    assert_true(same_regex("^|x", ""));
    m = dfa_of("a^");
    assert_true(cwf_dfa_is_empty(m));
    cwf_dfa_free(m);
    m = dfa_of("$a|b^");
    assert_true(cwf_dfa_is_empty(m));
    cwf_dfa_free(m);
    m = dfa_of("x$|^y");
    assert_true(accepts(m, "ax") && accepts(m, "ya") && accepts(m, "y"));
    assert_false(accepts(m, "xa") || accepts(m, "ay") || accepts(m, ""));
    cwf_dfa_free(m);
    m = dfa_of("^a*$");
    assert_true(accepts(m, "") && accepts(m, "aaa"));
    assert_false(accepts(m, "ab"));
    cwf_dfa_free(m);
    /* Empty regex and empty alternatives match everywhere. */
    m = dfa_of("");
    assert_true(accepts(m, "") && accepts(m, "\xff\n"));
    assert_int_equal(cwf_dfa_states(m), 1);
    cwf_dfa_free(m);
    /* Bytes: . and negated classes take newline and bytes above 127. */
    m = dfa_of("^.$");
    assert_true(accepts(m, "\n") && accepts(m, "\xC3"));
    assert_true(cwf_dfa_accepts(m, "\0", 1));
    assert_false(accepts(m, "\xC3\xA9"));
    cwf_dfa_free(m);
    m = dfa_of("a[^b]c");
    assert_true(accepts(m, "a\nc") && accepts(m, "a\xff" "c"));
    assert_false(accepts(m, "abc"));
    cwf_dfa_free(m);
}

/* ---- wildcard strings (D7) ------------------------------------------------ */

static void test_strings(void **state)
{
    (void)state;
    cwf_dfa *m = cwf_dfa_string("Event", 5, CWF_W_SUFFIX);  /* *Event */
    assert_true(accepts(m, "PutEvent") && accepts(m, "Event"));
    assert_false(accepts(m, "EventId") || accepts(m, "Even") || accepts(m, ""));
    cwf_dfa_free(m);
    m = cwf_dfa_string("Event", 5, CWF_W_PREFIX);           /* Event* */
    assert_true(accepts(m, "EventId") && accepts(m, "Event"));
    assert_false(accepts(m, "PutEvent") || accepts(m, "Even"));
    cwf_dfa_free(m);
    m = cwf_dfa_string("Event", 5, CWF_W_CONTAINS);         /* *Event* */
    assert_true(accepts(m, "xEventx") && accepts(m, "Event"));
    assert_false(accepts(m, "Evenx") || accepts(m, "event"));
    assert_int_equal(cwf_dfa_states(m), 6);
    cwf_dfa_free(m);
    m = cwf_dfa_string("Ev*ent", 6, CWF_W_NONE);            /* Ev*ent */
    assert_true(accepts(m, "Ev*ent"));
    assert_false(accepts(m, "Event") || accepts(m, "EvXent") ||
                 accepts(m, "Ev*ent ") || accepts(m, "Ev**ent"));
    assert_int_equal(cwf_dfa_states(m), 8);
    cwf_dfa_free(m);
    m = cwf_dfa_string(NULL, 0, CWF_W_ANY);                 /* * */
    assert_true(accepts(m, "") && accepts(m, "anything"));
    assert_true(cwf_dfa_accepts(m, "\0\xff", 2));
    cwf_dfa_free(m);
    m = cwf_dfa_string("", 0, CWF_W_NONE);
    assert_true(accepts(m, ""));
    assert_false(accepts(m, " "));
    cwf_dfa_free(m);
    m = cwf_dfa_string("a\0b", 3, CWF_W_NONE);
    assert_true(cwf_dfa_accepts(m, "a\0b", 3));
    assert_false(cwf_dfa_accepts(m, "a\0", 2) || accepts(m, "ab"));
    cwf_dfa_free(m);
    m = cwf_dfa_string("aab", 3, CWF_W_CONTAINS);           /* KMP fallback */
    assert_true(accepts(m, "aaab") && accepts(m, "abaab"));
    assert_false(accepts(m, "abab") || accepts(m, "aba"));
    cwf_dfa_free(m);

    /* The same languages as regexes. */
    static const struct {
        cwf_wild w;
        const char *re;
    } same[] = {
        {CWF_W_NONE, "^a\\.b\\*$"}, {CWF_W_PREFIX, "^a\\.b\\*"},
        {CWF_W_SUFFIX, "a\\.b\\*$"}, {CWF_W_CONTAINS, "a\\.b\\*"},
        {CWF_W_ANY, ""},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        cwf_dfa *x = cwf_dfa_string("a.b*", 4, same[i].w), *y = dfa_of(same[i].re);
        assert_true(equivalent(x, y));
        assert_int_equal(cwf_dfa_states(x), cwf_dfa_states(y));
        cwf_dfa_free(x);
        cwf_dfa_free(y);
    }
}

/* ---- witnesses ------------------------------------------------------------ */

static void check_witness(const cwf_dfa *m, const char *want, size_t n)
{
    cwf_buf b = CWF_BUF_INIT;
    assert_true(cwf_dfa_witness(m, &b));
    if (b.len != n || memcmp(cwf_buf_str(&b), want, n) != 0)
        fail_msg("witness \"%s\", expected \"%s\"", cwf_buf_str(&b), want);
    assert_true(cwf_dfa_accepts(m, b.p, b.len));
    cwf_buf_free(&b);
}

static void regex_witness(const char *re, const char *want)
{
    cwf_dfa *m = dfa_of(re);
    check_witness(m, want, strlen(want));
    cwf_dfa_free(m);
}

static void test_witness(void **state)
{
    (void)state;
    regex_witness("abc", "abc");
    regex_witness("[0-9]{3}", "000");
    regex_witness("^[A-Z]x$", "Ax");
    regex_witness("\\s", " ");
    regex_witness("[^a-z]", "A");
    regex_witness("[^a-zA-Z]", "0");
    regex_witness("[^\\w\\s]", "!");
    regex_witness("x|yy", "x");
    regex_witness("zz|yy", "yy");
    regex_witness(".", "a");
    regex_witness("\\W", " ");
    regex_witness("^$", "");
    regex_witness("a{3}|b{2}", "bb");
    regex_witness("^[^ -\\x7E]$", "\t");
    cwf_dfa *m = dfa_of("\\x00");
    check_witness(m, "\0", 1);
    cwf_dfa_free(m);

    /* "not DeleteGroupPolicy" reads like "" or "a". */
    const char *name = "DeleteGroupPolicy";
    cwf_dfa *eq = cwf_dfa_string(name, strlen(name), CWF_W_NONE);
    cwf_dfa *ne = cwf_dfa_not(eq), *empty = cwf_dfa_string("", 0, CWF_W_NONE);
    cwf_dfa *nonempty = cwf_dfa_not(empty), *both = cwf_dfa_and(ne, nonempty);
    check_witness(ne, "", 0);
    check_witness(both, "a", 1);
    check_witness(eq, name, strlen(name));
    cwf_dfa_free(eq);
    cwf_dfa_free(ne);
    cwf_dfa_free(empty);
    cwf_dfa_free(nonempty);
    cwf_dfa_free(both);

    /* The empty language has none, and leaves the buffer alone. */
    cwf_buf b = CWF_BUF_INIT;
    m = cwf_dfa_none();
    assert_false(cwf_dfa_witness(m, &b));
    assert_int_equal(b.len, 0);
    cwf_dfa_free(m);
    cwf_buf_puts(&b, "x=");
    m = dfa_of("b$");
    assert_true(cwf_dfa_witness(m, &b));
    assert_string_equal(cwf_buf_str(&b), "x=b");
    cwf_dfa_free(m);
    cwf_buf_free(&b);
}

/* ---- the laws of and, or, not --------------------------------------------- */

static const char *const law_regexes[] = {
    "", "a^", "abc", "^a*$", "[ab]c|d$", "\\d{2,4}", "^x|y$", "^$", ".",
    "^Put[A-Z]", "Policy$", "a{3,5}b?",
};

static const char *const law_strings[] = {
    "", "a", "abc", "xabcx", "aaaa", "ac", "d", "12", "12345", "x", "y",
    "PutRolePolicy", "Policy ", "aaab", "\n", "bc",
};

static cwf_dfa *law_dfa(size_t i)
{
    size_t nre = sizeof law_regexes / sizeof law_regexes[0];
    if (i < nre)
        return dfa_of(law_regexes[i]);
    switch (i - nre) {
    case 0: return cwf_dfa_all();
    case 1: return cwf_dfa_none();
    case 2: return cwf_dfa_string("Policy", 6, CWF_W_SUFFIX);
    case 3: return cwf_dfa_string("abc", 3, CWF_W_NONE);
    default: return cwf_dfa_string("Put", 3, CWF_W_PREFIX);
    }
}

static void test_laws(void **state)
{
    (void)state;
    size_t n = sizeof law_regexes / sizeof law_regexes[0] + 5;
    size_t ns = sizeof law_strings / sizeof law_strings[0];
    cwf_dfa *all = cwf_dfa_all(), *none = cwf_dfa_none();
    assert_true(cwf_dfa_is_empty(none));
    assert_false(cwf_dfa_is_empty(all));
    for (size_t i = 0; i < n; i++) {
        cwf_dfa *x = law_dfa(i), *nx = cwf_dfa_not(x), *nnx = cwf_dfa_not(nx);
        cwf_dfa *xa = cwf_dfa_and(x, nx), *xo = cwf_dfa_or(x, nx);
        cwf_dfa *nxo = cwf_dfa_not(xo), *cp = cwf_dfa_copy(x);
        cwf_dfa *xx = cwf_dfa_and(x, x), *xy = cwf_dfa_or(x, x);
        cwf_dfa *x1 = cwf_dfa_and(x, all), *x0 = cwf_dfa_or(x, none);
        cwf_dfa *e0 = cwf_dfa_and(x, none), *e1 = cwf_dfa_or(all, x);
        assert_true(equivalent(x, nnx));
        assert_true(cwf_dfa_is_empty(xa));
        assert_true(cwf_dfa_is_empty(nxo));
        assert_true(equivalent(x, cp) && equivalent(x, x1) && equivalent(x, x0));
        assert_true(cwf_dfa_is_empty(e0));
        assert_true(equivalent(e1, all));
        /* Minimal and canonical: idempotent products keep the size. */
        assert_int_equal(cwf_dfa_states(xx), cwf_dfa_states(x));
        assert_int_equal(cwf_dfa_states(xy), cwf_dfa_states(x));
        assert_int_equal(cwf_dfa_states(x1), cwf_dfa_states(x));
        assert_int_equal(cwf_dfa_states(nnx), cwf_dfa_states(x));
        for (size_t j = 0; j < n; j++) {
            cwf_dfa *y = law_dfa(j), *ny = cwf_dfa_not(y);
            cwf_dfa *and = cwf_dfa_and(x, y), *or = cwf_dfa_or(x, y);
            cwf_dfa *yx = cwf_dfa_and(y, x), *nand = cwf_dfa_not(and);
            cwf_dfa *dm = cwf_dfa_or(nx, ny);
            assert_true(equivalent(nand, dm)); /* De Morgan */
            assert_true(equivalent(and, yx));
            assert_int_equal(cwf_dfa_states(and), cwf_dfa_states(yx));
            for (size_t s = 0; s < ns; s++) {
                const char *t = law_strings[s];
                bool in_x = accepts(x, t), in_y = accepts(y, t);
                assert_int_equal(accepts(and, t), in_x && in_y);
                assert_int_equal(accepts(or, t), in_x || in_y);
                assert_int_equal(accepts(nx, t), !in_x);
            }
            cwf_dfa_free(y);
            cwf_dfa_free(ny);
            cwf_dfa_free(and);
            cwf_dfa_free(or);
            cwf_dfa_free(yx);
            cwf_dfa_free(nand);
            cwf_dfa_free(dm);
        }
        cwf_dfa *fs[] = {x, nx, nnx, xa, xo, nxo, cp, xx, xy, x1, x0, e0, e1};
        for (size_t j = 0; j < sizeof fs / sizeof fs[0]; j++)
            cwf_dfa_free(fs[j]);
    }
    cwf_dfa_free(all);
    cwf_dfa_free(none);
    cwf_dfa_free(NULL);
}

/* Minimal sizes of a few search DFAs. */
static void test_sizes(void **state)
{
    (void)state;
    static const struct {
        const char *re;
        size_t states;
    } sizes[] = {
        {"", 1}, {"a^", 1}, {"abc", 4}, {"^abc", 5}, {"^abc$", 5},
        {"abc$", 4}, {"a{3,5}", 4}, {"\\d{1000}", 1001}, {"^.{1000}$", 1002},
        /* counted runs whose subsets would grow exponentially */
        {"a.{30}", 32}, {".*a.{30}", 32}, {"[ab]*a[ab]{20}", 22},
        {"a.{1000}", 1002}, {"a[ab]{15}$", 65536},
        /* a closure of 41 states (sorted by qsort past 32) */
        {"^a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?b$", 43},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        cwf_dfa *m = dfa_of(sizes[i].re);
        if (cwf_dfa_states(m) != sizes[i].states)
            fail_msg("%%%s%%: %zu states, expected %zu", sizes[i].re,
                     cwf_dfa_states(m), sizes[i].states);
        cwf_dfa_free(m);
    }
    /* Long inputs stop early at a decided state. */
    size_t n = 1 << 20;
    char *s = malloc(n);
    memset(s, 'x', n);
    cwf_dfa *m = dfa_of("x{8}");
    assert_true(cwf_dfa_accepts(m, s, n));
    cwf_dfa_free(m);
    m = dfa_of("y$");
    s[n - 1] = 'y';
    assert_true(cwf_dfa_accepts(m, s, n));
    assert_false(cwf_dfa_accepts(m, s, n - 1));
    cwf_dfa_free(m);
    free(s);
}

/* Windows: a{m,n} after a trigger, where only the nearest trigger counts. */
static void test_windows(void **state)
{
    (void)state;
    char s[1200];
    cwf_dfa *m = dfa_of("ERROR.{0,200}timeout");
    assert_true(accepts(m, "ERROR timeout") && accepts(m, "ERRORtimeout"));
    assert_true(accepts(m, "ERROR x ERROR y timeout"));
    snprintf(s, sizeof s, "ERROR%200stimeout", "");
    assert_true(accepts(m, s));
    snprintf(s, sizeof s, "ERROR%201stimeout", "");
    assert_false(accepts(m, s));
    snprintf(s, sizeof s, "ERROR%100sERROR%150stimeout", "", "");
    assert_true(accepts(m, s));
    cwf_dfa_free(m);
    m = dfa_of("a.{30}");
    snprintf(s, sizeof s, "xa%29s", "");
    assert_false(accepts(m, s));
    snprintf(s, sizeof s, "xa%30s", "");
    assert_true(accepts(m, s));
    cwf_dfa_free(m);
    m = dfa_of("a.{0,200}b.{0,200}c");
    snprintf(s, sizeof s, "a%200sb%200sc", "", "");
    assert_true(accepts(m, s));
    snprintf(s, sizeof s, "a%200sb%201sc", "", "");
    assert_false(accepts(m, s));
    snprintf(s, sizeof s, "a%201sb%200sc", "", "");
    assert_false(accepts(m, s));
    snprintf(s, sizeof s, "a%201sab%200sc", "", "");
    assert_true(accepts(m, s));
    cwf_dfa_free(m);
    assert_true(same_regex("a.{30}", "a.{30,}"));
    assert_true(same_regex("[ab]*a[ab]{20}", "a[ab]{20}"));
    assert_false(same_regex("a.{5}$", "a.{5,}$"));
}

/* ---- regexes over the DFA caps ------------------------------------------- */

/* Whether the regex body, which must parse and have no DFA, matches s. */
static bool nfa_accepts(const char *body, const char *s, size_t n)
{
    cwf_arena a = CWF_ARENA_INIT;
    cwf_re *re = re_of(body, &a);
    cwf_dfa *m = cwf_dfa_regex(re);
    if (m)
        fail_msg("%%%s%%: has a DFA of %zu states", body, cwf_dfa_states(m));
    bool r = cwf_re_search(re, s, n);
    cwf_arena_free(&a);
    return r;
}

static bool nfa_match(const char *body, const char *s)
{
    return nfa_accepts(body, s, strlen(s));
}

/* Valid regexes whose search DFAs are over the caps (x.{16}x needs about
 * 2^17 states) parse, have no DFA, and match by the NFA. */
static void test_no_dfa(void **state)
{
    (void)state;
    char s[64];
    assert_true(nfa_match("x.{16}x", "x1234567890123456x"));
    assert_true(nfa_match("x.{16}x", "ab x1234567890123456x cd"));
    assert_false(nfa_match("x.{16}x", "x123456789012345x"));
    assert_false(nfa_match("x.{16}x", "x12345678901234567x"));
    assert_false(nfa_match("x.{16}x", ""));
    assert_true(nfa_match("x.{20}x", "x12345678901234567890x"));
    assert_false(nfa_match("x.{20}x", "x1234567890123456789x"));
    /* the x that closes one window opens another */
    assert_true(nfa_match("x.{20}x", "x1234567890123456789xx"));
    assert_true(nfa_match("x.{20}x", "x\n2345678901234567890x"));
    snprintf(s, sizeof s, "a%20sc", "");
    assert_true(nfa_match("a[^b]{20}c", s));
    s[7] = 'b';
    assert_false(nfa_match("a[^b]{20}c", s));
    snprintf(s, sizeof s, "a%19sc", "");
    assert_false(nfa_match("a[^b]{20}c", s));
    assert_true(nfa_accepts("a[^b]{20}c", "a\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0c", 22));
    /* ^ and $ anchor at the ends of the whole string (D16) */
    assert_true(nfa_match("a[ab]{20}$", "za" "abababababbbbbbbbbbb"));
    assert_false(nfa_match("a[ab]{20}$", "za" "abababababbbbbbbbbbb "));
    assert_false(nfa_match("a[ab]{20}$", "a" "bbbbbbbbbbbbbbbbbbb"));
    assert_true(nfa_match("a.{16}a|^x.{16}x", "x1234567890123456x."));
    assert_false(nfa_match("a.{16}a|^x.{16}x", ".x1234567890123456x"));
    assert_true(nfa_match("x.{16}x|^$", ""));
    assert_false(nfa_match("x.{16}x|^$", " "));
    assert_true(nfa_match("x.{16}x|b$", "ab"));
    assert_false(nfa_match("x.{16}x|b$", "ba"));
    assert_false(nfa_match("x.{16}x$^", "x1234567890123456x"));
    assert_false(nfa_match("a.{0,100}b.{0,100}c.{0,100}d", "abdc"));
    assert_true(nfa_match("a.{0,100}b.{0,100}c.{0,100}d", "abcd"));
    assert_true(nfa_match("a.{0,100}b.{0,100}c.{0,100}d", "a b c d"));

    /* The time is linear in the length: a 256 KiB event (CloudWatch's
     * largest) with every window open at every byte. */
    size_t n = 256 * 1024;
    char *big = malloc(n);
    memset(big, 'x', n);
    assert_false(nfa_accepts("x.{16}y", big, n));
    big[n - 1] = 'y';
    assert_true(nfa_accepts("x.{16}y", big, n));
    assert_true(nfa_accepts("x.{16}y$", big, n));
    assert_false(nfa_accepts("x.{16}y$", big, n - 1));
    free(big);

    /* The NFA cap is still an error: the bounds multiply out past it. */
    cwf_buf b = CWF_BUF_INIT;
    for (int k = 0; k < 140; k++)
        cwf_buf_puts(&b, ".{1000}");
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    assert_null(cwf_re_parse(b.p, b.len, 1, &a, &d));
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].rule, CWF_R_BAD_REGEX);
    assert_int_equal(d.v[0].span.start, 1);
    assert_int_equal(d.v[0].span.end, 1 + b.len);
    assert_string_equal(d.v[0].message, "this regex is too large to compile: "
                        "its repetitions expand to more than 131072 "
                        "automaton states");
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    cwf_buf_free(&b);
    /* and a regex with a DFA searches with it */
    cwf_re *re = re_of("ab{2}c$", &a);
    cwf_dfa *m = cwf_dfa_regex(re);
    assert_non_null(m);
    assert_true(cwf_re_search(re, "xabbc", 5) && !cwf_re_search(re, "abbcx", 5));
    cwf_dfa_free(m);
    cwf_arena_free(&a);
}

/* ---- the randomized differential test ------------------------------------- */

/* A random regex is built from these atoms, each with its meaning. */
static const char *const atoms[] = {
    "a", "b", "c", "1", " ", ".", "[ab]", "[^a]", "[a-c]", "\\d", "\\w",
    "\\s", "\\x61", "\\.", "[^\\d ]", "-", "^", "$",
};
enum { A_BOL = 16, A_EOL = 17 };

static bool atom_has(int atom, unsigned char c)
{
    switch (atom) {
    case 0: return c == 'a';
    case 1: return c == 'b';
    case 2: return c == 'c';
    case 3: return c == '1';
    case 4: return c == ' ';
    case 5: return true;
    case 6: return c == 'a' || c == 'b';
    case 7: return c != 'a';
    case 8: return c >= 'a' && c <= 'c';
    case 9: return c >= '0' && c <= '9';
    case 10: return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
    case 11: return c == ' ' || (c >= '\t' && c <= '\r');
    case 12: return c == 'a';
    case 13: return c == '.';
    case 14: return !(c >= '0' && c <= '9') && c != ' ';
    case 15: return c == '-';
    }
    return false;
}

typedef struct quant {
    const char *text;
    int min, max; /* max -1: unbounded */
} quant;

/* (Stacked quantifiers such as *? and {2,3}? were drawn here too, read as
 * (a*)?; SPEC 3.4 rejects them as lazy quantifiers now.) */
static const quant quants[] = {
    {"", 1, 1}, {"", 1, 1}, {"", 1, 1}, {"*", 0, -1}, {"+", 1, -1},
    {"?", 0, 1}, {"{2}", 2, 2}, {"{1,2}", 1, 2}, {"{0,3}", 0, 3},
    {"{2,}", 2, -1}, {"{,1}", 0, 1}, {"{3}", 3, 3}, {"{1,4}", 1, 4},
    {"{2,4}", 2, 4}, {"{,}", 0, -1}, {"{0}", 0, 0}, {"{1,}", 1, -1},
};

/* A big piece: a counted run of a set of several bytes, which, between a
 * byte that may start it and another, can take the search DFA over its caps
 * (as x.{16}x does). */
static const int big_starts[] = {0, 1, 2, 3, 15}; /* a b c 1 - */
static const int big_atoms[] = {5, 6, 7, 8, 10, 14};
static const quant big_quants[] = {
    {"{16}", 16, 16}, {"{18}", 18, 18}, {"{20}", 20, 20},
    {"{14,20}", 14, 20}, {"{16,}", 16, -1}, {"{17}", 17, 17},
};

typedef struct tpiece {
    int atom, min, max;
} tpiece;

typedef struct tregex {
    tpiece p[3][6]; /* up to 3 alternatives of up to 6 pieces */
    int npieces[3], nalts;
    char text[256];
} tregex;

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static size_t put_piece(tpiece *p, int atom, const quant *q, char *text)
{
    p->atom = atom;
    p->min = q->min;
    p->max = q->max;
    return (size_t)sprintf(text, "%s%s", atoms[atom], q->text);
}

/* A random regex; with big, its first alternative has a big piece between
 * two bytes. */
static void random_regex(tregex *r, bool big)
{
    size_t len = 0;
    r->nalts = 1 + (int)(rnd(4) == 0) + (int)(rnd(6) == 0);
    for (int a = 0; a < r->nalts; a++) {
        if (a > 0)
            r->text[len++] = '|';
        r->npieces[a] = (int)rnd(big && a == 0 ? 4 : 6);
        int at = big && a == 0 ? (int)rnd((unsigned)r->npieces[a] + 1) : -9;
        r->npieces[a] += at >= 0 ? 3 : 0;
        for (int i = 0; i < r->npieces[a]; i++) {
            tpiece *p = &r->p[a][i];
            int atom = (int)rnd(i == at + 2 ? A_BOL : CWF_COUNT(atoms));
            const quant *q = atom >= A_BOL || i == at + 2 ? &quants[0]
                           : &quants[rnd(CWF_COUNT(quants))];
            if (i == at) { /* a byte of the big piece's set */
                int run = big_atoms[rnd(CWF_COUNT(big_atoms))];
                do
                    atom = big_starts[rnd(CWF_COUNT(big_starts))];
                while (!atom_has(run, (unsigned char)atoms[atom][0]));
                r->p[a][i + 1].atom = run;
                q = &quants[0];
            } else if (i == at + 1) {
                atom = p->atom;
                q = &big_quants[rnd(CWF_COUNT(big_quants))];
            }
            len += put_piece(p, atom, q, r->text + len);
        }
    }
    r->text[len] = '\0';
}

/* Do pieces i.. of ps match s from pos on?  (Anything may follow.) */
static bool ref_here(const tpiece *ps, int np, int i, const char *s, int n,
                     int pos)
{
    if (i == np)
        return true;
    const tpiece *p = &ps[i];
    if (p->atom == A_BOL)
        return pos == 0 && ref_here(ps, np, i + 1, s, n, pos);
    if (p->atom == A_EOL)
        return pos == n && ref_here(ps, np, i + 1, s, n, pos);
    for (int j = 0;; j++) {
        bool allowed = j >= p->min && (p->max < 0 || j <= p->max);
        if (allowed && ref_here(ps, np, i + 1, s, n, pos + j))
            return true;
        if ((p->max >= 0 && j >= p->max) || pos + j >= n ||
            !atom_has(p->atom, (unsigned char)s[pos + j]))
            return false;
    }
}

static bool ref_search(const tregex *r, const char *s, int n)
{
    for (int start = 0; start <= n; start++)
        for (int a = 0; a < r->nalts; a++)
            if (ref_here(r->p[a], r->npieces[a], 0, s, n, start))
                return true;
    return false;
}

/* A random string of fewer than max bytes. */
static void random_string(char *s, int *n, int max)
{
    static const char alphabet[] = "abc1 \n.x-Z_";
    *n = (int)rnd((unsigned)max);
    for (int i = 0; i < *n; i++)
        s[i] = alphabet[rnd(sizeof alphabet - 1)];
}

/* Does r match some string shorter than len (at most 3) over bytes that
 * stand for every byte? */
static bool shorter_match(const tregex *r, int len)
{
    static const char reps[] = "abc12 \t.-d!";
    const int nr = (int)sizeof reps - 1;
    char s[3];
    for (int n = 0; n < len; n++) {
        int total = 1;
        for (int i = 0; i < n; i++)
            total *= nr;
        for (int code = 0; code < total; code++) {
            for (int i = 0, c = code; i < n; i++, c /= nr)
                s[i] = reps[c % nr];
            if (ref_search(r, s, n))
                return true;
        }
    }
    return false;
}

static void test_differential(void **state)
{
    (void)state;
    enum { REGEXES = 3000, STRINGS = 40 };
    tregex r1, r2;
    char s[16];
    int n;
    for (int t = 0; t < REGEXES; t++) {
        random_regex(&r1, false);
        random_regex(&r2, false);
        cwf_arena ar = CWF_ARENA_INIT;
        cwf_re *re1 = re_of(r1.text, &ar);
        cwf_dfa *x = cwf_dfa_regex(re1), *y = dfa_of(r2.text);
        if (!x)
            fail_msg("%%%s%%: no DFA", r1.text);
        cwf_dfa *nx = cwf_dfa_not(x), *and = cwf_dfa_and(x, y);
        cwf_dfa *or = cwf_dfa_or(nx, y);
        for (int k = 0; k < STRINGS; k++) {
            random_string(s, &n, 9);
            bool in_x = ref_search(&r1, s, n), in_y = ref_search(&r2, s, n);
            if (cwf_dfa_accepts(x, s, (size_t)n) != in_x)
                fail_msg("%%%s%% on \"%.*s\": dfa %d, reference %d", r1.text,
                         n, s, !in_x, in_x);
            assert_int_equal(cwf_re_search(re1, s, (size_t)n), in_x);
            assert_int_equal(cwf_dfa_accepts(nx, s, (size_t)n), !in_x);
            assert_int_equal(cwf_dfa_accepts(and, s, (size_t)n), in_x && in_y);
            assert_int_equal(cwf_dfa_accepts(or, s, (size_t)n), !in_x || in_y);
        }
        /* The witness is a match, and the shortest: no string shorter
         * than it matches.  Every byte acts on the atoms like one of
         * these, so trying them is exhaustive. */
        cwf_buf w = CWF_BUF_INIT;
        if (cwf_dfa_witness(x, &w)) {
            assert_true(ref_search(&r1, w.p, (int)w.len));
            if (w.len <= 3)
                assert_false(shorter_match(&r1, (int)w.len));
        } else {
            assert_true(cwf_dfa_is_empty(x));
            assert_false(shorter_match(&r1, 3));
        }
        cwf_buf_free(&w);
        /* Minimal: other constructions of the same language come out with
         * the same number of states. */
        char twice[520];
        snprintf(twice, sizeof twice, "%s|%s", r1.text, r1.text);
        cwf_dfa *x2 = dfa_of(twice), *absorb = cwf_dfa_or(x, and);
        assert_int_equal(cwf_dfa_states(x2), cwf_dfa_states(x));
        assert_int_equal(cwf_dfa_states(absorb), cwf_dfa_states(x));
        cwf_dfa_free(x2);
        cwf_dfa_free(absorb);
        cwf_dfa *fs[] = {x, y, nx, and, or};
        for (size_t j = 0; j < sizeof fs / sizeof fs[0]; j++)
            cwf_dfa_free(fs[j]);
        cwf_arena_free(&ar);
    }
}

/* A string made to match r, or nearly: a random alternative's pieces,
 * each repeated a random number of times within its bounds, between random
 * bytes, and now and then with one byte changed.  At most 80 bytes. */
static void sample_string(const tregex *r, char *s, int *n)
{
    static const char alphabet[] = "abc1 \n.x-Z_";
    const int na = (int)sizeof alphabet - 1;
    int a = (int)rnd((unsigned)r->nalts), len = (int)rnd(4);
    for (int i = 0; i < len; i++)
        s[i] = alphabet[rnd((unsigned)na)];
    for (int i = 0; i < r->npieces[a]; i++) {
        const tpiece *p = &r->p[a][i];
        if (p->atom >= A_BOL)
            continue;
        int span = p->max < 0 ? 3 : p->max - p->min;
        for (int j = p->min + (int)rnd((unsigned)span + 1); j > 0 && len < 76; j--) {
            char c = 'a';
            for (int tries = 0; tries < 30; tries++) {
                c = alphabet[rnd((unsigned)na)];
                if (atom_has(p->atom, (unsigned char)c))
                    break;
            }
            s[len++] = c;
        }
    }
    for (int k = (int)rnd(4); k > 0; k--)
        s[len++] = alphabet[rnd((unsigned)na)];
    if (len > 0 && rnd(3) == 0)
        s[rnd((unsigned)len)] = alphabet[rnd((unsigned)na)];
    *n = len;
}

/* Does r match the empty string, or one of the bytes of random_string? */
static bool short_match(const tregex *r)
{
    static const char alphabet[] = "abc1 \n.x-Z_";
    bool m = ref_search(r, "", 0);
    for (size_t i = 0; i < sizeof alphabet - 1 && !m; i++)
        m = ref_search(r, alphabet + i, 1);
    return m;
}

/* The same against cwf_re_search on regexes over the DFA caps, so that it
 * simulates their NFAs: half with a big piece, half with an alternative that
 * no test string can match (\x01 is not in their alphabet) but that keeps
 * the DFA from being built.  A regex that matches the empty string or a
 * byte is skipped: once it matches, its DFA stops.  The strings are random,
 * or made to match, or nearly.  Few regexes and many strings, since
 * finding that a DFA is over the caps takes tens of milliseconds. */
static void test_differential_nfa(void **state)
{
    (void)state;
    enum { REGEXES = 16, STRINGS = 200 };
    tregex r;
    char s[80], text[300];
    int n, nodfa = 0, runs = 0, matched = 0;
    for (int t = 0; t < REGEXES; t++) {
        do
            random_regex(&r, t % 2 == 0);
        while (short_match(&r));
        snprintf(text, sizeof text, "%s%s", r.text,
                 t % 2 == 0 ? "" : "|\\x01.{20}\\x01");
        cwf_arena ar = CWF_ARENA_INIT;
        cwf_re *re = re_of(text, &ar);
        cwf_dfa *x = cwf_dfa_regex(re);
        nodfa += !x;
        for (int k = 0; k < STRINGS; k++) {
            if (k % 3 == 0)
                random_string(s, &n, k % 2 ? 9 : 33);
            else
                sample_string(&r, s, &n);
            bool want = ref_search(&r, s, n);
            if (cwf_re_search(re, s, (size_t)n) != want)
                fail_msg("%%%s%% on \"%.*s\": %s %d, reference %d", text, n,
                         s, x ? "dfa" : "nfa", !want, want);
            if (x)
                assert_int_equal(cwf_dfa_accepts(x, s, (size_t)n), want);
            runs++;
            matched += want;
        }
        cwf_dfa_free(x);
        cwf_arena_free(&ar);
    }
    print_message("differential (NFA): %d of %d regexes over the DFA caps, "
                  "%d of %d strings matched\n", nodfa, REGEXES, matched, runs);
    assert_true(nodfa >= REGEXES * 3 / 4);
    assert_true(matched > runs / 5 && matched < runs - runs / 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_x17_equivalences),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_accepted_forms),
        cmocka_unit_test(test_anchors),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_witness),
        cmocka_unit_test(test_laws),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_no_dfa),
        cmocka_unit_test(test_differential),
        cmocka_unit_test(test_differential_nfa),
    };
    return cmocka_run_group_tests_name("regex", tests, NULL, NULL);
}
