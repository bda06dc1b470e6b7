/* suppress_config.h: the .cwfilter.yml of suppress.h: the nearest one
 * walking up from a linted file, loaded (with the YAML reader of
 * extract.h), and which of its entries apply to a filter.  Above the
 * readers; nothing below calls it. */
#ifndef CWF_SUPPRESS_CONFIG_H
#define CWF_SUPPRESS_CONFIG_H

#include <stdbool.h>

#include "source.h"
#include "suppress.h"

/* A loaded .cwfilter.yml. */
typedef struct cwf_config {
    char *path;             /* as found */
    char *dir;              /* its directory, absolute */
    char *text;             /* the file */
    cwf_suppressions sup;
} cwf_config;

/* Loads path (a .cwfilter.yml).  On error returns false with *err (malloc'd)
 * and *at set; nothing to free in cfg then. */
bool cwf_config_load(const char *path, cwf_config *cfg, char **err, cwf_pos *at);
void cwf_config_free(cwf_config *cfg);

/* The nearest .cwfilter.yml (or .cwfilter.yaml) walking up from the
 * directory of file, as a malloc'd path, or NULL. */
char *cwf_config_find(const char *file);

/* The path of file relative to the config's directory (malloc'd), or NULL
 * if the file is not below it. */
char *cwf_config_rel(const cwf_config *cfg, const char *file);

/* Whether a config suppression applies to a filter: rel is the file's path
 * from cwf_config_rel; the others may be NULL (unknown). */
bool cwf_config_matches(const cwf_suppression *s, const char *rel,
                        const char *resource, const char *filter,
                        const char *log_group);

#endif
