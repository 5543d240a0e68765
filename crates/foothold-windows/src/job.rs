//! Legacy Task Scheduler 1.0 `.job` files ([MS-TSCH] 2.4: fixed-length section,
//! variable-length section, triggers).
use crate::text::{bit_names, bit_numbers};
use crate::{
    CalendarKind, CalendarSchedule, Error, Result, ScheduledTask, TaskAction, TaskTrigger,
    TriggerKind,
};
use serde::Serialize;

/// Fields of a `.job` file that have no task-XML counterpart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct JobInfo {
    /// Windows version that wrote it (`0x0601` = Windows 7).
    pub product_version: u16,
    /// Job UUID.
    pub uuid: String,
    /// Status code (`0x00041300` ready, `0x00041303` has not run, …).
    pub status: u32,
    /// Its name (`ready`, `running`, `disabled`, `has_not_run`, …).
    pub status_name: Option<String>,
    /// Exit code of the last run.
    pub exit_code: u32,
    /// Task flags bit field.
    pub flags: u32,
    /// Names of the set flags (`disabled`, `hidden`, `delete_when_done`, …).
    pub flag_names: Vec<String>,
    /// Last run, in the machine's local time as stored (no time zone in the file).
    pub last_run_local: Option<String>,
    /// Maximum run time in milliseconds (`0xFFFFFFFF` = unlimited).
    pub max_run_time_ms: u32,
    /// Priority class.
    pub priority: u32,
    /// Running instance count.
    pub running_instances: u16,
}

struct Reader<'a> {
    c: foothold_core::Cursor<'a>,
}

impl<'a> Reader<'a> {
    fn err(&self, reason: &str) -> Error {
        Error::Job {
            offset: self.c.pos(),
            reason: reason.into(),
        }
    }
    fn short(&self, n: usize) -> Error {
        self.err(&format!("{n} bytes needed, file ends"))
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let e = self.short(n);
        self.c.take(n).map_err(|_| e)
    }
    fn u16(&mut self) -> Result<u16> {
        let e = self.short(2);
        self.c.u16().map_err(|_| e)
    }
    fn u32(&mut self) -> Result<u32> {
        let e = self.short(4);
        self.c.u32().map_err(|_| e)
    }
    /// A length-prefixed (in characters, including the terminating NUL) UTF-16LE string.
    fn string(&mut self) -> Result<Option<String>> {
        let chars = usize::from(self.u16()?);
        let raw = self.take(chars.saturating_mul(2))?;
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .filter_map(|c| foothold_core::u16_at(c, 0))
            .take_while(|u| *u != 0)
            .collect();
        let s = String::from_utf16_lossy(&units);
        Ok((!s.is_empty()).then_some(s))
    }
}

const STATUS: &[(u32, &str)] = &[
    (0x0004_1300, "ready"),
    (0x0004_1301, "running"),
    (0x0004_1302, "disabled"),
    (0x0004_1303, "has_not_run"),
    (0x0004_1304, "no_more_runs"),
    (0x0004_1305, "not_scheduled"),
    (0x0004_1306, "terminated"),
    (0x0004_1307, "no_valid_triggers"),
];

const FLAGS: &[(u32, &str)] = &[
    (0x1, "interactive"),
    (0x2, "delete_when_done"),
    (0x4, "disabled"),
    (0x10, "start_only_if_idle"),
    (0x20, "kill_on_idle_end"),
    (0x40, "dont_start_if_on_batteries"),
    (0x80, "kill_if_going_on_batteries"),
    (0x100, "run_only_if_docked"),
    (0x200, "hidden"),
    (0x400, "run_if_connected_to_internet"),
    (0x800, "restart_on_idle_resume"),
    (0x1000, "system_required"),
    (0x2000, "run_only_if_logged_on"),
    (0x0100_0000, "application_name"),
];

