/*
 * test_validate.c - CUnit suite "validate": the built-in validators.
 *
 * Every value is copied into a heap block of exactly its length before the
 * call, so AddressSanitizer reports any read past `len`. Expected values
 * come from the standards' own examples (SWIFT IBAN registry, INSEE, RFC
 * 4291/9562, card brands' published test numbers) and, for computed check
 * digits, from python-stdnum and RFC 3492's algorithm.
 */
#include <CUnit/Basic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comply.h"
#include "internal.h"

/* ------------------------------------------------------------- helpers */

/* Printable, truncated rendering of a value for failure messages. */
static void render(char *dst, size_t size, const char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 5 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '\\')
            dst[o++] = (char)c;
        else
            o += (size_t)snprintf(dst + o, size - o, "\\x%02X", c);
        if (o > 80) {
            o += (size_t)snprintf(dst + o, size - o, "...(%zu bytes)", len);
            break;
        }
    }
    dst[o < size ? o : size - 1] = '\0';
}

/* Runs a validator on an exact-size heap copy of the value. */
static comply_status run(const char *name, const char *value, size_t len, comply_validation *v)
{
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return COMPLY_ENOMEM;
    if (len)
        memcpy(copy, value, len);
    memset(v, 0xA5, sizeof *v);
    comply_status st = comply_validate(name, copy, len, v);
    free(copy);
    return st;
}

static bool same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* One assertion: status OK, the verdict, and the detail (valid) or the
 * reason (invalid) exactly; the other one must be NULL. */
static void expect(const char *name, const char *value, size_t len, int valid, const char *text,
                   unsigned line)
{
    comply_validation v;
    comply_status st = run(name, value, len, &v);
    bool ok = st == COMPLY_OK && v.valid == valid &&
              same_text(valid ? v.detail : v.reason, text) && (valid ? v.reason : v.detail) == NULL;
    char shown[160], msg[512];
    render(shown, sizeof shown, value, len);
    snprintf(msg, sizeof msg, "%s(\"%s\"): status %d valid=%d detail=%s reason=%s; want valid=%d %s=%s",
             name, shown, (int)st, st == COMPLY_OK ? v.valid : -1,
             st == COMPLY_OK && v.detail ? v.detail : "(null)",
             st == COMPLY_OK && v.reason ? v.reason : "(null)", valid, valid ? "detail" : "reason",
             text ? text : "(null)");
    CU_assertImplementation(ok, line, msg, __FILE__, "", CU_FALSE);
}

#define VALID(name, s, detail) expect(name, s, strlen(s), 1, detail, __LINE__)
#define INVALID(name, s, reason) expect(name, s, strlen(s), 0, reason, __LINE__)
#define INVALID_N(name, s, n, reason) expect(name, s, n, 0, reason, __LINE__)

/* One valid sample per validator, reused by the generic hostile tests. */
static const struct {
    const char *name;
    const char *sample;
} samples[] = {
    { "luhn", "79927398713" },
    { "payment_card", "4111 1111 1111 1111" },
    { "iban", "FR14 2004 1010 0505 0001 3M02 606" },
    { "bic", "BNPAFRPPXXX" },
    { "fr_nir", "2 55 08 14 168 025 38" },
    { "fr_siren", "356000000" },
    { "fr_siret", "35600000000048" },
    { "fr_tva", "FR 40 303 265 045" },
    { "email", "jean.dupont@example.fr" },
    { "phone", "+33 6 12 34 56 78" },
    { "phone_possible", "07 01 23 45 67" },
    { "ipv4", "192.0.2.1" },
    { "ipv6", "2001:db8::8a2e:370:7334" },
    { "mac", "00:1A:2B:3C:4D:5E" },
    { "uuid", "919108f7-52d1-4320-9bac-f847db4148a8" },
    { "url", "https://www.example.com/path?q=1#top" },
    { "date", "14/07/1989" },
    { "gps", "48.8584, 2.2945" },
};

/* ------------------------------------------------------------ registry */

static void validator_count_is_eighteen_in_fixed_order(void)
{
    static const char *const names[] = { "luhn", "payment_card", "iban", "bic", "fr_nir", "fr_siren",
                                         "fr_siret", "fr_tva", "email", "phone", "phone_possible",
                                         "ipv4", "ipv6", "mac", "uuid", "url", "date", "gps" };
    CU_ASSERT_EQUAL(comply_validator_count(), sizeof names / sizeof *names);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        CU_ASSERT_STRING_EQUAL(comply_validator_name(i), names[i]);
    CU_ASSERT_PTR_NULL(comply_validator_name(comply_validator_count()));
    CU_ASSERT_PTR_NULL(comply_validator_name((size_t)-1));
}

static void validator_find_resolves_every_listed_name(void)
{
    for (size_t i = 0; i < comply_validator_count(); i++)
        CU_ASSERT_PTR_NOT_NULL(comply__validator_find(comply_validator_name(i)));
    CU_ASSERT_PTR_NULL(comply__validator_find("nope"));
    CU_ASSERT_PTR_NULL(comply__validator_find("IBAN"));
    CU_ASSERT_PTR_NULL(comply__validator_find(""));
    CU_ASSERT_PTR_NULL(comply__validator_find(NULL));
}

static void validator_find_gives_the_same_verdict_as_validate(void)
{
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        comply__validator_fn fn = comply__validator_find(samples[i].name);
        comply_validation v;
        CU_ASSERT_PTR_NOT_NULL_FATAL(fn);
        CU_ASSERT_EQUAL(fn(samples[i].sample, strlen(samples[i].sample), &v), 1);
        CU_ASSERT_EQUAL(v.valid, 1);
    }
}

static void validate_unknown_name_is_not_found(void)
{
    comply_validation v;
    CU_ASSERT_EQUAL(comply_validate("credit_card", "4111111111111111", 16, &v), COMPLY_ENOTFOUND);
    CU_ASSERT_EQUAL(v.valid, 0);
    CU_ASSERT_EQUAL(comply_validate("", "x", 1, &v), COMPLY_ENOTFOUND);
    CU_ASSERT_EQUAL(comply_validate("Luhn", "79927398713", 11, &v), COMPLY_ENOTFOUND);
}

static void validate_null_arguments_are_einval(void)
{
    comply_validation v;
    CU_ASSERT_EQUAL(comply_validate(NULL, "x", 1, &v), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(v.valid, 0);
    CU_ASSERT_EQUAL(comply_validate("luhn", "79927398713", 11, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_validate("luhn", NULL, 5, &v), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_validate(NULL, NULL, 0, NULL), COMPLY_EINVAL);
}

static void validate_null_value_with_zero_length_is_empty(void)
{
    for (size_t i = 0; i < comply_validator_count(); i++) {
        comply_validation v;
        CU_ASSERT_EQUAL(comply_validate(comply_validator_name(i), NULL, 0, &v), COMPLY_OK);
        CU_ASSERT_EQUAL(v.valid, 0);
        CU_ASSERT_STRING_EQUAL(v.reason, "empty");
    }
}

/* ------------------------------------------------------ hostile, generic */

static void every_validator_accepts_its_sample(void)
{
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        comply_validation v;
        CU_ASSERT_EQUAL(run(samples[i].name, samples[i].sample, strlen(samples[i].sample), &v), COMPLY_OK);
        CU_ASSERT_EQUAL(v.valid, 1);
        CU_ASSERT_PTR_NULL(v.reason);
    }
}

static void every_validator_rejects_empty_value(void)
{
    for (size_t i = 0; i < comply_validator_count(); i++)
        INVALID_N(comply_validator_name(i), "", 0, "empty");
}

/* A NUL in the middle, or replacing any byte, never passes. */
static void every_validator_rejects_inner_nul(void)
{
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        char buf[64];
        size_t n = strlen(samples[i].sample);
        for (size_t at = 0; at < n; at++) {
            comply_validation v;
            memcpy(buf, samples[i].sample, n);
            buf[at] = '\0';
            CU_ASSERT_EQUAL(run(samples[i].name, buf, n, &v), COMPLY_OK);
            CU_ASSERT_EQUAL(v.valid, 0);
        }
    }
}

static void every_validator_rejects_surrounding_whitespace(void)
{
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        char buf[80];
        size_t n = strlen(samples[i].sample);
        comply_validation v;
        buf[0] = ' ';
        memcpy(buf + 1, samples[i].sample, n);
        CU_ASSERT_EQUAL(run(samples[i].name, buf, n + 1, &v), COMPLY_OK);
        CU_ASSERT_EQUAL(v.valid, 0);
        memcpy(buf, samples[i].sample, n);
        buf[n] = '\n';
        CU_ASSERT_EQUAL(run(samples[i].name, buf, n + 1, &v), COMPLY_OK);
        CU_ASSERT_EQUAL(v.valid, 0);
    }
}

/* Every prefix of every sample, fed to every validator on an exact-size
 * heap copy: nothing reads past `len` (ASan), a verdict always comes out. */
static void every_prefix_of_every_sample_is_read_within_bounds(void)
{
    size_t calls = 0, sane = 0;
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        size_t n = strlen(samples[i].sample);
        for (size_t k = 0; k <= n; k++) {
            for (size_t j = 0; j < comply_validator_count(); j++) {
                comply_validation v;
                comply_status st = run(comply_validator_name(j), samples[i].sample, k, &v);
                calls++;
                sane += st == COMPLY_OK && (v.valid == 0 || v.valid == 1) &&
                        (v.valid ? v.reason == NULL : v.reason != NULL && v.detail == NULL);
            }
        }
    }
    CU_ASSERT_EQUAL(sane, calls);
}

