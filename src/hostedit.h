/* hostedit.h: a fix of a pattern written back into the file that holds it,
 * byte-exact (`cwfilter fix`).
 *
 * Each edit of the pattern (fix.h) becomes an edit of the host file: the
 * host bytes that encode the pattern's span (extract.h records the host
 * offset of every pattern byte) are replaced by the replacement text
 * encoded in the scalar's own style: JSON string escapes, YAML plain,
 * single-quoted (''), double-quoted, literal and folded block scalars
 * (line breaks followed by the block's indentation), Fn::Sub (`${` written
 * `${!`), Terraform quoted strings and heredocs (`${` and `%{` written `$${`
 * and `%%{`; <<- indentation kept).  A separator the fix reuses is copied
 * from the host bytes, so that line breaks and indentation stay as the
 * author wrote them.  Every byte outside the edited spans stays as it was,
 * comments included.
 *
 * The result is proved too: the new file is read again (cwf_extract_buf)
 * and must give exactly the fixed pattern for that filter and the same
 * patterns for every other.  When the minimal edit does not, a flow scalar
 * (JSON string, YAML plain or quoted, Terraform quoted string) is written
 * again whole, double-quoted; when that fails too, or the pattern is not
 * one literal scalar (a variable, an Fn::Join, a plan, an export), the
 * pattern cannot be edited in place. */
#ifndef CWF_HOSTEDIT_H
#define CWF_HOSTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "fix.h"
#include "util.h"

/* One edit of a host file: bytes [start, end) become text. */
typedef struct cwf_hedit {
    uint32_t start, end;
    char *text;
    size_t len;
} cwf_hedit;

typedef struct cwf_hedits {
    cwf_hedit *v;
    size_t n;
} cwf_hedits;

/* Whether filter f of a file read as host h can be edited in place; if
 * not, *why says why ("the pattern is built from `${var.x}`"; static or
 * owned by f's extraction). */
bool cwf_host_editable(cwf_host h, const cwf_filter *f, const char **why);

/* Writes fix fx of filter index i of x (read from data[0..len)) into the
 * host bytes: out gets the new file, edits the host edits (free with
 * cwf_hedits_free); read, unless NULL, the extraction of out that proved
 * it (free with cwf_extract_free).  False, with *why, when it cannot be
 * done in place. */
bool cwf_host_fix(const char *data, size_t len, const cwf_extract *x, size_t i,
                  const cwf_fix *fx, cwf_buf *out, cwf_hedits *edits, cwf_extract *read,
                  const char **why);

/* Applies edits (sorted, not overlapping) to data[0..len), into out. */
void cwf_hedits_apply(const char *data, size_t len, const cwf_hedits *e, cwf_buf *out);

/* Line and column (1-based; columns count UTF-8 characters, a byte-order
 * mark at the start aside) of byte offset off of data. */
void cwf_host_linecol(const char *data, size_t len, size_t off, uint32_t *line, uint32_t *col);

void cwf_hedits_free(cwf_hedits *e);

/* Appends to e the edit that makes the literal scalar whose value is host
 * bytes [start, end) of data[0..len) (a quoted scalar's without its quotes:
 * cwf_xattr's hstart, hend) say value, encoded in that scalar's style: a
 * double-quoted one (JSON, YAML, Terraform; Terraform's ${ and %{ escaped)
 * with JSON's escapes, a single-quoted YAML one with '' , a plain YAML one
 * as is when value is plain-safe (and the file is not JSON: an unquoted
 * number there), else written again double-quoted.  False
 * when the scalar is none of these (a heredoc, a block scalar). */
bool cwf_host_scalar(const char *data, size_t len, cwf_host host, uint32_t start, uint32_t end,
                     const char *value, cwf_hedits *e);

/* A proved fix of one diagnostic, as replacements in the host file. */
typedef struct cwf_host_repl {
    cwf_pos start, end;  /* the deleted region: end is just after it */
    char *text;          /* the inserted content */
} cwf_host_repl;

typedef struct cwf_host_dfix {
    size_t diag;         /* the diagnostic of d it remedies */
    char *title;
    bool safe;
    char *why;           /* unsafe: why; else NULL */
    cwf_host_repl *v;
    size_t n;
} cwf_host_dfix;

/* A fix of filter i to prove in the host file, and what proving it gives:
 * ok, and the host edits (free with cwf_hedits_free). */
typedef struct cwf_host_cand {
    size_t i;
    const cwf_fix *fx;
    bool ok;
    cwf_hedits he;
    int attempt;         /* private: 0 the fewest bytes, 1 the whole scalar */
} cwf_host_cand;

/* Proves the n fixes c of filters of x (read from data[0..len)), each as
 * cwf_host_fix would alone, applied to data by itself: c[k].ok when its
 * edits give the fixed pattern and leave every other filter as it was.  The
 * fixes of different filters are applied and read back together, one read
 * of the file for a batch; a batch that does not read back is halved until
 * the fixes at fault stand alone.  The readers read left to right, so a
 * scalar that reads back among others reads back alone. */
void cwf_host_prove(const char *data, size_t len, const cwf_extract *x, cwf_host_cand *c,
                    size_t n);

/* For each k < n, every proved fix of the pattern of filter idx[k] of x
 * (fix.h, no coverage rules; data[0..len) is the file) that remedies one of
 * its diagnostics d[k] (same rule, its first edit where the diagnostic
 * starts) and can be written in the file, in out[k][0..nout[k]) (both
 * zeroed by the caller).  Free each with cwf_host_dfix_free. */
void cwf_host_diag_fixes(const char *data, size_t len, const cwf_extract *x, size_t n,
                         const size_t *idx, const cwf_diags *const *d, cwf_host_dfix **out,
                         size_t *nout);
void cwf_host_dfix_free(cwf_host_dfix *v, size_t n);

#endif
