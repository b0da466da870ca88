#!/bin/sh
# CLI tests of `comply retention rules|due` and `comply breach deadline`:
# rules listing, due lists over CSV and SQLite, --sql, exit codes, and that
# no cell value but the --key column is ever printed.
# Environment: COMPLY (the binary) and srcdir (the source tree), set by make.
# Expected deadlines are computed by hand from doc/retention.md: start +
# keep (+ archive_for), months first with the day clamped, due on the day.
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"

# A pack of rules with simple shapes, one purpose each, no taxonomy.
cat >"$tmp/pack.json" <<'JSON'
{"comply_pack": 1, "name": "retention-test",
 "purposes": {
  "newsletter": {"label": {"en": "Newsletter"}, "legal_basis": "consent"},
  "prospection": {"label": {"en": "Prospection"}, "legal_basis": "legitimate_interests"},
  "customer": {"label": {"en": "Customer"}, "legal_basis": "contract", "retention": ["cust.contract"]},
  "billing": {"label": {"en": "Billing"}, "legal_basis": "legal_obligation"},
  "stats": {"label": {"en": "Statistics"}, "legal_basis": "legitimate_interests"},
  "support": {"label": {"en": "Support"}, "legal_basis": "contract"}
 },
 "retention": {
  "news.sub": {"label": {"en": "Newsletter subscribers", "fr": "Abonnés à la lettre"}, "purposes": ["newsletter"],
    "from": "collection", "keep": "P3Y", "limit": "maximum", "basis": "cnil",
    "source": {"title": "CNIL test", "url": "https://example.org/cnil", "article": "art. 1"}},
  "prospect": {"purposes": ["prospection"], "from": {"latest_of": ["collection", "last_contact"]}, "keep": "P3Y"},
  "cust.contract": {"purposes": ["customer"], "active_until": "end_of_relationship", "keep": "P0D",
    "archive_for": "P5Y", "basis": "law"},
  "billing.acct": {"purposes": ["billing"], "from": "operation", "anchor": "fiscal_year_end",
    "fiscal_year_end": "06-30", "keep": "P0D", "archive_for": "P10Y", "limit": "minimum", "basis": "law",
    "source": {"title": "Code de commerce", "article": "L123-22"}},
  "stats.anon": {"purposes": ["stats"], "from": "collection", "keep": "P1Y", "archive_for": "P1M",
    "then": "anonymise"}
 }}
JSON
PK="--no-default --pack $tmp/pack.json"

# --- usage and exit codes
expect_rc 0 help retention
expect_in out "usage: comply retention rules"
expect_in out "comply retention due sqlite:PATH.db"
expect_rc 0 help breach
expect_in out "comply breach deadline INSTANT"
expect_rc 0 --help
expect_in out "retention"
expect_in out "breach"
expect_rc 2 retention
expect_rc 2 retention frob
expect_rc 2 retention rules --frob
expect_rc 2 retention rules --lang de
expect_rc 2 retention due
printf 'id,collected\n1,2021-01-01\n' >"$tmp/one.csv"
expect_rc 2 retention due "$tmp/one.csv" --event collection=collected
expect_in err "needs --purpose"
expect_rc 2 retention due "$tmp/one.csv" --purpose any
expect_in err "at least one --event"
expect_rc 2 retention due "$tmp/one.csv" --purpose any --event collected
expect_rc 2 retention due "$tmp/one.csv" --purpose any --event Collection=collected
expect_rc 2 retention due "$tmp/one.csv" --purpose any --event collection=
expect_rc 2 retention due "$tmp/one.csv" --purpose any --event collection=collected --today 2024-02-30
expect_rc 2 retention due "$tmp/one.csv" --purpose any --event collection=collected --today 15/03/2024
expect_rc 2 retention due "$tmp/one.csv" --purpose any --event collection=collected --table t
expect_rc 2 retention due "$tmp/one.csv" --purpose any --event collection=collected --sql
expect_rc 2 retention due "$tmp/one.csv" "$tmp/one.csv" --purpose any --event collection=collected
expect_rc 2 retention due sqlite:"$tmp/x.db" --purpose any --event collection=collected
expect_in err "needs --table"
expect_rc 2 retention due sqlite: --table t --purpose any --event collection=collected
expect_rc 2 retention due sqlite:"$tmp/x.db" --table t --purpose any --event collection=collected --delimiter ';'
expect_rc 2 retention due sqlite:"$tmp/x.db" --table t --purpose any --event collection=collected --sql --json
expect_rc 2 breach
expect_rc 2 breach deadline
expect_rc 2 breach deadlines 2024-05-01T09:30:00Z
expect_rc 2 breach deadline 2024-05-01T09:30:00Z 2024-05-02T09:30:00Z

