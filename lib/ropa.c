/*
 * ropa.c - the record of processing activities (GDPR Art. 30(1)) built
 * from collection declarations and the rules, written as JSON
 * (doc/ropa.md). One entry per purpose: declarations of the same purpose
 * (a form and an import, say) are one processing and are merged.
 *
 * Each declaration is first checked like `comply check` does, so that a
 * malformed one is an error with its line and column; then the record
 * reads its nodes. Labels are in one language ("fr" or "en").
 */
#include <string.h>

#include "internal.h"

typedef struct ropa_decl {
    const comply__jnode *root;
    const char *source;
    const char *purpose;          /* the declaration's purpose id */
    const comply__jnode *pentry;  /* its entry in the rules */
} ropa_decl;

/* A list of distinct borrowed strings, sized once for the worst case. */
typedef struct ropa_set {
    const char **v;
    size_t n;
} ropa_set;

typedef struct ropa_ctx {
    const comply_rules *rules;
    const char *lang;
    comply__arena arena;
    comply__buf b;
    ropa_decl *d;
    size_t n;
    bool oom;
} ropa_ctx;

static bool ropa_set_add(ropa_set *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return false;
    s->v[s->n++] = x;
    return true;
}

static bool ropa_set_init(ropa_ctx *c, ropa_set *s, size_t cap)
{
    s->n = 0;
    s->v = comply__arena_alloc(&c->arena, (cap ? cap : 1) * sizeof *s->v);
    if (!s->v)
        c->oom = true;
    return s->v != NULL;
}

/* ------------------------------------------------------------ writing */

static void ropa_str(ropa_ctx *c, const char *s)
{
    if (s)
        comply__buf_json_string(&c->b, s, strlen(s));
    else
        comply__buf_puts(&c->b, "null");
}

static void ropa_key(ropa_ctx *c, const char *key, bool comma)
{
    if (comma)
        comply__buf_append(&c->b, ",", 1);
    ropa_str(c, key);
    comply__buf_append(&c->b, ":", 1);
}

static void ropa_kv(ropa_ctx *c, const char *key, const char *value, bool comma)
{
    ropa_key(c, key, comma);
    ropa_str(c, value);
}

static const char *ropa_member_str(const comply__jnode *obj, const char *key)
{
    const comply__jnode *m = obj ? comply__json_member(obj, key) : NULL;
    return m && m->type == COMPLY__JSTRING ? m->str : NULL;
}

/* A {"en": …, "fr": …} text of the pack in the record's language. */
static const char *ropa_text(const ropa_ctx *c, const comply__jnode *obj, const char *key)
{
    const comply__jnode *t = obj ? comply__json_member(obj, key) : NULL;
    const char *s = t ? ropa_member_str(t, c->lang) : NULL;
    return s ? s : (t ? ropa_member_str(t, "en") : NULL);
}

/* {"name", "contact"} of the first declaration of the group that has one. */
static void ropa_person(ropa_ctx *c, const char *key, const ropa_decl *const *g, size_t n, bool comma)
{
    ropa_key(c, key, comma);
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *p = comply__json_member(g[i]->root, key);
        if (p) {
            comply__buf_append(&c->b, "{", 1);
            ropa_kv(c, "name", ropa_member_str(p, "name"), false);
            ropa_kv(c, "contact", ropa_member_str(p, "contact"), true);
            comply__buf_append(&c->b, "}", 1);
            return;
        }
    }
    comply__buf_puts(&c->b, "null");
}

/* Labels of the closed list of data subjects (doc/collection.md). */
static const char *ropa_subject_label(const char *key, bool fr)
{
    static const char *const t[][3] = {
        { "customers", "Customers", "Clients" },
        { "prospects", "Prospects", "Prospects" },
        { "users", "Users", "Utilisateurs" },
        { "visitors", "Visitors", "Visiteurs" },
        { "subscribers", "Subscribers", "Abonnés" },
        { "members", "Members", "Adhérents" },
        { "employees", "Employees", "Salariés" },
        { "candidates", "Job applicants", "Candidats" },
        { "interns", "Interns", "Stagiaires" },
        { "suppliers", "Suppliers", "Fournisseurs" },
        { "patients", "Patients", "Patients" },
        { "students", "Students", "Élèves et étudiants" },
        { "minors", "Minors", "Mineurs" },
        { "tenants", "Tenants", "Locataires" },
        { "donors", "Donors", "Donateurs" },
        { "beneficiaries", "Beneficiaries", "Bénéficiaires" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i][0], key) == 0)
            return t[i][fr ? 2 : 1];
    return key;
}

