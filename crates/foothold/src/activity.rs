//! What one user did: the records of a report that name them, in time order.
use crate::scan::{Record, Report};
use foothold_fs::Timestamp;

/// Who to look for: a SID, a uid, or a name (`DOMAIN\user` or `user`, case-insensitive on
/// Windows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    text: String,
}

impl Who {
    /// Parse what the examiner typed.
    pub fn new(who: &str) -> Self {
        Who {
            text: who.trim().to_string(),
        }
    }

    fn is_sid(&self) -> bool {
        self.text.len() > 4
            && self
                .text
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("S-1-"))
    }

    /// Whether a SID, a name or a uid written somewhere names this user.
    fn names(&self, sid: Option<&str>, name: Option<&str>, id: Option<u32>) -> bool {
        if self.is_sid() {
            return sid.is_some_and(|s| s.eq_ignore_ascii_case(&self.text));
        }
        if let (Ok(uid), Some(id)) = (self.text.parse::<u32>(), id) {
            return uid == id;
        }
        // `DOMAIN\\user` matches a name in the same domain, where `OFFSEC` and `OFFSEC.LAN`
        // (NetBIOS and DNS names, as 4624 and 4698 write them) are the same domain;
        // a bare `user` matches that user in any domain.
        let split = |s: &str| -> (Option<String>, String) {
            match s.rsplit_once('\\') {
                Some((d, u)) => (
                    Some(d.split('.').next().unwrap_or(d).to_ascii_lowercase()),
                    u.to_ascii_lowercase(),
                ),
                None => (None, s.to_ascii_lowercase()),
            }
        };
        let (want_domain, want_user) = split(&self.text);
        name.is_some_and(|n| {
            let (d, u) = split(n);
            u == want_user && (want_domain.is_none() || d.is_none() || d == want_domain)
        })
    }
}

impl Report {
    /// Every record naming `who`, in time order (records without a time last): their
    /// account, their logon sessions, the events they are the subject or target of (logons,
    /// processes, account and group changes, log clearing, cron lines; on Linux the
    /// authentication log's logons, sudo and account changes and their shell history), and
    /// the tasks,
    /// services and jobs they created or that run as them. `around` keeps only records
    /// within `seconds` of a time. Scan with every event (`Evidence::scan_with(_, true)`) to
    /// see processes and account changes, not only persistence events.
    ///
    /// ```
    /// let report = foothold::Report::default();
    /// assert!(report.activity(&foothold::Who::new("alice"), None).is_empty());
    /// ```
    pub fn activity(&self, who: &Who, around: Option<(Timestamp, i64)>) -> Vec<Record<'_>> {
        let mut out: Vec<Record<'_>> = Vec::new();
        for a in &self.accounts {
            let acc = &a.account;
            if acc.kind.is_some_and(|k| {
                matches!(
                    k,
                    foothold_core::AccountKind::LocalGroup | foothold_core::AccountKind::UnixGroup
                )
            }) {
                continue;
            }
            if who.names(acc.sid.as_deref(), acc.name.as_deref(), acc.id) {
                out.push(Record::Account(a));
            }
        }
        let by_ref = |r: Option<&foothold_core::AccountRef>| {
            r.is_some_and(|r| who.names(r.sid.as_deref(), r.name.as_deref(), r.id))
        };
        for s in &self.sessions {
            if who.names(s.session.sid.as_deref(), s.session.user.as_deref(), None) {
                out.push(Record::Session(s));
            }
        }
        for e in &self.events {
            let ev = &e.event;
            let d = |k: &str| ev.data.get(k).map(String::as_str);
            let target = foothold_windows::qualified_user(&ev.data, "Target");
            let hit = by_ref(e.account.as_ref())
                || who.names(d("SubjectUserSid"), ev.user.as_deref(), None)
                || who.names(
                    d("TargetUserSid").or(d("TargetSid")),
                    target.as_deref(),
                    None,
                )
                || who.names(ev.user_sid.as_deref(), None, None)
                // Linux auth log: the account added, changed, or switched to.
                || who.names(None, d("target_user"), None)
                || ev
                    .detail
                    .session
                    .as_ref()
                    .is_some_and(|s| who.names(None, s.user.as_deref(), None));
            if hit {
                out.push(Record::Event(e));
            }
        }
        for t in &self.scheduled_tasks {
            let by = t.created_by.as_ref();
            if by.is_some_and(|c| who.names(c.sid.as_deref(), c.user.as_deref(), None))
                || by_ref(t.account.as_ref())
            {
                out.push(Record::ScheduledTask(t));
            }
        }
        for s in &self.services {
            let by = s.created_by.as_ref();
            if by.is_some_and(|c| who.names(c.sid.as_deref(), c.user.as_deref(), None)) {
                out.push(Record::Service(s));
            }
        }
        for c in &self.cron_jobs {
            let by = c.created_by.as_ref();
            if by_ref(c.account.as_ref())
                || who.names(None, c.job.user.as_deref(), c.source.uid)
                || by.is_some_and(|b| who.names(None, b.user.as_deref(), None))
            {
                out.push(Record::CronJob(c));
            }
        }
        if let Some((t, secs)) = around {
            out.retain(|r| {
                r.summary()
                    .time
                    .is_some_and(|x| (x.unix_seconds() - t.unix_seconds()).abs() <= secs)
            });
        }
        out.sort_by_cached_key(|r| {
            let t = r.summary().time;
            (t.is_none(), t)
        });
        out
    }
}
