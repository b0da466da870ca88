#!/bin/sh
# CLI tests of comply check and comply purposes.
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"
ex="$srcdir/examples/collections"
py() { /usr/bin/python3 - "$tmp/out" "$@"; }

# a clean declaration: exit 0, no finding
expect_rc 0 check "$ex/newsletter_ok.json"
expect_in out "0 findings"
# one with findings: exit 1, grouped by severity, places given
expect_rc 1 check "$ex/signup_findings.json"
expect_in out "errors"
expect_in out "signup_findings.json:9:14: [category-forbidden]"
expect_in out "[transfer-privacy-shield]"
expect_rc 1 check "$ex/signup_findings.json" --lang fr
expect_in out "erreurs"
# JSON: the documented document
expect_rc 1 check "$ex/newsletter_ok.json" "$ex/signup_findings.json" --format json
if py <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert [f["source"].rsplit("/", 1)[-1] for f in d["files"]] == ["newsletter_ok.json", "signup_findings.json"]
ok, bad = d["files"]
assert ok["summary"] == {"errors": 0, "warnings": 0, "infos": 0, "gaps": 0} and ok["findings"] == [] and ok["gaps"] == []
assert bad["purpose"] == "newsletter" and bad["summary"]["errors"] > 0 and bad["summary"]["gaps"] == len(bad["gaps"])
keys = {"code", "severity", "field", "category", "path", "line", "column", "article", "message", "fix"}
for f in bad["findings"] + bad["gaps"]:
    assert set(f) == keys, f.keys()
    assert f["severity"] in ("error", "warning", "info")
    assert set(f["message"]) == {"en", "fr"} and f["message"]["en"] and f["message"]["fr"]
codes = {f["code"] for f in bad["findings"]}
assert {"category-forbidden", "consent-pre-ticked", "transfer-privacy-shield", "quasi-identifiers"} <= codes, codes
assert "no-notice" in {g["code"] for g in bad["gaps"]}
assert {"rights-portability-missing", "rights-response-too-long"} <= codes, codes
assert {"controller-contact-missing", "dpo-missing"} <= {g["code"] for g in bad["gaps"]}
PY
then ok; else fail "check --format json is not the documented document"; fi
# SARIF 2.1.0: one rule per code, results at the field's line
expect_rc 1 check "$ex/signup_findings.json" --format sarif
if py <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["version"] == "2.1.0" and len(d["runs"]) == 1
run = d["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(rules) == len(set(rules))
for r in run["results"]:
    assert r["ruleId"] in rules and r["level"] in ("error", "warning", "note") and r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("signup_findings.json")
    if "region" in loc:
        assert loc["region"]["startLine"] >= 1
assert any("region" in r["locations"][0]["physicalLocation"] for r in run["results"])
PY
then ok; else fail "check --format sarif is not SARIF 2.1.0 as documented"; fi
# --strict: warnings fail too
printf '{"purpose": "newsletter", "legal_basis": "consent", "fields": [{"name": "email", "category": "contact.email", "required": true}, {"name": "zzz", "required": false}], "consent": {"captured": true, "separate": true, "pre_ticked": false, "withdrawable": true}, "notice": {"provided": true}, "audience": {"minors": false}, "security": {"encryption_in_transit": true, "access_review_days": 30, "mfa_for_admins": true}, "controller": {"name": "Example SAS", "contact": "privacy@example.org"}, "rights": {"channel": "privacy@example.org", "supported": ["access", "portability"]}}' >"$tmp/warn.json"
expect_rc 0 check "$tmp/warn.json"
expect_in out "[unclassified-field]"
expect_rc 1 check "$tmp/warn.json" --strict
# the accountability findings, in both languages
sed -e 's/"response_days": 28/"response_days": 45/' -e 's/"portability", //' "$ex/customer_orders.json" >"$tmp/acc.json"
expect_rc 1 check "$tmp/acc.json" --format json
if py <<'PY'
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))["files"][0]
codes = {x["code"]: x for x in f["findings"]}
assert set(codes) == {"rights-response-too-long", "rights-portability-missing"}, codes
assert codes["rights-response-too-long"]["article"] == "GDPR Art. 12(3)" and codes["rights-response-too-long"]["line"] > 0
assert codes["rights-portability-missing"]["message"]["fr"].startswith("la portabilit")
PY
then ok; else fail "check reports the rights findings"; fi
printf '{"fields": [], "rights": {"channel": "call us"}}' >"$tmp/channel.json"
expect_rc 2 check "$tmp/channel.json"
expect_in err "channel.json:1:"
expect_in err "rights.channel"
# --purpose overrides the declared one
expect_rc 1 check "$ex/newsletter_ok.json" --purpose video_protection
expect_in out "purpose video_protection"
# bad input: exit 2 with file, line and column
printf '{"purpose": "newsletter",\n "fields": [ {"name": "email",} ]}' >"$tmp/syntax.json"
expect_rc 2 check "$tmp/syntax.json"
expect_in err "syntax.json:2:"
printf '{"purpose": "newsletter", "fieldz": []}' >"$tmp/key.json"
expect_rc 2 check "$tmp/key.json"
expect_in err "fieldz"
expect_rc 2 check "$tmp/missing.json"
expect_rc 2 check
expect_rc 2 check "$ex/newsletter_ok.json" --format xml
"$COMPLY" check - <"$ex/newsletter_ok.json" >"$tmp/out" 2>&1
if [ $? -eq 0 ]; then ok; else fail "check - (stdin)"; fi
# a JSON Schema of a request body, with the purpose on the command line
expect_rc 1 check "$ex/signup_schema.json" --purpose newsletter --format json
if py <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
f = d["files"][0]
assert f["purpose"] == "newsletter"
codes = {(x["code"], x["field"]) for x in f["findings"]}
assert ("category-forbidden", "religion") in codes and ("category-not-needed", "address.city") in codes, codes
assert all(x["line"] > 0 for x in f["findings"] if x["field"])
PY
then ok; else fail "check of a JSON Schema"; fi
# purposes
expect_rc 0 purposes
expect_in out "newsletter"
expect_rc 0 purposes --lang fr
expect_in out "requis"
expect_rc 0 purposes --json
if py <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(d) >= 15 and all("legal_basis" in p and "label" in p for p in d.values())
PY
then ok; else fail "purposes --json"; fi
expect_rc 2 purposes --lang de

finish
