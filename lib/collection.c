/*
 * collection.c - the struct form of a collection declaration, written as
 * its JSON form so that one checker serves both (doc/collection.md).
 */
#include <string.h>

#include "internal.h"

static void coll_key(comply__buf *b, bool *first, const char *key)
{
    if (!*first)
        comply__buf_append(b, ",", 1);
    *first = false;
    comply__buf_json_string(b, key, strlen(key));
    comply__buf_append(b, ":", 1);
}

static void coll_string(comply__buf *b, bool *first, const char *key, const char *value)
{
    if (!value)
        return;
    coll_key(b, first, key);
    comply__buf_json_string(b, value, strlen(value));
}

/* A tri-state: -1 (not said) writes nothing. */
static void coll_bool(comply__buf *b, bool *first, const char *key, int value)
{
    if (value < 0)
        return;
    coll_key(b, first, key);
    comply__buf_puts(b, value ? "true" : "false");
}

static void coll_strings(comply__buf *b, const char *const *v, size_t n)
{
    comply__buf_append(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            comply__buf_append(b, ",", 1);
        const char *s = v[i] ? v[i] : "";
        comply__buf_json_string(b, s, strlen(s));
    }
    comply__buf_append(b, "]", 1);
}

static void coll_fields(comply__buf *b, const comply_collection *c)
{
    comply__buf_append(b, "[", 1);
    for (size_t i = 0; i < c->n_fields; i++) {
        const comply_field_decl *f = &c->fields[i];
        bool first = true;
        comply__buf_puts(b, i ? ",{" : "{");
        coll_string(b, &first, "name", f->name);
        coll_string(b, &first, "category", f->category);
        coll_bool(b, &first, "required", f->required ? 1 : 0);
        if (f->n_samples && f->sample_values) {
            coll_key(b, &first, "sample_values");
            coll_strings(b, f->sample_values, f->n_samples);
        }
        comply__buf_append(b, "}", 1);
    }
    comply__buf_append(b, "]", 1);
}

static void coll_object_start(comply__buf *b, bool *first, const char *key, bool *inner)
{
    coll_key(b, first, key);
    comply__buf_append(b, "{", 1);
    *inner = true;
}

static void coll_sections(comply__buf *b, bool *first, const comply_collection *c)
{
    bool in;
    if (c->consent_captured >= 0 || c->consent_separate >= 0 || c->consent_pre_ticked >= 0 ||
        c->consent_withdrawable >= 0) {
        coll_object_start(b, first, "consent", &in);
        coll_bool(b, &in, "captured", c->consent_captured);
        coll_bool(b, &in, "separate", c->consent_separate);
        coll_bool(b, &in, "pre_ticked", c->consent_pre_ticked);
        coll_bool(b, &in, "withdrawable", c->consent_withdrawable);
        comply__buf_append(b, "}", 1);
    }
    if (c->notice_provided >= 0 || c->notice_url) {
        coll_object_start(b, first, "notice", &in);
        coll_bool(b, &in, "provided", c->notice_provided);
        coll_string(b, &in, "url", c->notice_url);
        comply__buf_append(b, "}", 1);
    }
    if (c->audience_minors >= 0 || c->audience_parental_consent >= 0) {
        coll_object_start(b, first, "audience", &in);
        coll_bool(b, &in, "minors", c->audience_minors);
        coll_bool(b, &in, "parental_consent", c->audience_parental_consent);
        comply__buf_append(b, "}", 1);
    }
    if (c->security_encryption_in_transit >= 0 || c->security_encryption_at_rest >= 0 ||
        c->security_mfa_for_admins >= 0 || c->security_access_review_days >= 0) {
        coll_object_start(b, first, "security", &in);
        coll_bool(b, &in, "encryption_in_transit", c->security_encryption_in_transit);
        coll_bool(b, &in, "encryption_at_rest", c->security_encryption_at_rest);
        coll_bool(b, &in, "mfa_for_admins", c->security_mfa_for_admins);
        if (c->security_access_review_days >= 0) {
            coll_key(b, &in, "access_review_days");
            comply__buf_printf(b, "%d", c->security_access_review_days);
        }
        comply__buf_append(b, "}", 1);
    }
}

