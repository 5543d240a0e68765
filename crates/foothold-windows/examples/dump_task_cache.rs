//! Print the TaskCache of a SOFTWARE hive as JSON:
//! `cargo run -p foothold-windows --example dump_task_cache SOFTWARE`.
fn main() {
    for p in std::env::args().skip(1) {
        let entries = std::fs::read(&p)
            .map_err(|e| e.to_string())
            .and_then(|b| foothold_windows::RegistryHive::new(b).map_err(|e| e.to_string()))
            .and_then(|h| foothold_windows::parse_task_cache(&h).map_err(|e| e.to_string()));
        match entries {
            Ok(e) => println!("{}", serde_json::to_string_pretty(&e).unwrap_or_default()),
            Err(e) => eprintln!("{p}: {e}"),
        }
    }
}
