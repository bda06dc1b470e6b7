/* fuzz_regex.c: libFuzzer harness for the regex parser and the automata.
 *
 * The input is a regex body.  A parse either fails with exactly one
 * diagnostic or gives a DFA; the DFA is run on the input and asked for a
 * witness, and, when small enough to keep the fuzzer fast under the
 * sanitizers (the unit tests cover large ones), combined with its
 * complement and with the input taken as a wildcard string, checking the
 * laws that must hold on the way. */
#include <stdint.h>
#include <stdlib.h>

#include "regex.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

enum { PRODUCT_STATES = 4096 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_dfa(const cwf_dfa *m, const char *s, size_t size)
{
    cwf_buf w = CWF_BUF_INIT;
    if (cwf_dfa_witness(m, &w))
        CHECK(cwf_dfa_accepts(m, w.p, w.len));
    else
        CHECK(cwf_dfa_is_empty(m));
    cwf_buf_free(&w);
    if (cwf_dfa_states(m) > PRODUCT_STATES)
        return;
    cwf_dfa *n = cwf_dfa_not(m);
    cwf_dfa *str = cwf_dfa_string(s, size, (cwf_wild)(size % 5));
    cwf_dfa *both = cwf_dfa_and(m, n), *either = cwf_dfa_or(m, n);
    cwf_dfa *rest = cwf_dfa_not(either), *meet = cwf_dfa_and(m, str);
    CHECK(cwf_dfa_accepts(m, s, size) != cwf_dfa_accepts(n, s, size));
    CHECK(cwf_dfa_is_empty(both) && cwf_dfa_is_empty(rest));
    CHECK(cwf_dfa_accepts(str, s, size)); /* s matches its own form */
    CHECK(cwf_dfa_accepts(meet, s, size) == cwf_dfa_accepts(m, s, size));
    cwf_buf w2 = CWF_BUF_INIT;
    if (cwf_dfa_witness(meet, &w2))
        CHECK(cwf_dfa_accepts(m, w2.p, w2.len) &&
              cwf_dfa_accepts(str, w2.p, w2.len));
    else
        CHECK(cwf_dfa_is_empty(meet));
    cwf_buf_free(&w2);
    cwf_dfa *fs[] = {n, str, both, either, rest, meet};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        cwf_dfa_free(fs[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_re *re = cwf_re_parse(s, size, 7, &a, &d);
    CHECK(re ? d.n == 0 : d.n == 1);
    if (re) {
        /* No DFA when the regex's search automaton is over the cap: then
         * the NFA simulation alone answers. */
        cwf_dfa *m = cwf_dfa_regex(re);
        bool hit = cwf_re_search(re, s, size);
        if (m) {
            CHECK(hit == cwf_dfa_accepts(m, s, size));
            check_dfa(m, s, size);
        }
        cwf_dfa_free(m);
    } else {
        CHECK(d.v[0].rule == CWF_R_BAD_REGEX);
        CHECK(d.v[0].span.start >= 7 && d.v[0].span.end <= 7 + size);
        CHECK(d.v[0].span.start <= d.v[0].span.end);
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return 0;
}
