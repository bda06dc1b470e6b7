/* prove_engine.h: the data of the prover's engine, shared by its two
 * halves: prove_core.c (the path tree, atoms and cells) and prove_search.c
 * (the search for a model, fast answers, models as JSON).  Not an
 * interface: prove_impl.h is the engine's, prove.h the prover's. */
#ifndef CWF_PROVE_ENGINE_H
#define CWF_PROVE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "prove_impl.h"
#include "regex.h"

enum vkind { VK_MISSING, VK_NULL, VK_FALSE, VK_TRUE, VK_NUMBER, VK_STRING, VK_OBJECT, VK_ARRAY };

/* A language at a node: an exact literal, or an automaton's. */
typedef struct lang {
    bool regex;
    cwf_wild wild;          /* strings */
    const char *s;          /* string: the core; regex: the body */
    uint32_t n;
    const struct cwf_re *re;
    cwf_dfa *dfa;           /* built when the cells are computed */
} lang;

typedef enum tkind {
    T_STRNUM,  /* = * : a string or a number */
    T_IN,      /* = v : a string or number whose text is in lang */
    T_NOTIN,   /* != v : a string or number whose text is not in lang */
    T_NUM,     /* op c : a number (D8) */
    T_NULL, T_TRUE, T_FALSE, T_MISSING,
    T_NEVER,   /* `< "x"`, `!= *` */
} tkind;

typedef struct test {
    tkind k;
    int node;
    int lang;
    cwf_op op;
    double c;
} test;

typedef struct cell {
    uint8_t k;              /* vkind */
    bool super;             /* STRING: every string that is no literal of
                               the node, its regions not computed yet */
    bool maybe;             /* emptiness not proved */
    const char *why;        /* for maybe */
    char *txt;              /* STRING: the value; NUMBER: its text */
    uint32_t tlen;
    double num;
    uint8_t *in;            /* per language of the node: the text is in it
                               (1), not (0), or unknown (2: a region cell
                               of an expansion that did not split by it) */
} cell;

typedef struct node {
    int parent;
    cwf_seg_kind seg;       /* the edge from the parent */
    const char *name;       /* FIELD */
    uint32_t nlen;
    uint32_t index;         /* INDEX */
    int *kids;
    int nkids, ckids;
    bool tmpl;              /* inside a wildcard's template */
    int troot_of;           /* the group whose template root this is, or -1 */
    int gfield, gindex;     /* groups with this node as container, or -1 */
    int *tests;
    int ntests, ctests;
    lang *langs;
    int nlangs, clangs;
    cell *cells;
    int ncells, ccells;
    int nbase;              /* cells [0, nbase) are the node's own; region
                               cells of expansions follow */
    struct expansion {
        uint8_t *set;       /* per language: split by it */
        int from, to;       /* its region cells */
    } *exp;
    int nexp;
    struct rcache *rc;      /* string regions split by a set of languages,
                               computed once (prove_core.c) */
    int nrc, crc;
    bool has_str;
    bool lazy;              /* has a super cell, expanded on demand */
    const char *why;        /* cells not computable */
} node;

typedef struct inst {
    int test;               /* the wildcard test, copied under an element */
    int elem;               /* the element it sits under */
} inst;

typedef struct atom {
    int test;               /* concrete: its test; wildcard: the template's */
    int group;              /* -1: concrete */
    inst *inst;
    int ninst, cinst;
    int *elems;             /* elements already instantiated */
    int nelems, celems;
    const cwf_expr *x;
    int side;
    const char *why;        /* not decidable, or NULL */
} atom;

typedef struct group {
    int container;
    bool index;             /* [*] (else .*) */
    int troot;
    int *atoms;             /* formula atoms of the group, in bit order */
    int natoms, catoms;
    int *tnodes;            /* template nodes in tree order */
    int ntnodes;
    uint64_t *tset;         /* per type: the atoms (bits) it satisfies */
    int **tasg;             /* per type: a cell per template node */
    bool *tmaybe;
    int ntypes, ctypes;
    const char *why;
} group;

typedef struct fnode {
    uint8_t op;
    int a;                  /* ATOM */
    int k0, n;              /* kids: fk[k0 .. k0+n) */
} fnode;

typedef struct xmap {
    const cwf_expr *x;
    int f;
} xmap;

struct pv {
    node *nodes;
    int nnodes, cnodes;
    test *tests;
    int ntests, ctests;
    atom *atoms;
    int natoms, catoms;
    group *groups;
    int ngroups, cgroups;
    fnode *f;
    int nf, cf;
    int *fk;
    int nfk, cfk;
    xmap *xm;
    int nxm, cxm;
    int *xh;                /* hash of xm by expression: an index into xm,
                               or -1; cxh slots, a power of two */
    int cxh;
    bool prepared;
    bool root_arr;          /* cwf_pv_root_array, kept once prepared */
    cwf_arena scratch;      /* a search's arrays, released at its end */
    uint64_t steps;
    uint64_t budget;        /* steps allowed for all searches together
                               (CWF_PROVE_BUDGET unless set) */
    int ftrue, ffalse;
};

struct pv_model {            /* one block: the arrays follow it */
    int nn;                 /* the number of groups */
    int *asg;               /* per node: a cell, or -1 (absent) */
    int **gtypes;           /* per group: chosen types */
    int *ngtypes;
};

#define GROW(p, n, c)                                                       \
    do {                                                                    \
        if ((n) == (c)) {                                                   \
            (c) = (c) ? 2 * (c) : 8;                                        \
            (p) = cwf_xrealloc((p), (size_t)(c) * sizeof *(p));             \
        }                                                                   \
    } while (0)

/* Search limits: beyond them the answer is unknown, never a guess. */
enum {
    MAX_REGIONS = 512,        /* string cells per path */
    MAX_TEMPLATE = 100000,    /* template assignments per wildcard */
    MAX_GROUP_ATOMS = 64,
    MAX_INDEX = 4096,         /* largest array index a model may fill */
};

/* ---- shared between the halves ------------------------------------------- */

/* Test ti on cell c: PV_T, PV_F, or PV_U (a super cell, or a region cell
 * of an expansion that did not split by the test's language). */
int cwf_pv_test3(const pv *e, int ti, const cell *c);
/* Test ti on a cell whose value it knows (no PV_U possible). */
bool cwf_pv_test(const pv *e, int ti, const cell *c);
/* Whether a parent of kind k lets a child along seg exist. */
bool cwf_pv_holds_child(uint8_t k, cwf_seg_kind seg);
/* Whether node a is b or an ancestor of b. */
bool cwf_pv_ancestor(const pv *e, int a, int b);
/* Appends the nodes below nd (itself first) in tree order (fields as first
 * read, indexes increasing); keep: which nodes (NULL: all); templates only
 * when tmpl. */
void cwf_pv_tree_order(const pv *e, int nd, const uint8_t *keep, bool tmpl, int *out, int *n);
/* The automaton of a language, built on first use; not minimised (only
 * its language is used: acceptance, emptiness, products, witnesses). */
cwf_dfa *cwf_pv_lang_dfa(lang *l);
/* Whether text s[0..n) is in l's language: a wildcard form read directly
 * (no automaton built for it), a regex through its automaton. */
bool cwf_pv_lang_accepts(lang *l, const char *s, size_t n);
/* The region cells of node id split by the languages in only[] (NULL:
 * all), computed once per set; NULL (and the node's why set) when too
 * many. */
const struct expansion *cwf_pv_expand(pv *e, int id, const uint8_t *only);

#endif
