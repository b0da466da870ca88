/*
 * comply.h - libcomply, personal-data protection rules (GDPR, CNIL guidance)
 * for the software that collects the data.
 *
 * This is the whole public API. Conventions, for every function below:
 *
 *  - Fallible calls return a comply_status (COMPLY_OK is 0) and, when given a
 *    non-NULL comply_error, fill it on failure. On success the error struct
 *    is left untouched. Messages name keys and places, never personal values.
 *  - Pointers are either *owned* by the caller (release them with the named
 *    function) or *borrowed* (valid as long as the object they come from).
 *  - Text is `const char *s, size_t len` and need not be NUL-terminated;
 *    names, keys and paths are NUL-terminated strings.
 *  - Every `*_free(NULL)` is a no-op.
 *
 * Threads: a comply_rules object is read-only once loaded and layered; any
 * number of threads may call the read functions on one shared object at the
 * same time. The functions that change it (comply_rules_add_*,
 * comply_rules_layer, comply_rules_free) must not run while another thread
 * uses the same object. Everything a call needs to write is its own.
 * There is no global state and no initialisation call.
 */
#ifndef COMPLY_H
#define COMPLY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

#define COMPLY_VERSION_MAJOR 0
#define COMPLY_VERSION_MINOR 1
#define COMPLY_VERSION_PATCH 0
#define COMPLY_VERSION_STRING "0.1.0"

/** The version of the library actually linked ("MAJOR.MINOR.PATCH"); static. */
const char *comply_version(void);

#if defined(__GNUC__) || defined(__clang__)
#define COMPLY_NODISCARD __attribute__((warn_unused_result))
#else
#define COMPLY_NODISCARD
#endif

/* --------------------------------------------------------- status, errors */

/** Result of every fallible call. New codes may be added at the end. */
typedef enum comply_status {
    COMPLY_OK = 0,      /**< success */
    COMPLY_EINVAL,      /**< invalid argument (NULL where a value is needed, bad option) */
    COMPLY_ENOMEM,      /**< an allocation failed; nothing was changed */
    COMPLY_EIO,         /**< a file could not be opened or read */
    COMPLY_EPARSE,      /**< malformed input: JSON syntax, date, duration, encoding */
    COMPLY_ERULE,       /**< a well-formed rule pack that breaks the pack schema */
    COMPLY_ENOTFOUND,   /**< a named thing (validator, category, purpose…) does not exist */
    COMPLY_ELIMIT,      /**< a limit was exceeded (input size, nesting, regex match limit) */
    COMPLY_ERANGE       /**< a result falls outside what can be represented (date beyond 9999) */
} comply_status;

/** A one-line English description of a status code; static, never NULL. */
const char *comply_status_string(comply_status status);

#define COMPLY_ERROR_MESSAGE_SIZE 256
#define COMPLY_ERROR_SOURCE_SIZE 160
#define COMPLY_ERROR_PATH_SIZE 160

/**
 * What went wrong, where. Lives on the caller's stack; fixed buffers, never
 * allocated. Strings are always NUL-terminated (truncated if need be).
 */
typedef struct comply_error {
    comply_status code;   /**< same value as the call returned */
    unsigned long line;   /**< 1-based line in `source`, 0 when not about parsed input */
    unsigned long column; /**< 1-based column in characters (UTF-8 code points), 0 = none */
    size_t offset;        /**< byte offset in `source`; meaningful when line > 0 */
    char source[COMPLY_ERROR_SOURCE_SIZE]; /**< file name, "<default>", "<json>" or "" */
    char path[COMPLY_ERROR_PATH_SIZE];     /**< JSON path of the offending key, e.g.
                                                "purposes.newsletter.required[2]", or "" */
    char message[COMPLY_ERROR_MESSAGE_SIZE]; /**< one line of English, no trailing period */
} comply_error;

/* ------------------------------------------------------ memory, options */

/**
 * Allocator hooks. Every allocation libcomply makes for a rules object and
 * for the results of calls on it goes through the hooks given when the rules
 * object was created (PCRE2's allocations included). The hooks are copied
 * at creation and cannot be changed afterwards, so a rules object is always
 * released with the allocator that built it. Since a shared rules object may
 * be used by several threads at once, the hooks must then be thread-safe.
 * All three functions are required; `user` is passed back to each of them.
 * `realloc_fn(NULL, n, user)` must behave like `malloc_fn(n, user)`.
 *
 * Rule packs are parsed by cJSON, whose temporary parse tree is allocated
 * through cJSON's own process-wide hooks (cJSON_InitHooks, which belong to
 * the application; libcomply never changes them) and released before the
 * loading call returns.
 */
typedef struct comply_allocator {
    void *(*malloc_fn)(size_t size, void *user);
    void *(*realloc_fn)(void *ptr, size_t size, void *user);
    void (*free_fn)(void *ptr, void *user);
    void *user;
} comply_allocator;

/** Called once per problem found while validating a pack (see options). */
typedef void (*comply_problem_fn)(const comply_error *problem, void *user);

#define COMPLY_RULES_OPTIONS_VERSION 1
#define COMPLY_DEFAULT_MAX_PACK_BYTES ((size_t)64 * 1024 * 1024)
#define COMPLY_DEFAULT_MAX_DEPTH 64u

/**
 * Rare knobs for a rules object. Start from COMPLY_RULES_OPTIONS_INIT and
 * set what you need; zero means "the default" for every limit.
 */
typedef struct comply_rules_options {
    unsigned int version;              /**< COMPLY_RULES_OPTIONS_VERSION */
    const comply_allocator *allocator; /**< NULL: the C library's malloc/realloc/free */
    comply_problem_fn on_problem;      /**< NULL, or called for every schema problem of a
                                            pack (the call still fails with the first) */
    void *problem_user;                /**< passed to on_problem */
    size_t max_pack_bytes;             /**< largest pack accepted; 0: 64 MiB */
    unsigned int max_depth;            /**< deepest JSON nesting accepted; 0: 64 */
    uint32_t match_limit;              /**< PCRE2 match limit per match; 0: 1,000,000 */
    uint32_t depth_limit;              /**< PCRE2 backtracking depth limit; 0: 10,000 */
} comply_rules_options;

