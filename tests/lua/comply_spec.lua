-- Busted specs of the Lua module `comply` (bindings/lua/comply.c).
-- Run by tests/lua/run_busted.sh from `make check`; COMPLY_SRCDIR is the
-- source tree.
local comply = require "comply"

local srcdir = os.getenv("COMPLY_SRCDIR") or "../.."

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("a")
    f:close()
    return s
end

local function minimal_pack(extra)
    return '{"comply_pack": 1' .. (extra or "") .. '}'
end

-- A self-contained pack: a category of its own and a French term for it.
local LOYALTY_PACK = [[{"comply_pack": 1, "name": "loyalty",
  "taxonomy": {"loyalty": {"label": {"en": "Loyalty"}},
               "loyalty.card_number": {"label": {"en": "Loyalty card number"}}},
  "names": {"loyalty.card_number": {"terms": {"fr": ["zorglub"]}}}}]]

-- The rules under test, freed after each block by its own close.
local rules
before_each(function() rules = assert(comply.default()) end)
after_each(function() rules:close() end)

describe("the module", function()
    it("is Lua 5.4's and says its version", function()
        assert.are.equal("Lua 5.4", _VERSION)
        assert.matches("^%d+%.%d+%.%d+$", comply.version)
    end)

    it("keeps no global state: requiring it defines no global", function()
        assert.is_nil(rawget(_G, "comply"))
    end)
end)

