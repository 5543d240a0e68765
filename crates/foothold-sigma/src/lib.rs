//! Sigma rules over event-log records.
//!
//! [`RuleSet::load`] reads Sigma rules (YAML files, or folders of them) and compiles each
//! Windows rule for the event logs its `logsource` names; [`RuleSet::matches`] gives the
//! rules one event record matches. The evaluation is `rsigma-eval`'s (measured against
//! `sigma-rust`: both match every regression sample of SigmaHQ's `builtin`, `process_creation`
//! and `sysmon` rules, and rsigma evaluated the 3,141-rule set 245 times faster).
//!
//! **Log sources.** Sigma names log sources by taxonomy (`service: security`, `category:
//! process_creation`); event logs name themselves by channel and event ID. The mapping is one
//! reviewed table, `logsources.tsv` beside this file: a `service` is every record of its
//! channel(s), a `category` the records of a channel with the event IDs that record it
//! (Sysmon's, and Security's 4688 for `process_creation`). A rule whose log source is not a
//! Windows event log (another product, an ETW-only category) is loaded but not evaluated,
//! and said so ([`RuleSet::not_evaluated`]).
//!
//! **Fields.** An event gives Sigma every `EventData`/`UserData` field by its name (as
//! foothold reads it: `data`), and `EventID`, `Channel`, `Provider_Name`, `Computer`,
//! `EventRecordID` from `System`. Security's 4688 also answers to Sysmon's names
//! (`Image` = `NewProcessName`, `ParentImage` = `ParentProcessName`, `ProcessId` =
//! `NewProcessId`, `User` = `SubjectUserName`), as Sigma's Windows pipelines map them.
//!
//! ```
//! use foothold_core::Event;
//! let dir = std::env::temp_dir().join(format!("sigma-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("svc.yml"), r#"
//! title: Service installed from a temporary folder
//! id: 0b3a7c6e-0000-4000-8000-000000000001
//! logsource: { product: windows, service: system }
//! detection:
//!     sel: { EventID: 7045, ImagePath|contains: '\Temp\' }
//!     condition: sel
//! level: high
//! tags: [attack.persistence, attack.t1543.003]
//! "#).unwrap();
//! let (rules, problems) = foothold_sigma::RuleSet::load(&[dir.as_path()]).unwrap();
//! assert!(problems.is_empty());
//! let mut e: Event = Event { channel: "System".into(), event_id: Some(7045), ..Event::default() };
//! e.data.insert("ImagePath".into(), r"C:\Windows\Temp\x.exe".into());
//! let hits = rules.matches(&e);
//! assert_eq!(hits[0].title, "Service installed from a temporary folder");
//! assert_eq!(hits[0].level, Some(foothold_sigma::Level::High));
//! assert_eq!(hits[0].techniques, ["T1543.003"]);
//! e.channel = "Application".into(); // another log: the rule is not asked
//! assert!(rules.matches(&e).is_empty());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![forbid(unsafe_code)]

use foothold_core::Event as LogEvent;
use rsigma_eval::event::{Event as SigmaEvent, EventValue};
use rsigma_eval::Engine;
use rsigma_parser::SigmaRule;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why rules could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rule file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A rule file is not a Sigma rule (YAML or rule syntax).
    #[error("{path}: {reason}")]
    Rule {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
}

/// A Sigma rule's `level`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// `informational`.
    Informational,
    /// `low`.
    Low,
    /// `medium`.
    Medium,
    /// `high`.
    High,
    /// `critical`.
    Critical,
}

impl Level {
    /// The name, as Sigma writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Informational => "informational",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }

    fn of(l: rsigma_parser::Level) -> Level {
        match l {
            rsigma_parser::Level::Informational => Level::Informational,
            rsigma_parser::Level::Low => Level::Low,
            rsigma_parser::Level::Medium => Level::Medium,
            rsigma_parser::Level::High => Level::High,
            rsigma_parser::Level::Critical => Level::Critical,
        }
    }
}

/// One loaded rule, as a match names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Rule {
    /// The rule's `id` (a UUID), when it has one: stable, the handle to suppress it by.
    pub id: Option<String>,
    /// The rule's `title`.
    pub title: String,
    /// The rule's `level`.
    pub level: Option<Level>,
    /// ATT&CK technique ids from its `attack.tNNNN[.NNN]` tags, upper case.
    pub techniques: Vec<String>,
    /// The file it was read from.
    pub path: String,
}

