#!/bin/sh
# CLI tests of comply audit: the sample company in text, JSON and HTML,
# manifest errors, odd directories, and no personal value in any output.
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"
data="$srcdir/examples/data"
checker="$srcdir/tests/cli/check_audit_html.py"
py() { /usr/bin/python3 - "$@"; }
# Values of the samples that must never be written (emails, phones, IBAN, card, NIR).
personal="jeanne.martin@exemple.fr|06 12 34 56 78|jade.dubois62@example.net|camille.martin@example.org|FR7293485813728360567125655|4970 1012 3456 7893|2 85 03 75 116 238 31|06 39 98 81 94"
no_personal() {
    if grep -qE -- "$personal" "$@"; then fail "a personal value of the samples in $*"; else ok; fi
}

# ---- the sample company, text: the summary first, then the details
expect_rc 1 audit "$data" --today 2025-06-01
expect_in out "today 2025-06-01 (given with --today)"
expect_in out "sources: 12 (csv 1, sqlite 1, text 1, declarations 7, retention 2)"
expect_in out "records: active 21, archive 0, delete_due 5, hold 1, unknown 5"
expect_in out "[error] records-due-for-deletion"
expect_in out "rule crm.prospect"
if awk '/^Summary/{s=NR} /^Details/{d=NR} END{exit !(s && d && s < d)}' "$tmp/out"; then ok; else fail "the summary does not come first"; fi
expect_not_in err "MB/s"
no_personal "$tmp/out" "$tmp/err"
expect_rc 1 audit "$data" --today 2025-06-01 --lang fr
expect_in out "ont dépassé leur durée de conservation"

# ---- JSON: one document, counts of the sample company
expect_rc 1 audit "$data" --today 2025-06-01 --format json
no_personal "$tmp/out"
if py "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["today"] == "2025-06-01" and d["today_from"] == "option"
assert d["name"] == "Maison Lumière, a small fictional online shop"
s = d["summary"]
assert s["sources"] == {"total": 12, "csv": 1, "sqlite": 1, "text": 1, "declaration": 7, "retention": 2}, s["sources"]
# crm_sample.csv: 22 columns, 30 rows; shop.db: 4 tables, 34 columns, 120 rows
assert s["tables"] == 5 and s["columns"] == 56 and s["rows"] == 150, (s["tables"], s["columns"], s["rows"])
assert s["special_columns"] == 1 and s["columns_by_category"]["special.health"] == 1
assert sum(s["columns_by_kind"].values()) == s["columns"]
assert s["personal_columns"] == s["columns"] - s["columns_by_kind"]["none"] + sum(
    1 for src in d["sources"] for t in src.get("tables", []) for c in t["columns"] if c["category"] and not c["kind"])
assert s["columns_by_category"]["contact.email"] == 3
# tickets.txt: one email, two phones, a card, an IBAN, a NIR...
v = s["text_values_by_category"]
assert v["contact.email"] == 1 and v["contact.phone"] == 2 and v["financial.iban"] == 1, v
assert s["text_values"] == sum(v.values()) == 11
assert s["records"] == {"active": 21, "archive": 0, "delete_due": 5, "hold": 1, "unknown": 5}, s["records"]
f = s["findings"]
assert f["total"] == f["error"] + f["warning"] + f["info"] == f["gap"] + f["violation"]
assert f["error"] > 0
paths = [x["path"] for x in d["sources"]]
assert paths[:3] == ["crm_sample.csv", "shop.db", "tickets.txt"], paths
ret = [x for x in d["sources"] if x["type"] == "retention"][0]
assert ret["retention"]["rows_due_for_deletion"] == [1, 2, 5, 10, 14]
assert ret["retention"]["rules"][0]["rule"] == "crm.prospect" and ret["retention"]["rules"][0]["source"]
assert sum(m["archive"] + m["delete"] for m in ret["retention"]["timeline"]) > 0
# shop.db's newsletter subscriptions: all 18 within 3 years of collection, due in 2026
news = [x for x in d["sources"] if x["type"] == "retention"][1]["retention"]
assert news["records"]["active"] == 18 and news["rows"] == 18 and news["rules"][0]["rule"] == "crm.prospect"
assert sum(m["delete"] for m in news["timeline"]) == 18 and all(m["month"] >= "2025-06" for m in news["timeline"])
text = [x for x in d["sources"] if x["type"] == "text"][0]
assert text["lines"] == 6 and all(h["lines"] for h in text["values"])
for src in d["sources"]:
    for x in src["findings"]:
        assert x["severity"] in ("error", "warning", "info") and x["article"] and x["message"]["en"] and x["message"]["fr"]
        assert x["url"] == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
