/*
 * retention.c - where a record stands under the retention rules of a pack
 * (comply_retention_deadline) and the cutoff date for bulk deletion
 * (comply_retention_cutoff). doc/retention.md gives the semantics.
 *
 * Everything works on calendar dates with comply_date_add (months first,
 * clamped, then days: CPC art. 641, Reg. 1182/71 art. 3). A record is due
 * on the deadline day itself ("due when today >= deadline", reference
 * §3.4 point 4). The `retention` section is compiled once, when rules are
 * layered (comply__retention_build, like the detectors): the calls read no
 * JSON, parse no duration, allocate nothing and read no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Events with a meaning of their own (DESIGN.md: "a legal hold suspends
 * deletion"; CSP R1112-7, CSI L252-5: litigation suspends the clock). */
#define RETENTION_HOLD "legal_hold"
#define RETENTION_HOLD_END "legal_hold_end"

static const char *const stage_names[] = { "active", "archive", "delete_due", "hold", "unknown" };

const char *comply_stage_name(comply_stage stage)
{
    if ((unsigned)stage >= sizeof stage_names / sizeof stage_names[0])
        return NULL;
    return stage_names[stage];
}

/* ------------------------------------------------------ compiled form */

/* What the `from` of a rule is. */
typedef enum retention_from_kind {
    RETENTION_FROM_NONE,     /* no `from` (an `active_until` rule) */
    RETENTION_FROM_NAME,     /* "from": "collection" */
    RETENTION_FROM_LATEST_OF /* "from": {"latest_of": [...]} */
} retention_from_kind;

/* One rule of the effective `retention` section with everything the calls
 * need read once, when the rules are layered. Strings are borrowed from the
 * pack's nodes, which live as long as the rules object. */
typedef struct retention_rule {
    const char *id;
    const char *source;        /* source title, or NULL */
    const char *basis;         /* or NULL */
    const char *final_action;  /* `then`, "delete" by default */
    const char *until;         /* `active_until` event, or NULL */
    const char *const *from;   /* the `from` event, or the `latest_of` names */
    size_t n_from;
    const char *first_of;      /* reported missing: the `from` event, the first `latest_of` name, or NULL */
    const char *bad_duration;  /* "keep" or "archive_for" when it does not parse (the schema prevents it) */
    comply_duration keep, archive; /* all zero when absent */
    int64_t keep_months, archive_months; /* 12 * years + months */
    bool keep_in_months, archive_in_months; /* no weeks or days: retention_add does it inline */
    retention_from_kind from_kind;
    int anchor_month, anchor_day; /* the year end of `anchor` */
    bool minimum;              /* "limit": "minimum" */
    bool never_store;
    bool has_archive;
    bool has_anchor;
    bool anchor_valid;         /* a real month, day 1..31 (the schema's MM-DD ensures it) */
    bool until_member, anchor_member; /* present at all, whatever their type (cutoff) */
    bool any_purpose;          /* no `purposes`, named by no purpose: covers every purpose */
} retention_rule;

/* A read-only hash table of keys (category keys, purpose ids) to their
 * positions, looked up on every call. Not comply__strmap: its
 * byte-at-a-time FNV-1a over a key of 20-odd bytes was a quarter of a
 * deadline's time; this one hashes eight bytes at a time and compares
 * hashes and lengths before bytes. */
typedef struct retention_slot {
    const char *key; /* NULL: empty */
    size_t len;
    uint64_t hash;
    size_t value;
} retention_slot;

typedef struct retention_map {
    retention_slot *slots;
    size_t mask; /* slot count - 1 (a power of two) */
} retention_map;

/* Rows of rule indexes: rules[start[i] .. start[i + 1]) ascending. */
struct comply__retention {
    const comply__alloc *alloc;
    retention_rule *v;
    size_t n;
    const char **names;         /* the `from` names of every rule, back to back */
    /* Categories, by position in the effective taxonomy. Row c lists the
     * rules that name category c itself; row n_cats, the rules without
     * `categories`. A rule covers c when it is in the row of c or of an
     * ancestor of c, or in the last row. The ancestors whose rows are
     * empty are skipped: the chain of c starts at named[c] and goes on
     * through named_up[]. */
    retention_map categories;   /* category key -> position */
    size_t n_cats;
    size_t *named;              /* c or its nearest ancestor with rules, else SIZE_MAX */
    size_t *named_up;           /* for such a category, the next one up, else SIZE_MAX */
    size_t *cat_start;          /* n_cats + 2 */
    size_t *cat_rules;
    /* Purposes, by position: row p lists the rules that name p in their
     * `purposes` or that p's own `retention` names. Rules without
     * `purposes` are flagged (any_purpose), not listed. */
    retention_map purposes;     /* purpose id -> position */
    size_t n_purposes;
    size_t *pur_start;          /* n_purposes + 1 */
    size_t *pur_rules;
};

static const comply_date no_date = { 0, 0, 0 };

/* ------------------------------------------------------------ building */

static const char *retention_string(const comply__jnode *obj, const char *key)
{
    const comply__jnode *n = comply__json_member(obj, key);
    return n && n->type == COMPLY__JSTRING ? n->str : NULL;
}

static int retention_two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The list of `latest_of` names of a `from` object, or NULL. */
static const comply__jnode *retention_latest_of(const comply__jnode *entry)
{
    const comply__jnode *from = comply__json_member(entry, "from");
    if (!from || from->type == COMPLY__JSTRING)
        return NULL;
    return comply__json_member(from, "latest_of");
}

static size_t retention_count_names(const comply__jnode *entry)
{
    const comply__jnode *from = comply__json_member(entry, "from");
    if (!from)
        return 0;
    if (from->type == COMPLY__JSTRING)
        return 1;
    const comply__jnode *list = retention_latest_of(entry);
    size_t n = 0;
    for (size_t i = 0; list && i < list->count; i++)
        n += list->items[i].type == COMPLY__JSTRING;
    return n;
}

/* A duration of the rule, all zero when absent; false when it does not
 * parse (the schema has checked it: a broken object, reported when the
 * rule is used, as before it was compiled). */
