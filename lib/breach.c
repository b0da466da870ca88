/*
 * breach.c - a first assessment of a personal-data breach (GDPR Art. 33
 * and 34) from a BREACH.json description (doc/breach.md): the 72-hour
 * deadline to notify the supervisory authority, whether the people must
 * likely be informed, and the entry of the breach register (Art. 33(5)).
 *
 * The description is read strictly, like a collection declaration (unknown
 * keys, wrong types, unknown categories are COMPLY_ERULE with their place;
 * the JSON reader already refuses invalid UTF-8 and NUL characters).
 * A missing fact is a gap: the answer that depends on it is null, never a
 * guess. The decision rules and their sources:
 *  - Art. 33(1): notify "without undue delay and, where feasible, not later
 *    than 72 hours after having become aware of it, unless the personal
 *    data breach is unlikely to result in a risk". EDPB Guidelines 9/2022 on
 *    personal data breach notification under GDPR (v2.0, 28 March 2023),
 *    which take over WP250rev.01 §III.B and §IV, give as the case of "no
 *    risk" the loss of securely encrypted data whose key is intact (with a
 *    backup, so that availability is not hit). Here notification is not
 *    required only then: encrypted, key not compromised, confidentiality
 *    alone. Any other breach is notified (the controller may still document
 *    its own finding of no risk, Art. 33(5)).
 *  - Art. 34(1): inform the people when the breach is "likely to result in
 *    a high risk". Guidelines 9/2022 §IV.B and Annex B and EDPB Guidelines
 *    01/2021 on examples regarding personal data breach notification (its
 *    ransomware, exfiltration and lost-device cases) treat as high
 *    risk: special categories (Art. 9) and criminal data (Art. 10), identity
 *    documents and national identifiers, financial and payment data,
 *    passwords readable by the attacker. The taxonomy marks these
 *    categories (regime, "sensitive"); passwords are judged by how they
 *    were stored.
 *  - Art. 34(3)(a): no need to inform when the data were made
 *    unintelligible to any unauthorised person, "such as encryption" (the
 *    key not compromised).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define BREACH_MAX_LIST 64 /* reasons, gaps, exemptions kept */

/* A gap: a missing fact and the answer that needs it. */
typedef struct breach_gap {
    const char *field, *why;
} breach_gap;

typedef struct breach_ctx {
    const comply_rules *rules;
    comply_error *err;
    const char *source;
    const comply__jnode *root;
    comply__arena *arena;
    /* facts read */
    bool has_aware, has_notified;
    comply_instant aware, notified;
    int encrypted, key_compromised; /* -1 unknown, 0, 1 */
    bool nature_c, nature_i, nature_a, has_nature;
    const comply__jnode *categories;
    const char *passwords;          /* passwords.stored, or NULL */
    bool has_passwords_category;
    /* answers */
    breach_gap gaps[BREACH_MAX_LIST];
    size_t n_gaps;
    const char *reasons[BREACH_MAX_LIST];
    size_t n_reasons;
    bool oom;
} breach_ctx;

static const comply__strict_key top_keys[] = {
    { "aware_at", COMPLY__T_STR, false },
    { "occurred_at", COMPLY__T_STR, false },
    { "nature", COMPLY__T_ARR, false },
    { "categories", COMPLY__T_ARR, false },
    { "people", COMPLY__T_COUNT | COMPLY__T_OBJ, false },
    { "records", COMPLY__T_COUNT | COMPLY__T_OBJ, false },
    { "encrypted", COMPLY__T_BOOL, false },
    { "key_compromised", COMPLY__T_BOOL, false },
    { "passwords", COMPLY__T_OBJ, false },
    { "consequences", COMPLY__T_STR, false },
    { "measures_taken", COMPLY__T_STR, false },
    { "measures_planned", COMPLY__T_STR, false },
    { "controller", COMPLY__T_STR, false },
    { "dpo", COMPLY__T_STR, false },
    { "description", COMPLY__T_STR, false },
    { "notified_at", COMPLY__T_STR, false },
    { NULL, 0, false },
};
static const comply__strict_key range_keys[] = {
    { "min", COMPLY__T_COUNT, false },
    { "max", COMPLY__T_COUNT, false },
    { NULL, 0, false },
};
static const comply__strict_key password_keys[] = { { "stored", COMPLY__T_STR, false }, { NULL, 0, false } };

