/*
 * audit_progress.c - a progress line on stderr for long audits: rows read,
 * MB/s and the time left, from the bytes done out of the sources' total.
 * Drawn only when enabled (stderr is a terminal and not --quiet), at most
 * ten times a second, and cleared at the end so that nothing remains.
 */
#include <stdlib.h>
#include <time.h>

#include "audit.h"

struct audit_progress {
    bool enabled, drawn;
    uint64_t total, done_sources, done;
    unsigned long rows_before, rows;  /* rows of finished sources, of the current one */
    double start, last;
};

static double audit_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

audit_progress *audit_progress_new(uint64_t total_bytes, bool enabled)
{
    audit_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->enabled = enabled;
    p->total = total_bytes;
    p->start = p->last = audit_now();
    return p;
}

static void audit_progress_draw(audit_progress *p, bool force)
{
    if (!p || !p->enabled)
        return;
    double now = audit_now();
    if (!force && now - p->last < 0.1)
        return;
    p->last = now;
    double secs = now - p->start;
    double mbs = secs > 0 ? (double)p->done / 1e6 / secs : 0;
    double frac = p->total ? (double)p->done / (double)p->total : 0;
    if (frac > 1)
        frac = 1;
    char bar[21];
    int filled = (int)(frac * 20);
    for (int i = 0; i < 20; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[20] = '\0';
    fprintf(stderr, "\r[%s] %3.0f%%  %lu rows  %.1f MB/s", bar, frac * 100, p->rows_before + p->rows, mbs);
    if (mbs > 0 && p->total > p->done)
        fprintf(stderr, "  ETA %.0fs   ", (double)(p->total - p->done) / 1e6 / mbs);
    else
        fputs("           ", stderr);
    p->drawn = true;
}

void audit_progress_rows(audit_progress *p, unsigned long rows)
{
    if (!p)
        return;
    p->rows = rows;
    audit_progress_draw(p, false);
}

void audit_progress_bytes(audit_progress *p, uint64_t done)
{
    if (!p)
        return;
    p->done = p->done_sources + done;
    audit_progress_draw(p, false);
}

void audit_progress_source_done(audit_progress *p, uint64_t bytes)
{
    if (!p)
        return;
    p->done_sources += bytes;
    p->done = p->done_sources;
    p->rows_before += p->rows;
    p->rows = 0;
    audit_progress_draw(p, false);
}

void audit_progress_free(audit_progress *p)
{
    if (p && p->drawn)
        fputs("\r\033[K", stderr);
    free(p);
}