assert d["gaps"] == []
PY
then ok; else fail "audit --format json: wrong document or counts"; fi

# ---- HTML: a self-contained file that passes the structure checker
expect_rc 1 audit "$data" --today 2025-06-01 --format html --out "$tmp/report.html"
expect_in out "report: /"
expect_in out "5 to delete"
if /usr/bin/python3 "$checker" "$tmp/report.html" >"$tmp/chk" 2>&1; then ok; else fail "HTML report structure"; cat "$tmp/chk"; fi
no_personal "$tmp/report.html" "$tmp/out" "$tmp/err"
expect_rc 1 audit "$data" --today 2025-06-01 --format html --lang fr
expect_in out '<html lang="fr">'
# the checker itself rejects an external resource and a broken nesting
sed 's|<main>|<main><img src="https://tracker.example/x.png">|' "$tmp/report.html" >"$tmp/bad.html"
if /usr/bin/python3 "$checker" "$tmp/bad.html" >/dev/null 2>&1; then fail "checker accepted an external image"; else ok; fi
sed 's|</main>||' "$tmp/report.html" >"$tmp/bad.html"
if /usr/bin/python3 "$checker" "$tmp/bad.html" >/dev/null 2>&1; then fail "checker accepted broken nesting"; else ok; fi

# ---- --ropa: the record of processing activities of the audited declarations
ropa_checker="$srcdir/tests/cli/ropa_check.py"
expect_rc 1 audit "$data" --today 2025-06-01 --quiet --lang fr --ropa "$tmp/ropa.json"
expect_in out "record of processing activities (6 declarations; 1 without a known purpose left out): /"
if /usr/bin/python3 "$ropa_checker" json "$tmp/ropa.json" fr; then ok; else fail "audit --ropa: JSON record"; fi
expect_rc 1 audit "$data" --today 2025-06-01 --quiet --ropa "$tmp/ropa.csv"
if /usr/bin/python3 "$ropa_checker" csv "$tmp/ropa.csv" en; then ok; else fail "audit --ropa: CSV record"; fi
expect_rc 1 audit "$data" --today 2025-06-01 --quiet --format html --out "$tmp/report.html" --ropa "$tmp/ropa.html"
expect_in out "report: /"
if /usr/bin/python3 "$ropa_checker" html "$tmp/ropa.html" en; then ok; else fail "audit --ropa: HTML record"; fi
no_personal "$tmp/ropa.json" "$tmp/ropa.csv" "$tmp/ropa.html"
# no declaration with a known purpose: nothing written, exit 2
mkdir "$tmp/nodecl"
printf '{"fields": [{"name": "email"}]}\n' >"$tmp/nodecl/form.json"
expect_rc 2 audit "$tmp/nodecl" --today 2025-06-01 --quiet --ropa "$tmp/none.html"
expect_in err "no declaration names a purpose"
if [ -e "$tmp/none.html" ]; then fail "a record written without declarations"; else ok; fi
expect_rc 2 audit "$data" --ropa
expect_in err "--ropa needs a file name"

