/* test_sql.c: cwf_sql_where and cwf_sql_query (sql.h): exact SQL for each
 * construct, and exact refusals (rule, span, message).  Whether the DuckDB
 * queries select what the matcher selects is tests/sql/diff.mjs's job (make
 * sqltest); this pins the text and the refusals down. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "parse.h"
#include "sql.h"

/* Translates text with o; returns the query (or NULL when refused) and
 * leaves the diagnostics in *d. */
static char *translate(const char *text, const cwf_sql_options *o, bool where, cwf_diags *d)
{
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags pd = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text, strlen(text), &a, &pd);
    assert_non_null(p);
    assert_int_equal(cwf_diags_count(&pd, CWF_ERROR), 0);
    cwf_diags_free(&pd);
    cwf_buf out = CWF_BUF_INIT;
    bool ok = where ? cwf_sql_where(p, o, &out, d) : cwf_sql_query(p, o, &out, d);
    cwf_arena_free(&a);
    if (!ok) {
        cwf_buf_free(&out);
        return NULL;
    }
    return cwf_buf_take(&out);
}

static void expect_where(const char *text, cwf_sql_dialect dialect, cwf_sql_source source,
                         const char *want)
{
    cwf_sql_options o = CWF_SQL_OPTIONS_INIT;
    o.dialect = dialect;
    o.source = source;
    cwf_diags d = CWF_DIAGS_INIT;
    char *got = translate(text, &o, true, &d);
    assert_int_equal(d.n, 0);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    cwf_diags_free(&d);
}

/* One refusal: CWF601 on [start, end) with a message that starts with msg. */
static void expect_refusal(const char *text, cwf_sql_dialect dialect, cwf_sql_source source,
                           uint32_t start, uint32_t end, const char *msg)
{
    cwf_sql_options o = CWF_SQL_OPTIONS_INIT;
    o.dialect = dialect;
    o.source = source;
    cwf_diags d = CWF_DIAGS_INIT;
    char *got = translate(text, &o, true, &d);
    assert_null(got);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].rule, CWF_R_SQL_UNSUPPORTED);
    assert_int_equal(d.v[0].span.start, start);
    assert_int_equal(d.v[0].span.end, end);
    assert_memory_equal(d.v[0].message, msg, strlen(msg));
    cwf_diags_free(&d);
}

static void test_terms(void **state)
{
    (void)state;
    expect_where("ERROR -DEBUG ?x", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "(contains(message, 'ERROR') AND NOT contains(message, 'DEBUG'))");
    expect_where("?ERROR ?\"it's\"", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT,
                 "(strpos(message, 'ERROR') > 0 OR strpos(message, 'it''s') > 0)");
    expect_where("", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, "true");
}

static void test_json_leaves(void **state)
{
    (void)state;
    expect_where("{ $.a NOT EXISTS }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "CASE WHEN json_valid(message) THEN json_type(message) IN ('OBJECT', 'ARRAY') "
                 "AND (json_type(message, '$.\"a\"') IS NULL) ELSE false END");
    expect_where("{ $.a[2] = 10 }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "CASE WHEN json_valid(message) THEN json_type(message) IN ('OBJECT', 'ARRAY') "
                 "AND coalesce(json_type(message, '$.\"a\"[2]') IN ('BIGINT', 'UBIGINT', "
                 "'DOUBLE', 'HUGEINT') AND TRY_CAST(json_extract_string(message, '$.\"a\"[2]') "
                 "AS DOUBLE) = 10e0, false) ELSE false END");
    /* a string value that no number's text matches tests strings only; with
     * != every number holds */
    expect_where("{ $.s != \"x*\" }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "CASE WHEN json_valid(message) THEN json_type(message) IN ('OBJECT', 'ARRAY') "
                 "AND coalesce((json_type(message, '$.\"s\"') = 'VARCHAR' AND NOT "
                 "json_extract_string(message, '$.\"s\"') LIKE 'x%' ESCAPE '\\') OR "
                 "(json_type(message, '$.\"s\"') IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')), "
                 "false) ELSE false END");
    /* the lone *: every string and every number */
    expect_where("{ $.s = * }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "CASE WHEN json_valid(message) THEN json_type(message) IN ('OBJECT', 'ARRAY') "
                 "AND coalesce((json_type(message, '$.\"s\"') = 'VARCHAR' AND true) OR "
                 "(json_type(message, '$.\"s\"') IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')), "
                 "false) ELSE false END");
    /* % and _ are literal in a LIKE pattern */
    expect_where("{ $.s = \"*50%_x\" }", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT,
                 "CASE WHEN try(json_parse(message)) IS NULL THEN false ELSE "
                 "substr(json_format(json_parse(message)), 1, 1) IN ('{', '[') AND "
                 "coalesce((json_format(json_extract(message, '$[\"s\"]')) LIKE '\"%' AND "
                 "json_extract_scalar(message, '$[\"s\"]') LIKE '%50\\%\\_x' ESCAPE '\\'), "
                 "false) END");
}

