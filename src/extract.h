/* extract.h: the filter patterns that live inside host files.
 *
 * The readers find every metric and subscription filter pattern in
 *   - `aws logs describe-metric-filters` / `describe-subscription-filters`
 *     output (JSON; several concatenated pages allowed);
 *   - CloudFormation templates in JSON or YAML, SAM included, with the short
 *     (!Sub, !Join, !Ref, ...) and long (Fn::Sub, ...) intrinsic functions;
 *   - CDK cloud assemblies: cdk.out/manifest.json names the templates, and
 *     each resource's aws:cdk:path becomes its name;
 *   - Terraform .tf (an HCL scanner written with re2c, grammar/hcl.re),
 *     .tf.json, and `terraform show -json` plans (planned values, child
 *     modules included; named by resource address);
 * and gives each pattern as a cwf_source whose map points every byte at its
 * line and column in the file, through JSON and YAML escapes, folded and
 * literal YAML scalars, HCL escapes, and heredoc indentation.
 *
 * Parts that cannot be resolved offline (`${var.x}` and other HCL
 * interpolations, !Ref, !Sub variables, !GetAtt, Fn::ImportValue, values
 * known only after apply) are listed in the filter, never guessed: the text
 * keeps their source form (`${var.env}`, `!Ref Code`) so that a caret can
 * point at them.  Literal values are resolved: `Fn::Sub` with a literal
 * variable map, `Fn::Join` of literals, `${!Literal}`, `$${`.
 *
 * The modules, lowest first: hostmap.c (positions, the pattern builder),
 * extract_result.c (what the readers record, and freeing it), the document
 * readers extract_json.c and extract_yaml.c, the format readers
 * extract_cfn.c, extract_tf.c and grammar/hcl.re, and extract.c, which only
 * picks the reader for a file.  Suppressions (suppress.h) sit below them
 * all; reading a .cwfilter.yml (suppress_config.h) above.
 *
 * Readers never print.  A file that is not what it claims (bad JSON, YAML
 * or HCL, a plan of an unknown format version) gives false and a message
 * with a position; a file with no filters is not an error. */
#ifndef CWF_EXTRACT_H
#define CWF_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "hostmap.h"
#include "source.h"
#include "suppress.h"

/* What a file turned out to be. */
typedef enum cwf_host {
    CWF_HOST_NONE,       /* nothing we read filters from */
    CWF_HOST_DESCRIBE,   /* describe-metric/subscription-filters output */
    CWF_HOST_CFN,        /* CloudFormation / SAM template, JSON or YAML */
    CWF_HOST_CDK,        /* cdk.out/manifest.json */
    CWF_HOST_TF,         /* Terraform .tf */
    CWF_HOST_TF_JSON,    /* Terraform .tf.json */
    CWF_HOST_TF_PLAN,    /* terraform show -json */
} cwf_host;

typedef enum cwf_filter_kind {
    CWF_METRIC_FILTER,
    CWF_SUBSCRIPTION_FILTER,
} cwf_filter_kind;

/* How the scalar that holds a pattern is written in its host file, for
 * `cwfilter fix` (hostedit.h), which re-encodes an edit in the same style. */
typedef enum cwf_style {
    CWF_STYLE_NONE,         /* not one literal scalar: not editable in place */
    CWF_STYLE_JSON,         /* a JSON string */
    CWF_STYLE_YAML_PLAIN,
    CWF_STYLE_YAML_SINGLE,  /* 'single-quoted' */
    CWF_STYLE_YAML_DOUBLE,  /* "double-quoted" */
    CWF_STYLE_YAML_LITERAL, /* | */
    CWF_STYLE_YAML_FOLDED,  /* > */
    CWF_STYLE_HCL_QUOTED,   /* "quoted template" */
    CWF_STYLE_HCL_HEREDOC,  /* <<EOF or <<-EOF */
} cwf_style;

/* Escapes that the host adds over the style's own. */
enum {
    CWF_ESC_SUB = 1,  /* Fn::Sub: a literal ${ is written ${! */
    CWF_ESC_TF = 2,   /* a Terraform template: ${ and %{ as $${ and %%{ */
};


