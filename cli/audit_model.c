/*
 * audit_model.c - the report of `comply audit`: building it, the audit's
 * own findings, the totals of its summary.
 *
 * Sources of the articles cited by the audit's own findings (the official
 * text: Regulation (EU) 2016/679, https://eur-lex.europa.eu/eli/reg/2016/679/oj):
 * Art. 5(1)(c) data minimisation, Art. 5(1)(e) storage limitation,
 * Art. 9 special categories, Art. 10 criminal convictions and offences.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"

char *audit_strdup(const char *s)
{
    if (!s)
        return NULL;
    char *d = cli_valid_utf8(s, strlen(s));
    if (!d)
        return NULL;
    /* Control characters would break a terminal line or an HTML attribute. */
    for (char *p = d; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = ' ';
    return d;
}

/* Grows a vector of `size`-byte items by one zeroed item; NULL when out of memory. */
static void *audit_grow(void **v, size_t *n, size_t size)
{
    char *nv = realloc(*v, (*n + 1) * size);
    if (!nv)
        return NULL;
    *v = nv;
    memset(nv + *n * size, 0, size);
    return nv + (*n)++ * size;
}

audit_source *audit_add_source(audit_report *r, audit_source_type type, const char *path)
{
    audit_source *s = audit_grow((void **)&r->sources, &r->n_sources, sizeof *s);
    if (!s)
        return NULL;
    s->type = type;
    if (!(s->path = audit_strdup(path))) {
        r->n_sources--;
        return NULL;
    }
    return s;
}

bool audit_add_finding(audit_finding **v, size_t *n, const char *code, comply_severity sev, bool gap,
                       const char *article, const char *en, const char *fr, const char *field,
                       const char *category, unsigned long line)
{
    audit_finding *f = audit_grow((void **)v, n, sizeof *f);
    if (!f)
        return false;
    f->severity = sev;
    f->gap = gap;
    f->line = line;
    f->code = audit_strdup(code);
    f->article = audit_strdup(article ? article : "");
    f->message_en = audit_strdup(en ? en : "");
    f->message_fr = audit_strdup(fr ? fr : "");
    f->field = audit_strdup(field);
    f->category = audit_strdup(category);
    return f->code && f->article && f->message_en && f->message_fr && (!field || f->field) &&
           (!category || f->category);
}

const char *audit_kind_key(size_t kind)
{
    static const char *const keys[AUDIT_KINDS] = { "none", "base", "interaction", "behavioural", "attitudinal" };
    return kind < AUDIT_KINDS ? keys[kind] : "none";
}

const char *audit_stage_key(size_t stage)
{
    static const char *const keys[AUDIT_STAGES] = { "active", "archive", "delete_due", "hold", "unknown" };
    return stage < AUDIT_STAGES ? keys[stage] : "unknown";
}

const char *audit_type_key(audit_source_type t)
{
    switch (t) {
    case AUDIT_SRC_CSV: return "csv";
    case AUDIT_SRC_SQLITE: return "sqlite";
    case AUDIT_SRC_TEXT: return "text";
    case AUDIT_SRC_DECLARATION: return "declaration";
    case AUDIT_SRC_RETENTION: return "retention";
    }
    return "csv";
}

const char *audit_category_label(const comply_rules *rules, const char *key, const char *lang)
{
    const comply_category *c = key ? comply_category_find(rules, key) : NULL;
    return c ? comply_category_label(c, lang) : (key ? key : "-");
}

void audit_totals_compute(const audit_report *r, audit_totals *t)
{
    memset(t, 0, sizeof *t);
    t->sources = r->n_sources;
    for (size_t i = 0; i < r->n_sources; i++) {
        const audit_source *s = &r->sources[i];
        t->bytes += s->bytes;
        for (size_t k = 0; k < s->n_tables; k++) {
            const audit_table *tb = &s->tables[k];
            t->tables++;
            t->rows += tb->rows;
            for (size_t c = 0; c < tb->n; c++) {
                const audit_column *col = &tb->cols[c];
                t->columns++;
                t->by_kind[(size_t)col->kind < AUDIT_KINDS ? (size_t)col->kind : 0]++;
                t->personal_columns += col->category != NULL;
                t->special_columns += col->special;
            }
        }
        for (size_t h = 0; h < s->n_hits; h++)
            t->text_values += s->hits[h].count;
        for (size_t f = 0; f < s->n_findings; f++) {
            const audit_finding *fd = &s->findings[f];
            t->findings++;
            t->by_severity[fd->severity <= COMPLY_SEVERITY_INFO ? fd->severity : COMPLY_SEVERITY_INFO]++;
            fd->gap ? t->gaps++ : t->violations++;
        }
        if (s->due)
            for (size_t st = 0; st < AUDIT_STAGES; st++)
                t->due[st] += s->due->count[st];
    }
    for (size_t g = 0; g < r->n_gaps; g++) {
        t->findings++;
        t->by_severity[r->gaps[g].severity <= COMPLY_SEVERITY_INFO ? r->gaps[g].severity : COMPLY_SEVERITY_INFO]++;
        r->gaps[g].gap ? t->gaps++ : t->violations++;
    }
}

