//! The host record and the next runs of every schedule, against independent tools: Python's
//! `zoneinfo` for the TZif reader (every zone this machine's tzdata has), `croniter` for
//! cron schedules, `systemd-analyze calendar` for timers, `dateutil.rrule` for task
//! triggers, `last` and the shell for the host facts.
use crate::common::*;
use foothold::{Evidence, ScanSet, Timestamp};
use std::path::Path;

/// Every zone of `/usr/share/zoneinfo` read by `parse_tzif` gives the UTC offset Python's
/// `zoneinfo` gives for the same file at instants from 1970 to 2060 (every 10 days and 77
/// minutes, so every hour of the day and both sides of each rule's switch are met; past the
/// file's last transition the footer's POSIX rule answers).
#[test]
fn tzif_offsets_equal_zoneinfo() {
    use foothold_core::Zone;
    let Some(py) = oracle_python("zoneinfo") else {
        return;
    };
    let root = Path::new("/usr/share/zoneinfo");
    if !root.join("Europe/Berlin").exists() {
        skip("no tzdata in /usr/share/zoneinfo: TZif reader not compared");
        return;
    }
    let listed = python_stdin(
        &py,
        "import zoneinfo\nfor z in sorted(zoneinfo.available_timezones()): print(z)",
        b"",
    );
    let zones: Vec<String> = String::from_utf8_lossy(&listed)
        .lines()
        .map(str::to_string)
        .collect();
    assert!(zones.len() > 300, "{}", zones.len());
    let instants: Vec<i64> = (0..3300).map(|i| i * (10 * 86_400 + 77 * 60)).collect();
    let script = r#"
import sys, json, datetime, zoneinfo
req = json.load(sys.stdin)
out = {}
for name in req["zones"]:
    z = zoneinfo.ZoneInfo.from_file(open("/usr/share/zoneinfo/" + name, "rb"))
    out[name] = [int(datetime.datetime.fromtimestamp(t, z).utcoffset().total_seconds()) for t in req["instants"]]
print(json.dumps(out))
"#;
    let req = serde_json::json!({"zones": zones, "instants": instants});
    let out = python_stdin(&py, script, req.to_string().as_bytes());
    let theirs: std::collections::BTreeMap<String, Vec<i64>> =
        serde_json::from_slice(&out).expect("zoneinfo output");
    let mut n = 0;
    for name in &zones {
        let data = std::fs::read(root.join(name)).expect("zone file");
        let z = foothold_linux::parse_tzif(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (t, want) in instants.iter().zip(&theirs[name]) {
            assert_eq!(
                z.offset_at(*t),
                *want,
                "{name} at {}",
                Timestamp::from_unix(*t, 0)
            );
        }
        n += instants.len();
    }
    compared("zoneinfo", n);
}

use crate::common::run_quiet as run;

/// Schedules of the built Linux image besides the real crontabs.
const EXTRA_CRONTAB: &str = "\
0 3 13 * 5 root /usr/local/bin/fri13
*/15 9-17 * * 1-5 root /usr/local/bin/office
30 2 * * * root /usr/local/bin/nightly
0 0 29 2 * root /usr/local/bin/leap
@weekly root /usr/local/bin/weekly
@monthly root /usr/local/bin/monthly
@yearly root /usr/local/bin/yearly
@reboot root /usr/local/bin/boot
";

/// Timers' calendar expressions (one timer each).
const CALENDARS: &[&str] = &[
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "Mon..Fri *-*-* 09:30",
    "*-*-01 04:00:00",
    "*:0/15",
    "Sat,Sun 10:00",
    "*-02~01 12:00",
    "2027-*-* 00:00:00",
    "*-*-* 03:00:00 UTC",
    "Wed *-*-1..7 02:15",
];

/// An ext4 image (mke2fs -d) of a Linux root whose clock, zone and schedules are known:
/// `/etc/localtime` a relative link to this machine's Europe/Berlin tzdata, a `wtmp` written
/// by `utmpdump -r` (boot, a logon, the shutdown), the real crontabs of the shared corpus, a
/// few more schedules and one timer per calendar expression.
fn linux_host_image() -> Option<std::path::PathBuf> {
    let dir = scratch().join("next-runs-linux");
    let tree = dir.join("tree");
    let _ = std::fs::remove_dir_all(&dir);
    for d in [
        "etc/cron.d",
        "etc/systemd/system",
        "usr/share/zoneinfo/Europe",
        "var/log",
    ] {
        std::fs::create_dir_all(tree.join(d)).unwrap();
    }
    let Ok(tz) = std::fs::read("/usr/share/zoneinfo/Europe/Berlin") else {
        skip("no Europe/Berlin tzdata: the Linux host image is not built");
        return None;
    };
    std::fs::write(tree.join("usr/share/zoneinfo/Europe/Berlin"), tz).unwrap();
    std::os::unix::fs::symlink(
        "../usr/share/zoneinfo/Europe/Berlin",
        tree.join("etc/localtime"),
    )
    .unwrap();
    std::fs::write(tree.join("etc/hostname"), "web01.corp.example\n").unwrap();
    std::fs::copy("/etc/os-release", tree.join("etc/os-release")).expect("os-release");
    std::fs::write(tree.join("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    let real = real_corpus();
    let Some(real) = real else {
        skip("real corpus missing: the Linux host image is not built");
        return None;
    };
    std::fs::copy(
        real.join("cron/debian_vixie-cron__crontab.main"),
        tree.join("etc/crontab"),
    )
    .unwrap();
    for f in [
        "cronie__0hourly",
        "greyhole__cron.d",
        "systemd-cron__test_crontab",
        "cronie__dailyjobs",
    ] {
        std::fs::copy(real.join("cron").join(f), tree.join("etc/cron.d").join(f)).unwrap();
    }
    std::fs::write(tree.join("etc/cron.d/extra"), EXTRA_CRONTAB).unwrap();
    for (i, c) in CALENDARS.iter().enumerate() {
        std::fs::write(
            tree.join(format!("etc/systemd/system/t{i}.timer")),
            format!("[Timer]\nOnCalendar={c}\n"),
        )
        .unwrap();
        std::fs::write(
            tree.join(format!("etc/systemd/system/t{i}.service")),
            format!("[Service]\nExecStart=/usr/local/bin/t{i}\n"),
        )
        .unwrap();
    }
    let dump = "[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-28-amd64      ] [0.0.0.0        ] [2026-06-09T08:00:00,000000+00:00]\n\
[7] [01234] [ts/0] [alice   ] [pts/0       ] [198.51.100.7        ] [198.51.100.7   ] [2026-06-09T09:15:00,000000+00:00]\n\
[1] [00000] [~~  ] [shutdown] [~~          ] [6.1.0-28-amd64      ] [0.0.0.0        ] [2026-06-10T11:59:00,000000+00:00]\n";
    let wtmp = tree.join("var/log/wtmp");
    let text = dir.join("wtmp.txt");
    std::fs::write(&text, dump).unwrap();
    if !need("utmpdump", "the Linux host image's wtmp") {
        return None;
    }
    let cmd = format!("utmpdump -r < '{}' > '{}'", text.display(), wtmp.display());
    assert!(run("sh", &["-c", &cmd]), "utmpdump -r");
    // The newest file of /var/log: written a minute after the shutdown record.
    let wt = wtmp.to_str().unwrap();
    assert!(run("touch", &["-d", "2026-06-10T12:00:00Z", wt]));
    let img = dir.join("host.img");
    if !run(
        "mke2fs",
        &[
            "-q",
            "-t",
            "ext4",
            "-d",
            tree.to_str().unwrap(),
            img.to_str().unwrap(),
            "8M",
        ],
    ) {
        skip("mke2fs -d failed: the Linux host image is not built");
        return None;
    }
    Some(img)
}

const CRONITER_NEXT: &str = r#"
import json, sys, datetime, zoneinfo
from croniter import croniter
req = json.load(sys.stdin)
z = zoneinfo.ZoneInfo(req["zone"])
# croniter on the wall clock (its own arithmetic with an aware zoneinfo start is off by the
# DST change: `52 6 1 * *` gives 07:52 on 1 November); zoneinfo maps each wall time to UTC,
# a wall time the zone skips does not run, a repeated one runs at its first occurrence.
start = datetime.datetime.fromtimestamp(req["after"], z).replace(tzinfo=None)
out = []
for expr in req["exprs"]:
    it = croniter(expr, start)
    runs = []
    while len(runs) < 5:
        w = it.get_next(datetime.datetime)
        u = w.replace(tzinfo=z, fold=0)
        if u.astimezone(datetime.timezone.utc).astimezone(z).replace(tzinfo=None) != w:
            continue
        t = int(u.timestamp())
        if t > req["after"]:
            runs.append(t)
    out.append(runs)
print(json.dumps(out))
"#;

/// On a Linux root built with real tools: the host record (name and domain from
/// `/etc/hostname`, OS from os-release as the shell reads it, boot and shutdown as `last`
/// reads `wtmp`, zone Europe/Berlin), its last write (the newest of wtmp's records and the
/// files of /var/log), and from it the next five runs of every cron schedule (equal to
/// `croniter`'s in Europe/Berlin) and of every timer (equal to `systemd-analyze calendar
/// --base-time` with `TZ=Europe/Berlin`).
#[test]
fn linux_host_and_next_runs_equal_croniter_systemd_analyze_and_last() {
    let Some(img) = linux_host_image() else {
        return;
    };
    let r = Evidence::open(&img).expect("open").scan(ScanSet::all());
    assert_eq!(r.hosts.len(), 1, "{:?}", r.errors);
    let h = &r.hosts[0];
    assert_eq!(h.os, "linux");
    assert_eq!(h.hostname.as_deref(), Some("web01"));
    assert_eq!(h.domain.as_deref(), Some("corp.example"));
    assert_eq!(h.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(
        h.time_zone_source.as_deref(),
        Some("/usr/share/zoneinfo/Europe/Berlin")
    );
    let Some(pretty) = oracle_tool(
        "sh",
        &["-c", ". /etc/os-release; printf %s \"$PRETTY_NAME\""],
    ) else {
        return;
    };
    assert_eq!(h.os_name.as_deref(), Some(pretty.as_str()));
    // `last` reads the same wtmp.
    let wtmp = scratch().join("next-runs-linux/tree/var/log/wtmp");
    let Some(last) = oracle_tool(
        "last",
        &["-f", wtmp.to_str().unwrap(), "-x", "--time-format", "iso"],
    ) else {
        return;
    };
    let when = |who: &str| {
        last.lines()
            .find(|l| l.starts_with(who))
            .and_then(|l| l.split_whitespace().find(|w| w.starts_with("20")))
            .and_then(Timestamp::parse_rfc3339)
    };
    assert_eq!(h.last_boot, when("reboot"));
    assert_eq!(h.last_shutdown, when("shutdown"));
    assert!(h.last_boot.is_some() && h.last_shutdown.is_some());
    assert_eq!(
        h.last_write.map(|t| t.to_string()).as_deref(),
        Some("2026-06-10T12:00:00Z")
    );
    assert_eq!(h.last_write_sources.len(), 2, "{:?}", h.last_write_sources);
    compared("last", 2);
    compared("sh", 1);
    let after = h.last_write.unwrap();

    // Cron schedules against croniter.
    let jobs: Vec<&foothold::CronJobRecord> = r
        .cron_jobs
        .iter()
        .filter(|c| {
            c.job.decoded.is_some()
                && c.job.decoded.as_ref().unwrap().special.as_deref() != Some("reboot")
        })
        .collect();
    assert!(jobs.len() >= 20, "{}", jobs.len());
    let Some(py) = oracle_python("croniter") else {
        return;
    };
    let exprs: Vec<String> = jobs
        .iter()
        .map(|c| match &c.job.decoded.as_ref().unwrap().special {
            Some(s) => format!("@{s}"),
            None => c.job.schedule.clone(),
        })
        .collect();
    let req =
        serde_json::json!({"zone": "Europe/Berlin", "after": after.unix_seconds(), "exprs": exprs});
    let out = python_stdin(&py, CRONITER_NEXT, req.to_string().as_bytes());
    let theirs: Vec<Vec<i64>> = serde_json::from_slice(&out).expect("croniter output");
    for (c, want) in jobs.iter().zip(&theirs) {
        let f = c.frequency.as_ref().expect("frequency");
        assert_eq!(f.next_runs_after, Some(after), "{}", c.job.schedule);
        let ours: Vec<i64> = f.next_runs.iter().map(Timestamp::unix_seconds).collect();
        assert_eq!(&ours, want, "{}", c.job.schedule);
    }
    compared("croniter", 5 * jobs.len());
    // `@reboot`: no clock time.
    assert!(r
        .cron_jobs
        .iter()
        .filter(|c| c.job.schedule == "@reboot")
        .all(|c| c.frequency.as_ref().is_some_and(|f| f.next_runs.is_empty())));

    // Timers against systemd-analyze, in the same zone.
    if !need("systemd-analyze", "timer next runs") {
        return;
    }
    let mut n = 0;
    for (i, cal) in CALENDARS.iter().enumerate() {
        let job = r
            .cron_jobs
            .iter()
            .find(|c| c.source.path == format!("/etc/systemd/system/t{i}.timer"))
            .unwrap_or_else(|| panic!("timer t{i}"));
        let base = format!("--base-time=@{}", after.unix_seconds());
        let Some(text) = oracle_tool(
            "env",
            &[
                "TZ=Europe/Berlin",
                "systemd-analyze",
                "calendar",
                "--iterations=5",
                &base,
                cal,
            ],
        ) else {
            return;
        };
        let want: Vec<Timestamp> = text
            .lines()
            .filter_map(|l| {
                let v = l.trim().strip_prefix("(in UTC): ")?;
                let w: Vec<&str> = v.split_whitespace().collect();
                Timestamp::parse_rfc3339(&format!("{}T{}Z", w.get(1)?, w.get(2)?))
            })
            .collect();
        // A UTC expression prints its times once, already in UTC.
        let want = if want.is_empty() {
            text.lines()
                .filter_map(|l| {
                    let l = l.trim();
                    let v = l.strip_prefix("Next elapse: ").or_else(|| {
                        l.split_once(": ")
                            .filter(|(k, _)| k.starts_with("Iter."))
                            .map(|(_, v)| v)
                    })?;
                    let w: Vec<&str> = v.split_whitespace().collect();
                    Timestamp::parse_rfc3339(&format!("{}T{}Z", w.get(1)?, w.get(2)?))
                })
                .collect()
        } else {
            want
        };
        assert_eq!(want.len(), 5, "{cal}: {text}");
        let f = job.frequency.as_ref().expect("frequency");
        assert_eq!(f.next_runs, want, "{cal}");
        n += 5;
    }
    compared("systemd-analyze", n);
}

/// Triggers of the authored task (see the test).
const AUTHORED_TRIGGERS: &str = "\
<CalendarTrigger><StartBoundary>2024-02-28T23:30:00</StartBoundary><Repetition><Interval>PT4H</Interval><Duration>P1D</Duration></Repetition><ScheduleByDay><DaysInterval>3</DaysInterval></ScheduleByDay></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2025-03-05T02:30:00</StartBoundary><ScheduleByWeek><WeeksInterval>2</WeeksInterval><DaysOfWeek><Monday/><Wednesday/><Friday/></DaysOfWeek></ScheduleByWeek></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2020-01-01T06:15:00</StartBoundary><ScheduleByMonth><DaysOfMonth><Day>1</Day><Day>15</Day><Day>Last</Day></DaysOfMonth><Months><February/><April/><December/></Months></ScheduleByMonth></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2021-07-01T18:00:00</StartBoundary><ScheduleByMonthDayOfWeek><Weeks><Week>2</Week><Week>Last</Week></Weeks><DaysOfWeek><Tuesday/><Saturday/></DaysOfWeek></ScheduleByMonthDayOfWeek></CalendarTrigger>\
<TimeTrigger><StartBoundary>2027-01-20T10:00:00Z</StartBoundary><Repetition><Interval>PT15M</Interval><Duration>PT1H</Duration></Repetition></TimeTrigger>\
<TimeTrigger><StartBoundary>2026-01-01T09:00:00+05:30</StartBoundary><Repetition><Interval>PT7H</Interval></Repetition></TimeTrigger>\
<CalendarTrigger><StartBoundary>2026-01-01T08:00:00</StartBoundary><EndBoundary>2026-06-12T00:00:00</EndBoundary><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2022-01-31T12:00:00</StartBoundary><ScheduleByMonth><DaysOfMonth><Day>31</Day></DaysOfMonth></ScheduleByMonth></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2026-01-01T05:00:00</StartBoundary><Enabled>false</Enabled><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2020-01-05T00:00:00</StartBoundary><ScheduleByWeek><DaysOfWeek><Sunday/></DaysOfWeek></ScheduleByWeek></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2026-01-01T02:30:00</StartBoundary><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>\
<CalendarTrigger><StartBoundary>2026-01-01T01:30:00</StartBoundary><Repetition><Interval>PT20M</Interval><Duration>PT1H</Duration></Repetition><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>\
";

const RRULE_NEXT: &str = r#"
import json, sys, re, datetime, zoneinfo, xml.etree.ElementTree as ET
from dateutil.rrule import rrule, DAILY, WEEKLY, MONTHLY, SU, MO, TU, WE, TH, FR, SA
NS = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"
DAYS = {"Sunday": SU, "Monday": MO, "Tuesday": TU, "Wednesday": WE, "Thursday": TH, "Friday": FR, "Saturday": SA}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
req = json.load(sys.stdin)
z = datetime.timezone.utc if req["zone"] == "UTC" else zoneinfo.ZoneInfo(req["zone"])
after = req["after"]
UTC = datetime.timezone.utc

def secs(d):
    m = re.fullmatch(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", (d or "").strip())
    if not m or not d:
        return None
    w, dd, h, mi, s = (int(x or 0) for x in m.groups())
    return (((w * 7 + dd) * 24 + h) * 60 + mi) * 60 + s

def text(e, path):
    x = e.find(path)
    return x.text.strip() if x is not None and x.text else None

def boundary(s):
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?", s.strip())
    wall = datetime.datetime.fromisoformat(m.group(1))
    off = m.group(2)
    if off is None:
        return wall, None
    if off == "Z":
        return wall, UTC
    sign = 1 if off[0] == "+" else -1
    return wall, datetime.timezone(sign * datetime.timedelta(hours=int(off[1:3]), minutes=int(off[4:6])))

def to_utc(wall, tz):
    if tz is not None:
        return int(wall.replace(tzinfo=tz).timestamp())
    u = wall.replace(tzinfo=z, fold=0)
    if u.astimezone(datetime.timezone.utc).astimezone(z).replace(tzinfo=None) != wall:
        return None  # skipped by the zone
    return int(u.timestamp())

def runs(trig, task_enabled):
    kind = trig.tag[len(NS):]
    if not task_enabled or text(trig, NS + "Enabled") == "false" or kind not in ("TimeTrigger", "CalendarTrigger"):
        return []
    sb = text(trig, NS + "StartBoundary")
    if sb is None:
        return []
    start, tz = boundary(sb)
    eb = text(trig, NS + "EndBoundary")
    end = None
    if eb:
        w, t = boundary(eb)
        end = to_utc(w, t)
    interval = secs(text(trig, NS + "Repetition/" + NS + "Interval"))
    duration = secs(text(trig, NS + "Repetition/" + NS + "Duration"))
    if kind == "TimeTrigger":
        rule = [start]
    else:
        day = trig.find(NS + "ScheduleByDay")
        week = trig.find(NS + "ScheduleByWeek")
        month = trig.find(NS + "ScheduleByMonth")
        mdow = trig.find(NS + "ScheduleByMonthDayOfWeek")
        names = lambda e, tag: [c.tag[len(NS):] for c in (e.find(NS + tag) if e.find(NS + tag) is not None else [])]
        vals = lambda e, tag: [c.text.strip() for c in (e.find(NS + tag) if e.find(NS + tag) is not None else [])]
        if day is not None:
            rule = rrule(DAILY, interval=int(text(day, NS + "DaysInterval") or 1), dtstart=start)
        elif week is not None:
            wd = [DAYS[d] for d in names(week, "DaysOfWeek")] or None
            rule = rrule(WEEKLY, interval=int(text(week, NS + "WeeksInterval") or 1), byweekday=wd, wkst=SU, dtstart=start)
        elif month is not None:
            md = [-1 if v == "Last" else int(v) for v in vals(month, "DaysOfMonth")]
            bm = [MONTHS.index(m) + 1 for m in names(month, "Months")] or None
            rule = rrule(MONTHLY, bymonth=bm, bymonthday=md, dtstart=start)
        elif mdow is not None:
            ws = [-1 if v == "Last" else int(v) for v in vals(mdow, "Weeks")]
            wd = [DAYS[d](n) for d in names(mdow, "DaysOfWeek") for n in ws]
            bm = [MONTHS.index(m) + 1 for m in names(mdow, "Months")] or None
            rule = rrule(MONTHLY, bymonth=bm, byweekday=wd, dtstart=start)
        else:
            return []
    out = []
    if interval and duration is None:
        for w in rule:
            f = to_utc(w, tz)
            if f is None:
                continue
            k = (after - f) // interval + 1 if after >= f else 0
            out = [f + (k + j) * interval for j in range(5)]
            break
    else:
        window = duration if interval else 0
        lo = datetime.datetime.fromtimestamp(after - window - 3 * 86400, UTC).replace(tzinfo=None)
        seen = 0
        for w in (rule if isinstance(rule, list) else rule.xafter(lo, count=None, inc=True)):
            o = to_utc(w, tz)
            if o is None:
                continue
            if o + window < after - 86400 * 2:
                continue
            seen += 1
            if interval:
                j0 = (after - o) // interval + 1 if after >= o else 0
                out += [o + j * interval for j in range(j0, j0 + 5) if j * interval < window]
            else:
                out.append(o)
            if seen > 60:
                break
    out = sorted(set(t for t in out if t > after and (end is None or t <= end)))
    return out[:5]

result = []
for x in req["tasks"]:
    b = bytes.fromhex(x)
    # The encoding by the bytes (a BOM, or NULs of UTF-16), as Task Scheduler reads them;
    # some files declare another.
    if b[:2] == b"\xff\xfe" or (len(b) > 1 and b[1] == 0):
        t = b.decode("utf-16-le").lstrip("\ufeff")
    elif b[:2] == b"\xfe\xff" or b[:1] == b"\0":
        t = b.decode("utf-16-be").lstrip("\ufeff")
    else:
        t = b.decode("utf-8-sig")
    root = ET.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", t))
    enabled = text(root, NS + "Settings/" + NS + "Enabled") != "false"
    trigs = root.find(NS + "Triggers")
    result.append([runs(t, enabled) for t in (trigs if trigs is not None else [])])
print(json.dumps(result))
"#;

/// The next runs of every time and calendar trigger of the task files of the
/// `windows-tasks` corpus image and of the shared corpus's real task files, equal to
/// `dateutil.rrule`'s recurrence of the same XML (parsed by Python's ElementTree) mapped to
/// UTC by `zoneinfo`: in UTC, and in Pacific time as the real SYSTEM hive of a Windows 7
/// machine gives it (America/Los_Angeles), from four reference instants (two just before
/// the 2027 daylight-saving switches).
#[test]
fn task_trigger_next_runs_equal_dateutil_rrule() {
    let Some(py) = oracle_python("dateutil.rrule") else {
        return;
    };
    let Some(real) = real_corpus() else {
        skip("real corpus missing: trigger next runs not compared");
        return;
    };
    let ev = Evidence::open(corpus_image("windows-tasks")).expect("open");
    let report = ev.scan(ScanSet::all());
    let mut xmls: Vec<Vec<u8>> = Vec::new();
    let mut tasks: Vec<foothold::ScheduledTask> = Vec::new();
    for t in &report.scheduled_tasks {
        if t.source.key.is_some() || !t.task.sources.iter().any(|s| s.as_str() == "xml") {
            continue;
        }
        let b = ev
            .read(&t.source.path, t.source.volume, 1 << 20)
            .expect("task file");
        xmls.push(b);
        tasks.push(t.task.clone());
    }
    for e in std::fs::read_dir(real.join("tasks")).unwrap() {
        let b = std::fs::read(e.unwrap().path()).unwrap();
        if let Ok(t) = foothold_windows::parse_task_xml(&b) {
            xmls.push(b);
            tasks.push(t);
        }
    }
    // Every schedule kind and edge the corpus files lack, as Task Scheduler writes them
    // (UTF-16LE with a BOM): day, week and month intervals, `Last`, the 31st, repetition
    // with and without a duration, boundaries in UTC and with an offset, an end boundary,
    // a wall time in the hour the switch to daylight time skips and one in the hour the
    // switch back repeats, a disabled trigger.
    let authored = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<Task version=\"1.4\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"><Triggers>{AUTHORED_TRIGGERS}</Triggers><Actions><Exec><Command>x.exe</Command></Exec></Actions></Task>"
    );
    let mut b = vec![0xFF, 0xFE];
    b.extend(authored.encode_utf16().flat_map(u16::to_le_bytes));
    tasks.push(foothold_windows::parse_task_xml(&b).expect("authored task"));
    xmls.push(b);
    let hive = std::process::Command::new("xz")
        .arg("-dc")
        .arg(real.join("hives/regipy__SYSTEM_2.xz"))
        .output()
        .expect("xz");
    let hive = foothold_windows::RegistryHive::new(hive.stdout).expect("hive");
    let pacific = foothold_windows::TimeZoneInfo::from_system_hive(&hive).expect("zone");
    let hex: Vec<String> = xmls
        .iter()
        .map(|b| b.iter().map(|x| format!("{x:02x}")).collect())
        .collect();
    let mut n = 0;
    let mut with_runs = 0;
    for (zone_name, zone) in [
        ("UTC", &foothold_core::Utc as &dyn foothold_core::Zone),
        ("America/Los_Angeles", &pacific),
    ] {
        for after in [
            "2026-06-10T12:00:00Z",
            "2027-01-15T00:00:00Z",
            "2027-03-12T00:00:00Z",
            "2027-11-05T00:00:00Z",
        ] {
            let after = Timestamp::parse_rfc3339(after).unwrap();
            let req =
                serde_json::json!({"zone": zone_name, "after": after.unix_seconds(), "tasks": hex});
            let out = python_stdin(&py, RRULE_NEXT, req.to_string().as_bytes());
            let theirs: Vec<Vec<Vec<i64>>> = serde_json::from_slice(&out).expect("rrule output");
            assert_eq!(theirs.len(), tasks.len());
            for (t, want) in tasks.iter().zip(&theirs) {
                assert_eq!(t.triggers.len(), want.len(), "{}", t.name);
                for (trig, want) in t.triggers.iter().zip(want) {
                    let ours: Vec<i64> = if t.enabled {
                        foothold_windows::trigger_next_runs(trig, zone, after, 5)
                            .iter()
                            .map(Timestamp::unix_seconds)
                            .collect()
                    } else {
                        Vec::new()
                    };
                    assert_eq!(
                        &ours, want,
                        "{} {:?} ({zone_name}, after {after})",
                        t.name, trig
                    );
                    n += 1;
                    with_runs += usize::from(!want.is_empty());
                }
            }
        }
    }
    assert!(with_runs >= 40, "{with_runs} triggers with next runs");
    compared("dateutil", n);
}
