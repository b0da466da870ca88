"""Reads back what `comply ropa` wrote: ropa_check.py FORMAT FILE [LANG].

json: the library's document; csv: RFC 4180 through the csv module (CRLF
line ends, quotes doubled, one row per processing); html: html.parser, a
self-contained page with an A4 @page rule and one row per processing.
Exits non-zero with a message when the output is not what doc/ropa.md says.
"""
import csv
import html.parser
import io
import json
import sys

COLUMNS = {
    "fr": ["Référence", "Traitement", "Responsable du traitement", "Délégué à la protection des données",
           "Finalité", "Base légale", "Mesures de sécurité", "Catégories de données personnelles",
           "Données sensibles (art. 9) ou pénales (art. 10)", "Durées de conservation",
           "Catégories de personnes concernées", "Destinataires", "Transferts hors UE/EEE", "Déclarations"],
    "en": ["Reference", "Processing", "Controller", "Data protection officer", "Purpose", "Legal basis",
           "Security measures", "Categories of personal data",
           "Special categories (Art. 9) or criminal data (Art. 10)", "Retention periods",
           "Categories of data subjects", "Recipients", "Transfers outside the EEA", "Declarations"],
}
PURPOSES = ["newsletter", "online_account", "customer_management", "after_sales_support"]


def check_json(data):
    d = json.loads(data.decode("utf-8"))
    assert set(d) == {"template", "generated_by", "lang", "controller", "dpo", "entries"}, d.keys()
    assert "CNIL" in d["template"] and d["generated_by"].startswith("libcomply ")
    assert d["controller"]["name"] == "Maison Lumière SAS"
    assert [e["purpose"] for e in d["entries"]] == PURPOSES
    keys = {"purpose", "label", "description", "legal_basis", "controller", "dpo", "subjects", "categories",
            "retention", "recipients", "transfers", "security", "sources"}
    for e in d["entries"]:
        assert set(e) == keys, set(e) ^ keys
        assert e["categories"] and all(set(c) == {"key", "label", "kind", "special", "criminal"} for c in e["categories"])
        assert e["retention"] and all(r["source"] and r["rule"] and r["categories"] for r in e["retention"])
    support = d["entries"][3]
    assert support["transfers"] == [{"country": "US", "mechanism": "scc",
                                     "safeguard": support["transfers"][0]["safeguard"],
                                     "recipient": "Helpdesk Software Inc."}]
    assert "46(2)(c)" in support["transfers"][0]["safeguard"]
    return d["lang"]


def check_csv(data, lang):
    assert b"\r\n" in data and data.endswith(b"\r\n"), "CSV lines must end with CRLF"
    assert data.count(b"\n") == data.count(b"\r\n"), "bare LF in CSV"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == COLUMNS[lang], rows[0]
    assert [r[0] for r in rows[1:]] == PURPOSES, [r[0] for r in rows[1:]]
    assert all(len(r) == len(COLUMNS[lang]) for r in rows)
    orders = rows[3]
    # several values in one cell, joined with "; "
    assert "; " in orders[COLUMNS[lang].index(COLUMNS[lang][11])], orders[11]
    return rows


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.style, self.rows, self.headers = [], [], "", [], []
        self.cell = None
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag not in ("meta", "br", "link", "img"):
            self.stack.append(tag)
        if tag in ("script", "img", "link", "iframe") or a.get("src") or (tag == "link" and a.get("href")):
            self.external.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, "unbalanced </%s> after %s" % (tag, self.stack[-3:])
        self.stack.pop()
        if tag in ("td", "th"):
            (self.headers if tag == "th" else self.rows[-1]).append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style += data
        if self.cell is not None:
            self.cell += data


def check_html(data, lang, hostile):
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    p = Page()
    p.feed(text)
    p.close()
    assert not p.stack, "unclosed: %s" % p.stack
    assert not p.external, "not self-contained: %s" % p.external
    assert "@page" in p.style and "A4" in p.style, p.style
    assert p.headers == COLUMNS[lang], p.headers
    body = [r for r in p.rows if r]
    assert [r[0] for r in body] == PURPOSES[: len(body)] or hostile
    assert all(len(r) == len(COLUMNS[lang]) for r in body)
    if hostile:
        assert "<script>" not in text and any("<script>" in c for r in body for c in r), "not escaped"


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    lang = sys.argv[3] if len(sys.argv) > 3 else "fr"
    data = open(path, "rb").read()
    if fmt == "json":
        assert check_json(data) == lang
    elif fmt == "csv":
        check_csv(data, lang)
    elif fmt == "html":
        check_html(data, lang, False)
    elif fmt == "hostile-html":
        check_html(data, lang, True)
    else:
        sys.exit("unknown format " + fmt)


if __name__ == "__main__":
    main()