# --- retention rules
expect_rc 0 retention rules $PK --json
cat >"$tmp/want" <<'JSON'
{"rules":[{"id":"news.sub","label":"Newsletter subscribers","categories":[],"purposes":["newsletter"],"from":"collection","active_until":null,"anchor":null,"fiscal_year_end":null,"keep":"P3Y","archive_for":null,"then":"delete","never_store":false,"limit":"maximum","basis":"cnil","source":{"title":"CNIL test","url":"https://example.org/cnil","article":"art. 1"}},{"id":"prospect","label":null,"categories":[],"purposes":["prospection"],"from":{"latest_of":["collection","last_contact"]},"active_until":null,"anchor":null,"fiscal_year_end":null,"keep":"P3Y","archive_for":null,"then":"delete","never_store":false,"limit":null,"basis":null,"source":null},{"id":"cust.contract","label":null,"categories":[],"purposes":["customer"],"from":null,"active_until":"end_of_relationship","anchor":null,"fiscal_year_end":null,"keep":"P0D","archive_for":"P5Y","then":"delete","never_store":false,"limit":null,"basis":"law","source":null},{"id":"billing.acct","label":null,"categories":[],"purposes":["billing"],"from":"operation","active_until":null,"anchor":"fiscal_year_end","fiscal_year_end":"06-30","keep":"P0D","archive_for":"P10Y","then":"delete","never_store":false,"limit":"minimum","basis":"law","source":{"title":"Code de commerce","url":null,"article":"L123-22"}},{"id":"stats.anon","label":null,"categories":[],"purposes":["stats"],"from":"collection","active_until":null,"anchor":null,"fiscal_year_end":null,"keep":"P1Y","archive_for":"P1M","then":"anonymise","never_store":false,"limit":null,"basis":null,"source":null}]}
JSON
expect_out "exact JSON of retention rules"
expect_empty err
expect_rc 0 retention rules $PK
cat >"$tmp/want" <<'EOF'
5 retention rules

news.sub  Newsletter subscribers
  purposes     newsletter
  categories   any
  start        collection
  keep         P3Y
  then         delete
  limit        maximum
  basis        cnil
  source       CNIL test, art. 1
  url          https://example.org/cnil
EOF
head -12 "$tmp/out" >"$tmp/head"
if cmp -s "$tmp/head" "$tmp/want"; then ok; else fail "text block of a rule"; diff "$tmp/want" "$tmp/head"; fi
expect_in out "start        latest of collection, last_contact"
expect_in out "start        active until end_of_relationship"
expect_in out "start        operation, then end of the fiscal year (06-30)"
expect_in out "archive for  P10Y"
expect_in out "then         anonymise"
expect_rc 0 retention rules $PK --lang fr
expect_in out "5 règles de conservation"
expect_in out "news.sub  Abonnés à la lettre"
expect_in out "  finalités    newsletter"
# the default pack: every rule has a source and a basis
expect_rc 0 retention rules --json
expect_py "default rules: at least 30, each with a source" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert list(doc) == ["rules"]
rules = doc["rules"]
assert len(rules) >= 30, len(rules)
keys = ["id", "label", "categories", "purposes", "from", "active_until", "anchor", "fiscal_year_end", "keep",
        "archive_for", "then", "never_store", "limit", "basis", "source"]
for r in rules:
    assert list(r) == keys, list(r)
    assert r["source"] and r["source"]["title"], r["id"]
    assert r["basis"] in ("law", "cnil", "edpb", "controller"), r["id"]
    assert r["then"] in ("delete", "anonymise")
    assert r["never_store"] or r["keep"], r["id"]
byid = {r["id"]: r for r in rules}
a = byid["acct.documents"]
assert (a["from"], a["anchor"], a["fiscal_year_end"], a["keep"], a["archive_for"], a["limit"]) == \
    ("operation", "fiscal_year_end", "12-31", "P0D", "P10Y", "minimum"), a
assert a["source"]["article"] == "L123-22" and a["source"]["url"].startswith("https://www.legifrance.gouv.fr/")
assert byid["pay.card.cvv"]["never_store"] is True and byid["pay.card.cvv"]["keep"] is None
assert byid["crm.prospect"]["from"] == {"latest_of": ["collection", "last_contact_from_person"]}
PY
expect_rc 0 retention rules
expect_in out "pay.card.cvv  Card security code (CVV)"
expect_in out "keep         never store"