static const char *const natures[] = { "confidentiality", "integrity", "availability", NULL };
/* How passwords were stored: the first three let an attacker read them. */
static const char *const password_storage[] = { "plaintext", "reversible", "hashed_unsalted", "hashed_salted",
                                                NULL };

/* ------------------------------------------------------------ errors */

static comply_status breach_fail(breach_ctx *c, const comply__jnode *node, bool at_key, const char *path,
                                 const char *fmt, ...) COMPLY__PRINTF(5, 6);
static comply_status breach_fail(breach_ctx *c, const comply__jnode *node, bool at_key, const char *path,
                                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    comply_status st = comply__json_rule_errorv(c->err, c->source, node, at_key, path, fmt, ap);
    va_end(ap);
    return st;
}

/* An object with only the listed keys, each once and of its type. */
static comply_status breach_object(breach_ctx *c, const comply__jnode *n, const char *path,
                                   const comply__strict_key *spec)
{
    return comply__strict_object(c->err, c->source, n, path, spec);
}

static bool breach_str_is(const comply__jnode *n, const char *s)
{
    return n->len == strlen(s) && memcmp(n->str, s, n->len) == 0;
}

static comply_status breach_enum(breach_ctx *c, const comply__jnode *n, const char *path, const char *const *values,
                                 const char *list, size_t *index)
{
    if (n->type != COMPLY__JSTRING)
        return breach_fail(c, n, false, path, "expected a string, found %s", comply__json_type_name(n->type));
    for (size_t i = 0; values[i]; i++)
        if (breach_str_is(n, values[i])) {
            *index = i;
            return COMPLY_OK;
        }
    return breach_fail(c, n, false, path, "invalid value (expected one of: %s)", list);
}

/* An RFC 3339 date-time; a parse error is placed at the string's value. */
static comply_status breach_instant(breach_ctx *c, const comply__jnode *n, const char *path, comply_instant *out)
{
    comply_error sub;
    if (comply_instant_parse(n->str, n->len, out, &sub) != COMPLY_OK)
        return breach_fail(c, n, false, path, "not an RFC 3339 date-time: %s", sub.message);
    return COMPLY_OK;
}

/* ------------------------------------------------------- reading */

static comply_status breach_read_nature(breach_ctx *c, const comply__jnode *n)
{
    char path[COMPLY_ERROR_PATH_SIZE];
    if (n->count == 0)
        return breach_fail(c, n, false, "nature", "expected at least one of confidentiality, integrity, availability");
    for (size_t i = 0; i < n->count; i++) {
        size_t which = 0;
        snprintf(path, sizeof path, "nature[%zu]", i);
        comply_status st = breach_enum(c, &n->items[i], path, natures, "confidentiality, integrity, availability",
                                       &which);
        if (st != COMPLY_OK)
            return st;
        c->nature_c |= which == 0;
        c->nature_i |= which == 1;
        c->nature_a |= which == 2;
    }
    c->has_nature = true;
    return COMPLY_OK;
}

static comply_status breach_read_categories(breach_ctx *c, const comply__jnode *n)
{
    char path[COMPLY_ERROR_PATH_SIZE];
    if (n->count == 0)
        return breach_fail(c, n, false, "categories", "expected at least one category key");
    for (size_t i = 0; i < n->count; i++) {
        const comply__jnode *item = &n->items[i];
        snprintf(path, sizeof path, "categories[%zu]", i);
        if (item->type != COMPLY__JSTRING)
            return breach_fail(c, item, false, path, "expected a category key, found %s", comply__json_type_name(item->type));
        if (item->len == 0)
            return breach_fail(c, item, false, path, "expected a non-empty category key");
        /* fideslang and DPV keys are accepted through the taxonomy's aliases */
        const comply_category *cat = comply_category_find_alias(c->rules, item->str);
        if (!cat)
            return breach_fail(c, item, false, path, "unknown category \"%.128s\"", item->str);
        if (comply__key_within("authentication.password", comply_category_key(cat)) ||
            comply__key_within(comply_category_key(cat), "authentication.password"))
            c->has_passwords_category = true;
    }
    c->categories = n;
    return COMPLY_OK;
}

