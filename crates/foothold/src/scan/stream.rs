//! Every event-log record of an image without holding them: `foothold events --all IMAGE`.
//!
//! A scan that reads every record ([`Evidence::scan_with`] with `every_event`) holds them all
//! (4.6 GiB for the 314 MB of logs on the 8 GiB benchmark image). Here the scan runs first
//! for the persistence events only — they, the logon sessions and the accounts are what the
//! other records are tied to — and the logs are then read again one at a time, in the order
//! the scan reads them, each record handed on as it is decoded: a persistence event as that
//! scan made it, any other record with what the scan would give it (its source, the logon
//! session it was made in, the account it names). The records and their order are those of
//! the scan of every record; memory holds one log's bytes and the persistence events.
use super::{event_account, windows, windows_volume, EventRecord, Report, SnapshotRef, VolumeCtx};
use crate::{Evidence, Family, ScanSet};
use foothold_core::Account;
use std::collections::{HashMap, HashSet, VecDeque};

/// A record's place: volume, shadow-copy store, path, record id.
type Place = (Option<u32>, Option<u32>, String, Option<u64>);

/// The first scan's event records, handed on once each.
struct Kept {
    records: Vec<Option<EventRecord>>,
    by_place: HashMap<Place, VecDeque<usize>>,
}

fn place(r: &EventRecord) -> Place {
    (
        r.source.volume,
        r.source.snapshot.as_ref().map(|s| s.store),
        r.source.path.clone(),
        r.source.record_id,
    )
}

impl Kept {
    fn of(events: Vec<EventRecord>) -> Self {
        let mut by_place: HashMap<Place, VecDeque<usize>> = HashMap::new();
        for (i, r) in events.iter().enumerate() {
            by_place.entry(place(r)).or_default().push_back(i);
        }
        Kept {
            records: events.into_iter().map(Some).collect(),
            by_place,
        }
    }

    /// The record at `p`, if the first scan made one (taken: once).
    fn take(&mut self, p: &Place) -> Option<EventRecord> {
        let i = self.by_place.get_mut(p)?.pop_front()?;
        self.records.get_mut(i)?.take()
    }

    /// Drops the records read at shadow copy `store` (merged by the first scan; they come
    /// again with the rest of that store's logs).
    fn forget_store(&mut self, store: u32) {
        for slot in &mut self.records {
            if slot
                .as_ref()
                .is_some_and(|r| r.source.snapshot.as_ref().is_some_and(|s| s.store == store))
            {
                *slot = None;
            }
        }
    }

    /// The records of a volume (at a store) not handed on yet, in the first scan's order,
    /// those `wanted` says.
    fn rest(
        &mut self,
        volume: Option<u32>,
        store: Option<u32>,
        wanted: impl Fn(&EventRecord) -> bool,
    ) -> Vec<EventRecord> {
        let mut out = Vec::new();
        for slot in &mut self.records {
            let here = slot.as_ref().is_some_and(|r| {
                r.source.volume == volume
                    && r.source.snapshot.as_ref().map(|s| s.store) == store
                    && wanted(r)
            });
            if here {
                out.extend(slot.take());
            }
        }
        out
    }
}

impl Evidence {
    /// [`Evidence::scan_with`] of `only` reading every event-log record, its event records
    /// handed to `sink` one at a time, in that scan's order, instead of held: memory holds
    /// one log at a time and the persistence events, not every record of the image. The
    /// report returned is that scan's without its event records (errors, warnings, hosts,
    /// sessions and the other families asked for). (A log's damage is said as the scan of
    /// persistence events met it.)
    ///
    /// ```no_run
    /// let ev = foothold::Evidence::open("disk.E01").unwrap();
    /// let mut n = 0;
    /// let report = ev.scan_every_event(foothold::ScanSet::none().events(), &mut |_| n += 1);
    /// println!("{n} records, {} errors", report.errors.len());
    /// ```
    pub fn scan_every_event(&self, only: ScanSet, sink: &mut dyn FnMut(EventRecord)) -> Report {
        // (Accounts are read for events anyway; they are kept to resolve the other records.)
        let read = only.with(Family::Accounts);
        // (Listed before anything is read: a folder's access times are then the scan's.)
        let listing = self.log_listing();
        let mut report = self.scan_events(read, false, None);
        let mut kept = Kept::of(std::mem::take(&mut report.events));
        let mut stores: Vec<u32> = Vec::new();
        if self.snapshot_store().is_none() && only.snapshots {
            stores = self
                .volumes()
                .iter()
                .filter_map(|v| self.snapshots(v).ok())
                .flatten()
                .map(|s| s.store)
                .collect();
            stores.sort_unstable();
            stores.dedup();
        }
        // Records of the live volumes, by log (lower case) and id: a shadow copy's record
        // comes back only when the live volume lacks it (as `snapshots::merge` decides).
        // (Only kept when there are shadow copies.)
        let mut seen: HashMap<(Option<u32>, String), HashSet<Option<u64>>> = HashMap::new();
        let track = !stores.is_empty();
        let mut note = |r: &EventRecord| {
            !track
                || seen
                    .entry((r.source.volume, r.source.path.to_lowercase()))
                    .or_default()
                    .insert(r.source.record_id)
        };
        self.stream_volumes(&report, &listing, &mut kept, &mut |r| {
            note(&r);
            sink(r);
        });
        for store in stores.into_iter().rev() {
            let Some(view) = self.view_at(store) else {
                continue;
            };
            // (The first scan merged this store's persistence events, errors and
            // accounts; its records come again here, with the rest of its logs.)
            let at_listing = view.log_listing();
            let mut at = view.scan_events(read, false, None);
            let mut at_kept = Kept::of(std::mem::take(&mut at.events));
            kept.forget_store(store);
            view.stream_volumes(&at, &at_listing, &mut at_kept, &mut |r| {
                if note(&r) {
                    sink(r);
                }
            });
        }
        // Whatever the first scan made that no volume handed on (none is expected).
        for r in kept.records.into_iter().flatten() {
            sink(r);
        }
        report.retain(only);
        report
    }

