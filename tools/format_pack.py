#!/usr/bin/env python3
"""Writes a rule pack in the project's layout: objects indented by two
spaces, arrays of plain values and small objects kept on one line.
Usage: format_pack.py FILE [FILE...]   (rewrites each file in place)"""
import collections
import json
import sys


def inline(v):
    return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))


def is_small(v):
    if isinstance(v, list):
        return all(not isinstance(x, (dict, list)) or (isinstance(x, dict) and len(inline(x)) < 60) for x in v)
    if isinstance(v, dict):
        return all(not isinstance(x, (dict, list)) for x in v.values()) and len(inline(v)) < 100
    return True


def fmt(v, depth=0):
    pad = "  " * (depth + 1)
    if isinstance(v, dict) and v and not is_small(v):
        items = [pad + json.dumps(k, ensure_ascii=False) + ": " + fmt(x, depth + 1) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(v, list) and v and not is_small(v):
        items = [pad + fmt(x, depth + 1) for x in v]
        return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"
    return inline(v)


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        pack = json.load(f, object_pairs_hook=collections.OrderedDict)
    with open(path, "w", encoding="utf-8") as f:
        f.write(fmt(pack) + "\n")
