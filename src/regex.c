/* regex.c: the CloudWatch regex subset (SPEC section 3, D16), and the byte
 * automata that the matcher and the prover share.
 *
 * A body is parsed into a small tree in the caller's arena, compiled to a
 * Thompson NFA whose ^ and $ are zero-width steps, and determinised by the
 * subset construction into a search DFA: one that accepts the strings in
 * which the regex matches somewhere.  In runs such as x{m,n}, a subset keeps
 * only the copy of x whose future contains the others' (see compile_rep),
 * so that windows like ERROR.{0,200}timeout stay small.
 *
 * A cwf_dfa is complete over bytes: bytes map to classes, and every state
 * has one successor per class.  Every DFA this file hands out is minimal
 * (Hopcroft), numbered breadth-first from its start state 0, with equal
 * classes merged, so that equal languages give equal tables.
 *
 * Caps: cwf_re_parse rejects a regex whose NFA would exceed NFA_CAP (the
 * bounds of {m,n} multiply out).  Its search DFA is built when it fits in
 * STATE_CAP and CELL_CAP within WORK_CAP steps, which bounds the time of a
 * parse; a regex over those caps is valid all the same (x.{16}x needs about
 * 2^17 states), has no DFA (cwf_dfa_regex gives NULL), and cwf_re_search
 * runs its NFA instead.  Products are not capped: they are at most the
 * product of their operands' sizes, and are minimised.
 */
#include "regex.h"

#include <stdlib.h>
#include <string.h>

enum {
    REP_CAP = 1000,       /* largest bound in {m,n} */
    NFA_CAP = 1 << 17,    /* NFA states of one regex */
    STATE_CAP = 100000,   /* search DFA states, before minimisation */
    CELL_CAP = 1 << 21,   /* search DFA states x byte classes */
};
#define WORK_CAP ((uint64_t)1 << 24) /* NFA steps of one subset construction */

#define NIL UINT32_MAX
#define REP_INF UINT16_MAX

/* ---- byte sets ---------------------------------------------------------- */

typedef struct bset {
    uint8_t b[32];
} bset;

