/*
 * classify.c - one decision for a column (or a form field) from its name
 * and a sample of its values. doc/columns.md explains the arithmetic.
 */
#include <string.h>

#include "internal.h"

/* Placeholders that mean "no value": ignored like empty cells. */
static const char *const placeholders[] = {
    "n/a", "na", "n.a.", "null", "nil", "none", "-", "--", "?", "nc", "n.c.", "inconnu", "unknown", "neant",
    "néant", "nan", "#n/a", "undefined", NULL,
};

/* Values a column needs before its value evidence counts fully: with n
 * non-empty values the evidence is scaled by n / (n + COLUMN_PRIOR). */
#define COLUMN_PRIOR 2.0
/* The name alone, when values were given and none is filled in. */
#define COLUMN_ALL_EMPTY 0.8
/* The name alone, when filled values look like nothing its category's
 * detectors recognise. */
#define COLUMN_CONTRADICTED 0.6
/* Value evidence under a name that is only a technical key. */
#define COLUMN_TECHNICAL_NAME 0.7
/* Values needed before "the detectors recognise none" contradicts a name. */
#define COLUMN_MIN_CONTRADICTION 5
/* Value evidence weaker than this (dates read as birth dates out of
 * context) neither contradicts a name nor overrides a technical one. */
#define COLUMN_WEAK_VALUES 0.3

static bool column_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool column_is_empty(const char *v, size_t len)
{
    while (len && column_is_space((unsigned char)v[0]))
        v++, len--;
    while (len && column_is_space((unsigned char)v[len - 1]))
        len--;
    if (!len)
        return true;
    if (len > 10)
        return false;
    char low[11];
    for (size_t i = 0; i < len; i++)
        low[i] = (char)comply__to_lower((unsigned char)v[i]);
    low[len] = '\0';
    for (const char *const *p = placeholders; *p; p++)
        if (strcmp(*p, low) == 0)
            return true;
    return false;
}

static uint64_t column_hash(const char *v, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)v[i];
        h *= 1099511628211ull;
    }
    return h ? h : 1; /* 0 marks a free slot */
}

/* Tallies of the value categories, a handful at most. */
typedef struct column_tally {
    const char *category;
    const char *by;
    size_t count;
    double confidence_sum;
} column_tally;

#define COLUMN_MAX_TALLIES 16

typedef struct column_values {
    column_tally t[COLUMN_MAX_TALLIES];
    size_t n_tallies;
    uint64_t *seen; /* distinct hashes, open addressing */
    size_t seen_cap;
} column_values;

static void column_count_distinct(column_values *cv, comply_column_evidence *ev, const char *v, size_t len)
{
    uint64_t h = column_hash(v, len);
    size_t mask = cv->seen_cap - 1, i = (size_t)h & mask;
    while (cv->seen[i] && cv->seen[i] != h)
        i = (i + 1) & mask;
    if (!cv->seen[i]) {
        cv->seen[i] = h;
        ev->distinct++;
    }
}

static void column_tally_add(column_values *cv, const comply_class *c)
{
    size_t i = 0;
    while (i < cv->n_tallies && strcmp(cv->t[i].category, c->category) != 0)
        i++;
    if (i == cv->n_tallies) {
        if (cv->n_tallies == COLUMN_MAX_TALLIES)
            return;
        cv->t[cv->n_tallies++] = (column_tally){ c->category, c->by, 0, 0.0 };
    }
    cv->t[i].count++;
    cv->t[i].confidence_sum += c->confidence;
}

static comply_status column_read_values(const comply_rules *rules, const char *const *values, const size_t *lens,
                                        size_t n, comply_column_evidence *ev, comply_error *err)
{
    const comply__alloc *alloc = comply__rules_alloc(rules);
    column_values cv;
    memset(&cv, 0, sizeof cv);
    cv.seen_cap = 16;
    while (cv.seen_cap < n * 2)
        cv.seen_cap *= 2;
    cv.seen = comply__calloc(alloc, cv.seen_cap, sizeof *cv.seen);
    if (!cv.seen)
        return comply__oom(err);
    comply_status st = COMPLY_OK;
    for (size_t i = 0; i < n && st == COMPLY_OK; i++) {
        const char *v = values[i] ? values[i] : "";
        size_t len = values[i] ? lens[i] : 0;
        if (column_is_empty(v, len)) {
            ev->empty++;
            continue;
        }
        column_count_distinct(&cv, ev, v, len);
        comply_class c;
        st = comply_classify_value(rules, v, len, &c, err);
        if (st == COMPLY_OK && c.category)
            column_tally_add(&cv, &c);
    }
    /* The category most values share; ties go to the more confident. */
    const column_tally *best = NULL;
    for (size_t i = 0; i < cv.n_tallies; i++)
        if (!best || cv.t[i].count > best->count ||
            (cv.t[i].count == best->count && cv.t[i].confidence_sum > best->confidence_sum))
            best = &cv.t[i];
    size_t filled = n - ev->empty;
    if (best) {
        double share = (double)best->count / (double)filled;
        double mean = best->confidence_sum / (double)best->count;
        double support = (double)filled / ((double)filled + COLUMN_PRIOR);
        ev->values.category = best->category;
        ev->values.by = best->by;
        ev->values.confidence = share * mean * support;
        ev->matched = best->count;
    }
    comply__free(alloc, cv.seen);
    return st;
}

