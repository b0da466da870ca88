"""examples/etl_step.py runs, and prints no personal value."""

import os
import sqlite3
import subprocess
import sys


def run_example(srcdir, *args):
    return subprocess.run([sys.executable, str(srcdir / "examples" / "etl_step.py"), *args],
                          capture_output=True, text=True, env=os.environ.copy(), check=False)


def personal_values(srcdir):
    db = sqlite3.connect((srcdir / "examples" / "data" / "shop.db").resolve().as_uri() + "?mode=ro", uri=True)
    try:
        values = set()
        for table, columns in (("customers", "first_name, last_name, email, phone, street"),
                               ("orders", "card_number, iban, client_ip"),
                               ("newsletter_subscriptions", "email, opt_in_ip")):
            for row in db.execute(f"SELECT {columns} FROM {table}"):
                values.update(str(v) for v in row if v)
        return values
    finally:
        db.close()


def test_etl_step_output(srcdir):
    result = run_example(srcdir, "--today", "2026-12-31")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "email            contact.email" in out
    assert "birth_date       identity.birth_date" in out
    assert "Mon adresse est [EMAIL]" not in out  # partial style in the text section
    assert "Mon adresse est ******.******@*******.**" in out
    assert "**** **** **** 7893" in out
    assert "subscription 4: delete_due since 2026-02-16 (rule crm.prospect)" in out
    assert out.rstrip().endswith("18 due")
    for value in personal_values(srcdir):
        assert value not in out, "a personal value is printed"
    for value in ("jeanne.martin@exemple.fr", "06 12 34 56 78", "4970 1012 3456 7893"):
        assert value not in out


def test_etl_step_writes_a_csv(srcdir, tmp_path):
    out = tmp_path / "tickets.csv"
    result = run_example(srcdir, "--today", "2024-01-01", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "24 tickets written" in result.stdout
    assert out.read_text().splitlines()[0] == "id,opened_at,message"
    assert result.stdout.rstrip().endswith("0 due")


def test_etl_step_never_modifies_the_database(srcdir, tmp_path):
    missing = tmp_path / "absent.db"
    result = run_example(srcdir, "--db", str(missing))
    assert result.returncode != 0
    assert not missing.exists()
