/*
 * fuzz_check.c - libFuzzer target: any bytes as a collection declaration.
 * A declaration that is accepted must give a report every writer can write,
 * and the record of processing activities either reads it or says why not.
 */
#include <stdint.h>
#include <stdlib.h>

#include "comply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static comply_rules *rules;
    if (!rules && comply_rules_default(&rules, NULL) != COMPLY_OK)
        abort();
    comply_report *r = NULL;
    comply_error err;
    if (comply_check_collection_json(rules, (const char *)data, size, "fuzz.json", NULL, &r, &err) != COMPLY_OK) {
        if (err.code == COMPLY_OK)
            abort(); /* a failure must say why */
        return 0;
    }
    char *out = NULL;
    if (comply_report_to_json(r, &out, NULL, NULL) != COMPLY_OK)
        abort();
    comply_report_text_free(r, out);
    if (comply_report_to_sarif(r, "fr", &out, NULL, NULL) != COMPLY_OK)
        abort();
    comply_report_text_free(r, out);
    if (comply_report_to_text(r, "en", 1, &out, NULL, NULL) != COMPLY_OK)
        abort();
    comply_report_text_free(r, out);
    for (size_t i = 0; i < comply_report_count(r); i++)
        if (!comply_report_get(r, i)->code || !comply_report_get(r, i)->message_en)
            abort();
    comply_report_free(r);
    const char *text = (const char *)data, *source = "fuzz.json";
    char *ropa = NULL;
    if (comply_ropa_json(rules, &text, &size, &source, 1, "fr", &ropa, NULL, &err) != COMPLY_OK && err.code == COMPLY_OK)
        abort();
    comply_free(rules, ropa);
    return 0;
}
