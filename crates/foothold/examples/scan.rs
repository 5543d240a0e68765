//! Scan an image for scheduled tasks, services and cron jobs, one line each.
//! `cargo run -p foothold --example scan -- disk.E01`
use foothold::{Evidence, ScanSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: scan IMAGE")?;
    let report = Evidence::open(&path)?.scan(ScanSet::none().tasks().services().cron());
    for r in report.records() {
        let s = r.summary();
        println!("{:<16} {:<24} {}", s.label, s.schedule, s.command);
    }
    for e in &report.errors {
        eprintln!("{}: {}: {}", e.source.evidence, e.source.path, e.message);
    }
    Ok(())
}