static bool retention_duration(const comply__jnode *entry, const char *key, comply_duration *out, bool *present)
{
    const char *text = retention_string(entry, key);
    memset(out, 0, sizeof *out);
    *present = text != NULL;
    if (!text)
        return true;
    return comply_duration_parse(text, out, NULL) == COMPLY_OK && !comply_duration_has_time(out);
}

/* Fills one rule; `names` has room for retention_count_names(entry). */
static void retention_compile_rule(retention_rule *r, const comply__jnode *entry, const char **names)
{
    memset(r, 0, sizeof *r);
    r->id = entry->key;
    r->source = retention_string(comply__json_member(entry, "source"), "title");
    r->basis = retention_string(entry, "basis");
    const char *then = retention_string(entry, "then");
    r->final_action = then ? then : "delete";
    const char *limit = retention_string(entry, "limit");
    r->minimum = limit && strcmp(limit, "minimum") == 0;
    const comply__jnode *never = comply__json_member(entry, "never_store");
    r->never_store = never && never->type == COMPLY__JTRUE;
    r->until = retention_string(entry, "active_until");
    r->until_member = comply__json_member(entry, "active_until") != NULL;
    r->any_purpose = comply__json_member(entry, "purposes") == NULL;

    const comply__jnode *from = comply__json_member(entry, "from");
    r->from = names;
    if (from && from->type == COMPLY__JSTRING) {
        r->from_kind = RETENTION_FROM_NAME;
        r->first_of = from->str;
        names[r->n_from++] = from->str;
    } else if (from) {
        const comply__jnode *list = retention_latest_of(entry);
        r->from_kind = RETENTION_FROM_LATEST_OF;
        r->first_of = list && list->count ? list->items[0].str : NULL;
        for (size_t i = 0; list && i < list->count; i++)
            if (list->items[i].type == COMPLY__JSTRING)
                names[r->n_from++] = list->items[i].str;
    }

    const char *anchor = retention_string(entry, "anchor");
    r->has_anchor = anchor != NULL;
    r->anchor_member = comply__json_member(entry, "anchor") != NULL;
    r->anchor_month = 12;
    r->anchor_day = 31;
    if (anchor && strcmp(anchor, "fiscal_year_end") == 0) {
        const char *fye = retention_string(entry, "fiscal_year_end");
        if (fye && strlen(fye) == 5) {
            r->anchor_month = retention_two_digits(fye);
            r->anchor_day = retention_two_digits(fye + 3);
        }
    }

    bool has_keep;
    if (!retention_duration(entry, "keep", &r->keep, &has_keep))
        r->bad_duration = "keep";
    else if (!retention_duration(entry, "archive_for", &r->archive, &r->has_archive))
        r->bad_duration = "archive_for";
    r->anchor_valid = r->anchor_month >= 1 && r->anchor_month <= 12 && r->anchor_day >= 1 && r->anchor_day <= 31;
    r->keep_months = INT64_C(12) * r->keep.years + r->keep.months;
    r->keep_in_months = r->keep.weeks == 0 && r->keep.days == 0;
    r->archive_months = INT64_C(12) * r->archive.years + r->archive.months;
    r->archive_in_months = r->archive.weeks == 0 && r->archive.days == 0;
}

static comply_status retention_build_rules(comply__retention *set, const comply__jnode *const *entries, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += retention_count_names(entries[i]);
    set->v = comply__calloc(set->alloc, n ? n : 1, sizeof *set->v);
    set->names = comply__calloc(set->alloc, total ? total : 1, sizeof *set->names);
    if (!set->v || !set->names)
        return COMPLY_ENOMEM;
    set->n = n;
    for (size_t i = 0, at = 0; i < n; i++) {
        retention_compile_rule(&set->v[i], entries[i], set->names + at);
        at += set->v[i].n_from;
    }
    return COMPLY_OK;
}

/* The key's bytes eight at a time (the last word overlapping the one
 * before it), each word multiplied by its own odd constant so that the
 * products do not wait for one another, then one final mix. */
static inline uint64_t retention_word(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    return w;
}

static uint64_t retention_hash(const char *s, size_t len)
{
    static const uint64_t k[4] = { 0x9e3779b97f4a7c15u, 0xbf58476d1ce4e5b9u, 0x94d049bb133111ebu,
                                   0xd6e8feb86659fd93u };
    uint64_t h = len * 0xff51afd7ed558ccdu;
    if (len < 8) {
        uint64_t w = 0;
        for (size_t i = 0; i < len; i++)
            w |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h ^= w * k[0];
    } else {
        size_t i = 0;
        for (; i + 8 < len; i += 8)
            h += (retention_word(s + i) ^ (i >> 3)) * k[(i >> 3) & 3];
        h ^= retention_word(s + len - 8) * k[(i >> 3) & 3];
    }
    h ^= h >> 32;
    h *= 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 29);
}

/* memcmp(a, b, len) == 0 for short keys, without the call. */
static inline bool retention_equal(const char *a, const char *b, size_t len)
{
    if (len < 8)
        return memcmp(a, b, len) == 0;
    for (size_t i = 0; i + 8 < len; i += 8)
        if (retention_word(a + i) != retention_word(b + i))
            return false;
    return retention_word(a + len - 8) == retention_word(b + len - 8);
}

static inline bool retention_map_get(const retention_map *map, const char *key, size_t *value)
{
    const size_t len = strlen(key);
    const uint64_t h = retention_hash(key, len);
    for (size_t i = (size_t)h & map->mask;; i = (i + 1) & map->mask) {
        const retention_slot *slot = &map->slots[i];
        if (!slot->key)
            return false;
        if (slot->hash == h && slot->len == len && retention_equal(slot->key, key, len)) {
            *value = slot->value;
            return true;
        }
    }
}

/* The keys of `entries` to their positions (keys are unique in a section;
 * a repeated one would keep its first position). At most half full. */
