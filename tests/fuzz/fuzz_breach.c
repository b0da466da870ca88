/*
 * fuzz_breach.c - libFuzzer target: any bytes as a breach description
 * (comply breach assess). An accepted file must give a JSON assessment;
 * a refused one must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "comply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static comply_rules *rules;
    if (!rules && comply_rules_default(&rules, NULL) != COMPLY_OK)
        abort();
    char *out = NULL;
    size_t len = 0;
    comply_error err;
    if (comply_breach_assess_json(rules, (const char *)data, size, "fuzz.json", &out, &len, &err) != COMPLY_OK) {
        if (err.code == COMPLY_OK || out != NULL)
            abort(); /* a failure must say why, and return nothing */
        return 0;
    }
    if (!out || len == 0 || out[0] != '{' || strlen(out) != len)
        abort();
    comply_free(rules, out);
    return 0;
}
