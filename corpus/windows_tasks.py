#!/usr/bin/env python3
"""Write a Windows-like scheduled-task tree into DIR (for corpus/build.sh).

Every file here is authored for foothold's tests: task XML in the encodings Windows and
attackers use, every trigger and action kind, odd names, broken files, and legacy .job
files laid out per [MS-TSCH] 2.4. Usage: windows_tasks.py DIR [FILLER_COUNT]
"""
import os
import struct
import sys
import uuid

NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"


def task(uri, actions, triggers="", principal="", settings="", reginfo="", version="1.2"):
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="{version}" xmlns="{NS}">
  <RegistrationInfo>
    <Date>2026-10-01T08:00:00</Date>
    <Author>CORP\\admin</Author>
    <URI>{uri}</URI>{reginfo}
  </RegistrationInfo>
  <Triggers>{triggers}</Triggers>
  <Principals>{principal or '<Principal id="Author"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal>'}</Principals>
  <Settings>{settings or '<Enabled>true</Enabled>'}</Settings>
  <Actions Context="Author">{actions}</Actions>
</Task>
"""


def exec_(cmd, args=None, wd=None):
    a = f"<Arguments>{args}</Arguments>" if args is not None else ""
    w = f"<WorkingDirectory>{wd}</WorkingDirectory>" if wd else ""
    return f"<Exec><Command>{cmd}</Command>{a}{w}</Exec>"


def utf16(text):
    return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")


def write(root, rel, data):
    path = os.path.join(root, "Windows", "System32", "Tasks", *rel.split("\\"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def job(app, params, workdir, author, comment, triggers, flags=0x0100_0000, status=0x41303):
    """A Task Scheduler 1.0 .job file: FIXDLEN_DATA, variable-length data, triggers."""

    def ustr(s):
        if s is None:
            return struct.pack("<H", 0)
        b = (s + "\0").encode("utf-16-le")
        return struct.pack("<H", len(s) + 1) + b

    var = struct.pack("<H", 0)  # running instance count
    var += ustr(app) + ustr(params) + ustr(workdir) + ustr(author) + ustr(comment)
    var += struct.pack("<H", 0)  # user data size
    var += struct.pack("<H", 8) + b"\0" * 8  # reserved data (TASKRESERVED1)
    trig = struct.pack("<H", len(triggers))
    for t in triggers:
        trig += t
    app_offset = 68 + 2
    trigger_offset = 68 + len(var)
    fixed = struct.pack("<HH16sHHHHHHIIIII", 0x0601, 1, uuid.UUID("6b5a2b1e-4c3d-4e2f-9a8b-7c6d5e4f3a21").bytes_le,
                        app_offset, trigger_offset, 0, 0, 10, 60, 0x20, 259200000, 0, status, flags)
    fixed += struct.pack("<8H", 0, 0, 0, 0, 0, 0, 0, 0)  # never run
    return fixed + var + trig


def trigger(kind, start, hour, minute, interval=0, duration=0, s0=0, s1=0, s2=0, flags=0, end=None):
    ey, em, ed = end or (0, 0, 0)
    return struct.pack("<HHHHHHHHHHIIIIHHHHHH", 0x30, 0, start[0], start[1], start[2], ey, em, ed,
                       hour, minute, duration, interval, flags | (1 if end else 0), kind, s0, s1, s2, 0, 0, 0)


def main():
    root = sys.argv[1]
    filler = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    T = []
    # Every trigger kind, with repetition and boundaries.
    T.append(("\\Triggers\\AllKinds", utf16(task("\\Triggers\\AllKinds", exec_("C:\\Windows\\System32\\cmd.exe", "/c whoami &gt; C:\\Users\\Public\\w.txt"), triggers="""
    <TimeTrigger id="t1"><StartBoundary>2026-11-01T03:00:00</StartBoundary><EndBoundary>2027-11-01T03:00:00</EndBoundary><Repetition><Interval>PT15M</Interval><Duration>P1D</Duration><StopAtDurationEnd>true</StopAtDurationEnd></Repetition><RandomDelay>PT30S</RandomDelay><ExecutionTimeLimit>PT1H</ExecutionTimeLimit></TimeTrigger>
    <CalendarTrigger><StartBoundary>2026-01-01T01:00:00</StartBoundary><ScheduleByDay><DaysInterval>2</DaysInterval></ScheduleByDay></CalendarTrigger>
    <CalendarTrigger><StartBoundary>2026-01-01T02:00:00</StartBoundary><ScheduleByWeek><WeeksInterval>3</WeeksInterval><DaysOfWeek><Monday /><Friday /></DaysOfWeek></ScheduleByWeek></CalendarTrigger>
    <CalendarTrigger><StartBoundary>2026-01-01T03:00:00</StartBoundary><ScheduleByMonth><DaysOfMonth><Day>1</Day><Day>15</Day><Day>Last</Day></DaysOfMonth><Months><January /><July /></Months></ScheduleByMonth></CalendarTrigger>
    <CalendarTrigger><StartBoundary>2026-01-01T04:00:00</StartBoundary><ScheduleByMonthDayOfWeek><Weeks><Week>2</Week><Week>Last</Week></Weeks><DaysOfWeek><Sunday /></DaysOfWeek><Months><December /></Months></ScheduleByMonthDayOfWeek></CalendarTrigger>
    <BootTrigger><Delay>PT2M</Delay></BootTrigger>
    <LogonTrigger><UserId>CORP\\alice</UserId></LogonTrigger>
    <IdleTrigger><Enabled>false</Enabled></IdleTrigger>
    <EventTrigger><Subscription>&lt;QueryList&gt;&lt;Query Id="0" Path="Security"&gt;&lt;Select Path="Security"&gt;*[System[EventID=4625]]&lt;/Select&gt;&lt;/Query&gt;&lt;/QueryList&gt;</Subscription><ValueQueries><Value name="user">Event/EventData/Data[@Name='TargetUserName']</Value></ValueQueries></EventTrigger>
    <RegistrationTrigger />
    <SessionStateChangeTrigger><StateChange>SessionUnlock</StateChange><UserId>CORP\\bob</UserId></SessionStateChangeTrigger>
    <WnfStateChangeTrigger><StateName>7508BCA3380C960C</StateName><Data>01</Data><DataOffset>0</DataOffset></WnfStateChangeTrigger>
