/*
 * error.c - status codes and the caller's error struct.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *comply_status_string(comply_status status)
{
    switch (status) {
    case COMPLY_OK: return "success";
    case COMPLY_EINVAL: return "invalid argument";
    case COMPLY_ENOMEM: return "out of memory";
    case COMPLY_EIO: return "input/output error";
    case COMPLY_EPARSE: return "malformed input";
    case COMPLY_ERULE: return "invalid rule pack";
    case COMPLY_ENOTFOUND: return "not found";
    case COMPLY_ELIMIT: return "limit exceeded";
    case COMPLY_ERANGE: return "result out of range";
    }
    return "unknown status";
}

/* Cuts at `size - 1` bytes, then backs off continuation bytes so that a
 * multi-byte UTF-8 sequence is never split. */
void comply__strlcpy(char *dst, const char *src, size_t size)
{
    if (size == 0)
        return;
    size_t n = src ? strlen(src) : 0;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

comply_status comply__error_vset(comply_error *err, comply_status code, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->line = 0;
    err->column = 0;
    err->offset = 0;
    err->source[0] = '\0';
    err->path[0] = '\0';
    char tmp[COMPLY_ERROR_MESSAGE_SIZE * 2];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    comply__strlcpy(err->message, tmp, sizeof err->message);
    return code;
}

comply_status comply__error_set(comply_error *err, comply_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    comply__error_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void comply__error_place(comply_error *err, const char *source, unsigned long line, unsigned long column,
                         size_t offset, const char *path)
{
    if (!err)
        return;
    comply__strlcpy(err->source, source ? source : "", sizeof err->source);
    comply__strlcpy(err->path, path ? path : "", sizeof err->path);
    err->line = line;
    err->column = column;
    err->offset = offset;
}

comply_status comply__oom(comply_error *err)
{
    return comply__error_set(err, COMPLY_ENOMEM, "out of memory");
}
