/*
 * schema.c - the rule-pack schema and its checker.
 *
 * The schema is data: one table per kind of entry. A single walker checks
 * a pack against it twice: first its shape (types, required and unknown
 * keys, duplicates, syntax of keys, durations and patterns), then, once the
 * pack is layered, every reference to a category, purpose or retention rule
 * against the effective rules. Every problem names the source, the line and
 * column and the JSON path; doc/pack-format.md documents every key.
 */
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "internal.h"

/* Problems reported for one pack before the checker gives up. */
#define SCHEMA_MAX_PROBLEMS 100u

typedef enum schema_kind {
    SK_STRING,
    SK_BOOL,
    SK_NUMBER,
    SK_INTEGER,
    SK_ENUM,
    SK_TEXT,
    SK_REF,
    SK_NAME,
    SK_DURATION,
    SK_PATTERN,
    SK_VALIDATOR,
    SK_DATE,
    SK_MONTH_DAY,
    SK_OBJECT,
    SK_MAP,
    SK_ARRAY,
    SK_CHOICE
} schema_kind;

typedef enum schema_key {
    KEY_CATEGORY,     /* syntax of a category key */
    KEY_REF_CATEGORY, /* an existing category */
    KEY_ID,
    KEY_LANG,
    KEY_COUNTRY,
    KEY_ENUM,
    KEY_SECTION
} schema_key;

struct schema_ctx;
typedef struct schema_field schema_field;

typedef struct schema_type {
    schema_kind kind;
    const schema_field *fields;         /* SK_OBJECT */
    const struct schema_type *item;     /* SK_MAP values, SK_ARRAY items, SK_CHOICE object form */
    const struct schema_type *alt;      /* SK_CHOICE string form */
    const char *const *values;          /* SK_ENUM, KEY_ENUM */
    double min, max;                    /* SK_NUMBER, SK_INTEGER */
    comply_section ref;                 /* SK_REF */
    schema_key key;                     /* SK_MAP */
    size_t min_items;                   /* SK_ARRAY, SK_MAP */
    void (*extra)(struct schema_ctx *, const struct schema_type *, const comply__jnode *);
} schema_type;

struct schema_field {
    const char *key;
    const schema_type *type;
    bool required;
};

typedef enum schema_mode { MODE_SHAPE, MODE_REFS } schema_mode;

/* One step of a JSON path: a member's key, or an array index (key NULL). */
typedef struct path_seg {
    const char *key;
    size_t index;
} path_seg;

#define SCHEMA_MAX_PATH 32

typedef struct schema_ctx {
    const comply__schema_env *env;
    schema_mode mode;
    comply_error *err;
    unsigned problems;
    bool oom;
    path_seg segs[SCHEMA_MAX_PATH];
    size_t depth;
} schema_ctx;

/* ------------------------------------------------------------ the tables */

static const char *const kinds[] = { "base", "interaction", "behavioural", "attitudinal", NULL };
static const char *const regimes[] = { "special", "criminal", NULL };
static const char *const alias_schemes[] = { "fideslang", "dpv", NULL };
static const char *const legal_bases[] = { "consent", "contract", "legal_obligation", "vital_interests",
                                           "public_task", "legitimate_interests", NULL };
/* GDPR Art. 9(2)(a)-(j), in order. */
static const char *const art9_conditions[] = {
    "explicit_consent", "employment_social_security", "vital_interests", "not_for_profit_body",
    "made_public", "legal_claims", "substantial_public_interest", "health_or_social_care",
    "public_health", "archiving_research", NULL
};
/* GDPR Art. 45 (adequacy), 46 (safeguards), 47 (BCR), 49 (derogations). */
static const char *const transfer_mechanisms[] = { "adequacy", "dpf", "scc", "bcr", "code_of_conduct",
                                                   "certification", "ad_hoc_clauses", "derogation", NULL };
static const char *const final_actions[] = { "delete", "anonymise", NULL };
static const char *const limits[] = { "minimum", "maximum", NULL };
static const char *const bases[] = { "law", "cnil", "edpb", "controller", NULL };
static const char *const anchors[] = { "fiscal_year_end", "calendar_year_end", NULL };
static const char *const marker_kinds[] = { "technical", "organisation", NULL };

static const schema_type t_string = { .kind = SK_STRING };
static const schema_type t_bool = { .kind = SK_BOOL };
static const schema_type t_text = { .kind = SK_TEXT };
static const schema_type t_name = { .kind = SK_NAME };
static const schema_type t_duration = { .kind = SK_DURATION };
static const schema_type t_date = { .kind = SK_DATE };
static const schema_type t_unit = { .kind = SK_NUMBER, .min = 0, .max = 1 };
static const schema_type t_category = { .kind = SK_REF, .ref = COMPLY_SECTION_TAXONOMY };
static const schema_type t_purpose = { .kind = SK_REF, .ref = COMPLY_SECTION_PURPOSES };
static const schema_type t_rule = { .kind = SK_REF, .ref = COMPLY_SECTION_RETENTION };
static const schema_type t_categories = { .kind = SK_ARRAY, .item = &t_category };
static const schema_type t_purposes = { .kind = SK_ARRAY, .item = &t_purpose };
static const schema_type t_rules = { .kind = SK_ARRAY, .item = &t_rule };
static const schema_type t_strings = { .kind = SK_ARRAY, .item = &t_string };
static const schema_type t_names = { .kind = SK_ARRAY, .item = &t_name, .min_items = 1 };

