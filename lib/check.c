/*
 * check.c - the collection check: a planned collection, declared in JSON
 * (doc/collection.md), compared with its purpose in the rules. Each
 * objection is a finding with a stable code (doc/findings.md), a severity,
 * the GDPR article, and a message and a fix in English and French.
 *
 * The declaration is validated strictly first (unknown keys, wrong types,
 * unknown categories, duplicate field names are COMPLY_ERULE with their
 * place, like rule packs); only a well-formed declaration is checked.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------- report */

typedef struct check_entry {
    comply_finding f;
    size_t seq; /* insertion order: the last tie-break, so the order is stable */
} check_entry;

struct comply_report {
    comply__alloc alloc; /* a copy: the report may outlive the rules */
    comply__arena arena; /* every string of every finding */
    check_entry *v;
    size_t n, cap;
    const char *purpose;
    const char *source; /* the declaration's name, for reports */
};

const char *comply_severity_name(comply_severity severity)
{
    switch (severity) {
    case COMPLY_SEVERITY_ERROR:
        return "error";
    case COMPLY_SEVERITY_WARNING:
        return "warning";
    case COMPLY_SEVERITY_INFO:
        return "info";
    }
    return NULL;
}

size_t comply_report_count(const comply_report *report)
{
    return report ? report->n : 0;
}

const comply_finding *comply_report_get(const comply_report *report, size_t i)
{
    return report && i < report->n ? &report->v[i].f : NULL;
}

const char *comply_report_purpose(const comply_report *report)
{
    return report ? report->purpose : NULL;
}

const char *comply_report_source(const comply_report *report)
{
    return report ? report->source : NULL;
}

const comply__alloc *comply__report_alloc(const comply_report *report)
{
    return &report->alloc;
}

void comply_report_text_free(const comply_report *report, char *text)
{
    if (report && text)
        comply__free(&report->alloc, text);
}

void comply_report_free(comply_report *report)
{
    if (!report)
        return;
    comply__alloc alloc = report->alloc;
    comply__arena_release(&report->arena);
    comply__free(&alloc, report->v);
    comply__free(&alloc, report);
}

/* ------------------------------------------------------------ context */

/* The four texts of a finding. */
typedef struct check_texts {
    const char *en, *fr, *fix_en, *fix_fr;
} check_texts;

/* A field of the declaration, once read. */
typedef struct check_field {
    const comply__jnode *node;      /* the field object */
    const comply__jnode *name_node;
    const comply__jnode *cat_node;  /* declared category, or NULL */
    const char *name;               /* copy in the report */
    const char *category;           /* borrowed from the rules; NULL: unclassified */
    bool required;
    bool technical;                 /* a technical key, not personal data */
} check_field;

typedef struct check_ctx {
    const comply_rules *rules;
    comply_report *rep;
    comply_error *err;
    const char *source;
    comply__arena scratch;      /* the declaration's nodes and the field table */
    const comply__jnode *root;
    const comply__jnode *purpose; /* the purpose's entry in the rules, or NULL */
    const char *purpose_id;
    comply__strmap texts;       /* "code\x1f" "category" -> index in text_v */
    check_texts *text_v;
    size_t n_texts, cap_texts;
    comply__strmap retention;   /* category -> CHECK_RET_* */
    bool oom;
} check_ctx;

enum { CHECK_RET_NONE = 0, CHECK_RET_SOME, CHECK_RET_NEVER };

