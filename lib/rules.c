/*
 * rules.c - loading, checking and layering rule packs into a rules object.
 *
 * A rules object keeps, per section, the effective entries in order (each a
 * JSON node living in the arena of the pack that brought it) and the
 * structures compiled from them. Layering a pack builds the new effective
 * sections and compiled structures aside, checks every reference, and only
 * then swaps them in, so a failed call leaves the object as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* PCRE2's own defaults are 10,000,000 and unlimited: far too much for a
 * library that scans untrusted text on every request. */
#define RULES_DEFAULT_MATCH_LIMIT 1000000u
#define RULES_DEFAULT_DEPTH_LIMIT 10000u

typedef struct rules_section {
    const comply__jnode **entries; /* effective entries, in order */
    size_t count, cap;
    comply__strmap index; /* key -> position in entries */
} rules_section;

typedef struct rules_pack {
    comply__arena arena; /* owns the nodes of the pack */
    const char *source, *name, *version;
} rules_pack;

struct comply_rules {
    comply__alloc alloc;
    comply_problem_fn on_problem;
    void *problem_user;
    size_t max_pack_bytes;
    unsigned max_depth;
    uint32_t match_limit, depth_limit;
    rules_pack **packs;
    size_t n_packs;
    rules_section sections[COMPLY_SECTION_COUNT_];
    comply__taxonomy *taxonomy;
    comply__detectors *detectors;
    comply__names *names;
    comply__retention *retention;
};

/* What a layering step builds before it is committed. */
typedef struct rules_next {
    rules_section sections[COMPLY_SECTION_COUNT_];
    comply__taxonomy *taxonomy;
    comply__detectors *detectors;
    comply__names *names;
    comply__retention *retention;
} rules_next;

const char *comply_version(void)
{
    return COMPLY_VERSION_STRING;
}

const comply__taxonomy *comply__rules_taxonomy(const comply_rules *rules)
{
    return rules->taxonomy;
}

const comply__detectors *comply__rules_detectors(const comply_rules *rules)
{
    return rules->detectors;
}

const comply__names *comply__rules_names(const comply_rules *rules)
{
    return rules->names;
}

const comply__retention *comply__rules_retention(const comply_rules *rules)
{
    return rules->retention;
}

/* ------------------------------------------------------------ sections */

static void section_release(const comply__alloc *alloc, rules_section *s)
{
    comply__free(alloc, s->entries);
    comply__strmap_free(&s->index);
    memset(s, 0, sizeof *s);
}

static comply_status section_reserve(const comply__alloc *alloc, rules_section *s, size_t n)
{
    if (n <= s->cap)
        return COMPLY_OK;
    size_t cap = s->cap ? s->cap : 16;
    while (cap < n)
        cap *= 2;
    if (cap > SIZE_MAX / sizeof *s->entries)
        return COMPLY_ENOMEM;
    const comply__jnode **e = comply__realloc(alloc, s->entries, cap * sizeof *e);
    if (!e)
        return COMPLY_ENOMEM;
    s->entries = e;
    s->cap = cap;
    return COMPLY_OK;
}

static comply_status section_reindex(const comply__alloc *alloc, rules_section *s)
{
    comply__strmap_free(&s->index);
    if (comply__strmap_init(&s->index, alloc, s->count) != COMPLY_OK)
        return COMPLY_ENOMEM;
    for (size_t i = 0; i < s->count; i++)
        if (comply__strmap_put(&s->index, s->entries[i]->key, i, NULL) != COMPLY_OK)
            return COMPLY_ENOMEM;
    return COMPLY_OK;
}

static comply_status section_copy(const comply__alloc *alloc, const rules_section *from, rules_section *to)
{
    memset(to, 0, sizeof *to);
    if (section_reserve(alloc, to, from->count) != COMPLY_OK)
        return COMPLY_ENOMEM;
    if (from->count)
        memcpy(to->entries, from->entries, from->count * sizeof *to->entries);
    to->count = from->count;
    return section_reindex(alloc, to);
}

