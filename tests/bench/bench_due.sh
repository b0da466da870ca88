#!/bin/sh
# comply retention due on crm.csv: MB/s of the whole command (streaming
# CSV, one deadline per row), best of 3, and in the same run a baseline:
# `wc -l` over the same file. Not a test: nothing is asserted.
#   usage: bench_due.sh COMPLY CORPUS_DIR
comply=$1 csv=$2/crm.csv
[ -f "$csv" ] || { echo "bench_due: $csv missing" >&2; exit 2; }
bytes=$(wc -c <"$csv")
best() {
    b=""
    for _ in 1 2 3; do
        t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
        b=$(echo "$t0 $t1 $b" | awk '{d=$2-$1; if ($3 == "" || d < $3) print d; else print $3}')
    done
    echo "$b"
}
t=$(best "$comply" retention due "$csv" --purpose any --category behavioural.login_activity \
    --event collection=customer_since --event last_activity=dernier_contact --today 2026-01-01 --json)
w=$(best wc -l "$csv")
echo "$bytes $t $w" | awk '{printf "comply retention due crm.csv: %.1f MB in %.3f s = %.0f MB/s; baseline wc -l: %.0f MB/s; ratio %.1f\n", $1/1e6, $2, $1/1e6/$2, $1/1e6/$3, $2/$3}'
