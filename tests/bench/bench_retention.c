/*
 * bench_retention.c - retention deadlines computed per second, on one core.
 *
 * A million generated records of an inactive online account (rule
 * crm.account.inactive of the default pack: the latest of two events,
 * then P2Y), and in the same run a baseline loop that only reads the same
 * records' dates, so the ratio stays stable on a noisy machine. Then the
 * GDPR Art. 12(3) deadline (comply_rights_deadline: month arithmetic,
 * Easter and French holidays) for the same dates, one-month and extended.
 * Not a test: nothing is asserted.   usage: bench_retention [RECORDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "comply.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1000000;
    comply_rules *rules = NULL;
    comply_event *ev = malloc(2 * n * sizeof *ev);
    if (!ev || comply_rules_default(&rules, NULL) != COMPLY_OK)
        return 1;
    /* deterministic dates spread over 2015-2026 */
    uint64_t seed = 42;
    int64_t base = comply_date_to_days((comply_date){ 2015, 1, 1 });
    for (size_t i = 0; i < 2 * n; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        ev[i].name = i % 2 ? "last_activity" : "collection";
        if (comply_date_from_days(base + (int64_t)((seed >> 33) % 4300), &ev[i].date) != COMPLY_OK)
            return 1;
    }
    comply_date today = { 2026, 11, 25 };
    size_t stages[5] = { 0 };
    double t0 = now_s();
    for (size_t i = 0; i < n; i++) {
        comply_deadline d;
        if (comply_retention_deadline(rules, NULL, "behavioural.login_activity", ev + 2 * i, 2, today, &d, NULL) !=
            COMPLY_OK)
            return 1;
        stages[d.stage]++;
    }
    double t1 = now_s();
    long sink = 0;
    for (size_t i = 0; i < n; i++)
        sink += ev[2 * i].date.day > ev[2 * i + 1].date.day;
    double t2 = now_s();
    printf("retention: %zu records (rule crm.account.inactive), today %04d-%02d-%02d: %zu active, %zu delete_due\n",
           n, today.year, today.month, today.day, stages[COMPLY_STAGE_ACTIVE], stages[COMPLY_STAGE_DELETE_DUE]);
    printf("comply_retention_deadline: %.2f million/s (one core; target 20)\n", n / (t1 - t0) / 1e6);
    printf("baseline date-reading loop: %.1f million/s; ratio %.1f (sink %ld)\n", n / (t2 - t1) / 1e6,
           (t1 - t0) / (t2 - t1 > 0 ? t2 - t1 : 1e-9), sink % 10);
    double t3 = now_s();
    size_t moved = 0;
    for (size_t i = 0; i < 2 * n; i++) {
        comply_date due;
        if (comply_rights_deadline(ev[i].date, (int)(i & 1), &due) != COMPLY_OK)
            return 1;
        moved += comply_date_compare(due, ev[i].date) > 0 && due.day != ev[i].date.day;
    }
    double t4 = now_s();
    printf("comply_rights_deadline: %.2f million/s over %zu dates (%zu moved or clamped)\n", 2 * n / (t4 - t3) / 1e6,
           2 * n, moved);
    comply_rules_free(rules);
    free(ev);
    return 0;
}
