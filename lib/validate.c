/*
 * validate.c - checksum and structure validators (Luhn, mod-97, NIR key, …).
 *
 * Every validator has the comply__validator_fn shape: it reads exactly `len`
 * bytes of `s` (not NUL-terminated, possibly holding NULs or bad UTF-8),
 * fills `out` and returns out->valid. They allocate nothing, keep no state,
 * use no locale and run in time linear in `len`; most reject at once an
 * input longer than their longest valid form. `detail` and `reason` are
 * always static strings, never a copy of the value.
 *
 * Reasons used: "empty", "length", "character", "format", "checksum",
 * "country", "issuer", "range", "reserved", "encoding" (doc/validators.md).
 */
#include <string.h>

#include "internal.h"
#include "validate_tables.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------- outcomes */

static int validation_pass(comply_validation *out, const char *detail)
{
    out->valid = 1;
    out->detail = detail;
    out->reason = NULL;
    return 1;
}

static int validation_fail(comply_validation *out, const char *reason)
{
    out->valid = 0;
    out->detail = NULL;
    out->reason = reason;
    return 0;
}

/* ------------------------------------------------------ shared helpers */

static bool hex_is_digit(unsigned char c)
{
    return comply__is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!comply__is_digit((unsigned char)s[i]))
            return false;
    return true;
}

static bool all_char(const char *s, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != c)
            return false;
    return true;
}

/* True when every byte is a digit, a space, or one of `extra` (ASCII). */
static bool only_digits_spaces(const char *s, size_t n, const char *extra)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!comply__is_digit(c) && c != ' ' && !(c && strchr(extra, c)))
            return false;
    }
    return true;
}

/* Value of `n` (<= 9) decimal digits, which the caller has checked. */
static uint32_t digits_value(const char *s, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (uint32_t)(s[i] - '0');
    return v;
}

/* Case-insensitive comparison of `n` bytes with a lower-case ASCII literal. */
static bool ascii_iequal(const char *s, const char *lower, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (comply__to_lower((unsigned char)s[i]) != (unsigned char)lower[i])
            return false;
    return true;
}

/*
 * Luhn check (ISO/IEC 7812-1, Annex B): from the rightmost digit, double
 * every second digit, subtract 9 from products above 9; the sum of all is a
 * multiple of 10. Digits only; kept modulo 10 so any length is safe.
 */
static bool luhn_check(const char *d, size_t n)
{
    unsigned sum = 0;
    bool twice = false;
    for (size_t i = n; i-- > 0;) {
        unsigned v = (unsigned)(d[i] - '0');
        if (twice && (v *= 2) > 9)
            v -= 9;
        sum += v;
        if (sum >= 10)
            sum -= 10;
        twice = !twice;
    }
    return sum == 0;
}

/*
 * Copies `s` into `buf` (at most `cap` bytes) without the single spaces it
 * may have at the compact positions listed in `allowed` (bit i: a space may
 * stand before compact character i). Records the positions used in `*used`.
 * Returns the compact length, or 0 for a misplaced or doubled space, or
 * when the text does not fit.
 */
static size_t spaced_compact(const char *s, size_t len, uint32_t allowed, char *buf, size_t cap,
                             uint32_t *used)
{
    size_t n = 0;
    *used = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ') {
            if (n == 0 || n >= 32 || i + 1 >= len || s[i + 1] == ' ' || !(allowed >> n & 1u))
                return 0;
            *used |= 1u << n;
            continue;
        }
        if (n >= cap)
            return 0;
        buf[n++] = s[i];
    }
    return n;
}

/* -------------------------------------------------------------- luhn */

/* Luhn (ISO/IEC 7812-1 Annex B) on a bare run of at least two digits. */
static int validate_luhn(const char *s, size_t len, comply_validation *out)
{
    if (len == 0)
        return validation_fail(out, "empty");
    if (!all_digits(s, len))
        return validation_fail(out, "character");
    if (len < 2)
        return validation_fail(out, "length");
    return luhn_check(s, len) ? validation_pass(out, NULL) : validation_fail(out, "checksum");
}

/* ------------------------------------------------------- payment cards */

/*
 * Issuer identification number ranges and lengths per brand, from the
 * brands' public acceptance guides as summarised in ISO/IEC 7812 registers:
 * Visa, Mastercard "2-series" (2221-2720, live since 2017), American
 * Express, Discover Global Network (incl. UnionPay cards 622126-622925
 * routed on Discover), JCB, Diners Club International, UnionPay, Maestro.
 * The first matching prefix decides the brand; order matters where ranges
 * overlap (Discover before UnionPay before Maestro). `lengths`: bit n set
 * when n digits are issued. French "CB" cards are co-badged on Visa or
 * Mastercard ranges and report those brands.
 */
typedef struct card_range {
    const char *brand;
    uint32_t lo, hi;      /* inclusive range of the first `digits` digits */
    unsigned char digits;
    uint32_t lengths;
} card_range;

#define CARD_LEN(a, b) ((uint32_t)((1u << ((b) + 1)) - (1u << (a)))) /* lengths a..b */

static const card_range card_ranges[] = {
    { "amex", 34, 34, 2, 1u << 15 },
    { "amex", 37, 37, 2, 1u << 15 },
    { "diners", 300, 305, 3, CARD_LEN(14, 19) },
    { "diners", 36, 36, 2, CARD_LEN(14, 19) },
    { "diners", 38, 39, 2, CARD_LEN(14, 19) },
    { "jcb", 3528, 3589, 4, CARD_LEN(16, 19) },
    { "visa", 4, 4, 1, (1u << 13) | (1u << 16) | (1u << 19) },
    { "mastercard", 51, 55, 2, 1u << 16 },
    { "mastercard", 2221, 2720, 4, 1u << 16 },
    { "discover", 6011, 6011, 4, CARD_LEN(16, 19) },
    { "discover", 644, 649, 3, CARD_LEN(16, 19) },
    { "discover", 65, 65, 2, CARD_LEN(16, 19) },
    { "discover", 622126, 622925, 6, CARD_LEN(16, 19) },
    { "unionpay", 62, 62, 2, CARD_LEN(16, 19) },
    { "maestro", 50, 50, 2, CARD_LEN(12, 19) },
    { "maestro", 56, 69, 2, CARD_LEN(12, 19) },
};

/* Groupings printed on cards and in forms (ISO/IEC 7812 leaves this to
 * issuers): 4-4-4-4, Amex 4-6-5, Diners 4-6-4, 19 digits 4-4-4-4-3. */
static const unsigned char card_layouts[][6] = {
    { 4, 4, 4, 4, 0 }, { 4, 6, 5, 0 }, { 4, 6, 4, 0 }, { 4, 4, 4, 4, 3, 0 },
};

#define CARD_MAX_TEXT 23 /* 19 digits and 4 separators */

/* True when the group sizes in `g` (n of them) are one of card_layouts. */
static bool card_layout_known(const unsigned char *g, size_t n)
{
    for (size_t k = 0; k < COUNT_OF(card_layouts); k++) {
        size_t m = 0;
        while (card_layouts[k][m] && m < n && card_layouts[k][m] == g[m])
            m++;
        if (m == n && card_layouts[k][m] == 0)
            return true;
    }
    return false;
}