static comply_status breach_read_range(breach_ctx *c, const comply__jnode *n, const char *path)
{
    if (n->type != COMPLY__JOBJECT)
        return COMPLY_OK;
    comply_status st = breach_object(c, n, path, range_keys);
    if (st != COMPLY_OK)
        return st;
    const comply__jnode *lo = comply__json_member(n, "min"), *hi = comply__json_member(n, "max");
    char sub[COMPLY_ERROR_PATH_SIZE];
    if (!lo && !hi)
        return breach_fail(c, n, false, path, "expected \"min\", \"max\" or both");
    if (lo && hi && lo->number > hi->number) {
        comply__json_path_key(sub, sizeof sub, path, "min");
        return breach_fail(c, lo, false, sub, "min is greater than max");
    }
    return COMPLY_OK;
}

static comply_status breach_read_flags(breach_ctx *c)
{
    const comply__jnode *n;
    c->encrypted = c->key_compromised = -1;
    if ((n = comply__json_member(c->root, "encrypted")))
        c->encrypted = n->type == COMPLY__JTRUE;
    if ((n = comply__json_member(c->root, "key_compromised")))
        c->key_compromised = n->type == COMPLY__JTRUE;
    if ((n = comply__json_member(c->root, "passwords"))) {
        comply_status st = breach_object(c, n, "passwords", password_keys);
        if (st != COMPLY_OK)
            return st;
        const comply__jnode *stored = comply__json_member(n, "stored");
        size_t which = 0;
        if (stored && (st = breach_enum(c, stored, "passwords.stored", password_storage,
                                        "plaintext, reversible, hashed_unsalted, hashed_salted", &which)) != COMPLY_OK)
            return st;
        if (stored)
            c->passwords = password_storage[which];
    }
    return COMPLY_OK;
}

static comply_status breach_read(breach_ctx *c)
{
    comply_status st;
    const comply__jnode *n;
    if ((st = breach_object(c, c->root, "", top_keys)) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(c->root, "aware_at"))) {
        if ((st = breach_instant(c, n, "aware_at", &c->aware)) != COMPLY_OK)
            return st;
        c->has_aware = true;
    }
    comply_instant occurred;
    if ((n = comply__json_member(c->root, "occurred_at"))) {
        if ((st = breach_instant(c, n, "occurred_at", &occurred)) != COMPLY_OK)
            return st;
        /* one cannot become aware of a breach before it happens */
        if (c->has_aware && occurred.seconds > c->aware.seconds)
            return breach_fail(c, n, false, "occurred_at", "occurred_at is after aware_at");
    }
    if ((n = comply__json_member(c->root, "notified_at"))) {
        if ((st = breach_instant(c, n, "notified_at", &c->notified)) != COMPLY_OK)
            return st;
        if (c->has_aware && c->notified.seconds < c->aware.seconds)
            return breach_fail(c, n, false, "notified_at", "notified_at is before aware_at");
        c->has_notified = true;
    }
    if ((n = comply__json_member(c->root, "nature")) && (st = breach_read_nature(c, n)) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(c->root, "categories")) && (st = breach_read_categories(c, n)) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(c->root, "people")) && (st = breach_read_range(c, n, "people")) != COMPLY_OK)
        return st;
    if ((n = comply__json_member(c->root, "records")) && (st = breach_read_range(c, n, "records")) != COMPLY_OK)
        return st;
    return breach_read_flags(c);
}

/* ------------------------------------------------------- judging */

static void breach_gap_add(breach_ctx *c, const char *field, const char *why)
{
    for (size_t i = 0; i < c->n_gaps; i++)
        if (strcmp(c->gaps[i].field, field) == 0)
            return;
    if (c->n_gaps < BREACH_MAX_LIST) {
        c->gaps[c->n_gaps].field = field;
        c->gaps[c->n_gaps].why = why;
        c->n_gaps++;
    }
}