#define COMPLY_RULES_OPTIONS_INIT { COMPLY_RULES_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0, 0, 0 }

/* ------------------------------------------------------------ rule packs */

/** Compiled, layered rule packs. Opaque; read-only once loaded. */
typedef struct comply_rules comply_rules;

/** The sections of a rule pack (doc/pack-format.md describes each one). */
typedef enum comply_section {
    COMPLY_SECTION_TAXONOMY = 0,
    COMPLY_SECTION_NAMES,
    COMPLY_SECTION_NAME_MARKERS,
    COMPLY_SECTION_DETECTORS,
    COMPLY_SECTION_PURPOSES,
    COMPLY_SECTION_RETENTION,
    COMPLY_SECTION_ADEQUACY,
    COMPLY_SECTION_COUNT_
} comply_section;

/** The JSON name of a section ("taxonomy", "names"…); NULL when out of range. */
const char *comply_section_name(comply_section section);

/**
 * Creates an empty rules object (no category, no rule).
 * @param[out] out   receives the new object, owned: release with comply_rules_free
 * @param[in]  opts  NULL for defaults, else options (copied)
 * @return COMPLY_OK, COMPLY_EINVAL (bad options), COMPLY_ENOMEM
 */
COMPLY_NODISCARD comply_status comply_rules_new(comply_rules **out, const comply_rules_options *opts,
                                                comply_error *err);

/** Creates a rules object holding the default pack compiled into the library. */
COMPLY_NODISCARD comply_status comply_rules_default(comply_rules **out, comply_error *err);

/** Creates a rules object from one self-contained pack file (no default pack under it). */
COMPLY_NODISCARD comply_status comply_rules_load_file(comply_rules **out, const char *path,
                                                      comply_error *err);

/** Creates a rules object from one self-contained pack held in memory (source "<json>"). */
COMPLY_NODISCARD comply_status comply_rules_load_json(comply_rules **out, const char *json, size_t len,
                                                      comply_error *err);

/**
 * Layers the default pack on top of `rules`.
 * All comply_rules_add_* calls are atomic: on failure `rules` is unchanged.
 */
COMPLY_NODISCARD comply_status comply_rules_add_default(comply_rules *rules, comply_error *err);

/**
 * Layers a pack file on top of `rules`: its entries add to or replace the
 * entries with the same key, its `remove` section deletes entries, and every
 * reference (category, purpose, retention rule) must resolve in the result.
 * @return COMPLY_OK, COMPLY_EIO, COMPLY_EPARSE (JSON syntax or encoding),
 *         COMPLY_ERULE (schema), COMPLY_ELIMIT (size or nesting), COMPLY_ENOMEM
 */
COMPLY_NODISCARD comply_status comply_rules_add_file(comply_rules *rules, const char *path,
                                                     comply_error *err);

/**
 * Like comply_rules_add_file for a pack held in memory.
 * @param[in] source  name used in error messages (e.g. a file name); NULL: "<json>"
 */
COMPLY_NODISCARD comply_status comply_rules_add_json(comply_rules *rules, const char *json, size_t len,
                                                     const char *source, comply_error *err);

/**
 * Layers every effective entry of `overlay` on top of `base` (copies them:
 * `overlay` may be freed afterwards). Atomic like comply_rules_add_file.
 * The entries arrive as one more pack, named after the overlay's packs
 * ("a + b"; with its version when the overlay holds one pack).
 */
COMPLY_NODISCARD comply_status comply_rules_layer(comply_rules *base, const comply_rules *overlay,
                                                  comply_error *err);

/** Releases a rules object and everything borrowed from it. NULL is fine. */
void comply_rules_free(comply_rules *rules);

/** Number of effective entries in one section (after layering). */
size_t comply_rules_entry_count(const comply_rules *rules, comply_section section);

/**
 * Number of packs layered into `rules` so far, and their names/versions as
 * the packs declare them ("" when a pack does not); borrowed strings.
 */
size_t comply_rules_pack_count(const comply_rules *rules);
const char *comply_rules_pack_name(const comply_rules *rules, size_t i);
const char *comply_rules_pack_version(const comply_rules *rules, size_t i);

/**
 * Writes the effective (layered) pack as one JSON document, a pack that
 * loads back to the same rules.
 * @param[out] json_out  owned NUL-terminated text: release with comply_free(rules, …)
 * @param[out] len_out   its length without the NUL; may be NULL
 * @param[in]  pretty    non-zero: indented, one key per line
 */
COMPLY_NODISCARD comply_status comply_rules_to_json(const comply_rules *rules, int pretty, char **json_out,
                                                    size_t *len_out, comply_error *err);

/** Releases memory that a call on `rules` returned to the caller. NULL is fine. */
void comply_free(const comply_rules *rules, void *ptr);

/* -------------------------------------------------------------- taxonomy */

/** A category of the taxonomy. Opaque, borrowed from its rules object. */
typedef struct comply_category comply_category;

/**
 * The CNIL's four kinds of customer data (référentiel "gestion commerciale",
 * délibération 2021-131): base data, interaction data, behavioural data,
 * attitudinal data. Categories outside customer data have none.
 */
typedef enum comply_kind {
    COMPLY_KIND_NONE = 0,
    COMPLY_KIND_BASE,         /**< données de base: identity, contact */
    COMPLY_KIND_INTERACTION,  /**< données d'interactions: purchases, tickets, messages */
    COMPLY_KIND_BEHAVIOURAL,  /**< données comportementales: browsing, habits */
    COMPLY_KIND_ATTITUDINAL   /**< données attitudinales: satisfaction, opinions, interests */
} comply_kind;

