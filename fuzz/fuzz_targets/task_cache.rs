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
        // Deleted keys: their values and subkeys read from unallocated cells.
        for d in h.deleted_keys().iter().take(64) {
            let _ = (h.values(d.key), h.subkeys(d.key), h.key_last_written(d.key));
        }
        let _ = foothold_windows::parse_deleted_services(&h);
        let _ = foothold_windows::deleted_cache_tasks(&h);
        let _ = h.last_written("Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree");
    }
});
