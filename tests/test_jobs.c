/* test_jobs.c: `match -j N` cutting files into pieces at line ends
 * (cwfilter_match.c), with pieces made tiny through the internal
 * cwf_match_job_set_piece: whatever the cut, the report is the one of one
 * thread, byte for byte, in input order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cwfilter.h"
#include "cwfilter_impl.h"
#include "fixtures.h"

#define S(lit) lit, sizeof(lit) - 1

static cwf_parsed *parse_ok(const char *text)
{
    cwf_parsed *p = NULL;
    assert_int_equal(cwf_parse_pattern(text, strlen(text), &p), CWF_STATUS_OK);
    assert_true(cwf_parsed_ok(p));
    return p;
}

static const char *const names[] = {"p1.log", "p2.log", "p3.log", "p4.json"};

/* What a job wrote on several threads: the report, and how many writes
 * (one per piece of input with output). */
typedef struct pieces_sink {
    char out[1 << 16];
    size_t len, writes;
} pieces_sink;

static int pieces_write(void *arg, const char *data, size_t len)
{
    pieces_sink *s = arg;
    assert_true(s->len + len < sizeof s->out);
    memcpy(s->out + s->len, data, len);
    s->len += len;
    s->out[s->len] = 0;
    s->writes++;
    return 0;
}

/* Runs j over paths with pattern into s (emptied first); returns the count. */
static size_t pieces_run(cwf_match_job *j, const char *pattern, const char *const *paths,
                         size_t n, pieces_sink *s)
{
    cwf_parsed *p = parse_ok(pattern);
    size_t selected = 0;
    memset(s, 0, sizeof *s);
    assert_int_equal(cwf_match_job_run(j, p, NULL, paths, n, pieces_write, NULL, s, &selected),
                     CWF_STATUS_OK);
    cwf_parsed_free(p);
    return selected;
}

/* Files cut into pieces at line ends on several threads (pieces made tiny
 * here: cwf_match_job_set_piece): the report is the one of one thread,
 * byte for byte, event numbers counted across pieces, with pieces across
 * several files, a file smaller than a piece, a line longer than a piece,
 * a last line without \n, \r\n, empty lines, a byte order mark, and a
 * JSON file larger than a piece (read whole). */
static void test_match_job_pieces(void **state)
{
    (void)state;
    char lines[4096];
    size_t n = 0;
    n += (size_t)snprintf(lines + n, sizeof lines - n, "\xEF\xBB\xBF");
    for (int i = 0; i < 90; i++)
        n += (size_t)snprintf(lines + n, sizeof lines - n, i % 3 == 0 ? "%d ERROR x%.*s\n"
                              : i % 3 == 1 ? "%d INFO y%.*s\r\n" : "%d ERROR z%.*s\n\n",
                              i, i % 17, "qqqqqqqqqqqqqqqqqqqq");
    char longer[400];
    memset(longer, 'L', 300);
    memcpy(longer, "ERROR ", 6);
    strcpy(longer + 300, "\nERROR short\nERROR last"); /* 323 bytes */
    static const char json[] = "{\"Records\":[{\"eventName\":\"ERROR\",\"n\":1},"
                               "{\"eventName\":\"OK\",\"pad\":\"ppppppppppppppppppppppppp\"},"
                               "{\"eventName\":\"ERROR\",\"n\":3}]}";
    const char *paths[] = {tmp_file(0, names[0], lines, n),
                           tmp_file(1, names[1], longer, strlen(longer)),
                           tmp_file(2, names[2], S("ERROR tiny\n")),
                           tmp_file(3, names[3], S(json))};
    cwf_match_job *j = NULL;
    assert_int_equal(cwf_match_job_new(&j), CWF_STATUS_OK);
    static const char *const flags[] = {"", "count", "json", "invert"};
    static pieces_sink one, many;
    for (size_t f = 0; f < 4; f++) {
        if (*flags[f])
            assert_int_equal(cwf_match_job_set_flag(j, flags[f], true), CWF_STATUS_OK);
        assert_int_equal(cwf_match_job_set_jobs(j, 1), CWF_STATUS_OK);
        size_t want = pieces_run(j, "ERROR", paths, 4, &one);
        assert_int_equal(want, f == 3 ? 30 + 0 + 0 + 1 : 60 + 3 + 1 + 2);
        static const size_t piece[] = {1, 5, 64, 200, 4 << 20}, hold[] = {0, 1, 100, 1 << 20};
        for (unsigned t = 2; t <= 3; t++)
            for (size_t k = 0; k < sizeof piece / sizeof *piece; k++) {
                assert_int_equal(cwf_match_job_set_jobs(j, t), CWF_STATUS_OK);
                /* hold 0 or 1: a thread starts a piece only when it is the
                 * next to hand on or no output is held. */
                cwf_match_job_set_piece(j, piece[k], hold[(k + t) % 4]);
                assert_int_equal(pieces_run(j, "ERROR", paths, 4, &many), want);
                assert_int_equal(many.len, one.len);
                assert_string_equal(many.out, one.out);
                /* Cut: more writes than inputs (one per piece that has output). */
                if (f != 1 && piece[k] <= 64)
                    assert_true(many.writes > 6);
            }
        cwf_match_job_set_piece(j, 4 << 20, 32 << 20);
        if (*flags[f])
            assert_int_equal(cwf_match_job_set_flag(j, flags[f], false), CWF_STATUS_OK);
    }
    /* The line longer than a piece is a piece of its own: with 64-byte
     * pieces (40 here, 1/8 of the 323 bytes on two threads), the file is
     * cut after it, then after "ERROR short" (the 4-byte least piece). */
    assert_int_equal(cwf_match_job_set_jobs(j, 2), CWF_STATUS_OK);
    cwf_match_job_set_piece(j, 64, 32 << 20);
    assert_int_equal(pieces_run(j, "ERROR", paths + 1, 1, &many), 3);
    assert_int_equal(many.writes, 3);
    assert_int_equal(many.len, 300 + 1 + 12 + 11);
    assert_memory_equal(many.out + 301, "ERROR short\nERROR last\n", 23);
    /* A file smaller than a piece, and the JSON file: whole, one write each. */
    assert_int_equal(pieces_run(j, "ERROR", paths + 2, 2, &many), 3);
    assert_int_equal(many.writes, 2);
    cwf_match_job_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_job_pieces),
    };
    return cmocka_run_group_tests_name("jobs", tests, make_tmpdir, remove_tmpdir);
}
