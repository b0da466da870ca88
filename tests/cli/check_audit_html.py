#!/usr/bin/python3
"""Checks the structure of a `comply audit --format html` report.

usage: check_audit_html.py REPORT.html [--forbid TEXT]...

Well-formed nesting (void elements aside), a doctype, a viewport meta, no
external resource (no src, no <link>, no url() or @import in the CSS, only
in-page links and links to the GDPR on EUR-Lex), an inline <svg>, sortable
tables, and every row of the findings table linked to its article. Each
--forbid TEXT must not appear anywhere in the file. Exit 0 when it holds,
1 with the reasons otherwise.
"""
import sys
from html.parser import HTMLParser

GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        # SVG elements written self-closed are handled by handle_startendtag
        }


class Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.viewport = False
        self.svg = 0
        self.sortable = 0
        self.in_findings = False
        self.finding_rows = 0
        self.row_links = []
        self.in_row = False
        self.row_has_link = False
        self.in_style = False
        self.style = ""

    def error(self, msg):
        self.errors.append("line %d: %s" % (self.getpos()[0], msg))

    def check_attrs(self, tag, attrs):
        a = dict(attrs)
        if "src" in a:
            self.error("<%s src=...>: no external or embedded resource allowed" % tag)
        href = a.get("href")
        if href is not None and not (href.startswith("#") or href == GDPR):
            self.error("external link %r: only the GDPR on EUR-Lex is allowed" % href)
        if tag == "link":
            self.error("<link>: no external stylesheet allowed")
        return a

    def handle_startendtag(self, tag, attrs):
        self.check_attrs(tag, attrs)

    def handle_starttag(self, tag, attrs):
        a = self.check_attrs(tag, attrs)
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = True
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "svg":
            self.svg += 1
        if tag == "style":
            self.in_style = True
        if tag == "table" and "sortable" in a.get("class", "").split():
            self.sortable += 1
        if tag == "table" and a.get("id") == "findings-table":
            self.in_findings = True
        if tag == "tr" and self.in_findings:
            self.in_row = True
            self.row_has_link = False
        if tag == "a" and self.in_row and a.get("href") == GDPR:
            self.row_has_link = True

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.error("</%s> closes nothing" % tag)
            return
        top = self.stack.pop()
        if top != tag:
            self.error("</%s> closes <%s>" % (tag, top))
        if tag == "style":
            self.in_style = False
        if tag == "table" and self.in_findings:
            self.in_findings = False
        if tag == "tr" and self.in_row:
            self.in_row = False
            self.row_links.append(self.row_has_link)

    def handle_data(self, data):
        if self.in_style:
            self.style += data


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    forbid = [argv[i + 1] for i in range(2, len(argv) - 1) if argv[i] == "--forbid"]
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("%s: not UTF-8: %s" % (path, e))
        return 1
    p = Report()
    p.feed(text)
    p.close()
    errs = p.errors
    if not text.lstrip().lower().startswith("<!doctype html>"):
        errs.append("no <!DOCTYPE html>")
    if p.stack:
        errs.append("unclosed elements at the end: %s" % " ".join(p.stack))
    if not p.viewport:
        errs.append("no viewport meta")
    if not p.svg:
        errs.append("no inline <svg> chart")
    if not p.sortable:
        errs.append("no sortable table")
    if "url(" in p.style or "@import" in p.style:
        errs.append("the CSS loads something (url() or @import)")
    header_rows = 1
    rows = p.row_links[header_rows:]
    if not all(rows):
        errs.append("%d finding row(s) without a link to the article" % rows.count(False))
    for s in forbid:
        if s in text:
            errs.append("forbidden text found: %r" % s)
    for e in errs:
        print("%s: %s" % (path, e))
    if not errs:
        print("%s: ok (%d svg, %d sortable tables, %d findings linked)" % (path, p.svg, p.sortable, len(rows)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
