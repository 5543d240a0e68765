//! Sigma rules in the findings (`triage --sigma DIR`): every event record a rule matches is a
//! finding of its own, and raises the finding of the task or service the event names.
//!
//! A rule's level gives its weight (`sigma LEVEL WEIGHT` in `rules.tsv`), so one rule alone
//! gives the event its level as severity; the reason's id is `sigma:` and the rule's id (its
//! UUID, else its title): stable, to suppress a rule by.
use super::{table, Finding, Reason, Subject};
use crate::scan::{EventRecord, Record};
use foothold_sigma::{Rule, RuleSet};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// A Sigma rule's weight, from its level (a rule without a level weighs nothing).
fn weight(rule: &Rule) -> i32 {
    table()
        .sigma
        .iter()
        .find(|(l, _)| Some(*l) == rule.level)
        .map_or(0, |(_, w)| *w)
}

/// The reason a rule's match gives, `what` saying on which event when it is not the
/// finding's own.
fn reason(rule: &Rule, what: &str) -> Reason {
    let level = rule.level.map_or("no level", |l| l.as_str());
    Reason {
        id: format!("sigma:{}", rule.id.as_deref().unwrap_or(&rule.title)),
        text: format!("Sigma rule \u{201c}{}\u{201d} ({level}){what}", rule.title),
        weight: weight(rule),
    }
}

/// The event's own finding: one reason per rule it matched.
fn event_finding(e: &EventRecord, rules: &[&Rule]) -> Finding {
    let ev = &e.event;
    let id = ev.event_id.map(|i| format!(" {i}")).unwrap_or_default();
    let record = ev
        .record_id
        .map(|r| format!(" record {r}"))
        .unwrap_or_default();
    let name = format!("{}{id}{record}", ev.channel);
    let techniques: BTreeSet<String> = rules
        .iter()
        .flat_map(|r| r.techniques.iter().cloned())
        .collect();
    let summary = Record::Event(e).summary();
    let mut f = Finding {
        severity: super::Severity::Info,
        score: 0,
        title: format!("event {name}"),
        techniques: techniques.into_iter().collect(),
        reasons: rules.iter().map(|r| reason(r, "")).collect(),
        subject: Subject {
            artifact: "event".into(),
            name,
            host: e.source.host.clone(),
            source: e.source.clone(),
            command: None,
        },
        created_by: summary.user,
        time: ev.timestamp,
    };
    f.rescore();
    f
}

/// Whether an event names this persistence item: a task event's `TaskName` (or a
/// `schtasks` command line's `/TN`), a service event's `ServiceName` (7045 writes the
/// display name there) — compared without case, on the same machine.
fn names(item: &Record<'_>, e: &EventRecord, named: &str) -> bool {
    if named.is_empty() || item.source().host != e.source.host {
        return false;
    }
    match item {
        Record::ScheduledTask(t) => {
            let bare = |n: &str| n.trim_start_matches('\\').to_ascii_lowercase();
            bare(&t.task.name) == bare(named)
        }
        Record::Service(s) => {
            s.service.name.eq_ignore_ascii_case(named)
                || s.service
                    .display_name
                    .as_deref()
                    .is_some_and(|d| d.eq_ignore_ascii_case(named))
        }
        _ => false,
    }
}

impl crate::Report {
    /// [`crate::Report::findings`], and with Sigma rules one finding per event record a rule
    /// matches (every event of the report: scan with `every_event` for the whole logs), each
    /// match also a reason on the finding of the task or service the event names. Highest
    /// score first.
    pub fn findings_with(&self, sigma: Option<&RuleSet>) -> Vec<(Finding, Record<'_>)> {
        let mut out: Vec<(Finding, Record<'_>)> = self
            .records()
            .filter_map(|r| super::judge(&r).map(|f| (f, r)))
            .collect();
        if let Some(rules) = sigma {
            let hits: Vec<(&EventRecord, Vec<&Rule>)> = self
                .events
                .par_iter()
                .map(|e| (e, rules.matches(&e.event)))
                .filter(|(_, m)| !m.is_empty())
                .collect();
            let mut raised = vec![false; out.len()];
            for (e, matched) in &hits {
                let named = Record::Event(e).summary().name;
                let ev = &e.event;
                let on = format!(
                    " on {}{}{}",
                    ev.channel,
                    ev.event_id.map(|i| format!(" {i}")).unwrap_or_default(),
                    ev.record_id
                        .map(|r| format!(" record {r}"))
                        .unwrap_or_default()
                );
                for ((f, item), raised) in out.iter_mut().zip(raised.iter_mut()) {
                    if !names(item, e, &named) {
                        continue;
                    }
                    for rule in matched {
                        let r = reason(rule, &on);
                        // One reason per rule (the first event it matched says which).
                        if !f.reasons.iter().any(|x| x.id == r.id) {
                            f.reasons.push(r);
                            f.techniques.extend(rule.techniques.iter().cloned());
                            *raised = true;
                        }
                    }
                }
            }
            for ((f, _), raised) in out.iter_mut().zip(&raised) {
                if *raised {
                    f.techniques.sort();
                    f.techniques.dedup();
                    f.rescore();
                }
            }
            out.extend(
                hits.iter()
                    .map(|(e, m)| (event_finding(e, m), Record::Event(e))),
            );
        }
        out.sort_by(|(a, _), (b, _)| Finding::ranking(a, b));
        out
    }
}
