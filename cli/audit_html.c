/*
 * audit_html.c - the report of `comply audit` as one self-contained HTML
 * file: inline CSS, inline SVG charts, a few lines of inline JavaScript that
 * only sort tables (everything reads without it). No asset is fetched: the
 * only external URLs are the links to the GDPR's official text on EUR-Lex.
 * Every string from the data (file, table and column names) is escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"

/* Writes s with & < > " ' escaped. */
static void esc(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* esc() of at most `points` code points, an ellipsis when cut (chart labels). */
static void esc_short(FILE *out, const char *s, size_t points)
{
    size_t n = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++n > points)
            break;
    if (!s[i]) {
        esc(out, s);
        return;
    }
    char buf[256];
    size_t len = i < sizeof buf - 1 ? i : sizeof buf - 1;
    while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
        len--; /* never cut a character in two */
    memcpy(buf, s, len);
    buf[len] = '\0';
    esc(out, buf);
    fputs("&hellip;", out);
}

static bool fr(const char *lang)
{
    return strcmp(lang, "fr") == 0;
}

/* Colours (WCAG AA contrast on white for text; bars carry their count as text too). */
static const char *const kind_colour[AUDIT_KINDS] = { "#6b6b6b", "#1f5fa8", "#8a4b08", "#2f7d32", "#7b3fa0" };
#define COLOUR_ARCHIVE "#1f5fa8"
#define COLOUR_DELETE "#b3261e"

static const char *const css =
    ":root{--fg:#1b1b1b;--muted:#555;--line:#d0d0d0;--bg:#fff;--alt:#f4f6f8}"
    "*{box-sizing:border-box}"
    "body{margin:0 auto;max-width:1100px;padding:1rem;font:16px/1.45 system-ui,-apple-system,'Segoe UI',"
    "Roboto,sans-serif;color:var(--fg);background:var(--bg)}"
    "h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid var(--line)}"
    "h3{font-size:1.05rem;margin:1.4rem 0 .4rem;overflow-wrap:anywhere}"
    ".meta{color:var(--muted)}"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:.5rem;margin:1rem 0}"
    ".card{border:1px solid var(--line);border-radius:6px;padding:.6rem;background:var(--alt)}"
    ".card b{display:block;font-size:1.4rem}"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}"
    "table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.92rem}"
    "th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}"
    "th{background:var(--alt)}th button{all:inherit;cursor:pointer;padding:0}th button::after{content:' \\2195';"
    "color:var(--muted)}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".sev-error{color:#b3261e;font-weight:700}.sev-warning{color:#8a4b08;font-weight:700}.sev-info{color:#1f5fa8}"
    "svg{max-width:100%;height:auto;display:block}svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}"
    ".legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.9rem;height:.9rem;"
    "vertical-align:middle;margin-right:.3rem;border-radius:2px}"
    "a{color:#1f4f8f}"
    "@media (max-width:600px){body{padding:.6rem;font-size:15px}h1{font-size:1.25rem}"
    ".cards{grid-template-columns:repeat(3,1fr)}.card{padding:.4rem}.card b{font-size:1.15rem}"
    /* On a phone each finding reads as a card rather than a six-column row. */
    "#findings-table,#findings-table tbody{display:block}#findings-table td{overflow-wrap:anywhere}"
    "#findings-table thead{display:none}#findings-table tr{display:block;border:1px solid var(--line);"
    "margin:.5rem 0;padding:.3rem}#findings-table td{display:inline;border:none;padding:.1rem .3rem}"
    "#findings-table td:nth-child(5){display:block}}"
    "@media print{.scroll{overflow:visible}th button::after{content:''}a{color:inherit}"
    "h2,h3{break-after:avoid}tr{break-inside:avoid}}";

/* Sorts a table by the clicked column: numbers as numbers, else text. */
static const char *const js =
    "document.querySelectorAll('table.sortable').forEach(function(t){"
    "t.querySelectorAll('th').forEach(function(th,i){"
    "var b=document.createElement('button');b.type='button';b.textContent=th.textContent;th.textContent='';"
    "th.appendChild(b);var asc=true;b.addEventListener('click',function(){"
    "var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);"
    "rows.sort(function(x,y){var a=x.cells[i].getAttribute('data-v')||x.cells[i].textContent,"
    "c=y.cells[i].getAttribute('data-v')||y.cells[i].textContent,na=parseFloat(a),nc=parseFloat(c);"
    "var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);return asc?r:-r});"
    "asc=!asc;rows.forEach(function(r){body.appendChild(r)});th.setAttribute('aria-sort',asc?'descending':'ascending')"
    "})})});";

static void html_link(FILE *out, const char *article)
{
    fputs("<a href=\"" AUDIT_GDPR_URL "\" rel=\"noopener\" title=\"Regulation (EU) 2016/679 on EUR-Lex\">", out);
    esc(out, article && *article ? article : "GDPR");
    fputs("</a>", out);
}

/* ---------------------------------------------------------------- charts */

typedef struct cat_count {
    const char *key;
    comply_kind kind;
    unsigned long n;
} cat_count;

static int cat_cmp(const void *a, const void *b)
{
    const cat_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* Horizontal bars: label, bar, count. */
static void svg_bars(FILE *out, const char *id, const char *title, const char *const *labels, const unsigned long *counts,
                     const char *const *colours, size_t n)
{
    unsigned long most = 1;
    for (size_t i = 0; i < n; i++)
        if (counts[i] > most)
            most = counts[i];
    const int row = 24, label_w = 190, bar_w = 220, h = (int)n * row + 8;
    fprintf(out, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"%s\">"
                 "<title id=\"%s\">",
            label_w + bar_w + 60, h, label_w + bar_w + 60, h, id, id);
    esc(out, title);
    fputs("</title>", out);
    for (size_t i = 0; i < n; i++) {
        int y = (int)i * row + 4;
        int w = (int)((double)counts[i] / (double)most * bar_w);
        fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 6, y + 15);
        esc_short(out, labels[i], 28);
        fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>"
                     "<text x=\"%d\" y=\"%d\">%lu</text>",
                label_w, y, w ? w : 1, colours[i], label_w + (w ? w : 1) + 5, y + 15, counts[i]);
    }
    fputs("</svg>\n", out);
}

