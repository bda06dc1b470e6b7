/* test_walk.c: the safe walk (walk.h) on a temporary tree of every kind of
 * entry an untrusted repository can hold: symbolic links out of the root
 * (to a directory with a secret, to a file), a link loop, links to
 * /proc/self and /sys, a FIFO, a socket, a broken link; and the read that
 * does not block on a FIFO.  Every walk is compared entry by entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "walk.h"

static char top[4096]; /* the directory the tests were started in */
static char tmp[4096]; /* the tree, made by setup */

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void sock(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strcpy(a.sun_path, path);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    close(fd);
}

/* tmp/out holds the secret; tmp/root is what is walked; tmp/root2 a second root. */
static int setup(void **state)
{
    (void)state;
    if (!getcwd(top, sizeof top))
        return -1;
    strcpy(tmp, "/tmp/cwf-walk-XXXXXX");
    if (!mkdtemp(tmp) || chdir(tmp) != 0)
        return -1;
    int bad = mkdir("out", 0700) | mkdir("root", 0700) | mkdir("root/dir", 0700) |
              mkdir("root/.git", 0700) | mkdir("root2", 0700);
    put("out/secret.json", "{\"secret\": \"s3cr3t\"}\n");
    put("root/a.json", "{}\n");
    put("root/b.txt", "not wanted\n");
    put("root/dir/c.json", "{}\n");
    put("root/.git/x.json", "{}\n");
    put("root2/d.json", "{}\n");
    bad |= symlink("..", "root/dir/up") | symlink("dir", "root/dirlink") |
           symlink("dir/c.json", "root/filelink.json") |
           symlink("../out/secret.json", "root/leak.json") | symlink("../out", "root/outdir") |
           symlink("/proc/self", "root/self") | symlink("/sys", "root/sys") |
           symlink("/", "root/slash") | symlink("nowhere", "root/broken.json") |
           symlink("loop.json", "root/loop.json") | symlink("../root2", "root/r2link") |
           mkfifo("root/pipe.json", 0600);
    sock("root/sock.json");
    return bad ? -1 : chdir(top);
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = malloc(strlen(tmp) + 16);
    sprintf(cmd, "rm -rf '%s'", tmp);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

static bool lintlike(const char *name, bool is_dir)
{
    size_t n = strlen(name);
    return is_dir ? strcmp(name, ".git") != 0 : n >= 5 && strcmp(name + n - 5, ".json") == 0;
}

/* The walk of roots from tmp, one line per entry: "F path", "N path: why",
 * "E path: why". */
static char *walk(const char *const *roots, size_t n, bool follow, cwf_walk_want *want)
{
    assert_int_equal(chdir(tmp), 0);
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts o = {.follow = follow, .want = want};
    cwf_walk_run(&w, roots, n, &o);
    assert_int_equal(chdir(top), 0);
    cwf_buf b = CWF_BUF_INIT;
    for (size_t i = 0; i < w.n; i++) {
        const cwf_walk_entry *e = &w.v[i];
        if (e->kind == CWF_WALK_FILE)
            cwf_buf_printf(&b, "F %s\n", e->path);
        else
            cwf_buf_printf(&b, "%c %s: %s\n", e->kind == CWF_WALK_NOTE ? 'N' : 'E', e->path,
                           e->text);
    }
    cwf_walk_free(&w);
    return cwf_buf_take(&b);
}

#define EXPECT_WALK(want_text, roots, follow, want)                                    \
    do {                                                                               \
        char *got_ = walk(roots, sizeof roots / sizeof *roots, follow, want);          \
        assert_string_equal(got_, want_text);                                          \
        free(got_);                                                                    \
    } while (0)

static void test_default(void **state)
{
    (void)state;
    static const char *const roots[] = {"root"};
    EXPECT_WALK("F root/a.json\n"
                "N root/broken.json: a broken symbolic link\n"
                "F root/dir/c.json\n"
                "N root/dir/up: a symbolic link to a directory (--follow walks it)\n"
                "N root/dirlink: a symbolic link to a directory (--follow walks it)\n"
                "F root/filelink.json\n"
                "N root/leak.json: a symbolic link to outside the given paths\n"
                "N root/loop.json: a symbolic link loop\n"
                "N root/outdir: a symbolic link to a directory (--follow walks it)\n"
                "N root/pipe.json: a FIFO\n"
                "N root/r2link: a symbolic link to a directory (--follow walks it)\n"
                "N root/self: a symbolic link into /proc, /sys or /dev\n"
                "N root/slash: a symbolic link to a directory (--follow walks it)\n"
                "N root/sock.json: a socket\n"
                "N root/sys: a symbolic link into /proc, /sys or /dev\n",
                roots, false, lintlike);
}

/* --follow: links inside the roots are walked (root2 through r2link first,
 * then not again as a root), the loop and every way out are notes. */
static void test_follow(void **state)
{
    (void)state;
    static const char *const roots[] = {"root", "root2"};
    EXPECT_WALK("F root/a.json\n"
                "N root/broken.json: a broken symbolic link\n"
                "F root/dir/c.json\n"
                "N root/dir/up: a symbolic link loop\n"
                "F root/filelink.json\n"
                "N root/leak.json: a symbolic link to outside the given paths\n"
                "N root/loop.json: a symbolic link loop\n"
                "N root/outdir: a symbolic link to outside the given paths\n"
                "N root/pipe.json: a FIFO\n"
                "F root/r2link/d.json\n"
                "N root/self: a symbolic link into /proc, /sys or /dev\n"
                "N root/slash: a symbolic link to outside the given paths\n"
                "N root/sock.json: a socket\n"
                "N root/sys: a symbolic link into /proc, /sys or /dev\n",
                roots, true, lintlike);
}

/* With no filter every name is taken (.git and b.txt too). */
static void test_everything(void **state)
{
    (void)state;
    static const char *const roots[] = {"root/dir", "root/.git", "root/b.txt"};
    EXPECT_WALK("F root/dir/c.json\n"
                "N root/dir/up: a symbolic link to outside the given paths\n"
                "F root/.git/x.json\n"
                "F root/b.txt\n",
                roots, true, NULL);
}

/* Roots: special files are noted, /proc, /sys and /dev never walked or read
 * (even as a root, or through a link), "-" taken as it is, a missing one an
 * error; a root named twice is walked once. */
static void test_roots(void **state)
{
    (void)state;
    static const char *const roots[] = {"root/pipe.json", "root/sock.json", "/proc",
                                        "root/self",      "/dev/null",      "/sys/kernel",
                                        "-",              "missing",        "root2",
                                        "root2/",         "root/leak.json"};
    EXPECT_WALK("N root/pipe.json: a FIFO\n"
                "N root/sock.json: a socket\n"
                "N /proc: /proc, /sys and /dev are never walked\n"
                "N root/self: /proc, /sys and /dev are never walked\n"
                "N /dev/null: /proc, /sys and /dev are never read\n"
                "N /sys/kernel: /proc, /sys and /dev are never walked\n"
                "F -\n"
                "E missing: No such file or directory\n"
                "F root2/d.json\n"
                "F root/leak.json\n",
                roots, false, lintlike);
}

/* `lint /` walks neither /proc nor /sys nor /dev: only those three names
 * are let through here, so nothing else is walked. */
static bool only_special(const char *name, bool is_dir)
{
    return is_dir && (strcmp(name, "proc") == 0 || strcmp(name, "sys") == 0 ||
                      strcmp(name, "dev") == 0);
}

static void test_slash(void **state)
{
    (void)state;
    static const char *const roots[] = {"/"};
    EXPECT_WALK("N /dev: /proc, /sys and /dev are never walked\n"
                "N /proc: /proc, /sys and /dev are never walked\n"
                "N /sys: /proc, /sys and /dev are never walked\n",
                roots, true, only_special);
}

static void test_forbidden(void **state)
{
    (void)state;
    assert_true(cwf_walk_forbidden("/proc"));
    assert_true(cwf_walk_forbidden("/proc/1/environ"));
    assert_true(cwf_walk_forbidden("/sys/kernel"));
    assert_true(cwf_walk_forbidden("/dev/null"));
    assert_false(cwf_walk_forbidden("/procfs"));
    assert_false(cwf_walk_forbidden("/device"));
    assert_false(cwf_walk_forbidden("/home/proc"));
    assert_false(cwf_walk_forbidden("/"));
    assert_true(cwf_walk_within("/a/b", "/"));
    assert_false(cwf_walk_within("a/b", "/"));
    assert_true(cwf_walk_within("/a/b", "/a"));
    assert_true(cwf_walk_within("/a", "/a"));
    assert_false(cwf_walk_within("/ab", "/a"));
}

/* The read: a FIFO (with no writer: a blocking open would wait for ever)
 * and a socket are not regular files; a regular file and a link to one are
 * read; a missing file is an error. */
static void test_read(void **state)
{
    (void)state;
    assert_int_equal(chdir(tmp), 0);
    alarm(10); /* a hang fails the test instead of stopping the suite */
    cwf_buf b = CWF_BUF_INIT;
    const char *why = "x";
    assert_int_equal(cwf_read_regular("root/pipe.json", &b, &why), 0);
    assert_string_equal(why, "a FIFO");
    assert_int_equal(cwf_read_regular("root/sock.json", &b, &why), 0);
    assert_string_equal(why, "a socket");
    assert_int_equal(cwf_read_regular("root/dir", &b, &why), 0);
    assert_string_equal(why, "a directory");
    assert_int_equal(cwf_read_regular("/dev/null", &b, &why), 0);
    assert_string_equal(why, "a character device");
    assert_int_equal(cwf_read_regular("/proc/self/status", &b, &why), 0);
    assert_string_equal(why, "/proc, /sys and /dev are never read");
    assert_int_equal(b.len, 0);
    assert_int_equal(cwf_read_regular("root/leak.json", &b, &why), 1);
    assert_null(why);
    assert_string_equal(cwf_buf_str(&b), "{\"secret\": \"s3cr3t\"}\n");
    errno = 0;
    assert_int_equal(cwf_read_regular("missing", &b, &why), -1);
    assert_int_equal(errno, ENOENT);
    alarm(0);
    cwf_buf_free(&b);
    assert_int_equal(chdir(top), 0);
}

/* Root ".", joined without "./"; directories deeper than max_depth are an
 * error; a followed link to a FIFO is a note; and more directories than the
 * first table of visited ones holds (64). */
static void test_depth_and_many(void **state)
{
    (void)state;
    assert_int_equal(chdir(tmp), 0);
    assert_int_equal(mkdir("deep", 0700) | mkdir("deep/a", 0700) | mkdir("deep/a/b", 0700) |
                         mkdir("deep/a/b/c", 0700) | mkdir("deep/many", 0700),
                     0);
    put("deep/a/b/one.json", "{}\n");
    put("deep/a/b/c/two.json", "{}\n");
    assert_int_equal(mkfifo("deep/fifo", 0600) | symlink("fifo", "deep/fifolink"), 0);
    for (int i = 0; i < 70; i++) {
        char d[64];
        snprintf(d, sizeof d, "deep/many/%02d", i);
        assert_int_equal(mkdir(d, 0700), 0);
    }
    put("deep/many/69/last.json", "{}\n");
    assert_int_equal(chdir("deep"), 0);
    static const char *const roots[] = {"."};
    cwf_walk w = CWF_WALK_INIT;
    cwf_walk_opts o = {.follow = true, .max_depth = 2};
    cwf_walk_run(&w, roots, 1, &o);
    assert_int_equal(chdir(top), 0);
    cwf_buf b = CWF_BUF_INIT;
    for (size_t i = 0; i < w.n; i++)
        cwf_buf_printf(&b, "%d %s %s\n", (int)w.v[i].kind, w.v[i].path,
                       w.v[i].text ? w.v[i].text : "-");
    cwf_walk_free(&w);
    char *want = cwf_xasprintf("%d a/b/c directories nest deeper than 2\n"
                               "%d a/b/one.json -\n"
                               "%d fifo a FIFO\n"
                               "%d fifolink a symbolic link to a FIFO\n"
                               "%d many/69/last.json -\n",
                               (int)CWF_WALK_ERROR, (int)CWF_WALK_FILE, (int)CWF_WALK_NOTE,
                               (int)CWF_WALK_NOTE, (int)CWF_WALK_FILE);
    assert_string_equal(b.p, want);
    free(want);
    cwf_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default),  cmocka_unit_test(test_follow),
        cmocka_unit_test(test_everything), cmocka_unit_test(test_roots),
        cmocka_unit_test(test_slash),    cmocka_unit_test(test_forbidden),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_depth_and_many),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
