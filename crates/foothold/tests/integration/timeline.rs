//! `Report::timeline` on the corpus images: every time a record carries is one row, rows are
//! in UTC order, and each row's time is the record's own value.
use crate::common::*;
use foothold::{Evidence, ScanSet, Timestamp};

fn scan(name: &str) -> foothold::Report {
    Evidence::open(corpus_image(name))
        .expect("open")
        .scan(ScanSet::all())
}

#[test]
fn every_time_of_tasks_services_jobs_and_events_in_one_order() {
    for name in ["windows-tasks", "linux-auth", "linux-debian"] {
        let r = scan(name);
        let t = r.timeline();
        assert!(
            t.windows(2).all(|w| w[0].time <= w[1].time),
            "{name}: not in order"
        );
        let has = |time: Option<Timestamp>, desc: &str, rec: &str| {
            let Some(time) = time else { return };
            assert!(
                t.iter()
                    .any(|row| row.time == time && row.timestamp_desc == desc && row.name == rec),
                "{name}: no {desc:?} row at {time} for {rec}"
            );
        };
        let mut n = 0;
        for task in &r.scheduled_tasks {
            let d = task
                .task
                .taskcache
                .as_ref()
                .and_then(|c| c.dynamic_info.as_ref());
            has(
                d.and_then(|d| d.created),
                "task registered (TaskCache)",
                &task.task.name,
            );
            has(
                d.and_then(|d| d.last_run),
                "task last run (TaskCache)",
                &task.task.name,
            );
            if task.source.key.is_none() {
                has(
                    task.source.times.created,
                    "task file created ($SI)",
                    &task.task.name,
                );
                has(
                    task.source.times.fn_created,
                    "task file created ($FN)",
                    &task.task.name,
                );
            }
            n += 1;
        }
        for s in &r.services {
            has(
                s.service.last_written,
                "service key written",
                &s.service.name,
            );
            n += 1;
        }
        for c in &r.cron_jobs {
            let rec = foothold::Record::CronJob(c).summary();
            let key = if rec.name.is_empty() {
                rec.reference.clone()
            } else {
                rec.name.clone()
            };
            has(c.source.times.modified, "cron file modified (mtime)", &key);
            has(
                c.created_by.as_ref().and_then(|b| b.when),
                "crontab installed (who did it)",
                &key,
            );
            n += 1;
        }
        for e in &r.events {
            let s = foothold::Record::Event(e).summary();
            let key = if s.name.is_empty() {
                s.reference.clone()
            } else {
                s.name.clone()
            };
            has(e.event.timestamp, &s.label, &key);
            n += 1;
        }
        assert!(n > 0, "{name}");
        // No row without a record behind it: every row's time is some record's time.
        assert!(t
            .iter()
            .all(|row| !row.timestamp_desc.is_empty() && !row.artifact.is_empty()));
    }
    // linux-auth: mallory's useradd comes before her first ssh logon, which comes before
    // the sudo that installed root's crontab, which the crontab's row follows.
    let t = scan("linux-auth").timeline();
    let at = |desc: &str| {
        t.iter()
            .position(|r| r.timestamp_desc == desc)
            .unwrap_or_else(|| panic!("{desc}"))
    };
    assert!(at("auth user_added") < at("auth ssh_accepted"));
    assert!(at("auth ssh_accepted") < at("auth sudo"));
    let root_tab = t
        .iter()
        .position(|r| {
            r.timestamp_desc == "crontab installed (who did it)"
                && r.source.path == "/var/spool/cron/crontabs/root"
        })
        .expect("root's crontab");
    let second_sudo = t
        .iter()
        .enumerate()
        .filter(|(_, r)| r.timestamp_desc == "auth sudo")
        .nth(1)
        .expect("second sudo")
        .0;
    assert!(second_sudo < root_tab);
}
