/*
 * report.c - collection-check reports as JSON, SARIF 2.1.0 and text.
 * doc/findings.md documents the JSON schema; SARIF follows OASIS SARIF
 * 2.1.0 (one rule per finding code, a result per finding, located at the
 * field's place in the declaration).
 */
#include <string.h>

#include "internal.h"

static const char *report_pick(const char *en, const char *fr, const char *lang)
{
    return lang && strcmp(lang, "fr") == 0 && fr ? fr : (en ? en : "");
}

static void report_key(comply__buf *b, const char *key, bool first)
{
    if (!first)
        comply__buf_append(b, ",", 1);
    comply__buf_json_string(b, key, strlen(key));
    comply__buf_append(b, ":", 1);
}

static void report_string(comply__buf *b, const char *key, const char *value, bool first)
{
    report_key(b, key, first);
    if (value)
        comply__buf_json_string(b, value, strlen(value));
    else
        comply__buf_puts(b, "null");
}

static void report_number(comply__buf *b, const char *key, unsigned long value, bool first)
{
    report_key(b, key, first);
    comply__buf_printf(b, "%lu", value);
}

static void report_pair(comply__buf *b, const char *key, const char *en, const char *fr)
{
    report_key(b, key, false);
    comply__buf_append(b, "{", 1);
    report_string(b, "en", en ? en : "", true);
    report_string(b, "fr", fr ? fr : "", false);
    comply__buf_append(b, "}", 1);
}

static void report_finding_json(comply__buf *b, const comply_finding *f)
{
    comply__buf_append(b, "{", 1);
    report_string(b, "code", f->code, true);
    report_string(b, "severity", comply_severity_name(f->severity), false);
    report_string(b, "field", f->field, false);
    report_string(b, "category", f->category, false);
    report_string(b, "path", f->path ? f->path : "", false);
    report_number(b, "line", f->line, false);
    report_number(b, "column", f->column, false);
    report_string(b, "article", f->article, false);
    report_pair(b, "message", f->message_en, f->message_fr);
    report_pair(b, "fix", f->fix_en, f->fix_fr);
    comply__buf_append(b, "}", 1);
}

static void report_list_json(comply__buf *b, const comply_report *r, const char *key, bool gaps)
{
    report_key(b, key, false);
    comply__buf_append(b, "[", 1);
    bool first = true;
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        if ((f->gap != 0) != gaps)
            continue;
        if (!first)
            comply__buf_append(b, ",", 1);
        report_finding_json(b, f);
        first = false;
    }
    comply__buf_append(b, "]", 1);
}

static comply_status report_finish(comply__buf *b, char **out, size_t *len, comply_error *err)
{
    comply__buf_append(b, "", 0);
    if (b->failed) {
        comply__buf_release(b);
        return comply__oom(err);
    }
    *out = b->data;
    if (len)
        *len = b->len;
    return COMPLY_OK;
}

static comply_status report_begin(const comply_report *r, char **out, comply__buf *b, comply_error *err)
{
    if (!r || !out)
        return comply__error_set(err, COMPLY_EINVAL, "report and out are required");
    comply__buf_init(b, comply__report_alloc(r));
    return COMPLY_OK;
}

comply_status comply_report_to_json(const comply_report *r, char **out, size_t *len, comply_error *err)
{
    comply__buf b;
    comply_status st = report_begin(r, out, &b, err);
    if (st != COMPLY_OK)
        return st;
    unsigned long counts[3] = { 0, 0, 0 }, gaps = 0;
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        counts[f->severity]++;
        gaps += f->gap != 0;
    }
    comply__buf_append(&b, "{", 1);
    report_string(&b, "source", comply_report_source(r), true);
    report_string(&b, "purpose", comply_report_purpose(r), false);
    report_key(&b, "summary", false);
    comply__buf_append(&b, "{", 1);
    report_number(&b, "errors", counts[COMPLY_SEVERITY_ERROR], true);
    report_number(&b, "warnings", counts[COMPLY_SEVERITY_WARNING], false);
    report_number(&b, "infos", counts[COMPLY_SEVERITY_INFO], false);
    report_number(&b, "gaps", gaps, false);
    comply__buf_append(&b, "}", 1);
    report_list_json(&b, r, "findings", false);
    report_list_json(&b, r, "gaps", true);
    comply__buf_append(&b, "}", 1);
    return report_finish(&b, out, len, err);
}

/* ----------------------------------------------------------------- SARIF */

static const char *report_sarif_level(comply_severity s)
{
    return s == COMPLY_SEVERITY_ERROR ? "error" : s == COMPLY_SEVERITY_WARNING ? "warning" : "note";
}

/* Has a finding before index i the same code? (one rule per code) */
static bool report_code_seen(const comply_report *r, size_t i)
{
    const char *code = comply_report_get(r, i)->code;
    for (size_t k = 0; k < i; k++)
        if (strcmp(comply_report_get(r, k)->code, code) == 0)
            return true;
    return false;
}