# --- due over CSV: one rule, collection + P3Y, today 2024-03-15
cat >"$tmp/news.csv" <<'EOF'
id,email,collected
N1,ann@example.org,2021-03-15
N2,bob@example.org,2021-03-16
N3,cat@example.org,15/03/2021
N4,dan@example.org,
N5,eve@example.org,31/02/2021
N6,fay@example.org,2020-02-29
N7,gus@example.org
N8,hal@example.org,2021-03-15T23:30:00+01:00
N9,ivy@example.org,29.2.2020
EOF
expect_rc 0 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=collected --today 2024-03-15 --key id --json
cat >"$tmp/want" <<'EOF'
{"row":1,"key":"N1","stage":"delete_due","next_date":"2024-03-15","next_action":"delete","final_date":"2024-03-15","rule":"news.sub","missing_event":null,"reason":null}
{"row":3,"key":"N3","stage":"delete_due","next_date":"2024-03-15","next_action":"delete","final_date":"2024-03-15","rule":"news.sub","missing_event":null,"reason":null}
{"row":4,"key":"N4","stage":"unknown","next_date":null,"next_action":null,"final_date":null,"rule":"news.sub","missing_event":"collection","reason":null}
{"row":5,"key":"N5","stage":"unknown","next_date":null,"next_action":null,"final_date":null,"rule":null,"missing_event":null,"reason":"unparseable date in collected"}
{"row":6,"key":"N6","stage":"delete_due","next_date":"2023-02-28","next_action":"delete","final_date":"2023-02-28","rule":"news.sub","missing_event":null,"reason":null}
{"row":7,"key":"N7","stage":"unknown","next_date":null,"next_action":null,"final_date":null,"rule":null,"missing_event":null,"reason":"malformed row: 2 fields, the header has 3"}
{"row":8,"key":"N8","stage":"delete_due","next_date":"2024-03-15","next_action":"delete","final_date":"2024-03-15","rule":"news.sub","missing_event":null,"reason":null}
{"row":9,"key":"N9","stage":"delete_due","next_date":"2023-02-28","next_action":"delete","final_date":"2023-02-28","rule":"news.sub","missing_event":null,"reason":null}
{"summary":{"today":"2024-03-15","rows":9,"active":1,"archive":0,"delete_due":5,"hold":0,"unknown":3}}
EOF
expect_out "exact JSON Lines of due rows"
# problems name the row and the column, never the value
expect_in err "row 5: unparseable date in collected"
expect_in err "row 7 has 2 fields, the header has 3"
expect_not_in err "31/02/2021"
expect_not_in out "31/02/2021"
expect_not_in out "@example.org"
expect_not_in err "@example.org"
# without --key: no "key", no key value
expect_rc 0 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=collected --today 2024-03-15 --json
expect_not_in out '"key"'
expect_not_in out "N1"
expect_in out '{"row":1,"stage":"delete_due",'
# text
expect_rc 0 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=collected --today 2024-03-15 --key id
cat >"$tmp/want" <<'EOF'
today: 2024-03-15
1 [N1]: delete_due 2024-03-15 delete (rule news.sub)
3 [N3]: delete_due 2024-03-15 delete (rule news.sub)
4 [N4]: unknown - - (rule news.sub; missing event collection)
5 [N5]: unknown - - (unparseable date in collected)
6 [N6]: delete_due 2023-02-28 delete (rule news.sub)
7 [N7]: unknown - - (malformed row: 2 fields, the header has 3)
8 [N8]: delete_due 2024-03-15 delete (rule news.sub)
9 [N9]: delete_due 2023-02-28 delete (rule news.sub)
rows: 9, active: 1, archive: 0, delete_due: 5, hold: 0, unknown: 3
EOF
expect_out "exact text of due rows"
# standard input, --delimiter, CRLF
"$COMPLY" retention due - $PK --purpose newsletter --event collection=collected --today 2024-03-15 --key id \
    <"$tmp/news.csv" >"$tmp/out" 2>"$tmp/err"