/* printf into the report's arena; NULL (and ctx->oom) on failure. */
static const char *check_fmt(check_ctx *c, const char *fmt, ...) COMPLY__PRINTF(2, 3);
static const char *check_fmt(check_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = comply__arena_alloc(&c->rep->arena, (size_t)n + 1);
    if (!p) {
        c->oom = true;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static const char *check_strdup(check_ctx *c, const char *s)
{
    if (!s)
        return NULL;
    char *p = comply__arena_strndup(&c->rep->arena, s, strlen(s));
    if (!p)
        c->oom = true;
    return p;
}

/* Adds a finding; `at` gives its place (NULL: none). */
static void check_add(check_ctx *c, const char *code, comply_severity sev, bool gap, const comply__jnode *at,
                      bool at_key, const char *path, const char *field, const char *category,
                      const char *article, const check_texts *t)
{
    comply_report *r = c->rep;
    if (c->oom || !t)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        if (cap > SIZE_MAX / sizeof *r->v) {
            c->oom = true;
            return;
        }
        check_entry *v = comply__realloc(&r->alloc, r->v, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    check_entry *e = &r->v[r->n];
    memset(e, 0, sizeof *e);
    e->seq = r->n;
    e->f.code = code;
    e->f.severity = sev;
    e->f.gap = gap ? 1 : 0;
    e->f.field = field;
    e->f.category = check_strdup(c, category);
    e->f.path = check_strdup(c, path ? path : "");
    if (at) {
        comply__jpos pos = (at_key && at->key_pos.line) ? at->key_pos : at->pos;
        e->f.line = pos.line;
        e->f.column = pos.column;
    }
    e->f.article = article;
    e->f.message_en = t->en;
    e->f.message_fr = t->fr;
    e->f.fix_en = t->fix_en;
    e->f.fix_fr = t->fix_fr;
    if (!c->oom)
        r->n++;
}

/* Texts whose wording depends only on the code and the category (the
 * purpose is fixed for one check) are made once and shared, so that a
 * form of 100k fields does not hold 100k copies of the same sentences.
 * Returns NULL when they are not cached yet; check_texts_keep stores them. */
static const char *check_text_key(char *buf, size_t size, const char *code, const char *category)
{
    snprintf(buf, size, "%s\x1f%s", code, category ? category : "");
    return buf;
}

static const check_texts *check_texts_cached(check_ctx *c, const char *key)
{
    size_t i;
    if (key && comply__strmap_get(&c->texts, key, &i))
        return &c->text_v[i];
    return NULL;
}

static const check_texts *check_texts_keep(check_ctx *c, const char *key, check_texts t)
{
    if (c->oom || !t.en || !t.fr || !t.fix_en || !t.fix_fr || !(key = check_strdup(c, key))) {
        c->oom = true;
        return NULL;
    }
    if (c->n_texts == c->cap_texts) {
        size_t cap = c->cap_texts ? c->cap_texts * 2 : 16;
        check_texts *v = comply__realloc(comply__rules_alloc(c->rules), c->text_v, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return NULL;
        }
        c->text_v = v;
        c->cap_texts = cap;
    }
    c->text_v[c->n_texts] = t;
    if (comply__strmap_put(&c->texts, key, c->n_texts, NULL) != COMPLY_OK) {
        c->oom = true;
        return NULL;
    }
    return &c->text_v[c->n_texts++];
}

/* Texts made for one finding only. */
static const check_texts *check_texts_once(check_ctx *c, check_texts *slot)
{
    if (!slot->en || !slot->fr || !slot->fix_en || !slot->fix_fr) {
        c->oom = true;
        return NULL;
    }
    return slot;
}

/* -------------------------------------------------------- validation */

/* A declaration that breaks its schema: COMPLY_ERULE with the place. */
static comply_status check_fail(check_ctx *c, const comply__jnode *node, bool at_key, const char *path,
                                const char *fmt, ...) COMPLY__PRINTF(5, 6);
static comply_status check_fail(check_ctx *c, const comply__jnode *node, bool at_key, const char *path,
                                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    comply_status st = comply__json_rule_errorv(c->err, c->source, node, at_key, path, fmt, ap);
    va_end(ap);
    return st;
}

/* An object with only the keys of `spec`, each once and of its type. */
static comply_status check_object(check_ctx *c, const comply__jnode *n, const char *path,
                                  const comply__strict_key *spec)
{
    return comply__strict_object(c->err, c->source, n, path, spec);
}

/* A string of `n` that must be one of `values`. */
static comply_status check_enum(check_ctx *c, const comply__jnode *n, const char *path, const char *const *values,
                                const char *list)
{
    for (const char *const *v = values; *v; v++)
        if (n->len == strlen(*v) && memcmp(n->str, *v, n->len) == 0)
            return COMPLY_OK;
    return check_fail(c, n, false, path, "invalid value (expected one of: %s)", list);
}

static bool check_truthy(const comply__jnode *obj, const char *key, bool *present)
{
    const comply__jnode *m = obj ? comply__json_member(obj, key) : NULL;
    if (present)
        *present = m != NULL;
    return m && m->type == COMPLY__JTRUE;
}

static const char *const legal_bases[] = { "consent", "contract", "legal_obligation", "vital_interests",
                                           "public_task", "legitimate_interests", NULL };
static const char *const mechanisms[] = { "adequacy", "dpf", "scc", "bcr", "code_of_conduct", "certification",
                                          "ad_hoc_clauses", "derogation", "privacy_shield", "none", NULL };

static const comply__strict_key top_spec[] = {
    { "purpose", COMPLY__T_STR, false },
    { "fields", COMPLY__T_ARR, true },
    { "legal_basis", COMPLY__T_STR, false },
    { "consent", COMPLY__T_OBJ, false },
    { "notice", COMPLY__T_OBJ, false },
    { "audience", COMPLY__T_OBJ, false },
    { "transfers", COMPLY__T_ARR, false },
    { "storage_location", COMPLY__T_STR, false },
    { "access", COMPLY__T_ARR, false },
    { "security", COMPLY__T_OBJ, false },
    { "controller", COMPLY__T_OBJ, false },
    { "dpo", COMPLY__T_OBJ, false },
    { "subjects", COMPLY__T_ARR, false },
    { "recipients", COMPLY__T_ARR, false },
    { "rights", COMPLY__T_OBJ, false },
    { "scale", COMPLY__T_OBJ, false },
    { NULL, 0, false },
};
static const comply__strict_key field_spec[] = {
    { "name", COMPLY__T_STR, true },
    { "category", COMPLY__T_STR, false },
    { "required", COMPLY__T_BOOL, false },
    { "sample_values", COMPLY__T_ARR, false },
    { NULL, 0, false },
};
static const comply__strict_key consent_spec[] = {
    { "captured", COMPLY__T_BOOL, false },
    { "separate", COMPLY__T_BOOL, false },
    { "pre_ticked", COMPLY__T_BOOL, false },
    { "withdrawable", COMPLY__T_BOOL, false },
    { NULL, 0, false },
};
static const comply__strict_key notice_spec[] = {
    { "provided", COMPLY__T_BOOL, false },
    { "url", COMPLY__T_STR, false },
    { NULL, 0, false },
};
static const comply__strict_key audience_spec[] = {
    { "minors", COMPLY__T_BOOL, false },
    { "parental_consent", COMPLY__T_BOOL, false },
    { NULL, 0, false },
};
static const comply__strict_key transfer_spec[] = {
    { "country", COMPLY__T_STR, true },
    { "mechanism", COMPLY__T_STR, false },
    { "recipient", COMPLY__T_STR, false },
    { NULL, 0, false },
};
static const comply__strict_key access_spec[] = {
    { "role", COMPLY__T_STR, true },
    { "categories", COMPLY__T_ARR, true },
    { NULL, 0, false },
};
static const comply__strict_key security_spec[] = {
    { "encryption_in_transit", COMPLY__T_BOOL, false },
    { "encryption_at_rest", COMPLY__T_BOOL, false },
    { "access_review_days", COMPLY__T_UINT, false },
    { "mfa_for_admins", COMPLY__T_BOOL, false },
    { NULL, 0, false },
};

static const comply__strict_key controller_spec[] = {
    { "name", COMPLY__T_STR, true },
    { "contact", COMPLY__T_STR, false },
    { NULL, 0, false },
};
static const comply__strict_key dpo_spec[] = {
    { "name", COMPLY__T_STR, false },
    { "contact", COMPLY__T_STR, true },
    { NULL, 0, false },
};
static const comply__strict_key recipient_spec[] = {
    { "name", COMPLY__T_STR, true },
    { "kind", COMPLY__T_STR, true },
    { NULL, 0, false },
};
static const comply__strict_key rights_spec[] = {
    { "channel", COMPLY__T_STR, false },
    { "supported", COMPLY__T_ARR, false },
    { "response_days", COMPLY__T_UINT, false },
    { NULL, 0, false },
};
static const comply__strict_key scale_spec[] = {
    { "large", COMPLY__T_BOOL, false },
    { "systematic_monitoring", COMPLY__T_BOOL, false },
    { NULL, 0, false },
};

/* The closed lists of doc/collection.md (accountability keys). */
static const char *const subject_kinds[] = { "customers", "prospects", "users",     "visitors",  "subscribers",
                                             "members",   "employees", "candidates", "interns",   "suppliers",
                                             "patients",  "students",  "minors",    "tenants",   "donors",
                                             "beneficiaries", NULL };
static const char *const recipient_kinds[] = { "internal", "processor", "third_party", "authority", NULL };
static const char *const rights_kinds[] = { "access",      "rectification", "erasure", "restriction",
                                            "portability", "objection",     NULL };

/* A string of `n` with no NUL inside (names, keys, codes). */
static comply_status check_plain(check_ctx *c, const comply__jnode *n, const char *path, bool non_empty)
{
    if (memchr(n->str, '\0', n->len))
        return check_fail(c, n, false, path, "a NUL character is not allowed here");
    if (non_empty && n->len == 0)
        return check_fail(c, n, false, path, "expected a non-empty string");
    return COMPLY_OK;
}

static comply_status check_category_ref(check_ctx *c, const comply__jnode *n, const char *path)
{
    if (n->type != COMPLY__JSTRING)
        return check_fail(c, n, false, path, "expected a category key, found %s", comply__json_type_name(n->type));
    comply_status st = check_plain(c, n, path, true);
    if (st != COMPLY_OK)
        return st;
    /* fideslang and DPV keys are accepted through the taxonomy's aliases */
    if (!comply_category_find_alias(c->rules, n->str)) {
        if (comply__is_category_key(n->str))
            return check_fail(c, n, false, path, "unknown category \"%.128s\"", n->str);
        return check_fail(c, n, false, path, "not a category key, nor a fideslang or DPV alias of one");
    }
    return COMPLY_OK;
}

static comply_status check_country(check_ctx *c, const comply__jnode *n, const char *path)
{
    if (n->len != 2 || !comply__is_upper((unsigned char)n->str[0]) || !comply__is_upper((unsigned char)n->str[1]))
        return check_fail(c, n, false, path, "expected an ISO 3166-1 alpha-2 country code in upper case (\"FR\")");
    return COMPLY_OK;
}

/* An array of distinct strings, each one of `values`. */
static comply_status check_enum_list(check_ctx *c, const comply__jnode *list, const char *path,
                                     const char *const *values, const char *names)
{
    char item[COMPLY_ERROR_PATH_SIZE];
    for (size_t i = 0; i < list->count; i++) {
        const comply__jnode *n = &list->items[i];
        comply__json_path_index(item, sizeof item, path, i);
        if (n->type != COMPLY__JSTRING)
            return check_fail(c, n, false, item, "expected a string, found %s", comply__json_type_name(n->type));
        comply_status st = check_enum(c, n, item, values, names);
        if (st != COMPLY_OK)
            return st;
        for (size_t j = 0; j < i; j++)
            if (strcmp(list->items[j].str, n->str) == 0)
                return check_fail(c, n, false, item, "\"%s\" is listed twice", n->str);
    }
    return COMPLY_OK;
}

/* Where people exercise their rights: an http(s) URL, an email address,
 * or a mailto: URI holding one. */
static comply_status check_channel(check_ctx *c, const comply__jnode *n, const char *path)
{
    comply_status st = check_plain(c, n, path, true);
    if (st != COMPLY_OK)
        return st;
    const char *s = n->str;
    size_t len = n->len;
    comply_validation v;
    bool mailto = len > 7 && strncmp(s, "mailto:", 7) == 0;
    if (!mailto && comply_validate("url", s, len, &v) == COMPLY_OK && v.valid)
        return COMPLY_OK;
    if (mailto) {
        s += 7;
        len -= 7;
    }
    if (comply_validate("email", s, len, &v) == COMPLY_OK && v.valid)
        return COMPLY_OK;
    return check_fail(c, n, false, path, "expected an http(s) URL or an email address");
}

/* controller, dpo, subjects, recipients, rights and scale. */
static comply_status check_accountability_shape(check_ctx *c)
{
    const comply__jnode *root = c->root, *n, *m;
    char path[COMPLY_ERROR_PATH_SIZE], sub[COMPLY_ERROR_PATH_SIZE];
    comply_status st;
    static const char *const people[] = { "controller", "dpo" };
    for (size_t k = 0; k < 2; k++) {
        if (!(n = comply__json_member(root, people[k])))
            continue;
        if ((st = check_object(c, n, people[k], k ? dpo_spec : controller_spec)) != COMPLY_OK)
            return st;
        for (size_t i = 0; i < n->count; i++) {
            comply__json_path_key(sub, sizeof sub, people[k], n->items[i].key);
            if ((st = check_plain(c, &n->items[i], sub, true)) != COMPLY_OK)
                return st;
        }
    }
    if ((n = comply__json_member(root, "subjects")) &&
        (st = check_enum_list(c, n, "subjects", subject_kinds,
                              "customers, prospects, users, visitors, subscribers, members, employees, candidates, "
                              "interns, suppliers, patients, students, minors, tenants, donors, beneficiaries")) !=
            COMPLY_OK)
        return st;
    const comply__jnode *recipients = comply__json_member(root, "recipients");
    for (size_t i = 0; recipients && i < recipients->count; i++) {
        const comply__jnode *r = &recipients->items[i];
        comply__json_path_index(path, sizeof path, "recipients", i);
        if ((st = check_object(c, r, path, recipient_spec)) != COMPLY_OK)
            return st;
        comply__json_path_key(sub, sizeof sub, path, "name");
        if ((st = check_plain(c, comply__json_member(r, "name"), sub, true)) != COMPLY_OK)
            return st;
        comply__json_path_key(sub, sizeof sub, path, "kind");
        if ((st = check_enum(c, comply__json_member(r, "kind"), sub, recipient_kinds,
                             "internal, processor, third_party, authority")) != COMPLY_OK)
            return st;
    }
    if ((n = comply__json_member(root, "rights"))) {
        if ((st = check_object(c, n, "rights", rights_spec)) != COMPLY_OK)
            return st;
        if ((m = comply__json_member(n, "channel")) && (st = check_channel(c, m, "rights.channel")) != COMPLY_OK)
            return st;
        if ((m = comply__json_member(n, "supported")) &&
            (st = check_enum_list(c, m, "rights.supported", rights_kinds,
                                  "access, rectification, erasure, restriction, portability, objection")) != COMPLY_OK)
            return st;
        if ((m = comply__json_member(n, "response_days")) && m->number < 1)
            return check_fail(c, m, false, "rights.response_days", "expected an integer of at least 1");
    }
    if ((n = comply__json_member(root, "scale")) && (st = check_object(c, n, "scale", scale_spec)) != COMPLY_OK)
        return st;
    return COMPLY_OK;
}

/* Checks the declaration's whole shape (everything but the fields' names). */
static comply_status check_shape(check_ctx *c)
{
    const comply__jnode *root = c->root;
    char path[COMPLY_ERROR_PATH_SIZE], sub[COMPLY_ERROR_PATH_SIZE];
    comply_status st;
    if ((st = check_object(c, root, "", top_spec)) != COMPLY_OK)
        return st;
    const comply__jnode *n;
    if ((n = comply__json_member(root, "purpose")) && (st = check_plain(c, n, "purpose", true)) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(root, "legal_basis")) &&
        (st = check_enum(c, n, "legal_basis", legal_bases,
                         "consent, contract, legal_obligation, vital_interests, public_task, "
                         "legitimate_interests")) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(root, "storage_location")) &&
        (st = check_country(c, n, "storage_location")) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(root, "consent")) && (st = check_object(c, n, "consent", consent_spec)) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(root, "notice")) && (st = check_object(c, n, "notice", notice_spec)) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(root, "audience")) &&
        (st = check_object(c, n, "audience", audience_spec)) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(root, "security")) &&
        (st = check_object(c, n, "security", security_spec)) != COMPLY_OK)
        return st;
    if ((st = check_accountability_shape(c)) != COMPLY_OK)
        return st;

    const comply__jnode *fields = comply__json_member(root, "fields");
    for (size_t i = 0; i < fields->count; i++) {
        const comply__jnode *f = &fields->items[i];
        comply__json_path_index(path, sizeof path, "fields", i);
        if ((st = check_object(c, f, path, field_spec)) != COMPLY_OK)
            return st;
        comply__json_path_key(sub, sizeof sub, path, "name");
        if ((st = check_plain(c, comply__json_member(f, "name"), sub, true)) != COMPLY_OK)
            return st;
        if ((n = comply__json_member(f, "category"))) {
            comply__json_path_key(sub, sizeof sub, path, "category");
            if ((st = check_category_ref(c, n, sub)) != COMPLY_OK)
                return st;
        }
        if ((n = comply__json_member(f, "sample_values")))
            for (size_t j = 0; j < n->count; j++)
                if (n->items[j].type != COMPLY__JSTRING) {
                    comply__json_path_key(sub, sizeof sub, path, "sample_values");
                    comply__json_path_index(path, sizeof path, sub, j);
                    return check_fail(c, &n->items[j], false, path, "expected a string, found %s",
                                      comply__json_type_name(n->items[j].type));
                }
    }

    const comply__jnode *transfers = comply__json_member(root, "transfers");
    for (size_t i = 0; transfers && i < transfers->count; i++) {
        const comply__jnode *t = &transfers->items[i];
        comply__json_path_index(path, sizeof path, "transfers", i);
        if ((st = check_object(c, t, path, transfer_spec)) != COMPLY_OK)
            return st;
        comply__json_path_key(sub, sizeof sub, path, "country");
        if ((st = check_country(c, comply__json_member(t, "country"), sub)) != COMPLY_OK)
            return st;
        if ((n = comply__json_member(t, "mechanism"))) {
            comply__json_path_key(sub, sizeof sub, path, "mechanism");
            if ((st = check_enum(c, n, sub, mechanisms,
                                 "adequacy, dpf, scc, bcr, code_of_conduct, certification, ad_hoc_clauses, "
                                 "derogation, privacy_shield, none")) != COMPLY_OK)
                return st;
        }
    }

    const comply__jnode *access = comply__json_member(root, "access");
    for (size_t i = 0; access && i < access->count; i++) {
        const comply__jnode *a = &access->items[i];
        comply__json_path_index(path, sizeof path, "access", i);
        if ((st = check_object(c, a, path, access_spec)) != COMPLY_OK)
            return st;
        comply__json_path_key(sub, sizeof sub, path, "role");
        if ((st = check_plain(c, comply__json_member(a, "role"), sub, true)) != COMPLY_OK)
            return st;
        const comply__jnode *cats = comply__json_member(a, "categories");
        for (size_t j = 0; j < cats->count; j++) {
            char item[COMPLY_ERROR_PATH_SIZE];
            comply__json_path_key(sub, sizeof sub, path, "categories");
            comply__json_path_index(item, sizeof item, sub, j);
            if ((st = check_category_ref(c, &cats->items[j], item)) != COMPLY_OK)
                return st;
        }
    }
    return COMPLY_OK;
}

