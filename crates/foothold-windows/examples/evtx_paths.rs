//! For each EVTX file given: how many chunks the typed reader read itself and why it left the
//! others to the `evtx` crate (persistence filter, then `--all`), and whether both paths give
//! the same records. A development aid; the tests make the same comparison.
//!
//! `cargo run --release -p foothold-windows --example evtx_paths -- LOG.evtx…`
use foothold_windows::{evtx_typed_coverage, parse_evtx_with, EvtxPath};
use std::collections::BTreeMap;

fn main() {
    for path in std::env::args().skip(1) {
        let b = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let mut line = path.clone();
        for all in [false, true] {
            match evtx_typed_coverage(&b, all) {
                Ok((typed, left)) => {
                    let mut why: BTreeMap<&str, usize> = BTreeMap::new();
                    for w in left {
                        *why.entry(w).or_default() += 1;
                    }
                    line += &format!("\t{typed} typed, left {why:?}");
                }
                Err(e) => line += &format!("\t{e}"),
            }
        }
        let same = [false, true].iter().all(|&all| {
            let t = parse_evtx_with(&b, all, EvtxPath::Typed);
            let r = parse_evtx_with(&b, all, EvtxPath::Rendered);
            match (t, r) {
                (Ok(t), Ok(r)) => {
                    t.records == r.records
                        && t.errors == r.errors
                        && t.events == r.events
                        && t.logons == r.logons
                }
                (Err(t), Err(r)) => t.to_string() == r.to_string(),
                _ => false,
            }
        });
        println!("{line}\t{}", if same { "same" } else { "DIFFERENT" });
    }
}
