/* suppress.c: see suppress.h. */
#define CWF_EXTRACT_INTERNAL
#include "suppress.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "extract.h"

cwf_suppression *cwf_sup_add(cwf_suppressions *s)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->v = cwf_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    cwf_suppression *p = &s->v[s->n++];
    memset(p, 0, sizeof *p);
    p->target = CWF_SUP_NONE;
    return p;
}

void cwf_sups_free(cwf_suppressions *s)
{
    for (size_t i = 0; i < s->n; i++) {
        cwf_suppression *p = &s->v[i];
        free(p->id);
        free(p->reason);
        free((char *)p->where.text);
        free((cwf_pos *)p->where.map);
        free(p->path);
        free(p->resource);
        free(p->filter);
        free(p->log_group);
        free(p->base);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

bool cwf_sup_names(const char *id, cwf_rule_id rule)
{
    return strcasecmp(id, "all") == 0 || strcasecmp(id, cwf_rules[rule].id) == 0 ||
           strcasecmp(id, cwf_rules[rule].name) == 0;
}

bool cwf_sup_known(const char *id)
{
    return strcasecmp(id, "all") == 0 || cwf_rule_find(id) != NULL;
}

static bool space(char c)
{
    return c == ' ' || c == '\t';
}

/* A new comment suppression located in the comment text (its own copy of
 * the text and of its position map); the caller sets id, reason and span. */
static cwf_suppression *comment_sup(cwf_suppressions *out, const char *text, size_t len,
                                    const cwf_pos *host_pos, const char *file, size_t target)
{
    cwf_suppression *s = cwf_sup_add(out);
    s->origin = CWF_SUP_COMMENT;
    s->target = target;
    s->where.name = file;
    s->where.text = cwf_xstrndup(text, len);
    s->where.len = len;
    cwf_pos *map = cwf_xmalloc((len + 1) * sizeof *map);
    memcpy(map, host_pos, (len + 1) * sizeof *map);
    s->where.map = map;
    return s;
}

/* cwfilter-ignore: ID[, ID]... [-- reason] */
bool cwf_sup_directive(const char *text, size_t len, const cwf_pos *host_pos,
                       const char *file, size_t target, cwf_suppressions *out)
{
    static const char kw[] = "cwfilter-ignore";
    size_t i = 0;
    while (i < len && space(text[i]))
        i++;
    if (len - i < sizeof kw - 1 || memcmp(text + i, kw, sizeof kw - 1) != 0)
        return false;
    i += sizeof kw - 1;
    while (i < len && space(text[i]))
        i++;
    if (i >= len || text[i] != ':')
        return false;
    i++;
    /* The reason follows " -- ". */
    size_t idend = len, reason = len;
    for (size_t k = i; k + 1 < len; k++)
        if (text[k] == '-' && text[k + 1] == '-' && (k == i || space(text[k - 1]))) {
            idend = k;
            reason = k + 2;
            break;
        }
    char *why = NULL;
    if (reason < len) {
        size_t a = reason, e = len;
        while (a < e && space(text[a]))
            a++;
        while (e > a && (space(text[e - 1]) || text[e - 1] == '\r'))
            e--;
        if (e > a)
            why = cwf_xstrndup(text + a, e - a);
    }
    size_t added = 0;
    while (i < idend) {
        while (i < idend && (space(text[i]) || text[i] == ','))
            i++;
        size_t a = i;
        while (i < idend && !space(text[i]) && text[i] != ',')
            i++;
        if (i == a)
            break;
        cwf_suppression *s = comment_sup(out, text, len, host_pos, file, target);
        s->id = cwf_xstrndup(text + a, i - a);
        s->reason = why ? cwf_xstrdup(why) : NULL;
        s->span = (cwf_span){(uint32_t)a, (uint32_t)i};
        added++;
    }
    free(why);
    if (!added) {
        /* "cwfilter-ignore:" with no id: keep it, so it is reported. */
        cwf_suppression *s = comment_sup(out, text, len, host_pos, file, target);
        s->id = cwf_xstrdup("");
        s->span = (cwf_span){0, (uint32_t)len};
    }
    return true;
}

/* ---- .cwfilter.yml ---------------------------------------------------------- */

static const char *const entry_keys[] = {"id", "path", "filter", "resource", "log_group", "reason"};

static char *opt_str(const cwf_xnode *e, const char *k)
{
    const char *s = cwf_x_str(cwf_x_get(e, k));
    return s ? cwf_xstrdup(s) : NULL;
}

static void config_sup(cwf_config *cfg, const cwf_xdoc *d, cwf_hmap *h, const cwf_xnode *e,
                       const cwf_xnode *id)
{
    cwf_suppression *s = cwf_sup_add(&cfg->sup);
    s->origin = CWF_SUP_CONFIG;
    s->id = cwf_xstrndup(id->s, id->slen);
    s->reason = opt_str(e, "reason");
    s->path = opt_str(e, "path");
    s->filter = opt_str(e, "filter");
    s->resource = opt_str(e, "resource");
    s->log_group = opt_str(e, "log_group");
    s->base = cwf_xstrdup(cfg->dir);
    cwf_pbuild b = {0};
    cwf_x_scalar(d, id, &b);
    cwf_pb_source(&b, h, &s->where);
    s->where.name = cfg->path;
    s->span = (cwf_span){0, (uint32_t)s->where.len};
    cwf_pb_free(&b);
}

static bool config_read(cwf_config *cfg, const cwf_xdoc *d, cwf_extract *x, cwf_hmap *h)
{
    const cwf_xnode *root = d->root && d->root->n ? d->root->kids[0] : NULL;
    if (!root || root->kind == CWF_X_NULL)
        return true;
    if (root->kind != CWF_X_MAP)
        return cwf_x_error(x, h, root->start, "expected a mapping with the key \"ignore\"");
    for (size_t i = 0; i < root->n; i++) {
        const cwf_xnode *k = root->kids[2 * i];
        if (!cwf_x_str(k) || strcmp(k->s, "ignore") != 0)
            return cwf_x_error(x, h, k->start, "unknown key \"%s\" (expected \"ignore\")",
                               cwf_x_str(k) ? k->s : "?");
    }
    const cwf_xnode *ig = cwf_x_get(root, "ignore");
    if (!ig || ig->kind == CWF_X_NULL)
        return true;
    if (ig->kind != CWF_X_SEQ)
        return cwf_x_error(x, h, ig->start, "\"ignore\" must be a list of entries");
    for (size_t i = 0; i < ig->n; i++) {
        const cwf_xnode *e = ig->kids[i];
        if (e->kind != CWF_X_MAP)
            return cwf_x_error(x, h, e->start, "an ignore entry must be a mapping with \"id\"");
        for (size_t j = 0; j < e->n; j++) {
            const cwf_xnode *k = e->kids[2 * j], *v = e->kids[2 * j + 1];
            bool known = false;
            for (size_t m = 0; m < CWF_COUNT(entry_keys); m++)
                known |= cwf_x_str(k) && strcmp(k->s, entry_keys[m]) == 0;
            if (!known)
                return cwf_x_error(x, h, k->start,
                                   "unknown key \"%s\" (expected id, path, filter, resource, "
                                   "log_group, reason)", cwf_x_str(k) ? k->s : "?");
            if (strcmp(k->s, "id") != 0 && v->kind != CWF_X_STR)
                return cwf_x_error(x, h, v->start, "\"%s\" must be a string", k->s);
        }
        const cwf_xnode *id = cwf_x_get(e, "id");
        if (!id)
            return cwf_x_error(x, h, e->start, "an ignore entry needs an \"id\"");
        if (id->kind == CWF_X_STR) {
            config_sup(cfg, d, h, e, id);
        } else if (id->kind == CWF_X_SEQ) {
            for (size_t j = 0; j < id->n; j++) {
                if (id->kids[j]->kind != CWF_X_STR)
                    return cwf_x_error(x, h, id->kids[j]->start, "a rule id must be a string");
                config_sup(cfg, d, h, e, id->kids[j]);
            }
        } else {
            return cwf_x_error(x, h, id->start, "\"id\" must be a rule id or a list of them");
        }
    }
    return true;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return cwf_xstrdup(".");
    if (slash == path)
        return cwf_xstrdup("/");
    return cwf_xstrndup(path, (size_t)(slash - path));
}

bool cwf_config_load(const char *path, cwf_config *cfg, char **err, cwf_pos *at)
{
    memset(cfg, 0, sizeof *cfg);
    cwf_buf data = CWF_BUF_INIT;
    *err = NULL;
    *at = (cwf_pos){0, 0};
    if (!cwf_read_file(path, &data)) {
        *err = cwf_xstrdup("cannot read the file");
        cwf_buf_free(&data);
        return false;
    }
    cfg->path = cwf_xstrdup(path);
    char real[PATH_MAX];
    char *dir = dir_of(path);
    cfg->dir = cwf_xstrdup(realpath(dir, real) ? real : dir);
    free(dir);
    cfg->text = cwf_buf_take(&data);
    size_t len = strlen(cfg->text);
    cwf_extract x = CWF_EXTRACT_INIT;
    x.path = cfg->path;
    cwf_hmap h;
    cwf_hmap_init(&h, cfg->text, len);
    cwf_xdoc d = {.text = cfg->text, .len = len};
    bool ok = cwf_yaml_load(&d, &x, &h) && config_read(cfg, &d, &x, &h);
    cwf_xdoc_free(&d);
    cwf_hmap_free(&h);
    if (!ok) {
        *err = x.error ? cwf_xstrdup(x.error) : cwf_xstrdup("cannot parse");
        *at = x.error_pos;
        cwf_extract_free(&x);
        cwf_config_free(cfg);
        return false;
    }
    cwf_extract_free(&x);
    return true;
}

void cwf_config_free(cwf_config *cfg)
{
    cwf_sups_free(&cfg->sup);
    free(cfg->path);
    free(cfg->dir);
    free(cfg->text);
    memset(cfg, 0, sizeof *cfg);
}

/* path (absolute) as seen from the current directory: "x/.cwfilter.yml"
 * below it, "../../.cwfilter.yml" above it. */
static char *relative(const char *path)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return cwf_xstrdup(path);
    size_t n = strlen(cwd);
    if (n == 1)
        return cwf_xstrdup(path + 1);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/')
        return cwf_xstrdup(path + n + 1);
    /* The longest common directory, then one ".." per directory left. */
    size_t common = 0;
    for (size_t i = 1; i <= n && strncmp(cwd, path, i) == 0; i++)
        if ((cwd[i] == '/' || cwd[i] == '\0') && path[i] == '/')
            common = i;
    cwf_buf b = CWF_BUF_INIT;
    for (size_t i = common; i < n; i++)
        if (cwd[i] == '/')
            cwf_buf_puts(&b, "../");
    cwf_buf_puts(&b, path + common + 1);
    return cwf_buf_take(&b);
}

char *cwf_config_find(const char *file)
{
    char real[PATH_MAX];
    char *dir;
    if (strcmp(file, "-") == 0) {
        dir = cwf_xstrdup(getcwd(real, sizeof real) ? real : ".");
    } else {
        char *d = dir_of(file);
        dir = cwf_xstrdup(realpath(d, real) ? real : d);
        free(d);
    }
    for (;;) {
        static const char *const names[] = {".cwfilter.yml", ".cwfilter.yaml"};
        for (size_t i = 0; i < CWF_COUNT(names); i++) {
            char *p = cwf_xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, names[i]);
            if (access(p, R_OK) == 0) {
                free(dir);
                char *r = p[0] == '/' ? relative(p) : cwf_xstrdup(p);
                free(p);
                return r;
            }
            free(p);
        }
        if (strcmp(dir, "/") == 0 || strchr(dir, '/') == NULL)
            break;
        char *up = dir_of(dir);
        free(dir);
        dir = up;
    }
    free(dir);
    return NULL;
}

char *cwf_config_rel(const cwf_config *cfg, const char *file)
{
    char real[PATH_MAX];
    if (strcmp(file, "-") == 0 || !realpath(file, real))
        return NULL;
    size_t n = strlen(cfg->dir);
    if (strcmp(cfg->dir, "/") == 0)
        return cwf_xstrdup(real + 1);
    if (strncmp(real, cfg->dir, n) != 0 || real[n] != '/')
        return NULL;
    return cwf_xstrdup(real + n + 1);
}

bool cwf_config_matches(const cwf_suppression *s, const char *rel, const char *resource,
                        const char *filter, const char *log_group)
{
    if (s->path) {
        size_t n = strlen(s->path);
        if (!rel)
            return false;
        bool under = n > 0 && s->path[n - 1] == '/' && strncmp(rel, s->path, n) == 0;
        if (!under && fnmatch(s->path, rel, FNM_PATHNAME) != 0)
            return false;
    }
    if (s->resource && (!resource || strcmp(s->resource, resource) != 0))
        return false;
    if (s->filter && (!filter || strcmp(s->filter, filter) != 0))
        return false;
    if (s->log_group && (!log_group || strcmp(s->log_group, log_group) != 0))
        return false;
    return true;
}