/* ------------------------------------------------- JSON Schema input */

/* A JSON Schema of a request body (what web backends already have) rather
 * than a declaration: a root with "properties" and no "fields". */
static bool check_is_json_schema(const comply__jnode *root)
{
    const comply__jnode *props = comply__json_member(root, "properties");
    return root->type == COMPLY__JOBJECT && props && props->type == COMPLY__JOBJECT &&
           !comply__json_member(root, "fields");
}

#define CHECK_SCHEMA_MAX_DEPTH 8

typedef struct schema_fields {
    comply__jnode *v;
    size_t n, cap;
} schema_fields;

static comply__jnode *schema_node(check_ctx *c, comply__jtype type, const char *key, const comply__jnode *at)
{
    comply__jnode *n = comply__arena_alloc(&c->scratch, sizeof *n);
    if (!n) {
        c->oom = true;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->type = type;
    n->key = key;
    n->source = at->source;
    n->pos = at->key_pos.line ? at->key_pos : at->pos;
    n->key_pos = n->pos;
    return n;
}

static bool schema_required(const comply__jnode *object, const char *name)
{
    const comply__jnode *req = comply__json_member(object, "required");
    for (size_t i = 0; req && req->type == COMPLY__JARRAY && i < req->count; i++)
        if (req->items[i].type == COMPLY__JSTRING && strcmp(req->items[i].str, name) == 0)
            return true;
    return false;
}

/* One field {name, required, category?, sample_values?} for a property. */
static void schema_add_field(check_ctx *c, schema_fields *out, const char *name, const comply__jnode *prop,
                             bool required)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 16;
        comply__jnode *v = comply__arena_alloc(&c->scratch, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        if (out->n)
            memcpy(v, out->v, out->n * sizeof *v);
        out->v = v;
        out->cap = cap;
    }
    comply__jnode *members = comply__arena_alloc(&c->scratch, 4 * sizeof *members);
    comply__jnode *f = &out->v[out->n];
    comply__jnode *nm = schema_node(c, COMPLY__JSTRING, "name", prop);
    comply__jnode *rq = schema_node(c, required ? COMPLY__JTRUE : COMPLY__JFALSE, "required", prop);
    if (!members || !nm || !rq) {
        c->oom = true;
        return;
    }
    nm->str = name;
    nm->len = strlen(name);
    *f = *schema_node(c, COMPLY__JOBJECT, NULL, prop);
    f->items = members;
    members[f->count++] = *nm;
    members[f->count++] = *rq;
    /* the category, when the schema names one (x-comply-category) */
    const comply__jnode *cat = comply__json_member(prop, "x-comply-category");
    if (cat && cat->type == COMPLY__JSTRING && comply_category_find_alias(c->rules, cat->str)) {
        members[f->count] = *cat;
        members[f->count++].key = "category";
    }
    /* JSON Schema "examples" are sample values */
    const comply__jnode *ex = comply__json_member(prop, "examples");
    if (ex && ex->type == COMPLY__JARRAY && ex->count) {
        bool strings = true;
        for (size_t i = 0; i < ex->count; i++)
            strings = strings && ex->items[i].type == COMPLY__JSTRING;
        if (strings) {
            members[f->count] = *ex;
            members[f->count++].key = "sample_values";
        }
    }
    out->n++;
}

/* Walks "properties", flattening nested objects into dotted names
 * ("address.city"), at most CHECK_SCHEMA_MAX_DEPTH levels deep. */
static void schema_walk_properties(check_ctx *c, schema_fields *out, const comply__jnode *object, const char *prefix,
                                   unsigned depth)
{
    const comply__jnode *props = comply__json_member(object, "properties");
    if (!props || props->type != COMPLY__JOBJECT || depth > CHECK_SCHEMA_MAX_DEPTH)
        return;
    for (size_t i = 0; i < props->count && !c->oom; i++) {
        const comply__jnode *p = &props->items[i];
        const char *name = p->key;
        if (prefix) {
            size_t n = strlen(prefix) + 1 + strlen(p->key) + 1;
            char *full = comply__arena_alloc(&c->scratch, n);
            if (!full) {
                c->oom = true;
                return;
            }
            snprintf(full, n, "%s.%s", prefix, p->key);
            name = full;
        }
        const comply__jnode *type = comply__json_member(p, "type");
        bool object_type = type && type->type == COMPLY__JSTRING && strcmp(type->str, "object") == 0;
        if (p->type == COMPLY__JOBJECT && object_type && comply__json_member(p, "properties"))
            schema_walk_properties(c, out, p, name, depth + 1);
        else
            schema_add_field(c, out, name, p, schema_required(object, p->key));
    }
}

/* Builds a declaration {"fields": [...]} from the schema's properties; the
 * purpose comes from the caller. Positions are the properties' own. */
static comply_status check_from_json_schema(check_ctx *c, const comply__jnode *schema)
{
    schema_fields fields = { NULL, 0, 0 };
    schema_walk_properties(c, &fields, schema, NULL, 0);
    comply__jnode *root = schema_node(c, COMPLY__JOBJECT, NULL, schema);
    comply__jnode *list = schema_node(c, COMPLY__JARRAY, "fields", schema);
    if (c->oom || !root || !list)
        return comply__oom(c->err);
    list->items = fields.v;
    list->count = fields.n;
    root->items = list;
    root->count = 1;
    c->root = root;
    return COMPLY_OK;
}