static comply_status retention_index(retention_map *map, const comply__alloc *alloc,
                                     const comply__jnode *const *entries, size_t n)
{
    size_t cap = 16;
    while (cap / 2 < n) {
        if (cap > SIZE_MAX / 4 / sizeof *map->slots)
            return COMPLY_ENOMEM;
        cap *= 2;
    }
    map->slots = comply__calloc(alloc, cap, sizeof *map->slots);
    if (!map->slots)
        return COMPLY_ENOMEM;
    map->mask = cap - 1;
    for (size_t k = 0; k < n; k++) {
        const char *key = entries[k]->key;
        const size_t len = strlen(key);
        const uint64_t h = retention_hash(key, len);
        size_t i = (size_t)h & map->mask;
        while (map->slots[i].key && !(map->slots[i].len == len && memcmp(map->slots[i].key, key, len) == 0))
            i = (i + 1) & map->mask;
        if (!map->slots[i].key)
            map->slots[i] = (retention_slot){ key, len, h, k };
    }
    return COMPLY_OK;
}

/* The parent of each category: its longest proper prefix at a dot that is
 * a category (the taxonomy makes every such prefix one). Kept in named_up
 * until retention_build_chains. */
static comply_status retention_build_parents(comply__retention *set, const comply__jnode *const *cats)
{
    size_t longest = 0;
    for (size_t i = 0; i < set->n_cats; i++) {
        size_t len = strlen(cats[i]->key);
        if (len > longest)
            longest = len;
    }
    char *buf = comply__malloc(set->alloc, longest + 1);
    set->named_up = comply__calloc(set->alloc, set->n_cats ? set->n_cats : 1, sizeof *set->named_up);
    set->named = comply__calloc(set->alloc, set->n_cats ? set->n_cats : 1, sizeof *set->named);
    if (!buf || !set->named_up || !set->named) {
        comply__free(set->alloc, buf);
        return COMPLY_ENOMEM;
    }
    for (size_t i = 0; i < set->n_cats; i++) {
        const char *key = cats[i]->key;
        size_t len = strlen(key);
        set->named_up[i] = SIZE_MAX;
        memcpy(buf, key, len + 1);
        while (len > 0) {
            if (buf[--len] != '.')
                continue;
            buf[len] = '\0';
            if (retention_map_get(&set->categories, buf, &set->named_up[i]))
                break;
        }
    }
    comply__free(set->alloc, buf);
    return COMPLY_OK;
}

/* Once the rows are built: named[c] is the first category with rules on
 * the way up from c, and named_up[c] (the parent so far) becomes the next
 * one above c. A walk per category: depth is small, and bounded by the
 * key length. */
static void retention_build_chains(comply__retention *set)
{
    const size_t *parent = set->named_up;
    for (size_t c = 0; c < set->n_cats; c++) {
        size_t a = c;
        while (a != SIZE_MAX && set->cat_start[a] == set->cat_start[a + 1])
            a = parent[a];
        set->named[c] = a;
    }
    for (size_t c = 0; c < set->n_cats; c++)
        set->named_up[c] = parent[c] == SIZE_MAX ? SIZE_MAX : set->named[parent[c]];
}

/* Turns counts in start[1 .. rows] into row starts; start has rows + 1. */
static void retention_row_starts(size_t *start, size_t rows)
{
    start[0] = 0;
    for (size_t i = 1; i <= rows; i++)
        start[i] += start[i - 1];
}

/* Rows of the rules that name each category (each rule once per row, in
 * pack order), then the row of the rules without categories. Two passes:
 * count, then fill; `last` holds the last rule put in each row. */
static comply_status retention_build_category_rows(comply__retention *set, const comply__jnode *const *entries)
{
    const size_t rows = set->n_cats + 1;
    size_t *last = comply__calloc(set->alloc, rows, sizeof *last);
    size_t *fill = comply__calloc(set->alloc, rows, sizeof *fill);
    set->cat_start = comply__calloc(set->alloc, rows + 1, sizeof *set->cat_start);
    comply_status st = COMPLY_ENOMEM;
    if (!last || !fill || !set->cat_start)
        goto out;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < rows; c++)
            last[c] = SIZE_MAX;
        for (size_t r = 0; r < set->n; r++) {
            const comply__jnode *cs = comply__json_member(entries[r], "categories");
            for (size_t i = 0; i < (cs ? cs->count : 1); i++) {
                size_t c = set->n_cats;
                if (cs && (cs->items[i].type != COMPLY__JSTRING ||
                           !retention_map_get(&set->categories, cs->items[i].str, &c)))
                    continue; /* not a category: it covers nothing */
                if (last[c] == r)
                    continue;
                last[c] = r;
                if (pass == 0)
                    set->cat_start[c + 1]++;
                else
                    set->cat_rules[fill[c]++] = r;
            }
        }
        if (pass == 0) {
            retention_row_starts(set->cat_start, rows);
            memcpy(fill, set->cat_start, rows * sizeof *fill);
            set->cat_rules = comply__calloc(set->alloc, set->cat_start[rows] ? set->cat_start[rows] : 1,
                                            sizeof *set->cat_rules);
            if (!set->cat_rules)
                goto out;
        }
    }
    st = COMPLY_OK;
out:
    comply__free(set->alloc, last);
    comply__free(set->alloc, fill);
    return st;
}

