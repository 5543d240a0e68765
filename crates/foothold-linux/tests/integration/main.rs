//! Golden tests on the real third-party files in ../shared/corpus-real/cron. Expected values
//! are read from the files themselves (quoted in the comments); skipped with a printed reason
//! when the corpus is absent.
#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../../../foothold/tests/integration/oracle.rs"]
mod oracle;
use oracle::*;

use foothold_linux::*;

fn real(name: &str) -> Option<Vec<u8>> {
    let root = oracle::corpus_root();
    let p = root.join("cron").join(name);
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            skip(format!(
                "{} not found (set FOOTHOLD_REAL_CORPUS)",
                p.display()
            ));
            None
        }
    }
}

#[test]
fn cronie_0hourly() {
    let Some(b) = real("cronie__0hourly") else {
        return;
    };
    let p = parse_crontab(&b, &CrontabFormat::System);
    assert!(p.errors.is_empty());
    assert_eq!(p.jobs.len(), 1);
    let j = &p.jobs[0];
    // "01 * * * * root run-parts /etc/cron.hourly" after SHELL, PATH and MAILTO.
    assert_eq!(
        (j.schedule.as_str(), j.user.as_deref(), j.command.as_str()),
        ("01 * * * *", Some("root"), "run-parts /etc/cron.hourly")
    );
    assert_eq!(j.line, Some(5));
    assert_eq!(j.decoded.as_ref().unwrap().minute, vec![1]);
    assert_eq!(j.environment.len(), 3);
    assert_eq!(j.environment["SHELL"], "/bin/bash");
    assert_eq!(j.environment["PATH"], "/sbin:/bin:/usr/sbin:/usr/bin");
    assert_eq!(j.environment["MAILTO"], "root");
}

#[test]
fn cronie_dailyjobs() {
    let Some(b) = real("cronie__dailyjobs") else {
        return;
    };
    let p = parse_crontab(&b, &CrontabFormat::System);
    let got: Vec<(&str, u32)> = p
        .jobs
        .iter()
        .map(|j| (j.schedule.as_str(), j.line.unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![("02 4 * * *", 7), ("22 4 * * 0", 8), ("42 4 1 * *", 9)]
    );
    assert_eq!(
        p.jobs[1].command,
        "[ ! -f /etc/cron.hourly/0anacron ] && run-parts /etc/cron.weekly"
    );
    assert_eq!(p.jobs[1].decoded.as_ref().unwrap().day_of_week, vec![0]);
    assert_eq!(p.jobs[2].decoded.as_ref().unwrap().day_of_month, vec![1]);
}

#[test]
fn debian_crontab_with_tabs() {
    let Some(b) = real("debian_vixie-cron__crontab.main") else {
        return;
    };
    let p = parse_crontab(&b, &CrontabFormat::System);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.jobs.len(), 4);
    // "47 6\t* * 7\troot\ttest -x …": tab-separated, 7 = Sunday.
    let weekly = &p.jobs[2];
    assert_eq!(weekly.schedule, "47 6 * * 7");
    assert_eq!(weekly.decoded.as_ref().unwrap().day_of_week, vec![0]);
    assert_eq!(
        weekly.command,
        "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.weekly )"
    );
    assert_eq!(
        p.jobs[0].command,
        "cd / && run-parts --report /etc/cron.hourly"
    );
    assert_eq!(p.jobs[0].environment["SHELL"], "/bin/sh");
}

