/*
 * csv.h - a streaming CSV reader for the `comply` tool (RFC 4180, lenient).
 *
 * Input arrives in chunks of any size; a field may span chunks. Fields are
 * handed to a callback as they end, pointing into the chunk when they can
 * (no copy) or into a field buffer when they span chunks or hold escaped
 * quotes. Memory stays bounded: a field longer than CLI_CSV_MAX_FIELD bytes
 * is truncated. Problems (misplaced quotes, unterminated quoted field,
 * invalid UTF-8) are warnings on stderr with a line number, never a stop;
 * warnings never quote cell values, which may be personal data.
 */
#ifndef COMPLY_CLI_CSV_H
#define COMPLY_CLI_CSV_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_CSV_CHUNK (64 * 1024)
#define CLI_CSV_MAX_FIELD (64 * 1024)
/* Warnings printed per kind; the rest are counted and summed up at the end. */
#define CLI_CSV_MAX_WARNINGS 10

typedef enum cli_csv_warning {
    CLI_CSV_WARN_FIELDS = 0,    /* a row with another number of fields than the header */
    CLI_CSV_WARN_QUOTE,         /* a quote inside an unquoted field, text after a closing quote */
    CLI_CSV_WARN_UNTERMINATED,  /* a quoted field still open at end of file */
    CLI_CSV_WARN_UTF8,          /* a line with bytes that are not UTF-8 */
    CLI_CSV_WARN_KINDS_
} cli_csv_warning;

/* Warning counters of one input. */
typedef struct cli_csv_warnings {
    const char *source; /* display name of the input */
    unsigned long count[CLI_CSV_WARN_KINDS_];
} cli_csv_warnings;

/* Prints "comply: SOURCE:LINE: warning: ..." unless CLI_CSV_MAX_WARNINGS of
 * this kind were printed already; counts it either way. */
void cli_csv_warn(cli_csv_warnings *w, cli_csv_warning kind, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Prints how many warnings of each kind were not printed. */
void cli_csv_warn_summary(const cli_csv_warnings *w);

/* What the reader calls; a non-zero return stops the reading. */
typedef struct cli_csv_callbacks {
    /* Field `index` (0-based) of the current record: `len` bytes at `s`,
     * valid during the call only. */
    int (*field)(void *user, size_t index, const char *s, size_t len);
    /* End of a record of `n_fields` fields that began on line `line`. */
    int (*record)(void *user, size_t n_fields, unsigned long line);
    void *user;
} cli_csv_callbacks;

/* The reader's state. Blank lines are skipped; LF, CRLF and CR end records. */
typedef struct cli_csv {
    char delimiter;
    cli_csv_callbacks cb;
    cli_csv_warnings *warn;
    unsigned char special[256]; /* bytes that stop an unquoted field */
    int state;
    bool stopped;
    unsigned long line;        /* current line (LF count + 1) */
    unsigned long record_line; /* line where the current record began */
    unsigned long quote_line;  /* line where the open quoted field began */
    size_t field_index;
    bool quote_warned;         /* one misplaced-quote warning per record */
    /* the current field, while it cannot be handed over in place */
    char *buf;
    size_t buf_len;
    bool buffered;
    const char *seg_end;       /* end of the content before a quote (state QUOTE) */
    /* UTF-8 check, a decoder state that survives chunk ends */
    unsigned utf8_need;
    unsigned char utf8_lo, utf8_hi;
    bool utf8_skip_line;
} cli_csv;

/* Number of bytes of a UTF-8 byte order mark at the start of s (0 or 3). */
size_t cli_csv_bom_length(const char *s, size_t len);
/* The delimiter among , ; TAB | that appears most often outside quotes on
 * the first line of s (ties: that order); ',' when none does. */
char cli_csv_detect_delimiter(const char *s, size_t len);

/* Starts a reader; `warn` (borrowed) receives its warnings. false: no memory. */
bool cli_csv_init(cli_csv *csv, char delimiter, const cli_csv_callbacks *cb, cli_csv_warnings *warn);
/* Reads the next chunk. false when a callback stopped the reading. */
bool cli_csv_feed(cli_csv *csv, const char *data, size_t len);
/* Ends the input: hands over the last field and record. */
bool cli_csv_finish(cli_csv *csv);
/* Wipes and releases the reader's memory. */
void cli_csv_free(cli_csv *csv);

/*
 * Reads a CSV file (or standard input for "-") in CLI_CSV_CHUNK chunks: skips
 * a UTF-8 BOM, detects the delimiter when `delimiter` is 0, then feeds the
 * reader. Prints I/O errors. Returns CLI_EXIT_OK, or CLI_EXIT_USAGE on an
 * I/O error or when a callback stopped the reading (it printed why).
 */
int cli_csv_read_file(const char *path, char delimiter, const cli_csv_callbacks *cb, cli_csv_warnings *warn);

/* Overwrites n bytes at p with zeros in a way the compiler keeps. */
void cli_wipe(void *p, size_t n);

#endif
