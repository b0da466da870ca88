/*
 * taxonomy.c - the category tree: dotted keys, parents and children,
 * labels by language, the CNIL kind and the GDPR regime of each category.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct comply_category {
    const char *key;
    const comply__jnode *label;       /* {lang: text} */
    const comply__jnode *description; /* {lang: text} or NULL */
    const comply__jnode *aliases;     /* {scheme: [keys]} or NULL */
    const comply_category *parent;
    const comply_category **children;
    size_t n_children;
    unsigned depth;
    comply_kind kind;
    comply_regime regime;
    bool sensitive;
};

struct comply__taxonomy {
    comply_category *cats; /* tree pre-order */
    size_t count;
    const comply_category **roots;
    size_t n_roots;
    const comply_category **child_store; /* children of all categories, grouped */
    comply__strmap index;                /* key -> position in cats */
};

/* Names and labels of the CNIL's four kinds of customer data (référentiel
 * "gestion des activités commerciales", délibération n° 2021-131). */
static const struct {
    const char *name, *en, *fr;
} kind_info[] = {
    [COMPLY_KIND_NONE] = { "", "", "" },
    [COMPLY_KIND_BASE] = { "base", "Base data", "Données de base" },
    [COMPLY_KIND_INTERACTION] = { "interaction", "Interaction data", "Données d'interactions" },
    [COMPLY_KIND_BEHAVIOURAL] = { "behavioural", "Behavioural data", "Données comportementales" },
    [COMPLY_KIND_ATTITUDINAL] = { "attitudinal", "Attitudinal data", "Données attitudinales" },
};

const char *comply_kind_name(comply_kind kind)
{
    return (unsigned)kind <= COMPLY_KIND_ATTITUDINAL ? kind_info[kind].name : "";
}

const char *comply_kind_label(comply_kind kind, const char *lang)
{
    if ((unsigned)kind > COMPLY_KIND_ATTITUDINAL)
        return "";
    return (lang && strcmp(lang, "fr") == 0) ? kind_info[kind].fr : kind_info[kind].en;
}

static comply_kind kind_from_name(const char *name)
{
    for (int k = COMPLY_KIND_BASE; k <= COMPLY_KIND_ATTITUDINAL; k++)
        if (strcmp(kind_info[k].name, name) == 0)
            return (comply_kind)k;
    return COMPLY_KIND_NONE;
}

const char *comply__text_get(const comply__jnode *text, const char *lang)
{
    const comply__jnode *t = lang ? comply__json_member(text, lang) : NULL;
    if (!t || t->type != COMPLY__JSTRING)
        t = comply__json_member(text, "en");
    return (t && t->type == COMPLY__JSTRING) ? t->str : NULL;
}

/* ------------------------------------------------------------ building */

typedef struct tax_build {
    const comply__alloc *alloc;
    const comply__jnode *const *entries;
    size_t n;
    size_t *parent;      /* entry index of the parent, SIZE_MAX for a group */
    size_t *first_child; /* children chained in entry order */
    size_t *next_sibling;
    size_t *order;       /* pre-order position -> entry index */
} tax_build;

/* The parent key of "a.b.c" is "a.b": look it up without copying. */
static bool tax_parent_of(const comply__strmap *by_key, const char *key, char *buf, size_t size, size_t *parent)
{
    const char *dot = strrchr(key, '.');
    if (!dot)
        return false;
    size_t n = (size_t)(dot - key);
    if (n >= size)
        return false;
    memcpy(buf, key, n);
    buf[n] = '\0';
    return comply__strmap_get(by_key, buf, parent);
}

static comply_status tax_link(tax_build *b, const comply__strmap *by_key, const comply__schema_env *env,
                              unsigned *problems, comply_error *err)
{
    size_t *last_child = comply__calloc(b->alloc, b->n ? b->n : 1, sizeof *last_child);
    if (!last_child)
        return comply__oom(err);
    size_t last_root = SIZE_MAX;
    char buf[256];
    for (size_t i = 0; i < b->n; i++)
        b->first_child[i] = b->next_sibling[i] = last_child[i] = SIZE_MAX;
    comply_status st = COMPLY_OK;
    for (size_t i = 0; i < b->n; i++) {
        const char *key = b->entries[i]->key;
        size_t p = SIZE_MAX;
        if (strchr(key, '.') && !tax_parent_of(by_key, key, buf, sizeof buf, &p)) {
            char path[COMPLY_ERROR_PATH_SIZE];
            snprintf(path, sizeof path, "taxonomy[\"%s\"]", key);
            comply__schema_problem(env, b->entries[i], true, path, problems, err,
                                   "category \"%s\" has no parent: define \"%s\" first", key, buf);
            st = COMPLY_ERULE;
            p = SIZE_MAX;
        }
        b->parent[i] = p;
        size_t *tail = (p == SIZE_MAX) ? &last_root : &last_child[p];
        if (*tail != SIZE_MAX)
            b->next_sibling[*tail] = i;
        else if (p != SIZE_MAX)
            b->first_child[p] = i;
        *tail = i;
    }
    comply__free(b->alloc, last_child);
    return st;
}