static int retention_index_compare(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Puts rule r in purpose row p (pass 0 counts, pass 1 fills). */
static void retention_purpose_add(comply__retention *set, size_t *fill, int pass, size_t p, size_t r)
{
    if (pass == 0)
        set->pur_start[p + 1]++;
    else
        set->pur_rules[fill[p]++] = r;
}

/* Rows of the rules tied to each purpose, from both directions of the
 * link: the rule's `purposes` and the purpose's `retention`. Sorted and
 * without repeats, so that a row can be searched. */
static comply_status retention_build_purpose_rows(comply__retention *set, const comply__jnode *const *entries,
                                                  const comply__jnode *const *purposes)
{
    const size_t rows = set->n_purposes;
    retention_map rule_ids = { NULL, 0 };
    size_t *fill = comply__calloc(set->alloc, rows ? rows : 1, sizeof *fill);
    set->pur_start = comply__calloc(set->alloc, rows + 1, sizeof *set->pur_start);
    comply_status st = COMPLY_ENOMEM;
    if (!fill || !set->pur_start)
        goto out;
    if (retention_index(&rule_ids, set->alloc, entries, set->n) != COMPLY_OK)
        goto out;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t r = 0; r < set->n; r++) {
            const comply__jnode *ps = comply__json_member(entries[r], "purposes");
            size_t p;
            for (size_t i = 0; ps && i < ps->count; i++)
                if (ps->items[i].type == COMPLY__JSTRING &&
                    retention_map_get(&set->purposes, ps->items[i].str, &p))
                    retention_purpose_add(set, fill, pass, p, r);
        }
        for (size_t p = 0; p < rows; p++) {
            const comply__jnode *list = comply__json_member(purposes[p], "retention");
            size_t r;
            for (size_t i = 0; list && list->type == COMPLY__JARRAY && i < list->count; i++)
                if (list->items[i].type == COMPLY__JSTRING &&
                    retention_map_get(&rule_ids, list->items[i].str, &r)) {
                    retention_purpose_add(set, fill, pass, p, r);
                    /* a rule a purpose names belongs to the purposes that
                     * name it, not to every purpose */
                    set->v[r].any_purpose = false;
                }
        }
        if (pass == 0) {
            retention_row_starts(set->pur_start, rows);
            memcpy(fill, set->pur_start, rows * sizeof *fill);
            set->pur_rules = comply__calloc(set->alloc, set->pur_start[rows] ? set->pur_start[rows] : 1,
                                            sizeof *set->pur_rules);
            if (!set->pur_rules)
                goto out;
        }
    }
    /* Sort each row and drop repeats, compacting the rows in place. */
    size_t w = 0;
    for (size_t p = 0; p < rows; p++) {
        size_t lo = set->pur_start[p], hi = set->pur_start[p + 1];
        qsort(set->pur_rules + lo, hi - lo, sizeof *set->pur_rules, retention_index_compare);
        set->pur_start[p] = w;
        for (size_t i = lo; i < hi; i++)
            if (i == lo || set->pur_rules[i] != set->pur_rules[i - 1])
                set->pur_rules[w++] = set->pur_rules[i];
    }
    set->pur_start[rows] = w;
    st = COMPLY_OK;
out:
    comply__free(set->alloc, rule_ids.slots);
    comply__free(set->alloc, fill);
    return st;
}

comply_status comply__retention_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n,
                                      const comply__jnode *const *purposes, size_t n_purposes,
                                      const comply__jnode *const *categories, size_t n_categories,
                                      comply__retention **out, comply_error *err)
{
    comply__retention *set = comply__calloc(alloc, 1, sizeof *set);
    if (!set)
        return comply__oom(err);
    set->alloc = alloc;
    set->n_cats = n_categories;
    set->n_purposes = n_purposes;
    if (retention_build_rules(set, entries, n) != COMPLY_OK ||
        retention_index(&set->categories, alloc, categories, n_categories) != COMPLY_OK ||
        retention_index(&set->purposes, alloc, purposes, n_purposes) != COMPLY_OK ||
        retention_build_parents(set, categories) != COMPLY_OK ||
        retention_build_category_rows(set, entries) != COMPLY_OK ||
        retention_build_purpose_rows(set, entries, purposes) != COMPLY_OK) {
        comply__retention_free(set);
        return comply__oom(err);
    }
    retention_build_chains(set);
    *out = set;
    return COMPLY_OK;
}

void comply__retention_free(comply__retention *set)
{
    if (!set)
        return;
    const comply__alloc *alloc = set->alloc;
    comply__free(alloc, set->v);
    comply__free(alloc, set->names);
    comply__free(alloc, set->categories.slots);
    comply__free(alloc, set->named);
    comply__free(alloc, set->named_up);
    comply__free(alloc, set->cat_start);
    comply__free(alloc, set->cat_rules);
    comply__free(alloc, set->purposes.slots);
    comply__free(alloc, set->pur_start);
    comply__free(alloc, set->pur_rules);
    comply__free(alloc, set);
}

/* ------------------------------------------------------------ matching */

/* Which rules a call is about: NULL purpose or category is SIZE_MAX. */
typedef struct retention_query {
    const comply__retention *set;
    size_t purpose, category;
} retention_query;

/* Walks the rules that apply to a query, in pack order. When they all come
 * from one row (the usual case: the category or one ancestor named by
 * rules, and no rule without categories), or from all rules (no
 * category), it walks that row; else it merges the rows of the category's
 * chain (retention_next). The purpose filters either way. */
typedef struct retention_iter {
    const retention_query *q;
    const size_t *row; /* NULL: rule indexes at..end themselves */
    size_t at, end;
    bool merge;        /* retention_next from `at` */
} retention_iter;

