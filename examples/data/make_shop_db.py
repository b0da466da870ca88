#!/usr/bin/python3
"""Regenerates the sample data of `comply columns`, for a made-up shop.

Writes, next to this script (or into OUTDIR):
  shop.db          SQLite database: customers, orders, support_tickets,
                   newsletter_subscriptions
  crm_sample.csv   the CRM export of the same shop: 30 customers, French and
                   English column names, ';' delimiter, CRLF, quoted fields

Usage: /usr/bin/python3 make_shop_db.py [OUTDIR]

Everything is made up and deterministic (fixed seed): names from a short
list, e-mail domains reserved for documentation (RFC 2606), phone numbers
from the ranges ARCEP keeps for fiction (06 39 98, 01 99 00), IP addresses
from the documentation ranges (RFC 5737, RFC 3849). Checksummed values pass
their checks: IBANs (ISO 13616 mod 97), card numbers (Luhn), French NIRs
(key = 97 - number mod 97).
"""
import csv
import io
import os
import random
import sqlite3
import sys

SEED = 2024
FIRST = ["Camille", "Léa", "Hugo", "Chloé", "Lucas", "Inès", "Louis", "Manon",
         "Gabriel", "Zoé", "Jules", "Éloïse", "Noah", "Emma", "Arthur", "Jade"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Garnier", "Faure"]
DOMAINS = ["example.com", "example.org", "example.net", "boutique.example"]
CITIES = [("75011", "Paris"), ("69003", "Lyon"), ("13001", "Marseille"),
          ("31000", "Toulouse"), ("33000", "Bordeaux"), ("44000", "Nantes"),
          ("67000", "Strasbourg"), ("59000", "Lille")]
STREETS = ["rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire",
           "place Bellecour", "chemin des Vignes", "rue des Lilas"]
SATISFACTION = ["très satisfait", "satisfait", "neutre", "déçu", "very satisfied"]
OPINIONS = ["Livraison rapide, produit conforme.",
            "Le service client m'a bien aidé, merci !",
            "Prix un peu élevés, mais bonne qualité.",
            'Great product, "exactly" as described.',
            "Emballage abîmé; contenu intact.",
            ""]
# A restaurant-style field: health data, a GDPR Art. 9 special category.
ALLERGIES = ["", "", "", "gluten", "arachides", "lactose", "fruits à coque"]
STATUSES = ["active", "inactive", "prospect", "active"]
SUBJECTS = ["Colis non reçu", "Order arrived damaged", "Changer mon adresse",
            "Remboursement", "Question about my invoice", "Supprimer mon compte"]
MESSAGES = ["Bonjour, ma commande n'est toujours pas arrivée.",
            "Hello, the box was crushed and one item is broken.",
            "Je souhaite modifier l'adresse de livraison de ma prochaine commande.",
            "Merci de me rembourser l'article retourné la semaine dernière.",
            "The invoice shows a wrong amount, could you check?",
            "Merci de supprimer mon compte et mes données (RGPD)."]


def luhn_complete(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return digits + str((10 - total % 10) % 10)


def card(r):
    prefix = r.choice(["4970", "4012", "5132", "5555"])
    body = prefix + "".join(r.choice("0123456789") for _ in range(11))
    n = luhn_complete(body)
    return " ".join(n[i:i + 4] for i in range(0, 16, 4)) if r.random() < 0.5 else n


def iban_fr(r):
    bban = "".join(r.choice("0123456789") for _ in range(23))
    num = "".join(str(int(c, 36)) for c in bban + "FR00")
    iban = "FR%02d%s" % (98 - int(num) % 97, bban)
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if r.random() < 0.5 else iban


def nir(r, sex, year, month):
    base = "%d%02d%02d%02d%03d%03d" % (sex, year % 100, month, r.randrange(1, 96),
                                     r.randrange(1, 990), r.randrange(1, 999))
    return base + "%02d" % (97 - int(base) % 97)


def phone(r):
    if r.random() < 0.7:
        d = "639 98" + "%02d%02d" % (r.randrange(100), r.randrange(100))
        digits = "0" + d.replace(" ", "")
    else:
        digits = "019900%02d%02d" % (r.randrange(100), r.randrange(100))
    if r.random() < 0.3:
        return "+33 " + digits[1] + " " + " ".join(digits[i:i + 2] for i in range(2, 10, 2))
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def ipv4(r):
    return r.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(r.randrange(1, 255))


def ascii_fold(s):
    for a, b in (("é", "e"), ("è", "e"), ("ë", "e"), ("ï", "i"), ("É", "E")):
        s = s.replace(a, b)
    return s.lower()


def make_customers(r, n):
    people = []
    for i in range(n):
        first, last = r.choice(FIRST), r.choice(LAST)
        sex = 2 if first in ("Léa", "Chloé", "Inès", "Manon", "Zoé", "Éloïse", "Emma", "Jade",
                             "Camille") else 1
        year, month, day = r.randrange(1950, 2004), r.randrange(1, 13), r.randrange(1, 29)
        cp, city = r.choice(CITIES)
        people.append({
            "id": 1001 + i, "first": first, "last": last,
            "email": "%s.%s%d@%s" % (ascii_fold(first), ascii_fold(last), r.randrange(10, 99),
                                     r.choice(DOMAINS)),
            "phone": phone(r), "birth": "%04d-%02d-%02d" % (year, month, day),
            "birth_fr": "%02d/%02d/%04d" % (day, month, year),
            "street": "%d, %s" % (r.randrange(1, 150), r.choice(STREETS)), "postcode": cp,
            "city": city, "iban": iban_fr(r), "card": card(r), "nir": nir(r, sex, year, month),
            "ip": ipv4(r), "created": "20%02d-%02d-%02d" % (r.randrange(15, 24), r.randrange(1, 13),
                                                           r.randrange(1, 29)),
            "last_login": "2024-%02d-%02dT%02d:%02d:00Z" % (r.randrange(1, 13), r.randrange(1, 29),
                                                           r.randrange(24), r.randrange(60)),
            "pages": r.randrange(0, 400), "satisfaction": r.choice(SATISFACTION),
            "opinion": r.choice(OPINIONS), "allergies": r.choice(ALLERGIES), "amount": "%d,%02d" % (r.randrange(5, 900), r.randrange(100)),
            "status": r.choice(STATUSES), "points": r.randrange(0, 5000),
        })
    return people


def write_csv(path, people):
    header = ["id", "Civilité", "Prénom", "last_name", "e_mail", "Téléphone", "date_de_naissance",
              "Adresse", "code_postal", "City", "IBAN", "card_number", "numero_securite_sociale",
              "ip_address", "last_login", "pages_vues_30j", "satisfaction", "avis_client",
              "allergies_alimentaires", "montant_total", "statut", "created_at"]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for p in people:
        w.writerow([p["id"], "Mme" if p["nir"][0] == "2" else "M.", p["first"], p["last"], p["email"],
                    p["phone"], p["birth_fr"], p["street"], p["postcode"], p["city"], p["iban"],
                    p["card"], p["nir"], p["ip"], p["last_login"], p["pages"], p["satisfaction"],
                    p["opinion"], p["allergies"], p["amount"], p["status"], p["created"]])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


def write_db(path, r, people):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT UNIQUE,
            phone TEXT, birth_date TEXT, street TEXT, postcode TEXT, city TEXT,
            created_at TEXT, loyalty_points INTEGER);
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
            ordered_at TEXT, total_amount REAL, currency TEXT, status TEXT,
            card_number TEXT, iban TEXT, client_ip TEXT);
        CREATE TABLE support_tickets (
            id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
            opened_at TEXT, channel TEXT, subject TEXT, message TEXT,
            satisfaction_score INTEGER, status TEXT);
        CREATE TABLE newsletter_subscriptions (
            id INTEGER PRIMARY KEY, email TEXT, subscribed_at TEXT, consent_source TEXT,
            opt_in_ip TEXT, unsubscribed_at TEXT);
    """)
    for p in people:
        db.execute("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   (p["id"], p["first"], p["last"], p["email"], p["phone"], p["birth"], p["street"],
                    p["postcode"], p["city"], p["created"], p["points"]))
    order_id = 50001
    for p in people:
        for _ in range(r.randrange(0, 4)):
            pay_by_card = r.random() < 0.8
            db.execute("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?)",
                       (order_id, p["id"], "2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29)),
                        round(r.uniform(5, 500), 2), "EUR",
                        r.choice(["paid", "shipped", "delivered", "refunded"]),
                        p["card"] if pay_by_card else None, None if pay_by_card else p["iban"],
                        ipv4(r)))
            order_id += 1
    for i in range(24):
        p = r.choice(people)
        k = r.randrange(len(SUBJECTS))
        db.execute("INSERT INTO support_tickets VALUES (?,?,?,?,?,?,?,?)",
                   (9001 + i, p["id"], "2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29)),
                    r.choice(["email", "phone", "chat"]), SUBJECTS[k], MESSAGES[k],
                    r.choice([None, 1, 2, 3, 4, 5]), r.choice(["open", "closed", "pending"])))
    for i, p in enumerate(people):
        if r.random() < 0.6:
            db.execute("INSERT INTO newsletter_subscriptions VALUES (?,?,?,?,?,?)",
                       (i + 1, p["email"], "2023-%02d-%02dT10:%02d:00Z" % (r.randrange(1, 13),
                                                                          r.randrange(1, 29), r.randrange(60)),
                        r.choice(["checkout", "footer_form", "contest"]), ipv4(r),
                        r.choice([None, None, "2024-06-01T08:00:00Z"])))
    db.commit()
    db.execute("VACUUM")
    db.close()


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    r = random.Random(SEED)
    people = make_customers(r, 30)
    write_csv(os.path.join(outdir, "crm_sample.csv"), people)
    write_db(os.path.join(outdir, "shop.db"), r, people)


if __name__ == "__main__":
    main()
