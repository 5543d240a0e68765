//! systemd unit parsing and timer assembly on arbitrary bytes.
#![no_main]
use foothold_linux::{parse_unit, timer_job, TimerInfo};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mid = data.len() / 2;
    let timer = parse_unit(&data[..mid]);
    let service = parse_unit(&data[mid..]);
    let _ = timer_job(&timer, Some(&service), TimerInfo::default(), None);
});