/// A rule loaded but not evaluated, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEvaluated {
    /// The rule.
    pub rule: Rule,
    /// Why: `product linux`, `category file_access`, `correlation rule`…
    pub why: String,
}

/// The rules of one log source: the records of a channel (with some event IDs), and the
/// engine holding the rules that read them.
struct Route {
    ids: Option<Vec<u32>>,
    /// Sigma field → the log's field (Security 4688's process fields).
    aliases: Vec<(String, String)>,
    engine: Engine,
}

/// Sigma rules compiled for Windows event logs.
pub struct RuleSet {
    /// By channel (compared without case); `*` for rules of every Windows log.
    routes: Vec<(String, Vec<Route>)>,
    rules: Vec<Rule>,
    /// A rule's id and title ([`key`]) → its index in `rules` (two files may share an id).
    index: HashMap<String, usize>,
    not_evaluated: Vec<NotEvaluated>,
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.len())
            .field("not_evaluated", &self.not_evaluated.len())
            .finish()
    }
}

/// A rule file larger than this is not a rule (SigmaHQ's largest is 60 KiB).
const MAX_RULE_FILE: u64 = 4 << 20;
/// Folders deeper than this are not walked (a rule tree is a few levels deep).
const MAX_DEPTH: usize = 32;

/// One line of `logsources.tsv`.
#[derive(Debug, Clone)]
struct SourceLine {
    kind: &'static str,
    name: String,
    channel: String,
    ids: Option<Vec<u32>>,
    aliases: Vec<(String, String)>,
}

fn table() -> &'static [SourceLine] {
    static T: std::sync::OnceLock<Vec<SourceLine>> = std::sync::OnceLock::new();
    T.get_or_init(|| parse_table(include_str!("logsources.tsv")))
}

/// `logsources.tsv` read; a malformed line is a bug of the crate (a unit test reads it whole).
fn parse_table(tsv: &str) -> Vec<SourceLine> {
    let mut out = Vec::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let ids = |s: &str| s.split(',').filter_map(|i| i.parse().ok()).collect();
        let aliases = |s: &str| {
            s.split(',')
                .filter_map(|p| p.split_once('='))
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        match cols.as_slice() {
            ["service", name, channel] => out.push(SourceLine {
                kind: "service",
                name: name.to_string(),
                channel: channel.to_string(),
                ids: None,
                aliases: Vec::new(),
            }),
            ["category", name, channel, rest @ ..] if rest.len() <= 2 => out.push(SourceLine {
                kind: "category",
                name: name.to_string(),
                channel: channel.to_string(),
                ids: rest.first().map(|s| ids(s)),
                aliases: rest.get(1).map(|s| aliases(s)).unwrap_or_default(),
            }),
            _ => {}
        }
    }
    out
}

/// The log sources a rule reads: `Ok(lines)` of the table, or why it is not evaluated.
fn sources_of(rule: &SigmaRule) -> Result<Vec<&'static SourceLine>, String> {
    let ls = &rule.logsource;
    match ls.product.as_deref() {
        Some(p) if p.eq_ignore_ascii_case("windows") => {}
        Some(p) => return Err(format!("product {p}")),
        None if ls.service.is_none() && ls.category.is_none() => return Err("no log source".into()),
        None => {}
    }
    let (kind, name) = match (&ls.service, &ls.category) {
        (Some(s), _) => ("service", s.as_str()),
        (None, Some(c)) => ("category", c.as_str()),
        (None, None) => return Ok(Vec::new()),
    };
    let lines: Vec<&SourceLine> = table()
        .iter()
        .filter(|l| l.kind == kind && l.name.eq_ignore_ascii_case(name))
        .collect();
    if lines.is_empty() {
        return Err(format!("{kind} {name}"));
    }
    Ok(lines)
}

fn techniques(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .filter_map(|t| t.strip_prefix("attack."))
        .filter(|t| {
            let mut c = t.chars();
            matches!(c.next(), Some('t' | 'T')) && c.next().is_some_and(|d| d.is_ascii_digit())
        })
        .map(|t| t.to_ascii_uppercase())
        .collect();
    out.dedup();
    out
}

/// How a rule is found again from what the engine says of it: its id and its title.
fn key(id: Option<&str>, title: &str) -> String {
    format!("{}\u{0}{title}", id.unwrap_or(""))
}

