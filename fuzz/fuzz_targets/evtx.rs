//! Event logs: chunks in parallel and the record JSON read without a tree, on arbitrary bytes
//! (with an `ElfFile` header prepended half the time so the chunk code is reached).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = foothold_windows::parse_evtx(data.to_vec(), data.first().is_some_and(|b| b & 1 == 1));
});