static void test_delimited(void **state)
{
    (void)state;
    expect_where("[]", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, "true");
    /* after the ellipsis, entries count from the end */
    expect_where("[..., s=4*]", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT,
                 "(cardinality(regexp_extract_all(message, '\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+')) >= 1 "
                 "AND coalesce(CASE WHEN substr(element_at(regexp_extract_all(message, "
                 "'\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), -1), 1, 1) IN ('[', '\"') THEN "
                 "substr(element_at(regexp_extract_all(message, '\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), "
                 "-1), 2, length(element_at(regexp_extract_all(message, "
                 "'\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), -1)) - CASE WHEN "
                 "length(element_at(regexp_extract_all(message, '\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), "
                 "-1)) >= 2 AND substr(element_at(regexp_extract_all(message, "
                 "'\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), -1), length(element_at("
                 "regexp_extract_all(message, '\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), -1)), 1) = "
                 "CASE WHEN substr(element_at(regexp_extract_all(message, "
                 "'\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), -1), 1, 1) = '[' THEN ']' ELSE '\"' END "
                 "THEN 2 ELSE 1 END) ELSE element_at(regexp_extract_all(message, "
                 "'\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+'), -1) END LIKE '4%' ESCAPE '\\', false))");
}

static void test_wildcards(void **state)
{
    (void)state;
    expect_where("{ $.a[*].b IS NULL }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "CASE WHEN json_valid(message) THEN json_type(message) IN ('OBJECT', 'ARRAY') "
                 "AND coalesce(json_type(message, '$.\"a\"') = 'ARRAY' AND list_bool_or("
                 "list_transform(json_extract(message, '$.\"a\"[*]'), lambda x1: "
                 "coalesce(json_type(x1, '$.\"b\"') = 'NULL', false))), false) ELSE false END");
    expect_where("{ $.o.* IS TRUE }", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT,
                 "CASE WHEN try(json_parse(message)) IS NULL THEN false ELSE "
                 "substr(json_format(json_parse(message)), 1, 1) IN ('{', '[') AND "
                 "coalesce(any_match(map_values(TRY_CAST(json_extract(message, '$[\"o\"]') AS "
                 "MAP(VARCHAR, JSON))), x1 -> coalesce(json_format(json_extract(x1, '$')) = "
                 "'true', false)), false) END");
}

static void test_regex(void **state)
{
    (void)state;
    expect_where("%^[Ee]rror\\d+.*\\x41$%", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "regexp_matches(message, '(?s)^[Ee]rror[0-9]+.*A\\z')");
    expect_where("%\\s\\w{2,3}|[^a]+x%", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT,
                 "regexp_like(message, '(?s)[\\x09-\\x0D\\x20][0-9A-Z\\x5Fa-z]{2,3}|[^a]+x')");
    expect_refusal("%a.b%", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 2, 3,
                   "`.` matches one byte in CloudWatch but one character in DuckDB");
    expect_refusal("%a\\S?%", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT, 2, 5,
                   "`\\S?` matches one byte in CloudWatch but one character in Athena");
    expect_refusal("%.+x.+%", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 1, 3,
                   "this regex piece repeats a class that matches non-ASCII bytes");
    expect_refusal("%[\\x41-\\x90]%", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 1, 12,
                   "this regex class holds some non-ASCII bytes but not all");
}

static void test_numbers_text(void **state)
{
    (void)state;
    expect_refusal("{ $.port = \"22\" }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 11, 15,
                   "this value tests a JSON number through its text as written (a string)");
    expect_refusal("{ $.port = %^2% }", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT, 11, 15,
                   "this value tests a JSON number through its text as written (a regex), "
                   "which Athena");
    expect_refusal("{ $.s = \"a\xff\" }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 8, 12,
                   "this value is not UTF-8 text");
}

/* Text is written into SQL only when it is UTF-8 without a NUL: 2-, 3- and
 * 4-byte sequences pass; an overlong form, a surrogate, a code point past
 * U+10FFFF, a cut sequence and a bad continuation byte are refused, in
 * terms, delimited values and JSON values alike. */