/* Bare digits, or known groups joined by one kind of separator (space or
 * dash). Fills `digits`; returns the digit count or 0. */
static size_t card_compact(const char *s, size_t len, char *digits)
{
    unsigned char groups[CARD_MAX_TEXT];
    size_t n = 0, ng = 0, run = 0;
    char sep = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (comply__is_digit(c)) {
            digits[n++] = (char)c;
            run++;
            continue;
        }
        if ((c != ' ' && c != '-') || (sep && c != sep) || run == 0)
            return 0;
        sep = (char)c;
        groups[ng++] = (unsigned char)run;
        run = 0;
    }
    if (run == 0)
        return 0;
    groups[ng++] = (unsigned char)run;
    return (ng == 1 || card_layout_known(groups, ng)) ? n : 0;
}

static const card_range *card_range_find(const char *d, size_t n)
{
    for (size_t k = 0; k < COUNT_OF(card_ranges); k++) {
        const card_range *r = &card_ranges[k];
        if (r->digits > n)
            continue;
        uint32_t head = digits_value(d, r->digits);
        if (head >= r->lo && head <= r->hi)
            return r;
    }
    return NULL;
}

/* A payment card number: layout, Luhn, then brand range and length. */
static int validate_payment_card(const char *s, size_t len, comply_validation *out)
{
    char d[CARD_MAX_TEXT];
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > CARD_MAX_TEXT)
        return validation_fail(out, "length");
    size_t n = card_compact(s, len, d);
    if (n == 0)
        return validation_fail(out, "format");
    if (n < 12 || n > 19)
        return validation_fail(out, "length");
    if (!luhn_check(d, n))
        return validation_fail(out, "checksum");
    const card_range *r = card_range_find(d, n);
    if (!r)
        return validation_fail(out, "issuer");
    if (!(r->lengths >> n & 1u))
        return validation_fail(out, "length");
    return validation_pass(out, r->brand);
}

/* ---------------------------------------------------------------- IBAN */

#define IBAN_MAX 34                     /* ISO 13616-1: at most 34 characters */
#define IBAN_MAX_TEXT (IBAN_MAX + 8)    /* printed with a space every 4 */

static const iban_country *iban_country_find(const char *code)
{
    size_t lo = 0, hi = COUNT_OF(iban_countries);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(iban_countries[mid].code, code, 2);
        if (c == 0)
            return &iban_countries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Electronic form, or the printed form (ISO 13616-1: groups of four
 * separated by one space, the last group shorter). Upper-cases into buf. */
static size_t iban_compact(const char *s, size_t len, char *buf)
{
    bool printed = memchr(s, ' ', len) != NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        bool space_here = printed && i % 5 == 4;
        if ((s[i] == ' ') != space_here || (space_here && i + 1 == len))
            return 0;
        if (space_here)
            continue;
        if (n == IBAN_MAX)
            return 0;
        buf[n++] = (char)comply__to_upper((unsigned char)s[i]);
    }
    return n;
}

/* Length of the BBAN that a registry structure such as "5n5n11c2n" describes. */
static size_t iban_bban_length(const char *fmt)
{
    size_t total = 0, count = 0;
    for (; *fmt; fmt++) {
        if (comply__is_digit((unsigned char)*fmt)) {
            count = count * 10 + (size_t)(*fmt - '0');
        } else {
            total += count;
            count = 0;
        }
    }
    return total;
}

/* True when the (upper-cased) BBAN follows the registry structure. */
static bool iban_bban_matches(const char *bban, const char *fmt)
{
    size_t count = 0, at = 0;
    for (; *fmt; fmt++) {
        if (comply__is_digit((unsigned char)*fmt)) {
            count = count * 10 + (size_t)(*fmt - '0');
            continue;
        }
        for (; count > 0; count--, at++) {
            unsigned char c = (unsigned char)bban[at];
            bool ok = *fmt == 'n' ? comply__is_digit(c) : *fmt == 'a' ? comply__is_upper(c)
                                                                     : comply__is_alnum(c);
            if (!ok)
                return false;
        }
    }
    return true;
}

/* ISO 7064 MOD 97-10 as ISO 13616 applies it: the first four characters
 * moved to the end, letters A=10 … Z=35, the remainder must be 1. Computed
 * piecewise so no big integer is needed. */
static unsigned iban_mod97(const char *iban, size_t n)
{
    /* A 64-bit accumulator reduced only when it grows large: one division
     * every dozen characters instead of one per character. */
    uint64_t r = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)iban[k + 4 < n ? k + 4 : k + 4 - n];
        if (comply__is_digit(c))
            r = r * 10 + (unsigned)(c - '0');
        else
            r = r * 100 + (unsigned)(c - 'A' + 10);
        if (r >= (uint64_t)1 << 56)
            r %= 97;
    }
    return (unsigned)(r % 97);
}

/* IBAN: country from the SWIFT registry, its length and BBAN structure,
 * check digits 02..98 (ISO 13616-1) and MOD 97-10. detail = country. */
static int validate_iban(const char *s, size_t len, comply_validation *out)
{
    char buf[IBAN_MAX];
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > IBAN_MAX_TEXT || (len > IBAN_MAX && !memchr(s, ' ', len)))
        return validation_fail(out, "length");
    size_t n = iban_compact(s, len, buf);
    if (n < 5)
        return validation_fail(out, n == 0 ? "format" : "length");
    for (size_t i = 0; i < n; i++)
        if (!comply__is_alnum((unsigned char)buf[i]))
            return validation_fail(out, "character");
    const iban_country *country = iban_country_find(buf);
    if (!country)
        return validation_fail(out, "country");
    if (n != 4 + iban_bban_length(country->bban))
        return validation_fail(out, "length");
    if (!comply__is_digit((unsigned char)buf[2]) || !comply__is_digit((unsigned char)buf[3]) ||
        !iban_bban_matches(buf + 4, country->bban))
        return validation_fail(out, "format");
    unsigned check = digits_value(buf + 2, 2);
    if (check < 2 || check > 98 || iban_mod97(buf, n) != 1)
        return validation_fail(out, "checksum");
    return validation_pass(out, country->code);
}

/* ----------------------------------------------------------------- BIC */

/* Pointer to the static table entry for an assigned ISO 3166-1 alpha-2
 * code, or NULL. */
static const char *iso3166_find(const char *code)
{
    size_t lo = 0, hi = COUNT_OF(iso3166_alpha2);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(iso3166_alpha2[mid], code, 2);
        if (c == 0)
            return iso3166_alpha2[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ISO 9362 business identifier code: institution (4 letters), country
 * (ISO 3166-1 alpha-2; "XK" too, the code SWIFT uses for Kosovo), location
 * (2 alphanumerics), optional branch (3 alphanumerics). Upper case only, as
 * ISO 9362 prints it (lower-case words would match too often). */
static int validate_bic(const char *s, size_t len, comply_validation *out)
{
    if (len == 0)
        return validation_fail(out, "empty");
    if (len != 8 && len != 11)
        return validation_fail(out, "length");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(i < 6 ? comply__is_upper(c) : comply__is_upper(c) || comply__is_digit(c)))
            return validation_fail(out, "character");
    }
    const char *country = memcmp(s + 4, "XK", 2) == 0 ? "XK" : iso3166_find(s + 4);
    if (!country)
        return validation_fail(out, "country");
    return validation_pass(out, country);
}