expect_out "due from standard input"
tr ',' '|' <"$tmp/news.csv" | "$PY" -c 'import sys; sys.stdout.write(sys.stdin.read().replace("\n", "\r\n"))' >"$tmp/pipe.csv"
expect_rc 0 retention due "$tmp/pipe.csv" $PK --purpose newsletter --event collection=collected --today 2024-03-15 --key id --delimiter '|'
expect_out "| delimiter and CRLF give the same rows"
# the day before the deadline: active
expect_rc 0 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=collected --today 2024-03-14 --json
expect_in out '"summary":{"today":"2024-03-14","rows":9,"active":4,"archive":0,"delete_due":2,'
# --today defaults to the system date (UTC) and says so
expect_rc 0 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=collected
d1=$(date -u +%Y-%m-%d)
if head -1 "$tmp/out" | grep -qE '^today: [0-9]{4}-[0-9]{2}-[0-9]{2}$' && grep -q "today: $d1" "$tmp/out"; then ok; else fail "today defaults to the system date"; head -1 "$tmp/out"; fi
expect_rc 0 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=collected --json
expect_in out "\"summary\":{\"today\":\"$d1\""

# --- errors: missing file, unknown purpose, no rule, missing column
expect_rc 2 retention due "$tmp/missing.csv" $PK --purpose newsletter --event collection=collected
expect_empty out
expect_rc 2 retention due "$tmp/news.csv" $PK --purpose newsleter --event collection=collected --today 2024-03-15
expect_in err 'unknown purpose "newsleter"'
expect_empty out
expect_rc 2 retention due "$tmp/news.csv" $PK --purpose support --event collection=collected --today 2024-03-15
expect_in err "no retention rule covers"
expect_empty out
expect_rc 2 retention due "$tmp/news.csv" --purpose any --category contact.emial --event collection=collected
expect_in err 'unknown category'
expect_rc 2 retention due "$tmp/news.csv" --purpose any --category special.biometric --event collection=collected
expect_in err 'no retention rule covers'
expect_rc 2 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=created --today 2024-03-15
expect_in err "no column created in the header"
expect_empty out
expect_rc 2 retention due "$tmp/news.csv" $PK --purpose newsletter --event collection=collected --key ref --today 2024-03-15
expect_in err "no column ref"
expect_rc 2 retention due "$tmp/news.csv" --no-default --pack "$tmp/missing.json" --purpose any --event collection=collected
echo '{"comply_pack": 1, "retention": {"r": {"purposes": ["nope"], "from": "collection", "keep": "P1Y"}}}' >"$tmp/bad.json"
expect_rc 1 retention due "$tmp/news.csv" --no-default --pack "$tmp/bad.json" --purpose any --event collection=collected
expect_empty out
# an empty file, a header alone
: >"$tmp/empty.csv"
expect_rc 0 retention due "$tmp/empty.csv" $PK --purpose newsletter --event collection=collected --today 2024-03-15 --json
echo '{"summary":{"today":"2024-03-15","rows":0,"active":0,"archive":0,"delete_due":0,"hold":0,"unknown":0}}' >"$tmp/want"
expect_out "empty file: a summary of zero rows"
expect_in err "empty"
printf 'id,email,collected\n' >"$tmp/header.csv"
expect_rc 0 retention due "$tmp/header.csv" $PK --purpose newsletter --event collection=collected --today 2024-03-15
printf 'today: 2024-03-15\nrows: 0, active: 0, archive: 0, delete_due: 0, hold: 0, unknown: 0\n' >"$tmp/want"
expect_out "header only: zero rows"
expect_empty err

# --- latest_of: the latest present date counts; none present is unknown
printf 'id;col;last\nL1;2020-01-10;2021-03-16\nL2;2021-03-15;2019-01-01\nL3;;01/01/2021\nL4;;\nL5;2021-03-15;2099-13-01\n' >"$tmp/pro.csv"
expect_rc 0 retention due "$tmp/pro.csv" $PK --purpose prospection --event collection=col --event last_contact=last --today 2024-03-15 --key id --json
cat >"$tmp/want" <<'EOF'
{"row":2,"key":"L2","stage":"delete_due","next_date":"2024-03-15","next_action":"delete","final_date":"2024-03-15","rule":"prospect","missing_event":null,"reason":null}
{"row":3,"key":"L3","stage":"delete_due","next_date":"2024-01-01","next_action":"delete","final_date":"2024-01-01","rule":"prospect","missing_event":null,"reason":null}
{"row":4,"key":"L4","stage":"unknown","next_date":null,"next_action":null,"final_date":null,"rule":"prospect","missing_event":"collection","reason":null}
{"row":5,"key":"L5","stage":"unknown","next_date":null,"next_action":null,"final_date":null,"rule":null,"missing_event":null,"reason":"unparseable date in last"}
{"summary":{"today":"2024-03-15","rows":5,"active":1,"archive":0,"delete_due":2,"hold":0,"unknown":2}}
EOF
expect_out "latest_of rows"
expect_not_in err "2099-13-01"

