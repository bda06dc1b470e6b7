/* shared.h: where the tests find the project's shared reference data.
 *
 * The real-world patterns and the SARIF schema live outside the repository,
 * in ../shared, which a user's clone does not have.  CWF_SHARED names that
 * folder (default ../shared); `make test` also runs the tests with it
 * pointing at a missing folder, so the path that skips cannot rot. */
#ifndef CWF_TEST_SHARED_H
#define CWF_TEST_SHARED_H

#include <stdio.h>
#include <stdlib.h>

/* The path of REL inside the shared folder, in a static buffer. */
static inline const char *shared_path(const char *rel)
{
    static char path[4096];
    const char *dir = getenv("CWF_SHARED");
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "../shared", rel);
    return path;
}

#endif
