/*
 * csv.c - streaming CSV reader (RFC 4180 with the usual leniencies).
 *
 * The reader is a small state machine over each chunk. Unquoted fields are
 * scanned with a byte-class table, quoted ones with memchr; a field that
 * lies whole inside a chunk is handed over in place, the others are
 * gathered in one buffer of at most CLI_CSV_MAX_FIELD bytes. UTF-8 is
 * checked in a separate pass over each chunk (eight ASCII bytes at a time).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv.h"

enum {
    CSV_FIELD = 0, /* at the start of a field */
    CSV_PLAIN,     /* inside an unquoted field */
    CSV_QUOTED,    /* inside a quoted field */
    CSV_QUOTE,     /* after a quote inside a quoted field: an escape or the end */
    CSV_CR         /* after a CR that ended a record: a LF may follow */
};

void cli_wipe(void *p, size_t n)
{
    /* A call through a volatile pointer cannot be dropped as a dead store. */
    static void *(*const volatile set)(void *, int, size_t) = memset;
    if (p && n)
        set(p, 0, n);
}

/* ------------------------------------------------------------- warnings */

static const char *const warning_more[CLI_CSV_WARN_KINDS_] = {
    "rows with another number of fields",
    "rows with misplaced quotes",
    "unterminated quoted fields",
    "lines with invalid UTF-8",
};