# --- open-ended phase, archive, legal holds (end P0D + archive P5Y)
cat >"$tmp/cust.csv" <<'EOF'
id,end,hold,hold_end
C1,,,
C2,2020-01-01,,
C3,2018-06-30,,
C4,2018-06-30,2023-01-01,
C5,2018-06-30,2023-01-01,2023-06-01
C6,2018-06-30,2023-01-01,2024-04-01
C7,,2024-05-01,
EOF
expect_rc 0 retention due "$tmp/cust.csv" $PK --purpose customer --event end_of_relationship=end \
    --event legal_hold=hold --event legal_hold_end=hold_end --today 2024-03-15 --key id --json
cat >"$tmp/want" <<'EOF'
{"row":2,"key":"C2","stage":"archive","next_date":"2025-01-01","next_action":"delete","final_date":"2025-01-01","rule":"cust.contract","missing_event":null,"reason":null}
{"row":3,"key":"C3","stage":"delete_due","next_date":"2023-06-30","next_action":"delete","final_date":"2023-06-30","rule":"cust.contract","missing_event":null,"reason":null}
{"row":4,"key":"C4","stage":"hold","next_date":null,"next_action":null,"final_date":"2023-06-30","rule":"cust.contract","missing_event":null,"reason":null}
{"row":5,"key":"C5","stage":"delete_due","next_date":"2023-06-30","next_action":"delete","final_date":"2023-06-30","rule":"cust.contract","missing_event":null,"reason":null}
{"row":6,"key":"C6","stage":"hold","next_date":null,"next_action":null,"final_date":"2023-06-30","rule":"cust.contract","missing_event":null,"reason":null}
{"row":7,"key":"C7","stage":"hold","next_date":null,"next_action":null,"final_date":null,"rule":"cust.contract","missing_event":null,"reason":null}
{"summary":{"today":"2024-03-15","rows":7,"active":1,"archive":1,"delete_due":2,"hold":3,"unknown":0}}
EOF
expect_out "active_until, archive and holds"
expect_rc 0 retention due "$tmp/cust.csv" $PK --purpose customer --event end_of_relationship=end \
    --event legal_hold=hold --today 2024-03-15 --key id
expect_in out "4 [C4]: hold - - (rule cust.contract; held, final 2023-06-30 delete)"
expect_in out "2 [C2]: archive 2025-01-01 delete (rule cust.contract)"

# --- fiscal year anchor (06-30) and anonymise
printf 'op\n2013-06-30\n2013-07-01\n2023-12-01\n' >"$tmp/bill.csv"
expect_rc 0 retention due "$tmp/bill.csv" $PK --purpose billing --event operation=op --today 2024-03-15 --json
cat >"$tmp/want" <<'EOF'
{"row":1,"stage":"delete_due","next_date":"2023-06-30","next_action":"delete","final_date":"2023-06-30","rule":"billing.acct","missing_event":null,"reason":null}
{"row":2,"stage":"archive","next_date":"2024-06-30","next_action":"delete","final_date":"2024-06-30","rule":"billing.acct","missing_event":null,"reason":null}
{"summary":{"today":"2024-03-15","rows":3,"active":1,"archive":1,"delete_due":1,"hold":0,"unknown":0}}
EOF
expect_out "fiscal year end anchor"
printf 'c\n2023-01-31\n2023-02-15\n2023-02-16\n2023-03-15\n2023-03-16\n' >"$tmp/stats.csv"
expect_rc 0 retention due "$tmp/stats.csv" $PK --purpose stats --event collection=c --today 2024-03-15 --json
cat >"$tmp/want" <<'EOF'
{"row":1,"stage":"delete_due","next_date":"2024-02-29","next_action":"anonymise","final_date":"2024-02-29","rule":"stats.anon","missing_event":null,"reason":null}
{"row":2,"stage":"delete_due","next_date":"2024-03-15","next_action":"anonymise","final_date":"2024-03-15","rule":"stats.anon","missing_event":null,"reason":null}
{"row":3,"stage":"archive","next_date":"2024-03-16","next_action":"anonymise","final_date":"2024-03-16","rule":"stats.anon","missing_event":null,"reason":null}
{"row":4,"stage":"archive","next_date":"2024-04-15","next_action":"anonymise","final_date":"2024-04-15","rule":"stats.anon","missing_event":null,"reason":null}
{"summary":{"today":"2024-03-15","rows":5,"active":1,"archive":2,"delete_due":2,"hold":0,"unknown":0}}
EOF
expect_out "keep + archive_for, then anonymise"
# a deadline beyond 9999-12-31 is a row problem, not a crash
printf 'c\n9998-06-01\n' >"$tmp/far.csv"
expect_rc 0 retention due "$tmp/far.csv" $PK --purpose newsletter --event collection=c --today 2024-03-15 --json
expect_in out '"stage":"unknown"'
expect_in out '"unknown":1}}'