/* One mebibyte of each filler: every validator answers (quickly; the
 * benchmark in tests/bench times it) and none is fooled. */
static void every_validator_rejects_megabyte_fillers(void)
{
    static const char *const fillers[] = { "0123456789", "@", "a.a.a.", ":", "::1", "0.",
                                           "\xFF", "\xC3\xA9", "4111 ", "+33", "%", "a@b." };
    size_t n = (size_t)1 << 20;
    char *buf = malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    for (size_t f = 0; f < sizeof fillers / sizeof *fillers; f++) {
        size_t fl = strlen(fillers[f]);
        for (size_t i = 0; i < n; i++)
            buf[i] = fillers[f][i % fl];
        for (size_t j = 0; j < comply_validator_count(); j++) {
            const char *name = comply_validator_name(j);
            comply_validation v;
            CU_ASSERT_EQUAL(comply_validate(name, buf, n, &v), COMPLY_OK);
            /* Only Luhn has no length bound: a long run of digits may pass. */
            if (strcmp(name, "luhn") != 0 || f != 0)
                CU_ASSERT_EQUAL(v.valid, 0);
        }
    }
    free(buf);
}

static void every_validator_rejects_megabyte_of_nuls(void)
{
    size_t n = (size_t)1 << 20;
    char *buf = calloc(n, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    for (size_t j = 0; j < comply_validator_count(); j++) {
        comply_validation v;
        CU_ASSERT_EQUAL(comply_validate(comply_validator_name(j), buf, n, &v), COMPLY_OK);
        CU_ASSERT_EQUAL(v.valid, 0);
        CU_ASSERT_PTR_NOT_NULL(v.reason);
    }
    free(buf);
}

/* Malformed UTF-8 never passes any validator (most reject its bytes as
 * characters, email names the encoding). */
static void every_validator_rejects_invalid_utf8(void)
{
    static const char *const bad[] = { "\xC3\x28", "\xA0\xA1", "\xE2\x28\xA1", "\xF0\x28\x8C\xBC",
                                       "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFE" };
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
        for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
            char buf[80];
            size_t n = strlen(samples[i].sample), bl = strlen(bad[b]);
            memcpy(buf, samples[i].sample, n / 2);
            memcpy(buf + n / 2, bad[b], bl);
            memcpy(buf + n / 2 + bl, samples[i].sample + n / 2, n - n / 2);
            comply_validation v;
            CU_ASSERT_EQUAL(run(samples[i].name, buf, n + bl, &v), COMPLY_OK);
            CU_ASSERT_EQUAL(v.valid, 0);
        }
    }
}

/* ---------------------------------------------------------------- luhn */

static void luhn_known_numbers_valid(void)
{
    VALID("luhn", "79927398713", NULL); /* ISO/IEC 7812-1 Annex B worked example */
    VALID("luhn", "4111111111111111", NULL);
    VALID("luhn", "356000000", NULL);
    VALID("luhn", "732829320", NULL);
    VALID("luhn", "00", NULL);
    VALID("luhn", "18", NULL);
    VALID("luhn", "0000000000", NULL);
}

static void luhn_one_digit_changed_rejected(void)
{
    INVALID("luhn", "79927398710", "checksum");
    INVALID("luhn", "79927398714", "checksum");
    INVALID("luhn", "89927398713", "checksum");
    INVALID("luhn", "4111111111111112", "checksum");
    INVALID("luhn", "19", "checksum");
}

static void luhn_adjacent_transposition_rejected(void)
{
    INVALID("luhn", "79927389713", "checksum");
    INVALID("luhn", "97927398713", "checksum");
}

static void luhn_non_digits_and_short_input_rejected(void)
{
    INVALID("luhn", "7", "length");
    INVALID("luhn", "7992 7398 713", "character");
    INVALID("luhn", "7992-7398-713", "character");
    INVALID("luhn", "79927398713a", "character");
    INVALID("luhn", "+79927398713", "character");
    INVALID("luhn", "\xD9\xA1\xD9\xA8", "character"); /* Arabic-Indic digits 1 8 */
}

/* --------------------------------------------------------- payment_card */

static void card_visa_test_numbers_valid(void)
{
    VALID("payment_card", "4111111111111111", "visa");
    VALID("payment_card", "4012888888881881", "visa");
    VALID("payment_card", "4222222222222", "visa");         /* 13 digits */
    VALID("payment_card", "4000000000000000006", "visa");  /* 19 digits */
    VALID("payment_card", "4111 1111 1111 1111", "visa");
    VALID("payment_card", "4111-1111-1111-1111", "visa");
    VALID("payment_card", "4000 0000 0000 0000 006", "visa");
}

static void card_mastercard_classic_and_2_series_valid(void)
{
    VALID("payment_card", "5555555555554444", "mastercard");
    VALID("payment_card", "5105105105105100", "mastercard");
    VALID("payment_card", "2223003122003222", "mastercard");
    VALID("payment_card", "2221000000000009", "mastercard");
    VALID("payment_card", "5555 5555 5555 4444", "mastercard");
}

static void card_amex_valid_in_4_6_5_grouping(void)
{
    VALID("payment_card", "378282246310005", "amex");
    VALID("payment_card", "371449635398431", "amex");
    VALID("payment_card", "3782 822463 10005", "amex");
    VALID("payment_card", "3782-822463-10005", "amex");
}

static void card_discover_ranges_valid(void)
{
    VALID("payment_card", "6011111111111117", "discover");
    VALID("payment_card", "6011000990139424", "discover");
    VALID("payment_card", "6445644564456445", "discover");
    VALID("payment_card", "6500000000000002", "discover");
    VALID("payment_card", "6221260000000000", "discover");
    VALID("payment_card", "6229250000000003", "discover");
    VALID("payment_card", "601100000000000004", "discover"); /* 18 digits */
    VALID("payment_card", "65000000000000003", "discover");  /* 17 digits */
}

static void card_jcb_diners_unionpay_maestro_valid(void)
{
    VALID("payment_card", "3530111333300000", "jcb");
    VALID("payment_card", "3566002020360505", "jcb");
    VALID("payment_card", "352800000000000007", "jcb");
    VALID("payment_card", "3589000000000000009", "jcb");
    VALID("payment_card", "30569309025904", "diners");
    VALID("payment_card", "38520000023237", "diners");
    VALID("payment_card", "36227206271667", "diners");
    VALID("payment_card", "3056 930902 5904", "diners");
    VALID("payment_card", "6200000000000005", "unionpay");
    VALID("payment_card", "6229270000000001", "unionpay");
    VALID("payment_card", "6205500000000000004", "unionpay");
    VALID("payment_card", "6759649826438453", "maestro");
    VALID("payment_card", "5018000000000009", "maestro");
    VALID("payment_card", "501800000009", "maestro"); /* 12 digits */
}

static void card_one_digit_changed_rejected(void)
{
    INVALID("payment_card", "4111111111111112", "checksum");
    INVALID("payment_card", "5555555555554445", "checksum");
    INVALID("payment_card", "378282246310006", "checksum");
    INVALID("payment_card", "4111 1111 1111 1121", "checksum");
    INVALID("payment_card", "6011111111111118", "checksum");
}

static void card_unknown_issuer_rejected(void)
{
    INVALID("payment_card", "9111111111111110", "issuer");
    INVALID("payment_card", "7111111111111114", "issuer");
    INVALID("payment_card", "30950000000000", "issuer"); /* 3095 not listed */
}

static void card_length_wrong_for_brand_rejected(void)
{
    INVALID("payment_card", "411111111111116", "length");   /* Visa, 15 */
    INVALID("payment_card", "3782822463105", "length");      /* Amex, 13 */
    INVALID("payment_card", "37828224631003", "length");     /* Amex, 14 */
    INVALID("payment_card", "6011000000001", "length");      /* Discover, 13 */
    INVALID("payment_card", "41111111111", "length");        /* 11 digits */
    INVALID("payment_card", "41111111111111111111", "length"); /* 20 digits */
}

static void card_groupings_and_separators_enforced(void)
{
    INVALID("payment_card", "4111 1111-1111 1111", "format");
    INVALID("payment_card", "4111  1111 1111 1111", "format");
    INVALID("payment_card", "41111 11111 111111", "format");
    INVALID("payment_card", "4111 1111 1111 1111 ", "format");
    INVALID("payment_card", "-4111-1111-1111-1111", "format");
    INVALID("payment_card", "4111.1111.1111.1111", "format");
    INVALID("payment_card", "4111 1111 11111111", "format");
    INVALID("payment_card", "4111111111111111111111111111", "length");
    INVALID("payment_card", "visa 4111111111", "format");
}

/* ---------------------------------------------------------------- IBAN */

/* The example of every country in the SWIFT IBAN Registry (release 100),
 * printed form. */
