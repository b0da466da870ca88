#!/bin/sh
# Tests of the data-map example (examples/data_map.c) on the sample CRM
# export and shop database, and on hostile CSV files.
# Environment: DATA_MAP (the program) and srcdir (the source tree), set by make.
: "${DATA_MAP:=./examples/data_map}" "${srcdir:=.}"
RUN=$DATA_MAP
. "$srcdir/tests/cli/harness.sh"

# expect_order A B: line A comes before line B in the output.
expect_order() {
    a=$(grep -nxF -- "$1" "$tmp/out" | head -1 | cut -d: -f1)
    b=$(grep -nxF -- "$2" "$tmp/out" | head -1 | cut -d: -f1)
    if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then ok; else fail "'$1' (line $a) not before '$2' (line $b)"; fi
}
# expect_under CATEGORY_LINE COLUMN_LINE: the column is listed right under its category.
expect_under() {
    if grep -A1 -xF -- "$1" "$tmp/out" | tail -1 | grep -qxF -- "$2"; then ok; else fail "'$2' not right under '$1'"; fi
}

csv=$srcdir/examples/data/crm_sample.csv
db=$srcdir/examples/data/shop.db

# --- usage
expect_rc 2
expect_in err "usage: data_map"
expect_rc 2 --frob "$csv"
expect_rc 2 "$csv" "$csv"
expect_rc 2 --lang

# --- the CRM export: ';' delimiter, CRLF, quoted fields
expect_rc 0 "$csv"
expect_in out "data map of $csv: 22 columns, up to 30 rows sampled"
expect_order "Base data" "Behavioural data"
expect_order "Behavioural data" "Attitudinal data"
expect_order "Attitudinal data" "Other personal data"
expect_order "Other personal data" "Not personal data, or not recognised"
expect_under "  contact.email (Email address)" "    e_mail  1.00"
expect_under "  identity.birth_date (Date of birth)" "    date_de_naissance  1.00"
expect_under "  identity.national_id (National identification number) [sensitive]" "    numero_securite_sociale  1.00"
expect_under "  attitudinal.satisfaction (Satisfaction)" "    satisfaction  1.00"
expect_under "  financial.iban (IBAN) [sensitive]" "    IBAN  1.00"
expect_under "  special.health (Health) [GDPR Art. 9] [sensitive]" "    allergies_alimentaires  1.00"
expect_in out "    id  (technical key)"
# no value of the file is ever printed
for value in jade.dubois62@example.net FR7293485813728360567125655 "06 39 98 81 94" 296103486551877 \
             198.51.100.198 Toulouse Dubois gluten; do
    expect_not_in out "$value"
done
expect_rc 0 --lang fr "$csv"
expect_in out "Données de base"
expect_in out "  contact.email (Adresse électronique)"
expect_in out "Autres données personnelles"

# --- the shop database, as FILE.db and as sqlite:PATH
expect_rc 0 "$db"
cp "$tmp/out" "$tmp/db.out"
expect_in out "data map of $db: 34 columns"
expect_under "  interaction.order (Orders)" "    orders.ordered_at  1.00"
expect_in out "    customers.email  1.00"
expect_in out "    newsletter_subscriptions.email  1.00"
expect_in out "    orders.iban  1.00"
expect_in out "    orders.id  (technical key)"
expect_not_in out "@example"
expect_rc 0 "sqlite:$db"
if cmp -s "$tmp/out" "$tmp/db.out"; then ok; else fail "sqlite:PATH and PATH.db differ"; fi

# --- ',' delimiter, a byte order mark, quotes with "" and a delimiter inside, LF
printf '\357\273\277email,nom,"note, libre"\n"a@example.org",Dupont,"dit ""bonjour"", merci"\nb@example.org,Durand,\n' >"$tmp/comma.csv"
expect_rc 0 "$tmp/comma.csv"
expect_in out "3 columns, up to 2 rows sampled"
expect_under "  contact.email (Email address)" "    email  1.00"
expect_in out "    note, libre"
expect_not_in out "bonjour"

# --- the sample stops at 200 rows
{ echo "id;courriel"; i=0; while [ $i -lt 500 ]; do echo "$i;user$i@example.org"; i=$((i + 1)); done; } >"$tmp/big.csv"
expect_rc 0 "$tmp/big.csv"
expect_in out "2 columns, up to 200 rows sampled"
expect_in out "    courriel  1.00"

# --- hostile input
printf 'a;b\n"open;1\n2;3\n' >"$tmp/quote.csv"
expect_rc 1 "$tmp/quote.csv"
expect_in err "quote.csv:2: malformed quoted field"
printf 'a;b\n"x"y;1\n' >"$tmp/after.csv"
expect_rc 1 "$tmp/after.csv"
printf '' >"$tmp/empty.csv"
expect_rc 0 "$tmp/empty.csv"
expect_in out "0 columns"
printf 'nom\xff\xfe;e\0mail\n\xc3;x\n' >"$tmp/bytes.csv"
expect_rc 0 "$tmp/bytes.csv"
expect_rc 1 "$tmp/missing.csv"
expect_in err "cannot read"
expect_rc 1 "sqlite:$tmp/comma.csv"
expect_in err "not a database"
expect_rc 1 "sqlite:$tmp/missing.db"

finish
