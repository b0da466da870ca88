#!/bin/sh
# CLI tests of `comply columns`: CSV reading, sampling, JSON and text output,
# warnings, SQLite databases, exit codes.
# Environment: COMPLY (the binary) and srcdir (the source tree), set by make.
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"

# --- usage
expect_rc 0 help columns
expect_in out "usage: comply columns FILE.csv"
expect_rc 0 --help
expect_in out "columns"
expect_rc 2 columns
expect_in err "give a CSV file"
expect_rc 2 columns "$tmp/x.csv" --frob
expect_rc 2 columns "$tmp/x.csv" "$tmp/y.csv"
expect_rc 2 columns "$tmp/x.csv" --sample 0
expect_rc 2 columns "$tmp/x.csv" --sample ten
expect_rc 2 columns "$tmp/x.csv" --sample
expect_rc 2 columns "$tmp/x.csv" --delimiter '"'
expect_rc 2 columns "$tmp/x.csv" --delimiter ab
expect_rc 2 columns "$tmp/x.csv" --min-confidence 2
expect_rc 2 columns "$tmp/x.csv" --table customers
expect_rc 2 columns sqlite:"$tmp/x.db" --no-header
expect_rc 2 columns sqlite:"$tmp/x.db" --delimiter ';'

# --- the lead's contract check: ; delimiter, CRLF, quoted names and values
printf 'id;Pr\303\251nom;e_mail;"note, libre"\r\n1;Zo\303\251;zoe@example.org;"dit ""bonjour"""\r\n2;Luc;luc@example.org;\r\n' >"$tmp/fr.csv"
expect_rc 0 columns "$tmp/fr.csv" --json
expect_empty err
expect_py "4 columns in order with their indexes" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["column"] for r in rows] == ["id", "Prénom", "e_mail", "note, libre"], rows
assert [r["index"] for r in rows] == [0, 1, 2, 3]
keys = ["index", "column", "category", "confidence", "name", "values", "agreement", "kind", "special"]
for r in rows:
    assert list(r) == keys, list(r)
    assert list(r["name"]) == ["category", "confidence", "by", "lang"]
    assert list(r["values"]) == ["category", "confidence", "by", "sampled", "empty", "matched", "distinct"]
    assert r["agreement"] in (-1, 0, 1) and isinstance(r["special"], bool)
    assert r["kind"] in (None, "base", "interaction", "behavioural", "attitudinal")
    for c in (r["confidence"], r["name"]["confidence"], r["values"]["confidence"]):
        assert 0 <= c <= 1 and round(c, 3) == c
    if r["category"] is None:
        assert r["kind"] is None and r["special"] is False
email = rows[2]
assert email["category"] == "contact.email" and email["kind"] == "base", email
assert email["values"]["category"] == "contact.email" and email["values"]["matched"] == 2
assert email["agreement"] == 1
note = rows[3]["values"]
assert (note["sampled"], note["empty"], note["distinct"]) == (2, 1, 1), note
PY

# --- exact JSON for a 3-column file
printf 'id;e_mail;code\n1;zoe@example.org;A1\n2;luc@example.org;B2\n3;;C3\n' >"$tmp/three.csv"
expect_rc 0 columns "$tmp/three.csv" --json
cat >"$tmp/want" <<'JSON'
{"index":0,"column":"id","category":null,"confidence":0,"name":{"category":null,"confidence":0,"by":null,"lang":null},"values":{"category":null,"confidence":0,"by":null,"sampled":3,"empty":0,"matched":0,"distinct":3},"agreement":0,"kind":null,"special":false}
{"index":1,"column":"e_mail","category":"contact.email","confidence":1,"name":{"category":"contact.email","confidence":1,"by":"e mail","lang":"en"},"values":{"category":"contact.email","confidence":0.475,"by":"email","sampled":3,"empty":1,"matched":2,"distinct":2},"agreement":1,"kind":"base","special":false}
{"index":2,"column":"code","category":null,"confidence":0,"name":{"category":null,"confidence":0,"by":null,"lang":null},"values":{"category":null,"confidence":0,"by":null,"sampled":3,"empty":0,"matched":0,"distinct":3},"agreement":0,"kind":null,"special":false}
JSON
if cmp -s "$tmp/out" "$tmp/want"; then ok; else fail "exact JSON of a 3-column file"; diff "$tmp/want" "$tmp/out" | head; fi
# same from standard input
"$COMPLY" columns - --json <"$tmp/three.csv" >"$tmp/out2" 2>"$tmp/err"
if cmp -s "$tmp/out2" "$tmp/want"; then ok; else fail "columns - (stdin) differs"; fi
"$COMPLY" columns --json <"$tmp/three.csv" >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else fail "columns without FILE should be a usage error"; fi
# text output: grouped, names, labels, notes
expect_rc 0 columns "$tmp/three.csv"
expect_in out "three.csv: 3 columns, 3 rows"
expect_in out "base data"
expect_in out "not personal / unclassified"
expect_in out "Email address"
expect_in out "name+values"
expect_not_in out "zoe@"
# --min-confidence: a category under it is null
expect_rc 0 columns "$tmp/three.csv" --json --min-confidence 1
expect_in out '"column":"e_mail","category":"contact.email"'
printf 'x\nzoe@example.org\n' >"$tmp/weak.csv"
expect_rc 0 columns "$tmp/weak.csv" --json --min-confidence 0.99
expect_in out '"category":null,"confidence":0,'
expect_in out '"values":{"category":"contact.email"'

