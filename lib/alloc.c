/*
 * alloc.c - allocator hooks, arenas and a small string-keyed hash map.
 *
 * Every allocation of the library goes through a comply__alloc, which holds
 * the hooks of the rules object it serves (or the C library's functions).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *alloc_default_malloc(size_t size, void *user)
{
    (void)user;
    return malloc(size);
}

static void *alloc_default_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    return realloc(ptr, size);
}

static void alloc_default_free(void *ptr, void *user)
{
    (void)user;
    free(ptr);
}

void comply__alloc_init(comply__alloc *a, const comply_allocator *hooks)
{
    if (hooks) {
        a->hooks = *hooks;
    } else {
        a->hooks.malloc_fn = alloc_default_malloc;
        a->hooks.realloc_fn = alloc_default_realloc;
        a->hooks.free_fn = alloc_default_free;
        a->hooks.user = NULL;
    }
}

void *comply__malloc(const comply__alloc *a, size_t size)
{
    return a->hooks.malloc_fn(size ? size : 1, a->hooks.user);
}

void *comply__calloc(const comply__alloc *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = comply__malloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *comply__realloc(const comply__alloc *a, void *ptr, size_t size)
{
    return a->hooks.realloc_fn(ptr, size ? size : 1, a->hooks.user);
}

void comply__free(const comply__alloc *a, void *ptr)
{
    if (ptr)
        a->hooks.free_fn(ptr, a->hooks.user);
}

void comply__wipe(void *ptr, size_t size)
{
    /* A volatile pointer keeps the compiler from dropping the stores. */
    volatile unsigned char *p = ptr;
    while (size--)
        *p++ = 0;
}

/* ------------------------------------------------------------- arenas */

/* Arena blocks: objects of a pack live and die together, so one release
 * frees them all and a failed load leaves nothing behind. */
struct comply__arena_block {
    struct comply__arena_block *next;
    size_t used, size;
    max_align_t data[]; /* aligned storage */
};

#define ARENA_BLOCK_SIZE ((size_t)32 * 1024)

void comply__arena_init(comply__arena *arena, const comply__alloc *alloc)
{
    arena->alloc = alloc;
    arena->head = NULL;
}

static struct comply__arena_block *arena_block_new(comply__arena *arena, size_t size)
{
    if (size > SIZE_MAX - sizeof(struct comply__arena_block))
        return NULL;
    struct comply__arena_block *b = comply__malloc(arena->alloc, sizeof *b + size);
    if (!b)
        return NULL;
    b->used = 0;
    b->size = size;
    return b;
}

void *comply__arena_alloc(comply__arena *arena, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    if (size > SIZE_MAX - align)
        return NULL;
    size = (size + align - 1) / align * align;
    struct comply__arena_block *b = arena->head;
    if (!b || b->size - b->used < size) {
        if (size > ARENA_BLOCK_SIZE / 4) {
            /* A large object gets its own block, kept behind the current
             * one so the current block's free space is not wasted. */
            struct comply__arena_block *big = arena_block_new(arena, size);
            if (!big)
                return NULL;
            big->used = size;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                big->next = NULL;
                arena->head = big;
            }
            return big->data;
        }
        b = arena_block_new(arena, ARENA_BLOCK_SIZE);
        if (!b)
            return NULL;
        b->next = arena->head;
        arena->head = b;
    }
    void *p = (unsigned char *)b->data + b->used;
    b->used += size;
    return p;
}

char *comply__arena_strndup(comply__arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = comply__arena_alloc(arena, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void comply__arena_release(comply__arena *arena)
{
    struct comply__arena_block *b = arena->head;
    while (b) {
        struct comply__arena_block *next = b->next;
        comply__free(arena->alloc, b);
        b = next;
    }
    arena->head = NULL;
}

/* ------------------------------------------------------ string hash map */

/* FNV-1a: simple, and good enough for short keys of a rule pack. */
static uint64_t strmap_hash(const char *key)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return h;
}

comply_status comply__strmap_init(comply__strmap *map, const comply__alloc *alloc, size_t expected)
{
    size_t cap = 16;
    while (cap / 2 < expected) {
        if (cap > SIZE_MAX / 4)
            return COMPLY_ENOMEM;
        cap *= 2;
    }
    map->alloc = alloc;
    map->count = 0;
    map->cap = cap;
    map->slots = comply__calloc(alloc, cap, sizeof *map->slots);
    return map->slots ? COMPLY_OK : COMPLY_ENOMEM;
}

void comply__strmap_free(comply__strmap *map)
{
    if (map->slots)
        comply__free(map->alloc, map->slots);
    map->slots = NULL;
    map->cap = map->count = 0;
}

static comply__strmap_slot *strmap_find_slot(const comply__strmap *map, const char *key)
{
    size_t mask = map->cap - 1;
    size_t i = (size_t)strmap_hash(key) & mask;
    while (map->slots[i].key && strcmp(map->slots[i].key, key) != 0)
        i = (i + 1) & mask;
    return &map->slots[i];
}

static comply_status strmap_grow(comply__strmap *map)
{
    comply__strmap bigger;
    if (map->cap > SIZE_MAX / 2 / sizeof *map->slots)
        return COMPLY_ENOMEM;
    bigger.alloc = map->alloc;
    bigger.cap = map->cap * 2;
    bigger.count = map->count;
    bigger.slots = comply__calloc(map->alloc, bigger.cap, sizeof *bigger.slots);
    if (!bigger.slots)
        return COMPLY_ENOMEM;
    for (size_t i = 0; i < map->cap; i++)
        if (map->slots[i].key)
            *strmap_find_slot(&bigger, map->slots[i].key) = map->slots[i];
    comply__free(map->alloc, map->slots);
    *map = bigger;
    return COMPLY_OK;
}

comply_status comply__strmap_put(comply__strmap *map, const char *key, size_t value, size_t *existing)
{
    comply__strmap_slot *slot = strmap_find_slot(map, key);
    if (slot->key) {
        if (existing)
            *existing = slot->value;
        slot->value = value;
        return COMPLY_OK;
    }
    if ((map->count + 1) * 4 > map->cap * 3) {
        if (strmap_grow(map) != COMPLY_OK)
            return COMPLY_ENOMEM;
        slot = strmap_find_slot(map, key);
    }
    slot->key = key;
    slot->value = value;
    map->count++;
    if (existing)
        *existing = SIZE_MAX;
    return COMPLY_OK;
}

bool comply__strmap_get(const comply__strmap *map, const char *key, size_t *value)
{
    if (!map->slots)
        return false;
    const comply__strmap_slot *slot = strmap_find_slot(map, key);
    if (!slot->key)
        return false;
    if (value)
        *value = slot->value;
    return true;
}