describe("rules objects", function()
    it("load the default pack", function()
        local r = comply.default()
        assert.are.equal("userdata", type(r))
        assert.matches("^comply.rules %(1 packs%)$", tostring(r))
        r:close()
    end)

    it("load a pack file", function()
        local r, msg = comply.load(srcdir .. "/rules/default.json")
        assert.is_truthy(r, msg)
        assert.are.equal("identity.birth_date", r:classify_name("date_naissance").category)
        r:close()
    end)

    it("give nil, message, ERULE, line, column for a pack that needs another under it", function()
        -- acme.json removes a default category: alone, there is nothing to remove
        local r, msg, code, line, column = comply.load(srcdir .. "/examples/packs/acme.json")
        assert.is_nil(r)
        assert.are.same({"ERULE", 26, 18}, {code, line, column})
        assert.matches('acme.json:26:18: cannot remove "identity.signature"', msg, 1, true)
    end)

    it("give nil, message, EIO for a missing file", function()
        local r, msg, code = comply.load(srcdir .. "/no/such/pack.json")
        assert.is_nil(r)
        assert.are.equal("EIO", code)
        assert.matches("pack.json", msg, 1, true)
    end)

    it("give nil, message, EPARSE, line, column for malformed pack JSON", function()
        local r, msg, code, line, column = comply.load(srcdir .. "/tests/data/syntax_error.json")
        assert.is_nil(r)
        assert.are.equal("EPARSE", code)
        assert.are.equal(4, line)
        assert.are.equal(39, column) -- in characters: "é€" counts two
        assert.matches("syntax_error.json:4:39:", msg, 1, true)
    end)

    it("give the place of a syntax error in JSON text", function()
        local r, msg, code, line, column = comply.from_json('{\n  "comply_pack": 1,\n  x}')
        assert.is_nil(r)
        assert.are.same({"EPARSE", 3, 3}, {code, line, column})
        assert.matches("^<json>:3:3: ", msg)
    end)

    it("name the source given to from_json, and report schema errors as ERULE", function()
        local r, msg, code, line, column = comply.from_json(minimal_pack(', "bogus": 2'), "mine.json")
        assert.is_nil(r)
        assert.are.same({"ERULE", 1, 20}, {code, line, column})
        assert.matches('^mine.json:1:20: unknown key "bogus"', msg)
    end)

    it("refuse empty text, invalid UTF-8 and a lone value", function()
        for _, text in ipairs({"", "\xff\xfe", "42", "{", '{"comply_pack": 1, "name": "\xc3\x28"}'}) do
            local r, msg, code = comply.from_json(text)
            assert.is_nil(r)
            assert.is_string(msg)
            assert.is_truthy(code == "EPARSE" or code == "ERULE", code)
        end
    end)

    it("refuse deep nesting and take a 1 MiB string in pack text", function()
        local r, _, code = comply.from_json(string.rep("[", 100000))
        assert.is_nil(r)
        assert.are.equal("ELIMIT", code)
        r = assert(comply.from_json('{"comply_pack": 1, "name": "' .. string.rep("x", 1 << 20) .. '"}'))
        assert.is_nil(r:classify_name("email").category)
        r:close()
        r, _, code = comply.from_json(string.rep(" ", 1 << 20) .. "{")
        assert.is_nil(r)
        assert.are.equal("EPARSE", code)
    end)

    it("load an empty pack, which classifies nothing", function()
        local r = assert(comply.from_json(minimal_pack()))
        assert.is_nil(r:classify_name("email").category)
        r:close()
    end)

    it("layer one rules object over another and return the base", function()
        local base = assert(comply.default())
        local overlay = assert(comply.from_json(LOYALTY_PACK))
        assert.is_nil(base:classify_name("zorglub_number").category)
        assert.are.equal(base, base:layer(overlay))
        overlay:close() -- the layer copied what it needs
        assert.are.equal("loyalty.card_number", base:classify_name("zorglub_number").category)
        assert.are.equal("contact.email", base:classify_name("email").category)
        assert.matches("2 packs", tostring(base), 1, true)
        base:close()
    end)

    it("refuse to layer a rules object over itself", function()
        local r, msg, code = rules:layer(rules)
        assert.is_nil(r)
        assert.are.equal("EINVAL", code)
        assert.matches("distinct", msg)
    end)

    it("layer pack files and JSON on top with add_file and add_json", function()
        local base = assert(comply.default())
        local decl = {fields = {{name = "carte", category = "identity.loyalty_number"}}}
        local _, _, code = base:check(decl)
        assert.are.equal("ERULE", code) -- not a category of the default pack
        assert.are.equal(base, base:add_file(srcdir .. "/examples/packs/acme.json"))
        assert.is_table(base:check(decl))
        assert.are.equal(base, base:add_json(LOYALTY_PACK, "loyalty.json"))
        assert.are.equal("loyalty.card_number", base:classify_name("zorglub_number").category)
        assert.matches("3 packs", tostring(base), 1, true)
        base:close()
    end)

    it("leave the rules unchanged when add_file or add_json fails", function()
        local base = assert(comply.default())
        local r, msg, code, line, column = base:add_json('{"comply_pack": 1,\n "taxonomy": {"x.y": {"label": {"en": "Y"}}}}', "bad.json")
        assert.is_nil(r)
        assert.are.equal("ERULE", code)
        assert.are.same({2, 15}, {line, column})
        assert.matches("^bad.json:2:15: ", msg)
        r, msg, code = base:add_file(srcdir .. "/tests/data/syntax_error.json")
        assert.is_nil(r)
        assert.are.equal("EPARSE", code)
        r, msg, code = base:add_file(srcdir .. "/nope.json")
        assert.are.equal("EIO", code)
        assert.matches("1 packs", tostring(base), 1, true)
        assert.are.equal("contact.email", base:classify_name("email").category)
        base:close()
        assert.has_error(function() base:add_json(LOYALTY_PACK) end, "attempt to use a closed comply rules object")
        assert.has_error(function() rules:add_file() end)
    end)

    it("raise on wrong argument types", function()
        assert.has_error(function() comply.load() end)
        assert.has_error(function() comply.load({}) end)
        assert.has_error(function() comply.from_json(nil) end)
        assert.has_error(function() rules:layer("default") end)
        assert.has_error(function() rules:layer() end)
        assert.has_error(function() rules.classify_name("email") end)
        assert.has_error(function() rules.classify_name({}, "email") end)
    end)

    it("refuse a NUL inside a path", function()
        local r, msg, code = comply.load(srcdir .. "/rules/default.json\0.txt")
        assert.is_nil(r)
        assert.are.equal("EINVAL", code)
        assert.matches("NUL", msg)
    end)

    it("close with rules:close(), twice without harm, and then refuse every call", function()
        local r = assert(comply.default())
        r:close()
        r:close()
        assert.matches("closed", tostring(r))
        for _, call in ipairs({
            function() return r:classify_name("email") end,
            function() return r:classify_value("a@example.org") end,
            function() return r:classify_column("email", {}) end,
            function() return r:scan("a@example.org") end,
            function() return r:redact("a@example.org") end,
            function() return r:check("{}") end,
            function() return r:deadline{today = "2025-01-01"} end,
            function() return r:due({}, {today = "2025-01-01"}) end,
            function() return r:layer(rules) end,
            function() return r:add_file(srcdir .. "/rules/default.json") end,
            function() return rules:layer(r) end,
        }) do
            assert.has_error(call, "attempt to use a closed comply rules object")
        end
    end)

    it("close at the end of a to-be-closed variable's scope", function()
        local kept
        do
            local r <close> = assert(comply.default())
            kept = r
            assert.are.equal("contact.email", r:classify_name("email").category)
        end
        assert.matches("closed", tostring(kept))
        assert.has_error(function() kept:classify_name("email") end)
    end)

    it("close when an error leaves the scope of a to-be-closed variable", function()
        local kept
        local ok = pcall(function()
            local r <close> = assert(comply.default())
            kept = r
            error("boom")
        end)
        assert.is_false(ok)
        assert.matches("closed", tostring(kept))
    end)

    it("are freed by the collector", function()
        for _ = 1, 5 do
            local r = assert(comply.default())
            r:classify_name("email")
        end
        collectgarbage()
        collectgarbage()
    end)

    it("live side by side with their own packs (no global state)", function()
        local a = assert(comply.default())
        local b = assert(comply.from_json(minimal_pack()))
        local c = assert(comply.from_json(LOYALTY_PACK))
        assert.are.equal("contact.email", a:classify_name("email").category)
        assert.is_nil(b:classify_name("email").category)
        assert.is_nil(c:classify_name("email").category)
        assert.are.equal("loyalty.card_number", c:classify_name("zorglub_number").category)
        assert.is_nil(a:classify_name("zorglub_number").category)
        b:close()
        assert.are.equal("contact.email", a:classify_name("email").category)
        a:close()
        c:close()
    end)
end)