static size_t ropa_count(const ropa_decl *const *g, size_t n, const char *key)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *l = comply__json_member(g[i]->root, key);
        total += l ? l->count : 0;
    }
    return total;
}

static void ropa_subjects(ropa_ctx *c, const ropa_decl *const *g, size_t n)
{
    ropa_set s;
    if (!ropa_set_init(c, &s, ropa_count(g, n, "subjects")))
        return;
    ropa_key(c, "subjects", true);
    comply__buf_append(&c->b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *l = comply__json_member(g[i]->root, "subjects");
        for (size_t j = 0; l && j < l->count; j++) {
            if (!ropa_set_add(&s, l->items[j].str))
                continue;
            comply__buf_puts(&c->b, s.n > 1 ? ",{" : "{");
            ropa_kv(c, "key", l->items[j].str, false);
            ropa_kv(c, "label", ropa_subject_label(l->items[j].str, strcmp(c->lang, "fr") == 0), true);
            comply__buf_append(&c->b, "}", 1);
        }
    }
    comply__buf_append(&c->b, "]", 1);
}

/* A field's category: declared (through the aliases) or classified by its
 * name, as the check does; NULL for technical keys and unmatched names. */
static const char *ropa_field_category(ropa_ctx *c, const comply__jnode *f)
{
    const comply__jnode *cat = comply__json_member(f, "category");
    if (cat)
        return comply_category_key(comply_category_find_alias(c->rules, cat->str));
    comply_class cls;
    comply_status st = comply_classify_name(c->rules, comply__json_member(f, "name")->str, &cls, NULL);
    if (st == COMPLY_ENOMEM)
        c->oom = true; /* a record silently missing a category would mislead */
    return st == COMPLY_OK ? cls.category : NULL;
}

static void ropa_categories(ropa_ctx *c, const ropa_decl *const *g, size_t n, ropa_set *cats)
{
    if (!ropa_set_init(c, cats, ropa_count(g, n, "fields")))
        return;
    ropa_key(c, "categories", true);
    comply__buf_append(&c->b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *l = comply__json_member(g[i]->root, "fields");
        for (size_t j = 0; l && j < l->count; j++) {
            const char *key = ropa_field_category(c, &l->items[j]);
            if (!key || !ropa_set_add(cats, key))
                continue;
            const comply_category *cc = comply_category_find(c->rules, key);
            const char *kind = comply_kind_name(comply_category_kind(cc));
            comply_regime regime = comply_category_regime(cc);
            comply__buf_puts(&c->b, cats->n > 1 ? ",{" : "{");
            ropa_kv(c, "key", key, false);
            ropa_kv(c, "label", comply_category_label(cc, c->lang), true);
            ropa_kv(c, "kind", kind && kind[0] ? kind : NULL, true);
            ropa_key(c, "special", true);
            comply__buf_puts(&c->b, regime == COMPLY_REGIME_SPECIAL ? "true" : "false");
            ropa_key(c, "criminal", true);
            comply__buf_puts(&c->b, regime == COMPLY_REGIME_CRIMINAL ? "true" : "false");
            comply__buf_append(&c->b, "}", 1);
        }
    }
    comply__buf_append(&c->b, "]", 1);
}

