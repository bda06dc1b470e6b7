/* fuzz_fix.c: libFuzzer harness for `cwfilter fix`: fixes generated and
 * proved by fix.h, written back into the host file by hostedit.h.
 *
 * The first byte picks the host file name (bits 0-2: .tf, .tf.json, .yaml,
 * .json, .template), the coverage rules (bits 3-4: none, cis-4.4, another
 * built-in rule picked by bits 5-6, or cis-4.4 and that one) and unsafe mode
 * (bit 7); the rest is the file.  For every filter that can be edited in place, every fix of its
 * pattern that cwf_host_fix writes must give a file that
 *   - reads again with the same number of filters,
 *   - holds exactly the fixed pattern for that filter, and one that parses
 *     without error when the original did,
 *   - holds every other filter's pattern unchanged,
 *   - differs from the old one only inside the host edits (sorted, not
 *     overlapping, inside the pattern's scalar).
 * Then the fixes are applied one after another as `cwfilter fix` does,
 * until none is left; the final pattern must be what cwf_fix_all gives, and
 * fixing it again must change nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "extract.h"
#include "fix.h"
#include "hostedit.h"
#include "parse.h"

#define MAX_FIXES 6 /* fixes checked one by one per filter */
#define MAX_ROUNDS 32

static const char *const names[] = {"fuzz.tf", "fuzz.tf.json", "fuzz.yaml", "fuzz.json",
                                    "fuzz.template"};

static const char *const others[] = {"cis-cloudtrail-config-changes", "cis-root-account-usage",
                                     "cis-security-group-changes", "cis-console-auth-failures"};

