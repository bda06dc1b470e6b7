# A FIFO or a device named on the command line is skipped with a note, not opened (no hang); the other file is still linted.
t=$(mktemp -d); mkfifo "$t/pipe.json"; cp corpus/configs/describe/subscription-filters.json "$t/"; (cd "$t" && cwfilter lint pipe.json /dev/null subscription-filters.json); rc=$?; rm -rf "$t"; (exit $rc)