/* The first rule index >= from in row `row`, or SIZE_MAX. */
static inline size_t retention_row_first(const size_t *start, const size_t *rules, size_t row, size_t from)
{
    size_t lo = start[row], hi = start[row + 1];
    const size_t end = hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rules[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end ? rules[lo] : SIZE_MAX;
}

/* Does the rule cover the purpose? A rule covers a purpose that it lists
 * or that lists it in its own `retention`. A rule tied to no purpose at
 * all covers the purposes tied to no rule: a purpose that names its
 * retention rules gets those and no others. */
static bool retention_covers_purpose(const retention_query *q, size_t r)
{
    const comply__retention *set = q->set;
    if (q->purpose == SIZE_MAX)
        return true;
    if (set->v[r].any_purpose) /* only for purposes tied to no rule */
        return set->pur_start[q->purpose] == set->pur_start[q->purpose + 1];
    return retention_row_first(set->pur_start, set->pur_rules, q->purpose, r) == r;
}

/* The first rule at or after `from`, in pack order, that applies to the
 * query (which names a category), or SIZE_MAX. A rule covers a category
 * that is one of its categories or below one (the rows of the category
 * and of its ancestors), or any category when it lists none (the last
 * row). Each row is searched: a category's chain is short. */
static size_t retention_next(const retention_query *q, size_t from)
{
    const comply__retention *set = q->set;
    for (;;) {
        size_t r = retention_row_first(set->cat_start, set->cat_rules, set->n_cats, from);
        for (size_t c = set->named[q->category]; c != SIZE_MAX; c = set->named_up[c]) {
            size_t x = retention_row_first(set->cat_start, set->cat_rules, c, from);
            if (x < r)
                r = x;
        }
        if (r == SIZE_MAX || retention_covers_purpose(q, r))
            return r;
        from = r + 1;
    }
}

static inline void retention_iter_init(retention_iter *it, const retention_query *q)
{
    const comply__retention *set = q->set;
    *it = (retention_iter){ .q = q, .row = NULL, .at = 0, .end = set->n, .merge = false };
    if (q->category == SIZE_MAX)
        return;
    size_t rows = 0, row = 0;
    if (set->cat_start[set->n_cats] != set->cat_start[set->n_cats + 1]) {
        rows++;
        row = set->n_cats;
    }
    for (size_t c = set->named[q->category]; c != SIZE_MAX && rows < 2; c = set->named_up[c]) {
        rows++;
        row = c;
    }
    if (rows > 1) {
        it->merge = true;
        return;
    }
    it->row = set->cat_rules;
    it->at = set->cat_start[row];
    it->end = rows ? set->cat_start[row + 1] : it->at;
}

/* The next rule that applies, or SIZE_MAX. */
static inline size_t retention_iter_next(retention_iter *it)
{
    if (it->merge) {
        size_t r = it->at < it->end ? retention_next(it->q, it->at) : SIZE_MAX;
        it->at = r == SIZE_MAX ? it->end : r + 1;
        return r;
    }
    while (it->at < it->end) {
        size_t r = it->row ? it->row[it->at] : it->at;
        it->at++;
        if (retention_covers_purpose(it->q, r))
            return r;
    }
    return SIZE_MAX;
}

/* ----------------------------------------------------------------- dates */

/* A valid date packed into one integer in date order (year << 9 | month
 * << 5 | day; {0,0,0} is 0). The hot path works on these: one integer
 * compare instead of comply_date_compare's three branches, which the
 * random dates of real records defeat, and no 12-byte struct written in
 * parts and read whole. */
typedef int32_t retention_day;

static inline retention_day retention_pack3(int year, int month, int day)
{
    return (retention_day)((year << 9) | (month << 5) | day);
}

static inline retention_day retention_pack(comply_date d)
{
    return retention_pack3(d.year, d.month, d.day);
}

static inline comply_date retention_unpack(retention_day k)
{
    comply_date d = { k >> 9, (k >> 5) & 15, k & 31 };
    return d;
}

/* comply_date_is_valid, inlined: every event date is checked on every call. */
static inline bool retention_date_valid(comply_date d)
{
    if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1)
        return false;
    return d.day <= 28 || d.day <= comply__days_in_month(d.year, d.month);
}

/* comply_date_add of a rule's duration. Whole months (the usual P3Y, P13M)
 * are done here: 12·years + months in one step, the day clamped to the
 * month's end, as calendar.c's date_shift_months does; durations with
 * weeks or days go to comply_date_add. `start` is a real date. */
static inline comply_status retention_add(retention_day start, const comply_duration *duration, int64_t months,
                                          bool in_months, retention_day *out)
{
    if (!in_months) {
        comply_date d;
        comply_status st = comply_date_add(retention_unpack(start), duration, &d);
        *out = retention_pack(d);
        return st;
    }
    const int64_t index = (int64_t)(start >> 9) * 12 + (((start >> 5) & 15) - 1) + months;
    if (index < 12 || index > INT64_C(9999) * 12 + 11)
        return COMPLY_ERANGE;
    const int year = (int)(index / 12), month = (int)(index % 12) + 1, day = start & 31;
    const int last = comply__days_in_month(year, month);
    *out = retention_pack3(year, month, day < last ? day : last);
    return COMPLY_OK;
}

/* ---------------------------------------------------------------- events */

/* strcmp() == 0, with the first two bytes compared inline: most event
 * names of a record differ from a rule's name at once. */
static inline bool retention_same_name(const char *a, const char *b)
{
    if (a[0] != b[0])
        return false;
    if (a[0] == '\0')
        return true;
    return a[1] == b[1] && (a[1] == '\0' || strcmp(a + 2, b + 2) == 0);
}

/* The latest date of the events named one of `names`: when a name repeats,
 * the latest date counts (the last contact is the latest of the contacts),
 * and for `latest_of` the latest of the names present. */
static bool retention_latest(const comply_event *events, size_t n, const char *const *names, size_t n_names,
                             retention_day *out)
{
    retention_day best = -1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n_names; k++)
            if (retention_same_name(events[i].name, names[k])) {
                const retention_day day = retention_pack(events[i].date);
                best = day > best ? day : best;
                break;
            }
    *out = best;
    return best >= 0;
}

static bool retention_event(const comply_event *events, size_t n, const char *name, retention_day *out)
{
    return retention_latest(events, n, &name, 1, out);
}

/* A legal hold is in force when there is a "legal_hold" and no
 * "legal_hold_end" dated on or after the latest hold and on or before
 * today (an end dated in the future has not happened yet). */
static bool retention_hold_in_force(const comply_event *events, size_t n, retention_day today)
{
    retention_day hold;
    if (!retention_event(events, n, RETENTION_HOLD, &hold))
        return false;
    for (size_t i = 0; i < n; i++) {
        const retention_day day = retention_pack(events[i].date);
        if (retention_same_name(events[i].name, RETENTION_HOLD_END) && day >= hold && day <= today)
            return false;
    }
    return true;
}

/* The earliest date among the events, or today when there are none. */
static retention_day retention_earliest(const comply_event *events, size_t n, retention_day today)
{
    if (n == 0)
        return today;
    retention_day d = retention_pack(events[0].date);
    for (size_t i = 1; i < n; i++) {
        const retention_day day = retention_pack(events[i].date);
        d = day < d ? day : d;
    }
    return d;
}

/* ---------------------------------------------------------------- anchors */