/* -------------------------------------------------------------- fr_nir */

/*
 * INSEE's NIR (numéro d'inscription au répertoire, "numéro de sécurité
 * sociale"): S AA MM DD CCC NNN KK, 13 characters and a 2-digit key.
 * Key = 97 - (number mod 97); for Corsica (2A/2B) INSEE computes it with
 * 2A read as 19 and 2B as 18. Sources: INSEE, "Le numéro d'inscription au
 * répertoire (NIR)"; CNAM nir-validation; python-stdnum fr.nir.
 */
#define NIR_LEN 15
/* Spaces may stand between S AA MM DD(D) CCC NNN KK: before compact
 * positions 1, 3, 5, 7, 10, 13, and 8 for 3-digit overseas departments. */
#define NIR_SPACES ((1u << 1) | (1u << 3) | (1u << 5) | (1u << 7) | (1u << 8) | (1u << 10) | (1u << 13))

/* First digit: 1 man, 2 woman; 3, 4, 7, 8 temporary numbers (NIA, NNP). */
static const char *nir_sex_detail(char c)
{
    switch (c) {
    case '1': return "male";
    case '2': return "female";
    case '3': case '4': case '7': case '8': return "temporary";
    default: return NULL;
    }
}

/* Month 01-12, or 20-42 and 50-99 (pseudo-months INSEE gives when the
 * civil record lacks the month). */
static bool nir_month_ok(unsigned m)
{
    return (m >= 1 && m <= 12) || (m >= 20 && m <= 42) || m >= 50;
}

/* The 13-digit number the key is computed on, with 2A/2B mapped. */
static uint64_t nir_number(const char *d)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 13; i++) {
        unsigned digit;
        if (i == 5 && d[5] == '2' && (d[6] == 'A' || d[6] == 'B'))
            digit = 1;
        else if (i == 6 && (d[6] == 'A' || d[6] == 'B'))
            digit = d[6] == 'A' ? 9 : 8;
        else
            digit = (unsigned)(d[i] - '0');
        v = v * 10 + digit;
    }
    return v;
}

/* Character classes: digits everywhere but the department, which may be
 * 2A or 2B (either case). Upper-cases `d` in place. */
static bool nir_chars_ok(char *d)
{
    d[6] = (char)comply__to_upper((unsigned char)d[6]);
    bool corsica = d[5] == '2' && (d[6] == 'A' || d[6] == 'B');
    for (size_t i = 0; i < NIR_LEN; i++)
        if (!comply__is_digit((unsigned char)d[i]) && !(i == 6 && corsica))
            return false;
    return true;
}

static int validate_fr_nir(const char *s, size_t len, comply_validation *out)
{
    char d[NIR_LEN];
    uint32_t spaces;
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > NIR_LEN + 7)
        return validation_fail(out, "length");
    if (!only_digits_spaces(s, len, "ABab"))
        return validation_fail(out, "character");
    size_t n = spaced_compact(s, len, NIR_SPACES, d, sizeof d, &spaces);
    if (n != NIR_LEN)
        return validation_fail(out, n == 0 && memchr(s, ' ', len) ? "format" : "length");
    if (!nir_chars_ok(d))
        return validation_fail(out, "character");
    /* A space after 3 department digits only for 97x/98x (overseas). */
    if ((spaces >> 8 & 1u) && (d[5] != '9' || (d[6] != '7' && d[6] != '8')))
        return validation_fail(out, "format");
    const char *detail = nir_sex_detail(d[0]);
    if (!detail || !nir_month_ok(digits_value(d + 3, 2)) || (d[5] == '0' && d[6] == '0') ||
        all_char(d + 10, 3, '0'))
        return validation_fail(out, "range");
    unsigned key = 97 - (unsigned)(nir_number(d) % 97);
    if (digits_value(d + 13, 2) != key)
        return validation_fail(out, "checksum");
    return validation_pass(out, detail);
}

/* ------------------------------------------------ fr_siren, fr_siret */

/*
 * SIREN (9 digits) and SIRET (SIREN + 5-digit establishment number): Luhn
 * on each. La Poste's establishments (SIREN 356000000) are numbered past
 * what Luhn allows, so INSEE checks that the sum of their 14 digits is a
 * multiple of 5 (the head office 35600000000048 keeps Luhn).
 * Sources: INSEE, "Répertoire Sirene: numéros SIREN et SIRET";
 * python-stdnum fr.siren and fr.siret.
 */
#define SIREN_LEN 9
#define SIRET_LEN 14
#define SIREN_SPACES ((1u << 3) | (1u << 6))
#define SIRET_SPACES (SIREN_SPACES | (1u << 9))

static bool siret_la_poste_ok(const char *d)
{
    unsigned sum = 0;
    for (size_t i = 0; i < SIRET_LEN; i++)
        sum += (unsigned)(d[i] - '0');
    return sum % 5 == 0;
}

/* Compacts a SIREN-like number spaced in groups of three; 0 on failure. */
static int fr_number_compact(const char *s, size_t len, uint32_t spaces, char *d, size_t want,
                             comply_validation *out)
{
    uint32_t used;
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > want + 4)
        return validation_fail(out, "length");
    if (!only_digits_spaces(s, len, ""))
        return validation_fail(out, "character");
    size_t n = spaced_compact(s, len, spaces, d, want, &used);
    if (n == 0 && memchr(s, ' ', len))
        return validation_fail(out, "format");
    if (n != want)
        return validation_fail(out, "length");
    return 1;
}

static int validate_fr_siren(const char *s, size_t len, comply_validation *out)
{
    char d[SIREN_LEN];
    if (!fr_number_compact(s, len, SIREN_SPACES, d, SIREN_LEN, out))
        return 0;
    if (all_char(d, SIREN_LEN, '0'))
        return validation_fail(out, "reserved");
    return luhn_check(d, SIREN_LEN) ? validation_pass(out, NULL) : validation_fail(out, "checksum");
}

static int validate_fr_siret(const char *s, size_t len, comply_validation *out)
{
    char d[SIRET_LEN];
    if (!fr_number_compact(s, len, SIRET_SPACES, d, SIRET_LEN, out))
        return 0;
    if (all_char(d, SIREN_LEN, '0'))
        return validation_fail(out, "reserved");
    bool la_poste = memcmp(d, "356000000", SIREN_LEN) == 0 && memcmp(d + 9, "00048", 5) != 0;
    bool ok = la_poste ? siret_la_poste_ok(d) : luhn_check(d, SIRET_LEN);
    if (!ok || !luhn_check(d, SIREN_LEN))
        return validation_fail(out, "checksum");
    return validation_pass(out, NULL);
}

/* --------------------------------------------------------------- fr_tva */

