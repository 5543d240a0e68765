//! Monitoring rules: for a finding, Sigma rules that detect its recurrence on live machines —
//! the task created again (4698, Task Scheduler 106, `schtasks` naming it), the service
//! installed again (7045, 4697, `sc` naming it), the files it ran from running again (their
//! path or SHA-256 in a process-creation record), the cron file or unit written again, and
//! its maker logging on again from the same address (4624).
//!
//! Every value is the record's own, written as a Sigma string (its wildcards `*` and `?`
//! and a backslash before them escaped, so that a name is matched as written) in a YAML
//! double-quoted scalar (JSON's escapes, which YAML reads the same). The rules' ids are
//! stable: the same item on the same host gives the same id in every run.
use super::{Finding, Severity};
use crate::scan::Record;

/// One generated Sigma rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorRule {
    /// The rule's `id` (a UUID derived from the host, the item and what the rule watches).
    pub id: String,
    /// Its `title`.
    pub title: String,
    /// A file name for it (`foothold-…​.yml`).
    pub file_name: String,
    /// The rule, as YAML.
    pub yaml: String,
    watch: Watch,
}

impl MonitorRule {
    /// Writes the rule again for the finding as finally judged (its level, description and
    /// tags; across a case a finding's severity can rise after its rules were made).
    pub fn judged(&mut self, f: &Finding) {
        self.yaml = render(&self.watch, &self.id, f);
    }
}

/// A value as a Sigma string: `*`, `?` escaped, and a backslash that precedes a backslash
/// or one of them doubled (elsewhere a single backslash is literal, as in Windows paths).
///
/// ```
/// assert_eq!(foothold::sigma_literal(r"\Tasks\up*date?"), r"\Tasks\up\*date\?");
/// assert_eq!(foothold::sigma_literal(r"\\host\share"), r"\\\host\share");
/// ```
pub fn sigma_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '?' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => {
                out.push('\\');
                if matches!(chars.peek(), Some('\\' | '*' | '?')) {
                    out.push('\\');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A YAML double-quoted scalar (JSON's string syntax, which YAML reads the same).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A stable UUID (version-5 layout) from the SHA-256 of `seed`.
fn uuid(seed: &str) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(d.get(..16).unwrap_or(&[0u8; 16]));
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        h.get(..8).unwrap_or(""),
        h.get(8..12).unwrap_or(""),
        h.get(12..16).unwrap_or(""),
        h.get(16..20).unwrap_or(""),
        h.get(20..).unwrap_or("")
    )
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "critical",
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low | Severity::Info => "low",
    }
}