/// `windash` as Sigma defines it (and pySigma implements it): a `-` **or `/`** that begins a
/// word stands for any of `-`, `/`, `–`, `—`, `―`. rsigma expands `-` only, so a value written
/// with `/` (`' /accepteula'`) would miss `-accepteula`; such a `/` is written as `-` before
/// rsigma compiles the rule (its expansion gives the `/` back). Found by the comparison with
/// sigma-rust on a real Sysmon log (procdump's `-accepteula`).
fn windash_slashes(rule: &mut SigmaRule) {
    use rsigma_parser::{Detection, Modifier, SigmaValue, StringPart};
    fn rewrite(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut prev: Option<char> = None;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            let starts_word = !word(prev) && word(chars.peek().copied());
            out.push(if c == '/' && starts_word { '-' } else { c });
            prev = Some(c);
        }
        out
    }
    fn walk(d: &mut Detection) {
        match d {
            Detection::AllOf(items) => {
                for item in items {
                    if !item.field.modifiers.contains(&Modifier::WindAsh) {
                        continue;
                    }
                    for v in &mut item.values {
                        if let SigmaValue::String(s) = v {
                            // rsigma refuses more than 8 dashes: then the value stays.
                            let new = rewrite(&s.original);
                            if new.matches('-').count() > 8 {
                                continue;
                            }
                            s.original = new;
                            for p in &mut s.parts {
                                if let StringPart::Plain(t) = p {
                                    *t = rewrite(t);
                                }
                            }
                        }
                    }
                }
            }
            Detection::AnyOf(list) => list.iter_mut().for_each(walk),
            _ => {}
        }
    }
    rule.detection.named.values_mut().for_each(walk);
}

/// Every rule file below `path` (a file is itself), in name order; folders reached through a
/// link are not entered (no cycles).
fn rule_files(path: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let Ok(m) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if m.is_dir() {
            rule_files(&p, depth + 1, out)?;
        } else if m.is_file()
            && p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
        {
            out.push(p);
        }
    }
    Ok(())
}

