/*
 * redact.c - replacing the personal values that a scan finds.
 */
#include <string.h>

#include "internal.h"

static bool redact_is_separator(unsigned char b)
{
    return b && strchr(" .-/@:()+", b) != NULL;
}

/* Cards and IBANs keep their last four characters in the "partial" style,
 * as payment receipts do (PCI DSS allows at most the last four digits). */
static bool redact_keeps_tail(const char *category)
{
    static const char *const keep[] = { "financial.payment_card", "financial.iban", NULL };
    for (const char *const *k = keep; *k; k++) {
        size_t n = strlen(*k);
        if (strncmp(category, *k, n) == 0 && (category[n] == '\0' || category[n] == '.'))
            return true;
    }
    return false;
}

/* Appends one byte if there is room; always counts it. */
static void redact_put(char *buf, size_t size, size_t *n, char b)
{
    if (*n < size)
        buf[*n] = b;
    (*n)++;
}

static size_t redact_tag(const char *category, char *buf, size_t size)
{
    const char *last = strrchr(category, '.');
    last = last ? last + 1 : category;
    size_t n = 0;
    redact_put(buf, size, &n, '[');
    for (const unsigned char *p = (const unsigned char *)last; *p; p++)
        redact_put(buf, size, &n, (char)comply__to_upper(*p));
    redact_put(buf, size, &n, ']');
    return n;
}

/* Index of the byte where the last four letters or digits start. */
static size_t redact_tail_start(const unsigned char *v, size_t len)
{
    size_t seen = 0, i = len;
    while (i > 0 && seen < 4)
        if (comply__is_alnum(v[--i]))
            seen++;
    return i;
}

static size_t redact_mask(const char *value, size_t len, size_t keep_from, char *buf, size_t size)
{
    const unsigned char *v = (const unsigned char *)value;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t step = comply__utf8_sequence(v + i, len - i);
        if (step == 0)
            step = 1;
        if (i >= keep_from || redact_is_separator(v[i]))
            for (size_t k = 0; k < step; k++)
                redact_put(buf, size, &n, (char)v[i + k]);
        else
            redact_put(buf, size, &n, '*');
        i += step;
    }
    return n;
}

size_t comply_redact_value(const char *category, const char *value, size_t len, comply_redact_style style,
                           char *buf, size_t size)
{
    if (!category || (!value && len))
        return 0;
    if (!buf)
        size = 0;
    switch (style) {
    case COMPLY_REDACT_TAG:
        return redact_tag(category, buf, size);
    case COMPLY_REDACT_PARTIAL:
        if (redact_keeps_tail(category))
            return redact_mask(value, len, redact_tail_start((const unsigned char *)value, len), buf, size);
        return redact_mask(value, len, len, buf, size);
    case COMPLY_REDACT_MASK:
    default:
        return redact_mask(value, len, len, buf, size);
    }
}

typedef struct redact_job {
    const char *text;
    comply_redact_style style;
    comply__buf out;
    size_t copied; /* text[0, copied) is in out */
} redact_job;

static int redact_on_span(const comply_span *span, void *user)
{
    redact_job *j = user;
    comply__buf_append(&j->out, j->text + j->copied, span->start - j->copied);
    const char *value = j->text + span->start;
    size_t len = span->end - span->start;
    size_t need = comply_redact_value(span->category, value, len, j->style, NULL, 0);
    char *room = comply__buf_extend(&j->out, need);
    if (room)
        comply_redact_value(span->category, value, len, j->style, room, need);
    j->copied = span->end;
    return j->out.failed; /* stop when out of memory */
}

comply_status comply_redact(const comply_rules *rules, const char *text, size_t len, comply_redact_style style,
                            const comply_scan_options *opts, char **out, size_t *out_len, comply_error *err)
{
    if (!rules || !out || (!text && len))
        return comply__error_set(err, COMPLY_EINVAL, "rules, text and out are required");
    if ((unsigned)style > COMPLY_REDACT_PARTIAL)
        return comply__error_set(err, COMPLY_EINVAL, "unknown redaction style %d", (int)style);
    redact_job j = { text, style, { 0 }, 0 };
    comply__buf_init(&j.out, comply__rules_alloc(rules));
    comply_status st = comply_scan_text(rules, text, len, opts, redact_on_span, &j, err);
    if (st == COMPLY_OK) {
        if (len > j.copied) /* text may be NULL when len is 0: no NULL + 0, no memcpy from NULL */
            comply__buf_append(&j.out, text + j.copied, len - j.copied);
        comply__buf_append(&j.out, "", 0);
        if (j.out.failed || !j.out.data)
            st = comply__oom(err);
    }
    if (st != COMPLY_OK) {
        comply__buf_release(&j.out);
        return st;
    }
    *out = j.out.data;
    if (out_len)
        *out_len = j.out.len;
    return COMPLY_OK;
}
