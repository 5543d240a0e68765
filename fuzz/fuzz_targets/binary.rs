//! What a program file is (PE headers, exports, version resource, Authenticode DER, ELF,
//! script text) on arbitrary bytes.
#![no_main]
use foothold_binary::{describe, hashes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let info = describe("x.dll", data);
    if let Some(pe) = &info.pe {
        assert!(pe.exports.len() <= 65_536);
        if let Some(s) = &pe.signature {
            assert_eq!(s.digest_matches, !s.computed_digest.is_empty() && s.computed_digest == s.signed_digest);
        }
    }
    let _ = describe("run.ps1", data);
    let _ = foothold_binary::parse_version_info(data, 0);
    let _ = hashes(data);
});
