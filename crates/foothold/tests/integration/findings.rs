//! Findings on real third-party evidence: the known attacks of the shared corpus (the
//! APT-simulation task, impacket's atexec task, PsExec's and Metasploit's services, the
//! mimikatz driver) rank `high` or `critical` and above every item Windows ships (the real
//! task tree's `\Microsoft\Windows\` tasks, the services of three real SYSTEM hives), of
//! which at most 2 % reach `medium`; every score is the sum of its reasons' weights.
use crate::common::*;
use foothold::{Evidence, Finding, ScanSet, Severity};

/// Every finding of one loose file or image.
fn findings_of(path: &std::path::Path) -> Vec<Finding> {
    let ev = Evidence::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ev.scan(ScanSet::all())
        .findings()
        .into_iter()
        .map(|(f, _)| f)
        .collect()
}

/// A real hive, decompressed once into the scratch folder (named as Windows names it, so
/// that it is scanned as a SYSTEM hive).
fn hive(real: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    let dir = scratch().join("findings-hives").join(name);
    std::fs::create_dir_all(&dir).ok()?;
    let out = dir.join("SYSTEM");
    if !out.exists() {
        let o = std::process::Command::new("xz")
            .arg("-dc")
            .arg(real.join("hives").join(format!("{name}.xz")))
            .output()
            .ok()?;
        if !o.status.success() {
            skip("xz could not decompress the real SYSTEM hives");
            return None;
        }
        std::fs::write(&out, o.stdout).ok()?;
    }
    Some(out)
}

#[test]
fn known_attacks_rank_above_everything_windows_ships() {
    let Some(real) = real_corpus() else { return };
    let mut all: Vec<Finding> = Vec::new();
    for dir in ["tasks", "evtx"] {
        let mut files: Vec<_> = std::fs::read_dir(real.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            if Evidence::open(&f).is_ok() {
                all.extend(findings_of(&f));
            }
        }
    }
    let mut hives = 0;
    for name in [
        "regipy__SYSTEM",
        "regipy__SYSTEM_2",
        "regipy__SYSTEM_WIN_10_1709",
    ] {
        let Some(h) = hive(&real, name) else { return };
        all.extend(findings_of(&h));
        hives += 1;
    }
    assert_eq!(hives, 3);

    // Every score is its reasons' weights summed, clamped to 0..100; no reason, `info`.
    for f in &all {
        let sum: i32 = f.reasons.iter().map(|r| r.weight).sum();
        assert_eq!(i32::from(f.score), sum.clamp(0, 100), "{}", f.title);
        if f.reasons.iter().all(|r| r.weight <= 0) {
            assert_eq!(f.severity, Severity::Info, "{}", f.title);
        }
        assert!(!f.techniques.is_empty(), "{}", f.title);
    }

    // The known attacks, each by the name the scan gives it.
    let attacks: &[(&str, &str, Severity)] = &[
        // APTSimulator's task: mimikatz every five minutes.
        ("scheduled_task", "\\GameOver", Severity::High),
        // impacket atexec, created from the network and deleted within seconds.
        ("scheduled_task", "\\bouWFQYO", Severity::Critical),
        // Sysinternals PsExec's service (7045 of real System logs).
        ("service", "PSEXESVC", Severity::High),
        // Metasploit psexec: random service, random program in the Windows folder.
        ("service", "KgXItsbKgTJzdzwl", Severity::High),
        // Meterpreter getsystem: cmd.exe echoing into a named pipe.
        ("service", "hgabms", Severity::High),
        // The mimikatz driver.
        ("service", "mimidrv", Severity::High),
    ];
    let mut lowest_attack = 100u8;
    for (artifact, name, at_least) in attacks {
        let found: Vec<&Finding> = all
            .iter()
            .filter(|f| f.subject.artifact == *artifact && f.subject.name == *name)
            .collect();
        assert!(!found.is_empty(), "no finding on {artifact} {name}");
        for f in found {
            assert!(
                f.severity >= *at_least,
                "{name}: {} {} {:?}",
                f.severity,
                f.score,
                f.reasons
            );
            lowest_attack = lowest_attack.min(f.score);
        }
    }

    // What Windows ships: the real task tree's \Microsoft\Windows\ tasks and the real
    // SYSTEM hives' services (all but PsExec's, which an administrator installed).
    let shipped: Vec<&Finding> = all
        .iter()
        .filter(|f| {
            (f.subject.artifact == "scheduled_task"
                && f.subject.name.starts_with("\\Microsoft\\Windows\\")
                && f.subject.source.evidence.contains("museum_Tasks"))
                || (f.subject.artifact == "service"
                    && f.subject.source.evidence.contains("findings-hives")
                    && f.subject.name != "PSEXESVC")
        })
        .collect();
    assert!(shipped.len() > 1500, "{} shipped items", shipped.len());
    let medium = shipped
        .iter()
        .filter(|f| f.severity >= Severity::Medium)
        .count();
    assert!(
        medium * 50 <= shipped.len(),
        "{medium} of {} Windows items at medium or worse",
        shipped.len()
    );
    let top = shipped.iter().map(|f| f.score).max().unwrap_or(0);
    assert!(
        top < lowest_attack,
        "a Windows item scores {top}, an attack {lowest_attack}"
    );
    eprintln!(
        "{} findings; attacks score >= {lowest_attack}; {} Windows items, {medium} at medium or worse, highest {top}",
        all.len(),
        shipped.len()
    );
}

