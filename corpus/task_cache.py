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


# ---- Triggers blob (layout per G DATA's winreg-tasks research; all fields 8-byte aligned) ----
def a_u8(v):
    return struct.pack("<B", v) + b"\0" * 7


def a_u32(v):
    return struct.pack("<I", v) + b"\0" * 4


def pad8(n):
    return b"\0" * ((8 - n % 8) % 8)


def a_str(text):
    b = text.encode("utf-16-le") + (b"\0\0" if text else b"")
    return a_u32(len(b)) + b + pad8(len(b))


def a_str_units(text):
    if not text:
        return a_u32(0)
    b = text.encode("utf-16-le") + b"\0\0"
    return a_u32(len(text)) + b + pad8(len(b))


def id_str(text):
    b = text.encode("utf-16-le")
    return struct.pack("<I", len(b)) + b + pad8(len(b) + 4)


def tstime(unix, localized=True):
    ft = 0xFFFFFFFFFFFFFFFF if unix is None else filetime(unix)
    return struct.pack("<B", 1 if localized else 0) + b"\0" * 7 + struct.pack("<Q", ft)


def sid_bytes(sid):
    parts = sid.split("-")
    rev, auth, subs = int(parts[1]), int(parts[2]), [int(x) for x in parts[3:]]
    return struct.pack("<BB", rev, len(subs)) + auth.to_bytes(6, "big") + b"".join(struct.pack("<I", x) for x in subs)


def user_info(sid=None, name=None):
    if sid is None and name is None:
        return a_u8(1)
    out = a_u8(0)
    if sid is None:
        out += a_u8(1)
    else:
        sb = sid_bytes(sid)
        out += a_u8(0) + a_u32(1) + a_u32(len(sb)) + sb + pad8(len(sb))
    return out + a_str(name or "")


ENABLED, HIDDEN, HIGHEST, TASK = 0x400000, 0x800000, 0x1000000, 0x2000000


def generic(start, end=None, delay=0, interval=0, duration=0, enabled=True, tid=""):
    return (tstime(start) + tstime(end) + struct.pack("<IIIII", delay, 0xFFFFFFFF, interval, duration, duration)
            + struct.pack("<B", 0) + b"\0" * 3 + a_u8(1 if enabled else 0) + b"\0" * 8 + id_str(tid))


def time_trigger(start, mode=0, d1=0, d2=0, d3=0, interval=0, duration=0, end=None, tid=""):
    return (a_u32(0xDDDD) + tstime(start) + tstime(end) + tstime(None, False)
            + struct.pack("<IIII", interval, duration, 0xFFFFFFFF, mode)
            + struct.pack("<HHHH", d1, d2, d3, 0) + struct.pack("<BBH", 0, 1, 0)
            + struct.pack("<III", 0, 0, 0) + id_str(tid))


def triggers_blob(flags, sid, name, trig, principal="Author", start=None):
    head = a_u8(0x17) + tstime(start) + tstime(None)
    settings = a_u32(0x2C) + struct.pack("<IIIIIII", 600, 3600, 259200, 0, 7, 0, 0) + b"\0" * 16 + b"\0" * 4
    bucket = a_u32(flags) + a_u32(0) + a_str(principal) + a_str("") + user_info(sid, name) + settings
    return head + bucket + b"".join(trig)


T0 = 1790841600  # 2026-10-01T08:00:00 (stored as local wall-clock time)
ALL_KINDS = [
    time_trigger(T0, tid="once"),
    time_trigger(T0, mode=1, d1=2, interval=300, duration=86400),  # every 2 days, every 5 min for a day
    time_trigger(T0, mode=2, d1=1, d2=0x22),  # weekly Monday + Friday
    time_trigger(T0, mode=3, d1=0x0001, d2=0x8000, d3=0x0FFF),  # days 1 and Last, every month
    time_trigger(T0, mode=4, d1=0x01, d2=0x10, d3=0x0800),  # last Sunday of December
    a_u32(0xFFFF) + generic(None, delay=30),
    a_u32(0xEEEE) + generic(None),
    a_u32(0x8888) + generic(None),
    a_u32(0xAAAA) + generic(None) + user_info("S-1-5-21-1111-2222-3333-1001", "CORP\\alice"),
    a_u32(0x7777) + generic(None) + struct.pack("<I", 6) + b"\0" * 4 + user_info(None, "CORP\\bob"),
    a_u32(0xCCCC) + generic(None) + a_str_units("<QueryList><Query Id=\"0\"><Select Path=\"Security\">*[System[EventID=4625]]</Select></Query></QueryList>")
    + b"\0" * 8 + a_str_units("") + a_u32(1) + a_str_units("user") + a_str_units("Event/EventData/Data[@Name='TargetUserName']"),
    a_u32(0x6666) + generic(None) + bytes.fromhex("7508bca33a0b8341") + a_u32(4) + bytes.fromhex("01000000"),
]
TRIGGERS = {
    "\\Triggers\\AllKinds": triggers_blob(ENABLED | TASK, "S-1-5-18", "", ALL_KINDS, start=T0),
    # Tarrask: a hidden, highest-privilege SYSTEM task, at boot and every 5 minutes.
    "\\Hidden\\Tarrask": triggers_blob(ENABLED | HIDDEN | HIGHEST | TASK, "S-1-5-18", "", [
        a_u32(0xFFFF) + generic(None, tid="boot"),
        time_trigger(T0, mode=1, d1=1, interval=300, duration=86400, tid="beacon"),
    ], principal="LocalSystem", start=T0),
    # A registry-only task that was disabled: at logon of one user.
    "\\Orphaned": triggers_blob(TASK, None, "CORP\\alice", [
        a_u32(0xAAAA) + generic(None, enabled=True) + user_info(None, "CORP\\alice"),
    ]),
}


def default_triggers():
    return triggers_blob(ENABLED | TASK, "S-1-5-18", "", [time_trigger(T0, mode=1, d1=1)], start=T0)


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
            ("Triggers", hexval(TRIGGERS.get(name, default_triggers()))),
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