static bool same(const char *a, size_t na, const char *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

static bool parses_clean(const char *t, size_t n)
{
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(t, n, &a, &d);
    bool ok = p && cwf_diags_count(&d, CWF_ERROR) == 0;
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    return ok;
}

/* The checks on one host fix of filter i of x (read from data): nb is the
 * new file and he its edits. */
static void check_edit(const char *path, const char *data, size_t len, const cwf_extract *x,
                       size_t i, const cwf_fix *fx, const cwf_buf *nb, const cwf_hedits *he)
{
    const cwf_filter *f = &x->v[i];
    /* bytes outside the edits are the old ones */
    cwf_buf re = CWF_BUF_INIT;
    uint32_t at = 0;
    for (size_t k = 0; k < he->n; k++) {
        const cwf_hedit *e = &he->v[k];
        if (e->start < at || e->end < e->start || e->end > len)
            abort();
        if (e->start < f->hstart || e->end > f->hend)
            abort();
        cwf_buf_add(&re, data + at, e->start - at);
        cwf_buf_add(&re, e->text, e->len);
        at = e->end;
    }
    cwf_buf_add(&re, data + at, len - at);
    if (!same(re.p, re.len, nb->p, nb->len))
        abort();
    cwf_buf_free(&re);

    cwf_extract y = CWF_EXTRACT_INIT;
    if (!cwf_extract_buf(path, nb->p ? nb->p : "", nb->len, &y) || y.n != x->n)
        abort();
    for (size_t j = 0; j < x->n; j++) {
        const cwf_source *s = &y.v[j].src;
        if (j == i ? !same(s->text, s->len, fx->fixed, fx->fixed_len)
                   : !same(s->text, s->len, x->v[j].src.text, x->v[j].src.len))
            abort();
    }
    cwf_extract_free(&y);
    if (parses_clean(f->src.text, f->src.len) && !parses_clean(fx->fixed, fx->fixed_len))
        abort();
}

/* The fix cwf_fix_all would apply among fs, or NULL. */
static const cwf_fix *pick(const cwf_fixes *fs, bool unsafe)
{
    const cwf_fix *p = NULL;
    for (size_t k = 0; k < fs->n; k++) {
        const cwf_fix *c = &fs->v[k];
        if (c->safety == CWF_FIX_UNSAFE && !unsafe)
            continue;
        if (!p || (c->preferred && unsafe && p->safety == CWF_FIX_SAFE && p->bench == c->bench))
            p = c;
    }
    return p;
}

/* Fixes filter i of the file in *cur as `cwfilter fix` does, checking
 * every edit; then compares with cwf_fix_all. */
static void fix_filter(const char *path, cwf_buf *cur, size_t n, size_t i,
                       const cwf_bench_rule *const *rs, size_t nrs, bool unsafe)
{
    char *orig = NULL;
    size_t orig_len = 0;
    bool done = false; /* no fix left, every one written in place */
    for (int round = 0; round < MAX_ROUNDS; round++) {
        cwf_extract y = CWF_EXTRACT_INIT;
        if (!cwf_extract_buf(path, cur->p ? cur->p : "", cur->len, &y) || y.n != n)
            abort();
        const cwf_filter *f = &y.v[i];
        const char *why;
        if (!cwf_host_editable(y.host, f, &why)) {
            cwf_extract_free(&y);
            break;
        }
        if (round == 0) {
            orig = malloc(f->src.len + 1);
            memcpy(orig, f->src.text, f->src.len);
            orig_len = f->src.len;
        }
        cwf_fixes fs = CWF_FIXES_INIT;
        cwf_fix_generate(f->src.text, f->src.len, rs, nrs, &fs);
        if (round == 0)
            for (size_t k = 0; k < fs.n && k < MAX_FIXES; k++) {
                cwf_buf nb = CWF_BUF_INIT;
                cwf_hedits he = {0};
                if (cwf_host_fix(cur->p ? cur->p : "", cur->len, &y, i, &fs.v[k], &nb, &he, NULL, &why))
                    check_edit(path, cur->p ? cur->p : "", cur->len, &y, i, &fs.v[k], &nb, &he);
                cwf_hedits_free(&he);
                cwf_buf_free(&nb);
            }
        const cwf_fix *fx = pick(&fs, unsafe);
        bool ok = false;
        if (!fx) {
            done = true;
        } else {
            cwf_buf nb = CWF_BUF_INIT;
            cwf_hedits he = {0};
            ok = cwf_host_fix(cur->p ? cur->p : "", cur->len, &y, i, fx, &nb, &he, NULL, &why);
            if (ok) {
                if (round > 0)
                    check_edit(path, cur->p ? cur->p : "", cur->len, &y, i, fx, &nb, &he);
                cwf_buf_free(cur);
                *cur = nb;
            } else {
                cwf_buf_free(&nb);
            }
            cwf_hedits_free(&he);
        }
        cwf_fixes_free(&fs);
        cwf_extract_free(&y);
        if (!ok)
            break;
    }
    if (done) {
        /* the pattern fixed in place is cwf_fix_all's, and a fixpoint */
        cwf_extract y = CWF_EXTRACT_INIT;
        if (!cwf_extract_buf(path, cur->p ? cur->p : "", cur->len, &y) || y.n != n)
            abort();
        const cwf_source *s = &y.v[i].src;
        cwf_buf all = CWF_BUF_INIT, again = CWF_BUF_INIT;
        size_t applied, more;
        cwf_fix_all(orig, orig_len, rs, nrs, unsafe, NULL, NULL, &all, &applied, &more);
        if (applied < MAX_ROUNDS && !same(all.p, all.len, s->text, s->len))
            abort();
        cwf_fix_all(s->text, s->len, rs, nrs, unsafe, NULL, NULL, &again, &applied, &more);
        if (applied != 0 || !same(again.p, again.len, s->text, s->len))
            abort();
        cwf_buf_free(&all);
        cwf_buf_free(&again);
        cwf_extract_free(&y);
    }
    free(orig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    uint8_t sel = data[0];
    const char *path = names[(sel & 7) % 5];
    const cwf_bench_rule *rs[2];
    size_t nrs = 0;
    if ((sel >> 3) & 1)
        rs[nrs++] = cwf_bench_rule_find("cis-4.4");
    if ((sel >> 4) & 1)
        rs[nrs++] = cwf_bench_rule_find(others[(sel >> 5) & 3]);
    for (size_t k = 0; k < nrs; k++)
        if (!rs[k])
            abort();
    bool unsafe = sel & 0x80;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    cwf_extract x = CWF_EXTRACT_INIT;
    bool ok = cwf_extract_buf(path, text, len, &x);
    size_t n = x.n;
    cwf_extract_free(&x);
    if (!ok || n == 0 || n > 8)
        return 0;
    cwf_buf cur = CWF_BUF_INIT;
    cwf_buf_add(&cur, text, len);
    for (size_t i = 0; i < n; i++)
        fix_filter(path, &cur, n, i, rs, nrs, unsafe);
    cwf_buf_free(&cur);
    return 0;
}
