-- LuaRocks recipe of the Lua module `comply`, for a libcomply already
-- installed (make install): from the top of a libcomply checkout or tarball,
--   luarocks --lua-version=5.4 make bindings/lua/comply-scm-1.rockspec
-- (add COMPLY_DIR=/usr/local when libcomply is not under /usr). `make install`
-- also installs the module itself, under $(libdir)/lua/5.4.
rockspec_format = "3.0"
package = "comply"
version = "scm-1"
source = {
   -- `luarocks make` builds the files of the tree it runs in; the URL is
   -- used only by `luarocks build` of a published copy.
   url = "git+file://./libcomply",
}
description = {
   summary = "GDPR and CNIL personal-data rules for Lua: classify, scan, redact, check, retention",
   detailed = [[
Lua 5.4 binding of libcomply, an embeddable C library that applies
personal-data protection rules (GDPR, French CNIL guidance) inside the
software that collects the data: classify fields and values, find and
redact personal values in text, check a planned collection against its
purpose, compute retention deadlines.
]],
   license = "see the libcomply distribution",
}
dependencies = {
   "lua >= 5.4, < 5.5",
}
external_dependencies = {
   COMPLY = {
      header = "comply.h",
      library = "comply",
   },
}
build = {
   type = "builtin",
   modules = {
      comply = {
         sources = { "bindings/lua/comply.c" },
         libraries = { "comply" },
         incdirs = { "$(COMPLY_INCDIR)" },
         libdirs = { "$(COMPLY_LIBDIR)" },
      },
   },
}
test_dependencies = {
   "busted",
}
