//! Shared helpers: corpus locations, decompression, and the sleuthkit expectation files.
#[path = "oracle.rs"]
mod oracle;
pub use oracle::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// Scratch folder under target/ for decompressed images.
pub fn scratch() -> PathBuf {
    let d = repo_root().join("target/test-scratch");
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// The real third-party corpus, or `None` (with the reason printed) when it is absent.
pub fn real_corpus() -> Option<PathBuf> {
    let p = corpus_root();
    if p.is_dir() {
        Some(p)
    } else {
        skip(format!(
            "real corpus not found at {} (set FOOTHOLD_REAL_CORPUS)",
            p.display()
        ));
        None
    }
}

/// Decompress a `.zst` file into scratch (once) and return the path of the result.
pub fn unzstd(src: &Path, name: &str) -> PathBuf {
    let out = scratch().join(name);
    // A copy older than its source (the corpus rebuilt) is decompressed again.
    let newer = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if out.exists() && newer(&out) >= newer(src) {
        return out;
    }
    let f = std::fs::File::open(src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let mut dec =
        ruzstd::decoding::StreamingDecoder::new(std::io::BufReader::new(f)).expect("zstd header");
    // Tests run in parallel: each writer has its own temporary file, the rename is atomic.
    let tmp = out.with_extension(format!(
        "partial-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut w = std::fs::File::create(&tmp).expect("create");
    std::io::copy(&mut dec, &mut w).expect("decompress");
    std::fs::rename(&tmp, &out).expect("rename");
    out
}

/// A corpus image built by corpus/build.sh, decompressed.
pub fn corpus_image(name: &str) -> PathBuf {
    let src = repo_root().join(format!("corpus/images/{name}.img.zst"));
    unzstd(&src, &format!("{name}.img"))
}

/// Every corpus image (`corpus/images/*.img.zst`) and the demo disk, decompressed, by name,
/// sorted: what the golden snapshots and the whole-corpus tests run on.
pub fn every_corpus_image() -> Vec<(String, PathBuf)> {
    let root = repo_root();
    let mut images: Vec<(String, PathBuf)> = std::fs::read_dir(root.join("corpus/images"))
        .expect("corpus/images")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            let n = name.strip_suffix(".img.zst")?.to_string();
            Some((n.clone(), corpus_image(&n)))
        })
        .collect();
    images.push((
        "demo".into(),
        unzstd(&root.join("corpus/demo/demo.img.zst"), "demo.img"),
    ));
    images.sort();
    images
}

/// One line of `fls -r -p -l`.
#[derive(Debug, Clone)]
pub struct FlsEntry {
    pub kind: String,
    pub addr: String,
    pub deleted: bool,
    pub path: String,
    pub size: Option<u64>,
}

/// Parse `fls -r -p -l` output (optionally split into `## volume N offset S` sections).
pub fn parse_fls(text: &str) -> BTreeMap<String, Vec<FlsEntry>> {
    let mut out: BTreeMap<String, Vec<FlsEntry>> = BTreeMap::new();
    let mut vol = "-".to_string();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## volume ") {
            vol = rest.split_whitespace().next().unwrap_or("-").to_string();
            continue;
        }
        let Some((meta, rest)) = line.split_once('\t') else {
            continue;
        };
        let cols: Vec<&str> = rest.split('\t').collect();
        let kind = meta.split_whitespace().next().unwrap_or("").to_string();
        let addr = meta
            .split_whitespace()
            .last()
            .unwrap_or("")
            .trim_end_matches(':')
            .to_string();
        out.entry(vol.clone()).or_default().push(FlsEntry {
            kind,
            addr,
            deleted: meta.contains('*'),
            path: format!("/{}", cols[0]),
            size: cols.get(5).and_then(|s| s.parse().ok()),
        });
    }
    out
}

