//! Against a clean baseline: the tasks, services, cron jobs and timers that are new, missing
//! or changed on each target host.
use crate::{normalise, read_rows, CaseError, PERSISTENCE};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One difference between a target host and the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    /// The target host.
    pub host: String,
    /// `new` (not on the baseline), `missing` (on the baseline, not on the target) or
    /// `changed`.
    pub change: String,
    /// `scheduled_task`, `service` or `cron_job`.
    pub artifact: String,
    /// The item's name as written on the target (or the baseline, when missing).
    pub name: String,
    /// For `changed`: each field that differs, `(field, baseline value, target value)`.
    pub fields: Vec<(String, String, String)>,
}

/// What is compared of an item: the command, the account, the schedule (trigger or start
/// type) and the hash of the file it runs.
const FIELDS: [&str; 4] = ["command", "user", "schedule", "sha256"];

/// An item's identity (artifact, normalised name) and its compared fields, per host.
type Items = BTreeMap<String, BTreeMap<(String, String), (String, Vec<String>)>>;

fn items(out: &Path) -> Result<Items, CaseError> {
    let mut by_host: Items = BTreeMap::new();
    for artifact in PERSISTENCE {
        // (host, name, user, command, sha256, image_path, record, schedule)
        for row in read_rows(out, artifact)? {
            let get = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
            let (host, name) = (get(0), get(1));
            let schedule = get(7);
            let fields = vec![normalise(&get(3)), normalise(&get(2)), schedule, get(4)];
            by_host
                .entry(host)
                .or_default()
                .insert((artifact.to_string(), normalise(&name)), (name, fields));
        }
    }
    Ok(by_host)
}

/// The differences of every host of the case `target` from the host(s) of the case
/// `baseline` (a case scanned from a clean image of the same build): an item is the same
/// item when its kind and normalised name are ([`normalise`]); it is `changed` when its
/// normalised command or account, its schedule, or the hash of what it runs differ. Items of
/// every baseline host together make the baseline.
pub fn diff(baseline: &Path, target: &Path) -> Result<Vec<DiffRow>, CaseError> {
    let base: BTreeMap<(String, String), (String, Vec<String>)> =
        items(baseline)?.into_values().flatten().collect();
    let mut out = Vec::new();
    for (host, have) in items(target)? {
        for ((artifact, key), (name, fields)) in &have {
            match base.get(&(artifact.clone(), key.clone())) {
                None => out.push(DiffRow {
                    host: host.clone(),
                    change: "new".into(),
                    artifact: artifact.clone(),
                    name: name.clone(),
                    fields: Vec::new(),
                }),
                Some((_, was)) if was != fields => out.push(DiffRow {
                    host: host.clone(),
                    change: "changed".into(),
                    artifact: artifact.clone(),
                    name: name.clone(),
                    fields: FIELDS
                        .iter()
                        .zip(was.iter().zip(fields))
                        .filter(|(_, (a, b))| a != b)
                        .map(|(f, (a, b))| (f.to_string(), a.clone(), b.clone()))
                        .collect(),
                }),
                Some(_) => {}
            }
        }
        for ((artifact, key), (name, _)) in &base {
            if !have.contains_key(&(artifact.clone(), key.clone())) {
                out.push(DiffRow {
                    host: host.clone(),
                    change: "missing".into(),
                    artifact: artifact.clone(),
                    name: name.clone(),
                    fields: Vec::new(),
                });
            }
        }
    }
    Ok(out)
}