typedef struct cwf_filter {
    cwf_filter_kind kind;
    char *name;        /* FilterName, filterName, name; or NULL */
    char *resource;    /* aws:cdk:path, logical id, or resource address */
    bool cdk_path;     /* resource is an aws:cdk:path */
    char *log_group;   /* the log group's name, or the reference as written
                          ("!Ref TrailLogs", "aws_cloudwatch_log_group.x.name") */
    bool log_group_ref;/* log_group is a reference, not a name */
    cwf_source src;    /* the pattern: name = the file's path (borrowed),
                          text and map owned; map has len + 1 entries */
    cwf_part *parts;   /* unresolved parts, in text order */
    size_t nparts;
    bool not_string;   /* the value is not a string at all (a YAML mapping
                          or list): src.text is its source */
    const char *found; /* then what it is: "YAML mapping", "YAML list",
                          "JSON object", "JSON array" (static) */
    uint32_t line_first, line_last; /* the resource's lines in the file, for
                          the comment directives that aim at it */
    /* For `cwfilter fix`: */
    uint32_t *hoff;    /* host byte offset of each pattern byte; hoff[len]
                          is just after the last one (len + 1 entries) */
    cwf_style style;   /* the one scalar that holds every byte of the
                          pattern, or CWF_STYLE_NONE */
    uint8_t escape;    /* CWF_ESC_* */
    uint32_t hstart, hend; /* that scalar's extent in the file, quotes and
                          block header included */
} cwf_filter;

/* A log-group resource defined in the file, so that a reference to it can
 * be resolved: ref "aws_cloudwatch_log_group.app.name" or "!Ref AppLogs". */
typedef struct cwf_defn {
    char *ref, *name;
} cwf_defn;

/* A key repeated in one mapping of a CloudFormation template. */
typedef struct cwf_dupkey {
    cwf_source key;    /* the repeated key as written: text and map owned,
                          name = the file's path (borrowed) */
    cwf_pos first;     /* where the first one is */
    uint32_t off;      /* host offset of the repeated key */
} cwf_dupkey;

/* One attribute of a resource that the monitoring chain reads (chain.h),
 * flattened: key is its path ("metric_transformation.name", "AlarmActions.0",
 * "event_selector.include_management_events"); value the literal value
 * (true, 1, "IAMChanges" decoded), or else the reference or expression as
 * written ("aws_sns_topic.alerts.arn", "var.topic", "!Ref Alerts",
 * "!GetAtt Alerts.TopicArn"). */
typedef struct cwf_xattr {
    char *key, *value;
    bool literal;
    cwf_source src;    /* the value's line of the host file (text and map
                          owned, name = the file's path, borrowed) */
    cwf_span span;     /* the value within src */
    uint32_t hstart, hend; /* the value's host bytes (a quoted scalar's
                              without its quotes) */
} cwf_xattr;

/* A resource of a type the chain reads: trails, log groups, metric filters,
 * alarms, SNS topics and subscriptions. */
typedef struct cwf_xres {
    char *type;        /* "aws_sns_topic", "AWS::SNS::Topic" */
    char *name;        /* "aws_sns_topic.alerts", the logical id, or the
                          plan's resource address */
    cwf_xattr head;    /* where the resource starts (key "", value = name) */
    cwf_xattr *v;
    size_t n, cap;
} cwf_xres;

/* Whether the chain reads resources of this type. */
bool cwf_chain_type(const char *type);

typedef struct cwf_extract {
    const char *path;  /* borrowed */
    cwf_host host;
    cwf_filter *v;
    size_t n, cap;
    cwf_suppressions sup;  /* comments and Metadata of this file */
    cwf_defn *defs;
    size_t ndefs, capdefs;
    char **templates;      /* CDK manifest: the stack templates it names,
                              as paths usable from the current directory */
    char **stacks;         /* and their artifact ids */
    size_t ntemplates;
    cwf_dupkey *dups;      /* CloudFormation: repeated keys, in file order
                              (every value under them has been read) */
    size_t ndups;
    char *error;           /* when the reader returned false */
    cwf_pos error_pos;
    cwf_xres *res;         /* the chain's resources, in file order */
    size_t nres, capres;
} cwf_extract;