static void ropa_recipients(ropa_ctx *c, const ropa_decl *const *g, size_t n)
{
    ropa_set s;
    if (!ropa_set_init(c, &s, ropa_count(g, n, "recipients")))
        return;
    ropa_key(c, "recipients", true);
    comply__buf_append(&c->b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *l = comply__json_member(g[i]->root, "recipients");
        for (size_t j = 0; l && j < l->count; j++) {
            const char *name = ropa_member_str(&l->items[j], "name");
            if (!ropa_set_add(&s, name))
                continue;
            comply__buf_puts(&c->b, s.n > 1 ? ",{" : "{");
            ropa_kv(c, "name", name, false);
            ropa_kv(c, "kind", ropa_member_str(&l->items[j], "kind"), true);
            comply__buf_append(&c->b, "}", 1);
        }
    }
    comply__buf_append(&c->b, "]", 1);
}

/* EU 27 and the EEA EFTA states: not transfers (GDPR Art. 44). */
static bool ropa_in_eea(const char *cc)
{
    static const char eea[] = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
                              "IS LI NO";
    for (size_t i = 0; i + 2 <= sizeof eea - 1; i += 3)
        if (eea[i] == cc[0] && eea[i + 1] == cc[1])
            return true;
    return false;
}

/* The GDPR provision behind a declared mechanism (Art. 45–49). */
static const char *ropa_safeguard(const ropa_ctx *c, const char *cc, const char *mech)
{
    bool fr = strcmp(c->lang, "fr") == 0;
    static const char *const t[][3] = {
        { "adequacy", "adequacy decision (GDPR Art. 45)", "décision d'adéquation (RGPD art. 45)" },
        { "dpf", "EU-US Data Privacy Framework, Decision (EU) 2023/1795 (GDPR Art. 45)",
          "Data Privacy Framework UE-États-Unis, décision (UE) 2023/1795 (RGPD art. 45)" },
        { "scc", "standard contractual clauses (GDPR Art. 46(2)(c))", "clauses contractuelles types (RGPD art. 46(2)(c))" },
        { "bcr", "binding corporate rules (GDPR Art. 46(2)(b), 47)",
          "règles d'entreprise contraignantes (RGPD art. 46(2)(b), 47)" },
        { "code_of_conduct", "approved code of conduct (GDPR Art. 46(2)(e))",
          "code de conduite approuvé (RGPD art. 46(2)(e))" },
        { "certification", "approved certification (GDPR Art. 46(2)(f))", "certification approuvée (RGPD art. 46(2)(f))" },
        { "ad_hoc_clauses", "contractual clauses authorised by the supervisory authority (GDPR Art. 46(3)(a))",
          "clauses contractuelles autorisées par l'autorité de contrôle (RGPD art. 46(3)(a))" },
        { "derogation", "derogation for a specific situation (GDPR Art. 49)",
          "dérogation pour une situation particulière (RGPD art. 49)" },
        { "privacy_shield", "none: the Privacy Shield was invalidated on 16 July 2020 (CJEU C-311/18)",
          "aucune : le Privacy Shield a été invalidé le 16 juillet 2020 (CJUE C-311/18)" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i][0], mech) == 0)
            return t[i][fr ? 2 : 1];
    /* "none": the country's own adequacy decision, when it is not limited */
    const comply__jnode *adequacy = comply__rules_entry(c->rules, COMPLY_SECTION_ADEQUACY, cc);
    if (adequacy && !comply__json_member(adequacy, "scope"))
        return t[0][fr ? 2 : 1];
    return fr ? "aucune garantie déclarée" : "no safeguard declared";
}

static bool ropa_same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Has transfer j of declaration i been written already (merged entries)? */
static bool ropa_transfer_seen(const ropa_decl *const *g, size_t i, size_t j)
{
    const comply__jnode *t = &comply__json_member(g[i]->root, "transfers")->items[j];
    for (size_t k = 0; k <= i; k++) {
        const comply__jnode *l = comply__json_member(g[k]->root, "transfers");
        for (size_t m = 0; l && m < (k == i ? j : l->count); m++) {
            const comply__jnode *u = &l->items[m];
            const char *mt = ropa_member_str(t, "mechanism"), *mu = ropa_member_str(u, "mechanism");
            if (ropa_same(ropa_member_str(t, "country"), ropa_member_str(u, "country")) &&
                ropa_same(mt ? mt : "none", mu ? mu : "none") &&
                ropa_same(ropa_member_str(t, "recipient"), ropa_member_str(u, "recipient")))
                return true;
        }
    }
    return false;
}

