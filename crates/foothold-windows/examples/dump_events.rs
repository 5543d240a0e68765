//! Print the persistence events of EVTX files as JSON lines (`--all` for every record):
//! `cargo run -p foothold-windows --example dump_events FILE.evtx`.
fn main() {
    let all = std::env::args().any(|a| a == "--all");
    for p in std::env::args().skip(1).filter(|a| a != "--all") {
        match std::fs::read(&p)
            .map_err(|e| e.to_string())
            .and_then(|b| foothold_windows::parse_evtx(b, all).map_err(|e| e.to_string()))
        {
            Ok(s) => {
                eprintln!(
                    "{p}: {} records, {} events, {} errors",
                    s.records,
                    s.events.len(),
                    s.errors.len()
                );
                for e in s.events {
                    println!("{}", serde_json::to_string(&e).unwrap_or_default());
                }
            }
            Err(e) => eprintln!("{p}: {e}"),
        }
    }
}