/* The year end of the rule in `year`, the day clamped to the month's end
 * (a fiscal year ending on 29 February ends on the 28th in other years). */
static retention_day retention_year_end(const retention_rule *rule, int year)
{
    const int last = comply__days_in_month(year, rule->anchor_month);
    return retention_pack3(year, rule->anchor_month, rule->anchor_day < last ? rule->anchor_day : last);
}

/* Moves `start` to the end of the (fiscal or calendar) year that holds it:
 * accounting documents count from the close of the financial year
 * (C. com. L123-22), not from the invoice date. */
static comply_status retention_anchor(const retention_rule *rule, retention_day *start, comply_error *err)
{
    if (!rule->has_anchor)
        return COMPLY_OK;
    if (!rule->anchor_valid) /* the schema allows only real months and days */
        return comply__error_set(err, COMPLY_EINVAL, "retention rule \"%s\": the deadline cannot be computed",
                                 rule->id);
    const int year = *start >> 9;
    retention_day end = retention_year_end(rule, year);
    if (*start > end) {
        if (year >= 9999)
            return comply__error_set(err, COMPLY_ERANGE, "retention rule \"%s\": the year end falls after 9999",
                                     rule->id);
        end = retention_year_end(rule, year + 1);
    }
    *start = end;
    return COMPLY_OK;
}

/* ------------------------------------------------------------- one rule */

/* What one rule says of one record (dates packed, 0 for none). */
typedef struct retention_eval {
    const retention_rule *rule;
    comply_stage stage;
    bool open_ended;      /* active phase not ended: no final date yet */
    retention_day next, final;
    const char *next_action, *final_action, *missing_event;
} retention_eval;

static void retention_unknown(retention_eval *ev, const char *missing)
{
    ev->stage = COMPLY_STAGE_UNKNOWN;
    ev->missing_event = missing;
}

/* The start of the period: the `from` event, the latest of the `latest_of`
 * events present, or the `active_until` event when there is no `from`.
 * Returns false (stage unknown or open-ended set in ev) when there is none. */
static bool retention_start(const retention_rule *rule, const comply_event *events, size_t n, retention_eval *ev,
                            retention_day *start)
{
    if (rule->until) {
        retention_day end;
        if (!retention_event(events, n, rule->until, &end)) {
            /* Until the relationship ends the record is simply active
             * (reference §1.6 point 2): absent is not unknown. */
            ev->stage = COMPLY_STAGE_ACTIVE;
            ev->open_ended = true;
            return false;
        }
        if (rule->from_kind == RETENTION_FROM_NONE) {
            *start = end;
            return true;
        }
    }
    if (rule->from_kind == RETENTION_FROM_NONE) { /* the schema requires `from` or `active_until` */
        retention_unknown(ev, rule->until);
        return false;
    }
    if (!retention_latest(events, n, rule->from, rule->n_from, start)) {
        retention_unknown(ev, rule->first_of);
        return false;
    }
    return true;
}

static comply_status retention_range(const retention_rule *rule, comply_status st, comply_error *err)
{
    if (st == COMPLY_ERANGE)
        return comply__error_set(err, COMPLY_ERANGE, "retention rule \"%s\": the deadline falls after 9999-12-31",
                                 rule->id);
    return comply__error_set(err, st, "retention rule \"%s\": the deadline cannot be computed", rule->id);
}

static comply_status retention_bad_duration(const retention_rule *rule, comply_error *err)
{
    return comply__error_set(err, COMPLY_ERULE, "retention rule \"%s\": invalid \"%s\"", rule->id,
                             rule->bad_duration);
}

/* Where the record stands today under one rule. */
static comply_status retention_eval_rule(const retention_rule *rule, const comply_event *events, size_t n,
                                         retention_day today, retention_eval *ev, comply_error *err)
{
    *ev = (retention_eval){ .rule = rule, .stage = COMPLY_STAGE_ACTIVE, .final_action = rule->final_action };

    if (rule->never_store) {
        /* Card security codes and the like: due from the moment they were
         * taken (délib. CNIL 2018-303 art. 4), and deleted, not anonymised. */
        ev->stage = COMPLY_STAGE_DELETE_DUE;
        ev->next = ev->final = retention_earliest(events, n, today);
        ev->next_action = ev->final_action = "delete";
        return COMPLY_OK;
    }
    if (rule->bad_duration)
        return retention_bad_duration(rule, err);

    comply_status st;
    retention_day start, end_active, end_archive;
    if (!retention_start(rule, events, n, ev, &start))
        return COMPLY_OK;
    if ((st = retention_anchor(rule, &start, err)) != COMPLY_OK)
        return st;
    if ((st = retention_add(start, &rule->keep, rule->keep_months, rule->keep_in_months, &end_active)) != COMPLY_OK)
        return retention_range(rule, st, err);
    end_archive = end_active;
    if (rule->has_archive && (st = retention_add(end_active, &rule->archive, rule->archive_months,
                                                 rule->archive_in_months, &end_archive)) != COMPLY_OK)
        return retention_range(rule, st, err);
    ev->final = end_archive;

    if (today < end_active) {
        ev->stage = COMPLY_STAGE_ACTIVE;
        ev->next = end_active;
        ev->next_action = rule->has_archive ? "archive" : ev->final_action;
    } else if (rule->has_archive && today < end_archive) {
        ev->stage = COMPLY_STAGE_ARCHIVE;
        ev->next = end_archive;
        ev->next_action = ev->final_action;
    } else {
        ev->stage = COMPLY_STAGE_DELETE_DUE;
        ev->next = end_archive;
        ev->next_action = ev->final_action;
    }
    return COMPLY_OK;
}

/* -1, 0, 1 as a's final date is before, equal to or after b's; an
 * open-ended rule has the latest final date of all. */
static int retention_compare_final(const retention_eval *a, const retention_eval *b)
{
    if (a->open_ended || b->open_ended)
        return (int)a->open_ended - (int)b->open_ended;
    return (a->final > b->final) - (a->final < b->final);
}

/* ---------------------------------------------------------------- lookup */

/* Checks the purpose and category named by the caller (a typo must not
 * silently select "the rules of any purpose") and resolves them once to
 * their positions in the compiled rules. */