static const char *const iban_registry_examples[] = {
    "AD12 0001 2030 2003 5910 0100", "AE07 0331 2345 6789 0123 456",
    "AL47 2121 1009 0000 0002 3569 8741", "AT61 1904 3002 3457 3201",
    "AZ21 NABZ 0000 0000 1370 1000 1944", "BA39 1290 0794 0102 8494", "BE68 5390 0754 7034",
    "BG80 BNBG 9661 1020 3456 78", "BH67 BMAG 0000 1299 1234 56",
    "BI42 1000 0100 0100 0033 2045 181", "BR18 0036 0305 0000 1000 9795 493C 1",
    "BY13 NBRB 3600 9000 0000 2Z00 AB00", "CH93 0076 2011 6238 5295 7",
    "CR05 0152 0200 1026 2840 66", "CY17 0020 0128 0000 0012 0052 7600",
    "CZ65 0800 0000 1920 0014 5399", "DE89 3704 0044 0532 0130 00",
    "DJ21 0001 0000 0001 5400 0100 186", "DK50 0040 0440 1162 43",
    "DO28 BAGR 0000 0001 2124 5361 1324", "EE38 2200 2210 2014 5685",
    "EG38 0019 0005 0000 0000 2631 8000 2", "ES91 2100 0418 4502 0005 1332",
    "FI21 1234 5600 0007 85", "FK88 SC12 3456 7890 12", "FO62 6460 0001 6316 34",
    "FR14 2004 1010 0505 0001 3M02 606", "GB29 NWBK 6016 1331 9268 19",
    "GE29 NB00 0000 0101 9049 17", "GI75 NWBK 0000 0000 7099 453", "GL89 6471 0001 0002 06",
    "GR16 0110 1250 0000 0001 2300 695", "GT82 TRAJ 0102 0000 0012 1002 9690",
    "HN54 PISA 0000 0000 0000 0012 3124", "HR12 1001 0051 8630 0016 0",
    "HU42 1177 3016 1111 1018 0000 0000", "IE29 AIBK 9311 5212 3456 78",
    "IL62 0108 0000 0009 9999 999", "IQ98 NBIQ 8501 2345 6789 012",
    "IS14 0159 2600 7654 5510 7303 39", "IT60 X054 2811 1010 0000 0123 456",
    "JO94 CBJO 0010 0000 0000 0131 0003 02", "KW81 CBKU 0000 0000 0000 1234 5601 01",
    "KZ86 125K ZT50 0410 0100", "LB62 0999 0000 0001 0019 0122 9114",
    "LC55 HEMM 0001 0001 0012 0012 0002 3015", "LI21 0881 0000 2324 013A A",
    "LT12 1000 0111 0100 1000", "LU28 0019 4006 4475 0000", "LV80 BANK 0000 4351 9500 1",
    "LY83 0020 4800 0020 1001 2036 1", "MC58 1122 2000 0101 2345 6789 030",
    "MD24 AG00 0225 1000 1310 4168", "ME25 5050 0001 2345 6789 51", "MK07 2501 2000 0058 984",
    "MN12 1234 1234 5678 9123", "MR13 0002 0001 0100 0012 3456 753",
    "MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MU17 BOMM 0101 1010 3030 0200 000M UR",
    "NI45 BAPR 0000 0013 0000 0355 8124", "NL91 ABNA 0417 1643 00", "NO93 8601 1117 947",
    "OM81 0180 0000 0129 9123 456", "PK36 SCBL 0000 0011 2345 6702",
    "PL61 1090 1014 0000 0712 1981 2874", "PS92 PALS 0000 0000 0400 1234 5670 2",
    "PT50 0002 0123 1234 5678 9015 4", "QA58 DOHB 0000 1234 5678 90AB CDEF G",
    "RO49 AAAA 1B31 0075 9384 0000", "RS35 2600 0560 1001 6113 79",
    "RU03 0445 2522 5408 1781 0538 0913 1041 9", "SA03 8000 0000 6080 1016 7519",
    "SC18 SSCB 1101 0000 0000 0000 1497 USD", "SD21 2901 0501 2340 01",
    "SE45 5000 0000 0583 9825 7466", "SI56 2633 0001 2039 086", "SK31 1200 0000 1987 4263 7541",
    "SM86 U032 2509 8000 0000 0270 100", "SO21 1000 0010 0100 0100 141",
    "ST23 0001 0001 0051 8453 1014 6", "SV62 CENR 0000 0000 0000 0070 0025",
    "TL38 0080 0123 4567 8910 157", "TN59 1000 6035 1835 9847 8831",
    "TR33 0006 1005 1978 6457 8413 26", "UA21 3223 1300 0002 6007 2335 6600 1",
    "VA59 0011 2300 0012 3456 78", "VG96 VPVG 0000 0123 4567 8901", "XK05 1212 0123 4567 8906",
    "YE15 CBYE 0001 0188 6123 4567 8912 34",
};

#define IBAN_EXAMPLES (sizeof iban_registry_examples / sizeof *iban_registry_examples)

/* Electronic form of a printed IBAN (spaces dropped). */
static size_t iban_electronic(const char *printed, char *buf)
{
    size_t n = 0;
    for (; *printed; printed++)
        if (*printed != ' ')
            buf[n++] = *printed;
    buf[n] = '\0';
    return n;
}

static void iban_fr_example_valid(void)
{
    VALID("iban", "FR14 2004 1010 0505 0001 3M02 606", "FR");
    VALID("iban", "FR1420041010050500013M02606", "FR");
    VALID("iban", "fr1420041010050500013m02606", "FR");
    VALID("iban", "fr14 2004 1010 0505 0001 3m02 606", "FR");
}

static void iban_every_registry_country_example_valid(void)
{
    CU_ASSERT_EQUAL(IBAN_EXAMPLES, 89);
    for (size_t i = 0; i < IBAN_EXAMPLES; i++) {
        char country[3] = { iban_registry_examples[i][0], iban_registry_examples[i][1], 0 };
        char compact[40];
        VALID("iban", iban_registry_examples[i], country);
        iban_electronic(iban_registry_examples[i], compact);
        VALID("iban", compact, country);
    }
}

static void iban_every_registry_country_lower_case_valid(void)
{
    for (size_t i = 0; i < IBAN_EXAMPLES; i++) {
        char country[3] = { iban_registry_examples[i][0], iban_registry_examples[i][1], 0 };
        char lower[48];
        size_t n = strlen(iban_registry_examples[i]);
        for (size_t k = 0; k <= n; k++)
            lower[k] = (char)comply__to_lower((unsigned char)iban_registry_examples[i][k]);
        VALID("iban", lower, country);
    }
}

/* MOD 97-10 catches every single substitution: change the last character. */
static void iban_one_character_changed_rejected(void)
{
    for (size_t i = 0; i < IBAN_EXAMPLES; i++) {
        char compact[40];
        size_t n = iban_electronic(iban_registry_examples[i], compact);
        char *last = &compact[n - 1];
        *last = comply__is_digit((unsigned char)*last) ? (char)('0' + (*last - '0' + 1) % 10)
                                                       : (char)(*last == 'Z' ? 'A' : *last + 1);
        INVALID("iban", compact, "checksum");
    }
}

static void iban_check_digits_changed_rejected(void)
{
    for (size_t i = 0; i < IBAN_EXAMPLES; i++) {
        char compact[40];
        iban_electronic(iban_registry_examples[i], compact);
        compact[3] = (char)('0' + (compact[3] - '0' + 5) % 10);
        INVALID("iban", compact, "checksum");
    }
}

static void iban_one_character_dropped_or_added_rejected(void)
{
    for (size_t i = 0; i < IBAN_EXAMPLES; i++) {
        char compact[40];
        size_t n = iban_electronic(iban_registry_examples[i], compact);
        INVALID_N("iban", compact, n - 1, "length");
        compact[n] = '0';
        INVALID_N("iban", compact, n + 1, "length");
    }
}

static void iban_adjacent_transposition_rejected(void)
{
    INVALID("iban", "FR1420041010050500013M02660", "checksum");
    INVALID("iban", "DE89370400440532031000", "checksum");
    INVALID("iban", "DE89370400440532010300", "checksum");
    INVALID("iban", "GB29NWBK60161331926891", "checksum");
}

static void iban_unknown_or_wrong_country_rejected(void)
{
    INVALID("iban", "US64SVBKUS6S3300958879", "country");
    INVALID("iban", "ZZ1420041010050500013M02606", "country");
    INVALID("iban", "DE1420041010050500013M02606", "length"); /* FR body, DE code */
    INVALID("iban", "1234567890123456", "country");
}

static void iban_bban_structure_enforced(void)
{
    /* Letter where the French bank code is numeric; check digits recomputed. */
    INVALID("iban", "FR43A0041010050500013M02606", "format");
    INVALID("iban", "FRAB20041010050500013M02606", "format");
    INVALID("iban", "GB29NWB160161331926819", "format");
    INVALID("iban", "FR14 2004 1010 0505 0001 3M02 6-6", "character");
}

static void iban_check_digits_00_01_99_rejected(void)
{
    INVALID("iban", "FR0020041010050500013M02606", "checksum");
    INVALID("iban", "FR0120041010050500013M02606", "checksum");
    INVALID("iban", "FR9920041010050500013M02606", "checksum");
}

