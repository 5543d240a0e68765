//! Event logs on arbitrary bytes (with an `ElfFile` header prepended half the time so the
//! chunk code is reached): no panic, and typed extraction from the binary XML gives exactly
//! what rendering each record through the `evtx` crate gives.
#![no_main]
use foothold_windows::{parse_evtx_with, EvtxPath};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let all = data.first().is_some_and(|b| b & 1 == 1);
    let typed = parse_evtx_with(data, all, EvtxPath::Typed);
    let rendered = parse_evtx_with(data, all, EvtxPath::Rendered);
    match (typed, rendered) {
        (Ok(t), Ok(r)) => {
            assert_eq!(t.records, r.records);
            assert_eq!(t.errors, r.errors);
            assert_eq!(t.events, r.events);
            assert_eq!(t.logons, r.logons);
        }
        (Err(t), Err(r)) => assert_eq!(t.to_string(), r.to_string()),
        (t, r) => panic!("{:?} vs {:?}", t.err(), r.err()),
    }
});