    /// The event logs of each volume the scan reads as Windows, as the scan lists them.
    fn log_listing(&self) -> HashMap<Option<u32>, Vec<foothold_fs::Entry>> {
        let os = self.detect_os();
        let mut out = HashMap::new();
        for (vol, fs) in self.filesystems() {
            let Ok(fs) = fs else { continue };
            let fs = crate::triage::kape_volume(fs);
            if !windows_volume(&os, vol.number, &*fs) {
                continue;
            }
            let ctx = VolumeCtx::new(self, vol.number, &fs);
            // (What the listing could not read, the scan says.)
            out.insert(vol.number, windows::log_files(&ctx, &mut Vec::new()));
        }
        out
    }

    /// Hands on the event records of every volume as the scan of every record lists them:
    /// per volume, what was read before the Windows logs, each log's records in file order,
    /// then the rest (PowerShell histories). `report` is the scan of persistence events of
    /// this evidence; `kept` holds its events.
    fn stream_volumes(
        &self,
        report: &Report,
        listing: &HashMap<Option<u32>, Vec<foothold_fs::Entry>>,
        kept: &mut Kept,
        sink: &mut dyn FnMut(EventRecord),
    ) {
        let store = self.snapshot_store();
        for (vol, fs) in self.filesystems() {
            let Ok(fs) = fs else { continue };
            let fs = crate::triage::kape_volume(fs);
            let volume = vol.number;
            let snapshot = self.snapshot(vol).map(|s| SnapshotRef::of(&s));
            let same = |v: Option<u32>, s: &Option<SnapshotRef>| {
                v == volume && s.as_ref().map(|s| s.store) == store
            };
            // (The listing holds the volumes the scan read as Windows.)
            let windows = listing.contains_key(&volume);
            for r in kept.rest(volume, store, |r| {
                !(windows && windows::from_windows_logs(&r.source.path))
            }) {
                sink(r);
            }
            if !windows {
                continue;
            }
            let ctx = VolumeCtx::new(self, volume, &fs);
            let host = report
                .hosts
                .iter()
                .find(|h| same(h.source.volume, &h.source.snapshot))
                .and_then(|h| h.hostname.clone());
            let sessions: Vec<foothold_windows::LogonSession> = report
                .sessions
                .iter()
                .filter(|s| same(s.source.volume, &s.source.snapshot))
                .map(|s| s.session.clone())
                .collect();
            let accounts: Vec<Account> = report
                .accounts
                .iter()
                .filter(|a| same(a.source.volume, &a.source.snapshot))
                .map(|a| a.account.clone())
                .collect();
            for entry in listing.get(&volume).into_iter().flatten() {
                let path = windows::log_path(entry);
                // (A log that could not be read or parsed: the first scan said so.)
                let Ok(bytes) = ctx.fs.read_all(entry, None, windows::MAX_EVTX) else {
                    continue;
                };
                let base = ctx.source(&path, Some(entry), None);
                let _ = foothold_windows::parse_evtx_streamed(&bytes, true, |part| {
                    for mut event in part.events {
                        let p = (volume, store, path.clone(), event.record_id);
                        let record = kept.take(&p).unwrap_or_else(|| {
                            event.detail.session = foothold_windows::session_of(&sessions, &event);
                            let mut source = base.clone();
                            source.record_id = event.record_id;
                            source.host.clone_from(&host);
                            source.snapshot.clone_from(&snapshot);
                            let account = event_account(&event, &accounts, true);
                            EventRecord {
                                event,
                                source,
                                account,
                            }
                        });
                        sink(record);
                    }
                });
            }
            for r in kept.rest(volume, store, |_| true) {
                sink(r);
            }
        }
    }
}
