#!/bin/sh
# comply audit on the generated corpus: MB/s of the whole command over the
# bytes it reads (crm.csv as a table, tickets.txt as free text, crm.csv
# again as a retention source), best of 3, JSON report to /dev/null.
# Not a test: nothing is asserted.
#   usage: bench_audit.sh COMPLY CORPUS_DIR
comply=$1 dir=$2
[ -f "$dir/crm.csv" ] && [ -f "$dir/tickets.txt" ] || { echo "bench_audit: $dir/crm.csv or tickets.txt missing" >&2; exit 2; }
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/audit.json" <<JSON
{"tables": ["$dir/crm.csv"], "text": ["$dir/tickets.txt"],
 "retention": [{"path": "$dir/crm.csv", "purpose": "any", "category": "behavioural.login_activity",
                "events": {"collection": "customer_since", "last_activity": "dernier_contact"}}]}
JSON
bytes=$(( $(wc -c <"$dir/crm.csv") * 2 + $(wc -c <"$dir/tickets.txt") ))
b=""
for _ in 1 2 3; do
    t0=$(date +%s.%N); "$comply" audit "$tmp/audit.json" --format json --today 2026-01-01 --quiet >/dev/null 2>&1; t1=$(date +%s.%N)
    b=$(echo "$t0 $t1 $b" | awk '{d=$2-$1; if ($3 == "" || d < $3) print d; else print $3}')
done
echo "$bytes $b" | awk '{printf "comply audit (crm.csv as table and retention, tickets.txt): %.1f MB in %.3f s = %.1f MB/s\n", $1/1e6, $2, $1/1e6/$2}'