# --- the bundled CRM export, default rules (crm.prospect: latest of
# collection and last contact from the person + P3Y wins as the earliest)
EV="--event collection=collected_on --event last_contact_from_person=last_contact_on --event end_of_relationship=relationship_end --event legal_hold=legal_hold"
expect_rc 0 retention due "$srcdir/examples/data/crm_due.csv" --purpose any --category identity.civility $EV --key client_id --today 2025-06-01 --json
expect_py "crm_due.csv due list" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
rows = {r["key"]: r for r in lines[:-1]}
s = lines[-1]["summary"]
assert s == {"today": "2025-06-01", "rows": 14, "active": 3, "archive": 0, "delete_due": 5, "hold": 1,
             "unknown": 5}, s
def due(k, date):
    r = rows[k]
    assert (r["stage"], r["next_date"], r["next_action"], r["rule"]) == ("delete_due", date, "delete", "crm.prospect"), r
due("P-001", "2022-04-02")   # collected 2019-04-02 + P3Y
due("P-002", "2025-05-03")   # last contact 03/05/2022 + P3Y
due("C-005", "2023-11-30")   # last contact 2020-11-30 + P3Y, before the customer rules
due("C-010", "2025-06-01")   # due on the day
due("P-014", "2025-03-01")   # 1.3.2022
assert rows["C-007"]["stage"] == "hold" and rows["C-007"]["next_date"] is None
assert rows["P-004"]["missing_event"] == "collection"
assert rows["P-008"]["reason"] == "unparseable date in collected_on"      # 31/02/2022
assert rows["P-012"]["reason"] == "unparseable date in collected_on"
assert rows["P-009"]["reason"].startswith("malformed row: 5 fields")
assert rows["C-013"]["reason"].startswith("malformed row: 9 fields")
for k in ("P-003", "C-006", "P-011"):
    assert k not in rows, k
PY
expect_not_in out "@example"
expect_not_in err "@example"
expect_not_in err "bient"
expect_not_in err "31/02/2022"

# --- SQLite
"$PY" - "$tmp/t.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript('''
CREATE TABLE "sub scribers" (id INTEGER PRIMARY KEY, email TEXT, "collected at" TEXT, hold TEXT);
INSERT INTO "sub scribers" VALUES
  (1, 'a@example.org', '2021-03-15', NULL), (2, 'b@example.org', '2021-03-16', NULL),
  (3, 'c@example.org', NULL, NULL), (4, 'd@example.org', '2020-01-01', '2023-01-01'),
  (5, 'e@example.org', 'garbage', NULL), (6, 'f@example.org', '2021-03-15T23:30:00+01:00', NULL),
  (7, 'g@example.org', '15/03/2021', NULL);
