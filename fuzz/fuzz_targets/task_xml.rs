//! Task XML parsing (any encoding) on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = foothold_windows::parse_task_xml(data) {
        let _ = t.trigger_summary();
        let _ = t.command_line();
    }
});
