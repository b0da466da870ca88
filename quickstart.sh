#!/bin/sh
# Sets everything up on a Debian machine and runs the main job on the
# bundled sample data with the default rules.
#   1. installs the Debian build dependencies that are missing (apt-get);
#   2. configures and builds libcomply and the `comply` tool;
#   3. shows the smaller commands on the samples, then runs the main job,
#      comply audit, on the sample company and prints where its report is.
set -eu
cd "$(dirname "$0")"

missing=""
for pkg in $(grep -v '^#' .ci/debian-packages); do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
    echo "== installing:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

echo "== building"
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure -q
make -j2 -s

echo "== checking the bundled rule packs (comply rules check)"
./comply rules check --no-default rules/default.json
./comply rules check examples/packs/*.json
echo
echo "== personal values in the sample support tickets (comply scan)"
./comply scan examples/data/tickets.txt
echo
echo "== the same tickets, redacted (comply redact)"
./comply redact examples/data/tickets.txt | head -n 2
echo
echo "== which columns of the sample CRM export hold personal data (comply columns)"
./comply columns examples/data/crm_sample.csv | head -n 12
echo "   ..."
echo
echo "== what the sample CRM export must archive or delete (comply retention due)"
./comply retention due examples/data/crm_due.csv --purpose email_prospecting --category contact.email \
    --event collection=collected_on --event last_contact_from_person=last_contact_on \
    --event end_of_relationship=relationship_end --event legal_hold=legal_hold \
    --key client_id --today 2025-06-01
echo
echo "== a sample newsletter form, then a sign-up form with findings (comply check)"
./comply check examples/collections/newsletter_ok.json
./comply check examples/collections/signup_findings.json || true
if [ -f bindings/lua/.libs/comply.so ]; then
    echo
    echo "== a request-body filter for a newsletter endpoint, in Lua: a clean request, then one it rejects"
    LUA_CPATH_5_4='bindings/lua/.libs/?.so;;' lua5.4 examples/request_filter.lua examples/data/request_clean.json
    LUA_CPATH_5_4='bindings/lua/.libs/?.so;;' lua5.4 examples/request_filter.lua examples/data/request_forbidden.json || true
fi
echo
echo "== the main job: audit the sample company (comply audit, manifest examples/data/audit.json)"
# Exit status 1 means the audit found problems, which the samples have on purpose.
./comply audit examples/data --format html --out comply-audit.html --ropa comply-ropa.html \
    --today 2025-06-01 --quiet || [ $? -eq 1 ]