impl RuleSet {
    /// Every Sigma rule of `paths` (YAML files, or folders walked for `*.yml`/`*.yaml`),
    /// compiled for the logs its `logsource` names. A file that is not a rule is a problem
    /// returned beside the set (the others load); a path that cannot be read is an error.
    pub fn load(paths: &[&Path]) -> Result<(RuleSet, Vec<Error>), Error> {
        let mut files = Vec::new();
        for p in paths {
            rule_files(p, 0, &mut files)?;
        }
        let mut problems = Vec::new();
        let mut parsed: Vec<(SigmaRule, String)> = Vec::new();
        let mut set = RuleSet {
            routes: Vec::new(),
            rules: Vec::new(),
            index: HashMap::new(),
            not_evaluated: Vec::new(),
        };
        for file in files {
            let rule_err = |reason: String| Error::Rule {
                path: file.clone(),
                reason,
            };
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            if size > MAX_RULE_FILE {
                problems.push(rule_err(format!("{size} bytes: not a rule file")));
                continue;
            }
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(source) => {
                    problems.push(Error::Io { path: file, source });
                    continue;
                }
            };
            let collection = match rsigma_parser::parse_sigma_yaml(&text) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(rule_err(e.to_string()));
                    continue;
                }
            };
            for e in &collection.errors {
                problems.push(rule_err(e.to_string()));
            }
            let path = file.display().to_string();
            for c in &collection.correlations {
                set.not_evaluated.push(NotEvaluated {
                    rule: Rule {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        level: c.level.map(Level::of),
                        techniques: techniques(&c.tags),
                        path: path.clone(),
                    },
                    why: "correlation rule".into(),
                });
            }
            parsed.extend(collection.rules.into_iter().map(|mut r| {
                windash_slashes(&mut r);
                (r, path.clone())
            }));
        }
        // Each rule into the engine of every log source it reads (one batch per engine:
        // rsigma rebuilds its index once).
        let mut batches: Vec<(&'static SourceLine, Vec<usize>)> = Vec::new();
        let mut anywhere: Vec<usize> = Vec::new();
        for (i, (rule, path)) in parsed.iter().enumerate() {
            let info = Rule {
                id: rule.id.clone(),
                title: rule.title.clone(),
                level: rule.level.map(Level::of),
                techniques: techniques(&rule.tags),
                path: path.clone(),
            };
            match sources_of(rule) {
                Ok(lines) => {
                    if lines.is_empty() {
                        anywhere.push(i);
                    }
                    for line in lines {
                        match batches.iter_mut().find(|(l, _)| std::ptr::eq(*l, line)) {
                            Some((_, v)) => v.push(i),
                            None => batches.push((line, vec![i])),
                        }
                    }
                    set.index
                        .insert(key(info.id.as_deref(), &info.title), set.rules.len());
                    set.rules.push(info);
                }
                Err(why) => set.not_evaluated.push(NotEvaluated { rule: info, why }),
            }
        }
        // Rules that do not compile: said (a problem) and moved to the rules not evaluated.
        let mut failed: Vec<(usize, String)> = Vec::new();
        let mut add = |channel: &str, ids, aliases, members: &[usize]| {
            let mut engine = Engine::new();
            let rules: Vec<&SigmaRule> = members
                .iter()
                .filter_map(|&i| parsed.get(i))
                .map(|(r, _)| r)
                .collect();
            for (i, e) in engine.add_rules(rules.iter().copied()) {
                if let Some(&m) = members.get(i) {
                    if !failed.iter().any(|(f, _)| *f == m) {
                        failed.push((m, e.to_string()));
                    }
                }
            }
            let route = Route {
                ids,
                aliases,
                engine,
            };
            match set
                .routes
                .iter_mut()
                .find(|(c, _)| c.eq_ignore_ascii_case(channel))
            {
                Some((_, v)) => v.push(route),
                None => set.routes.push((channel.to_string(), vec![route])),
            }
        };
        for (line, members) in &batches {
            add(
                &line.channel,
                line.ids.clone(),
                line.aliases.clone(),
                members,
            );
        }
        if !anywhere.is_empty() {
            add("*", None, Vec::new(), &anywhere);
        }
        for (m, reason) in failed {
            let Some((rule, path)) = parsed.get(m) else {
                continue;
            };
            problems.push(Error::Rule {
                path: PathBuf::from(path),
                reason: reason.clone(),
            });
            let k = key(rule.id.as_deref(), &rule.title);
            if let Some(i) = set.index.remove(&k) {
                if let Some(r) = set.rules.get(i).cloned() {
                    set.not_evaluated.push(NotEvaluated {
                        rule: r,
                        why: format!("does not compile: {reason}"),
                    });
                }
            }
        }
        Ok((set, problems))
    }

    /// How many rules are evaluated.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no rule is evaluated.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The rules loaded but not evaluated (not for a Windows event log, or not compiled),
    /// and why.
    pub fn not_evaluated(&self) -> &[NotEvaluated] {
        &self.not_evaluated
    }

    /// The log sources that read `event`: the engines to ask and the field names they use.
    /// Text-log records (syslog, shell histories) are not Windows events: none.
    fn routes_of<'s, D>(&'s self, event: &LogEvent<D>) -> impl Iterator<Item = &'s Route> {
        let evtx = !event.log.is_text();
        let channel = event.channel.clone();
        let id = event.event_id;
        self.routes
            .iter()
            .filter(move |(c, _)| evtx && (c == "*" || c.eq_ignore_ascii_case(&channel)))
            .flat_map(|(_, routes)| routes.iter())
            .filter(move |r| {
                r.ids
                    .as_ref()
                    .is_none_or(|ids| id.is_some_and(|id| ids.contains(&id)))
            })
    }

    /// The rules whose log source reads `event` (those [`RuleSet::matches`] asks), by log
    /// source, each with the event's fields as that log source names them (a JSON object):
    /// what an independent engine is given to check ours.
    pub fn eligible<D>(&self, event: &LogEvent<D>) -> Vec<(Vec<&Rule>, serde_json::Value)> {
        self.routes_of(event)
            .map(|route| {
                let fields = View {
                    e: event,
                    aliases: &route.aliases,
                }
                .to_json();
                let rules = route
                    .engine
                    .rules()
                    .iter()
                    .filter_map(|r| {
                        self.index
                            .get(&key(r.id.as_deref(), &r.title))
                            .and_then(|&i| self.rules.get(i))
                    })
                    .collect();
                (rules, fields)
            })
            .collect()
    }

    /// The rules `event` matches (each once), in the order they were loaded. Text-log
    /// records (syslog, shell histories) are not Windows events: none.
    pub fn matches<D>(&self, event: &LogEvent<D>) -> Vec<&Rule> {
        let mut out: Vec<usize> = Vec::new();
        for route in self.routes_of(event) {
            {
                let view = View {
                    e: event,
                    aliases: &route.aliases,
                };
                for m in route.engine.evaluate(&view) {
                    let k = key(m.header.rule_id.as_deref(), &m.header.rule_title);
                    if let Some(&i) = self.index.get(&k) {
                        if !out.contains(&i) {
                            out.push(i);
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        out.iter().filter_map(|&i| self.rules.get(i)).collect()
    }
}

/// One event record as Sigma sees it (see the crate's documentation for the fields).
struct View<'a, D> {
    e: &'a LogEvent<D>,
    aliases: &'a [(String, String)],
}

impl<D> View<'_, D> {
    fn field(&self, name: &str) -> Option<EventValue<'_>> {
        let e = self.e;
        let s = |v: &str| Some(EventValue::Str(Cow::Owned(v.to_string())));
        match name {
            "EventID" => return e.event_id.map(|i| EventValue::Int(i64::from(i))),
            "EventRecordID" => {
                return e
                    .record_id
                    .and_then(|i| i64::try_from(i).ok())
                    .map(EventValue::Int)
            }
            "Channel" => return s(&e.channel),
            "Provider_Name" => return s(&e.provider),
            "Computer" => return e.computer.as_deref().and_then(s),
            _ => {}
        }
        let name = self
            .aliases
            .iter()
            .find(|(a, _)| a == name)
            .map_or(name, |(_, b)| b.as_str());
        e.data
            .get(name)
            .map(|v| EventValue::Str(Cow::Borrowed(v.as_str())))
    }
}

impl<D> SigmaEvent for View<'_, D> {
    fn get_field(&self, path: &str) -> Option<EventValue<'_>> {
        self.field(path)
    }

    fn any_string_value(&self, pred: &dyn Fn(&str) -> bool) -> bool {
        self.e.data.values().any(|v| pred(v))
    }

    fn all_string_values(&self) -> Vec<Cow<'_, str>> {
        self.e
            .data
            .values()
            .map(|v| Cow::Borrowed(v.as_str()))
            .collect()
    }

    fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for (k, v) in &self.e.data {
            m.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        for (a, _) in self.aliases {
            if let Some(v) = self.field(a) {
                m.insert(a.clone(), v.to_json());
            }
        }
        for k in [
            "EventID",
            "EventRecordID",
            "Channel",
            "Provider_Name",
            "Computer",
        ] {
            if let Some(v) = self.field(k) {
                m.insert(k.into(), v.to_json());
            }
        }
        serde_json::Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_whole() {
        let src = include_str!("logsources.tsv");
        let lines = src
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        let t = parse_table(src);
        assert_eq!(t.len(), lines, "every line parses");
        let p = t
            .iter()
            .find(|l| l.name == "process_creation" && l.channel == "Security")
            .unwrap();
        assert_eq!(p.ids.as_deref(), Some(&[4688][..]));
        assert!(p
            .aliases
            .contains(&("Image".into(), "NewProcessName".into())));
    }

    #[test]
    fn windash_begins_with_a_slash_too() {
        let yaml = r"
title: t
logsource: { product: windows, category: process_creation }
detection:
    sel: { CommandLine|contains|windash: ' /accepteula' }
    plain: { CommandLine|contains: ' /x' }
    condition: sel or plain
";
        let mut rule = rsigma_parser::parse_sigma_yaml(yaml)
            .unwrap()
            .rules
            .remove(0);
        windash_slashes(&mut rule);
        let mut engine = Engine::new();
        engine.add_rule(&rule).unwrap();
        let ask = |cmd: &str| {
            let mut e: LogEvent = LogEvent::default();
            e.data.insert("CommandLine".into(), cmd.into());
            !engine
                .evaluate(&View {
                    e: &e,
                    aliases: &[],
                })
                .is_empty()
        };
        assert!(ask("procdump -accepteula -ma lsass.exe"));
        assert!(ask("procdump /accepteula"));
        assert!(ask("procdump \u{2013}accepteula"));
        assert!(
            !ask("procdump -x"),
            "a value without windash is left as written"
        );
        assert!(
            !ask("a/accepteula"),
            "a slash inside a word is not a switch"
        );
    }

    #[test]
    fn technique_tags() {
        let tags = [
            "attack.persistence",
            "attack.t1053.005",
            "attack.T1059",
            "cve.2021-1",
        ]
        .map(String::from);
        assert_eq!(techniques(&tags), ["T1053.005", "T1059"]);
    }
}