static void test_utf8(void **state)
{
    (void)state;
    expect_where("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", CWF_SQL_DUCKDB,
                 CWF_SQL_JSON_TEXT, "(contains(message, 'caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80'))");
    static const char *const bad[] = {
        "\"a\xe0\x80\x80\"", "\"a\xed\xa0\x80\"", "\"a\xf4\x90\x80\x80\"", "\"a\xc3\"",
        "\"a\xe2\x82\"", "\"a\xf0\x9f\x98\"", "\"a\xe2(\x82\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_refusal(bad[i], CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 0, (uint32_t)strlen(bad[i]),
                       "this term is not UTF-8 text (or holds a NUL byte)");
    expect_refusal("[a, b = \"\xff\"]", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 8, 11,
                   "this value is not UTF-8 text (or holds a NUL byte)");
    expect_refusal("{ $.a = 1e999 }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 8, 13,
                   "this number is out of the range of a double");
    expect_refusal("[a = 1e999]", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 5, 10,
                   "this number is out of the range of a double");
    expect_refusal("{ $.['a\"b'] = 1 }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, 3, 11,
                   "this field name cannot be written in a DuckDB JSON path (it is empty, or "
                   "holds a quote, a backslash or a control character)");
    expect_where("%ab{2,}%", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "regexp_matches(message, '(?s)ab{2,}')");
    expect_where("[a = *]", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "(len(regexp_extract_all(message, '\\[[^\\]]*\\]?|\"[^\"]*\"?|[^ ]+')) >= 1 AND "
                 "coalesce(true, false))");
    /* the CloudTrail table: a column below a JSON text column, the column
     * as a whole, a struct, a string column compared with > */
    expect_where("{ $.requestParameters.a.b = 1 }", CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE,
                 "coalesce(coalesce(json_type(requestparameters, '$.\"a\".\"b\"') IN ('BIGINT', "
                 "'UBIGINT', 'DOUBLE', 'HUGEINT') AND TRY_CAST(json_extract_string("
                 "requestparameters, '$.\"a\".\"b\"') AS DOUBLE) = 1e0, false), false)");
    expect_refusal("{ $.requestParameters = 1 }", CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE, 2, 25,
                   "this condition tests a JSON text column of the CloudTrail table as a whole; "
                   "test a field below it");
    expect_refusal("{ $.userIdentity = \"x\" }", CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE, 2, 16,
                   "this selector names a struct of the CloudTrail table, not a value");
    expect_where("{ $.eventName > 1 }", CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE, "false");
}

static void test_cloudtrail_table(void **state)
{
    (void)state;
    expect_where("{ $.userIdentity.sessionContext.sessionIssuer.userName = \"x\" && "
                 "$.errorCode NOT EXISTS && $.readOnly IS FALSE && $.eventName = 3 }",
                 CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE,
                 "(coalesce(useridentity.sessioncontext.sessionissuer.username = 'x', false) AND "
                 "(errorcode IS NULL) AND coalesce(readonly = 'false', false) AND false)");
    expect_where("{ $.requestParameters.bucketName = \"b*\" }", CWF_SQL_ATHENA,
                 CWF_SQL_CLOUDTRAIL_TABLE,
                 "coalesce(coalesce((json_format(json_extract(requestparameters, "
                 "'$[\"bucketName\"]')) LIKE '\"%' AND json_extract_scalar(requestparameters, "
                 "'$[\"bucketName\"]') LIKE 'b%' ESCAPE '\\'), false), false)");
    /* the table's names are CloudTrail's, case included */
    expect_refusal("{ $.EventName = \"x\" }", CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE, 3, 13,
                   "the CloudTrail table has no column for this part of the selector");
    expect_refusal("{ $.errorCode IS NULL }", CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE, 2, 21,
                   "IS NULL: the CloudTrail table holds a null and an absent field alike");
    expect_refusal("ERROR", CWF_SQL_ATHENA, CWF_SQL_CLOUDTRAIL_TABLE, 0, 5,
                   "a term pattern searches the raw event text");
    expect_refusal("[a, b]", CWF_SQL_DUCKDB, CWF_SQL_CLOUDTRAIL_TABLE, 0, 6,
                   "a space-delimited pattern splits the raw event text");
    expect_refusal("%ab+%", CWF_SQL_ATHENA, CWF_SQL_CLOUDTRAIL_TABLE, 0, 5,
                   "a regex pattern searches the raw event text, which the CloudTrail table "
                   "does not hold; use --source json-text");
}

