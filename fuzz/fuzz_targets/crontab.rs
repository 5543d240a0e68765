//! Crontab parsing (system and user layouts), at job files and passwd on arbitrary bytes.
#![no_main]
use foothold_linux::{parse_at_job, parse_at_name, parse_crontab, parse_passwd, CrontabFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let sys = parse_crontab(data, &CrontabFormat::System);
    for j in &sys.jobs {
        assert!(!j.command.is_empty() || j.stdin.is_some());
    }
    let _ = parse_crontab(data, &CrontabFormat::User { user: "u".into() });
    let _ = parse_passwd(data);
    if let Some(name) = parse_at_name("a0000101e18ab0") {
        let _ = parse_at_job(&name, data, &|_| None);
    }
});