/* Pre-order without recursion: follow first children, then siblings,
 * climbing back through parents. */
static void tax_order(tax_build *b)
{
    size_t pos = 0;
    for (size_t root = 0; root < b->n; root++) {
        if (b->parent[root] != SIZE_MAX)
            continue;
        size_t at = root;
        for (;;) {
            b->order[pos++] = at;
            if (b->first_child[at] != SIZE_MAX) {
                at = b->first_child[at];
                continue;
            }
            while (at != root && b->next_sibling[at] == SIZE_MAX)
                at = b->parent[at];
            if (at == root)
                break;
            at = b->next_sibling[at];
        }
    }
}

static void tax_fill(comply__taxonomy *t, const tax_build *b, const size_t *pos_of)
{
    size_t child_at = 0;
    for (size_t k = 0; k < t->count; k++) {
        size_t e = b->order[k];
        const comply__jnode *node = b->entries[e];
        comply_category *c = &t->cats[k];
        memset(c, 0, sizeof *c);
        c->key = node->key;
        c->label = comply__json_member(node, "label");
        c->description = comply__json_member(node, "description");
        c->aliases = comply__json_member(node, "aliases");
        if (b->parent[e] != SIZE_MAX) {
            c->parent = &t->cats[pos_of[b->parent[e]]];
            c->depth = c->parent->depth + 1;
            c->kind = c->parent->kind;
            c->regime = c->parent->regime;
            c->sensitive = c->parent->sensitive;
        } else {
            t->roots[t->n_roots++] = c;
        }
        const comply__jnode *v;
        if ((v = comply__json_member(node, "kind")) && v->type == COMPLY__JSTRING)
            c->kind = kind_from_name(v->str);
        if ((v = comply__json_member(node, "regime")) && v->type == COMPLY__JSTRING)
            c->regime = strcmp(v->str, "criminal") == 0 ? COMPLY_REGIME_CRIMINAL : COMPLY_REGIME_SPECIAL;
        if ((v = comply__json_member(node, "sensitive")))
            c->sensitive = v->type == COMPLY__JTRUE;
        c->children = t->child_store + child_at;
        for (size_t ch = b->first_child[e]; ch != SIZE_MAX; ch = b->next_sibling[ch])
            t->child_store[child_at++] = &t->cats[pos_of[ch]];
        c->n_children = child_at - (size_t)(c->children - t->child_store);
    }
}

static comply__taxonomy *tax_alloc(const comply__alloc *alloc, size_t n)
{
    comply__taxonomy *t = comply__calloc(alloc, 1, sizeof *t);
    if (!t)
        return NULL;
    size_t m = n ? n : 1;
    t->cats = comply__calloc(alloc, m, sizeof *t->cats);
    t->roots = comply__calloc(alloc, m, sizeof *t->roots);
    t->child_store = comply__calloc(alloc, m, sizeof *t->child_store);
    if (!t->cats || !t->roots || !t->child_store || comply__strmap_init(&t->index, alloc, n) != COMPLY_OK) {
        comply__taxonomy_free(alloc, t);
        return NULL;
    }
    t->count = n;
    return t;
}

comply_status comply__taxonomy_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n,
                                     const comply__schema_env *env, unsigned *problems,
                                     comply__taxonomy **out, comply_error *err)
{
    tax_build b = { alloc, entries, n, NULL, NULL, NULL, NULL };
    comply__strmap by_key = { 0 };
    comply__taxonomy *t = NULL;
    size_t *pos_of = NULL;
    comply_status st = COMPLY_ENOMEM;
    size_t m = n ? n : 1;
    b.parent = comply__calloc(alloc, m, sizeof *b.parent);
    b.first_child = comply__calloc(alloc, m, sizeof *b.first_child);
    b.next_sibling = comply__calloc(alloc, m, sizeof *b.next_sibling);
    b.order = comply__calloc(alloc, m, sizeof *b.order);
    pos_of = comply__calloc(alloc, m, sizeof *pos_of);
    if (!b.parent || !b.first_child || !b.next_sibling || !b.order || !pos_of ||
        comply__strmap_init(&by_key, alloc, n) != COMPLY_OK)
        goto out;
    for (size_t i = 0; i < n; i++)
        if (comply__strmap_put(&by_key, entries[i]->key, i, NULL) != COMPLY_OK)
            goto out;
    if ((st = tax_link(&b, &by_key, env, problems, err)) != COMPLY_OK)
        goto out;
    tax_order(&b);
    st = COMPLY_ENOMEM;
    if (!(t = tax_alloc(alloc, n)))
        goto out;
    for (size_t k = 0; k < n; k++)
        pos_of[b.order[k]] = k;
    tax_fill(t, &b, pos_of);
    for (size_t k = 0; k < n; k++)
        if (comply__strmap_put(&t->index, t->cats[k].key, k, NULL) != COMPLY_OK)
            goto out;
    *out = t;
    t = NULL;
    st = COMPLY_OK;
out:
    if (st == COMPLY_ENOMEM)
        comply__oom(err);
    comply__taxonomy_free(alloc, t);
    comply__strmap_free(&by_key);
    comply__free(alloc, b.parent);
    comply__free(alloc, b.first_child);
    comply__free(alloc, b.next_sibling);
    comply__free(alloc, b.order);
    comply__free(alloc, pos_of);
    return st;
}