static void report_sarif_rules(comply__buf *b, const comply_report *r, const char *lang)
{
    comply__buf_puts(b, "\"rules\":[");
    bool first = true;
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        if (report_code_seen(r, i))
            continue;
        comply__buf_puts(b, first ? "{" : ",{");
        first = false;
        report_string(b, "id", f->code, true);
        comply__buf_puts(b, ",\"shortDescription\":{");
        report_string(b, "text", f->article ? f->article : f->code, true);
        comply__buf_puts(b, "},\"help\":{");
        report_string(b, "text", report_pick(f->fix_en, f->fix_fr, lang), true);
        comply__buf_puts(b, "},\"defaultConfiguration\":{");
        report_string(b, "level", report_sarif_level(f->severity), true);
        comply__buf_puts(b, "}}");
    }
    comply__buf_puts(b, "]");
}

static void report_sarif_result(comply__buf *b, const comply_report *r, const comply_finding *f, const char *lang)
{
    comply__buf_append(b, "{", 1);
    report_string(b, "ruleId", f->code, true);
    report_string(b, "level", report_sarif_level(f->severity), false);
    comply__buf_puts(b, ",\"message\":{");
    report_string(b, "text", report_pick(f->message_en, f->message_fr, lang), true);
    comply__buf_puts(b, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{");
    const char *source = comply_report_source(r);
    report_string(b, "uri", source ? source : "", true);
    comply__buf_puts(b, "}");
    if (f->line) {
        comply__buf_puts(b, ",\"region\":{");
        report_number(b, "startLine", f->line, true);
        report_number(b, "startColumn", f->column ? f->column : 1, false);
        comply__buf_puts(b, "}");
    }
    comply__buf_puts(b, "}}]}");
}

comply_status comply_report_to_sarif(const comply_report *r, const char *lang, char **out, size_t *len,
                                     comply_error *err)
{
    comply__buf b;
    comply_status st = report_begin(r, out, &b, err);
    if (st != COMPLY_OK)
        return st;
    comply__buf_puts(&b, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
                         "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"comply\",");
    report_string(&b, "version", comply_version(), true);
    comply__buf_append(&b, ",", 1);
    report_sarif_rules(&b, r, lang);
    comply__buf_puts(&b, "}},\"results\":[");
    for (size_t i = 0; i < comply_report_count(r); i++) {
        if (i)
            comply__buf_append(&b, ",", 1);
        report_sarif_result(&b, r, comply_report_get(r, i), lang);
    }
    comply__buf_puts(&b, "]}]}");
    return report_finish(&b, out, len, err);
}

/* ------------------------------------------------------------------ text */

static void report_text_finding(comply__buf *b, const comply_report *r, const comply_finding *f, const char *lang)
{
    bool fr = lang && strcmp(lang, "fr") == 0;
    const char *source = comply_report_source(r);
    if (f->line)
        comply__buf_printf(b, "  %s:%lu:%lu: ", source ? source : "", f->line, f->column);
    else
        comply__buf_puts(b, "  ");
    comply__buf_printf(b, "[%s]", f->code);
    if (f->gap)
        comply__buf_puts(b, fr ? " (lacune)" : " (gap)");
    comply__buf_puts(b, " ");
    comply__buf_puts(b, report_pick(f->message_en, f->message_fr, lang));
    if (f->article) {
        comply__buf_puts(b, " (");
        comply__buf_puts(b, f->article);
        comply__buf_puts(b, ")");
    }
    comply__buf_puts(b, "\n      -> ");
    comply__buf_puts(b, report_pick(f->fix_en, f->fix_fr, lang));
    comply__buf_puts(b, "\n");
}

comply_status comply_report_to_text(const comply_report *r, const char *lang, int colour, char **out, size_t *len,
                                    comply_error *err)
{
    static const char *const titles_en[] = { "errors", "warnings", "information" };
    static const char *const titles_fr[] = { "erreurs", "avertissements", "informations" };
    static const char *const colours[] = { "\033[31m", "\033[33m", "\033[36m" };
    comply__buf b;
    comply_status st = report_begin(r, out, &b, err);
    if (st != COMPLY_OK)
        return st;
    bool fr = lang && strcmp(lang, "fr") == 0;
    const char *purpose = comply_report_purpose(r), *source = comply_report_source(r);
    size_t n = comply_report_count(r);
    comply__buf_printf(&b, "%s: purpose %s, %zu finding%s\n", source ? source : "", purpose ? purpose : "(none)", n,
                       n == 1 ? "" : "s");
    for (int sev = COMPLY_SEVERITY_ERROR; sev <= COMPLY_SEVERITY_INFO; sev++) {
        bool title = false;
        for (size_t i = 0; i < n; i++) {
            const comply_finding *f = comply_report_get(r, i);
            if ((int)f->severity != sev)
                continue;
            if (!title)
                comply__buf_printf(&b, "\n%s%s%s\n", colour ? colours[sev] : "", fr ? titles_fr[sev] : titles_en[sev],
                                   colour ? "\033[0m" : "");
            title = true;
            report_text_finding(&b, r, f, lang);
        }
    }
    return report_finish(&b, out, len, err);
}
