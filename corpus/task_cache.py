#!/usr/bin/env python3
"""Build a SOFTWARE hive holding a TaskCache for the windows-tasks corpus image, with hivexsh
(on top of minimal_hive.py's empty hive). Usage: task_cache.py OUT

Entries: normal tasks matching their XML, an SD-less task (Tarrask), an Index-0 task, a
registry-only task, a task whose Actions blob differs from its XML, a Tasks key with no Tree key.
"""
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TC = "\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache"


def s(text):
    b = text.encode("utf-16-le")
    return struct.pack("<I", len(b)) + b


def actions(*execs, version=3):
    out = struct.pack("<H", version) + s("Author")
    for cmd, args in execs:
        out += struct.pack("<H", 0x6666) + s("") + s(cmd) + s(args) + s("") + struct.pack("<H", 0)
    return out


def filetime(unix):
    return (unix + 11644473600) * 10_000_000


def dynamic(created, last_run, last_ok):
    return struct.pack("<IQQIIQ", 3, filetime(created), filetime(last_run), 0, 0, filetime(last_ok))


def hexval(b):
    return "hex:3:" + ",".join(f"{x:02x}" for x in b)


SD = bytes([1, 0, 4, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])  # self-relative, NULL DACL

# name, guid, sd, index, actions blob or None, list
TASKS = [
    ("\\Triggers\\AllKinds", "{A0000000-0000-4000-8000-000000000001}", True, 3,
     actions(("C:\\Windows\\System32\\cmd.exe", "/c whoami > C:\\Users\\Public\\w.txt")), "Plain"),
    ("\\At1", "{A0000000-0000-4000-8000-000000000002}", True, 3, actions(("cmd", "/c C:\\Temp\\at.bat")), "Plain"),
    ("\\OneDrive Standalone Update Task {A1B2}", "{A0000000-0000-4000-8000-000000000003}", False, 3,
     actions(("C:\\Users\\Public\\od.exe", "")), "Logon"),
    ("\\Renamed", "{A0000000-0000-4000-8000-000000000004}", True, 0, actions(("C:\\renamed.exe", "")), "Plain"),
    ("\\Hidden\\Tarrask", "{A0000000-0000-4000-8000-000000000005}", False, 3,
     actions(("C:\\Windows\\Temp\\svc.exe", "-k netsvcs")), "Boot"),
    ("\\Encodings\\utf8-bom", "{A0000000-0000-4000-8000-000000000006}", True, 3, actions(("C:\\evil.exe", "")), "Plain"),
]
ORPHAN = ("\\Orphaned", "{A0000000-0000-4000-8000-000000000007}", actions(("C:\\orphan.exe", "")))


def main():
    out = sys.argv[1]
    subprocess.run([sys.executable, os.path.join(HERE, "minimal_hive.py"), out, "ROOT"], check=True)
    cmds = []

    def mkpath(path):
        parts = [p for p in path.split("\\") if p]
        cmds.append("cd \\")
        for p in parts:
            cmds.append(f"add {p}")
            cmds.append(f"cd {p}")

    def setvals(vals):
        cmds.append(f"setval {len(vals)}")
        for k, v in vals:
            cmds.append(k)
            cmds.append(v)

    for name, guid, sd, index, blob, lst in TASKS:
        mkpath(TC + "\\Tree" + name)
        vals = [("Id", f"string:{guid}"), ("Index", f"dword:0x{index:x}")]
        if sd:
            vals.append(("SD", hexval(SD)))
        setvals(vals)
    for name, guid, sd, index, blob, lst in TASKS + [(ORPHAN[0], ORPHAN[1], True, 3, ORPHAN[2], "Plain")]:
        mkpath(TC + "\\Tasks\\" + guid)
        setvals([
            ("Path", f"string:{name}"),
            ("URI", f"string:{name}"),
            ("Author", "string:CORP\\admin"),
            ("Date", "string:2026-10-01T08:00:00"),
            ("Actions", hexval(blob)),
            ("Triggers", hexval(bytes(range(16)))),
            ("DynamicInfo", hexval(dynamic(1790841600, 1795575600, 1795575600))),
        ])
        mkpath(TC + "\\" + lst + "\\" + guid)
    cmds.append("commit")
    # hivexsh's `add` of an existing key fails; add each path element once.
    seen, script = set(), []
    cwd = ""
    for c in cmds:
        if c == "cd \\":
            cwd = ""
        elif c.startswith("add "):
            key = cwd + "\\" + c[4:]
            if key.lower() in seen:
                continue
            seen.add(key.lower())
        elif c.startswith("cd "):
            cwd = cwd + "\\" + c[3:]
        script.append(c)
    subprocess.run(["hivexsh", "-w", out], input="\n".join(script) + "\n", text=True, check=True)


if __name__ == "__main__":
    main()