/* ------------------------------------------------------------ helpers */

/* Does one category of the purpose's list `key` cover `cat`? */
static bool purpose_covers(const comply__jnode *purpose, const char *key, const char *cat)
{
    const comply__jnode *list = purpose ? comply__json_member(purpose, key) : NULL;
    if (!list || list->type != COMPLY__JARRAY)
        return false;
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].type == COMPLY__JSTRING && comply__key_within(cat, list->items[i].str))
            return true;
    return false;
}

static bool list_has(const comply__jnode *list, const char *s)
{
    if (!list || list->type != COMPLY__JARRAY)
        return false;
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].type == COMPLY__JSTRING && strcmp(list->items[i].str, s) == 0)
            return true;
    return false;
}

/* EU 27 (TEU Art. 52) and the EEA EFTA states (EEA Agreement): transfers
 * among them are not transfers to third countries (GDPR Art. 44). */
static bool check_in_eea(const char *cc)
{
    static const char eea[] = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
                              "IS LI NO";
    for (size_t i = 0; i + 2 <= sizeof eea - 1; i += 3)
        if (eea[i] == cc[0] && eea[i + 1] == cc[1])
            return true;
    return false;
}

static const char *check_pick_str(const comply__jnode *obj, const char *key)
{
    const comply__jnode *m = obj ? comply__json_member(obj, key) : NULL;
    return m && m->type == COMPLY__JSTRING ? m->str : NULL;
}

/* What the retention rules of the purpose say of a category (cached). */
static int check_retention_of(check_ctx *c, const char *category)
{
    size_t v;
    if (comply__strmap_get(&c->retention, category, &v))
        return (int)v;
    comply_deadline d;
    comply_status st = comply_retention_deadline(c->rules, c->purpose_id, category, NULL, 0,
                                                 (comply_date){ 2000, 1, 1 }, &d, NULL);
    int res = CHECK_RET_SOME;
    if (st == COMPLY_ENOTFOUND)
        res = CHECK_RET_NONE;
    else if (st == COMPLY_OK) {
        size_t n = d.n_other < COMPLY_MAX_OTHER_RULES ? d.n_other : COMPLY_MAX_OTHER_RULES;
        for (size_t i = 0; i <= n; i++) {
            const char *id = i == 0 ? d.rule : d.other_rules[i - 1];
            const comply__jnode *rule = id ? comply__rules_entry(c->rules, COMPLY_SECTION_RETENTION, id) : NULL;
            const comply__jnode *never = rule ? comply__json_member(rule, "never_store") : NULL;
            if (never && never->type == COMPLY__JTRUE)
                res = CHECK_RET_NEVER;
        }
    }
    if (comply__strmap_put(&c->retention, category, (size_t)res, NULL) != COMPLY_OK)
        c->oom = true;
    return res;
}

/* ------------------------------------------------------------ fields */

static const char *ART_5_1_B = "GDPR Art. 5(1)(b)";
static const char *ART_5_1_C = "GDPR Art. 5(1)(c)";

static void check_field_findings(check_ctx *c, const check_field *f, size_t i)
{
    char path[48];
    comply__json_path_index(path, sizeof path, "fields", i);
    const comply__jnode *at = f->cat_node ? f->cat_node : f->name_node;
    const char *cat = f->category, *pid = c->purpose_id;
    char kbuf[192];
    const char *key;
    const check_texts *t;

    if (!cat) {
        if (f->technical)
            return;
        key = check_text_key(kbuf, sizeof kbuf, "unclassified-field", NULL);
        if (!(t = check_texts_cached(c, key)))
            t = check_texts_keep(
                c, key,
                (check_texts){
                    "the field's name (and sample values, if any) match no category: the check cannot tell what it collects",
                    "le nom du champ (et ses exemples de valeurs, s'il y en a) ne correspondent à aucune catégorie : "
                    "la vérification ne peut pas dire ce qu'il collecte",
                    "declare the field's category (\"category\": \"contact.email\"), or give a few sample values",
                    "déclarez la catégorie du champ (\"category\": \"contact.email\") ou donnez quelques exemples de valeurs" });
        check_add(c, "unclassified-field", COMPLY_SEVERITY_WARNING, false, f->name_node, false, path, f->name, NULL,
                  "GDPR Art. 30(1)(c)", t);
        return;
    }

    const comply_category *cc = comply_category_find(c->rules, cat);
    comply_regime regime = cc ? comply_category_regime(cc) : COMPLY_REGIME_NONE;

    if (c->purpose) {
        bool forbidden = purpose_covers(c->purpose, "forbidden", cat);
        bool required = purpose_covers(c->purpose, "required", cat);
        bool optional = !required && purpose_covers(c->purpose, "optional", cat);
        if (forbidden) {
            key = check_text_key(kbuf, sizeof kbuf, "category-forbidden", cat);
            if (!(t = check_texts_cached(c, key)))
                t = check_texts_keep(
                    c, key,
                    (check_texts){
                        check_fmt(c, "category \"%s\" is forbidden for the purpose \"%s\": collecting it would serve another purpose", cat, pid),
                        check_fmt(c, "la catégorie « %s » est interdite pour la finalité « %s » : la collecter servirait une autre finalité", cat, pid),
                        check_fmt(c, "remove the field, or declare the purpose it really serves in a separate collection"),
                        check_fmt(c, "supprimez le champ, ou déclarez la finalité qu'il sert réellement dans une collecte distincte") });
            check_add(c, "category-forbidden", COMPLY_SEVERITY_ERROR, false, at, false, path, f->name, cat, ART_5_1_B, t);
        } else if (!required && !optional) {
            key = check_text_key(kbuf, sizeof kbuf, "category-not-needed", cat);
            if (!(t = check_texts_cached(c, key)))
                t = check_texts_keep(
                    c, key,
                    (check_texts){
                        check_fmt(c, "category \"%s\" is not needed for the purpose \"%s\" (neither required nor optional, "
                                     "or broader than what the purpose allows)", cat, pid),
                        check_fmt(c, "la catégorie « %s » n'est pas nécessaire à la finalité « %s » (ni requise ni facultative, "
                                     "ou plus large que ce que la finalité permet)", cat, pid),
                        "remove the field, or declare the narrower category the purpose allows",
                        "supprimez le champ, ou déclarez la catégorie plus précise que la finalité permet" });
            check_add(c, "category-not-needed", COMPLY_SEVERITY_ERROR, false, at, false, path, f->name, cat, ART_5_1_C, t);
        } else if (optional && f->required) {
            key = check_text_key(kbuf, sizeof kbuf, "optional-made-mandatory", cat);
            if (!(t = check_texts_cached(c, key)))
                t = check_texts_keep(
                    c, key,
                    (check_texts){
                        check_fmt(c, "category \"%s\" is optional for the purpose \"%s\" but the field is mandatory", cat, pid),
                        check_fmt(c, "la catégorie « %s » est facultative pour la finalité « %s » mais le champ est obligatoire", cat, pid),
                        "make the field optional (\"required\": false) and mark it as such in the form",
                        "rendez le champ facultatif (\"required\": false) et signalez-le comme tel dans le formulaire" });
            check_add(c, "optional-made-mandatory", COMPLY_SEVERITY_WARNING, false, f->name_node, false, path, f->name,
                      cat, ART_5_1_C, t);
        }
        if (regime == COMPLY_REGIME_SPECIAL && !comply__json_member(c->purpose, "art9_condition")) {
            key = check_text_key(kbuf, sizeof kbuf, "special-without-condition", cat);
            if (!(t = check_texts_cached(c, key)))
                t = check_texts_keep(
                    c, key,
                    (check_texts){
                        check_fmt(c, "category \"%s\" is special-category data (Art. 9) and the purpose \"%s\" has no "
                                     "Art. 9(2) condition", cat, pid),
                        check_fmt(c, "la catégorie « %s » est une donnée sensible (art. 9) et la finalité « %s » ne "
                                     "repose sur aucune exception de l'article 9(2)", cat, pid),
                        "remove the field, or document the Art. 9(2) condition (e.g. explicit consent) in the purpose",
                        "supprimez le champ, ou documentez l'exception de l'article 9(2) (par exemple le consentement "
                        "explicite) dans la finalité" });
            check_add(c, "special-without-condition", COMPLY_SEVERITY_ERROR, false, at, false, path, f->name, cat,
                      "GDPR Art. 9", t);
        }
        if (regime == COMPLY_REGIME_CRIMINAL && !comply__json_member(c->purpose, "art10_authority")) {
            key = check_text_key(kbuf, sizeof kbuf, "criminal-without-authority", cat);
            if (!(t = check_texts_cached(c, key)))
                t = check_texts_keep(
                    c, key,
                    (check_texts){
                        check_fmt(c, "category \"%s\" is data on criminal convictions or offences and the purpose \"%s\" "
                                     "names no legal authority for it (Art. 10)", cat, pid),
                        check_fmt(c, "la catégorie « %s » porte sur des infractions ou condamnations pénales et la "
                                     "finalité « %s » ne cite aucune autorisation légale (art. 10)", cat, pid),
                        "remove the field unless a law authorises the processing (Loi Informatique et Libertés art. 46)",
                        "supprimez le champ sauf si une loi autorise ce traitement (loi Informatique et Libertés, art. 46)" });
            check_add(c, "criminal-without-authority", COMPLY_SEVERITY_ERROR, false, at, false, path, f->name, cat,
                      "GDPR Art. 10", t);
        }
        int ret = check_retention_of(c, cat);
        if (ret == CHECK_RET_NEVER) {
            key = check_text_key(kbuf, sizeof kbuf, "never-store", cat);
            if (!(t = check_texts_cached(c, key)))
                t = check_texts_keep(
                    c, key,
                    (check_texts){
                        check_fmt(c, "category \"%s\" must never be stored once used", cat),
                        check_fmt(c, "la catégorie « %s » ne doit jamais être conservée après usage", cat),
                        "use the value for the operation only (e.g. pass it to the payment provider) and never write it "
                        "to a database or a log",
                        "n'utilisez la valeur que pour l'opération (par exemple la transmettre au prestataire de paiement) "
                        "et ne l'écrivez jamais en base ni dans un journal" });
            check_add(c, "never-store", COMPLY_SEVERITY_ERROR, false, at, false, path, f->name, cat,
                      "GDPR Art. 5(1)(e); CNIL délib. 2018-303", t);
        } else if (ret == CHECK_RET_NONE && !forbidden && (required || optional)) {
            /* a category that should not be collected at all is already a finding */
            key = check_text_key(kbuf, sizeof kbuf, "no-retention-rule", cat);
            if (!(t = check_texts_cached(c, key)))
                t = check_texts_keep(
                    c, key,
                    (check_texts){
                        check_fmt(c, "no retention rule of the purpose \"%s\" covers category \"%s\"", pid, cat),
                        check_fmt(c, "aucune règle de conservation de la finalité « %s » ne couvre la catégorie « %s »", pid, cat),
                        "add a retention rule for this category to the purpose (rule pack, `retention` section)",
                        "ajoutez à la finalité une règle de conservation pour cette catégorie (section `retention` du paquet de règles)" });
            check_add(c, "no-retention-rule", COMPLY_SEVERITY_WARNING, false, at, false, path, f->name, cat,
                      "GDPR Art. 5(1)(e)", t);
        }
    }
}