/* Adds or replaces by key; a replaced entry keeps its place in the order. */
static comply_status section_put(const comply__alloc *alloc, rules_section *s, const comply__jnode *entry)
{
    size_t at;
    if (comply__strmap_get(&s->index, entry->key, &at)) {
        s->entries[at] = entry;
        return COMPLY_OK;
    }
    if (section_reserve(alloc, s, s->count + 1) != COMPLY_OK ||
        comply__strmap_put(&s->index, entry->key, s->count, NULL) != COMPLY_OK)
        return COMPLY_ENOMEM;
    s->entries[s->count++] = entry;
    return COMPLY_OK;
}

/* Drops the entries set to NULL by removals, then rebuilds the index. */
static comply_status section_compact(const comply__alloc *alloc, rules_section *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->count; i++)
        if (s->entries[i])
            s->entries[kept++] = s->entries[i];
    if (kept == s->count)
        return COMPLY_OK;
    s->count = kept;
    return section_reindex(alloc, s);
}

static void next_release(const comply__alloc *alloc, rules_next *next)
{
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++)
        section_release(alloc, &next->sections[s]);
    comply__taxonomy_free(alloc, next->taxonomy);
    comply__detectors_free(next->detectors);
    comply__names_free(next->names);
    comply__retention_free(next->retention);
    memset(next, 0, sizeof *next);
}

/* ------------------------------------------------------------ layering */

typedef struct rules_step {
    comply_rules *rules;
    rules_next next;
    comply__schema_env env;
    unsigned problems;
    comply_error *err;
} rules_step;

static bool step_ref_exists(void *user, comply_section section, const char *key)
{
    const rules_step *step = user;
    return comply__strmap_get(&step->next.sections[section].index, key, NULL);
}

static void step_init(rules_step *step, comply_rules *rules, comply_error *err)
{
    memset(step, 0, sizeof *step);
    step->rules = rules;
    step->err = err;
    step->env.alloc = &rules->alloc;
    step->env.on_problem = rules->on_problem;
    step->env.problem_user = rules->problem_user;
    step->env.ref_exists = step_ref_exists;
    step->env.ref_user = step;
}

/* Removing a category while keeping its children would leave them without
 * a parent: say so once, at the removal. Checked once every removal of
 * the pack is done, so that a parent may be listed before its children. */
static void step_check_orphans(rules_step *step, const comply__jnode *key, const char *path)
{
    const rules_section *tax = &step->next.sections[COMPLY_SECTION_TAXONOMY];
    size_t n = key->len;
    for (size_t i = 0; i < tax->count; i++) {
        const char *other = tax->entries[i] ? tax->entries[i]->key : NULL;
        if (other && strncmp(other, key->str, n) == 0 && other[n] == '.') {
            comply__schema_problem(&step->env, key, false, path, &step->problems, step->err,
                                   "cannot remove \"%s\" and keep \"%s\": remove its subcategories too",
                                   key->str, other);
            return;
        }
    }
}

/* The lexicon of a category (its `names` entry) goes with the category:
 * without it, it would describe nothing. */
static void step_remove_lexicon(rules_step *step, const char *category)
{
    rules_section *names = &step->next.sections[COMPLY_SECTION_NAMES];
    size_t at;
    if (comply__strmap_get(&names->index, category, &at))
        names->entries[at] = NULL;
}

static void step_check_all_orphans(rules_step *step, const comply__jnode *removal)
{
    const comply__jnode *list = comply__json_member(removal, "taxonomy");
    char path[COMPLY_ERROR_PATH_SIZE];
    for (size_t k = 0; list && k < list->count; k++) {
        snprintf(path, sizeof path, "remove.taxonomy[%zu]", k);
        step_check_orphans(step, &list->items[k], path);
    }
}

static comply_status step_remove(rules_step *step, const comply__jnode *removal)
{
    char path[COMPLY_ERROR_PATH_SIZE];
    for (size_t i = 0; i < removal->count; i++) {
        const comply__jnode *list = &removal->items[i];
        int section = comply__section_from_name(list->key);
        rules_section *s = &step->next.sections[section];
        for (size_t k = 0; k < list->count; k++) {
            const comply__jnode *key = &list->items[k];
            size_t at;
            snprintf(path, sizeof path, "remove.%s[%zu]", list->key, k);
            if (!comply__strmap_get(&s->index, key->str, &at) || !s->entries[at]) {
                comply__schema_problem(&step->env, key, false, path, &step->problems, step->err,
                                       "cannot remove \"%s\": no such entry in %s", key->str, list->key);
                continue;
            }
            s->entries[at] = NULL;
            if (section == COMPLY_SECTION_TAXONOMY)
                step_remove_lexicon(step, key->str);
        }
    }
    if (!step->problems)
        step_check_all_orphans(step, removal);
    if (step->problems)
        return COMPLY_ERULE;
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++)
        if (section_compact(&step->rules->alloc, &step->next.sections[s]) != COMPLY_OK)
            return comply__oom(step->err);
    return COMPLY_OK;
}

