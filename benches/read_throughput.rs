//! Sequential and random-read throughput of evidence containers against the raw image they
//! were made from, in one run. Usage:
//!   read-throughput RAW CONTAINER... [--rounds N]
//! Each round reads every file once (alternating), so the page cache treats them alike.
//! Sequential: the whole media in 1 MiB reads. Random: 20,000 reads of 4 KiB at offsets
//! from a fixed pseudo-random sequence (the same for every file), over 4 threads.
use foothold_evidence::ReadAt;
use std::time::Instant;

fn seq(src: &dyn ReadAt) -> f64 {
    let t = Instant::now();
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0u64;
    while pos < src.len() {
        let n = buf.len().min((src.len() - pos) as usize);
        if let Err(e) = src.read_exact_at(pos, &mut buf[..n]) {
            eprintln!("read error at {pos:#x}: {e}");
            return f64::NAN;
        }
        pos += n as u64;
    }
    src.len() as f64 / t.elapsed().as_secs_f64() / 1e6
}

fn random(src: &(dyn ReadAt + Sync)) -> f64 {
    const READS: u64 = 20_000;
    const THREADS: u64 = 4;
    let slots = (src.len() / 4096).max(1);
    let t = Instant::now();
    std::thread::scope(|s| {
        for th in 0..THREADS {
            s.spawn(move || {
                let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ th;
                let mut buf = [0u8; 4096];
                for _ in 0..READS / THREADS {
                    // xorshift64*
                    x ^= x >> 12;
                    x ^= x << 25;
                    x ^= x >> 27;
                    let off = (x.wrapping_mul(0x2545_F491_4F6C_DD1D) % slots) * 4096;
                    let _ = src.read_at(off, &mut buf);
                }
            });
        }
    });
    (READS * 4096) as f64 / t.elapsed().as_secs_f64() / 1e6
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 3;
    if let Some(i) = args.iter().position(|a| a == "--rounds") {
        rounds = args.get(i + 1).and_then(|r| r.parse().ok()).unwrap_or(3);
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.is_empty() {
        eprintln!("usage: read-throughput RAW CONTAINER... [--rounds N]");
        std::process::exit(2);
    }
    let opened: Vec<(String, foothold_evidence::Container)> = args
        .iter()
        .map(|p| match foothold_evidence::open(p) {
            Ok(e) => (p.clone(), e),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        })
        .collect();
    let mut s: Vec<Vec<f64>> = vec![Vec::new(); opened.len()];
    let mut r: Vec<Vec<f64>> = vec![Vec::new(); opened.len()];
    for _ in 0..rounds {
        for (i, (_, ev)) in opened.iter().enumerate() {
            // A fresh open per round: caches of decoded chunks start cold.
            let fresh = foothold_evidence::open(ev.path()).expect("reopen");
            s[i].push(seq(&*fresh.source()));
            let fresh = foothold_evidence::open(ev.path()).expect("reopen");
            r[i].push(random(&*fresh.source()));
        }
    }
    let (raw_s, raw_r) = (median(s[0].clone()), median(r[0].clone()));
    println!(
        "| container | format | media | sequential MB/s | vs raw | random 4 KiB MB/s | vs raw |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (i, (p, ev)) in opened.iter().enumerate() {
        let (ms, mr) = (median(s[i].clone()), median(r[i].clone()));
        let name = std::path::Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "| {name} | {} | {} MiB | {ms:.0} | {:.2} | {mr:.0} | {:.2} |",
            ev.format().name(),
            ev.len() >> 20,
            ms / raw_s,
            mr / raw_r
        );
    }
}
