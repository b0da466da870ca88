/*
 * comply._comply: the CPython binding of libcomply.
 *
 * Thin by design: every rule, detector and computation lives in the C
 * library; this file only converts Python values to C and back, and C
 * statuses to comply.Error.  The GIL is released around the calls that may
 * take long (scanning, redaction, column classification) so that threads
 * sharing one Rules object run in parallel: a loaded comply_rules is
 * read-only and shareable (include/comply.h, "Threads").
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <structmember.h>

#include <stdlib.h>
#include <string.h>

#include <comply.h>

static PyObject *ComplyError;           /* comply.Error */
static PyTypeObject SpanType;           /* comply.Span, a struct sequence */
static PyTypeObject RulesType;          /* comply.Rules */
static PyTypeObject ReportType;         /* comply.Report */

/* ------------------------------------------------------------- errors */

static const char *status_code_name(comply_status status)
{
    switch (status) {
    case COMPLY_OK: return "OK";
    case COMPLY_EINVAL: return "EINVAL";
    case COMPLY_ENOMEM: return "ENOMEM";
    case COMPLY_EIO: return "EIO";
    case COMPLY_EPARSE: return "EPARSE";
    case COMPLY_ERULE: return "ERULE";
    case COMPLY_ENOTFOUND: return "ENOTFOUND";
    case COMPLY_ELIMIT: return "ELIMIT";
    case COMPLY_ERANGE: return "ERANGE";
    }
    return "EUNKNOWN";
}

static int set_attr_string(PyObject *obj, const char *name, const char *value)
{
    PyObject *v = PyUnicode_DecodeUTF8(value, (Py_ssize_t)strlen(value), "replace");
    if (v == NULL)
        return -1;
    int rc = PyObject_SetAttrString(obj, name, v);
    Py_DECREF(v);
    return rc;
}

static int set_attr_ulong(PyObject *obj, const char *name, unsigned long value)
{
    PyObject *v = PyLong_FromUnsignedLong(value);
    if (v == NULL)
        return -1;
    int rc = PyObject_SetAttrString(obj, name, v);
    Py_DECREF(v);
    return rc;
}

/* Raises comply.Error from a C status and its comply_error; returns NULL.
 * MemoryError for ENOMEM, as Python code expects. */
static PyObject *raise_status(comply_status status, const comply_error *err)
{
    if (status == COMPLY_ENOMEM)
        return PyErr_NoMemory();
    const char *message = (err != NULL && err->message[0] != '\0') ? err->message
                                                                   : comply_status_string(status);
    PyObject *text;
    if (err != NULL && err->line > 0)
        text = PyUnicode_FromFormat("%s: %s (line %lu, column %lu)", status_code_name(status), message,
                                    err->line, err->column);
    else
        text = PyUnicode_FromFormat("%s: %s", status_code_name(status), message);
    if (text == NULL)
        return NULL;
    PyObject *exc = PyObject_CallOneArg(ComplyError, text);
    Py_DECREF(text);
    if (exc == NULL)
        return NULL;
    if (set_attr_string(exc, "code", status_code_name(status)) < 0 ||
        set_attr_ulong(exc, "status", (unsigned long)status) < 0 || set_attr_string(exc, "message", message) < 0 ||
        set_attr_ulong(exc, "line", err != NULL ? err->line : 0) < 0 ||
        set_attr_ulong(exc, "column", err != NULL ? err->column : 0) < 0 ||
        set_attr_string(exc, "source", err != NULL ? err->source : "") < 0 ||
        set_attr_string(exc, "path", err != NULL ? err->path : "") < 0) {
        Py_DECREF(exc);
        return NULL;
    }
    PyErr_SetObject(ComplyError, exc);
    Py_DECREF(exc);
    return NULL;
}

/* ------------------------------------------------------ conversions */