# --- quoting, BOM, CRLF, newlines inside fields
printf '\357\273\277"e-mail","full, name","say ""hi""\nthere"\r\n"zoe@example.org","Zo\303\251, Dubois","line 1\r\nline 2"\r\n"luc@example.org",plain,"a ""b"" c"\r\n' >"$tmp/quoted.csv"
expect_rc 0 columns "$tmp/quoted.csv" --json
expect_empty err
expect_py "quoted names, BOM skipped, quoted values read" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["column"] for r in rows] == ["e-mail", "full, name", 'say "hi"\nthere'], [r["column"] for r in rows]
assert rows[0]["values"]["category"] == "contact.email" and rows[0]["values"]["matched"] == 2, rows[0]
for r in rows:
    assert r["values"]["sampled"] == 2 and r["values"]["distinct"] == 2, r
PY
expect_rc 0 columns "$tmp/quoted.csv"
expect_in out "quoted.csv: 3 columns, 2 rows"
# LF and CRLF give the same result
tr -d '\r' <"$tmp/three.csv" >"$tmp/lf.csv"
"$PY" -c 'import sys; d=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(d.replace(b"\n", b"\r\n"))' "$tmp/lf.csv" "$tmp/crlf.csv"
"$COMPLY" columns "$tmp/lf.csv" --json >"$tmp/a" 2>&1
"$COMPLY" columns "$tmp/crlf.csv" --json >"$tmp/b" 2>&1
if cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/a" "$tmp/want"; then ok; else fail "LF and CRLF differ"; fi

# --- delimiters
printf 'email\tphone\tx\nzoe@example.org\t06 39 98 12 34\t1\n' >"$tmp/tab.csv"
expect_rc 0 columns "$tmp/tab.csv" --json
expect_py "tab detected" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["column"] for r in rows] == ["email", "phone", "x"], rows
PY
printf 'email|phone\nzoe@example.org|06 39 98 12 34\n' >"$tmp/pipe.csv"
expect_rc 0 columns "$tmp/pipe.csv" --json
expect_in out '"column":"phone"'
# delimiters inside quotes do not count: two ; outside, three , inside
printf '"a,b,c,d";x;y\n1;2;3\n' >"$tmp/semi.csv"
expect_rc 0 columns "$tmp/semi.csv" --json
expect_in out '"index":2,"column":"y"'
expect_in out '"column":"a,b,c,d"'
# --delimiter overrides the detection
printf 'a,b|c,d\n1,2|3,4\n' >"$tmp/mixed.csv"
expect_rc 0 columns "$tmp/mixed.csv" --json
expect_in out '"index":1,"column":"b|c"'
expect_rc 0 columns "$tmp/mixed.csv" --json --delimiter '|'
expect_in out '"index":0,"column":"a,b"'
expect_in out '"index":1,"column":"c,d"'
expect_not_in out '"index":2'
expect_rc 0 columns "$tmp/tab.csv" --json --delimiter '\t'
expect_in out '"index":2,"column":"x"'
expect_rc 0 columns "$tmp/tab.csv" --json --delimiter tab
expect_in out '"index":2,"column":"x"'
expect_rc 0 columns "$tmp/tab.csv" --json --delimiter=,
expect_not_in out '"index":1'

# --- --no-header
expect_rc 0 columns "$tmp/three.csv" --json --no-header
expect_py "--no-header: null names, the first row is a value" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 3 and all(r["column"] is None for r in rows), rows
assert rows[1]["values"]["sampled"] == 4 and rows[1]["name"]["category"] is None
assert rows[1]["category"] == "contact.email", rows[1]
PY
expect_rc 0 columns "$tmp/three.csv" --no-header
expect_in out "column 2"
expect_in out "3 columns, 4 rows"

