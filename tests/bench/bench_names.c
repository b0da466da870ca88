/*
 * bench_names.c - field names classified per second, on one core.
 *
 * Classifies the names of tests/data/names_labelled.tsv over and over with
 * the default pack, and in the same run a baseline: the same names copied
 * and lower-cased byte by byte, so the ratio stays stable on a noisy
 * machine. Not a test: nothing is asserted.   usage: bench_names TSV [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comply.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The first column of each line after the header. */
static size_t load_names(const char *path, char ***out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[1024];
    size_t n = 0, cap = 1024;
    char **v = malloc(cap * sizeof *v);
    for (int first = 1; v && fgets(line, sizeof line, f); first = 0) {
        char *tab = strchr(line, '\t');
        if (first || !tab)
            continue;
        *tab = '\0';
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        if (v)
            v[n++] = strdup(line);
    }
    fclose(f);
    *out = v;
    return v ? n : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_names TSV [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 2000;
    char **names = NULL;
    size_t n = load_names(argv[1], &names);
    comply_rules *rules = NULL;
    if (!n || comply_rules_default(&rules, NULL) != COMPLY_OK) {
        fprintf(stderr, "bench_names: cannot read %s\n", argv[1]);
        return 1;
    }
    size_t found = 0, sink = 0;
    double t0 = now_s();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            comply_class c;
            if (comply_classify_name(rules, names[i], &c, NULL) == COMPLY_OK && c.category)
                found++;
        }
    double t1 = now_s();
    char buf[1024];
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            size_t k = 0;
            for (const char *p = names[i]; *p && k + 1 < sizeof buf; p++)
                buf[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
            buf[k] = '\0';
            sink += (unsigned char)buf[k / 2];
        }
    double t2 = now_s();
    double total = (double)n * rounds;
    printf("names: %zu distinct, %d rounds, %zu classified as personal per round\n", n, rounds, found / rounds);
    printf("comply_classify_name: %.2f million names/s (one core; target 2)\n", total / (t1 - t0) / 1e6);
    printf("baseline lower-casing copy: %.1f million names/s; ratio %.1f (sink %zu)\n", total / (t2 - t1) / 1e6,
           (t1 - t0) / (t2 - t1), sink % 10);
    comply_rules_free(rules);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return 0;
}