static void iban_printed_spacing_enforced(void)
{
    INVALID("iban", "FR14 20041010050500013M02606", "format");
    INVALID("iban", "FR14  2004 1010 0505 0001 3M02 606", "format");
    INVALID("iban", "FR142 0041 0100 5050 0013 M026 06", "format");
    INVALID("iban", "FR14 2004 1010 0505 0001 3M02 606 ", "format");
    INVALID("iban", " FR14 2004 1010 0505 0001 3M02 606", "format");
    INVALID("iban", "FR14-2004-1010-0505-0001-3M02-606", "character");
    INVALID("iban", "FR14", "length");
    INVALID("iban", "FR1420041010050500013M026061234567890", "length");
}

/* ----------------------------------------------------------------- BIC */

static void bic_examples_valid(void)
{
    VALID("bic", "BNPAFRPP", "FR");
    VALID("bic", "BNPAFRPPXXX", "FR");
    VALID("bic", "DEUTDEFF", "DE");
    VALID("bic", "DEUTDEFF500", "DE");
    VALID("bic", "NEDSZAJJXXX", "ZA");
    VALID("bic", "CEBIXKPR", "XK");
    VALID("bic", "PSSTFRPPSCE", "FR");
    VALID("bic", "ABCDGB2L", "GB");
}

static void bic_unassigned_country_rejected(void)
{
    INVALID("bic", "DEUTZZFF", "country");
    INVALID("bic", "DEUTUKFF", "country"); /* UK is not ISO 3166-1 (GB is) */
    INVALID("bic", "DEUTEUFF", "country");
}

static void bic_length_and_characters_enforced(void)
{
    INVALID("bic", "DEUTDEF", "length");
    INVALID("bic", "DEUTDEFF5", "length");
    INVALID("bic", "DEUTDEFF50", "length");
    INVALID("bic", "DEUTDEFF5000", "length");
    INVALID("bic", "deutdeff", "character");
    INVALID("bic", "DEU1DEFF", "character");
    INVALID("bic", "DEUTD3FF", "character");
    INVALID("bic", "DEUTDEF-", "character");
    INVALID("bic", "DEUT DEFF", "length");
}

/* -------------------------------------------------------------- fr_nir */

static void nir_insee_examples_valid(void)
{
    VALID("fr_nir", "2 55 08 14 168 025 38", "female");
    VALID("fr_nir", "255081416802538", "female");
    VALID("fr_nir", "1 84 12 76 451 089 46", "male");
    VALID("fr_nir", "2 95 10 99 126 111 93", "female"); /* born abroad (99) */
    VALID("fr_nir", "2 69 05 49 588 157 80", "female");
    VALID("fr_nir", "185057800608491", "male");
}

static void nir_corsica_2a_2b_use_insee_substitution(void)
{
    VALID("fr_nir", "253072B07300470", "female");
    VALID("fr_nir", "253072A07300443", "female");
    VALID("fr_nir", "2 53 07 2A 073 004 43", "female");
    VALID("fr_nir", "253072a07300443", "female");
    INVALID("fr_nir", "253072A07300470", "checksum"); /* 2B's key on 2A */
    INVALID("fr_nir", "253072C07300443", "character");
    INVALID("fr_nir", "253073A07300443", "character"); /* 3A is no department */
}

static void nir_key_wrong_rejected(void)
{
    INVALID("fr_nir", "295109912611199", "checksum");
    INVALID("fr_nir", "2 55 08 14 168 025 39", "checksum");
    INVALID("fr_nir", "2 55 08 14 168 026 38", "checksum");
    INVALID("fr_nir", "1 55 08 14 168 025 38", "checksum");
    INVALID("fr_nir", "185057800608400", "checksum");
}

static void nir_pseudo_months_accepted_and_others_rejected(void)
{
    VALID("fr_nir", "185207800608440", "male");   /* month 20 */
    VALID("fr_nir", "185427800608404", "male");   /* month 42 */
    VALID("fr_nir", "185507800608435", "male");   /* month 50 */
    VALID("fr_nir", "185997800608443", "male");   /* month 99 */
    INVALID("fr_nir", "185137800608425", "range"); /* month 13 */
    INVALID("fr_nir", "185197800608424", "range"); /* month 19 */
    INVALID("fr_nir", "185437800608420", "range"); /* month 43 */
}

static void nir_first_digit_gives_sex_or_temporary(void)
{
    VALID("fr_nir", "385057800608488", "temporary");
    VALID("fr_nir", "485057800608438", "temporary");
    VALID("fr_nir", "785057800608482", "temporary");
    VALID("fr_nir", "885057800608432", "temporary");
    INVALID("fr_nir", "585057800608485", "range");
}

static void nir_department_00_and_order_000_rejected(void)
{
    INVALID("fr_nir", "185050000608463", "range");
    INVALID("fr_nir", "185057800600078", "range");
}

static void nir_overseas_three_digit_department_spacing(void)
{
    VALID("fr_nir", "1 85 05 971 23 084 45", "male");
    VALID("fr_nir", "1 85 05 97 123 084 45", "male");
    INVALID("fr_nir", "1 85 05 780 06 084 91", "format"); /* DDD only for 97x/98x */
}

static void nir_spacing_and_length_enforced(void)
{
    INVALID("fr_nir", "1 85 05 78 006 084 9 1", "format");
    INVALID("fr_nir", "1  85 05 78 006 084 91", "format");
    INVALID("fr_nir", "18 5 05 78 006 084 91", "format");
    INVALID("fr_nir", "1 85 05 78 006 084 91 ", "format");
    INVALID("fr_nir", "1.85.05.78.006.084.91", "character");
    INVALID("fr_nir", "18505780060849", "length");
    INVALID("fr_nir", "1850578006084911", "length");
    INVALID("fr_nir", "1 85 05 78 006 084", "length");
    INVALID("fr_nir", "1850578006084911111111", "length");
}

/* ---------------------------------------------------------- SIREN/SIRET */

static void siren_la_poste_and_others_valid(void)
{
    VALID("fr_siren", "356000000", NULL);
    VALID("fr_siren", "356 000 000", NULL);
    VALID("fr_siren", "732829320", NULL);
    VALID("fr_siren", "732 829 320", NULL);
    VALID("fr_siren", "552100554", NULL);
    VALID("fr_siren", "303265045", NULL);
}

static void siren_one_digit_changed_rejected(void)
{
    INVALID("fr_siren", "356000001", "checksum");
    INVALID("fr_siren", "732829321", "checksum");
    INVALID("fr_siren", "372829320", "checksum");
}

static void siren_format_enforced(void)
{
    INVALID("fr_siren", "000000000", "reserved");
    INVALID("fr_siren", "35600000", "length");
    INVALID("fr_siren", "3560000000", "length");
    INVALID("fr_siren", "35600000A", "character");
    INVALID("fr_siren", "3560 00000", "format");
    INVALID("fr_siren", "356  000 000", "format");
    INVALID("fr_siren", "356.000.000", "character");
}

static void siret_la_poste_head_office_and_establishments_valid(void)
{
    VALID("fr_siret", "35600000000048", NULL);  /* head office: Luhn */
    VALID("fr_siret", "35600000049837", NULL);  /* digit sum multiple of 5 */
    VALID("fr_siret", "356 000 000 49837", NULL);
    VALID("fr_siret", "73282932000074", NULL);
    VALID("fr_siret", "732 829 320 00074", NULL);
}

static void siret_near_misses_rejected(void)
{
    INVALID("fr_siret", "35600000049838", "checksum"); /* La Poste sum rule broken */
    INVALID("fr_siret", "35600000000049", "checksum");
    INVALID("fr_siret", "73282932000075", "checksum");
    INVALID("fr_siret", "73282932100072", "checksum"); /* SIRET Luhn ok, SIREN part not */
    INVALID("fr_siret", "00000000000000", "reserved");
    INVALID("fr_siret", "7328293200007", "length");
    INVALID("fr_siret", "732829320000745", "length");
    INVALID("fr_siret", "732 829 320 000 74", "format");
    INVALID("fr_siret", "7328293200007X", "character");
}

/* --------------------------------------------------------------- fr_tva */

static void tva_numeric_key_examples_valid(void)
{
    VALID("fr_tva", "FR 40 303 265 045", NULL);
    VALID("fr_tva", "FR40303265045", NULL);
    VALID("fr_tva", "FR40 303265045", NULL);
    VALID("fr_tva", "fr40303265045", NULL);
    VALID("fr_tva", "FR23334175221", NULL);
    VALID("fr_tva", "FR44732829320", NULL);
}

static void tva_alphanumeric_key_examples_valid(void)
{
    VALID("fr_tva", "FRK7399859412", NULL);
    VALID("fr_tva", "FR4Z123456782", NULL);
    VALID("fr_tva", "FRk7399859412", NULL);
    INVALID("fr_tva", "FRK7399859413", "checksum");
    INVALID("fr_tva", "FRIO334175221", "character"); /* I and O are not used */
}

static void tva_wrong_key_or_siren_rejected(void)
{
    INVALID("fr_tva", "FR41303265045", "checksum");
    INVALID("fr_tva", "FR84323140391", "checksum");
    INVALID("fr_tva", "FR32123456789", "checksum"); /* right key, SIREN fails Luhn */
    INVALID("fr_tva", "FR40303265046", "checksum");
}

static void tva_monaco_numbers_skip_siren_luhn(void)
{
    VALID("fr_tva", "FR34000123456", "MC");
    INVALID("fr_tva", "FR35000123456", "checksum");
}

