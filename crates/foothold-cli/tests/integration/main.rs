//! The `foothold` binary, run as a user would, on the corpus images.
#![allow(clippy::panic, clippy::unwrap_used, dead_code)]
#[path = "../../../foothold/tests/integration/common.rs"]
mod common;

use common::*;
use std::process::{Command, Output};

fn foothold(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_foothold"))
        .args(args)
        .output()
        .expect("run foothold")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn info_shows_volumes_filesystems_labels_and_os() {
    let img = corpus_image("gpt-disk");
    let o = foothold(&["info", "--format", "json", img.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["scheme"], "gpt");
    let vols = v["volumes"].as_array().expect("volumes");
    assert_eq!(vols.len(), 3);
    assert_eq!(vols[1]["filesystem"], "ntfs");
    assert_eq!(vols[1]["label"], "GPT-NTFS");
    assert_eq!(vols[1]["offset"], 18432 * 512);
    assert_eq!(vols[2]["label"], "GPT-EXT4");
    assert_eq!(v["os"][0]["family"], "windows");
    assert_eq!(v["os"][1]["name"], "Foothold Test Linux");
    let table = foothold(&["info", img.to_str().unwrap()]);
    assert!(
        stdout(&table).contains("EFI system partition"),
        "{}",
        stdout(&table)
    );
}

#[test]
fn ls_jsonl_has_provenance_and_times() {
    let img = corpus_image("mbr-logical");
    let o = foothold(&[
        "ls",
        img.to_str().unwrap(),
        "--volume",
        "5",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let f = rows
        .iter()
        .find(|r| r["path"] == "/in-logical.txt")
        .expect("file listed");
    assert_eq!(f["volume"], 5);
    assert_eq!(f["kind"], "file");
    assert_eq!(f["size"], 8);
    assert!(f["entry"].as_u64().expect("entry") >= 64);
    for t in ["created", "modified", "changed", "accessed", "fn_created"] {
        assert!(f[t].as_str().expect(t).ends_with('Z'), "{t}");
    }
    // Without --volume every readable volume is listed.
    let all = foothold(&["ls", img.to_str().unwrap(), "--format", "csv"]);
    let text = stdout(&all);
    assert!(text.starts_with("volume,path,kind,size,entry"));
    for v in ["1,/etc/passwd,", "5,/in-logical.txt,", "6,/etc/passwd,"] {
        assert!(text.contains(v), "{v} missing");
    }
}

#[test]
fn cat_writes_file_and_stream_bytes() {
    let img = corpus_image("ntfs-features");
    let o = foothold(&["cat", img.to_str().unwrap(), "/ADS.TXT:hidden"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, b"hidden payload\n");
    let o = foothold(&["cat", img.to_str().unwrap(), "/comp/compressed.txt"]);
    let want: String = (1..=30000)
        .map(|i| format!("foothold corpus line {i}\n"))
        .collect();
    assert!(o.stdout == want.as_bytes());
}

#[test]
fn bad_input_gives_a_message_and_non_zero_exit() {
    let missing = foothold(&["info", "/nonexistent/disk.img"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("No such file"),
        "{}",
        stderr(&missing)
    );

    let junk = scratch().join("cli-junk.img");
    std::fs::write(&junk, vec![0x5Au8; 8192]).unwrap();
    let o = foothold(&["ls", junk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no readable volume"), "{}", stderr(&o));

    let img = corpus_image("ext4-features");
    let o = foothold(&["cat", img.to_str().unwrap(), "/no/such/file"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not found"), "{}", stderr(&o));

    let o = foothold(&["ls"]);
    assert_eq!(o.status.code(), Some(2));

    for o in [&missing, &o] {
        assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
    }
}

#[test]
fn truncated_image_lists_partially_and_says_so() {
    let full = std::fs::read(corpus_image("ext4-features")).unwrap();
    let cut = scratch().join("cli-truncated.img");
    std::fs::write(&cut, &full[..3 << 20]).unwrap();
    let o = foothold(&["ls", cut.to_str().unwrap(), "--format", "jsonl"]);
    assert!(!stderr(&o).contains("panicked"));
    assert!(
        matches!(o.status.code(), Some(1) | Some(3)),
        "{:?}",
        o.status
    );
    assert!(!stderr(&o).is_empty());
}

#[test]
fn scan_prints_cron_records_with_provenance() {
    let img = corpus_image("linux-rhel");
    let o = foothold(&[
        "scan",
        img.to_str().unwrap(),
        "--only",
        "cron",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    // The eight jobs and the machine they belong to (a host record comes with every scan).
    assert_eq!(rows.len(), 9);
    assert_eq!(
        rows.iter().filter(|r| r["artifact"] == "cron_job").count(),
        8
    );
    assert_eq!(rows[8]["artifact"], "host");
    let bob = rows
        .iter()
        .find(|r| r["source"]["path"] == "/var/spool/cron/bob")
        .expect("bob");
    assert_eq!(bob["user"], "bob");
    assert_eq!(bob["source"]["volume"], 1);
    assert_eq!(bob["source"]["line"], 1);
    assert_eq!(bob["source"]["evidence"], img.to_str().unwrap());
    let table = foothold(&["scan", img.to_str().unwrap()]);
    assert!(
        stdout(&table).contains("/var/spool/cron/bob:1"),
        "{}",
        stdout(&table)
    );
    let csv = foothold(&["scan", img.to_str().unwrap(), "--format", "csv"]);
    assert!(stdout(&csv).starts_with(
        "artifact,kind,name,schedule,user,command,stdin,flags,time,evidence,volume,path,key,line,entry,message,host,sha256,created_by\n"
    ));
    // The CSV has each row's host and the SHA-256 of what it runs: equal to the JSONL's
    // `source.host` and first hashed binary, row for row.
    let lvm = corpus_image("lvm-disk");
    let csv = stdout(&foothold(&[
        "scan",
        lvm.to_str().unwrap(),
        "--format",
        "csv",
    ]));
    let jsonl = stdout(&foothold(&[
        "scan",
        lvm.to_str().unwrap(),
        "--format",
        "jsonl",
    ]));
    let rows: Vec<Vec<String>> = csv_records(&csv).into_iter().skip(1).collect();
    let records: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), records.len());
    let mut hashed = 0;
    for (row, rec) in rows.iter().zip(&records) {
        let host = rec["source"]["host"].as_str().unwrap_or("");
        let sha = rec["runs"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r["binaries"].as_array().cloned().unwrap_or_default())
            .find_map(|b| b["sha256"].as_str().map(String::from))
            .unwrap_or_default();
        assert_eq!((row[16].as_str(), row[17].as_str()), (host, sha.as_str()));
        // Who created it: the record's `created_by` user, when it has one.
        if let Some(user) = rec["created_by"]["user"].as_str() {
            assert!(row[18].starts_with(user), "{row:?}");
        }
        hashed += usize::from(!sha.is_empty());
    }
    assert!(hashed >= 3, "{hashed} rows with a hash");
    // A parse error makes the exit code 3 (partial) and is a record.
    let deb = corpus_image("linux-debian");
    let o = foothold(&["scan", deb.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stdout(&o)
        .lines()
        .any(|l| l.contains("\"artifact\":\"error\"")));
}

#[test]
fn scan_prints_scheduled_tasks() {
    let img = corpus_image("windows-tasks");
    let o = foothold(&[
        "scan",
        img.to_str().unwrap(),
        "--only",
        "tasks",
        "--format",
        "jsonl",
    ]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "two broken task files make the scan partial"
    );
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let tasks: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["artifact"] == "scheduled_task")
        .collect();
    assert_eq!(tasks.len(), 214);
    let renamed = tasks
        .iter()
        .find(|t| t["name"] == "\\Renamed")
        .expect("renamed");
    assert_eq!(
        renamed["flags"],
        serde_json::json!(["uri_path_mismatch", "index_zero"])
    );
    assert_eq!(renamed["actions"][0]["type"], "exec");
    assert_eq!(renamed["source"]["path"], "/Windows/System32/Tasks/Renamed");
    assert_eq!(rows.iter().filter(|r| r["artifact"] == "error").count(), 2);
    // --wide: every value whole.
    let table = stdout(&foothold(&["scan", img.to_str().unwrap(), "--wide"]));
    let line = table
        .lines()
        .find(|l| l.contains("\\Actions\\Everything"))
        .expect("row");
    assert!(
        line.contains("disabled")
            && line.contains("hidden_setting")
            && line.contains("S-1-5-32-544"),
        "{line}"
    );
    // The fitted table: every line within $COLUMNS, every column up to the command starting
    // where the header's does (no value shifts the next; the source gives way to flags that
    // need its room, and flags too long for the line go on a line of their own below it),
    // the time column the summary's time.
    let o = Command::new(env!("CARGO_BIN_EXE_foothold"))
        .args(["scan", img.to_str().unwrap(), "--only", "tasks"])
        .env("COLUMNS", "140")
        .output()
        .unwrap();
    let table = stdout(&o);
    let lines: Vec<&str> = table.lines().collect();
    let starts: Vec<usize> = ["user", "time", "schedule", "command"]
        .iter()
        .map(|h| lines[0].find(h).unwrap())
        .collect();
    for l in &lines {
        assert!(l.chars().count() <= 140, "{l}");
        if l.starts_with("    [") || l.starts_with("     ") {
            continue; // a record's flags on their own line
        }
        let chars: Vec<char> = l.chars().collect();
        for &s in &starts {
            assert!(
                chars.get(s - 2..s) == Some(&[' ', ' '][..]),
                "column at {s} shifted: {l}"
            );
        }
    }
    // A registry-only task's time (the CSV's time column) is when it was registered, else
    // its TaskCache key's last write: never the hive file's modification.
    let regonly = tasks
        .iter()
        .find(|t| t["sources"] == serde_json::json!(["taskcache"]))
        .expect("a registry-only task");
    let want = regonly["created_by"]["when"]
        .as_str()
        .or(regonly["taskcache"]["task_last_written"].as_str())
        .unwrap();
    let csv = stdout(&foothold(&[
        "scan",
        img.to_str().unwrap(),
        "--only",
        "tasks",
        "--format",
        "csv",
    ]));
    let name = regonly["name"].as_str().unwrap();
    let row = csv
        .lines()
        .find(|l| l.contains(&format!(",{name},")))
        .expect("csv row");
    assert!(row.contains(&format!(",{want},")), "{row}");
    assert_ne!(regonly["source"]["modified"].as_str(), Some(want));
}

#[test]
fn events_command_reads_loose_logs() {
    let Some(real) = real_corpus() else { return };
    let log = real.join(
        "evtx/mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    );
    let o = foothold(&["events", log.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let ids: Vec<u64> = rows
        .iter()
        .map(|r| r["event_id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![4698, 4699]);
    assert_eq!(rows[0]["task"]["actions"][0]["command"], "cmd.exe");
    let all = foothold(&["events", log.to_str().unwrap(), "--all"]);
    assert_eq!(stdout(&all).lines().count(), 12, "every record of the log");
    let only = foothold(&["events", log.to_str().unwrap(), "--all", "--id", "4624"]);
    assert!(stdout(&only)
        .lines()
        .all(|l| l.contains("\"event_id\":4624")));
    let empty = foothold(&[
        "events",
        real.join("evtx/hayabusa__empty_test1.evtx")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(empty.status.code(), Some(1));
    assert!(!stderr(&empty).contains("panicked"));
    assert!(
        stderr(&empty).contains("empty file (0 bytes)"),
        "{}",
        stderr(&empty)
    );
    // A loose log: no task was compared, so none is said to be missing.
    assert!(
        rows.iter().all(|r| r.get("object_missing").is_none()),
        "{rows:?}"
    );
    // The legacy format is named, not taken for a disk.
    let evt = foothold(&[
        "events",
        real.join("evtx/plaso__SysEvent.Evt").to_str().unwrap(),
    ]);
    assert_eq!(evt.status.code(), Some(1));
    assert!(stderr(&evt).contains("legacy .evt log"), "{}", stderr(&evt));
    // Table and CSV: the same two events, one row each, after a header.
    let table = foothold(&["events", log.to_str().unwrap(), "--format", "table"]);
    let lines: Vec<String> = stdout(&table).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("kind")
            && lines[1].starts_with("event 4698")
            && lines[2].starts_with("event 4699")
    );
    let csv = foothold(&["events", log.to_str().unwrap(), "--format", "csv"]);
    let lines: Vec<String> = stdout(&csv).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("artifact,") && lines[1].starts_with("event,Security 4698,"));
    // An image with no event log: a warning, exit 0, nothing on stdout.
    let none = foothold(&["events", corpus_image("ext4-features").to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(0), "{}", stderr(&none));
    assert!(stdout(&none).is_empty() && stderr(&none).contains("warning: "));
    // Several logs in one process: each log's output in the order given, one header (CSV),
    // with and without --all; an unreadable one among them is an error (exit 3), not the end.
    let other = real.join("evtx/sbousseaden__Execution__temp_scheduled_task_4698_4699.evtx");
    for (flags, header) in [
        (vec![], 0),
        (vec!["--all"], 0),
        (vec!["--format", "csv"], 1),
    ] {
        let one = |p: &std::path::Path| {
            let mut a = vec!["events", p.to_str().unwrap()];
            a.extend(flags.iter().copied());
            stdout(&foothold(&a))
        };
        let mut a = vec!["events", log.to_str().unwrap(), other.to_str().unwrap()];
        a.extend(flags.iter().copied());
        let both = foothold(&a);
        assert!(both.status.success(), "{}", stderr(&both));
        let second: String = one(&other)
            .lines()
            .skip(header)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(stdout(&both), one(&log) + &second, "{flags:?}");
    }
    let mixed = foothold(&[
        "events",
        log.to_str().unwrap(),
        real.join("evtx/hayabusa__empty_test1.evtx")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(mixed.status.code(), Some(3), "{}", stderr(&mixed));
    assert_eq!(stdout(&mixed), stdout(&o));
    assert!(stderr(&mixed).contains("empty file (0 bytes)"));
    // A path that is not there, among others: said, the rest still read.
    let gone = std::env::temp_dir().join("foothold-no-such-image.img");
    let mixed = foothold(&["events", gone.to_str().unwrap(), log.to_str().unwrap()]);
    assert_eq!(mixed.status.code(), Some(3), "{}", stderr(&mixed));
    assert_eq!(stdout(&mixed), stdout(&o));
    assert!(stderr(&mixed).contains("foothold-no-such-image.img"));
    // Alone, it is a failure (exit 1), as before.
    assert_eq!(
        foothold(&["events", gone.to_str().unwrap()]).status.code(),
        Some(1)
    );
}

/// The E01 made by ewfacquire (corpus/containers), decompressed with its companions.
fn container(name: &str) -> std::path::PathBuf {
    let src = repo_root().join(format!("corpus/containers/{name}.zst"));
    unzstd(&src, &format!("cli-{name}"))
}

#[test]
fn info_and_verify_on_an_e01() {
    let e01 = container("disk-e01.E01");
    let o = foothold(&["info", "--format", "json", e01.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["format"], "ewf");
    assert_eq!(v["container"]["case_number"], "CASE-42");
    assert_eq!(v["container"]["examiner_name"], "Examiner Name");
    assert_eq!(v["volumes"].as_array().expect("volumes").len(), 3);
    let md5 = v["stored_hashes"]["md5"].as_str().expect("md5").to_string();
    let o = foothold(&["verify", e01.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(&format!("md5    {md5}  matches the stored hash")),
        "{text}"
    );
    // SHA-256 too (E01 stores none); its value is checked against ewfverify's in the
    // library's container tests.
    assert!(
        text.lines().any(|l| l.starts_with("  sha256 ")
            && l.ends_with("no stored hash")
            && l.split_whitespace().nth(1).is_some_and(|h| h.len() == 64)),
        "{text}"
    );
    assert!(text.contains("verified"), "{text}");
    // One damaged byte in a compressed chunk: exit 1 and the chunk named.
    let mut b = std::fs::read(&e01).expect("read");
    b[2100] ^= 0x55;
    let bad = scratch().join("cli-bad.E01");
    std::fs::write(&bad, b).expect("write");
    let o = foothold(&["verify", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("chunk 0"), "{}", stderr(&o));
}

/// `scan --format jsonl` of every corpus image (and the demo disk), compared byte for byte
/// with the committed snapshot in `tests/golden/` (the evidence path replaced by the image's
/// name). `FOOTHOLD_BLESS=1` rewrites the snapshots: do it deliberately, and review the diff.
#[test]
fn scan_jsonl_matches_golden_snapshots() {
    let root = repo_root();
    let golden = root.join("crates/foothold-cli/tests/golden");
    let bless = std::env::var_os("FOOTHOLD_BLESS").is_some();
    let images = every_corpus_image();
    let mut diffs = Vec::new();
    for (name, img) in &images {
        let o = foothold(&["scan", img.to_str().unwrap(), "--format", "jsonl"]);
        let got = stdout(&o).replace(img.to_str().unwrap(), &format!("<{name}>"));
        let file = golden.join(format!("{name}.jsonl"));
        if bless {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e} (run with FOOTHOLD_BLESS=1)", file.display()));
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            diffs.push(format!(
                "{name}: differs from {} at line {} (got {} lines, want {})\n  got:  {}\n  want: {}",
                file.display(),
                first + 1,
                got.lines().count(),
                want.lines().count(),
                got.lines().nth(first).unwrap_or("<end>"),
                want.lines().nth(first).unwrap_or("<end>")
            ));
        }
    }
    assert!(images.len() >= 13, "{} images", images.len());
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// The output contract (issue 13.5): one exit-code table, every error and warning on
/// stderr, whatever the command.
#[test]
fn exit_codes_and_stderr_are_the_same_for_every_command() {
    // A missing image: exit 1 everywhere.
    for cmd in ["info", "ls", "scan", "verify"] {
        let o = foothold(&[cmd, "/nonexistent/foothold.img"]);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", stderr(&o));
        assert!(stderr(&o).contains("No such file"), "{cmd}: {}", stderr(&o));
    }
    // Random bytes: nothing readable is a warning on stderr and exit 3, not "nothing found".
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let junk: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let p = scratch().join("cli-random.img");
    std::fs::write(&p, junk).unwrap();
    let o = foothold(&["scan", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no volume foothold can read"),
        "{}",
        stderr(&o)
    );
    // A truncated NTFS image: scan says so (as info does) and exits 3.
    let full = std::fs::read(corpus_image("windows-tasks")).unwrap();
    let cut = scratch().join("cli-windows-cut.img");
    std::fs::write(&cut, &full[..3_000_000]).unwrap();
    let o = foothold(&["scan", cut.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("image truncated"), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"artifact\":\"warning\""));
    // A damaged MFT record: ls exits 3 and names it on stderr; scan prints it there too.
    let mut img = full.clone();
    let lcn = u64::from_le_bytes(img[0x30..0x38].try_into().unwrap()) as usize;
    let cluster = usize::from(u16::from_le_bytes([img[11], img[12]])) * usize::from(img[13]);
    let at = lcn * cluster + 75 * 1024;
    assert_eq!(&img[at..at + 4], b"FILE");
    img[at..at + 1024].fill(0);
    let dmg = scratch().join("cli-windows-mft75.img");
    std::fs::write(&dmg, img).unwrap();
    let o = foothold(&["ls", dmg.to_str().unwrap(), "/Windows/System32/Tasks"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("/Windows/System32/Tasks/Encodings/utf8-bom: MFT entry 75 unreadable"),
        "{}",
        stderr(&o)
    );
    let o = foothold(&["scan", dmg.to_str().unwrap(), "--only", "tasks"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("utf8-bom (entry 75)"), "{}", stderr(&o));
}

/// Issue 13.6: ext names that are not UTF-8 are shown losslessly (`\xNN`), two different
/// names never print the same, and `cat` takes the escaped form back. The image is made by
/// `mke2fs -d` from a folder holding such names.
#[test]
fn non_utf8_ext_names_are_escaped_and_read_back() {
    use std::os::unix::ffi::OsStrExt;
    if !need("mke2fs", "non-UTF-8 names") {
        return;
    }
    let dir = scratch().join("non-utf8-src");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, body) in [(&b"cron\xff"[..], "first"), (&b"cron\xfe"[..], "second")] {
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), body).unwrap();
    }
    let img = scratch().join("non-utf8.img");
    let _ = std::fs::remove_file(&img);
    let ok = std::process::Command::new("mke2fs")
        .args(["-q", "-t", "ext4", "-d"])
        .arg(&dir)
        .arg(&img)
        .arg("4M")
        .status()
        .unwrap();
    assert!(ok.success());
    let o = foothold(&["ls", img.to_str().unwrap(), "--format", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .filter(|n| n.starts_with("cron"))
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"cron\\xff".to_string()), "{names:?}");
    assert!(names.contains(&"cron\\xfe".to_string()), "{names:?}");
    for (name, body) in [("/cron\\xff", "first"), ("/cron\\xfe", "second")] {
        let o = foothold(&["cat", img.to_str().unwrap(), name]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o), body);
    }
}

/// `timeline --format timesketch`: the JSONL Timesketch imports, by its documented fields
/// (`message`, `datetime` ISO 8601, `timestamp_desc`; `timestamp` in microseconds), in order;
/// the same rows as `--format jsonl`.
#[test]
fn timeline_in_timesketch_jsonl_and_csv() {
    let img = corpus_image("linux-auth");
    let img = img.to_str().unwrap();
    let ts = foothold(&["timeline", img, "--format", "timesketch"]);
    assert!(ts.status.success(), "{}", stderr(&ts));
    let js = foothold(&["timeline", img, "--format", "jsonl"]);
    let rows: Vec<serde_json::Value> = stdout(&ts)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let plain: Vec<serde_json::Value> = stdout(&js)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), plain.len());
    assert!(rows.len() > 40, "{}", rows.len());
    let mut last = i64::MIN;
    for (r, p) in rows.iter().zip(&plain) {
        let dt = r["datetime"].as_str().unwrap();
        let t = foothold::Timestamp::parse_rfc3339(dt).expect("ISO 8601 datetime");
        assert_eq!(dt, p["time"].as_str().unwrap());
        let micros = r["timestamp"].as_i64().unwrap();
        assert_eq!(
            micros,
            t.unix_seconds() * 1_000_000 + i64::from(t.subsec_nanos() / 1000)
        );
        assert!(micros >= last, "in order");
        last = micros;
        assert!(!r["message"].as_str().unwrap().is_empty());
        assert_eq!(r["timestamp_desc"], p["timestamp_desc"]);
        assert_eq!(r["path"], p["source"]["path"]);
    }
    let csv = stdout(&foothold(&["timeline", img, "--format", "csv"]));
    assert_eq!(csv.lines().count(), rows.len() + 1);
    assert!(csv.starts_with("time,timestamp_desc,artifact,name,message,"));
}

/// `foothold case scan` of two corpus images and a file that is not a disk, then `case
/// stack`: each image's line on stderr, exit 3 for the failed one, and stacked items on
/// the hosts that have them.
#[test]
fn case_scan_and_stack() {
    let dir = std::env::temp_dir().join(format!("foothold-cli-case-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("junk.img"), vec![0u8; 4096]).unwrap();
    let (a, b) = (corpus_image("linux-debian"), corpus_image("linux-rhel"));
    let out = dir.join("case");
    let o = foothold(&[
        "case",
        "scan",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        dir.join("junk.img").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("linux-debian.img: done") && err.contains("junk.img: failed"),
        "{err}"
    );
    let o = foothold(&[
        "case",
        "stack",
        out.to_str().unwrap(),
        "--by",
        "name",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() > 5);
    let counts: Vec<usize> = rows
        .iter()
        .map(|r| r["hosts"].as_array().unwrap().len())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "rarest first: {counts:?}"
    );
    assert!(rows
        .iter()
        .flat_map(|r| r["hosts"].as_array().unwrap())
        .all(|h| h == "linux-debian" || h == "linux-rhel"));
    assert!(rows
        .iter()
        .any(|r| r["hosts"][0] == "linux-rhel" && r["artifacts"][0] == "cron_job"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two Linux roots built with `mke2fs -d`, each with its own `/etc/hostname` and a crontab,
/// scanned in one `foothold scan` run: every record names the host of its image in
/// `source.host`, the name `debugfs` reads from that image's `/etc/hostname` (up to its first
/// dot: the rest is the host record's `domain`).
#[test]
fn every_record_of_a_multi_image_scan_names_its_host() {
    if !need("mke2fs", "the host field") || !need("debugfs", "the host field") {
        return;
    }
    let dir = scratch().join("host-field");
    let _ = std::fs::remove_dir_all(&dir);
    let mut imgs = Vec::new();
    for (i, name) in ["web-01", "db-02.corp.example"].iter().enumerate() {
        let root = dir.join(format!("root{i}"));
        std::fs::create_dir_all(root.join("etc")).unwrap();
        std::fs::create_dir_all(root.join("var/spool/cron/crontabs")).unwrap();
        std::fs::write(root.join("etc/hostname"), format!("{name}\n")).unwrap();
        std::fs::write(root.join("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n").unwrap();
        std::fs::write(
            root.join("var/spool/cron/crontabs/root"),
            format!("*/5 * * * * /opt/agent-{i}\nnot a cron line\n"),
        )
        .unwrap();
        let img = dir.join(format!("host{i}.img"));
        let ok = Command::new("mke2fs")
            .args(["-q", "-t", "ext4", "-d"])
            .arg(&root)
            .arg(&img)
            .arg("8M")
            .status()
            .unwrap();
        assert!(ok.success());
        imgs.push(img);
    }
    let paths: Vec<&str> = imgs.iter().map(|p| p.to_str().unwrap()).collect();
    let o = foothold(&["scan", paths[0], paths[1], "--format", "jsonl"]);
    // The invalid cron line is an error record: exit 3, records on stdout.
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let mut per_image = std::collections::BTreeMap::<String, Vec<String>>::new();
    for l in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let s = &v["source"];
        per_image
            .entry(s["evidence"].as_str().unwrap().to_string())
            .or_default()
            .push(format!("{} {}", v["artifact"], s["host"]));
    }
    assert_eq!(per_image.len(), 2);
    for img in &paths {
        let oracle = tool("debugfs", &["-R", "cat /etc/hostname", img]).unwrap();
        let (want, domain) = oracle.trim().split_once('.').unwrap_or((oracle.trim(), ""));
        let rows = &per_image[*img];
        let host: serde_json::Value = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| v["artifact"] == "host" && v["source"]["evidence"] == *img)
            .unwrap();
        assert_eq!(host["hostname"], want);
        assert_eq!(host["domain"].as_str().unwrap_or(""), domain);
        // The host, the cron job and the error record at least, each naming the host.
        for kind in ["\"host\"", "\"cron_job\"", "\"error\""] {
            assert!(rows.iter().any(|r| r.starts_with(kind)), "{img}: {rows:?}");
        }
        assert!(
            rows.iter().all(|r| r.ends_with(&format!(" \"{want}\""))),
            "{img}: {want}: {rows:?}"
        );
    }
}

/// What `cmd` (a shell command line) writes when run on a terminal: util-linux `script`
/// gives it a pty (160 columns); stdout and stderr together.
fn on_pty(cmd: &str) -> String {
    let o = Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .env("COLUMNS", "160")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `case scan`'s progress bar: drawn on a terminal (`script` gives the command a pty), with
/// the images done of those to scan, the records and the time left; absent when stderr is
/// not a terminal, and with `--quiet` on a terminal.
#[test]
fn case_scan_draws_a_progress_bar_only_on_a_terminal() {
    if !need("script", "the progress bar (util-linux `script`)") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("foothold-cli-bar-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (a, b) = (corpus_image("linux-debian"), corpus_image("linux-rhel"));
    let bin = env!("CARGO_BIN_EXE_foothold");
    let on_tty = |extra: &str, out: &str| {
        let cmd = format!(
            "{bin} case scan {} {} --out {} {extra}",
            a.display(),
            b.display(),
            dir.join(out).display()
        );
        on_pty(&cmd)
    };
    let drawn = on_tty("", "tty");
    assert!(drawn.contains("/2 images"), "{drawn}");
    assert!(
        drawn.contains("records") && drawn.contains("ETA"),
        "{drawn}"
    );
    assert!(drawn.contains("linux-rhel.img: done"), "{drawn}");
    let quiet = on_tty("--quiet", "quiet");
    assert!(quiet.contains("linux-rhel.img: done"), "{quiet}");
    assert!(!quiet.contains("/2 images"), "{quiet}");
    let o = foothold(&[
        "case",
        "scan",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        dir.join("pipe").to_str().unwrap(),
    ]);
    // linux-debian's invalid crontab line is an error record: exit 3.
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(!stderr(&o).contains("images ("), "{}", stderr(&o));
    // `verify` of the ewfacquire E01: a bar of bytes on a terminal, the result the same.
    let e01 = container("disk-e01.E01");
    let cmd = format!("{bin} verify {}", e01.display());
    let tty = on_pty(&cmd);
    assert!(
        tty.contains("disk-e01.E01 [") && tty.contains("MiB"),
        "{tty}"
    );
    assert!(tty.contains("verified"), "{tty}");
    let piped = foothold(&["verify", e01.to_str().unwrap()]);
    assert!(
        piped.status.success() && stderr(&piped).is_empty(),
        "{}",
        stderr(&piped)
    );
    // `scan` of several images: a bar of images done, the rows the same as when piped.
    let cmd = format!("{bin} scan {} {} --format jsonl", a.display(), b.display());
    let tty = on_pty(&cmd);
    assert!(tty.contains("/2 images"), "{tty}");
    let piped = foothold(&[
        "scan",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert!(!stderr(&piped).contains("images ("), "{}", stderr(&piped));
    let rows = |s: &str| {
        s.lines()
            .filter(|l| l.contains("\"artifact\":\"cron_job\""))
            .count()
    };
    assert!(rows(&stdout(&piped)) > 5);
    assert_eq!(rows(&tty), rows(&stdout(&piped)));
    // `ls` and `events` into a file from a terminal: a spinner on stderr, the file the same as
    // a piped run's output.
    let listing = dir.join("ls.jsonl");
    std::fs::create_dir_all(&dir).unwrap();
    let tty = on_pty(&format!(
        "{bin} ls {} / --format jsonl > {}",
        a.display(),
        listing.display()
    ));
    assert!(tty.contains(" entries ("), "{tty}");
    let piped = foothold(&["ls", a.to_str().unwrap(), "/", "--format", "jsonl"]);
    assert_eq!(std::fs::read_to_string(&listing).unwrap(), stdout(&piped));
    let quiet = on_pty(&format!(
        "{bin} --quiet ls {} / > {}",
        a.display(),
        listing.display()
    ));
    assert!(!quiet.contains(" entries ("), "{quiet}");
    let Some(real) = real_corpus() else { return };
    let log = real.join(
        "evtx/mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    );
    let events = dir.join("events.jsonl");
    let tty = on_pty(&format!(
        "{bin} events --all {} > {}",
        log.display(),
        events.display()
    ));
    assert!(tty.contains(" events ("), "{tty}");
    let piped = foothold(&["events", "--all", log.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&events).unwrap(), stdout(&piped));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A qcow2 overlay without its backing file and a VMDK descriptor without its flat extent
/// (corpus/containers, copied alone): the error names the image that refers to the missing
/// file, and the file.
#[test]
fn a_missing_backing_file_or_extent_names_the_image_that_needs_it() {
    let dir = std::env::temp_dir().join(format!("foothold-cli-refs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, what, missing) in [
        ("disk-overlay.qcow2", "its backing file", "disk.qcow2"),
        ("disk-flat.vmdk", "its extent", "disk-flat-flat.vmdk"),
    ] {
        let src = repo_root().join(format!("corpus/containers/{name}.zst"));
        let img = dir.join(name);
        let mut out = std::fs::File::create(&img).unwrap();
        let mut dec =
            ruzstd::decoding::StreamingDecoder::new(std::fs::File::open(src).unwrap()).unwrap();
        std::io::copy(&mut dec, &mut out).unwrap();
        let o = foothold(&["info", img.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{}: {what}: ", img.display()))
                && err.contains(&dir.join(missing).display().to_string()),
            "{name}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `info` of the LVM2 corpus disk: the two PVs and, after them, each logical volume with its
/// `vg/lv` name, layout, size and filesystem, as `lvs` listed them at build time.
#[test]
fn info_lists_logical_volumes_by_name() {
    let img = corpus_image("lvm-disk");
    let o = foothold(&["info", img.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lvs = std::fs::read_to_string(repo_root().join("corpus/images/lvm-disk.lvs.txt")).unwrap();
    for l in lvs.lines() {
        let c: Vec<&str> = l.split_whitespace().collect();
        let layout = if c[3] == "striped" {
            "striped"
        } else {
            "linear"
        };
        let row = out
            .lines()
            .find(|r| r.trim_end().ends_with(&format!("{}/{}", c[0], c[1])))
            .unwrap_or_else(|| panic!("{l}: {out}"));
        assert!(
            row.contains(c[2])
                && row.contains(&format!("LVM2 logical volume ({layout})"))
                && row.contains("ext4"),
            "{row}"
        );
    }
    assert_eq!(out.matches(" lvm2 ").count(), 2, "{out}");
}

/// The scan, events and activity tables fit the terminal: at `COLUMNS` 80, 120 and 200, on
/// every corpus image and the demo disk, no line is wider than the width, and every flag of
/// every record (as the JSONL has it) is in the table whole — a flag name is never cut.
#[test]
fn tables_fit_the_width_and_never_cut_a_flag() {
    let images: Vec<std::path::PathBuf> =
        every_corpus_image().into_iter().map(|(_, p)| p).collect();
    let run = |args: &[&str], columns: &str| {
        Command::new(env!("CARGO_BIN_EXE_foothold"))
            .args(args)
            .env("COLUMNS", columns)
            .output()
            .expect("run foothold")
    };
    let mut lines = 0usize;
    let mut flags_checked = 0usize;
    for img in &images {
        let p = img.to_str().unwrap();
        let jsonl = stdout(&foothold(&["scan", p, "--format", "jsonl"]));
        let flags: std::collections::BTreeSet<String> = jsonl
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["artifact"] != "error" && v["artifact"] != "warning")
            .flat_map(|v| {
                let f = v["flags"].as_array().cloned().unwrap_or_default();
                f.into_iter().filter_map(|x| x.as_str().map(String::from))
            })
            .collect();
        let reasons: std::collections::BTreeSet<String> =
            stdout(&foothold(&["triage", p, "--format", "jsonl"]))
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .flat_map(|v| {
                    let r = v["reasons"].as_array().cloned().unwrap_or_default();
                    r.into_iter()
                        .filter(|x| x["weight"].as_i64().is_some_and(|w| w > 0))
                        .filter_map(|x| x["id"].as_str().map(String::from))
                })
                .collect();
        for width in [80usize, 120, 200] {
            let w = width.to_string();
            for args in [
                vec!["scan", p],
                vec!["events", p, "--format", "table"],
                vec!["triage", p],
            ] {
                let o = run(&args, &w);
                let text = stdout(&o);
                for l in text.lines() {
                    lines += 1;
                    assert!(
                        l.chars().count() <= width,
                        "{} at {width}: a line of {} columns: {l}",
                        args.join(" "),
                        l.chars().count()
                    );
                }
                // A finding's reason ids, like flags, are never cut.
                if args[0] == "triage" {
                    for id in &reasons {
                        flags_checked += 1;
                        assert!(
                            text.contains(id.as_str()),
                            "{p} at {width}: reason {id} not shown whole:\n{text}"
                        );
                    }
                }
                if args[0] == "scan" {
                    for f in &flags {
                        flags_checked += 1;
                        assert!(
                            text.contains(f.as_str()),
                            "{p} at {width}: flag {f} not shown whole:\n{text}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        lines > 1000 && flags_checked > 50,
        "{lines} lines, {flags_checked} flags"
    );
}

/// A qcow2 overlay whose backing file is named by an absolute path outside its folder (the
/// real corpus overlay, its name rewritten): refused by default, naming the file and the
/// option; read with `--follow-outside-references` (the same volumes as the overlay beside
/// its base).
#[test]
fn backing_files_outside_the_evidence_folder_need_the_option() {
    let root = repo_root();
    let dir = scratch().join("outside-backing");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("case")).unwrap();
    std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
    let base = unzstd(&root.join("corpus/containers/disk.qcow2.zst"), "disk.qcow2");
    let moved = dir.join("elsewhere/base.qcow2");
    std::fs::copy(&base, &moved).unwrap();
    let mut overlay = std::fs::read(unzstd(
        &root.join("corpus/containers/disk-overlay.qcow2.zst"),
        "disk-overlay.qcow2",
    ))
    .unwrap();
    let name = moved.to_str().unwrap().as_bytes().to_vec();
    let at = u64::from_be_bytes(overlay[8..16].try_into().unwrap()) as usize;
    overlay[at..at + name.len()].copy_from_slice(&name);
    overlay[16..20].copy_from_slice(&(name.len() as u32).to_be_bytes());
    let img = dir.join("case/overlay.qcow2");
    std::fs::write(&img, &overlay).unwrap();
    let refused = foothold(&["info", img.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let e = stderr(&refused);
    assert!(
        e.contains("outside the evidence folder") && e.contains("--follow-outside-references"),
        "{e}"
    );
    let allowed = foothold(&[
        "info",
        "--follow-outside-references",
        "--format",
        "json",
        img.to_str().unwrap(),
    ]);
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    let v: serde_json::Value = serde_json::from_str(stdout(&allowed).trim()).unwrap();
    assert_eq!(v["volumes"].as_array().map(Vec::len), Some(3), "{v}");
}

/// Every event row of a table or CSV says what happened: a logon its type and source, a
/// share access its object, a file or key change its target — no blank command cell (4624,
/// 5145 and Sysmon rows were blank). Real logs of the shared corpus.
#[test]
fn event_rows_are_never_blank() {
    let Some(real) = real_corpus() else { return };
    let mut rows = 0usize;
    for name in [
        "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
        "museum__Srv2022_APTSimulatorVM__Sysmon_Operational.evtx",
        "sbousseaden__Lateral_Movement__LM_sysmon_remote_task_src_powershell.evtx",
    ] {
        let log = real.join("evtx").join(name);
        let o = foothold(&["events", log.to_str().unwrap(), "--all", "--format", "csv"]);
        let text = stdout(&o);
        let records = csv_records(&text);
        let header = &records[0];
        let command = header.iter().position(|h| h == "command").unwrap();
        let kind = header.iter().position(|h| h == "kind").unwrap();
        for cells in &records[1..] {
            rows += 1;
            assert!(
                !cells[command].is_empty(),
                "{name}: a blank command on a {} row: {cells:?}",
                cells[kind]
            );
        }
    }
    assert!(rows > 800, "{rows} rows");
}

/// The records of a CSV text (RFC 4180: quoted cells may hold commas, quotes and newlines).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut row = vec![String::new()];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                row.last_mut().unwrap().push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(String::new()),
            '\n' if !quoted => out.push(std::mem::replace(&mut row, vec![String::new()])),
            c => row.last_mut().unwrap().push(c),
        }
    }
    if row.len() > 1 || !row[0].is_empty() {
        out.push(row);
    }
    out
}

/// `cat` reads a file that `ls --deleted` lists (an unused MFT record of the corpus image
/// whose files ntfs-3g deleted): the bytes `icat` gives for that record, a warning that it
/// is a deleted file, exit 3.
#[test]
fn cat_reads_a_deleted_file_ls_lists() {
    let img = corpus_image("ntfs-features");
    let p = img.to_str().unwrap();
    let listed = stdout(&foothold(&[
        "ls",
        p,
        "/frag",
        "--deleted",
        "--format",
        "jsonl",
    ]));
    let f1: serde_json::Value = listed
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["path"] == "/frag/f1" && v["deleted"] == true)
        .expect("ls --deleted lists /frag/f1");
    let o = foothold(&["cat", p, "/frag/f1"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("a deleted file"), "{}", stderr(&o));
    let entry = f1["entry"].as_u64().unwrap().to_string();
    if !need("icat", "a deleted file's bytes") {
        return;
    }
    let want = std::process::Command::new("icat")
        .args([p, &entry])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(o.stdout.len(), f1["size"].as_u64().unwrap() as usize);
    assert_eq!(o.stdout, want, "the bytes icat reads for entry {entry}");
    compared("icat (deleted, cat)", 1);
}

/// The scan table answers the playbook's "by whom, from where, when" without JSONL: the
/// creator and the logon's source address in a column of their own, every action of a task
/// (not the first alone); a loose file shows its own path, its task's `Date` as written (no
/// `Z`: with no machine its zone is unknown) instead of the copy's file time, and no empty
/// host row.
#[test]
fn the_table_says_who_created_it_from_where_and_every_action() {
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_foothold"))
            .args(args)
            .env("COLUMNS", "200")
            .output()
            .expect("run foothold");
        stdout(&o)
    };
    let tasks = corpus_image("windows-tasks");
    let text = run(&["scan", tasks.to_str().unwrap(), "--wide"]);
    assert!(
        text.lines().next().unwrap().contains("created by"),
        "{text}"
    );
    let everything = text
        .lines()
        .find(|l| l.contains("\\Actions\\Everything"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        everything.contains("(5 actions) powershell.exe")
            && everything.contains("CORP\\admin")
            && everything.contains("[disabled"),
        "{everything}"
    );
    let Some(real) = real_corpus() else { return };
    let log = real.join(
        "evtx/mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    );
    let text = run(&["scan", log.to_str().unwrap()]);
    let task = text
        .lines()
        .find(|l| l.starts_with("scheduled_task"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        task.contains("OFFSEC\\admmig from 10.23.123.11?") && task.contains("2021-06-10 21:21Z"),
        "{task}"
    );
    // The loose log's rows name the file given, not a made-up winevt path.
    let wide = run(&["scan", log.to_str().unwrap(), "--wide"]);
    assert!(!wide.contains("winevt"), "{wide}");
    assert!(wide.contains(&format!("{}#", log.display())), "{wide}");
    let xml = real.join("tasks/museum_Tasks__Win10__APTSimulatorVM__GameOver");
    let text = run(&["scan", xml.to_str().unwrap()]);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "no host row for a loose file: {text}");
    assert!(
        rows[0].contains("DESKTOP-TMKU40H\\TestUser")
            && rows[0].contains("  2022-03-10 15:59  ")
            && rows[0].contains("C:\\TMP\\mim.exe"),
        "{}",
        rows[0]
    );
}

/// A deleted file's alternate data streams are listed with it by `ls --deleted` and read by
/// `cat PATH:STREAM` (a warning that the file is deleted, exit 3), the bytes `icat` reads for
/// that attribute: an NTFS image made by mkntfs + ntfs-3g, the file deleted through ntfs-3g.
#[test]
fn a_deleted_files_streams_are_listed_and_read() {
    let tree = scratch().join("deleted-ads-tree");
    let _ = std::fs::remove_dir_all(&tree);
    std::fs::create_dir_all(tree.join("x")).unwrap();
    std::fs::write(tree.join("x/dropper.txt"), b"cover\n").unwrap();
    std::fs::write(tree.join("x/keep.txt"), b"keep\n").unwrap();
    let img = scratch().join("deleted-ads.img");
    let payload: &[u8] = b"powershell -enc SQBFAFgA\n";
    if ntfs_image_deleting(
        &tree,
        &img,
        &[("x/dropper.txt", "payload", payload)],
        &["x/dropper.txt"],
    )
    .is_none()
    {
        return; // said by the helper (a failure under FOOTHOLD_REQUIRE_ORACLES)
    }
    let p = img.to_str().unwrap();
    let listed = stdout(&foothold(&[
        "ls",
        p,
        "/x",
        "--deleted",
        "--format",
        "jsonl",
    ]));
    let rows: Vec<serde_json::Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stream = rows
        .iter()
        .find(|v| v["deleted"] == true && v["stream"] == "payload")
        .unwrap_or_else(|| panic!("no deleted stream row:\n{listed}"));
    assert_eq!(stream["path"], "/x/dropper.txt:payload", "{stream}");
    let o = foothold(&["cat", p, "/x/dropper.txt:payload"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(o.stdout, payload, "{}", stderr(&o));
    if !need("icat", "a deleted file's stream") {
        return;
    }
    // icat's address of a named $DATA: ENTRY-128-ID, the id from istat's
    // `Type: $DATA (128-4)   Name: payload` line.
    let entry = stream["entry"].as_u64().unwrap().to_string();
    let istat = std::process::Command::new("istat")
        .args([p, &entry])
        .output()
        .unwrap();
    let istat = String::from_utf8_lossy(&istat.stdout).into_owned();
    let id = istat
        .lines()
        .find(|l| l.contains("Name: payload"))
        .and_then(|l| l.split("(128-").nth(1))
        .and_then(|r| r.split(')').next())
        .unwrap_or_else(|| panic!("istat has no payload stream:\n{istat}"));
    let want = std::process::Command::new("icat")
        .args([p, &format!("{entry}-128-{id}")])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(o.stdout, want, "icat {entry}-128-{id}");
    compared("icat (deleted stream, cat)", 1);
}

/// A file name holding a line feed, NUL, ESC [2J (clear the screen) and a C1 CSI, in an ext4
/// image with its checksums valid (`fuzz/crafted.py`): the table writes each as visible text
/// (`\\x1b`, `\\x0a`), so evidence cannot drive the examiner's terminal or forge a row;
/// JSON keeps the name exactly (its own escapes).
#[test]
fn control_characters_of_evidence_are_visible_in_tables() {
    let dir = scratch().join("crafted-names");
    let _ = std::fs::remove_dir_all(&dir);
    let made = Command::new("python3")
        .arg(repo_root().join("fuzz/crafted.py"))
        .arg(&dir)
        .args(["--only", "ext4/crond-name-nul-escape"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "fuzz/crafted.py failed");
    let img = dir.join("ext4/crond-name-nul-escape.img");
    let img = img.to_str().unwrap();
    let o = foothold(&["ls", img, "/etc/cron.d"]);
    let out = stdout(&o);
    assert!(
        out.contains("/etc/cron.d/p\\x1b[2J\\x9b\\x00hp\\x0a\\x00\\x00"),
        "{out}"
    );
    assert!(
        !o.stdout.iter().any(|b| *b == 0x1b || *b == 0),
        "raw control bytes: {out}"
    );
    assert_eq!(out.lines().count(), 2, "one header, one row: {out}");
    let j = foothold(&["ls", img, "/etc/cron.d", "--format", "jsonl"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&j).lines().next().unwrap()).unwrap();
    assert_eq!(v["name"], "p\u{1b}[2J\\x9b\u{0}hp\n\u{0}\u{0}");
}

/// `case diff` against a shadow copy of the image itself: the task deleted after the
/// snapshot is `missing`, and the live volume's trace of it (recovered) is said; nothing
/// else changed.
#[test]
fn case_diff_against_a_snapshot_of_the_same_volume() {
    let img = corpus_image("windows-vss");
    let o = foothold(&[
        "case",
        "diff",
        img.to_str().unwrap(),
        "--baseline-snapshot",
        "1",
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["change"], "missing");
    assert_eq!(rows[0]["name"], "\\Updater");
    assert_eq!(rows[0]["recovered"], "snapshot");
    // A snapshot that is not there, and a case folder as a snapshot baseline: errors.
    let o = foothold(&[
        "case",
        "diff",
        img.to_str().unwrap(),
        "--baseline-snapshot",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no shadow copy 2"));
}

/// `triage --sigma`: a rule file that does not compile is said and the others are evaluated
/// (the count on stderr), its events' matches are findings; a rule folder that cannot be read
/// stops before the scan, naming it.
#[test]
fn triage_with_sigma_rules() {
    let Some(real) = real_corpus() else { return };
    let log = real.join("evtx/mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx");
    let dir = scratch().join("cli-sigma-rules");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("psexec.yml"),
        "title: PsExec service\nid: 00000000-0000-4000-8000-00000000c0de\n\
         logsource: {product: windows, service: system}\n\
         detection:\n  sel: {EventID: 7045, ServiceName: PSEXESVC}\n  condition: sel\n\
         level: critical\ntags: [attack.t1569.002]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken.yml"),
        "title: broken\nlogsource: {product: windows, service: system}\n\
         detection: {condition: nothing}\n",
    )
    .unwrap();
    let o = foothold(&[
        "triage",
        "--sigma",
        dir.to_str().unwrap(),
        log.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.yml"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 rules evaluated, 1 not"),
        "{}",
        stderr(&o)
    );
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let event = rows
        .iter()
        .find(|r| r["subject"]["artifact"] == "event")
        .expect("the 7045 is a finding");
    assert_eq!(event["subject"]["name"], "System 7045 record 471480");
    assert_eq!(event["severity"], "critical");
    assert_eq!(
        event["reasons"][0]["id"],
        "sigma:00000000-0000-4000-8000-00000000c0de"
    );
    assert_eq!(event["techniques"][0], "T1569.002");
    let missing = foothold(&[
        "triage",
        "--sigma",
        "/nonexistent-rules",
        log.to_str().unwrap(),
    ]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("/nonexistent-rules"),
        "{}",
        stderr(&missing)
    );
    assert!(stdout(&missing).is_empty());
}

/// `triage` of a case: an item on one machine only of three or more is `rare_in_case`, one
/// every machine has is not; with `--baseline`, an item the clean machine lacks is
/// `not_in_baseline`. (Three acquisitions of one disk, by three names, and a fourth machine.)
#[test]
fn triage_across_a_case_and_a_baseline() {
    let tasks = corpus_image("windows-tasks");
    let other = corpus_image("windows-vss");
    let dir = scratch().join("triage-case");
    std::fs::create_dir_all(&dir).unwrap();
    let mut images = Vec::new();
    for n in 1..=3 {
        let p = dir.join(format!("host{n}.img"));
        let _ = std::fs::remove_file(&p);
        std::fs::hard_link(&tasks, &p)
            .or_else(|_| std::fs::copy(&tasks, &p).map(|_| ()))
            .unwrap();
        images.push(p.to_str().unwrap().to_string());
    }
    images.push(other.to_str().unwrap().to_string());
    let run = |extra: &[&str]| {
        let mut args = vec!["triage", "-q", "--format", "jsonl"];
        args.extend(extra);
        args.extend(images.iter().map(String::as_str));
        let o = foothold(&args);
        // (The corpus disk holds broken task files on purpose: a partial exit, said.)
        assert!(!stdout(&o).is_empty(), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let has = |f: &serde_json::Value, id: &str| {
        f["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id)
    };
    let on_other = |f: &serde_json::Value| f["subject"]["source"]["evidence"] == images[3];
    let rows = run(&[]);
    let (mine, shared): (Vec<_>, Vec<_>) = rows.iter().partition(|f| on_other(f));
    assert!(!mine.is_empty() && !shared.is_empty());
    // What the three acquisitions share is never rare; the fourth machine's items that the
    // others lack are.
    assert!(shared.iter().all(|f| !has(f, "rare_in_case")));
    let names_shared: std::collections::BTreeSet<String> = shared
        .iter()
        .map(|f| f["subject"]["name"].as_str().unwrap().to_lowercase())
        .collect();
    for f in &mine {
        let alone = !names_shared.contains(&f["subject"]["name"].as_str().unwrap().to_lowercase());
        assert_eq!(has(f, "rare_in_case"), alone, "{f}");
    }
    assert!(mine.iter().any(|f| has(f, "rare_in_case")));
    // The same images scanned into a case folder: `triage CASE` judges the evidence the case
    // was made from, as `triage IMAGE…` does (the case's images in path order, which is the
    // order given here).
    let case = dir.join("case");
    let _ = std::fs::remove_dir_all(&case);
    let mut scan = vec!["case", "scan", "-q", "--out", case.to_str().unwrap()];
    scan.extend(images.iter().map(String::as_str));
    let o = foothold(&scan);
    assert!(case.join("images.jsonl").exists(), "{}", stderr(&o));
    let o = foothold(&["triage", "-q", "--format", "jsonl", case.to_str().unwrap()]);
    let from_case: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(from_case, rows, "{}", stderr(&o));
    let with_baseline = run(&["--baseline", tasks.to_str().unwrap()]);
    for f in &with_baseline {
        let name = f["subject"]["name"].as_str().unwrap().to_lowercase();
        assert_eq!(
            has(f, "not_in_baseline"),
            !names_shared.contains(&name),
            "{f}"
        );
        let sum: i64 = f["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["weight"].as_i64().unwrap())
            .sum();
        assert_eq!(f["score"].as_i64().unwrap(), sum.clamp(0, 100), "{f}");
    }
}

/// `remediate` on the corpus images: a step for every finding of `medium` and above and for
/// nothing else; every name, key, path, line, account and hash of a step equal to its
/// record's; the `sh` script passes `shellcheck`; the scripts and the document carry every
/// step's command.
#[test]
fn remediation_steps_are_the_records_own() {
    use serde_json::Value;
    let lines = |args: &[&str]| -> Vec<Value> {
        let o = foothold(args);
        stdout(&o)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .collect()
    };
    let name_of = |r: &Value| -> String {
        match r["artifact"].as_str().unwrap() {
            "cron_job" => match r["source"]["line"].as_u64() {
                Some(l) => format!("{}:{l}", r["source"]["path"].as_str().unwrap()),
                None => r["source"]["path"].as_str().unwrap().to_string(),
            },
            _ => r["name"].as_str().unwrap().to_string(),
        }
    };
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut total = 0usize;
    let mut shellchecked = false;
    for image in [
        "windows-tasks",
        "windows-vss",
        "linux-debian",
        "linux-auth",
        "linux-rhel",
        "demo",
    ] {
        let img = corpus_or_demo(image);
        let img = img.to_str().unwrap();
        let records = lines(&["scan", "-q", "--format", "jsonl", img]);
        let findings = lines(&["triage", "-q", "--format", "jsonl", img]);
        let steps = lines(&["remediate", "-q", "--format", "jsonl", img]);
        assert!(!steps.is_empty(), "{image}: no step");
        total += steps.len();
        let serious: Vec<&Value> = findings
            .iter()
            .filter(|f| ["medium", "high", "critical"].contains(&f["severity"].as_str().unwrap()))
            .collect();
        // Every serious finding has a step; every step serves serious findings only, as
        // triage judged them.
        for f in &serious {
            assert!(
                steps.iter().any(|st| st["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["name"] == f["subject"]["name"]
                        && x["artifact"] == f["subject"]["artifact"])),
                "{image}: no step for {f}"
            );
        }
        for st in &steps {
            let action = s(&st["action"]);
            let target = s(&st["target"]);
            let mut justified = false;
            for x in st["findings"].as_array().unwrap() {
                let f = serious
                    .iter()
                    .find(|f| {
                        f["subject"]["name"] == x["name"]
                            && f["subject"]["artifact"] == x["artifact"]
                    })
                    .unwrap_or_else(|| panic!("{image}: step for a finding below medium: {st}"));
                assert_eq!((&x["severity"], &x["score"]), (&f["severity"], &f["score"]));
                // (A service is a record per control set: any of them.)
                let mine: Vec<&Value> = records
                    .iter()
                    .filter(|r| r["artifact"] == x["artifact"] && name_of(r) == s(&x["name"]))
                    .collect();
                assert!(!mine.is_empty(), "{image}: no record for {x}");
                for r in mine {
                    let tc = &r["taskcache"];
                    let binaries: Vec<&Value> = r["runs"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .flat_map(|run| run["binaries"].as_array().unwrap().iter())
                        .collect();
                    let windows_file = |p: &str| format!("%SystemDrive%{}", p.replace('/', "\\"));
                    let ok = match action.as_str() {
                        "disable_task" | "delete_task" | "check_task_absent" => {
                            target == s(&r["name"])
                        }
                        "stop_service"
                        | "disable_service"
                        | "delete_service"
                        | "check_service_absent" => target == s(&r["name"]),
                        "delete_key" | "check_key_absent" => {
                            let key = s(&st["key"]);
                            let mut keys = vec![s(&tc["tree_key"]), s(&tc["task_key"])];
                            for l in tc["lists"].as_array().into_iter().flatten() {
                                let base = s(&tc["tree_key"])
                                    .split("\\Tree\\")
                                    .next()
                                    .unwrap()
                                    .to_string();
                                keys.push(format!("{base}\\{}\\{}", s(l), s(&tc["id"])));
                            }
                            (keys.contains(&key) && target == format!("HKLM\\SOFTWARE\\{key}"))
                                || (key == s(&r["key"]) && target == format!("HKLM\\SYSTEM\\{key}"))
                        }
                        "check_file_absent" if st["platform"] == "windows" => {
                            let p = s(&st["path"]);
                            (p == s(&r["source"]["path"]) || p == s(&r["job_source"]["path"]))
                                && target == windows_file(&p)
                        }
                        "delete_file" if !st["sha256"].is_null() => binaries.iter().any(|b| {
                            b["status"] == "found"
                                && b["path"] == st["path"]
                                && b["sha256"] == st["sha256"]
                                && (target == s(&b["path"])
                                    || target == windows_file(&s(&b["path"])))
                        }),
                        "delete_file" | "check_file_absent" => {
                            let p = s(&st["path"]);
                            target == p
                                && (p == s(&r["source"]["path"])
                                    || p == s(&r["unit_path"])
                                    || r["drop_ins"]
                                        .as_array()
                                        .into_iter()
                                        .flatten()
                                        .any(|d| s(d) == p))
                        }
                        "remove_line" | "check_line_absent" => {
                            st["line"] == r["text"] && target == s(&r["source"]["path"])
                        }
                        "remove_crontab_line" => {
                            st["line"] == r["text"]
                                && target == s(&r["source"]["path"])
                                && st["user"] == r["user"]
                        }
                        "remove_at_job" => {
                            r["at"]["job_number"].as_u64().map(|n| n.to_string())
                                == Some(target.clone())
                        }
                        "disable_unit" => {
                            target == s(&r["name"])
                                || target == s(&r["source"]["path"]).rsplit('/').next().unwrap()
                        }
                        "lock_account" | "reset_credentials" => {
                            st["user"] == r["created_by"]["user"]
                                && target == s(&r["created_by"]["user"])
                        }
                        "reload_systemd" | "review" | "remove_init_links"
                        | "remove_from_policy" => !target.is_empty(),
                        other => panic!("{image}: an action the test does not know: {other}"),
                    };
                    justified |= ok;
                }
            }
            assert!(
                justified,
                "{image}: a step no record of its findings names: {st}"
            );
            // Nothing the operating system ships is deleted.
            if action == "delete_file" {
                let p = s(&st["path"]).to_ascii_lowercase();
                assert!(
                    !p.starts_with("/windows/system32/")
                        && !p.starts_with("/usr/bin/")
                        && !p.starts_with("/bin/"),
                    "{st}"
                );
            }
        }
        // The scripts and the document are the same steps.
        let ps1 = stdout(&foothold(&["remediate", "-q", "--format", "ps1", img]));
        let sh = stdout(&foothold(&["remediate", "-q", "--format", "sh", img]));
        let md = stdout(&foothold(&["remediate", "-q", "--format", "md", img]));
        assert!(ps1.starts_with('\u{feff}'));
        for st in &steps {
            if let Some(c) = st["command"].as_str() {
                let script = if st["platform"] == "windows" {
                    &ps1
                } else {
                    &sh
                };
                assert!(
                    script.lines().any(|l| l == c),
                    "{image}: {c} not in the script"
                );
                assert!(md.contains(c), "{image}: {c} not in the document");
            }
        }
        if steps.iter().any(|st| st["platform"] == "linux") {
            let path = scratch().join(format!("remediate-{image}.sh"));
            std::fs::write(&path, &sh).unwrap();
            if oracle_tool("shellcheck", &["-s", "sh", path.to_str().unwrap()]).is_some() {
                shellchecked = true;
            }
        }
    }
    assert!(total > 50, "{total} steps");
    if shellchecked {
        compared("shellcheck", 1);
    }
    // What each corpus disk is known to need, by value: the task only a shadow copy still
    // holds is checked for, not deleted; the demo's dropped program goes with its hash.
    let vss = lines(&[
        "remediate",
        "-q",
        "--format",
        "jsonl",
        corpus_or_demo("windows-vss").to_str().unwrap(),
    ]);
    assert!(vss
        .iter()
        .any(|st| st["action"] == "check_task_absent" && st["target"] == "\\Updater"));
    assert!(!vss
        .iter()
        .any(|st| st["action"] == "delete_task" && st["target"] == "\\Updater"));
    let demo = corpus_or_demo("demo");
    let demo_steps = lines(&[
        "remediate",
        "-q",
        "--format",
        "jsonl",
        demo.to_str().unwrap(),
    ]);
    let del = demo_steps
        .iter()
        .find(|st| {
            st["action"] == "delete_file"
                && st["path"] == "/Users/alice/AppData/Roaming/updater.exe"
        })
        .expect("the demo's dropped updater is deleted");
    let bytes = foothold(&[
        "cat",
        demo.to_str().unwrap(),
        "/Users/alice/AppData/Roaming/updater.exe",
    ])
    .stdout;
    assert_eq!(del["sha256"], sha256(&bytes));
}

/// A corpus image or the demo disk, decompressed.
fn corpus_or_demo(name: &str) -> std::path::PathBuf {
    every_corpus_image()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, p)| p)
        .unwrap_or_else(|| panic!("no corpus image {name}"))
}

/// `remediate --sigma`: the monitoring rules made from two real attacks' logs detect those
/// attacks' own records — the PsExec service's 7045 and the ATexec task's 4698 — when the
/// logs are triaged with them, and every rule compiles.
#[test]
fn monitoring_rules_detect_the_events_they_were_made_from() {
    let Some(real) = real_corpus() else { return };
    let psexec = real.join("evtx/mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx");
    let atexec = real.join(
        "evtx/mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    );
    let dir = scratch().join("cli-monitoring-rules");
    let _ = std::fs::remove_dir_all(&dir);
    let linux = corpus_or_demo("linux-debian");
    let args = [
        "remediate",
        "-q",
        "--format",
        "jsonl",
        "--sigma",
        dir.to_str().unwrap(),
        psexec.to_str().unwrap(),
        atexec.to_str().unwrap(),
        linux.to_str().unwrap(),
    ];
    let o = foothold(&args);
    assert!(
        stderr(&o).contains("monitoring rules (Sigma) written"),
        "{}",
        stderr(&o)
    );
    let rules: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    let id_of = |prefix: &str| -> String {
        let (_, yaml) = rules
            .iter()
            .find(|(n, _)| n.starts_with(prefix))
            .unwrap_or_else(|| panic!("no rule {prefix}*"));
        yaml.lines()
            .find_map(|l| l.strip_prefix("id: "))
            .unwrap()
            .to_string()
    };
    let service = id_of("foothold-psexesvc-service-installed-");
    let task = id_of("foothold-bouwfqyo-task-created-");
    // A second run writes the same rules (stable ids).
    let again = scratch().join("cli-monitoring-rules-again");
    let _ = std::fs::remove_dir_all(&again);
    let mut args2 = args;
    args2[5] = again.to_str().unwrap();
    foothold(&args2);
    for (name, yaml) in &rules {
        assert_eq!(&std::fs::read_to_string(again.join(name)).unwrap(), yaml);
    }
    // Triaged with the rules, each log's own record matches its rule; no rule fails to load.
    let o = foothold(&[
        "triage",
        "--format",
        "jsonl",
        "--sigma",
        dir.to_str().unwrap(),
        psexec.to_str().unwrap(),
        atexec.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(
        err.lines()
            .filter(|l| l.starts_with("foothold: sigma:"))
            .count()
            == 1,
        "a rule did not load: {err}"
    );
    let events: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|f| f["subject"]["artifact"] == "event")
        .collect();
    let matched = |name: &str, id: &str| {
        events.iter().any(|f| {
            f["subject"]["name"] == name
                && f["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["id"] == format!("sigma:{id}"))
        })
    };
    assert!(matched("System 7045 record 471480", &service), "{events:?}");
    assert!(matched("Security 4698 record 2004852", &task), "{events:?}");
    compared("rsigma (generated rules)", 2);
}

/// `report`: one self-contained page (nothing fetched from elsewhere) that names every finding
/// of `medium` and above of a case with its answers and the event records behind them, and
/// that Chromium renders headless — its script runs to the end, the chart has a dot for each
/// such finding, no console error — and screenshots; the Markdown has the same sections.
#[test]
fn incident_report_renders_in_headless_chromium() {
    let Some(real) = real_corpus() else { return };
    let atexec = real.join(
        "evtx/mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    );
    let psexec = real.join("evtx/mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx");
    let evidence: Vec<String> = vec![
        corpus_or_demo("windows-vss").to_str().unwrap().to_string(),
        corpus_or_demo("linux-debian").to_str().unwrap().to_string(),
        corpus_or_demo("demo").to_str().unwrap().to_string(),
        atexec.to_str().unwrap().to_string(),
        psexec.to_str().unwrap().to_string(),
    ];
    let dir = scratch().join("cli-report");
    std::fs::create_dir_all(&dir).unwrap();
    let html_path = dir.join("report.html");
    let mut args = vec!["report", "-q", "-o", html_path.to_str().unwrap()];
    args.extend(evidence.iter().map(String::as_str));
    let o = foothold(&args);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(3),
        "{}",
        stderr(&o)
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    // Self-contained: no reference leaves the page.
    for bad in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "<link",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(html.contains("Content-Security-Policy"));
    // Every serious finding, as triage ranks them, has its answers.
    let mut targs = vec![
        "triage",
        "-q",
        "--format",
        "jsonl",
        "--min-severity",
        "medium",
    ];
    targs.extend(evidence.iter().map(String::as_str));
    let serious: Vec<serde_json::Value> = stdout(&foothold(&targs))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(serious.len() > 20, "{}", serious.len());
    assert_eq!(
        html.matches("<div class=\"finding\"").count(),
        serious.len()
    );
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    for f in &serious {
        let title = escape(f["title"].as_str().unwrap());
        assert!(html.contains(&format!("<b>{title}</b>")), "{title}");
    }
    // The answers name the records that prove them: the ATexec task's 4698, the PsExec 7045.
    assert!(html.contains("record 2004852 at 2021-06-10T21:21:26.3837263Z by OFFSEC\\admmig"));
    assert!(html.contains("record 471480 at 2021-04-21T09:27:56.0825092Z"));
    for q in [
        "Created when",
        "By whom",
        "With what rights",
        "What it runs",
        "What was removed",
        "Which other hosts have it",
    ] {
        assert!(html.contains(&format!("<div class=\"q\">{q}</div>")), "{q}");
    }
    let timed = serious.iter().filter(|f| f["time"].is_string()).count();
    let md_path = dir.join("report.md");
    let mut margs = vec![
        "report",
        "-q",
        "--format",
        "markdown",
        "-o",
        md_path.to_str().unwrap(),
    ];
    margs.extend(evidence.iter().map(String::as_str));
    foothold(&margs);
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert_eq!(md.matches("\n### ").count(), serious.len());
    // Rendered by a real browser.
    if !need("chromium", "headless Chromium rendering the report") {
        return;
    }
    let url = format!("file://{}", html_path.display());
    let dom = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            &url,
        ])
        .output()
        .unwrap();
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    let console = String::from_utf8_lossy(&dom.stderr);
    assert!(
        dom_text.contains("data-ready=\"1\""),
        "the page's script did not finish"
    );
    assert_eq!(dom_text.matches("<circle class=\"dot\"").count(), timed);
    assert!(
        !console
            .lines()
            .any(|l| l.contains("CONSOLE") || l.contains("Uncaught")),
        "console: {console}"
    );
    let png = dir.join("report.png");
    let _ = std::fs::remove_file(&png);
    let shot = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1300,1800",
            &format!("--screenshot={}", png.display()),
            &url,
        ])
        .output()
        .unwrap();
    let bytes = std::fs::read(&png).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}): {}",
            String::from_utf8_lossy(&shot.stderr)
        )
    });
    assert_eq!(bytes.get(..8), Some(&b"\x89PNG\r\n\x1a\n"[..]));
    let be = |o: usize| u32::from_be_bytes(bytes[o..o + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (1300, 1800), "IHDR width and height");
    // A blank page compresses to a few KiB; this one holds tables, text and the chart.
    assert!(bytes.len() > 60_000, "{} bytes", bytes.len());
    compared("chromium", 1);
}
