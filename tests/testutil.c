/*
 * testutil.c - counting and failing allocators, cJSON hooks and pack
 * fixtures for the CUnit programs (see testutil.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "testutil.h"

/* ------------------------------------------------ counting allocator */

#define TU_MAGIC 0x7e57a110c8ed0000ull
#define TU_FREED 0xdeadbeefdeadbeefull
#define TU_MAX_BLOCK ((size_t)1 << 40)

/* A header as large as the strictest alignment, so the block after it
 * stays aligned like malloc's. */
typedef union tu_header {
    struct {
        uint64_t magic;
        size_t size;
    } h;
    max_align_t align;
} tu_header;

static bool tu_should_fail(tu_alloc *a)
{
    a->calls++;
    if (a->fail_at && (a->calls == a->fail_at || (a->fail_after && a->calls > a->fail_at))) {
        a->failures++;
        return true;
    }
    return false;
}

static void *tu_malloc(size_t size, void *user)
{
    tu_alloc *a = user;
    if (a != a->hooks.user)
        a->bad_users++;
    if (tu_should_fail(a))
        return NULL;
    /* what malloc answers for absurd sizes (the sanitizers would abort) */
    if (size > TU_MAX_BLOCK)
        return NULL;
    tu_header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->h.magic = TU_MAGIC;
    h->h.size = size;
    a->mallocs++;
    a->live++;
    a->live_bytes += size;
    return h + 1;
}

static tu_header *tu_header_of(tu_alloc *a, void *ptr)
{
    tu_header *h = (tu_header *)ptr - 1;
    if (h->h.magic != TU_MAGIC) {
        a->bad_frees++;
        return NULL;
    }
    return h;
}

static void *tu_realloc(void *ptr, size_t size, void *user)
{
    tu_alloc *a = user;
    if (a != a->hooks.user)
        a->bad_users++;
    if (!ptr)
        return tu_malloc(size, user); /* counts as a call there */
    if (tu_should_fail(a))
        return NULL;
    tu_header *h = tu_header_of(a, ptr);
    if (!h || size > TU_MAX_BLOCK)
        return NULL;
    size_t old = h->h.size;
    tu_header *n = realloc(h, sizeof *n + size);
    if (!n)
        return NULL;
    n->h.size = size;
    a->reallocs++;
    a->live_bytes = a->live_bytes - old + size;
    return n + 1;
}

static void tu_free(void *ptr, void *user)
{
    tu_alloc *a = user;
    if (a != a->hooks.user)
        a->bad_users++;
    if (!ptr)
        return;
    tu_header *h = tu_header_of(a, ptr);
    if (!h)
        return;
    h->h.magic = TU_FREED;
    a->frees++;
    a->live--;
    a->live_bytes -= h->h.size;
    free(h);
}

void tu_alloc_init(tu_alloc *a)
{
    memset(a, 0, sizeof *a);
    a->hooks.malloc_fn = tu_malloc;
    a->hooks.realloc_fn = tu_realloc;
    a->hooks.free_fn = tu_free;
    a->hooks.user = a;
}

void tu_alloc_fail_in(tu_alloc *a, unsigned long n, bool sticky)
{
    a->fail_at = a->calls + n;
    a->fail_after = sticky;
}

void tu_alloc_heal(tu_alloc *a)
{
    a->fail_at = 0;
    a->fail_after = false;
}

comply_rules_options tu_alloc_options(tu_alloc *a)
{
    comply_rules_options o = COMPLY_RULES_OPTIONS_INIT;
    o.allocator = &a->hooks;
    return o;
}

/* ------------------------------------------------------- cJSON hooks */

static unsigned long cjson_fail_at, cjson_calls, cjson_mallocs, cjson_failures;
static long cjson_live;

static void *tu_cjson_malloc(size_t size)
{
    cjson_calls++;
    if (cjson_fail_at && cjson_calls == cjson_fail_at) {
        cjson_failures++;
        return NULL;
    }
    void *p = malloc(size);
    if (p) {
        cjson_mallocs++;
        cjson_live++;
    }
    return p;
}

static void tu_cjson_free(void *ptr)
{
    if (ptr)
        cjson_live--;
    free(ptr);
}

void tu_cjson_install(unsigned long fail_at)
{
    cjson_fail_at = fail_at;
    cjson_calls = cjson_mallocs = cjson_failures = 0;
    cjson_live = 0;
    cJSON_Hooks hooks = { tu_cjson_malloc, tu_cjson_free };
    cJSON_InitHooks(&hooks);
}

void tu_cjson_restore(void)
{
    cJSON_InitHooks(NULL);
}

unsigned long tu_cjson_mallocs(void)
{
    return cjson_mallocs;
}

unsigned long tu_cjson_failures(void)
{
    return cjson_failures;
}

long tu_cjson_live(void)
{
    return cjson_live;
}

/* ---------------------------------------------------------- fixtures */

/* Every section, every optional key of most entries, and references
 * across sections (purpose -> retention rule -> purpose, detector ->
 * category). tests/data/full.json holds the same pack. */
