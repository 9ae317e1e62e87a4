#!/usr/bin/env python3
"""Writes the module zips of this file proxy, reproducibly (fixed dates)."""
import os
import zipfile

MOD = "github.com/acme-labs/greetings"
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = {
    "v1.1.0": 'package greetings\n\n// For greets name.\nfunc For(name string) string '
              '{ return "hi " + name }\n',
    "v1.2.0": 'package greetings\n\n// For greets name; v1.2.0 says which version '
              'answered.\nfunc For(name string) string '
              '{ return "hello " + name + " (greetings v1.2.0)" }\n',
}
for ver, src in SRC.items():
    d = os.path.join(HERE, MOD, "@v")
    with open(os.path.join(d, ver + ".mod"), "rb") as f:
        gomod = f.read()
    with zipfile.ZipFile(os.path.join(d, ver + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("go.mod", gomod), ("LICENSE", b"MIT License (test module)\n"),
                           ("greetings.go", src.encode())):
            info = zipfile.ZipInfo("%s@%s/%s" % (MOD, ver, name), (2024, 3, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