static void html_chart_kinds(FILE *out, const audit_report *r, const audit_totals *t, const comply_rules *rules,
                             const char *lang)
{
    const char *labels[AUDIT_KINDS];
    unsigned long counts[AUDIT_KINDS];
    const char *colours[AUDIT_KINDS];
    for (size_t k = 0; k < AUDIT_KINDS; k++) {
        size_t kind = (k + 1) % AUDIT_KINDS; /* base first, none last */
        labels[k] = kind ? comply_kind_label((comply_kind)kind, lang) : (fr(lang) ? "aucun" : "none");
        counts[k] = t->by_kind[kind];
        colours[k] = kind_colour[kind];
    }
    fprintf(out, "<h3>%s</h3>\n<div class=\"scroll\">", fr(lang) ? "Colonnes par type CNIL" : "Columns by CNIL kind");
    svg_bars(out, "t-kinds", "columns by CNIL kind", labels, counts, colours, AUDIT_KINDS);
    fputs("</div>\n", out);
    /* By category, coloured by kind. */
    cat_count *cc = NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->n_sources; i++)
        for (size_t k = 0; k < r->sources[i].n_tables; k++)
            for (size_t c = 0; c < r->sources[i].tables[k].n; c++) {
                const audit_column *col = &r->sources[i].tables[k].cols[c];
                if (!col->category)
                    continue;
                size_t j = 0;
                while (j < n && strcmp(cc[j].key, col->category) != 0)
                    j++;
                if (j == n) {
                    cat_count *v = realloc(cc, (n + 1) * sizeof *v);
                    if (!v)
                        goto out;
                    cc = v;
                    cc[n].key = col->category;
                    cc[n].kind = col->kind;
                    cc[n++].n = 0;
                }
                cc[j].n++;
            }
    if (n) {
        qsort(cc, n, sizeof *cc, cat_cmp);
        const char **labels2 = calloc(n, sizeof *labels2), **colours2 = calloc(n, sizeof *colours2);
        unsigned long *counts2 = calloc(n, sizeof *counts2);
        if (labels2 && colours2 && counts2) {
            for (size_t i = 0; i < n; i++) {
                labels2[i] = audit_category_label(rules, cc[i].key, lang);
                counts2[i] = cc[i].n;
                colours2[i] = kind_colour[(size_t)cc[i].kind < AUDIT_KINDS ? cc[i].kind : 0];
            }
            fprintf(out, "<h3>%s</h3>\n<p class=\"legend\">",
                    fr(lang) ? "Colonnes personnelles par catégorie" : "Personal columns by category");
            for (size_t k = 1; k <= AUDIT_KINDS; k++)
                fprintf(out, "<span><i style=\"background:%s\"></i>%s</span>", kind_colour[k % AUDIT_KINDS],
                        k % AUDIT_KINDS ? comply_kind_label((comply_kind)(k % AUDIT_KINDS), lang)
                                        : (fr(lang) ? "hors données client" : "outside customer data"));
            fputs("</p>\n<div class=\"scroll\">", out);
            svg_bars(out, "t-categories", "personal columns by category", labels2, counts2, colours2, n);
            fputs("</div>\n", out);
        }
        free(labels2);
        free(colours2);
        free(counts2);
    }