#define CWF_EXTRACT_INIT {0}

/* Limits of the readers: deeper nesting is a located error. */
#define CWF_JSON_DOC_MAX_DEPTH 512  /* JSON arrays and objects */
#define CWF_YAML_MAX_DEPTH 512      /* YAML sequences and mappings */
#define CWF_YAML_MAX_SIZE (16 << 20) /* bytes of one YAML file */
#define CWF_HCL_MAX_BLOCKS 64       /* HCL blocks, and templates in templates */
#define CWF_HCL_MAX_BRACKETS 512    /* HCL brackets in an expression */
/* The JSON reader's tree stays under this many times the file's size plus
 * a constant (a larger one is an error); from 1 MiB on it keeps only the
 * members some reader uses, about 4 bytes per byte of a Terraform plan. */
#define CWF_JSON_MEM_FACTOR 6
#define CWF_JSON_MEM_EXTRA_MIB 32

/* Reads data[0..len) as the file at path: the name suggests the format
 * (.tf, .tf.json, .json, .yaml, .yml, .template) and the content decides it.
 * Fills x (free with cwf_extract_free in every case).  Returns false with
 * x->error and x->error_pos when the file cannot be parsed. */
bool cwf_extract_buf(const char *path, const char *data, size_t len, cwf_extract *x);

/* Whether a file met while walking a directory may hold filters, by name. */
bool cwf_extract_wanted(const char *path);

void cwf_extract_free(cwf_extract *x);

/* ---- for the readers (extract*.c, grammar/hcl.re) only ------------------- */
#ifdef CWF_EXTRACT_INTERNAL

/* The result (extract_result.c); positions and the pattern builder are in
 * hostmap.h. */

/* Moves the pattern into f (text, map, parts), converting offsets through
 * h, and resets b. */
void cwf_pb_finish(cwf_pbuild *b, cwf_hmap *h, cwf_filter *f);

/* Records, once f is finished, that its pattern is the scalar [start, end)
 * of the host file, written in style with escape: only when no part is
 * unresolved and every byte of the pattern comes from inside it. */
void cwf_x_style(cwf_filter *f, cwf_style style, uint8_t escape, uint32_t start, uint32_t end);

/* Appends a chain resource (type, name) whose head (what a finding about
 * the whole resource marks) lies at host offsets [start, end). */
cwf_xres *cwf_x_res(cwf_extract *x, cwf_hmap *h, const char *type, const char *name, size_t start,
                    size_t end);
/* Appends attribute key = value[0..n) of r, the value's source at host
 * offsets [start, end). */
void cwf_x_attr(cwf_extract *x, cwf_hmap *h, cwf_xres *r, const char *key, const char *value,
                size_t n, bool literal, size_t start, size_t end);
/* Frees x's chain resources (cwf_extract_free calls it). */
void cwf_x_res_free(cwf_extract *x);

/* Appends a filter to x and returns it, zeroed but for src.name. */
cwf_filter *cwf_x_filter(cwf_extract *x, cwf_filter_kind kind);
void cwf_x_defn(cwf_extract *x, const char *ref, const char *name);
/* Records the error (printf-style) at host offset off; returns false. */
bool cwf_x_error(cwf_extract *x, cwf_hmap *h, size_t off, const char *fmt, ...)
    CWF_PRINTF(4, 5);

/* A comment of the host file: its text (without the marker) at host
 * offset off, and whether only white space precedes it on its line. */
typedef struct cwf_comment {
    uint32_t off, len;
    bool own_line;
} cwf_comment;

/* Reads the cwfilter-ignore directives among the comments, once the
 * filters (and their line ranges) are known: a comment on a line of its
 * own aims at the next line of code, a trailing comment at its own line;
 * the directive applies to the filter whose resource spans that line. */