/* Reads the fields: names unique, categories declared or classified. */
static comply_status check_read_fields(check_ctx *c, check_field **out, size_t *n_out)
{
    const comply__jnode *fields = comply__json_member(c->root, "fields");
    size_t n = fields->count;
    *out = NULL;
    *n_out = 0;
    if (n == 0)
        return COMPLY_OK;
    if (n > SIZE_MAX / sizeof(check_field))
        return comply__oom(c->err);
    check_field *v = comply__arena_alloc(&c->scratch, n * sizeof *v);
    comply__strmap names;
    if (!v || comply__strmap_init(&names, comply__rules_alloc(c->rules), n) != COMPLY_OK)
        return comply__oom(c->err);
    comply_status st = COMPLY_OK;
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *f = &fields->items[i];
        check_field *cf = &v[i];
        memset(cf, 0, sizeof *cf);
        cf->node = f;
        cf->name_node = comply__json_member(f, "name");
        cf->cat_node = comply__json_member(f, "category");
        cf->required = check_truthy(f, "required", NULL);
        size_t prev;
        if ((st = comply__strmap_put(&names, cf->name_node->str, i, &prev)) != COMPLY_OK) {
            st = comply__oom(c->err);
            break;
        }
        if (prev != SIZE_MAX) {
            char path[64];
            snprintf(path, sizeof path, "fields[%zu].name", i);
            st = check_fail(c, cf->name_node, false, path, "duplicate field name (first at fields[%zu])", prev);
            break;
        }
        if (!(cf->name = check_strdup(c, cf->name_node->str))) {
            st = comply__oom(c->err);
            break;
        }
        if (cf->cat_node) {
            cf->category = comply_category_key(comply_category_find_alias(c->rules, cf->cat_node->str));
            continue;
        }
        comply_class cls;
        const comply__jnode *samples = comply__json_member(f, "sample_values");
        if (samples && samples->count > 0) {
            const char **vals = comply__malloc(comply__rules_alloc(c->rules), samples->count * sizeof *vals);
            size_t *lens = comply__malloc(comply__rules_alloc(c->rules), samples->count * sizeof *lens);
            if (vals && lens) {
                for (size_t j = 0; j < samples->count; j++) {
                    vals[j] = samples->items[j].str;
                    lens[j] = samples->items[j].len;
                }
                st = comply_classify_column(c->rules, cf->name, vals, lens, samples->count, &cls, NULL, c->err);
            } else
                st = comply__oom(c->err);
            comply__free(comply__rules_alloc(c->rules), vals);
            comply__free(comply__rules_alloc(c->rules), lens);
        } else
            st = comply_classify_name(c->rules, cf->name, &cls, c->err);
        if (st != COMPLY_OK)
            break;
        cf->category = cls.category;
        cf->technical = !cls.category && cls.detail && strcmp(cls.detail, "technical") == 0;
    }
    comply__strmap_free(&names);
    if (st == COMPLY_OK) {
        *out = v;
        *n_out = n;
    }
    return st;
}

/* Birth date, postcode and gender together single out most people
 * (Sweeney, 2000: 87% of the US population); GDPR Recital 26. */
static void check_quasi_identifiers(check_ctx *c, const check_field *v, size_t n)
{
    bool birth = false, postcode = false, gender = false;
    for (size_t i = 0; i < n; i++) {
        const char *cat = v[i].category;
        if (!cat)
            continue;
        birth |= comply__key_within(cat, "identity.birth_date");
        postcode |= comply__key_within(cat, "contact.postal_address.postcode") || strcmp(cat, "contact.postal_address") == 0;
        gender |= comply__key_within(cat, "identity.gender");
    }
    if (!(birth && postcode && gender))
        return;
    static check_texts t = {
        "birth date, postcode and gender are collected together: this combination alone re-identifies most people",
        "date de naissance, code postal et genre sont collectés ensemble : cette combinaison suffit à réidentifier la "
        "plupart des personnes",
        "collect only what the purpose needs (an age band, a department instead of the postcode), and never publish "
        "or share the three together",
        "ne collectez que ce que la finalité exige (une tranche d'âge, un département plutôt que le code postal) et ne "
        "publiez ni ne partagez jamais les trois ensemble"
    };
    check_add(c, "quasi-identifiers", COMPLY_SEVERITY_INFO, false, comply__json_member(c->root, "fields"), true,
              "fields", NULL, NULL, "GDPR Recital 26", &t);
}

/* ------------------------------------------------ declaration-level */

static void check_purpose(check_ctx *c, const char *purpose_arg, const comply__jnode *pnode)
{
    const char *id = purpose_arg ? purpose_arg : (pnode ? pnode->str : NULL);
    const comply__jnode *at = purpose_arg ? NULL : pnode;
    const char *path = purpose_arg ? "" : "purpose";
    if (!id) {
        static check_texts t = {
            "the declaration names no purpose: what is collected cannot be compared with why",
            "la déclaration ne nomme aucune finalité : on ne peut pas comparer ce qui est collecté à ce qui le justifie",
            "add \"purpose\" with the id of a purpose of the rules (`comply purposes` lists them)",
            "ajoutez \"purpose\" avec l'identifiant d'une finalité des règles (`comply purposes` les liste)"
        };
        check_add(c, "missing-purpose", COMPLY_SEVERITY_ERROR, true, NULL, false, "purpose", NULL, NULL, ART_5_1_B, &t);
        return;
    }
    c->rep->purpose = check_strdup(c, id);
    c->purpose = comply__rules_entry(c->rules, COMPLY_SECTION_PURPOSES, id);
    if (c->purpose) {
        c->purpose_id = c->rep->purpose;
        return;
    }
    check_texts t = { check_fmt(c, "unknown purpose \"%.64s\": the rules define no such purpose", id),
                      check_fmt(c, "finalité « %.64s » inconnue : les règles ne définissent aucune finalité de ce nom", id),
                      "use the id of a purpose of the rules (`comply purposes` lists them), or add the purpose to a pack",
                      "utilisez l'identifiant d'une finalité des règles (`comply purposes` les liste) ou ajoutez la "
                      "finalité dans un paquet de règles" };
    check_add(c, "unknown-purpose", COMPLY_SEVERITY_ERROR, false, at, false, path, NULL, NULL, ART_5_1_B,
              check_texts_once(c, &t));
}