pub(crate) const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parse a legacy `.job` file into a task (`sources: ["job"]`; times are local).
///
/// ```
/// assert!(foothold_windows::parse_job(&[0u8; 10]).is_err());
/// ```
pub fn parse_job(b: &[u8]) -> Result<ScheduledTask> {
    if b.len() > crate::MAX_TASK_FILE {
        return Err(Error::TooLarge {
            size: b.len(),
            limit: crate::MAX_TASK_FILE,
        });
    }
    let mut r = Reader {
        c: foothold_core::Cursor::new(b, 0),
    };
    let product_version = r.u16()?;
    let _file_version = r.u16()?;
    let u = r.take(16)?;
    let uuid = crate::text::guid(u);
    let app_offset = usize::from(r.u16()?);
    let trigger_offset = usize::from(r.u16()?);
    let _retry_count = r.u16()?;
    let _retry_interval = r.u16()?;
    let _idle_deadline = r.u16()?;
    let _idle_wait = r.u16()?;
    let priority = r.u32()?;
    let max_run_time_ms = r.u32()?;
    let exit_code = r.u32()?;
    let status = r.u32()?;
    let flags = r.u32()?;
    // SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds.
    let mut st = [0u16; 8];
    for f in &mut st {
        *f = r.u16()?;
    }
    let [year, month, _weekday, day, hour, minute, second, ms] = st;
    let last_run_local = (year != 0).then(|| {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{ms:03}")
    });
    // Variable-length section.
    let running_instances = r.u16()?;
    if app_offset != r.c.pos() {
        r.c.seek(app_offset);
    }
    let application = r.string()?;
    let parameters = r.string()?;
    let working_directory = r.string()?;
    let author = r.string()?;
    let comment = r.string()?;
    let user_data = usize::from(r.u16()?);
    r.take(user_data)?;
    let reserved = usize::from(r.u16()?);
    r.take(reserved)?;
    if trigger_offset != r.c.pos() {
        r.c.seek(trigger_offset);
    }
    let count = r.u16()?;
    let mut triggers = Vec::new();
    for _ in 0..count {
        triggers.push(trigger(&mut r)?);
    }
    let flag_names: Vec<String> = FLAGS
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| n.to_string())
        .collect();
    let mut t = ScheduledTask {
        enabled: flags & 0x4 == 0,
        hidden: flags & 0x200 != 0,
        author,
        description: comment,
        triggers,
        actions: vec![TaskAction {
            kind: crate::ActionKind::Exec,
            command: application,
            arguments: parameters,
            working_directory,
            ..TaskAction::default()
        }],
        sources: vec![crate::TaskSource::Job],
        job: Some(crate::JobInfo {
            product_version,
            uuid,
            status,
            status_name: STATUS
                .iter()
                .find(|(c, _)| *c == status)
                .map(|(_, n)| n.to_string()),
            exit_code,
            flags,
            flag_names,
            last_run_local,
            max_run_time_ms,
            priority,
            running_instances,
        }),
        ..ScheduledTask::default()
    };
    if t.hidden {
        t.flags.push(crate::TaskFlag::HiddenSetting);
    }
    Ok(t)
}

fn trigger(r: &mut Reader) -> Result<TaskTrigger> {
    let size = r.u16()?;
    if size != 0x30 {
        return Err(r.err(&format!("trigger size {size}, expected 48")));
    }
    let _reserved = r.u16()?;
    let (by, bm, bd) = (r.u16()?, r.u16()?, r.u16()?);
    let (ey, em, ed) = (r.u16()?, r.u16()?, r.u16()?);
    let (hour, minute) = (r.u16()?, r.u16()?);
    let duration = r.u32()?;
    let interval = r.u32()?;
    let flags = r.u32()?;
    let kind = r.u32()?;
    let (s0, s1, s2) = (r.u16()?, r.u16()?, r.u16()?);
    r.take(6)?; // padding, reserved2, reserved3
    let mut t = TaskTrigger {
        enabled: flags & 0x4 == 0,
        start_boundary: Some(format!("{by:04}-{bm:02}-{bd:02}T{hour:02}:{minute:02}:00")),
        end_boundary: (flags & 0x1 != 0).then(|| format!("{ey:04}-{em:02}-{ed:02}T00:00:00")),
        interval: (interval != 0).then(|| format!("PT{interval}M")),
        duration: (duration != 0).then(|| format!("PT{duration}M")),
        stop_at_duration_end: (duration != 0).then_some(flags & 0x2 != 0),
        ..TaskTrigger::default()
    };
    let sched = |kind: CalendarKind| CalendarSchedule {
        kind,
        ..CalendarSchedule::default()
    };
    t.kind = match kind {
        0 => TriggerKind::Time,
        1 => {
            t.schedule = Some(CalendarSchedule {
                days_interval: Some(u32::from(s0)),
                ..sched(CalendarKind::ByDay)
            });
            TriggerKind::Calendar
        }
        2 => {
            t.schedule = Some(CalendarSchedule {
                weeks_interval: Some(u32::from(s0)),
                days_of_week: bit_names(u32::from(s1), &DAYS),
                ..sched(CalendarKind::ByWeek)
            });
            TriggerKind::Calendar
        }
        3 => {
            let days = u32::from(s0) | u32::from(s1) << 16;
            t.schedule = Some(CalendarSchedule {
                days_of_month: bit_numbers(days, 31),
                months: bit_names(u32::from(s2), &MONTHS),
                ..sched(CalendarKind::ByMonth)
            });
            TriggerKind::Calendar
        }
        4 => {
            let week = match s0 {
                5 => "Last".to_string(),
                n => n.to_string(),
            };
            t.schedule = Some(CalendarSchedule {
                weeks: vec![week],
                days_of_week: bit_names(u32::from(s1), &DAYS),
                months: bit_names(u32::from(s2), &MONTHS),
                ..sched(CalendarKind::ByMonthDayOfWeek)
            });
            TriggerKind::Calendar
        }
        5 => TriggerKind::Idle,
        6 => TriggerKind::Boot,
        7 => TriggerKind::Logon,
        other => TriggerKind::Other(format!("unknown_{other}")),
    };
    Ok(t)
}
