//! Time zones and next runs on arbitrary bytes: TZif files and POSIX rules, calendar
//! expressions, crontabs and task triggers turned into next runs, wtmp and os-release.
#![no_main]
use foothold_core::{Timestamp, Utc, Zone};
use foothold_linux::{
    calendar_next_runs, cron_next_runs, parse_crontab, parse_os_release, parse_posix_tz,
    parse_tzif, parse_wtmp, CrontabFormat,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let after = Timestamp::from_unix(1_780_000_000, 0);
    let text = String::from_utf8_lossy(data);
    if let Ok(z) = parse_tzif(data) {
        for t in [i64::MIN, -1, 0, 1_780_000_000, 4_102_444_800, i64::MAX] {
            let _ = z.offset_at(t);
        }
        let _ = calendar_next_runs("daily", &z, after, 5);
    }
    if let Some(z) = parse_posix_tz(text.lines().next().unwrap_or("")) {
        let _ = z.offset_at(1_780_000_000);
    }
    for line in text.lines().take(4) {
        if let Some(r) = calendar_next_runs(line, &Utc, after, 5) {
            assert!(r.len() <= 5 && r.windows(2).all(|w| w[0] < w[1]));
            assert!(r.iter().all(|t| *t > after));
        }
    }
    for j in parse_crontab(data, &CrontabFormat::System).jobs.iter().take(16) {
        let r = cron_next_runs(j, &Utc, after, 5);
        assert!(r.len() <= 5);
    }
    if let Ok(t) = foothold_windows::parse_task_xml(data) {
        for trig in t.triggers.iter().take(8) {
            let r = foothold_windows::trigger_next_runs(trig, &Utc, after, 5);
            assert!(r.len() <= 5 && r.iter().all(|t| *t > after));
        }
    }
    let _ = parse_wtmp(data);
    let _ = parse_os_release(data);
});
