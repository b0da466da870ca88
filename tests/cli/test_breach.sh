#!/bin/sh
# CLI tests of `comply breach assess` on the samples of examples/breach and
# on malformed descriptions (FILE:LINE:COL errors, exit 2); the text form
# never prints the free texts of the description.
# Environment: COMPLY (the binary) and srcdir (the source tree), set by make.
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"

EX="$srcdir/examples/breach"

# --- usage
expect_rc 0 help breach
expect_in out "comply breach assess BREACH.json|-"
expect_in out "comply breach deadline INSTANT"
expect_rc 2 breach
expect_rc 2 breach assess
expect_rc 2 breach assess "$EX/ransomware.json" "$EX/lost_laptop.json"
expect_rc 2 breach assess "$EX/ransomware.json" --frobnicate
expect_rc 2 breach assess "$tmp/does-not-exist.json"

# --- ransomware: notify (late), inform the people, IBANs
expect_rc 0 breach assess "$EX/ransomware.json"
expect_in out "notify the supervisory authority: required; deadline 2026-03-16T08:15:00Z"
expect_in out "reasons for the delay"
expect_in out "inform the people: likely required"
expect_in out "financial.iban"
expect_not_in out "Phishing"
expect_not_in out "dpo@example.org"
expect_rc 0 breach assess "$EX/ransomware.json" --json
expect_py "ransomware JSON" '
import json, sys
d = json.load(open(sys.argv[1]))
a, p, r = d["notify_authority"], d["inform_people"], d["register_entry"]
assert a["required"] is True and a["late"] is True and a["deadline"] == "2026-03-16T08:15:00Z", a
assert a["article"] == "GDPR Art. 33(1)"
assert p["likely_required"] is True and p["exemptions"] == [] and p["article"] == "GDPR Art. 34", p
assert r["article"] == "GDPR Art. 33(5)" and r["facts"]["people"] == {"min": 12000, "max": 15000}
assert r["remedial_action"]["taken"].startswith("Server isolated")
assert d["gaps"] == [], d["gaps"]
'

# --- stolen encrypted laptop: nothing to notify, exemption
expect_rc 0 breach assess "$EX/lost_laptop.json" --json
expect_py "lost laptop JSON" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["notify_authority"]["required"] is False
assert d["notify_authority"]["late"] is None
assert d["inform_people"]["likely_required"] is False
assert d["inform_people"]["exemptions"][0].startswith("Art. 34(3)(a)")
'

# --- incomplete: gaps, answers unknown, read from stdin
"$COMPLY" breach assess - <"$EX/incomplete.json" >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ]; then ok; else fail "assess from stdin"; fi
expect_in out "breach: <stdin>"
expect_in out "notify the supervisory authority: not known; deadline 2026-10-03T16:05:00Z"
expect_in out "inform the people: not known"
expect_in out "  - encrypted: "
expect_in out "  - nature: "
"$COMPLY" breach assess --json - <"$EX/incomplete.json" >"$tmp/out" 2>"$tmp/err"
expect_py "incomplete JSON" '
import json, sys
d = json.load(open(sys.argv[1]))
gaps = [g["field"] for g in d["gaps"]]
for f in ("encrypted", "people", "records", "dpo", "consequences", "measures_taken", "nature"):
    assert f in gaps, (f, gaps)
assert d["notify_authority"]["required"] is None and d["inform_people"]["likely_required"] is None
'

# --- malformed and invalid descriptions: FILE:LINE:COL, exit 2, nothing on stdout
printf '{\n  "aware_at": "2026-01-01T00:00:00Z",\n  "encrypted": tru\n}\n' >"$tmp/syntax.json"
expect_rc 2 breach assess "$tmp/syntax.json"
expect_empty out
expect_in err "syntax.json:3:16: error:"
printf '{\n  "aware_at": "2026-01-01T00:00:00Z",\n  "categories": ["contact.email", "contact.mail"]\n}\n' >"$tmp/cat.json"
expect_rc 2 breach assess "$tmp/cat.json"
expect_in err "cat.json:3:35: error: unknown category"
expect_in err "(at categories[1])"
printf '{"aware_at": "2026-01-01T00:00:00Z", "severity": "high"}' >"$tmp/key.json"
expect_rc 2 breach assess "$tmp/key.json" --json
expect_empty out
expect_in err "key.json:1:38: error: unknown key \"severity\" (at severity)"
printf '{"aware_at": "yesterday"}' >"$tmp/when.json"
expect_rc 2 breach assess "$tmp/when.json"
expect_in err "when.json:1:14: error: not an RFC 3339 date-time"
printf '{"description": "caf\351"}' >"$tmp/latin1.json"
expect_rc 2 breach assess "$tmp/latin1.json"
expect_in err "latin1.json:1:"
: >"$tmp/empty.json"
expect_rc 2 breach assess "$tmp/empty.json"
expect_rc 2 breach assess "$EX/ransomware.json" --no-default
expect_in err "unknown category"

finish