static comply_status step_merge(rules_step *step, const comply__jnode *root)
{
    const comply__jnode *removal = comply__json_member(root, "remove");
    if (removal) {
        comply_status st = step_remove(step, removal);
        if (st != COMPLY_OK)
            return st;
    }
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++) {
        const comply__jnode *sec = comply__json_member(root, comply_section_name((comply_section)s));
        if (!sec)
            continue;
        for (size_t i = 0; i < sec->count; i++)
            if (section_put(&step->rules->alloc, &step->next.sections[s], &sec->items[i]) != COMPLY_OK)
                return comply__oom(step->err);
    }
    return COMPLY_OK;
}

static comply_status step_check_refs(rules_step *step)
{
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++) {
        const rules_section *sec = &step->next.sections[s];
        for (size_t i = 0; i < sec->count; i++) {
            comply_status st = comply__schema_check_refs((comply_section)s, sec->entries[i], &step->env,
                                                         &step->problems, step->err);
            if (st == COMPLY_ENOMEM)
                return st;
        }
    }
    return step->problems ? COMPLY_ERULE : COMPLY_OK;
}

static comply_status step_compile(rules_step *step)
{
    comply_rules *r = step->rules;
    const rules_section *tax = &step->next.sections[COMPLY_SECTION_TAXONOMY];
    const rules_section *det = &step->next.sections[COMPLY_SECTION_DETECTORS];
    comply_status st = comply__taxonomy_build(&r->alloc, tax->entries, tax->count, &step->env, &step->problems,
                                              &step->next.taxonomy, step->err);
    if (st == COMPLY_OK)
        st = comply__detectors_build(&r->alloc, det->entries, det->count, r->match_limit, r->depth_limit,
                                     &step->next.detectors, step->err);
    if (st == COMPLY_OK) {
        const rules_section *names = &step->next.sections[COMPLY_SECTION_NAMES];
        const rules_section *markers = &step->next.sections[COMPLY_SECTION_NAME_MARKERS];
        st = comply__names_build(&r->alloc, names->entries, names->count, markers->entries, markers->count,
                                 &step->next.names, step->err);
    }
    if (st == COMPLY_OK) {
        const rules_section *ret = &step->next.sections[COMPLY_SECTION_RETENTION];
        const rules_section *purposes = &step->next.sections[COMPLY_SECTION_PURPOSES];
        st = comply__retention_build(&r->alloc, ret->entries, ret->count, purposes->entries, purposes->count,
                                     tax->entries, tax->count, &step->next.retention, step->err);
    }
    return st;
}

static comply_status step_commit(rules_step *step, rules_pack *pack)
{
    comply_rules *r = step->rules;
    rules_pack **packs = comply__realloc(&r->alloc, r->packs, (r->n_packs + 1) * sizeof *packs);
    if (!packs)
        return comply__oom(step->err);
    r->packs = packs;
    r->packs[r->n_packs++] = pack;
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++) {
        section_release(&r->alloc, &r->sections[s]);
        r->sections[s] = step->next.sections[s];
    }
    comply__taxonomy_free(&r->alloc, r->taxonomy);
    r->taxonomy = step->next.taxonomy;
    comply__detectors_free(r->detectors);
    r->detectors = step->next.detectors;
    comply__names_free(r->names);
    r->names = step->next.names;
    comply__retention_free(r->retention);
    r->retention = step->next.retention;
    memset(&step->next, 0, sizeof step->next);
    return COMPLY_OK;
}

/* Builds the effective rules of `rules` with `root` layered on top, and
 * commits them with `pack` when everything checks out. */
