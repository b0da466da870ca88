#!/bin/sh
# CLI tests: run the built `comply` and check exit codes and output.
# Environment: COMPLY (the binary) and srcdir (the source tree), set by make.
: "${COMPLY:=./comply}" "${srcdir:=.}"
. "$srcdir/tests/cli/harness.sh"
data="$srcdir/tests/data/cli"

# --- global behaviour
expect_rc 0 --version
expect_in out "comply 0.1.0"
expect_rc 0 --help
expect_in out "taxonomy"
expect_in out "Exit status"
expect_rc 2
expect_rc 2 frobnicate
expect_in err "no such command: frobnicate"
expect_rc 0 help rules
expect_in out "usage: comply rules check"
expect_rc 0 help taxonomy
expect_rc 2 help frobnicate
expect_rc 0 taxonomy --help
expect_in out "usage: comply taxonomy"

# --- taxonomy
expect_rc 0 taxonomy
expect_in out "contact.email"
expect_in out "[Base data]"
expect_in out "[GDPR Art. 9]"
expect_rc 0 taxonomy --lang fr
expect_in out "Données de base"
expect_in out "Adresse électronique"
expect_rc 2 taxonomy --lang de
expect_rc 2 taxonomy --bogus
expect_rc 2 taxonomy --lang
expect_rc 0 taxonomy --json
if /usr/bin/python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["lang"] == "en"
assert [k["name"] for k in d["kinds"]] == ["base", "interaction", "behavioural", "attitudinal"]
groups = {c["key"]: c for c in d["categories"]}
assert groups["contact"]["kind"] == "base"
assert any(c["key"] == "contact.email" for c in groups["contact"]["children"])
assert groups["special"]["regime"] == "special"
def walk(c):
    assert set(c) == {"key", "label", "description", "kind", "regime", "sensitive", "children"}, c.keys()
    for k in c["children"]:
        assert k["key"].startswith(c["key"] + ".")
        walk(k)
for c in d["categories"]:
    walk(c)
PY
then ok; else fail "taxonomy --json is not the documented document"; fi
expect_rc 0 taxonomy --no-default
if [ -s "$tmp/out" ]; then fail "taxonomy --no-default printed categories"; else ok; fi
expect_rc 0 taxonomy --pack "$data/overlay_ok.json"
expect_in out "contact.email.work"
expect_not_in out "identity.signature"
expect_rc 1 taxonomy --pack "$data/overlay_bad.json"
expect_in err "overlay_bad.json:7:"
expect_rc 2 taxonomy --pack "$tmp/missing.json"

# --- rules check
expect_rc 0 rules check "$srcdir/rules/default.json" --no-default
expect_in out "ok (1"
expect_rc 0 rules check "$data/overlay_ok.json"
expect_in out "overlay_ok.json: ok"
expect_rc 1 rules check "$data/overlay_bad.json"
expect_in out "overlay_bad.json:7:37: error: unknown category \"contact.pager\" (at purposes.newsletter.required[1])"
expect_rc 1 rules check "$data/syntax_error.json"
expect_in out "syntax_error.json:5:3: error: trailing comma before '}'"
expect_rc 1 rules check "$data/overlay_ok.json" "$data/overlay_bad.json"
expect_in out "overlay_ok.json: ok"
expect_rc 2 rules check "$data/overlay_ok.json" "$tmp/missing.json"
expect_in err "missing.json"
expect_rc 2 rules check
expect_rc 2 rules check --frob x
expect_rc 2 rules
expect_rc 2 rules frob
printf '{"comply_pack": 2}' >"$tmp/v2.json"
expect_rc 1 rules check "$tmp/v2.json"
expect_in out "v2.json:1:17: error: unsupported pack format version 2"
# stdin
"$COMPLY" rules check - <"$data/overlay_bad.json" >"$tmp/out" 2>&1
if [ $? -eq 1 ]; then ok; else fail "rules check - on a bad pack"; fi
expect_in out "<stdin>:7:37:"
# no personal data in an error: a value is never echoed unless it is a key
printf '{"comply_pack": 1, "taxonomy": {"a": {"label": {"en": "x"}, "kind": "jean.dupont@example.org"}}}' >"$tmp/val.json"
expect_rc 1 rules check "$tmp/val.json"
expect_in out "is not one of: base"