static const schema_field source_fields[] = {
    { "title", &t_string, true },
    { "url", &t_string, false },
    { "article", &t_string, false },
    { "date", &t_date, false },
    { NULL, NULL, false },
};
static const schema_type t_source = { .kind = SK_OBJECT, .fields = source_fields };

/* A lexicon term: "mail" or {"term": "mail", "weight": 0.6}. */
static const schema_field term_fields[] = {
    { "term", &t_string, true },
    { "weight", &t_unit, false },
    { NULL, NULL, false },
};
static const schema_type t_term_object = { .kind = SK_OBJECT, .fields = term_fields };
static const schema_type t_term = { .kind = SK_CHOICE, .alt = &t_string, .item = &t_term_object };
static const schema_type t_terms = { .kind = SK_ARRAY, .item = &t_term, .min_items = 1 };
static const schema_type t_lang_terms = { .kind = SK_MAP, .key = KEY_LANG, .item = &t_terms };
static const schema_type t_lang_words = { .kind = SK_MAP, .key = KEY_LANG, .item = &t_strings };

/* taxonomy */
static const schema_type t_kind = { .kind = SK_ENUM, .values = kinds };
static const schema_type t_regime = { .kind = SK_ENUM, .values = regimes };
static const schema_type t_aliases = { .kind = SK_MAP, .key = KEY_ENUM, .values = alias_schemes,
                                       .item = &t_strings };
static const schema_field taxonomy_fields[] = {
    { "label", &t_text, true },
    { "description", &t_text, false },
    { "kind", &t_kind, false },
    { "regime", &t_regime, false },
    { "sensitive", &t_bool, false },
    { "aliases", &t_aliases, false },
    { NULL, NULL, false },
};
static const schema_type t_taxonomy_entry = { .kind = SK_OBJECT, .fields = taxonomy_fields };

/* names */
static const schema_field names_fields[] = {
    { "terms", &t_lang_terms, true },
    { "not", &t_lang_terms, false },
    { "weight", &t_unit, false },
    { NULL, NULL, false },
};
static const schema_type t_names_entry = { .kind = SK_OBJECT, .fields = names_fields };
static const schema_field marker_fields[] = {
    { "terms", &t_lang_terms, true },
    { NULL, NULL, false },
};
static const schema_type t_marker_entry = { .kind = SK_OBJECT, .fields = marker_fields };

/* detectors */
static const schema_type t_window = { .kind = SK_INTEGER, .min = 1, .max = 1024 };
static const schema_field context_fields[] = {
    { "words", &t_lang_words, true },
    { "window", &t_window, false },
    { "boost", &t_unit, false },
    { NULL, NULL, false },
};
static const schema_type t_context = { .kind = SK_OBJECT, .fields = context_fields };
static const schema_type t_pattern = { .kind = SK_PATTERN };
static const schema_type t_validator = { .kind = SK_VALIDATOR };
static const char *const triggers[] = { "digits", "at", "colon", "text", "value", NULL };
static const schema_type t_trigger = { .kind = SK_ENUM, .values = triggers };
static const schema_type t_digit_count = { .kind = SK_INTEGER, .min = 0, .max = 1024 };
static const schema_field digits_fields[] = {
    { "min", &t_digit_count, false },
    { "max", &t_digit_count, false },
    { NULL, NULL, false },
};
static const schema_type t_digits = { .kind = SK_OBJECT, .fields = digits_fields };
static const schema_field detector_fields[] = {
    { "category", &t_category, true },
    { "pattern", &t_pattern, true },
    { "validator", &t_validator, false },
    { "confidence", &t_unit, true },
    { "caseless", &t_bool, false },
    { "trigger", &t_trigger, false },
    { "digits", &t_digits, false },
    { "needs", &t_string, false },
    { "context", &t_context, false },
    { "description", &t_text, false },
    { NULL, NULL, false },
};
static const schema_type t_detector_entry = { .kind = SK_OBJECT, .fields = detector_fields };

/* purposes */
static const schema_type t_legal_basis = { .kind = SK_ENUM, .values = legal_bases };
static const schema_type t_art9 = { .kind = SK_ENUM, .values = art9_conditions };
static const schema_type t_mechanism = { .kind = SK_ENUM, .values = transfer_mechanisms };
static const schema_type t_mechanisms = { .kind = SK_ARRAY, .item = &t_mechanism };
static const schema_type t_roles = { .kind = SK_MAP, .key = KEY_ID, .item = &t_categories };
static const schema_field purpose_fields[] = {
    { "label", &t_text, true },
    { "description", &t_text, false },
    { "legal_basis", &t_legal_basis, true },
    { "required", &t_categories, false },
    { "optional", &t_categories, false },
    { "forbidden", &t_categories, false },
    { "art9_condition", &t_art9, false },
    { "art10_authority", &t_string, false },
    { "retention", &t_rules, false },
    { "roles", &t_roles, false },
    { "transfers", &t_mechanisms, false },
    { "source", &t_source, false },
    { "prospecting", &t_bool, false },
    { NULL, NULL, false },
};
static const schema_type t_purpose_entry = { .kind = SK_OBJECT, .fields = purpose_fields };