/*
 * French VAT number: "FR", a 2-character key, the SIREN. Numeric key =
 * (12 + 3 × (SIREN mod 97)) mod 97. Newer numbers have an alphanumeric key
 * over the alphabet 0-9 A-Z without I and O, checked as DGFiP does (python-
 * stdnum fr.tva). SIRENs starting 000 are Monaco's, which have no Luhn.
 * Sources: DGFiP / service-public.fr "numéro de TVA intracommunautaire";
 * European Commission VIES; python-stdnum fr.tva.
 */
#define TVA_LEN 13 /* FR + key + SIREN */
#define TVA_SPACES ((1u << 2) | (1u << 4) | (1u << 7) | (1u << 10))

static const char tva_alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static int tva_alphabet_index(char c)
{
    const char *p = c ? strchr(tva_alphabet, c) : NULL;
    return p ? (int)(p - tva_alphabet) : -1;
}

static bool tva_key_ok(const char *key, uint32_t siren)
{
    if (comply__is_digit((unsigned char)key[0]) && comply__is_digit((unsigned char)key[1]))
        return digits_value(key, 2) == (12 + 3 * (siren % 97)) % 97;
    int a = tva_alphabet_index(key[0]), b = tva_alphabet_index(key[1]);
    if (a < 0 || b < 0)
        return false;
    int check = comply__is_digit((unsigned char)key[0]) ? a * 24 + b - 10 : a * 34 + b - 100;
    return (int)((siren + 1 + (uint32_t)(check / 11)) % 11) == check % 11;
}

static int validate_fr_tva(const char *s, size_t len, comply_validation *out)
{
    char d[TVA_LEN];
    uint32_t used;
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > TVA_LEN + 4)
        return validation_fail(out, "length");
    size_t n = spaced_compact(s, len, TVA_SPACES, d, TVA_LEN, &used);
    if (n != TVA_LEN)
        return validation_fail(out, n == 0 && memchr(s, ' ', len) ? "format" : "length");
    if (!ascii_iequal(d, "fr", 2))
        return validation_fail(out, "country");
    d[2] = (char)comply__to_upper((unsigned char)d[2]);
    d[3] = (char)comply__to_upper((unsigned char)d[3]);
    if (tva_alphabet_index(d[2]) < 0 || tva_alphabet_index(d[3]) < 0 || !all_digits(d + 4, SIREN_LEN))
        return validation_fail(out, "character");
    bool monaco = memcmp(d + 4, "000", 3) == 0;
    if (!monaco && !luhn_check(d + 4, SIREN_LEN))
        return validation_fail(out, "checksum");
    if (!tva_key_ok(d + 2, digits_value(d + 4, SIREN_LEN)))
        return validation_fail(out, "checksum");
    return validation_pass(out, monaco ? "MC" : NULL);
}

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes one well-formed UTF-8 sequence (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF). Returns its length, 0 if malformed. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; v = c & 0x1Fu; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; v = c & 0x0Fu; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; v = c & 0x07u; min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/*
 * Non-ASCII code points an address must not hold (after python-email-
 * validator's unsafe-character rules): C1 controls, spaces and invisible format
 * characters, line/paragraph separators, look-alikes of "@" and "."
 * (full-width, small, ideographic), private use and noncharacters.
 */
static bool email_codepoint_unsafe(uint32_t c)
{
    return c <= 0x9F || c == 0xA0 || c == 0xAD || c == 0x1680 || c == 0x180E ||
           (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
           (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0x3002 ||
           (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFDD0 && c <= 0xFDEF) || c == 0xFE6B ||
           c == 0xFEFF || c == 0xFF0E || c == 0xFF20 || c == 0xFF61 || (c >= 0xFFF9 && c <= 0xFFFB) ||
           (c & 0xFFFE) == 0xFFFE || c >= 0xF0000;
}

/* ------------------------------------------------------------- punycode */

/* RFC 3492 §6.1 bias adaptation. */
static uint32_t punycode_adapt(uint32_t delta, uint32_t points, bool first)
{
    uint32_t k = 0;
    delta = first ? delta / 700 : delta / 2;
    delta += delta / points;
    while (delta > ((36 - 1) * 26) / 2) {
        delta /= 36 - 1;
        k += 36;
    }
    return k + (36 * delta) / (delta + 38);
}

/* Number of characters in the RFC 3492 encoding (§6.3) of `n` code points,
 * computed without writing it; SIZE_MAX on overflow. */
static size_t punycode_length(const uint32_t *cp, size_t n)
{
    size_t basic = 0, out;
    for (size_t i = 0; i < n; i++)
        basic += cp[i] < 0x80;
    out = basic + (basic > 0);
    uint64_t delta = 0;
    uint32_t next = 0x80, bias = 72;
    for (size_t h = basic; h < n;) {
        uint32_t m = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            if (cp[i] >= next && cp[i] < m)
                m = cp[i];
        delta += (uint64_t)(m - next) * (h + 1);
        if (delta > UINT32_MAX)
            return SIZE_MAX;
        next = m;
        for (size_t i = 0; i < n; i++) {
            if (cp[i] < next && ++delta > UINT32_MAX)
                return SIZE_MAX;
            if (cp[i] != next)
                continue;
            uint64_t q = delta;
            for (uint32_t k = 36;; k += 36) {
                uint32_t t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
                if (q < t)
                    break;
                out++;
                q = (q - t) / (36 - t);
            }
            out++;
            bias = punycode_adapt((uint32_t)delta, (uint32_t)(h + 1), h == basic);
            delta = 0;
            h++;
        }
        delta++;
        next++;
    }
    return out;
}

/* ---------------------------------------------------------------- email */

/*
 * RFC 5322 §3.2.3 dot-atom local part with RFC 6531 UTF-8, at most 64
 * octets (RFC 5321 §4.5.3.1.1); domain of at least two labels, each LDH
 * (RFC 1035 §2.3.1, RFC 5890 §2.3.1) of 1..63 octets, an internationalised
 * label counted as its "xn--" A-label (RFC 3492, RFC 5891 §4.4); TLD of
 * letters (2+) or an IDN. Whole address at most 254 octets (RFC 5321
 * errata 1690, RFC 3696). Quoted local parts, comments and IP literals are
 * rejected, as python-email-validator does by default.
 */
#define EMAIL_MAX 254
#define EMAIL_LOCAL_MAX 64
#define LABEL_MAX 63

static bool email_atext(unsigned char c)
{
    return comply__is_alnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Checks the local part; non-ASCII must be well-formed, safe UTF-8. */
static const char *email_local_check(const unsigned char *s, size_t n)
{
    if (n == 0)
        return "format";
    if (n > EMAIL_LOCAL_MAX)
        return "length";
    if (s[0] == '.' || s[n - 1] == '.')
        return "format";
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return "encoding";
        if (cp == '.' && i + 1 < n && s[i + 1] == '.')
            return "format";
        if (cp < 0x80 ? (cp != '.' && !email_atext((unsigned char)cp)) : email_codepoint_unsafe(cp))
            return "character";
        i += k;
    }
    return NULL;
}

/* One domain label: LDH, no hyphen at either end, no "--" in positions 3-4
 * unless it is an "xn--" A-label (RFC 5891 §4.2.3.1). Its A-label length is
 * stored in *alen. *ascii tells whether it was pure ASCII. */
static const char *email_label_check(const unsigned char *s, size_t n, size_t *alen, bool *ascii)
{
    uint32_t cp[EMAIL_MAX];
    size_t count = 0;
    *ascii = true;
    if (n == 0)
        return "format";
    if (s[0] == '-' || s[n - 1] == '-')
        return "format";
    for (size_t i = 0; i < n;) {
        size_t k = utf8_decode(s + i, n - i, &cp[count]);
        if (k == 0)
            return "encoding";
        if (cp[count] < 0x80 ? !(comply__is_alnum((unsigned char)cp[count]) || cp[count] == '-')
                             : email_codepoint_unsafe(cp[count]))
            return "character";
        *ascii = *ascii && cp[count] < 0x80;
        count++;
        i += k;
    }
    if (count >= 4 && cp[2] == '-' && cp[3] == '-' && !(*ascii && ascii_iequal((const char *)s, "xn", 2)))
        return "format";
    size_t puny = *ascii ? 0 : punycode_length(cp, count);
    if (puny > LABEL_MAX)
        return "length";
    *alen = *ascii ? n : 4 + puny;
    return *alen > LABEL_MAX ? "length" : NULL;
}

/* The top-level label: letters only (2+), an "xn--" A-label, or a
 * non-ASCII label without ASCII digits. */
static bool email_tld_ok(const unsigned char *s, size_t n, bool ascii)
{
    if (n >= 4 && ascii_iequal((const char *)s, "xn--", 4))
        return true;
    for (size_t i = 0; i < n; i++)
        if (ascii ? !comply__is_alpha(s[i]) : (s[i] < 0x80 && !comply__is_alpha(s[i])))
            return false;
    return ascii ? n >= 2 : true;
}

static const char *email_domain_check(const unsigned char *s, size_t n)
{
    size_t labels = 0, start = 0, total = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '.')
            continue;
        size_t alen;
        bool ascii;
        const char *why = email_label_check(s + start, i - start, &alen, &ascii);
        if (why)
            return why;
        total += alen + (labels > 0);
        labels++;
        if (i == n && !email_tld_ok(s + start, i - start, ascii))
            return "format";
        start = i + 1;
    }
    if (labels < 2)
        return "format";
    return total > 253 ? "length" : NULL;
}