bool audit_fails(const audit_report *r)
{
    audit_totals t;
    audit_totals_compute(r, &t);
    return t.by_severity[COMPLY_SEVERITY_ERROR] > 0 || t.due[COMPLY_STAGE_DELETE_DUE] > 0;
}

/* Special-category columns: Art. 9(1) forbids processing them unless an
 * exception of Art. 9(2) applies; Art. 10 restricts criminal data. */
static bool audit_derive_columns(audit_source *s, const comply_rules *rules)
{
    for (size_t k = 0; k < s->n_tables; k++)
        for (size_t c = 0; c < s->tables[k].n; c++) {
            const audit_column *col = &s->tables[k].cols[c];
            if (!col->special)
                continue;
            const comply_category *cat = comply_category_find(rules, col->category);
            bool criminal = cat && comply_category_regime(cat) == COMPLY_REGIME_CRIMINAL;
            char en[512], fr[512], field[300];
            snprintf(field, sizeof field, "%s%s%s", s->tables[k].name ? s->tables[k].name : "",
                     s->tables[k].name ? "." : "", col->name ? col->name : "?");
            snprintf(en, sizeof en,
                     "Column %s holds %s, %s: say which exception allows it, or stop keeping it.", field,
                     audit_category_label(rules, col->category, "en"),
                     criminal ? "data on criminal convictions and offences" : "a special category of data");
            snprintf(fr, sizeof fr,
                     "La colonne %s contient %s, %s : indiquez l'exception qui l'autorise, ou ne la conservez pas.",
                     field, audit_category_label(rules, col->category, "fr"),
                     criminal ? "une donnée d'infraction" : "une donnée sensible");
            if (!audit_add_finding(&s->findings, &s->n_findings, criminal ? "criminal-data-column" : "special-category-column",
                                   COMPLY_SEVERITY_WARNING, false, criminal ? "GDPR Art. 10" : "GDPR Art. 9",
                                   en, fr, field, col->category, 0))
                return false;
        }
    return true;
}

/* Personal values in free text: minimisation asks whether they belong there. */
static bool audit_derive_text(audit_source *s, const comply_rules *rules)
{
    unsigned long total = 0;
    for (size_t h = 0; h < s->n_hits; h++) {
        total += s->hits[h].count;
        const comply_category *cat = comply_category_find(rules, s->hits[h].category);
        if (!cat || comply_category_regime(cat) == COMPLY_REGIME_NONE)
            continue;
        char en[512], fr[512];
        snprintf(en, sizeof en, "%lu value(s) of %s, a special category, in free text (first on line %lu).",
                 s->hits[h].count, comply_category_label(cat, "en"), s->hits[h].n_lines ? s->hits[h].lines[0] : 0);
        snprintf(fr, sizeof fr, "%lu valeur(s) de %s, donnée sensible, dans du texte libre (ligne %lu d'abord).",
                 s->hits[h].count, comply_category_label(cat, "fr"), s->hits[h].n_lines ? s->hits[h].lines[0] : 0);
        if (!audit_add_finding(&s->findings, &s->n_findings, "special-category-in-text", COMPLY_SEVERITY_WARNING,
                               false, "GDPR Art. 9", en, fr, NULL, s->hits[h].category,
                               s->hits[h].n_lines ? s->hits[h].lines[0] : 0))
            return false;
    }
    if (total == 0)
        return true;
    char en[512], fr[512];
    snprintf(en, sizeof en,
             "%lu personal value(s) of %zu categories in free text: keep only what the purpose needs, redact the rest.",
             total, s->n_hits);
    snprintf(fr, sizeof fr,
             "%lu donnée(s) personnelle(s) de %zu catégories dans du texte libre : ne gardez que le nécessaire, "
             "masquez le reste.",
             total, s->n_hits);
    return audit_add_finding(&s->findings, &s->n_findings, "personal-data-in-text", COMPLY_SEVERITY_WARNING, false,
                             "GDPR Art. 5(1)(c)", en, fr, NULL, NULL, 0);
}

