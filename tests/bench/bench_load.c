/*
 * bench_load.c - how long loading the default pack takes.
 *
 * Reports the median and best time of comply_rules_default() over many
 * runs, and in the same run a baseline: cJSON parsing the same bytes alone,
 * so the ratio stays meaningful on a noisy machine. Not a test: nothing is
 * asserted.   usage: bench_load [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "comply.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static char *pack_text(size_t *len)
{
    comply_rules *r = NULL;
    char *json = NULL, *copy = NULL;
    if (comply_rules_default(&r, NULL) == COMPLY_OK && comply_rules_to_json(r, 1, &json, len, NULL) == COMPLY_OK &&
        (copy = malloc(*len + 1)))
        memcpy(copy, json, *len + 1);
    comply_free(r, json);
    comply_rules_free(r);
    return copy;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 300;
    if (runs < 1)
        runs = 1;
    size_t len = 0;
    char *text = pack_text(&len);
    double *load = calloc((size_t)runs, sizeof *load), *base = calloc((size_t)runs, sizeof *base);
    if (!text || !load || !base) {
        fprintf(stderr, "bench_load: setup failed\n");
        return 1;
    }
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        comply_rules *r = NULL;
        if (comply_rules_default(&r, NULL) != COMPLY_OK)
            return 1;
        double t1 = now_ms();
        comply_rules_free(r);
        double t2 = now_ms();
        cJSON *tree = cJSON_ParseWithLength(text, len);
        double t3 = now_ms();
        cJSON_Delete(tree);
        load[i] = t1 - t0;
        base[i] = t3 - t2;
    }
    qsort(load, (size_t)runs, sizeof *load, cmp_double);
    qsort(base, (size_t)runs, sizeof *base, cmp_double);
    double med = load[runs / 2], bmed = base[runs / 2];
    printf("default pack: %zu bytes, %d runs\n", len, runs);
    printf("comply_rules_default: median %.3f ms, best %.3f ms (target: under 2 ms)\n", med, load[0]);
    printf("baseline cJSON parse of the same pack: median %.3f ms, best %.3f ms\n", bmed, base[0]);
    printf("ratio load / baseline: %.2f\n", bmed > 0 ? med / bmed : 0.0);
    free(text);
    free(load);
    free(base);
    return 0;
}