static int validate_email(const char *s, size_t len, comply_validation *out)
{
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > EMAIL_MAX)
        return validation_fail(out, "length");
    const char *at = memchr(s, '@', len);
    if (!at)
        return validation_fail(out, "format");
    size_t local = (size_t)(at - s);
    const char *why = email_local_check((const unsigned char *)s, local);
    if (!why)
        why = email_domain_check((const unsigned char *)at + 1, len - local - 1);
    return why ? validation_fail(out, why) : validation_pass(out, NULL);
}

/* ---------------------------------------------------------------- phone */

/*
 * Phone numbers: international E.164 (ITU-T E.164: country code and
 * national significant number, 15 digits at most) written with "+" or the
 * "00" international prefix, or French national numbers (10 digits with the
 * trunk prefix 0). French ranges follow ARCEP's plan national de
 * numérotation (arcep.fr, "Les numéros de téléphone"): 01-05 geographic,
 * 06 and 073-079 mobile, 08 special rates, 09 non-geographic (VoIP);
 * 070-072 are not open. National numbers of other countries are not
 * accepted: without a country code there is no plan to check them against.
 */
#define PHONE_MAX_TEXT 40
#define PHONE_MAX_DIGITS 17 /* "00" + 15 */

typedef struct phone_text {
    char digits[PHONE_MAX_DIGITS];
    size_t n;
    bool plus;
    size_t paren_at, paren_len; /* digits inside "( )", paren_len 0 if none */
} phone_text;

static bool phone_is_sep(unsigned char c)
{
    return c == ' ' || c == '.' || c == '-';
}

/* Reads digits, single separators (space, dot, dash) between them and one
 * pair of parentheses around digits. Returns a reason, NULL when it reads. */
static const char *phone_scan(const char *s, size_t len, phone_text *t)
{
    size_t i = 0;
    int paren = 0; /* 0 none yet, 1 open, 2 closed */
    unsigned char prev = 0; /* 'd' digit, 's' separator, '(' or ')' */
    memset(t, 0, sizeof *t);
    if (s[0] == '+') {
        t->plus = true;
        i = 1;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (comply__is_digit(c)) {
            if (t->n == PHONE_MAX_DIGITS)
                return "length";
            t->digits[t->n++] = (char)c;
            t->paren_len += paren == 1;
            prev = 'd';
        } else if (phone_is_sep(c)) {
            if (prev != 'd' && prev != ')')
                return "format";
            prev = 's';
        } else if (c == '(') {
            if (paren != 0 || (t->plus && i == 1))
                return "format";
            paren = 1;
            t->paren_at = t->n;
            prev = '(';
        } else if (c == ')') {
            if (paren != 1 || prev != 'd')
                return "format";
            paren = 2;
            prev = ')';
        } else {
            return "character";
        }
    }
    if (paren == 1 || prev == 's' || t->n == 0)
        return "format";
    return NULL;
}

/* Line type of a French national significant number (9 digits, no 0). */
static const char *phone_fr_type(const char *nsn)
{
    switch (nsn[0]) {
    case '1': case '2': case '3': case '4': case '5': return "fixed";
    case '6': return "mobile";
    case '7': return nsn[1] >= '3' ? "mobile" : NULL;
    case '8': return "special";
    case '9': return "voip";
    default: return NULL;
    }
}

/*
 * French overseas departments with their own country codes (ARCEP, plan
 * national de numérotation, outre-mer): geographic and mobile blocks per
 * code. Other blocks fall back to the metropolitan rule (8 special, 9 VoIP).
 * +269 is the Comoros: Mayotte left it for +262 (269, 639) in 2007.
 */
typedef struct phone_dom {
    uint16_t cc;
    const char *fixed;  /* 3-digit blocks, concatenated */
    const char *mobile;
} phone_dom;

static const phone_dom phone_doms[] = {
    { 262, "262263269", "639692693" }, /* Réunion, Mayotte */
    { 590, "590", "690691" },          /* Guadeloupe, Saint-Martin, Saint-Barthélemy */
    { 594, "594", "694" },             /* Guyane */
    { 596, "596", "696697" },          /* Martinique */
};

static bool phone_block_in(const char *blocks, const char *nsn)
{
    for (; *blocks; blocks += 3)
        if (memcmp(blocks, nsn, 3) == 0)
            return true;
    return false;
}

static const char *phone_dom_type(const phone_dom *dom, const char *nsn)
{
    if (phone_block_in(dom->fixed, nsn))
        return "fixed";
    if (phone_block_in(dom->mobile, nsn))
        return "mobile";
    return nsn[0] == '8' || nsn[0] == '9' ? phone_fr_type(nsn) : NULL;
}

