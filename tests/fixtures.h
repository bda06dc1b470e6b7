/* fixtures.h: what several tests share: the CIS IAM policy-changes pattern
 * and its sixteen event names, and a temporary directory of files (include
 * after <cmocka.h>).  Static, so that each test program has its own. */
#ifndef CWF_TEST_FIXTURES_H
#define CWF_TEST_FIXTURES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* CIS 4.4 / Security Hub CloudWatch.4 as the benchmark prescribes it. */
#define IAM_PATTERN                                                                             \
    "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"                        \
    "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||"                            \
    "($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||"    \
    "($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||"                           \
    "($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||"                       \
    "($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||"                          \
    "($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||"                         \
    "($.eventName=DetachGroupPolicy)}"

static const char *const iam_names[16] = {
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
    "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
    "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
    "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
};

/* ---- a temporary directory: a cmocka group setup and teardown ------------ */

/* The directory's path. */
static inline char *tmpdir(void)
{
    static char dir[64];
    return dir;
}

/* Group setup: makes /tmp/cwf_test.XXXXXX. */
static inline int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir(), 64, "/tmp/cwf_test.XXXXXX");
    return mkdtemp(tmpdir()) ? 0 : -1;
}

/* Group teardown: removes the directory and every file in it. */
static inline int remove_tmpdir(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir());
    if (!d)
        return -1;
    char path[64 + 256];
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", tmpdir(), e->d_name);
            unlink(path);
        }
    closedir(d);
    return rmdir(tmpdir());
}

/* Writes text[0..len) to tmpdir()/name; returns its path (a static buffer,
 * one per slot 0..3). */
static inline const char *tmp_file(int slot, const char *name, const char *text, size_t len)
{
    static char paths[4][128];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", tmpdir(), name);
    FILE *f = fopen(paths[slot], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return paths[slot];
}

#endif
