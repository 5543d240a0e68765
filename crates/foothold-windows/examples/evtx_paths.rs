//! Compare the typed and rendered EVTX paths on the files given (a development aid).
fn main() {
    use foothold_windows::{evtx_typed_coverage, parse_evtx_with, EvtxPath};
    for path in std::env::args().skip(1) {
        let b = std::fs::read(&path).unwrap();
        let cov: Vec<_> = [false, true]
            .iter()
            .map(|&all| {
                evtx_typed_coverage(&b, all)
                    .map(|(n, why)| {
                        let mut w = std::collections::BTreeMap::new();
                        for x in why {
                            *w.entry(x).or_insert(0) += 1;
                        }
                        (n, w)
                    })
                    .ok()
            })
            .collect();
        let mut same = true;
        for all in [false, true] {
            let t = parse_evtx_with(&b, all, EvtxPath::Typed);
            let r = parse_evtx_with(&b, all, EvtxPath::Rendered);
            match (t, r) {
                (Ok(t), Ok(r)) => {
                    if t.records != r.records
                        || t.errors != r.errors
                        || t.events != r.events
                        || t.logons != r.logons
                    {
                        same = false;
                        eprintln!(
                            "{path} all={all}: records {} {} events {} {} errors {} {}",
                            t.records,
                            r.records,
                            t.events.len(),
                            r.events.len(),
                            t.errors.len(),
                            r.errors.len()
                        );
                        for (a, b) in t.events.iter().zip(&r.events) {
                            if a != b {
                                eprintln!(
                                    "  typed   {}\n  render  {}",
                                    serde_json::to_string(a).unwrap(),
                                    serde_json::to_string(b).unwrap()
                                );
                                break;
                            }
                        }
                    }
                }
                (t, r) => {
                    if t.is_ok() != r.is_ok() {
                        same = false;
                        eprintln!("{path}: ok differs")
                    }
                }
            }
        }
        println!(
            "{path}\t{cov:?}\t{}",
            if same { "same" } else { "DIFFERENT" }
        );
    }
}