/// The table of rules: every rule a finding gives is in it, and a reason's id is stable
/// (the same input, the same ids).
#[test]
fn reasons_come_from_the_table() {
    let ids = foothold::rule_ids();
    assert!(ids.len() > 30, "{ids:?}");
    let img = corpus_image("windows-tasks");
    let a = findings_of(&img);
    let b = findings_of(&img);
    assert_eq!(a, b);
    for f in &a {
        for r in &f.reasons {
            assert!(ids.contains(&r.id), "{} not in rules.tsv", r.id);
        }
    }
    // The corpus task that runs an encoded PowerShell command says so.
    let everything = a
        .iter()
        .find(|f| f.subject.name == "\\Actions\\Everything")
        .expect("the Everything task");
    assert!(
        everything.reasons.iter().any(|r| r.id == "encoded_command"),
        "{:?}",
        everything.reasons
    );
}

/// SigmaHQ's rules (`../shared/sigma/rules`, or `$FOOTHOLD_SIGMA_RULES/rules`), loaded once.
fn sigma_rules() -> Option<&'static foothold::sigma::RuleSet> {
    static R: std::sync::OnceLock<Option<foothold::sigma::RuleSet>> = std::sync::OnceLock::new();
    let dir = std::env::var_os("FOOTHOLD_SIGMA_RULES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/sigma"))
        .join("rules");
    let set = R.get_or_init(|| {
        foothold::sigma::RuleSet::load(&[dir.as_path()])
            .ok()
            .map(|(s, _)| s)
    });
    if set.is_none() {
        skip(format!("SigmaHQ rules not found at {}", dir.display()));
    }
    set.as_ref()
}