/* A C string that may be NULL, as str or None. */
static PyObject *str_or_none(const char *s)
{
    if (s == NULL)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* Text given as str (encoded to UTF-8; lone surrogates raise
 * UnicodeEncodeError) or bytes (taken as is).  *is_str tells which. */
static int text_arg(PyObject *obj, const char *what, const char **text, Py_ssize_t *len, int *is_str)
{
    if (PyUnicode_Check(obj)) {
        *text = PyUnicode_AsUTF8AndSize(obj, len);
        *is_str = 1;
        return *text != NULL ? 0 : -1;
    }
    if (PyBytes_Check(obj)) {
        *text = PyBytes_AS_STRING(obj);
        *len = PyBytes_GET_SIZE(obj);
        *is_str = 0;
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s must be str or bytes, not %.100s", what, Py_TYPE(obj)->tp_name);
    return -1;
}

/* An optional str argument (None allowed) as a C string. */
static int optional_str(PyObject *obj, const char *what, const char **out)
{
    if (obj == NULL || obj == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be str or None, not %.100s", what, Py_TYPE(obj)->tp_name);
        return -1;
    }
    Py_ssize_t len;
    *out = PyUnicode_AsUTF8AndSize(obj, &len);
    if (*out == NULL)
        return -1;
    if ((size_t)len != strlen(*out)) {
        PyErr_Format(PyExc_ValueError, "%s contains a NUL character", what);
        return -1;
    }
    return 0;
}

/* A date given as datetime.date (or datetime) or "YYYY-MM-DD". */
static int date_arg(PyObject *obj, const char *what, comply_date *out)
{
    if (PyDate_Check(obj)) {
        out->year = PyDateTime_GET_YEAR(obj);
        out->month = PyDateTime_GET_MONTH(obj);
        out->day = PyDateTime_GET_DAY(obj);
        return 0;
    }
    if (PyUnicode_Check(obj)) {
        Py_ssize_t len;
        const char *text = PyUnicode_AsUTF8AndSize(obj, &len);
        if (text == NULL)
            return -1;
        comply_error err;
        comply_status st = comply_date_parse(text, (size_t)len, out, &err);
        if (st != COMPLY_OK) {
            raise_status(st, &err);
            return -1;
        }
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s must be datetime.date or a \"YYYY-MM-DD\" str, not %.100s", what,
                 Py_TYPE(obj)->tp_name);
    return -1;
}

static PyObject *date_or_none(comply_date date)
{
    if (date.year == 0)
        Py_RETURN_NONE;
    return PyDate_FromDate(date.year, date.month, date.day);
}

static int today_arg(PyObject *obj, comply_date *out)
{
    if (obj != NULL && obj != Py_None)
        return date_arg(obj, "today", out);
    PyObject *today = PyObject_CallMethod((PyObject *)PyDateTimeAPI->DateType, "today", NULL);
    if (today == NULL)
        return -1;
    int rc = date_arg(today, "today", out);
    Py_DECREF(today);
    return rc;
}

/* A duration given as a str ("P1Y6M") or any object whose str() is one
 * (comply.Duration). */
static int duration_arg(PyObject *obj, comply_duration *out)
{
    PyObject *text = PyUnicode_Check(obj) ? Py_NewRef(obj) : NULL;
    if (text == NULL) {
        PyObject *canonical = PyObject_GetAttrString(obj, "canonical");
        if (canonical == NULL || !PyUnicode_Check(canonical)) {
            Py_XDECREF(canonical);
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "duration must be str or comply.Duration, not %.100s",
                         Py_TYPE(obj)->tp_name);
            return -1;
        }
        text = canonical;
    }
    const char *s;
    int rc = optional_str(text, "duration", &s);
    if (rc == 0) {
        comply_error err;
        comply_status st = comply_duration_parse(s, out, &err);
        if (st != COMPLY_OK) {
            raise_status(st, &err);
            rc = -1;
        }
    }
    Py_DECREF(text);
    return rc;
}

static PyObject *class_to_dict(const comply_class *c)
{
    return Py_BuildValue("{s:N,s:d,s:N,s:N,s:N}", "category", str_or_none(c->category), "confidence",
                         c->confidence, "by", str_or_none(c->by), "detail", str_or_none(c->detail), "lang",
                         str_or_none(c->lang));
}

/* --------------------------------------------------------------- Span */

static PyStructSequence_Field span_fields[] = {
    {"start", "offset of the first character (str) or byte (bytes)"},
    {"end", "offset just past the last character or byte"},
    {"category", "category key, e.g. \"contact.email\""},
    {"confidence", "confidence in [0, 1]"},
    {"by", "id of the detector that found it"},
    {"detail", "what the validator recognised (\"visa\", \"FR\"...), or None"},
    {NULL, NULL},
};

static PyStructSequence_Desc span_desc = {
    "comply.Span",
    "Span(start, end, category, confidence, by, detail): personal data found in a text.\n\n"
    "Offsets count characters when the scanned text was a str, bytes when it was bytes;\n"
    "text[span.start:span.end] is the value.",
    span_fields,
    6,
};

/* -------------------------------------------------------------- Rules */

typedef struct {
    PyObject_HEAD
    comply_rules *rules;
    /* Calls running without the GIL; layer() refuses to mutate meanwhile. */
    Py_ssize_t readers;
} RulesObject;

static PyObject *rules_wrap(PyTypeObject *type, comply_rules *rules)
{
    RulesObject *self = (RulesObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        comply_rules_free(rules);
        return NULL;
    }
    self->rules = rules;
    return (PyObject *)self;
}

static void rules_dealloc(RulesObject *self)
{
    comply_rules_free(self->rules);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *rules_new_direct(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    (void)type;
    (void)args;
    (void)kwargs;
    PyErr_SetString(PyExc_TypeError, "use Rules.default(), Rules.load(path) or Rules.from_json(text)");
    return NULL;
}

static PyObject *rules_default(PyObject *cls, PyObject *unused)
{
    (void)unused;
    comply_rules *rules = NULL;
    comply_error err;
    comply_status st = comply_rules_default(&rules, &err);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return rules_wrap((PyTypeObject *)cls, rules);
}

static PyObject *rules_load(PyObject *cls, PyObject *arg)
{
    PyObject *bytes = NULL;
    if (!PyUnicode_FSConverter(arg, &bytes))
        return NULL;
    comply_rules *rules = NULL;
    comply_error err;
    comply_status st = comply_rules_load_file(&rules, PyBytes_AS_STRING(bytes), &err);
    Py_DECREF(bytes);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return rules_wrap((PyTypeObject *)cls, rules);
}

static PyObject *rules_from_json(PyObject *cls, PyObject *arg)
{
    const char *text;
    Py_ssize_t len;
    int is_str;
    if (text_arg(arg, "text", &text, &len, &is_str) < 0)
        return NULL;
    comply_rules *rules = NULL;
    comply_error err;
    comply_status st = comply_rules_load_json(&rules, text, (size_t)len, &err);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return rules_wrap((PyTypeObject *)cls, rules);
}

static PyObject *rules_layer(RulesObject *self, PyObject *arg)
{
    if (!PyObject_TypeCheck(arg, &RulesType)) {
        PyErr_Format(PyExc_TypeError, "layer() needs a comply.Rules, not %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    if (self->readers > 0) {
        PyErr_SetString(PyExc_RuntimeError, "layer() while another thread scans with these rules");
        return NULL;
    }
    comply_error err;
    comply_status st = comply_rules_layer(self->rules, ((RulesObject *)arg)->rules, &err);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return Py_NewRef(self);
}

/* Refuses to change rules that another thread is reading. */
static int rules_writable(RulesObject *self, const char *what)
{
    if (self->readers > 0) {
        PyErr_Format(PyExc_RuntimeError, "%s() while another thread scans with these rules", what);
        return -1;
    }
    return 0;
}

static PyObject *rules_add_file(RulesObject *self, PyObject *arg)
{
    PyObject *bytes = NULL;
    if (!PyUnicode_FSConverter(arg, &bytes))
        return NULL;
    if (rules_writable(self, "add_file") < 0) {
        Py_DECREF(bytes);
        return NULL;
    }
    comply_error err;
    comply_status st = comply_rules_add_file(self->rules, PyBytes_AS_STRING(bytes), &err);
    Py_DECREF(bytes);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return Py_NewRef(self);
}

static PyObject *rules_add_json(RulesObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = { "text", "source", NULL };
    PyObject *text_obj;
    const char *source = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$z:add_json", keywords, &text_obj, &source))
        return NULL;
    const char *text;
    Py_ssize_t len;
    int is_str;
    if (text_arg(text_obj, "text", &text, &len, &is_str) < 0 || rules_writable(self, "add_json") < 0)
        return NULL;
    comply_error err;
    comply_status st = comply_rules_add_json(self->rules, text, (size_t)len, source, &err);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return Py_NewRef(self);
}

static PyObject *rules_packs(RulesObject *self, void *closure)
{
    (void)closure;
    size_t n = comply_rules_pack_count(self->rules);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *item = Py_BuildValue("(NN)", str_or_none(comply_rules_pack_name(self->rules, i)),
                                       str_or_none(comply_rules_pack_version(self->rules, i)));
        if (item == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

static PyObject *rules_classify_name(RulesObject *self, PyObject *arg)
{
    const char *name;
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "name must be str, not %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    if (optional_str(arg, "name", &name) < 0)
        return NULL;
    comply_class out;
    comply_error err;
    comply_status st = comply_classify_name(self->rules, name, &out, &err);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return class_to_dict(&out);
}

static PyObject *rules_classify_value(RulesObject *self, PyObject *arg)
{
    const char *text;
    Py_ssize_t len;
    int is_str;
    if (text_arg(arg, "value", &text, &len, &is_str) < 0)
        return NULL;
    comply_class out;
    comply_error err;
    comply_status st = comply_classify_value(self->rules, text, (size_t)len, &out, &err);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return class_to_dict(&out);
}

static PyObject *evidence_to_dict(const comply_column_evidence *ev)
{
    return Py_BuildValue("{s:N,s:N,s:n,s:n,s:n,s:n,s:i}", "name", class_to_dict(&ev->name), "values",
                         class_to_dict(&ev->values), "sampled", (Py_ssize_t)ev->sampled, "empty",
                         (Py_ssize_t)ev->empty, "matched", (Py_ssize_t)ev->matched, "distinct",
                         (Py_ssize_t)ev->distinct, "agreement", ev->agreement);
}

static PyObject *rules_classify_column(RulesObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"name", "values", NULL};
    PyObject *name_obj, *values_obj;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UO:classify_column", kwlist, &name_obj, &values_obj))
        return NULL;
    const char *name;
    if (optional_str(name_obj, "name", &name) < 0)
        return NULL;
    if (PyUnicode_Check(values_obj) || PyBytes_Check(values_obj)) {
        PyErr_SetString(PyExc_TypeError, "values must be a sequence of str, bytes or None, not one string");
        return NULL;
    }
    /* A tuple: immutable, so the pointers stay valid without the GIL. */
    PyObject *values = PySequence_Tuple(values_obj);
    if (values == NULL)
        return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(values);
    const char **ptrs = PyMem_Calloc((size_t)n + 1, sizeof *ptrs);
    size_t *lens = PyMem_Calloc((size_t)n + 1, sizeof *lens);
    PyObject *result = NULL;
    if (ptrs == NULL || lens == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(values, i);
        Py_ssize_t len = 0;
        int is_str;
        if (item == Py_None) {
            ptrs[i] = "";
        } else if (text_arg(item, "each value", &ptrs[i], &len, &is_str) < 0) {
            goto done;
        }
        lens[i] = (size_t)len;
    }
    comply_class out;
    comply_column_evidence evidence;
    comply_error err;
    comply_status st;
    self->readers++;
    Py_BEGIN_ALLOW_THREADS
    st = comply_classify_column(self->rules, name, ptrs, lens, (size_t)n, &out, &evidence, &err);
    Py_END_ALLOW_THREADS
    self->readers--;
    if (st != COMPLY_OK) {
        raise_status(st, &err);
        goto done;
    }
    result = class_to_dict(&out);
    if (result != NULL) {
        PyObject *ev = evidence_to_dict(&evidence);
        if (ev == NULL || PyDict_SetItemString(result, "evidence", ev) < 0)
            Py_CLEAR(result);
        Py_XDECREF(ev);
    }
done:
    PyMem_Free(ptrs);
    PyMem_Free(lens);
    Py_DECREF(values);
    return result;
}

/* Spans collected without the GIL (raw allocator), turned into Python
 * objects afterwards. */
typedef struct {
    comply_span *items;
    size_t count, cap;
    int failed;
} span_buffer;

static int collect_span(const comply_span *span, void *user)
{
    span_buffer *buf = user;
    if (buf->count == buf->cap) {
        size_t cap = buf->cap ? buf->cap * 2 : 16;
        comply_span *items = PyMem_RawRealloc(buf->items, cap * sizeof *items);
        if (items == NULL) {
            buf->failed = 1;
            return 1; /* non-zero stops the scan */
        }
        buf->items = items;
        buf->cap = cap;
    }
    buf->items[buf->count++] = *span;
    return 0;
}

static int compare_offset_ptr(const void *a, const void *b)
{
    size_t x = **(size_t *const *)a, y = **(size_t *const *)b;
    return (x > y) - (x < y);
}

/* Rewrites byte offsets into character offsets: the offsets are sorted,
 * then one walk over the UTF-8 counts code points (bytes that are not
 * continuation bytes) up to each. */
static int bytes_to_chars(const char *text, span_buffer *buf)
{
    size_t n = buf->count * 2;
    size_t **offsets = PyMem_Malloc((n ? n : 1) * sizeof *offsets);
    if (offsets == NULL)
        return -1;
    for (size_t i = 0; i < buf->count; i++) {
        offsets[2 * i] = &buf->items[i].start;
        offsets[2 * i + 1] = &buf->items[i].end;
    }
    qsort(offsets, n, sizeof *offsets, compare_offset_ptr);
    size_t byte = 0, chars = 0;
    for (size_t k = 0; k < n; k++) {
        size_t target = *offsets[k];
        for (; byte < target; byte++)
            if (((unsigned char)text[byte] & 0xC0) != 0x80)
                chars++;
        *offsets[k] = chars;
    }
    PyMem_Free(offsets);
    return 0;
}

static int scan_options(PyObject *min_confidence, comply_scan_options *opts)
{
    comply_scan_options init = COMPLY_SCAN_OPTIONS_INIT;
    *opts = init;
    if (min_confidence == NULL || min_confidence == Py_None)
        return 0;
    double v = PyFloat_AsDouble(min_confidence);
    if (v == -1.0 && PyErr_Occurred())
        return -1;
    if (!(v >= 0.0 && v <= 1.0)) {
        PyErr_SetString(PyExc_ValueError, "min_confidence must be in [0, 1]");
        return -1;
    }
    opts->min_confidence = v;
    return 0;
}

static PyObject *rules_scan(RulesObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"text", "min_confidence", NULL};
    PyObject *text_obj, *min_conf = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$O:scan", kwlist, &text_obj, &min_conf))
        return NULL;
    const char *text;
    Py_ssize_t len;
    int is_str;
    comply_scan_options opts;
    if (text_arg(text_obj, "text", &text, &len, &is_str) < 0 || scan_options(min_conf, &opts) < 0)
        return NULL;
    span_buffer buf = {NULL, 0, 0, 0};
    comply_error err;
    comply_status st;
    self->readers++;
    Py_BEGIN_ALLOW_THREADS
    st = comply_scan_text(self->rules, text, (size_t)len, &opts, collect_span, &buf, &err);
    Py_END_ALLOW_THREADS
    self->readers--;
    PyObject *list = NULL;
    if (buf.failed) {
        PyErr_NoMemory();
        goto done;
    }
    if (st != COMPLY_OK) {
        raise_status(st, &err);
        goto done;
    }
    if (is_str && !PyUnicode_IS_ASCII(text_obj) && bytes_to_chars(text, &buf) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    list = PyList_New((Py_ssize_t)buf.count);
    for (size_t i = 0; list != NULL && i < buf.count; i++) {
        const comply_span *s = &buf.items[i];
        PyObject *span = PyStructSequence_New(&SpanType);
        PyObject *fields[6] = {PyLong_FromSize_t(s->start), PyLong_FromSize_t(s->end), str_or_none(s->category),
                               PyFloat_FromDouble(s->confidence), str_or_none(s->by), str_or_none(s->detail)};
        int ok = span != NULL;
        for (int f = 0; f < 6; f++) {
            if (fields[f] == NULL)
                ok = 0;
            if (span != NULL)
                PyStructSequence_SET_ITEM(span, f, fields[f]);
            else
                Py_XDECREF(fields[f]);
        }
        if (!ok) {
            Py_XDECREF(span);
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, span);
    }
done:
    PyMem_RawFree(buf.items);
    return list;
}

static int redact_style(const char *name, comply_redact_style *out)
{
    if (strcmp(name, "tag") == 0)
        *out = COMPLY_REDACT_TAG;
    else if (strcmp(name, "mask") == 0)
        *out = COMPLY_REDACT_MASK;
    else if (strcmp(name, "partial") == 0)
        *out = COMPLY_REDACT_PARTIAL;
    else {
        PyErr_Format(PyExc_ValueError, "style must be \"tag\", \"mask\" or \"partial\", not \"%s\"", name);
        return -1;
    }
    return 0;
}

static PyObject *rules_redact(RulesObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"text", "style", "min_confidence", NULL};
    PyObject *text_obj, *min_conf = NULL;
    const char *style_name = "tag";
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$sO:redact", kwlist, &text_obj, &style_name, &min_conf))
        return NULL;
    const char *text;
    Py_ssize_t len;
    int is_str;
    comply_scan_options opts;
    comply_redact_style style;
    if (text_arg(text_obj, "text", &text, &len, &is_str) < 0 || redact_style(style_name, &style) < 0 ||
        scan_options(min_conf, &opts) < 0)
        return NULL;
    char *out = NULL;
    size_t out_len = 0;
    comply_error err;
    comply_status st;
    self->readers++;
    Py_BEGIN_ALLOW_THREADS
    st = comply_redact(self->rules, text, (size_t)len, style, &opts, &out, &out_len, &err);
    Py_END_ALLOW_THREADS
    self->readers--;
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    PyObject *result = is_str ? PyUnicode_DecodeUTF8(out, (Py_ssize_t)out_len, "strict")
                              : PyBytes_FromStringAndSize(out, (Py_ssize_t)out_len);
    comply_free(self->rules, out);
    return result;
}

/* ------------------------------------------------------------ retention */

/* events: a mapping {event name: date}.  The names point into the str keys,
 * which the mapping keeps alive for the duration of the call. */
static int events_arg(PyObject *events, comply_event **out, size_t *n_out, PyObject **keep)
{
    *out = NULL;
    *n_out = 0;
    *keep = NULL;
    if (events == NULL || events == Py_None)
        return 0;
    if (!PyDict_Check(events)) {
        PyErr_Format(PyExc_TypeError, "events must be a dict {name: date}, not %.100s", Py_TYPE(events)->tp_name);
        return -1;
    }
    PyObject *copy = PyDict_Copy(events);
    if (copy == NULL)
        return -1;
    Py_ssize_t n = PyDict_GET_SIZE(copy);
    comply_event *ev = PyMem_Calloc((size_t)n + 1, sizeof *ev);
    if (ev == NULL) {
        Py_DECREF(copy);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t pos = 0, i = 0;
    PyObject *key, *value;
    while (PyDict_Next(copy, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_Format(PyExc_TypeError, "event names must be str, not %.100s", Py_TYPE(key)->tp_name);
            goto fail;
        }
        if (optional_str(key, "event name", &ev[i].name) < 0 || date_arg(value, "event date", &ev[i].date) < 0)
            goto fail;
        i++;
    }
    *out = ev;
    *n_out = (size_t)n;
    *keep = copy;
    return 0;
fail:
    PyMem_Free(ev);
    Py_DECREF(copy);
    return -1;
}

static PyObject *deadline_to_dict(const comply_deadline *d)
{
    size_t listed = d->n_other < COMPLY_MAX_OTHER_RULES ? d->n_other : COMPLY_MAX_OTHER_RULES;
    PyObject *others = PyList_New((Py_ssize_t)listed);
    for (size_t i = 0; others != NULL && i < listed; i++) {
        PyObject *s = str_or_none(d->other_rules[i]);
        if (s == NULL) {
            Py_CLEAR(others);
            break;
        }
        PyList_SET_ITEM(others, (Py_ssize_t)i, s);
    }
    if (others == NULL)
        return NULL;
    return Py_BuildValue("{s:s,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N}", "stage", comply_stage_name(d->stage),
                         "next_date", date_or_none(d->next_date), "next_action", str_or_none(d->next_action),
                         "final_date", date_or_none(d->final_date), "final_action", str_or_none(d->final_action),
                         "rule", str_or_none(d->rule), "source", str_or_none(d->source), "basis",
                         str_or_none(d->basis), "missing_event", str_or_none(d->missing_event), "other_rules",
                         others);
}

/* One deadline: the events converted, the C function called. */
static PyObject *deadline_for(RulesObject *self, const char *purpose, const char *category, PyObject *events,
                              comply_date today, comply_deadline *out)
{
    comply_event *ev;
    size_t n;
    PyObject *keep;
    if (events_arg(events, &ev, &n, &keep) < 0)
        return NULL;
    comply_error err;
    comply_status st = comply_retention_deadline(self->rules, purpose, category, ev, n, today, out, &err);
    PyMem_Free(ev);
    Py_XDECREF(keep);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    return deadline_to_dict(out);
}

static PyObject *rules_deadline(RulesObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"purpose", "category", "events", "today", NULL};
    PyObject *purpose_obj = NULL, *category_obj = NULL, *events = NULL, *today_obj = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|OOOO:deadline", kwlist, &purpose_obj, &category_obj,
                                     &events, &today_obj))
        return NULL;
    const char *purpose, *category;
    comply_date today;
    if (optional_str(purpose_obj, "purpose", &purpose) < 0 || optional_str(category_obj, "category", &category) < 0 ||
        today_arg(today_obj, &today) < 0)
        return NULL;
    comply_deadline d;
    return deadline_for(self, purpose, category, events, today, &d);
}

static PyObject *rules_due(RulesObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"records", "purpose", "category", "today", NULL};
    PyObject *records_obj, *purpose_obj = NULL, *category_obj = NULL, *today_obj = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOO:due", kwlist, &records_obj, &purpose_obj, &category_obj,
                                     &today_obj))
        return NULL;
    const char *purpose, *category;
    comply_date today;
    if (optional_str(purpose_obj, "purpose", &purpose) < 0 || optional_str(category_obj, "category", &category) < 0 ||
        today_arg(today_obj, &today) < 0)
        return NULL;
    PyObject *records = PySequence_Tuple(records_obj);
    if (records == NULL)
        return NULL;
    PyObject *result = PyList_New(0);
    for (Py_ssize_t i = 0; result != NULL && i < PyTuple_GET_SIZE(records); i++) {
        PyObject *record = PyTuple_GET_ITEM(records, i);
        if (!PyDict_Check(record)) {
            PyErr_Format(PyExc_TypeError, "each record must be a dict {event: date}, not %.100s",
                         Py_TYPE(record)->tp_name);
            Py_CLEAR(result);
            break;
        }
        comply_deadline d;
        PyObject *deadline = deadline_for(self, purpose, category, record, today, &d);
        if (deadline == NULL) {
            Py_CLEAR(result);
            break;
        }
        /* Like `comply retention due` and the Lua module: every record that is
         * not simply active, so that a missing event (unknown) or a legal
         * hold is seen, never dropped. */
        if (d.stage != COMPLY_STAGE_ACTIVE) {
            PyObject *entry = Py_BuildValue("{s:n,s:O}", "index", i, "deadline", deadline);
            if (entry == NULL || PyList_Append(result, entry) < 0)
                Py_CLEAR(result);
            Py_XDECREF(entry);
        }
        Py_DECREF(deadline);
    }
    Py_DECREF(records);
    return result;
}