/** Special regimes a category falls under. */
typedef enum comply_regime {
    COMPLY_REGIME_NONE = 0,
    COMPLY_REGIME_SPECIAL,    /**< GDPR Art. 9 special category */
    COMPLY_REGIME_CRIMINAL    /**< GDPR Art. 10 criminal convictions and offences */
} comply_regime;

/** The pack name of a kind ("base", "interaction"…; "" for none) and its label. */
const char *comply_kind_name(comply_kind kind);
/** A kind's label in "en" or "fr" (English for any other language); static. */
const char *comply_kind_label(comply_kind kind, const char *lang);

/** The category with this exact key, or NULL. */
const comply_category *comply_category_find(const comply_rules *rules, const char *key);

/**
 * The category with this key, or else the one that gives it as an alias in
 * another vocabulary (the taxonomy's `aliases`: fideslang "user.contact.email",
 * W3C DPV "dpv-pd:EmailAddress"), or NULL.
 */
const comply_category *comply_category_find_alias(const comply_rules *rules, const char *key);

/** Number of categories; comply_category_at walks them in tree (pre-)order. */
size_t comply_category_count(const comply_rules *rules);
const comply_category *comply_category_at(const comply_rules *rules, size_t i);

/** Top-level categories (groups), in pack order. */
size_t comply_category_root_count(const comply_rules *rules);
const comply_category *comply_category_root(const comply_rules *rules, size_t i);

/** The dotted key, e.g. "contact.email"; borrowed. */
const char *comply_category_key(const comply_category *category);
/** Label in `lang` ("en", "fr", …), falling back to English; borrowed, never NULL. */
const char *comply_category_label(const comply_category *category, const char *lang);
/** One-line description in `lang`, falling back to English, "" when none; borrowed. */
const char *comply_category_description(const comply_category *category, const char *lang);
/** The parent category, NULL for a group. */
const comply_category *comply_category_parent(const comply_category *category);
/** Direct children, in pack order. */
size_t comply_category_child_count(const comply_category *category);
const comply_category *comply_category_child(const comply_category *category, size_t i);
/** 0 for a group, 1 for its children, … */
unsigned comply_category_depth(const comply_category *category);
/** The CNIL kind, inherited from the nearest ancestor that states one. */
comply_kind comply_category_kind(const comply_category *category);
/** Art. 9 / Art. 10 regime, inherited like the kind. */
comply_regime comply_category_regime(const comply_category *category);
/** Non-zero for data the CNIL treats as highly personal (national identifier,
 *  bank data, precise location…), inherited like the kind. */
int comply_category_is_sensitive(const comply_category *category);

/**
 * Non-zero when `key` is `ancestor` or one of its descendants
 * ("contact.email" is a "contact"). Unknown keys are related to nothing.
 */
int comply_category_is_a(const comply_rules *rules, const char *key, const char *ancestor);

/* -------------------------------------------------------- classification */

/**
 * What a name or a value was found to be. Strings are borrowed from the
 * rules object (or static), never copies of the input.
 */
typedef struct comply_class {
    const char *category; /**< category key, NULL when nothing matched */
    double confidence;    /**< in [0, 1]; 0 when nothing matched */
    const char *by;       /**< detector id (values) or matched lexicon term (names), or NULL */
    const char *detail;   /**< values: what the validator recognised ("visa", "mobile", "FR");
                               names: "organisation" (organisation-level field) or "technical"
                               (a technical key, not personal data); else NULL */
    const char *lang;     /**< language of the matched term (names), or NULL */
} comply_class;

/**
 * Classifies one value with the detectors of the rules: the whole value
 * (surrounding spaces ignored) must match a detector's pattern and pass its
 * validator. The best match wins: highest confidence, then the most
 * specific category. No match: category NULL, confidence 0, COMPLY_OK.
 * Values longer than COMPLY_MAX_VALUE_BYTES never match.
 * @return COMPLY_OK, COMPLY_EINVAL (NULL rules or out), COMPLY_ENOMEM
 */
#define COMPLY_MAX_VALUE_BYTES 8192
COMPLY_NODISCARD comply_status comply_classify_value(const comply_rules *rules, const char *value, size_t len,
                                                     comply_class *out, comply_error *err);

/**
 * Classifies a field name (a column, a form field, a JSON key) with the
 * lexicon of the rules (`names` and `name_markers` sections). The name is
 * normalised first: Latin letters lower-cased and unaccented, split into
 * words at separators, case changes and digits ("dateNaissance",
 * "date_naissance" and "Date de naissance" all read "date naissance";
 * doc/names.md has the rules). The longest lexicon term found as
 * consecutive words of the name wins, then the heaviest; a category whose
 * `not` term appears in the name is ruled out.
 * On return, `out` holds:
 *  - category: the category key, or NULL when nothing matched;
 *  - confidence: the term's weight, lowered when the term covers under half
 *    of the name's words; 0 when nothing matched;
 *  - by: the matched term as the pack writes it; lang: its language ("en", "fr"…);
 *  - detail: "organisation" when a word marks organisation-level data
 *    (company_phone, telephone_fournisseur), "technical" for a name that is
 *    only a technical key (id, created_at, status: category NULL, `by` the
 *    marker term), else NULL.
 * All strings are borrowed from `rules`. A name longer than
 * COMPLY_MAX_NAME_BYTES matches nothing. Bytes that are not UTF-8 separate
 * words. Allocates nothing.
 * @param[in]  name  NUL-terminated, UTF-8
 * @param[out] out   the result (cleared first)
 * @return COMPLY_OK (also when nothing matched), COMPLY_EINVAL (NULL rules, name or out)
 */
#define COMPLY_MAX_NAME_BYTES 256
COMPLY_NODISCARD comply_status comply_classify_name(const comply_rules *rules, const char *name, comply_class *out,
                                                    comply_error *err);