# ---- the manifest given as PATH, and with --manifest
expect_rc 1 audit "$data/audit.json" --today 2025-06-01
expect_in out "records: active 21, archive 0, delete_due 5"
mkdir "$tmp/empty"
expect_rc 1 audit "$tmp/empty" --manifest "$data/audit.json" --today 2025-06-01 --format json
expect_in out '"delete_due":	5'

# ---- manifest errors: exit 2 with FILE:LINE:COL
printf '{\n  "tables": [\n    "a.csv",\n  ]\n}\n' >"$tmp/m1.json"
expect_rc 2 audit "$tmp/m1.json"
expect_in err "m1.json:4:"
expect_in err "malformed JSON"
printf '{\n  "tables": [],\n  "texts": ["t.txt"]\n}\n' >"$tmp/m2.json"
expect_rc 2 audit "$tmp/m2.json"
expect_in err "m2.json:3:3: error: manifest: unknown key \"texts\""
printf '{"tables": ["missing.csv"]}\n' >"$tmp/m3.json"
expect_rc 2 audit "$tmp/m3.json"
expect_in err "no such file: $tmp/missing.csv"
printf '{"retention": [{"path": "x.csv", "purpose": "any"}]}\n' >"$tmp/m4.json"
: >"$tmp/x.csv"
expect_rc 2 audit "$tmp/m4.json"
expect_in err "\"events\" must map event names to columns"
printf '{"retention": [{"path": "x.csv", "purpose": "any", "events": {"Bad-Name": "d"}}]}\n' >"$tmp/m5.json"
expect_rc 2 audit "$tmp/m5.json"
expect_in err "m5.json:1:"
printf '{"retention": [{"path": "x.csv", "purpose": "no_such_purpose", "events": {"collection": "d"}}]}\n' >"$tmp/m6.json"
printf 'd\n2020-01-01\n' >"$tmp/x.csv"
expect_rc 2 audit "$tmp/m6.json"
expect_in err "no_such_purpose"
printf '[1, 2]\n' >"$tmp/m7.json"
expect_rc 2 audit "$tmp/m7.json"
expect_in err "must be a JSON object"
printf '{"tables": [{"path": "x.csv", "delimiter": ";;"}]}\n' >"$tmp/m8.json"
expect_rc 2 audit "$tmp/m8.json"
expect_in err "m8.json:1:"

# a SQLite retention source needs its table, and the table its columns
db="$(cd "$srcdir" && pwd)/examples/data/shop.db"
printf '{"retention": [{"path": "%s", "purpose": "any", "events": {"collection": "created_at"}}]}\n' "$db" >"$tmp/m9.json"
expect_rc 2 audit "$tmp/m9.json"
expect_in err "a SQLite source needs \"table\""
printf '{"retention": [{"path": "%s", "table": "customers", "purpose": "any", "events": {"collection": "no_col"}}]}\n' "$db" >"$tmp/m10.json"
expect_rc 2 audit "$tmp/m10.json"
expect_in err "no column no_col in table customers"
printf '{"retention": [{"path": "%s", "table": "customers", "purpose": "customer_management", "events": {"end_of_relationship": "created_at"}}]}\n' "$db" >"$tmp/m11.json"
expect_rc 1 audit "$tmp/m11.json" --today 2040-01-01 --format json
if py "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = d["sources"][0]["retention"]
assert d["sources"][0]["type"] == "retention" and r["rows"] == 30 and r["records"]["delete_due"] == 30, r
PY
then ok; else fail "SQLite retention source"; fi
# a file named .db that is not a database stops the audit with its name
mkdir "$tmp/baddb"
printf 'not a database\n' >"$tmp/baddb/shop.db"
expect_rc 2 audit "$tmp/baddb"
expect_in err "shop.db"

printf '{\n  "name": 3\n}\n' >"$tmp/m12.json"
expect_rc 2 audit "$tmp/m12.json"
expect_in err "m12.json:2:3: error: manifest: \"name\" must be a non-empty string"