/* retention */
static const schema_field from_fields[] = {
    { "latest_of", &t_names, true },
    { NULL, NULL, false },
};
static const schema_type t_from_object = { .kind = SK_OBJECT, .fields = from_fields };
static const schema_type t_from = { .kind = SK_CHOICE, .alt = &t_name, .item = &t_from_object };
static const schema_type t_final = { .kind = SK_ENUM, .values = final_actions };
static const schema_type t_limit = { .kind = SK_ENUM, .values = limits };
static const schema_type t_basis = { .kind = SK_ENUM, .values = bases };
static const schema_type t_anchor = { .kind = SK_ENUM, .values = anchors };
static const schema_type t_month_day = { .kind = SK_MONTH_DAY };
static void schema_check_retention(schema_ctx *ctx, const schema_type *type, const comply__jnode *node);
static const schema_field retention_fields[] = {
    { "label", &t_text, false },
    { "description", &t_text, false },
    { "categories", &t_categories, false },
    { "purposes", &t_purposes, false },
    { "from", &t_from, false },
    { "active_until", &t_name, false },
    { "anchor", &t_anchor, false },
    { "fiscal_year_end", &t_month_day, false },
    { "keep", &t_duration, false },
    { "archive_for", &t_duration, false },
    { "then", &t_final, false },
    { "never_store", &t_bool, false },
    { "limit", &t_limit, false },
    { "basis", &t_basis, false },
    { "source", &t_source, false },
    { NULL, NULL, false },
};
static const schema_type t_retention_entry = { .kind = SK_OBJECT, .fields = retention_fields,
                                               .extra = schema_check_retention };

/* adequacy (GDPR Art. 45 decisions) */
static const schema_field adequacy_fields[] = {
    { "label", &t_text, false },
    { "decision", &t_string, true },
    { "date", &t_date, true },
    { "scope", &t_text, false },
    { "source", &t_source, false },
    { NULL, NULL, false },
};
static const schema_type t_adequacy_entry = { .kind = SK_OBJECT, .fields = adequacy_fields };

/* the sections, indexed by comply_section */
static const schema_type t_sections[COMPLY_SECTION_COUNT_] = {
    [COMPLY_SECTION_TAXONOMY] = { .kind = SK_MAP, .key = KEY_CATEGORY, .item = &t_taxonomy_entry },
    [COMPLY_SECTION_NAMES] = { .kind = SK_MAP, .key = KEY_REF_CATEGORY, .item = &t_names_entry },
    [COMPLY_SECTION_NAME_MARKERS] = { .kind = SK_MAP, .key = KEY_ENUM, .values = marker_kinds,
                                      .item = &t_marker_entry },
    [COMPLY_SECTION_DETECTORS] = { .kind = SK_MAP, .key = KEY_ID, .item = &t_detector_entry },
    [COMPLY_SECTION_PURPOSES] = { .kind = SK_MAP, .key = KEY_ID, .item = &t_purpose_entry },
    [COMPLY_SECTION_RETENTION] = { .kind = SK_MAP, .key = KEY_ID, .item = &t_retention_entry },
    [COMPLY_SECTION_ADEQUACY] = { .kind = SK_MAP, .key = KEY_COUNTRY, .item = &t_adequacy_entry },
};

static const schema_type t_pack_version = { .kind = SK_INTEGER, .min = 0, .max = 1e9 };
static const schema_type t_removal = { .kind = SK_MAP, .key = KEY_SECTION, .item = &t_strings };
static const schema_field pack_fields[] = {
    { "comply_pack", &t_pack_version, true },
    { "name", &t_string, false },
    { "version", &t_string, false },
    { "description", &t_text, false },
    { "remove", &t_removal, false },
    { "taxonomy", &t_sections[COMPLY_SECTION_TAXONOMY], false },
    { "names", &t_sections[COMPLY_SECTION_NAMES], false },
    { "name_markers", &t_sections[COMPLY_SECTION_NAME_MARKERS], false },
    { "detectors", &t_sections[COMPLY_SECTION_DETECTORS], false },
    { "purposes", &t_sections[COMPLY_SECTION_PURPOSES], false },
    { "retention", &t_sections[COMPLY_SECTION_RETENTION], false },
    { "adequacy", &t_sections[COMPLY_SECTION_ADEQUACY], false },
    { NULL, NULL, false },
};
static const schema_type t_pack = { .kind = SK_OBJECT, .fields = pack_fields };

