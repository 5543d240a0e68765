//! The `host` record: who the machine on a volume is, its time zone, and the instant it was
//! last written — the reference the next runs of every schedule are counted from.
use super::Source;
use foothold_core::{Timestamp, Zone};
use serde::Serialize;

/// The machine an operating-system volume belongs to (`artifact: "host"`), one per Windows
/// or Linux volume.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct HostRecord {
    /// `windows` or `linux`.
    pub os: String,
    /// Computer name (`ComputerName` of the SYSTEM hive, `/etc/hostname`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// DNS domain (`Tcpip\Parameters\Domain`; on Linux the part of a fully qualified
    /// `/etc/hostname` after the first dot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Operating system (`ProductName`; os-release `PRETTY_NAME` or `NAME`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_name: Option<String>,
    /// Version (`DisplayVersion`/`ReleaseId`; os-release `VERSION_ID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// Build (`CurrentBuildNumber.UBR`; os-release `BUILD_ID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<String>,
    /// Windows `EditionID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// Windows `RegisteredOwner`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_owner: Option<String>,
    /// Windows `InstallDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install_date: Option<Timestamp>,
    /// Time zone name (`TimeZoneKeyName`; the zoneinfo name `/etc/localtime` links to, or
    /// `/etc/timezone`). `UTC` when a Linux volume has no `/etc/localtime` (glibc's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Where the zone's rules were read (`SYSTEM\ControlSet001\Control\TimeZoneInformation`,
    /// `/usr/share/zoneinfo/Europe/Berlin`); absent when no rules were found, in which case
    /// no local time is converted and no next run is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone_source: Option<String>,
    /// Last boot (`wtmp` `reboot` record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_boot: Option<Timestamp>,
    /// Last clean shutdown (`Control\Windows\ShutdownTime`; `wtmp` `shutdown` record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_shutdown: Option<Timestamp>,
    /// The latest of `last_write_sources`: when the system last wrote to this volume, as far
    /// as those sources show. Next runs are counted from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_write: Option<Timestamp>,
    /// Every time the last write was chosen from, so a source that disagrees (a clock set
    /// ahead, a timestomped log) is visible.
    pub last_write_sources: Vec<TimeSource>,
    /// The volume and the main file read (SYSTEM hive, `/etc/os-release`).
    pub source: Source,
}

/// One candidate for the host's last write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TimeSource {
    /// What it is (`ShutdownTime`, `SYSTEM hive header`, `newest file in /var/log`).
    pub what: String,
    /// Path or key it was read from.
    pub path: String,
    /// The time.
    pub time: Timestamp,
}

impl HostRecord {
    /// Set `last_write` to the latest source.
    pub(crate) fn settle(&mut self) {
        self.last_write_sources
            .sort_by_key(|s| std::cmp::Reverse(s.time));
        self.last_write = self.last_write_sources.first().map(|s| s.time);
    }
}

/// The newest modification time among `entries` as a last-write candidate.
pub(crate) fn newest(
    entries: impl Iterator<Item = foothold_fs::Entry>,
    what: &str,
) -> Option<TimeSource> {
    entries
        .filter_map(|e| Some((e.times.modified?, e.path)))
        .max()
        .map(|(time, path)| TimeSource {
            what: what.into(),
            path,
            time,
        })
}

/// Add a volume's host record, its last write settled from `sources`, and give the clock
/// its schedules' next runs are counted by.
pub(crate) fn push(
    report: &mut super::Report,
    mut r: HostRecord,
    sources: Vec<TimeSource>,
    zone: Option<Box<dyn Zone + Send + Sync>>,
) -> Clock {
    r.last_write_sources = sources;
    r.settle();
    let after = r.last_write;
    report.hosts.push(r);
    Clock { zone, after }
}

/// What the next runs of a volume's schedules are computed with.
pub(crate) struct Clock {
    /// The host's zone, when its rules were read.
    pub zone: Option<Box<dyn Zone + Send + Sync>>,
    /// The host's last write.
    pub after: Option<Timestamp>,
}

/// Triggers of one task given next runs.
pub(crate) const MAX_TRIGGERS: usize = 64;

/// Runs listed per schedule.
pub(crate) const NEXT_RUNS: usize = 5;

impl Clock {
    /// Fill `next_runs` of the volume's tasks and cron jobs.
    pub(crate) fn apply(&self, report: &mut super::Report, first: super::Firsts) {
        let (Some(zone), Some(after)) = (self.zone.as_deref(), self.after) else {
            return;
        };
        for t in &mut report.scheduled_tasks[first.scheduled_tasks..] {
            if !t.task.enabled {
                continue;
            }
            // Task Scheduler allows 48 triggers; a hostile file with thousands is bounded
            // (each may search 28 years of days).
            for (f, trig) in t
                .frequency
                .iter_mut()
                .zip(&t.task.triggers)
                .take(MAX_TRIGGERS)
            {
                f.next_runs = foothold_windows::trigger_next_runs(trig, zone, after, NEXT_RUNS);
                f.next_runs_after = Some(after);
            }
        }
        for c in &mut report.cron_jobs[first.cron_jobs..] {
            if let Some(f) = &mut c.frequency {
                f.next_runs = foothold_linux::cron_next_runs(&c.job, zone, after, NEXT_RUNS);
                f.next_runs_after = Some(after);
            }
        }
    }
}