out:
    free(cc);
}

/* The months of every retention source, merged and in order. */
static size_t timeline_merge(const audit_report *r, audit_month **out)
{
    audit_month *v = NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->n_sources; i++) {
        const audit_due *d = r->sources[i].due;
        for (size_t k = 0; d && k < d->n_months; k++) {
            const audit_month *m = &d->months[k];
            size_t at = 0;
            while (at < n && (v[at].year < m->year || (v[at].year == m->year && v[at].month < m->month)))
                at++;
            if (at == n || v[at].year != m->year || v[at].month != m->month) {
                audit_month *nv = realloc(v, (n + 1) * sizeof *nv);
                if (!nv)
                    break;
                v = nv;
                memmove(&v[at + 1], &v[at], (n - at) * sizeof *v);
                n++;
                v[at] = *m;
                v[at].archive = v[at].delete_due = 0;
            }
            v[at].archive += m->archive;
            v[at].delete_due += m->delete_due;
        }
    }
    *out = v;
    return n;
}

/* The months from the first to the last, empty ones included, so that the
 * axis is time; left sparse beyond 50 years. */
static size_t timeline_fill(const audit_report *r, size_t n, audit_month **m)
{
    (void)r;
    if (n < 2)
        return n;
    audit_month *v = *m;
    long first = (long)v[0].year * 12 + v[0].month - 1, last = (long)v[n - 1].year * 12 + v[n - 1].month - 1;
    size_t span = (size_t)(last - first + 1);
    if (span > 600)
        return n;
    audit_month *full = calloc(span, sizeof *full);
    if (!full)
        return n;
    for (size_t i = 0; i < span; i++) {
        full[i].year = (int)((first + (long)i) / 12);
        full[i].month = (int)((first + (long)i) % 12) + 1;
    }
    for (size_t i = 0; i < n; i++)
        full[(long)v[i].year * 12 + v[i].month - 1 - first] = v[i];
    free(v);
    *m = full;
    return span;
}

