/* fuzz_jscan.c: libFuzzer harness for the streaming JSON scanner, with
 * jansson as the oracle.  Any bytes: the scanner and json_loadb must agree
 * on validity (except numbers beyond the double range and keys holding
 * \u0000, which jansson rejects and RFC 8259 allows, and raw NUL bytes,
 * which jansson's reader may drop), and on the values at a few paths,
 * wildcards included. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether hit h of s holds jansson's value j (NULL: missing). */
static bool same(cwf_jscan *s, uint32_t h, json_t *j)
{
    if (h == CWF_JNONE || !j)
        return h == CWF_JNONE && !j;
    cwf_jtype t = s->hits[h].type;
    size_t n;
    const char *v;
    char buf[512];
    switch (json_typeof(j)) {
    case JSON_NULL: return t == CWF_J_NULL;
    case JSON_TRUE: return t == CWF_J_TRUE;
    case JSON_FALSE: return t == CWF_J_FALSE;
    case JSON_OBJECT: return t == CWF_J_OBJECT;
    case JSON_ARRAY: return t == CWF_J_ARRAY;
    case JSON_STRING:
        v = cwf_jscan_str(s, h, &n);
        return t == CWF_J_STRING && n == json_string_length(j) &&
               memcmp(v, json_string_value(j), n) == 0;
    default:
        v = cwf_jscan_str(s, h, &n);
        if (t != CWF_J_NUMBER)
            return false;
        if (n >= sizeof buf)
            return true; /* too long to compare here */
        memcpy(buf, v, n);
        buf[n] = 0;
        return strtod(buf, NULL) == json_number_value(j);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cwf_jpaths *t;
    static uint32_t a[2], any[2], idx[2], ab[3];
    if (!t) {
        cwf_seg sa = {.kind = CWF_SEG_FIELD, .name = {"a", 1}};
        cwf_seg sany = {.kind = CWF_SEG_ANY_FIELD};
        cwf_seg sidx = {.kind = CWF_SEG_ANY_INDEX};
        cwf_seg sab[2] = {{.kind = CWF_SEG_FIELD, .name = {"a", 1}},
                          {.kind = CWF_SEG_INDEX, .index = 0}};
        t = cwf_jpaths_new();
        cwf_jpaths_add(t, &sa, 1, a);
        cwf_jpaths_add(t, &sany, 1, any);
        cwf_jpaths_add(t, &sidx, 1, idx);
        cwf_jpaths_add(t, sab, 2, ab);
    }
    cwf_jscan s;
    cwf_jscan_init(&s, t);
    bool ok = cwf_jscan_run(&s, (const char *)data, size);
    json_error_t err;
    json_t *j = json_loadb((const char *)data, size,
                           JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &err);
    bool skip = (!j && (strstr(err.text, "overflow") || strstr(err.text, "NUL byte in object key"))) ||
                memchr(data, 0, size);
    if (!skip && ok != (j != NULL))
        abort();
    if (ok && j) {
        json_t *ja = json_is_object(j) ? json_object_get(j, "a") : NULL;
        if (!same(&s, cwf_jscan_child(&s, 0, a[1]), ja))
            abort();
        uint32_t h = cwf_jscan_child(&s, 0, a[1]);
        h = h == CWF_JNONE ? CWF_JNONE : cwf_jscan_child(&s, h, ab[2]);
        if (!same(&s, h, json_is_array(ja) ? json_array_get(ja, 0) : NULL))
            abort();
        size_t count = 0;
        for (uint32_t c = cwf_jscan_first(&s, 0, any[1]); c != CWF_JNONE;
             c = cwf_jscan_next(&s, c), count++) {
            cwf_buf key = CWF_BUF_INIT;
            cwf_json_unescape(s.text + s.hits[c].kstart, s.hits[c].kend - s.hits[c].kstart, &key);
            if (!same(&s, c, json_object_getn(j, key.p ? key.p : "", key.len)))
                abort();
            cwf_buf_free(&key);
        }
        if (count != (json_is_object(j) ? json_object_size(j) : 0))
            abort();
        count = 0;
        for (uint32_t c = cwf_jscan_first(&s, 0, idx[1]); c != CWF_JNONE;
             c = cwf_jscan_next(&s, c), count++)
            if (!same(&s, c, json_array_get(j, count)))
                abort();
        if (count != (json_is_array(j) ? json_array_size(j) : 0))
            abort();
    }
    json_decref(j);
    cwf_jscan_free(&s);
    return 0;
}