/* Legal basis, consent and minors; returns the effective basis. */
static void check_basis(check_ctx *c)
{
    const comply__jnode *lb = comply__json_member(c->root, "legal_basis");
    const char *declared = lb ? lb->str : NULL;
    const char *expected = check_pick_str(c->purpose, "legal_basis");
    const char *basis = declared ? declared : expected;
    if (!basis) {
        static check_texts t = {
            "no legal basis: neither the declaration nor its purpose gives one",
            "aucune base légale : ni la déclaration ni sa finalité n'en indiquent",
            "declare \"legal_basis\" (consent, contract, legal_obligation, vital_interests, public_task or "
            "legitimate_interests)",
            "déclarez \"legal_basis\" (consent, contract, legal_obligation, vital_interests, public_task ou "
            "legitimate_interests)"
        };
        check_add(c, "no-legal-basis", COMPLY_SEVERITY_ERROR, true, NULL, false, "legal_basis", NULL, NULL,
                  "GDPR Art. 6(1)", &t);
        return;
    }
    if (declared && expected && strcmp(declared, expected) != 0) {
        check_texts t = {
            check_fmt(c, "the declared legal basis \"%s\" differs from the purpose's \"%s\"", declared, expected),
            check_fmt(c, "la base légale déclarée « %s » diffère de celle de la finalité « %s »", declared, expected),
            check_fmt(c, "use \"%s\", or document why this processing rests on another basis (one basis per "
                         "purpose, chosen before collecting)", expected),
            check_fmt(c, "utilisez « %s », ou documentez pourquoi ce traitement repose sur une autre base (une base "
                         "par finalité, choisie avant la collecte)", expected)
        };
        check_add(c, "legal-basis-mismatch", COMPLY_SEVERITY_WARNING, false, lb, false, "legal_basis", NULL, NULL,
                  "GDPR Art. 6(1)", check_texts_once(c, &t));
    }
    if (strcmp(basis, "consent") != 0)
        return;

    const comply__jnode *consent = comply__json_member(c->root, "consent");
    bool present;
    bool captured = check_truthy(consent, "captured", &present);
    if (!captured) {
        static check_texts t = {
            "the legal basis is consent but the declaration does not show that consent is captured",
            "la base légale est le consentement mais la déclaration ne montre pas qu'il est recueilli",
            "record each person's consent (what, when, how) before collecting, and declare \"consent\": "
            "{\"captured\": true}",
            "recueillez et conservez la preuve du consentement de chaque personne (quoi, quand, comment) avant la "
            "collecte, et déclarez \"consent\": {\"captured\": true}"
        };
        const comply__jnode *at = present ? comply__json_member(consent, "captured") : NULL;
        check_add(c, "consent-not-captured", COMPLY_SEVERITY_ERROR, !present, at, false,
                  consent ? "consent.captured" : "consent", NULL, NULL, "GDPR Art. 7(1)", &t);
    }
    if (check_truthy(consent, "pre_ticked", NULL)) {
        static check_texts t = {
            "consent is collected with a pre-ticked box, which is not consent",
            "le consentement est recueilli par une case pré-cochée, ce qui n'est pas un consentement",
            "leave the box unticked: consent needs a clear positive act",
            "laissez la case décochée : le consentement exige un acte positif clair"
        };
        check_add(c, "consent-pre-ticked", COMPLY_SEVERITY_ERROR, false, comply__json_member(consent, "pre_ticked"),
                  false, "consent.pre_ticked", NULL, NULL, "GDPR Art. 4(11), 7; CJEU C-673/17 (Planet49)", &t);
    }
    if (!check_truthy(consent, "separate", &present)) {
        static check_texts t = {
            "consent is not asked separately: it is bundled with other matters (terms of sale, other purposes)",
            "le consentement n'est pas demandé séparément : il est lié à d'autres éléments (conditions de vente, "
            "autres finalités)",
            "ask for this purpose's consent on its own, distinguishable from everything else",
            "demandez le consentement pour cette finalité seule, distinct de tout le reste"
        };
        check_add(c, "consent-bundled", COMPLY_SEVERITY_ERROR, !present,
                  present ? comply__json_member(consent, "separate") : NULL, false,
                  consent ? "consent.separate" : "consent", NULL, NULL, "GDPR Art. 7(2), 7(4)", &t);
    }
    if (!check_truthy(consent, "withdrawable", &present)) {
        static check_texts t = {
            "people cannot withdraw their consent as easily as they gave it",
            "les personnes ne peuvent pas retirer leur consentement aussi facilement qu'elles l'ont donné",
            "offer a way to withdraw at any time (an unsubscribe link in every message, a setting in the account)",
            "offrez un moyen de retirer son consentement à tout moment (lien de désinscription dans chaque message, "
            "réglage dans le compte)"
        };
        check_add(c, "consent-not-withdrawable", COMPLY_SEVERITY_ERROR, !present,
                  present ? comply__json_member(consent, "withdrawable") : NULL, false,
                  consent ? "consent.withdrawable" : "consent", NULL, NULL, "GDPR Art. 7(3)", &t);
    }

    const comply__jnode *audience = comply__json_member(c->root, "audience");
    if (check_truthy(audience, "minors", NULL) && !check_truthy(audience, "parental_consent", NULL)) {
        static check_texts t = {
            "the audience includes minors and consent is the basis, but parental consent is not collected for those "
            "under 15",
            "le public comprend des mineurs et la base est le consentement, mais le consentement parental n'est pas "
            "recueilli pour les moins de 15 ans",
            "below 15, obtain the consent of the child and of a holder of parental authority (or keep minors out)",
            "avant 15 ans, recueillez le consentement conjoint du mineur et du titulaire de l'autorité parentale "
            "(ou excluez les mineurs)"
        };
        check_add(c, "minors-without-parental-consent", COMPLY_SEVERITY_ERROR, false,
                  comply__json_member(audience, "minors"), false, "audience.minors", NULL, NULL,
                  "GDPR Art. 8; Loi Informatique et Libertés art. 45", &t);
    }
}

static void check_notice(check_ctx *c)
{
    const comply__jnode *notice = comply__json_member(c->root, "notice");
    bool present;
    if (check_truthy(notice, "provided", &present))
        return;
    static check_texts t = {
        "no information notice is given to people when their data are collected",
        "aucune information n'est donnée aux personnes lors de la collecte de leurs données",
        "show a notice at the point of collection: controller, purposes, legal basis, recipients, retention, "
        "rights, contact of the DPO",
        "affichez une mention d'information au point de collecte : responsable, finalités, base légale, "
        "destinataires, durée de conservation, droits, contact du DPO"
    };
    check_add(c, "no-notice", COMPLY_SEVERITY_ERROR, !present, present ? comply__json_member(notice, "provided") : NULL,
              false, notice ? "notice.provided" : "notice", NULL, NULL, "GDPR Art. 13", &t);
}

/* Is there an adequacy decision for the whole country (no limited scope)? */
static const comply__jnode *check_adequacy(check_ctx *c, const char *cc)
{
    return comply__rules_entry(c->rules, COMPLY_SECTION_ADEQUACY, cc);
}

static void check_no_safeguard(check_ctx *c, const comply__jnode *at, const char *path, const char *cc,
                               const char *why_en, const char *why_fr)
{
    check_texts t = {
        check_fmt(c, "transfer to %s, outside the EEA, without a valid safeguard: %s", cc, why_en),
        check_fmt(c, "transfert vers %s, hors EEE, sans garantie valable : %s", cc, why_fr),
        "rely on an adequacy decision, or sign standard contractual clauses (Art. 46(2)(c)) with a transfer impact "
        "assessment, and declare the mechanism",
        "appuyez-vous sur une décision d'adéquation, ou signez des clauses contractuelles types (art. 46(2)(c)) avec "
        "une analyse d'impact du transfert, et déclarez le mécanisme"
    };
    check_add(c, "transfer-no-safeguard", COMPLY_SEVERITY_ERROR, false, at, false, path, NULL, NULL,
              "GDPR Art. 44–46", check_texts_once(c, &t));
}

static void check_one_transfer(check_ctx *c, const comply__jnode *t, const char *path)
{
    const comply__jnode *cn = comply__json_member(t, "country");
    const comply__jnode *mn = comply__json_member(t, "mechanism");
    const char *cc = cn->str;
    const char *mech = mn ? mn->str : "none";
    const comply__jnode *at = mn ? mn : cn;
    char mpath[COMPLY_ERROR_PATH_SIZE];
    comply__json_path_key(mpath, sizeof mpath, path, mn ? "mechanism" : "country");
    if (check_in_eea(cc))
        return;
    const comply__jnode *adequacy = check_adequacy(c, cc);
    const comply__jnode *accepted = c->purpose ? comply__json_member(c->purpose, "transfers") : NULL;

    if (strcmp(mech, "privacy_shield") == 0) {
        static check_texts tx = {
            "the EU-US Privacy Shield was invalidated on 16 July 2020 and no longer allows any transfer",
            "le bouclier de protection des données UE-États-Unis a été invalidé le 16 juillet 2020 et ne permet "
            "plus aucun transfert",
            "check whether the recipient is certified under the EU-US Data Privacy Framework (then declare \"dpf\"), "
            "else sign standard contractual clauses",
            "vérifiez si le destinataire est certifié au titre du Data Privacy Framework (déclarez alors \"dpf\"), "
            "sinon signez des clauses contractuelles types"
        };
        check_add(c, "transfer-privacy-shield", COMPLY_SEVERITY_ERROR, false, at, false, mpath, NULL, NULL,
                  "GDPR Art. 45; CJEU C-311/18 (Schrems II)", &tx);
        return;
    }
    if (strcmp(mech, "none") == 0) {
        /* An adequacy decision with a limited scope (the US: certified
         * organisations only) does not cover an undeclared mechanism. */
        if (adequacy && !comply__json_member(adequacy, "scope")) {
            if (accepted && !list_has(accepted, "adequacy"))
                check_no_safeguard(c, at, mpath, cc, "the purpose does not accept transfers under an adequacy decision",
                                   "la finalité n'accepte pas de transfert fondé sur une décision d'adéquation");
            return;
        }
        check_no_safeguard(c, at, mpath, cc,
                           adequacy ? "its adequacy decision has a limited scope and no mechanism is declared"
                                    : "no adequacy decision and no mechanism declared",
                           adequacy ? "sa décision d'adéquation a une portée limitée et aucun mécanisme n'est déclaré"
                                    : "pas de décision d'adéquation et aucun mécanisme déclaré");
        return;
    }
    if (strcmp(mech, "adequacy") == 0 && !adequacy) {
        check_no_safeguard(c, at, mpath, cc, "the rules hold no adequacy decision for this country",
                           "les règles ne contiennent aucune décision d'adéquation pour ce pays");
        return;
    }
    if (strcmp(mech, "dpf") == 0 && strcmp(cc, "US") != 0) {
        check_no_safeguard(c, at, mpath, cc, "the Data Privacy Framework covers US recipients only",
                           "le Data Privacy Framework ne couvre que les destinataires américains");
        return;
    }
    if (accepted && !list_has(accepted, mech)) {
        check_no_safeguard(c, at, mpath, cc, check_fmt(c, "the purpose does not accept the mechanism \"%s\"", mech),
                           check_fmt(c, "la finalité n'accepte pas le mécanisme « %s »", mech));
        return;
    }
    if (strcmp(mech, "dpf") == 0) {
        static check_texts tx = {
            "transfer to a US recipient under the Data Privacy Framework: valid only if the recipient is certified",
            "transfert vers un destinataire américain au titre du Data Privacy Framework : valable seulement si le "
            "destinataire est certifié",
            "check that the recipient is on the Data Privacy Framework List (dataprivacyframework.gov) for the data "
            "concerned, and keep the proof",
            "vérifiez que le destinataire figure sur la Data Privacy Framework List (dataprivacyframework.gov) pour "
            "les données concernées, et conservez-en la preuve"
        };
        check_add(c, "transfer-dpf-check", COMPLY_SEVERITY_WARNING, false, at, false, mpath, NULL, NULL,
                  "GDPR Art. 45; Decision (EU) 2023/1795", &tx);
    }
}

