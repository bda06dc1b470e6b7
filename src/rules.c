/* rules.c: every diagnostic rule, with the explanation that `cwfilter
 * explain ID` prints.  ORDER RULE: rows follow enum cwf_rule_id (diag.h).
 * Ids are stable: a rule that goes away keeps its id unused. */
#include "diag.h"

const cwf_rule cwf_rules[CWF_R_COUNT] = {
    {"CWF100", "syntax-error", CWF_ERROR, "the pattern does not follow the filter pattern grammar",
     "The pattern cannot be read as any of the four kinds of CloudWatch Logs filter pattern "
     "(terms, %regex%, { JSON conditions }, [ space-delimited fields ]). The message says what "
     "the parser expected at that point. CloudWatch rejects such a pattern with "
     "\"Invalid filter pattern\"."},
    {"CWF101", "unclosed-brace", CWF_ERROR, "a JSON pattern that starts with `{` does not end with `}`",
     "A pattern whose first non-blank character is `{` is a JSON pattern and must end with the "
     "matching `}`. CloudWatch rejects it with \"If a filter pattern starts with '{' it must end "
     "with '}'\". This often happens when a pattern is cut by a line length limit or by a "
     "template's quoting."},
    {"CWF102", "unbalanced-paren", CWF_ERROR, "parentheses do not balance",
     "Every `(` in a JSON pattern needs its `)`, and every `)` its `(`. The diagnostic points at "
     "the parenthesis that has no partner."},
    {"CWF103", "dangling-operator", CWF_ERROR, "`&&` or `||` without a condition on one side",
     "`&&` and `||` join two conditions. One written at the start or the end of a group, or two "
     "in a row, has nothing to join: a condition was left out, or an operator left behind after "
     "one was deleted."},
    {"CWF104", "empty-parens", CWF_ERROR, "empty parentheses",
     "`()` holds no condition. CloudWatch has no empty condition; remove the parentheses or put "
     "the missing condition inside."},
    {"CWF105", "missing-dollar", CWF_ERROR, "a property selector without `$.`",
     "In a JSON pattern every property selector starts with `$.` (the root of the event, then a "
     "dot): `$.eventName`, not `eventName` or `$eventName`. CloudWatch rejects the pattern with "
     "InvalidParameterException."},
    {"CWF106", "single-quotes", CWF_ERROR, "a value in single quotes",
     "CloudWatch strings take double quotes. `'Root'` is not a string: AWS rejects the pattern. "
     "Write `\"Root\"`. (Single quotes appear only in the bracket notation of a selector, "
     "`$.['cluster.name']`.)"},
    {"CWF107", "smart-quotes", CWF_ERROR, "typographic (curly) quotes",
     "Quotes such as \xE2\x80\x9C \xE2\x80\x9D \xE2\x80\x98 \xE2\x80\x99 come from pasting out of "
     "word processors, web pages and chat. They are not quotes for CloudWatch, which reports "
     "\"Invalid character(s) in term\". Replace them with the plain ASCII double quote `\"`."},
    {"CWF108", "double-equals", CWF_ERROR, "`==` instead of `=`",
     "Equality in a filter pattern is a single `=`. `==` is not an operator (AWS CDK silently "
     "rewrites it, which suggests CloudWatch itself rejects it)."},
    {"CWF109", "keyword-case", CWF_ERROR, "a keyword not in upper case",
     "The keywords IS NULL, IS TRUE, IS FALSE and NOT EXISTS are documented in upper case only; "
     "cwfilter treats `is null` or `not exists` as an error and suggests the upper-case "
     "form."},
    {"CWF110", "no-exists", CWF_ERROR, "`EXISTS` or `IS NOT ...`, which CloudWatch does not have",
     "CloudWatch has IS NULL, IS TRUE, IS FALSE and NOT EXISTS, and nothing else: no `EXISTS`, no "
     "`IS NOT NULL`. To require that a field holds a string or a number, write `$.field = *`; to "
     "require that it is absent, `$.field NOT EXISTS`."},
    {"CWF111", "needs-quotes", CWF_ERROR, "a value or term with characters that need double quotes",
     "Unquoted values and terms may hold letters, digits and `_` (and, in JSON and delimited "
     "values, a few more characters AWS's own patterns use unquoted: `. * + - : / @`). Anything "
     "else, spaces included, needs double quotes: `\"user@example.com\"`. AWS rejects an unquoted "
     "`email@someemail.com` term with \"Invalid filter pattern\"."},
    {"CWF112", "backslash-newline", CWF_ERROR, "a backslash and a line break inside the pattern",
     "A `\\` at the end of a line continues a shell command only outside quotes. The CIS "
     "benchmark's remediation command splits the IAM pattern with `|| \\` and a new line inside "
     "single quotes, so the backslash and the newline become part of the pattern that AWS "
     "stores. Remove them: write the whole pattern on one line."},
    {"CWF113", "bad-regex", CWF_ERROR, "a regular expression outside the documented subset",
     "CloudWatch regexes (%...%) allow letters, digits, the symbols `: _ # = @ / ; , -`, space, "
     "and the operators `^ $ ? * + . | [ ] { } \\`. Parentheses are not allowed, not even escaped "
     "(write \\x28 and \\x29), nor are multi-byte characters; other characters are matched with "
     "\\xHH."},
    {"CWF114", "unterminated", CWF_ERROR, "a string, phrase or regex without its closing quote or `%`",
     "A double-quoted value or phrase runs to the next unescaped `\"`, and a regex to the next "
     "`%`. This one reaches the end of the pattern first."},
    {"CWF115", "bad-selector", CWF_ERROR, "a malformed property selector",
     "A selector is `$.` followed by segments: `.name` (letters, digits, `_`, `-`), `[n]`, `[*]`, "
     "`.*`, or `.['any.name']` for other names. `$.`, `$.a.` or `$.@timestamp` are not "
     "selectors; write `$.['@timestamp']`."},
    {"CWF116", "unclosed-bracket", CWF_ERROR, "a space-delimited pattern without its closing `]`",
     "A pattern whose first non-blank character is `[` is a space-delimited pattern and must end "
     "with `]`. To search for text that starts with `[`, quote it: `\"[ERROR]\"`."},
    {"CWF117", "regex-in-terms", CWF_ERROR, "a regex mixed with other terms",
     "A `%regex%` is a pattern of its own, or a value in a JSON or delimited condition. Mixing it "
     "with terms (`ERROR %foo%`) is not documented, and cwfilter rejects it."},
    {"CWF118", "bad-character", CWF_ERROR, "a character that has no place in the pattern",
     "The character cannot start any token here: it is not an operator, a selector, a value or a "
     "term. Quote it if it is part of a value. Control characters (NUL, DEL, and every C0 "
     "control but tab, line feed and carriage return) are not allowed anywhere in a pattern, "
     "quoted or not."},
    {"CWF119", "word-operator", CWF_ERROR, "`AND`, `OR`, `&` or `|` instead of `&&` and `||`",
     "Filter patterns join conditions with `&&` and `||` only. `AND`, `OR` and the single "
     "characters `&` and `|` are not operators."},
    {"CWF120", "spaced-exclusion", CWF_WARNING, "a space between `-` and the term it excludes",
     "AWS's 2018-2021 user guide wrote the exclusion as `\"ERROR\" - \"Exiting\"`; the current "
     "documentation writes `-\"Exiting\"`, with no space. cwfilter reads `- TERM` as the "
     "exclusion `-TERM`, so as not to fail what AWS accepts, and suggests the documented form."},
    {"CWF121", "byte-order-mark", CWF_WARNING, "a byte-order mark at the start of the pattern",
     "The invisible character U+FEFF (bytes EF BB BF) starts the pattern. Editors add it when they "
     "save a file as \"UTF-8 with BOM\"; it is not part of any filter pattern. cwfilter skips it and "
     "reads the rest, but CloudWatch receives it unless the tool that sends the pattern removes it: "
     "save the file without a byte-order mark."},
    {"CWF201", "too-long", CWF_ERROR, "longer than 1024 characters",
     "CloudWatch accepts filter patterns of at most 1024 characters (MetricFilter "
     "filterPattern, 0..1024). A longer one fails with \"Member must have length less than or "
     "equal to 1024\". Split it into several filters, or use wildcards. cwfilter does not read a "
     "pattern longer than 65536 bytes at all: it reports this error alone."},
    {"CWF202", "too-many-regex", CWF_ERROR, "more than 2 regular expressions",
     "A JSON or space-delimited pattern may hold at most 2 `%regex%` values (PutMetricFilter "
     "quota)."},
    {"CWF203", "too-many-wildcards", CWF_ERROR, "more wildcard selectors than the quota allows",
     "A property selector may hold at most one wildcard segment (`[*]` or `.*`), and a pattern "
     "at most three selectors with a wildcard."},
    {"CWF204", "numeric-operand", CWF_ERROR, "a numeric comparison with a non-number",
     "`<`, `>`, `<=` and `>=` compare numbers. A string, wildcard or regex operand is not "
     "accepted: strings and regexes take only `=` and `!=`."},
    {"CWF205", "chain-fields", CWF_ERROR, "a delimited condition across two fields",
     "In a space-delimited pattern, `&&` and `||` chain conditions on one field "
     "(`status_code = 404 || status_code = 410`). A chain over two fields "
     "(`status_code = 4* && bytes > 1000`) is rejected by AWS with \"Invalid filter pattern\"."},
    {"CWF206", "multiple-ellipsis", CWF_ERROR, "more than one `...` in a delimited pattern",
     "`...` stands for any number of fields. With two of them the split is ambiguous; AWS CDK "
     "forbids it and cwfilter rejects it."},
    {"CWF207", "duplicate-field", CWF_ERROR, "a field name used twice in a delimited pattern",
     "Each named field of a space-delimited pattern becomes an extracted value `$name`; a name "
     "used twice makes the extraction ambiguous."},
    {"CWF208", "too-deep", CWF_ERROR, "parentheses nested more than 100 levels deep",
     "cwfilter reads at most 100 levels of nested parentheses, so that no input "
     "can exhaust its parser; real patterns nest two or three levels. Remove the parentheses "
     "that group a single condition or a group joined by the same operator: they change nothing."},
    {"CWF210", "infix-wildcard", CWF_WARNING, "a `*` inside a value, which is literal",
     "A `*` is a wildcard only at the start or the end of a value: `Put*` and `*Policy` are "
     "wildcards, but `Put*Policy` matches only the text `Put*Policy`, star included. "
     "Use two conditions, or a regex such as `%^Put.*Policy$%`."},
    {"CWF211", "lenient-unquoted", CWF_WARNING, "an unquoted value with characters beyond letters, digits and `_`",
     "AWS documents double quotes for values with characters other than letters, digits and "
     "underscore, although its own patterns leave `.` and `*` unquoted. cwfilter accepts "
     "`+ - : / @` unquoted as well, but warns: quote the value to be safe."},
    {"CWF212", "boolean-string", CWF_WARNING, "`= true`, `= false` or `= null` compares text",
     "An unquoted true, false or null on the right of `=` is not a JSON literal: cwfilter, like "
     "the documented grammar, reads it as the text \"true\". To test a JSON boolean or "
     "null, write `IS TRUE`, `IS FALSE` or `IS NULL`."},
    {"CWF301", "not-covered", CWF_ERROR, "the pattern does not cover a benchmark requirement",
     "Some event that the requirement catches is not matched by the pattern. The report names "
     "each missing case and gives an example event that slips through."},
    {"CWF302", "narrowed", CWF_ERROR, "a condition narrows the pattern below the requirement",
     "The pattern matches a required event only under an extra condition (for example "
     "`$.userIdentity.type = \"Root\"`), so the same event without that condition slips through."},
    {"CWF303", "near-miss", CWF_WARNING, "a literal close to a required one",
     "A value or key in the pattern differs from a required one by case, a typo, a prefix "
     "(CreatePolicyVersion is not CreatePolicy: `=` is exact) or a literal `*`."},
    {"CWF304", "unknown", CWF_WARNING, "coverage could not be decided",
     "The pattern uses a construct that the prover does not decide exactly, so cwfilter neither "
     "passes nor fails it; the message says which."},
    {"CWF310", "never-true", CWF_WARNING, "a condition that can never be true",
     "No event satisfies this part of the pattern, so it never contributes a match (for example "
     "`$.a = \"x\" && $.a = \"y\"`)."},
    {"CWF311", "always-true", CWF_WARNING, "a condition that is always true",
     "Every event satisfies this part of the pattern, so the pattern does not filter at all."},
    {"CWF312", "redundant", CWF_NOTE, "a disjunct that another one already covers",
     "Every event this alternative matches is matched by another alternative as well; it can be "
     "removed without changing what the pattern matches."},
    {"CWF313", "matches-all", CWF_WARNING, "the pattern matches every event",
     "An empty pattern, or one whose conditions always hold, counts every log event."},
    {"CWF314", "broader-than-required", CWF_WARNING,
     "the pattern covers the rule but also matches events outside it",
     "Every event the rule requires matches, so the rule is covered, but the pattern also "
     "matches events the benchmark does not ask for, and its alarm fires on them. A warning when "
     "those events are unrelated to the control: another service, another event name (one that "
     "shares no stem with the required names), another caller for a root-only control, another "
     "error code; a note when they are close kin (the same service, an event name of the same "
     "stem, such as `*Policy*` also catching GetPolicy). The message shows one such event. A "
     "pattern that one of the benchmark's own texts covers is never reported. The verdict and "
     "`check`'s exit status do not change; in `lint` the warning counts for --fail-on warning "
     "(the default) like any other: suppress it (a `cwfilter-ignore: CWF314` comment, "
     "or an `ignore:` entry in .cwfilter.yml) where the filter is wider on purpose."},
    {"CWF401", "unresolved-part", CWF_NOTE, "lint: a part of the pattern cannot be resolved offline",
     "The pattern is built from something only known at deployment: a Terraform interpolation "
     "(`${var.env}`), a variable or function call, a CloudFormation Ref, Fn::GetAtt, "
     "Fn::ImportValue, a !Sub variable or pseudo parameter such as ${AWS::Region}, or a value "
     "known only after apply. cwfilter never guesses such a value, so it skips the syntax and "
     "coverage checks of this pattern and says which part it could not resolve. Lint the "
     "resolved pattern instead: `terraform show -json plan.out`, or the describe-metric-filters "
     "export of the deployed stack."},
    {"CWF402", "unused-suppression", CWF_WARNING, "lint: a suppression that silenced nothing",
     "A `cwfilter-ignore` comment, a CloudFormation Metadata entry or a .cwfilter.yml entry "
     "that matched no diagnostic in this run: the problem was fixed, the rule id is misspelt, "
     "or the comment is not just above the resource or attribute it is meant for. Remove it, "
     "so that it does not hide a future problem. Suppressions of coverage rules count only "
     "when a --rule or --benchmark is checked."},
    {"CWF403", "needs-one-filter", CWF_ERROR, "lint: only several filters together cover the rule",
     "Every case of the benchmark rule is caught by some metric filter on the log group, but "
     "no single filter catches them all. The benchmark asks for one metric filter (with one "
     "alarm on its metric): merge the patterns with `||` into one filter."},
    {"CWF404", "not-covered-on-log-group", CWF_ERROR, "lint: no filter on the log group covers the rule",
     "No metric filter on this log group catches every event that the benchmark rule "
     "requires. The diagnostic points at the filter that comes closest and says why it fails: "
     "the cases it misses, the condition that narrows it, a near miss such as a typo. Log "
     "groups whose filters have nothing to do with the rule are not reported; if no log group "
     "has such a filter, the finding is reported once."},
    {"CWF405", "pattern-not-string", CWF_ERROR, "lint: the filter pattern is not a string",
     "An unquoted YAML value that starts with `{` or `[` is a YAML mapping or list, not a "
     "string: `FilterPattern: { $.a = 1 }` gives CloudFormation an object, not a pattern. "
     "Quote it: `FilterPattern: '{ $.a = 1 }'`."},
    {"CWF406", "duplicate-key", CWF_ERROR, "lint: a key is repeated in a mapping of a template",
     "A key written twice in one mapping of a CloudFormation template (JSON or YAML): the AWS "
     "documentation calls CloudFormation's behaviour with a repeated section undefined, and "
     "most parsers silently keep the last value. cwfilter checks every FilterPattern under "
     "every copy, and reports each repeated key with the place of the first. Keep one."},
    {"CWF501", "no-multi-region-trail", CWF_ERROR, "audit step 1: no trail is multi-region",
     "The benchmark's audit starts from a CloudTrail trail with IsMultiRegionTrail true "
     "(`aws cloudtrail describe-trails`); a single-region trail misses the API calls made in "
     "other regions. Fix: `aws cloudtrail update-trail --name TRAIL --is-multi-region-trail`."},
    {"CWF502", "no-log-group", CWF_ERROR, "audit step 2: the trail sends no events to CloudWatch Logs",
     "Metric filters read a CloudWatch Logs log group, so the trail needs a "
     "CloudWatchLogsLogGroupArn (arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*). Fix: create the "
     "log group and a role for CloudTrail, then `aws cloudtrail update-trail --name TRAIL "
     "--cloud-watch-logs-log-group-arn ARN --cloud-watch-logs-role-arn ROLE`."},
    {"CWF503", "trail-not-logging", CWF_ERROR, "audit step 3: the trail is not logging",
     "`aws cloudtrail get-trail-status` says IsLogging false: the trail exists but records "
     "nothing. Fix: `aws cloudtrail start-logging --name TRAIL`."},
    {"CWF504", "management-events-missing", CWF_ERROR, "audit step 4: the trail does not record all management events",
     "The benchmark wants an event selector with IncludeManagementEvents true and ReadWriteType "
     "All (or advanced event selectors that select the Management category without excluding "
     "read or write events). A read-only selector misses every change the controls watch."},
    {"CWF505", "no-covering-filter", CWF_ERROR, "audit step 5: no metric filter on the trail's log group covers the control",
     "The trail's log group needs a metric filter whose pattern catches every event the control "
     "requires. cwfilter decides this with its prover, not by comparing text, and names the "
     "cases a pattern misses."},
    {"CWF506", "no-alarm", CWF_ERROR, "audit step 6: no alarm on the filter's metric notifies an SNS topic",
     "A CloudWatch alarm must watch the metric that the filter publishes (same MetricName and "
     "Namespace as its metricTransformations) and name an SNS topic in its AlarmActions."},
    {"CWF507", "no-confirmed-subscription", CWF_ERROR, "audit step 7: the alarm's topic has no confirmed subscription",
     "`aws sns list-subscriptions-by-topic` must show at least one subscription whose "
     "SubscriptionArn is an ARN; PendingConfirmation means nobody has confirmed it, so nobody "
     "is told."},
    {"CWF508", "cannot-judge", CWF_WARNING, "audit: a step cannot be judged",
     "An export that the step needs is missing from the bundle (the message names the AWS CLI "
     "command that prints it), or the prover cannot decide the pattern. cwfilter never passes "
     "or fails a control on missing data."},
    {"CWF509", "alarm-cannot-fire", CWF_WARNING, "audit: the alarm cannot fire for a single event",
     "With a threshold above what one event adds to the metric, a comparison that points the "
     "wrong way, a statistic other than Sum or SampleCount, or several datapoints to alarm, one "
     "matching event does not set the alarm off. The benchmark uses Sum, threshold 1, "
     "GreaterThanOrEqualToThreshold and one evaluation period."},
    {"CWF510", "alarm-actions-disabled", CWF_WARNING, "audit: the alarm's actions are disabled",
     "ActionsEnabled is false: the alarm changes state but notifies nobody. Fix: `aws "
     "cloudwatch enable-alarm-actions --alarm-names NAME`."},
    {"CWF511", "audit-note", CWF_NOTE, "audit: something worth knowing about the exports",
     "A CloudWatch Logs delivery error of the trail, management event sources it excludes, an "
     "export that names no object, metric dimensions: facts that do not decide a step but may "
     "matter."},
    {"CWF601", "sql-unsupported", CWF_ERROR, "sql: the dialect cannot express this construct exactly",
     "`cwfilter sql` turns a pattern into a query whose WHERE clause selects exactly the events "
     "the pattern matches.  Where the SQL dialect or the table cannot say the same thing (a regex "
     "whose `.` would count characters where CloudWatch counts bytes, a string value that a "
     "number's text as written may match, a selector the CloudTrail table has no column for), "
     "the construct is refused rather than approximated."},
};
