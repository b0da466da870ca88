/*
 * fuzz_pack.c - libFuzzer target: any bytes as a rule pack, alone and on
 * top of the default pack; a pack that loads must write back and reload.
 */
#include <stdint.h>
#include <stdlib.h>

#include "comply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const comply_rules *r)
{
    char *json = NULL;
    size_t len = 0;
    comply_rules *again = NULL;
    if (comply_rules_to_json(r, 0, &json, &len, NULL) != COMPLY_OK)
        return;
    if (comply_rules_load_json(&again, json, len, NULL) != COMPLY_OK)
        abort(); /* what we write must load back */
    if (comply_category_count(again) != comply_category_count(r))
        abort();
    comply_rules_free(again);
    comply_free(r, json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static comply_rules *base;
    comply_rules *r = NULL;
    comply_error err;
    if (!base && comply_rules_default(&base, NULL) != COMPLY_OK)
        abort();
    if (comply_rules_load_json(&r, (const char *)data, size, &err) == COMPLY_OK)
        roundtrip(r);
    else if (err.code == COMPLY_OK)
        abort(); /* a failure must say why */
    comply_rules_free(r);
    r = NULL;
    if (comply_rules_new(&r, NULL, NULL) == COMPLY_OK && comply_rules_layer(r, base, NULL) == COMPLY_OK &&
        comply_rules_add_json(r, (const char *)data, size, "<fuzz>", NULL) == COMPLY_OK)
        (void)comply_category_find(r, "contact.email");
    comply_rules_free(r);
    return 0;
}
