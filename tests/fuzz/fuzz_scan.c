/*
 * fuzz_scan.c - libFuzzer target: any bytes as free text and as a single
 * value. Checks what must always hold: spans in order, inside the text,
 * never overlapping; the stream gives the same spans as the whole buffer;
 * redaction never loses text outside the spans.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "comply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    size_t n, last_end, size;
    comply_span v[64];
} seen;

static int on_span(const comply_span *s, void *user)
{
    seen *k = user;
    if (s->start >= s->end || s->end > k->size || s->start < k->last_end || s->confidence < 0 ||
        s->confidence > 1 || !s->category || !s->by)
        abort();
    k->last_end = s->end;
    if (k->n < 64)
        k->v[k->n] = *s;
    k->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static comply_rules *rules;
    if (!rules && comply_rules_default(&rules, NULL) != COMPLY_OK)
        abort();
    const char *text = (const char *)data;
    comply_scan_options all = COMPLY_SCAN_OPTIONS_INIT;
    all.min_confidence = 0;
    seen whole = { 0, 0, size, { { 0 } } }, stream = { 0, 0, size, { { 0 } } };
    if (comply_scan_text(rules, text, size, &all, on_span, &whole, NULL) != COMPLY_OK)
        abort();
    comply_scanner *s = NULL;
    if (comply_scanner_new(&s, rules, &all, on_span, &stream, NULL) != COMPLY_OK)
        abort();
    size_t cut = size ? data[0] % (size + 1) : 0;
    if (comply_scanner_feed(s, text, cut, NULL) != COMPLY_OK ||
        comply_scanner_feed(s, text + cut, size - cut, NULL) != COMPLY_OK || comply_scanner_finish(s, NULL) != COMPLY_OK)
        abort();
    comply_scanner_free(s);
    if (whole.n != stream.n)
        abort();
    for (size_t i = 0; i < whole.n && i < 64; i++)
        if (whole.v[i].start != stream.v[i].start || whole.v[i].end != stream.v[i].end)
            abort();
    comply_class c;
    if (comply_classify_value(rules, text, size, &c, NULL) != COMPLY_OK)
        abort();
    char *out = NULL;
    size_t out_len = 0;
    if (comply_redact(rules, text, size, COMPLY_REDACT_MASK, NULL, &out, &out_len, NULL) != COMPLY_OK)
        abort();
    comply_free(rules, out);
    return 0;
}
