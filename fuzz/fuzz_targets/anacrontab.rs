//! anacrontab parsing on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = foothold_linux::parse_anacrontab(data);
    for j in &p.jobs {
        assert!(j.job_id.is_some() && j.delay_minutes.is_some());
    }
    let _ = foothold_linux::anacron_last_run(data);
});