describe("classify_name", function()
    it("reads French and English names", function()
        local c = rules:classify_name("date_naissance")
        assert.are.equal("identity.birth_date", c.category)
        assert.are.equal(1, c.confidence)
        assert.are.equal("fr", c.lang)
        assert.are.equal("date naissance", c.by)
        assert.are.equal("contact.email", rules:classify_name("emailAddress").category)
    end)

    it("says technical keys are not personal data", function()
        local c = rules:classify_name("created_at")
        assert.is_nil(c.category)
        assert.are.equal("technical", c.detail)
    end)

    it("gives no category for unknown, empty, invalid UTF-8 and huge names", function()
        for _, name in ipairs({"zzqx", "", "\xff\xfe\xfd", string.rep("email_", 1000)}) do
            local c = rules:classify_name(name)
            assert.is_table(c)
            assert.is_nil(c.category)
            assert.are.equal(0, c.confidence)
        end
    end)

    it("refuses a NUL inside the name, and raises for a non-string", function()
        local c, msg, code = rules:classify_name("email\0date_naissance")
        assert.is_nil(c)
        assert.are.equal("EINVAL", code)
        assert.matches("NUL", msg)
        assert.has_error(function() rules:classify_name() end)
        assert.has_error(function() rules:classify_name({}) end)
    end)
end)

describe("classify_value", function()
    it("recognises checked values", function()
        local c = rules:classify_value("FR7630006000011234567890189")
        assert.are.equal("financial.iban", c.category)
        assert.is_true(c.confidence > 0.5)
        assert.are.equal("FR", c.detail)
        assert.are.equal("contact.email", rules:classify_value("jade@example.net").category)
    end)

    it("rejects values that fail their checksum", function()
        assert.is_nil(rules:classify_value("4970156281060433").category) -- Luhn fails
        assert.are.equal("financial.payment_card", rules:classify_value("4970156281060432").category)
    end)

    it("gives nothing for empty, invalid UTF-8, inner NUL and huge values", function()
        for _, v in ipairs({"", "\xff\xfe", "a@example.org\0b", string.rep("9", 1 << 20)}) do
            local c = rules:classify_value(v)
            assert.is_nil(c.category)
            assert.are.equal(0, c.confidence)
        end
    end)

    it("raises for a missing value", function()
        assert.has_error(function() rules:classify_value(nil) end)
    end)
end)

