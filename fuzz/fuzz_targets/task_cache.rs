//! TaskCache blobs (Actions, DynamicInfo) and whole hives on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = foothold_windows::parse_actions_blob(data);
    let _ = foothold_windows::parse_dynamic_info(data);
    if let Ok(h) = foothold_windows::RegistryHive::new(data.to_vec()) {
        let _ = foothold_windows::parse_task_cache(&h);
        let _ = h.last_written("Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree");
    }
});
