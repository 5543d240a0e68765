//! The report's lists of records, declared once: the [`Report`] struct, the [`Record`] enum
//! and its `artifact` tag, [`Report::records`] (output order), where a volume's records start
//! in each list ([`Firsts`]) and every source a volume added ([`volume_sources`]) all follow
//! from the one `lists!` invocation below. A list added there is in all of them; a family's
//! storage is then named in [`crate::Family`]'s `retain` (an exhaustive `match`).

use super::{
    AccountRecord, CronJobRecord, ErrorRecord, EventRecord, HostRecord, LinuxServiceRecord,
    ScheduledTaskRecord, ServiceRecord, SessionRecord, Source,
};
use serde::Serialize;

macro_rules! lists {
    ($(
        $field:ident: $variant:ident($t:ty) = $tag:literal,
            list $list_doc:literal, record $record_doc:literal;
    )*) => {
        /// Everything a scan found.
        #[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
        pub struct Report {
            $(
                #[doc = $list_doc]
                pub $field: Vec<$t>,
            )*
        }

        /// One output record, tagged with `artifact` as in the JSONL output.
        #[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
        #[serde(tag = "artifact", rename_all = "snake_case")]
        pub enum Record<'a> {
            $(
                #[doc = $record_doc]
                $variant(&'a $t),
            )*
        }

        impl Report {
            /// Every record in output order (artifacts, then errors).
            pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
                std::iter::empty()
                    $(.chain(self.$field.iter().map(Record::$variant)))*
            }
        }

        impl Record<'_> {
            /// Its `artifact` tag, as the JSON record has it (`scheduled_task`, `event`,
            /// `error`…).
            ///
            /// ```
            /// let mut r = foothold::Report::default();
            /// r.warnings.push(foothold::ErrorRecord {
            ///     source: foothold::Source::default(),
            ///     offset: None,
            ///     message: "image truncated?".into(),
            /// });
            /// let rec = r.records().next().unwrap();
            /// assert_eq!(rec.artifact(), "warning");
            /// assert_eq!(serde_json::to_value(&rec).unwrap()["artifact"], "warning");
            /// ```
            pub fn artifact(&self) -> &'static str {
                match self {
                    $(Record::$variant(_) => $tag,)*
                }
            }

            /// Where the record was found.
            pub fn source(&self) -> &Source {
                match self {
                    $(Record::$variant(r) => &r.source,)*
                }
            }
        }

        /// Where this volume's records start in each list of a report.
        #[derive(Clone, Copy)]
        pub(crate) struct Firsts {
            $(pub(crate) $field: usize,)*
        }

        impl Firsts {
            pub(crate) fn of(r: &Report) -> Self {
                Firsts {
                    $($field: r.$field.len(),)*
                }
            }
        }

        /// The sources of every record a volume added (from `first` on).
        pub(crate) fn volume_sources(
            r: &mut Report,
            first: Firsts,
        ) -> impl Iterator<Item = &mut Source> {
            std::iter::empty()
                $(.chain(
                    r.$field
                        .get_mut(first.$field..)
                        .unwrap_or_default()
                        .iter_mut()
                        .map(|x| &mut x.source),
                ))*
        }
    };
}

lists! {
    scheduled_tasks: ScheduledTask(ScheduledTaskRecord) = "scheduled_task",
        list "Windows scheduled tasks.", record "A Windows scheduled task.";
    services: Service(ServiceRecord) = "service",
        list "Windows services.", record "A Windows service.";
    cron_jobs: CronJob(CronJobRecord) = "cron_job",
        list "Linux scheduled jobs.", record "A Linux scheduled job.";
    linux_services: LinuxService(LinuxServiceRecord) = "linux_service",
        list "Linux services: systemd service units, SysV init scripts, `rc.local`.",
        record "A Linux service.";
    accounts: Account(AccountRecord) = "account",
        list "Accounts (SAM users and groups, profiles, passwd users and groups).",
        record "An account of the image.";
    hosts: Host(HostRecord) = "host",
        list "The machine of each operating-system volume.",
        record "The machine of an operating-system volume.";
    sessions: Session(SessionRecord) = "session",
        list "Logon sessions from Security logs.", record "A logon session.";
    events: Event(EventRecord) = "event",
        list "Persistence events from event logs.", record "An event-log record.";
    errors: Error(ErrorRecord) = "error",
        list "What could not be read or parsed.", record "An error.";
    warnings: Warning(ErrorRecord) = "warning",
        list "What makes the results less than complete without a single item failing: an image shorter than its partition table or filesystem claims, a filesystem read with degraded metadata, an image in which nothing is readable.",
        record "A warning (same shape as an error).";
}