void cwf_x_directives(cwf_extract *x, cwf_hmap *h, const cwf_comment *c, size_t n);

/* ---- a light document tree shared by the JSON and YAML readers --------- */

typedef enum cwf_xkind {
    CWF_X_NULL, CWF_X_BOOL, CWF_X_NUM, CWF_X_STR, CWF_X_MAP, CWF_X_SEQ,
} cwf_xkind;

typedef struct cwf_xnode cwf_xnode;
struct cwf_xnode {       /* 48 bytes: a large JSON file has many */
    uint8_t kind;       /* cwf_xkind */
    uint8_t style;      /* YAML scalar style; 0 for JSON */
    bool seen;          /* visited by cwf_x_dupkeys (YAML aliases share nodes) */
    uint32_t start;     /* host offset of the value itself (after any tag) */
    uint32_t end;       /* host offset just after it */
    uint32_t pstart;    /* host offset of its first property (tag, anchor) */
    const char *tag;    /* "!Sub", ..., or NULL */
    const char *s;      /* scalars: the value (NUL-terminated) */
    cwf_xnode **kids;   /* MAP: key0, value0, key1, ...; SEQ: items */
    uint32_t slen;
    uint32_t n;         /* MAP: pairs; SEQ: items */
};

typedef struct cwf_xdoc {
    cwf_xnode *root;
    const char *text;   /* the host file */
    size_t len;
    bool yaml;
    void *arena;        /* cwf_arena */
    uint32_t (*ranges)[2]; /* YAML: every scalar's [start, end), so that a
                              '#' inside one is not taken for a comment */
    size_t nranges;
} cwf_xdoc;

/* Parses JSON text (a sequence of values is allowed: pages concatenated).
 * Each top-level value becomes an item of root (a SEQ). */
bool cwf_json_load(cwf_xdoc *d, cwf_extract *x, cwf_hmap *h);
/* Parses YAML text; root is a SEQ of the documents. */
bool cwf_yaml_load(cwf_xdoc *d, cwf_extract *x, cwf_hmap *h);
void cwf_xdoc_free(cwf_xdoc *d);

/* Records in x->dups every key repeated in a mapping under v. */
void cwf_x_dupkeys(const cwf_xdoc *d, cwf_xnode *v, cwf_extract *x, cwf_hmap *h);
/* The index of the first pair of map m from i on whose key is k, or m->n;
 * so that every value of a repeated key is read. */
size_t cwf_x_next(const cwf_xnode *m, size_t i, const char *k);
/* The value of key k in map m, or NULL. */
cwf_xnode *cwf_x_get(const cwf_xnode *m, const char *k);
/* A string scalar's value, or NULL for anything else. */
const char *cwf_x_str(const cwf_xnode *n);
/* Appends scalar n's value to b with the host offset of every byte. */
void cwf_x_scalar(const cwf_xdoc *d, const cwf_xnode *n, cwf_pbuild *b);
void cwf_yaml_scalar(const cwf_xdoc *d, const cwf_xnode *n, cwf_pbuild *b);
/* The cwfilter-ignore comments of a YAML file, once its filters are read. */
void cwf_yaml_comments(const cwf_xdoc *d, cwf_extract *x, cwf_hmap *h);

/* The format-specific readers, each given one top-level value v. */
void cwf_read_describe(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h);
void cwf_read_cfn(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h);
bool cwf_read_cdk(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h);
void cwf_read_tfjson(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h);
bool cwf_read_plan(const cwf_xdoc *d, const cwf_xnode *v, cwf_extract *x, cwf_hmap *h);
/* HCL (grammar/hcl.re). */
bool cwf_read_hcl(const char *text, size_t len, cwf_extract *x, cwf_hmap *h);

/* Decodes an HCL template held in a decoded string (.tf.json): `${...}` and
 * `%{...}` become unresolved parts, `$${` and `%%{` literal.  offs[i] is
 * the host offset of s[i]. */
void cwf_tpl_decode(const char *s, size_t n, const uint32_t *offs, cwf_pbuild *b);

#endif /* CWF_EXTRACT_INTERNAL */

#endif
