//! The artifact families, declared once: the CLI's `--only` values, Python's `only=[…]`,
//! the case layer's persistence set and [`ScanSet`]'s builder follow from this list, and
//! [`Report::retain`] must name every family (an exhaustive `match`), so a family added
//! here without its storage does not compile. A test checks that every `artifact` the
//! record schema declares belongs to a family (or is a host, error or warning record).

use crate::Report;

macro_rules! families {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $name:literal, builder $builder:ident,
            artifacts [$($artifact:literal),+], persistence $persistence:literal;
    )*) => {
        /// An artifact family: what `scan --only` selects.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Family {
            $($(#[$doc])* $variant,)*
        }

        impl Family {
            /// Every family, in output order.
            pub const ALL: &'static [Family] = &[$(Family::$variant),*];

            /// The name `--only` and Python's `only=` take (`tasks`, `services`, …).
            pub fn name(self) -> &'static str {
                match self {
                    $(Family::$variant => $name,)*
                }
            }

            /// The `artifact` values of its records (`scheduled_task`, `event` and
            /// `session`, …).
            pub fn artifacts(self) -> &'static [&'static str] {
                match self {
                    $(Family::$variant => &[$($artifact),+],)*
                }
            }

            /// Whether its records are persistence items (what `case stack`, `diff` and
            /// `iocs` compare): tasks, services, jobs.
            pub fn is_persistence(self) -> bool {
                match self {
                    $(Family::$variant => $persistence,)*
                }
            }

            /// The family of a name `--only` takes.
            ///
            /// ```
            /// use foothold::Family;
            /// assert_eq!(Family::from_name("cron"), Some(Family::Cron));
            /// assert_eq!(Family::from_name("tasks").map(Family::artifacts), Some(&["scheduled_task"][..]));
            /// assert_eq!(Family::from_name("wmi"), None);
            /// ```
            pub fn from_name(name: &str) -> Option<Family> {
                Family::ALL.iter().copied().find(|f| f.name() == name)
            }

            fn bit(self) -> u32 {
                1 << (self as u32)
            }
        }

        impl ScanSet {
            $(
                #[doc = concat!("Also the `", $name, "` family.")]
                pub fn $builder(self) -> Self {
                    self.with(Family::$variant)
                }
            )*
        }
    };
}

families! {
    /// Windows scheduled tasks: task XML, legacy `.job`, TaskCache, and tasks rebuilt from
    /// their 4698/4699 records.
    Tasks = "tasks", builder tasks, artifacts ["scheduled_task"], persistence true;
    /// Windows services (SYSTEM hive, every control set), and services rebuilt from 7045.
    Services = "services", builder services, artifacts ["service"], persistence true;
    /// Linux cron, anacron, at, run-parts scripts, systemd timers.
    Cron = "cron", builder cron, artifacts ["cron_job"], persistence true;
    /// Linux services: systemd service units (system and user), SysV init scripts,
    /// `rc.local`.
    LinuxServices = "linux_services", builder linux_services, artifacts ["linux_service"],
        persistence true;
    /// Event-log records of persistence (EVTX, syslog, auth logs, shell histories) and the
    /// logon sessions built from them.
    Events = "events", builder events, artifacts ["event", "session"], persistence false;
    /// Accounts: SAM, ProfileList, passwd/group/sudoers.
    Accounts = "accounts", builder accounts, artifacts ["account"], persistence false;
}

/// The `artifact` names of the persistence families' records, in family order.
pub fn persistence_artifacts() -> Vec<&'static str> {
    Family::ALL
        .iter()
        .filter(|f| f.is_persistence())
        .flat_map(|f| f.artifacts().iter().copied())
        .collect()
}

/// Which artifact families a scan writes, and whether the files they run are hashed.
///
/// A family's records are the same whatever else is asked for: the scan reads what they
/// need (a task's events, a job's syslog lines, the accounts they name) and writes only
/// the families selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanSet {
    families: u32,
    /// Read, hash and describe the files tasks, services and jobs run (`runs[].binaries`);
    /// `false` (`--no-hash`) still finds them and gives their metadata.
    pub hash: bool,
    /// Also read every volume shadow copy and bring back what only they hold
    /// (`--no-snapshots` turns it off).
    pub snapshots: bool,
}