/// Run a command-line tool: `None` when it fails (a missing value, for `hivexget`) or when
/// it is not installed (a [`skip`], which fails the test under CI).
pub fn tool(cmd: &str, args: &[&str]) -> Option<String> {
    if !need(cmd, &format!("`{cmd} {}`", args.join(" "))) {
        return None;
    }
    let out = std::process::Command::new(cmd).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Run an oracle tool that must succeed: `None` only when it is not installed (a [`skip`],
/// which fails under CI); a failing run panics with its error output, so that a comparison
/// can never be dropped silently.
pub fn oracle_tool(cmd: &str, args: &[&str]) -> Option<String> {
    if !need(cmd, &format!("`{cmd} {}`", args.join(" "))) {
        return None;
    }
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn sha256(b: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(b);
    d.iter().map(|x| format!("{x:02x}")).collect()
}

/// Run a tool with `input` on its standard input, if it is installed.
pub fn tool_stdin(cmd: &str, args: &[&str], input: &str) -> Option<String> {
    use std::io::Write;
    if !need(cmd, &format!("`{cmd} {}`", args.join(" "))) {
        return None;
    }
    let mut child = std::process::Command::new(cmd)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// mkntfs + ntfs-3g: an NTFS image holding `tree`, or `None` with the reason printed.
/// `streams` are alternate data streams written through the mount after the copy
/// (`(path below the tree, stream name, content)`).
pub fn ntfs_image_of(
    tree: &std::path::Path,
    img: &std::path::Path,
    streams: &[(&str, &str, &[u8])],
) -> Option<()> {
    ntfs_image_deleting(tree, img, streams, &[])
}

/// [`ntfs_image_of`], then `delete` (paths below the tree) removed through the mount: their
/// MFT records stay, not in use, with their streams.
pub fn ntfs_image_deleting(
    tree: &std::path::Path,
    img: &std::path::Path,
    streams: &[(&str, &str, &[u8])],
    delete: &[&str],
) -> Option<()> {
    let run = |cmd: &str, args: &[&str]| {
        std::process::Command::new(cmd)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let _ = std::fs::remove_file(img);
    let f = std::fs::File::create(img).expect("create");
    f.set_len(48 << 20).expect("size");
    drop(f);
    let i = img.to_str().expect("utf8");
    if !run("mkntfs", &["-q", "-F", "-f", "-L", "Windows", i]) {
        skip("mkntfs (ntfs-3g) not installed; the NTFS image variant is not run");
        return None;
    }
    let mnt = img.with_extension("mnt");
    let _ = std::fs::create_dir_all(&mnt);
    let m = mnt.to_str().expect("utf8");
    if !run("ntfs-3g", &["-o", "streams_interface=windows", i, m]) {
        skip("ntfs-3g could not mount (no FUSE here?); the NTFS image variant is not run");
        return None;
    }
    let mut copied = std::fs::read_dir(tree).expect("tree").all(|e| {
        let e = e.expect("entry");
        run("cp", &["-r", e.path().to_str().expect("utf8"), m])
    });
    for (rel, stream, content) in streams {
        copied &= std::fs::write(format!("{m}/{rel}:{stream}"), content).is_ok();
    }
    copied &= run("sync", &[]);
    for rel in delete {
        copied &= std::fs::remove_file(format!("{m}/{rel}")).is_ok();
    }
    let unmounted = run("sync", &[]) && run("umount", &[m]);
    (copied && unmounted).then_some(())
}

/// Run a command, its output discarded: whether it succeeded.
pub fn run_quiet(cmd: &str, args: &[&str]) -> bool {
    std::process::Command::new(cmd)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// DFTT #7 unpacked below `dir` (from the real corpus's zip), once.
pub fn dftt7(real: &Path, dir: &Path) -> Option<PathBuf> {
    let img = dir.join("7-undel-ntfs/7-ntfs-undel.dd");
    if !img.exists() {
        std::fs::create_dir_all(dir).ok()?;
        let ok = std::process::Command::new("unzip")
            .args(["-o", "-q"])
            .arg(real.join("images/dftt__7-undel-ntfs.zip"))
            .arg("-d")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            skip("`unzip` not available to unpack DFTT #7");
            return None;
        }
    }
    Some(img)
}

/// Every record of `log` as [`evtx_dump`] renders it (`-o jsonl`, one thread), each its JSON
/// value; `None` (with a skip) when the tool is not there or fails.
pub fn evtx_dump_records(log: &std::path::Path, what: &str) -> Option<Vec<serde_json::Value>> {
    let tool = evtx_dump(what)?;
    let dump = oracle_tool(tool.to_str()?, &["-t", "1", "-o", "jsonl", log.to_str()?])?;
    Some(
        dump.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect(),
    )
}

/// The reason ids of the findings on the items named `name` (of any family), in order.
pub fn reasons_of(report: &foothold::Report, name: &str) -> Vec<String> {
    let findings = report.findings();
    let found: Vec<String> = findings
        .iter()
        .filter(|(f, _)| f.subject.name == name)
        .flat_map(|(f, _)| f.reasons.iter().map(|r| r.id.clone()))
        .collect();
    assert!(
        findings.iter().any(|(f, _)| f.subject.name == name),
        "no finding on {name}"
    );
    found
}

/// Asserts that the findings on `name` give each of `rules` among their reasons.
pub fn assert_rules(report: &foothold::Report, name: &str, rules: &[&str]) {
    let ids = reasons_of(report, name);
    for r in rules {
        assert!(ids.iter().any(|i| i == r), "{name}: {r} not in {ids:?}");
    }
}