static void html_chart_timeline(FILE *out, const audit_report *r, const char *lang)
{
    audit_month *m = NULL;
    size_t n = timeline_fill(r, timeline_merge(r, &m), &m);
    fprintf(out, "<h3>%s</h3>\n", fr(lang) ? "Échéances de conservation par mois" : "Retention due dates by month");
    if (!n) {
        fprintf(out, "<p>%s</p>\n", fr(lang) ? "Aucune échéance calculée." : "No due date computed.");
        free(m);
        return;
    }
    unsigned long most = 1;
    for (size_t i = 0; i < n; i++)
        if (m[i].archive + m[i].delete_due > most)
            most = m[i].archive + m[i].delete_due;
    const int col = n > 36 ? 12 : 26, left = 34, top = 10, plot = 160, bottom = 56;
    int w = left + (int)n * col + 10, h = top + plot + bottom;
    if (w < 320)
        w = 320;
    fprintf(out, "<p class=\"legend\"><span><i style=\"background:%s\"></i>%s</span><span><i style=\"background:%s\">"
                 "</i>%s</span><span>%s %04d-%02d</span></p>\n",
            COLOUR_ARCHIVE, fr(lang) ? "archivage" : "archive", COLOUR_DELETE,
            fr(lang) ? "suppression ou anonymisation" : "deletion or anonymisation",
            fr(lang) ? "| : aujourd'hui," : "| marks today,", r->today.year, r->today.month);
    /* A minimum width keeps the months readable on a phone: the box scrolls. */
    fprintf(out, "<div class=\"scroll\"><svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" style=\"min-width:%dpx\" "
                 "role=\"img\" aria-labelledby=\"t-timeline\"><title id=\"t-timeline\">%s</title>",
            w, h, w, h, w < 640 ? w : 640, fr(lang) ? "échéances de conservation par mois" : "retention due dates by month");
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left, top + plot, w - 5,
            top + plot);
    fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lu</text><text x=\"%d\" y=\"%d\" "
                 "text-anchor=\"end\">0</text>",
            left - 4, top + 10, most, left - 4, top + plot);
    size_t step = n > 12 ? (n > 36 ? 12 : 3) : 1; /* a label a year, a quarter or a month */
    for (size_t i = 0; i < n; i++) {
        int x = left + (int)i * col + 4;
        int hd = (int)((double)m[i].delete_due / (double)most * plot);
        int ha = (int)((double)m[i].archive / (double)most * plot);
        int y = top + plot;
        if (hd) {
            y -= hd;
            fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%04d-%02d: %lu</title>"
                         "</rect>",
                    x, y, col - 4, hd, COLOUR_DELETE, m[i].year, m[i].month, m[i].delete_due);
        }
        if (ha) {
            y -= ha;
            fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%04d-%02d: %lu</title>"
                         "</rect>",
                    x, y, col - 4, ha, COLOUR_ARCHIVE, m[i].year, m[i].month, m[i].archive);
        }
        if (m[i].year == r->today.year && m[i].month == r->today.month)
            fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1b1b1b\" stroke-dasharray=\"4 3\"/>",
                    x - 2, top, x - 2, top + plot);
        if (i % step == 0)
            fprintf(out, "<text x=\"%d\" y=\"%d\" transform=\"rotate(-60 %d %d)\" text-anchor=\"end\">%04d-%02d</text>",
                    x + col / 2, top + plot + 14, x + col / 2, top + plot + 14, m[i].year, m[i].month);
    }
    fputs("</svg></div>\n", out);
    free(m);
}

/* -------------------------------------------------------------- findings */

static void html_findings_rows(FILE *out, const char *where, const audit_finding *v, size_t n, const char *lang)
{
    for (size_t i = 0; i < n; i++) {
        const audit_finding *f = &v[i];
        fprintf(out, "<tr><td class=\"sev-%s\" data-v=\"%d\">%s</td><td>", comply_severity_name(f->severity),
                (int)f->severity, comply_severity_name(f->severity));
        esc(out, f->code);
        fprintf(out, "</td><td>%s</td><td>", f->gap ? "gap" : "violation");
        esc(out, where);
        if (f->field) {
            fputs(" &middot; ", out);
            esc(out, f->field);
        }
        if (f->line)
            fprintf(out, " (line %lu)", f->line);
        fputs("</td><td>", out);
        esc(out, fr(lang) ? f->message_fr : f->message_en);
        fputs("</td><td>", out);
        html_link(out, f->article);
        fputs("</td></tr>\n", out);
    }
}

