/* suppress_config.c: the .cwfilter.yml that holds suppressions for files
 * without comments (see suppress_config.h): finding it, reading it with the
 * YAML reader of extract.h, and matching its entries to filters. */
#define CWF_EXTRACT_INTERNAL
#include "suppress_config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "extract.h"

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
