#!/bin/sh
# CLI tests of comply ropa: every format read back by a parser
# (tests/cli/ropa_check.py: json, csv, html.parser), bad input.
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"
ex="$srcdir/examples/collections"
checker="$srcdir/tests/cli/ropa_check.py"
parses() { # FORMAT FILE [LANG]
    if /usr/bin/python3 "$checker" "$@" 2>"$tmp/py"; then ok; else fail "ropa $1 output: $(tail -1 "$tmp/py")"; fi
}
decls="$ex/newsletter_ok.json $ex/customer_accounts.json $ex/customer_orders.json $ex/support_tickets.json"

# shellcheck disable=SC2086
{
expect_rc 0 ropa $decls --lang en
parses json "$tmp/out" en
expect_rc 0 ropa $decls --format json
parses json "$tmp/out" fr
expect_rc 0 ropa $decls --format csv
parses csv "$tmp/out" fr
expect_rc 0 ropa $decls --format csv --lang en
parses csv "$tmp/out" en
expect_rc 0 ropa $decls --format html
parses html "$tmp/out" fr
expect_rc 0 ropa $decls --format md --lang en
expect_in out "# Record of processing activities"
expect_in out "| Retention periods |"
expect_in out "## After-sales service and customer support"
# --out writes the file, nothing on stdout
expect_rc 0 ropa $decls --format html --lang en --out "$tmp/record.html"
if [ -s "$tmp/record.html" ] && [ ! -s "$tmp/out" ]; then ok; else fail "--out"; fi
parses html "$tmp/record.html" en
}

# hostile text is escaped in HTML and quoted in CSV
printf '{"purpose": "newsletter", "fields": [], "controller": {"name": "<script>alert(1)</script> \\"Q\\", Ltd", "contact": "a@b.fr"}, "recipients": [{"name": "x\\ny; \\"z\\"", "kind": "processor"}]}' >"$tmp/hostile.json"
expect_rc 0 ropa "$tmp/hostile.json" --format html
parses hostile-html "$tmp/out" fr
expect_rc 0 ropa "$tmp/hostile.json" --format csv
if /usr/bin/python3 - "$tmp/out" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8", newline="").read(), newline="")))
assert len(rows) == 2 and rows[1][2].startswith('<script>alert(1)</script> "Q", Ltd'), rows[1][2]
assert rows[1][11] == 'x\ny; "z" (processor)', repr(rows[1][11])
PY
then ok; else fail "hostile CSV"; fi

printf '{"purpose": "newsletter", "fields": [], "controller": {"name": "A | B", "contact": "a@b.fr"}}' >"$tmp/pipe.json"
expect_rc 0 ropa "$tmp/pipe.json" --format md
expect_in out '| A \| B (a@b.fr) |'
if [ "$(grep -c '^| Responsable du traitement' "$tmp/out")" -eq 1 ]; then ok; else fail "md: one controller row"; fi

# bad input: exit 2, with file, line and column
printf '{"purpose": "newsletter",\n "fields": [ {"name": "email",} ]}' >"$tmp/syntax.json"
expect_rc 2 ropa "$ex/newsletter_ok.json" "$tmp/syntax.json"
expect_in err "syntax.json:2:"
printf '{"purpose": "newsletter",\n "fields": [],\n "rights": {"response_days": 0}}' >"$tmp/days.json"
expect_rc 2 ropa "$tmp/days.json"
expect_in err "days.json:3:"
expect_in err "rights.response_days"
printf '{"purpose": "alchemy", "fields": []}' >"$tmp/purpose.json"
expect_rc 2 ropa "$tmp/purpose.json"
expect_in err "unknown purpose"
expect_rc 2 ropa "$tmp/missing.json"
expect_rc 2 ropa
expect_rc 2 ropa "$ex/newsletter_ok.json" --format pdf
expect_rc 2 ropa "$ex/newsletter_ok.json" --lang de
expect_rc 2 ropa "$ex/newsletter_ok.json" --out "$tmp/no/such/dir/x.csv"
"$COMPLY" ropa - <"$ex/newsletter_ok.json" >"$tmp/out" 2>&1
if [ $? -eq 0 ] && grep -q '"<stdin>"' "$tmp/out"; then ok; else fail "ropa - (stdin)"; fi

finish