# ---- an empty directory: nothing wrong, one gap (no retention source)
expect_rc 0 audit "$tmp/empty" --format json --today 2025-06-01
if py "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["sources"] == [] and d["summary"]["columns"] == 0
assert [g["code"] for g in d["gaps"]] == ["no-retention-source"]
PY
then ok; else fail "empty directory report"; fi
# without --today, the date comes from the clock and the report says so
expect_rc 0 audit "$tmp/empty"
expect_in out "(from the system clock)"

# ---- odd files: invalid UTF-8 text, ragged CSV, a hostile column name
mkdir "$tmp/odd"
printf 'caf\351 \377\376 mail: bob.odd@example.com\nline two\n' >"$tmp/odd/notes.txt"
printf 'id,email,"<script>alert(1)</script>"\n1,ann.odd@example.com,x\n2,b@example.com\n3,c@example.com,y,z\n' >"$tmp/odd/people.csv"
printf '{"not": "a declaration"}\n' >"$tmp/odd/settings.json"
cp "$srcdir/examples/collections/newsletter_ok.json" "$tmp/odd/form.json"
printf 'ignored\n' >"$tmp/odd/image.png"
expect_rc 0 audit "$tmp/odd" --format json --today 2025-06-01
expect_in err "people.csv:3: warning"
if py "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
types = {s["path"]: s["type"] for s in d["sources"]}
assert types == {"form.json": "declaration", "notes.txt": "text", "people.csv": "csv"}, types
csv = [s for s in d["sources"] if s["type"] == "csv"][0]
assert csv["warnings"] == 2 and csv["rows"] == 3
assert csv["tables"][0]["columns"][1]["category"] == "contact.email"
text = [s for s in d["sources"] if s["type"] == "text"][0]
assert text["lines"] == 2 and text["values"][0]["category"] == "contact.email"
PY
then ok; else fail "odd directory report"; fi
expect_not_in out "bob.odd@example.com"
expect_not_in out "ann.odd@example.com"
expect_rc 0 audit "$tmp/odd" --format html --out "$tmp/odd.html" --today 2025-06-01
if /usr/bin/python3 "$checker" "$tmp/odd.html" --forbid "<script>alert" --forbid "ann.odd@example.com" \
    --forbid "bob.odd@example.com" >"$tmp/chk" 2>&1; then ok; else fail "odd HTML report"; cat "$tmp/chk"; fi
expect_in odd.html "&lt;script&gt;alert(1)&lt;/script&gt;"

# a SQLite table longer than the sample: its rows are all counted, its columns classified
mkdir "$tmp/big"
py "$tmp/big/big.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE people (email TEXT, visits INTEGER)")
c.executemany("INSERT INTO people VALUES (?, ?)", [("user%d@example.com" % i, i) for i in range(2500)])
c.commit()
PY
expect_rc 0 audit "$tmp/big" --format json --today 2025-06-01
if py "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = d["sources"][0]["tables"][0]
assert d["summary"]["rows"] == 2500 and t["table"] == "people" and t["rows"] == 2500, t
assert t["columns"][0]["category"] == "contact.email"
PY
then ok; else fail "big SQLite table"; fi
expect_not_in out "user1@example.com"

# ---- output and usage errors
expect_rc 2 audit "$tmp/empty" --out "$tmp/no/such/dir/report.html"
expect_in err "cannot write the report"
mkdir "$tmp/ro"
chmod a-w "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect_rc 2 audit "$tmp/empty" --out "$tmp/ro/report.html"
    expect_in err "cannot write the report"
fi
expect_rc 2 audit
expect_rc 2 audit "$tmp/empty" --format pdf
expect_rc 2 audit "$tmp/empty" --today 2025-13-01
expect_rc 2 audit "$tmp/empty" --lang de
expect_rc 2 audit "$tmp/no-such-dir"
expect_in err "no-such-dir"
expect_rc 0 audit --help
expect_in out "usage: comply audit PATH"

finish
