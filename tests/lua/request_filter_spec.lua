-- The request filter example (examples/request_filter.lua) on the sample
-- requests: as a module, and as a script run with the Lua interpreter.
local srcdir = os.getenv("COMPLY_SRCDIR") or "../.."
package.path = srcdir .. "/examples/?.lua;" .. package.path
local filter = require "request_filter"

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("a")
    f:close()
    return s
end

local clean = srcdir .. "/examples/data/request_clean.json"
local forbidden = srcdir .. "/examples/data/request_forbidden.json"

describe("the request filter", function()
    it("accepts a body the newsletter purpose allows", function()
        local status, response = filter.filter(read(clean))
        assert.are.equal(200, status)
        assert.is_nil(response)
    end)

    it("rejects a body with categories the purpose forbids, naming fields, not values", function()
        local status, response = filter.filter(read(forbidden))
        assert.are.equal(422, status)
        local by_field = {}
        for _, f in ipairs(response.fields) do by_field[f.field] = f end
        assert.are.equal("identity.birth_date", by_field.date_naissance.category)
        -- found by its value alone: "ref" says nothing
        assert.are.equal("financial.iban", by_field.ref.category)
        assert.are.equal("GDPR Art. 5(1)(b)", by_field.ref.article)
        assert.is_nil(by_field.email)
        local body = read(forbidden)
        for _, f in ipairs(response.fields) do
            for _, v in pairs(f) do
                assert.is_nil(v:find("27/03/1983", 1, true))
                assert.is_nil(v:find("FR7812919890918285014020199", 1, true))
            end
        end
        assert.is_truthy(body:find("27/03/1983", 1, true))
    end)

    it("rejects bodies that are not a JSON object with 400", function()
        for _, body in ipairs({"", "not json", "[1, 2]", "42", nil}) do
            assert.are.equal(400, (filter.filter(body)))
        end
    end)

    it("ends the request through ngx, OpenResty style", function()
        local said, ended
        local ngx = {
            req = {read_body = function() end, get_body_data = function() return read(forbidden) end},
            header = {},
            say = function(s) said = s end,
            exit = function(status) ended = status end,
        }
        filter.access(ngx)
        assert.are.equal(422, ended)
        assert.are.equal(422, ngx.status)
        assert.are.equal("application/json", ngx.header["Content-Type"])
        assert.matches('"financial.iban"', said)
        ngx.req.get_body_data = function() return read(clean) end
        ended = nil
        filter.access(ngx)
        assert.is_nil(ended)
    end)

    local function run(path)
        local lua = os.getenv("LUA") or "lua5.4"
        local p = assert(io.popen(("'%s' '%s/examples/request_filter.lua' '%s' 2>&1"):format(lua, srcdir, path)))
        local out = p:read("a")
        local _, _, code = p:close()
        return code, out
    end

    it("runs as a script with plain Lua: exit 0 on the clean request", function()
        local code, out = run(clean)
        assert.are.equal(0, code, out)
        assert.matches("200 accepted", out)
    end)

    it("runs as a script with plain Lua: exit 1 on the forbidden request", function()
        local code, out = run(forbidden)
        assert.are.equal(1, code, out)
        assert.matches("422 rejected", out)
        assert.matches("identity.birth_date", out)
    end)

    it("runs as a script with plain Lua: exit 2 on a missing file", function()
        local code = run(srcdir .. "/examples/data/no_such_request.json")
        assert.are.equal(2, code)
    end)
end)