static comply_status rules_apply(comply_rules *rules, rules_pack *pack, const comply__jnode *root, comply_error *err)
{
    rules_step step;
    step_init(&step, rules, err);
    comply_status st = COMPLY_OK;
    for (int s = 0; s < COMPLY_SECTION_COUNT_ && st == COMPLY_OK; s++)
        if (section_copy(&rules->alloc, &rules->sections[s], &step.next.sections[s]) != COMPLY_OK)
            st = comply__oom(err);
    if (st == COMPLY_OK)
        st = step_merge(&step, root);
    if (st == COMPLY_OK)
        st = step_check_refs(&step);
    if (st == COMPLY_OK)
        st = step_compile(&step);
    if (st == COMPLY_OK)
        st = step_commit(&step, pack);
    next_release(&rules->alloc, &step.next);
    return st;
}

/* --------------------------------------------------------------- packs */

static rules_pack *pack_new(comply_rules *rules, const char *source)
{
    rules_pack *pack = comply__malloc(&rules->alloc, sizeof *pack);
    if (!pack)
        return NULL;
    comply__arena_init(&pack->arena, &rules->alloc);
    pack->name = pack->version = "";
    pack->source = comply__arena_strndup(&pack->arena, source, strlen(source));
    if (!pack->source) {
        comply__free(&rules->alloc, pack);
        return NULL;
    }
    return pack;
}

static void pack_free(const comply__alloc *alloc, rules_pack *pack)
{
    if (!pack)
        return;
    comply__arena_release(&pack->arena);
    comply__free(alloc, pack);
}

static void pack_take_identity(rules_pack *pack, const comply__jnode *root)
{
    const comply__jnode *v;
    if ((v = comply__json_member(root, "name")) && v->type == COMPLY__JSTRING)
        pack->name = v->str;
    if ((v = comply__json_member(root, "version")) && v->type == COMPLY__JSTRING)
        pack->version = v->str;
}

comply_status comply_rules_add_json(comply_rules *rules, const char *json, size_t len, const char *source,
                                    comply_error *err)
{
    if (!rules || (!json && len))
        return comply__error_set(err, COMPLY_EINVAL, "rules and JSON text are required");
    if (!source)
        source = "<json>";
    if (len > rules->max_pack_bytes)
        return comply__error_set(err, COMPLY_ELIMIT, "%s: pack of %zu bytes exceeds the limit of %zu bytes",
                                 source, len, rules->max_pack_bytes);
    rules_pack *pack = pack_new(rules, source);
    if (!pack)
        return comply__oom(err);
    comply__jnode *root = NULL;
    comply_status st = comply__json_read(&pack->arena, json ? json : "", len, pack->source, rules->max_depth,
                                         &root, err);
    if (st == COMPLY_OK) {
        rules_step env_only;
        step_init(&env_only, rules, err);
        st = comply__schema_check_pack(root, &env_only.env, err);
    }
    if (st == COMPLY_OK) {
        pack_take_identity(pack, root);
        st = rules_apply(rules, pack, root, err);
    }
    if (st != COMPLY_OK)
        pack_free(&rules->alloc, pack);
    return st;
}

static const char *errno_text(int e)
{
    switch (e) {
    case ENOENT: return "no such file or directory";
    case EACCES: return "permission denied";
    case EISDIR: return "is a directory";
    case ENOTDIR: return "a component of the path is not a directory";
    case ENAMETOOLONG: return "file name too long";
    case ELOOP: return "too many symbolic links";
    case EMFILE:
    case ENFILE: return "too many open files";
    default: return "cannot be read";
    }
}

/* Reads a whole file through the rules' allocator, refusing files over the
 * pack size limit without reading them whole. */
static comply_status rules_read_file(const comply_rules *rules, const char *path, char **out, size_t *len,
                                     comply_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return comply__error_set(err, COMPLY_EIO, "%s: %s", path, errno_text(errno));
    comply__buf b;
    comply__buf_init(&b, &rules->alloc);
    char chunk[65536];
    size_t n;
    comply_status st = COMPLY_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > rules->max_pack_bytes) {
            st = comply__error_set(err, COMPLY_ELIMIT, "%s: pack larger than the limit of %zu bytes", path,
                                   rules->max_pack_bytes);
            break;
        }
        comply__buf_append(&b, chunk, n);
        if (b.failed) {
            st = comply__oom(err);
            break;
        }
    }
    if (st == COMPLY_OK && ferror(f))
        st = comply__error_set(err, COMPLY_EIO, "%s: %s", path, errno_text(errno));
    fclose(f);
    if (st != COMPLY_OK) {
        comply__buf_release(&b);
        return st;
    }
    *out = b.data;
    *len = b.len;
    return COMPLY_OK;
}