/// A field of a selection (with its modifiers) and the values it takes.
type Field = (&'static str, Vec<String>);
/// A named selection.
type Selection = (&'static str, Vec<Field>);

/// What one rule watches.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Watch {
    /// A short kind for the id and file name (`task_created`, `binary_runs`…).
    kind: &'static str,
    title: String,
    /// `logsource:` lines (`product: windows`, `service: security`).
    logsource: Vec<(&'static str, &'static str)>,
    /// Named selections: (name, [(field with modifiers, values)]).
    selections: Vec<Selection>,
    condition: String,
    falsepositives: &'static str,
}

fn one(field: &'static str, v: impl Into<String>) -> Field {
    (field, vec![v.into()])
}

/// The Sigma rules that would see this finding's item made or run again.
pub fn monitoring_rules(f: &Finding, r: &Record<'_>) -> Vec<MonitorRule> {
    let mut watches: Vec<Watch> = Vec::new();
    let windows = matches!(r, Record::ScheduledTask(_) | Record::Service(_));
    match *r {
        Record::ScheduledTask(t) => {
            let name = &t.task.name;
            let leaf = name.rsplit('\\').next().unwrap_or(name);
            watches.push(Watch {
                kind: "task_created",
                title: format!("Scheduled task {name} created"),
                logsource: vec![("product", "windows"), ("service", "security")],
                selections: vec![(
                    "selection",
                    vec![one("EventID", "4698"), one("TaskName", sigma_literal(name))],
                )],
                condition: "selection".into(),
                falsepositives: "the task legitimately registered again",
            });
            watches.push(Watch {
                kind: "task_registered",
                title: format!("Scheduled task {name} registered (Task Scheduler log)"),
                logsource: vec![("product", "windows"), ("service", "taskscheduler")],
                selections: vec![(
                    "selection",
                    vec![one("EventID", "106"), one("TaskName", sigma_literal(name))],
                )],
                condition: "selection".into(),
                falsepositives: "the task legitimately registered again",
            });
            if !leaf.is_empty() {
                watches.push(Watch {
                    kind: "schtasks_names_it",
                    title: format!("schtasks.exe run naming task {leaf}"),
                    logsource: vec![("product", "windows"), ("category", "process_creation")],
                    selections: vec![(
                        "selection",
                        vec![
                            one("Image|endswith", "\\schtasks.exe"),
                            one("CommandLine|contains", sigma_literal(leaf)),
                        ],
                    )],
                    condition: "selection".into(),
                    falsepositives: "an administrator querying or removing the task",
                });
            }
        }
        Record::Service(s) => {
            let name = &s.service.name;
            let image = s.service.image_path.as_deref().filter(|p| !p.is_empty());
            watches.push(service_installed(
                ("service_installed", "7045", "system", "ImagePath"),
                format!("Service {name} installed"),
                name,
                image,
            ));
            watches.push(service_installed(
                (
                    "service_installed_security",
                    "4697",
                    "security",
                    "ServiceFileName",
                ),
                format!("Service {name} installed (Security log)"),
                name,
                image,
            ));
            watches.push(Watch {
                kind: "sc_names_it",
                title: format!("sc.exe run naming service {name}"),
                logsource: vec![("product", "windows"), ("category", "process_creation")],
                selections: vec![(
                    "selection",
                    vec![
                        one("Image|endswith", "\\sc.exe"),
                        one("CommandLine|contains", sigma_literal(name)),
                    ],
                )],
                condition: "selection".into(),
                falsepositives: "an administrator querying or removing the service",
            });
        }
        Record::CronJob(c) => {
            if !c.job.command.is_empty() {
                watches.push(Watch {
                    kind: "job_command_runs",
                    title: format!("The command of cron job {} runs", f.subject.name),
                    logsource: vec![("product", "linux"), ("category", "process_creation")],
                    selections: vec![(
                        "selection",
                        vec![one("CommandLine|contains", sigma_literal(&c.job.command))],
                    )],
                    condition: "selection".into(),
                    falsepositives: "the same command run by hand",
                });
            }
            watches.push(file_written(&c.source.path));
        }
        Record::LinuxService(l) => {
            for e in l.service.exec.iter().filter(|e| e.setting == "ExecStart") {
                watches.push(Watch {
                    kind: "service_command_runs",
                    title: format!("The command of service {} runs", l.service.name),
                    logsource: vec![("product", "linux"), ("category", "process_creation")],
                    selections: vec![(
                        "selection",
                        vec![one("CommandLine|contains", sigma_literal(&e.command))],
                    )],
                    condition: "selection".into(),
                    falsepositives: "the same command run by hand",
                });
            }
            watches.push(file_written(&l.source.path));
        }
        _ => return Vec::new(),
    }
    // The files it ran, by path and by hash, when the scan found them.
    let runs = match *r {
        Record::ScheduledTask(t) => &t.runs,
        Record::Service(s) => &s.runs,
        Record::CronJob(c) => &c.runs,
        Record::LinuxService(l) => &l.runs,
        _ => return Vec::new(),
    };
    // (Only what the finding's reasons attribute to it: not the `cmd.exe` it merely starts.)
    for (b, _) in super::remediate::attributed(f, runs, windows) {
        let (Some(path), Some(h)) = (b.path.as_deref(), b.hashes.as_ref()) else {
            continue;
        };
        let (product, image) = if windows {
            ("windows", path.replace('/', "\\"))
        } else {
            ("linux", path.to_string())
        };
        let field = if windows { "Image|endswith" } else { "Image" };
        watches.push(Watch {
            kind: "binary_runs",
            title: format!("{image} runs (by path or SHA-256)"),
            logsource: vec![("product", product), ("category", "process_creation")],
            selections: vec![
                ("selection_path", vec![one(field, sigma_literal(&image))]),
                (
                    "selection_hash",
                    vec![one(
                        "Hashes|contains",
                        format!("SHA256={}", h.sha256.to_ascii_uppercase()),
                    )],
                ),
            ],
            condition: "1 of selection_*".into(),
            falsepositives: "none expected: the file the finding ran",
        });
    }
    // Its maker, back from the same address.
    let created = match *r {
        Record::ScheduledTask(t) => t.created_by.as_ref(),
        Record::Service(s) => s.created_by.as_ref(),
        _ => None,
    };
    if let Some((user, addr)) = created.and_then(|c| {
        let s = c.session.as_ref()?;
        let addr = s
            .source_address
            .as_deref()
            .filter(|a| !s.address_inferred && !a.is_empty() && *a != "-")?;
        let user = c.user.as_deref()?;
        Some((user.rsplit('\\').next().unwrap_or(user), addr))
    }) {
        watches.push(Watch {
            kind: "maker_logs_on",
            title: format!("{user} logs on from {addr}"),
            logsource: vec![("product", "windows"), ("service", "security")],
            selections: vec![(
                "selection",
                vec![
                    one("EventID", "4624"),
                    one("TargetUserName", sigma_literal(user)),
                    one("IpAddress", sigma_literal(addr)),
                ],
            )],
            condition: "selection".into(),
            falsepositives: "the account's owner, if the account was not compromised",
        });
    }
    let host = f.subject.host.as_deref().unwrap_or("");
    watches
        .into_iter()
        .map(|w| {
            let seed = format!(
                "foothold\u{0}{host}\u{0}{}\u{0}{}\u{0}{}\u{0}{:?}",
                f.subject.artifact, f.subject.name, w.kind, w.selections
            );
            let id = uuid(&seed);
            let yaml = render(&w, &id, f);
            let slug: String = f
                .subject
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
                .split('-')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let slug: String = slug.chars().take(40).collect();
            MonitorRule {
                watch: w.clone(),
                file_name: format!(
                    "foothold-{slug}-{}-{}.yml",
                    w.kind.replace('_', "-"),
                    id.get(..8).unwrap_or("")
                ),
                id,
                title: w.title.clone(),
                yaml,
            }
        })
        .collect()
}

/// A service installed: (kind, event ID, log, the event's field for the program), its name
/// or its program.
fn service_installed(
    (kind, event, log, image_field): (&'static str, &'static str, &'static str, &'static str),
    title: String,
    name: &str,
    image: Option<&str>,
) -> Watch {
    let mut selections = vec![
        ("selection_event", vec![one("EventID", event)]),
        (
            "selection_name",
            vec![one("ServiceName", sigma_literal(name))],
        ),
    ];
    let mut condition = "selection_event and selection_name".to_string();
    if let Some(p) = image {
        selections.push(("selection_image", vec![one(image_field, sigma_literal(p))]));
        condition = "selection_event and (selection_name or selection_image)".into();
    }
    Watch {
        kind,
        title,
        logsource: vec![("product", "windows"), ("service", log)],
        selections,
        condition,
        falsepositives: "the service legitimately reinstalled",
    }
}

fn file_written(path: &str) -> Watch {
    Watch {
        kind: "file_written",
        title: format!("{path} written"),
        logsource: vec![("product", "linux"), ("category", "file_event")],
        selections: vec![(
            "selection",
            vec![one("TargetFilename", sigma_literal(path))],
        )],
        condition: "selection".into(),
        falsepositives: "an administrator editing the file",
    }
}

fn render(w: &Watch, id: &str, f: &Finding) -> String {
    let mut y = String::new();
    y.push_str(&format!("title: {}\n", q(&w.title)));
    y.push_str(&format!("id: {id}\n"));
    y.push_str("status: experimental\n");
    y.push_str(&format!(
        "description: {}\n",
        q(&format!(
            "Recurrence of a persistence item foothold found on {} ({}): {}",
            f.subject.host.as_deref().unwrap_or("a machine"),
            // (The evidence file's name, not the examiner's path to it.)
            std::path::Path::new(&f.subject.source.evidence)
                .file_name()
                .map_or_else(
                    || f.subject.source.evidence.clone(),
                    |n| n.to_string_lossy().into_owned()
                ),
            f.title
        ))
    ));
    y.push_str("author: foothold\n");
    y.push_str("tags:\n    - attack.persistence\n");
    for t in &f.techniques {
        y.push_str(&format!(
            "    - {}\n",
            q(&format!("attack.{}", t.to_ascii_lowercase()))
        ));
    }
    y.push_str("logsource:\n");
    for (k, v) in &w.logsource {
        y.push_str(&format!("    {k}: {v}\n"));
    }
    y.push_str("detection:\n");
    for (name, fields) in &w.selections {
        y.push_str(&format!("    {name}:\n"));
        for (field, values) in fields {
            match values.as_slice() {
                [v] if *field == "EventID" => y.push_str(&format!("        {field}: {v}\n")),
                [v] => y.push_str(&format!("        {field}: {}\n", q(v))),
                vs => {
                    y.push_str(&format!("        {field}:\n"));
                    for v in vs {
                        y.push_str(&format!("            - {}\n", q(v)));
                    }
                }
            }
        }
    }
    y.push_str(&format!("    condition: {}\n", w.condition));
    y.push_str(&format!("falsepositives:\n    - {}\n", q(w.falsepositives)));
    y.push_str(&format!("level: {}\n", level(f.severity)));
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hostile task name (quotes, a newline, YAML and Sigma syntax, wildcards) gives rules
    /// that load as Sigma, whose value is the name itself.
    #[test]
    fn hostile_names_give_valid_rules() {
        let name = "\\a\"b: #c\n- d*e?f\\*";
        let rec = super::super::remediate::tests::task_record(name);
        let r = Record::ScheduledTask(&rec);
        let f = crate::judge(&r).unwrap();
        let rules = monitoring_rules(&f, &r);
        assert_eq!(
            rules.len(),
            3,
            "task created, registered, schtasks naming it"
        );
        let dir = std::env::temp_dir().join(format!("foothold-monitor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for rule in &rules {
            std::fs::write(dir.join(&rule.file_name), &rule.yaml).unwrap();
        }
        let (set, problems) = foothold_sigma::RuleSet::load(&[dir.as_path()]).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.len(), 3);
        assert!(
            rules[0]
                .yaml
                .contains(r#"TaskName: "\\a\"b: #c\n- d\\*e\\?f\\\\\\*""#),
            "{}",
            rules[0].yaml
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
