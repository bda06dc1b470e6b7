/* hostmap.h: positions in a host file, for the readers of extract.h.  A
 * pattern extracted from a file keeps, for every byte, the line and column
 * it came from (through escapes, folded YAML scalars, heredocs), so that a
 * caret points into the file.  The readers build a pattern byte by byte
 * with the host offset of each (cwf_pbuild); a cwf_hmap turns offsets into
 * lines and columns.  Below every reader; it knows nothing of them. */
#ifndef CWF_HOSTMAP_H
#define CWF_HOSTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "source.h"
#include "util.h"

/* A part of a pattern that cannot be resolved offline. */
typedef struct cwf_part {
    cwf_span span;  /* its source form within the filter's text */
    char *what;     /* "${var.env}", "!Ref Code", "Fn::ImportValue", ... */
} cwf_part;

/* Byte offset -> line:column in a host file.  Lines end at "\n"; columns
 * count UTF-8 characters, a byte-order mark at the start of the file aside.  A count of characters every CWF_HMAP_STEP bytes
 * keeps any query cheap, even on a plan that is one long line. */
#define CWF_HMAP_STEP 512
typedef struct cwf_hmap {
    const char *text;
    size_t len;
    uint32_t *lines;   /* start offset of each line */
    size_t nlines;
    uint32_t *chars;   /* characters before offset k * CWF_HMAP_STEP */
    bool bom;          /* text starts with a UTF-8 byte-order mark */
    size_t last_off;   /* cache: the last answer */
    cwf_pos last;
} cwf_hmap;

void cwf_hmap_init(cwf_hmap *h, const char *text, size_t len);
cwf_pos cwf_hmap_pos(cwf_hmap *h, size_t off);
void cwf_hmap_free(cwf_hmap *h);

/* A pattern under construction: bytes, the host offset of each byte, and
 * the unresolved parts. */
typedef struct cwf_pbuild {
    cwf_buf text;
    uint32_t *off;
    size_t cap;
    cwf_part *parts;
    size_t nparts;
    uint32_t end;      /* host offset just after the last source unit */
} cwf_pbuild;

/* Appends byte c that came from host offset off. */
void cwf_pb_byte(cwf_pbuild *b, char c, uint32_t off);
/* Appends n bytes that came from consecutive host offsets from off. */
void cwf_pb_raw(cwf_pbuild *b, const char *s, size_t n, uint32_t off);
/* Appends n bytes with their own host offsets. */
void cwf_pb_mapped(cwf_pbuild *b, const char *s, size_t n, const uint32_t *offs);
/* Appends an unresolved part: its source form s[0..n) starting at host
 * offset off, described by what. */
void cwf_pb_part(cwf_pbuild *b, const char *s, size_t n, uint32_t off, const char *what);
/* The same with the host offset of every byte. */
void cwf_pb_part_mapped(cwf_pbuild *b, const char *s, size_t n, const uint32_t *offs,
                        const char *what);
/* Strips ASCII white space at both ends (Terraform trims patterns). */
void cwf_pb_trim(cwf_pbuild *b);
/* Moves the text and its map into src (name untouched) and resets b. */
void cwf_pb_source(cwf_pbuild *b, cwf_hmap *h, cwf_source *src);
void cwf_pb_free(cwf_pbuild *b);

#endif