/** How the name and the values of a column were read (comply_classify_column). */
typedef struct comply_column_evidence {
    comply_class name;   /**< the name alone (comply_classify_name) */
    comply_class values; /**< the category most values have, its share as confidence */
    size_t sampled;      /**< values given */
    size_t empty;        /**< empty or placeholder values ("", "N/A", "null", "-"…), ignored */
    size_t matched;      /**< values of the category in `values` */
    size_t distinct;     /**< distinct non-empty values */
    int agreement;       /**< 1: name and values agree, 0: one side has no opinion,
                              -1: they disagree (the confidence is lowered) */
} comply_column_evidence;

/**
 * Classifies a column (or a form field) from its name and a sample of its
 * values: each value is classified as by comply_classify_value, the
 * category most non-empty values share gives the value evidence, and the
 * two pieces of evidence are fused into one confidence (doc/columns.md:
 * agreement reinforces, disagreement lowers, few values count less).
 * @param[in]  name      the column's name, NUL-terminated; NULL when unknown
 * @param[in]  values    n values (not NUL-terminated), with their lengths in lens;
 *                       NULL when n is 0
 * @param[out] out       the decision; out->by is the lexicon term or the detector
 * @param[out] evidence  both pieces of evidence; may be NULL
 * @return COMPLY_OK, COMPLY_EINVAL, COMPLY_ENOMEM
 */
COMPLY_NODISCARD comply_status comply_classify_column(const comply_rules *rules, const char *name,
                                                      const char *const *values, const size_t *lens, size_t n,
                                                      comply_class *out, comply_column_evidence *evidence,
                                                      comply_error *err);

/* ------------------------------------------------------ free-text scanning */

/** A personal value found in text. Strings are borrowed from the rules. */
typedef struct comply_span {
    size_t start;         /**< byte offset of the first byte, from the start of the text or stream */
    size_t end;           /**< byte offset just past the last byte */
    const char *category; /**< category key */
    double confidence;    /**< in [0, 1] */
    const char *by;       /**< detector id */
    const char *detail;   /**< what the validator recognised, or NULL */
} comply_span;

/** Receives each span, in order of `start`; return non-zero to stop the scan. */
typedef int (*comply_span_fn)(const comply_span *span, void *user);

#define COMPLY_SCAN_OPTIONS_VERSION 1
/** Spans below this confidence are not reported unless asked. */
#define COMPLY_DEFAULT_MIN_CONFIDENCE 0.5

/** Options of a scan; start from COMPLY_SCAN_OPTIONS_INIT. */
typedef struct comply_scan_options {
    unsigned int version;  /**< COMPLY_SCAN_OPTIONS_VERSION */
    double min_confidence; /**< report spans at or above this; 0 reports all */
} comply_scan_options;

#define COMPLY_SCAN_OPTIONS_INIT { COMPLY_SCAN_OPTIONS_VERSION, COMPLY_DEFAULT_MIN_CONFIDENCE }

/**
 * Finds every personal value in `text`: spans in order, never overlapping
 * (where candidates overlap, the longest wins, then the most confident).
 * Context words near a candidate ("IBAN", « né le », "tél.") raise its
 * confidence. Bytes that are not valid UTF-8 never stop the scan.
 * @param[in] opts     NULL for the defaults
 * @param[in] on_span  called for each span, on the caller's thread
 * @return COMPLY_OK (also when on_span stopped the scan), COMPLY_EINVAL,
 *         COMPLY_ENOMEM
 */
COMPLY_NODISCARD comply_status comply_scan_text(const comply_rules *rules, const char *text, size_t len,
                                                const comply_scan_options *opts, comply_span_fn on_span,
                                                void *user, comply_error *err);

/**
 * A scan over text that arrives in chunks: a value split across two chunks
 * is found once, offsets count from the start of the stream, and memory
 * stays bounded whatever the stream's size. Not shareable between threads;
 * the rules object must outlive it.
 */
typedef struct comply_scanner comply_scanner;

/** Creates a scanner; `out` is owned: release with comply_scanner_free. */
COMPLY_NODISCARD comply_status comply_scanner_new(comply_scanner **out, const comply_rules *rules,
                                                  const comply_scan_options *opts, comply_span_fn on_span,
                                                  void *user, comply_error *err);
/** Adds the next chunk; spans are reported as soon as they are final. */
COMPLY_NODISCARD comply_status comply_scanner_feed(comply_scanner *scanner, const char *chunk, size_t len,
                                                   comply_error *err);
/** Ends the stream: reports the spans left. Further feeds are COMPLY_EINVAL. */
COMPLY_NODISCARD comply_status comply_scanner_finish(comply_scanner *scanner, comply_error *err);
/**
 * Stream offset below which everything is final: every span that starts
 * before it has been reported, and no later span will start before it.
 */
size_t comply_scanner_settled(const comply_scanner *scanner);
/** Releases a scanner. NULL is fine. */
void comply_scanner_free(comply_scanner *scanner);

/** How comply_redact replaces a value. */
typedef enum comply_redact_style {
    COMPLY_REDACT_TAG = 0, /**< "[EMAIL]", "[PHONE]": the last part of the category key, upper case */
    COMPLY_REDACT_MASK,    /**< one '*' per character, separators (space . - / @ : ( ) +) kept */
    COMPLY_REDACT_PARTIAL  /**< like MASK, but cards and IBANs keep their last 4 characters */
} comply_redact_style;

/**
 * Writes a copy of `text` where every span found by comply_scan_text is
 * replaced; every other byte is copied unchanged.
 * @param[out] out      owned NUL-terminated text, from the rules' allocator:
 *                      release with comply_free(rules, …)
 * @param[out] out_len  its length without the NUL; may be NULL
 */
COMPLY_NODISCARD comply_status comply_redact(const comply_rules *rules, const char *text, size_t len,
                                             comply_redact_style style, const comply_scan_options *opts,
                                             char **out, size_t *out_len, comply_error *err);

/**
 * The replacement comply_redact writes for one value of `category`
 * (`value`, `len` bytes), appended to `buf` of `size` bytes.
 * @return the number of bytes the replacement needs (like snprintf);
 *         nothing is written past `size`.
 */
size_t comply_redact_value(const char *category, const char *value, size_t len, comply_redact_style style,
                           char *buf, size_t size);

