/* cmd_match.c: `cwfilter match`, an offline test-metric-filter.
 *
 * Reads events from files or stdin (events.h recognises the format), runs
 * the matcher (match.h) on each, and prints what was selected: the events,
 * their count, one JSON object each, or an explanation per event.  Like
 * grep: exit 0 when something was selected, 1 when nothing was, 2 when the
 * pattern or an input could not be read. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "events.h"
#include "match.h"
#include "parse.h"
#include "report.h"
#include "source.h"

static const char match_help[] =
    "usage: cwfilter match [options] PATTERN [FILE...]\n"
    "       cwfilter match [options] --file PATTERN_FILE [FILE...]\n"
    "\n"
    "Prints the events of the FILEs (stdin when there are none, or for -) that\n"
    "match the filter pattern, as CloudWatch Logs would (test-metric-filter,\n"
    "offline).  Formats are recognised by content: plain text and JSON Lines\n"
    "(one event per line), CloudTrail log files ({\"Records\":[...]}, each record\n"
    "one event), `aws logs filter-log-events` and `get-log-events` output\n"
    "(events[].message), and any of them gzipped.\n"
    "\n"
    "  -f, --file F    read the pattern from file F (- for stdin)\n"
    "  -c, --count     print only the number of selected events\n"
    "  -v, --invert    select the events that do not match\n"
    "  -j, --json      one JSON object per selected event: file, eventNumber,\n"
    "                  eventMessage and extractedValues (delimited patterns)\n"
    "  -e, --explain   for every event, the verdict, then each condition of the\n"
    "                  pattern: true or false, its place in the pattern\n"
    "                  (line:columns), and what the event holds there\n"
    "  -h, --help      this help\n"
    "\n"
    "A pattern that starts with `-` follows `--`: cwfilter match -- '-DEBUG' app.log.\n"
    "Exit: 0 some event selected, 1 none, 2 a bad pattern or an unreadable file.\n";

typedef struct opts {
    bool count, invert, json, explain;
} opts;

/* The text of span in the pattern, on one line. */
static void put_span(const cwf_buf *pat, cwf_span s, FILE *out)
{
    for (uint32_t i = s.start; i < s.end && i < pat->len; i++) {
        char c = pat->p[i];
        fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, out);
    }
}

static bool explain(cwf_matcher *m, const cwf_buf *pat, const char *file, size_t number,
                    const char *msg, size_t len)
{
    cwf_explanation x;
    bool ok = cwf_matcher_explain(m, msg, len, &x);
    printf("%s: event %zu: %s\n", file, number, ok ? "match" : "no match");
    if (x.summary)
        printf("  note: %s\n", x.summary);
    const cwf_source src = {"<pattern>", pat->p, pat->len, NULL};
    for (size_t i = 0; i < x.n; i++) {
        /* Where the condition is in the pattern: line:column-column. */
        cwf_pos a = cwf_source_pos(&src, x.v[i].span.start);
        cwf_pos z = cwf_source_pos(&src, x.v[i].span.end);
        char at[32];
        snprintf(at, sizeof at, "%u:%u-%u", a.line, a.col, z.line == a.line ? z.col - 1 : a.col);
        printf("  %-5s  %-9s  ", x.v[i].held ? "true" : "false", at);
        put_span(pat, x.v[i].span, stdout);
        if (x.v[i].detail)
            printf("    (%s)", x.v[i].detail);
        putchar('\n');
    }
    cwf_explanation_free(&x);
    return ok;
}

static void print_json(const char *file, size_t number, const char *msg, size_t len,
                       const cwf_extracted *ex, cwf_buf *b)
{
    cwf_buf_reset(b);
    cwf_buf_puts(b, "{\"file\":");
    cwf_buf_json_str(b, file, strlen(file));
    cwf_buf_printf(b, ",\"eventNumber\":%zu,\"eventMessage\":", number);
    cwf_buf_json_str(b, msg, len);
    cwf_buf_puts(b, ",\"extractedValues\":{");
    for (size_t i = 0; i < ex->n; i++) {
        const char *name = cwf_extracted_name(ex, i);
        size_t n;
        const char *v = cwf_extracted_value(ex, i, &n);
        if (i)
            cwf_buf_putc(b, ',');
        cwf_buf_json_str(b, name, strlen(name));
        cwf_buf_putc(b, ':');
        cwf_buf_json_str(b, v, n);
    }
    cwf_buf_puts(b, "}}\n");
    fwrite(b->p, 1, b->len, stdout);
}

/* Matches every event of one input; adds to *selected.  False on an error
 * (already printed). */
