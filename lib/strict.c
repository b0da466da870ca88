/*
 * strict.c - reading the documents users write (collection declarations,
 * breach descriptions) against a table of keys: an object holds only the
 * listed keys, each once and of its type, the required ones present.
 * Every refusal is COMPLY_ERULE with the place and JSON path of the key.
 */
#include <string.h>

#include "internal.h"

/* A JSON number written [0-9]+ with at most `max_digits` digits: no sign,
 * fraction or exponent, and exact once converted. */
static bool strict_is_count(const comply__jnode *n, size_t max_digits)
{
    if (n->len == 0 || n->len > max_digits)
        return false;
    for (size_t i = 0; i < n->len; i++)
        if (!comply__is_digit((unsigned char)n->str[i]))
            return false;
    return true;
}

bool comply__strict_type_ok(const comply__jnode *n, unsigned types)
{
    switch (n->type) {
    case COMPLY__JSTRING: return types & COMPLY__T_STR;
    case COMPLY__JTRUE:
    case COMPLY__JFALSE: return types & COMPLY__T_BOOL;
    case COMPLY__JARRAY: return types & COMPLY__T_ARR;
    case COMPLY__JOBJECT: return types & COMPLY__T_OBJ;
    case COMPLY__JNUMBER:
        /* 9 digits fit an int, 15 a double exactly */
        return ((types & COMPLY__T_UINT) && strict_is_count(n, 9)) ||
               ((types & COMPLY__T_COUNT) && strict_is_count(n, 15));
    case COMPLY__JNULL: break;
    }
    return false;
}

const char *comply__strict_types_wanted(unsigned types)
{
    bool number = types & (COMPLY__T_UINT | COMPLY__T_COUNT);
    switch (types & ~(unsigned)(COMPLY__T_UINT | COMPLY__T_COUNT)) {
    case COMPLY__T_STR: return "a string";
    case COMPLY__T_BOOL: return "a boolean";
    case COMPLY__T_ARR: return "an array";
    case COMPLY__T_OBJ: return number ? "a non-negative integer or an object" : "an object";
    case 0: return number ? "a non-negative integer" : "another type";
    }
    return "another type";
}

comply_status comply__strict_object(comply_error *err, const char *source, const comply__jnode *n, const char *path,
                                    const comply__strict_key *spec)
{
    if (n->type != COMPLY__JOBJECT)
        return comply__json_rule_error(err, source, n, false, path, "expected an object, found %s",
                                       comply__json_type_name(n->type));
    char sub[COMPLY_ERROR_PATH_SIZE];
    for (size_t i = 0; i < n->count; i++) {
        const comply__jnode *m = &n->items[i];
        comply__json_path_key(sub, sizeof sub, path, m->key);
        const comply__strict_key *s = spec;
        while (s->key && strcmp(s->key, m->key) != 0)
            s++;
        if (!s->key)
            return comply__json_rule_error(err, source, m, true, sub, "unknown key \"%.64s\"", m->key);
        for (size_t j = 0; j < i; j++)
            if (strcmp(n->items[j].key, m->key) == 0)
                return comply__json_rule_error(err, source, m, true, sub, "duplicate key \"%.64s\"", m->key);
        if (!comply__strict_type_ok(m, s->types))
            return comply__json_rule_error(err, source, m, false, sub, "expected %s, found %s",
                                           comply__strict_types_wanted(s->types),
                                           m->type == COMPLY__JNUMBER ? "another number"
                                                                      : comply__json_type_name(m->type));
    }
    for (const comply__strict_key *s = spec; s->key; s++)
        if (s->required && !comply__json_member(n, s->key)) {
            comply__json_path_key(sub, sizeof sub, path, s->key);
            return comply__json_rule_error(err, source, n, false, sub, "missing key \"%s\"", s->key);
        }
    return COMPLY_OK;
}
