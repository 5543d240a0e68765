//! MBR/EBR/GPT parsing and filesystem sniffing on arbitrary disk bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let disk = data.to_vec();
    if let Ok(table) = foothold_volume::discover(&disk) {
        for v in &table.volumes {
            assert!(v.number.is_none() || v.number.is_some_and(|n| n >= 1));
        }
    }
    let _ = foothold_volume::parse_mbr(data);
    let _ = foothold_volume::parse_gpt_header(data, 0);
});