"""))))
    # Every action kind, several actions, a principal with privileges.
    T.append(("\\Actions\\Everything", utf16(task("\\Actions\\Everything", version="1.6", actions=exec_("powershell.exe", "-nop -w hidden -enc SQBFAFgA", "C:\\ProgramData")
        + exec_("C:\\Tools\\second.exe")
        + '<ComHandler><ClassId>{0F87369F-A4E5-4CFC-BD3E-73E6154572DD}</ClassId><Data><![CDATA[<payload mode="x"/>]]></Data></ComHandler>'
        + "<SendEmail><Server>smtp.example.invalid</Server><Subject>report</Subject><To>a@example.invalid</To><From>b@example.invalid</From><Body>hi</Body></SendEmail>"
        + "<ShowMessage><Title>Note</Title><Body>Hello</Body></ShowMessage>",
        triggers="<BootTrigger />",
        principal='<Principal id="Other"><UserId>CORP\\nobody</UserId></Principal><Principal id="Author"><GroupId>S-1-5-32-544</GroupId><LogonType>S4U</LogonType><RunLevel>LeastPrivilege</RunLevel><ProcessTokenSidType>Unrestricted</ProcessTokenSidType><RequiredPrivileges><Privilege>SeDebugPrivilege</Privilege><Privilege>SeImpersonatePrivilege</Privilege></RequiredPrivileges></Principal>',
        settings="<Enabled>false</Enabled><Hidden>true</Hidden><IdleSettings><Duration>PT10M</Duration></IdleSettings><Priority>7</Priority>",
        reginfo="<Description>All &amp; every action</Description><Source>foothold</Source><Version>1.0</Version><Documentation>none</Documentation><SecurityDescriptor>D:(A;;FA;;;BA)</SecurityDescriptor>"))))
    # No actions at all.
    T.append(("\\Empty\\NoActions", utf16(task("\\Empty\\NoActions", "", triggers="<BootTrigger />"))))
    # Encodings: UTF-8 without BOM (declaration lies), UTF-8 with BOM.
    T.append(("\\Encodings\\utf8-no-bom", task("\\Encodings\\utf8-no-bom", exec_("C:\\ünïcødé\\ok.exe")).encode("utf-8")))
    T.append(("\\Encodings\\utf8-bom", b"\xef\xbb\xbf" + task("\\Encodings\\utf8-bom", exec_("C:\\bom.exe")).encode("utf-8")))
    # Names: spaces and braces, a SID, unicode, deep folders; URI that does not match the path.
    T.append(("\\OneDrive Standalone Update Task {A1B2}", utf16(task("\\OneDrive Standalone Update Task {A1B2}", exec_("C:\\Users\\Public\\od.exe")))))
    T.append(("\\S-1-5-21-1111-2222-3333-1001", utf16(task("\\S-1-5-21-1111-2222-3333-1001", exec_("C:\\sid.exe")))))
    T.append(("\\Ünïcødé\\Задача", utf16(task("\\Ünïcødé\\Задача", exec_("C:\\u.exe")))))
    T.append(("\\A\\B\\C\\D\\E\\Deep", utf16(task("\\A\\B\\C\\D\\E\\Deep", exec_("C:\\deep.exe")))))
    T.append(("\\Renamed", utf16(task("\\Original Name", exec_("C:\\renamed.exe")))))
    # Broken files: malformed and truncated; each costs only itself.
    T.append(("\\Broken\\Malformed", utf16("<?xml version=\"1.0\"?><Task><Actions><Exec><Command>x</Exec></Actions></Task>")))
    whole = utf16(task("\\Broken\\Truncated", exec_("C:\\t.exe")))
    T.append(("\\Broken\\Truncated", whole[: len(whole) // 2]))
    # The task an `at` command makes has both an XML definition and a .job.
    T.append(("\\At1", utf16(task("\\At1", exec_("cmd", "/c C:\\Temp\\at.bat")))))
    for i in range(filler):
        T.append((f"\\Filler\\Group{i % 10}\\Task{i:03}", utf16(task(f"\\Filler\\Group{i % 10}\\Task{i:03}", exec_(f"C:\\Program Files\\Vendor\\tool{i}.exe", f"--run {i}"), triggers="<LogonTrigger />"))))
    for rel, data in T:
        write(root, rel, data)
    jobs = os.path.join(root, "Windows", "Tasks")
    os.makedirs(jobs, exist_ok=True)
    with open(os.path.join(jobs, "At1.job"), "wb") as f:
        f.write(job("cmd", "/c C:\\Temp\\at.bat", "C:\\Temp", "CORP\\admin", None,
                    [trigger(0, (2026, 11, 2), 3, 30)], status=0x41303))
    with open(os.path.join(jobs, "Legacy Updater.job"), "wb") as f:
        f.write(job("C:\\ProgramData\\upd.exe", "-q", None, "SYSTEM", "updates things",
                    [trigger(2, (2026, 1, 5), 9, 0, s0=1, s1=0b0100010), trigger(7, (2026, 1, 1), 0, 0),
                     trigger(3, (2026, 1, 1), 12, 0, s0=0x4001, s1=0x4000, s2=0b100000000001, end=(2027, 1, 1))],
                    flags=0x0100_0000 | 0x200 | 0x4, status=0x41302))


if __name__ == "__main__":
    main()