''')
db.commit()
PY
sum_before=$(cksum <"$tmp/t.db")
expect_rc 0 retention due sqlite:"$tmp/t.db" --table "sub scribers" $PK --purpose newsletter \
    --event "collection=collected at" --event legal_hold=hold --key id --today 2024-03-15 --json
cat >"$tmp/want" <<'EOF'
{"row":1,"key":"1","stage":"delete_due","next_date":"2024-03-15","next_action":"delete","final_date":"2024-03-15","rule":"news.sub","missing_event":null,"reason":null}
{"row":3,"key":"3","stage":"unknown","next_date":null,"next_action":null,"final_date":null,"rule":"news.sub","missing_event":"collection","reason":null}
{"row":4,"key":"4","stage":"hold","next_date":null,"next_action":null,"final_date":"2023-01-01","rule":"news.sub","missing_event":null,"reason":null}
{"row":5,"key":"5","stage":"unknown","next_date":null,"next_action":null,"final_date":null,"rule":null,"missing_event":null,"reason":"unparseable date in collected at"}
{"row":6,"key":"6","stage":"delete_due","next_date":"2024-03-15","next_action":"delete","final_date":"2024-03-15","rule":"news.sub","missing_event":null,"reason":null}
{"row":7,"key":"7","stage":"delete_due","next_date":"2024-03-15","next_action":"delete","final_date":"2024-03-15","rule":"news.sub","missing_event":null,"reason":null}
{"summary":{"today":"2024-03-15","rows":7,"active":1,"archive":0,"delete_due":3,"hold":1,"unknown":2}}
EOF
expect_out "SQLite due rows"
expect_in err "row 5: unparseable date in collected at"
expect_not_in err "garbage"
expect_not_in out "@example.org"
expect_rc 0 retention due sqlite:"$tmp/t.db" --table "SUB SCRIBERS" $PK --purpose newsletter \
    --event "collection=collected at" --today 2024-03-15
expect_in out "today: 2024-03-15"
expect_in out "rows: 7, active: 1, archive: 0, delete_due: 4, hold: 0, unknown: 2"
# --sql: the cutoff of collection + P3Y on 2024-03-15 is 2021-03-16
expect_rc 0 retention due sqlite:"$tmp/t.db" --table "sub scribers" $PK --purpose newsletter \
    --event "collection=collected at" --event legal_hold=hold --today 2024-03-15 --sql
cat >"$tmp/want" <<'EOF'
-- rule news.sub, source: CNIL test, basis cnil, today 2024-03-15
-- due: records whose "collected at" (event collection) is before 2021-03-16; nothing was executed
-- warning: 2 values of "collected at" are not ISO dates (YYYY-MM-DD...): left out, fix them first
-- records under a legal hold ("hold") are excluded
DELETE FROM "sub scribers" WHERE "collected at" < '2021-03-16' AND "hold" IS NULL AND "collected at" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*';
EOF
expect_out "--sql DELETE"
# the statement selects what due reports (ISO rows, no hold): ids 1 and 6
"$PY" - "$tmp/t.db" "$tmp/out" <<'PY' && ok || fail "--sql statement selects the due rows"
import sqlite3, sys
stmt = [l for l in open(sys.argv[2]) if l.startswith("DELETE")][0]
where = stmt.split(" WHERE ", 1)[1].rstrip().rstrip(";")
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute('SELECT id FROM "sub scribers" WHERE ' + where + " ORDER BY id")]
assert ids == [1, 6], ids
PY
expect_rc 0 retention due sqlite:"$tmp/t.db" --table "sub scribers" $PK --purpose stats \
    --event "collection=collected at" --today 2024-03-15 --sql
cat >"$tmp/want" <<'EOF'
-- rule stats.anon, source: none, today 2024-03-15
-- due: records whose "collected at" (event collection) is before 2023-02-16; nothing was executed
-- warning: 2 values of "collected at" are not ISO dates (YYYY-MM-DD...): left out, fix them first
-- legal holds are not excluded: map --event legal_hold=COLUMN if records can be held
-- anonymise: set the personal columns to NULL where "collected at" < '2023-02-16'
UPDATE "sub scribers" SET "<personal column>" = NULL WHERE "collected at" < '2023-02-16' AND "collected at" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*';
EOF
expect_out "--sql UPDATE template for anonymise"
# a clean table: the plain statement; holds with their end
"$PY" - "$tmp/t.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript('''
CREATE TABLE clean (id INTEGER PRIMARY KEY, collected TEXT, hold TEXT, hold_end TEXT);
INSERT INTO clean VALUES (1, '2021-03-15', NULL, NULL), (2, '2021-03-16', NULL, NULL),
  (3, '2020-01-01', '2023-01-01', NULL), (4, '2020-01-01', '2023-01-01', '2023-06-01'),
  (5, '2020-01-01', '2023-01-01', '2024-04-01'), (6, NULL, NULL, NULL);
