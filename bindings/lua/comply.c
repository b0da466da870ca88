/*
 * comply.c - the Lua 5.4 module `comply`: a thin layer over include/comply.h.
 *
 *   local comply = require "comply"
 *   local rules <close> = assert(comply.default())
 *   print(rules:classify_name("date_naissance").category)   --> identity.birth_date
 *
 * Every behaviour lives in the C library; this file only converts values.
 * Conventions (doc/lua.md): bad data returns `nil, message, code` (code a
 * status name such as "EPARSE", then line and column when the error has a
 * place in parsed input); misuse (a wrong argument type, a closed rules
 * object) raises a Lua error, as Lua's own libraries do. No global state:
 * the module's private tables are upvalues of its functions, so every Lua
 * state that requires it gets its own.
 */
#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comply.h"

#define RULES_MT "comply.rules"
#define REPORT_MT "comply.report"
#define SCRATCH_MT "comply.scratch"

/* Deepest table nesting check() writes as JSON; the library's own reader
 * refuses deeper documents anyway (COMPLY_DEFAULT_MAX_DEPTH). */
#define JSON_MAX_DEPTH COMPLY_DEFAULT_MAX_DEPTH

LUAMOD_API int luaopen_comply(lua_State *L);

/* ------------------------------------------------------------ errors */