static void bs_add(bset *s, unsigned c)
{
    s->b[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static bool bs_has(const bset *s, unsigned c)
{
    return s->b[c >> 3] >> (c & 7) & 1;
}

static void bs_range(bset *s, unsigned lo, unsigned hi)
{
    for (unsigned c = lo; c <= hi; c++)
        bs_add(s, c);
}

static void bs_not(bset *s)
{
    for (size_t i = 0; i < sizeof s->b; i++)
        s->b[i] = (uint8_t)~s->b[i];
}

static void bs_or(bset *s, const bset *t)
{
    for (size_t i = 0; i < sizeof s->b; i++)
        s->b[i] |= t->b[i];
}

/* ---- the parsed form ---------------------------------------------------- */

typedef enum re_op {
    RE_SET, /* one byte out of set */
    RE_BOL, /* ^: only at offset 0 of the whole string */
    RE_EOL, /* $: only at its end */
    RE_CAT, /* kids in sequence; no kids matches the empty string */
    RE_ALT, /* one of the kids, n >= 2 */
    RE_REP, /* kid repeated min..max times */
} re_op;

typedef struct re_node re_node;
struct re_node {
    re_op op;
    uint16_t min, max; /* REP; max REP_INF when unbounded */
    uint32_t sid;      /* SET: its index in the NFA's set table */
    re_node *kid;      /* CAT, ALT: the first kid; REP: the repeated node */
    re_node *next;     /* the next kid of the parent CAT or ALT */
    bset set;          /* SET */
};

enum { DFA_ACCEPT = 1, DFA_SINK = 2 };

struct cwf_dfa {
    uint32_t n;        /* states; the start state is 0 */
    uint32_t k;        /* byte classes */
    uint8_t cls[256];  /* byte -> class */
    uint32_t *next;    /* next[q * k + c] */
    uint8_t *flags;    /* DFA_ACCEPT; DFA_SINK when every class loops */
};

typedef struct nstate nstate;

/* A parsed regex, arrays in the arena, built once by cwf_re_parse: its
 * search DFA, copied out by cwf_dfa_regex, or, when that DFA is over the
 * caps, NULL and the NFA that cwf_re_search simulates. */
struct cwf_re {
    cwf_dfa *dfa;      /* or NULL */
    const nstate *v;   /* the NFA when dfa is NULL: n states, entered at */
    const bset *sets;  /* start; N_SET states test sets[set] */
    uint32_t n, start;
};

/* ---- parsing ------------------------------------------------------------ */

typedef struct rparser {
    const unsigned char *s;
    size_t len, i;
    uint32_t base;
    cwf_arena *a;
    cwf_diags *d;
} rparser;

/* A class item or an escape: its bytes, and the byte when it is just one
 * (so that it can bound a range), else -1. */
typedef struct item {
    bset set;
    int byte;
} item;

static void *fail(rparser *p, size_t from, size_t to, const char *fmt, ...)
    CWF_PRINTF(4, 5);

/* Appends the one diagnostic of a failed parse; returns NULL. */
static void *fail(rparser *p, size_t from, size_t to, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = cwf_xvasprintf(fmt, ap);
    va_end(ap);
    cwf_span sp = {p->base + (uint32_t)from, p->base + (uint32_t)to};
    cwf_diag_add(p->d, CWF_R_BAD_REGEX, sp, "%s", msg);
    free(msg);
    return NULL;
}

static bool is_alnum(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Letters, digits, the documented symbols, and the space (Q12). */
static bool is_lit(unsigned c)
{
    return is_alnum(c) || (c && strchr(":_#=@/;,- ", (int)c));
}

/* The operators: a backslash makes each of them literal. */
static bool is_op(unsigned c)
{
    return c && strchr("^$?*+.|[]{}\\", (int)c);
}

static bool is_quant(unsigned c)
{
    return c == '*' || c == '+' || c == '?' || c == '{';
}

static int hexval(const rparser *p, size_t i)
{
    if (i >= p->len)
        return -1;
    return cwf_hex_digit((unsigned char)p->s[i]);
}

static void *paren(rparser *p, size_t from, size_t to)
{
    return fail(p, from, to, "parentheses are not allowed in a CloudWatch "
                "regex; write \\x28 and \\x29 to match them");
}

/* The error for s[i], a byte outside the documented set. */
static void *bad_char(rparser *p, size_t i)
{
    unsigned c = p->s[i];
    if (c >= 0x80) {
        size_t j = i + 1;
        while (j < p->len && j - i < 4 && (p->s[j] & 0xC0) == 0x80)
            j++;
        return fail(p, i, j, "multi-byte characters are not supported");
    }
    if (c == '(' || c == ')')
        return paren(p, i, i + 1);
    const char *name = c == '\t' ? "a tab"
                     : c == '\n' ? "a newline"
                     : c == '\r' ? "a carriage return"
                     : c == '`' ? "a backquote" : NULL;
    if (name)
        return fail(p, i, i + 1, "%s is not allowed in a CloudWatch regex; "
                    "write \\x%02X to match it", name, c);
    if (c < 0x20 || c == 0x7F)
        return fail(p, i, i + 1, "the control character \\x%02X is not "
                    "allowed in a CloudWatch regex; write \\x%02X to match it",
                    c, c);
    return fail(p, i, i + 1, "`%c` is not allowed in a CloudWatch regex; "
                "write \\x%02X to match it", (char)c, c);
}

/* esc := '\' ( d D s S w W | x HEX HEX | an operator | a symbol | ' ' )
 * where the symbols are : _ # = @ / ; , - and HEX HEX is any byte.  p->i is
 * at the backslash. */
static bool parse_escape(rparser *p, item *it)
{
    size_t at = p->i;
    memset(it, 0, sizeof *it);
    it->byte = -1;
    if (at + 1 >= p->len) {
        fail(p, at, at + 1, "a `\\` at the end of a regex escapes nothing; "
             "write \\\\ to match a backslash");
        return false;
    }
    unsigned c = p->s[at + 1];
    p->i = at + 2;
    switch (c) {
    case 'd': case 'D':
        bs_range(&it->set, '0', '9');
        break;
    case 's': case 'S':
        bs_add(&it->set, ' ');
        bs_range(&it->set, '\t', '\r'); /* \t \n \v \f \r */
        break;
    case 'w': case 'W':
        bs_range(&it->set, 'a', 'z');
        bs_range(&it->set, 'A', 'Z');
        bs_range(&it->set, '0', '9');
        bs_add(&it->set, '_');
        break;
    case 'x': {
        int h1 = hexval(p, at + 2), h2 = hexval(p, at + 3);
        if (h1 < 0 || h2 < 0) {
            fail(p, at, at + 2 + (h1 >= 0), "`\\x` must be followed by two "
                 "hex digits, as in \\x3A");
            return false;
        }
        it->byte = h1 * 16 + h2;
        p->i = at + 4;
        break;
    }
    case '(': case ')':
        paren(p, at, at + 2);
        return false;
    default:
        if (is_op(c) || (is_lit(c) && !is_alnum(c))) {
            it->byte = (int)c;
            break;
        }
        if (c >= 0x80 || c < 0x20 || c == 0x7F || c == '`') {
            bad_char(p, at + 1);
            return false;
        }
        const char *hint = c == 'n' ? "\\x0A to match a newline"
                         : c == 't' ? "\\x09 to match a tab"
                         : c == 'r' ? "\\x0D to match a carriage return"
                         : c == 'f' ? "\\x0C to match a form feed"
                         : c == 'v' ? "\\x0B to match a vertical tab" : NULL;
        if (hint)
            fail(p, at, at + 2, "`\\%c` is not a CloudWatch regex escape; "
                 "write %s", (char)c, hint);
        else if (is_alnum(c))
            fail(p, at, at + 2, "`\\%c` is not a CloudWatch regex escape; "
                 "the escapes are \\d \\D \\s \\S \\w \\W and \\xHH",
                 (char)c);
        else
            fail(p, at, at + 2, "`\\%c` is not a CloudWatch regex escape; "
                 "write \\x%02X to match `%c`", (char)c, c, (char)c);
        return false;
    }
    if (c == 'D' || c == 'S' || c == 'W')
        bs_not(&it->set);
    if (it->byte >= 0)
        bs_add(&it->set, (unsigned)it->byte);
    return true;
}

static re_node *new_node(rparser *p, re_op op)
{
    re_node *x = cwf_arena_alloc(p->a, sizeof *x);
    x->op = op;
    return x;
}

/* Inside a class the operators other than \ and ] are literal, [ included
 * (as in POSIX and RE2; Java would read [a[b]] as a union). */
static bool class_item(rparser *p, item *it)
{
    unsigned c = p->s[p->i];
    if (c == '\\')
        return parse_escape(p, it);
    if (!is_lit(c) && !is_op(c)) {
        bad_char(p, p->i);
        return false;
    }
    memset(it, 0, sizeof *it);
    it->byte = (int)c;
    bs_add(&it->set, c);
    p->i++;
    return true;
}

/* class := '[' '^'? citem+ ']' ; citem := item ( '-' item )?
 * A '-' first, last, or right after a range is literal. */
static re_node *parse_class(rparser *p)
{
    size_t start = p->i++;
    bool neg = p->i < p->len && p->s[p->i] == '^';
    p->i += neg;
    if (p->i < p->len && p->s[p->i] == ']')
        return fail(p, start, p->i + 1, "the class `%.*s` is empty; write "
                    "\\] to match a `]`", (int)(p->i + 1 - start),
                    (const char *)p->s + start);
    re_node *x = new_node(p, RE_SET);
    for (;;) {
        if (p->i >= p->len)
            return fail(p, start, p->len, "this class has no closing `]`");
        if (p->s[p->i] == ']')
            break;
        size_t at = p->i;
        item lo, hi;
        if (!class_item(p, &lo))
            return NULL;
        if (p->i + 1 < p->len && p->s[p->i] == '-' && p->s[p->i + 1] != ']') {
            size_t dash = p->i++;
            if (lo.byte < 0)
                return fail(p, at, dash, "`%.*s` cannot start a range; write "
                            "\\- to match a `-`", (int)(dash - at),
                            (const char *)p->s + at);
            if (!class_item(p, &hi))
                return NULL;
            if (hi.byte < 0)
                return fail(p, dash + 1, p->i, "`%.*s` cannot end a range",
                            (int)(p->i - dash - 1),
                            (const char *)p->s + dash + 1);
            if (lo.byte > hi.byte)
                return fail(p, at, p->i, "the range `%.*s` is backwards; "
                            "write `%.*s-%.*s`", (int)(p->i - at),
                            (const char *)p->s + at, (int)(p->i - dash - 1),
                            (const char *)p->s + dash + 1, (int)(dash - at),
                            (const char *)p->s + at);
            bs_range(&x->set, (unsigned)lo.byte, (unsigned)hi.byte);
        } else {
            bs_or(&x->set, &lo.set);
        }
    }
    p->i++;
    if (neg)
        bs_not(&x->set);
    return x;
}

/* Reads the digits at *j, if any, into *v (-1 when there are none). */
static bool parse_bound(rparser *p, size_t *j, long *v)
{
    size_t from = *j;
    *v = -1;
    while (*j < p->len && p->s[*j] >= '0' && p->s[*j] <= '9') {
        long d = p->s[*j] - '0';
        *v = *v < 0 ? d : *v > REP_CAP ? *v : *v * 10 + d;
        ++*j;
    }
    if (*v > REP_CAP) {
        fail(p, from, *j, "the repetition bound %.*s is too large; the limit "
             "is %d", (int)(*j - from), (const char *)p->s + from, REP_CAP);
        return false;
    }
    return true;
}

/* quant := '*' | '+' | '?' | '{' INT? ( ',' INT? )? '}'
 * Either bound of {m,n} may be left out ({,} is *), but not both with no
 * comma ({} is an error). */
static bool parse_quant(rparser *p, uint16_t *min, uint16_t *max)
{
    size_t at = p->i++;
    switch (p->s[at]) {
    case '*': *min = 0; *max = REP_INF; return true;
    case '+': *min = 1; *max = REP_INF; return true;
    case '?': *min = 0; *max = 1; return true;
    }
    size_t j = at + 1;
    long lo, hi;
    if (!parse_bound(p, &j, &lo))
        return false;
    bool comma = j < p->len && p->s[j] == ',';
    hi = lo;
    if (comma) {
        j++;
        if (!parse_bound(p, &j, &hi))
            return false;
    }
    if (j >= p->len || p->s[j] != '}' || (lo < 0 && !comma)) {
        fail(p, at, at + 1, "`{` must start a repetition such as {2}, {2,} "
             "or {1,3}; write \\{ to match it");
        return false;
    }
    p->i = j + 1;
    if (hi >= 0 && lo > hi) {
        fail(p, at, p->i, "the repetition `%.*s` has a minimum above its "
             "maximum", (int)(p->i - at), (const char *)p->s + at);
        return false;
    }
    *min = (uint16_t)(lo < 0 ? 0 : lo);
    *max = hi < 0 ? REP_INF : (uint16_t)hi;
    return true;
}

/* atom := '.' | '^' | '$' | class | esc | LIT */
static re_node *parse_atom(rparser *p)
{
    size_t at = p->i;
    unsigned c = p->s[at];
    re_node *x;
    item it;
    switch (c) {
    case '^':
    case '$':
        p->i++;
        return new_node(p, c == '^' ? RE_BOL : RE_EOL);
    case '[':
        return parse_class(p);
    case '*': case '+': case '?': case '{':
        return fail(p, at, at + 1, "`%c` has nothing to repeat; write \\%c to "
                    "match it", (char)c, (char)c);
    case ']': case '}':
        return fail(p, at, at + 1, "`%c` closes nothing; write \\%c to match "
                    "it", (char)c, (char)c);
    case '\\':
        if (!parse_escape(p, &it))
            return NULL;
        x = new_node(p, RE_SET);
        x->set = it.set;
        return x;
    }
    if (c != '.' && !is_lit(c))
        return bad_char(p, at);
    x = new_node(p, RE_SET);
    if (c == '.')
        bs_not(&x->set); /* any byte, newline included */
    else
        bs_add(&x->set, c);
    p->i++;
    return x;
}

/* piece := atom quant?  with two choices where SPEC is silent:
 * - a `?` right after a quantifier (a+?, a*?, a??, a{2,3}?) would make it
 *   lazy elsewhere; CloudWatch documents no lazy quantifiers, so it is an
 *   error (SPEC 3.4), not the stacked (a+)? that it once read as.  Any other
 *   quantifier after a quantifier (a**, a+*, a*{2}) has nothing to repeat,
 *   as in Java and JavaScript.
 * - an anchor cannot be repeated (^* is almost surely a mistake). */
static re_node *parse_piece(rparser *p)
{
    re_node *x = parse_atom(p);
    if (!x || p->i >= p->len || !is_quant(p->s[p->i]))
        return x;
    size_t at = p->i;
    if (x->op == RE_BOL || x->op == RE_EOL)
        return fail(p, at, at + 1, "the anchor `%c` cannot be repeated",
                    x->op == RE_BOL ? '^' : '$');
    re_node *r = new_node(p, RE_REP);
    if (!parse_quant(p, &r->min, &r->max))
        return NULL;
    r->kid = x;
    if (p->i >= p->len || !is_quant(p->s[p->i]))
        return r;
    size_t q = p->i;
    unsigned c = p->s[q];
    if (c == '?')
        return fail(p, q, q + 1, "lazy quantifiers are not supported: "
                    "CloudWatch regexes have no `%.*s?`; write `%.*s`, which "
                    "matches the same text", (int)(q - at),
                    (const char *)p->s + at, (int)(q - at),
                    (const char *)p->s + at);
    return fail(p, q, q + 1, "`%c` has nothing to repeat; write \\%c to match "
                "it", (char)c, (char)c);
}

/* concat := piece* */
static re_node *parse_cat(rparser *p)
{
    re_node *cat = new_node(p, RE_CAT);
    re_node **tail = &cat->kid;
    while (p->i < p->len && p->s[p->i] != '|') {
        re_node *x = parse_piece(p);
        if (!x)
            return NULL;
        *tail = x;
        tail = &x->next;
    }
    return cat;
}

/* alt := concat ( '|' concat )* */
static re_node *parse_alt(rparser *p)
{
    re_node *first = parse_cat(p);
    if (!first || p->i >= p->len)
        return first;
    re_node *alt = new_node(p, RE_ALT);
    alt->kid = first;
    re_node **tail = &first->next;
    while (p->i < p->len) {
        p->i++; /* the '|' */
        re_node *x = parse_cat(p);
        if (!x)
            return NULL;
        *tail = x;
        tail = &x->next;
    }
    return alt;
}

/* ---- the NFA ------------------------------------------------------------ */

enum { N_SET, N_EPS, N_BOL, N_EOL, N_MATCH };

struct nstate {
    uint8_t op;
    uint32_t set;    /* N_SET: index into nfa.sets */
    uint32_t out[2]; /* out[1] only for N_EPS; NIL when absent */
    uint32_t chain;  /* N_SET in a chain of copies (see compile_rep): its */
    uint32_t rank;   /* number and rank; else NIL and 0 */
};

typedef struct nfa {
    nstate *v;
    uint32_t n, cap;
    bset *sets;
    uint32_t nsets, setcap;
    uint32_t *last;  /* per chain: its last copy if mandatory, else NIL */
    uint32_t nchains;
} nfa;

/* A fragment under construction: its entry, and its list of dangling exits
 * ("holes"), threaded through the out fields themselves.  A hole is coded
 * state << 1 | which out. */
typedef struct frag {
    uint32_t start, head, tail;
} frag;

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a + b > NFA_CAP ? NFA_CAP + 1 : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    return b && a > (NFA_CAP + 1) / b ? NFA_CAP + 1 : a * b;
}

/* Numbers the sets of x into f->sets; returns an upper bound on the NFA
 * states that compile() makes for x (saturated just above NFA_CAP). */
static uint64_t prepare(nfa *f, re_node *x)
{
    uint64_t n = 0, s;
    switch (x->op) {
    case RE_SET:
        if (f->nsets == f->setcap) {
            f->setcap = f->setcap ? 2 * f->setcap : 16;
            f->sets = cwf_xrealloc(f->sets, f->setcap * sizeof *f->sets);
        }
        x->sid = f->nsets;
        f->sets[f->nsets++] = x->set;
        return 1;
    case RE_BOL:
    case RE_EOL:
        return 1;
    case RE_CAT:
    case RE_ALT:
        for (re_node *k = x->kid; k; k = k->next)
            n = sat_add(n, prepare(f, k) + 1);
        return n + 1;
    case RE_REP:
        s = prepare(f, x->kid) + 1;
        n = x->max == REP_INF ? x->min + 1u : x->max;
        return sat_add(sat_mul(n, s), 1);
    }
    return n;
}

static uint32_t nfa_add(nfa *f, uint8_t op, uint32_t out0, uint32_t out1)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 64;
        f->v = cwf_xrealloc(f->v, f->cap * sizeof *f->v);
    }
    f->v[f->n] = (nstate){op, 0, {out0, out1}, NIL, 0};
    return f->n++;
}