static bool run_file(cwf_matcher *m, const cwf_buf *pat, const char *path, const opts *o,
                     size_t *selected)
{
    const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
    char *err;
    cwf_events *ev = cwf_events_open(path, &err);
    if (!ev) {
        char *shown = cwf_escape_controls(file);
        fprintf(stderr, "cwfilter: %s: %s\n", shown, err);
        free(shown);
        free(err);
        return false;
    }
    cwf_extracted ex = CWF_EXTRACTED_INIT;
    cwf_buf out = CWF_BUF_INIT;
    const char *msg;
    size_t len;
    int r;
    while ((r = cwf_events_next(ev, &msg, &len)) == 1) {
        size_t number = cwf_events_count(ev);
        if (o->explain) {
            *selected += explain(m, pat, file, number, msg, len) != o->invert;
            continue;
        }
        bool hit = cwf_matcher_match(m, msg, len, o->json ? &ex : NULL) != o->invert;
        if (!hit)
            continue;
        ++*selected;
        if (o->count)
            continue;
        if (o->json) {
            print_json(file, number, msg, len, &ex, &out);
        } else {
            fwrite(msg, 1, len, stdout);
            putchar('\n');
        }
    }
    if (r < 0) {
        char *shown = cwf_escape_controls(file);
        fprintf(stderr, "cwfilter: %s: %s\n", shown, cwf_events_error(ev));
        free(shown);
    }
    cwf_buf_free(&out);
    cwf_extracted_free(&ex);
    cwf_events_close(ev);
    return r == 0;
}

int cwf_cmd_match(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"file", required_argument, NULL, 'f'},
        {"count", no_argument, NULL, 'c'},
        {"invert", no_argument, NULL, 'v'},
        {"json", no_argument, NULL, 'j'},
        {"explain", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    opts o = {0};
    const char *file = NULL;
    int c;
    optind = 1;
    while ((c = cwf_cli_getopt("match", true, argc, argv, "f:cvjeh", longopts)) != -1) {
        switch (c) {
        case 'f': file = optarg; break;
        case 'c': o.count = true; break;
        case 'v': o.invert = true; break;
        case 'j': o.json = true; break;
        case 'e': o.explain = true; break;
        case 'h': fputs(match_help, stdout); return CWF_EXIT_OK;
        default: return CWF_EXIT_ERROR;
        }
    }
    if (!file && optind >= argc)
        return cwf_cli_usage_error("match", "give a pattern, or --file F");
    const char *arg = file ? NULL : argv[optind++];
    char **inputs = argv + optind;
    int ninputs = argc - optind;
    bool pattern_stdin = (file && strcmp(file, "-") == 0) || (arg && strcmp(arg, "-") == 0);
    bool events_stdin = ninputs == 0;
    for (int i = 0; i < ninputs; i++)
        events_stdin |= strcmp(inputs[i], "-") == 0;
    if (pattern_stdin && events_stdin)
        return cwf_cli_usage_error("match", "the pattern and the events cannot both come "
                                            "from stdin");

    cwf_buf text = CWF_BUF_INIT;
    const char *name;
    if (!cwf_cli_pattern(arg, file, &text, &name)) {
        cwf_buf_free(&text);
        return CWF_EXIT_ERROR;
    }
    cwf_arena a = CWF_ARENA_INIT;
    cwf_diags d = CWF_DIAGS_INIT;
    cwf_pattern *p = cwf_parse(text.p ? text.p : "", text.len, &a, &d);
    int rc = CWF_EXIT_OK;
    if (d.n) {
        cwf_diags_sort(&d);
        cwf_source src = {name, text.p ? text.p : "", text.len, NULL};
        cwf_buf out = CWF_BUF_INIT;
        cwf_render_text_safe(&out, &src, &d, cwf_want_color(2));
        fputs(cwf_buf_str(&out), stderr);
        cwf_buf_free(&out);
    }
    if (!p || cwf_diags_count(&d, CWF_ERROR) > 0) {
        rc = CWF_EXIT_ERROR;
    } else {
        static char obuf[1 << 16];
        setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
        cwf_matcher *m = cwf_matcher_new(p);
        size_t selected = 0;
        bool ok = true;
        if (ninputs == 0)
            ok = run_file(m, &text, "-", &o, &selected);
        for (int i = 0; i < ninputs; i++)
            ok &= run_file(m, &text, inputs[i], &o, &selected);
        /* A count that leaves out an unreadable file would be wrong. */
        if (o.count && !o.explain && ok)
            printf("%zu\n", selected);
        fflush(stdout);
        cwf_matcher_free(m);
        rc = !ok ? CWF_EXIT_ERROR : selected ? CWF_EXIT_OK : CWF_EXIT_FINDINGS;
    }
    cwf_diags_free(&d);
    cwf_arena_free(&a);
    cwf_buf_free(&text);
    return rc;
}
