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
pub(super) fn merge_all(
    ev: &Evidence,
    read: ScanSet,
    (every_event, keep): (bool, Option<&super::KeepEvent<'_>>),
    live: &mut Report,
) {
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
        let at = view.scan_events(read, every_event, keep);
        merge(live, at);
    }
}

/// A task or service record, as the merge sees it.
trait Item: Sized {
    /// Who it is, wherever it is read: its volume, file (or key, or event record) and name.
    fn key(&self) -> (Option<u32>, String, Option<String>, String);
    /// Whether it is the same item as `other` (what it is, not where it was read).
    fn same(&self, other: &Self) -> bool;
    fn source(&self) -> &Source;
    fn recovery(&self) -> Option<&Recovered>;
    fn recovered(&mut self) -> &mut Option<Recovered>;
    fn seen(&mut self) -> &mut Vec<crate::SnapshotRef>;
    fn events(&mut self) -> &mut Vec<super::EventRef>;
    fn created_by(&mut self) -> &mut Option<foothold_core::CreatedBy>;
}

/// The fields every task and service record shares, as [`Item`] reads them.
macro_rules! item {
    ($t:ty, $what:ident, |$s:ident| $key:expr) => {
        impl Item for $t {
            fn key(&self) -> (Option<u32>, String, Option<String>, String) {
                let $s = self;
                $key
            }
            fn same(&self, other: &Self) -> bool {
                self.$what == other.$what
            }
            fn source(&self) -> &Source {
                &self.source
            }
            fn recovery(&self) -> Option<&Recovered> {
                self.recovered.as_ref()
            }
            fn recovered(&mut self) -> &mut Option<Recovered> {
                &mut self.recovered
            }
            fn seen(&mut self) -> &mut Vec<crate::SnapshotRef> {
                &mut self.seen_in_snapshots
            }
            fn events(&mut self) -> &mut Vec<super::EventRef> {
                &mut self.events
            }
            fn created_by(&mut self) -> &mut Option<foothold_core::CreatedBy> {
                &mut self.created_by
            }
        }
    };
}

item!(ScheduledTaskRecord, task, |t| (
    t.source.volume,
    t.source.path.to_lowercase(),
    t.source.key.clone(),
    t.task.name.to_lowercase()
));
item!(ServiceRecord, service, |s| (
    s.source.volume,
    s.source.path.to_lowercase(),
    s.source.key.as_ref().map(|k| k.to_lowercase()),
    s.service.name.to_lowercase()
));

fn recovered(notes: &[&str]) -> Option<Recovered> {
    Some(Recovered {
        from: RecoveredFrom::Snapshot,
        confidence: None,
        created: None,
        deleted: None,
        notes: notes.iter().map(|n| n.to_string()).collect(),
    })
}

/// Set one snapshot's tasks (or services) against the live ones. Only those read from files
/// and keys: what the snapshot itself rebuilt (from its logs, MFT, hive free cells) is
/// rebuilt from the live volume too, or was gone already when the snapshot was taken.
fn merge_items<T: Item>(live: &mut Vec<T>, at: Vec<T>) {
    let mut index: HashMap<_, usize> = live.iter().enumerate().map(|(i, t)| (t.key(), i)).collect();
    for mut t in at {
        let Some(snap) = t.source().snapshot.clone() else {
            continue;
        };
        if t.recovery().is_some() {
            continue;
        }
        let key = t.key();
        match index.get(&key).and_then(|&i| live.get_mut(i)) {
            // The live volume's copy was itself put back together (its file deleted, read
            // from the MFT or rebuilt from logs): the snapshot's is read from intact bytes,
            // and takes its place, keeping what the live scan tied to it.
            Some(l)
                if l.recovery()
                    .is_some_and(|r| r.from != RecoveredFrom::Snapshot) =>
            {
                let was = l
                    .recovery()
                    .map(|r| r.from.as_str().to_string())
                    .unwrap_or_default();
                let mut events = std::mem::take(l.events());
                for e in t.events().drain(..) {
                    if !events
                        .iter()
                        .any(|x| x.path == e.path && x.record_id == e.record_id)
                    {
                        events.push(e);
                    }
                }
                let created_by = l.created_by().take().or(t.created_by().take());
                *t.recovered() =
                    recovered(&["not_on_live_volume", &format!("also_recovered_from_{was}")]);
                *t.events() = events;
                *t.created_by() = created_by;
                *l = t;
            }
            Some(l) if l.same(&t) => l.seen().push(snap),
            found => {
                let note = if found.is_some() {
                    "differs_from_live"
                } else {
                    "not_on_live_volume"
                };
                *t.recovered() = recovered(&[note]);
                index.insert(key, live.len());
                live.push(t);
            }
        }
    }
}

/// Set one snapshot's report against `live` (which grows by what only the snapshot has).
pub(super) fn merge(live: &mut Report, at: Report) {
    merge_items(&mut live.scheduled_tasks, at.scheduled_tasks);
    merge_items(&mut live.services, at.services);
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