/* ------------------------------------------------------------- Report */

typedef struct {
    PyObject_HEAD
    comply_report *report;
    PyObject *rules; /* the Rules the report's strings belong to */
} ReportObject;

static void report_dealloc(ReportObject *self)
{
    comply_report_free(self->report);
    Py_XDECREF(self->rules);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *finding_to_dict(const comply_finding *f)
{
    return Py_BuildValue("{s:N,s:s,s:O,s:N,s:N,s:N,s:k,s:k,s:N,s:N,s:N,s:N,s:N}", "code", str_or_none(f->code),
                         "severity", comply_severity_name(f->severity), "gap", f->gap ? Py_True : Py_False,
                         "field", str_or_none(f->field), "category", str_or_none(f->category), "path",
                         str_or_none(f->path), "line", f->line, "column", f->column, "article",
                         str_or_none(f->article), "message_en", str_or_none(f->message_en), "message_fr",
                         str_or_none(f->message_fr), "fix_en", str_or_none(f->fix_en), "fix_fr",
                         str_or_none(f->fix_fr));
}

static PyObject *report_findings(ReportObject *self, void *closure)
{
    (void)closure;
    size_t n = comply_report_count(self->report);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *d = finding_to_dict(comply_report_get(self->report, i));
        if (d == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    return list;
}

static PyObject *report_purpose(ReportObject *self, void *closure)
{
    (void)closure;
    return str_or_none(comply_report_purpose(self->report));
}

static PyObject *report_source(ReportObject *self, void *closure)
{
    (void)closure;
    return str_or_none(comply_report_source(self->report));
}

static PyObject *report_text_result(ReportObject *self, comply_status st, char *out, size_t len,
                                    const comply_error *err)
{
    if (st != COMPLY_OK)
        return raise_status(st, err);
    PyObject *s = PyUnicode_DecodeUTF8(out, (Py_ssize_t)len, "replace");
    comply_report_text_free(self->report, out);
    return s;
}

static PyObject *report_to_json(ReportObject *self, PyObject *unused)
{
    (void)unused;
    char *out = NULL;
    size_t len = 0;
    comply_error err;
    comply_status st = comply_report_to_json(self->report, &out, &len, &err);
    return report_text_result(self, st, out, len, &err);
}

static PyObject *report_to_sarif(ReportObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"lang", NULL};
    const char *lang = "en";
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|s:to_sarif", kwlist, &lang))
        return NULL;
    char *out = NULL;
    size_t len = 0;
    comply_error err;
    comply_status st = comply_report_to_sarif(self->report, lang, &out, &len, &err);
    return report_text_result(self, st, out, len, &err);
}

static PyObject *report_to_text(ReportObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"lang", NULL};
    const char *lang = "en";
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|s:to_text", kwlist, &lang))
        return NULL;
    char *out = NULL;
    size_t len = 0;
    comply_error err;
    comply_status st = comply_report_to_text(self->report, lang, 0, &out, &len, &err);
    return report_text_result(self, st, out, len, &err);
}