static const char *const section_names[COMPLY_SECTION_COUNT_] = {
    "taxonomy", "names", "name_markers", "detectors", "purposes", "retention", "adequacy",
};

const char *comply_section_name(comply_section section)
{
    return (unsigned)section < COMPLY_SECTION_COUNT_ ? section_names[section] : NULL;
}

int comply__section_from_name(const char *name)
{
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++)
        if (strcmp(section_names[s], name) == 0)
            return s;
    return -1;
}

/* ------------------------------------------------------------ problems */

static void path_render(const schema_ctx *ctx, char *out, size_t size);

static void schema_problem_at(schema_ctx *ctx, const comply__jnode *node, bool at_key, const char *fmt, ...)
    COMPLY__PRINTF(4, 5);

static void schema_problem_at(schema_ctx *ctx, const comply__jnode *node, bool at_key, const char *fmt, ...)
{
    if (ctx->problems >= SCHEMA_MAX_PROBLEMS)
        return;
    comply_error e;
    va_list ap;
    va_start(ap, fmt);
    comply__error_vset(&e, COMPLY_ERULE, fmt, ap);
    va_end(ap);
    comply__jpos pos = (at_key && node->key_pos.line) ? node->key_pos : node->pos;
    char path[COMPLY_ERROR_PATH_SIZE];
    path_render(ctx, path, sizeof path);
    comply__error_place(&e, node->source, pos.line, pos.column, pos.offset, path);
    if (ctx->problems == 0 && ctx->err)
        *ctx->err = e;
    if (ctx->env->on_problem)
        ctx->env->on_problem(&e, ctx->env->problem_user);
    ctx->problems++;
}

static bool schema_stopped(const schema_ctx *ctx)
{
    return ctx->oom || ctx->problems >= SCHEMA_MAX_PROBLEMS;
}

/* -------------------------------------------------------------- paths */

static bool key_is_plain(const char *key)
{
    if (!*key)
        return false;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        if (!comply__is_alnum(*p) && *p != '_' && *p != '-')
            return false;
    return true;
}

/* ["key"], with " and \ escaped as in JSON; cut to fit `room` (then
 * returns `room`, like snprintf when it cuts). */
static int path_quoted(char *out, size_t room, const char *key)
{
    size_t n = 0;
    const char *p = key;
    if (room < 3)
        return (int)room;
    out[n++] = '[';
    out[n++] = '"';
    for (; *p; p++) {
        size_t need = (*p == '"' || *p == '\\') ? 2 : 1;
        if (n + need >= room)
            break;
        if (need == 2)
            out[n++] = '\\';
        out[n++] = *p;
    }
    if (*p || n + 2 >= room) {
        out[n] = '\0';
        return (int)room;
    }
    out[n++] = '"';
    out[n++] = ']';
    out[n] = '\0';
    return (int)n;
}

/* The path is kept as a stack of keys and indexes and written out only
 * when a problem is reported: most walks find none. */
static size_t path_push_key(schema_ctx *ctx, const char *key)
{
    size_t mark = ctx->depth;
    if (ctx->depth < SCHEMA_MAX_PATH)
        ctx->segs[ctx->depth] = (path_seg){ key, 0 };
    ctx->depth++;
    return mark;
}

static size_t path_push_index(schema_ctx *ctx, size_t i)
{
    size_t mark = ctx->depth;
    if (ctx->depth < SCHEMA_MAX_PATH)
        ctx->segs[ctx->depth] = (path_seg){ NULL, i };
    ctx->depth++;
    return mark;
}

static void path_pop(schema_ctx *ctx, size_t mark)
{
    ctx->depth = mark;
}

/* purposes.newsletter.required[2], taxonomy["contact.email"].label */
static void path_render(const schema_ctx *ctx, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = 0; k < ctx->depth && k < SCHEMA_MAX_PATH && used + 1 < size; k++) {
        const path_seg *g = &ctx->segs[k];
        int n;
        if (!g->key)
            n = snprintf(out + used, size - used, "[%zu]", g->index);
        else if (key_is_plain(g->key))
            n = snprintf(out + used, size - used, "%s%s", used ? "." : "", g->key);
        else
            n = path_quoted(out + used, size - used, g->key);
        if (n < 0)
            break;
        if ((size_t)n >= size - used) {
            out[size - 1] = '\0'; /* cut: comply__error_place keeps UTF-8 whole */
            break;
        }
        used += (size_t)n;
    }
}

/* ------------------------------------------------------- syntax checks */

static const char *json_type_name(comply__jtype t)
{
    switch (t) {
    case COMPLY__JNULL: return "null";
    case COMPLY__JFALSE:
    case COMPLY__JTRUE: return "a boolean";
    case COMPLY__JNUMBER: return "a number";
    case COMPLY__JSTRING: return "a string";
    case COMPLY__JARRAY: return "an array";
    case COMPLY__JOBJECT: return "an object";
    }
    return "a value";
}

