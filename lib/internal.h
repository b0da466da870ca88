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

/* An arena: many small objects released together (the nodes of a pack). */
typedef struct comply__arena {
    const comply__alloc *alloc;
    struct comply__arena_block *head;
} comply__arena;

void comply__arena_init(comply__arena *arena, const comply__alloc *alloc);
void *comply__arena_alloc(comply__arena *arena, size_t size);
char *comply__arena_strndup(comply__arena *arena, const char *s, size_t len);
void comply__arena_release(comply__arena *arena);

/* A string-keyed open-addressing hash map; keys are borrowed. */
typedef struct comply__strmap_slot {
    const char *key;
    size_t value;
} comply__strmap_slot;

typedef struct comply__strmap {
    const comply__alloc *alloc;
    comply__strmap_slot *slots;
    size_t cap, count;
} comply__strmap;

comply_status comply__strmap_init(comply__strmap *map, const comply__alloc *alloc, size_t expected);
void comply__strmap_free(comply__strmap *map);
/* Inserts or replaces; *existing gets the old value or SIZE_MAX. */
comply_status comply__strmap_put(comply__strmap *map, const char *key, size_t value, size_t *existing);
bool comply__strmap_get(const comply__strmap *map, const char *key, size_t *value);

/* ---- json.c ---- */

typedef enum comply__jtype {
    COMPLY__JNULL,
    COMPLY__JFALSE,
    COMPLY__JTRUE,
    COMPLY__JNUMBER,
    COMPLY__JSTRING,
    COMPLY__JARRAY,
    COMPLY__JOBJECT
} comply__jtype;

/* A place in a document: 1-based line and column (in code points), byte offset. */
typedef struct comply__jpos {
    uint32_t line, column;
    size_t offset;
} comply__jpos;

/* A JSON value with its place, in an arena. */
typedef struct comply__jnode {
    comply__jtype type;
    const char *key;          /* member name when inside an object, else NULL */
    comply__jpos key_pos;     /* place of the key (line 0 when none) */
    comply__jpos pos;         /* place of the value */
    const char *str;          /* string value, or a number's literal text */
    size_t len;               /* length of str */
    double number;            /* numbers only */
    struct comply__jnode *items; /* array elements or object members */
    size_t count;
    const char *source;       /* the document's name */
} comply__jnode;

/* Reads a whole JSON document into `arena`. EPARSE/ELIMIT errors carry the
 * source, line and column. */
comply_status comply__json_read(comply__arena *arena, const char *text, size_t len, const char *source,
                                unsigned max_depth, comply__jnode **root, comply_error *err);
/* The first member named `key` of an object, or NULL. */
const comply__jnode *comply__json_member(const comply__jnode *obj, const char *key);
/* Deep copy of a node into another arena; the cache starts zeroed and
 * lets the nodes of one document share one copy of their source name. */
typedef struct comply__json_source_cache {
    const char *from, *to;
} comply__json_source_cache;
comply_status comply__json_clone(comply__arena *arena, const comply__jnode *src, comply__jnode *dst,
                                 comply__json_source_cache *cache);
/* Length of the well-formed UTF-8 sequence at s, or 0. */
size_t comply__utf8_sequence(const unsigned char *s, size_t avail);

/* Helpers of the strict readers of documents (declarations, breach files):
 * a JSON type as error messages name it ("a string", "an object"…); the
 * path of a member ("rights.channel") or of an element ("fields[2]"), cut
 * to the buffer; and COMPLY_ERULE set with the node's place (its key's
 * place when at_key and it has one) in `source`. */
const char *comply__json_type_name(comply__jtype type);
void comply__json_path_key(char *dst, size_t size, const char *path, const char *key);
void comply__json_path_index(char *dst, size_t size, const char *path, size_t i);
comply_status comply__json_rule_errorv(comply_error *err, const char *source, const comply__jnode *node, bool at_key,
                                       const char *path, const char *fmt, va_list ap) COMPLY__PRINTF(6, 0);
