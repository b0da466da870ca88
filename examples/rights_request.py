#!/usr/bin/python3
"""Answering a data subject's access request with the comply package.

Someone writes in and asks for a copy of their data (GDPR Art. 15). This
script, run on the bundled shop database:

1. computes when the answer is due: one month from receipt, or three when
   the controller extends it for a complex request (Art. 12(3)), counted as
   Regulation 1182/71 says and moved past weekends and French public
   holidays (comply.rights_deadline);
2. finds every record of the person, by email address: the customer row,
   their orders, their support tickets, their newsletter subscriptions;
3. labels every column with its category (Rules.classify_column), so the
   answer says what kind of data each value is, and masks payment card
   numbers and IBANs down to their last four characters: the answer travels
   by email or download, and a full card number has no place in it;
4. writes the answer as one JSON document (--out FILE, or - for stdout).

The database is opened read-only.  Without --out, only counts and the
deadline are printed: the person's data is written only where asked.

    examples/rights_request.py --email ADDRESS [--received YYYY-MM-DD]
                               [--extended] [--db PATH] [--out FILE|-]

Exit status: 0 the answer is ready, 1 no record of that address, 2 usage.
"""

import argparse
import datetime
import json
import pathlib
import sqlite3
import sys

import comply

# Where the person's records are: table, and how a row is tied to them.
SOURCES = (
    ("customers", "SELECT * FROM customers WHERE lower(email) = lower(?)", "email"),
    ("orders", "SELECT o.* FROM orders o JOIN customers c ON o.customer_id = c.id "
               "WHERE lower(c.email) = lower(?) ORDER BY o.id", "email"),
    ("support_tickets", "SELECT t.* FROM support_tickets t JOIN customers c ON t.customer_id = c.id "
                        "WHERE lower(c.email) = lower(?) ORDER BY t.id", "email"),
    ("newsletter_subscriptions", "SELECT * FROM newsletter_subscriptions WHERE lower(email) = lower(?) "
                                 "ORDER BY id", "email"),
)

# Categories whose values are masked in the answer (Rules.redact, style "partial").
MASKED = ("financial.payment_card", "financial.iban")


def open_read_only(path):
    uri = pathlib.Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True)


def fetch(db, query, email):
    cursor = db.execute(query, (email,))
    columns = [d[0] for d in cursor.description]
    return columns, [dict(zip(columns, row)) for row in cursor.fetchall()]


def column_categories(rules, columns, rows):
    """The category of each column, from its name and the person's values."""
    categories = {}
    for column in columns:
        values = [None if row[column] is None else str(row[column]) for row in rows]
        categories[column] = rules.classify_column(column, values)["category"]
    return categories


def mask(rules, categories, rows):
    for row in rows:
        for column, category in categories.items():
            value = row[column]
            if category in MASKED and isinstance(value, str):
                row[column] = rules.redact(value, style="partial")


def collect(rules, db, email):
    """{table: {"categories": {...}, "records": [...]}} for the tables that hold something."""
    found = {}
    for table, query, _ in SOURCES:
        columns, rows = fetch(db, query, email)
        if not rows:
            continue
        categories = column_categories(rules, columns, rows)
        mask(rules, categories, rows)
        found[table] = {"categories": categories, "records": rows}
    return found


def answer(email, received, extended, found):
    due = comply.rights_deadline(received, extended=extended)
    return {
        "request": {
            "right": "access",
            "article": "GDPR Art. 15",
            "received": received.isoformat(),
            "extended": extended,
            "answer_due": due.isoformat(),
            "deadline_rule": "GDPR Art. 12(3); Regulation (EEC, Euratom) No 1182/71, art. 3",
            "identified_by": "email",
        },
        "subject": {"email": email},
        "data": found,
    }


def parse_args(argv):
    here = pathlib.Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True, help="the address the person wrote from")
    parser.add_argument("--received", type=datetime.date.fromisoformat, default=datetime.date.today(),
                        help="the day the request arrived (default: today)")
    parser.add_argument("--extended", action="store_true",
                        help="a complex request: three months instead of one (the person must be told why)")
    parser.add_argument("--db", default=str(here / "data" / "shop.db"), help="the shop database")
    parser.add_argument("--out", help="write the answer (JSON) to this file, or - for stdout")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    rules = comply.Rules.default()
    with open_read_only(args.db) as db:
        found = collect(rules, db, args.email)
    if not found:
        print("no record of this address in %s" % args.db, file=sys.stderr)
        return 1
    document = answer(args.email, args.received, args.extended, found)
    counts = ", ".join("%s %d" % (table, len(part["records"])) for table, part in found.items())
    print("records found: %s" % counts, file=sys.stderr)
    print("answer due by %s (received %s%s)" % (document["request"]["answer_due"], args.received,
                                                ", extended" if args.extended else ""), file=sys.stderr)
    if args.out == "-":
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False, indent=2)
            f.write("\n")
        print("answer written to %s" % args.out, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
