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
