# libdir.sh: sourced by the fix golden cases over several files.  fixdir
# DIR ARGS... copies corpus/fix/DIR into a temporary directory, runs
# `cwfilter fix ARGS .` there, prints every file after it (with its mode),
# then runs the same fix again and says whether the second run changed
# anything (it must not).  The exit status is that of the first run.
fixdir() {
    _d=$1
    shift
    _t=$(mktemp -d)
    cp -r "corpus/fix/$_d" "$_t/$_d"
    chmod 640 "$_t/$_d"/*
    (
        cd "$_t/$_d" || exit 2
        cwfilter fix "$@" .
        _rc=$?
        mkdir ../first && cp -p ./* ../first/
        for _f in *; do
            echo "--- $_f after: mode $(stat -c %a "$_f")"
            cat "$_f"
        done
        cwfilter fix "$@" . >/dev/null 2>&1
        if diff -r ../first . >/dev/null; then
            echo "--- second run: nothing changed"
        else
            echo "--- second run changed the files:"
            diff -ru ../first .
        fi
        ls -a | grep cwfilter- || true
        exit $_rc
    )
    _rc=$?
    rm -rf "$_t"
    return $_rc
}
