//! Registry: TaskCache blobs (Actions, Triggers, DynamicInfo), whole hives (TaskCache and services
//! walks) and transaction-log replay on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Transaction-log replay: the first half is the hive, the second a log.
    let mid = data.len() / 2;
    let mut hive = data[..mid].to_vec();
    let _ = foothold_windows::replay_logs(&mut hive, &[("LOG1".to_string(), data[mid..].to_vec())]);
    let _ = foothold_windows::parse_actions_blob(data);
    let _ = foothold_windows::parse_dynamic_info(data);
    let _ = foothold_windows::parse_triggers_blob(data);
    if let Ok(h) = foothold_windows::RegistryHive::new(data.to_vec()) {
        let _ = foothold_windows::parse_task_cache(&h);
        let _ = foothold_windows::parse_services(&h);
        let _ = h.last_written("Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree");
    }
});
