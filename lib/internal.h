/*
 * internal.h - declarations shared between the modules of lib/.
 * Not installed; internal names are comply__noun_verb and are not exported.
 */
#ifndef COMPLY_INTERNAL_H
#define COMPLY_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comply.h"

#if defined(__GNUC__) || defined(__clang__)
#define COMPLY__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define COMPLY__PRINTF(f, a)
#endif

/* ---- error.c ---- */

/* Fills `err` (when non-NULL) with a code and a formatted one-line message;
 * clears the place fields. Returns `code` so callers can `return` it. */
comply_status comply__error_set(comply_error *err, comply_status code, const char *fmt, ...)
    COMPLY__PRINTF(3, 4);
comply_status comply__error_vset(comply_error *err, comply_status code, const char *fmt, va_list ap)
    COMPLY__PRINTF(3, 0);
/* Sets the place fields of an error already filled. */
void comply__error_place(comply_error *err, const char *source, unsigned long line, unsigned long column,
                         size_t offset, const char *path);
/* Out of memory: the one message every module uses. */
comply_status comply__oom(comply_error *err);
/* Copies a string into a fixed buffer, truncating on a UTF-8 boundary. */
void comply__strlcpy(char *dst, const char *src, size_t size);

/* ---- alloc.c ---- */

/* An allocator with its hooks resolved (never NULL members). */
typedef struct comply__alloc {
    comply_allocator hooks;
} comply__alloc;

void comply__alloc_init(comply__alloc *a, const comply_allocator *hooks);
void *comply__malloc(const comply__alloc *a, size_t size);
void *comply__calloc(const comply__alloc *a, size_t n, size_t size);
void *comply__realloc(const comply__alloc *a, void *ptr, size_t size);
void comply__free(const comply__alloc *a, void *ptr);
/* Overwrites memory that held scanned values before it is released. */
void comply__wipe(void *ptr, size_t size);

/* ---- validate.c ---- */

/* A validator: fills `out` and returns out->valid. Allocates nothing. */
typedef int (*comply__validator_fn)(const char *s, size_t len, comply_validation *out);
/* The built-in validator with this name, or NULL. */
comply__validator_fn comply__validator_find(const char *name);

/* ---- ascii helpers (no <ctype.h>: its answers depend on the locale) ---- */

static inline bool comply__is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline bool comply__is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline bool comply__is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline bool comply__is_alpha(unsigned char c) { return comply__is_upper(c) || comply__is_lower(c); }
static inline bool comply__is_alnum(unsigned char c) { return comply__is_alpha(c) || comply__is_digit(c); }
static inline unsigned char comply__to_lower(unsigned char c)
{
    return comply__is_upper(c) ? (unsigned char)(c + ('a' - 'A')) : c;
}
static inline unsigned char comply__to_upper(unsigned char c)
{
    return comply__is_lower(c) ? (unsigned char)(c - ('a' - 'A')) : c;
}

#endif /* COMPLY_INTERNAL_H */