static void html_findings(FILE *out, const audit_report *r, const char *lang)
{
    fprintf(out, "<h2 id=\"findings\">%s</h2>\n<div class=\"scroll\"><table class=\"sortable\" id=\"findings-table\"><thead><tr>"
                 "<th>%s</th><th>code</th><th>%s</th><th>%s</th><th>message</th><th>article</th></tr></thead><tbody>\n",
            fr(lang) ? "Constats" : "Findings", fr(lang) ? "gravité" : "severity", fr(lang) ? "nature" : "type",
            fr(lang) ? "où" : "where");
    for (size_t i = 0; i < r->n_sources; i++)
        html_findings_rows(out, r->sources[i].path, r->sources[i].findings, r->sources[i].n_findings, lang);
    html_findings_rows(out, fr(lang) ? "audit entier" : "whole audit", r->gaps, r->n_gaps, lang);
    fputs("</tbody></table></div>\n", out);
}

/* --------------------------------------------------------------- details */

static void html_source(FILE *out, const audit_source *s, const comply_rules *rules, const char *lang)
{
    fputs("<h3>", out);
    esc(out, s->path);
    fprintf(out, " <span class=\"meta\">(%s, %llu bytes", audit_type_key(s->type), (unsigned long long)s->bytes);
    if (s->type == AUDIT_SRC_TEXT)
        fprintf(out, ", %lu lines", s->rows);
    else if (s->type != AUDIT_SRC_DECLARATION)
        fprintf(out, ", %lu rows", s->rows);
    if (s->purpose) {
        fputs(", purpose ", out);
        esc(out, s->purpose);
    }
    if (s->csv_warnings)
        fprintf(out, ", %lu reading warnings", s->csv_warnings);
    fputs(")</span></h3>\n", out);
    if (s->n_tables) {
        fputs("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>table</th><th>column</th>"
              "<th>category</th><th>label</th><th>CNIL kind</th><th>Art. 9/10</th><th class=\"n\">confidence</th>"
              "</tr></thead><tbody>\n",
              out);
        for (size_t k = 0; k < s->n_tables; k++)
            for (size_t c = 0; c < s->tables[k].n; c++) {
                const audit_column *col = &s->tables[k].cols[c];
                fputs("<tr><td>", out);
                esc(out, s->tables[k].name ? s->tables[k].name : "-");
                fputs("</td><td>", out);
                esc(out, col->name ? col->name : "-");
                fputs("</td><td>", out);
                esc(out, col->category ? col->category : "-");
                fputs("</td><td>", out);
                esc(out, col->category ? audit_category_label(rules, col->category, lang) : "-");
                fprintf(out, "</td><td>%s</td><td>%s</td><td class=\"n\">%.3f</td></tr>\n",
                        col->kind ? comply_kind_label(col->kind, lang) : "-", col->special ? "yes" : "", col->confidence);
            }
        fputs("</tbody></table></div>\n", out);
    }
    if (s->n_hits) {
        fputs("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>category</th><th>label</th>"
              "<th class=\"n\">values</th><th>lines</th></tr></thead><tbody>\n",
              out);
        for (size_t h = 0; h < s->n_hits; h++) {
            const audit_hit *hit = &s->hits[h];
            fputs("<tr><td>", out);
            esc(out, hit->category);
            fputs("</td><td>", out);
            esc(out, audit_category_label(rules, hit->category, lang));
            fprintf(out, "</td><td class=\"n\">%lu</td><td>", hit->count);
            for (size_t l = 0; l < hit->n_lines; l++)
                fprintf(out, "%s%lu", l ? ", " : "", hit->lines[l]);
            fprintf(out, "%s</td></tr>\n", hit->n_lines < hit->count && hit->n_lines == AUDIT_MAX_LINES ? ", &hellip;" : "");
        }
        fputs("</tbody></table></div>\n", out);
    }
    if (s->due) {
        const audit_due *d = s->due;
        fputs("<p>purpose <b>", out);
        esc(out, d->purpose ? d->purpose : "any");
        fputs("</b>, category <b>", out);
        esc(out, d->category ? d->category : "any");
        fputs("</b></p>\n<div class=\"scroll\"><table><thead><tr>", out);
        for (size_t st = 0; st < AUDIT_STAGES; st++)
            fprintf(out, "<th class=\"n\">%s</th>", audit_stage_key(st));
        fputs("</tr></thead><tbody><tr>", out);
        for (size_t st = 0; st < AUDIT_STAGES; st++)
            fprintf(out, "<td class=\"n\">%lu</td>", d->count[st]);
        fputs("</tr></tbody></table></div>\n", out);
        if (d->n_rules) {
            fputs("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>rule</th><th>source</th>"
                  "<th class=\"n\">records</th></tr></thead><tbody>\n",
                  out);
            for (size_t k = 0; k < d->n_rules; k++) {
                fputs("<tr><td>", out);
                esc(out, d->rules[k].rule);
                fputs("</td><td>", out);
                esc(out, d->rules[k].source ? d->rules[k].source : "-");
                fprintf(out, "</td><td class=\"n\">%lu</td></tr>\n", d->rules[k].count);
            }
            fputs("</tbody></table></div>\n", out);
        }
        if (d->n_delete_rows) {
            fputs("<p>rows due for deletion: ", out);
            for (size_t k = 0; k < d->n_delete_rows; k++)
                fprintf(out, "%s%lu", k ? ", " : "", d->delete_rows[k]);
            fputs("</p>\n", out);
        }
    }
    if (s->n_findings)
        fprintf(out, "<p><a href=\"#findings\">%zu finding(s)</a></p>\n", s->n_findings);
}