# --- broken rows: warnings with line numbers, exit 0, values never shown
printf 'a,b,c\n1,2\nsecret1,2,3,4\n"multi\nline",2,3\n5,se"cret,6\n"7"secret,8,9\n10,11,12\n"open,secret\n' >"$tmp/bad.csv"
expect_rc 0 columns "$tmp/bad.csv" --json
expect_in err "bad.csv:2: warning: row has 2 fields, header has 3"
expect_in err "bad.csv:3: warning: row has 4 fields, header has 3"
expect_in err "bad.csv:6: warning: quote inside an unquoted field"
expect_in err "bad.csv:7: warning: text after a closing quote"
expect_in err "bad.csv:9: warning: quoted field not closed at end of file"
expect_not_in err "bad.csv:4:"
expect_not_in err "secret"
expect_not_in out "secret"
if [ "$(wc -l <"$tmp/out")" -eq 3 ]; then ok; else fail "bad.csv: 3 columns expected"; fi
# more than 10 of a kind: 10 printed, then a count
"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("a,b\n")
    for i in range(25):
        f.write("1,2,3\n")
' "$tmp/ragged.csv"
expect_rc 0 columns "$tmp/ragged.csv" --json
if [ "$(grep -c 'warning: row has 3 fields' "$tmp/err")" -eq 10 ]; then ok; else fail "10 ragged-row warnings expected"; fi
expect_in err "ragged.csv: warning: 15 more rows with another number of fields"
expect_in err "ragged.csv:11: warning"
expect_not_in err "ragged.csv:12:"

# --- invalid UTF-8: one warning per line, exit 0, still JSON
printf 'name,x\n\377\376,1\nok,2\nbad\303,3\n\300\257,4\n' >"$tmp/utf8.csv"
expect_rc 0 columns "$tmp/utf8.csv" --json
expect_in err "utf8.csv:2: warning: invalid UTF-8"
expect_in err "utf8.csv:4: warning: invalid UTF-8"
expect_in err "utf8.csv:5: warning: invalid UTF-8"
expect_not_in err "utf8.csv:3:"
expect_py "valid JSON despite invalid UTF-8" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 2
PY
printf 'n\303\251\377,x\n1,2\n' >"$tmp/badname.csv"
expect_rc 0 columns "$tmp/badname.csv" --json
expect_in out "\"column\":\"n$(printf '\303\251\357\277\275')\""
expect_in err "badname.csv:1: warning: invalid UTF-8"

# --- empty file, header only, blank lines
: >"$tmp/empty.csv"
expect_rc 0 columns "$tmp/empty.csv" --json
expect_empty out
expect_in err "empty.csv: warning: no columns"
expect_rc 0 columns "$tmp/empty.csv"
printf 'email;telephone;id\r\n' >"$tmp/header.csv"
expect_rc 0 columns "$tmp/header.csv" --json
expect_empty err
expect_py "header only: classified by name, nothing sampled" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["column"] for r in rows] == ["email", "telephone", "id"]
assert all(r["values"]["sampled"] == 0 for r in rows)
assert rows[0]["category"] == "contact.email" and rows[1]["category"] == "contact.phone"
PY
printf 'a,b\n\n1,2\n\r\n3,4\n\n' >"$tmp/blank.csv"
expect_rc 0 columns "$tmp/blank.csv"
expect_empty err
expect_in out "2 columns, 2 rows"
printf 'a,b\n1,' >"$tmp/trail.csv"
expect_rc 0 columns "$tmp/trail.csv"
expect_empty err

# --- missing or unreadable files
expect_rc 2 columns "$tmp/missing.csv"
expect_in err "missing.csv"
expect_rc 2 columns "$tmp/missing.csv" --json
expect_empty out
expect_rc 2 columns "$tmp"

# --- sampling: capped, deterministic, streaming across 64 KiB chunks
"$PY" -c '
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("id,email,note\n")
    for i in range(5000):
        note = "\"%s\"" % ("x" * 100000) if i == 10 else "n%d" % (i % 7)
        f.write("%d,user%d@example.org,%s\r\n" % (i, i, note))
    f.write("1,2\r\n")
