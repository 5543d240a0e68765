#!/usr/bin/env python3
"""Build a SYSTEM hive with services for the windows-tasks corpus image, with hivexsh on top of
minimal_hive.py's empty hive. Two control sets; Select\\Current names the second.
Usage: system_hive.py OUT"""
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def multi(*items):
    b = b"".join(i.encode("utf-16-le") + b"\0\0" for i in items) + b"\0\0"
    return "hex:7:" + ",".join(f"{x:02x}" for x in b)


def expand(s):
    b = (s + "\0").encode("utf-16-le")
    return "hex:2:" + ",".join(f"{x:02x}" for x in b)


def failure(reset, actions):
    b = struct.pack("<IIIII", reset, 0, 0, len(actions), 20)
    for t, d in actions:
        b += struct.pack("<II", t, d)
    return "hex:3:" + ",".join(f"{x:02x}" for x in b)


SERVICES = {
    "ControlSet001": {
        "EvilSvc": [("Type", "dword:0x10"), ("Start", "dword:0x3"), ("ErrorControl", "dword:0x1"),
                    ("ImagePath", expand("C:\\ProgramData\\old.exe")), ("ObjectName", "string:LocalSystem")],
    },
    "ControlSet002": {
        "EvilSvc": [("Type", "dword:0x10"), ("Start", "dword:0x2"), ("ErrorControl", "dword:0x1"),
                    ("ImagePath", expand('"C:\\Program Files\\Evil Corp\\evil.exe" -k run')),
                    ("DisplayName", "string:Evil Updater"), ("Description", "string:Keeps evil up to date"),
                    ("ObjectName", "string:LocalSystem"), ("DelayedAutostart", "dword:0x1"),
                    ("FailureCommand", "string:C:\\Windows\\Temp\\again.cmd"),
                    ("FailureActions", failure(86400, [(3, 5000), (1, 60000), (0, 0)])),
                    ("DependOnService", multi("RpcSs", "Tcpip")),
                    ("RequiredPrivileges", multi("SeDebugPrivilege", "SeTcbPrivilege")),
                    ("ServiceSidType", "dword:0x1")],
        "UpdSvc": [("Type", "dword:0x20"), ("Start", "dword:0x2"),
                   ("ImagePath", expand("%SystemRoot%\\System32\\svchost.exe -k netsvcs -p")),
                   ("DisplayName", "string:@%SystemRoot%\\system32\\updsvc.dll,-100"),
                   ("ObjectName", "string:LocalSystem")],
        "UpdSvc\\Parameters": [("ServiceDll", expand("%SystemRoot%\\System32\\updsvc.dll")),
                               ("ServiceMain", "string:ServiceMainEx")],
        "BadDrv": [("Type", "dword:0x1"), ("Start", "dword:0x1"), ("ErrorControl", "dword:0x0"),
                   ("ImagePath", expand("\\SystemRoot\\System32\\drivers\\baddrv.sys")), ("LaunchProtected", "dword:0x0")],
        "RelDrv": [("Type", "dword:0x1"), ("Start", "dword:0x3"), ("ImagePath", expand("system32\\DRIVERS\\reldrv.sys"))],
    },
}


def main():
    out = sys.argv[1]
    subprocess.run([sys.executable, os.path.join(HERE, "minimal_hive.py"), out, "ROOT"], check=True)
    script = ["add Select", "cd Select", "setval 4", "Current", "dword:0x2", "Default", "dword:0x2",
              "Failed", "dword:0x0", "LastKnownGood", "dword:0x1"]
    made = set()
    for cs, services in SERVICES.items():
        for key, vals in services.items():
            script.append("cd \\")
            path = ""
            for part in [cs, "Services"] + key.split("\\"):
                path += "\\" + part
                if path.lower() not in made:
                    script.append(f"add {part}")
                    made.add(path.lower())
                script.append(f"cd {part}")
            script.append(f"setval {len(vals)}")
            for k, v in vals:
                script += [k, v]
    script.append("commit")
    subprocess.run(["hivexsh", "-w", out], input="\n".join(script) + "\n", text=True, check=True)


if __name__ == "__main__":
    main()
