"""examples/rights_request.py answers an access request from the shop database."""

import json
import os
import sqlite3
import subprocess
import sys


def run_example(srcdir, *args):
    return subprocess.run([sys.executable, str(srcdir / "examples" / "rights_request.py"), *args],
                          capture_output=True, text=True, env=os.environ.copy(), check=False)


def shop(srcdir):
    return sqlite3.connect((srcdir / "examples" / "data" / "shop.db").resolve().as_uri() + "?mode=ro", uri=True)


def customer_with_orders(srcdir):
    """An address with orders, and the number of rows of each table that belong to it."""
    db = shop(srcdir)
    try:
        email, cid = db.execute("SELECT c.email, c.id FROM customers c JOIN orders o ON o.customer_id = c.id "
                                "GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1").fetchone()
        counts = {
            "customers": 1,
            "orders": db.execute("SELECT count(*) FROM orders WHERE customer_id = ?", (cid,)).fetchone()[0],
            "support_tickets": db.execute("SELECT count(*) FROM support_tickets WHERE customer_id = ?",
                                          (cid,)).fetchone()[0],
            "newsletter_subscriptions": db.execute(
                "SELECT count(*) FROM newsletter_subscriptions WHERE lower(email) = lower(?)", (email,)).fetchone()[0],
        }
        cards = [row[0] for row in db.execute("SELECT card_number FROM orders WHERE customer_id = ? "
                                              "AND card_number IS NOT NULL", (cid,))]
        return email, {t: n for t, n in counts.items() if n}, cards
    finally:
        db.close()


def test_answer_holds_every_record_and_the_deadline(srcdir, tmp_path):
    email, counts, cards = customer_with_orders(srcdir)
    out = tmp_path / "answer.json"
    # Received on 31 January 2026: 28 February is a Saturday, so the answer is due Monday 2 March.
    result = run_example(srcdir, "--email", email.upper(), "--received", "2026-01-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "answer due by 2026-03-02" in result.stderr
    assert email not in result.stdout + result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["request"]["answer_due"] == "2026-03-02"
    assert doc["request"]["article"] == "GDPR Art. 15"
    assert {t: len(part["records"]) for t, part in doc["data"].items()} == counts
    customer = doc["data"]["customers"]
    assert customer["records"][0]["email"] == email
    assert customer["categories"]["email"] == "contact.email"
    assert customer["categories"]["birth_date"] == "identity.birth_date"
    if cards:
        orders = doc["data"]["orders"]
        assert orders["categories"]["card_number"] == "financial.payment_card"
        exported = [r["card_number"] for r in orders["records"] if r["card_number"]]
        assert len(exported) == len(cards)
        for full, masked in zip(cards, exported):
            assert masked != full and masked.endswith(full[-4:]) and "*" in masked


def test_extended_request_gets_three_months(srcdir):
    email, _, _ = customer_with_orders(srcdir)
    result = run_example(srcdir, "--email", email, "--received", "2026-01-14", "--extended", "--out", "-")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["request"]["answer_due"] == "2026-04-14"
    assert doc["request"]["extended"] is True


def test_unknown_address_and_bad_date(srcdir):
    result = run_example(srcdir, "--email", "nobody@nowhere.invalid", "--received", "2026-01-31")
    assert result.returncode == 1
    assert "no record" in result.stderr
    result = run_example(srcdir, "--email", "x@example.org", "--received", "2026-02-30")
    assert result.returncode == 2


def test_without_out_nothing_personal_is_printed(srcdir):
    email, _, _ = customer_with_orders(srcdir)
    result = run_example(srcdir, "--email", email, "--received", "2026-01-31")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert email not in result.stderr