static void ropa_transfer(ropa_ctx *c, bool *first, const char *cc, const char *mech, const char *recipient)
{
    comply__buf_puts(&c->b, *first ? "{" : ",{");
    *first = false;
    ropa_kv(c, "country", cc, false);
    ropa_kv(c, "mechanism", mech, true);
    ropa_kv(c, "safeguard", ropa_safeguard(c, cc, mech), true);
    ropa_kv(c, "recipient", recipient, true);
    comply__buf_append(&c->b, "}", 1);
}

/* Declared transfers outside the EEA, then storage outside it (storing
 * the data abroad is a transfer too: EDPB Guidelines 05/2021). */
static void ropa_transfers(ropa_ctx *c, const ropa_decl *const *g, size_t n)
{
    ropa_key(c, "transfers", true);
    comply__buf_append(&c->b, "[", 1);
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *l = comply__json_member(g[i]->root, "transfers");
        for (size_t j = 0; l && j < l->count; j++) {
            const char *cc = ropa_member_str(&l->items[j], "country");
            const char *mech = ropa_member_str(&l->items[j], "mechanism");
            if (!ropa_in_eea(cc) && !ropa_transfer_seen(g, i, j))
                ropa_transfer(c, &first, cc, mech ? mech : "none", ropa_member_str(&l->items[j], "recipient"));
        }
    }
    for (size_t i = 0; i < n; i++) {
        const char *cc = ropa_member_str(g[i]->root, "storage_location");
        /* once per country, and not again when a transfer there is listed */
        bool seen = false;
        for (size_t k = 0; k < n && cc && !seen; k++) {
            const comply__jnode *l = comply__json_member(g[k]->root, "transfers");
            seen = k < i && ropa_same(cc, ropa_member_str(g[k]->root, "storage_location"));
            for (size_t j = 0; l && j < l->count && !seen; j++)
                seen = ropa_same(cc, ropa_member_str(&l->items[j], "country"));
        }
        if (cc && !seen && !ropa_in_eea(cc))
            ropa_transfer(c, &first, cc, "none", NULL);
    }
    comply__buf_append(&c->b, "]", 1);
}

/* The event a rule counts from: `from`, the latest of `from.latest_of`,
 * or the end of the active phase (`active_until`); NULL for rules that
 * count from an anchor or a fiscal year only. */
static void ropa_rule_event(ropa_ctx *c, const comply__jnode *rule)
{
    const char *ev = ropa_member_str(rule, "from");
    if (!ev)
        ev = ropa_member_str(rule, "active_until");
    const comply__jnode *from = comply__json_member(rule, "from");
    const comply__jnode *latest = from && from->type == COMPLY__JOBJECT ? comply__json_member(from, "latest_of") : NULL;
    if (ev || !latest || latest->type != COMPLY__JARRAY) {
        ropa_str(c, ev);
        return;
    }
    comply__buf t;
    comply__buf_init(&t, comply__rules_alloc(c->rules));
    comply__buf_puts(&t, strcmp(c->lang, "fr") == 0 ? "la plus tardive des dates : " : "latest of: ");
    for (size_t i = 0; i < latest->count; i++)
        if (latest->items[i].type == COMPLY__JSTRING) {
            comply__buf_puts(&t, i ? ", " : "");
            comply__buf_puts(&t, latest->items[i].str);
        }
    comply__buf_append(&t, "", 1);
    if (t.failed)
        c->oom = true;
    else
        ropa_str(c, t.data);
    comply__buf_release(&t);
}

/* One row per retention rule that applies to the purpose and one of the
 * entry's categories (what comply_retention_deadline picks, and the
 * other rules it lists), with the categories it covers. */
