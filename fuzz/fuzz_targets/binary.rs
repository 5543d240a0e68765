//! What a program file is (PE headers, exports, version resource, Authenticode DER, ELF,
//! script text) on arbitrary bytes, and the same bytes read as a catalog file (`.cat`: its
//! members, its signature judged for each) and as a PE whose Authenticode digest a catalog
//! would list.
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
    let mut members = Vec::new();
    let _ = foothold_binary::each_catalog_member(data, |m| {
        if members.len() < 64 {
            members.push(m);
        }
    });
    for m in &members {
        if let Ok(c) = foothold_binary::catalog_signature(data, "x.cat", m) {
            assert_eq!(c.signature.signed_digest, m.digest);
        }
    }
    for alg in ["sha1", "sha256"] {
        let d = foothold_binary::authenticode_digest(data, alg);
        assert!(d.is_none() || info.pe.is_some() || data.starts_with(b"MZ"));
    }
    let _ = foothold_binary::parse_version_info(data, 0);
    let _ = hashes(data);
});