static void tva_country_length_and_spacing_enforced(void)
{
    INVALID("fr_tva", "DE40303265045", "country");
    INVALID("fr_tva", "4030326504512", "country");
    INVALID("fr_tva", "FR4030326504", "length");
    INVALID("fr_tva", "FR403032650455", "length");
    INVALID("fr_tva", "FR 40 30 3265 045", "format");
    INVALID("fr_tva", "FR  40303265045", "format");
    INVALID("fr_tva", "FR-40-303-265-045", "length");
    INVALID("fr_tva", "FR4030326504A", "character");
}

/* ---------------------------------------------------------------- email */

static void email_common_addresses_valid(void)
{
    VALID("email", "user@example.com", NULL);
    VALID("email", "jean.dupont@example.fr", NULL);
    VALID("email", "first.last+tag@sub.example.co.uk", NULL);
    VALID("email", "o'brien@example.ie", NULL);
    VALID("email", "x@example.museum", NULL);
    VALID("email", "a@b.co", NULL);
    VALID("email", "!#$%&'*+-/=?^_`{|}~@example.org", NULL);
    VALID("email", "USER@EXAMPLE.COM", NULL);
    VALID("email", "user@123.example.com", NULL);
    VALID("email", "user@my-host.example.com", NULL);
}

static void email_internationalised_addresses_valid(void)
{
    VALID("email", "jos\xC3\xA9@ex\xC3\xA4mple.com", NULL);
    VALID("email", "user@xn--bcher-kva.ch", NULL);
    VALID("email", "user@b\xC3\xBC" "cher.ch", NULL);
    VALID("email", "\xE7\x94\xA8\xE6\x88\xB7@\xE4\xBE\x8B\xE5\xAD\x90.\xE5\xB9\xBF\xE5\x91\x8A", NULL);
    VALID("email", "user@example.xn--p1ai", NULL);
    VALID("email", "user@\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80.\xD1\x80\xD1\x84", NULL);
}

static void email_dots_in_local_part_enforced(void)
{
    INVALID("email", ".user@example.com", "format");
    INVALID("email", "user.@example.com", "format");
    INVALID("email", "us..er@example.com", "format");
    INVALID("email", "@example.com", "format");
}

static void email_quoted_local_and_ip_literal_rejected(void)
{
    INVALID("email", "\"john doe\"@example.com", "character");
    INVALID("email", "\"john\"@example.com", "character");
    INVALID("email", "user@[192.168.0.1]", "character");
    INVALID("email", "user@[IPv6:2001:db8::1]", "character");
    INVALID("email", "user(comment)@example.com", "character");
    INVALID("email", "John <user@example.com>", "character");
}

static void email_domain_rules_enforced(void)
{
    INVALID("email", "user@localhost", "format");
    INVALID("email", "user@example", "format");
    INVALID("email", "user@example.c", "format");
    INVALID("email", "user@example.123", "format");
    INVALID("email", "user@example.c0m", "format");
    INVALID("email", "user@-example.com", "format");
    INVALID("email", "user@example-.com", "format");
    INVALID("email", "user@exa_mple.com", "character");
    INVALID("email", "user@example..com", "format");
    INVALID("email", "user@.example.com", "format");
    INVALID("email", "user@example.com.", "format");
    INVALID("email", "user@ab--cd.com", "format");
    INVALID("email", "user@exa mple.com", "character");
    INVALID("email", "user@example.com@example.com", "character");
    INVALID("email", "user@", "format");
    INVALID("email", "userexample.com", "format");
}

static void email_length_limits_enforced(void)
{
    char buf[400];
    /* local part: 64 octets pass, 65 fail (RFC 5321 §4.5.3.1.1) */
    memset(buf, 'a', 64);
    strcpy(buf + 64, "@example.com");
    VALID("email", buf, NULL);
    memset(buf, 'a', 65);
    strcpy(buf + 65, "@example.com");
    INVALID("email", buf, "length");
    /* label: 63 octets pass, 64 fail */
    strcpy(buf, "a@");
    memset(buf + 2, 'b', 63);
    strcpy(buf + 65, ".com");
    VALID("email", buf, NULL);
    strcpy(buf, "a@");
    memset(buf + 2, 'b', 64);
    strcpy(buf + 66, ".com");
    INVALID("email", buf, "length");
    /* whole address: 254 pass, 255 fail */
    strcpy(buf, "a@");
    for (size_t i = 0; i < 4; i++) {
        memset(buf + 2 + i * 62, 'c', 61);
        buf[2 + i * 62 + 61] = '.';
    }
    strcpy(buf + 2 + 4 * 62, "abcd");
    CU_ASSERT_EQUAL(strlen(buf), 254);
    VALID("email", buf, NULL);
    strcpy(buf + 2 + 4 * 62, "abcde");
    INVALID("email", buf, "length");
}

static void email_idn_label_measured_as_punycode(void)
{
    char buf[200];
    /* 20 x "é": xn-- + 22 characters, fine; 60 x "é": xn-- + 62 = 66 > 63. */
    size_t n = 0;
    buf[n++] = 'a';
    buf[n++] = '@';
    for (int i = 0; i < 20; i++) {
        buf[n++] = '\xC3';
        buf[n++] = '\xA9';
    }
    memcpy(buf + n, ".fr", 4);
    VALID("email", buf, NULL);
    n = 2;
    for (int i = 0; i < 60; i++) {
        buf[n++] = '\xC3';
        buf[n++] = '\xA9';
    }
    memcpy(buf + n, ".fr", 4);
    INVALID("email", buf, "length");
}

static void email_bad_utf8_and_unsafe_characters_rejected(void)
{
    INVALID("email", "\xC3\x28@example.com", "encoding");
    INVALID("email", "\xC0\xAF@example.com", "encoding");         /* overlong "/" */
    INVALID("email", "\xED\xA0\x80@example.com", "encoding");     /* surrogate */
    INVALID("email", "\xF4\x90\x80\x80@example.com", "encoding"); /* > U+10FFFF */
    INVALID("email", "user@ex\xFF" "ample.com", "encoding");
    INVALID("email", "user\xEF\xBC\xA0" "example.com", "format");          /* full-width @ */
    INVALID("email", "us\xC2\xA0" "er@example.com", "character");          /* no-break space */
    INVALID("email", "us\xE2\x80\x8B" "er@example.com", "character");      /* zero-width space */
    INVALID("email", "user@example\xE3\x80\x82" "com", "character");       /* ideographic dot */
    INVALID("email", "user@exa\xEF\xBB\xBFmple.com", "character");         /* BOM */
    INVALID_N("email", "us\0er@example.com", 17, "character");
}

/* ---------------------------------------------------------------- phone */

static void phone_french_national_forms_valid(void)
{
    VALID("phone", "06 12 34 56 78", "mobile");
    VALID("phone", "0612345678", "mobile");
    VALID("phone", "06.12.34.56.78", "mobile");
    VALID("phone", "06-12-34-56-78", "mobile");
    VALID("phone", "07 56 12 34 56", "mobile");
    VALID("phone", "01 23 45 67 89", "fixed");
    VALID("phone", "05 56 12 34 56", "fixed");
    VALID("phone", "08 00 12 34 56", "special");
    VALID("phone", "09 51 23 45 67", "voip");
}

static void phone_french_overseas_national_forms_valid(void)
{
    VALID("phone", "0262 12 34 56", "fixed");   /* La Réunion */
    VALID("phone", "0692 12 34 56", "mobile");  /* La Réunion */
    VALID("phone", "0639 12 34 56", "mobile");  /* Mayotte */
    VALID("phone", "0690 12 34 56", "mobile");  /* Guadeloupe */
    VALID("phone", "0694 12 34 56", "mobile");  /* Guyane */
    VALID("phone", "0696 12 34 56", "mobile");  /* Martinique */
    VALID("phone", "0596 12 34 56", "fixed");   /* Martinique */
}

static void phone_french_international_forms_valid(void)
{
    VALID("phone", "+33 6 12 34 56 78", "mobile");
    VALID("phone", "+33612345678", "mobile");
    VALID("phone", "+33 (0)6 12 34 56 78", "mobile");
    VALID("phone", "+33(0)612345678", "mobile");
    VALID("phone", "0033 6 12 34 56 78", "mobile");
    VALID("phone", "0033612345678", "mobile");
    VALID("phone", "+33 1 23 45 67 89", "fixed");
    VALID("phone", "+33 9 51 23 45 67", "voip");
    VALID("phone", "+33 8 00 12 34 56", "special");
    VALID("phone", "+33.6.12.34.56.78", "mobile");
}

static void phone_french_overseas_country_codes_valid(void)
{
    VALID("phone", "+262 692 12 34 56", "mobile");
    VALID("phone", "+262 262 12 34 56", "fixed");
    VALID("phone", "+262 639 12 34 56", "mobile");
    VALID("phone", "+262 269 61 23 45", "fixed");
    VALID("phone", "+590 690 12 34 56", "mobile");
    VALID("phone", "+590 590 12 34 56", "fixed");
    VALID("phone", "+594 694 12 34 56", "mobile");
    VALID("phone", "+594 594 12 34 56", "fixed");
    VALID("phone", "+596 696 12 34 56", "mobile");
    VALID("phone", "+596 596 12 34 56", "fixed");
    INVALID("phone", "+596 123 45 67 89", "range");
    INVALID("phone", "+262 692 12 34 5", "length");
}

