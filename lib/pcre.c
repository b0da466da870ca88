/*
 * pcre.c - PCRE2 contexts that allocate through the library's hooks.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "internal.h"

static void *pcre_malloc(PCRE2_SIZE size, void *user)
{
    return comply__malloc(user, size);
}

static void pcre_free(void *ptr, void *user)
{
    comply__free(user, ptr);
}

pcre2_general_context *comply__pcre2_general_context(const comply__alloc *alloc)
{
    /* PCRE2 keeps the pointer and hands it back to the hooks; the
     * allocator outlives every context made from it. */
    return pcre2_general_context_create(pcre_malloc, pcre_free, (void *)alloc);
}
