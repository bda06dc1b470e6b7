/* fuzz_lint.c: libFuzzer harness for the lint engine over whole host files:
 * extract.h, then each pattern parsed as `cwfilter lint` does, then the
 * coverage judge (lint.h over judge.h) with one or two built-in rules.
 *
 * The first byte picks the file's name (.tf, .tf.json, .yaml, .json,
 * .template, a CDK template) and the rules; with its top bit set the rest
 * is two files of one directory, split at the first NUL byte, the second
 * named by the second file's first byte (so references to a log group of
 * another file of the module are resolved).  Invariants: every filter's
 * map points inside its file; every parse diagnostic and every coverage
 * finding has a span inside its filter's pattern (a finding that sits at
 * no filter: the empty span), a message, and a known filter; the findings
 * render; a judgement that covers names its filter.  LeakSanitizer checks
 * that everything is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "judge.h"
#include "lint.h"
#include "parse.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"m/main.tf", "m/main.tf.json", "m/template.yaml",
                                    "m/filters.json", "m/stack.template",
                                    "m/cdk.out/Stack.template.json", "m/alarms.yml",
                                    "m/vars.tf"};

typedef struct pat {
    size_t file;
    const cwf_filter *flt;
    const cwf_pattern *ast;
} pat;

/* Lines of text[0..len) and the longest one in bytes. */
static void measure(const char *text, size_t len, uint32_t *nlines, uint32_t *longest)
{
    uint32_t n = 1, cur = 0, max = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            n++;
            cur = 0;
        } else if (++cur > max) {
            max = cur;
        }
    }
    *nlines = n;
    *longest = max;
}

static void check_pos(cwf_pos p, uint32_t nlines, uint32_t longest)
{
    if (p.line < 1 || p.line > nlines || p.col < 1 || p.col > longest + 1)
        abort();
}

static void check_diags(const cwf_diags *d, size_t len)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].span.start > d->v[i].span.end || d->v[i].span.end > len || !d->v[i].message)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned sel = data[0];
    const char *text[2] = {(const char *)data + 1, NULL};
    size_t len[2] = {size - 1, 0};
    const char *path[2] = {names[sel & 7], NULL};
    size_t nfiles = 1;
    if (sel & 0x80) {
        const char *nul = memchr(text[0], '\0', len[0]);
        if (nul && nul + 1 < text[0] + len[0]) {
            text[1] = nul + 2;
            len[1] = (size_t)(text[0] + len[0] - text[1]);
            path[1] = names[(unsigned char)nul[1] & 7];
            if (strcmp(path[1], path[0]) == 0)
                path[1] = "m/other.tf";
            len[0] = (size_t)(nul - text[0]);
            nfiles = 2;
        }
    }
    const cwf_bench_rule *rules[2] = {&cwf_bench_rules[(sel >> 3) % cwf_bench_nrules],
                                      &cwf_bench_rules[0]};
    size_t nrules = (sel & 0x40) && rules[0] != rules[1] ? 2 : 1;

    cwf_extract x[2];
    cwf_lint_file files[2];
    uint32_t nlines[2] = {0, 0}, longest[2] = {0, 0};
    pat *pats = NULL;
    size_t npats = 0;
    cwf_arena a = CWF_ARENA_INIT;
    for (size_t f = 0; f < nfiles; f++) {
        bool ok = cwf_extract_buf(path[f], text[f], len[f], &x[f]);
        if (!ok && !x[f].error)
            abort();
        files[f] = (cwf_lint_file){path[f], ok ? &x[f] : NULL};
        measure(text[f], len[f], &nlines[f], &longest[f]);
        if (!ok)
            continue;
        pats = realloc(pats, (npats + x[f].n + 1) * sizeof *pats);
        if (!pats)
            abort();
        for (size_t i = 0; i < x[f].n; i++) {
            const cwf_filter *flt = &x[f].v[i];
            for (size_t k = 0; k <= flt->src.len; k++)
                check_pos(flt->src.map[k], nlines[f], longest[f]);
            if (flt->not_string || flt->kind != CWF_METRIC_FILTER)
                continue;
            const cwf_pattern *ast = NULL;
            if (!flt->nparts) {
                cwf_diags d = CWF_DIAGS_INIT;
                cwf_pattern *p = cwf_parse(flt->src.text, flt->src.len, &a, &d);
                check_diags(&d, flt->src.len);
                bool clean = p && cwf_diags_count(&d, CWF_ERROR) == 0;
                cwf_diags_free(&d);
                if (!clean)
                    continue;
                ast = p;
            }
            pats[npats++] = (pat){f, flt, ast};
        }
    }

    cwf_lint_filter *lf = calloc(npats + 1, sizeof *lf);
    if (!lf)
        abort();
    for (size_t i = 0; i < npats; i++)
        lf[i] = (cwf_lint_filter){pats[i].file, pats[i].flt, pats[i].ast};
    cwf_judge_cache *cache = cwf_judge_cache_new();
    cwf_lint_findings out = {0};
    cwf_lint_coverage(files, nfiles, lf, npats, rules, nrules, cache, &out);
    cwf_buf r = CWF_BUF_INIT;
    for (size_t k = 0; k < out.n; k++) {
        const cwf_lint_finding *f = &out.v[k];
        if (!f->d.n)
            abort();
        if (f->at == SIZE_MAX) {
            check_diags(&f->d, 0);
            continue;
        }
        if (f->at >= npats || !f->group)
            abort();
        const cwf_filter *flt = pats[f->at].flt;
        size_t fi = pats[f->at].file;
        check_diags(&f->d, flt->src.len);
        for (size_t i = 0; i < f->d.n; i++) {
            check_pos(cwf_source_pos(&flt->src, f->d.v[i].span.start), nlines[fi], longest[fi]);
            check_pos(cwf_source_pos(&flt->src, f->d.v[i].span.end), nlines[fi], longest[fi]);
        }
        cwf_render_text(&r, &flt->src, &f->d, false);
    }
    cwf_lint_findings_free(&out);

    /* All the readable filters as one log group, through the judge itself,
     * explained always, against the first rule. */
    cwf_judge_filter *jf = calloc(npats + 1, sizeof *jf);
    if (!jf)
        abort();
    for (size_t i = 0; i < npats; i++)
        jf[i] = (cwf_judge_filter){pats[i].ast, pats[i].flt->src.text, pats[i].flt->src.len,
                                   !pats[i].ast, 0};
    cwf_judge_rule jr = {rules[0], NULL, NULL};
    cwf_judgement j;
    cwf_verdict v = cwf_judge(&jr, jf, npats, CWF_EXPLAIN_ALWAYS, cache, &j);
    if (v != j.verdict || (v == CWF_COVERS && (j.best >= npats || !j.proof)))
        abort();
    if (j.best != SIZE_MAX && j.proof)
        check_diags(&j.proof->findings, pats[j.best].flt->src.len);
    cwf_judgement_free(&j);
    free(jf);

    cwf_buf_free(&r);
    cwf_judge_cache_free(cache);
    free(lf);
    free(pats);
    cwf_arena_free(&a);
    for (size_t f = 0; f < nfiles; f++)
        cwf_extract_free(&x[f]);
    return 0;
}