static Py_ssize_t report_len(ReportObject *self)
{
    return (Py_ssize_t)comply_report_count(self->report);
}

static PyObject *rules_check(RulesObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"collection", "purpose", "source", NULL};
    PyObject *collection, *purpose_obj = NULL, *source_obj = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OO:check", kwlist, &collection, &purpose_obj, &source_obj))
        return NULL;
    const char *purpose, *source;
    if (optional_str(purpose_obj, "purpose", &purpose) < 0 || optional_str(source_obj, "source", &source) < 0)
        return NULL;
    PyObject *json_text;
    if (PyDict_Check(collection)) {
        PyObject *json = PyImport_ImportModule("json");
        if (json == NULL)
            return NULL;
        json_text = PyObject_CallMethod(json, "dumps", "O", collection);
        Py_DECREF(json);
        if (json_text == NULL)
            return NULL;
    } else if (PyUnicode_Check(collection) || PyBytes_Check(collection)) {
        json_text = Py_NewRef(collection);
    } else {
        PyErr_Format(PyExc_TypeError, "collection must be a dict or JSON text, not %.100s",
                     Py_TYPE(collection)->tp_name);
        return NULL;
    }
    const char *text;
    Py_ssize_t len;
    int is_str;
    if (text_arg(json_text, "collection", &text, &len, &is_str) < 0) {
        Py_DECREF(json_text);
        return NULL;
    }
    comply_report *report = NULL;
    comply_error err;
    comply_status st = comply_check_collection_json(self->rules, text, (size_t)len, source, purpose, &report, &err);
    Py_DECREF(json_text);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    ReportObject *obj = PyObject_New(ReportObject, &ReportType);
    if (obj == NULL) {
        comply_report_free(report);
        return NULL;
    }
    obj->report = report;
    obj->rules = Py_NewRef(self);
    return (PyObject *)obj;
}