describe("classify_column", function()
    it("fuses name and value evidence", function()
        local c = rules:classify_column("tel", {"06 39 98 81 94", "01 99 00 22 30", ""})
        assert.are.equal("contact.phone", c.category)
        local ev = c.evidence
        assert.are.equal(3, ev.sampled)
        assert.are.equal(1, ev.empty)
        assert.are.equal(2, ev.matched)
        assert.are.equal(2, ev.distinct)
        assert.are.equal(1, ev.agreement)
        assert.are.equal("contact.phone", ev.name.category)
        assert.are.equal("contact.phone", ev.values.category)
    end)

    it("classifies from values alone when the name is nil or says nothing", function()
        local values = {"jade@example.net", "leo@example.org", "zoe@example.com"}
        assert.are.equal("contact.email", rules:classify_column(nil, values).category)
        assert.are.equal("contact.email", rules:classify_column("col_7", values).category)
    end)

    it("flags disagreement between name and values", function()
        local c = rules:classify_column("email", {"06 39 98 81 94", "01 99 00 22 30", "06 39 98 06 55"})
        assert.are.equal(-1, c.evidence.agreement)
    end)

    it("takes an empty list of values", function()
        local c = rules:classify_column("email", {})
        assert.are.equal("contact.email", c.category)
        assert.are.equal(0, c.evidence.sampled)
    end)

    it("takes many values", function()
        local values = {}
        for i = 1, 5000 do values[i] = ("user%d@example.org"):format(i) end
        local c = rules:classify_column(nil, values)
        assert.are.equal("contact.email", c.category)
        assert.are.equal(5000, c.evidence.matched)
    end)

    it("raises for values that are not a table of strings", function()
        assert.has_error(function() rules:classify_column("email") end)
        assert.has_error(function() rules:classify_column("email", "a@example.org") end)
        assert.has_error(function() rules:classify_column("email", {"a@example.org", 42}) end,
            "bad argument #2 to 'classify_column' (values[2] must be a string, got number)")
        assert.has_error(function() rules:classify_column({}, {}) end)
    end)
end)