static inline comply_status retention_lookup(const comply_rules *rules, const char *purpose, const char *category,
                                      retention_query *q, comply_error *err)
{
    q->set = comply__rules_retention(rules);
    q->purpose = q->category = SIZE_MAX;
    if (purpose && !retention_map_get(&q->set->purposes, purpose, &q->purpose))
        return comply__error_set(err, COMPLY_ENOTFOUND, "unknown purpose \"%.64s\"", purpose);
    if (category && !retention_map_get(&q->set->categories, category, &q->category)) {
        if (comply__is_category_key(category))
            return comply__error_set(err, COMPLY_ENOTFOUND, "unknown category \"%.128s\"", category);
        return comply__error_set(err, COMPLY_ENOTFOUND, "unknown category (not a category key)");
    }
    return COMPLY_OK;
}

static comply_status retention_none(const char *purpose, const char *category, comply_error *err)
{
    return comply__error_set(err, COMPLY_ENOTFOUND, "no retention rule covers purpose %s%.64s%s and category %s%.128s%s",
                             purpose ? "\"" : "", purpose ? purpose : "(any)", purpose ? "\"" : "",
                             category ? "\"" : "", category ? category : "(any)", category ? "\"" : "");
}

/* ------------------------------------------------------------- deadline */

/* Checks the events; *held says whether there is a "legal_hold" among
 * them (most records have none: no second look for the hold then). */
static comply_status retention_check_events(const comply_event *events, size_t n, bool *held, comply_error *err)
{
    *held = false;
    if (n && !events)
        return comply__error_set(err, COMPLY_EINVAL, "events is NULL but n_events is %zu", n);
    for (size_t i = 0; i < n; i++) {
        if (!events[i].name)
            return comply__error_set(err, COMPLY_EINVAL, "events[%zu] has no name", i);
        if (!retention_date_valid(events[i].date))
            return comply__error_set(err, COMPLY_EINVAL, "events[%zu] has an invalid date", i);
        *held |= retention_same_name(events[i].name, RETENTION_HOLD);
    }
    return COMPLY_OK;
}

static void retention_deadline_clear(comply_deadline *out)
{
    memset(out, 0, sizeof *out);
    out->stage = COMPLY_STAGE_UNKNOWN;
    out->next_date = out->final_date = no_date;
}

/* comply_retention_deadline once `out` is known: fills every field of it
 * on success (no clearing first, on the hot path), leaves it to the caller
 * to clear on failure. */
static comply_status retention_deadline(const comply_rules *rules, const char *purpose, const char *category,
                                        const comply_event *events, size_t n_events, comply_date today,
                                        comply_deadline *out, comply_error *err)
{
    if (!rules)
        return comply__error_set(err, COMPLY_EINVAL, "rules is NULL");
    if (!retention_date_valid(today))
        return comply__error_set(err, COMPLY_EINVAL, "today is not a valid date");
    comply_status st;
    retention_query q;
    retention_iter it;
    bool held;
    const retention_day day = retention_pack(today);
    if ((st = retention_check_events(events, n_events, &held, err)) != COMPLY_OK ||
        (st = retention_lookup(rules, purpose, category, &q, err)) != COMPLY_OK)
        return st;
    retention_iter_init(&it, &q);

    /* One pass keeps the first unknown rule, the deciding minimum (latest
     * final date) and the strictest rule (earliest final date), and the
     * first applicable rules, which hold the other rules to list. Each
     * rule is evaluated into a free slot and kept by pointer, not copied. */
    retention_eval slots[4];
    const retention_eval *unknown = NULL, *minimum = NULL, *strictest = NULL;
    size_t applied = 0, first[COMPLY_MAX_OTHER_RULES + 1];
    for (size_t i = retention_iter_next(&it); i != SIZE_MAX; i = retention_iter_next(&it)) {
        const retention_rule *rule = &q.set->v[i];
        if (applied < sizeof first / sizeof first[0])
            first[applied] = i;
        applied++;
        retention_eval *ev = slots;
        while (ev == unknown || ev == minimum || ev == strictest)
            ev++;
        if ((st = retention_eval_rule(rule, events, n_events, day, ev, err)) != COMPLY_OK)
            return st;
        if (ev->stage == COMPLY_STAGE_UNKNOWN) {
            if (!unknown)
                unknown = ev;
            continue;
        }
        if (rule->minimum && (!minimum || retention_compare_final(ev, minimum) > 0))
            minimum = ev;
        if (!strictest || retention_compare_final(ev, strictest) < 0)
            strictest = ev;
    }
    if (!applied)
        return retention_none(purpose, category, err);

    /* A missing event is never guessed; a legal minimum overrides shorter
     * maxima (CSP R1112-7, C. com. L123-22); else the strictest wins. A
     * hold suspends deletion whatever the clock says; the final date
     * stays, so that the caller sees what the hold holds back. */
    const retention_eval *d = unknown ? unknown : minimum ? minimum : strictest;
    const bool hold = held && retention_hold_in_force(events, n_events, day);
    const bool no_next = hold || d->stage == COMPLY_STAGE_UNKNOWN;
    out->stage = hold ? COMPLY_STAGE_HOLD : d->stage;
    out->next_date = retention_unpack(no_next ? 0 : d->next);
    out->next_action = no_next ? NULL : d->next_action;
    out->final_date = retention_unpack(d->final);
    out->final_action = d->final_action;
    out->rule = d->rule->id;
    out->source = d->rule->source;
    out->basis = d->rule->basis;
    out->missing_event = d->missing_event;

    /* The others, in pack order: the first COMPLY_MAX_OTHER_RULES of them
     * are among the first COMPLY_MAX_OTHER_RULES + 1 rules applied. */
    for (size_t k = 0; k < COMPLY_MAX_OTHER_RULES; k++) /* a fixed count: plain stores */
        out->other_rules[k] = NULL;
    size_t listed = 0;
    for (size_t k = 0; k < applied && k < sizeof first / sizeof first[0]; k++) {
        const retention_rule *rule = &q.set->v[first[k]];
        if (rule != d->rule && listed < COMPLY_MAX_OTHER_RULES)
            out->other_rules[listed++] = rule->id;
    }
    out->n_other = applied - 1;
    return COMPLY_OK;
}

