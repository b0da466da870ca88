--[[
request_filter.lua - a request-body filter for a web endpoint, in the style
of an OpenResty access handler: before the request reaches the application,
classify the fields of its JSON body (by name and by value) and reject it
with 422 when it carries a category of personal data that the endpoint's
purpose forbids (GDPR Art. 5(1)(b), purpose limitation; the purposes and
their forbidden categories are in the rules: doc/purposes.md).

Under OpenResty (nginx.conf):
    lua_package_cpath "/usr/local/lib/lua/5.4/?.so;;";
    location /api/newsletter {
        access_by_lua_block { require("request_filter").access(ngx) }
        proxy_pass http://app;
    }

With plain Lua, on a saved request body:
    lua5.4 examples/request_filter.lua examples/data/request_forbidden.json
prints the status and the response, and exits 0 when the request would pass,
1 when it is rejected, 2 on a usage error.

The response names fields, categories and articles, never the values sent.
--]]
local comply = require "comply"

-- OpenResty ships lua-cjson; plain Lua on Debian has dkjson (lua-dkjson).
local json
do
    local ok, cjson = pcall(require, "cjson.safe")
    json = ok and cjson or require "dkjson"
end

local M = {}

-- What the endpoint declares about itself, once: the purpose, and the facts
-- of the collection that are not in the body (doc/collection.md).
M.endpoint = {
    purpose = "newsletter",
    legal_basis = "consent",
    consent = { captured = true, separate = true, pre_ticked = false, withdrawable = true },
    notice = { provided = true, url = "https://shop.example/privacy" },
}

-- Findings that stop a request. Others (a gap in the declaration, a field
-- the purpose does not need) are for the endpoint's owner, not the caller.
M.rejecting = { ["category-forbidden"] = true }

-- Rules are loaded once per process (per nginx worker) and shared by every
-- request: a rules object is read-only once loaded.
local rules = assert(comply.default())

-- The declaration of one request: the endpoint's facts, plus one field per
-- top-level key of the body, with its value as a sample when it is text or
-- a number, so that the library classifies it by name and value.
local function declaration(body)
    local decl = { fields = {} }
    for k, v in pairs(M.endpoint) do decl[k] = v end
    local names = {}
    for name in pairs(body) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
        local value, field = body[name], { name = name }
        if type(value) == "string" or type(value) == "number" then
            field.sample_values = { tostring(value) }
        end
        decl.fields[#decl.fields + 1] = field
    end
    return decl
end

-- Decides on one request body (text). Returns the HTTP status and, when the
-- request is refused, a response table.
function M.filter(body_text)
    local body = body_text and json.decode(body_text)
    if type(body) ~= "table" or body[1] ~= nil then
        return 400, { error = "the body must be a JSON object" }
    end
    for name in pairs(body) do
        if type(name) ~= "string" then
            return 400, { error = "the body must be a JSON object" }
        end
    end
    local report, message = rules:check(declaration(body), { source = "request" })
    if not report then
        -- A key the library cannot take as a field name (duplicates, …).
        return 400, { error = message }
    end
    local refused = {}
    for _, f in ipairs(report.findings) do
        if M.rejecting[f.code] then
            refused[#refused + 1] = { field = f.field, category = f.category,
                                      article = f.article, reason = f.message_en }
        end
    end
    if #refused > 0 then
        return 422, { error = "personal data not allowed for " .. M.endpoint.purpose, fields = refused }
    end
    return 200, nil
end

-- The OpenResty access phase: lets the request through, or ends it.
function M.access(ngx)
    ngx.req.read_body()
    local status, response = M.filter(ngx.req.get_body_data())
    if status ~= 200 then
        ngx.status = status
        ngx.header["Content-Type"] = "application/json"
        ngx.say(json.encode(response))
        return ngx.exit(status)
    end
end

-- Plain Lua: a stand-in for the few ngx functions the handler uses, reading
-- the body from a file.
local function main(path)
    if not path then
        io.stderr:write("usage: lua5.4 request_filter.lua REQUEST.json\n")
        return 2
    end
    local f, err = io.open(path, "rb")
    if not f then
        io.stderr:write(err, "\n")
        return 2
    end
    local body = f:read("a")
    f:close()
    local ended = 200
    local ngx = {
        req = { read_body = function() end, get_body_data = function() return body end },
        header = {},
        say = function(s) print(s) end,
        exit = function(status) ended = status end,
    }
    M.access(ngx)
    if ended == 200 then
        print("200 accepted")
        return 0
    end
    print(ended .. " rejected")
    return 1
end

-- Run as a script (not through require): filter the file named on the line.
-- os.exit(…, true) closes the Lua state first, which frees the rules.
if arg and arg[0] and arg[0]:match("request_filter%.lua$") then
    os.exit(main(arg[1]), true)
end
return M