void cli_csv_warn(cli_csv_warnings *w, cli_csv_warning kind, unsigned long line, const char *fmt, ...)
{
    if (w->count[kind]++ >= CLI_CSV_MAX_WARNINGS)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (line)
        fprintf(stderr, "comply: %s:%lu: warning: ", w->source, line);
    else
        fprintf(stderr, "comply: %s: warning: ", w->source);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_csv_warn_summary(const cli_csv_warnings *w)
{
    for (int k = 0; k < CLI_CSV_WARN_KINDS_; k++)
        if (w->count[k] > CLI_CSV_MAX_WARNINGS)
            fprintf(stderr, "comply: %s: warning: %lu more %s\n", w->source, w->count[k] - CLI_CSV_MAX_WARNINGS,
                    warning_more[k]);
}

/* ------------------------------------------------------------ detection */

size_t cli_csv_bom_length(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

char cli_csv_detect_delimiter(const char *s, size_t len)
{
    static const char candidates[] = { ',', ';', '\t', '|' };
    size_t count[4] = { 0, 0, 0, 0 };
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '"') {
            quoted = !quoted; /* "" inside quotes toggles twice: no change */
            continue;
        }
        if (quoted)
            continue;
        if (ch == '\n' || ch == '\r')
            break;
        for (int k = 0; k < 4; k++)
            if (ch == candidates[k])
                count[k]++;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (count[k] > count[best])
            best = k;
    return candidates[best];
}

/* ---------------------------------------------------------------- UTF-8 */

static unsigned long csv_count_lf(const char *p, const char *end)
{
    unsigned long n = 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

static void csv_utf8_invalid(cli_csv *c, const char *chunk, size_t at)
{
    cli_csv_warn(c->warn, CLI_CSV_WARN_UTF8, c->line + csv_count_lf(chunk, chunk + at), "invalid UTF-8");
    c->utf8_need = 0;
    c->utf8_skip_line = true; /* one warning per line is enough */
}

/* Checks a chunk before it is parsed (c->line is still its first line).
 * Well-formed UTF-8 per RFC 3629: no overlongs, surrogates or > U+10FFFF. */
static void csv_check_utf8(cli_csv *c, const char *chunk, size_t len)
{
    const unsigned char *p = (const unsigned char *)chunk;
    size_t i = 0;
    while (i < len) {
        if (c->utf8_skip_line) {
            const unsigned char *nl = memchr(p + i, '\n', len - i);
            if (!nl)
                return;
            i = (size_t)(nl - p) + 1;
            c->utf8_skip_line = false;
            continue;
        }
        if (c->utf8_need == 0) {
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            while (i < len && p[i] < 0x80)
                i++;
            if (i >= len)
                return;
            unsigned char b = p[i];
            c->utf8_lo = 0x80;
            c->utf8_hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                c->utf8_need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                c->utf8_need = 2;
                if (b == 0xE0)
                    c->utf8_lo = 0xA0; /* overlong */
                else if (b == 0xED)
                    c->utf8_hi = 0x9F; /* surrogates */
            } else if (b >= 0xF0 && b <= 0xF4) {
                c->utf8_need = 3;
                if (b == 0xF0)
                    c->utf8_lo = 0x90;
                else if (b == 0xF4)
                    c->utf8_hi = 0x8F;
            } else {
                csv_utf8_invalid(c, chunk, i);
                continue;
            }
            i++;
        } else {
            unsigned char b = p[i];
            if (b < c->utf8_lo || b > c->utf8_hi) {
                csv_utf8_invalid(c, chunk, i);
                continue;
            }
            c->utf8_need--;
            c->utf8_lo = 0x80;
            c->utf8_hi = 0xBF;
            i++;
        }
    }
}

/* --------------------------------------------------------------- parser */

bool cli_csv_init(cli_csv *c, char delimiter, const cli_csv_callbacks *cb, cli_csv_warnings *warn)
{
    memset(c, 0, sizeof *c);
    c->delimiter = delimiter;
    c->cb = *cb;
    c->warn = warn;
    c->line = 1;
    c->record_line = 1;
    c->special[(unsigned char)delimiter] = 1;
    c->special['"'] = 1;
    c->special['\n'] = 1;
    c->special['\r'] = 1;
    c->buf = malloc(CLI_CSV_MAX_FIELD);
    return c->buf != NULL;
}

void cli_csv_free(cli_csv *c)
{
    if (c->buf)
        cli_wipe(c->buf, CLI_CSV_MAX_FIELD);
    free(c->buf);
    c->buf = NULL;
}

/* Keeps s[0, n) of the current field in the buffer (truncated at the cap). */
static void csv_keep(cli_csv *c, const char *s, size_t n)
{
    size_t room = CLI_CSV_MAX_FIELD - c->buf_len;
    if (n > room)
        n = room;
    memcpy(c->buf + c->buf_len, s, n);
    c->buf_len += n;
    c->buffered = true;
}

/* The current field ends with the bytes [s, e). */
static void csv_field_end(cli_csv *c, const char *s, const char *e)
{
    int r;
    if (c->buffered) {
        csv_keep(c, s, (size_t)(e - s));
        r = c->cb.field(c->cb.user, c->field_index, c->buf, c->buf_len);
        c->buf_len = 0;
        c->buffered = false;
    } else {
        r = c->cb.field(c->cb.user, c->field_index, s, (size_t)(e - s));
    }
    if (r)
        c->stopped = true;
    c->field_index++;
}

static void csv_record_end(cli_csv *c)
{
    if (c->cb.record(c->cb.user, c->field_index, c->record_line))
        c->stopped = true;
    c->field_index = 0;
    c->quote_warned = false;
}

static void csv_quote_warning(cli_csv *c, const char *what)
{
    if (c->quote_warned)
        return;
    c->quote_warned = true;
    cli_csv_warn(c->warn, CLI_CSV_WARN_QUOTE, c->line, "%s", what);
}

/* Ends the field at [s, e) and the record at the newline byte *nl. */
static int csv_line_end(cli_csv *c, const char *s, const char *e, char nl)
{
    csv_field_end(c, s, e);
    csv_record_end(c);
    if (nl == '\n') {
        c->line++;
        c->record_line = c->line;
        return CSV_FIELD;
    }
    c->record_line = c->line;
    return CSV_CR;
}

bool cli_csv_feed(cli_csv *c, const char *data, size_t len)
{
    if (c->stopped)
        return false;
    csv_check_utf8(c, data, len);
    const char *p = data, *end = data + len;
    const char *fs = data; /* start of the current field's bytes not yet kept */
    const unsigned char *special = c->special;
    const char delim = c->delimiter;
    int state = c->state;
    if (state == CSV_QUOTE)
        c->seg_end = data;
    while (p < end && !c->stopped) {
        switch (state) {
        case CSV_CR:
            if (*p == '\n') {
                c->line++;
                c->record_line = c->line;
                p++;
            }
            state = CSV_FIELD;
            break;
        case CSV_FIELD:
            if (*p == '"') {
                c->quote_line = c->line;
                fs = ++p;
                state = CSV_QUOTED;
            } else if (*p == delim) {
                csv_field_end(c, p, p);
                p++;
            } else if (*p == '\n' || *p == '\r') {
                if (c->field_index == 0) { /* a blank line: no record */
                    if (*p == '\n')
                        c->line++;
                    c->record_line = c->line;
                    state = *p == '\n' ? CSV_FIELD : CSV_CR;
                } else {
                    state = csv_line_end(c, p, p, *p);
                }
                p++;
            } else {
                fs = p;
                state = CSV_PLAIN;
            }
            break;
        case CSV_PLAIN: {
            /* The hot loop: most bytes are plain field content. */
            while (end - p >= 4 && !special[(unsigned char)p[0]] && !special[(unsigned char)p[1]] &&
                   !special[(unsigned char)p[2]] && !special[(unsigned char)p[3]])
                p += 4;
            while (p < end && !special[(unsigned char)*p])
                p++;
            if (p == end)
                break;
            char ch = *p;
            if (ch == delim) {
                csv_field_end(c, fs, p);
                state = CSV_FIELD;
            } else if (ch == '"') {
                csv_quote_warning(c, "quote inside an unquoted field");
            } else {
                state = csv_line_end(c, fs, p, ch);
            }
            p++;
            break;
        }
        case CSV_QUOTED: {
            const char *q = memchr(p, '"', (size_t)(end - p));
            const char *stop = q ? q : end;
            c->line += csv_count_lf(p, stop);
            if (!q) {
                p = end;
                break;
            }
            c->seg_end = q;
            p = q + 1;
            state = CSV_QUOTE;
            break;
        }
        case CSV_QUOTE: {
            char ch = *p;
            if (ch == '"') { /* "" is one quote */
                csv_keep(c, fs, (size_t)(c->seg_end - fs));
                csv_keep(c, "\"", 1);
                fs = ++p;
                state = CSV_QUOTED;
            } else if (ch == delim) {
                csv_field_end(c, fs, c->seg_end);
                p++;
                state = CSV_FIELD;
            } else if (ch == '\n' || ch == '\r') {
                state = csv_line_end(c, fs, c->seg_end, ch);
                p++;
            } else {
                /* "abc"def: keep going as an unquoted field, reading abcdef */
                csv_quote_warning(c, "text after a closing quote");
                csv_keep(c, fs, (size_t)(c->seg_end - fs));
                fs = p;
                state = CSV_PLAIN;
            }
            break;
        }
        }
    }
    /* Keep the part of the current field that lies in this chunk. */
    if (!c->stopped) {
        if (state == CSV_PLAIN || state == CSV_QUOTED)
            csv_keep(c, fs, (size_t)(end - fs));
        else if (state == CSV_QUOTE)
            csv_keep(c, fs, (size_t)(c->seg_end - fs));
    }
    c->state = state;
    return !c->stopped;
}

bool cli_csv_finish(cli_csv *c)
{
    if (c->stopped)
        return false;
    if (c->utf8_need) {
        c->utf8_need = 0;
        cli_csv_warn(c->warn, CLI_CSV_WARN_UTF8, c->line, "invalid UTF-8");
    }
    static const char nothing[1] = "";
    switch (c->state) {
    case CSV_FIELD:
        if (c->field_index > 0) { /* "a,b," then end of file: an empty last field */
            csv_field_end(c, nothing, nothing);
            csv_record_end(c);
        }
        break;
    case CSV_QUOTED:
    case CSV_PLAIN:
    case CSV_QUOTE:
        if (c->state == CSV_QUOTED)
            cli_csv_warn(c->warn, CLI_CSV_WARN_UNTERMINATED, c->quote_line,
                         "quoted field not closed at end of file");
        c->buffered = true; /* what was read is the field */
        csv_field_end(c, nothing, nothing);
        csv_record_end(c);
        break;
    default:
        break;
    }
    c->state = CSV_FIELD;
    return !c->stopped;
}

/* ----------------------------------------------------------------- files */

int cli_csv_read_file(const char *path, char delimiter, const cli_csv_callbacks *cb, cli_csv_warnings *warn)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    char *chunk = malloc(CLI_CSV_CHUNK);
    cli_csv csv;
    bool have_csv = false;
    int rc = CLI_EXIT_OK;
    if (!chunk) {
        cli_error("%s: out of memory", cli_source_name(path));
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    bool first = true;
    size_t n;
    while ((n = fread(chunk, 1, CLI_CSV_CHUNK, f)) > 0) {
        const char *data = chunk;
        if (first) {
            first = false;
            size_t bom = cli_csv_bom_length(chunk, n);
            data += bom;
            n -= bom;
            if (!delimiter)
                delimiter = cli_csv_detect_delimiter(data, n);
            if (!cli_csv_init(&csv, delimiter, cb, warn)) {
                cli_error("%s: out of memory", cli_source_name(path));
                rc = CLI_EXIT_USAGE;
                goto out;
            }
            have_csv = true;
        }
        if (!cli_csv_feed(&csv, data, n)) {
            rc = CLI_EXIT_USAGE;
            goto out;
        }
    }
    if (ferror(f)) {
        cli_error("%s: %s", cli_source_name(path), strerror(errno));
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    if (have_csv && !cli_csv_finish(&csv))
        rc = CLI_EXIT_USAGE;
out:
    if (have_csv)
        cli_csv_free(&csv);
    if (chunk)
        cli_wipe(chunk, CLI_CSV_CHUNK);
    free(chunk);
    if (!is_stdin)
        fclose(f);
    return rc;
}