''')
db.commit()
PY
sum_before=$(cksum <"$tmp/t.db")
expect_rc 0 retention due sqlite:"$tmp/t.db" --table clean $PK --purpose newsletter --event collection=collected --today 2024-03-15 --sql
cat >"$tmp/want" <<'EOF'
-- rule news.sub, source: CNIL test, basis cnil, today 2024-03-15
-- due: records whose "collected" (event collection) is before 2021-03-16; nothing was executed
-- legal holds are not excluded: map --event legal_hold=COLUMN if records can be held
DELETE FROM "clean" WHERE "collected" < '2021-03-16';
EOF
expect_out "--sql plain DELETE"
expect_rc 0 retention due sqlite:"$tmp/t.db" --table clean $PK --purpose newsletter --event collection=collected \
    --event legal_hold=hold --event legal_hold_end=hold_end --today 2024-03-15 --sql
expect_in out "DELETE FROM \"clean\" WHERE \"collected\" < '2021-03-16' AND (\"hold\" IS NULL OR (\"hold_end\" >= \"hold\" AND \"hold_end\" <= '2024-03-15'));"
# the statement selects exactly the rows that due reports delete_due
"$PY" - "$tmp/t.db" "$tmp/out" <<'PY' && ok || fail "--sql with holds selects the due rows"
import sqlite3, sys
stmt = [l for l in open(sys.argv[2]) if l.startswith("DELETE")][0]
where = stmt.split(" WHERE ", 1)[1].rstrip().rstrip(";")
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT id FROM clean WHERE " + where + " ORDER BY id")]
assert ids == [1, 4], ids
PY
expect_rc 0 retention due sqlite:"$tmp/t.db" --table clean $PK --purpose newsletter --event collection=collected \
    --event legal_hold=hold --event legal_hold_end=hold_end --today 2024-03-15 --key id --json
expect_py "due agrees with --sql" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["key"] for r in lines[:-1] if r["stage"] == "delete_due"] == ["1", "4"], lines
assert [r["key"] for r in lines[:-1] if r["stage"] == "hold"] == ["3", "5"], lines
PY
expect_rc 1 retention due sqlite:"$tmp/t.db" --table "sub scribers" $PK --purpose prospection \
    --event "collection=collected at" --today 2024-03-15 --sql
expect_in out "-- no single cutoff"
expect_not_in out "DELETE"
expect_rc 2 retention due sqlite:"$tmp/t.db" --table "sub scribers" $PK --purpose newsletter \
    --event "last_contact=collected at" --today 2024-03-15 --sql
expect_in err "the cutoff counts from event collection"
expect_rc 2 retention due sqlite:"$tmp/t.db" --table nope $PK --purpose newsletter --event "collection=collected at" --sql
expect_in err "no table nope"
expect_rc 2 retention due sqlite:"$tmp/t.db" --table "sub scribers" $PK --purpose newsletter --event collection=created
expect_in err "no column created"
expect_rc 2 retention due sqlite:"$tmp/none.db" --table t $PK --purpose newsletter --event collection=c
if [ -e "$tmp/none.db" ]; then fail "a missing database was created"; else ok; fi
sum_after=$(cksum <"$tmp/t.db")
if [ "$sum_before" = "$sum_after" ]; then ok; else fail "the database changed"; fi
# the bundled shop: orders are accounting documents (legal minimum: 10 years
# from the end of the fiscal year, kept in archive), no single cutoff
expect_rc 0 retention due "sqlite:$srcdir/examples/data/shop.db" --table orders --purpose any \
    --category financial.transaction --event operation=ordered_at --key id --today 2025-01-01 --json
expect_py "shop.db orders in archive until 2034-12-31" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
s = lines[-1]["summary"]
assert s["rows"] > 0 and s["archive"] == s["rows"], s
for r in lines[:-1]:
    assert (r["stage"], r["next_date"], r["rule"]) == ("archive", "2034-12-31", "acct.documents"), r
PY
expect_rc 1 retention due "sqlite:$srcdir/examples/data/shop.db" --table orders --purpose any \
    --category financial.transaction --event operation=ordered_at --today 2025-01-01 --sql
expect_in out "no single cutoff"

# --- breach deadline: 72 hours, in UTC
expect_rc 0 breach deadline 2024-05-01T09:30:00+02:00
echo "notify the supervisory authority by 2024-05-04T07:30:00Z (GDPR Art. 33(1): within 72 hours of becoming aware)" >"$tmp/want"
expect_out "breach deadline text"
expect_rc 0 breach deadline 2024-05-01T09:30:00+02:00 --json
echo '{"aware":"2024-05-01T07:30:00Z","deadline":"2024-05-04T07:30:00Z","article":"GDPR Art. 33(1)"}' >"$tmp/want"
expect_out "breach deadline JSON"
expect_rc 0 breach deadline --json 2024-02-27T22:15:30.75-05:00
echo '{"aware":"2024-02-28T03:15:30Z","deadline":"2024-03-02T03:15:30Z","article":"GDPR Art. 33(1)"}' >"$tmp/want"
expect_out "breach deadline across 29 February, negative offset, fraction dropped"
expect_rc 0 breach deadline 2021-03-27T12:00:00+01:00 --json
expect_in out '"deadline":"2021-03-30T11:00:00Z"'
expect_rc 0 breach deadline 2023-12-31T23:00:00Z
expect_in out "by 2024-01-03T23:00:00Z"
expect_rc 2 breach deadline 2024-05-01
expect_empty out
expect_rc 2 breach deadline 2024-05-01T09:30:00
expect_rc 2 breach deadline 2024-02-30T09:30:00Z
expect_rc 2 breach deadline 9999-12-30T00:00:00Z
expect_empty out

finish