#[test]
fn deepin_anacrontab_is_all_comments() {
    let Some(b) = real("deepin-systemd-cron__anacrontab") else {
        return;
    };
    let p = parse_anacrontab(&b);
    // Every job line is commented out ("#1\t5\tcron.daily …").
    assert!(p.jobs.is_empty() && p.errors.is_empty());
    // The same lines uncommented are three jobs.
    let text = String::from_utf8(b).unwrap();
    let uncommented: String = text
        .lines()
        .filter_map(|l| {
            l.strip_prefix('#')
                .filter(|r| r.starts_with(['1', '7', '@']))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let p = parse_anacrontab(uncommented.as_bytes());
    let got: Vec<(&str, Option<&str>, Option<u32>)> = p
        .jobs
        .iter()
        .map(|j| (j.schedule.as_str(), j.job_id.as_deref(), j.delay_minutes))
        .collect();
    assert_eq!(
        got,
        vec![
            ("1 5", Some("cron.daily"), Some(5)),
            ("7 10", Some("cron.weekly"), Some(10)),
            ("@monthly 15", Some("cron.monthly"), Some(15))
        ]
    );
    assert_eq!(p.jobs[2].command, "run-parts --report /etc/cron.monthly");
}

#[test]
fn greyhole_cron_d_reboot_jobs() {
    let Some(b) = real("greyhole__cron.d") else {
        return;
    };
    let p = parse_crontab(&b, &CrontabFormat::System);
    assert!(p.errors.is_empty());
    let reboot: Vec<&CronJob> = p.jobs.iter().filter(|j| j.schedule == "@reboot").collect();
    assert_eq!(reboot.len(), 3);
    assert_eq!(
        reboot[1].command,
        "/usr/bin/greyhole --create-mem-spool >/dev/null"
    );
    assert_eq!(
        reboot[0].decoded.as_ref().unwrap().special.as_deref(),
        Some("reboot")
    );
    let every_minute = p.jobs.iter().find(|j| j.schedule == "* * * * *").unwrap();
    assert_eq!(every_minute.decoded.as_ref().unwrap().minute.len(), 60);
    assert_eq!(
        every_minute.command,
        "/usr/bin/greyhole --process-spool --keepalive >/dev/null"
    );
}

#[test]
fn logrotate_daily_script_and_timer() {
    let Some(script) = real("logrotate__logrotate.cron") else {
        return;
    };
    let j = periodic_script("cron.daily", "logrotate", &script, Some(0o100755));
    // First five command lines, comments and the shebang dropped.
    assert_eq!(
        j.command,
        "/usr/sbin/logrotate /etc/logrotate.conf\nEXITVALUE=$?\nif [ $EXITVALUE != 0 ]; then\n/usr/bin/logger -t logrotate \"ALERT exited abnormally with [$EXITVALUE]\"\nfi"
    );
    assert_eq!(j.user.as_deref(), Some("root"));
    let not_exec = periodic_script("cron.daily", "logrotate.dpkg-old", &script, Some(0o100644));
    assert_eq!(
        not_exec.flags,
        vec![CronFlag::IgnoredByRunParts, CronFlag::NotExecutable]
    );

    let Some(t) = real("logrotate__logrotate.timer") else {
        return;
    };
    let timer = parse_unit(&t);
    let service =
        parse_unit(b"[Service]\nType=oneshot\nExecStart=/usr/sbin/logrotate /etc/logrotate.conf\n");
    let info = TimerInfo {
        unit: "logrotate.service".into(),
        enabled: Some(true),
        scope: UnitScope::System,
        ..TimerInfo::default()
    };
    let j = timer_job(&timer, Some(&service), info, Some("root".into()));
    assert_eq!(j.schedule, "OnCalendar=daily");
    assert_eq!(j.command, "/usr/sbin/logrotate /etc/logrotate.conf");
    let ti = j.timer.unwrap();
    assert_eq!(ti.persistent, Some(true));
    assert_eq!(ti.randomized_delay.as_deref(), Some("1h"));
    assert!(j.flags.is_empty());
}

#[test]
fn fstrim_timer_without_service() {
    let Some(t) = real("util-linux__fstrim.timer") else {
        return;
    };
    let timer = parse_unit(&t);
    assert_eq!(timer.get("Timer", "AccuracySec"), Some("1h"));
    let info = TimerInfo {
        unit: "fstrim.service".into(),
        enabled: Some(false),
        scope: UnitScope::System,
        ..TimerInfo::default()
    };
    let j = timer_job(&timer, None, info, Some("root".into()));
    assert_eq!(j.schedule, "OnCalendar=weekly");
    assert_eq!(
        j.flags,
        vec![CronFlag::TimerNotEnabled, CronFlag::UnitNotFound]
    );
}

#[test]
fn systemd_cron_test_crontab() {
    let Some(b) = real("systemd-cron__test_crontab") else {
        return;
    };
    let p = parse_crontab(&b, &CrontabFormat::System);
    // "1 2 3 4 5 henry echo 0=Vasárnap …": UTF-8 command kept as written.
    assert_eq!(p.jobs[0].user.as_deref(), Some("henry"));
    assert!(p.jobs[0].command.starts_with("echo 0=Vasárnap 1=Hétfő"));
    // START_HOURS_RANGE=3-22 is an environment line for later jobs.
    assert_eq!(p.jobs[1].environment["START_HOURS_RANGE"], "3-22");
    let eu = p
        .jobs
        .iter()
        .find(|j| j.command == "echo test EU mode")
        .unwrap();
    assert_eq!(
        eu.decoded.as_ref().unwrap().day_of_week,
        vec![0, 4, 5, 6],
        "4-7 includes Sunday as 7"
    );
    let double = p
        .jobs
        .iter()
        .find(|j| j.user.as_deref() == Some("eroot"))
        .unwrap();
    assert_eq!(
        double.command,
        "echo Monday to Friday, double space, leading zero"
    );
    assert_eq!(double.decoded.as_ref().unwrap().minute, vec![0]);
    // "~ ~ ~ ~ ~ root echo ~" is systemd-cron's random schedule, not cron syntax: errors.
    assert_eq!(p.errors.len(), 3);
    assert!(p.errors.iter().all(|e| e.text.starts_with("~ ~ ~ ~ ~")));
    assert_eq!(p.jobs.iter().filter(|j| j.schedule == "@daily").count(), 1);
}