static void test_query(void **state)
{
    (void)state;
    cwf_sql_options o = CWF_SQL_OPTIONS_INIT;
    o.source = CWF_SQL_CLOUDTRAIL_TABLE;
    o.dialect = CWF_SQL_ATHENA;
    o.count_by = "$.userIdentity.arn";
    o.period = 300;
    cwf_diags d = CWF_DIAGS_INIT;
    char *got = translate("{ $.eventName = \"StopLogging\" }", &o, false, &d);
    assert_non_null(got);
    assert_string_equal(got,
        "SELECT from_unixtime(floor(to_unixtime(from_iso8601_timestamp(eventtime)) / 300) * "
        "300) AS period_start, useridentity.arn AS value, count(*) AS events\n"
        "FROM cloudtrail_logs\n"
        "WHERE coalesce(eventname = 'StopLogging', false)\n"
        "GROUP BY 1, 2\nORDER BY 1, 2;\n");
    free(got);
    o = (cwf_sql_options)CWF_SQL_OPTIONS_INIT;
    o.column = "My Col";
    o.table = "read_ndjson_objects('x.json')";
    got = translate("ERROR", &o, false, &d);
    assert_non_null(got);
    assert_string_equal(got, "SELECT *\nFROM read_ndjson_objects('x.json')\n"
                             "WHERE (contains(\"My Col\", 'ERROR'));\n");
    free(got);
    /* a column name with a quote, one that starts with a digit, a plain one */
    static const char *const cols[][2] = {
        {"a\"b", "\"a\"\"b\""}, {"1a", "\"1a\""}, {"_a1", "_a1"}, {"a-b", "\"a-b\""},
    };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        cwf_sql_options q = CWF_SQL_OPTIONS_INIT;
        q.column = cols[i][0];
        got = translate("ERROR", &q, true, &d);
        char *want = cwf_xasprintf("(contains(%s, 'ERROR'))", cols[i][1]);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    o.count_by = "$.a[*]";
    assert_null(translate("ERROR", &o, false, &d));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].message,
                        "--count-by and the time field take a selector without wildcards");
    cwf_diags_free(&d);
    /* a part the CloudTrail table has no column for: at {0, 0}, not at the
     * selector's own offsets (which are not in the pattern) */
    cwf_sql_options ct = CWF_SQL_OPTIONS_INIT;
    ct.source = CWF_SQL_CLOUDTRAIL_TABLE;
    ct.count_by = "$.a[0].b";
    assert_null(translate("{ $.eventName = \"x\" }", &ct, false, &d));
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].span.start, 0);
    assert_int_equal(d.v[0].span.end, 0);
    assert_string_equal(d.v[0].message, "the CloudTrail table has no column for this part of "
                                        "the selector (struct fields are typed; use --source "
                                        "json-text for any field)");
    cwf_diags_free(&d);
    o.count_by = "not a selector";
    assert_null(translate("ERROR", &o, false, &d));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].message, "--count-by not a selector is not a JSON selector "
                                        "such as $.userIdentity.arn");
    cwf_diags_free(&d);
    o = (cwf_sql_options)CWF_SQL_OPTIONS_INIT;
    /* --count-by on the CloudTrail table: a field of a JSON text column, a
     * struct, a name the table has no column for */
    o.source = CWF_SQL_CLOUDTRAIL_TABLE;
    o.count_by = "$.requestParameters.bucketName";
    got = translate("{ $.eventName = \"x\" }", &o, false, &d);
    assert_non_null(got);
    assert_string_equal(got, "SELECT json_extract_string(requestparameters, '$.\"bucketName\"') "
                             "AS value, count(*) AS events\nFROM cloudtrail_logs\n"
                             "WHERE coalesce(eventname = 'x', false)\nGROUP BY 1\nORDER BY 1;\n");
    free(got);
    o.count_by = "$.userIdentity";
    assert_null(translate("{ $.eventName = \"x\" }", &o, false, &d));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].message,
                        "this selector names a struct of the CloudTrail table, not a value");
    cwf_diags_free(&d);
    o.count_by = "$.noSuchColumn";
    assert_null(translate("{ $.eventName = \"x\" }", &o, false, &d));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].message, "the CloudTrail table has no column for this part of the "
                                        "selector (struct fields are typed; use --source "
                                        "json-text for any field)");
    cwf_diags_free(&d);
}

/* Every valid pattern of corpus/ in each dialect and source, with counts:
 * either a query, or refusals that are all CWF601 (no crash, no leak: the
 * valgrind run of this binary covers them). */