/* Could the detectors of the rules recognise values of this category? */
static bool column_detectable(const comply_rules *rules, const char *category)
{
    const comply__detectors *set = comply__rules_detectors(rules);
    for (size_t i = 0; i < set->n; i++)
        if (comply_category_is_a(rules, set->v[i].category, category) ||
            comply_category_is_a(rules, category, set->v[i].category))
            return true;
    return false;
}

static void column_decide_from(comply_class *out, const comply_class *from, double confidence)
{
    *out = *from;
    out->confidence = confidence < 0 ? 0 : confidence > 1 ? 1 : confidence;
}

/* The fusion: agreement reinforces (noisy-OR), disagreement lowers, one
 * side alone keeps its own confidence, lowered when the other side
 * speaks against it. */
static void column_fuse(const comply_rules *rules, comply_column_evidence *ev, comply_class *out)
{
    const comply_class *nm = &ev->name, *vl = &ev->values;
    size_t filled = ev->sampled - ev->empty;
    bool technical = nm->detail && strcmp(nm->detail, "technical") == 0;
    bool weak = vl->category && vl->confidence < COLUMN_WEAK_VALUES;
    memset(out, 0, sizeof *out);
    if ((nm->category || technical) && weak) {
        if (nm->category)
            column_decide_from(out, nm, nm->confidence);
        ev->agreement = 0;
    } else if (nm->category && vl->category) {
        bool related = comply_category_is_a(rules, nm->category, vl->category) ||
                       comply_category_is_a(rules, vl->category, nm->category);
        if (related) {
            bool values_deeper = comply_category_is_a(rules, vl->category, nm->category) &&
                                 strcmp(vl->category, nm->category) != 0;
            column_decide_from(out, values_deeper ? vl : nm,
                               1.0 - (1.0 - nm->confidence) * (1.0 - vl->confidence));
            ev->agreement = 1;
        } else {
            const comply_class *win = nm->confidence >= vl->confidence ? nm : vl;
            const comply_class *lose = win == nm ? vl : nm;
            column_decide_from(out, win, win->confidence * (1.0 - lose->confidence / 2.0));
            ev->agreement = -1;
        }
    } else if (nm->category) {
        double c = nm->confidence;
        ev->agreement = 0;
        if (ev->sampled && !filled) {
            c *= COLUMN_ALL_EMPTY;
        } else if (filled >= COLUMN_MIN_CONTRADICTION && column_detectable(rules, nm->category)) {
            c *= COLUMN_CONTRADICTED;
            ev->agreement = -1;
        }
        column_decide_from(out, nm, c);
    } else if (vl->category) {
        column_decide_from(out, vl, vl->confidence * (technical ? COLUMN_TECHNICAL_NAME : 1.0));
        ev->agreement = technical ? -1 : 0;
    }
}

comply_status comply_classify_column(const comply_rules *rules, const char *name, const char *const *values,
                                     const size_t *lens, size_t n, comply_class *out,
                                     comply_column_evidence *evidence, comply_error *err)
{
    if (!rules || !out || (n && (!values || !lens)))
        return comply__error_set(err, COMPLY_EINVAL, "rules, out and, for n > 0, values and lens are required");
    comply_column_evidence local, *ev = evidence ? evidence : &local;
    memset(ev, 0, sizeof *ev);
    memset(out, 0, sizeof *out);
    ev->sampled = n;
    comply_status st = COMPLY_OK;
    if (name)
        st = comply_classify_name(rules, name, &ev->name, err);
    if (st == COMPLY_OK && n)
        st = column_read_values(rules, values, lens, n, ev, err);
    if (st == COMPLY_OK)
        column_fuse(rules, ev, out);
    return st;
}
