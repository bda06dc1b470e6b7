# lib.sh: sourced by the fix golden cases.  fixcase FILE ARGS... copies
# corpus/fix/FILE into a temporary directory, runs `cwfilter fix ARGS FILE`
# there, prints the file after it, then runs the same fix again and says
# whether the second run changed anything (it must not).  The exit status
# is that of the first run.
fixcase() {
    _f=$1
    shift
    _t=$(mktemp -d)
    cp "corpus/fix/$_f" "$_t/"
    chmod 640 "$_t/$_f"
    (
        cd "$_t" || exit 2
        cwfilter fix "$@" "$_f"
        _rc=$?
        echo "--- $_f after: mode $(stat -c %a "$_f")"
        cat "$_f"
        cp "$_f" "$_f.first"
        cwfilter fix "$@" "$_f" >/dev/null 2>&1
        if cmp -s "$_f" "$_f.first"; then
            echo "--- second run: nothing changed"
        else
            echo "--- second run changed the file:"
            diff -u "$_f.first" "$_f"
        fi
        ls -a | grep cwfilter- || true
        exit $_rc
    )
    _rc=$?
    rm -rf "$_t"
    return $_rc
}
