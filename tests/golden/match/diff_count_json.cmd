cwfilter match --diff --count '{ $.eventName = *Policy* }' '{ $.eventName = *Policy }' corpus/events/*.json corpus/events/trail/*.json.gz
cwfilter match --diff --json '{ $.errorCode = * }' '{ $.errorCode = AccessDenied }' corpus/events/*.json | cut -c1-160
cwfilter match --diff ERROR 'ERROR -DEBUG' corpus/logs/app.log
cwfilter match --diff ERROR ERROR corpus/logs/app.log; echo "same patterns: exit $?"
cwfilter match --diff ERROR
