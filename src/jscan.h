/* jscan.h: a one-pass JSON scanner that validates a whole text and records
 * only the values at the paths a pattern reads.
 *
 * The matcher never builds a DOM.  The selectors of a pattern are compiled
 * into a path trie (cwf_jpaths); cwf_jscan_run walks the text once, checks
 * it against RFC 8259 (strict: UTF-8, no trailing garbage, no BOM), and
 * appends a "hit" for every value that sits on a trie node, wildcard edges
 * included.  Subtrees that no path enters are validated by a fast,
 * non-recursive skipper and otherwise ignored.
 *
 * The hits form a small tree (parent, first child, next sibling) in document
 * order, so that duplicate keys resolve as "the last one wins" (Q25) and a
 * wildcard edge can be quantified over the members or elements it selected.
 *
 * Validity follows jansson's json_loadb(JSON_DECODE_ANY | JSON_ALLOW_NUL)
 * except for numbers out of the double range, which RFC 8259 allows and
 * jansson rejects ("real number overflow"); test_jscan.c holds the scanner to
 * jansson on both validity and values.  Nesting deeper than
 * CWF_JSON_MAX_DEPTH values (scalars count, as in jansson) is invalid. */
#ifndef CWF_JSCAN_H
#define CWF_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "util.h"

/* jansson's limit, so that the oracle and the scanner agree. */
#define CWF_JSON_MAX_DEPTH 2048

/* "No hit" / "no node". */
#define CWF_JNONE UINT32_MAX

typedef enum cwf_jtype {
    CWF_J_MISSING, /* the path is absent (never stored in a hit) */
    CWF_J_NULL,
    CWF_J_FALSE,
    CWF_J_TRUE,
    CWF_J_NUMBER,
    CWF_J_STRING,
    CWF_J_OBJECT,
    CWF_J_ARRAY,
} cwf_jtype;

/* "missing", "null", "false", "true", "number", "string", "object", "array". */
const char *cwf_jtype_name(cwf_jtype t);

/* ---- the path trie ----------------------------------------------------- */

typedef struct cwf_jpaths cwf_jpaths;

/* An empty trie: only the root (node 0, the whole text). */
cwf_jpaths *cwf_jpaths_new(void);

/* Adds the path segs[0..n) and writes its nodes to nodes[0..n]: nodes[0] is
 * the root, nodes[k] the node after k segments.  Equal prefixes share nodes;
 * field names are copied, so segs need not outlive the trie. */
void cwf_jpaths_add(cwf_jpaths *t, const cwf_seg *segs, uint32_t n, uint32_t *nodes);

void cwf_jpaths_free(cwf_jpaths *t);

/* ---- scanning ---------------------------------------------------------- */

/* One value found at one trie node.  A value on several nodes (a field that
 * both `$.a` and `$.*` select) gets one hit per node. */
typedef struct cwf_jhit {
    uint32_t node;         /* trie node */
    uint32_t parent;       /* the hit of the enclosing value, or CWF_JNONE */
    uint32_t first, last;  /* first and last child hit, or CWF_JNONE */
    uint32_t next;         /* next sibling hit, or CWF_JNONE */
    uint32_t start, end;   /* the value's text; a string's includes quotes */
    uint32_t kstart, kend; /* an object member's key text, quotes included;
                              kstart == kend for an array element */
    cwf_jtype type;
    bool escaped;          /* a string value with backslash escapes */
    bool kescaped;         /* a key with backslash escapes */
    bool dup;              /* a later sibling on the same node has the same
                              key (set by cwf_jscan_first) */
    bool deduped;          /* dup is set on this hit's children */
    uint32_t dec, declen;  /* cwf_jscan_str's cache: offset in dec + 1 (0:
                              not decoded yet) and length */
} cwf_jhit;

typedef struct cwf_jscan {
    const cwf_jpaths *paths;
    cwf_jhit *hits;        /* hits[0] is the root value once valid */
    uint32_t nhits, hcap;
    uint32_t *act;         /* the walker's stack of active (node, hit) pairs */
    uint32_t acap;
    uint8_t *stack;        /* the skipper's container stack */
    cwf_buf key;           /* a decoded key, for trie edges */
    cwf_buf dec;           /* decoded strings, see cwf_jscan_str */
    uint32_t *tab;         /* a hash table of keys, for cwf_jscan_first */
    uint32_t tcap;
    const char *text;      /* the last text scanned */
    size_t len;
    const char *error;     /* why the last text was invalid, or NULL */
    size_t error_at;       /* byte offset of the error */
} cwf_jscan;

/* A scanner for the paths of t (t may be NULL: validation only).  t must
 * outlive the scanner; paths may still be added to t until the first run. */
void cwf_jscan_init(cwf_jscan *s, const cwf_jpaths *t);
void cwf_jscan_free(cwf_jscan *s);

/* Scans text[0..len) (any bytes; no NUL needed).  Returns true when the
 * whole text is one valid JSON value (any kind, surrounded by optional
 * whitespace); the hits are then valid until the next run.  On false,
 * s->error and s->error_at say why and where; hits are meaningless. */
bool cwf_jscan_run(cwf_jscan *s, const char *text, size_t len);

/* The last child hit of hit h on trie node `node` (for a field, the last
 * duplicate key wins), or CWF_JNONE. */
uint32_t cwf_jscan_child(const cwf_jscan *s, uint32_t h, uint32_t node);

/* The children of hit h on trie node `node`, in document order, without
 * the members that a later duplicate key overrides (Q25: the last one wins):
 *     for (c = cwf_jscan_first(s, h, node); c != CWF_JNONE; c = cwf_jscan_next(s, c))
 * For the members or elements that a wildcard edge selects. */
uint32_t cwf_jscan_first(cwf_jscan *s, uint32_t h, uint32_t node);
uint32_t cwf_jscan_next(const cwf_jscan *s, uint32_t c);

/* The text a string or wildcard value tests (D9): for a string hit its
 * decoded contents, for a number hit its text as written; NULL for other
 * types.  The pointer is valid until the next call or run. */
const char *cwf_jscan_str(cwf_jscan *s, uint32_t h, size_t *len);

/* Whether the keys of member hits a and b are the same decoded string. */
bool cwf_jscan_same_key(cwf_jscan *s, uint32_t a, uint32_t b);

/* ---- helpers ----------------------------------------------------------- */

/* Decodes the JSON string literal raw[0..n) (quotes included, already
 * valid) into out (appended, not NUL-counted). */
void cwf_json_unescape(const char *raw, size_t n, cwf_buf *out);

/* Whether text[0..len) is exactly one valid JSON value (a convenience
 * around cwf_jscan_run without paths). */
bool cwf_json_valid(const char *text, size_t len);

#endif