comply_status comply__json_rule_error(comply_error *err, const char *source, const comply__jnode *node, bool at_key,
                                      const char *path, const char *fmt, ...) COMPLY__PRINTF(6, 7);

/* ---- strict.c ---- */

/* The types a key of a user document may take (or-ed). UINT: [0-9]+ of at
 * most 9 digits (fits an int); COUNT: at most 15 digits (exact in a double). */
enum { COMPLY__T_STR = 1, COMPLY__T_BOOL = 2, COMPLY__T_ARR = 4, COMPLY__T_OBJ = 8, COMPLY__T_UINT = 16,
       COMPLY__T_COUNT = 32 };

/* One key of an object; tables end with a NULL key. */
typedef struct comply__strict_key {
    const char *key;
    unsigned types;
    bool required;
} comply__strict_key;

bool comply__strict_type_ok(const comply__jnode *n, unsigned types);
/* "a string", "a non-negative integer or an object"… for error messages. */
const char *comply__strict_types_wanted(unsigned types);
/* An object with only the keys of `spec`, each once and of its type, the
 * required ones present; COMPLY_ERULE with the place otherwise. */
comply_status comply__strict_object(comply_error *err, const char *source, const comply__jnode *n, const char *path,
                                    const comply__strict_key *spec);

/* A growable text buffer; after an allocation failure `failed` stays set
 * and appends do nothing. */
typedef struct comply__buf {
    const comply__alloc *alloc;
    char *data;
    size_t len, cap;
    bool failed;
} comply__buf;

void comply__buf_init(comply__buf *b, const comply__alloc *alloc);
void comply__buf_release(comply__buf *b);
void comply__buf_append(comply__buf *b, const char *s, size_t n);
void comply__buf_puts(comply__buf *b, const char *s);
/* Grows the text by n bytes and returns where to write them (NULL on failure). */
char *comply__buf_extend(comply__buf *b, size_t n);
void comply__buf_printf(comply__buf *b, const char *fmt, ...) COMPLY__PRINTF(2, 3);
void comply__buf_json_string(comply__buf *b, const char *s, size_t len);
void comply__json_write(comply__buf *b, const comply__jnode *node, int pretty, unsigned depth);

/* ---- schema.c ---- */

/* The pack format this library reads ("comply_pack": 1). */
#define COMPLY__PACK_FORMAT 1

/* What the schema checker needs from its caller. */
typedef struct comply__schema_env {
    const comply__alloc *alloc;
    comply_problem_fn on_problem;
    void *problem_user;
    /* Does `key` exist in `section` of the rules being built? */
    bool (*ref_exists)(void *user, comply_section section, const char *key);
    void *ref_user;
} comply__schema_env;

/* Checks the shape of a whole pack. COMPLY_ERULE after one or more problems
 * (the first in `err`, each one passed to env->on_problem). */
comply_status comply__schema_check_pack(const comply__jnode *root, const comply__schema_env *env,
                                        comply_error *err);
/* Checks the references of one effective entry; `problems` counts across
 * calls so that only the first problem lands in `err`. */
comply_status comply__schema_check_refs(comply_section section, const comply__jnode *entry,
                                        const comply__schema_env *env, unsigned *problems, comply_error *err);
/* Reports one problem found outside the walker (same counting). */
void comply__schema_problem(const comply__schema_env *env, const comply__jnode *node, bool at_key,
                            const char *path, unsigned *problems, comply_error *err, const char *fmt, ...)
    COMPLY__PRINTF(7, 8);
/* The section with this JSON name, or -1. */
int comply__section_from_name(const char *name);
/* Lower-case words of [a-z0-9_] joined by dots. */
bool comply__is_category_key(const char *key);

/* ---- pcre.c ---- */

struct pcre2_real_general_context_8;
/* A PCRE2 general context whose allocations go through `alloc`. */
struct pcre2_real_general_context_8 *comply__pcre2_general_context(const comply__alloc *alloc);