static const phone_code *phone_code_find(uint32_t cc)
{
    size_t lo = 0, hi = COUNT_OF(phone_codes);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (phone_codes[mid].cc == cc)
            return &phone_codes[mid];
        if (phone_codes[mid].cc < cc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The country of a shared code told by leading digits, else the main one. */
static const char *phone_region(const phone_code *code, const char *nsn, size_t n)
{
    for (size_t k = 0; k < COUNT_OF(phone_prefixes); k++) {
        const phone_prefix *p = &phone_prefixes[k];
        size_t plen = strlen(p->prefix);
        if (p->cc == code->cc && plen <= n && memcmp(p->prefix, nsn, plen) == 0)
            return p->region;
    }
    return code->region;
}

/* Checks the ranges a plan defines (France, its overseas codes, NANP) and
 * gives the detail: line type for French numbers, else the country. */
static int phone_classify_strict(const phone_code *code, const char *nsn, size_t n, comply_validation *out)
{
    if (code->cc == 33) {
        const char *type = phone_fr_type(nsn);
        return type ? validation_pass(out, type) : validation_fail(out, "range");
    }
    for (size_t k = 0; k < COUNT_OF(phone_doms); k++) {
        if (phone_doms[k].cc == code->cc) {
            const char *type = phone_dom_type(&phone_doms[k], nsn);
            return type ? validation_pass(out, type) : validation_fail(out, "range");
        }
    }
    /* NANP (NANPA, NPA-NXX-XXXX format): area code and exchange start 2-9. */
    if (code->cc == 1 && (nsn[0] < '2' || nsn[3] < '2'))
        return validation_fail(out, "range");
    return validation_pass(out, phone_region(code, nsn, n));
}


static int phone_classify(const phone_code *code, const char *nsn, size_t n, bool strict, comply_validation *out)
{
    int ok = phone_classify_strict(code, nsn, n, out);
    /* A possible number (right country code and length, ITU-T E.164) in a
     * block the plan has not opened yet is still a phone number. */
    if (ok || strict || strcmp(out->reason, "range") != 0 || nsn[0] == '0' || code->cc == 1)
        return ok; /* NANP's rules are structure, not blocks opened over time */
    return validation_pass(out, "possible");
}

/* An international number: digits after "+" or "00". E.164 country codes
 * are prefix-free (none starts another), so the first 1-3 digits that name
 * one decide. */
static int phone_international(phone_text *t, size_t from, bool strict, comply_validation *out)
{
    const phone_code *code = NULL;
    size_t cclen = 0;
    if (from < t->n && t->digits[from] == '0')
        return validation_fail(out, "country"); /* no code starts with 0 */
    for (size_t k = 1; k <= 3 && from + k <= t->n && !code; k++) {
        code = phone_code_find(digits_value(t->digits + from, k));
        cclen = k;
    }
    if (!code)
        return validation_fail(out, "country");
    size_t nsn = from + cclen, n = t->n;
    if (t->paren_len) {
        /* "+33 (0)6 …": the bracketed trunk prefix is not dialled. */
        if (t->paren_at < nsn)
            return validation_fail(out, "format");
        if (t->paren_at == nsn && t->paren_len == 1 && t->digits[nsn] == '0') {
            memmove(t->digits + nsn, t->digits + nsn + 1, n - nsn - 1);
            n--;
        }
    }
    if (n - from > 15 || n <= nsn || !(code->lengths >> (n - nsn) & 1u))
        return validation_fail(out, "length");
    return phone_classify(code, t->digits + nsn, n - nsn, strict, out);
}

static int phone_check(const char *s, size_t len, bool strict, comply_validation *out)
{
    phone_text t;
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > PHONE_MAX_TEXT)
        return validation_fail(out, "length");
    const char *why = phone_scan(s, len, &t);
    if (why)
        return validation_fail(out, why);
    if (t.plus)
        return phone_international(&t, 0, strict, out);
    if (t.n >= 2 && t.digits[0] == '0' && t.digits[1] == '0')
        return phone_international(&t, 2, strict, out);
    if (t.digits[0] != '0' || t.paren_len)
        return validation_fail(out, "format");
    if (t.n != 10)
        return validation_fail(out, "length");
    const char *type = phone_fr_type(t.digits + 1);
    if (!type)
        return strict ? validation_fail(out, "range") : validation_pass(out, "possible");
    return validation_pass(out, type);
}

/* A number valid in its plan: the ranges the plan has opened (ARCEP for
 * France and its overseas departments, NANPA), else the length. */
static int validate_phone(const char *s, size_t len, comply_validation *out)
{
    return phone_check(s, len, true, out);
}

/* A possible number: a known country code and a valid length (ITU-T
 * E.164), or a French national number 0[1-9] + 8 digits, whatever the
 * block. Personal data does not wait for a block to be opened: free-text
 * detection uses this one, detail "possible" for numbers outside the
 * opened ranges. */
static int validate_phone_possible(const char *s, size_t len, comply_validation *out)
{
    return phone_check(s, len, false, out);
}

/* ----------------------------------------------------------------- IPv4 */

/* RFC 791 dotted quad as inet_pton (POSIX) reads it: four decimal octets
 * 0-255, no leading zeros (they would read as octal elsewhere). */
static const char *ipv4_check(const char *s, size_t len)
{
    size_t parts = 0, i = 0;
    if (len > 15)
        return "length";
    while (parts < 4) {
        size_t start = i;
        while (i < len && comply__is_digit((unsigned char)s[i]) && i - start < 4)
            i++;
        size_t n = i - start;
        if (n == 0 || n > 3)
            return n ? "range" : "format";
        if (n > 1 && s[start] == '0')
            return "format";
        if (digits_value(s + start, n) > 255)
            return "range";
        parts++;
        if (parts < 4) {
            if (i >= len || s[i] != '.')
                return "format";
            i++;
        }
    }
    return i == len ? NULL : "format";
}

static int validate_ipv4(const char *s, size_t len, comply_validation *out)
{
    if (len == 0)
        return validation_fail(out, "empty");
    const char *why = ipv4_check(s, len);
    return why ? validation_fail(out, why) : validation_pass(out, NULL);
}

/* ----------------------------------------------------------------- IPv6 */

#define IPV6_MAX_TEXT 45 /* 6 groups of 4, 6 colons, a dotted quad */

/* One group of 1-4 hex digits, or a final dotted quad worth two groups.
 * Returns the number of groups read (0 on error) and sets *end. */
static size_t ipv6_group(const char *s, size_t len, size_t i, size_t *end)
{
    size_t j = i;
    while (j < len && s[j] != ':')
        j++;
    *end = j;
    if (memchr(s + i, '.', j - i))
        return j == len && ipv4_check(s + i, j - i) == NULL ? 2 : 0;
    if (j == i || j - i > 4)
        return 0;
    for (size_t k = i; k < j; k++)
        if (!hex_is_digit((unsigned char)s[k]))
            return 0;
    return 1;
}

/* RFC 4291 §2.2 text forms: eight groups, "::" once for a run of zero
 * groups, an IPv4 dotted quad in the last 32 bits. Zone ids (RFC 4007 §11)
 * are rejected: they name an interface, not an address. */
static const char *ipv6_check(const char *s, size_t len)
{
    size_t groups = 0, i = 0;
    bool compressed = false;
    if (len > IPV6_MAX_TEXT)
        return "length";
    if (len < 2)
        return "format";
    if (s[0] == ':') {
        if (s[1] != ':')
            return "format";
        compressed = true;
        i = 2;
    }
    while (i < len) {
        size_t end, g = ipv6_group(s, len, i, &end);
        if (g == 0)
            return memchr(s, '%', len) ? "character" : "format";
        groups += g;
        if (groups > 8 || end == len)
            break;
        i = end + 1;
        if (i < len && s[i] == ':') {
            if (compressed)
                return "format";
            compressed = true;
            i++;
        } else if (i == len) {
            return "format";
        }
    }
    if (groups > 8 || (compressed ? groups > 7 : groups != 8))
        return "format";
    return NULL;
}

static int validate_ipv6(const char *s, size_t len, comply_validation *out)
{
    if (len == 0)
        return validation_fail(out, "empty");
    const char *why = ipv6_check(s, len);
    return why ? validation_fail(out, why) : validation_pass(out, NULL);
}

/* ------------------------------------------------------------------ MAC */

/*
 * EUI-48 (IEEE 802, "Guidelines for Use of EUI, OUI, and CID"): six hex
 * pairs with ":" or "-" (IEEE 802 uses "-"), one kind throughout, or three
 * dot-separated groups of four (Cisco style). The all-zero and broadcast
 * addresses name no device, so they are "reserved".
 */
static int validate_mac(const char *s, size_t len, comply_validation *out)
{
    size_t step, zeros = 0, effs = 0;
    char sep;
    if (len == 0)
        return validation_fail(out, "empty");
    if (len == 17 && (s[2] == ':' || s[2] == '-')) {
        step = 3; sep = s[2];
    } else if (len == 14 && s[4] == '.') {
        step = 5; sep = '.';
    } else {
        /* Right length with the wrong separators is a format error. */
        bool seps = (len == 17) || (len == 14 && (s[4] == ':' || s[4] == '-'));
        return validation_fail(out, seps ? "format" : "length");
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool sep_here = i % step == step - 1;
        if (sep_here ? c != (unsigned char)sep : !hex_is_digit(c))
            return validation_fail(out, sep_here ? "format" : "character");
        zeros += c == '0';
        effs += c == 'f' || c == 'F';
    }
    if (zeros == 12 || effs == 12)
        return validation_fail(out, "reserved");
    return validation_pass(out, NULL);
}

/* ----------------------------------------------------------------- UUID */

/*
 * RFC 9562 §4: 8-4-4-4-12 hex digits, either case; version (first digit of
 * the third group) 1-8, variant 10xx (first digit of the fourth group 8, 9,
 * a, b). The Nil and Max UUIDs (§5.9, §5.10) identify nobody: "reserved".
 */
static const char *const uuid_versions[] = { "1", "2", "3", "4", "5", "6", "7", "8" };

static int validate_uuid(const char *s, size_t len, comply_validation *out)
{
    if (len == 0)
        return validation_fail(out, "empty");
    if (len != 36)
        return validation_fail(out, "length");
    size_t zeros = 0, effs = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !hex_is_digit(c))
            return validation_fail(out, dash ? "format" : "character");
        zeros += c == '0';
        effs += c == 'f' || c == 'F';
    }
    if (zeros == 32 || effs == 32)
        return validation_fail(out, "reserved");
    unsigned char variant = comply__to_lower((unsigned char)s[19]);
    if (s[14] < '1' || s[14] > '8' || !(variant == '8' || variant == '9' || variant == 'a' || variant == 'b'))
        return validation_fail(out, "format");
    return validation_pass(out, uuid_versions[s[14] - '1']);
}