bool comply__is_category_key(const char *key)
{
    const unsigned char *p = (const unsigned char *)key;
    size_t n = 0;
    for (;;) {
        if (!comply__is_lower(*p))
            return false;
        while (comply__is_lower(*p) || comply__is_digit(*p) || *p == '_')
            p++, n++;
        if (*p == '\0')
            return n <= 128;
        if (*p != '.')
            return false;
        p++;
    }
}

static bool is_identifier(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!comply__is_lower(*p) && !comply__is_digit(*p))
        return false;
    size_t n = 0;
    for (; *p; p++, n++)
        if (!comply__is_lower(*p) && !comply__is_digit(*p) && *p != '_' && *p != '-' && *p != '.')
            return false;
    return n <= 64;
}

static bool is_event_name(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!comply__is_lower(*p))
        return false;
    for (; *p; p++)
        if (!comply__is_lower(*p) && !comply__is_digit(*p) && *p != '_')
            return false;
    return strlen(s) <= 64;
}

static bool is_lang_tag(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (!comply__is_lower((unsigned char)s[i]))
            return false;
    return n == 2 || n == 3;
}

static bool is_country_code(const char *s)
{
    return strlen(s) == 2 && comply__is_upper((unsigned char)s[0]) && comply__is_upper((unsigned char)s[1]);
}

static bool in_list(const char *const *values, const char *s)
{
    for (; *values; values++)
        if (strcmp(*values, s) == 0)
            return true;
    return false;
}