static void breach_reason_add(breach_ctx *c, const char *fmt, ...) COMPLY__PRINTF(2, 3);
static void breach_reason_add(breach_ctx *c, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || c->n_reasons >= BREACH_MAX_LIST)
        return;
    for (size_t i = 0; i < c->n_reasons; i++)
        if (strcmp(c->reasons[i], tmp) == 0)
            return;
    char *copy = comply__arena_strndup(c->arena, tmp, strlen(tmp));
    if (!copy) {
        c->oom = true;
        return;
    }
    c->reasons[c->n_reasons++] = copy;
}

/* Encrypted with a key nobody else holds: 1 yes, 0 no, -1 not known. */
static int breach_unintelligible(breach_ctx *c)
{
    if (c->encrypted < 0) {
        breach_gap_add(c, "encrypted", "needed to know whether the data stayed unintelligible (Art. 33(1), 34(3)(a))");
        return -1;
    }
    if (c->encrypted == 0)
        return 0;
    if (c->key_compromised < 0) {
        breach_gap_add(c, "key_compromised", "encrypted data stay unintelligible only if the key is safe");
        return -1;
    }
    return c->key_compromised == 0;
}

/* The high-risk triggers of Art. 34(1) found in the facts. */
static void breach_triggers(breach_ctx *c)
{
    if (!c->categories) {
        breach_gap_add(c, "categories", "needed to judge the risk to the people (Art. 33(3)(a), 34(1))");
    } else {
        for (size_t i = 0; i < c->categories->count; i++) {
            const comply_category *cat = comply_category_find_alias(c->rules, c->categories->items[i].str);
            const char *key = comply_category_key(cat);
            const comply_regime regime = comply_category_regime(cat);
            if (regime == COMPLY_REGIME_SPECIAL)
                breach_reason_add(c, "special category of data (Art. 9): %s", key);
            else if (regime == COMPLY_REGIME_CRIMINAL)
                breach_reason_add(c, "data on criminal convictions or offences (Art. 10): %s", key);
            else if (comply__key_within(key, "authentication.password"))
                continue; /* judged by how the passwords were stored */
            else if (comply_category_is_sensitive(cat))
                breach_reason_add(c, "highly personal data (identifiers, payment, location, credentials): %s", key);
        }
    }
    if (c->passwords && strcmp(c->passwords, "hashed_salted") != 0)
        breach_reason_add(c, "passwords readable by the attacker (stored %s)", c->passwords);
    else if (!c->passwords && c->has_passwords_category)
        breach_gap_add(c, "passwords.stored", "passwords are among the categories: how were they stored?");
}

/* ------------------------------------------------------- writing */

static void out_key(comply__buf *b, const char *key, bool first)
{
    if (!first)
        comply__buf_append(b, ",", 1);
    comply__buf_json_string(b, key, strlen(key));
    comply__buf_append(b, ":", 1);
}

static void out_str(comply__buf *b, const char *key, const char *value, bool first)
{
    out_key(b, key, first);
    if (value)
        comply__buf_json_string(b, value, strlen(value));
    else
        comply__buf_puts(b, "null");
}

static void out_tri(comply__buf *b, const char *key, int value)
{
    out_key(b, key, false);
    comply__buf_puts(b, value < 0 ? "null" : value ? "true" : "false");
}

static void out_instant(comply__buf *b, const char *key, bool has, comply_instant t, bool first)
{
    char text[COMPLY_INSTANT_TEXT_SIZE];
    out_str(b, key, has && comply_instant_format(t, text, sizeof text) == COMPLY_OK ? text : NULL, first);
}

/* A member of the description copied as written, or null. */
static void out_copy(comply__buf *b, const comply__jnode *root, const char *key, const char *as, bool first)
{
    const comply__jnode *n = comply__json_member(root, key);
    out_key(b, as, first);
    if (n)
        comply__json_write(b, n, 0, 0);
    else
        comply__buf_puts(b, "null");
}

static void out_list(comply__buf *b, const char *key, const char *const *items, size_t n)
{
    out_key(b, key, false);
    comply__buf_append(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            comply__buf_append(b, ",", 1);
        comply__buf_json_string(b, items[i], strlen(items[i]));
    }
    comply__buf_append(b, "]", 1);
}