/* ------------------------------------------------- module functions */

static PyObject *mod_date_add(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *date_obj, *duration_obj;
    if (!PyArg_ParseTuple(args, "OO:date_add", &date_obj, &duration_obj))
        return NULL;
    comply_date start, out;
    comply_duration duration;
    if (date_arg(date_obj, "date", &start) < 0 || duration_arg(duration_obj, &duration) < 0)
        return NULL;
    comply_status st = comply_date_add(start, &duration, &out);
    if (st != COMPLY_OK) {
        comply_error err;
        memset(&err, 0, sizeof err);
        snprintf(err.message, sizeof err.message, "%s", "the date cannot be computed (beyond year 9999?)");
        return raise_status(st, &err);
    }
    return PyDate_FromDate(out.year, out.month, out.day);
}

static PyObject *mod_duration_parse(PyObject *module, PyObject *arg)
{
    (void)module;
    const char *text;
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "duration text must be str, not %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    if (optional_str(arg, "duration text", &text) < 0)
        return NULL;
    comply_duration d;
    comply_error err;
    comply_status st = comply_duration_parse(text, &d, &err);
    if (st != COMPLY_OK)
        return raise_status(st, &err);
    char buf[COMPLY_DURATION_TEXT_SIZE];
    st = comply_duration_format(&d, buf, sizeof buf);
    if (st != COMPLY_OK)
        return raise_status(st, NULL);
    return Py_BuildValue("(kkkkkkk)s", (unsigned long)d.years, (unsigned long)d.months, (unsigned long)d.weeks,
                         (unsigned long)d.days, (unsigned long)d.hours, (unsigned long)d.minutes,
                         (unsigned long)d.seconds, buf);
}