static void ropa_retention(ropa_ctx *c, const char *purpose, const ropa_set *cats)
{
    ropa_set rules;
    const char **rule_cat = NULL;
    size_t cap = cats->n * (COMPLY_MAX_OTHER_RULES + 1);
    size_t cells = cap * cats->n; /* rule_cat[r * cats->n + k]: category k covered by rule r, or NULL */
    if (!ropa_set_init(c, &rules, cap) || !(rule_cat = comply__arena_alloc(&c->arena, (cells ? cells : 1) * sizeof *rule_cat))) {
        c->oom = true;
        return;
    }
    memset(rule_cat, 0, cells * sizeof *rule_cat);
    for (size_t k = 0; k < cats->n; k++) {
        comply_deadline d;
        comply_status st =
            comply_retention_deadline(c->rules, purpose, cats->v[k], NULL, 0, (comply_date){ 2000, 1, 1 }, &d, NULL);
        if (st == COMPLY_ENOMEM)
            c->oom = true;
        if (st != COMPLY_OK)
            continue;
        size_t others = d.n_other < COMPLY_MAX_OTHER_RULES ? d.n_other : COMPLY_MAX_OTHER_RULES;
        for (size_t i = 0; i <= others; i++) {
            const char *id = i == 0 ? d.rule : d.other_rules[i - 1];
            if (!id)
                continue;
            ropa_set_add(&rules, id);
            for (size_t r = 0; r < rules.n; r++)
                if (strcmp(rules.v[r], id) == 0)
                    rule_cat[r * cats->n + k] = cats->v[k];
        }
    }
    ropa_key(c, "retention", true);
    comply__buf_append(&c->b, "[", 1);
    for (size_t r = 0; r < rules.n; r++) {
        const comply__jnode *rule = comply__rules_entry(c->rules, COMPLY_SECTION_RETENTION, rules.v[r]);
        const comply__jnode *src = rule ? comply__json_member(rule, "source") : NULL;
        const comply__jnode *never = rule ? comply__json_member(rule, "never_store") : NULL;
        comply__buf_puts(&c->b, r ? ",{" : "{");
        ropa_kv(c, "rule", rules.v[r], false);
        ropa_kv(c, "label", ropa_text(c, rule, "label"), true);
        ropa_key(c, "categories", true);
        comply__buf_append(&c->b, "[", 1);
        bool first = true;
        for (size_t k = 0; k < cats->n; k++)
            if (rule_cat[r * cats->n + k]) {
                if (!first)
                    comply__buf_append(&c->b, ",", 1);
                first = false;
                ropa_str(c, rule_cat[r * cats->n + k]);
            }
        comply__buf_append(&c->b, "]", 1);
        ropa_key(c, "never_store", true);
        comply__buf_puts(&c->b, never && never->type == COMPLY__JTRUE ? "true" : "false");
        ropa_kv(c, "keep", ropa_member_str(rule, "keep"), true);
        ropa_kv(c, "archive_for", ropa_member_str(rule, "archive_for"), true);
        ropa_key(c, "event", true);
        if (rule)
            ropa_rule_event(c, rule);
        else
            comply__buf_puts(&c->b, "null");
        ropa_kv(c, "then", ropa_member_str(rule, "then"), true);
        ropa_kv(c, "source", ropa_member_str(src, "title"), true);
        ropa_kv(c, "source_article", ropa_member_str(src, "article"), true);
        ropa_kv(c, "basis", ropa_member_str(rule, "basis"), true);
        comply__buf_append(&c->b, "}", 1);
    }
    comply__buf_append(&c->b, "]", 1);
}

