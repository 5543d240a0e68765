//! What the volume shadow copies hold that the live volume no longer does: each snapshot of
//! an image's NTFS volumes is scanned as the volume was then, and its records are set
//! against the live scan's (pure functions over two reports).
//!
//! - a task or service absent from the live volume comes back with `recovered.from =
//!   "snapshot"` (note `not_on_live_volume`), one that differs there with note
//!   `differs_from_live`; one the same as live adds the snapshot to the live record's
//!   `seen_in_snapshots`. Stores are taken newest first, so an item removed after several
//!   snapshots comes back once, from the newest that holds it, the older ones in its
//!   `seen_in_snapshots`.
//! - event records a snapshot's log holds and the live log does not (a cleared or rolled
//!   log), and accounts that are gone, come back as they were read there.
//! - what could not be read in a snapshot is said (error records with `source.snapshot`),
//!   once per path and message.
//!
//! Every record taken from a snapshot names it in `source.snapshot`.

use super::{ErrorRecord, Report, ScheduledTaskRecord, ServiceRecord, Source};
use crate::{Evidence, ScanSet};
use foothold_core::{Recovered, RecoveredFrom};
use std::collections::HashMap;

/// Scan every snapshot of `ev`'s volumes (newest store first) and merge what they hold
/// into `live`.
pub(super) fn merge_all(ev: &Evidence, read: ScanSet, every_event: bool, live: &mut Report) {
    let mut stores: Vec<u32> = Vec::new();
    for v in ev.volumes() {
        match ev.snapshots(v) {
            Ok(s) => stores.extend(s.iter().map(|s| s.store)),
            Err(e) => live.errors.push(ErrorRecord {
                source: Source {
                    evidence: ev.path().display().to_string(),
                    volume: v.number,
                    filesystem: v.filesystem.name().to_string(),
                    path: "/".into(),
                    ..Source::default()
                },
                offset: None,
                message: format!("shadow copies not read: {e}"),
            }),
        }
    }
    stores.sort_unstable();
    stores.dedup();
    for store in stores.into_iter().rev() {
        let Some(view) = ev.view_at(store) else {
            continue;
        };
        let at = view.scan_with(read, every_event);
        merge(live, at);
    }
}

/// Who a task is, wherever it is read: its volume, file (or key, or event record) and
/// name.
fn task_key(t: &ScheduledTaskRecord) -> (Option<u32>, String, Option<String>, String) {
    (
        t.source.volume,
        t.source.path.to_lowercase(),
        t.source.key.clone(),
        t.task.name.to_lowercase(),
    )
}

fn service_key(s: &ServiceRecord) -> (Option<u32>, String, Option<String>, String) {
    (
        s.source.volume,
        s.source.path.to_lowercase(),
        s.source.key.as_ref().map(|k| k.to_lowercase()),
        s.service.name.to_lowercase(),
    )
}

fn recovered(notes: &[&str]) -> Option<Recovered> {
    Some(Recovered {
        from: RecoveredFrom::Snapshot,
        confidence: None,
        created: None,
        deleted: None,
        notes: notes.iter().map(|n| n.to_string()).collect(),
    })
}

/// Set one snapshot's report against `live` (which grows by what only the snapshot has).
pub(super) fn merge(live: &mut Report, at: Report) {
    // Tasks and services: the ones read from files and keys. What the snapshot itself
    // rebuilt (from its logs, MFT, hive free cells) is rebuilt from the live volume too,
    // or was gone already when the snapshot was taken.
    let mut tasks: HashMap<_, usize> = live
        .scheduled_tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (task_key(t), i))
        .collect();
    for t in at.scheduled_tasks {
        let Some(snap) = t.source.snapshot.clone() else {
            continue;
        };
        if t.recovered.is_some() {
            continue;
        }
        let key = task_key(&t);
        match tasks
            .get(&key)
            .and_then(|&i| live.scheduled_tasks.get_mut(i))
        {
            // The live volume's copy was itself put back together (its file deleted, read
            // from the MFT or rebuilt from logs): the snapshot's is read from intact bytes,
            // and takes its place, keeping what the live scan tied to it.
            Some(l)
                if l.recovered
                    .as_ref()
                    .is_some_and(|r| r.from != RecoveredFrom::Snapshot) =>
            {
                let was = l
                    .recovered
                    .as_ref()
                    .map(|r| r.from.as_str().to_string())
                    .unwrap_or_default();
                let mut events = std::mem::take(&mut l.events);
                for e in t.events.iter() {
                    if !events
                        .iter()
                        .any(|x| x.path == e.path && x.record_id == e.record_id)
                    {
                        events.push(e.clone());
                    }
                }
                let created_by = l.created_by.take().or(t.created_by.clone());
                *l = ScheduledTaskRecord {
                    recovered: recovered(&[
                        "not_on_live_volume",
                        &format!("also_recovered_from_{was}"),
                    ]),
                    events,
                    created_by,
                    ..t
                };
            }
            Some(l) if l.task == t.task => l.seen_in_snapshots.push(snap),
            found => {
                let note = if found.is_some() {
                    "differs_from_live"
                } else {
                    "not_on_live_volume"
                };
                tasks.insert(key, live.scheduled_tasks.len());
                live.scheduled_tasks.push(ScheduledTaskRecord {
                    recovered: recovered(&[note]),
                    ..t
                });
            }
        }
    }
    let mut services: HashMap<_, usize> = live
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (service_key(s), i))
        .collect();
    for s in at.services {
        let Some(snap) = s.source.snapshot.clone() else {
            continue;
        };
        if s.recovered.is_some() {
            continue;
        }
        let key = service_key(&s);
        match services.get(&key).and_then(|&i| live.services.get_mut(i)) {
            Some(l) if l.service == s.service => l.seen_in_snapshots.push(snap),
            found => {
                let note = if found.is_some() {
                    "differs_from_live"
                } else {
                    "not_on_live_volume"
                };
                services.insert(key, live.services.len());
                live.services.push(ServiceRecord {
                    recovered: recovered(&[note]),
                    ..s
                });
            }
        }
    }
    // Event records by log and record id; accounts by SID, else uid, else name.
    let mut events: std::collections::HashSet<_> = live
        .events
        .iter()
        .map(|e| {
            (
                e.source.volume,
                e.source.path.to_lowercase(),
                e.source.record_id,
            )
        })
        .collect();
    for e in at.events {
        if events.insert((
            e.source.volume,
            e.source.path.to_lowercase(),
            e.source.record_id,
        )) {
            live.events.push(e);
        }
    }
    let who = |a: &super::AccountRecord| {
        (
            a.source.volume,
            a.account.sid.clone(),
            a.account.id,
            a.account.name.as_ref().map(|n| n.to_lowercase()),
        )
    };
    let mut accounts: std::collections::HashSet<_> = live.accounts.iter().map(who).collect();
    for a in at.accounts {
        if accounts.insert(who(&a)) {
            live.accounts.push(a);
        }
    }
    // What could not be read there, once.
    let said = |r: &ErrorRecord| (r.source.volume, r.source.path.clone(), r.message.clone());
    let mut errors: std::collections::HashSet<_> = live.errors.iter().map(said).collect();
    for r in at.errors {
        if errors.insert(said(&r)) {
            live.errors.push(r);
        }
    }
    let mut warnings: std::collections::HashSet<_> = live.warnings.iter().map(said).collect();
    for r in at.warnings {
        if r.source.snapshot.is_some() && warnings.insert(said(&r)) {
            live.warnings.push(r);
        }
    }
}