comply_status comply_rules_add_file(comply_rules *rules, const char *path, comply_error *err)
{
    if (!rules || !path)
        return comply__error_set(err, COMPLY_EINVAL, "rules and path are required");
    char *text = NULL;
    size_t len = 0;
    comply_status st = rules_read_file(rules, path, &text, &len, err);
    if (st != COMPLY_OK)
        return st;
    st = comply_rules_add_json(rules, text, len, path, err);
    comply__free(&rules->alloc, text);
    return st;
}

comply_status comply_rules_add_default(comply_rules *rules, comply_error *err)
{
    return comply_rules_add_json(rules, (const char *)comply__default_pack, comply__default_pack_len,
                                 "<default>", err);
}

/* Builds a pack object holding a copy of every effective entry of `from`. */
static comply_status layer_build_root(comply__arena *arena, const comply_rules *from, comply__jnode **out)
{
    comply__jnode *root = comply__arena_alloc(arena, sizeof *root);
    comply__jnode *secs = comply__arena_alloc(arena, COMPLY_SECTION_COUNT_ * sizeof *secs);
    if (!root || !secs)
        return COMPLY_ENOMEM;
    memset(root, 0, sizeof *root);
    root->type = COMPLY__JOBJECT;
    root->items = secs;
    comply__json_source_cache cache = { NULL, NULL };
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++) {
        const rules_section *src = &from->sections[s];
        comply__jnode *sec = &secs[root->count++];
        memset(sec, 0, sizeof *sec);
        sec->type = COMPLY__JOBJECT;
        sec->key = comply_section_name((comply_section)s);
        sec->count = src->count;
        if (src->count && !(sec->items = comply__arena_alloc(arena, src->count * sizeof *sec->items)))
            return COMPLY_ENOMEM;
        for (size_t i = 0; i < src->count; i++)
            if (comply__json_clone(arena, src->entries[i], &sec->items[i], &cache) != COMPLY_OK)
                return COMPLY_ENOMEM;
    }
    *out = root;
    return COMPLY_OK;
}

/* The layered pack keeps who it came from: the overlay's pack names joined
 * with " + " (its version when it holds one pack), so that
 * comply_rules_pack_name lists what a layered rules object is made of. */
static bool layer_take_identity(rules_pack *pack, const comply_rules *overlay)
{
    size_t len = 0;
    for (size_t i = 0; i < overlay->n_packs; i++)
        len += strlen(overlay->packs[i]->name) + 3;
    char *name = comply__arena_alloc(&pack->arena, len + 1);
    if (!name)
        return false;
    name[0] = '\0';
    for (size_t i = 0; i < overlay->n_packs; i++) {
        if (!overlay->packs[i]->name[0])
            continue;
        if (name[0])
            strcat(name, " + ");
        strcat(name, overlay->packs[i]->name);
    }
    pack->name = name;
    if (overlay->n_packs == 1) {
        const char *v = overlay->packs[0]->version;
        if (!(pack->version = comply__arena_strndup(&pack->arena, v, strlen(v))))
            return false;
    }
    return true;
}

comply_status comply_rules_layer(comply_rules *base, const comply_rules *overlay, comply_error *err)
{
    if (!base || !overlay || base == overlay)
        return comply__error_set(err, COMPLY_EINVAL, "two distinct rules objects are required");
    rules_pack *pack = pack_new(base, "<layer>");
    if (!pack)
        return comply__oom(err);
    comply__jnode *root = NULL;
    comply_status st = layer_build_root(&pack->arena, overlay, &root);
    if (st == COMPLY_OK && !layer_take_identity(pack, overlay))
        st = COMPLY_ENOMEM;
    if (st != COMPLY_OK)
        st = comply__oom(err);
    else
        st = rules_apply(base, pack, root, err);
    if (st != COMPLY_OK)
        pack_free(&base->alloc, pack);
    return st;
}

/* ----------------------------------------------------------- lifecycle */