/* ---- taxonomy.c ---- */

typedef struct comply__taxonomy comply__taxonomy;

/* Builds the category tree from the effective taxonomy entries (in order).
 * A missing parent is a problem reported like the schema's. */
comply_status comply__taxonomy_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n,
                                     const comply__schema_env *env, unsigned *problems,
                                     comply__taxonomy **out, comply_error *err);
void comply__taxonomy_free(const comply__alloc *alloc, comply__taxonomy *tax);
/* The taxonomy of a rules object (never NULL once created). */
const comply__taxonomy *comply__rules_taxonomy(const comply_rules *rules);
/* Is `key` `ancestor` or below it? Keys of existing categories only: a
 * category's ancestors are the prefixes of its key at its dots, which the
 * taxonomy guarantees exist (no lookup needed). */
bool comply__key_within(const char *key, const char *ancestor);
/* Text of a {lang: text} node in `lang`, else English, else NULL. */
const char *comply__text_get(const comply__jnode *text, const char *lang);

/* ---- validate.c ---- */

/* A validator: fills `out` and returns out->valid. Allocates nothing. */
typedef int (*comply__validator_fn)(const char *s, size_t len, comply_validation *out);
/* The built-in validator with this name, or NULL. */
comply__validator_fn comply__validator_find(const char *name);

/* ---- detect.c ---- */

/* Where free-text scanning runs a detector's pattern. */
typedef enum comply__trigger {
    COMPLY__TRIGGER_TEXT = 0, /* over the whole text */
    COMPLY__TRIGGER_DIGITS,   /* around runs of digits */
    COMPLY__TRIGGER_AT,       /* around '@' */
    COMPLY__TRIGGER_COLON,    /* around ':' */
    COMPLY__TRIGGER_VALUE,    /* never in text: single values only */
    COMPLY__TRIGGER_COUNT
} comply__trigger;

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;

typedef struct comply__detector {
    const char *id;
    const char *category;
    unsigned depth; /* of the category: deeper is more specific */
    struct pcre2_real_code_8 *code;
    comply__validator_fn validate;
    double confidence, boost;
    unsigned window; /* bytes around a match searched for context words */
    comply__trigger trigger;
    const comply__jnode **words; /* context words, all languages */
    size_t n_words;
    bool jit;
    uint64_t needs_mask;      /* bit (b & 63) for each byte b a window must hold one of; 0: none */
    uint64_t digit_mask;      /* bit n: a run of n digits lets it run (trigger digits) */
    unsigned max_digits;
    uint32_t first_bytes[8];  /* bytes a context word can start with, both cases */
    uint16_t word_index[257]; /* words[word_index[b], word_index[b + 1]) start with byte b */
} comply__detector;

typedef struct comply__detectors {
    const comply__alloc *alloc;
    comply__detector *v;
    size_t n;
    size_t *by_trigger[COMPLY__TRIGGER_COUNT];
    size_t n_by_trigger[COMPLY__TRIGGER_COUNT];
    struct pcre2_real_general_context_8 *gc;
    struct pcre2_real_match_context_8 *mc; /* limits; read-only once built */
} comply__detectors;

comply_status comply__detectors_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n, uint32_t match_limit,
                                      uint32_t depth_limit, comply__detectors **out, comply_error *err);
void comply__detectors_free(comply__detectors *set);
struct pcre2_real_match_data_8 *comply__detect_match_data(const comply__detectors *set);
/* 1 and the match's offsets, or a negative PCRE2 code (no match, limit). */
int comply__detect_match(const comply__detectors *set, const comply__detector *d, const char *subject,
                         size_t subject_len, size_t start, uint32_t options, struct pcre2_real_match_data_8 *md,
                         size_t *m_start, size_t *m_end);
/* Confidence of a match, raised when a context word is within the window
 * (looking no further than [lo, hi)). */
double comply__detect_context(const comply__detector *d, const char *text, size_t lo, size_t hi, size_t m_start,
                              size_t m_end);
