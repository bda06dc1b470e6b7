/* stats.h: what an alarm on a metric filter would have seen (`cwfilter
 * match --stats`).
 *
 * A metric filter emits 1 for every matching event; an alarm sums them per
 * period (periods aligned on the epoch, as CloudWatch aligns them) and is
 * in ALARM for a period whose sum is >= the threshold (the CIS alarms:
 * GreaterThanOrEqualToThreshold 1, one evaluation period).  The collector
 * counts the selected events per value of one JSON field and per period,
 * and renders both as a text table or JSON.  Library code: it never
 * prints. */
#ifndef CWF_STATS_H
#define CWF_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct cwf_stats cwf_stats;

/* by: a field path such as "eventName" or "$.userIdentity.arn" (members
 * only, no wildcards or indexes) or NULL; period in seconds (> 0);
 * threshold >= 1.  NULL, with *err set (malloc'd), when by is not such a
 * path. */
cwf_stats *cwf_stats_new(const char *by, long period, long threshold, char **err);

/* The time of an event, in seconds since the epoch: a JSON event's
 * "eventTime" (CloudTrail), else an ISO 8601 UTC time that starts the
 * message (2026-12-01T09:00:01Z, fractions allowed); false when neither. */
bool cwf_event_time(const char *msg, size_t len, int64_t *secs);

/* Counts one event (examined: matched or not) that was selected or not;
 * time_ms >= 0 is the time the reader gave (log-events "timestamp", in
 * milliseconds), < 0 when it gave none: the message's own is used then. */
void cwf_stats_add(cwf_stats *st, const char *msg, size_t len, bool selected, int64_t time_ms);

/* The report: a text table, or one JSON object. */
void cwf_stats_text(cwf_stats *st, cwf_buf *out);
void cwf_stats_json(cwf_stats *st, cwf_buf *out);

/* Parses a period: a number with s, m, h or d ("5m"); 0 when invalid. */
long cwf_stats_period(const char *s);

void cwf_stats_free(cwf_stats *st);

#endif
