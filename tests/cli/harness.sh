# harness.sh - what every CLI test script shares; sourced after the script
# has set COMPLY and srcdir (make sets both). RUN is the program under test
# (default: $COMPLY). Each check counts as passed or failed; the script ends
# with `finish`, which prints the counts and fails when a check failed.
: "${RUN:=$COMPLY}"
PY=/usr/bin/python3
tmp=$(mktemp -d) || exit 2
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_rc CODE ARGS...: runs the program, keeps stdout/stderr in $tmp/out, $tmp/err.
expect_rc() {
    want=$1; shift
    "$RUN" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        fail "$(basename "$RUN") $* exited $got, expected $want"; sed 's/^/    /' "$tmp/err" | head -5
    fi
}
# expect_in FILE TEXT: TEXT appears in $tmp/FILE (out or err of the last run).
expect_in() {
    if grep -qF -- "$2" "$tmp/$1"; then ok; else fail "'$2' not in $1 of the last run"; sed 's/^/    /' "$tmp/$1" | head -5; fi
}
expect_not_in() {
    if grep -qF -- "$2" "$tmp/$1"; then fail "'$2' unexpectedly in $1 of the last run"; else ok; fi
}
expect_empty() {
    if [ -s "$tmp/$1" ]; then fail "$1 of the last run is not empty"; sed 's/^/    /' "$tmp/$1" | head -5; else ok; fi
}
# expect_out WHAT: stdout of the last run equals $tmp/want.
expect_out() {
    if cmp -s "$tmp/out" "$tmp/want"; then ok; else fail "$1"; diff "$tmp/want" "$tmp/out" | head -20; fi
}
# expect_py WHAT SCRIPT: runs a Python check on $tmp/out (argv[1]).
expect_py() {
    what=$1; shift
    if "$PY" - "$tmp/out" "$@"; then ok; else fail "$what"; fi
}

finish() {
    echo "$(basename "$0" .sh): $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