static uint32_t *hole(nfa *f, uint32_t h)
{
    return &f->v[h >> 1].out[h & 1];
}

/* A fragment of the one state s, whose exit out[0] dangles. */
static frag frag_of(uint32_t s)
{
    return (frag){s, s << 1, s << 1};
}

static void patch(nfa *f, frag g, uint32_t to)
{
    for (uint32_t h = g.head; h != NIL;) {
        uint32_t *o = hole(f, h);
        h = *o;
        *o = to;
    }
}

static frag cat(nfa *f, frag a, frag b)
{
    patch(f, a, b.start);
    return (frag){a.start, b.head, b.tail};
}

/* g, or nothing: a split whose second exit dangles with g's. */
static frag opt(nfa *f, frag g)
{
    uint32_t s = nfa_add(f, N_EPS, g.start, NIL);
    *hole(f, g.tail) = s << 1 | 1;
    return (frag){s, g.head, s << 1 | 1};
}

static frag star(nfa *f, frag g)
{
    uint32_t s = nfa_add(f, N_EPS, g.start, NIL);
    patch(f, g, s);
    return (frag){s, s << 1 | 1, s << 1 | 1};
}

static frag compile(nfa *f, const re_node *x);

/* A new chain of copies of one byte set; last is its last copy when the
 * chain is mandatory, NIL when optional. */
static uint32_t new_chain(nfa *f)
{
    f->last = cwf_xrealloc(f->last, (f->nchains + 1) * sizeof *f->last);
    f->last[f->nchains] = NIL;
    return f->nchains++;
}

/* x{m,n} is m copies of x, then x* when unbounded, else the optional chain
 * (x(x(x)?)?)? of n-m copies, whose closures stay short, unlike x?x?x?.
 * When x is one byte set, each run of copies is a chain, and each copy has
 * a rank for closure(), which keeps only the copy of least rank: in an
 * optional chain the shallowest (rank = copies before it), in a mandatory
 * one the deepest (rank = copies after it), which ends_in_match() may
 * disallow. */
static frag compile_rep(nfa *f, const re_node *x)
{
    frag r = {NIL, NIL, NIL}, g;
    uint32_t chain = x->kid->op == RE_SET && x->min > 1 ? new_chain(f) : NIL;
    for (unsigned i = 0; i < x->min; i++) {
        frag c = compile(f, x->kid);
        if (chain != NIL) {
            f->v[c.start].chain = chain;
            f->v[c.start].rank = x->min - 1u - i;
            f->last[chain] = c.start;
        }
        r = r.start == NIL ? c : cat(f, r, c);
    }
    if (x->max == REP_INF) {
        g = star(f, compile(f, x->kid));
    } else if (x->max > x->min) {
        uint32_t n = x->max - x->min;
        chain = x->kid->op == RE_SET && n > 1 ? new_chain(f) : NIL;
        for (uint32_t d = n; d-- > 0;) {
            frag c = compile(f, x->kid);
            if (chain != NIL) {
                f->v[c.start].chain = chain;
                f->v[c.start].rank = d;
            }
            g = d == n - 1 ? opt(f, c) : opt(f, cat(f, c, g));
        }
    } else if (r.start != NIL) {
        return r;
    } else {
        return frag_of(nfa_add(f, N_EPS, NIL, NIL));
    }
    return r.start == NIL ? g : cat(f, r, g);
}

static frag compile(nfa *f, const re_node *x)
{
    frag r;
    uint32_t s;
    switch (x->op) {
    case RE_SET:
        s = nfa_add(f, N_SET, NIL, NIL);
        f->v[s].set = x->sid;
        return frag_of(s);
    case RE_BOL:
        return frag_of(nfa_add(f, N_BOL, NIL, NIL));
    case RE_EOL:
        return frag_of(nfa_add(f, N_EOL, NIL, NIL));
    case RE_CAT:
        if (!x->kid)
            return frag_of(nfa_add(f, N_EPS, NIL, NIL));
        r = compile(f, x->kid);
        for (const re_node *k = x->kid->next; k; k = k->next)
            r = cat(f, r, compile(f, k));
        return r;
    case RE_ALT:
        r = compile(f, x->kid);
        for (const re_node *k = x->kid->next; k; k = k->next) {
            frag g = compile(f, k);
            *hole(f, r.tail) = g.head;
            r = (frag){nfa_add(f, N_EPS, r.start, g.start), r.head, g.tail};
        }
        return r;
    case RE_REP:
        return compile_rep(f, x);
    }
    return frag_of(nfa_add(f, N_EPS, NIL, NIL));
}

/* ---- growable state tables, for the subset and product constructions ---- */