/* ------------------------------------------------------------------ URL */

/*
 * http and https URLs (RFC 3986 generic syntax, RFC 9110 §4.2 schemes):
 * scheme (any case) "://", optional userinfo "@", a host that is a domain
 * name (LDH labels, at least two, TLD of letters or xn--), a dotted-quad
 * IPv4 or a bracketed IPv6 literal, an optional port 1-65535, then an
 * optional path, query and fragment of URL characters (unreserved,
 * sub-delims, ":", "@", "/", "?", and %HH escapes). Spaces, non-ASCII (IRIs)
 * and other characters are rejected.
 */
static bool url_pchar(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c == '%') {
        if (*i + 2 >= len || !hex_is_digit((unsigned char)s[*i + 1]) ||
            !hex_is_digit((unsigned char)s[*i + 2]))
            return false;
        *i += 2;
        return true;
    }
    return comply__is_alnum(c) || (c && strchr("-._~!$&'()*+,;=:@", c));
}

/* A DNS host name (RFC 1123 §2.1, RFC 1035 §2.3.1): LDH labels of 1-63
 * characters, at most 253 in all, two labels at least, alphabetic TLD. */
static bool url_hostname_ok(const char *s, size_t n)
{
    size_t start = 0, labels = 0;
    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '.') {
            if (!comply__is_alnum((unsigned char)s[i]) && s[i] != '-')
                return false;
            continue;
        }
        size_t l = i - start;
        if (l == 0 || l > LABEL_MAX || s[start] == '-' || s[i - 1] == '-')
            return false;
        labels++;
        start = i + 1;
    }
    size_t tld = 0;
    while (tld < n && s[n - 1 - tld] != '.')
        tld++;
    return labels >= 2 && email_tld_ok((const unsigned char *)s + n - tld, tld, true);
}

/* Port: 1-5 digits, 1..65535. */
static bool url_port_ok(const char *s, size_t n)
{
    if (n == 0 || n > 5 || !all_digits(s, n))
        return false;
    uint32_t v = digits_value(s, n);
    return v >= 1 && v <= 65535;
}

static const char *url_authority_check(const char *s, size_t n)
{
    const char *host = s;
    for (size_t i = n; i-- > 0;) {
        if (s[i] == '@') {
            for (size_t k = 0; k < i; k++)
                if (!url_pchar(s, i, &k) || s[k] == '@')
                    return "character";
            host = s + i + 1;
            break;
        }
    }
    size_t hn = n - (size_t)(host - s), port_at = hn;
    if (hn > 0 && host[0] == '[') {
        const char *close = memchr(host, ']', hn);
        if (!close || ipv6_check(host + 1, (size_t)(close - host) - 1))
            return "format";
        port_at = (size_t)(close - host) + 1;
        if (port_at < hn && host[port_at] != ':')
            return "format";
    } else {
        const char *colon = memchr(host, ':', hn);
        port_at = colon ? (size_t)(colon - host) : hn;
        if (ipv4_check(host, port_at) && !url_hostname_ok(host, port_at))
            return "format";
    }
    if (port_at < hn && !url_port_ok(host + port_at + 1, hn - port_at - 1))
        return "range";
    return NULL;
}

static int validate_url(const char *s, size_t len, comply_validation *out)
{
    size_t i;
    const char *scheme;
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > 7 && ascii_iequal(s, "http://", 7)) {
        i = 7; scheme = "http";
    } else if (len > 8 && ascii_iequal(s, "https://", 8)) {
        i = 8; scheme = "https";
    } else {
        return validation_fail(out, "format");
    }
    size_t end = i;
    while (end < len && s[end] != '/' && s[end] != '?' && s[end] != '#')
        end++;
    const char *why = url_authority_check(s + i, end - i);
    if (why)
        return validation_fail(out, why);
    bool fragment = false;
    for (i = end; i < len; i++) {
        if (s[i] == '#' && !fragment) {
            fragment = true;
            continue;
        }
        if (s[i] != '/' && s[i] != '?' && !url_pchar(s, len, &i))
            return validation_fail(out, "character");
    }
    return validation_pass(out, scheme);
}