static void check_transfers(check_ctx *c)
{
    const comply__jnode *transfers = comply__json_member(c->root, "transfers");
    char path[COMPLY_ERROR_PATH_SIZE];
    for (size_t i = 0; transfers && i < transfers->count; i++) {
        comply__json_path_index(path, sizeof path, "transfers", i);
        check_one_transfer(c, &transfers->items[i], path);
    }
    /* Storing the data abroad is a transfer too (EDPB Guidelines 05/2021). */
    const comply__jnode *st = comply__json_member(c->root, "storage_location");
    if (st && !check_in_eea(st->str)) {
        const comply__jnode *adequacy = check_adequacy(c, st->str);
        if (!adequacy || comply__json_member(adequacy, "scope"))
            check_no_safeguard(c, st, "storage_location", st->str,
                               "the data are stored in a country without a (full) adequacy decision",
                               "les données sont stockées dans un pays sans décision d'adéquation (complète)");
    }
}

static void check_access(check_ctx *c)
{
    const comply__jnode *access = comply__json_member(c->root, "access");
    if (!access || !c->purpose)
        return;
    const comply__jnode *roles = comply__json_member(c->purpose, "roles");
    char path[COMPLY_ERROR_PATH_SIZE], sub[COMPLY_ERROR_PATH_SIZE];
    for (size_t i = 0; i < access->count; i++) {
        const comply__jnode *a = &access->items[i];
        const comply__jnode *rn = comply__json_member(a, "role");
        const comply__jnode *cats = comply__json_member(a, "categories");
        const comply__jnode *grant = roles ? comply__json_member(roles, rn->str) : NULL;
        comply__json_path_index(path, sizeof path, "access", i);
        if (!grant) {
            check_texts t = {
                check_fmt(c, "role \"%.64s\" has access but the purpose \"%s\" does not need it", rn->str, c->purpose_id),
                check_fmt(c, "le rôle « %.64s » a accès aux données mais la finalité « %s » n'en a pas besoin", rn->str,
                          c->purpose_id),
                "remove the role's access, or use one of the roles the purpose defines",
                "retirez l'accès de ce rôle, ou utilisez l'un des rôles que la finalité définit"
            };
            comply__json_path_key(sub, sizeof sub, path, "role");
            check_add(c, "role-excess-access", COMPLY_SEVERITY_WARNING, false, rn, false, sub, NULL, NULL,
                      "GDPR Art. 5(1)(f), 25", check_texts_once(c, &t));
            continue;
        }
        for (size_t j = 0; j < cats->count; j++) {
            const comply_category *resolved = comply_category_find_alias(c->rules, cats->items[j].str);
            const char *cat = resolved ? comply_category_key(resolved) : cats->items[j].str;
            bool ok = false;
            for (size_t k = 0; grant->type == COMPLY__JARRAY && k < grant->count && !ok; k++)
                ok = grant->items[k].type == COMPLY__JSTRING && comply__key_within(cat, grant->items[k].str);
            if (ok)
                continue;
            check_texts t = {
                check_fmt(c, "role \"%.64s\" is given category \"%s\", which the purpose \"%s\" does not grant it", rn->str,
                          cat, c->purpose_id),
                check_fmt(c, "le rôle « %.64s » reçoit la catégorie « %s », que la finalité « %s » ne lui accorde pas",
                          rn->str, cat, c->purpose_id),
                "limit the role's access to the categories it needs for the purpose (need to know)",
                "limitez l'accès du rôle aux catégories dont il a besoin pour la finalité (besoin d'en connaître)"
            };
            char item[COMPLY_ERROR_PATH_SIZE];
            comply__json_path_key(sub, sizeof sub, path, "categories");
            comply__json_path_index(item, sizeof item, sub, j);
            check_add(c, "role-excess-access", COMPLY_SEVERITY_WARNING, false, &cats->items[j], false, item, NULL, cat,
                      "GDPR Art. 5(1)(f), 25", check_texts_once(c, &t));
        }
    }
}

static void check_security(check_ctx *c)
{
    const comply__jnode *sec = comply__json_member(c->root, "security");
    static check_texts transit = {
        "personal data are not encrypted in transit",
        "les données personnelles ne sont pas chiffrées lors de leur transmission",
        "serve every form and API over TLS (HTTPS, TLS 1.2 or later) and encrypt links between services",
        "servez tous les formulaires et API en TLS (HTTPS, TLS 1.2 ou plus récent) et chiffrez les liaisons entre "
        "services"
    };
    static check_texts review = {
        "access rights are reviewed less often than every 90 days",
        "les habilitations sont revues moins d'une fois tous les 90 jours",
        "review who has access at least every 90 days and remove access that is no longer needed",
        "revoyez les habilitations au moins tous les 90 jours et retirez les accès devenus inutiles"
    };
    static check_texts mfa = {
        "administrators do not use multi-factor authentication",
        "les administrateurs n'utilisent pas d'authentification multifacteur",
        "require multi-factor authentication for every administrator account",
        "exigez une authentification multifacteur pour tout compte administrateur"
    };
    const char *art = "GDPR Art. 32";
    bool present;
    if (!check_truthy(sec, "encryption_in_transit", &present))
        check_add(c, "security-no-encryption-in-transit", COMPLY_SEVERITY_WARNING, !present,
                  present ? comply__json_member(sec, "encryption_in_transit") : NULL, false,
                  sec ? "security.encryption_in_transit" : "security", NULL, NULL, art, &transit);
    const comply__jnode *days = sec ? comply__json_member(sec, "access_review_days") : NULL;
    if (!days || days->number > 90)
        check_add(c, "security-access-review", COMPLY_SEVERITY_WARNING, !days, days, false,
                  sec ? "security.access_review_days" : "security", NULL, NULL, art, &review);
    if (!check_truthy(sec, "mfa_for_admins", &present))
        check_add(c, "security-no-admin-mfa", COMPLY_SEVERITY_WARNING, !present,
                  present ? comply__json_member(sec, "mfa_for_admins") : NULL, false,
                  sec ? "security.mfa_for_admins" : "security", NULL, NULL, art, &mfa);
}

/* ----------------------------------------------------- accountability */

static const char *ART_12_21 = "GDPR Art. 12(2), 15–21";

/* Is the purpose one of prospecting? The purpose's own "prospecting"
 * boolean decides; a pack without it falls back on the id: the CNIL's
 * référentiel names prospecting purposes "…_prospecting". */
static bool check_is_prospecting(const check_ctx *c)
{
    const comply__jnode *flag = c->purpose ? comply__json_member(c->purpose, "prospecting") : NULL;
    if (flag && (flag->type == COMPLY__JTRUE || flag->type == COMPLY__JFALSE))
        return flag->type == COMPLY__JTRUE;
    static const char suffix[] = "_prospecting";
    size_t n = c->purpose_id ? strlen(c->purpose_id) : 0;
    return n >= sizeof suffix - 1 && strcmp(c->purpose_id + n - (sizeof suffix - 1), suffix) == 0;
}

static void check_controller(check_ctx *c)
{
    const comply__jnode *ctl = comply__json_member(c->root, "controller");
    if (ctl && comply__json_member(ctl, "contact"))
        return;
    static check_texts t = {
        "the declaration does not give the controller's identity and contact details",
        "la déclaration n'indique pas l'identité et les coordonnées du responsable du traitement",
        "declare \"controller\": {\"name\": …, \"contact\": …} (postal address, email or contact page) and show them "
        "in the notice",
        "déclarez \"controller\": {\"name\": …, \"contact\": …} (adresse postale, courriel ou page de contact) et "
        "indiquez-les dans la mention d'information"
    };
    check_add(c, "controller-contact-missing", COMPLY_SEVERITY_ERROR, true, ctl, false,
              ctl ? "controller.contact" : "controller", NULL, NULL, "GDPR Art. 13(1)(a), 30(1)(a)", &t);
}

/* One right the basis or the purpose makes due: missing from a declared
 * list is a violation, a list not declared is a gap. */
static void check_right_offered(check_ctx *c, const comply__jnode *rights, const char *right, const char *code,
                                const char *article, const check_texts *t)
{
    const comply__jnode *list = comply__json_member(rights, "supported");
    if (list_has(list, right))
        return;
    check_add(c, code, COMPLY_SEVERITY_ERROR, !list, list ? list : rights, !list,
              list ? "rights.supported" : "rights", NULL, NULL, article, t);
}

