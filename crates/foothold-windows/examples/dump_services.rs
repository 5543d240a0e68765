//! Print the services of a SYSTEM hive as JSON lines:
//! `cargo run -p foothold-windows --example dump_services SYSTEM`.
fn main() {
    for p in std::env::args().skip(1) {
        match std::fs::read(&p)
            .map_err(|e| e.to_string())
            .and_then(|b| foothold_windows::RegistryHive::new(b).map_err(|e| e.to_string()))
        {
            Ok(h) => {
                for s in foothold_windows::parse_services(&h) {
                    println!("{}", serde_json::to_string(&s).unwrap_or_default());
                }
            }
            Err(e) => eprintln!("{p}: {e}"),
        }
    }
}