static void phone_other_countries_give_iso_code(void)
{
    VALID("phone", "+1 212 555 0123", "US");
    VALID("phone", "+1 (212) 555-0123", "US");
    VALID("phone", "+1 416 555 0123", "CA");
    VALID("phone", "+1 809 555 0123", "DO");
    VALID("phone", "+44 20 7946 0958", "GB");
    VALID("phone", "+44 1624 123456", "IM");
    VALID("phone", "+44 (0)20 7946 0958", "GB");
    VALID("phone", "+49 30 123456", "DE");
    VALID("phone", "+49 30 12345678", "DE");
    VALID("phone", "+7 701 123 4567", "KZ");
    VALID("phone", "+7 495 123 45 67", "RU");
    VALID("phone", "+32 2 123 45 67", "BE");
    VALID("phone", "+41 44 668 18 00", "CH");
    VALID("phone", "+352 26 12 34", "LU");
    VALID("phone", "+377 93 15 26 00", "MC");
    VALID("phone", "+81 3 1234 5678", "JP");
    VALID("phone", "+269 321 23 45", "KM");
    VALID("phone", "+687 26 12 34", "NC");
    VALID("phone", "+689 40 12 34 56", "PF");
    VALID("phone", "+508 41 12 34", "PM");
    VALID("phone", "+358 18 123456", "AX");
    VALID("phone", "0049 30 123456", "DE");
}

static void phone_global_services_have_no_country(void)
{
    VALID("phone", "+800 1234 5678", NULL);
    VALID("phone", "+882 1234 5678", NULL);
}

static void phone_french_unopened_ranges_rejected(void)
{
    INVALID("phone", "07 01 23 45 67", "range");
    INVALID("phone", "07 21 23 45 67", "range");
    INVALID("phone", "+33 7 01 23 45 67", "range");
    INVALID("phone", "+33 0 12 34 56 78", "range");
}

static void phone_possible_accepts_unopened_french_blocks(void)
{
    VALID("phone_possible", "07 01 23 45 67", "possible");
    VALID("phone_possible", "+33 7 21 23 45 67", "possible");
    VALID("phone_possible", "06 12 34 56 78", "mobile");
    VALID("phone_possible", "+44 20 7946 0958", "GB");
    INVALID("phone_possible", "+33 0 12 34 56 78", "range");
    INVALID("phone_possible", "07 01 23 45 6", "length");
    INVALID("phone_possible", "+999 12 34 56", "country");
    INVALID("phone_possible", "+1 112 555 0100", "range"); /* NANP area codes never start with 1 */
    INVALID("phone_possible", "", "empty");
}

static void phone_wrong_lengths_rejected(void)
{
    INVALID("phone", "06 12 34 56 7", "length");
    INVALID("phone", "06 12 34 56 78 9", "length");
    INVALID("phone", "+33 6 12 34 56 789", "length");
    INVALID("phone", "+33 06 12 34 56 78", "length"); /* trunk 0 kept */
    INVALID("phone", "0033 6 12", "length");
    INVALID("phone", "00 12 34 56 78", "length");
    INVALID("phone", "+1 212 555 012", "length");
    INVALID("phone", "+49 1234567890123456", "length");
    INVALID("phone", "+1234567890123456", "length");
    INVALID("phone", "+33", "length");
}

static void phone_unknown_country_code_rejected(void)
{
    INVALID("phone", "+999 123 456 789", "country");
    INVALID("phone", "+0 123 456 789", "country");
    INVALID("phone", "00999 123 456", "country");
}

static void phone_nanp_area_and_exchange_rules(void)
{
    INVALID("phone", "+1 112 555 0123", "range");
    INVALID("phone", "+1 212 155 0123", "range");
    INVALID("phone", "+1 012 555 0123", "range");
}

static void phone_separators_and_characters_enforced(void)
{
    INVALID("phone", "06 12 AB 56 78", "character");
    INVALID("phone", "06/12/34/56/78", "character");
    INVALID("phone", "tel:+33612345678", "character");
    INVALID("phone", "++33612345678", "character");
    INVALID("phone", "+33 6  12 34 56 78", "format");
    INVALID("phone", "+ 33 6 12 34 56 78", "format");
    INVALID("phone", "06 12 34 56 78 ", "format");
    INVALID("phone", "-06 12 34 56 78", "format");
    INVALID("phone", "+1 (212 555-0123", "format");
    INVALID("phone", "+1 212) 555-0123", "format");
    INVALID("phone", "+1 (212) (555) 0123", "format");
    INVALID("phone", "+(33) 6 12 34 56 78", "format");
    INVALID("phone", "+3(3) 6 12 34 56 78", "format");
    INVALID("phone", "(0)6 12 34 56 78", "format");
    INVALID("phone", "612345678", "format");
    INVALID("phone", "1 212 555 0123", "format");
    INVALID("phone", "+33 6 12 34 56 78 90 12 34 56 78 90 12 34 56 78", "length");
}

/* ----------------------------------------------------------------- IPv4 */

static void ipv4_dotted_quads_valid(void)
{
    VALID("ipv4", "192.0.2.1", NULL);
    VALID("ipv4", "0.0.0.0", NULL);
    VALID("ipv4", "127.0.0.1", NULL);
    VALID("ipv4", "255.255.255.255", NULL);
    VALID("ipv4", "10.0.10.200", NULL);
    VALID("ipv4", "8.8.8.8", NULL);
}

static void ipv4_out_of_range_octets_rejected(void)
{
    INVALID("ipv4", "256.1.1.1", "range");
    INVALID("ipv4", "1.1.1.256", "range");
    INVALID("ipv4", "999.1.1.1", "range");
    INVALID("ipv4", "1234.1.1.1", "range");
}

static void ipv4_leading_zeros_and_shapes_rejected(void)
{
    INVALID("ipv4", "01.2.3.4", "format");
    INVALID("ipv4", "1.2.3.04", "format");
    INVALID("ipv4", "1.2.3.00", "format");
    INVALID("ipv4", "1.2.3", "format");
    INVALID("ipv4", "1.2.3.4.5", "format");
    INVALID("ipv4", "1..2.3", "format");
    INVALID("ipv4", "1.2.3.", "format");
    INVALID("ipv4", ".1.2.3", "format");
    INVALID("ipv4", "1.2.3.-4", "format");
    INVALID("ipv4", "1.2.3.4/24", "format");
    INVALID("ipv4", "1.2.3.4:80", "format");
    INVALID("ipv4", "a.b.c.d", "format");
    INVALID("ipv4", "0x7f.0.0.1", "format");
    INVALID("ipv4", "1.2.3.4 ", "format");
    INVALID("ipv4", "255.255.255.2555", "length");
}

/* ----------------------------------------------------------------- IPv6 */

static void ipv6_rfc4291_examples_valid(void)
{
    VALID("ipv6", "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", NULL);
    VALID("ipv6", "2001:DB8:0:0:8:800:200C:417A", NULL);
    VALID("ipv6", "2001:DB8::8:800:200C:417A", NULL);
    VALID("ipv6", "FF01::101", NULL);
    VALID("ipv6", "::1", NULL);
    VALID("ipv6", "::", NULL);
    VALID("ipv6", "0:0:0:0:0:0:13.1.68.3", NULL);
    VALID("ipv6", "::13.1.68.3", NULL);
    VALID("ipv6", "::FFFF:129.144.52.38", NULL);
    VALID("ipv6", "2001:0db8:0000:0000:0000:ff00:0042:8329", NULL);
    VALID("ipv6", "fe80::", NULL);
    VALID("ipv6", "1:2:3:4:5:6:7::", NULL);
    VALID("ipv6", "::2:3:4:5:6:7:8", NULL);
    VALID("ipv6", "1::8", NULL);
}

static void ipv6_double_compression_rejected(void)
{
    INVALID("ipv6", "2001:db8::1::1", "format");
    INVALID("ipv6", "::1::", "format");
    INVALID("ipv6", ":::", "format");
    INVALID("ipv6", "1:::2", "format");
}

static void ipv6_group_count_and_size_enforced(void)
{
    INVALID("ipv6", "1:2:3:4:5:6:7:8:9", "format");
    INVALID("ipv6", "1:2:3:4:5:6:7", "format");
    INVALID("ipv6", "::1:2:3:4:5:6:7:8", "format");
    INVALID("ipv6", "12345::", "format");
    INVALID("ipv6", "g::1", "format");
    INVALID("ipv6", "2001:db8:", "format");
    INVALID("ipv6", ":2001:db8::1", "format");
    INVALID("ipv6", "1", "format");
    INVALID("ipv6", "1:2:3:4:5:6:7:8:1.2.3.4", "format");
}

static void ipv6_embedded_ipv4_rules_enforced(void)
{
    INVALID("ipv6", "::1.2.3", "format");
    INVALID("ipv6", "::256.1.1.1", "format");
    INVALID("ipv6", "1.2.3.4::", "format");
    INVALID("ipv6", "::1.2.3.4:5", "format");
    INVALID("ipv6", "::01.2.3.4", "format");
    INVALID("ipv6", "1.2.3.4", "format");
}

