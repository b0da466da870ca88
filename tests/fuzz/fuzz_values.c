/*
 * fuzz_values.c - libFuzzer target: any bytes to every validator and to
 * the date, duration and instant parsers; a parsed date formats back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "comply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    for (size_t i = 0; i < comply_validator_count(); i++) {
        comply_validation v;
        if (comply_validate(comply_validator_name(i), s, size, &v) != COMPLY_OK || (v.valid != 0 && v.valid != 1))
            abort();
    }
    comply_date d, back;
    char buf[32];
    if (comply_date_parse_any(s, size, &d, NULL) == COMPLY_OK) {
        if (comply_date_format(d, buf, sizeof buf) != COMPLY_OK ||
            comply_date_parse(buf, strlen(buf), &back, NULL) != COMPLY_OK || comply_date_compare(d, back) != 0)
            abort();
    }
    char *z = malloc(size + 1);
    if (!z)
        return 0;
    memcpy(z, data, size);
    z[size] = '\0';
    comply_duration dur;
    if (comply_duration_parse(z, &dur, NULL) == COMPLY_OK) {
        comply_date out;
        comply_date start = { 2000, 2, 29 };
        (void)comply_date_add(start, &dur, &out);
        (void)comply_date_sub(start, &dur, &out);
    }
    comply_instant t;
    if (comply_instant_parse(s, size, &t, NULL) == COMPLY_OK && comply_instant_format(t, buf, sizeof buf) != COMPLY_OK)
        abort();
    free(z);
    return 0;
}