describe("scan", function()
    local text = "Bonjour, écrivez à jade.dubois62@example.net ou IBAN FR7630006000011234567890189."

    it("gives 1-based inclusive byte offsets: text:sub(start, stop) is the value", function()
        local spans = rules:scan(text)
        assert.are.equal(2, #spans)
        assert.are.equal("contact.email", spans[1].category)
        assert.are.equal("jade.dubois62@example.net", text:sub(spans[1].start, spans[1].stop))
        assert.are.equal("financial.iban", spans[2].category)
        assert.are.equal("FR7630006000011234567890189", text:sub(spans[2].start, spans[2].stop))
        assert.are.equal("FR", spans[2].detail)
        assert.is_string(spans[1].by)
        assert.is_true(spans[1].confidence >= 0.5 and spans[1].confidence <= 1)
        -- "é" is two bytes: offsets count bytes
        assert.are.equal(text:find("jade", 1, true), spans[1].start)
    end)

    it("finds a value at the very start and end of the text", function()
        local spans = rules:scan("a@example.org")
        assert.are.equal(1, #spans)
        assert.are.same({1, 13}, {spans[1].start, spans[1].stop})
    end)

    it("honours min_confidence", function()
        local all = rules:scan(text, {min_confidence = 0})
        local none = rules:scan(text, {min_confidence = 1.01})
        assert.is_true(#all >= 2)
        assert.are.equal(0, #none)
    end)

    it("gives an empty list for empty text and for text without personal data", function()
        assert.are.same({}, rules:scan(""))
        assert.are.same({}, rules:scan("nothing personal here"))
    end)

    it("keeps going past invalid UTF-8 and NUL bytes", function()
        local t = "\xff\xfe\0 jade@example.net \xc3"
        local spans = rules:scan(t)
        assert.are.equal(1, #spans)
        assert.are.equal("jade@example.net", t:sub(spans[1].start, spans[1].stop))
    end)

    it("scans a large text", function()
        local parts = {}
        for i = 1, 20000 do parts[i] = ("ligne %d: contact user%d@example.org"):format(i, i) end
        local big = table.concat(parts, "\n")
        assert.is_true(#big > 512 * 1024)
        local spans = rules:scan(big)
        assert.are.equal(20000, #spans)
        assert.are.equal("user20000@example.org", big:sub(spans[20000].start, spans[20000].stop))
    end)

    it("raises for wrong types", function()
        assert.has_error(function() rules:scan() end)
        assert.has_error(function() rules:scan({}) end)
        assert.has_error(function() rules:scan("x", "0.5") end)
        assert.has_error(function() rules:scan("x", {min_confidence = "high"}) end)
    end)
end)

describe("redact", function()
    local text = "Mail jade@example.net, carte 4970 1562 8106 0432."

    it("writes tags by default", function()
        assert.are.equal("Mail [EMAIL], carte [PAYMENT_CARD].", rules:redact(text))
        assert.are.equal(rules:redact(text), rules:redact(text, "tag"))
    end)

    it("masks, keeping separators, or keeps the last four digits of cards", function()
        assert.are.equal("Mail ****@*******.***, carte **** **** **** ****.", rules:redact(text, "mask"))
        assert.are.equal("Mail ****@*******.***, carte **** **** **** 0432.", rules:redact(text, "partial"))
    end)

    it("copies text without personal data, empty text and NUL bytes unchanged", function()
        assert.are.equal("", rules:redact(""))
        assert.are.equal("rien\0ici\xff", rules:redact("rien\0ici\xff"))
    end)

    it("redacts a large text", function()
        local big = string.rep("écrire à a@example.org. ", 30000)
        local out = rules:redact(big)
        assert.are.equal(string.rep("écrire à [EMAIL]. ", 30000), out)
    end)

    it("raises for an unknown style and wrong types", function()
        assert.has_error(function() rules:redact(text, "blur") end)
        assert.has_error(function() rules:redact(nil) end)
        assert.has_error(function() rules:redact(text, 1 == 1) end)
    end)
end)

describe("check", function()
    local ok_path = srcdir .. "/examples/collections/newsletter_ok.json"

    local function codes(report)
        local set = {}
        for _, f in ipairs(report.findings) do set[f.code] = (set[f.code] or 0) + 1 end
        return set
    end

    it("checks a declaration given as JSON text", function()
        local report = assert(rules:check(read(ok_path), {source = "newsletter_ok.json"}))
        assert.are.equal("newsletter", report.purpose)
        assert.are.equal("newsletter_ok.json", report.source)
        assert.is_table(report.findings)
        for _, f in ipairs(report.findings) do
            assert.are_not.equal("error", f.severity, f.code)
        end
    end)

    it("checks a declaration given as a Lua table, with findings as tables", function()
        local report = assert(rules:check({
            purpose = "newsletter",
            fields = {
                {name = "email", category = "contact.email", required = true},
                {name = "date_naissance"},
            },
        }))
        assert.are.equal("<table>", report.source)
        local forbidden
        for _, f in ipairs(report.findings) do
            if f.code == "category-forbidden" then forbidden = f end
        end
        assert.is_table(forbidden)
        assert.are.equal("date_naissance", forbidden.field)
        assert.are.equal("identity.birth_date", forbidden.category)
        assert.are.equal("error", forbidden.severity)
        assert.is_false(forbidden.gap)
        assert.are.equal("GDPR Art. 5(1)(b)", forbidden.article)
        assert.is_string(forbidden.message_fr)
        assert.is_string(forbidden.fix_en)
        assert.are.equal("fields[1]", forbidden.path) -- JSON paths count from 0
        assert.are.equal(1, forbidden.line)
        assert.is_number(forbidden.column)
        assert.is_true(codes(report)["no-notice"] == 1)
    end)

    it("lets the purpose option override the declaration's", function()
        local report = assert(rules:check({purpose = "newsletter", fields = {}}, {purpose = "no_such_purpose"}))
        assert.are.equal(1, codes(report)["unknown-purpose"])
    end)

    it("writes the report as JSON, SARIF and text", function()
        local report = assert(rules:check(read(ok_path)))
        local j = report:to_json()
        assert.matches('"purpose"%s*:%s*"newsletter"', j)
        assert.matches('"summary"', j)
        local s = report:to_sarif("fr")
        assert.matches('"version"%s*:%s*"2.1.0"', s)
        assert.is_string(report:to_text("fr"))
        assert.has_error(function() report.to_json({}) end)
        assert.has_error(function() report.to_json() end)
    end)

    it("keeps a report usable after its rules are closed and collected", function()
        local r = assert(comply.default())
        local report = assert(r:check(read(ok_path)))
        r:close()
        r = nil
        collectgarbage()
        assert.matches('"newsletter"', report:to_json())
    end)

    it("gives nil, message, EPARSE, line, column for malformed JSON", function()
        local report, msg, code, line, column = rules:check('{"purpose": "newsletter",\n "fields": [}')
        assert.is_nil(report)
        assert.are.same({"EPARSE", 2, 13}, {code, line, column})
        assert.matches("^<json>:2:13: ", msg)
        report, msg, code = rules:check("")
        assert.is_nil(report)
        assert.are.equal("EPARSE", code)
        report, msg, code = rules:check('{"fields": [{"name": "\xff"}]}')
        assert.is_nil(report)
        assert.are.equal("EPARSE", code)
    end)

    it("gives ERULE with the place for a declaration that breaks its schema", function()
        local report, msg, code, line = rules:check({fields = {{name = "a"}, {name = "a"}}})
        assert.is_nil(report)
        assert.are.equal("ERULE", code)
        assert.is_number(line)
        assert.matches("duplicate field name (first at fields[0])", msg, 1, true)
        report, msg, code = rules:check({fields = {}, bogus = true})
        assert.is_nil(report)
        assert.are.equal("ERULE", code)
        assert.matches("bogus", msg)
    end)

    it("refuses tables that have no JSON form, without crashing", function()
        local cyclic = {fields = {}}
        cyclic.fields[1] = cyclic
        local mixed = {fields = {}, [1] = "x"}
        local sparse = {fields = {{name = "a"}, nil, {name = "b"}}}
        local holder = {fields = {{name = "a", sample_values = {print}}}}
        local nan = {fields = {}, security = {access_review_days = 0 / 0}}
        for what, t in pairs({cyclic = cyclic, mixed = mixed, sparse = sparse, func = holder, nan = nan}) do
            local report, msg, code = rules:check(t)
            assert.is_nil(report, what)
            assert.are.equal("EINVAL", code, what)
            assert.matches("^collection", msg)
        end
        local _, msg = rules:check(cyclic)
        assert.matches("cycle", msg)
        _, msg = rules:check(holder)
        assert.matches("collection.fields%[1%].sample_values%[1%]", msg)
    end)

    it("refuses tables nested too deep, and JSON text nested too deep", function()
        local deep = {fields = {}}
        local t = deep
        for _ = 1, 70 do t.x = {}; t = t.x end
        local report, msg, code = rules:check(deep)
        assert.is_nil(report)
        assert.are.equal("EINVAL", code)
        assert.matches("too deep", msg)
        report, msg, code = rules:check('{"fields": []' .. string.rep(', "x": [', 1) .. string.rep("[", 5000))
        assert.is_nil(report)
        assert.are.equal("ELIMIT", code)
    end)

    it("checks a declaration of many fields", function()
        local fields = {}
        for i = 1, 2000 do fields[i] = {name = "email_" .. i, category = "contact.email"} end
        local report = assert(rules:check({purpose = "newsletter", fields = fields}))
        assert.is_table(report.findings)
    end)

    it("writes strings with quotes, control characters and UTF-8 faithfully", function()
        local report = assert(rules:check({purpose = "newsletter",
            fields = {{name = 'say "hi"\n\t\\ é', category = "identity.birth_date"}}}))
        local seen
        for _, f in ipairs(report.findings) do
            if f.field then seen = f.field end
        end
        assert.are.equal('say "hi"\n\t\\ é', seen)
    end)

    it("takes numbers, integers and floats", function()
        local report = assert(rules:check({purpose = "newsletter", fields = {},
            security = {access_review_days = 365, encryption_in_transit = true}}))
        assert.are.equal(1, codes(report)["security-access-review"])
        report = assert(rules:check({purpose = "newsletter", fields = {},
            security = {access_review_days = 30.0}}))
        assert.is_nil(codes(report)["security-access-review"])
    end)

    it("raises for wrong argument types", function()
        assert.has_error(function() rules:check() end)
        assert.has_error(function() rules:check(42) end)
        assert.has_error(function() rules:check({fields = {}}, "newsletter") end)
        assert.has_error(function() rules:check({fields = {}}, {purpose = 1}) end)
    end)
end)

describe("deadline", function()
    it("says the stage and dates of a record", function()
        local d = assert(rules:deadline{purpose = "newsletter", category = "contact.email",
            events = {collection = "2020-01-01", last_contact_from_person = "2021-05-01"},
            today = "2025-01-01"})
        assert.are.equal("delete_due", d.stage)
        assert.are.equal("2024-05-01", d.next_date)
        assert.are.equal("delete", d.next_action)
        assert.are.equal("2024-05-01", d.final_date)
        assert.are.equal("crm.prospect", d.rule)
        assert.are.equal("cnil", d.basis)
        assert.is_string(d.source)
        assert.are.equal(d.n_other, #d.other_rules)
    end)

    it("keeps a recent record active", function()
        local d = assert(rules:deadline{purpose = "newsletter", category = "contact.email",
            events = {collection = "2024-06-01", last_contact_from_person = "2024-06-01"}, today = "2025-01-01"})
        assert.are.equal("active", d.stage)
        assert.are.equal("2027-06-01", d.next_date)
    end)

    it("says unknown, with the missing event, when an event is absent", function()
        local d = assert(rules:deadline{purpose = "newsletter", category = "contact.email", today = "2025-01-01"})
        assert.are.equal("unknown", d.stage)
        assert.is_string(d.missing_event)
        assert.is_nil(d.next_date)
    end)

    it("gives nil, message, code for bad dates and unknown purposes", function()
        local d, msg, code = rules:deadline{purpose = "newsletter", events = {collection = "2020-13-01"},
            today = "2025-01-01"}
        assert.is_nil(d)
        assert.are.equal("EPARSE", code)
        assert.matches("^events.collection: ", msg)
        d, msg, code = rules:deadline{purpose = "newsletter", today = "01/01/2025"}
        assert.is_nil(d)
        assert.are.equal("EPARSE", code)
        assert.matches("^today: ", msg)
        d, msg, code = rules:deadline{purpose = "no_such_purpose", today = "2025-01-01"}
        assert.is_nil(d)
        assert.are.equal("ENOTFOUND", code)
        assert.matches("no_such_purpose", msg)
    end)

    it("raises without today or with wrong types", function()
        assert.has_error(function() rules:deadline{purpose = "newsletter"} end)
        assert.has_error(function() rules:deadline() end)
        assert.has_error(function() rules:deadline{today = "2025-01-01", events = "2020-01-01"} end)
        assert.has_error(function() rules:deadline{today = "2025-01-01", events = {collection = 2020}} end)
        assert.has_error(function() rules:deadline{today = "2025-01-01", purpose = 7} end)
    end)
end)

describe("due", function()
    local opts = {purpose = "newsletter", category = "contact.email", today = "2025-01-01"}

    it("lists the records that are not active, in order, with their index", function()
        local records = {
            {collection = "2024-06-01", last_contact_from_person = "2024-06-01"}, -- active
            {collection = "2020-01-01", last_contact_from_person = "2021-05-01"}, -- delete_due
            {},                                                                   -- unknown
        }
        local due = assert(rules:due(records, opts))
        assert.are.equal(2, #due)
        assert.are.equal(2, due[1].index)
        assert.are.equal("delete_due", due[1].stage)
        assert.are.equal("2024-05-01", due[1].next_date)
        assert.are.equal(3, due[2].index)
        assert.are.equal("unknown", due[2].stage)
    end)

    it("gives an empty list for no records", function()
        assert.are.same({}, rules:due({}, opts))
    end)

    it("handles many records", function()
        local records = {}
        for i = 1, 10000 do
            records[i] = {collection = "2020-01-01", last_contact_from_person = i % 2 == 0 and "2021-05-01" or "2024-12-01"}
        end
        local due = assert(rules:due(records, opts))
        assert.are.equal(5000, #due)
        assert.are.equal(10000, due[5000].index)
    end)

    it("names the record of a bad date, never its value", function()
        local due, msg, code = rules:due({{collection = "2020-01-01"}, {collection = "31/02/2020"}}, opts)
        assert.is_nil(due)
        assert.are.equal("EPARSE", code)
        assert.matches("^records%[2%]%.collection: ", msg)
        assert.is_nil(msg:find("31/02/2020", 1, true))
    end)

    it("raises for wrong types", function()
        assert.has_error(function() rules:due(nil, opts) end)
        assert.has_error(function() rules:due({}, nil) end)
        assert.has_error(function() rules:due({"2020-01-01"}, opts) end)
        assert.has_error(function() rules:due({}, {purpose = "newsletter"}) end)
    end)
end)

describe("dates and durations", function()
    it("computes rights-request deadlines past weekends and French holidays", function()
        assert.are.equal("2026-03-02", comply.rights_deadline("2026-01-31"))
        assert.are.equal("2026-05-11", comply.rights_deadline("2026-04-08"))
        assert.are.equal("2026-04-14", comply.rights_deadline("2026-01-14", true))
        assert.are.equal("2026-02-16", comply.rights_deadline("2026-01-14", false))
        local d, msg, code = comply.rights_deadline("9999-12-15")
        assert.is_nil(d)
        assert.is_string(msg)
        assert.are.equal("ERANGE", code)
        d, msg, code = comply.rights_deadline("2026-02-30")
        assert.is_nil(d)
        assert.are.equal("EPARSE", code)
        assert.has_error(function() comply.rights_deadline(nil) end)
    end)

    it("names French public holidays", function()
        assert.are.equal("Whit Monday", comply.holiday_fr("2026-05-25"))
        assert.is_string(comply.holiday_fr("2026-05-25", "fr"))
        assert.is_false(comply.holiday_fr("2026-05-26"))
        local d, _, code = comply.holiday_fr("2026-13-01")
        assert.is_nil(d)
        assert.are.equal("EPARSE", code)
    end)

    it("adds durations with the month-end clamp", function()
        assert.are.equal("2021-02-28", comply.date_add("2021-01-31", "P1M"))
        assert.are.equal("2025-02-28", comply.date_add("2024-02-29", "P1Y"))
        assert.are.equal("2024-03-14", comply.date_add("2024-02-29", "P2W"))
    end)

    it("gives nil, message, code for bad dates, durations and ranges", function()
        local d, msg, code, line, column = comply.date_add("2021-02-30", "P1M")
        assert.is_nil(d)
        assert.are.equal("EPARSE", code)
        assert.is_string(msg)
        assert.is_number(line)
        assert.is_number(column)
        d, msg, code = comply.date_add("2021-01-01", "P-1M")
        assert.is_nil(d)
        assert.are.equal("EPARSE", code)
        d, msg, code = comply.date_add("9999-12-01", "P1M")
        assert.is_nil(d)
        assert.are.equal("ERANGE", code)
        d, msg, code = comply.date_add("2021-01-01", "PT1H")
        assert.is_nil(d)
        assert.are.equal("EINVAL", code)
        d, _, code = comply.date_add("", "")
        assert.is_nil(d)
        assert.are.equal("EPARSE", code)
    end)

    it("parses durations into their parts and canonical text", function()
        assert.are.same({years = 1, months = 2, weeks = 0, days = 3, hours = 4, minutes = 0, seconds = 5,
                         text = "P1Y2M3DT4H5S"}, comply.duration_parse("p1y2m3dt4h5s"))
        assert.are.equal("P0D", comply.duration_parse("P0D").text)
    end)

    it("refuses malformed durations", function()
        for _, text in ipairs({"", "P", "PT", "1Y", "P1.5Y", "P1Y junk", "P99999999999Y", "P1Y\0"}) do
            local d, msg, code = comply.duration_parse(text)
            assert.is_nil(d, text)
            assert.is_string(msg)
            assert.is_truthy(code == "EPARSE" or code == "EINVAL", code)
        end
    end)

    it("raises for wrong types", function()
        assert.has_error(function() comply.date_add(nil, "P1M") end)
        assert.has_error(function() comply.date_add("2021-01-01") end)
        assert.has_error(function() comply.duration_parse({}) end)
    end)
end)