impl Default for ScanSet {
    /// Every family, binaries hashed: [`ScanSet::all`].
    fn default() -> Self {
        ScanSet::all()
    }
}

impl ScanSet {
    /// No family: the start of a builder (`ScanSet::none().tasks().services()`).
    ///
    /// ```
    /// use foothold::{Family, ScanSet};
    /// let set = ScanSet::none().cron().events().no_hash();
    /// assert!(set.contains(Family::Cron) && set.contains(Family::Events));
    /// assert!(!set.contains(Family::Tasks) && !set.hash);
    /// assert_eq!(ScanSet::default(), ScanSet::all());
    /// assert_eq!(ScanSet::of(Family::ALL), ScanSet::all());
    /// ```
    pub fn none() -> Self {
        ScanSet {
            families: 0,
            hash: true,
            snapshots: true,
        }
    }

    /// Every family foothold can scan.
    pub fn all() -> Self {
        ScanSet::of(Family::ALL)
    }

    /// These families (binaries hashed).
    pub fn of(families: &[Family]) -> Self {
        families.iter().fold(ScanSet::none(), |s, &f| s.with(f))
    }

    /// Also `family`.
    pub fn with(mut self, family: Family) -> Self {
        self.families |= family.bit();
        self
    }

    /// Whether `family` is selected.
    pub fn contains(&self, family: Family) -> bool {
        self.families & family.bit() != 0
    }

    /// The families selected, in output order.
    pub fn families(&self) -> impl Iterator<Item = Family> + '_ {
        Family::ALL.iter().copied().filter(|&f| self.contains(f))
    }

    /// Scan the live volumes only, not their shadow copies (`--no-snapshots`).
    pub fn no_snapshots(mut self) -> Self {
        self.snapshots = false;
        self
    }

    /// Find the files items run without reading and hashing them (`--no-hash`).
    pub fn no_hash(mut self) -> Self {
        self.hash = false;
        self
    }

    /// What must be read so that the selected families' records are whole: a task's or
    /// service's record holds the events that name it, the tasks and services rebuilt from
    /// logs and the account it runs as; an event's record is tied to the task or service it
    /// names; a cron job's creator comes from syslog and the accounts. The scan reads this
    /// set and writes `self` ([`Report::retain`]).
    ///
    /// ```
    /// use foothold::{Family, ScanSet};
    /// let read = ScanSet::none().cron().needed();
    /// assert!(read.contains(Family::Events) && read.contains(Family::Accounts));
    /// assert_eq!(ScanSet::none().accounts().needed(), ScanSet::none().accounts());
    /// ```
    pub fn needed(self) -> ScanSet {
        let mut read = self;
        // A task, service or job record holds the events that name it (and what was rebuilt
        // from them: `foothold_windows::tasks_from_events`, `cron_created_by`) and the
        // account it runs as. Task and service events name one kind each
        // (`foothold_windows::correlate_events`), so neither needs the other.
        for f in [
            Family::Tasks,
            Family::Services,
            Family::Cron,
            Family::LinuxServices,
        ] {
            if self.contains(f) {
                read = read.with(Family::Events).with(Family::Accounts);
            }
        }
        // An event record is tied to the task or service it names (or said to name one
        // that is gone), and to the account that acted.
        if self.contains(Family::Events) {
            read = read
                .with(Family::Tasks)
                .with(Family::Services)
                .with(Family::Accounts);
        }
        read
    }
}

impl Report {
    /// Keep only the records of the families in `set` (hosts, errors and warnings stay).
    pub fn retain(&mut self, set: ScanSet) {
        for &f in Family::ALL {
            if set.contains(f) {
                continue;
            }
            // Every family names its storage here: a new one must be added to compile.
            match f {
                Family::Tasks => self.scheduled_tasks.clear(),
                Family::Services => self.services.clear(),
                Family::Cron => self.cron_jobs.clear(),
                Family::LinuxServices => self.linux_services.clear(),
                Family::Events => {
                    self.events.clear();
                    self.sessions.clear();
                }
                Family::Accounts => self.accounts.clear(),
            }
        }
    }
}