' "$tmp/big.csv"
expect_rc 0 columns "$tmp/big.csv" --json --sample 100
expect_in err "big.csv:5002: warning: row has 2 fields, header has 3"
expect_py "--sample caps the values" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["values"]["sampled"] for r in rows] == [100, 100, 100], rows
assert rows[1]["values"]["distinct"] == 100 and rows[1]["category"] == "contact.email"
PY
cp "$tmp/out" "$tmp/first"
"$COMPLY" columns "$tmp/big.csv" --json --sample 100 >"$tmp/out" 2>/dev/null
if cmp -s "$tmp/out" "$tmp/first"; then ok; else fail "sampling is not deterministic"; fi
"$COMPLY" columns - --json --sample 100 <"$tmp/big.csv" >"$tmp/out" 2>/dev/null
if cmp -s "$tmp/out" "$tmp/first"; then ok; else fail "stdin sampling differs from the file's"; fi
expect_rc 0 columns "$tmp/big.csv" --json
expect_in out '"sampled":1000'

# --- SQLite
"$PY" - "$tmp/two.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript('''
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, "odd ""name""" TEXT, phone TEXT);
INSERT INTO customers VALUES (1, 'zoe@example.org', 'a', '06 39 98 12 34'), (2, 'luc@example.org', NULL, NULL),
  (3, NULL, 'c', '01 99 00 12 34');
CREATE TABLE "order items" (id INTEGER PRIMARY KEY, amount REAL, client_ip TEXT);
INSERT INTO "order items" VALUES (1, 12.5, '192.0.2.1'), (2, 3.0, '2001:db8::1');
''')
db.commit()
PY
expect_rc 0 columns "sqlite:$tmp/two.db" --json
expect_empty err
expect_py "SQLite: every table, \"table\" first" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [(r["table"], r["index"], r["column"]) for r in rows] == [
    ("customers", 0, "id"), ("customers", 1, "email"), ("customers", 2, 'odd "name"'), ("customers", 3, "phone"),
    ("order items", 0, "id"), ("order items", 1, "amount"), ("order items", 2, "client_ip")], rows
for r in rows:
    assert list(r)[:2] == ["table", "index"], list(r)
assert rows[1]["category"] == "contact.email" and rows[1]["values"]["matched"] == 2
assert rows[1]["values"]["sampled"] == 3 and rows[1]["values"]["empty"] == 1, rows[1]
assert rows[6]["values"]["category"] == "online.ip_address", rows[6]
PY
expect_rc 0 columns "sqlite:$tmp/two.db" --json --table "order items"
expect_not_in out '"table":"customers"'
expect_in out '"table":"order items","index":2,"column":"client_ip"'
expect_rc 0 columns "sqlite:$tmp/two.db" --json --table CUSTOMERS --table "order items" --sample 1
expect_in out '"table":"customers","index":0'
expect_in out '"table":"order items","index":0'
expect_in out '"sampled":1,'
expect_not_in out '"sampled":2,'
expect_rc 0 columns "sqlite:$tmp/two.db"
expect_in out "table customers: 4 columns"
expect_in out "table order items: 3 columns"
expect_rc 2 columns "sqlite:$tmp/two.db" --table nosuch
expect_in err "no table nosuch"
expect_empty out
expect_rc 2 columns "sqlite:$tmp/missing.db"
expect_rc 2 columns sqlite:
expect_rc 2 columns "sqlite:$tmp/three.csv"
expect_rc 2 columns "sqlite:$tmp/three.csv" --table customers

# --- the examples
expect_rc 0 columns "$srcdir/examples/data/crm_sample.csv"
expect_empty err
expect_in out "crm_sample.csv: 22 columns, 30 rows"
expect_in out "special categories (GDPR Art. 9/10)"
"$PY" - "$tmp/out" <<'PY' && ok || fail "text groups out of order"
import sys
order = ["base data", "interaction data", "behavioural data", "attitudinal data",
         "special categories (GDPR Art. 9/10)", "other personal data", "not personal / unclassified"]
heads = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip() in order]
assert heads == sorted(heads, key=order.index) and len(heads) >= 4, heads
PY
expect_rc 0 columns "$srcdir/examples/data/crm_sample.csv" --json
expect_py "crm_sample.csv classification" <<'PY'
import json, sys
rows = {r["column"]: r for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
want = {"e_mail": "contact.email", "Téléphone": "contact.phone", "IBAN": "financial.iban",
        "card_number": "financial.payment_card", "numero_securite_sociale": "identity.national_id",
        "ip_address": "online.ip_address", "Prénom": "identity.name.first"}
for col, cat in want.items():
    assert rows[col]["category"] == cat, (col, rows[col])
assert rows["id"]["category"] is None
PY
expect_rc 0 columns "sqlite:$srcdir/examples/data/shop.db" --json
expect_py "shop.db: four tables" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
tables = []
for r in rows:
    if r["table"] not in tables:
        tables.append(r["table"])
assert tables == ["customers", "orders", "support_tickets", "newsletter_subscriptions"], tables
PY

finish