static PyObject *mod_rights_deadline(PyObject *module, PyObject *args, PyObject *kwargs)
{
    (void)module;
    static char *keywords[] = { "received", "extended", NULL };
    PyObject *date_obj;
    int extended = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$p:rights_deadline", keywords, &date_obj, &extended))
        return NULL;
    comply_date received, due;
    if (date_arg(date_obj, "received", &received) < 0)
        return NULL;
    comply_status st = comply_rights_deadline(received, extended, &due);
    if (st != COMPLY_OK) {
        comply_error err;
        memset(&err, 0, sizeof err);
        snprintf(err.message, sizeof err.message, "%s", "the deadline falls beyond year 9999");
        return raise_status(st, &err);
    }
    return PyDate_FromDate(due.year, due.month, due.day);
}

static PyObject *mod_holiday_fr(PyObject *module, PyObject *args, PyObject *kwargs)
{
    (void)module;
    static char *keywords[] = { "date", "lang", NULL };
    PyObject *date_obj;
    const char *lang = "en";
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$s:holiday_fr", keywords, &date_obj, &lang))
        return NULL;
    comply_date date;
    if (date_arg(date_obj, "date", &date) < 0)
        return NULL;
    const char *name = comply_holiday_fr_name(date, lang);
    if (name == NULL)
        Py_RETURN_NONE;
    return PyUnicode_FromString(name);
}