static void check_rights(check_ctx *c)
{
    const comply__jnode *rights = comply__json_member(c->root, "rights");
    if (!rights || !comply__json_member(rights, "channel")) {
        static check_texts t = {
            "the declaration gives no channel through which people can exercise their rights",
            "la déclaration n'indique aucun moyen pour les personnes d'exercer leurs droits",
            "declare \"rights\": {\"channel\": …} with a web form URL or an email address, and give it in the notice",
            "déclarez \"rights\": {\"channel\": …} avec l'URL d'un formulaire ou une adresse électronique, et "
            "indiquez-la dans la mention d'information"
        };
        check_add(c, "rights-no-channel", COMPLY_SEVERITY_ERROR, true, rights, true,
                  rights ? "rights.channel" : "rights", NULL, NULL, ART_12_21, &t);
    }
    /* Which rights are offered is only read once a rights section exists:
     * without one, rights-no-channel already says what is missing. */
    if (!rights)
        return;
    const comply__jnode *lb = comply__json_member(c->root, "legal_basis");
    const char *basis = lb ? lb->str : check_pick_str(c->purpose, "legal_basis");
    bool prospecting = check_is_prospecting(c);
    if (prospecting || (basis && strcmp(basis, "legitimate_interests") == 0)) {
        static check_texts t = {
            "people are not offered the right to object, which they have when the basis is legitimate interests "
            "and always against prospecting",
            "le droit d'opposition n'est pas offert, alors qu'il est dû quand la base est l'intérêt légitime et "
            "toujours contre la prospection",
            "add \"objection\" to rights.supported and honour it: for prospecting, stop at once and without reasons",
            "ajoutez \"objection\" à rights.supported et respectez-le : pour la prospection, cessez immédiatement et "
            "sans justification"
        };
        check_right_offered(c, rights, "objection", "rights-objection-missing",
                            prospecting ? "GDPR Art. 21(2)–(3)" : "GDPR Art. 21(1)", &t);
    }
    if (basis && (strcmp(basis, "consent") == 0 || strcmp(basis, "contract") == 0)) {
        static check_texts t = {
            "people are not offered data portability, which they have when the basis is consent or contract",
            "la portabilité n'est pas offerte, alors qu'elle est due quand la base est le consentement ou le contrat",
            "add \"portability\" to rights.supported and export the data people provided in a structured, "
            "machine-readable format (CSV, JSON)",
            "ajoutez \"portability\" à rights.supported et exportez les données fournies par la personne dans un "
            "format structuré et lisible par machine (CSV, JSON)"
        };
        check_right_offered(c, rights, "portability", "rights-portability-missing", "GDPR Art. 20(1)", &t);
    }
    /* Art. 12(3): "within one month of receipt". Counted per Reg. (EEC,
     * Euratom) 1182/71 Art. 3(2)(c), one month runs from 28 to 31 days:
     * more than 31 days overruns it always (error), 29 to 31 for requests
     * received in some months (warning). */
    const comply__jnode *days = comply__json_member(rights, "response_days");
    if (days && days->number > 28) {
        bool always = days->number > 31;
        static check_texts always_t = {
            "the declared response time to rights requests is longer than one month",
            "le délai de réponse déclaré aux demandes d'exercice des droits dépasse un mois",
            "answer within one month of receipt; only complex or numerous requests allow two more months, and the "
            "person must be told why within the first month",
            "répondez dans le mois suivant la réception ; seules des demandes complexes ou nombreuses permettent deux "
            "mois de plus, et la personne doit en être informée avec les motifs dans le premier mois"
        };
        static check_texts some_t = {
            "the declared response time to rights requests exceeds one month for requests received in some months "
            "(a month can be 28 days)",
            "le délai de réponse déclaré dépasse un mois pour les demandes reçues certains mois (un mois peut compter "
            "28 jours)",
            "count the deadline in calendar months from receipt (same date next month), or commit to 28 days at most",
            "comptez le délai en mois calendaires à partir de la réception (même quantième le mois suivant), ou "
            "engagez-vous sur 28 jours au plus"
        };
        check_add(c, "rights-response-too-long", always ? COMPLY_SEVERITY_ERROR : COMPLY_SEVERITY_WARNING, false, days,
                  false, "rights.response_days", NULL, NULL, "GDPR Art. 12(3)", always ? &always_t : &some_t);
    }
}

/* Art. 37(1)(b)-(c): a DPO is mandatory when the core activities are
 * regular and systematic monitoring on a large scale, or large-scale
 * processing of Art. 9 or Art. 10 data (WP243 rev.01, section 2.1). */
static void check_dpo(check_ctx *c, const check_field *v, size_t n)
{
    const comply__jnode *scale = comply__json_member(c->root, "scale");
    if (comply__json_member(c->root, "dpo") || !check_truthy(scale, "large", NULL))
        return;
    bool sensitive = false;
    for (size_t i = 0; i < n && !sensitive; i++) {
        const comply_category *cc = v[i].category ? comply_category_find(c->rules, v[i].category) : NULL;
        sensitive = cc && comply_category_regime(cc) != COMPLY_REGIME_NONE;
    }
    bool monitoring = check_truthy(scale, "systematic_monitoring", NULL);
    if (!sensitive && !monitoring)
        return;
    static check_texts t = {
        "the declaration shows large-scale processing of special-category or criminal data, or large-scale "
        "systematic monitoring, and names no data protection officer",
        "la déclaration montre un traitement à grande échelle de données sensibles ou pénales, ou un suivi "
        "systématique à grande échelle, et ne désigne aucun délégué à la protection des données",
        "designate a DPO, declare \"dpo\": {\"name\": …, \"contact\": …}, publish the contact and notify the CNIL",
        "désignez un DPO, déclarez \"dpo\": {\"name\": …, \"contact\": …}, publiez ses coordonnées et notifiez-le "
        "à la CNIL"
    };
    check_add(c, "dpo-missing", COMPLY_SEVERITY_WARNING, true, comply__json_member(scale, "large"), false, "dpo", NULL,
              NULL, "GDPR Art. 37(1)(b)–(c)", &t);
}

/* ------------------------------------------------------------- order */

static int check_compare(const void *pa, const void *pb)
{
    const check_entry *a = pa, *b = pb;
    if (a->f.severity != b->f.severity)
        return (int)a->f.severity - (int)b->f.severity;
    /* Findings without a place (about the whole declaration) come first. */
    if (a->f.line != b->f.line)
        return a->f.line < b->f.line ? -1 : 1;
    if (a->f.column != b->f.column)
        return a->f.column < b->f.column ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* -------------------------------------------------------------- entry */

comply_status comply_check_collection_json(const comply_rules *rules, const char *json, size_t len,
                                           const char *source, const char *purpose, comply_report **out,
                                           comply_error *err)
{
    if (out)
        *out = NULL;
    if (!rules || !out)
        return comply__error_set(err, COMPLY_EINVAL, "%s is NULL", !rules ? "rules" : "report output");
    if (!json && len > 0)
        return comply__error_set(err, COMPLY_EINVAL, "declaration text is NULL");
    if (len > COMPLY_DEFAULT_MAX_PACK_BYTES)
        return comply__error_set(err, COMPLY_ELIMIT, "declaration larger than %zu bytes",
                                 (size_t)COMPLY_DEFAULT_MAX_PACK_BYTES);
    if (purpose && purpose[0] == '\0')
        return comply__error_set(err, COMPLY_EINVAL, "purpose is empty");

    const comply__alloc *alloc = comply__rules_alloc(rules);
    comply_report *rep = comply__calloc(alloc, 1, sizeof *rep);
    if (!rep)
        return comply__oom(err);
    rep->alloc = *alloc;
    comply__arena_init(&rep->arena, &rep->alloc);

    check_ctx c;
    memset(&c, 0, sizeof c);
    c.rules = rules;
    c.rep = rep;
    c.err = err;
    c.source = source ? source : "<json>";
    rep->source = check_strdup(&c, c.source);
    comply__arena_init(&c.scratch, alloc);
    check_field *fields = NULL;
    size_t n_fields = 0;
    comply__jnode *root = NULL;
    comply_status st;

    if ((st = comply__strmap_init(&c.texts, alloc, 64)) != COMPLY_OK ||
        (st = comply__strmap_init(&c.retention, alloc, 64)) != COMPLY_OK) {
        st = comply__oom(err);
        goto out;
    }
    if ((st = comply__json_read(&c.scratch, json ? json : "", len, c.source, COMPLY_DEFAULT_MAX_DEPTH, &root, err)) !=
        COMPLY_OK)
        goto out;
    c.root = root;
    if (check_is_json_schema(root)) {
        /* a JSON Schema of a request body: its properties are the fields */
        if ((st = check_from_json_schema(&c, root)) != COMPLY_OK)
            goto out;
    } else if ((st = check_shape(&c)) != COMPLY_OK) {
        goto out;
    }
    check_purpose(&c, purpose, comply__json_member(c.root, "purpose"));
    if ((st = check_read_fields(&c, &fields, &n_fields)) != COMPLY_OK)
        goto out;
    for (size_t i = 0; i < n_fields && !c.oom; i++)
        check_field_findings(&c, &fields[i], i);
    check_quasi_identifiers(&c, fields, n_fields);
    check_basis(&c);
    check_notice(&c);
    check_transfers(&c);
    check_access(&c);
    check_security(&c);
    check_controller(&c);
    check_rights(&c);
    check_dpo(&c, fields, n_fields);
    if (c.oom) {
        st = comply__oom(err);
        goto out;
    }
    if (rep->n > 1)
        qsort(rep->v, rep->n, sizeof *rep->v, check_compare);

out:
    comply__strmap_free(&c.texts);
    comply__strmap_free(&c.retention);
    comply__free(alloc, c.text_v);
    comply__arena_release(&c.scratch);
    if (st != COMPLY_OK)
        comply_report_free(rep);
    else
        *out = rep;
    return st;
}