/* ------------------------------------------------------------ validators */

/**
 * Outcome of a validator. `detail` and `reason` are static strings, never
 * personal data: `detail` says what was recognised when valid (card brand
 * "visa", phone line type "mobile", IBAN country "FR", UUID version "4"…),
 * `reason` says why not when invalid ("checksum", "length", "country"…).
 */
typedef struct comply_validation {
    int valid;          /**< 1: the value passes, 0: it does not */
    const char *detail; /**< static, or NULL */
    const char *reason; /**< static, or NULL */
} comply_validation;

/**
 * Runs one named validator ("luhn", "payment_card", "iban", "bic", "fr_nir",
 * "fr_siren", "fr_siret", "fr_tva", "email", "phone", "phone_possible", "ipv4",
 * "ipv6", "mac", "uuid", "url", "date", "gps"; doc/validators.md) on a
 * value. Needs no rules object and allocates nothing; safe from any thread.
 * @param[in]  validator  the validator's name
 * @param[in]  value      the candidate, `len` bytes (not NUL-terminated)
 * @param[out] out        the outcome
 * @return COMPLY_OK (see out->valid), COMPLY_ENOTFOUND for an unknown validator,
 *         COMPLY_EINVAL for NULL arguments
 */
COMPLY_NODISCARD comply_status comply_validate(const char *validator, const char *value, size_t len,
                                               comply_validation *out);

/** Number of built-in validators, and their names in a fixed order (static). */
size_t comply_validator_count(void);
const char *comply_validator_name(size_t i);

/* ------------------------------------------------------ dates, durations */

/**
 * A proleptic Gregorian calendar date, years 1 to 9999. No time zone.
 * Every call below that fails sets its date output to {0, 0, 0}, which no
 * call accepts as a date; instant outputs are left unchanged on failure.
 */
typedef struct comply_date {
    int year;   /**< 1..9999 */
    int month;  /**< 1..12 */
    int day;    /**< 1..28/29/30/31 */
} comply_date;

/**
 * An ISO 8601 duration PnYnMnWnDTnHnMnS with non-negative integer parts.
 * Calendar parts (years, months, weeks, days) apply to dates; time parts
 * (hours, minutes, seconds) only to instants.
 */
typedef struct comply_duration {
    uint32_t years, months, weeks, days;
    uint32_t hours, minutes, seconds;
} comply_duration;

/** A UTC instant: seconds since 1970-01-01T00:00:00Z (leap seconds ignored). */
typedef struct comply_instant {
    int64_t seconds;
} comply_instant;

/** Length of the text comply_date_format writes, without the NUL. */
#define COMPLY_DATE_TEXT_LENGTH 10
/** Size of a buffer for comply_instant_format ("YYYY-MM-DDTHH:MM:SSZ" + NUL). */
#define COMPLY_INSTANT_TEXT_SIZE 21
/** Size of a buffer large enough for any comply_duration_format output. */
#define COMPLY_DURATION_TEXT_SIZE 96

/** Non-zero when `date` is a real calendar date in years 1..9999. */
int comply_date_is_valid(comply_date date);

/** -1, 0 or 1 as `a` is before, equal to or after `b`. */
int comply_date_compare(comply_date a, comply_date b);

/** Days from 1970-01-01 to `date` (negative before); INT64_MIN for an invalid date. */
int64_t comply_date_to_days(comply_date date);
/** The date `days` after 1970-01-01; COMPLY_ERANGE outside years 1..9999. */
COMPLY_NODISCARD comply_status comply_date_from_days(int64_t days, comply_date *out);

/** ISO weekday of a valid date: 1 = Monday … 7 = Sunday; 0 for an invalid date. */
int comply_date_weekday(comply_date date);

/**
 * Parses an ISO 8601 calendar date "YYYY-MM-DD" (exactly that form) of
 * `len` bytes. Impossible dates (2023-02-29) are COMPLY_EPARSE.
 */
COMPLY_NODISCARD comply_status comply_date_parse(const char *text, size_t len, comply_date *out,
                                                 comply_error *err);

/**
 * Parses a date in ISO form or in the French forms "jj/mm/aaaa" and
 * "jj.mm.aaaa" (day first, four-digit year, one- or two-digit day and month).
 */
COMPLY_NODISCARD comply_status comply_date_parse_any(const char *text, size_t len, comply_date *out,
                                                     comply_error *err);

/** Writes "YYYY-MM-DD" and a NUL into `buf` (at least COMPLY_DATE_TEXT_LENGTH + 1 bytes). */
COMPLY_NODISCARD comply_status comply_date_format(comply_date date, char *buf, size_t size);

/**
 * Parses an ISO 8601 duration, NUL-terminated: "P" then at least one of
 * nY nM nW nD, then optionally "T" with at least one of nH nM nS; designators
 * in this order, case-insensitive, each part a non-negative integer that
 * fits in 32 bits. Signs, fractions, "P", "PT" and trailing text are
 * COMPLY_EPARSE with a message saying why; out->* is then all zero but the
 * call never reports success with it.
 */
COMPLY_NODISCARD comply_status comply_duration_parse(const char *text, comply_duration *out,
                                                     comply_error *err);

/** Writes the canonical upper-case form ("P1Y2M", "PT72H", "P0D" for zero);
 *  COMPLY_EINVAL for NULL arguments or a buffer too small. */
COMPLY_NODISCARD comply_status comply_duration_format(const comply_duration *duration, char *buf,
                                                      size_t size);

/** Non-zero when the duration has hours, minutes or seconds. */
int comply_duration_has_time(const comply_duration *duration);

/**
 * Adds a calendar duration to a date: 12·years + months in one step, then
 * the day clamped to the last day of the month reached (2021-01-31 + P1M =
 * 2021-02-28), then 7·weeks + days as a count of days.
 * @return COMPLY_OK, COMPLY_EINVAL (invalid date, or time parts in the
 *         duration), COMPLY_ERANGE (result outside years 1..9999)
 */
