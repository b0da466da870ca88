/*
 * bench_scan.c - free-text scanning speed and accuracy.
 *
 * On tickets.txt from ../shared/bench/gen_corpus.py: MB/s of
 * comply_scan_text with every default detector on one core (best of RUNS),
 * and in the same run a baseline, a plain memchr pass over the same buffer,
 * so that the ratio stays stable on a noisy machine; then precision and
 * recall of the spans against tickets.truth.jsonl (exact byte spans and
 * category). Not a test: nothing is asserted.
 *   usage: bench_scan CORPUS_DIR [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "comply.h"

typedef struct span {
    size_t start, end;
    char category[48];
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
} spans;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static void spans_add(spans *s, size_t start, size_t end, const char *category)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v)
            exit(1);
    }
    span *x = &s->v[s->n++];
    x->start = start;
    x->end = end;
    snprintf(x->category, sizeof x->category, "%s", category);
}

static int on_span(const comply_span *sp, void *user)
{
    spans_add(user, sp->start, sp->end, sp->category);
    return 0;
}

static int count_only(const comply_span *sp, void *user)
{
    (void)sp;
    ++*(size_t *)user;
    return 0;
}

/* The truth file has one JSON object per line of the text, with spans
 * relative to that line. */
static void load_truth(const char *text, size_t len, char *truth, spans *out)
{
    size_t line_start = 0;
    char *save = NULL;
    for (char *l = strtok_r(truth, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        cJSON *o = cJSON_Parse(l);
        cJSON *arr = cJSON_GetObjectItem(o, "spans"), *s;
        cJSON_ArrayForEach(s, arr)
        {
            spans_add(out, line_start + (size_t)cJSON_GetObjectItem(s, "start")->valuedouble,
                      line_start + (size_t)cJSON_GetObjectItem(s, "end")->valuedouble,
                      cJSON_GetObjectItem(s, "category")->valuestring);
        }
        cJSON_Delete(o);
        const char *nl = memchr(text + line_start, '\n', len - line_start);
        line_start = nl ? (size_t)(nl - text) + 1 : len;
    }
}

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return strcmp(x->category, y->category);
}

static size_t matches(spans *a, spans *b)
{
    qsort(a->v, a->n, sizeof *a->v, cmp_span);
    qsort(b->v, b->n, sizeof *b->v, cmp_span);
    size_t i = 0, j = 0, m = 0;
    while (i < a->n && j < b->n) {
        int c = cmp_span(&a->v[i], &b->v[j]);
        if (c == 0)
            m++, i++, j++;
        else if (c < 0)
            i++;
        else
            j++;
    }
    return m;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_scan CORPUS_DIR [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    char path[4096];
    size_t len = 0, tlen = 0;
    snprintf(path, sizeof path, "%s/tickets.txt", argv[1]);
    char *text = read_all(path, &len);
    snprintf(path, sizeof path, "%s/tickets.truth.jsonl", argv[1]);
    char *truth_text = read_all(path, &tlen);
    comply_rules *rules = NULL;
    if (!text || !truth_text || comply_rules_default(&rules, NULL) != COMPLY_OK) {
        fprintf(stderr, "bench_scan: cannot read the corpus in %s\n", argv[1]);
        return 1;
    }
    double best = 1e9, best_base = 1e9;
    size_t newlines = 0, found = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = now_s();
        size_t n = 0;
        for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
            n++;
        double t1 = now_s();
        found = 0;
        if (comply_scan_text(rules, text, len, NULL, count_only, &found, NULL) != COMPLY_OK)
            return 1;
        double t2 = now_s();
        newlines = n;
        if (t1 - t0 < best_base)
            best_base = t1 - t0;
        if (t2 - t1 < best)
            best = t2 - t1;
    }
    spans got = { 0 }, want = { 0 };
    if (comply_scan_text(rules, text, len, NULL, on_span, &got, NULL) != COMPLY_OK)
        return 1;
    load_truth(text, len, truth_text, &want);
    size_t tp = matches(&got, &want);
    double mb = len / 1e6;
    printf("corpus: %.1f MB, %zu lines, %zu spans expected, %zu found\n", mb, newlines, want.n, found);
    printf("comply_scan_text: %.1f MB/s (best of %d, one core)\n", mb / best, runs);
    printf("baseline memchr pass: %.1f MB/s; scan / baseline time ratio: %.1f\n", mb / best_base, best / best_base);
    printf("precision %.4f  recall %.4f  (exact byte spans and category)\n", got.n ? (double)tp / got.n : 0.0,
           want.n ? (double)tp / want.n : 0.0);
    comply_rules_free(rules);
    free(got.v);
    free(want.v);
    free(text);
    free(truth_text);
    return 0;
}