static void breach_write_authority(breach_ctx *c, comply__buf *b, int unintelligible, comply_instant *deadline,
                                   bool *has_deadline)
{
    static const comply_duration hours72 = { 0, 0, 0, 0, 72, 0, 0 };
    *has_deadline = c->has_aware && comply_instant_add(c->aware, &hours72, deadline) == COMPLY_OK;
    if (!c->has_aware)
        breach_gap_add(c, "aware_at", "the 72 hours run from the moment the controller became aware (Art. 33(1))");
    int required = -1;
    const char *reason = "not known: see gaps";
    if (unintelligible == 0) {
        required = 1;
        reason = "the data were readable by whoever got them: a risk cannot be ruled out";
    } else if (unintelligible == 1 && !c->has_nature) {
        breach_gap_add(c, "nature", "encrypted data lost without a backup still hurt availability");
    } else if (unintelligible == 1 && (c->nature_i || c->nature_a)) {
        required = 1;
        reason = "encrypted, but the breach also hits the integrity or availability of the data";
    } else if (unintelligible == 1) {
        required = 0;
        reason = "unlikely to result in a risk: confidentiality only, data encrypted with a key not compromised "
                 "(EDPB Guidelines 9/2022); document it in the register (Art. 33(5))";
    }
    comply__buf_puts(b, ",\"notify_authority\":{");
    out_instant(b, "deadline", *has_deadline, *deadline, true);
    out_tri(b, "required", required);
    out_str(b, "reason", reason, false);
    out_instant(b, "notified_at", c->has_notified, c->notified, false);
    int late = -1;
    if (c->has_notified && *has_deadline)
        late = c->notified.seconds > deadline->seconds;
    out_tri(b, "late", late);
    out_str(b, "late_note",
            late == 1 ? "notified after 72 hours: Art. 33(1) requires the notification to give the reasons for "
                        "the delay"
                      : NULL,
            false);
    out_str(b, "article", "GDPR Art. 33(1)", false);
    comply__buf_append(b, "}", 1);
}

static void breach_write_people(breach_ctx *c, comply__buf *b, int unintelligible)
{
    const char *exemptions[1];
    size_t n_exemptions = 0;
    int likely = -1;
    breach_triggers(c);
    if (unintelligible == 1) {
        exemptions[n_exemptions++] = "Art. 34(3)(a): the data were encrypted and the key is not compromised";
        likely = 0;
    } else if (unintelligible == 0 && c->n_reasons > 0) {
        likely = 1;
    } else if (unintelligible == 0 && c->categories &&
               !(c->has_passwords_category && !c->passwords)) {
        likely = 0; /* no trigger found among known facts */
    }
    comply__buf_puts(b, ",\"inform_people\":{");
    out_key(b, "likely_required", true);
    comply__buf_puts(b, likely < 0 ? "null" : likely ? "true" : "false");
    out_list(b, "reasons", c->reasons, c->n_reasons);
    out_list(b, "exemptions", exemptions, n_exemptions);
    out_str(b, "article", "GDPR Art. 34", false);
    comply__buf_append(b, "}", 1);
}

static void breach_write_register(breach_ctx *c, comply__buf *b)
{
    const comply__jnode *r = c->root;
    comply__buf_puts(b, ",\"register_entry\":{\"facts\":{");
    out_copy(b, r, "description", "description", true);
    out_copy(b, r, "occurred_at", "occurred_at", false);
    out_instant(b, "aware_at", c->has_aware, c->aware, false);
    out_copy(b, r, "nature", "nature", false);
    out_key(b, "categories", false);
    comply__buf_append(b, "[", 1);
    for (size_t i = 0; c->categories && i < c->categories->count; i++) {
        const char *key = comply_category_key(comply_category_find_alias(c->rules, c->categories->items[i].str));
        if (i)
            comply__buf_append(b, ",", 1);
        comply__buf_json_string(b, key, strlen(key));
    }
    comply__buf_append(b, "]", 1);
    out_copy(b, r, "people", "people", false);
    out_copy(b, r, "records", "records", false);
    out_copy(b, r, "encrypted", "encrypted", false);
    out_copy(b, r, "key_compromised", "key_compromised", false);
    comply__buf_puts(b, "},\"effects\":{");
    out_copy(b, r, "consequences", "consequences", true);
    comply__buf_puts(b, "},\"remedial_action\":{");
    out_copy(b, r, "measures_taken", "taken", true);
    out_copy(b, r, "measures_planned", "planned", false);
    comply__buf_append(b, "}", 1);
    out_copy(b, r, "controller", "controller", false);
    out_copy(b, r, "dpo", "dpo", false);
    out_str(b, "article", "GDPR Art. 33(5)", false);
    comply__buf_append(b, "}", 1);
}