COMPLY_NODISCARD comply_status comply_date_add(comply_date start, const comply_duration *duration,
                                               comply_date *out);

/**
 * Subtracts: the same steps with every part negated, months then days.
 * Not an exact inverse of comply_date_add (2021-03-31 − P1M = 2021-02-28,
 * + P1M = 2021-03-28).
 */
COMPLY_NODISCARD comply_status comply_date_sub(comply_date start, const comply_duration *duration,
                                               comply_date *out);

/**
 * Parses an RFC 3339 date-time ("2024-05-01T09:30:00Z",
 * "2024-05-01T11:30:00.25+02:00"; "t", "z" and a space for "T" accepted;
 * fractions of a second, after '.', dropped) into a UTC instant. A leap
 * second (:60) is accepted only where it falls on 23:59:60 UTC, and counts
 * as :59. COMPLY_EPARSE for malformed text, COMPLY_ERANGE when the UTC date
 * falls outside years 1..9999.
 */
COMPLY_NODISCARD comply_status comply_instant_parse(const char *text, size_t len, comply_instant *out,
                                                    comply_error *err);

/** Writes the instant as "YYYY-MM-DDTHH:MM:SSZ" (COMPLY_INSTANT_TEXT_SIZE bytes).
 *  COMPLY_EINVAL for a NULL or small buffer, COMPLY_ERANGE outside years 1..9999. */
COMPLY_NODISCARD comply_status comply_instant_format(comply_instant instant, char *buf, size_t size);

/**
 * Adds a duration as elapsed time: days and weeks as 24 hours, years and
 * months through the calendar of the UTC date (then the time of day kept).
 * The breach clock adds PT72H (GDPR Art. 33(1)). COMPLY_EINVAL for a NULL
 * duration or a start out of range, COMPLY_ERANGE for a result out of range.
 */
COMPLY_NODISCARD comply_status comply_instant_add(comply_instant start, const comply_duration *duration,
                                                  comply_instant *out);

/* ------------------------------------------ holidays and rights requests */

/**
 * Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus,
 * Astronomical Algorithms ch. 8). COMPLY_ERANGE outside 1583..9999 (out
 * set to {0,0,0}), COMPLY_EINVAL for a NULL out.
 */
COMPLY_NODISCARD comply_status comply_easter_sunday(int year, comply_date *out);

/**
 * Non-zero when `date` is a public holiday in metropolitan France (Code du
 * travail L3133-1: 1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit
 * Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec; doc/rights.md says what is
 * left out and from which years). 0 for an invalid date.
 */
int comply_date_is_holiday_fr(comply_date date);

/** The holiday's name in "en" or "fr" (English for any other language);
 *  static; NULL when `date` is not a French public holiday. */
const char *comply_holiday_fr_name(comply_date date, const char *lang);

/** Non-zero for a Monday to Friday that is not a French public holiday. */
int comply_date_is_working_day_fr(comply_date date);

/** `date` itself when it is a working day, else the next one.
 *  COMPLY_EINVAL (invalid date), COMPLY_ERANGE (after 9999-12-31). */
COMPLY_NODISCARD comply_status comply_next_working_day_fr(comply_date date, comply_date *out);

/**
 * The date by which a data subject's request received on `received` must be
 * answered (GDPR Art. 12(3)): one month, or three when `extended` (the two
 * further months of Art. 12(3)), counted as Regulation 1182/71 art. 3 says
 * (same date in the last month, else its last day; a Saturday, Sunday or
 * French public holiday moves it to the next working day).
 * @return COMPLY_OK, COMPLY_EINVAL (NULL due, invalid date), COMPLY_ERANGE
 *         (beyond 9999-12-31); on failure *due is {0,0,0}
 */
COMPLY_NODISCARD comply_status comply_rights_deadline(comply_date received, int extended, comply_date *due);

/* ------------------------------------------------------ breach assessment */

/**
 * Assesses a personal-data breach described in JSON (doc/breach.md): the
 * deadline to notify the supervisory authority (aware_at + 72 hours, Art.
 * 33(1)) and whether notification is required, whether informing the
 * people is likely required (Art. 34, with the Art. 34(3)(a) encryption
 * exemption), the register entry (Art. 33(5)) and the gaps: a missing fact
 * leaves the answer that needs it null, never guessed.
 * The description is read strictly: malformed JSON or invalid UTF-8 is
 * COMPLY_EPARSE, an unknown key, a wrong type or value, an unknown category
 * COMPLY_ERULE, both with line, column and path in `err`.
 * @param[in]  source   the description's name for errors (NULL: "<json>")
 * @param[out] out      owned NUL-terminated JSON: release with comply_free(rules, …)
 * @param[out] out_len  its length (may be NULL)
 * @return COMPLY_OK, COMPLY_EINVAL, COMPLY_EPARSE, COMPLY_ERULE, COMPLY_ELIMIT, COMPLY_ENOMEM
 */
COMPLY_NODISCARD comply_status comply_breach_assess_json(const comply_rules *rules, const char *json, size_t len,
                                                         const char *source, char **out, size_t *out_len,
                                                         comply_error *err);

/* ------------------------------------------------------------- retention */

/** An event in the life of a record: "collection", "last_contact",
 *  "end_of_contract", "transaction", "legal_hold", … with its date. */
typedef struct comply_event {
    const char *name; /**< event name, as the retention rules of the pack use it */
    comply_date date;
} comply_event;

/** Where a record stands. */
typedef enum comply_stage {
    COMPLY_STAGE_ACTIVE = 0, /**< in the active base */
    COMPLY_STAGE_ARCHIVE,    /**< due to leave the active base: intermediate archive */
    COMPLY_STAGE_DELETE_DUE, /**< due for deletion or anonymisation */
    COMPLY_STAGE_HOLD,       /**< a legal hold suspends deletion */
    COMPLY_STAGE_UNKNOWN     /**< an event the rule needs is missing: never guessed */
} comply_stage;

