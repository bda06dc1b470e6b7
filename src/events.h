/* events.h: log events out of the files people have, streamed.
 *
 * A file is recognised by its content, never by its name:
 *   gzip      the bytes 1f 8b: decompressed (every member), then
 *             recognised again.  A regular file whose members inflate to
 *             at most CWF_EVENT_MAX bytes is inflated at once (libdeflate);
 *             stdin, pipes and anything larger are streamed through zlib,
 *             so a gzip bomb costs at most about 2 x CWF_EVENT_MAX (the
 *             attempt, then the window) before it is an error;
 *   cloudtrail  a JSON object whose first key is "Records" with an array:
 *             each record is one event, its text made compact (whitespace
 *             outside strings dropped; numbers and escapes as written);
 *   log-events  a JSON object whose first key is "events" with an array
 *             (`aws logs filter-log-events` / `get-log-events` output): each
 *             element's "message" string, decoded, is one event;
 *   json      a JSON object that does not end on its first line (a
 *             pretty-printed event, as the console's "copy" gives): each
 *             top-level object or array is one event, made compact;
 *   lines     anything else: one event per line (plain text, JSON Lines),
 *             a trailing \r dropped, empty lines skipped, a UTF-8 byte order
 *             mark at the start of the file dropped.
 * The JSON formats may hold several documents one after another (as `cat`
 * of many CloudTrail files gives); other top-level keys are skipped.
 *
 * Memory is bounded by the largest event, not by the file: the reader keeps
 * a window of the input and the event being built.  An event (a line, a
 * record) longer than CWF_EVENT_MAX bytes is an error.  A regular file that
 * is not gzip is mapped (mmap) and read in place, without a copy; the pages
 * read are given back every 8 MB (madvise), so that the resident memory
 * stays small too. */
#ifndef CWF_EVENTS_H
#define CWF_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CWF_EVENT_MAX ((size_t)64 << 20)

typedef enum cwf_events_format {
    CWF_EV_LINES,
    CWF_EV_CLOUDTRAIL,
    CWF_EV_LOG_EVENTS,
    CWF_EV_JSON,
} cwf_events_format;

/* "lines", "cloudtrail", "log-events", "json". */
const char *cwf_events_format_name(cwf_events_format f);

typedef struct cwf_events cwf_events;

/* Opens path ("-" is stdin) and recognises its format.  On failure returns
 * NULL and sets *err to a malloc'd message without the file name (for
 * example "No such file or directory", "truncated gzip data"). */
cwf_events *cwf_events_open(const char *path, char **err);

/* The same over data[0..len), which must outlive the reader (tests, fuzz). */
cwf_events *cwf_events_open_mem(const char *data, size_t len, char **err);

/* A reader of the lines of data[0..len) (which must outlive it), without
 * recognising the format or dropping a byte order mark: for a piece of a
 * lines file cut at a line boundary (`match --jobs`).  mapped: data lies in
 * a read-only file mapping (cwf_events_data said so), whose pages the
 * reader gives back once read. */
cwf_events *cwf_events_open_lines(const char *data, size_t len, bool mapped);

/* When ev reads a lines file in place (mapped or memory, not gzip) and has
 * not returned an event yet: true, with the whole text in data[0..len), the
 * first event's offset (after a byte order mark) in *pos, and in *mapped
 * whether it is a file mapping. */
bool cwf_events_data(const cwf_events *ev, const char **data, size_t *len, size_t *pos,
                     bool *mapped);

/* The next event: returns 1 and sets *msg, *len (valid until the next call;
 * not NUL-terminated), 0 at the end, -1 on an error (cwf_events_error says
 * what; the events before it were good). */
int cwf_events_next(cwf_events *ev, const char **msg, size_t *len);

/* The last error, without the file name, or NULL. */
const char *cwf_events_error(const cwf_events *ev);

cwf_events_format cwf_events_format_of(const cwf_events *ev);
bool cwf_events_gzipped(const cwf_events *ev);

/* The last event's "timestamp" (log-events: milliseconds since the epoch,
 * a non-negative integer), or -1 (other formats, or none). */
int64_t cwf_events_timestamp(const cwf_events *ev);

/* How many events cwf_events_next has returned. */
size_t cwf_events_count(const cwf_events *ev);

void cwf_events_close(cwf_events *ev);

#endif