static comply_status rules_check_options(const comply_rules_options *o, comply_error *err)
{
    if (o->version != COMPLY_RULES_OPTIONS_VERSION)
        return comply__error_set(err, COMPLY_EINVAL, "unknown options version %u (expected %u)", o->version,
                                 COMPLY_RULES_OPTIONS_VERSION);
    const comply_allocator *a = o->allocator;
    if (a && (!a->malloc_fn || !a->realloc_fn || !a->free_fn))
        return comply__error_set(err, COMPLY_EINVAL, "an allocator needs malloc_fn, realloc_fn and free_fn");
    return COMPLY_OK;
}

comply_status comply_rules_new(comply_rules **out, const comply_rules_options *opts, comply_error *err)
{
    if (!out)
        return comply__error_set(err, COMPLY_EINVAL, "out is NULL");
    *out = NULL;
    comply_rules_options defaults = COMPLY_RULES_OPTIONS_INIT;
    const comply_rules_options *o = opts ? opts : &defaults;
    comply_status st = rules_check_options(o, err);
    if (st != COMPLY_OK)
        return st;
    comply__alloc alloc;
    comply__alloc_init(&alloc, o->allocator);
    comply_rules *r = comply__calloc(&alloc, 1, sizeof *r);
    if (!r)
        return comply__oom(err);
    r->alloc = alloc;
    r->on_problem = o->on_problem;
    r->problem_user = o->problem_user;
    r->max_pack_bytes = o->max_pack_bytes ? o->max_pack_bytes : COMPLY_DEFAULT_MAX_PACK_BYTES;
    r->max_depth = o->max_depth ? o->max_depth : COMPLY_DEFAULT_MAX_DEPTH;
    r->match_limit = o->match_limit ? o->match_limit : RULES_DEFAULT_MATCH_LIMIT;
    r->depth_limit = o->depth_limit ? o->depth_limit : RULES_DEFAULT_DEPTH_LIMIT;
    for (int s = 0; s < COMPLY_SECTION_COUNT_ && st == COMPLY_OK; s++)
        if (comply__strmap_init(&r->sections[s].index, &r->alloc, 0) != COMPLY_OK)
            st = COMPLY_ENOMEM;
    if (st == COMPLY_OK) {
        comply__schema_env env = { &r->alloc, NULL, NULL, NULL, NULL };
        unsigned problems = 0;
        st = comply__taxonomy_build(&r->alloc, NULL, 0, &env, &problems, &r->taxonomy, err);
    }
    if (st == COMPLY_OK)
        st = comply__detectors_build(&r->alloc, NULL, 0, r->match_limit, r->depth_limit, &r->detectors, err);
    if (st == COMPLY_OK)
        st = comply__names_build(&r->alloc, NULL, 0, NULL, 0, &r->names, err);
    if (st == COMPLY_OK)
        st = comply__retention_build(&r->alloc, NULL, 0, NULL, 0, NULL, 0, &r->retention, err);
    if (st != COMPLY_OK) {
        comply_rules_free(r);
        return comply__oom(err);
    }
    *out = r;
    return COMPLY_OK;
}

static comply_status rules_new_with(comply_rules **out, comply_status (*add)(comply_rules *, const void *, size_t,
                                                                             comply_error *),
                                    const void *arg, size_t len, comply_error *err)
{
    if (!out)
        return comply__error_set(err, COMPLY_EINVAL, "out is NULL");
    comply_rules *r = NULL;
    comply_status st = comply_rules_new(&r, NULL, err);
    if (st == COMPLY_OK)
        st = add(r, arg, len, err);
    if (st != COMPLY_OK) {
        comply_rules_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}

static comply_status add_default_thunk(comply_rules *r, const void *arg, size_t len, comply_error *err)
{
    (void)arg;
    (void)len;
    return comply_rules_add_default(r, err);
}

static comply_status add_file_thunk(comply_rules *r, const void *arg, size_t len, comply_error *err)
{
    (void)len;
    return comply_rules_add_file(r, arg, err);
}

static comply_status add_json_thunk(comply_rules *r, const void *arg, size_t len, comply_error *err)
{
    return comply_rules_add_json(r, arg, len, NULL, err);
}

comply_status comply_rules_default(comply_rules **out, comply_error *err)
{
    return rules_new_with(out, add_default_thunk, NULL, 0, err);
}

comply_status comply_rules_load_file(comply_rules **out, const char *path, comply_error *err)
{
    if (!path) {
        if (out)
            *out = NULL;
        return comply__error_set(err, COMPLY_EINVAL, "path is NULL");
    }
    return rules_new_with(out, add_file_thunk, path, 0, err);
}

comply_status comply_rules_load_json(comply_rules **out, const char *json, size_t len, comply_error *err)
{
    return rules_new_with(out, add_json_thunk, json, len, err);
}

void comply_rules_free(comply_rules *rules)
{
    if (!rules)
        return;
    comply__alloc alloc = rules->alloc;
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++)
        section_release(&alloc, &rules->sections[s]);
    comply__taxonomy_free(&alloc, rules->taxonomy);
    comply__detectors_free(rules->detectors);
    comply__names_free(rules->names);
    comply__retention_free(rules->retention);
    for (size_t i = 0; i < rules->n_packs; i++)
        pack_free(&alloc, rules->packs[i]);
    comply__free(&alloc, rules->packs);
    comply__free(&alloc, rules);
}

