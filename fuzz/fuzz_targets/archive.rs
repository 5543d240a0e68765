//! Zip and tar (and tar.gz) listing and member reads on arbitrary bytes. The archive reader
//! works on a file (positional reads), so each input is written to one scratch file first.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("foothold-fuzz-archive-{}", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(a) = foothold_fs::Archive::open(&path) {
        let a = std::sync::Arc::new(a);
        for i in 0..a.members().len().min(64) {
            if let Ok(s) = a.stream(i) {
                let mut buf = vec![0u8; 4096];
                let _ = s.read_at(0, &mut buf);
                let _ = s.read_at(s.len().saturating_sub(10), &mut buf);
            }
        }
    }
});