static void coll_lists(comply__buf *b, bool *first, const comply_collection *c)
{
    if (c->n_transfers && c->transfers) {
        coll_key(b, first, "transfers");
        comply__buf_append(b, "[", 1);
        for (size_t i = 0; i < c->n_transfers; i++) {
            bool in = true;
            comply__buf_puts(b, i ? ",{" : "{");
            coll_string(b, &in, "country", c->transfers[i].country ? c->transfers[i].country : "");
            coll_string(b, &in, "mechanism", c->transfers[i].mechanism);
            coll_string(b, &in, "recipient", c->transfers[i].recipient);
            comply__buf_append(b, "}", 1);
        }
        comply__buf_append(b, "]", 1);
    }
    if (c->n_access && c->access) {
        coll_key(b, first, "access");
        comply__buf_append(b, "[", 1);
        for (size_t i = 0; i < c->n_access; i++) {
            bool in = true;
            comply__buf_puts(b, i ? ",{" : "{");
            coll_string(b, &in, "role", c->access[i].role ? c->access[i].role : "");
            coll_key(b, &in, "categories");
            coll_strings(b, c->access[i].categories, c->access[i].categories ? c->access[i].n_categories : 0);
            comply__buf_append(b, "}", 1);
        }
        comply__buf_append(b, "]", 1);
    }
}

static void coll_accountability(comply__buf *b, bool *first, const comply_collection *c)
{
    bool in;
    static const char *const people[] = { "controller", "dpo" };
    const char *names[] = { c->controller_name, c->dpo_name }, *contacts[] = { c->controller_contact, c->dpo_contact };
    for (size_t k = 0; k < 2; k++)
        if (names[k] || contacts[k]) {
            coll_object_start(b, first, people[k], &in);
            coll_string(b, &in, "name", names[k]);
            coll_string(b, &in, "contact", contacts[k]);
            comply__buf_append(b, "}", 1);
        }
    if (c->subjects) {
        coll_key(b, first, "subjects");
        coll_strings(b, c->subjects, c->n_subjects);
    }
    if (c->recipients) {
        coll_key(b, first, "recipients");
        comply__buf_append(b, "[", 1);
        for (size_t i = 0; i < c->n_recipients; i++) {
            in = true;
            comply__buf_puts(b, i ? ",{" : "{");
            coll_string(b, &in, "name", c->recipients[i].name ? c->recipients[i].name : "");
            coll_string(b, &in, "kind", c->recipients[i].kind ? c->recipients[i].kind : "");
            comply__buf_append(b, "}", 1);
        }
        comply__buf_append(b, "]", 1);
    }
    if (c->rights_channel || c->rights_supported || c->rights_response_days >= 0) {
        coll_object_start(b, first, "rights", &in);
        coll_string(b, &in, "channel", c->rights_channel);
        if (c->rights_supported) {
            coll_key(b, &in, "supported");
            coll_strings(b, c->rights_supported, c->n_rights_supported);
        }
        if (c->rights_response_days >= 0) {
            coll_key(b, &in, "response_days");
            comply__buf_printf(b, "%d", c->rights_response_days);
        }
        comply__buf_append(b, "}", 1);
    }
    if (c->scale_large >= 0 || c->scale_systematic_monitoring >= 0) {
        coll_object_start(b, first, "scale", &in);
        coll_bool(b, &in, "large", c->scale_large);
        coll_bool(b, &in, "systematic_monitoring", c->scale_systematic_monitoring);
        comply__buf_append(b, "}", 1);
    }
}

comply_status comply_check_collection(const comply_rules *rules, const comply_collection *c, const char *purpose,
                                      comply_report **out, comply_error *err)
{
    if (!rules || !c || !out)
        return comply__error_set(err, COMPLY_EINVAL, "rules, collection and out are required");
    *out = NULL;
    if (c->version != COMPLY_COLLECTION_VERSION)
        return comply__error_set(err, COMPLY_EINVAL, "unknown collection version %u", c->version);
    for (size_t i = 0; i < c->n_fields; i++)
        if (!c->fields || !c->fields[i].name)
            return comply__error_set(err, COMPLY_EINVAL, "field %zu has no name", i);
    comply__buf b;
    comply__buf_init(&b, comply__rules_alloc(rules));
    bool first = true;
    comply__buf_append(&b, "{", 1);
    coll_string(&b, &first, "purpose", c->purpose);
    coll_string(&b, &first, "legal_basis", c->legal_basis);
    coll_key(&b, &first, "fields");
    coll_fields(&b, c);
    coll_sections(&b, &first, c);
    coll_lists(&b, &first, c);
    coll_string(&b, &first, "storage_location", c->storage_location);
    coll_accountability(&b, &first, c);
    comply__buf_append(&b, "}", 1);
    comply_status st = b.failed ? comply__oom(err)
                                : comply_check_collection_json(rules, b.data, b.len, "<collection>", purpose, out, err);
    comply__buf_release(&b);
    return st;
}