typedef struct table {
    uint32_t n, cap, k;
    uint32_t *next;   /* cap * k */
    uint8_t *flags;   /* cap */
    uint32_t *slot;   /* hash slots: state + 1, or 0 when free */
    uint32_t mask;    /* slots - 1, a power of two minus one */
} table;

static uint32_t mix(uint32_t h, uint32_t v)
{
    h = (h ^ v) * 0x9E3779B1u;
    return h ^ h >> 15;
}

static void table_init(table *t, uint32_t k)
{
    *t = (table){.k = k, .mask = 63};
    t->slot = cwf_xcalloc(64, sizeof *t->slot);
}

/* Makes state t->n, with no transitions yet; returns it. */
static uint32_t table_add(table *t, uint8_t flags)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->next = cwf_xrealloc(t->next,
                               (size_t)t->cap * t->k * sizeof *t->next);
        t->flags = cwf_xrealloc(t->flags, t->cap);
    }
    t->flags[t->n] = flags;
    return t->n++;
}

/* Puts q in the free slot at or after its hash h. */
static void table_slot(table *t, uint32_t h, uint32_t q)
{
    uint32_t i = h & t->mask;
    while (t->slot[i])
        i = (i + 1) & t->mask;
    t->slot[i] = q + 1;
}

/* Doubles the slots once they are half full; hash(ctx, q) is q's hash. */
static void table_rehash(table *t, uint32_t (*hash)(const void *, uint32_t),
                         const void *ctx)
{
    if (2 * (size_t)t->n <= t->mask)
        return;
    free(t->slot);
    t->mask = 2 * t->mask + 1;
    t->slot = cwf_xcalloc((size_t)t->mask + 1, sizeof *t->slot);
    for (uint32_t q = 0; q < t->n; q++)
        table_slot(t, hash(ctx, q), q);
}

/* Hands the table over as a DFA, not yet minimised. */
static cwf_dfa *table_dfa(table *t, const uint8_t cls[256])
{
    cwf_dfa *a = cwf_xcalloc(1, sizeof *a);
    a->n = t->n;
    a->k = t->k;
    memcpy(a->cls, cls, sizeof a->cls);
    a->next = t->next;
    a->flags = t->flags;
    free(t->slot);
    return a;
}

/* ---- the subset construction -------------------------------------------- */

enum { F_ACCEPT = DFA_ACCEPT, F_ALL = 4 };

typedef struct subset {
    const nfa *f;
    uint32_t start;          /* the NFA start */
    bset *memb;              /* per NFA set: the classes in it */
    uint32_t *stamp, gen;    /* closure marks */
    uint32_t *least, *seen;  /* per chain: its least rank, when seen */
    uint32_t *stack, *list, *eols, *seeds;
    uint32_t nlist;
    uint32_t *pool;          /* the NFA SET states of each DFA state */
    size_t npool, poolcap;
    size_t *off;             /* per DFA state: its list in pool */
    uint32_t *len;
    table t;
    uint64_t work;
    bool capped, over;
} subset;

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* Sorts v[0..n): by insertion when short, as closures mostly are (qsort's
 * calls per comparison dominated the subset construction), else qsort. */