static void test_corpus_all(void **state)
{
    (void)state;
    static const char *const files[] = {"corpus/spec/parse.jsonl", "corpus/match/json.jsonl",
                                        "corpus/match/terms.jsonl", "corpus/match/regex.jsonl",
                                        "corpus/match/delimited.jsonl"};
    size_t queries = 0, refusals = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        FILE *in = fopen(files[f], "r");
        assert_non_null(in);
        char *line = NULL;
        size_t cap = 0;
        while (getline(&line, &cap, in) > 0) {
            json_t *j = json_loads(line, JSON_ALLOW_NUL, NULL);
            assert_non_null(j);
            const char *text = json_string_value(json_object_get(j, "pattern"));
            size_t len = json_string_length(json_object_get(j, "pattern"));
            cwf_arena a = CWF_ARENA_INIT;
            cwf_diags pd = CWF_DIAGS_INIT;
            cwf_pattern *p = text ? cwf_parse(text, len, &a, &pd) : NULL;
            for (int k = 0; p && cwf_diags_count(&pd, CWF_ERROR) == 0 && k < 8; k++) {
                cwf_sql_options o = CWF_SQL_OPTIONS_INIT;
                o.dialect = k & 1 ? CWF_SQL_ATHENA : CWF_SQL_DUCKDB;
                o.source = k & 2 ? CWF_SQL_CLOUDTRAIL_TABLE : CWF_SQL_JSON_TEXT;
                if (k & 4) {
                    o.count_by = "$.userIdentity.arn";
                    o.period = 300;
                }
                cwf_buf out = CWF_BUF_INIT;
                cwf_diags d = CWF_DIAGS_INIT;
                if (cwf_sql_query(p, &o, &out, &d)) {
                    assert_int_equal(d.n, 0);
                    assert_true(out.len > 0 && out.p[out.len - 1] == '\n');
                    queries++;
                } else {
                    assert_true(d.n > 0);
                    for (size_t i = 0; i < d.n; i++) {
                        assert_int_equal(d.v[i].rule, CWF_R_SQL_UNSUPPORTED);
                        assert_true(d.v[i].span.end <= len);
                    }
                    refusals++;
                }
                cwf_buf_free(&out);
                cwf_diags_free(&d);
            }
            cwf_diags_free(&pd);
            cwf_arena_free(&a);
            json_decref(j);
        }
        free(line);
        fclose(in);
    }
    assert_true(queries > 500);
    assert_true(refusals > 50);
}

/* Each form of a regex quantifier is written in its shortest equivalent;
 * a '-' before ']' is a literal. */
static void test_regex_quantifiers(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"%a{0,1}%", "regexp_matches(message, '(?s)a?')"},
        {"%a{1,}%", "regexp_matches(message, '(?s)a+')"},
        {"%a{0,}%", "regexp_matches(message, '(?s)a*')"},
        {"%a{2,5}%", "regexp_matches(message, '(?s)a{2,5}')"},
        {"%a{3}%", "regexp_matches(message, '(?s)a{3}')"},
        {"%a{,3}%", "regexp_matches(message, '(?s)a{0,3}')"},
        {"%[a-]b%", "regexp_matches(message, '(?s)[\\x2Da]b')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_where(cases[i][0], CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT, cases[i][1]);
    /* a regex as a JSON value tests strings only */
    expect_where("{ $.a = %ab% }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "CASE WHEN json_valid(message) THEN json_type(message) IN ('OBJECT', 'ARRAY') AND "
                 "coalesce((json_type(message, '$.\"a\"') = 'VARCHAR' AND regexp_matches("
                 "json_extract_string(message, '$.\"a\"'), '(?s)ab')), false) ELSE false END");
    expect_where("{ $.a = %ab% }", CWF_SQL_ATHENA, CWF_SQL_JSON_TEXT,
                 "CASE WHEN try(json_parse(message)) IS NULL THEN false ELSE "
                 "substr(json_format(json_parse(message)), 1, 1) IN ('{', '[') AND "
                 "coalesce((json_format(json_extract(message, '$[\"a\"]')) LIKE '\"%' AND "
                 "regexp_like(json_extract_scalar(message, '$[\"a\"]'), '(?s)ab')), false) END");
    expect_where("{ $.a IS FALSE }", CWF_SQL_DUCKDB, CWF_SQL_JSON_TEXT,
                 "CASE WHEN json_valid(message) THEN json_type(message) IN ('OBJECT', 'ARRAY') AND "
                 "coalesce(json_type(message, '$.\"a\"') = 'BOOLEAN' AND json_extract_string("
                 "message, '$.\"a\"') = 'false', false) ELSE false END");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_json_leaves),
        cmocka_unit_test(test_delimited),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_regex),
        cmocka_unit_test(test_regex_quantifiers),
        cmocka_unit_test(test_numbers_text),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_cloudtrail_table),
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_corpus_all),
    };
    return cmocka_run_group_tests_name("sql", tests, NULL, NULL);
}