static void list_values(char *buf, size_t size, const char *const *values)
{
    size_t used = 0;
    buf[0] = '\0';
    for (; *values && used + 1 < size; values++) {
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", *values);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static bool two_digits(const char *s, int *v)
{
    if (!comply__is_digit((unsigned char)s[0]) || !comply__is_digit((unsigned char)s[1]))
        return false;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

static bool is_month_day(const char *s)
{
    static const int month_days[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int m, d;
    return strlen(s) == 5 && two_digits(s, &m) && s[2] == '-' && two_digits(s + 3, &d) && m >= 1 &&
           m <= 12 && d >= 1 && d <= month_days[m];
}

static const char *key_problem(const schema_type *type, const char *key)
{
    switch (type->key) {
    case KEY_CATEGORY:
        return comply__is_category_key(key) ? NULL
                                            : "is not a category key (lower-case words of [a-z0-9_] joined by dots)";
    case KEY_REF_CATEGORY:
        return comply__is_category_key(key) ? NULL : "is not a category key";
    case KEY_ID:
        return is_identifier(key) ? NULL : "is not an identifier ([a-z0-9][a-z0-9_.-]*, at most 64 characters)";
    case KEY_LANG:
        return is_lang_tag(key) ? NULL : "is not a language code (two or three lower-case letters)";
    case KEY_COUNTRY:
        return is_country_code(key) ? NULL : "is not an ISO 3166-1 alpha-2 country code";
    case KEY_ENUM:
        return in_list(type->values, key) ? NULL : "is not an accepted key here";
    case KEY_SECTION:
        return comply__section_from_name(key) >= 0 ? NULL : "is not a section name";
    }
    return NULL;
}

/* ------------------------------------------------------------- walker */

static void schema_walk(schema_ctx *ctx, const schema_type *type, const comply__jnode *node);

static bool schema_expect(schema_ctx *ctx, const comply__jnode *node, comply__jtype want, const char *what)
{
    bool ok = node->type == want || (want == COMPLY__JTRUE && node->type == COMPLY__JFALSE);
    if (!ok && ctx->mode == MODE_SHAPE)
        schema_problem_at(ctx, node, false, "expected %s, found %s", what, json_type_name(node->type));
    return ok;
}

static void schema_check_duplicates(schema_ctx *ctx, const comply__jnode *node)
{
    if (node->count < 2)
        return;
    if (node->count <= 16) {
        for (size_t i = 1; i < node->count; i++)
            for (size_t j = 0; j < i; j++)
                if (strcmp(node->items[i].key, node->items[j].key) == 0) {
                    size_t mark = path_push_key(ctx, node->items[i].key);
                    schema_problem_at(ctx, &node->items[i], true, "duplicate key (first at line %lu)",
                                      (unsigned long)node->items[j].key_pos.line);
                    path_pop(ctx, mark);
                    break;
                }
        return;
    }
    comply__strmap seen;
    if (comply__strmap_init(&seen, ctx->env->alloc, node->count) != COMPLY_OK) {
        ctx->oom = true;
        return;
    }
    for (size_t i = 0; i < node->count && !ctx->oom; i++) {
        size_t first;
        if (comply__strmap_put(&seen, node->items[i].key, i, &first) != COMPLY_OK) {
            ctx->oom = true;
        } else if (first != SIZE_MAX) {
            size_t mark = path_push_key(ctx, node->items[i].key);
            schema_problem_at(ctx, &node->items[i], true, "duplicate key (first at line %lu)",
                              (unsigned long)node->items[first].key_pos.line);
            path_pop(ctx, mark);
        }
    }
    comply__strmap_free(&seen);
}

static void schema_walk_object(schema_ctx *ctx, const schema_type *type, const comply__jnode *node)
{
    if (!schema_expect(ctx, node, COMPLY__JOBJECT, "an object"))
        return;
    if (ctx->mode == MODE_SHAPE)
        schema_check_duplicates(ctx, node);
    for (size_t i = 0; i < node->count && !schema_stopped(ctx); i++) {
        const comply__jnode *member = &node->items[i];
        const schema_field *f = type->fields;
        while (f->key && strcmp(f->key, member->key) != 0)
            f++;
        size_t mark = path_push_key(ctx, member->key);
        if (f->key)
            schema_walk(ctx, f->type, member);
        else if (ctx->mode == MODE_SHAPE)
            schema_problem_at(ctx, member, true, "unknown key \"%s\"", member->key);
        path_pop(ctx, mark);
    }
    if (ctx->mode == MODE_SHAPE)
        for (const schema_field *f = type->fields; f->key; f++)
            if (f->required && !comply__json_member(node, f->key))
                schema_problem_at(ctx, node, false, "missing required key \"%s\"", f->key);
    if (type->extra && ctx->mode == MODE_SHAPE)
        type->extra(ctx, type, node);
}

static void schema_check_ref(schema_ctx *ctx, comply_section section, const comply__jnode *node, bool at_key,
                             const char *key)
{
    if (ctx->env->ref_exists(ctx->env->ref_user, section, key))
        return;
    static const char *const what[COMPLY_SECTION_COUNT_] = {
        [COMPLY_SECTION_TAXONOMY] = "category",        [COMPLY_SECTION_NAMES] = "name entry",
        [COMPLY_SECTION_NAME_MARKERS] = "name marker", [COMPLY_SECTION_DETECTORS] = "detector",
        [COMPLY_SECTION_PURPOSES] = "purpose",         [COMPLY_SECTION_RETENTION] = "retention rule",
        [COMPLY_SECTION_ADEQUACY] = "adequacy entry",
    };
    schema_problem_at(ctx, node, at_key, "unknown %s \"%s\"", what[section], key);
}

static void schema_walk_map(schema_ctx *ctx, const schema_type *type, const comply__jnode *node)
{
    if (!schema_expect(ctx, node, COMPLY__JOBJECT, "an object"))
        return;
    if (ctx->mode == MODE_SHAPE)
        schema_check_duplicates(ctx, node);
    if (ctx->mode == MODE_SHAPE && node->count < type->min_items)
        schema_problem_at(ctx, node, false, "expected at least %zu entries", type->min_items);
    for (size_t i = 0; i < node->count && !schema_stopped(ctx); i++) {
        const comply__jnode *member = &node->items[i];
        size_t mark = path_push_key(ctx, member->key);
        const char *why = key_problem(type, member->key);
        if (why && ctx->mode == MODE_SHAPE) {
            if (type->key == KEY_ENUM) {
                char list[160];
                list_values(list, sizeof list, type->values);
                schema_problem_at(ctx, member, true, "unknown key \"%s\" (expected one of: %s)", member->key, list);
            } else {
                schema_problem_at(ctx, member, true, "key \"%s\" %s", member->key, why);
            }
        } else if (!why && type->key == KEY_REF_CATEGORY && ctx->mode == MODE_REFS) {
            schema_check_ref(ctx, COMPLY_SECTION_TAXONOMY, member, true, member->key);
        }
        if (!why)
            schema_walk(ctx, type->item, member);
        path_pop(ctx, mark);
    }
}

static void schema_walk_array(schema_ctx *ctx, const schema_type *type, const comply__jnode *node)
{
    if (!schema_expect(ctx, node, COMPLY__JARRAY, "an array"))
        return;
    if (ctx->mode == MODE_SHAPE && node->count < type->min_items)
        schema_problem_at(ctx, node, false, "expected at least %zu elements", type->min_items);
    for (size_t i = 0; i < node->count && !schema_stopped(ctx); i++) {
        size_t mark = path_push_index(ctx, i);
        schema_walk(ctx, type->item, &node->items[i]);
        path_pop(ctx, mark);
    }
}

static void schema_walk_text(schema_ctx *ctx, const comply__jnode *node)
{
    if (ctx->mode != MODE_SHAPE || !schema_expect(ctx, node, COMPLY__JOBJECT, "an object of texts by language"))
        return;
    schema_check_duplicates(ctx, node);
    for (size_t i = 0; i < node->count; i++) {
        const comply__jnode *m = &node->items[i];
        size_t mark = path_push_key(ctx, m->key);
        if (!is_lang_tag(m->key))
            schema_problem_at(ctx, m, true, "key \"%s\" is not a language code (two or three lower-case letters)",
                              m->key);
        else if (m->type != COMPLY__JSTRING)
            schema_problem_at(ctx, m, false, "expected a string, found %s", json_type_name(m->type));
        else if (m->len == 0)
            schema_problem_at(ctx, m, false, "empty text");
        path_pop(ctx, mark);
    }
    if (!comply__json_member(node, "en"))
        schema_problem_at(ctx, node, false, "missing the English text (\"en\")");
}

static void schema_check_number(schema_ctx *ctx, const schema_type *type, const comply__jnode *node)
{
    bool integer = type->kind == SK_INTEGER;
    if (!schema_expect(ctx, node, COMPLY__JNUMBER, integer ? "an integer" : "a number") || ctx->mode != MODE_SHAPE)
        return;
    if (integer && strpbrk(node->str, ".eE"))
        schema_problem_at(ctx, node, false, "expected an integer, found %.*s", (int)node->len, node->str);
    else if (node->number < type->min || node->number > type->max)
        schema_problem_at(ctx, node, false, "%.*s is out of range [%g, %g]", (int)node->len, node->str, type->min,
                          type->max);
}

static void schema_check_pattern(schema_ctx *ctx, const comply__jnode *node)
{
    int code;
    PCRE2_SIZE where;
    pcre2_general_context *gc = comply__pcre2_general_context(ctx->env->alloc);
    pcre2_compile_context *cc = gc ? pcre2_compile_context_create(gc) : NULL;
    if (!cc) {
        pcre2_general_context_free(gc);
        ctx->oom = true;
        return;
    }
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)node->str, node->len, 0, &code, &where, cc);
    if (re) {
        pcre2_code_free(re);
    } else if (code == PCRE2_ERROR_NOMEMORY || code == PCRE2_ERROR_HEAP_FAILED) {
        ctx->oom = true;
    } else {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(code, msg, sizeof msg);
        schema_problem_at(ctx, node, false, "invalid pattern at offset %zu: %s", (size_t)where, (const char *)msg);
    }
    pcre2_compile_context_free(cc);
    pcre2_general_context_free(gc);
}

static void schema_check_string(schema_ctx *ctx, const schema_type *type, const comply__jnode *node)
{
    if (!schema_expect(ctx, node, COMPLY__JSTRING, "a string"))
        return;
    if (type->kind == SK_REF) {
        if (ctx->mode == MODE_REFS)
            schema_check_ref(ctx, type->ref, node, false, node->str);
        else if (type->ref == COMPLY_SECTION_TAXONOMY && !comply__is_category_key(node->str))
            schema_problem_at(ctx, node, false, "\"%s\" is not a category key", node->str);
        else if (type->ref != COMPLY_SECTION_TAXONOMY && !is_identifier(node->str))
            schema_problem_at(ctx, node, false, "\"%s\" is not an identifier", node->str);
        return;
    }
    if (ctx->mode != MODE_SHAPE)
        return;
    if (node->len == 0 && type->kind != SK_ENUM) {
        schema_problem_at(ctx, node, false, "empty string");
        return;
    }
    switch (type->kind) {
    case SK_ENUM:
        if (!in_list(type->values, node->str)) {
            char list[200];
            list_values(list, sizeof list, type->values);
            schema_problem_at(ctx, node, false, "\"%s\" is not one of: %s", node->str, list);
        }
        break;
    case SK_NAME:
        if (!is_event_name(node->str))
            schema_problem_at(ctx, node, false, "\"%s\" is not a name ([a-z][a-z0-9_]*)", node->str);
        break;
    case SK_DURATION: {
        comply_duration d;
        comply_error e;
        if (comply_duration_parse(node->str, &d, &e) != COMPLY_OK)
            schema_problem_at(ctx, node, false, "invalid duration: %s", e.message);
        else if (comply_duration_has_time(&d))
            schema_problem_at(ctx, node, false, "a retention duration has no time part (hours, minutes, seconds)");
        break;
    }
    case SK_DATE: {
        comply_date d;
        comply_error e;
        if (comply_date_parse(node->str, node->len, &d, &e) != COMPLY_OK)
            schema_problem_at(ctx, node, false, "invalid date (YYYY-MM-DD expected): %s", e.message);
        break;
    }
    case SK_MONTH_DAY:
        if (!is_month_day(node->str))
            schema_problem_at(ctx, node, false, "\"%s\" is not a month and day (MM-DD)", node->str);
        break;
    case SK_PATTERN:
        schema_check_pattern(ctx, node);
        break;
    case SK_VALIDATOR:
        if (!comply__validator_find(node->str))
            schema_problem_at(ctx, node, false, "unknown validator \"%s\"", node->str);
        break;
    default:
        break;
    }
}

static void schema_walk(schema_ctx *ctx, const schema_type *type, const comply__jnode *node)
{
    if (schema_stopped(ctx))
        return;
    switch (type->kind) {
    case SK_OBJECT: schema_walk_object(ctx, type, node); return;
    case SK_MAP: schema_walk_map(ctx, type, node); return;
    case SK_ARRAY: schema_walk_array(ctx, type, node); return;
    case SK_TEXT: schema_walk_text(ctx, node); return;
    case SK_BOOL: schema_expect(ctx, node, COMPLY__JTRUE, "true or false"); return;
    case SK_NUMBER:
    case SK_INTEGER: schema_check_number(ctx, type, node); return;
    case SK_CHOICE:
        if (node->type == COMPLY__JSTRING)
            schema_walk(ctx, type->alt, node);
        else if (node->type == COMPLY__JOBJECT)
            schema_walk(ctx, type->item, node);
        else if (ctx->mode == MODE_SHAPE)
            schema_problem_at(ctx, node, false, "expected a string or an object, found %s",
                              json_type_name(node->type));
        return;
    default: schema_check_string(ctx, type, node); return;
    }
}

/* A retention rule says what it covers, and either how long to keep or
 * that the data must never be stored. */
static void schema_check_retention(schema_ctx *ctx, const schema_type *type, const comply__jnode *node)
{
    (void)type;
    const comply__jnode *never = comply__json_member(node, "never_store");
    bool never_store = never && never->type == COMPLY__JTRUE;
    if (!comply__json_member(node, "categories") && !comply__json_member(node, "purposes"))
        schema_problem_at(ctx, node, false, "a retention rule needs \"categories\" or \"purposes\"");
    if (never_store) {
        static const char *const excluded[] = { "keep", "archive_for", "from", "active_until", "anchor", NULL };
        for (const char *const *k = excluded; *k; k++)
            if (comply__json_member(node, *k))
                schema_problem_at(ctx, node, false, "\"%s\" makes no sense with \"never_store\": true", *k);
        return;
    }
    if (!comply__json_member(node, "keep"))
        schema_problem_at(ctx, node, false, "missing required key \"keep\" (or \"never_store\": true)");
    if (!comply__json_member(node, "from") && !comply__json_member(node, "active_until"))
        schema_problem_at(ctx, node, false, "missing \"from\": the event the period starts from");
    const comply__jnode *anchor = comply__json_member(node, "anchor");
    bool fiscal = anchor && anchor->type == COMPLY__JSTRING && strcmp(anchor->str, "fiscal_year_end") == 0;
    if (comply__json_member(node, "fiscal_year_end") && !fiscal)
        schema_problem_at(ctx, node, false, "\"fiscal_year_end\" needs \"anchor\": \"fiscal_year_end\"");
}

/* ------------------------------------------------------------ entries */

static comply_status schema_finish(schema_ctx *ctx, comply_error *err)
{
    if (ctx->oom)
        return comply__oom(err);
    return ctx->problems ? COMPLY_ERULE : COMPLY_OK;
}

static void schema_check_version(schema_ctx *ctx, const comply__jnode *root)
{
    const comply__jnode *v = comply__json_member(root, "comply_pack");
    if (!v || v->type != COMPLY__JNUMBER || strpbrk(v->str, ".eE"))
        return; /* reported by the walk */
    if (v->number != COMPLY__PACK_FORMAT) {
        size_t mark = path_push_key(ctx, "comply_pack");
        schema_problem_at(ctx, v, false, "unsupported pack format version %.*s (this library reads version %d)",
                          (int)v->len, v->str, COMPLY__PACK_FORMAT);
        path_pop(ctx, mark);
    }
}

comply_status comply__schema_check_pack(const comply__jnode *root, const comply__schema_env *env,
                                        comply_error *err)
{
    schema_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.env = env;
    ctx.mode = MODE_SHAPE;
    ctx.err = err;
    if (root->type != COMPLY__JOBJECT) {
        schema_problem_at(&ctx, root, false, "a rule pack is a JSON object, found %s", json_type_name(root->type));
        return schema_finish(&ctx, err);
    }
    schema_check_version(&ctx, root);
    if (ctx.problems == 0)
        schema_walk(&ctx, &t_pack, root);
    return schema_finish(&ctx, err);
}

comply_status comply__schema_check_refs(comply_section section, const comply__jnode *entry,
                                        const comply__schema_env *env, unsigned *problems, comply_error *err)
{
    schema_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.env = env;
    ctx.mode = MODE_REFS;
    ctx.err = *problems ? NULL : err;
    ctx.problems = *problems;
    size_t mark = path_push_key(&ctx, section_names[section]);
    path_push_key(&ctx, entry->key);
    const schema_type *map = &t_sections[section];
    if (map->key == KEY_REF_CATEGORY)
        schema_check_ref(&ctx, COMPLY_SECTION_TAXONOMY, entry, true, entry->key);
    schema_walk(&ctx, map->item, entry);
    path_pop(&ctx, mark);
    *problems = ctx.problems;
    return schema_finish(&ctx, err);
}

void comply__schema_problem(const comply__schema_env *env, const comply__jnode *node, bool at_key,
                            const char *path, unsigned *problems, comply_error *err, const char *fmt, ...)
{
    if (*problems >= SCHEMA_MAX_PROBLEMS)
        return;
    comply_error e;
    va_list ap;
    va_start(ap, fmt);
    comply__error_vset(&e, COMPLY_ERULE, fmt, ap);
    va_end(ap);
    comply__jpos pos = (at_key && node->key_pos.line) ? node->key_pos : node->pos;
    comply__error_place(&e, node->source, pos.line, pos.column, pos.offset, path);
    if (*problems == 0 && err)
        *err = e;
    if (env->on_problem)
        env->on_problem(&e, env->problem_user);
    (*problems)++;
}