/* The declared security section as measures in words (Art. 30(1)(g)). */
static void ropa_security(ropa_ctx *c, const ropa_decl *const *g, size_t n)
{
    bool fr = strcmp(c->lang, "fr") == 0;
    static const char *const t[][3] = {
        { "encryption_in_transit", "Encryption in transit (TLS)", "Chiffrement des échanges (TLS)" },
        { "encryption_at_rest", "Encryption at rest", "Chiffrement des données stockées" },
        { "mfa_for_admins", "Multi-factor authentication for administrators",
          "Authentification multifacteur des administrateurs" },
    };
    ropa_key(c, "security", true);
    comply__buf_append(&c->b, "[", 1);
    bool first = true;
    long review = -1;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        /* a measure of the merged processing is one all its declarations take */
        bool all = n > 0;
        for (size_t i = 0; i < n && all; i++) {
            const comply__jnode *sec = comply__json_member(g[i]->root, "security");
            const comply__jnode *m = sec ? comply__json_member(sec, t[k][0]) : NULL;
            all = m && m->type == COMPLY__JTRUE;
        }
        if (!all)
            continue;
        if (!first)
            comply__buf_append(&c->b, ",", 1);
        first = false;
        ropa_str(c, t[k][fr ? 2 : 1]);
    }
    /* the longest review period of the merged declarations */
    for (size_t i = 0; i < n; i++) {
        const comply__jnode *sec = comply__json_member(g[i]->root, "security");
        const comply__jnode *d = sec ? comply__json_member(sec, "access_review_days") : NULL;
        if (!d) {
            review = -1;
            break;
        }
        if ((long)d->number > review)
            review = (long)d->number;
    }
    if (review >= 0) {
        comply__buf_printf(&c->b, "%s\"", first ? "" : ",");
        comply__buf_printf(&c->b, fr ? "Revue des habilitations au moins tous les %ld jours"
                                     : "Access rights reviewed at least every %ld days",
                           review);
        comply__buf_puts(&c->b, "\"");
    }
    comply__buf_append(&c->b, "]", 1);
}

static void ropa_entry(ropa_ctx *c, const ropa_decl *const *g, size_t n)
{
    const ropa_decl *d = g[0];
    const char *basis = NULL;
    for (size_t i = 0; i < n && !basis; i++)
        basis = ropa_member_str(g[i]->root, "legal_basis");
    if (!basis)
        basis = ropa_member_str(d->pentry, "legal_basis");
    comply__buf_append(&c->b, "{", 1);
    ropa_kv(c, "purpose", d->purpose, false);
    ropa_kv(c, "label", ropa_text(c, d->pentry, "label"), true);
    ropa_kv(c, "description", ropa_text(c, d->pentry, "description"), true);
    ropa_kv(c, "legal_basis", basis, true);
    ropa_person(c, "controller", g, n, true);
    ropa_person(c, "dpo", g, n, true);
    ropa_subjects(c, g, n);
    ropa_set cats = { NULL, 0 };
    ropa_categories(c, g, n, &cats);
    if (c->oom)
        return;
    ropa_retention(c, d->purpose, &cats);
    ropa_recipients(c, g, n);
    ropa_transfers(c, g, n);
    ropa_security(c, g, n);
    ropa_key(c, "sources", true);
    comply__buf_append(&c->b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            comply__buf_append(&c->b, ",", 1);
        ropa_str(c, g[i]->source);
    }
    comply__buf_append(&c->b, "]}", 2);
}

/* -------------------------------------------------------------- input */

/* Checks one declaration as `comply check` would (errors with their place),
 * then keeps its nodes. A record entry needs a known purpose. */
static comply_status ropa_read(ropa_ctx *c, const char *text, size_t len, const char *source, ropa_decl *out,
                               comply_error *err)
{
    comply_report *rep = NULL;
    comply_status st = comply_check_collection_json(c->rules, text, len, source, NULL, &rep, err);
    comply_report_free(rep);
    if (st != COMPLY_OK)
        return st;
    comply__jnode *root = NULL;
    if ((st = comply__json_read(&c->arena, text ? text : "", len, source, COMPLY_DEFAULT_MAX_DEPTH, &root, err)) !=
        COMPLY_OK)
        return st;
    const comply__jnode *p = comply__json_member(root, "purpose");
    if (!p || !comply__json_member(root, "fields")) {
        comply__error_set(err, COMPLY_ERULE, "the record needs the declaration's \"purpose\"");
        comply__error_place(err, source, root->pos.line, root->pos.column, root->pos.offset, "purpose");
        return COMPLY_ERULE;
    }
    out->root = root;
    out->source = source;
    out->purpose = p->str;
    out->pentry = comply__rules_entry(c->rules, COMPLY_SECTION_PURPOSES, p->str);
    if (!out->pentry) {
        comply__error_set(err, COMPLY_ERULE, "unknown purpose \"%.64s\" (`comply purposes` lists them)", p->str);
        comply__error_place(err, source, p->pos.line, p->pos.column, p->pos.offset, "purpose");
        return COMPLY_ERULE;
    }
    return COMPLY_OK;
}