static void html_card(FILE *out, const char *label, unsigned long long n)
{
    fprintf(out, "<div class=\"card\"><b>%llu</b>%s</div>", n, label);
}

bool audit_write_html(FILE *out, const audit_report *r, const comply_rules *rules, const char *lang)
{
    audit_totals t;
    audit_totals_compute(r, &t);
    char today[16];
    snprintf(today, sizeof today, "%04d-%02d-%02d", r->today.year, r->today.month, r->today.day);
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>comply audit: ",
            fr(lang) ? "fr" : "en");
    esc(out, r->root);
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>%s ", css,
            fr(lang) ? "Audit des données personnelles :" : "Personal data audit:");
    esc(out, r->name ? r->name : r->root);
    fputs("</h1>\n<p class=\"meta\">", out);
    esc(out, r->root);
    fprintf(out, " &middot; comply %s &middot; %s %s (%s)</p></header>\n<main>\n", comply_version(),
            fr(lang) ? "date du jour" : "today", today,
            r->today_from_clock ? (fr(lang) ? "horloge du système" : "from the system clock")
                                : (fr(lang) ? "donnée par --today" : "given with --today"));
    fprintf(out, "<h2>%s</h2>\n<div class=\"cards\">", fr(lang) ? "Résumé" : "Summary");
    html_card(out, "sources", t.sources);
    html_card(out, "rows", t.rows);
    html_card(out, "columns", t.columns);
    html_card(out, "personal columns", t.personal_columns);
    html_card(out, "special (Art. 9/10)", t.special_columns);
    html_card(out, "personal values in text", t.text_values);
    html_card(out, "errors", t.by_severity[0]);
    html_card(out, "warnings", t.by_severity[1]);
    html_card(out, "infos", t.by_severity[2]);
    html_card(out, "gaps", t.gaps);
    html_card(out, "to archive", t.due[COMPLY_STAGE_ARCHIVE]);
    html_card(out, "to delete", t.due[COMPLY_STAGE_DELETE_DUE]);
    html_card(out, "on hold", t.due[COMPLY_STAGE_HOLD]);
    html_card(out, "unknown stage", t.due[COMPLY_STAGE_UNKNOWN]);
    fputs("</div>\n", out);
    html_chart_kinds(out, r, &t, rules, lang);
    html_chart_timeline(out, r, lang);
    html_findings(out, r, lang);
    fprintf(out, "<h2>%s</h2>\n", fr(lang) ? "Détail par source" : "Details by source");
    for (size_t i = 0; i < r->n_sources; i++)
        html_source(out, &r->sources[i], rules, lang);
    fprintf(out, "</main>\n<footer><p class=\"meta\">%s <a href=\"" AUDIT_GDPR_URL "\" rel=\"noopener\">"
                 "Regulation (EU) 2016/679 (GDPR), EUR-Lex</a>.</p></footer>\n<script>%s</script>\n</body>\n</html>\n",
            fr(lang) ? "Articles :" : "Articles:", js);
    return !ferror(out);
}