static void sort_u32(uint32_t *v, uint32_t n)
{
    if (n > 32) {
        qsort(v, n, sizeof *v, cmp_u32);
        return;
    }
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = v[i], j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

static void visit(subset *b, uint32_t *sp, uint32_t s)
{
    if (s != NIL && b->stamp[s] != b->gen) {
        b->stamp[s] = b->gen;
        b->stack[(*sp)++] = s;
    }
}

/* The epsilon closure of seeds: the NFA SET states it reaches, sorted, in
 * b->list.  bol says whether ^ steps may be taken (offset 0).  Returns F_ALL
 * when it reaches the match (then every extension matches too), else
 * F_ACCEPT when it would reach the match if the string ended here. */
static unsigned closure(subset *b, const uint32_t *seeds, uint32_t nseeds,
                        bool bol)
{
    const nstate *v = b->f->v;
    uint32_t sp = 0, neols = 0;
    bool matched = false, at_end = false;
    b->nlist = 0;
    b->gen++;
    for (uint32_t i = 0; i < nseeds; i++)
        visit(b, &sp, seeds[i]);
    while (sp) {
        uint32_t s = b->stack[--sp];
        b->work++;
        switch (v[s].op) {
        case N_SET: b->list[b->nlist++] = s; break;
        case N_EPS:
            visit(b, &sp, v[s].out[0]);
            visit(b, &sp, v[s].out[1]);
            break;
        case N_BOL: visit(b, &sp, bol ? v[s].out[0] : NIL); break;
        case N_EOL: b->eols[neols++] = s; break;
        case N_MATCH: matched = true; break;
        }
    }
    if (matched) {
        b->nlist = 0;
        return F_ALL;
    }
    /* At the end of the string, $ steps may be taken too. */
    b->gen++;
    for (uint32_t i = 0; i < neols; i++)
        visit(b, &sp, b->eols[i]);
    while (sp && !at_end) {
        uint32_t s = b->stack[--sp];
        b->work++;
        switch (v[s].op) {
        case N_EPS:
            visit(b, &sp, v[s].out[0]);
            visit(b, &sp, v[s].out[1]);
            break;
        case N_BOL: visit(b, &sp, bol ? v[s].out[0] : NIL); break;
        case N_EOL: visit(b, &sp, v[s].out[0]); break;
        case N_MATCH: at_end = true; break;
        }
    }
    /* Of the copies of one chain, the one of least rank matches everything
     * that the others can still match (see compile_rep), so dropping the
     * others keeps the language and keeps the subsets from remembering every
     * distance when only one matters, as in a.{0,200}b or a.{30}. */
    uint32_t kept = 0;
    for (uint32_t i = 0; i < b->nlist; i++) {
        const nstate *x = &v[b->list[i]];
        if (x->chain != NIL && (b->seen[x->chain] != b->gen ||
                                x->rank < b->least[x->chain])) {
            b->seen[x->chain] = b->gen;
            b->least[x->chain] = x->rank;
        }
    }
    for (uint32_t i = 0; i < b->nlist; i++) {
        const nstate *x = &v[b->list[i]];
        if (x->chain == NIL || x->rank == b->least[x->chain])
            b->list[kept++] = b->list[i];
    }
    b->nlist = kept;
    sort_u32(b->list, b->nlist);
    b->work += b->nlist;
    return at_end ? F_ACCEPT : 0;
}

static uint32_t hash_list(unsigned flags, const uint32_t *v, uint32_t n)
{
    uint32_t h = mix(0x811C9DC5u, flags);
    for (uint32_t i = 0; i < n; i++)
        h = mix(h, v[i]);
    return h;
}

static uint32_t subset_hash(const void *ctx, uint32_t q)
{
    const subset *b = ctx;
    return hash_list(b->t.flags[q], b->pool + b->off[q], b->len[q]);
}

/* The DFA state of the closure in b->list with these flags, made if new. */
static uint32_t intern(subset *b, unsigned flags)
{
    table *t = &b->t;
    uint32_t h = hash_list(flags, b->list, b->nlist);
    for (uint32_t i = h & t->mask; t->slot[i]; i = (i + 1) & t->mask) {
        uint32_t q = t->slot[i] - 1;
        if (t->flags[q] == flags && b->len[q] == b->nlist &&
            memcmp(b->pool + b->off[q], b->list,
                   b->nlist * sizeof *b->list) == 0)
            return q;
    }
    if (b->capped && ((size_t)t->n + 1 > STATE_CAP ||
                      ((size_t)t->n + 1) * t->k > CELL_CAP)) {
        b->over = true;
        return 0;
    }
    uint32_t cap = t->cap, q = table_add(t, (uint8_t)flags);
    if (t->cap != cap) {
        b->off = cwf_xrealloc(b->off, t->cap * sizeof *b->off);
        b->len = cwf_xrealloc(b->len, t->cap * sizeof *b->len);
    }
    if (b->npool + b->nlist > b->poolcap) {
        b->poolcap = 2 * (b->npool + b->nlist) + 64;
        b->pool = cwf_xrealloc(b->pool, b->poolcap * sizeof *b->pool);
    }
    memcpy(b->pool + b->npool, b->list, b->nlist * sizeof *b->list);
    b->off[q] = b->npool;
    b->len[q] = b->nlist;
    b->npool += b->nlist;
    table_slot(t, h, q);
    table_rehash(t, subset_hash, b);
    return q;
}

static void dfa_finish(cwf_dfa *a);

/* Byte classes: the coarsest partition of the bytes that every set is a
 * union of.  Classes are numbered in the order of their first byte. */
static uint32_t byte_classes(const bset *sets, uint32_t nsets, uint8_t cls[256])
{
    uint32_t k = 1;
    memset(cls, 0, 256);
    for (uint32_t i = 0; i < nsets; i++) {
        uint16_t map[512];
        uint8_t nc[256];
        memset(map, 0xFF, sizeof map);
        k = 0;
        for (unsigned x = 0; x < 256; x++) {
            unsigned key = cls[x] * 2u + bs_has(&sets[i], x);
            if (map[key] == 0xFFFF)
                map[key] = (uint16_t)k++;
            nc[x] = (uint8_t)map[key];
        }
        memcpy(cls, nc, sizeof nc);
    }
    return k;
}

/* The search DFA of the NFA f entered at start; NULL when capped and over a
 * cap. */
static cwf_dfa *subset_dfa(const nfa *f, uint32_t start, bool capped)
{
    subset b = {.f = f, .start = start, .capped = capped};
    uint8_t cls[256];
    uint32_t k = byte_classes(f->sets, f->nsets, cls), rep[256];
    for (unsigned x = 256; x-- > 0;)
        rep[cls[x]] = x;
    b.memb = cwf_xcalloc(f->nsets ? f->nsets : 1, sizeof *b.memb);
    for (uint32_t i = 0; i < f->nsets; i++)
        for (uint32_t c = 0; c < k; c++)
            if (bs_has(&f->sets[i], rep[c]))
                bs_add(&b.memb[i], c);
    b.stamp = cwf_xcalloc(f->n, sizeof *b.stamp);
    b.least = cwf_xcalloc(f->nchains + 1, sizeof *b.least);
    b.seen = cwf_xcalloc(f->nchains + 1, sizeof *b.seen);
    b.stack = cwf_xmalloc(f->n * sizeof *b.stack);
    b.list = cwf_xmalloc(f->n * sizeof *b.list);
    b.eols = cwf_xmalloc(f->n * sizeof *b.eols);
    b.seeds = cwf_xmalloc((f->n + 1) * sizeof *b.seeds);
    b.poolcap = 64;
    b.pool = cwf_xmalloc(b.poolcap * sizeof *b.pool);
    table_init(&b.t, k);

    intern(&b, closure(&b, &start, 1, true));
    for (uint32_t u = 0; u < b.t.n && !b.over; u++) {
        uint32_t *row = b.t.next + (size_t)u * k;
        if (b.t.flags[u] & F_ALL) {
            for (uint32_t c = 0; c < k; c++)
                row[c] = u;
            continue;
        }
        for (uint32_t c = 0; c < k && !b.over; c++) {
            const uint32_t *l = b.pool + b.off[u];
            uint32_t ns = 0;
            for (uint32_t i = 0; i < b.len[u]; i++)
                if (bs_has(&b.memb[f->v[l[i]].set], c))
                    b.seeds[ns++] = f->v[l[i]].out[0];
            b.seeds[ns++] = start; /* the search may start anywhere */
            b.work += b.len[u];
            uint32_t q = intern(&b, closure(&b, b.seeds, ns, false));
            b.t.next[(size_t)u * k + c] = q; /* intern may move the rows */
            b.over = b.over || (b.capped && b.work > WORK_CAP);
        }
    }
    free(b.memb);
    free(b.stamp);
    free(b.least);
    free(b.seen);
    free(b.stack);
    free(b.list);
    free(b.eols);
    free(b.seeds);
    free(b.pool);
    free(b.off);
    free(b.len);
    cwf_dfa *a = table_dfa(&b.t, cls);
    for (uint32_t q = 0; q < a->n; q++)
        a->flags[q] = a->flags[q] ? DFA_ACCEPT : 0;
    if (b.over) {
        cwf_dfa_free(a);
        return NULL;
    }
    dfa_finish(a);
    return a;
}

/* Whether the match is reachable from state s by plain epsilon steps. */
static bool eps_to_match(const nfa *f, uint32_t s, uint32_t *stack,
                         uint8_t *seen)
{
    uint32_t sp = 0;
    bool found = false;
    memset(seen, 0, f->n);
    stack[sp++] = s;
    seen[s] = 1;
    while (sp && !found) {
        const nstate *x = &f->v[stack[--sp]];
        found = x->op == N_MATCH;
        for (int j = 0; j < 2 && x->op == N_EPS; j++)
            if (x->out[j] != NIL && !seen[x->out[j]]) {
                seen[x->out[j]] = 1;
                stack[sp++] = x->out[j];
            }
    }
    return found;
}

/* A mandatory chain x{m} keeps only its deepest copy only when what follows
 * it matches every string, that is when the match is an epsilon step away
 * (reaching the match accepts everything after it in a search): then
 * x^(r+1) followed by anything contains x^(r'+1) followed by anything for
 * all r' > r.  Other mandatory chains leave their copies alone. */
static void ends_in_match(nfa *f)
{
    uint32_t *stack = cwf_xmalloc(f->n * sizeof *stack);
    uint8_t *seen = cwf_xmalloc(f->n);
    bool *drop = cwf_xcalloc(f->nchains + 1, sizeof *drop);
    for (uint32_t c = 0; c < f->nchains; c++)
        drop[c] = f->last[c] != NIL &&
                  !eps_to_match(f, f->v[f->last[c]].out[0], stack, seen);
    for (uint32_t s = 0; s < f->n; s++)
        if (f->v[s].chain != NIL && drop[f->v[s].chain])
            f->v[s].chain = NIL;
    free(stack);
    free(seen);
    free(drop);
}

/* Compiles the tree root, whose sets prepare() has numbered, into f with its
 * match state; returns the NFA's start. */
static uint32_t nfa_build(nfa *f, re_node *root)
{
    frag g = compile(f, root);
    patch(f, g, nfa_add(f, N_MATCH, NIL, NIL));
    ends_in_match(f);
    return g.start;
}

static void nfa_free(nfa *f)
{
    free(f->v);
    free(f->sets);
    free(f->last);
}

/* ---- simulating the NFA --------------------------------------------------- */

/* The state sets of a search in progress (see nfa_search). */
typedef struct sim {
    const cwf_re *re;
    uint32_t *stamp, gen;   /* added to the set of the current offset */
    uint32_t *stack;
    bool bol, eol;          /* at offset 0; at the end of the string */
} sim;

/* Adds to l[0..*nl) the SET states of the epsilon closure of s at the
 * current offset, each once per offset; true when it reaches the match
 * (then the search has matched: anything may follow). */
static bool sim_add(sim *m, uint32_t s, uint32_t *l, uint32_t *nl)
{
    const nstate *v = m->re->v;
    uint32_t sp = 0;
    if (m->stamp[s] == m->gen)
        return false;
    m->stamp[s] = m->gen;
    m->stack[sp++] = s;
    while (sp) {
        const nstate *x = &v[m->stack[--sp]];
        uint32_t to[2] = {NIL, NIL};
        switch (x->op) {
        case N_SET: l[(*nl)++] = (uint32_t)(x - v); break;
        case N_EPS: to[0] = x->out[0]; to[1] = x->out[1]; break;
        case N_BOL: to[0] = m->bol ? x->out[0] : NIL; break;
        case N_EOL: to[0] = m->eol ? x->out[0] : NIL; break;
        case N_MATCH: return true;
        }
        for (int j = 0; j < 2; j++)
            if (to[j] != NIL && m->stamp[to[j]] != m->gen) {
                m->stamp[to[j]] = m->gen;
                m->stack[sp++] = to[j];
            }
    }
    return false;
}

/* Starts a new offset: a new generation of stamps. */
static void sim_next(sim *m, size_t i, size_t n)
{
    if (++m->gen == 0) { /* wrapped, after 2^32 offsets */
        memset(m->stamp, 0, m->re->n * sizeof *m->stamp);
        m->gen = 1;
    }
    m->bol = i == 0;
    m->eol = i == n;
}

/* The search of re's NFA in s[0..n): at each offset, the SET states that
 * the searches started so far are in, plus a search started there (Thompson;
 * each state at most once per offset, so time O(n x states), no
 * backtracking). */
static bool nfa_search(const cwf_re *re, const unsigned char *s, size_t n)
{
    uint32_t *mem = cwf_xmalloc(4 * (size_t)re->n * sizeof *mem);
    uint32_t *cur = mem, *nxt = mem + re->n, ncur = 0;
    sim m = {re, mem + 2 * (size_t)re->n, 0, mem + 3 * (size_t)re->n,
             false, false};
    memset(m.stamp, 0, re->n * sizeof *m.stamp);
    sim_next(&m, 0, n);
    bool found = sim_add(&m, re->start, cur, &ncur);
    for (size_t i = 0; i < n && !found; i++) {
        uint32_t nn = 0;
        sim_next(&m, i + 1, n);
        for (uint32_t j = 0; j < ncur && !found; j++) {
            const nstate *x = &re->v[cur[j]];
            if (bs_has(&re->sets[x->set], s[i]))
                found = sim_add(&m, x->out[0], nxt, &nn);
        }
        found = found || sim_add(&m, re->start, nxt, &nn);
        uint32_t *t = cur;
        cur = nxt;
        nxt = t;
        ncur = nn;
    }
    free(mem);
    return found;
}

/* ---- minimisation ------------------------------------------------------- */

/* A refinable partition of 0..n-1 (Valmari and Lehtinen): the elements of
 * block b are e[first[b] .. past[b]), the marked ones first. */
typedef struct part {
    uint32_t *e, *loc, *blk;
    uint32_t *first, *past, *marked;
    uint32_t *touched, ntouched;
    uint32_t *work, nwork; /* blocks yet to split by */
    uint32_t z;            /* blocks */
} part;

static void part_mark(part *p, uint32_t x)
{
    uint32_t b = p->blk[x], i = p->loc[x], j = p->first[b] + p->marked[b];
    if (i < j)
        return; /* already marked */
    p->e[i] = p->e[j];
    p->loc[p->e[i]] = i;
    p->e[j] = x;
    p->loc[x] = j;
    if (p->marked[b]++ == 0)
        p->touched[p->ntouched++] = b;
}

/* Splits every touched block into its marked and unmarked parts.  The
 * smaller part becomes the new block and is queued as a splitter with all
 * classes; the larger keeps the old number, and its place in the queue if
 * it had one.  That is Hopcroft's rule, so each state is in O(log n)
 * splitters. */
static void part_split(part *p)
{
    while (p->ntouched) {
        uint32_t b = p->touched[--p->ntouched], j = p->first[b] + p->marked[b];
        if (j == p->past[b]) {
            p->marked[b] = 0;
            continue;
        }
        uint32_t z = p->z++;
        if (p->marked[b] <= p->past[b] - j) {
            p->first[z] = p->first[b];
            p->past[z] = p->first[b] = j;
        } else {
            p->past[z] = p->past[b];
            p->first[z] = p->past[b] = j;
        }
        for (uint32_t i = p->first[z]; i < p->past[z]; i++)
            p->blk[p->e[i]] = z;
        p->marked[b] = p->marked[z] = 0;
        p->work[p->nwork++] = z;
    }
}

/* Hopcroft's algorithm on the complete DFA a: merges equivalent states.
 * Returns the new number of the start state; dfa_canon then renumbers. */
static uint32_t dfa_minimise(cwf_dfa *a)
{
    uint32_t n = a->n, k = a->k;
    size_t m = (size_t)n * k;
    /* One block for every array: off (m + 1), pred (m), the partition's
     * eight arrays and mem (n each). */
    uint32_t *all = cwf_xcalloc(2 * m + 1 + 9 * (size_t)n, sizeof *all);
    /* pred[off[q*k+c] .. off[q*k+c+1]) are the states going to q on c. */
    uint32_t *off = all, *pred = all + m + 1;
    const uint32_t *to = a->next;
    for (uint32_t q = 0; q < n; q++)
        for (uint32_t c = 0; c < k; c++)
            off[(size_t)to[(size_t)q * k + c] * k + c + 1]++;
    for (size_t i = 0; i < m; i++)
        off[i + 1] += off[i];
    for (uint32_t q = 0; q < n; q++)
        for (uint32_t c = 0; c < k; c++)
            pred[off[(size_t)to[(size_t)q * k + c] * k + c]++] = q;
    for (size_t i = m; i > 0; i--)
        off[i] = off[i - 1];
    off[0] = 0;

    part p = {0};
    uint32_t **arrays[] = {&p.e, &p.loc, &p.blk, &p.first, &p.past,
                           &p.marked, &p.touched, &p.work};
    for (size_t i = 0; i < CWF_COUNT(arrays); i++)
        *arrays[i] = pred + m + i * (size_t)n;
    for (uint32_t q = 0; q < n; q++)
        p.e[q] = p.loc[q] = q;
    p.past[0] = n;
    p.z = 1;
    for (uint32_t q = 0; q < n; q++)
        if (a->flags[q] & DFA_ACCEPT)
            part_mark(&p, q);
    part_split(&p);

    uint32_t *mem = pred + m + 8 * (size_t)n;
    while (p.nwork) {
        uint32_t b = p.work[--p.nwork];
        for (uint32_t c = 0; c < k; c++) {
            /* Copied first: marking may reorder b itself. */
            uint32_t nb = 0;
            for (uint32_t i = p.first[b]; i < p.past[b]; i++)
                mem[nb++] = p.e[i];
            for (uint32_t i = 0; i < nb; i++) {
                size_t at = (size_t)mem[i] * k + c;
                for (uint32_t j = off[at]; j < off[at + 1]; j++)
                    part_mark(&p, pred[j]);
            }
            part_split(&p);
        }
    }

    uint32_t *next = cwf_xmalloc((size_t)p.z * k * sizeof *next);
    uint8_t *flags = cwf_xmalloc(p.z);
    for (uint32_t b = 0; b < p.z; b++) {
        uint32_t q = p.e[p.first[b]];
        for (uint32_t c = 0; c < k; c++)
            next[(size_t)b * k + c] = p.blk[a->next[(size_t)q * k + c]];
        flags[b] = a->flags[q];
    }
    uint32_t start = p.blk[0];
    free(a->next);
    free(a->flags);
    a->next = next;
    a->flags = flags;
    a->n = p.z;
    free(all);
    return start;
}

/* Renumbers the states breadth-first from start (dropping unreachable
 * ones), merges classes with equal columns, and sets DFA_SINK.  On a minimal
 * DFA this gives the one table of its language. */
static void dfa_canon(cwf_dfa *a, uint32_t start)
{
    uint32_t n = a->n, k = a->k, cnt = 1;
    uint32_t *order = cwf_xmalloc(n * sizeof *order);
    uint32_t *id = cwf_xmalloc(n * sizeof *id);
    memset(id, 0xFF, n * sizeof *id);
    order[0] = start;
    id[start] = 0;
    for (uint32_t h = 0; h < cnt; h++)
        for (uint32_t c = 0; c < k; c++) {
            uint32_t t = a->next[(size_t)order[h] * k + c];
            if (id[t] == NIL) {
                id[t] = cnt;
                order[cnt++] = t;
            }
        }

    /* Class c merges into the first earlier class with the same column, so
     * classes stay numbered by their first byte. */
    uint32_t colhash[256], to[256], reps[256], nk = 0;
    for (uint32_t c = 0; c < k; c++) {
        colhash[c] = 0x811C9DC5u;
        for (uint32_t i = 0; i < cnt; i++)
            colhash[c] = mix(colhash[c], a->next[(size_t)order[i] * k + c]);
        to[c] = NIL;
        for (uint32_t r = 0; r < nk && to[c] == NIL; r++) {
            uint32_t d = reps[r], i = 0;
            if (colhash[d] != colhash[c])
                continue;
            while (i < cnt && a->next[(size_t)order[i] * k + c] ==
                              a->next[(size_t)order[i] * k + d])
                i++;
            if (i == cnt)
                to[c] = r;
        }
        if (to[c] == NIL) {
            reps[nk] = c;
            to[c] = nk++;
        }
    }

    uint32_t *next = cwf_xmalloc((size_t)cnt * nk * sizeof *next);
    uint8_t *flags = cwf_xmalloc(cnt);
    for (uint32_t i = 0; i < cnt; i++) {
        bool sink = true;
        for (uint32_t r = 0; r < nk; r++) {
            uint32_t t = id[a->next[(size_t)order[i] * k + reps[r]]];
            next[(size_t)i * nk + r] = t;
            sink = sink && t == i;
        }
        flags[i] = (uint8_t)((a->flags[order[i]] & DFA_ACCEPT) |
                             (sink ? DFA_SINK : 0));
    }
    for (unsigned x = 0; x < 256; x++)
        a->cls[x] = (uint8_t)to[a->cls[x]];
    free(a->next);
    free(a->flags);
    free(order);
    free(id);
    a->next = next;
    a->flags = flags;
    a->n = cnt;
    a->k = nk;
}

static void dfa_finish(cwf_dfa *a)
{
    dfa_canon(a, dfa_minimise(a));
}

/* Sets DFA_SINK on the states of a that loop on every class (what
 * dfa_canon does), for a table that is not minimised. */
static void mark_sinks(cwf_dfa *a)
{
    for (uint32_t q = 0; q < a->n; q++) {
        bool sink = true;
        for (uint32_t c = 0; c < a->k && sink; c++)
            sink = a->next[(size_t)q * a->k + c] == q;
        if (sink)
            a->flags[q] |= DFA_SINK;
    }
}

/* ---- products ----------------------------------------------------------- */

/* A product of more cells than this is minimised even when the caller does
 * not need the minimal table (cwf_dfa_and_raw), so that products of
 * products stay small. */
enum { RAW_CELLS = 4096 };

/* Products of at most this many pairs of states find a pair's state in a
 * table indexed by the pair, not by hashing. */
enum { DIRECT_PAIRS = 16384 };

typedef struct prod {
    const cwf_dfa *a, *b;
    bool both;         /* and: accept when both do; or: when either does */
    table t;
    uint32_t *qa, *qb; /* the pair of each product state */
    uint32_t *direct;  /* small products: per pair x * |b| + y, its state
                          + 1 or 0 (instead of the hash slots) */
} prod;

static bool dead(const cwf_dfa *a, uint32_t q)
{
    return (a->flags[q] & (DFA_SINK | DFA_ACCEPT)) == DFA_SINK;
}

static bool full(const cwf_dfa *a, uint32_t q)
{
    return (a->flags[q] & (DFA_SINK | DFA_ACCEPT)) == (DFA_SINK | DFA_ACCEPT);
}

static uint32_t prod_hash(const void *ctx, uint32_t q)
{
    const prod *p = ctx;
    return mix(mix(0, p->qa[q]), p->qb[q]);
}

/* The product state of the pair (x, y), made if new.  Pairs in which one
 * side has decided the outcome (dead for and, full for or) collapse to one
 * pair, so that the product does not follow the other side further. */
static uint32_t prod_state(prod *p, uint32_t x, uint32_t y)
{
    table *t = &p->t;
    if (p->both ? dead(p->a, x) : full(p->a, x))
        y = 0;
    else if (p->both ? dead(p->b, y) : full(p->b, y))
        x = 0;
    uint32_t h = 0;
    if (p->direct) {
        uint32_t d = p->direct[(size_t)x * p->b->n + y];
        if (d)
            return d - 1;
    } else {
        h = mix(mix(0, x), y);
        for (uint32_t i = h & t->mask; t->slot[i]; i = (i + 1) & t->mask) {
            uint32_t q = t->slot[i] - 1;
            if (p->qa[q] == x && p->qb[q] == y)
                return q;
        }
    }
    bool fa = p->a->flags[x] & DFA_ACCEPT, fb = p->b->flags[y] & DFA_ACCEPT;
    uint32_t cap = t->cap;
    uint32_t q = table_add(t, (p->both ? fa && fb : fa || fb) ? DFA_ACCEPT : 0);
    if (t->cap != cap) {
        p->qa = cwf_xrealloc(p->qa, t->cap * sizeof *p->qa);
        p->qb = cwf_xrealloc(p->qb, t->cap * sizeof *p->qb);
    }
    p->qa[q] = x;
    p->qb[q] = y;
    if (p->direct) {
        p->direct[(size_t)x * p->b->n + y] = q + 1;
    } else {
        table_slot(t, h, q);
        table_rehash(t, prod_hash, p);
    }
    return q;
}

static cwf_dfa *product(const cwf_dfa *a, const cwf_dfa *b, bool both, bool minimal)
{
    /* A class of the product is a pair of classes that some byte has. */
    uint8_t cls[256];
    uint32_t ca[256], cb[256], k = 0;
    uint16_t *pair = cwf_xmalloc((size_t)a->k * b->k * sizeof *pair);
    memset(pair, 0xFF, (size_t)a->k * b->k * sizeof *pair);
    for (unsigned x = 0; x < 256; x++) {
        size_t key = (size_t)a->cls[x] * b->k + b->cls[x];
        if (pair[key] == 0xFFFF) {
            ca[k] = a->cls[x];
            cb[k] = b->cls[x];
            pair[key] = (uint16_t)k++;
        }
        cls[x] = (uint8_t)pair[key];
    }
    free(pair);

    prod p = {.a = a, .b = b, .both = both};
    table_init(&p.t, k);
    if ((size_t)a->n * b->n <= DIRECT_PAIRS)
        p.direct = cwf_xcalloc((size_t)a->n * b->n, sizeof *p.direct);
    prod_state(&p, 0, 0);
    for (uint32_t u = 0; u < p.t.n; u++)
        for (uint32_t c = 0; c < k; c++) {
            uint32_t x = a->next[(size_t)p.qa[u] * a->k + ca[c]];
            uint32_t y = b->next[(size_t)p.qb[u] * b->k + cb[c]];
            uint32_t q = prod_state(&p, x, y);
            p.t.next[(size_t)u * k + c] = q;
        }
    free(p.qa);
    free(p.qb);
    free(p.direct);
    cwf_dfa *r = table_dfa(&p.t, cls);
    if (minimal || (size_t)r->n * r->k > RAW_CELLS)
        dfa_finish(r);
    else
        mark_sinks(r); /* every state is reachable */
    return r;
}

/* ---- the interface ------------------------------------------------------ */

/* A copy of m in the arena a; frees m. */
static cwf_dfa *arena_dfa(cwf_arena *a, cwf_dfa *m)
{
    cwf_dfa *r = cwf_arena_alloc(a, sizeof *r);
    *r = *m;
    r->next = cwf_arena_alloc(a, (size_t)m->n * m->k * sizeof *m->next);
    memcpy(r->next, m->next, (size_t)m->n * m->k * sizeof *m->next);
    r->flags = cwf_arena_alloc(a, m->n);
    memcpy(r->flags, m->flags, m->n);
    cwf_dfa_free(m);
    return r;
}

/* See regex.h.  The search DFA is built here, once, and kept in a; when it
 * is over the caps (which bound the time spent finding that out), the NFA
 * is kept instead. */
cwf_re *cwf_re_parse(const char *body, size_t len, uint32_t base,
                     cwf_arena *a, cwf_diags *d)
{
    rparser p = {(const unsigned char *)body, len, 0, base, a, d};
    re_node *root = parse_alt(&p);
    if (!root)
        return NULL;
    nfa f = {0};
    if (prepare(&f, root) >= NFA_CAP) {
        nfa_free(&f);
        return fail(&p, 0, len, "this regex is too large to compile: its "
                    "repetitions expand to more than %d automaton states",
                    NFA_CAP);
    }
    uint32_t start = nfa_build(&f, root);
    cwf_dfa *m = subset_dfa(&f, start, true);
    cwf_re *re = cwf_arena_alloc(a, sizeof *re);
    if (m) {
        re->dfa = arena_dfa(a, m);
    } else {
        nstate *v = cwf_arena_alloc(a, f.n * sizeof *v);
        memcpy(v, f.v, f.n * sizeof *v);
        bset *sets = cwf_arena_alloc(a, (f.nsets + 1) * sizeof *sets);
        memcpy(sets, f.sets, f.nsets * sizeof *sets);
        re->v = v;
        re->sets = sets;
        re->n = f.n;
        re->start = start;
    }
    nfa_free(&f);
    return re;
}

/* See regex.h: a copy of the search DFA of re, which the caller frees, or
 * NULL when it was over the caps. */
cwf_dfa *cwf_dfa_regex(const cwf_re *re)
{
    return re->dfa ? cwf_dfa_copy(re->dfa) : NULL;
}

/* See regex.h. */
bool cwf_re_search(const cwf_re *re, const char *s, size_t n)
{
    if (re->dfa)
        return cwf_dfa_accepts(re->dfa, s, n);
    return nfa_search(re, (const unsigned char *)s, n);
}

/* The D7 language of s[0..n) (any bytes, NUL included) with wildcard form
 * w, which the caller frees: the language of the regex ^s$, ^s, s$ or s,
 * built directly (a string matcher's automaton, with one byte class per
 * byte of s and one for every other byte) rather than by the subset
 * construction, which cost a hundred times more.  dfa_finish makes it the
 * one minimal table of its language, as the subset construction did. */
static cwf_dfa *string_table(const char *s, size_t n, cwf_wild w, bool minimal)
{
    bool start = w == CWF_W_NONE || w == CWF_W_PREFIX;
    if (w == CWF_W_ANY || (n == 0 && w != CWF_W_NONE))
        return cwf_dfa_all();
    const unsigned char *u = (const unsigned char *)s;
    uint16_t key[257];
    bool in[256] = {false};
    for (size_t i = 0; i < n; i++)
        in[u[i]] = true;
    /* Classes numbered in the order of their first byte. */
    memset(key, 0xFF, sizeof key);
    cwf_dfa *a = cwf_xcalloc(1, sizeof *a);
    uint32_t k = 0;
    for (unsigned x = 0; x < 256; x++) {
        unsigned kx = in[x] ? x : 256;
        if (key[kx] == 0xFFFF)
            key[kx] = (uint16_t)k++;
        a->cls[x] = (uint8_t)key[kx];
    }
    /* Positions 0..n in s; anchored at the start, a mismatch goes to the
     * dead state n + 1, else to where the longest suffix read that is a
     * prefix of s ends (Knuth, Morris and Pratt). */
    uint32_t nq = (uint32_t)n + (start ? 2 : 1), dead = (uint32_t)n + 1;
    a->n = nq;
    a->k = k;
    a->next = cwf_xmalloc((size_t)nq * k * sizeof *a->next);
    a->flags = cwf_xcalloc(nq, 1);
    a->flags[n] = DFA_ACCEPT;
    uint32_t *row = a->next;
    if (start) {
        for (uint32_t q = 0; q < nq; q++)
            for (uint32_t c = 0; c < k; c++)
                row[(size_t)q * k + c] = q == n && w == CWF_W_PREFIX ? (uint32_t)n : dead;
        for (size_t q = 0; q < n; q++)
            row[q * k + a->cls[u[q]]] = (uint32_t)q + 1;
    } else {
        uint32_t back = 0; /* the state of s[1..q) */
        for (uint32_t c = 0; c < k; c++)
            row[c] = 0;
        row[a->cls[u[0]]] = 1;
        for (size_t q = 1; q <= n; q++) {
            uint32_t *r = row + q * k;
            if (q == n && w == CWF_W_CONTAINS) {
                for (uint32_t c = 0; c < k; c++)
                    r[c] = (uint32_t)n;
                break;
            }
            memcpy(r, row + (size_t)back * k, k * sizeof *r);
            if (q < n) {
                r[a->cls[u[q]]] = (uint32_t)q + 1;
                back = row[(size_t)back * k + a->cls[u[q]]];
            }
        }
    }
    if (minimal)
        dfa_finish(a);
    else
        mark_sinks(a);
    return a;
}

/* See regex.h. */
cwf_dfa *cwf_dfa_string(const char *s, size_t n, cwf_wild w)
{
    return string_table(s, n, w, true);
}

/* See regex.h. */
cwf_dfa *cwf_dfa_string_raw(const char *s, size_t n, cwf_wild w)
{
    return string_table(s, n, w, false);
}

static cwf_dfa *trivial(bool accept)
{
    cwf_dfa *a = cwf_xcalloc(1, sizeof *a);
    a->n = a->k = 1;
    a->next = cwf_xcalloc(1, sizeof *a->next);
    a->flags = cwf_xmalloc(1);
    a->flags[0] = (uint8_t)(DFA_SINK | (accept ? DFA_ACCEPT : 0));
    return a;
}

/* Every string, as a new DFA of one state. */
cwf_dfa *cwf_dfa_all(void)
{
    return trivial(true);
}

/* No string, as a new DFA of one state. */
cwf_dfa *cwf_dfa_none(void)
{
    return trivial(false);
}

/* The strings of both, as a new minimal DFA of at most |a| x |b| states. */
cwf_dfa *cwf_dfa_and(const cwf_dfa *a, const cwf_dfa *b)
{
    return product(a, b, true, true);
}

/* See regex.h. */
cwf_dfa *cwf_dfa_and_raw(const cwf_dfa *a, const cwf_dfa *b)
{
    return product(a, b, true, false);
}

/* The strings of either, as a new minimal DFA of at most |a| x |b| states. */
cwf_dfa *cwf_dfa_or(const cwf_dfa *a, const cwf_dfa *b)
{
    return product(a, b, false, true);
}

/* The complement, as a new DFA: a complete minimal DFA with its accepting
 * states flipped is complete and minimal. */
cwf_dfa *cwf_dfa_not(const cwf_dfa *a)
{
    cwf_dfa *r = cwf_dfa_copy(a);
    for (uint32_t q = 0; q < r->n; q++)
        r->flags[q] ^= DFA_ACCEPT;
    return r;
}

/* A new copy of a, which the caller frees. */
cwf_dfa *cwf_dfa_copy(const cwf_dfa *a)
{
    cwf_dfa *r = cwf_xmalloc(sizeof *r);
    *r = *a;
    r->next = cwf_xmalloc((size_t)a->n * a->k * sizeof *r->next);
    memcpy(r->next, a->next, (size_t)a->n * a->k * sizeof *r->next);
    r->flags = cwf_xmalloc(a->n);
    memcpy(r->flags, a->flags, a->n);
    return r;
}

/* Frees a DFA from any cwf_dfa_ function; NULL is fine. */
void cwf_dfa_free(cwf_dfa *a)
{
    if (!a)
        return;
    free(a->next);
    free(a->flags);
    free(a);
}

/* Whether a accepts s[0..n): one table step per byte, stopping early in a
 * state that loops on every byte (a decided match or mismatch). */
bool cwf_dfa_accepts(const cwf_dfa *a, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint32_t *next = a->next;
    const uint8_t *flags = a->flags, *cls = a->cls;
    size_t k = a->k;
    uint32_t q = 0;
    for (size_t i = 0; i < n && !(flags[q] & DFA_SINK); i++)
        q = next[q * k + cls[p[i]]];
    return flags[q] & DFA_ACCEPT;
}

/* Whether a accepts no string at all. */
bool cwf_dfa_is_empty(const cwf_dfa *a)
{
    /* Every state is reachable, so the language is empty exactly when no
     * state accepts. */
    for (uint32_t q = 0; q < a->n; q++)
        if (a->flags[q] & DFA_ACCEPT)
            return false;
    return true;
}

/* Rank of byte x in the witness preference: lower-case letters, upper case,
 * digits, other printable ASCII, tab, newline, carriage return, then any
 * byte. */
static unsigned readability(unsigned x)
{
    if (x >= 'a' && x <= 'z')
        return x - 'a';
    if (x >= 'A' && x <= 'Z')
        return 26 + x - 'A';
    if (x >= '0' && x <= '9')
        return 52 + x - '0';
    if (x >= 0x20 && x < 0x7F)
        return 62 + x;
    if (x == '\t' || x == '\n' || x == '\r')
        return 200 + x;
    return 256 + x;
}

/* See regex.h: appends a shortest accepted string, the most readable one of
 * that length by readability(); false, out untouched, when a is empty. */
bool cwf_dfa_witness(const cwf_dfa *a, cwf_buf *out)
{
    if (cwf_dfa_is_empty(a))
        return false;
    /* Each class stands for its most readable byte; a breadth-first search
     * that tries classes in that order finds the shortest accepted string,
     * and among those the most readable one. */
    uint32_t k = a->k, nc = 0, ord[256];
    unsigned best[256];
    uint8_t byte[256];
    for (uint32_t c = 0; c < k; c++)
        best[c] = UINT32_MAX;
    for (unsigned x = 0; x < 256; x++)
        if (readability(x) < best[a->cls[x]]) {
            best[a->cls[x]] = readability(x);
            byte[a->cls[x]] = (uint8_t)x;
        }
    for (uint32_t c = 0; c < k; c++) {
        uint32_t i = nc++;
        for (; i > 0 && best[ord[i - 1]] > best[c]; i--)
            ord[i] = ord[i - 1];
        ord[i] = c;
    }
    uint32_t *parent = cwf_xmalloc(a->n * sizeof *parent);
    uint32_t *queue = cwf_xmalloc(a->n * sizeof *queue);
    uint8_t *via = cwf_xmalloc(a->n);
    memset(parent, 0xFF, a->n * sizeof *parent);
    uint32_t head = 0, tail = 0, goal = 0;
    parent[0] = 0;
    queue[tail++] = 0;
    while (!(a->flags[goal] & DFA_ACCEPT)) {
        uint32_t q = queue[head++];
        for (uint32_t i = 0; i < nc; i++) {
            uint32_t t = a->next[(size_t)q * k + ord[i]];
            if (parent[t] != NIL)
                continue;
            parent[t] = q;
            via[t] = byte[ord[i]];
            queue[tail++] = t;
            if (a->flags[t] & DFA_ACCEPT) {
                goal = t;
                break;
            }
        }
    }
    size_t len = 0;
    for (uint32_t q = goal; q != 0; q = parent[q])
        len++;
    char *w = cwf_xmalloc(len + 1);
    for (uint32_t q = goal, i = (uint32_t)len; q != 0; q = parent[q])
        w[--i] = (char)via[q];
    cwf_buf_add(out, w, len);
    free(w);
    free(parent);
    free(queue);
    free(via);
    return true;
}

/* The number of states of a (minimal, so a measure of its language). */
size_t cwf_dfa_states(const cwf_dfa *a)
{
    return a->n;
}