/* ----------------------------------------------------------------- date */

/*
 * Real calendar dates, proleptic Gregorian (ISO 8601 calendar dates, leap
 * years by the Gregorian rule), written "YYYY-MM-DD" (ISO 8601 extended), or day
 * first "DD/MM/YYYY", "DD.MM.YYYY" with one- or two-digit day and month (the
 * French usage comply_date_parse_any reads). Years 1000-9999: four digits
 * without a leading zero; plausibility (an age, a birth year) is left to the
 * caller. detail: "iso" or "dmy".
 */
static bool date_is_leap(uint32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_ok(uint32_t y, uint32_t m, uint32_t d)
{
    static const unsigned char days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1)
        return false;
    return d <= (uint32_t)days[m - 1] + (m == 2 && date_is_leap(y));
}

/* Reads 1-2 digits at *i; returns the value or -1. */
static int date_small(const char *s, size_t len, size_t *i)
{
    size_t start = *i;
    while (*i < len && *i - start < 2 && comply__is_digit((unsigned char)s[*i]))
        (*i)++;
    return *i == start ? -1 : (int)digits_value(s + start, *i - start);
}

static const char *date_dmy(const char *s, size_t len, uint32_t *ymd)
{
    size_t i = 0;
    int d = date_small(s, len, &i);
    if (d < 0 || i >= len || (s[i] != '/' && s[i] != '.'))
        return "format";
    char sep = s[i++];
    int m = date_small(s, len, &i);
    if (m < 0 || i >= len || s[i] != sep || len - i - 1 != 4 || !all_digits(s + i + 1, 4))
        return "format";
    ymd[0] = digits_value(s + i + 1, 4);
    ymd[1] = (uint32_t)m;
    ymd[2] = (uint32_t)d;
    return NULL;
}

static const char *date_iso(const char *s, size_t len, uint32_t *ymd)
{
    if (len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
        !all_digits(s + 8, 2))
        return "format";
    ymd[0] = digits_value(s, 4);
    ymd[1] = digits_value(s + 5, 2);
    ymd[2] = digits_value(s + 8, 2);
    return NULL;
}

static int validate_date(const char *s, size_t len, comply_validation *out)
{
    uint32_t ymd[3];
    if (len == 0)
        return validation_fail(out, "empty");
    if (len < 8 || len > 10)
        return validation_fail(out, "length");
    bool iso = s[4] == '-';
    const char *why = iso ? date_iso(s, len, ymd) : date_dmy(s, len, ymd);
    if (why)
        return validation_fail(out, why);
    if (ymd[0] < 1000 || !date_ok(ymd[0], ymd[1], ymd[2]))
        return validation_fail(out, "range");
    return validation_pass(out, iso ? "iso" : "dmy");
}

/* ------------------------------------------------------------------ GPS */

/*
 * A WGS 84 position as decimal degrees (ISO 6709 order: latitude then
 * longitude): "lat, lon", "lat,lon" or "lat lon". Each number has an
 * optional sign, 1-3 integer digits (no leading zero) and at least 3
 * decimals: 0.001° is about 110 m, already enough to single out a home,
 * while amounts of money (2 decimals) and small counts stay out. Latitude
 * within [-90, 90], longitude within [-180, 180].
 */
#define GPS_MIN_DECIMALS 3
#define GPS_MAX_TEXT 64

/* Reads one coordinate at *i; checks |value| <= limit exactly. */
static const char *gps_number(const char *s, size_t len, size_t *i, uint32_t limit)
{
    if (*i < len && (s[*i] == '-' || s[*i] == '+'))
        (*i)++;
    size_t start = *i;
    while (*i < len && comply__is_digit((unsigned char)s[*i]))
        (*i)++;
    size_t n = *i - start;
    if (n == 0 || (n > 1 && s[start] == '0') || *i >= len || s[*i] != '.')
        return "format";
    if (n > 3)
        return "range";
    uint32_t whole = digits_value(s + start, n);
    size_t frac = ++(*i);
    bool zero = true;
    for (; *i < len && comply__is_digit((unsigned char)s[*i]); (*i)++)
        zero = zero && s[*i] == '0';
    if (*i - frac < GPS_MIN_DECIMALS)
        return "format";
    return whole < limit || (whole == limit && zero) ? NULL : "range";
}

static int validate_gps(const char *s, size_t len, comply_validation *out)
{
    size_t i = 0;
    if (len == 0)
        return validation_fail(out, "empty");
    if (len > GPS_MAX_TEXT)
        return validation_fail(out, "length");
    const char *why = gps_number(s, len, &i, 90);
    if (why)
        return validation_fail(out, why);
    /* Separator: ", " or "," or " ," or " , " or a single space. */
    size_t start = i;
    if (i < len && s[i] == ' ')
        i++;
    if (i < len && s[i] == ',') {
        i++;
        if (i < len && s[i] == ' ')
            i++;
    }
    if (i == start || (i < len && (s[i] == ' ' || s[i] == ',')))
        return validation_fail(out, "format");
    why = gps_number(s, len, &i, 180);
    if (!why && i != len)
        why = "format";
    return why ? validation_fail(out, why) : validation_pass(out, NULL);
}

/* -------------------------------------------------------------- registry */

typedef struct validator_entry {
    const char *name;
    comply__validator_fn fn;
} validator_entry;

/* Fixed order: comply_validator_name(i) lists them in this order. */
static const validator_entry validators[] = {
    { "luhn", validate_luhn },
    { "payment_card", validate_payment_card },
    { "iban", validate_iban },
    { "bic", validate_bic },
    { "fr_nir", validate_fr_nir },
    { "fr_siren", validate_fr_siren },
    { "fr_siret", validate_fr_siret },
    { "fr_tva", validate_fr_tva },
    { "email", validate_email },
    { "phone", validate_phone },
    { "phone_possible", validate_phone_possible },
    { "ipv4", validate_ipv4 },
    { "ipv6", validate_ipv6 },
    { "mac", validate_mac },
    { "uuid", validate_uuid },
    { "url", validate_url },
    { "date", validate_date },
    { "gps", validate_gps },
};

comply__validator_fn comply__validator_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < COUNT_OF(validators); i++)
        if (strcmp(validators[i].name, name) == 0)
            return validators[i].fn;
    return NULL;
}

size_t comply_validator_count(void)
{
    return COUNT_OF(validators);
}

const char *comply_validator_name(size_t i)
{
    return i < COUNT_OF(validators) ? validators[i].name : NULL;
}

comply_status comply_validate(const char *validator, const char *value, size_t len, comply_validation *out)
{
    if (out)
        validation_fail(out, NULL);
    if (!validator || !out || (!value && len > 0))
        return COMPLY_EINVAL;
    comply__validator_fn fn = comply__validator_find(validator);
    if (!fn)
        return COMPLY_ENOTFOUND;
    fn(value ? value : "", len, out);
    return COMPLY_OK;
}