void comply_free(const comply_rules *rules, void *ptr)
{
    if (rules && ptr)
        comply__free(&rules->alloc, ptr);
}

/* ------------------------------------------------------------- queries */

size_t comply_rules_entry_count(const comply_rules *rules, comply_section section)
{
    if (!rules || (unsigned)section >= COMPLY_SECTION_COUNT_)
        return 0;
    return rules->sections[section].count;
}

size_t comply_rules_pack_count(const comply_rules *rules)
{
    return rules ? rules->n_packs : 0;
}

const char *comply_rules_pack_name(const comply_rules *rules, size_t i)
{
    return (rules && i < rules->n_packs) ? rules->packs[i]->name : NULL;
}

const char *comply_rules_pack_version(const comply_rules *rules, size_t i)
{
    return (rules && i < rules->n_packs) ? rules->packs[i]->version : NULL;
}

const comply__jnode *comply__rules_entry(const comply_rules *rules, comply_section section, const char *key)
{
    size_t at;
    const rules_section *s = &rules->sections[section];
    return comply__strmap_get(&s->index, key, &at) ? s->entries[at] : NULL;
}

const comply__jnode *comply__rules_entry_at(const comply_rules *rules, comply_section section, size_t i)
{
    if (!rules || (unsigned)section >= COMPLY_SECTION_COUNT_ || i >= rules->sections[section].count)
        return NULL;
    return rules->sections[section].entries[i];
}

const comply__alloc *comply__rules_alloc(const comply_rules *rules)
{
    return &rules->alloc;
}

comply_status comply_rules_to_json(const comply_rules *rules, int pretty, char **json_out, size_t *len_out,
                                   comply_error *err)
{
    if (!rules || !json_out)
        return comply__error_set(err, COMPLY_EINVAL, "rules and json_out are required");
    comply__buf b;
    comply__buf_init(&b, &rules->alloc);
    comply__buf_printf(&b, "{%s\"comply_pack\":%s%d", pretty ? "\n  " : "", pretty ? " " : "", COMPLY__PACK_FORMAT);
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++) {
        const rules_section *sec = &rules->sections[s];
        if (!sec->count)
            continue;
        comply__buf_printf(&b, ",%s\"%s\":%s{", pretty ? "\n  " : "", comply_section_name((comply_section)s),
                           pretty ? " " : "");
        for (size_t i = 0; i < sec->count; i++) {
            const comply__jnode *e = sec->entries[i];
            comply__buf_puts(&b, i ? (pretty ? ",\n    " : ",") : (pretty ? "\n    " : ""));
            comply__buf_json_string(&b, e->key, strlen(e->key));
            comply__buf_puts(&b, pretty ? ": " : ":");
            comply__json_write(&b, e, pretty, 2);
        }
        comply__buf_puts(&b, pretty ? "\n  }" : "}");
    }
    comply__buf_puts(&b, pretty ? "\n}\n" : "}");
    if (b.failed) {
        comply__buf_release(&b);
        return comply__oom(err);
    }
    *json_out = b.data;
    if (len_out)
        *len_out = b.len;
    return COMPLY_OK;
}
