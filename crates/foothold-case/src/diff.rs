//! Against a clean baseline: the tasks, services, cron jobs and timers that are new, missing
//! or changed on each target host.
use crate::{normalise, read_rows, CaseError};
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
    /// What the item runs (normalised, every action of a task): for a cron job, what tells
    /// it from the other jobs of its file.
    pub command: String,
    /// When it runs (the trigger, start type or cron schedule).
    pub schedule: String,
    /// For an item the target holds only as a trace of its past (its record was recovered:
    /// `mft`, `event_log`, `snapshot`…): what it was recovered from. Such an item is not on
    /// the target: against a baseline that has it, it is `missing`; one the baseline lacks
    /// is `new`, with this said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<String>,
}

/// What is compared of an item: the command (every action of a task), the account, the
/// schedule (trigger or start type) and the hash of the file it runs.
const FIELDS: [&str; 4] = ["command", "user", "schedule", "sha256"];

/// One item of a host: its name as written and its compared fields.
type Item = (String, Vec<String>);
/// A host's items by identity (artifact and identity key, [`identity`]: several items may
/// share one, a service in each control set, a task on two volumes), and the items it holds
/// only as recovered traces (with what they were recovered from).
type HostItems = (
    BTreeMap<(String, String), Vec<Item>>,
    Vec<((String, String), Item, String)>,
);

/// What makes an item the same item on two hosts: a task's path and a service's key name
/// (normalised: [`normalise`]); for a cron job, its file, user, schedule and command — a
/// job is what it runs and when, and a line number is no identity (a job added above
/// another moves it).
fn identity(artifact: &str, name: &str, fields: &[String]) -> String {
    match artifact {
        "cron_job" => format!(
            "{}\0{}\0{}\0{}",
            normalise(name),
            fields[1],
            fields[2],
            fields[0]
        ),
        _ => normalise(name),
    }
}

/// What a record (JSON) was recovered from, when it is not on its host but was put back
/// together (from the MFT, logs, a shadow copy…).
fn recovered_from(record: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(record).ok()?;
    Some(v.get("recovered")?.get("from")?.as_str()?.to_string())
}

/// Every exec action of a task record (JSON) as one command, so that an action added beside
/// the first is a change; `None` when the record has no actions list.
fn task_commands(record: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(record).ok()?;
    let actions = v.get("actions")?.as_array()?;
    let parts: Vec<String> = actions
        .iter()
        .map(|a| {
            let text = |k: &str| a.get(k).and_then(|x| x.as_str()).unwrap_or("");
            match (text("command"), text("arguments"), text("class_id")) {
                (c, args, _) if !c.is_empty() && !args.is_empty() => format!("{c} {args}"),
                (c, _, _) if !c.is_empty() => c.to_string(),
                (_, _, id) if !id.is_empty() => format!("COM {id}"),
                _ => text("kind").to_string(),
            }
        })
        .collect();
    Some(parts.join(" ; "))
}

fn items(out: &Path) -> Result<BTreeMap<String, HostItems>, CaseError> {
    let mut by_host: BTreeMap<String, HostItems> = BTreeMap::new();
    for artifact in crate::persistence() {
        // (host, name, user, command, sha256, image_path, record, schedule)
        for row in read_rows(out, artifact)? {
            let get = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
            let (host, name) = (get(0), get(1));
            let command = if artifact == "scheduled_task" {
                task_commands(&get(6)).unwrap_or_else(|| get(3))
            } else {
                get(3)
            };
            let fields = vec![normalise(&command), normalise(&get(2)), get(7), get(4)];
            let key = (artifact.to_string(), identity(artifact, &name, &fields));
            let host = by_host.entry(host).or_default();
            match recovered_from(&get(6)) {
                Some(from) => host.1.push((key, (name, fields), from)),
                None => host.0.entry(key).or_default().push((name, fields)),
            }
        }
    }
    Ok(by_host)
}

/// The items of `have` not in `base`, and those of `base` not in `have` (as multisets:
/// an item twice on the target and once on the baseline leaves one).
fn unmatched<'a>(have: &'a [Item], base: &'a [Item]) -> (Vec<&'a Item>, Vec<&'a Item>) {
    let mut left: Vec<&Item> = base.iter().collect();
    let mut extra = Vec::new();
    for item in have {
        match left.iter().position(|b| b.1 == item.1) {
            Some(i) => {
                left.remove(i);
            }
            None => extra.push(item),
        }
    }
    (extra, left)
}

/// The differences of every host of the case `target` from the host(s) of the case
/// `baseline` (a case scanned from a clean image of the same build). Items are matched by
/// identity (a task's path, a service's name, a cron job's file, user,
/// schedule and command); an item of the target that the baseline does not have is `new`,
/// one the baseline has and the target not is `missing`, and an item present on both whose
/// normalised command, account, schedule or binary hash differ is `changed` with the
/// fields that differ. Items of every baseline host together make the baseline.
pub fn diff(baseline: &Path, target: &Path) -> Result<Vec<DiffRow>, CaseError> {
    // What the baseline hosts hold (their recovered traces were not on them).
    let mut base: BTreeMap<(String, String), Vec<Item>> = BTreeMap::new();
    for (host, _) in items(baseline)?.into_values() {
        for (k, v) in host {
            base.entry(k).or_default().extend(v);
        }
    }
    let row = |host: &str, change: &str, artifact: &str, item: &Item, fields| DiffRow {
        host: host.to_string(),
        change: change.into(),
        artifact: artifact.to_string(),
        name: item.0.clone(),
        fields,
        command: item.1[0].clone(),
        schedule: item.1[2].clone(),
        recovered: None,
    };
    let mut out = Vec::new();
    for (host, (have, traces)) in items(target)? {
        for ((artifact, key), items) in &have {
            let was = base.get(&(artifact.clone(), key.clone()));
            let (extra, gone) = unmatched(items, was.map(Vec::as_slice).unwrap_or_default());
            let mut gone = gone.into_iter();
            for item in extra {
                match gone.next() {
                    Some((_, before)) => out.push(row(
                        &host,
                        "changed",
                        artifact,
                        item,
                        FIELDS
                            .iter()
                            .zip(before.iter().zip(&item.1))
                            .filter(|(_, (a, b))| a != b)
                            .map(|(f, (a, b))| (f.to_string(), a.clone(), b.clone()))
                            .collect(),
                    )),
                    None => out.push(row(&host, "new", artifact, item, Vec::new())),
                }
            }
            for item in gone {
                out.push(row(&host, "missing", artifact, item, Vec::new()));
            }
        }
        for ((artifact, key), items) in &base {
            if !have.contains_key(&(artifact.clone(), key.clone())) {
                for item in items {
                    let mut r = row(&host, "missing", artifact, item, Vec::new());
                    // The target still holds a trace of it: say from where.
                    r.recovered = traces
                        .iter()
                        .find(|(k, ..)| k.0 == *artifact && k.1 == *key)
                        .map(|(.., from)| from.clone());
                    out.push(r);
                }
            }
        }
        // Items only the target's traces hold, which the baseline never had (once each).
        let mut said = std::collections::BTreeSet::new();
        for (k, item, from) in &traces {
            let (artifact, _) = k;
            if !base.contains_key(k) && !have.contains_key(k) && said.insert(k.clone()) {
                let mut r = row(&host, "new", artifact, item, Vec::new());
                r.recovered = Some(from.clone());
                out.push(r);
            }
        }
    }
    Ok(out)
}
