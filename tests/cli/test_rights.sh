#!/bin/sh
# CLI tests of `comply rights deadline`: text and JSON forms, why a deadline
# moved, --extended, --from with good and bad lines, and exit codes.
# Environment: COMPLY (the binary) and srcdir (the source tree), set by make.
# Expected dates are worked out by hand from Regulation 1182/71 art. 3 and
# the French calendar (2026-02-28 is a Saturday, 2026-05-25 Whit Monday,
# 2025-04-21 Easter Monday).
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"

# --- usage and exit codes
expect_rc 0 help rights
expect_in out "comply rights deadline DATE [--extended] [--json]"
expect_rc 0 --help
expect_in out "  rights     the GDPR Art. 12(3) deadline"
expect_rc 2 rights
expect_rc 2 rights deadline
expect_rc 2 rights deadlines 2026-01-31
expect_rc 2 rights deadline 2026-01-31 2026-02-01
expect_rc 2 rights deadline 2026-01-31 --frobnicate
expect_rc 2 rights deadline 2026-01-31 --from -
expect_rc 2 rights deadline --from

# --- text
expect_rc 0 rights deadline 2026-01-31
echo "2026-03-02 (2026-02-28 is a Saturday)" >"$tmp/want"
expect_out "month end on a Saturday"
expect_rc 0 rights deadline 2026-03-10
echo "2026-04-10" >"$tmp/want"
expect_out "a plain working day"
expect_rc 0 rights deadline 25/04/2026
echo "2026-05-26 (2026-05-25 is a public holiday: Whit Monday)" >"$tmp/want"
expect_out "Whit Monday, French date form"
expect_rc 0 rights deadline 2026-01-15
echo "2026-02-16 (2026-02-15 is a Sunday)" >"$tmp/want"
expect_out "a Sunday"
expect_rc 0 rights deadline 2025-11-30 --extended
echo "2026-03-02 (2026-02-28 is a Saturday)" >"$tmp/want"
expect_out "extended: three months from receipt"

# --- JSON
expect_rc 0 rights deadline 2025-03-21 --json
echo '{"received":"2025-03-21","extended":false,"nominal":"2025-04-21","due":"2025-04-22","moved":true,"reason":"holiday: Easter Monday","article":"GDPR Art. 12(3)"}' >"$tmp/want"
expect_out "JSON, Easter Monday"
expect_rc 0 rights deadline --json --extended 2025-01-31
echo '{"received":"2025-01-31","extended":true,"nominal":"2025-04-30","due":"2025-04-30","moved":false,"reason":null,"article":"GDPR Art. 12(3)"}' >"$tmp/want"
expect_out "JSON, extended, not moved"
expect_py "JSON is valid" 'import json,sys; json.load(open(sys.argv[1]))'

# --- bad dates: message on stderr, nothing on stdout
expect_rc 2 rights deadline 2026-02-30
expect_empty out
expect_in err "day 30 does not exist"
expect_rc 2 rights deadline 9999-12-15
expect_empty out
expect_in err "after 9999-12-31"
expect_rc 2 rights deadline ""
expect_rc 2 rights deadline "$(printf '2026-01-3\377')"
expect_empty out

# --- --from: one answer per line, errors in place, exit 1
printf '2026-01-31\n\n  2026-03-10 \r\nnot a date\n31.01.2026' >"$tmp/dates"
expect_rc 1 rights deadline --from "$tmp/dates"
printf '%s\n' "2026-03-02 (2026-02-28 is a Saturday)" "error: date ends early: expected YYYY-MM-DD" "2026-04-10" \
    "error: expected a digit in YYYY-MM-DD" "2026-03-02 (2026-02-28 is a Saturday)" >"$tmp/want"
expect_out "--from text"
expect_rc 1 rights deadline --from "$tmp/dates" --json
expect_in out '{"input_line":2,"error":"date ends early: expected YYYY-MM-DD"}'
expect_in out '{"input_line":4,"error":"expected a digit in YYYY-MM-DD"}'
expect_py "--from JSON: 5 lines, each valid" '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 5, lines
docs = [json.loads(l) for l in lines]
assert docs[2]["due"] == "2026-04-10" and docs[2]["reason"] is None
'
printf '2026-01-31\n2026-03-10\n' >"$tmp/good"
expect_rc 0 rights deadline --from "$tmp/good" --extended
expect_in out "2026-04-30"
expect_rc 2 rights deadline --from "$tmp/does-not-exist"

finish
