//! Print a task file (XML or .job) as JSON: `cargo run -p foothold-windows --example dump_task FILE`.
fn main() {
    for p in std::env::args().skip(1) {
        let b = match std::fs::read(&p) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{p}: {e}");
                continue;
            }
        };
        let t = if p.ends_with(".job") {
            foothold_windows::parse_job(&b)
        } else {
            foothold_windows::parse_task_xml(&b)
        };
        match t {
            Ok(t) => println!("{}", serde_json::to_string_pretty(&t).unwrap_or_default()),
            Err(e) => eprintln!("{p}: {e}"),
        }
    }
}