/// With Sigma rules, a real PsExec log's 7045 is a finding of its own (the rule's level its
/// severity, the rule's techniques its own) and raises the PSEXESVC service it installed;
/// without them, no event is judged. Every score is still the sum of its reasons.
#[test]
fn sigma_matches_are_findings_and_raise_their_item() {
    let Some(real) = real_corpus() else { return };
    let Some(rules) = sigma_rules() else { return };
    let log = real.join("evtx/mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx");
    let report = Evidence::open(&log)
        .unwrap()
        .scan_with(ScanSet::all(), true);
    let plain = report.findings();
    assert!(plain.iter().all(|(f, _)| f.subject.artifact != "event"));
    let with = report.findings_with(Some(rules));
    let psexec_rule = "sigma:42c575ea-e41e-41f1-b248-8093c3e82a28"; // PsExec Service Installation
    let event = with
        .iter()
        .map(|(f, _)| f)
        .find(|f| f.subject.artifact == "event" && f.reasons.iter().any(|r| r.id == psexec_rule))
        .expect("the 7045 matched");
    assert_eq!(event.subject.name, "System 7045 record 471480");
    assert_eq!(event.subject.source.record_id, Some(471480));
    assert_eq!(event.severity, Severity::Medium, "{event:#?}"); // the rule's level
    assert!(
        event.techniques.iter().any(|t| t == "T1569.002"),
        "{event:?}"
    );
    let before = plain
        .iter()
        .map(|(f, _)| f)
        .find(|f| f.subject.name == "PSEXESVC")
        .unwrap();
    let after = with
        .iter()
        .map(|(f, _)| f)
        .find(|f| f.subject.name == "PSEXESVC")
        .unwrap();
    let raised = after.reasons.iter().find(|r| r.id == psexec_rule).unwrap();
    assert!(
        raised.text.contains("PsExec Service Installation")
            && raised.text.contains("7045 record 471480"),
        "{raised:?}"
    );
    assert!(after.score >= before.score && after.reasons.len() == before.reasons.len() + 1);
    // The log's clearing (104) is a high finding of its own, and above the 7045.
    let cleared = with
        .iter()
        .position(|(f, _)| f.subject.name.starts_with("System 104 "))
        .unwrap();
    let installed = with
        .iter()
        .position(|(f, _)| f.subject.name == "System 7045 record 471480")
        .unwrap();
    assert_eq!(with[cleared].0.severity, Severity::High);
    assert!(cleared < installed);
    for (f, _) in &with {
        let sum: i32 = f.reasons.iter().map(|r| r.weight).sum();
        assert_eq!(i32::from(f.score), sum.clamp(0, 100), "{f:?}");
    }
    compared("sigma findings on a real log", with.len());
}