/** The stage's name: "active", "archive", "delete_due", "hold", "unknown"; static;
 *  NULL for a value outside the enum. */
const char *comply_stage_name(comply_stage stage);

#define COMPLY_MAX_OTHER_RULES 8

/** What the retention rules say of one record. Strings are borrowed from the rules. */
typedef struct comply_deadline {
    comply_stage stage;
    comply_date next_date;       /**< date of the next action (archive or final); {0,0,0} when none */
    const char *next_action;     /**< "archive", "delete" or "anonymise"; NULL when none (open-ended, unknown) */
    comply_date final_date;      /**< date of the final action; {0,0,0} when not known yet */
    const char *final_action;    /**< "delete" or "anonymise" */
    const char *rule;            /**< id of the rule that decided, NULL when none applies */
    const char *source;          /**< that rule's source title, or NULL */
    const char *basis;           /**< "law", "cnil", "edpb", "controller", or NULL */
    const char *missing_event;   /**< stage unknown: the event that is missing */
    size_t n_other;              /**< other rules that applied (up to COMPLY_MAX_OTHER_RULES listed) */
    const char *other_rules[COMPLY_MAX_OTHER_RULES];
} comply_deadline;

/**
 * Computes where a record stands today under the retention rules that
 * cover its purpose and category (doc/retention.md). "today" is always a
 * parameter: there is no hidden clock. When several rules apply, a legal
 * minimum keeps the record longest; otherwise the strictest rule wins; the
 * others are listed. A legal hold is in force when there is a "legal_hold"
 * event and no "legal_hold_end" dated on or after the latest hold and on
 * or before today: the stage is then "hold" whatever was computed, with no
 * next action (the final date and rule are still given).
 * @param[in] purpose   purpose id, or NULL for rules of any purpose
 * @param[in] category  category key, or NULL for rules of any category
 * @return COMPLY_OK, COMPLY_ENOTFOUND (unknown purpose or category, or no
 *         rule covers them), COMPLY_EINVAL, COMPLY_ERANGE (a date beyond 9999)
 */
COMPLY_NODISCARD comply_status comply_retention_deadline(const comply_rules *rules, const char *purpose,
                                                         const char *category, const comply_event *events,
                                                         size_t n_events, comply_date today, comply_deadline *out,
                                                         comply_error *err);

/**
 * The cutoff form, for databases: the first event date not yet due, so
 * that records whose `*event_out` is before `*cutoff_out` are exactly those
 * due for deletion today and `DELETE … WHERE <event column> < cutoff` does
 * the job. Held records are not excluded: the caller must. Rules counting
 * from the latest of several events, from an anchor, with an open-ended
 * phase, never_store rules, and rules counting from different events have
 * no single cutoff: COMPLY_ENOTFOUND with a message saying which.
 */
COMPLY_NODISCARD comply_status comply_retention_cutoff(const comply_rules *rules, const char *purpose,
                                                       const char *category, comply_date today,
                                                       comply_date *cutoff_out, const char **event_out,
                                                       comply_error *err);

/* ------------------------------------------------------ collection check */

/** How serious a finding is. */
typedef enum comply_severity {
    COMPLY_SEVERITY_ERROR = 0, /**< the GDPR or the CNIL's guidance objects */
    COMPLY_SEVERITY_WARNING,   /**< likely a problem, or a check to make */
    COMPLY_SEVERITY_INFO       /**< worth knowing */
} comply_severity;

/** "error", "warning", "info"; NULL outside the enum. */
const char *comply_severity_name(comply_severity severity);

/** One thing a collection check found. Strings are owned by the report. */
typedef struct comply_finding {
    const char *code;          /**< stable code (doc/findings.md), e.g. "category-not-needed" */
    comply_severity severity;
    int gap;                   /**< 1: something the declaration does not say; 0: a violation */
    const char *field;         /**< the field concerned, or NULL for the whole declaration */
    const char *category;      /**< the category concerned, or NULL */
    const char *path;          /**< JSON path in the declaration ("fields[2]"), "" when none */
    unsigned long line;        /**< 1-based place in the declaration's text, 0 when none */
    unsigned long column;
    const char *article;       /**< e.g. "GDPR Art. 5(1)(c)" */
    const char *message_en, *message_fr; /**< what is wrong */
    const char *fix_en, *fix_fr;         /**< how to fix it */
} comply_finding;

/** The findings of one check. Opaque; owned: release with comply_report_free. */
typedef struct comply_report comply_report;

/**
 * Checks a planned collection, declared in JSON (doc/collection.md), against
 * its purpose in the rules: purpose limitation, minimisation, legal basis,
 * consent, notice, minors, special and criminal data, retention, transfers,
 * access and security basics. Malformed declarations are errors with their
 * line and column, like rule packs; findings are not errors, and an
 * unknown or missing purpose is a finding (unknown-purpose, missing-purpose)
 * rather than an error. Duplicate field names are COMPLY_ERULE.
 * @param[in] source   name used in errors and findings (a file name); NULL: "<json>"
 * @param[in] purpose  purpose id overriding the declaration's, or NULL
 * @param[out] out     the report (owned), even when it holds no finding
 * @return COMPLY_OK, COMPLY_EPARSE, COMPLY_ERULE (a declaration that breaks
 *         its schema), COMPLY_ELIMIT, COMPLY_EINVAL, COMPLY_ENOMEM
 */
COMPLY_NODISCARD comply_status comply_check_collection_json(const comply_rules *rules, const char *json,
                                                            size_t len, const char *source, const char *purpose,
                                                            comply_report **out, comply_error *err);

/* The same declaration as C structs, for callers that do not speak JSON.
 * Tri-state members: -1 means "not said" (a gap), 0 no, 1 yes. Strings are
 * NUL-terminated; NULL means "not said". */
typedef struct comply_field_decl {
    const char *name;                 /**< required */
    const char *category;             /**< category key (or fideslang/DPV alias), or NULL */
    int required;                     /**< 0 or 1 */
    const char *const *sample_values; /**< n_samples values, or NULL */
    size_t n_samples;
} comply_field_decl;

