#!/usr/bin/python3
"""An ETL step with the comply package, on the bundled shop database.

1. classifies every column of the customers table from its name and a
   sample of its values (comply.Rules.classify_column);
2. redacts the free-text column support_tickets.message (Rules.redact) and
   writes the redacted rows to stdout, or to a CSV file with --out; then
   does the same for tickets exported as text (examples/data/tickets.txt);
3. lists the newsletter subscriptions due for deletion (Rules.due): the
   CNIL keeps prospects' data 3 years from collection (rule crm.prospect).

The database is opened read-only and never changed.  Only category names,
counts, record ids, dates and redacted text are printed: no personal value.

    examples/etl_step.py [--db PATH] [--today YYYY-MM-DD] [--out FILE.csv]
"""

import argparse
import csv
import datetime
import pathlib
import sqlite3
import sys

import comply

SAMPLE_SIZE = 20


def open_read_only(path):
    uri = pathlib.Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True)


def classify_columns(rules, db, table):
    """Yields (column, result) for every column of table."""
    columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
    for column in columns:
        rows = db.execute(f'SELECT "{column}" FROM "{table}" LIMIT ?', (SAMPLE_SIZE,))
        values = [None if value is None else str(value) for (value,) in rows]
        yield column, rules.classify_column(column, values)


def redact_tickets(rules, db, out):
    writer = csv.writer(out)
    writer.writerow(["id", "opened_at", "message"])
    count = 0
    for ticket_id, opened_at, message in db.execute(
            "SELECT id, opened_at, message FROM support_tickets ORDER BY id"):
        writer.writerow([ticket_id, opened_at, rules.redact(message or "", style="tag")])
        count += 1
    return count


def subscriptions_due(rules, db, today):
    rows = db.execute("SELECT id, subscribed_at FROM newsletter_subscriptions ORDER BY id").fetchall()
    # The column holds ISO 8601 instants; the retention rules work on dates.
    records = [{"collection": subscribed_at[:10]} for _, subscribed_at in rows]
    due = rules.due(records, purpose="newsletter", category="contact.email", today=today)
    return [(rows[entry["index"]][0], entry["deadline"]) for entry in due]


def main(argv=None):
    here = pathlib.Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=here / "data" / "shop.db", help="SQLite database (read-only)")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date.today())
    parser.add_argument("--tickets", default=here / "data" / "tickets.txt",
                        help="free-text tickets, one a line, to redact as well")
    parser.add_argument("--out", help="write the redacted tickets to this CSV file instead of stdout")
    args = parser.parse_args(argv)

    rules = comply.Rules.default()
    db = open_read_only(args.db)
    try:
        print("== columns of customers")
        for column, result in classify_columns(rules, db, "customers"):
            category = result["category"] or "-"
            print(f"{column:16} {category:28} {result['confidence']:.2f}")

        print("== support_tickets.message, redacted")
        if args.out:
            with open(args.out, "w", newline="", encoding="utf-8") as out:
                count = redact_tickets(rules, db, out)
            print(f"{count} tickets written to {args.out}")
        else:
            redact_tickets(rules, db, sys.stdout)

        print(f"== {pathlib.Path(args.tickets).name}, redacted")
        with open(args.tickets, encoding="utf-8") as tickets:
            for line in tickets:
                print(rules.redact(line.rstrip("\n"), style="partial"))

        print(f"== newsletter subscriptions due for deletion on {args.today}")
        due = subscriptions_due(rules, db, args.today)
        for record_id, deadline in due:
            if deadline["stage"] == "unknown":
                # A missing date is reported, never guessed: someone must look.
                print(f"subscription {record_id}: unknown (no {deadline['missing_event']} date)")
            elif deadline["stage"] == "hold":
                print(f"subscription {record_id}: on legal hold (rule {deadline['rule']})")
            else:
                print(f"subscription {record_id}: {deadline['stage']} since {deadline['next_date']}"
                      f" (rule {deadline['rule']})")
        print(f"{sum(d['stage'] in ('archive', 'delete_due') for _, d in due)} due")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