/// Each rule of `rules.tsv` on a real record it must speak for: corpus images (made by real
/// tools), the shared real task files, logs and hives, and a case of corpus images. (Rules
/// met on records other tests build — an NTFS image with real programs, a Debian root of real
/// packages, an image layout of real logs, a GPO tree — are asserted there; the last test
/// below checks that every rule is asserted somewhere.)
#[test]
fn every_rule_speaks_on_a_real_record() {
    let Some(real) = real_corpus() else { return };
    let evtx = |n: &str| real.join("evtx").join(n);
    let cases: Vec<(std::path::PathBuf, &str, &[&str])> = vec![
        (
            corpus_image("windows-tasks"),
            "\\Hidden\\Tarrask",
            &[
                "no_security_descriptor",
                "registry_only",
                "frequent",
                "runs_privileged_from_user_path",
                "user_writable_path",
                "binary_missing",
            ],
        ),
        (
            corpus_image("windows-tasks"),
            "\\Actions\\Everything",
            &["encoded_command", "launcher", "nonstandard_path"],
        ),
        (corpus_image("windows-tasks"), "\\Renamed", &["index_zero"]),
        (
            corpus_image("windows-tasks"),
            "\\Encodings\\utf8-bom",
            &["xml_registry_mismatch"],
        ),
        (
            corpus_image("windows-vss"),
            "\\Updater",
            &["removed_since_snapshot"],
        ),
        (
            corpus_image("demo"),
            "/etc/cron.d/.hidden-beacon:1",
            &["download_and_execute", "ignored_by_cron"],
        ),
        (
            corpus_image("linux-debian"),
            "/etc/cron.daily/update.sh",
            &["reverse_shell"],
        ),
        (
            corpus_image("linux-debian"),
            "/var/spool/cron/crontabs/alice:5",
            &["file_owner_not_crontab_owner", "hidden_path"],
        ),
        (
            corpus_image("linux-rhel"),
            "/var/spool/cron/bob:1",
            &["inline_script"],
        ),
        (
            evtx("deepblue__metasploit-psexec-native-target-system.evtx"),
            "KgXItsbKgTJzdzwl",
            &["psexec_pattern", "windows_root_binary", "random_name"],
        ),
        (
            evtx("deepblue__metasploit-psexec-native-target-system.evtx"),
            "hgabms",
            &["shell_as_service", "pipe_impersonation"],
        ),
        (
            evtx("mdecrevoisier__ID4697-New_service_for_Mimikatz.evtx"),
            "mimidrv",
            &["credential_theft"],
        ),
        (
            evtx("mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx"),
            "PSEXESVC",
            &["remote_admin_service"],
        ),
        (
            evtx("mdecrevoisier__ID4698-4699-Fast_created_and_deleted_task_by_SMBexec_sups._arg..evtx"),
            "\\smbservice",
            &["author_differs_from_creator", "short_lived", "deleted"],
        ),
        (
            evtx("mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx"),
            "\\bouWFQYO",
            &["created_over_network", "output_to_temp"],
        ),
    ];
    let mut n = 0;
    for (path, name, rules) in &cases {
        let findings = findings_of(path);
        let ids: Vec<&str> = findings
            .iter()
            .filter(|f| f.subject.name == *name)
            .flat_map(|f| f.reasons.iter().map(|r| r.id.as_str()))
            .collect();
        for r in *rules {
            assert!(
                ids.contains(r),
                "{}: {name}: {r} not in {ids:?}",
                path.display()
            );
            n += 1;
        }
    }
    // Across a case of three corpus disks: a task only one of them has; against a baseline
    // (windows-tasks), what the other Windows disk has and it does not.
    let mut case: Vec<Finding> = ["windows-tasks", "windows-vss", "demo"]
        .iter()
        .flat_map(|i| findings_of(&corpus_image(i)))
        .collect();
    let baseline = findings_of(&corpus_image("windows-tasks"));
    let vss = corpus_image("windows-vss").display().to_string();
    let demo = corpus_image("demo").display().to_string();
    foothold::judge_across(&mut case, Some(&baseline));
    let rare = case
        .iter()
        .find(|f| f.subject.source.evidence == demo && f.subject.artifact == "scheduled_task")
        .expect("a task of the demo disk");
    assert!(
        rare.reasons.iter().any(|r| r.id == "rare_in_case"),
        "{}: {:?}",
        rare.subject.name,
        rare.reasons
    );
    let new = case
        .iter()
        .find(|f| f.subject.source.evidence == vss && f.subject.name == "\\Updater")
        .expect("windows-vss's \\Updater");
    assert!(
        new.reasons.iter().any(|r| r.id == "not_in_baseline"),
        "{:?}",
        new.reasons
    );
    n += 2;
    assert_eq!(n, 32);
}

/// Every rule of `rules.tsv` is asserted on a real record by some test of this binary (its
/// id quoted in a test source), except those no real record can meet yet, named here.
#[test]
fn every_rule_is_asserted_by_a_test() {
    // (Every rule has one now; a rule no real record can meet would be named here, and why.)
    let not_yet: [&str; 0] = [];
    let dir = repo_root().join("crates/foothold/tests/integration");
    let mut sources = String::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("findings.rs") {
            sources.push_str(&std::fs::read_to_string(&p).unwrap());
        }
    }
    // This file's own table, without this test (which names rules it does not assert).
    let own = std::fs::read_to_string(dir.join("findings.rs")).unwrap();
    let own = own
        .split("fn every_rule_is_asserted_by_a_test")
        .next()
        .unwrap();
    sources.push_str(own);
    let missing: Vec<String> = foothold::rule_ids()
        .into_iter()
        .filter(|id| !not_yet.contains(&id.as_str()))
        .filter(|id| !sources.contains(&format!("\"{id}\"")))
        .collect();
    assert!(missing.is_empty(), "rules no test asserts: {missing:?}");
}
