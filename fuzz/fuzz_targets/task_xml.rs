//! Task XML parsing (any encoding) on arbitrary bytes, and the Group Policy Preferences files
//! that embed task definitions (`ScheduledTasks.xml`, `Services.xml`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = foothold_windows::parse_task_xml(data) {
        let _ = t.trigger_summary();
        let _ = t.command_line();
    }
    let _ = foothold_windows::parse_gpp_scheduled_tasks(data);
    let _ = foothold_windows::parse_gpp_services(data);
});