/* Runs the detector's validator (true when it has none). */
bool comply__detect_validate(const comply__detector *d, const char *s, size_t len, const char **detail);

/* ---- names.c ---- */

/* The most tokens a name is split into; later ones are dropped. */
#define COMPLY__NAME_MAX_TOKENS 64

/* A field name split into normalised tokens (doc/names.md): the tokens are
 * back to back in `text` (not NUL-terminated), lower-case ASCII for Latin
 * letters and digits, other scripts' UTF-8 bytes as they came. */
typedef struct comply__name_tokens {
    char text[COMPLY_MAX_NAME_BYTES];
    uint16_t start[COMPLY__NAME_MAX_TOKENS];
    uint16_t len[COMPLY__NAME_MAX_TOKENS];
    bool alpha[COMPLY__NAME_MAX_TOKENS]; /* letters (else digits) */
    size_t n;
    bool truncated; /* the name had more than COMPLY__NAME_MAX_TOKENS tokens */
} comply__name_tokens;

/* Splits name[0..len) into tokens; false (no tokens) when len exceeds
 * COMPLY_MAX_NAME_BYTES. Never fails otherwise, whatever the bytes. */
bool comply__name_tokenize(const char *name, size_t len, comply__name_tokens *out);

/* The lexicon compiled from the `names` and `name_markers` entries. */
typedef struct comply__names comply__names;

comply_status comply__names_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n,
                                  const comply__jnode *const *markers, size_t n_markers, comply__names **out,
                                  comply_error *err);
void comply__names_free(comply__names *names);
/* Number of terms compiled (every kind), 0 for NULL. */
size_t comply__names_term_count(const comply__names *names);
/* The compiled lexicon of a rules object (rules.c; never NULL once created). */
const comply__names *comply__rules_names(const comply_rules *rules);

/* ---- retention.c ---- */

/* The effective `retention` section compiled for comply_retention_deadline
 * and comply_retention_cutoff: every rule pre-parsed (durations, events,
 * anchor), and which rules cover each category and each purpose. Borrows
 * the nodes of the entries it was built from. */
typedef struct comply__retention comply__retention;

/* Builds it from the effective retention rules, purposes and taxonomy
 * entries (in order). Only fails with COMPLY_ENOMEM. */
comply_status comply__retention_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n,
                                      const comply__jnode *const *purposes, size_t n_purposes,
                                      const comply__jnode *const *categories, size_t n_categories,
                                      comply__retention **out, comply_error *err);
void comply__retention_free(comply__retention *set);
/* The compiled retention rules of a rules object (rules.c; never NULL once created). */
const comply__retention *comply__rules_retention(const comply_rules *rules);

/* ---- check.c ---- */

/* The allocator a report was made with (for the report writers). */
const comply__alloc *comply__report_alloc(const comply_report *report);

/* ---- rules.c ---- */

/* The effective entry `key` of a section, or NULL. */
const comply__jnode *comply__rules_entry(const comply_rules *rules, comply_section section, const char *key);
/* The i-th effective entry of a section, in order (count: comply_rules_entry_count), or NULL. */
const comply__jnode *comply__rules_entry_at(const comply_rules *rules, comply_section section, size_t i);
const comply__alloc *comply__rules_alloc(const comply_rules *rules);
/* The compiled detectors (never NULL once created). */
const comply__detectors *comply__rules_detectors(const comply_rules *rules);

/* ---- default_pack.c (generated from rules/default.json) ---- */

extern const unsigned char comply__default_pack[];
extern const size_t comply__default_pack_len;


/* ---- calendar.c: the Gregorian calendar, shared with retention.c ---- */

/* Leap years as ISO 8601-1:2019 defines them (proleptic Gregorian). */
static inline bool comply__is_leap(int64_t year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static inline int comply__days_in_month(int64_t year, int month)
{
    static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month == 2 && comply__is_leap(year) ? 29 : days[month - 1];
}

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