typedef struct comply_transfer_decl {
    const char *country;   /**< ISO 3166-1 alpha-2 */
    const char *mechanism; /**< "adequacy", "scc", "dpf", "bcr", "derogation", "privacy_shield", "none", or NULL */
    const char *recipient; /**< or NULL */
} comply_transfer_decl;

typedef struct comply_access_decl {
    const char *role;
    const char *const *categories;
    size_t n_categories;
} comply_access_decl;

/** A recipient of the data (Art. 30(1)(d)); `kind`: "internal", "processor",
 *  "third_party" or "authority". */
typedef struct comply_recipient_decl {
    const char *name;
    const char *kind;
} comply_recipient_decl;

#define COMPLY_COLLECTION_VERSION 1

typedef struct comply_collection {
    unsigned int version; /**< COMPLY_COLLECTION_VERSION */
    const char *purpose;
    const char *legal_basis;
    const comply_field_decl *fields;
    size_t n_fields;
    int consent_captured, consent_separate, consent_pre_ticked, consent_withdrawable;
    int notice_provided;
    const char *notice_url;
    int audience_minors, audience_parental_consent;
    const comply_transfer_decl *transfers;
    size_t n_transfers;
    const char *storage_location;
    const comply_access_decl *access;
    size_t n_access;
    int security_encryption_in_transit, security_encryption_at_rest, security_mfa_for_admins;
    int security_access_review_days; /**< -1: not said */
    /* accountability (doc/collection.md): NULL, 0 or -1 mean "not said" */
    const char *controller_name, *controller_contact;
    const char *dpo_name, *dpo_contact;
    const char *const *subjects; /**< n_subjects values of the closed list */
    size_t n_subjects;
    const comply_recipient_decl *recipients;
    size_t n_recipients;
    const char *rights_channel;            /**< http(s) URL, email address or mailto: URI */
    const char *const *rights_supported;   /**< NULL: not said; else n_rights_supported rights */
    size_t n_rights_supported;
    int rights_response_days;              /**< -1: not said */
    int scale_large, scale_systematic_monitoring;
} comply_collection;

/** A collection with every tri-state "not said" and nothing listed. */
#define COMPLY_COLLECTION_INIT                                                                              \
    { COMPLY_COLLECTION_VERSION, NULL, NULL, NULL, 0, -1, -1, -1, -1, -1, NULL, -1, -1, NULL, 0, NULL, NULL, 0, \
      -1, -1, -1, -1, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, 0, -1, -1, -1 }

/**
 * comply_check_collection_json for a declaration given as structs (the
 * check itself is the same: the structs are written as the JSON form).
 * @return as comply_check_collection_json; COMPLY_EINVAL for a NULL field
 *         name or a version mismatch
 */
COMPLY_NODISCARD comply_status comply_check_collection(const comply_rules *rules,
                                                       const comply_collection *collection, const char *purpose,
                                                       comply_report **out, comply_error *err);

/** Number of findings, and each one (borrowed from the report) in report order. */
size_t comply_report_count(const comply_report *report);
const comply_finding *comply_report_get(const comply_report *report, size_t i);
/** The purpose that was checked (borrowed), or NULL when none was declared. */
const char *comply_report_purpose(const comply_report *report);
/** The source name given to the check (borrowed). */
const char *comply_report_source(const comply_report *report);
/** Releases a report. NULL is fine. */
void comply_report_free(comply_report *report);

/**
 * Writes the report as JSON (doc/findings.md: {"source", "purpose",
 * "summary": {"errors", "warnings", "infos", "gaps"}, "findings": [...],
 * "gaps": [...]}, each finding with both languages), as SARIF 2.1.0 (one
 * rule per code, results at the field's line; `lang` picks the messages'
 * language), or as text grouped by severity (`colour` non-zero for ANSI
 * colours). Output owned: release with comply_report_text_free.
 */
COMPLY_NODISCARD comply_status comply_report_to_json(const comply_report *report, char **out, size_t *len,
                                                     comply_error *err);
COMPLY_NODISCARD comply_status comply_report_to_sarif(const comply_report *report, const char *lang, char **out,
                                                      size_t *len, comply_error *err);
COMPLY_NODISCARD comply_status comply_report_to_text(const comply_report *report, const char *lang, int colour,
                                                     char **out, size_t *len, comply_error *err);
/** Releases text a report writer returned. NULL is fine. */
void comply_report_text_free(const comply_report *report, char *text);

/* ------------------------------------------- record of processing (ROPA) */

/**
 * Builds the record of processing activities (GDPR Art. 30(1)) of `n`
 * collection declarations, as JSON (doc/ropa.md): {"template",
 * "generated_by", "lang", "controller", "dpo", "entries": [...]}, one entry
 * per purpose (declarations of the same purpose are merged) with its
 * subjects, categories (CNIL kind, special and criminal marked), retention
 * rules with their sources, recipients, transfers outside the EEA with
 * their safeguard, and security measures. Each declaration is checked
 * first: a malformed one is COMPLY_EPARSE / COMPLY_ERULE with its place,
 * and so is one without a purpose or with an unknown purpose.
 * @param[in] lens     byte lengths, or NULL for NUL-terminated texts
 * @param[in] sources  names for errors and the entries, or NULL
 * @param[in] lang     "fr" (NULL) or "en": the language of the labels
 * @param[out] out     owned NUL-terminated JSON: release with comply_free(rules, …)
 * @return COMPLY_OK, COMPLY_EPARSE, COMPLY_ERULE, COMPLY_ELIMIT, COMPLY_EINVAL, COMPLY_ENOMEM
 */
COMPLY_NODISCARD comply_status comply_ropa_json(const comply_rules *rules, const char *const *decls,
                                                const size_t *lens, const char *const *sources, size_t n,
                                                const char *lang, char **out, size_t *len, comply_error *err);

#ifdef __cplusplus
}
#endif

#endif /* COMPLY_H */