static PyObject *mod_version(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return PyUnicode_FromString(comply_version());
}

/* ---------------------------------------------------------- tables */

static PyMethodDef rules_methods[] = {
    {"default", (PyCFunction)rules_default, METH_NOARGS | METH_CLASS,
     "default() -> Rules\n\nThe rules compiled into libcomply (rules/default.json)."},
    {"load", (PyCFunction)rules_load, METH_O | METH_CLASS,
     "load(path) -> Rules\n\nLoads a rule pack file (the default pack is not included: layer it).\n"
     "Raises comply.Error (EIO, EPARSE with line and column, ERULE)."},
    {"from_json", (PyCFunction)rules_from_json, METH_O | METH_CLASS,
     "from_json(text) -> Rules\n\nLoads a rule pack held in a str or bytes."},
    {"layer", (PyCFunction)rules_layer, METH_O,
     "layer(other) -> Rules\n\nLayers the entries of `other` on top of these rules (in place) and returns self.\n"
     "Do not call while other threads use these rules."},
    {"add_file", (PyCFunction)rules_add_file, METH_O,
     "add_file(path) -> Rules\n\nLayers a pack file on top of these rules (in place) and returns self: the\n"
     "way to add an overlay pack, one that refers to the categories underneath or removes some.\n"
     "Atomic: on comply.Error the rules are unchanged. Do not call while other threads use them."},
    {"add_json", (PyCFunction)(void (*)(void))rules_add_json, METH_VARARGS | METH_KEYWORDS,
     "add_json(text, *, source=None) -> Rules\n\nLike add_file for a pack held in a str or bytes; `source`\n"
     "names it in errors (default '<json>')."},
    {"classify_name", (PyCFunction)rules_classify_name, METH_O,
     "classify_name(name) -> dict\n\nThe category a field or column name suggests:\n"
     "{'category', 'confidence', 'by', 'detail', 'lang'}; category None when nothing matched."},
    {"classify_value", (PyCFunction)rules_classify_value, METH_O,
     "classify_value(value) -> dict\n\nThe category one value belongs to (same dict as classify_name)."},
    {"classify_column", (PyCFunction)(void (*)(void))rules_classify_column, METH_VARARGS | METH_KEYWORDS,
     "classify_column(name, values) -> dict\n\nClassifies a column from its name and a sample of its values\n"
     "(str, bytes or None).  The dict of classify_name plus 'evidence'.  Runs without the GIL."},
    {"scan", (PyCFunction)(void (*)(void))rules_scan, METH_VARARGS | METH_KEYWORDS,
     "scan(text, *, min_confidence=0.5) -> list[Span]\n\nFinds personal data in free text.  Offsets count\n"
     "characters for a str, bytes for bytes.  Runs without the GIL."},
    {"redact", (PyCFunction)(void (*)(void))rules_redact, METH_VARARGS | METH_KEYWORDS,
     "redact(text, *, style='tag', min_confidence=0.5) -> str | bytes\n\nA copy of text with every span found "
     "replaced;\nstyle is 'tag' ([EMAIL]), 'mask' (****) or 'partial' (cards and IBANs keep their\n"
     "last 4 characters).  Runs without the GIL."},
    {"check", (PyCFunction)(void (*)(void))rules_check, METH_VARARGS | METH_KEYWORDS,
     "check(collection, *, purpose=None, source=None) -> Report\n\nChecks a collection declaration "
     "(dict or JSON text, doc/collection.md)."},
    {"deadline", (PyCFunction)(void (*)(void))rules_deadline, METH_VARARGS | METH_KEYWORDS,
     "deadline(purpose=None, category=None, events=None, today=None) -> dict\n\nThe retention deadline of "
     "one record: events maps event names to dates\n(datetime.date or 'YYYY-MM-DD'); today defaults to the "
     "current date.\nKeys: stage, next_date, next_action, final_date, final_action, rule, source,\n"
     "basis, missing_event, other_rules."},
    {"due", (PyCFunction)(void (*)(void))rules_due, METH_VARARGS | METH_KEYWORDS,
     "due(records, *, purpose=None, category=None, today=None) -> list[dict]\n\nThe records (each a dict of "
     "events) that are not simply active (archive, delete_due, hold, unknown),\nas {'index': position in records, 'deadline': dict}."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef rules_getset[] = {
    {"packs", (getter)rules_packs, NULL, "the (name, version) of every pack, in layering order", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject RulesType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "comply.Rules",
    .tp_basicsize = sizeof(RulesObject),
    .tp_dealloc = (destructor)rules_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A loaded set of rule packs (taxonomy, detectors, purposes, retention rules).\n\n"
              "Create with Rules.default(), Rules.load(path) or Rules.from_json(text).\n"
              "Read-only once loaded: any number of threads may share one.",
    .tp_methods = rules_methods,
    .tp_getset = rules_getset,
    .tp_new = rules_new_direct,
};

static PyMethodDef report_methods[] = {
    {"to_json", (PyCFunction)report_to_json, METH_NOARGS,
     "to_json() -> str\n\nThe report as JSON (doc/findings.md)."},
    {"to_sarif", (PyCFunction)(void (*)(void))report_to_sarif, METH_VARARGS | METH_KEYWORDS,
     "to_sarif(lang='en') -> str\n\nThe report as SARIF 2.1.0, messages in 'en' or 'fr'."},
    {"to_text", (PyCFunction)(void (*)(void))report_to_text, METH_VARARGS | METH_KEYWORDS,
     "to_text(lang='en') -> str\n\nThe report as text grouped by severity."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef report_getset[] = {
    {"findings", (getter)report_findings, NULL,
     "list of dicts: code, severity, gap, field, category, path, line, column,\n"
     "article, message_en, message_fr, fix_en, fix_fr",
     NULL},
    {"purpose", (getter)report_purpose, NULL, "the purpose checked, or None", NULL},
    {"source", (getter)report_source, NULL, "the declaration's source name", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PySequenceMethods report_as_sequence = {
    .sq_length = (lenfunc)report_len,
};

static PyTypeObject ReportType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "comply.Report",
    .tp_basicsize = sizeof(ReportObject),
    .tp_dealloc = (destructor)report_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The findings of Rules.check(): len(report) findings, report.findings as dicts.",
    .tp_methods = report_methods,
    .tp_getset = report_getset,
    .tp_as_sequence = &report_as_sequence,
};

static PyMethodDef module_methods[] = {
    {"date_add", mod_date_add, METH_VARARGS,
     "date_add(date, duration) -> datetime.date\n\nAdds an ISO 8601 duration ('P1Y6M', or a comply.Duration)\n"
     "to a date, ends of month clamped (doc/calendar.md)."},
    {"duration_parse", mod_duration_parse, METH_O,
     "duration_parse(text) -> ((years, months, weeks, days, hours, minutes, seconds), canonical)"},
    {"rights_deadline", (PyCFunction)(void (*)(void))mod_rights_deadline, METH_VARARGS | METH_KEYWORDS,
     "rights_deadline(received, *, extended=False) -> datetime.date\n\nWhen the answer to a data subject's\n"
     "request received on `received` is due (GDPR Art. 12(3)): one month, or three when extended,\n"
     "counted as Regulation 1182/71 art. 3 says, moved past weekends and French public holidays\n"
     "(doc/rights.md)."},
    {"holiday_fr", (PyCFunction)(void (*)(void))mod_holiday_fr, METH_VARARGS | METH_KEYWORDS,
     "holiday_fr(date, *, lang='en') -> str | None\n\nThe name of the French public holiday on `date`\n"
     "('Whit Monday', or 'Lundi de Pentecôte' with lang='fr'), or None on other days."},
    {"version", mod_version, METH_NOARGS, "version() -> str: the libcomply version"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef comply_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "comply._comply",
    .m_doc = "C part of the comply package (libcomply); import comply instead.",
    .m_size = -1,
    .m_methods = module_methods,
};

static int add_type(PyObject *module, PyTypeObject *type, const char *name)
{
    if (PyType_Ready(type) < 0)
        return -1;
    return PyModule_AddObjectRef(module, name, (PyObject *)type);
}

PyMODINIT_FUNC PyInit__comply(void);

PyMODINIT_FUNC PyInit__comply(void)
{
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL)
        return NULL;
    PyObject *module = PyModule_Create(&comply_module);
    if (module == NULL)
        return NULL;
    /* Class-level defaults, so that every comply.Error has the attributes. */
    PyObject *defaults = Py_BuildValue("{s:s,s:i,s:s,s:i,s:i,s:s,s:s}", "code", "", "status", 0, "message", "",
                                       "line", 0, "column", 0, "source", "", "path", "");
    if (defaults == NULL)
        goto fail;
    ComplyError = PyErr_NewExceptionWithDoc(
        "comply.Error",
        "A libcomply call failed.\n\nAttributes: code (status name: 'EINVAL', 'EIO', 'EPARSE', 'ERULE',\n"
        "'ENOTFOUND', 'ELIMIT', 'ERANGE'), status (the C comply_status number),\nmessage, line and column "
        "(1-based, 0 when not about parsed input),\nsource (file name or '<json>') and path (JSON path of the "
        "offending key).",
        NULL, defaults);
    Py_DECREF(defaults);
    if (ComplyError == NULL || PyModule_AddObjectRef(module, "Error", ComplyError) < 0)
        goto fail;
    if (SpanType.tp_name == NULL && PyStructSequence_InitType2(&SpanType, &span_desc) < 0)
        goto fail;
    if (PyModule_AddObjectRef(module, "Span", (PyObject *)&SpanType) < 0 ||
        add_type(module, &RulesType, "Rules") < 0 || add_type(module, &ReportType, "Report") < 0)
        goto fail;
    return module;
fail:
    Py_DECREF(module);
    return NULL;
}