void comply__taxonomy_free(const comply__alloc *alloc, comply__taxonomy *t)
{
    if (!t)
        return;
    comply__strmap_free(&t->index);
    comply__free(alloc, t->cats);
    comply__free(alloc, t->roots);
    comply__free(alloc, t->child_store);
    comply__free(alloc, t);
}

/* ---------------------------------------------------------- public API */

const comply_category *comply_category_find(const comply_rules *rules, const char *key)
{
    if (!rules || !key)
        return NULL;
    const comply__taxonomy *t = comply__rules_taxonomy(rules);
    size_t i;
    return comply__strmap_get(&t->index, key, &i) ? &t->cats[i] : NULL;
}

size_t comply_category_count(const comply_rules *rules)
{
    return rules ? comply__rules_taxonomy(rules)->count : 0;
}

const comply_category *comply_category_at(const comply_rules *rules, size_t i)
{
    if (!rules)
        return NULL;
    const comply__taxonomy *t = comply__rules_taxonomy(rules);
    return i < t->count ? &t->cats[i] : NULL;
}

size_t comply_category_root_count(const comply_rules *rules)
{
    return rules ? comply__rules_taxonomy(rules)->n_roots : 0;
}

const comply_category *comply_category_root(const comply_rules *rules, size_t i)
{
    if (!rules)
        return NULL;
    const comply__taxonomy *t = comply__rules_taxonomy(rules);
    return i < t->n_roots ? t->roots[i] : NULL;
}

const char *comply_category_key(const comply_category *c)
{
    return c ? c->key : NULL;
}

const char *comply_category_label(const comply_category *c, const char *lang)
{
    if (!c)
        return NULL;
    const char *s = comply__text_get(c->label, lang);
    return s ? s : c->key;
}

const char *comply_category_description(const comply_category *c, const char *lang)
{
    if (!c)
        return NULL;
    const char *s = c->description ? comply__text_get(c->description, lang) : NULL;
    return s ? s : "";
}

const comply_category *comply_category_parent(const comply_category *c)
{
    return c ? c->parent : NULL;
}

size_t comply_category_child_count(const comply_category *c)
{
    return c ? c->n_children : 0;
}

const comply_category *comply_category_child(const comply_category *c, size_t i)
{
    return (c && i < c->n_children) ? c->children[i] : NULL;
}

unsigned comply_category_depth(const comply_category *c)
{
    return c ? c->depth : 0;
}

comply_kind comply_category_kind(const comply_category *c)
{
    return c ? c->kind : COMPLY_KIND_NONE;
}

comply_regime comply_category_regime(const comply_category *c)
{
    return c ? c->regime : COMPLY_REGIME_NONE;
}

int comply_category_is_sensitive(const comply_category *c)
{
    return c ? c->sensitive : 0;
}

bool comply__key_within(const char *key, const char *ancestor)
{
    size_t n = strlen(ancestor);
    return strncmp(key, ancestor, n) == 0 && (key[n] == '\0' || key[n] == '.');
}

const comply_category *comply_category_find_alias(const comply_rules *rules, const char *key)
{
    if (!rules || !key)
        return NULL;
    const comply_category *c = comply_category_find(rules, key);
    if (c)
        return c;
    const comply__taxonomy *t = comply__rules_taxonomy(rules);
    for (size_t i = 0; i < t->count; i++) {
        const comply__jnode *a = t->cats[i].aliases;
        for (size_t s = 0; a && s < a->count; s++)
            for (size_t k = 0; k < a->items[s].count; k++)
                if (a->items[s].items[k].type == COMPLY__JSTRING && strcmp(a->items[s].items[k].str, key) == 0)
                    return &t->cats[i];
    }
    return NULL;
}

int comply_category_is_a(const comply_rules *rules, const char *key, const char *ancestor)
{
    const comply_category *c = comply_category_find(rules, key);
    const comply_category *a = comply_category_find(rules, ancestor);
    if (!c || !a)
        return 0;
    for (; c; c = c->parent)
        if (c == a)
            return 1;
    return 0;
}