/* Facts Art. 33(3) asks the notification to give, when missing. */
static void breach_notification_gaps(breach_ctx *c)
{
    static const struct {
        const char *field, *why;
    } needed[] = {
        { "people", "Art. 33(3)(a): the approximate number of people concerned" },
        { "records", "Art. 33(3)(a): the approximate number of records concerned" },
        { "dpo", "Art. 33(3)(b): the DPO's or another contact point's details" },
        { "consequences", "Art. 33(3)(c): the likely consequences of the breach" },
        { "measures_taken", "Art. 33(3)(d) and 33(5): the measures taken or proposed" },
        { "description", "Art. 33(3)(a) and 33(5): the nature of the breach, the facts" },
    };
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!comply__json_member(c->root, needed[i].field))
            breach_gap_add(c, needed[i].field, needed[i].why);
    if (!c->has_nature)
        breach_gap_add(c, "nature", "Art. 33(3)(a): the nature of the breach");
}

static void breach_write(breach_ctx *c, comply__buf *b)
{
    comply_instant deadline = { 0 };
    bool has_deadline = false;
    const int unintelligible = breach_unintelligible(c);
    comply__buf_puts(b, "{");
    out_str(b, "source", c->source, true);
    breach_write_authority(c, b, unintelligible, &deadline, &has_deadline);
    breach_write_people(c, b, unintelligible);
    breach_write_register(c, b);
    breach_notification_gaps(c);
    comply__buf_puts(b, ",\"gaps\":[");
    for (size_t i = 0; i < c->n_gaps; i++) {
        if (i)
            comply__buf_append(b, ",", 1);
        comply__buf_append(b, "{", 1);
        out_str(b, "field", c->gaps[i].field, true);
        out_str(b, "why", c->gaps[i].why, false);
        comply__buf_append(b, "}", 1);
    }
    comply__buf_puts(b, "]}");
}

/* -------------------------------------------------------------- entry */

comply_status comply_breach_assess_json(const comply_rules *rules, const char *json, size_t len, const char *source,
                                        char **out, size_t *out_len, comply_error *err)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!rules || !out)
        return comply__error_set(err, COMPLY_EINVAL, "%s is NULL", !rules ? "rules" : "output");
    if (!json && len > 0)
        return comply__error_set(err, COMPLY_EINVAL, "breach description text is NULL");
    if (len > COMPLY_DEFAULT_MAX_PACK_BYTES)
        return comply__error_set(err, COMPLY_ELIMIT, "breach description larger than %zu bytes",
                                 (size_t)COMPLY_DEFAULT_MAX_PACK_BYTES);
    const comply__alloc *alloc = comply__rules_alloc(rules);
    comply__arena arena;
    comply__arena_init(&arena, alloc);
    comply__buf b;
    comply__buf_init(&b, alloc);
    breach_ctx c;
    memset(&c, 0, sizeof c);
    c.rules = rules;
    c.err = err;
    c.source = source ? source : "<json>";
    c.arena = &arena;
    comply__jnode *root = NULL;
    comply_status st = comply__json_read(&arena, json ? json : "", len, c.source, COMPLY_DEFAULT_MAX_DEPTH, &root,
                                         err);
    if (st != COMPLY_OK)
        goto out;
    c.root = root;
    if ((st = breach_read(&c)) != COMPLY_OK)
        goto out;
    breach_write(&c, &b);
    if (c.oom || b.failed || !b.data) {
        st = comply__oom(err);
        goto out;
    }
    *out = b.data;
    if (out_len)
        *out_len = b.len;
    b.data = NULL;
out:
    comply__buf_release(&b);
    comply__arena_release(&arena);
    return st;
}
