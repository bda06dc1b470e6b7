/* fuzz_extract.c: libFuzzer harness for the readers of extract.h (JSON,
 * YAML, HCL and what reads their trees: describe exports, CloudFormation,
 * CDK manifests, .tf.json, plans) on arbitrary bytes.
 *
 * The first byte picks how the rest is read: through cwf_extract_buf under
 * one of several file names (as lint does, so the content sniffing and the
 * "holds a filter at all?" gate are covered), or straight into one loader,
 * past the gate.  Every filter that comes out must have a map of len + 1
 * positions, and every suppression a span inside its text. */
#define CWF_EXTRACT_INTERNAL
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

static void check(const cwf_extract *x)
{
    for (size_t i = 0; i < x->n; i++) {
        const cwf_filter *f = &x->v[i];
        if (!f->src.text || !f->src.map)
            abort();
        for (size_t k = 0; k <= f->src.len; k++)
            if (f->src.map[k].line == 0 || f->src.map[k].col == 0)
                abort();
        for (size_t k = 0; k < f->nparts; k++)
            if (f->parts[k].span.end > f->src.len || f->parts[k].span.start > f->parts[k].span.end)
                abort();
    }
    for (size_t i = 0; i < x->sup.n; i++)
        if (x->sup.v[i].span.end > x->sup.v[i].where.len)
            abort();
}

static void direct(int how, const char *data, size_t size)
{
    cwf_extract x = CWF_EXTRACT_INIT;
    x.path = "fuzz";
    cwf_hmap h;
    cwf_hmap_init(&h, data, size);
    if (how == 2) {
        cwf_read_hcl(data, size, &x, &h);
    } else {
        cwf_xdoc d = {.text = data, .len = size};
        bool ok = how == 0 ? cwf_json_load(&d, &x, &h) : cwf_yaml_load(&d, &x, &h);
        for (size_t k = 0; ok && d.root && k < d.root->n; k++) {
            const cwf_xnode *v = d.root->kids[k];
            cwf_read_describe(&d, v, &x, &h);
            cwf_read_cfn(&d, v, &x, &h);
            cwf_read_cdk(&d, v, &x, &h);
            cwf_read_tfjson(&d, v, &x, &h);
            if (cwf_x_get(v, "format_version"))
                cwf_read_plan(&d, v, &x, &h);
        }
        if (ok && d.yaml)
            cwf_yaml_comments(&d, &x, &h);
        cwf_xdoc_free(&d);
    }
    check(&x);
    cwf_hmap_free(&h);
    cwf_extract_free(&x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"main.tf", "export.json", "template.yaml",
                                        "main.tf.json", "cdk.out/manifest.json", "stdin"};
    if (size == 0)
        return 0;
    unsigned sel = data[0] % 9;
    const char *text = (const char *)data + 1;
    size--;
    if (sel < 6) {
        cwf_extract x;
        cwf_extract_buf(names[sel], text, size, &x);
        check(&x);
        cwf_extract_free(&x);
    } else {
        direct((int)sel - 6, text, size);
    }
    return 0;
}