comply_status comply_retention_deadline(const comply_rules *rules, const char *purpose, const char *category,
                                        const comply_event *events, size_t n_events, comply_date today,
                                        comply_deadline *out, comply_error *err)
{
    if (!out)
        return comply__error_set(err, COMPLY_EINVAL, "deadline output is NULL");
    comply_status st = retention_deadline(rules, purpose, category, events, n_events, today, out, err);
    if (st != COMPLY_OK)
        retention_deadline_clear(out);
    return st;
}

/* --------------------------------------------------------------- cutoff */

/* Final date of a simple rule for a record whose event is on `day`;
 * false when it falls after 9999-12-31 (later than any today). */
static bool retention_final_of(comply_date day, const comply_duration *keep, const comply_duration *archive,
                               comply_date *out)
{
    comply_date end;
    return comply_date_add(day, keep, &end) == COMPLY_OK && comply_date_add(end, archive, out) == COMPLY_OK;
}

static bool retention_due_on(int64_t day, const comply_duration *keep, const comply_duration *archive,
                             comply_date today)
{
    comply_date d, final;
    if (comply_date_from_days(day, &d) != COMPLY_OK)
        return false;
    return retention_final_of(d, keep, archive, &final) && comply_date_compare(final, today) <= 0;
}

/* The first event date that is not due today: records whose event is
 * before it are exactly the ones due. The final date is non-decreasing in
 * the event date (month shifts clamp, day shifts are exact), so the due
 * dates form one run from 0001-01-01. today − archive − keep (comply_date_sub)
 * lands within a few days of the boundary, since subtracting months is not
 * an exact inverse of adding them; a short walk finds it exactly. */
static comply_status retention_rule_cutoff(const retention_rule *rule, comply_date today, int64_t *cutoff,
                                           comply_error *err)
{
    if (rule->bad_duration)
        return retention_bad_duration(rule, err);
    const comply_duration *keep = &rule->keep, *archive = &rule->archive;
    const int64_t first = comply_date_to_days((comply_date){ 1, 1, 1 });
    const int64_t last = comply_date_to_days((comply_date){ 9999, 12, 31 });
    comply_date guess, mid;
    int64_t c = first;
    if (comply_date_sub(today, archive, &mid) == COMPLY_OK && comply_date_sub(mid, keep, &guess) == COMPLY_OK)
        c = comply_date_to_days(guess);
    if (retention_due_on(c, keep, archive, today)) {
        while (c <= last && retention_due_on(c, keep, archive, today))
            c++;
        if (c > last)
            return comply__error_set(err, COMPLY_ERANGE, "retention rule \"%s\": the cutoff falls after 9999-12-31",
                                     rule->id);
    } else {
        while (c > first && !retention_due_on(c - 1, keep, archive, today))
            c--;
    }
    *cutoff = c;
    return COMPLY_OK;
}

/* Why a rule has no single cutoff, or NULL when it has one. */
static const char *retention_not_simple(const retention_rule *rule)
{
    if (rule->never_store)
        return "it is never_store: every record is due";
    if (rule->until_member)
        return "it has an open-ended active phase (active_until)";
    if (rule->from_kind != RETENTION_FROM_NAME)
        return "it counts from the latest of several events (latest_of)";
    if (rule->anchor_member)
        return "it counts from the end of a year (anchor)";
    return NULL;
}

comply_status comply_retention_cutoff(const comply_rules *rules, const char *purpose, const char *category,
                                      comply_date today, comply_date *cutoff_out, const char **event_out,
                                      comply_error *err)
{
    if (!cutoff_out || !event_out)
        return comply__error_set(err, COMPLY_EINVAL, "cutoff and event outputs are required");
    *cutoff_out = no_date;
    *event_out = NULL;
    if (!rules)
        return comply__error_set(err, COMPLY_EINVAL, "rules is NULL");
    if (!comply_date_is_valid(today))
        return comply__error_set(err, COMPLY_EINVAL, "today is not a valid date");
    comply_status st;
    retention_query q;
    retention_iter it;
    if ((st = retention_lookup(rules, purpose, category, &q, err)) != COMPLY_OK)
        return st;
    retention_iter_init(&it, &q);

    /* With one event column, "due under the strictest rule" is "due under
     * any rule": the latest of the cutoffs. "Due under the legal minima"
     * is "due under all of them": the earliest of the minima's cutoffs. */
    const char *event = NULL, *event_rule = NULL;
    int64_t any_max = INT64_MIN, min_min = INT64_MAX;
    bool applied = false, has_minimum = false;
    for (size_t i = retention_iter_next(&it); i != SIZE_MAX; i = retention_iter_next(&it)) {
        const retention_rule *rule = &q.set->v[i];
        applied = true;
        const char *why = retention_not_simple(rule);
        if (why)
            return comply__error_set(err, COMPLY_ENOTFOUND, "no single cutoff: retention rule \"%s\": %s", rule->id,
                                     why);
        const char *from = rule->from[0];
        if (event && strcmp(event, from) != 0)
            return comply__error_set(err, COMPLY_ENOTFOUND,
                                     "no single cutoff: retention rules \"%s\" and \"%s\" count from different events",
                                     event_rule, rule->id);
        event = from;
        event_rule = rule->id;
        int64_t c = 0;
        if ((st = retention_rule_cutoff(rule, today, &c, err)) != COMPLY_OK)
            return st;
        if (c > any_max)
            any_max = c;
        if (rule->minimum) {
            has_minimum = true;
            if (c < min_min)
                min_min = c;
        }
    }
    if (!applied)
        return retention_none(purpose, category, err);
    if (comply_date_from_days(has_minimum ? min_min : any_max, cutoff_out) != COMPLY_OK)
        return comply__error_set(err, COMPLY_ERANGE, "the cutoff falls outside years 0001..9999");
    *event_out = event;
    return COMPLY_OK;
}