# --- rules dump
expect_rc 0 rules dump
expect_in out "packs layered: 1"
expect_in out "taxonomy"
expect_rc 0 rules dump --json --pack "$data/overlay_ok.json"
cp "$tmp/out" "$tmp/dump.json"
expect_rc 0 rules check --no-default "$tmp/dump.json"
expect_rc 0 rules dump --json --no-default --pack "$tmp/dump.json"
if cmp -s "$tmp/out" "$tmp/dump.json"; then ok; else fail "rules dump --json does not round-trip"; fi
expect_rc 2 rules dump --frob

# --- classify (values): JSON Lines contract, byte for byte
printf 'someone@example.org\r\n+33 6 12 34 56 78\nhello\n\nFR7630006000011234567890189\n' >"$tmp/values.txt"
expect_rc 0 classify --values-from "$tmp/values.txt" --json
cat >"$tmp/want" <<'JSON'
{"input":"someone@example.org","category":"contact.email","confidence":0.95,"by":"email"}
{"input":"+33 6 12 34 56 78","category":"contact.phone","confidence":0.9,"by":"phone_fr"}
{"input":"hello","category":null,"confidence":0,"by":null}
{"input":"","category":null,"confidence":0,"by":null}
{"input":"FR7630006000011234567890189","category":"financial.iban","confidence":0.95,"by":"iban"}
JSON
if cmp -s "$tmp/out" "$tmp/want"; then ok; else fail "classify --values-from --json output"; diff "$tmp/want" "$tmp/out" | head; fi
"$COMPLY" classify --values-from - --json <"$tmp/values.txt" >"$tmp/out2" 2>&1
if cmp -s "$tmp/out2" "$tmp/want"; then ok; else fail "classify --values-from - differs from the file"; fi
expect_rc 0 classify --value 4111111111111111 --value 4111111111111112 --json
expect_in out '{"input":"4111111111111111","category":"financial.payment_card","confidence":0.9,"by":"payment_card"}'
expect_in out '{"input":"4111111111111112","category":null,"confidence":0,"by":null}'
expect_rc 0 classify --value someone@example.org --min-confidence 0.99 --json
expect_in out '"category":null'
expect_rc 0 classify --value someone@example.org
expect_in out "contact.email"
expect_rc 2 classify
expect_rc 2 classify --value
expect_rc 2 classify --value x --min-confidence 2
expect_rc 2 classify --values-from "$tmp/missing.txt"
printf 'bad \377\376 utf8\n' >"$tmp/bad.txt"
expect_rc 0 classify --values-from "$tmp/bad.txt" --json
if /usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$tmp/out"; then ok; else fail "classify --json on invalid UTF-8 is not valid JSON"; fi

# --- classify (names)
printf 'e_mail\ndateNaissance\nT\303\251l\303\251phone portable\ncreated_at\nid\nnom_fichier\n' >"$tmp/names.txt"
expect_rc 0 classify --names-from "$tmp/names.txt" --json
expect_in out '{"input":"e_mail","category":"contact.email",'
expect_in out '{"input":"dateNaissance","category":"identity.birth_date",'
expect_in out '"input":"Téléphone portable","category":"contact.phone"'
expect_in out '{"input":"created_at","category":null,"confidence":0,"by":null}'
expect_in out '{"input":"id","category":null,"confidence":0,"by":null}'
expect_in out '{"input":"nom_fichier","category":null,"confidence":0,"by":null}'
if [ "$(wc -l <"$tmp/out")" -eq 6 ]; then ok; else fail "classify --names-from: one line per name"; fi
expect_rc 0 classify --name courriel --value jean@example.org --json
if [ "$(sed -n 1p "$tmp/out")" = '{"input":"courriel","category":"contact.email","confidence":1,"by":"courriel"}' ]; then ok; else fail "classify keeps the order of mixed inputs"; cat "$tmp/out"; fi
expect_in out '{"input":"jean@example.org","category":"contact.email","confidence":0.95,"by":"email"}'
expect_rc 2 classify --names-from