static void ipv6_zone_and_brackets_rejected(void)
{
    INVALID("ipv6", "fe80::1%eth0", "character");
    INVALID("ipv6", "fe80::1%25eth0", "character");
    INVALID("ipv6", "[::1]", "format");
    INVALID("ipv6", "::1/128", "format");
    INVALID("ipv6", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2550", "length");
}

/* ------------------------------------------------------------------ MAC */

static void mac_colon_dash_and_dot_forms_valid(void)
{
    VALID("mac", "00:1A:2B:3C:4D:5E", NULL);
    VALID("mac", "00-1a-2b-3c-4d-5e", NULL);
    VALID("mac", "001a.2b3c.4d5e", NULL);
    VALID("mac", "AC:DE:48:00:11:22", NULL);
    VALID("mac", "02:00:5e:10:00:00", NULL);
}

static void mac_mixed_or_missing_separators_rejected(void)
{
    INVALID("mac", "00:1A-2B:3C:4D:5E", "format");
    INVALID("mac", "00.1A.2B.3C.4D.5E", "format");
    INVALID("mac", "001A2B3C4D5E", "length");
    INVALID("mac", "00:1A:2B:3C:4D", "length");
    INVALID("mac", "0:1A:2B:3C:4D:5E", "length");
    INVALID("mac", "00:1A:2B:3C:4D:5E:6F", "length");
    INVALID("mac", "001a:2b3c:4d5e", "format");
    INVALID("mac", "00:1G:2B:3C:4D:5E", "character");
}

static void mac_null_and_broadcast_are_reserved(void)
{
    INVALID("mac", "00:00:00:00:00:00", "reserved");
    INVALID("mac", "ff:ff:ff:ff:ff:ff", "reserved");
    INVALID("mac", "FF-FF-FF-FF-FF-FF", "reserved");
    INVALID("mac", "0000.0000.0000", "reserved");
}

/* ----------------------------------------------------------------- UUID */

static void uuid_rfc9562_examples_give_version(void)
{
    VALID("uuid", "c232ab00-9414-11ec-b3c8-9f6bdeced846", "1");
    VALID("uuid", "5df41881-3aed-3515-88a7-2f4a814cf09e", "3");
    VALID("uuid", "919108f7-52d1-4320-9bac-f847db4148a8", "4");
    VALID("uuid", "2ed6657d-e927-568b-95e1-2665a8aea6a2", "5");
    VALID("uuid", "1ec9414c-232a-6b00-b3c8-9f6bdeced846", "6");
    VALID("uuid", "017f22e2-79b0-7cc3-98c4-dc0c0c07398f", "7");
    VALID("uuid", "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", "8");
    VALID("uuid", "919108F7-52D1-4320-9BAC-F847DB4148A8", "4");
}

static void uuid_nil_and_max_are_reserved(void)
{
    INVALID("uuid", "00000000-0000-0000-0000-000000000000", "reserved");
    INVALID("uuid", "ffffffff-ffff-ffff-ffff-ffffffffffff", "reserved");
    INVALID("uuid", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "reserved");
}

static void uuid_version_and_variant_enforced(void)
{
    INVALID("uuid", "919108f7-52d1-0320-9bac-f847db4148a8", "format"); /* version 0 */
    INVALID("uuid", "919108f7-52d1-9320-9bac-f847db4148a8", "format"); /* version 9 */
    INVALID("uuid", "919108f7-52d1-f320-9bac-f847db4148a8", "format");
    INVALID("uuid", "919108f7-52d1-4320-1bac-f847db4148a8", "format"); /* NCS variant */
    INVALID("uuid", "919108f7-52d1-4320-cbac-f847db4148a8", "format"); /* Microsoft */
}

static void uuid_layout_enforced(void)
{
    INVALID("uuid", "919108f752d143209bacf847db4148a8", "length");
    INVALID("uuid", "{919108f7-52d1-4320-9bac-f847db4148a8}", "length");
    INVALID("uuid", "urn:uuid:919108f7-52d1-4320-9bac-f847db4148a8", "length");
    INVALID("uuid", "919108f7-52d14-320-9bac-f847db4148a8", "format");
    INVALID("uuid", "919108g7-52d1-4320-9bac-f847db4148a8", "character");
    INVALID("uuid", "919108f7 52d1 4320 9bac f847db4148a8", "format");
}

/* ------------------------------------------------------------------ URL */

static void url_http_and_https_valid(void)
{
    VALID("url", "http://example.com", "http");
    VALID("url", "https://example.com/", "https");
    VALID("url", "HTTPS://Example.COM/Path?q=1#frag", "https");
    VALID("url", "https://www.example.org:8443/a/b.html", "https");
    VALID("url", "http://example.com?x=1", "http");
    VALID("url", "http://example.com#top", "http");
    VALID("url", "https://example.com/%7Euser/file.txt", "https");
    VALID("url", "https://user@example.com/", "https");
    VALID("url", "https://user:secret@example.com/", "https");
    VALID("url", "https://xn--bcher-kva.ch/", "https");
    VALID("url", "https://example.com/a/b;c=d?e=f&g=h+i#j/k?l", "https");
    VALID("url", "http://example.com:65535/", "http");
}

static void url_ip_hosts_valid(void)
{
    VALID("url", "http://192.0.2.1/", "http");
    VALID("url", "http://192.0.2.1:8080/x", "http");
    VALID("url", "http://[2001:db8::1]/", "http");
    VALID("url", "http://[2001:db8::1]:8080/", "http");
    VALID("url", "http://[::ffff:192.0.2.1]/", "http");
}

static void url_other_schemes_and_shapes_rejected(void)
{
    INVALID("url", "ftp://example.com/", "format");
    INVALID("url", "mailto:user@example.com", "format");
    INVALID("url", "http:/example.com", "format");
    INVALID("url", "http//example.com", "format");
    INVALID("url", "www.example.com", "format");
    INVALID("url", "http://", "format");
    INVALID("url", "https://", "format");
}

static void url_host_rules_enforced(void)
{
    INVALID("url", "http://example/", "format");
    INVALID("url", "http://localhost:8080/", "format");
    INVALID("url", "http://-example.com/", "format");
    INVALID("url", "http://example-.com/", "format");
    INVALID("url", "http://exa_mple.com/", "format");
    INVALID("url", "http://example..com/", "format");
    INVALID("url", "http://example.com./", "format");
    INVALID("url", "http://999.1.1.1/", "format");
    INVALID("url", "http://1.2.3/", "format");
    INVALID("url", "http://[::1/", "format");
    INVALID("url", "http://[::1]x/", "format");
    INVALID("url", "http://[fe80::1%25eth0]/", "format");
    INVALID("url", "http://b\xC3\xBC" "cher.ch/", "format");
    INVALID("url", "http://a@b@example.com/", "character");
}

static void url_port_range_enforced(void)
{
    INVALID("url", "http://example.com:0/", "range");
    INVALID("url", "http://example.com:65536/", "range");
    INVALID("url", "http://example.com:123456/", "range");
    INVALID("url", "http://example.com:/", "range");
    INVALID("url", "http://example.com:8o/", "range");
}

static void url_path_characters_enforced(void)
{
    INVALID("url", "http://example.com/a b", "character");
    INVALID("url", "http://exa mple.com/", "format");
    INVALID("url", "http://example.com/%zz", "character");
    INVALID("url", "http://example.com/%4", "character");
    INVALID("url", "http://example.com/<script>", "character");
    INVALID("url", "http://example.com/\xC3\xA9", "character");
    INVALID("url", "http://example.com/a#b#c", "character");
    INVALID("url", "http://example.com/a\"b", "character");
    INVALID("url", "http://example.com/a\\b", "character");
    INVALID_N("url", "http://example.com/a\0b", 22, "character");
}

/* ----------------------------------------------------------------- date */

static void date_iso_and_french_forms_valid(void)
{
    VALID("date", "2024-02-29", "iso");
    VALID("date", "1989-07-14", "iso");
    VALID("date", "29/02/2024", "dmy");
    VALID("date", "29.02.2024", "dmy");
    VALID("date", "1/2/2024", "dmy");
    VALID("date", "1.2.2024", "dmy");
    VALID("date", "01/12/1999", "dmy");
    VALID("date", "31/12/2099", "dmy");
    VALID("date", "2000-02-29", "iso");
}

static void date_year_range_is_1000_to_9999(void)
{
    VALID("date", "1000-01-01", "iso");
    VALID("date", "9999-12-31", "iso");
    INVALID("date", "0999-12-31", "range");
    INVALID("date", "0000-01-01", "range");
    INVALID("date", "01/01/0999", "range");
}

static void date_impossible_days_rejected(void)
{
    INVALID("date", "2023-02-29", "range");
    INVALID("date", "1900-02-29", "range"); /* not a leap year (century) */
    INVALID("date", "2024-02-30", "range");
    INVALID("date", "2024-04-31", "range");
    INVALID("date", "2024-13-01", "range");
    INVALID("date", "2024-00-10", "range");
    INVALID("date", "2024-01-00", "range");
    INVALID("date", "2024-01-32", "range");
    INVALID("date", "31/04/2024", "range");
    INVALID("date", "29.02.2023", "range");
    INVALID("date", "0/1/2024", "range");
}

static void date_other_layouts_rejected(void)
{
    INVALID("date", "2024/02/29", "format");
    INVALID("date", "29-02-2024", "format");
    INVALID("date", "29/02.2024", "format");
    INVALID("date", "2024-2-29", "format");
    INVALID("date", "29/02/24", "format");
    INVALID("date", "123/1/2024", "format");
    INVALID("date", "123/01/2024", "length");
    INVALID("date", "2024-02-2a", "format");
    INVALID("date", "20240229", "format");
    INVALID("date", "2024-02-29T10:00", "length");
    INVALID("date", "1/1/24", "length");
}

/* ------------------------------------------------------------------ GPS */

static void gps_decimal_pairs_valid(void)
{
    VALID("gps", "48.8584, 2.2945", NULL);
    VALID("gps", "48.8584,2.2945", NULL);
    VALID("gps", "48.8584 2.2945", NULL);
    VALID("gps", "48.8584 , 2.2945", NULL);
    VALID("gps", "-33.8688, 151.2093", NULL);
    VALID("gps", "+45.123, -73.567", NULL);
    VALID("gps", "0.000, 0.000", NULL);
    VALID("gps", "48.858370, 2.294481", NULL);
}

static void gps_limits_inclusive(void)
{
    VALID("gps", "90.000, 180.000", NULL);
    VALID("gps", "-90.0000, -180.0000", NULL);
    INVALID("gps", "90.001, 0.000", "range");
    INVALID("gps", "-90.001, 0.000", "range");
    INVALID("gps", "0.000, 180.001", "range");
    INVALID("gps", "91.000, 0.000", "range");
    INVALID("gps", "0.000, 181.000", "range");
    INVALID("gps", "1234.000, 1.000", "range");
}

static void gps_needs_three_decimals(void)
{
    INVALID("gps", "12, 45", "format");
    INVALID("gps", "12.34, 45.67", "format");
    INVALID("gps", "48.858, 2.29", "format");
    INVALID("gps", "48.8584, 2", "format");
}

static void gps_layout_enforced(void)
{
    INVALID("gps", "48.8584;2.2945", "format");
    INVALID("gps", "48.8584,  2.2945", "format");
    INVALID("gps", "48.8584  2.2945", "format");
    INVALID("gps", "48.8584,,2.2945", "format");
    INVALID("gps", "48.8584, 2.2945 ", "format");
    INVALID("gps", "048.8584, 2.2945", "format");
    INVALID("gps", ".8584, 2.2945", "format");
    INVALID("gps", "48.8584", "format");
    INVALID("gps", "48.8584, 2.2945, 3.0000", "format");
    INVALID("gps", "48,8584 2,2945", "format");
    INVALID("gps", "N48.8584 E2.2945", "format");
    INVALID("gps", "48.8584, 2.29450000000000000000000000000000000000000000000000000000001", "length");
}

/* ----------------------------------------------------------------- main */

typedef struct test_entry {
    const char *name;
    CU_TestFunc fn;
} test_entry;

#define TEST(f) { #f, f }

static const test_entry tests[] = {
    TEST(validator_count_is_eighteen_in_fixed_order),
    TEST(validator_find_resolves_every_listed_name),
    TEST(validator_find_gives_the_same_verdict_as_validate),
    TEST(validate_unknown_name_is_not_found),
    TEST(validate_null_arguments_are_einval),
    TEST(validate_null_value_with_zero_length_is_empty),
    TEST(every_validator_accepts_its_sample),
    TEST(every_validator_rejects_empty_value),
    TEST(every_validator_rejects_inner_nul),
    TEST(every_validator_rejects_surrounding_whitespace),
    TEST(every_prefix_of_every_sample_is_read_within_bounds),
    TEST(every_validator_rejects_megabyte_fillers),
    TEST(every_validator_rejects_megabyte_of_nuls),
    TEST(every_validator_rejects_invalid_utf8),
    TEST(luhn_known_numbers_valid),
    TEST(luhn_one_digit_changed_rejected),
    TEST(luhn_adjacent_transposition_rejected),
    TEST(luhn_non_digits_and_short_input_rejected),
    TEST(card_visa_test_numbers_valid),
    TEST(card_mastercard_classic_and_2_series_valid),
    TEST(card_amex_valid_in_4_6_5_grouping),
    TEST(card_discover_ranges_valid),
    TEST(card_jcb_diners_unionpay_maestro_valid),
    TEST(card_one_digit_changed_rejected),
    TEST(card_unknown_issuer_rejected),
    TEST(card_length_wrong_for_brand_rejected),
    TEST(card_groupings_and_separators_enforced),
    TEST(iban_fr_example_valid),
    TEST(iban_every_registry_country_example_valid),
    TEST(iban_every_registry_country_lower_case_valid),
    TEST(iban_one_character_changed_rejected),
    TEST(iban_check_digits_changed_rejected),
    TEST(iban_one_character_dropped_or_added_rejected),
    TEST(iban_adjacent_transposition_rejected),
    TEST(iban_unknown_or_wrong_country_rejected),
    TEST(iban_bban_structure_enforced),
    TEST(iban_check_digits_00_01_99_rejected),
    TEST(iban_printed_spacing_enforced),
    TEST(bic_examples_valid),
    TEST(bic_unassigned_country_rejected),
    TEST(bic_length_and_characters_enforced),
    TEST(nir_insee_examples_valid),
    TEST(nir_corsica_2a_2b_use_insee_substitution),
    TEST(nir_key_wrong_rejected),
    TEST(nir_pseudo_months_accepted_and_others_rejected),
    TEST(nir_first_digit_gives_sex_or_temporary),
    TEST(nir_department_00_and_order_000_rejected),
    TEST(nir_overseas_three_digit_department_spacing),
    TEST(nir_spacing_and_length_enforced),
    TEST(siren_la_poste_and_others_valid),
    TEST(siren_one_digit_changed_rejected),
    TEST(siren_format_enforced),
    TEST(siret_la_poste_head_office_and_establishments_valid),
    TEST(siret_near_misses_rejected),
    TEST(tva_numeric_key_examples_valid),
    TEST(tva_alphanumeric_key_examples_valid),
    TEST(tva_wrong_key_or_siren_rejected),
    TEST(tva_monaco_numbers_skip_siren_luhn),
    TEST(tva_country_length_and_spacing_enforced),
    TEST(email_common_addresses_valid),
    TEST(email_internationalised_addresses_valid),
    TEST(email_dots_in_local_part_enforced),
    TEST(email_quoted_local_and_ip_literal_rejected),
    TEST(email_domain_rules_enforced),
    TEST(email_length_limits_enforced),
    TEST(email_idn_label_measured_as_punycode),
    TEST(email_bad_utf8_and_unsafe_characters_rejected),
    TEST(phone_french_national_forms_valid),
    TEST(phone_french_overseas_national_forms_valid),
    TEST(phone_french_international_forms_valid),
    TEST(phone_french_overseas_country_codes_valid),
    TEST(phone_other_countries_give_iso_code),
    TEST(phone_global_services_have_no_country),
    TEST(phone_french_unopened_ranges_rejected),
    TEST(phone_possible_accepts_unopened_french_blocks),
    TEST(phone_wrong_lengths_rejected),
    TEST(phone_unknown_country_code_rejected),
    TEST(phone_nanp_area_and_exchange_rules),
    TEST(phone_separators_and_characters_enforced),
    TEST(ipv4_dotted_quads_valid),
    TEST(ipv4_out_of_range_octets_rejected),
    TEST(ipv4_leading_zeros_and_shapes_rejected),
    TEST(ipv6_rfc4291_examples_valid),
    TEST(ipv6_double_compression_rejected),
    TEST(ipv6_group_count_and_size_enforced),
    TEST(ipv6_embedded_ipv4_rules_enforced),
    TEST(ipv6_zone_and_brackets_rejected),
    TEST(mac_colon_dash_and_dot_forms_valid),
    TEST(mac_mixed_or_missing_separators_rejected),
    TEST(mac_null_and_broadcast_are_reserved),
    TEST(uuid_rfc9562_examples_give_version),
    TEST(uuid_nil_and_max_are_reserved),
    TEST(uuid_version_and_variant_enforced),
    TEST(uuid_layout_enforced),
    TEST(url_http_and_https_valid),
    TEST(url_ip_hosts_valid),
    TEST(url_other_schemes_and_shapes_rejected),
    TEST(url_host_rules_enforced),
    TEST(url_port_range_enforced),
    TEST(url_path_characters_enforced),
    TEST(date_iso_and_french_forms_valid),
    TEST(date_year_range_is_1000_to_9999),
    TEST(date_impossible_days_rejected),
    TEST(date_other_layouts_rejected),
    TEST(gps_decimal_pairs_valid),
    TEST(gps_limits_inclusive),
    TEST(gps_needs_three_decimals),
    TEST(gps_layout_enforced),
};

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return (int)CU_get_error();
    CU_pSuite suite = CU_add_suite("validate", NULL, NULL);
    if (!suite)
        goto out;
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
        if (!CU_add_test(suite, tests[i].name, tests[i].fn))
            goto out;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
out:;
    unsigned failures = CU_get_number_of_failures();
    CU_ErrorCode error = CU_get_error();
    CU_cleanup_registry();
    if (error != CUE_SUCCESS)
        return (int)error;
    return failures > 0 ? 1 : 0;
}