/* Records past their retention: storage limitation. */
static bool audit_derive_due(audit_source *s)
{
    const audit_due *d = s->due;
    char en[512], fr[512];
    if (d->count[COMPLY_STAGE_DELETE_DUE]) {
        snprintf(en, sizeof en, "%lu record(s) are past their retention period and must be deleted or anonymised.",
                 d->count[COMPLY_STAGE_DELETE_DUE]);
        snprintf(fr, sizeof fr, "%lu enregistrement(s) ont dépassé leur durée de conservation : à supprimer ou "
                                "anonymiser.", d->count[COMPLY_STAGE_DELETE_DUE]);
        if (!audit_add_finding(&s->findings, &s->n_findings, "records-due-for-deletion", COMPLY_SEVERITY_ERROR, false,
                               "GDPR Art. 5(1)(e)", en, fr, NULL, d->category, 0))
            return false;
    }
    if (d->count[COMPLY_STAGE_ARCHIVE]) {
        snprintf(en, sizeof en, "%lu record(s) are past their active period and must move to an intermediate archive.",
                 d->count[COMPLY_STAGE_ARCHIVE]);
        snprintf(fr, sizeof fr, "%lu enregistrement(s) ont dépassé leur durée d'utilisation courante : à archiver.",
                 d->count[COMPLY_STAGE_ARCHIVE]);
        if (!audit_add_finding(&s->findings, &s->n_findings, "records-due-for-archiving", COMPLY_SEVERITY_WARNING,
                               false, "GDPR Art. 5(1)(e)", en, fr, NULL, d->category, 0))
            return false;
    }
    if (d->count[COMPLY_STAGE_UNKNOWN]) {
        snprintf(en, sizeof en, "%lu record(s) lack a readable date or event: their retention cannot be computed.",
                 d->count[COMPLY_STAGE_UNKNOWN]);
        snprintf(fr, sizeof fr, "%lu enregistrement(s) sans date ou événement lisible : durée de conservation "
                                "incalculable.", d->count[COMPLY_STAGE_UNKNOWN]);
        if (!audit_add_finding(&s->findings, &s->n_findings, "retention-unknown", COMPLY_SEVERITY_WARNING, true,
                               "GDPR Art. 5(1)(e)", en, fr, NULL, d->category, 0))
            return false;
    }
    return true;
}

bool audit_derive_findings(audit_report *r, const comply_rules *rules)
{
    bool any_retention = false;
    for (size_t i = 0; i < r->n_sources; i++) {
        audit_source *s = &r->sources[i];
        if (!audit_derive_columns(s, rules) || !audit_derive_text(s, rules) || (s->due && !audit_derive_due(s)))
            return false;
        any_retention |= s->type == AUDIT_SRC_RETENTION;
    }
    if (!any_retention &&
        !audit_add_finding(&r->gaps, &r->n_gaps, "no-retention-source", COMPLY_SEVERITY_INFO, true,
                           "GDPR Art. 5(1)(e)",
                           "No retention source declared: what is due for archiving or deletion was not computed "
                           "(name retention sources in a manifest, audit.json).",
                           "Aucune source de conservation déclarée : les données à archiver ou supprimer n'ont pas "
                           "été calculées (déclarez-les dans un manifeste, audit.json).",
                           NULL, NULL, 0))
        return false;
    return true;
}

static void audit_findings_free(audit_finding *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].code);
        free(v[i].article);
        free(v[i].message_en);
        free(v[i].message_fr);
        free(v[i].field);
        free(v[i].category);
    }
    free(v);
}

void audit_report_free(audit_report *r)
{
    for (size_t i = 0; i < r->n_sources; i++) {
        audit_source *s = &r->sources[i];
        for (size_t k = 0; k < s->n_tables; k++) {
            for (size_t c = 0; c < s->tables[k].n; c++) {
                free(s->tables[k].cols[c].name);
                free(s->tables[k].cols[c].category);
            }
            free(s->tables[k].cols);
            free(s->tables[k].name);
        }
        free(s->tables);
        for (size_t h = 0; h < s->n_hits; h++)
            free(s->hits[h].category);
        free(s->hits);
        free(s->path);
        free(s->purpose);
        audit_findings_free(s->findings, s->n_findings);
        if (s->due) {
            free(s->due->purpose);
            free(s->due->category);
            free(s->due->months);
            for (size_t k = 0; k < s->due->n_rules; k++) {
                free(s->due->rules[k].rule);
                free(s->due->rules[k].source);
            }
            free(s->due->rules);
            free(s->due);
        }
    }
    free(r->sources);
    audit_findings_free(r->gaps, r->n_gaps);
    free(r->root);
    free(r->name);
    memset(r, 0, sizeof *r);
}