static void ropa_document(ropa_ctx *c)
{
    comply__buf_puts(&c->b, "{");
    ropa_kv(c, "template", "CNIL, modèle de registre des activités de traitement (fiche de registre), 2019", false);
    comply__buf_printf(&c->b, ",\"generated_by\":\"libcomply %s\"", comply_version());
    ropa_kv(c, "lang", c->lang, true);
    const ropa_decl **all = comply__arena_alloc(&c->arena, (c->n ? c->n : 1) * sizeof *all);
    bool *done = comply__arena_alloc(&c->arena, c->n ? c->n : 1);
    if (!all || !done) {
        c->oom = true;
        return;
    }
    memset(done, 0, c->n ? c->n : 1);
    for (size_t i = 0; i < c->n; i++)
        all[i] = &c->d[i];
    /* the organisation's controller and DPO: the first declared */
    ropa_person(c, "controller", all, c->n, true);
    ropa_person(c, "dpo", all, c->n, true);
    ropa_key(c, "entries", true);
    comply__buf_append(&c->b, "[", 1);
    const ropa_decl **g = comply__arena_alloc(&c->arena, (c->n ? c->n : 1) * sizeof *g);
    if (!g) {
        c->oom = true;
        return;
    }
    bool first = true;
    for (size_t i = 0; i < c->n && !c->oom; i++) {
        if (done[i])
            continue;
        size_t n = 0;
        for (size_t j = i; j < c->n; j++)
            if (!done[j] && strcmp(c->d[j].purpose, c->d[i].purpose) == 0) {
                done[j] = true;
                g[n++] = &c->d[j];
            }
        if (!first)
            comply__buf_append(&c->b, ",", 1);
        first = false;
        ropa_entry(c, g, n);
    }
    comply__buf_puts(&c->b, "]}");
}

comply_status comply_ropa_json(const comply_rules *rules, const char *const *decls, const size_t *lens,
                               const char *const *sources, size_t n, const char *lang, char **out, size_t *len,
                               comply_error *err)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!rules || !out)
        return comply__error_set(err, COMPLY_EINVAL, "%s is NULL", !rules ? "rules" : "output");
    if (n > 0 && !decls)
        return comply__error_set(err, COMPLY_EINVAL, "declarations are NULL");
    if (!lang)
        lang = "fr";
    if (strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0)
        return comply__error_set(err, COMPLY_EINVAL, "language must be \"fr\" or \"en\"");
    ropa_ctx c;
    memset(&c, 0, sizeof c);
    c.rules = rules;
    c.lang = lang;
    c.n = n;
    const comply__alloc *alloc = comply__rules_alloc(rules);
    comply__arena_init(&c.arena, alloc);
    comply__buf_init(&c.b, alloc);
    comply_status st = COMPLY_OK;
    if (n > SIZE_MAX / sizeof *c.d || !(c.d = comply__arena_alloc(&c.arena, (n ? n : 1) * sizeof *c.d))) {
        st = comply__oom(err);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const char *source = sources && sources[i] ? sources[i] : "<json>";
        size_t l = lens ? lens[i] : (decls[i] ? strlen(decls[i]) : 0);
        if (!decls[i] && l > 0) {
            st = comply__error_set(err, COMPLY_EINVAL, "declaration %zu is NULL", i);
            goto out;
        }
        if ((st = ropa_read(&c, decls[i], l, source, &c.d[i], err)) != COMPLY_OK)
            goto out;
    }
    ropa_document(&c);
    if (c.oom || c.b.failed) {
        st = comply__oom(err);
        goto out;
    }
    *out = c.b.data;
    if (len)
        *len = c.b.len;
    c.b.data = NULL;
out:
    if (st != COMPLY_OK)
        comply__buf_release(&c.b);
    comply__arena_release(&c.arena);
    return st;
}