const char tu_full_pack[] =
    "{\n"
    "  \"comply_pack\": 1,\n"
    "  \"name\": \"full\",\n"
    "  \"version\": \"1.2.3\",\n"
    "  \"description\": {\"en\": \"Every section\", \"fr\": \"Toutes les sections\"},\n"
    "  \"taxonomy\": {\n"
    "    \"person\": {\"label\": {\"en\": \"Person\", \"fr\": \"Personne\"},\n"
    "               \"description\": {\"en\": \"About a person\"}, \"kind\": \"base\"},\n"
    "    \"person.email\": {\"label\": {\"en\": \"Email\", \"fr\": \"Courriel\"},\n"
    "                     \"aliases\": {\"fideslang\": [\"user.contact.email\"], \"dpv\": [\"dpv-pd:EmailAddress\"]}},\n"
    "    \"person.health\": {\"label\": {\"en\": \"Health\", \"fr\": \"Santé\"}, \"regime\": \"special\",\n"
    "                      \"sensitive\": true},\n"
    "    \"person.record\": {\"label\": {\"en\": \"Record\"}, \"regime\": \"criminal\", \"sensitive\": false}\n"
    "  },\n"
    "  \"names\": {\n"
    "    \"person.email\": {\"terms\": {\"en\": [\"email\", {\"term\": \"mail\", \"weight\": 0.6}], \"fr\": [\"courriel\"]},\n"
    "                     \"not\": {\"en\": [\"email_sent\"]}, \"weight\": 0.9}\n"
    "  },\n"
    "  \"name_markers\": {\n"
    "    \"technical\": {\"terms\": {\"en\": [\"id\", \"uuid\"]}},\n"
    "    \"organisation\": {\"terms\": {\"fr\": [\"societe\"], \"en\": [\"company\"]}}\n"
    "  },\n"
    "  \"detectors\": {\n"
    "    \"email\": {\"category\": \"person.email\", \"pattern\": \"[a-z0-9._%+-]+@[a-z0-9.-]+\\\\.[a-z]{2,}\",\n"
    "              \"validator\": \"email\", \"confidence\": 0.8, \"caseless\": true,\n"
    "              \"context\": {\"words\": {\"en\": [\"email\"], \"fr\": [\"courriel\"]}, \"window\": 40, \"boost\": 0.1},\n"
    "              \"description\": {\"en\": \"An email address\"}}\n"
    "  },\n"
    "  \"purposes\": {\n"
    "    \"newsletter\": {\"label\": {\"en\": \"Newsletter\"}, \"description\": {\"en\": \"News by email\"},\n"
    "                   \"legal_basis\": \"consent\", \"required\": [\"person.email\"], \"optional\": [\"person\"],\n"
    "                   \"forbidden\": [\"person.health\"], \"retention\": [\"newsletter_3y\"],\n"
    "                   \"roles\": {\"subscriber\": [\"person.email\"]}, \"transfers\": [\"adequacy\", \"scc\"],\n"
    "                   \"source\": {\"title\": \"CNIL\", \"url\": \"https://www.cnil.fr\", \"article\": \"6\",\n"
    "                              \"date\": \"2021-09-23\"}},\n"
    "    \"care\": {\"label\": {\"en\": \"Care\"}, \"legal_basis\": \"vital_interests\", \"required\": [\"person.health\"],\n"
    "             \"art9_condition\": \"health_or_social_care\", \"art10_authority\": \"court\"}\n"
    "  },\n"
    "  \"retention\": {\n"
    "    \"newsletter_3y\": {\"label\": {\"en\": \"Three years\"}, \"categories\": [\"person.email\"],\n"
    "                      \"purposes\": [\"newsletter\"], \"from\": \"last_contact\", \"keep\": \"P3Y\",\n"
    "                      \"archive_for\": \"P1Y\", \"then\": \"delete\", \"limit\": \"maximum\", \"basis\": \"cnil\",\n"
    "                      \"source\": {\"title\": \"CNIL\"}},\n"
    "    \"no_health\": {\"categories\": [\"person.health\"], \"never_store\": true},\n"
    "    \"accounts\": {\"purposes\": [\"care\"], \"from\": {\"latest_of\": [\"contract_end\", \"last_payment\"]},\n"
    "                 \"keep\": \"P10Y\", \"anchor\": \"fiscal_year_end\", \"fiscal_year_end\": \"03-31\",\n"
    "                 \"then\": \"anonymise\"},\n"
    "    \"active\": {\"categories\": [\"person\"], \"active_until\": \"account_closed\", \"keep\": \"P2Y6M\",\n"
    "               \"anchor\": \"calendar_year_end\", \"limit\": \"minimum\", \"basis\": \"law\"}\n"
    "  },\n"
    "  \"adequacy\": {\n"
    "    \"CH\": {\"label\": {\"en\": \"Switzerland\", \"fr\": \"Suisse\"}, \"decision\": \"2000/518/EC\",\n"
    "           \"date\": \"2000-07-26\", \"scope\": {\"en\": \"All transfers\"}, \"source\": {\"title\": \"EUR-Lex\"}}\n"
    "  }\n"
    "}\n";

const size_t tu_full_pack_counts[COMPLY_SECTION_COUNT_] = {
    [COMPLY_SECTION_TAXONOMY] = 4,  [COMPLY_SECTION_NAMES] = 1,    [COMPLY_SECTION_NAME_MARKERS] = 2,
    [COMPLY_SECTION_DETECTORS] = 1, [COMPLY_SECTION_PURPOSES] = 2, [COMPLY_SECTION_RETENTION] = 4,
    [COMPLY_SECTION_ADEQUACY] = 1,
};

char *tu_rules_json(const comply_rules *rules, int pretty)
{
    char *json = NULL;
    size_t len = 0;
    if (comply_rules_to_json(rules, pretty, &json, &len, NULL) != COMPLY_OK)
        return NULL;
    char *copy = malloc(len + 1);
    if (copy)
        memcpy(copy, json, len + 1);
    comply_free(rules, json);
    return copy;
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
            }
            buf = bigger;
        }
    }
    fclose(f);
    if (buf)
        *len = n;
    return buf;
}

char *tu_write_temp(const void *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/comply-test-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w <= 0) {
            close(fd);
            unlink(path);
            return NULL;
        }
        p += w;
        len -= (size_t)w;
    }
    close(fd);
    return strdup(path);
}
