#!/bin/sh
# Runs the busted specs of the Lua module under lua5.4, from `make check`.
# Environment (set by make): LUA (the lua5.4 interpreter), BUSTED (Debian's
# /usr/bin/busted, a Lua script that runs under any Lua 5.1-5.4), srcdir,
# COMPLY_LUA_CPATH (where the freshly built comply.so is), and
# COMPLY_LUA_PRELOAD (the sanitizer runtimes, in a sanitizer build).
: "${LUA:=lua5.4}" "${srcdir:=.}"
if [ -z "$BUSTED" ] || [ ! -f "$BUSTED" ]; then
    echo "FAIL: busted not found (install the Debian package lua-busted, then re-run configure)" >&2
    exit 1
fi
# Busted is started by the interpreter itself (not through its #! line, which
# names whatever `lua` is the default), so the specs run under Lua 5.4; its
# pure-Lua modules are found on 5.4's default path (/usr/share/lua/5.4).
# The module under test comes first on package.cpath; the trailing ';;'
# keeps the default path for busted's own C modules.
LUA_CPATH_5_4="$COMPLY_LUA_CPATH;;"
COMPLY_SRCDIR=$srcdir
export LUA_CPATH_5_4 COMPLY_SRCDIR
cd "$srcdir/tests/lua" || exit 1
if [ -n "$COMPLY_LUA_PRELOAD" ]; then
    # The interpreter is not built with the sanitizers: their runtimes must be
    # loaded first. Leak detection stays on: lua_close frees everything.
    # shellcheck disable=SC2086
    set -- env LD_PRELOAD="$(echo $COMPLY_LUA_PRELOAD | tr ' ' ':')" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
else
    set -- env
fi
# plainTerminal, not TAP: the TAP writer of busted 2.1.1 fails on a spec
# file that does not load, where plainTerminal reports the error.
exec "$@" "$LUA" "$BUSTED" --output=plainTerminal comply_spec.lua request_filter_spec.lua