# --- scan: JSON Lines contract, byte for byte
printf '\303\211crire \303\240 someone@example.org\nou appeler le 06 12 34 56 78.\n' >"$tmp/text.txt"
expect_rc 0 scan "$tmp/text.txt" --json
cat >"$tmp/want" <<'JSON'
{"start":11,"end":30,"line":1,"category":"contact.email","confidence":0.95,"by":"email"}
{"start":45,"end":59,"line":2,"category":"contact.phone","confidence":0.95,"by":"phone_fr"}
JSON
if cmp -s "$tmp/out" "$tmp/want"; then ok; else fail "scan --json output"; diff "$tmp/want" "$tmp/out" | head; fi
expect_not_in out "someone"
"$COMPLY" scan --json <"$tmp/text.txt" >"$tmp/out2" 2>&1
if cmp -s "$tmp/out2" "$tmp/want"; then ok; else fail "scan from stdin differs"; fi
expect_rc 0 scan "$tmp/text.txt" --json --show-values
expect_in out '"value":"someone@example.org"'
expect_rc 0 scan "$tmp/text.txt"
expect_in out "text.txt:1:10: contact.email (0.950)"
expect_in out "text.txt:2:15: contact.phone (0.950)"
expect_not_in out "someone"
expect_rc 0 scan "$srcdir/examples/data/tickets.txt" --min-confidence 0.99
expect_in out "financial.iban"
expect_not_in out "contact.email"
expect_rc 2 scan "$tmp/missing.txt"
expect_rc 2 scan --frob
head -c 300000 /dev/urandom >"$tmp/random.bin"
expect_rc 0 scan "$tmp/random.bin" --json

# --- redact: byte-identical outside the values
expect_rc 0 redact "$tmp/text.txt"
printf '\303\211crire \303\240 [EMAIL]\nou appeler le [PHONE].\n' >"$tmp/want"
if cmp -s "$tmp/out" "$tmp/want"; then ok; else fail "redact --style tag output"; fi
expect_rc 0 redact "$tmp/text.txt" --style mask
printf '\303\211crire \303\240 *******@*******.***\nou appeler le ** ** ** ** **.\n' >"$tmp/want"
if cmp -s "$tmp/out" "$tmp/want"; then ok; else fail "redact --style mask output"; cat "$tmp/out"; fi
printf 'carte 4111 1111 1111 1111 ok\n' | "$COMPLY" redact --style partial >"$tmp/out"
if [ "$(cat "$tmp/out")" = "carte **** **** **** 1111 ok" ]; then ok; else fail "redact --style partial"; cat "$tmp/out"; fi
expect_rc 2 redact "$tmp/text.txt" --style blur
expect_rc 0 redact "$tmp/random.bin"
if cmp -s "$tmp/out" "$tmp/random.bin"; then ok; else
    # random bytes may hold a value by chance; everything else must be kept
    if [ "$(wc -c <"$tmp/out")" -gt 0 ]; then ok; else fail "redact lost the text"; fi
fi
"$COMPLY" redact <"$srcdir/examples/data/tickets.txt" >"$tmp/out"
if grep -q "@" "$tmp/out"; then fail "redact left an email"; else ok; fi
if [ "$(wc -l <"$tmp/out")" -eq "$(wc -l <"$srcdir/examples/data/tickets.txt")" ]; then ok; else fail "redact changed the line count"; fi

# --- date and duration
printf '2000-02-29 P1Y1M\n2023-02-29 P1D\n2021-01-31 P1M\r\n2021-03-30\tP1M1D\n9999-12-31 P1D\nnonsense\n' >"$tmp/dates.txt"
expect_rc 1 date add --from "$tmp/dates.txt"
printf '2001-03-29\nerror: day 29 does not exist in that month\n2021-02-28\n2021-05-01\nerror: the result falls outside years 0001 to 9999\nerror: expected a date and a duration\n' >"$tmp/want"
if cmp -s "$tmp/out" "$tmp/want"; then ok; else fail "date add --from"; diff "$tmp/want" "$tmp/out"; fi
printf '2021-03-31 P1M\n' | "$COMPLY" date sub --from - >"$tmp/out"
if [ "$(cat "$tmp/out")" = "2021-02-28" ]; then ok; else fail "date sub --from -"; fi
expect_rc 0 date add 31/01/2024 P1M
expect_in out "2024-02-29"
expect_rc 1 date add 2024-01-31 PT72H
expect_in err "time part"
expect_rc 2 date add 2024-01-31
expect_rc 2 date mul 2024-01-31 P1D
expect_rc 0 duration parse p1y2w --json
expect_in out '{"input":"p1y2w","canonical":"P1Y2W","years":1,"months":0,"weeks":2,"days":0,"hours":0,"minutes":0,"seconds":0}'
expect_rc 0 duration parse PT72H
expect_in out "PT72H"
for bad in P1.5Y P -P1D PT P1Y1Y P1D2M P1DX ""; do
    expect_rc 1 duration parse "$bad"
    if [ -s "$tmp/err" ]; then ok; else fail "duration parse '$bad' gave no message"; fi
done
expect_rc 2 duration parse

finish