static const char *status_code(comply_status st)
{
    switch (st) {
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

/* Pushes nil, message, code, and line, column when the error has a place.
 * The message starts with "source:line:column: " when the error names a
 * source (a pack, a declaration), like the CLI's. */
static int push_failure(lua_State *L, comply_status st, const comply_error *err)
{
    lua_pushnil(L);
    if (err && err->message[0] && err->line > 0 && err->source[0])
        lua_pushfstring(L, "%s:%d:%d: %s", err->source, (int)err->line, (int)err->column, err->message);
    else if (err && err->message[0])
        lua_pushstring(L, err->message);
    else
        lua_pushstring(L, comply_status_string(st));
    lua_pushstring(L, status_code(st));
    if (err && err->line > 0) {
        lua_pushinteger(L, (lua_Integer)err->line);
        lua_pushinteger(L, (lua_Integer)err->column);
        return 5;
    }
    return 3;
}

/* A failure found by the binding itself (a NUL inside a name, a table
 * that has no JSON form): nil, message, "EINVAL". */
static int push_invalid(lua_State *L, const char *fmt, const char *what)
{
    lua_pushnil(L);
    lua_pushfstring(L, fmt, what);
    lua_pushstring(L, status_code(COMPLY_EINVAL));
    return 3;
}

static void clear_error(comply_error *err)
{
    memset(err, 0, sizeof *err);
}

/* ------------------------------------------------------------ scratch */

/* Memory the binding allocates for one call lives in a userdata whose
 * __gc frees it, so that a Lua error raised midway (out of memory) leaks
 * nothing. */
typedef struct scratch {
    char *p;
    size_t len, cap;
} scratch;

static int scratch_gc(lua_State *L)
{
    scratch *s = luaL_checkudata(L, 1, SCRATCH_MT);
    free(s->p);
    s->p = NULL;
    s->len = s->cap = 0;
    return 0;
}

static scratch *scratch_new(lua_State *L)
{
    scratch *s = lua_newuserdatauv(L, sizeof *s, 0);
    s->p = NULL;
    s->len = s->cap = 0;
    luaL_setmetatable(L, SCRATCH_MT);
    return s;
}

/* Makes room for `more` bytes; 0 when memory runs out. */
static int scratch_reserve(scratch *s, size_t more)
{
    if (more <= s->cap - s->len)
        return 1;
    if (more > ((size_t)-1) / 2 - s->len)
        return 0;
    size_t cap = s->cap ? s->cap : 256;
    while (cap - s->len < more)
        cap *= 2;
    char *p = realloc(s->p, cap);
    if (!p)
        return 0;
    s->p = p;
    s->cap = cap;
    return 1;
}

static int scratch_add(scratch *s, const void *bytes, size_t n)
{
    if (n == 0)
        return 1; /* bytes may be NULL then (an empty result) */
    if (!scratch_reserve(s, n))
        return 0;
    memcpy(s->p + s->len, bytes, n);
    s->len += n;
    return 1;
}

static int scratch_adds(scratch *s, const char *str)
{
    return scratch_add(s, str, strlen(str));
}

/* ------------------------------------------------------------ arguments */

typedef struct rules_box {
    comply_rules *rules; /* NULL once closed */
} rules_box;

/* The rules object at `idx`; raises for another type or a closed object. */
static const comply_rules *check_rules(lua_State *L, int idx)
{
    rules_box *box = luaL_checkudata(L, idx, RULES_MT);
    if (!box->rules)
        luaL_error(L, "attempt to use a closed comply rules object");
    return box->rules;
}

/* A string argument that becomes a C string: an inner NUL would cut it
 * silently, so it is refused. Returns NULL (having pushed nothing) when
 * the string holds a NUL. */
static const char *nul_free(const char *s, size_t len)
{
    return strlen(s) == len ? s : NULL;
}

/* An optional string field of the table at `idx`: NULL when absent;
 * raises when it is neither a string nor nil. Leaves the value on the
 * stack (keeping the string alive); the caller pops. */
static const char *opt_string_field(lua_State *L, int idx, const char *key, size_t *len)
{
    int t = lua_getfield(L, idx, key);
    if (t == LUA_TNIL) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (t != LUA_TSTRING)
        luaL_error(L, "field '%s' must be a string (got %s)", key, lua_typename(L, t));
    return lua_tolstring(L, -1, len);
}

/* Scan options from an optional table {min_confidence = number}. */
static comply_scan_options check_scan_options(lua_State *L, int idx)
{
    comply_scan_options opts = COMPLY_SCAN_OPTIONS_INIT;
    if (lua_isnoneornil(L, idx))
        return opts;
    luaL_checktype(L, idx, LUA_TTABLE);
    int t = lua_getfield(L, idx, "min_confidence");
    if (t != LUA_TNIL) {
        if (t != LUA_TNUMBER)
            luaL_error(L, "field 'min_confidence' must be a number (got %s)", lua_typename(L, t));
        opts.min_confidence = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return opts;
}

/* "YYYY-MM-DD" (comply_date_parse: exactly that form). */
static comply_status parse_date(const char *text, size_t len, comply_date *out, comply_error *err)
{
    return comply_date_parse(text, len, out, err);
}

static void push_date(lua_State *L, comply_date d)
{
    char buf[COMPLY_DATE_TEXT_LENGTH + 1];
    if (d.year == 0 || comply_date_format(d, buf, sizeof buf) != COMPLY_OK)
        lua_pushnil(L);
    else
        lua_pushstring(L, buf);
}

/* t[key] = s when s is not NULL (the table is on top of the stack). */
static void set_string(lua_State *L, const char *key, const char *s)
{
    if (s) {
        lua_pushstring(L, s);
        lua_setfield(L, -2, key);
    }
}

static void set_integer(lua_State *L, const char *key, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, key);
}

/* ------------------------------------------------------------ rules objects */

static int push_rules(lua_State *L, comply_rules *rules)
{
    rules_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->rules = rules;
    luaL_setmetatable(L, RULES_MT);
    return 1;
}

/* Creates the box first, so that an out-of-memory error from Lua cannot
 * leak a rules object the library has just built. */
static rules_box *new_rules_box(lua_State *L)
{
    push_rules(L, NULL);
    return lua_touserdata(L, -1);
}

/* comply.default() -> rules | nil, message, code */
static int l_default(lua_State *L)
{
    rules_box *box = new_rules_box(L);
    comply_error err;
    clear_error(&err);
    comply_status st = comply_rules_default(&box->rules, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    return 1;
}

/* comply.load(path) -> rules | nil, message, code[, line, column] */
static int l_load(lua_State *L)
{
    size_t len;
    const char *path = luaL_checklstring(L, 1, &len);
    if (!nul_free(path, len))
        return push_invalid(L, "%s: a NUL byte in the path", "load");
    rules_box *box = new_rules_box(L);
    comply_error err;
    clear_error(&err);
    comply_status st = comply_rules_load_file(&box->rules, path, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    return 1;
}

/* comply.from_json(text[, source]) -> rules | nil, message, code[, line, column] */
static int l_from_json(lua_State *L)
{
    size_t len, slen = 0;
    const char *json = luaL_checklstring(L, 1, &len);
    const char *source = luaL_optlstring(L, 2, NULL, &slen);
    if (source && !nul_free(source, slen))
        return push_invalid(L, "%s: a NUL byte in the source name", "from_json");
    rules_box *box = new_rules_box(L);
    comply_error err;
    clear_error(&err);
    comply_status st;
    if (!source) {
        st = comply_rules_load_json(&box->rules, json, len, &err);
    } else {
        /* A named source goes through the layering call, which takes one. */
        st = comply_rules_new(&box->rules, NULL, &err);
        if (st == COMPLY_OK)
            st = comply_rules_add_json(box->rules, json, len, source, &err);
    }
    if (st != COMPLY_OK) {
        comply_rules_free(box->rules);
        box->rules = NULL;
        return push_failure(L, st, &err);
    }
    return 1;
}

/* rules:close(); also __gc and __close. Closing twice is fine. */
static int l_rules_close(lua_State *L)
{
    rules_box *box = luaL_checkudata(L, 1, RULES_MT);
    comply_rules_free(box->rules);
    box->rules = NULL;
    return 0;
}

static int l_rules_tostring(lua_State *L)
{
    rules_box *box = luaL_checkudata(L, 1, RULES_MT);
    if (box->rules)
        lua_pushfstring(L, "comply.rules (%d packs)", (int)comply_rules_pack_count(box->rules));
    else
        lua_pushliteral(L, "comply.rules (closed)");
    return 1;
}

/* rules:layer(other) -> rules | nil, message, code */
static int l_rules_layer(lua_State *L)
{
    rules_box *box = luaL_checkudata(L, 1, RULES_MT);
    if (!box->rules)
        return luaL_error(L, "attempt to use a closed comply rules object");
    const comply_rules *overlay = check_rules(L, 2);
    comply_error err;
    clear_error(&err);
    comply_status st = comply_rules_layer(box->rules, overlay, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    lua_settop(L, 1);
    return 1;
}

/* rules:add_file(path) -> rules | nil, message, code[, line, column]
 * Layers a pack file on top (it may remove entries and refer to those underneath). */
static int l_rules_add_file(lua_State *L)
{
    rules_box *box = luaL_checkudata(L, 1, RULES_MT);
    size_t len;
    const char *path = luaL_checklstring(L, 2, &len);
    if (!box->rules)
        return luaL_error(L, "attempt to use a closed comply rules object");
    if (!nul_free(path, len))
        return push_invalid(L, "%s: a NUL byte in the path", "add_file");
    comply_error err;
    clear_error(&err);
    comply_status st = comply_rules_add_file(box->rules, path, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    lua_settop(L, 1);
    return 1;
}

/* rules:add_json(text[, source]) -> rules | nil, message, code[, line, column] */
static int l_rules_add_json(lua_State *L)
{
    rules_box *box = luaL_checkudata(L, 1, RULES_MT);
    size_t len, slen = 0;
    const char *json = luaL_checklstring(L, 2, &len);
    const char *source = luaL_optlstring(L, 3, NULL, &slen);
    if (!box->rules)
        return luaL_error(L, "attempt to use a closed comply rules object");
    if (source && !nul_free(source, slen))
        return push_invalid(L, "%s: a NUL byte in the source name", "add_json");
    comply_error err;
    clear_error(&err);
    comply_status st = comply_rules_add_json(box->rules, json, len, source, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    lua_settop(L, 1);
    return 1;
}

/* ------------------------------------------------------------ classification */

static void push_class(lua_State *L, const comply_class *c)
{
    lua_createtable(L, 0, 5);
    set_string(L, "category", c->category);
    lua_pushnumber(L, c->confidence);
    lua_setfield(L, -2, "confidence");
    set_string(L, "by", c->by);
    set_string(L, "detail", c->detail);
    set_string(L, "lang", c->lang);
}

/* rules:classify_name(name) -> {category, confidence, by, detail, lang} */
static int l_classify_name(lua_State *L)
{
    const comply_rules *rules = check_rules(L, 1);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    if (!nul_free(name, len))
        return push_invalid(L, "%s: a NUL byte in the name", "classify_name");
    comply_class c;
    comply_error err;
    clear_error(&err);
    comply_status st = comply_classify_name(rules, name, &c, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    push_class(L, &c);
    return 1;
}

/* rules:classify_value(value) -> {category, confidence, by, detail} */
static int l_classify_value(lua_State *L)
{
    const comply_rules *rules = check_rules(L, 1);
    size_t len;
    const char *value = luaL_checklstring(L, 2, &len);
    comply_class c;
    comply_error err;
    clear_error(&err);
    comply_status st = comply_classify_value(rules, value, len, &c, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    push_class(L, &c);
    return 1;
}

/* rules:classify_column(name|nil, values) -> {category, …, evidence = {…}} */
static int l_classify_column(lua_State *L)
{
    const comply_rules *rules = check_rules(L, 1);
    size_t nlen = 0;
    const char *name = luaL_optlstring(L, 2, NULL, &nlen);
    if (name && !nul_free(name, nlen))
        return push_invalid(L, "%s: a NUL byte in the name", "classify_column");
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 3);
    if (n < 0 || (lua_Unsigned)n > ((size_t)-1) / (sizeof(char *) + sizeof(size_t)))
        return luaL_argerror(L, 3, "too many values");
    /* The pointers stay valid: the strings are held by the table. */
    const char **values = NULL;
    size_t *lens = NULL;
    if (n > 0) {
        values = lua_newuserdatauv(L, (size_t)n * sizeof *values, 0);
        lens = lua_newuserdatauv(L, (size_t)n * sizeof *lens, 0);
    }
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, 3, i) != LUA_TSTRING)
            return luaL_error(L, "bad argument #2 to 'classify_column' (values[%d] must be a string, got %s)",
                              (int)i, luaL_typename(L, -1));
        values[i - 1] = lua_tolstring(L, -1, &lens[i - 1]);
        lua_pop(L, 1);
    }
    comply_class c;
    comply_column_evidence ev;
    comply_error err;
    clear_error(&err);
    comply_status st = comply_classify_column(rules, name, values, lens, (size_t)n, &c, &ev, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    push_class(L, &c);
    lua_createtable(L, 0, 7);
    push_class(L, &ev.name);
    lua_setfield(L, -2, "name");
    push_class(L, &ev.values);
    lua_setfield(L, -2, "values");
    set_integer(L, "sampled", (lua_Integer)ev.sampled);
    set_integer(L, "empty", (lua_Integer)ev.empty);
    set_integer(L, "matched", (lua_Integer)ev.matched);
    set_integer(L, "distinct", (lua_Integer)ev.distinct);
    set_integer(L, "agreement", ev.agreement);
    lua_setfield(L, -2, "evidence");
    return 1;
}

/* ------------------------------------------------------------ scanning */

/* The scan's spans are gathered in C first: a Lua error raised inside the
 * library's callback would jump over the library's own clean-up. */
typedef struct span_list {
    scratch *buf; /* of comply_span */
    int failed;
} span_list;

static int collect_span(const comply_span *span, void *user)
{
    span_list *list = user;
    if (!scratch_add(list->buf, span, sizeof *span)) {
        list->failed = 1;
        return 1;
    }
    return 0;
}

/* rules:scan(text[, {min_confidence}]) -> array of
 * {start, stop, category, confidence, by, detail}; 1-based, inclusive:
 * text:sub(span.start, span.stop) is the value. */
static int l_scan(lua_State *L)
{
    const comply_rules *rules = check_rules(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    comply_scan_options opts = check_scan_options(L, 3);
    span_list list = {scratch_new(L), 0};
    comply_error err;
    clear_error(&err);
    comply_status st = comply_scan_text(rules, text, len, &opts, collect_span, &list, &err);
    if (st == COMPLY_OK && list.failed)
        return luaL_error(L, "not enough memory");
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    size_t n = list.buf->len / sizeof(comply_span);
    const comply_span *spans = (const comply_span *)(void *)list.buf->p;
    lua_createtable(L, n > INT32_MAX ? INT32_MAX : (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 6);
        set_integer(L, "start", (lua_Integer)spans[i].start + 1);
        set_integer(L, "stop", (lua_Integer)spans[i].end);
        set_string(L, "category", spans[i].category);
        lua_pushnumber(L, spans[i].confidence);
        lua_setfield(L, -2, "confidence");
        set_string(L, "by", spans[i].by);
        set_string(L, "detail", spans[i].detail);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* rules:redact(text[, style[, {min_confidence}]]) -> text; style "tag"
 * (default), "mask" or "partial". */
static int l_redact(lua_State *L)
{
    static const char *const styles[] = {"tag", "mask", "partial", NULL};
    static const comply_redact_style style_values[] = {COMPLY_REDACT_TAG, COMPLY_REDACT_MASK,
                                                       COMPLY_REDACT_PARTIAL};
    const comply_rules *rules = check_rules(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    int style = luaL_checkoption(L, 3, "tag", styles);
    comply_scan_options opts = check_scan_options(L, 4);
    scratch *copy = scratch_new(L);
    char *out = NULL;
    size_t out_len = 0;
    comply_error err;
    clear_error(&err);
    comply_status st = comply_redact(rules, text, len, style_values[style], &opts, &out, &out_len, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    /* Move the text into the scratch box so a failing push cannot leak it. */
    int moved = scratch_add(copy, out, out_len);
    comply_free(rules, out);
    if (!moved)
        return luaL_error(L, "not enough memory");
    lua_pushlstring(L, copy->p ? copy->p : "", copy->len);
    return 1;
}

/* ------------------------------------------------------------ Lua table -> JSON */

typedef struct json_writer {
    lua_State *L;
    scratch *out;
    char message[200]; /* why the table has no JSON form, when it has none */
} json_writer;

static int json_fail(json_writer *w, const char *path, const char *why)
{
    snprintf(w->message, sizeof w->message, "%s: %s", path, why);
    return 0;
}

static int json_string(json_writer *w, const char *s, size_t len)
{
    if (!scratch_add(w->out, "\"", 1))
        return 0;
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        char esc[8];
        if (c == '"' || c == '\\')
            snprintf(esc, sizeof esc, "\\%c", c);
        else
            snprintf(esc, sizeof esc, "\\u%04x", c);
        if (!scratch_add(w->out, s + run, i - run) || !scratch_adds(w->out, esc))
            return 0;
        run = i + 1;
    }
    /* Bytes >= 0x80 go through as they are: the library's reader checks
     * that they are UTF-8 and says where they are not. */
    return scratch_add(w->out, s + run, len - run) && scratch_add(w->out, "\"", 1);
}

static int json_value(json_writer *w, int idx, const char *path, unsigned depth);

/* Whether the table at `idx` is an array (keys exactly 1..n), an object
 * (string keys only) or neither: 1 array, 0 object, -1 neither. An empty
 * table is an array. */
static int table_shape(lua_State *L, int idx, size_t *count)
{
    size_t n = 0, strings = 0;
    lua_Integer max = 0;
    int other = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        n++;
        if (lua_type(L, -1) == LUA_TSTRING)
            strings++;
        else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            if (lua_tointeger(L, -1) > max)
                max = lua_tointeger(L, -1);
        } else
            other = 1;
    }
    *count = n;
    if (other || (strings && strings != n))
        return -1;
    if (strings)
        return 0;
    return (lua_Unsigned)max == n ? 1 : -1;
}

static int key_compare(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An object, keys sorted so that the text (and the line and column of any
 * error in it) is the same from run to run. */
static int json_object(json_writer *w, int idx, size_t n, const char *path, unsigned depth)
{
    lua_State *L = w->L;
    const char **keys = lua_newuserdatauv(L, n * sizeof *keys, 0);
    size_t k = 0, klen;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        keys[k] = lua_tolstring(L, -1, &klen); /* a string key: no conversion */
        if (!nul_free(keys[k++], klen)) {
            lua_pop(L, 1);
            return json_fail(w, path, "a key with a NUL byte");
        }
    }
    qsort(keys, n, sizeof *keys, key_compare);
    if (!scratch_add(w->out, "{", 1))
        return 0;
    for (k = 0; k < n; k++) {
        char sub[160];
        snprintf(sub, sizeof sub, "%s.%s", path, keys[k]);
        if ((k && !scratch_add(w->out, ",", 1)) || !json_string(w, keys[k], strlen(keys[k])) ||
            !scratch_add(w->out, ":", 1))
            return 0;
        lua_pushstring(L, keys[k]);
        lua_rawget(L, idx);
        int ok = json_value(w, lua_gettop(L), sub, depth + 1);
        lua_pop(L, 1);
        if (!ok)
            return 0;
    }
    lua_pop(L, 1); /* keys */
    return scratch_add(w->out, "}", 1);
}

static int json_array(json_writer *w, int idx, size_t n, const char *path, unsigned depth)
{
    lua_State *L = w->L;
    if (!scratch_add(w->out, "[", 1))
        return 0;
    for (size_t i = 1; i <= n; i++) {
        char sub[160];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        if (i > 1 && !scratch_add(w->out, ",", 1))
            return 0;
        lua_rawgeti(L, idx, (lua_Integer)i);
        int ok = json_value(w, lua_gettop(L), sub, depth + 1);
        lua_pop(L, 1);
        if (!ok)
            return 0;
    }
    return scratch_add(w->out, "]", 1);
}

static int json_table(json_writer *w, int idx, const char *path, unsigned depth)
{
    lua_State *L = w->L;
    /* A cyclic table nests without end: the depth limit stops it. */
    if (depth >= JSON_MAX_DEPTH)
        return json_fail(w, path, "tables nested too deep (or a cycle)");
    luaL_checkstack(L, 8, "tables nested too deep");
    size_t n;
    int shape = table_shape(L, idx, &n);
    if (shape < 0)
        return json_fail(w, path, "a table that is neither an array (keys 1..n) nor an object (string keys)");
    return shape ? json_array(w, idx, n, path, depth) : json_object(w, idx, n, path, depth);
}

static int json_number(json_writer *w, int idx, const char *path)
{
    char buf[64];
    if (lua_isinteger(w->L, idx)) {
        snprintf(buf, sizeof buf, LUA_INTEGER_FMT, lua_tointeger(w->L, idx));
    } else {
        lua_Number v = lua_tonumber(w->L, idx);
        if (!isfinite(v))
            return json_fail(w, path, "a number that JSON cannot hold (nan or inf)");
        snprintf(buf, sizeof buf, "%.17g", (double)v);
    }
    return scratch_adds(w->out, buf);
}

static int json_value(json_writer *w, int idx, const char *path, unsigned depth)
{
    size_t len;
    const char *s;
    switch (lua_type(w->L, idx)) {
    case LUA_TSTRING:
        s = lua_tolstring(w->L, idx, &len);
        return json_string(w, s, len);
    case LUA_TNUMBER:
        return json_number(w, idx, path);
    case LUA_TBOOLEAN:
        return scratch_adds(w->out, lua_toboolean(w->L, idx) ? "true" : "false");
    case LUA_TTABLE:
        return json_table(w, idx, path, depth);
    default:
        return json_fail(w, path, "a value that JSON cannot hold (function, userdata, thread)");
    }
}

/* ------------------------------------------------------------ collection check */

/* Report userdata: owns the comply_report behind a report table. */
typedef struct report_box {
    comply_report *report;
} report_box;

static int report_gc(lua_State *L)
{
    report_box *box = luaL_checkudata(L, 1, REPORT_MT);
    comply_report_free(box->report);
    box->report = NULL;
    return 0;
}

static void push_finding(lua_State *L, const comply_finding *f)
{
    lua_createtable(L, 0, 14);
    set_string(L, "code", f->code);
    set_string(L, "severity", comply_severity_name(f->severity));
    lua_pushboolean(L, f->gap);
    lua_setfield(L, -2, "gap");
    set_string(L, "field", f->field);
    set_string(L, "category", f->category);
    set_string(L, "path", f->path);
    if (f->line > 0) {
        set_integer(L, "line", (lua_Integer)f->line);
        set_integer(L, "column", (lua_Integer)f->column);
    }
    set_string(L, "article", f->article);
    set_string(L, "message_en", f->message_en);
    set_string(L, "message_fr", f->message_fr);
    set_string(L, "fix_en", f->fix_en);
    set_string(L, "fix_fr", f->fix_fr);
}

/* Upvalues of check() and of the report methods: 1 = the report tables'
 * metatable, 2 = a weak-keyed table from report table to its userdata. */
#define UV_REPORT_META lua_upvalueindex(1)
#define UV_REPORT_HANDLES lua_upvalueindex(2)

static int push_report(lua_State *L, report_box *box)
{
    const comply_report *r = box->report;
    size_t n = comply_report_count(r);
    lua_createtable(L, 0, 3);
    set_string(L, "purpose", comply_report_purpose(r));
    set_string(L, "source", comply_report_source(r));
    lua_createtable(L, n > INT32_MAX ? INT32_MAX : (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        push_finding(L, comply_report_get(r, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "findings");
    lua_pushvalue(L, UV_REPORT_META);
    lua_setmetatable(L, -2);
    /* handles[report] = box userdata (just below the table) */
    lua_pushvalue(L, -1);
    lua_pushvalue(L, -3);
    lua_rawset(L, UV_REPORT_HANDLES);
    return 1;
}

/* rules:check(collection[, {purpose=, source=}]) -> report | nil, message, code[, line, column]
 * `collection` is a declaration (doc/collection.md) as JSON text or as a
 * Lua table, written as JSON here. */
static int l_check(lua_State *L)
{
    const comply_rules *rules = check_rules(L, 1);
    int t = lua_type(L, 2);
    if (t != LUA_TSTRING && t != LUA_TTABLE)
        return luaL_typeerror(L, 2, "table or JSON string");
    const char *purpose = NULL, *source = NULL;
    size_t plen = 0, slen = 0;
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        purpose = opt_string_field(L, 3, "purpose", &plen);
        source = opt_string_field(L, 3, "source", &slen);
        if ((purpose && !nul_free(purpose, plen)) || (source && !nul_free(source, slen)))
            return push_invalid(L, "%s: a NUL byte in the purpose or source", "check");
    }
    size_t len;
    const char *json;
    if (t == LUA_TTABLE) {
        json_writer w = {L, scratch_new(L), ""};
        if (!json_value(&w, 2, "collection", 0)) {
            if (!w.message[0])
                return luaL_error(L, "not enough memory");
            return push_invalid(L, "%s", w.message);
        }
        json = w.out->p;
        len = w.out->len;
        if (!source)
            source = "<table>";
    } else {
        json = lua_tolstring(L, 2, &len);
    }
    report_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->report = NULL;
    luaL_setmetatable(L, REPORT_MT);
    comply_error err;
    clear_error(&err);
    comply_status st = comply_check_collection_json(rules, json ? json : "", len, source, purpose, &box->report, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    return push_report(L, box);
}

/* The comply_report behind a report table (argument 1). */
static const comply_report *check_report(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushvalue(L, 1);
    lua_rawget(L, UV_REPORT_HANDLES);
    report_box *box = luaL_testudata(L, -1, REPORT_MT);
    lua_pop(L, 1); /* the box stays alive: the handles table holds it while the report lives */
    if (!box || !box->report)
        luaL_argerror(L, 1, "not a report returned by rules:check");
    return box->report;
}

typedef comply_status (*report_writer)(const comply_report *, const char *, char **, size_t *, comply_error *);

static comply_status write_json(const comply_report *r, const char *lang, char **out, size_t *len,
                                comply_error *err)
{
    (void)lang;
    return comply_report_to_json(r, out, len, err);
}

static comply_status write_text(const comply_report *r, const char *lang, char **out, size_t *len,
                                comply_error *err)
{
    return comply_report_to_text(r, lang, 0, out, len, err);
}

static int report_write(lua_State *L, report_writer writer)
{
    const comply_report *r = check_report(L);
    size_t llen = 0;
    const char *lang = luaL_optlstring(L, 2, "en", &llen);
    if (!nul_free(lang, llen))
        return push_invalid(L, "%s: a NUL byte in the language", "report");
    scratch *copy = scratch_new(L);
    char *out = NULL;
    size_t out_len = 0;
    comply_error err;
    clear_error(&err);
    comply_status st = writer(r, lang, &out, &out_len, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    int moved = scratch_add(copy, out, out_len);
    comply_report_text_free(r, out);
    if (!moved)
        return luaL_error(L, "not enough memory");
    lua_pushlstring(L, copy->p ? copy->p : "", copy->len);
    return 1;
}

/* report:to_json(), report:to_sarif([lang]), report:to_text([lang]) -> text */
static int l_report_to_json(lua_State *L)
{
    return report_write(L, write_json);
}

static int l_report_to_sarif(lua_State *L)
{
    return report_write(L, comply_report_to_sarif);
}

static int l_report_to_text(lua_State *L)
{
    return report_write(L, write_text);
}

/* ------------------------------------------------------------ retention */

/* Puts "what.name: " before the library's message (the place of a date
 * inside a Lua table), and drops the line and column, which were those of
 * the date's own text. */
static void prefix_message(comply_error *err, const char *what, const char *name)
{
    char msg[COMPLY_ERROR_MESSAGE_SIZE * 2];
    snprintf(msg, sizeof msg, "%s%s%s: %s", what, name ? "." : "", name ? name : "", err->message);
    size_t n = strlen(msg);
    if (n >= sizeof err->message)
        n = sizeof err->message - 1;
    memcpy(err->message, msg, n);
    err->message[n] = '\0';
    err->line = err->column = 0;
}

/* Reads an events table {name = "YYYY-MM-DD", …} at `idx` into `events`
 * (a scratch box of comply_event). Names point into the table's keys.
 * Returns COMPLY_OK, or a failure with `err` filled. */
static comply_status read_events(lua_State *L, int idx, const char *what, scratch *events, comply_error *err)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: event names and dates must be strings (got %s = %s)", what,
                       luaL_typename(L, -2), luaL_typename(L, -1));
        size_t nlen, dlen;
        const char *name = lua_tolstring(L, -2, &nlen);
        const char *date = lua_tolstring(L, -1, &dlen);
        comply_event ev;
        ev.name = name;
        if (!nul_free(name, nlen)) {
            err->code = COMPLY_EINVAL;
            snprintf(err->message, sizeof err->message, "%s: a NUL byte in an event name", what);
            lua_pop(L, 2);
            return COMPLY_EINVAL;
        }
        comply_status st = parse_date(date, dlen, &ev.date, err);
        if (st != COMPLY_OK) {
            /* Say which event; the library's message never holds the value. */
            prefix_message(err, what, name);
            lua_pop(L, 2);
            return st;
        }
        if (!scratch_add(events, &ev, sizeof ev))
            luaL_error(L, "not enough memory");
        lua_pop(L, 1);
    }
    return COMPLY_OK;
}

static void push_deadline(lua_State *L, const comply_deadline *d)
{
    lua_createtable(L, 0, 11);
    set_string(L, "stage", comply_stage_name(d->stage));
    push_date(L, d->next_date);
    lua_setfield(L, -2, "next_date");
    set_string(L, "next_action", d->next_action);
    push_date(L, d->final_date);
    lua_setfield(L, -2, "final_date");
    set_string(L, "final_action", d->final_action);
    set_string(L, "rule", d->rule);
    set_string(L, "source", d->source);
    set_string(L, "basis", d->basis);
    set_string(L, "missing_event", d->missing_event);
    size_t listed = d->n_other < COMPLY_MAX_OTHER_RULES ? d->n_other : COMPLY_MAX_OTHER_RULES;
    lua_createtable(L, (int)listed, 0);
    for (size_t i = 0; i < listed; i++) {
        lua_pushstring(L, d->other_rules[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "other_rules");
    set_integer(L, "n_other", (lua_Integer)d->n_other);
}

/* The options both deadline() and due() take: purpose, category, today.
 * Leaves two strings on the stack (popped with the call). */
typedef struct retention_query {
    const char *purpose, *category;
    comply_date today;
} retention_query;

static comply_status read_query(lua_State *L, int idx, retention_query *q, comply_error *err)
{
    size_t plen = 0, clen = 0, tlen = 0;
    q->purpose = opt_string_field(L, idx, "purpose", &plen);
    q->category = opt_string_field(L, idx, "category", &clen);
    const char *today = opt_string_field(L, idx, "today", &tlen);
    if (!today)
        luaL_error(L, "field 'today' is required (\"YYYY-MM-DD\"): there is no hidden clock");
    if ((q->purpose && !nul_free(q->purpose, plen)) || (q->category && !nul_free(q->category, clen))) {
        err->code = COMPLY_EINVAL;
        snprintf(err->message, sizeof err->message, "a NUL byte in the purpose or category");
        return COMPLY_EINVAL;
    }
    comply_status st = parse_date(today, tlen, &q->today, err);
    if (st != COMPLY_OK) {
        prefix_message(err, "today", NULL);
    }
    lua_pop(L, 1); /* today: parsed */
    return st;
}

/* rules:deadline{purpose=, category=, events = {name = "YYYY-MM-DD"}, today = "YYYY-MM-DD"}
 * -> {stage, next_date, next_action, final_date, final_action, rule, source,
 *     basis, missing_event, other_rules, n_other} | nil, message, code */
static int l_deadline(lua_State *L)
{
    const comply_rules *rules = check_rules(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    retention_query q;
    comply_error err;
    clear_error(&err);
    comply_status st = read_query(L, 2, &q, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    scratch *events = scratch_new(L);
    int t = lua_getfield(L, 2, "events");
    if (t != LUA_TNIL && t != LUA_TTABLE)
        return luaL_error(L, "field 'events' must be a table (got %s)", lua_typename(L, t));
    if (t == LUA_TTABLE && (st = read_events(L, lua_gettop(L), "events", events, &err)) != COMPLY_OK)
        return push_failure(L, st, &err);
    comply_deadline d;
    st = comply_retention_deadline(rules, q.purpose, q.category, (const comply_event *)(void *)events->p,
                                   events->len / sizeof(comply_event), q.today, &d, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    push_deadline(L, &d);
    return 1;
}

/* rules:due(records, {purpose=, category=, today=}) -> array of
 * {index = i, stage, …} for every record not in the active stage (archive,
 * delete_due, hold, unknown), in record order; records is an array of
 * events tables. */
static int l_due(lua_State *L)
{
    const comply_rules *rules = check_rules(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    retention_query q;
    comply_error err;
    clear_error(&err);
    comply_status st = read_query(L, 3, &q, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    lua_Integer n = luaL_len(L, 2);
    scratch *events = scratch_new(L);
    int result = lua_gettop(L) + 1;
    lua_newtable(L);
    lua_Integer listed = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        char what[48];
        snprintf(what, sizeof what, "records[%lld]", (long long)i);
        if (lua_geti(L, 2, i) != LUA_TTABLE)
            return luaL_error(L, "bad argument #1 to 'due' (%s must be a table of events, got %s)", what,
                              luaL_typename(L, -1));
        events->len = 0;
        if ((st = read_events(L, lua_gettop(L), what, events, &err)) != COMPLY_OK)
            return push_failure(L, st, &err);
        comply_deadline d;
        st = comply_retention_deadline(rules, q.purpose, q.category, (const comply_event *)(void *)events->p,
                                       events->len / sizeof(comply_event), q.today, &d, &err);
        lua_pop(L, 1); /* the record */
        if (st != COMPLY_OK)
            return push_failure(L, st, &err);
        if (d.stage == COMPLY_STAGE_ACTIVE)
            continue;
        push_deadline(L, &d);
        set_integer(L, "index", i);
        lua_rawseti(L, result, ++listed);
    }
    lua_settop(L, result);
    return 1;
}

/* ------------------------------------------------------------ dates, durations */

/* comply.date_add("YYYY-MM-DD", "P1Y2M") -> "YYYY-MM-DD" | nil, message, code */
static int l_date_add(lua_State *L)
{
    size_t dlen, plen;
    const char *date = luaL_checklstring(L, 1, &dlen);
    const char *dur = luaL_checklstring(L, 2, &plen);
    comply_error err;
    clear_error(&err);
    comply_date start, end;
    comply_duration d;
    comply_status st = parse_date(date, dlen, &start, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    if (!nul_free(dur, plen))
        return push_invalid(L, "%s: a NUL byte in the duration", "date_add");
    if ((st = comply_duration_parse(dur, &d, &err)) != COMPLY_OK)
        return push_failure(L, st, &err);
    if ((st = comply_date_add(start, &d, &end)) != COMPLY_OK)
        return push_failure(L, st, NULL);
    push_date(L, end);
    return 1;
}

/* comply.rights_deadline("YYYY-MM-DD"[, extended]) -> "YYYY-MM-DD" | nil, message, code:
 * when the answer to a data subject's request is due (GDPR Art. 12(3)). */
static int l_rights_deadline(lua_State *L)
{
    size_t dlen;
    const char *date = luaL_checklstring(L, 1, &dlen);
    int extended = lua_toboolean(L, 2);
    comply_error err;
    clear_error(&err);
    comply_date received, due;
    comply_status st = parse_date(date, dlen, &received, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    if ((st = comply_rights_deadline(received, extended, &due)) != COMPLY_OK)
        return push_failure(L, st, NULL);
    push_date(L, due);
    return 1;
}

/* comply.holiday_fr("YYYY-MM-DD"[, lang]) -> name | false | nil, message, code */
static int l_holiday_fr(lua_State *L)
{
    size_t dlen;
    const char *date = luaL_checklstring(L, 1, &dlen);
    const char *lang = luaL_optstring(L, 2, "en");
    comply_error err;
    clear_error(&err);
    comply_date d;
    comply_status st = parse_date(date, dlen, &d, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    const char *name = comply_holiday_fr_name(d, lang);
    if (name)
        lua_pushstring(L, name);
    else
        lua_pushboolean(L, 0);
    return 1;
}

/* comply.duration_parse("P1Y2M") -> {years, months, weeks, days, hours,
 * minutes, seconds, text = canonical form} | nil, message, code */
static int l_duration_parse(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    if (!nul_free(text, len))
        return push_invalid(L, "%s: a NUL byte in the duration", "duration_parse");
    comply_duration d;
    comply_error err;
    clear_error(&err);
    comply_status st = comply_duration_parse(text, &d, &err);
    if (st != COMPLY_OK)
        return push_failure(L, st, &err);
    char buf[COMPLY_DURATION_TEXT_SIZE];
    if ((st = comply_duration_format(&d, buf, sizeof buf)) != COMPLY_OK)
        return push_failure(L, st, NULL);
    lua_createtable(L, 0, 8);
    set_integer(L, "years", d.years);
    set_integer(L, "months", d.months);
    set_integer(L, "weeks", d.weeks);
    set_integer(L, "days", d.days);
    set_integer(L, "hours", d.hours);
    set_integer(L, "minutes", d.minutes);
    set_integer(L, "seconds", d.seconds);
    set_string(L, "text", buf);
    return 1;
}

/* ------------------------------------------------------------ module */

static const luaL_Reg rules_methods[] = {
    {"layer", l_rules_layer},
    {"add_file", l_rules_add_file},
    {"add_json", l_rules_add_json},
    {"classify_name", l_classify_name},
    {"classify_value", l_classify_value},
    {"classify_column", l_classify_column},
    {"scan", l_scan},
    {"redact", l_redact},
    {"deadline", l_deadline},
    {"due", l_due},
    {"close", l_rules_close},
    {NULL, NULL},
};

static const luaL_Reg report_methods[] = {
    {"to_json", l_report_to_json},
    {"to_sarif", l_report_to_sarif},
    {"to_text", l_report_to_text},
    {NULL, NULL},
};

static const luaL_Reg module_functions[] = {
    {"default", l_default},
    {"load", l_load},
    {"from_json", l_from_json},
    {"date_add", l_date_add},
    {"duration_parse", l_duration_parse},
    {"rights_deadline", l_rights_deadline},
    {"holiday_fr", l_holiday_fr},
    {NULL, NULL},
};

/* Pushes a new table of `fns`, each a closure over the two report upvalues
 * found at `meta` and `handles`. */
static void push_report_closures(lua_State *L, const luaL_Reg *fns, int meta, int handles)
{
    lua_newtable(L);
    for (; fns->name; fns++) {
        lua_pushvalue(L, meta);
        lua_pushvalue(L, handles);
        lua_pushcclosure(L, fns->func, 2);
        lua_setfield(L, -2, fns->name);
    }
}

LUAMOD_API int luaopen_comply(lua_State *L)
{
    luaL_checkversion(L);

    luaL_newmetatable(L, SCRATCH_MT);
    lua_pushcfunction(L, scratch_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    luaL_newmetatable(L, REPORT_MT);
    lua_pushcfunction(L, report_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    /* The report tables' metatable, and the weak-keyed table that ties each
     * report table to the userdata owning its comply_report: the userdata
     * lives exactly as long as the table (an ephemeron). */
    lua_newtable(L);
    int meta = lua_gettop(L);
    lua_newtable(L);
    int handles = lua_gettop(L);
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, handles);
    push_report_closures(L, report_methods, meta, handles);
    lua_setfield(L, meta, "__index");
    lua_pushliteral(L, "comply.report");
    lua_setfield(L, meta, "__name");

    luaL_newmetatable(L, RULES_MT);
    lua_newtable(L);
    luaL_setfuncs(L, rules_methods, 0);
    lua_pushvalue(L, meta);
    lua_pushvalue(L, handles);
    lua_pushcclosure(L, l_check, 2);
    lua_setfield(L, -2, "check");
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_rules_close);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_rules_close);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, l_rules_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);

    luaL_newlib(L, module_functions);
    lua_pushstring(L, comply_version());
    lua_setfield(L, -2, "version");
    return 1;
}
