"""The record classes, generated from the Rust record schema by
``bindings/python/gen_records.py`` (``schema/scan-record.schema.json``,
``schema/summary.schema.json``). Do not edit: change the Rust types, regenerate the schema,
then run the script."""
# fmt: off
# (dataclasses as `_dc`: a record field named `field` must not hide its function)
import dataclasses as _dc
from typing import Any, Dict, List, Optional

from ._base import _Cron, _Record, _Runs, _Task
from ._time import Timestamp, _time_of

__all__ = ["Principal", "TaskTrigger", "CalendarSchedule", "TaskAction", "JobInfo", "TaskCacheEntry", "TriggersBlob", "DynamicInfo", "Source", "Replay", "SnapshotRef", "AccountRef", "CreatedBy", "SessionRef", "CreationEvidence", "EventRef", "RunsSeen", "GpoItem", "RunCommand", "Invocation", "RunTarget", "Binary", "StreamInfo", "PeInfo", "VersionInfo", "Signature", "ChainLink", "CatalogSignature", "CatalogMember", "ElfInfo", "ScriptInfo", "Frequency", "LocalTime", "Recovered", "ScheduledTask", "FailureActions", "FailureAction", "Service", "ScheduleSets", "AtJob", "TimerInfo", "TimerTrigger", "CronJob", "ExecCommand", "LinuxServiceRecord", "Account", "TimeSource", "Host", "InferredAddress", "Session", "TaskDefinition", "ToolInvocation", "TaskEvent", "Event", "ErrorRecord", "Summary"]



@_dc.dataclass(frozen=True, eq=False)
class Principal(_Record):
    """The principal a task runs as."""

    #: `id` attribute (referenced by `Actions Context`).
    id: Optional[str] = None
    #: `UserId` (account or SID).
    user_id: Optional[str] = None
    #: `GroupId`.
    group_id: Optional[str] = None
    #: `LogonType` (`InteractiveToken`, `Password`, `S4U`, `ServiceAccount`, …).
    logon_type: Optional[str] = None
    #: `RunLevel` (`LeastPrivilege`, `HighestAvailable`).
    run_level: Optional[str] = None
    #: `DisplayName`.
    display_name: Optional[str] = None
    #: `ProcessTokenSidType`.
    process_token_sid_type: Optional[str] = None
    #: `RequiredPrivileges/Privilege`.
    required_privileges: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TaskTrigger(_Record):
    """One trigger."""

    #: What fires it.
    type: str = None
    #: `id` attribute.
    id: Optional[str] = None
    #: `Enabled` (default true).
    enabled: bool = None
    #: `StartBoundary` as written (local time unless it ends in `Z` or an offset).
    start_boundary: Optional[str] = None
    #: `EndBoundary` as written.
    end_boundary: Optional[str] = None
    #: `Repetition/Interval` (ISO 8601 duration, `PT5M`).
    interval: Optional[str] = None
    #: `Repetition/Duration`.
    duration: Optional[str] = None
    #: `Repetition/StopAtDurationEnd`.
    stop_at_duration_end: Optional[bool] = None
    #: `Delay`.
    delay: Optional[str] = None
    #: `RandomDelay`.
    random_delay: Optional[str] = None
    #: `ExecutionTimeLimit`.
    execution_time_limit: Optional[str] = None
    #: `UserId` (logon, session state change).
    user_id: Optional[str] = None
    #: `Subscription` (event trigger: the XPath query, decoded).
    subscription: Optional[str] = None
    #: `StateChange` (session state change).
    state_change: Optional[str] = None
    #: `StateName` (WNF state change).
    state_name: Optional[str] = None
    #: `Data` (WNF state change).
    data: Optional[str] = None
    #: Calendar schedule.
    schedule: Optional["CalendarSchedule"] = None
    #: Event trigger `ValueQueries` (name → XPath).
    value_queries: Dict[str, str] = _dc.field(default_factory=dict)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class CalendarSchedule(_Record):
    """The calendar part of a `CalendarTrigger` (or a legacy `.job` daily/weekly/monthly trigger)."""

    #: How it repeats.
    kind: str = None
    #: `DaysInterval`.
    days_interval: Optional[int] = None
    #: `WeeksInterval`.
    weeks_interval: Optional[int] = None
    #: `DaysOfWeek` (`Monday`…).
    days_of_week: List[str] = _dc.field(default_factory=list)
    #: `DaysOfMonth` (`1`…`31`, `Last`).
    days_of_month: List[str] = _dc.field(default_factory=list)
    #: `Months` (`January`…).
    months: List[str] = _dc.field(default_factory=list)
    #: `Weeks` (`1`…`4`, `Last`).
    weeks: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TaskAction(_Record):
    """One action."""

    #: `exec`, `com_handler`, `send_email`, `show_message`.
    type: str = None
    #: `id` attribute.
    id: Optional[str] = None
    #: Exec `Command`.
    command: Optional[str] = None
    #: Exec `Arguments`.
    arguments: Optional[str] = None
    #: Exec `WorkingDirectory`.
    working_directory: Optional[str] = None
    #: ComHandler `ClassId`.
    class_id: Optional[str] = None
    #: ComHandler `Data`.
    data: Optional[str] = None
    #: SendEmail / ShowMessage fields by element name (`Server`, `To`, `Subject`, `Title`, `Body`…).
    fields: Dict[str, str] = _dc.field(default_factory=dict)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class JobInfo(_Record):
    """Fields of a `.job` file that have no task-XML counterpart."""

    #: Windows version that wrote it (`0x0601` = Windows 7).
    product_version: int = None
    #: Job UUID.
    uuid: str = None
    #: Status code (`0x00041300` ready, `0x00041303` has not run, …).
    status: int = None
    #: Its name (`ready`, `running`, `disabled`, `has_not_run`, …).
    status_name: Optional[str] = None
    #: Exit code of the last run.
    exit_code: int = None
    #: Task flags bit field.
    flags: int = None
    #: Names of the set flags (`disabled`, `hidden`, `delete_when_done`, …).
    flag_names: List[str] = _dc.field(default_factory=list)
    #: Last run, in the machine's local time as stored (no time zone in the file).
    last_run_local: Optional[str] = None
    #: Maximum run time in milliseconds (`0xFFFFFFFF` = unlimited).
    max_run_time_ms: int = None
    #: Priority class.
    priority: int = None
    #: Running instance count.
    running_instances: int = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TaskCacheEntry(_Record):
    """One task as the TaskCache records it."""

    #: `\Folder\Task`, from the Tree key path.
    name: str = None
    #: Tree key path in the hive.
    tree_key: str = None
    #: `Id` (the GUID of the `Tasks\{GUID}` key).
    id: Optional[str] = None
    #: `Index`.
    index: Optional[int] = None
    #: Whether the Tree key has its `SD` value (schtasks hides tasks without one).
    has_security_descriptor: bool = None
    #: Last-written time of the Tree key.
    tree_last_written: Optional["Timestamp"] = None
    #: `Tasks\{GUID}` key path, when present.
    task_key: Optional[str] = None
    #: Last-written time of the `Tasks\{GUID}` key.
    task_last_written: Optional["Timestamp"] = None
    #: `Path`.
    path: Optional[str] = None
    #: `URI`.
    uri: Optional[str] = None
    #: `Author`.
    author: Optional[str] = None
    #: `Description`.
    description: Optional[str] = None
    #: `Date`.
    date: Optional[str] = None
    #: Actions decoded from the `Actions` blob.
    actions: List["TaskAction"] = _dc.field(default_factory=list)
    #: `Actions` blob version.
    actions_version: Optional[int] = None
    #: Size of the `Triggers` blob in bytes.
    triggers_size: Optional[int] = None
    #: The `Triggers` blob decoded: enabled/hidden flags, user, triggers.
    triggers: Optional["TriggersBlob"] = None
    #: `DynamicInfo` decoded.
    dynamic_info: Optional["DynamicInfo"] = None
    #: Which of `Boot`, `Logon`, `Maintenance`, `Plain` list this task.
    lists: List[str] = _dc.field(default_factory=list)
    #: Problems decoding this entry's values.
    errors: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TriggersBlob(_Record):
    """The decoded `Triggers` value."""

    #: Format version (0x15 Windows 7/8, 0x16, 0x17 Windows 10/11).
    version: int = None
    #: Earliest start boundary of all triggers (`Z` when stored in UTC, else local time).
    start_boundary: Optional[str] = None
    #: Latest end boundary of all triggers.
    end_boundary: Optional[str] = None
    #: The task flags as stored.
    flags: int = None
    #: Names of the set task flags (`enabled`, `hidden`, `run_only_if_idle`, …).
    flag_names: List[str] = _dc.field(default_factory=list)
    #: Task enabled (flag 0x400000).
    enabled: bool = None
    #: Task hidden (flag 0x800000).
    hidden: bool = None
    #: CRC-32 the service stored for the task XML.
    xml_crc32: int = None
    #: Principal id (version ≥ 0x16).
    principal_id: Optional[str] = None
    #: Display name (version ≥ 0x17).
    display_name: Optional[str] = None
    #: The account the task runs as: SID and/or name.
    user_sid: Optional[str] = None
    #: The account name.
    user_name: Optional[str] = None
    #: Execution time limit of the task (ISO 8601 duration).
    execution_time_limit: Optional[str] = None
    #: Triggers, in the record's vocabulary (`time`, `calendar`, `logon`, …).
    triggers: List["TaskTrigger"] = _dc.field(default_factory=list)
    #: Where and why decoding stopped early, if it did (what came before is kept).
    error: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class DynamicInfo(_Record):
    """`DynamicInfo`: when the task was registered and last ran."""

    #: Blob version.
    version: int = None
    #: Registration (creation) time.
    created: Optional["Timestamp"] = None
    #: Last run time.
    last_run: Optional["Timestamp"] = None
    #: Task state.
    state: int = None
    #: Result of the last run (HRESULT).
    last_error: int = None
    #: Last successful run (version 3).
    last_successful_run: Optional["Timestamp"] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Source(_Record):
    """Where a record came from: enough to find the bytes again and to cite them."""

    #: Evidence file path.
    evidence: str = None
    #: The computer name of the machine the record belongs to: the `hostname` of its volume's [`HostRecord`] (`ComputerName` of the SYSTEM hive, `/etc/hostname`), so that the records of many images can be told apart. `None` when the volume has no name.
    host: Optional[str] = None
    #: For a loose file or a triage collection: the host file or archive member (`ARCHIVE!MEMBER`) the bytes were read from.
    origin: Optional[str] = None
    #: Volume (partition number), `None` for a bare filesystem.
    volume: Optional[int] = None
    #: `ntfs`, `ext4`, …
    filesystem: str = None
    #: Path on the volume.
    path: str = None
    #: MFT entry or inode of the file.
    entry: Optional[int] = None
    #: 1-based line in the file.
    line: Optional[int] = None
    #: Registry key path inside a hive file.
    key: Optional[str] = None
    #: Event record ID inside an event log.
    record_id: Optional[int] = None
    #: For records from a hive: whether it was dirty and which transaction logs were replayed.
    hive: Optional["Replay"] = None
    #: Creation ($SI) / crtime.
    created: Optional["Timestamp"] = None
    #: Content modification.
    modified: Optional["Timestamp"] = None
    #: Metadata change (NTFS: MFT record change).
    changed: Optional["Timestamp"] = None
    #: Last access.
    accessed: Optional["Timestamp"] = None
    #: ext: deletion time (dtime), as `deleted_time`.
    deleted_time: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` creation.
    fn_created: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` modification.
    fn_modified: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` MFT change.
    fn_changed: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` access.
    fn_accessed: Optional["Timestamp"] = None
    #: Owner uid (ext).
    uid: Optional[int] = None
    #: Owner gid (ext).
    gid: Optional[int] = None
    #: Set when the volume was read as it was at a shadow copy (`scan --snapshot N`, or a record the scan brought back from one).
    snapshot: Optional["SnapshotRef"] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Replay(_Record):
    """What a replay did."""

    #: The hive was dirty (sequence numbers differed) before replay.
    dirty: bool = None
    #: Logs applied, by the names given, in order.
    logs_applied: List[str] = _dc.field(default_factory=list)
    #: Sequence number of the last entry applied.
    last_sequence: Optional[int] = None
    #: Why a log or entry was not used.
    problems: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class SnapshotRef(_Record):
    """The shadow copy a record was read from."""

    #: Store number on its volume (1 = the oldest), as `foothold info` lists it.
    store: int = None
    #: The shadow copy's identifier.
    id: str = None
    #: When the shadow copy was taken (UTC).
    created: Optional["Timestamp"] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class AccountRef(_Record):
    """What a record says of the account it names: the resolved name, SID or id, and rights."""

    #: Where it is known from.
    kind: Optional[str] = None
    #: Resolved name.
    name: Optional[str] = None
    #: SID.
    sid: Optional[str] = None
    #: uid.
    id: Optional[int] = None
    #: Administrative rights (see [`Account::admin_because`]).
    admin: bool = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class CreatedBy(_Record):
    """Who made a task or service, when and from where, and what that rests on."""

    #: Who (`DOMAIN\user` of the creating event; else the task XML's `Author`).
    user: Optional[str] = None
    #: Their SID (`SubjectUserSid`, or the event's `Security/@UserID`).
    sid: Optional[str] = None
    #: When (the creating event's time; else the TaskCache registration time; else the file's creation time).
    when: Optional["Timestamp"] = None
    #: The logon session it was made in.
    session: Optional["SessionRef"] = None
    #: Every piece of evidence looked at, in order of weight.
    evidence: List["CreationEvidence"] = _dc.field(default_factory=list)
    #: Where the evidence disagrees: `author_differs_from_creator` (the XML's `Author` is not the 4698 subject), `file_created_away_from_registration` (the task file's creation time is more than an hour from the 4698 or TaskCache registration).
    flags: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class SessionRef(_Record):
    """What an event records of the session it was made in."""

    #: Logon id.
    logon_id: str = None
    #: Logon type and its name.
    logon_type: Optional[int] = None
    #: `network`, `interactive`…
    logon_type_name: Optional[str] = None
    #: The user who logged on.
    user: Optional[str] = None
    #: Source address: the session's own, else the inferred one.
    source_address: Optional[str] = None
    #: The address is inferred from another logon (`foothold_windows::LogonSession::inferred_address`).
    address_inferred: bool = None
    #: The 4624 an inferred address comes from.
    address_from_record_id: Optional[int] = None
    #: The 4624's time and record id.
    start: Optional["Timestamp"] = None
    #: The 4624's record id.
    start_record_id: Optional[int] = None
    #: The elevated token flag.
    elevated_token: Optional[bool] = None
    #: Whether a 4672 gave the session special privileges.
    special_privileges: bool = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class CreationEvidence(_Record):
    """One piece of evidence a creator rests on."""

    #: `event_4698`, `event_4697`, `event_7045`, `taskcache_registration`, `xml_author`, `xml_date`, `file_created`, `key_last_written`; cron: `crontab_replace` (a syslog `crontab[…]: (editor) REPLACE (owner)` line), `file_owner`, `file_created`.
    kind: str = None
    #: What it says (a user, a time).
    value: str = None
    #: The event record id, for an event.
    record_id: Optional[int] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class EventRef(_Record):
    """An event that names a task or service: a pointer into the event records."""

    #: Event ID.
    event_id: Optional[int] = None
    #: Event record ID.
    record_id: Optional[int] = None
    #: When.
    timestamp: Optional["Timestamp"] = None
    #: Who (`Security/@UserID`, or the event's user field).
    user: Optional[str] = None
    #: Log file path on the volume.
    path: str = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class RunsSeen(_Record):
    """How often a task ran, as its Task Scheduler log saw it: the runs started (100, or 200 where the log keeps no 100), the first and last start, the runs that failed (101, 103, 202, 203) and the last result written."""

    #: Runs started.
    runs: int = None
    #: The first start.
    first: Optional["Timestamp"] = None
    #: The last start.
    last: Optional["Timestamp"] = None
    #: Runs or actions that failed.
    failures: int = None
    #: The last result code written (a completion or failure), as written.
    last_result: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class GpoItem(_Record):
    """One item of a GPO's `ScheduledTasks.xml`, besides the task it defines: what kind of item, what the client is told to do with it, the account, and what limits where it applies."""

    #: `task` (Windows XP-style `Task`), `task_v2` (`TaskV2`), `immediate_task` (`ImmediateTask`: run once when the policy applies), `immediate_task_v2`, or `service` (an `NTService` of `Services.xml`).
    kind: str = None
    #: The policy (`{GUID}` of its folder), when the path names one.
    policy: Optional[str] = None
    #: `machine` or `user`: the side of the policy, when the path says.
    side: Optional[str] = None
    #: The item's `uid`.
    uid: Optional[str] = None
    #: The item's `changed` attribute, as written (`2019-03-30 23:04:20`).
    changed: Optional[str] = None
    #: `create`, `replace`, `update` or `delete` (`Properties/@action` C, R, U, D); for a service, its `serviceAction` (`start`, `stop`, `restart`, `nochange`).
    action: str = None
    #: `Properties/@runAs`.
    run_as: Optional[str] = None
    #: `Properties/@logonType`.
    logon_type: Optional[str] = None
    #: A `cpassword` is stored with the item (an AES-encrypted password whose key Microsoft published: anyone who reads SYSVOL can decrypt it). Its value is never kept.
    cpassword_present: bool = None
    #: `removePolicy`: the task is removed when the policy no longer applies.
    remove_policy: bool = None
    #: The item's filters (`FilterComputer DNS changedc`), each as its element, type and name.
    filters: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class RunCommand(_Record):
    """One command line of a record (a task's exec action, a service's `ImagePath`, a job's command), taken apart, with the files it names."""

    #: Which command of the record: `action 1`, `image_path`, `service_dll`, `failure_command`, `command`.
    role: str = None
    #: The command line, taken apart.
    invocation: "Invocation" = None
    #: Each file or address it names, looked for in the image.
    binaries: List["Binary"] = _dc.field(default_factory=list)
    #: Environment variables whose value is Windows' default, not read from the image.
    default_environment: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Invocation(_Record):
    """A command line, taken apart the way its runner takes it apart."""

    #: The command line as run: program and arguments, environment variables expanded.
    command_line: str = None
    #: The program as the runner finds it in the line (`argv[0]`).
    program: str = None
    #: The arguments, as the program receives them.
    args: List[str] = _dc.field(default_factory=list)
    #: The program first, then every file or address it hands on to, in order.
    targets: List["RunTarget"] = _dc.field(default_factory=list)
    #: For an unquoted path with spaces: the paths the loader tries, in its order.
    candidates: List[str] = _dc.field(default_factory=list)
    #: Decoded payloads (a PowerShell `-EncodedCommand`'s script).
    decoded: List[str] = _dc.field(default_factory=list)
    #: What the parse noticed.
    flags: List[str] = _dc.field(default_factory=list)
    #: Environment variables that could not be expanded, by name.
    unexpanded: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class RunTarget(_Record):
    """One file or address a command line runs or hands on to."""

    #: What it is.
    kind: str = None
    #: The path or address, environment variables expanded.
    path: str = None
    #: `rundll32`'s entry point.
    entry: Optional[str] = None
    #: The program that hands it on (`rundll32.exe`, `powershell.exe -File`, `sh -c`).
    via: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Binary(_Record):
    """A file (or address) a command line runs or hands on to, and what the image says of it."""

    #: What the command does with it (`program`, `dll`, `script`, `url`, `file`).
    kind: str = None
    #: As the command line names it (variables expanded).
    written: str = None
    #: `rundll32`'s entry point.
    entry_point: Optional[str] = None
    #: The launcher that hands it on (`rundll32.exe`, `cmd.exe /c`, `sh -c`).
    via: Optional[str] = None
    #: Whether it is in the image.
    status: str = None
    #: Where it is on the volume (`/Windows/System32/svchost.exe`).
    path: Optional[str] = None
    #: The places looked at, in the OS's order (a name searched on `Path`/`PATH`, the loader's candidates for an unquoted path).
    searched: List[str] = _dc.field(default_factory=list)
    #: MFT entry or inode.
    entry: Optional[int] = None
    #: Size in bytes.
    size: Optional[int] = None
    #: Creation ($SI) / crtime.
    created: Optional["Timestamp"] = None
    #: Content modification.
    modified: Optional["Timestamp"] = None
    #: Metadata change (NTFS: MFT record change).
    changed: Optional["Timestamp"] = None
    #: Last access.
    accessed: Optional["Timestamp"] = None
    #: ext: deletion time (dtime), as `deleted_time`.
    deleted_time: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` creation.
    fn_created: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` modification.
    fn_modified: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` MFT change.
    fn_changed: Optional["Timestamp"] = None
    #: NTFS `$FILE_NAME` access.
    fn_accessed: Optional["Timestamp"] = None
    #: Owner uid (ext).
    uid: Optional[int] = None
    #: Owner SID (NTFS: the owner of its security descriptor in `$Secure`).
    owner: Optional[str] = None
    #: Mode bits (ext) or file attribute flags (NTFS).
    mode: Optional[int] = None
    #: Alternate data streams (NTFS).
    streams: List["StreamInfo"] = _dc.field(default_factory=list)
    #: The `Zone.Identifier` stream's text (Mark of the Web).
    zone_identifier: Optional[str] = None
    #: Its `HostUrl`: where the file was downloaded from.
    download_url: Optional[str] = None
    #: MD5.
    md5: Optional[str] = None
    #: SHA-1.
    sha1: Optional[str] = None
    #: SHA-256.
    sha256: Optional[str] = None
    #: What it is.
    file_type: Optional[str] = None
    #: PE facts.
    pe: Optional["PeInfo"] = None
    #: ELF facts.
    elf: Optional["ElfInfo"] = None
    #: Script facts.
    script: Optional["ScriptInfo"] = None
    #: Damage met while reading it (the facts above are what could be read).
    errors: List[str] = _dc.field(default_factory=list)
    #: `unquoted_path_hijack` (an earlier loader candidate exists and is what runs), `entry_point_not_exported` (the DLL does not export the `rundll32` entry or the `ServiceMain` named), `not_hashed`, `read_error: …`.
    flags: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class StreamInfo(_Record):
    """A named stream of a file (NTFS alternate data stream)."""

    #: Stream name (without the `:`).
    name: str = None
    #: Size in bytes.
    size: int = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class PeInfo(_Record):
    """What a PE file's headers and directories say."""

    #: `IMAGE_FILE_HEADER.Machine` by name (`x86`, `x64`, `arm64`, `arm`, `ia64`) or hex.
    machine: str = None
    #: PE32+ (64-bit optional header).
    pe32_plus: bool = None
    #: `TimeDateStamp` as a time (the link time, or a hash in reproducible builds).
    compiled: Optional["Timestamp"] = None
    #: `TimeDateStamp` as written.
    time_date_stamp: int = None
    #: `Subsystem` by name (`windows_gui`, `windows_cui`, `native`, `efi_application`…).
    subsystem: str = None
    #: `IMAGE_FILE_DLL` is set.
    dll: bool = None
    #: The export directory's DLL name.
    export_name: Optional[str] = None
    #: Exported names (`#N` for an export by ordinal only), in table order.
    exports: List[str] = _dc.field(default_factory=list)
    #: The version resource.
    version: Optional["VersionInfo"] = None
    #: The Authenticode signature; `None` when the file is not signed (see `signed`).
    signature: Optional["Signature"] = None
    #: Whether the file carries an Authenticode signature.
    signed: bool = None
    #: The catalog that lists the file's Authenticode digest (`CatRoot\\*.cat`), for a file without a signature of its own: set by a scan that read the machine's catalogs.
    catalog: Optional["CatalogSignature"] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class VersionInfo(_Record):
    """What a version resource says."""

    #: `VS_FIXEDFILEINFO` file version (`10.0.19041.1`).
    file_version: Optional[str] = None
    #: `VS_FIXEDFILEINFO` product version.
    product_version: Optional[str] = None
    #: The strings of the first string table, by name.
    strings: Dict[str, str] = _dc.field(default_factory=dict)
    #: The string table's language and code page (`040904b0`).
    language: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Signature(_Record):
    """What an Authenticode signature says, and whether it fits the file."""

    #: Digest algorithm of the signed file digest (`sha1`, `sha256`, …, or the OID).
    digest_algorithm: str = None
    #: The file digest the signature carries (`SpcIndirectDataContent`), hex.
    signed_digest: str = None
    #: The file digest computed from the file, hex (empty for an unknown algorithm).
    computed_digest: str = None
    #: Whether they are equal: `false` means the file was changed after it was signed.
    digest_matches: bool = None
    #: Whether the signed attributes' `messageDigest` is the digest of the signed content (the file digest is what the signer signed); `None` when there are no signed attributes.
    content_digest_matches: Optional[bool] = None
    #: The signer certificate's subject, OpenSSL style (`/C=US/O=Google LLC/CN=Google LLC`).
    signer_subject: Optional[str] = None
    #: The signer certificate's issuer.
    signer_issuer: Optional[str] = None
    #: The signer certificate's serial number, hex.
    signer_serial: Optional[str] = None
    #: The signer certificate's validity.
    signer_not_before: Optional["Timestamp"] = None
    #: End of the signer certificate's validity.
    signer_not_after: Optional["Timestamp"] = None
    #: The signed `signingTime` attribute, when the signer wrote one.
    signing_time: Optional["Timestamp"] = None
    #: Certificates carried in the signature.
    certificates: int = None
    #: Bytes after the certificate table (not covered by the digest: data appended to a signed file).
    bytes_after_signature: Optional[int] = None
    #: Whether the signer's signature over the signed attributes verifies with its certificate's key: `false` means the signature was forged or damaged; `None` when the signer's certificate is not carried or its algorithm is not one foothold verifies.
    signature_verified: Optional[bool] = None
    #: The certificate chain the signature carries, from the signer's certificate up: each certificate and whether its issuer's key verifies it (the last one's issuer may be a root the signature does not carry).
    chain: List["ChainLink"] = _dc.field(default_factory=list)
    #: Whether the chain ends at a root the machine trusts ([`Signature::trusted_by`] with the image's own `ROOT`, `AuthRoot` and enterprise root stores, set by the scan); absent when no store was read.
    trusted: Optional[bool] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ChainLink(_Record):
    """One certificate of a signer's chain."""

    #: Its subject (OpenSSL style).
    subject: str = None
    #: Its issuer.
    issuer: str = None
    #: SHA-1 of the certificate, hex (Windows' thumbprint: the name of its key in a `SystemCertificates` store).
    sha1: str = None
    #: Whether its issuer's key verifies its signature; `None` when the issuer is not carried (or its algorithm is not verified).
    verified: Optional[bool] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class CatalogSignature(_Record):
    """A file's catalog signature: the catalog that lists it, the member, and the catalog's own signature judged as an Authenticode signature is."""

    #: Where the catalog is (a path on the volume, set by the caller).
    catalog: str = None
    #: The member that lists the file.
    member: "CatalogMember" = None
    #: The catalog's signature: `digest_algorithm`, `signed_digest` and `computed_digest` are the member's (the file's digest, computed by the caller, equals the one listed); `content_digest_matches` says whether the signer's `messageDigest` is the list's; signer, `signature_verified`, `chain` and `trusted` as for an embedded signature.
    signature: "Signature" = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class CatalogMember(_Record):
    """One file a catalog lists."""

    #: The member's tag (its subject identifier): for a file, its digest as hex text.
    tag: str = None
    #: The name the catalog gives the file (its `File` attribute), when it has one.
    file: Optional[str] = None
    #: The digest algorithm (`sha1`, `sha256`, or the OID).
    digest_algorithm: str = None
    #: The digest the catalog lists, hex: a PE file's Authenticode digest ([`crate::authenticode_digest`]), another file's digest of its bytes.
    digest: str = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ElfInfo(_Record):
    """What an ELF file's headers say."""

    #: `e_type`: `executable`, `shared_object` (also position-independent executables), `relocatable`, `core`, or the number.
    kind: str = None
    #: Position-independent executable (`ET_DYN` with an interpreter).
    pie: bool = None
    #: Machine (`x86_64`, `aarch64`, `i386`, …).
    machine: str = None
    #: 64-bit.
    is_64: bool = None
    #: `PT_INTERP` (`/lib64/ld-linux-x86-64.so.2`); `None` for a static binary.
    interpreter: Optional[str] = None
    #: No `.symtab` section.
    stripped: bool = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ScriptInfo(_Record):
    """The start of a script."""

    #: `powershell`, `batch`, `vbscript`, `jscript`, `shell`, `python`, `perl`, or what the `#!` line names.
    language: str = None
    #: The `#!` line's interpreter and arguments.
    interpreter: Optional[str] = None
    #: The text's encoding as detected (`utf-8`, `utf-16le`, `utf-16be`).
    encoding: str = None
    #: The first lines (at most [`SCRIPT_LINES`], each at most 500 characters).
    first_lines: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Frequency(_Record):
    """How often a task trigger, cron job or timer runs."""

    #: Seconds between runs, when it runs at one fixed interval (`*/5 * * * *`: 300; a daily trigger: 86400). `None` for irregular schedules (`0 9-17 * * 1-5`), one-off runs and event-started items.
    interval_seconds: Optional[int] = None
    #: Runs in one week, when the schedule repeats every week (`0 9-17 * * 1-5`: 45).
    runs_per_week: Optional[int] = None
    #: What starts it when it is not a clock: `boot`, `logon`, `idle`, `event`, `registration`, `session_state_change`, `once`.
    on: Optional[str] = None
    #: In words: `every 5 minutes`, `daily`, `45 times a week`, `at boot`.
    text: str = None
    #: The next runs after `next_runs_after`, in UTC (up to five; wall-clock schedules converted with the image's own time zone). Empty when the schedule does not say when (boot, logon, events, intervals counted from a unit's last activation) or nothing is due within 28 years.
    next_runs: List["Timestamp"] = _dc.field(default_factory=list)
    #: The instant the next runs are counted from: the host's last write (`host.last_write`).
    next_runs_after: Optional["Timestamp"] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class LocalTime(_Record):
    """A time the artifact writes in local time without an offset, converted to UTC with the image's own time zone; the value as written is kept beside it."""

    #: Which field (`triggers[0].start_boundary`, `date`).
    field: str = None
    #: As written.
    local: str = None
    #: In UTC.
    utc: "Timestamp" = None
    #: Whether daylight saving time applied.
    dst: bool = None
    #: The zone used (`Pacific Standard Time`).
    zone: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Recovered(_Record):
    """Where a record of something that is no longer (whole) on the volume came from. A recovered record is otherwise a normal record, parsed by the same parsers."""

    #: What it was rebuilt from.
    from_: str = None
    #: How much of its content survived, where content was carved (absent for event logs, which hold the whole definition).
    confidence: Optional[str] = None
    #: When it was made (a 4698's or 7045's time), when recorded.
    created: Optional["Timestamp"] = None
    #: When it was removed (a 4699's time), when recorded.
    deleted: Optional["Timestamp"] = None
    #: What else is known: `no_creation_event` (its 4698 is not in the log), `no_deletion_event` (no 4699: it is simply not on the volume), `content_unknown` (no event held its definition), `updated` (4702s changed it; the last definition is shown).
    notes: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ScheduledTask(_Task, _Runs, _Record):
    """A Windows scheduled task with its source (the task file, or the `.job` when only that exists)."""

    #: `\Folder\Task`, as schtasks shows it (set by the caller from the file's path).
    name: str = None
    #: `Settings/Enabled` (default true).
    enabled: bool = None
    #: `Settings/Hidden` (default false).
    hidden: bool = None
    #: Task schema version (`version` attribute).
    schema_version: Optional[str] = None
    #: `RegistrationInfo/Author`.
    author: Optional[str] = None
    #: `RegistrationInfo/Date` as written.
    date: Optional[str] = None
    #: `RegistrationInfo/Description`.
    description: Optional[str] = None
    #: `RegistrationInfo/URI`.
    uri: Optional[str] = None
    #: `RegistrationInfo/Source`.
    source_info: Optional[str] = None
    #: `RegistrationInfo/Version`.
    version: Optional[str] = None
    #: `RegistrationInfo/Documentation`.
    documentation: Optional[str] = None
    #: `RegistrationInfo/SecurityDescriptor` (SDDL).
    security_descriptor: Optional[str] = None
    #: The principal the actions run as (the one `Actions Context` names, else the first).
    principal: Optional["Principal"] = None
    #: Triggers in file order.
    triggers: List["TaskTrigger"] = _dc.field(default_factory=list)
    #: Actions in file order.
    actions: List["TaskAction"] = _dc.field(default_factory=list)
    #: Every other setting, by element path (`IdleSettings/Duration`).
    settings: Dict[str, str] = _dc.field(default_factory=dict)
    #: Where the task was seen.
    sources: List[str] = _dc.field(default_factory=list)
    #: Observations.
    flags: List[str] = _dc.field(default_factory=list)
    #: Legacy `.job` details.
    job: Optional["JobInfo"] = None
    #: What the SOFTWARE hive's TaskCache records for this task.
    taskcache: Optional["TaskCacheEntry"] = None
    #: Where it was found.
    source: "Source" = None
    #: The legacy `.job` file of the same task, when both exist.
    job_source: Optional["Source"] = None
    #: The Group Policy Preferences file (a member's cache of a policy) whose item made this task, when the task is on the machine too: the item is then `gpo`, here.
    gpo_source: Optional["Source"] = None
    #: The account it names (task principal, service account, cron user, event subject), resolved against the image's accounts and the well-known SIDs.
    account: Optional["AccountRef"] = None
    #: Who made it, when and from where, with the evidence (4698/4697/7045, the XML's author and date, the TaskCache registration, file times) and flags where it disagrees.
    created_by: Optional["CreatedBy"] = None
    #: Events that name this task (4698–4702, the Task Scheduler Operational log's events of its life, `schtasks` invocations).
    events: List["EventRef"] = _dc.field(default_factory=list)
    #: How often it ran, as the Task Scheduler Operational log saw it (the runs started, the first and last, failures, the last result), when that log holds a start of it.
    runs_seen: Optional["RunsSeen"] = None
    #: A task a Group Policy deploys (`sources` holds `gpo`): the preferences item it was read from (`ScheduledTasks.xml` of a SYSVOL policy or a member's cache of one).
    gpo: Optional["GpoItem"] = None
    #: What its exec actions run: each command taken apart, each file it names found (or not) in the image, hashed and described.
    runs: List["RunCommand"] = _dc.field(default_factory=list)
    #: How often each trigger fires, in trigger order (`foothold_windows::trigger_frequency`).
    frequency: List["Frequency"] = _dc.field(default_factory=list)
    #: The task's local times (trigger boundaries, `RegistrationInfo/Date` without an offset, a `.job`'s last run) in UTC by the image's time zone (SYSTEM `TimeZoneInformation`).
    local_times: List["LocalTime"] = _dc.field(default_factory=list)
    #: Set when the task is no longer (whole) on the volume and was rebuilt: from the Security log's 4698/4702/4699 records (`from: "event_log"`, its creation and deletion times). `source` is then the record its definition came from.
    recovered: Optional["Recovered"] = None
    #: The volume shadow copies that hold this task as it is here.
    seen_in_snapshots: List["SnapshotRef"] = _dc.field(default_factory=list)
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class FailureActions(_Record):
    """`FailureActions` decoded (SERVICE_FAILURE_ACTIONS)."""

    #: Seconds without failure after which the failure count resets.
    reset_period_s: int = None
    #: The actions, in order of failure.
    actions: List["FailureAction"] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class FailureAction(_Record):
    """One failure action of `FailureActions`."""

    #: `none`, `restart`, `reboot`, `run_command`, `own_restart`.
    type: str = None
    #: Delay before it, in milliseconds.
    delay_ms: int = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Service(_Runs, _Record):
    """A Windows service from one control set, with its hive and key."""

    #: Key name.
    name: str = None
    #: `DisplayName` as written (`@resource` strings kept).
    display_name: Optional[str] = None
    #: `Description` as written.
    description: Optional[str] = None
    #: `ImagePath` as written.
    image_path: Optional[str] = None
    #: The binary of `ImagePath` as a `/`-separated path on the system volume (`%SystemRoot%`, `\SystemRoot\`, `\??\C:\`, `system32\` expanded).
    image_path_resolved: Optional[str] = None
    #: `Type`.
    type: Optional[int] = None
    #: Names of the `Type` bits (`win32_own_process`, `kernel_driver`, …).
    type_names: List[str] = _dc.field(default_factory=list)
    #: `Start`.
    start: Optional[int] = None
    #: `boot`, `system`, `automatic`, `manual`, `disabled`.
    start_name: Optional[str] = None
    #: `DelayedAutostart`.
    delayed_autostart: Optional[bool] = None
    #: `ErrorControl`.
    error_control: Optional[int] = None
    #: `ObjectName` (the account).
    object_name: Optional[str] = None
    #: `Group`.
    group: Optional[str] = None
    #: `DependOnService`.
    depend_on_service: List[str] = _dc.field(default_factory=list)
    #: `ServiceDll` from `Parameters` (or the service key).
    service_dll: Optional[str] = None
    #: `ServiceMain` from `Parameters`.
    service_main: Optional[str] = None
    #: `FailureCommand`.
    failure_command: Optional[str] = None
    #: `FailureActions` decoded.
    failure_actions: Optional["FailureActions"] = None
    #: `RequiredPrivileges`.
    required_privileges: List[str] = _dc.field(default_factory=list)
    #: `ServiceSidType`.
    service_sid_type: Optional[int] = None
    #: `LaunchProtected`.
    launch_protected: Optional[int] = None
    #: Last-written time of the service key.
    last_written: Optional["Timestamp"] = None
    #: `ControlSet001`…
    control_set: str = None
    #: Whether that is the set `Select\Current` names.
    current: bool = None
    #: Registry key path in the hive.
    key: str = None
    #: The SYSTEM hive file, with `key` set to the service key.
    source: "Source" = None
    #: The account it names (task principal, service account, cron user, event subject), resolved against the image's accounts and the well-known SIDs.
    account: Optional["AccountRef"] = None
    #: Who made it, when and from where, with the evidence (4698/4697/7045, the XML's author and date, the TaskCache registration, file times) and flags where it disagrees.
    created_by: Optional["CreatedBy"] = None
    #: Events that name this service (7045, 4697, 7040).
    events: List["EventRef"] = _dc.field(default_factory=list)
    #: What its `ImagePath`, `ServiceDll` and `FailureCommand` run: each taken apart, each file found (or not) in the image, hashed and described.
    runs: List["RunCommand"] = _dc.field(default_factory=list)
    #: Set when the service's key is gone and the record was rebuilt from its installation events (7045/4697: `from: "event_log"`).
    recovered: Optional["Recovered"] = None
    #: A service a Group Policy configures (`Services.xml`): the preferences item; the service then holds only what the item sets.
    gpo: Optional["GpoItem"] = None
    #: The volume shadow copies that hold this service as it is here.
    seen_in_snapshots: List["SnapshotRef"] = _dc.field(default_factory=list)
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ScheduleSets(_Record):
    """A cron schedule as explicit sets of values (Sunday is 0)."""

    #: `reboot`, `yearly`, `monthly`, `weekly`, `daily`, `hourly` for `@` schedules.
    special: Optional[str] = None
    #: Minutes 0–59.
    minute: List[int] = _dc.field(default_factory=list)
    #: Hours 0–23.
    hour: List[int] = _dc.field(default_factory=list)
    #: Days of the month 1–31.
    day_of_month: List[int] = _dc.field(default_factory=list)
    #: Months 1–12.
    month: List[int] = _dc.field(default_factory=list)
    #: Days of the week 0–6 (Sunday 0).
    day_of_week: List[int] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class AtJob(_Record):
    """An `at` job's details, decoded from its spool file name and content."""

    #: Queue letter (`a` by default, `b` for batch, `=` while running).
    queue: str = None
    #: Job number.
    job_number: int = None
    #: When it is scheduled to run, RFC 3339 UTC.
    run_at: str = None
    #: `uid` from the `# atrun uid=` line.
    uid: Optional[int] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TimerInfo(_Record):
    """A systemd timer's details."""

    #: The unit it triggers (`Unit=` or the same-named `.service`).
    unit: str = None
    #: Path of that unit's file, when found.
    unit_path: Optional[str] = None
    #: Every trigger setting, in order (`OnCalendar`, `OnBootSec`, …).
    triggers: List["TimerTrigger"] = _dc.field(default_factory=list)
    #: `Persistent=`.
    persistent: Optional[bool] = None
    #: `RandomizedDelaySec=`.
    randomized_delay: Optional[str] = None
    #: Whether a `*.wants/` link enables it; `None` when that cannot be known (a loose unit file, scanned without the machine's `*.wants/` folders).
    enabled: Optional[bool] = None
    #: Drop-in files applied (`NAME.timer.d/*.conf`, `NAME.service.d/*.conf`).
    drop_ins: List[str] = _dc.field(default_factory=list)
    #: `user` for units under a home directory or `/etc/systemd/user`, else `system`.
    scope: str = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TimerTrigger(_Record):
    """One trigger setting of a timer, as written."""

    #: `OnCalendar`, `OnBootSec`, `OnStartupSec`, `OnActiveSec`, `OnUnitActiveSec`, `OnUnitInactiveSec`.
    setting: str = None
    #: Its value (`daily`, `Mon *-*-* 03:00`, `15min`).
    value: str = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class CronJob(_Cron, _Runs, _Record):
    """A cron/anacron/at/run-parts/systemd-timer job with its source."""

    #: Kind of job.
    kind: str = None
    #: The schedule as written (`*/5 * * * *`, `@reboot`, `7 5 cron.daily`, `OnCalendar=daily`).
    schedule: str = None
    #: The five-field schedule as explicit sets (cron and anacron `@` periods only).
    decoded: Optional["ScheduleSets"] = None
    #: The user it runs as, when known.
    user: Optional[str] = None
    #: The command as cron runs it (after `%` handling), or the script's first command lines.
    command: str = None
    #: What cron feeds to the command's standard input (text after an unescaped `%`).
    stdin: Optional[str] = None
    #: Environment in force for this job (assignments above it in the file).
    environment: Dict[str, str] = _dc.field(default_factory=dict)
    #: The line as written (crontab and anacrontab jobs; without its line ending): what an administrator removes. Bytes that are not UTF-8 are shown as U+FFFD.
    text: Optional[str] = None
    #: anacron job identifier.
    job_id: Optional[str] = None
    #: anacron delay in minutes.
    delay_minutes: Optional[int] = None
    #: anacron: the last day the job ran, from `/var/spool/anacron/<job-id>` (YYYY-MM-DD).
    last_run: Optional[str] = None
    #: `at` job details.
    at: Optional["AtJob"] = None
    #: systemd timer details.
    timer: Optional["TimerInfo"] = None
    #: Observations ([`CronFlag`]).
    flags: List[str] = _dc.field(default_factory=list)
    #: Where it was found.
    source: "Source" = None
    #: The account it names (task principal, service account, cron user, event subject), resolved against the image's accounts and the well-known SIDs.
    account: Optional["AccountRef"] = None
    #: Who installed it, when, and the evidence (syslog `crontab` REPLACE lines, the file's owner and creation time).
    created_by: Optional["CreatedBy"] = None
    #: What it runs: its command taken apart, each file it names found (or not) in the image, hashed and described.
    runs: List["RunCommand"] = _dc.field(default_factory=list)
    #: How often it runs (`foothold_linux::cron_frequency`).
    frequency: Optional["Frequency"] = None
    #: Set when the file was deleted and the job read back from its inode (`from: "inode"`).
    recovered: Optional["Recovered"] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ExecCommand(_Record):
    """One command of an `Exec*=` setting."""

    #: `ExecStart`, `ExecStartPre`, `ExecStartPost`, `ExecReload`, `ExecStop`, `ExecStopPost`, `ExecCondition`, or `script` for an init script and `rc.local`.
    setting: str = None
    #: Its prefixes, in order.
    prefixes: List[str] = _dc.field(default_factory=list)
    #: The command line after the prefixes.
    command: str = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class LinuxServiceRecord(_Record):
    """A Linux service (systemd unit, SysV init script, `rc.local`) with its source."""

    #: The unit (`sshd.service`, `getty@tty1.service`) or init script name.
    name: str = None
    #: systemd unit, SysV init script or `rc.local`.
    kind: str = None
    #: The system manager, or a user's.
    scope: str = None
    #: Whether it starts at boot (or at the user's login): a `*.wants/`/`*.requires/` link to it, an `S##` link in runlevel 2–5 or S, an executable `rc.local`. `None` when that cannot be known (a unit file handed over without its machine).
    enabled: Optional[bool] = None
    #: Masked (its file empty or linked to `/dev/null`).
    masked: bool = None
    #: For a systemd unit: its state as `systemctl list-unit-files` gives it (`None` when enablement cannot be known).
    state: Optional[str] = None
    #: `Description=`, or an init script's `Short-Description:`.
    description: Optional[str] = None
    #: What it runs, in the order systemd runs the settings.
    exec: List["ExecCommand"] = _dc.field(default_factory=list)
    #: `User=` (for a user unit: the user whose manager runs it).
    user: Optional[str] = None
    #: `Group=`.
    group: Optional[str] = None
    #: `DynamicUser=yes`: a transient user is made for each run.
    dynamic_user: bool = None
    #: `Type=` (`simple`, `forking`, `oneshot`, `notify`…).
    service_type: Optional[str] = None
    #: The file that was loaded (the first unit directory holding the name), or the script.
    unit_path: Optional[str] = None
    #: Drop-ins applied, in order.
    drop_ins: List[str] = _dc.field(default_factory=list)
    #: `[Install]` `WantedBy=`/`RequiredBy=`: what `systemctl enable` would link it into.
    wanted_by: List[str] = _dc.field(default_factory=list)
    #: The `*.wants/`/`*.requires/` folders (or `rcN.d` links) that enable it.
    enabled_by: List[str] = _dc.field(default_factory=list)
    #: The unit file is where a package puts it (`/usr/lib`, `/lib`), not where an administrator does (`/etc`, `/run`, a home).
    vendor: bool = None
    #: For an instance of a template: the part after `@`.
    instance: Optional[str] = None
    #: The installed package that ships its unit file or script (Debian's dpkg database), when one does.
    package: Optional[str] = None
    #: An init script's runlevels (`2`, `3`, `S`…) from its `S##` links.
    runlevels: List[str] = _dc.field(default_factory=list)
    #: Observations ([`ServiceFlag`]).
    flags: List[str] = _dc.field(default_factory=list)
    #: Where it was found (the unit file that won, the init script, `/etc/rc.local`).
    source: "Source" = None
    #: The account it runs as, resolved against the image's accounts.
    account: Optional["AccountRef"] = None
    #: Who put it there, when known (the unit file's owner).
    created_by: Optional["CreatedBy"] = None
    #: What it runs: each command taken apart, each file it names found (or not) in the image, hashed and described.
    runs: List["RunCommand"] = _dc.field(default_factory=list)
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Account(_Record):
    """An account (user or group) of the image, with where it is recorded."""

    #: Where it is known from.
    kind: Optional[str] = None
    #: Name (SAM name, passwd/group name, well-known name).
    name: Optional[str] = None
    #: Windows SID.
    sid: Optional[str] = None
    #: RID (SAM), uid (passwd) or gid (group).
    id: Optional[int] = None
    #: Unix primary gid.
    gid: Optional[int] = None
    #: Full name (SAM) or GECOS (passwd).
    full_name: Optional[str] = None
    #: Comment (SAM).
    comment: Optional[str] = None
    #: Home directory or profile path.
    home: Optional[str] = None
    #: Login shell (passwd).
    shell: Optional[str] = None
    #: Names of the groups it is a member of (primary group first on Unix).
    groups: List[str] = _dc.field(default_factory=list)
    #: A group's members: SIDs (Windows) or user names (Unix).
    members: List[str] = _dc.field(default_factory=list)
    #: Whether the account has administrative rights on the machine.
    admin: bool = None
    #: The facts `admin` rests on: `member of Administrators (S-1-5-32-544)`, `uid 0`, `member of sudo`, `sudoers: /etc/sudoers.d/x:3: alice ALL=(ALL) NOPASSWD: ALL`.
    admin_because: List[str] = _dc.field(default_factory=list)
    #: Disabled (SAM `ACB_DISABLED`), or a Unix account whose password field locks it.
    disabled: Optional[bool] = None
    #: When it was created (SAM: its `Names\<name>` key's last-written time).
    created: Optional["Timestamp"] = None
    #: Last logon (SAM).
    last_logon: Optional["Timestamp"] = None
    #: Password last set (SAM).
    password_last_set: Optional["Timestamp"] = None
    #: Last failed logon (SAM).
    last_failed_logon: Optional["Timestamp"] = None
    #: Logon count (SAM).
    logon_count: Optional[int] = None
    #: Where it was found (the SAM key, `/etc/passwd`, the ProfileList key…).
    source: "Source" = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TimeSource(_Record):
    """One candidate for the host's last write."""

    #: What it is (`ShutdownTime`, `SYSTEM hive header`, `newest file in /var/log`).
    what: str = None
    #: Path or key it was read from.
    path: str = None
    #: The time.
    time: "Timestamp" = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Host(_Record):
    """The machine an operating-system volume belongs to (`artifact: "host"`), one per Windows or Linux volume."""

    #: `windows` or `linux`.
    os: str = None
    #: Computer name (`ComputerName` of the SYSTEM hive, `/etc/hostname`).
    hostname: Optional[str] = None
    #: DNS domain (`Tcpip\Parameters\Domain`; on Linux the part of a fully qualified `/etc/hostname` after the first dot).
    domain: Optional[str] = None
    #: Operating system (`ProductName`; os-release `PRETTY_NAME` or `NAME`).
    os_name: Optional[str] = None
    #: Version (`DisplayVersion`/`ReleaseId`; os-release `VERSION_ID`).
    os_version: Optional[str] = None
    #: Build (`CurrentBuildNumber.UBR`; os-release `BUILD_ID`).
    build: Optional[str] = None
    #: Windows `EditionID`.
    edition: Optional[str] = None
    #: Windows `RegisteredOwner`.
    registered_owner: Optional[str] = None
    #: Windows `InstallDate`.
    install_date: Optional["Timestamp"] = None
    #: Time zone name (`TimeZoneKeyName`; the zoneinfo name `/etc/localtime` links to, or `/etc/timezone`). `UTC` when a Linux volume has no `/etc/localtime` (glibc's default).
    time_zone: Optional[str] = None
    #: Where the zone's rules were read (`SYSTEM\ControlSet001\Control\TimeZoneInformation`, `/usr/share/zoneinfo/Europe/Berlin`); absent when no rules were found, in which case no local time is converted and no next run is given.
    time_zone_source: Optional[str] = None
    #: Last boot (`wtmp` `reboot` record).
    last_boot: Optional["Timestamp"] = None
    #: Last clean shutdown (`Control\Windows\ShutdownTime`; `wtmp` `shutdown` record).
    last_shutdown: Optional["Timestamp"] = None
    #: The latest of `last_write_sources`: when the system last wrote to this volume, as far as those sources show. Next runs are counted from it.
    last_write: Optional["Timestamp"] = None
    #: Every time the last write was chosen from, so a source that disagrees (a clock set ahead, a timestomped log) is visible.
    last_write_sources: List["TimeSource"] = _dc.field(default_factory=list)
    #: The volume and the main file read (SYSTEM hive, `/etc/os-release`).
    source: "Source" = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class InferredAddress(_Record):
    """An address another logon gave, when the session's own 4624 has none."""

    #: The address.
    address: str = None
    #: The 4624 it comes from (the nearest earlier network logon of the same account on the same computer that has an address).
    record_id: Optional[int] = None
    #: That logon's time.
    timestamp: Optional["Timestamp"] = None
    #: Its logon id.
    logon_id: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Session(_Record):
    """A logon session (Security 4624 and what later records add), with its log and record."""

    #: Computer that logged it.
    computer: Optional[str] = None
    #: `TargetLogonId`, as written (`0x5a419bc`).
    logon_id: str = None
    #: `TargetDomainName\TargetUserName`.
    user: Optional[str] = None
    #: `TargetUserSid`.
    sid: Optional[str] = None
    #: `LogonType`.
    logon_type: Optional[int] = None
    #: Its name (`network`, `remote_interactive`…).
    logon_type_name: Optional[str] = None
    #: `IpAddress` (`None` when `-`).
    source_address: Optional[str] = None
    #: `IpPort`.
    source_port: Optional[str] = None
    #: `WorkstationName`.
    workstation: Optional[str] = None
    #: `AuthenticationPackageName` (`Kerberos`, `NTLM`, `Negotiate`).
    authentication_package: Optional[str] = None
    #: `LogonProcessName`.
    logon_process: Optional[str] = None
    #: `ElevatedToken` (`%%1842` yes, `%%1843` no).
    elevated_token: Optional[bool] = None
    #: 4672 `PrivilegeList` of the same logon id: special privileges assigned.
    special_privileges: List[str] = _dc.field(default_factory=list)
    #: The 4624's time (`System/TimeCreated`).
    start: Optional["Timestamp"] = None
    #: The 4624's record id.
    start_record_id: Optional[int] = None
    #: 4634/4647 time, when the log holds it.
    end: Optional["Timestamp"] = None
    #: That record's id.
    end_record_id: Optional[int] = None
    #: When the session has no address of its own: the address of the account's nearest earlier network logon with one (ATSVC/SMB task creation shows this pattern).
    inferred_address: Optional["InferredAddress"] = None
    #: The log file and the 4624's record id.
    source: "Source" = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TaskDefinition(_Task, _Record):
    """A scheduled task as its definition file states it."""

    #: `\Folder\Task`, as schtasks shows it (set by the caller from the file's path).
    name: str = None
    #: `Settings/Enabled` (default true).
    enabled: bool = None
    #: `Settings/Hidden` (default false).
    hidden: bool = None
    #: Task schema version (`version` attribute).
    schema_version: Optional[str] = None
    #: `RegistrationInfo/Author`.
    author: Optional[str] = None
    #: `RegistrationInfo/Date` as written.
    date: Optional[str] = None
    #: `RegistrationInfo/Description`.
    description: Optional[str] = None
    #: `RegistrationInfo/URI`.
    uri: Optional[str] = None
    #: `RegistrationInfo/Source`.
    source_info: Optional[str] = None
    #: `RegistrationInfo/Version`.
    version: Optional[str] = None
    #: `RegistrationInfo/Documentation`.
    documentation: Optional[str] = None
    #: `RegistrationInfo/SecurityDescriptor` (SDDL).
    security_descriptor: Optional[str] = None
    #: The principal the actions run as (the one `Actions Context` names, else the first).
    principal: Optional["Principal"] = None
    #: Triggers in file order.
    triggers: List["TaskTrigger"] = _dc.field(default_factory=list)
    #: Actions in file order.
    actions: List["TaskAction"] = _dc.field(default_factory=list)
    #: Every other setting, by element path (`IdleSettings/Duration`).
    settings: Dict[str, str] = _dc.field(default_factory=dict)
    #: Where the task was seen.
    sources: List[str] = _dc.field(default_factory=list)
    #: Observations.
    flags: List[str] = _dc.field(default_factory=list)
    #: Legacy `.job` details.
    job: Optional["JobInfo"] = None
    #: What the SOFTWARE hive's TaskCache records for this task.
    taskcache: Optional["TaskCacheEntry"] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ToolInvocation(_Record):
    """A `schtasks`, `sc` or `at` command line as data (a process-creation event's `invocation`): switches are read in any case, with `/` or `-`, quoted or not, as the tools' own parsers accept them. A password (`/rp`, `password=`) is never kept: only that one was given."""

    #: `schtasks`, `sc`, `at`, or `powershell` (a task or service cmdlet).
    tool: str = None
    #: The PowerShell cmdlet (`Register-ScheduledTask`, `New-Service`…), for `powershell`.
    cmdlet: Optional[str] = None
    #: What it does: `create`, `delete`, `change`, `run`, `end`, `query` (schtasks); `create`, `config`, `delete`, `start`, `stop`, `failure`, `description`… (sc); `create` or `delete` (at).
    verb: str = None
    #: The task (`/tn`), as schtasks names it (`\backdoor`: a name without a folder is in the root folder).
    task_name: Optional[str] = None
    #: What the task or job runs (`/tr`; at's command).
    command: Optional[str] = None
    #: `/sc`: `minute`, `hourly`, `daily`, `weekly`, `monthly`, `once`, `onstart`, `onlogon`, `onidle`, `onevent` (lower case).
    schedule: Optional[str] = None
    #: `/mo` (the schedule's modifier: every N minutes, days…).
    modifier: Optional[str] = None
    #: `/st` (at: the time).
    start_time: Optional[str] = None
    #: `/sd`.
    start_date: Optional[str] = None
    #: `/ed`.
    end_date: Optional[str] = None
    #: `/d` (days; at: `/every:` or `/next:` days).
    days: Optional[str] = None
    #: `/ri` (repetition interval, minutes).
    repeat_interval: Optional[str] = None
    #: `/du` (repetition duration).
    duration: Optional[str] = None
    #: How often the schedule asked for runs, where it says (`/sc minute /mo 5`: every five minutes).
    frequency: Optional["Frequency"] = None
    #: The account it runs as (`/ru`; sc `obj=`).
    run_as: Optional[str] = None
    #: A password was given for it (`/rp`, sc `password=`); its value is not kept.
    password_given: Optional[bool] = None
    #: The machine it was sent to (`/s`, sc's and at's `\\host`).
    remote_host: Optional[str] = None
    #: The account used on that machine (`/u`).
    remote_user: Optional[str] = None
    #: The task XML the task was made from (`/xml`).
    xml: Optional[str] = None
    #: `/rl` (`highest`, `limited`).
    run_level: Optional[str] = None
    #: The service (sc).
    service_name: Optional[str] = None
    #: sc `binPath=` (what the service runs).
    bin_path: Optional[str] = None
    #: sc `start=` (`auto`, `demand`, `disabled`, `boot`, `system`, `delayed-auto`).
    start_type: Optional[str] = None
    #: sc `failure … command=` (the program the service's failure runs).
    failure_command: Optional[str] = None
    #: Other `name=` options of sc (`type`, `displayname`, `depend`, `actions`, `reset`…), lower-case names.
    options: Dict[str, str] = _dc.field(default_factory=dict)
    #: Switches without values that change what it does: `force` (`/f`), `enable`, `disable`, `interactive` (`/it`; at `/interactive`), `no_password` (`/np`), `delete_after` (`/z`), `v1`.
    flags: List[str] = _dc.field(default_factory=list)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class TaskEvent(_Record):
    """What a Task Scheduler Operational event says: `phase` (the manifest's event name in `snake_case`) and the run it belongs to."""

    #: `task_started` (100), `launch_failed` (101), `task_completed` (102), `task_failed` (103), `registered` (106), `time_triggered` (107), `event_triggered` (108), `registration_triggered` (109), `run_requested` (110), `terminated` (111), `missed_launched` (114), `boot_triggered` (118), `logon_triggered` (119), `process_created` (129), `updated` (140), `deleted` (141), `disabled` (142), `missed_rejected` (153), `action_started` (200), `action_completed` (201), `action_failed` (202), `action_launch_failed` (203), `launch_refused` (322), `queued` (324, 325), `timed_out` (329), `not_started_busy` (332).
    phase: str = None
    #: The run (`InstanceId`, `TaskInstanceId`, `QueuedTaskInstanceId`).
    instance_id: Optional[str] = None
    #: The action (`ActionName`).
    action_name: Optional[str] = None
    #: The process started (`Path` of 129).
    process: Optional[str] = None
    #: Its process id (`ProcessID`).
    process_id: Optional[str] = None
    #: The result (`ResultCode`, `ErrorValue`), as written (`0`, `2147942402`).
    result_code: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Event(_Record):
    """A persistence event from an event log, with its log file and record ID."""

    #: `Security`, `System`, `Microsoft-Windows-TaskScheduler/Operational`, … or `syslog`.
    channel: str = None
    #: Provider name (EVTX) or program name (syslog: `CRON`, `crontab`).
    provider: str = None
    #: Event ID (EVTX; text logs have none).
    event_id: Optional[int] = None
    #: Event record ID: `System/EventRecordID`, as Event Viewer and `evtx_dump` show it (the record header's number when the event has none). Text logs have none: their line number is the record's `source.line`.
    record_id: Optional[int] = None
    #: When the event was created (UTC): `System/TimeCreated/@SystemTime` (the record header's time when the event has none); a syslog line's time.
    timestamp: Optional["Timestamp"] = None
    #: When the record was written: the record header's time (EVTX only).
    written: Optional["Timestamp"] = None
    #: The record header's record number, which differs from `record_id` in exported or re-written logs (EVTX only).
    header_record_id: Optional[int] = None
    #: Computer (host) name.
    computer: Optional[str] = None
    #: `Security/@UserID` (EVTX).
    user_sid: Optional[str] = None
    #: Every field by name: EVTX EventData/UserData; syslog `time` (as written), `action`, `detail`, `pid`.
    data: Dict[str, str] = _dc.field(default_factory=dict)
    #: 4698/4702: the task XML of `TaskContent`, parsed.
    task: Optional["TaskDefinition"] = None
    #: Task name (`TaskName`), for task events.
    task_name: Optional[str] = None
    #: 7045/4697/7040: service name.
    service_name: Optional[str] = None
    #: 7045/4697: image path.
    image_path: Optional[str] = None
    #: 7045/4697: service type.
    service_type: Optional[str] = None
    #: 7045/4697: start type.
    start_type: Optional[str] = None
    #: 7045/4697: the account the service runs as, as the event writes it (`LocalSystem`). Written `service_account`: the event record's own `account` is the resolved account of its subject, and one JSON object cannot hold the name twice.
    service_account: Optional[str] = None
    #: The logon session the event was made in (`SubjectLogonId`), when the logs hold it.
    session: Optional["SessionRef"] = None
    #: 4688 / Sysmon 1 of `schtasks`, `sc` or `at`: what the command line asked for.
    invocation: Optional["ToolInvocation"] = None
    #: A Task Scheduler Operational event: what it says about the task's run.
    task_event: Optional["TaskEvent"] = None
    #: 4688 / Sysmon 1: new process image.
    process: Optional[str] = None
    #: 4688 / Sysmon 1: command line; syslog: the command cron ran (`CMD`).
    command_line: Optional[str] = None
    #: 4688 / Sysmon 1: parent process image.
    parent_process: Optional[str] = None
    #: Who: `SubjectDomainName\\SubjectUserName` (Security), Sysmon 1 `User`, TaskScheduler `UserContext`/`UserName`; syslog: the user in parentheses.
    user: Optional[str] = None
    #: Whether the task or service it names is missing from the image (set by correlation): `None` when nothing was compared (a loose log, a family not scanned, an event that names no task or service).
    object_missing: Optional[bool] = None
    #: The log file, with `record_id`.
    source: "Source" = None
    #: The account it names (task principal, service account, cron user, event subject), resolved against the image's accounts and the well-known SIDs.
    account: Optional["AccountRef"] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class ErrorRecord(_Record):
    """Something that could not be read or parsed, with where."""

    #: Where.
    source: "Source" = None
    #: Byte offset of the damaged structure, when known.
    offset: Optional[int] = None
    #: What went wrong.
    message: str = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


@_dc.dataclass(frozen=True, eq=False)
class Summary(_Record):
    """A record in a few columns: what it is, who, when, what runs, where it was found."""

    #: `scheduled_task`, `service`, `cron_job`, `account`, `event`, `error`, `warning`.
    artifact: str = None
    #: A short label: the artifact, a cron job's kind, `event 4698`, `cron CMD`.
    label: str = None
    #: The kind in more detail: a task's sources (`xml+taskcache`), a service's types, a cron job's kind, an event's channel and ID (`Security 4698`, `syslog CMD`).
    kind: str = None
    #: Task name, service key name, the task or service an event names; a cron job's file.
    name: str = None
    #: Who it runs as (task principal, service account, cron user) or who acted (event).
    user: Optional[str] = None
    #: When it runs (triggers, start type, cron schedule) or, for an event, when it happened.
    schedule: str = None
    #: What runs (first action, image path, command); for an event, what it is about; for an account, its groups.
    command: str = None
    #: What cron feeds the command on standard input.
    stdin: Optional[str] = None
    #: Flags, `snake_case` (a disabled task has `disabled` first).
    flags: List[str] = _dc.field(default_factory=list)
    #: The one identifier a person would look for: task name, service key, `path:line`, `log#record`.
    reference: str = None
    #: File path on the volume (`path:key` for a registry value).
    location: str = None
    #: Line in the file or event record ID.
    line: Optional[int] = None
    #: The most telling time: the event's; a task's or service's creation (`created_by.when`), else a service key's last write, the task file's modification (a registry-only task: its TaskCache key's last write); an account's creation or last logon; a session's start.
    time: Optional["Timestamp"] = None
    #: An error or warning's message.
    message: str = None
    #: Who created it and from where (`CORP\\mallory from 10.0.0.5`): the account of the creating event or file owner, and the source address of the logon session it was made in (`?` after an address inferred from another logon).
    created_by: Optional[str] = None
    #: A time written without a zone, as written, when the record has no time in UTC: a loose task file's `Date` (with no machine around it, its time zone is unknown).
    local_time: Optional[str] = None
    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)


# Each field and the JSON key it is read from (what `__getitem__`, `keys()` and `==` use).
Principal._FIELDS = (('id', 'id'), ('user_id', 'user_id'), ('group_id', 'group_id'), ('logon_type', 'logon_type'), ('run_level', 'run_level'), ('display_name', 'display_name'), ('process_token_sid_type', 'process_token_sid_type'), ('required_privileges', 'required_privileges'))
TaskTrigger._FIELDS = (('type', 'type'), ('id', 'id'), ('enabled', 'enabled'), ('start_boundary', 'start_boundary'), ('end_boundary', 'end_boundary'), ('interval', 'interval'), ('duration', 'duration'), ('stop_at_duration_end', 'stop_at_duration_end'), ('delay', 'delay'), ('random_delay', 'random_delay'), ('execution_time_limit', 'execution_time_limit'), ('user_id', 'user_id'), ('subscription', 'subscription'), ('state_change', 'state_change'), ('state_name', 'state_name'), ('data', 'data'), ('schedule', 'schedule'), ('value_queries', 'value_queries'))
CalendarSchedule._FIELDS = (('kind', 'kind'), ('days_interval', 'days_interval'), ('weeks_interval', 'weeks_interval'), ('days_of_week', 'days_of_week'), ('days_of_month', 'days_of_month'), ('months', 'months'), ('weeks', 'weeks'))
TaskAction._FIELDS = (('type', 'type'), ('id', 'id'), ('command', 'command'), ('arguments', 'arguments'), ('working_directory', 'working_directory'), ('class_id', 'class_id'), ('data', 'data'), ('fields', 'fields'))
JobInfo._FIELDS = (('product_version', 'product_version'), ('uuid', 'uuid'), ('status', 'status'), ('status_name', 'status_name'), ('exit_code', 'exit_code'), ('flags', 'flags'), ('flag_names', 'flag_names'), ('last_run_local', 'last_run_local'), ('max_run_time_ms', 'max_run_time_ms'), ('priority', 'priority'), ('running_instances', 'running_instances'))
TaskCacheEntry._FIELDS = (('name', 'name'), ('tree_key', 'tree_key'), ('id', 'id'), ('index', 'index'), ('has_security_descriptor', 'has_security_descriptor'), ('tree_last_written', 'tree_last_written'), ('task_key', 'task_key'), ('task_last_written', 'task_last_written'), ('path', 'path'), ('uri', 'uri'), ('author', 'author'), ('description', 'description'), ('date', 'date'), ('actions', 'actions'), ('actions_version', 'actions_version'), ('triggers_size', 'triggers_size'), ('triggers', 'triggers'), ('dynamic_info', 'dynamic_info'), ('lists', 'lists'), ('errors', 'errors'))
TriggersBlob._FIELDS = (('version', 'version'), ('start_boundary', 'start_boundary'), ('end_boundary', 'end_boundary'), ('flags', 'flags'), ('flag_names', 'flag_names'), ('enabled', 'enabled'), ('hidden', 'hidden'), ('xml_crc32', 'xml_crc32'), ('principal_id', 'principal_id'), ('display_name', 'display_name'), ('user_sid', 'user_sid'), ('user_name', 'user_name'), ('execution_time_limit', 'execution_time_limit'), ('triggers', 'triggers'), ('error', 'error'))
DynamicInfo._FIELDS = (('version', 'version'), ('created', 'created'), ('last_run', 'last_run'), ('state', 'state'), ('last_error', 'last_error'), ('last_successful_run', 'last_successful_run'))
Source._FIELDS = (('evidence', 'evidence'), ('host', 'host'), ('origin', 'origin'), ('volume', 'volume'), ('filesystem', 'filesystem'), ('path', 'path'), ('entry', 'entry'), ('line', 'line'), ('key', 'key'), ('record_id', 'record_id'), ('hive', 'hive'), ('created', 'created'), ('modified', 'modified'), ('changed', 'changed'), ('accessed', 'accessed'), ('deleted_time', 'deleted_time'), ('fn_created', 'fn_created'), ('fn_modified', 'fn_modified'), ('fn_changed', 'fn_changed'), ('fn_accessed', 'fn_accessed'), ('uid', 'uid'), ('gid', 'gid'), ('snapshot', 'snapshot'))
Replay._FIELDS = (('dirty', 'dirty'), ('logs_applied', 'logs_applied'), ('last_sequence', 'last_sequence'), ('problems', 'problems'))
SnapshotRef._FIELDS = (('store', 'store'), ('id', 'id'), ('created', 'created'))
AccountRef._FIELDS = (('kind', 'kind'), ('name', 'name'), ('sid', 'sid'), ('id', 'id'), ('admin', 'admin'))
CreatedBy._FIELDS = (('user', 'user'), ('sid', 'sid'), ('when', 'when'), ('session', 'session'), ('evidence', 'evidence'), ('flags', 'flags'))
SessionRef._FIELDS = (('logon_id', 'logon_id'), ('logon_type', 'logon_type'), ('logon_type_name', 'logon_type_name'), ('user', 'user'), ('source_address', 'source_address'), ('address_inferred', 'address_inferred'), ('address_from_record_id', 'address_from_record_id'), ('start', 'start'), ('start_record_id', 'start_record_id'), ('elevated_token', 'elevated_token'), ('special_privileges', 'special_privileges'))
CreationEvidence._FIELDS = (('kind', 'kind'), ('value', 'value'), ('record_id', 'record_id'))
EventRef._FIELDS = (('event_id', 'event_id'), ('record_id', 'record_id'), ('timestamp', 'timestamp'), ('user', 'user'), ('path', 'path'))
RunsSeen._FIELDS = (('runs', 'runs'), ('first', 'first'), ('last', 'last'), ('failures', 'failures'), ('last_result', 'last_result'))
GpoItem._FIELDS = (('kind', 'kind'), ('policy', 'policy'), ('side', 'side'), ('uid', 'uid'), ('changed', 'changed'), ('action', 'action'), ('run_as', 'run_as'), ('logon_type', 'logon_type'), ('cpassword_present', 'cpassword_present'), ('remove_policy', 'remove_policy'), ('filters', 'filters'))
RunCommand._FIELDS = (('role', 'role'), ('invocation', 'invocation'), ('binaries', 'binaries'), ('default_environment', 'default_environment'))
Invocation._FIELDS = (('command_line', 'command_line'), ('program', 'program'), ('args', 'args'), ('targets', 'targets'), ('candidates', 'candidates'), ('decoded', 'decoded'), ('flags', 'flags'), ('unexpanded', 'unexpanded'))
RunTarget._FIELDS = (('kind', 'kind'), ('path', 'path'), ('entry', 'entry'), ('via', 'via'))
Binary._FIELDS = (('kind', 'kind'), ('written', 'written'), ('entry_point', 'entry_point'), ('via', 'via'), ('status', 'status'), ('path', 'path'), ('searched', 'searched'), ('entry', 'entry'), ('size', 'size'), ('created', 'created'), ('modified', 'modified'), ('changed', 'changed'), ('accessed', 'accessed'), ('deleted_time', 'deleted_time'), ('fn_created', 'fn_created'), ('fn_modified', 'fn_modified'), ('fn_changed', 'fn_changed'), ('fn_accessed', 'fn_accessed'), ('uid', 'uid'), ('owner', 'owner'), ('mode', 'mode'), ('streams', 'streams'), ('zone_identifier', 'zone_identifier'), ('download_url', 'download_url'), ('md5', 'md5'), ('sha1', 'sha1'), ('sha256', 'sha256'), ('file_type', 'file_type'), ('pe', 'pe'), ('elf', 'elf'), ('script', 'script'), ('errors', 'errors'), ('flags', 'flags'))
StreamInfo._FIELDS = (('name', 'name'), ('size', 'size'))
PeInfo._FIELDS = (('machine', 'machine'), ('pe32_plus', 'pe32_plus'), ('compiled', 'compiled'), ('time_date_stamp', 'time_date_stamp'), ('subsystem', 'subsystem'), ('dll', 'dll'), ('export_name', 'export_name'), ('exports', 'exports'), ('version', 'version'), ('signature', 'signature'), ('signed', 'signed'), ('catalog', 'catalog'))
VersionInfo._FIELDS = (('file_version', 'file_version'), ('product_version', 'product_version'), ('strings', 'strings'), ('language', 'language'))
Signature._FIELDS = (('digest_algorithm', 'digest_algorithm'), ('signed_digest', 'signed_digest'), ('computed_digest', 'computed_digest'), ('digest_matches', 'digest_matches'), ('content_digest_matches', 'content_digest_matches'), ('signer_subject', 'signer_subject'), ('signer_issuer', 'signer_issuer'), ('signer_serial', 'signer_serial'), ('signer_not_before', 'signer_not_before'), ('signer_not_after', 'signer_not_after'), ('signing_time', 'signing_time'), ('certificates', 'certificates'), ('bytes_after_signature', 'bytes_after_signature'), ('signature_verified', 'signature_verified'), ('chain', 'chain'), ('trusted', 'trusted'))
ChainLink._FIELDS = (('subject', 'subject'), ('issuer', 'issuer'), ('sha1', 'sha1'), ('verified', 'verified'))
CatalogSignature._FIELDS = (('catalog', 'catalog'), ('member', 'member'), ('signature', 'signature'))
CatalogMember._FIELDS = (('tag', 'tag'), ('file', 'file'), ('digest_algorithm', 'digest_algorithm'), ('digest', 'digest'))
ElfInfo._FIELDS = (('kind', 'kind'), ('pie', 'pie'), ('machine', 'machine'), ('is_64', 'is_64'), ('interpreter', 'interpreter'), ('stripped', 'stripped'))
ScriptInfo._FIELDS = (('language', 'language'), ('interpreter', 'interpreter'), ('encoding', 'encoding'), ('first_lines', 'first_lines'))
Frequency._FIELDS = (('interval_seconds', 'interval_seconds'), ('runs_per_week', 'runs_per_week'), ('on', 'on'), ('text', 'text'), ('next_runs', 'next_runs'), ('next_runs_after', 'next_runs_after'))
LocalTime._FIELDS = (('field', 'field'), ('local', 'local'), ('utc', 'utc'), ('dst', 'dst'), ('zone', 'zone'))
Recovered._FIELDS = (('from_', 'from'), ('confidence', 'confidence'), ('created', 'created'), ('deleted', 'deleted'), ('notes', 'notes'))
ScheduledTask._FIELDS = (('name', 'name'), ('enabled', 'enabled'), ('hidden', 'hidden'), ('schema_version', 'schema_version'), ('author', 'author'), ('date', 'date'), ('description', 'description'), ('uri', 'uri'), ('source_info', 'source_info'), ('version', 'version'), ('documentation', 'documentation'), ('security_descriptor', 'security_descriptor'), ('principal', 'principal'), ('triggers', 'triggers'), ('actions', 'actions'), ('settings', 'settings'), ('sources', 'sources'), ('flags', 'flags'), ('job', 'job'), ('taskcache', 'taskcache'), ('source', 'source'), ('job_source', 'job_source'), ('gpo_source', 'gpo_source'), ('account', 'account'), ('created_by', 'created_by'), ('events', 'events'), ('runs_seen', 'runs_seen'), ('gpo', 'gpo'), ('runs', 'runs'), ('frequency', 'frequency'), ('local_times', 'local_times'), ('recovered', 'recovered'), ('seen_in_snapshots', 'seen_in_snapshots'))
FailureActions._FIELDS = (('reset_period_s', 'reset_period_s'), ('actions', 'actions'))
FailureAction._FIELDS = (('type', 'type'), ('delay_ms', 'delay_ms'))
Service._FIELDS = (('name', 'name'), ('display_name', 'display_name'), ('description', 'description'), ('image_path', 'image_path'), ('image_path_resolved', 'image_path_resolved'), ('type', 'type'), ('type_names', 'type_names'), ('start', 'start'), ('start_name', 'start_name'), ('delayed_autostart', 'delayed_autostart'), ('error_control', 'error_control'), ('object_name', 'object_name'), ('group', 'group'), ('depend_on_service', 'depend_on_service'), ('service_dll', 'service_dll'), ('service_main', 'service_main'), ('failure_command', 'failure_command'), ('failure_actions', 'failure_actions'), ('required_privileges', 'required_privileges'), ('service_sid_type', 'service_sid_type'), ('launch_protected', 'launch_protected'), ('last_written', 'last_written'), ('control_set', 'control_set'), ('current', 'current'), ('key', 'key'), ('source', 'source'), ('account', 'account'), ('created_by', 'created_by'), ('events', 'events'), ('runs', 'runs'), ('recovered', 'recovered'), ('gpo', 'gpo'), ('seen_in_snapshots', 'seen_in_snapshots'))
ScheduleSets._FIELDS = (('special', 'special'), ('minute', 'minute'), ('hour', 'hour'), ('day_of_month', 'day_of_month'), ('month', 'month'), ('day_of_week', 'day_of_week'))
AtJob._FIELDS = (('queue', 'queue'), ('job_number', 'job_number'), ('run_at', 'run_at'), ('uid', 'uid'))
TimerInfo._FIELDS = (('unit', 'unit'), ('unit_path', 'unit_path'), ('triggers', 'triggers'), ('persistent', 'persistent'), ('randomized_delay', 'randomized_delay'), ('enabled', 'enabled'), ('drop_ins', 'drop_ins'), ('scope', 'scope'))
TimerTrigger._FIELDS = (('setting', 'setting'), ('value', 'value'))
CronJob._FIELDS = (('kind', 'kind'), ('schedule', 'schedule'), ('decoded', 'decoded'), ('user', 'user'), ('command', 'command'), ('stdin', 'stdin'), ('environment', 'environment'), ('text', 'text'), ('job_id', 'job_id'), ('delay_minutes', 'delay_minutes'), ('last_run', 'last_run'), ('at', 'at'), ('timer', 'timer'), ('flags', 'flags'), ('source', 'source'), ('account', 'account'), ('created_by', 'created_by'), ('runs', 'runs'), ('frequency', 'frequency'), ('recovered', 'recovered'))
ExecCommand._FIELDS = (('setting', 'setting'), ('prefixes', 'prefixes'), ('command', 'command'))
LinuxServiceRecord._FIELDS = (('name', 'name'), ('kind', 'kind'), ('scope', 'scope'), ('enabled', 'enabled'), ('masked', 'masked'), ('state', 'state'), ('description', 'description'), ('exec', 'exec'), ('user', 'user'), ('group', 'group'), ('dynamic_user', 'dynamic_user'), ('service_type', 'service_type'), ('unit_path', 'unit_path'), ('drop_ins', 'drop_ins'), ('wanted_by', 'wanted_by'), ('enabled_by', 'enabled_by'), ('vendor', 'vendor'), ('instance', 'instance'), ('package', 'package'), ('runlevels', 'runlevels'), ('flags', 'flags'), ('source', 'source'), ('account', 'account'), ('created_by', 'created_by'), ('runs', 'runs'))
Account._FIELDS = (('kind', 'kind'), ('name', 'name'), ('sid', 'sid'), ('id', 'id'), ('gid', 'gid'), ('full_name', 'full_name'), ('comment', 'comment'), ('home', 'home'), ('shell', 'shell'), ('groups', 'groups'), ('members', 'members'), ('admin', 'admin'), ('admin_because', 'admin_because'), ('disabled', 'disabled'), ('created', 'created'), ('last_logon', 'last_logon'), ('password_last_set', 'password_last_set'), ('last_failed_logon', 'last_failed_logon'), ('logon_count', 'logon_count'), ('source', 'source'))
TimeSource._FIELDS = (('what', 'what'), ('path', 'path'), ('time', 'time'))
Host._FIELDS = (('os', 'os'), ('hostname', 'hostname'), ('domain', 'domain'), ('os_name', 'os_name'), ('os_version', 'os_version'), ('build', 'build'), ('edition', 'edition'), ('registered_owner', 'registered_owner'), ('install_date', 'install_date'), ('time_zone', 'time_zone'), ('time_zone_source', 'time_zone_source'), ('last_boot', 'last_boot'), ('last_shutdown', 'last_shutdown'), ('last_write', 'last_write'), ('last_write_sources', 'last_write_sources'), ('source', 'source'))
InferredAddress._FIELDS = (('address', 'address'), ('record_id', 'record_id'), ('timestamp', 'timestamp'), ('logon_id', 'logon_id'))
Session._FIELDS = (('computer', 'computer'), ('logon_id', 'logon_id'), ('user', 'user'), ('sid', 'sid'), ('logon_type', 'logon_type'), ('logon_type_name', 'logon_type_name'), ('source_address', 'source_address'), ('source_port', 'source_port'), ('workstation', 'workstation'), ('authentication_package', 'authentication_package'), ('logon_process', 'logon_process'), ('elevated_token', 'elevated_token'), ('special_privileges', 'special_privileges'), ('start', 'start'), ('start_record_id', 'start_record_id'), ('end', 'end'), ('end_record_id', 'end_record_id'), ('inferred_address', 'inferred_address'), ('source', 'source'))
TaskDefinition._FIELDS = (('name', 'name'), ('enabled', 'enabled'), ('hidden', 'hidden'), ('schema_version', 'schema_version'), ('author', 'author'), ('date', 'date'), ('description', 'description'), ('uri', 'uri'), ('source_info', 'source_info'), ('version', 'version'), ('documentation', 'documentation'), ('security_descriptor', 'security_descriptor'), ('principal', 'principal'), ('triggers', 'triggers'), ('actions', 'actions'), ('settings', 'settings'), ('sources', 'sources'), ('flags', 'flags'), ('job', 'job'), ('taskcache', 'taskcache'))
ToolInvocation._FIELDS = (('tool', 'tool'), ('cmdlet', 'cmdlet'), ('verb', 'verb'), ('task_name', 'task_name'), ('command', 'command'), ('schedule', 'schedule'), ('modifier', 'modifier'), ('start_time', 'start_time'), ('start_date', 'start_date'), ('end_date', 'end_date'), ('days', 'days'), ('repeat_interval', 'repeat_interval'), ('duration', 'duration'), ('frequency', 'frequency'), ('run_as', 'run_as'), ('password_given', 'password_given'), ('remote_host', 'remote_host'), ('remote_user', 'remote_user'), ('xml', 'xml'), ('run_level', 'run_level'), ('service_name', 'service_name'), ('bin_path', 'bin_path'), ('start_type', 'start_type'), ('failure_command', 'failure_command'), ('options', 'options'), ('flags', 'flags'))
TaskEvent._FIELDS = (('phase', 'phase'), ('instance_id', 'instance_id'), ('action_name', 'action_name'), ('process', 'process'), ('process_id', 'process_id'), ('result_code', 'result_code'))
Event._FIELDS = (('channel', 'channel'), ('provider', 'provider'), ('event_id', 'event_id'), ('record_id', 'record_id'), ('timestamp', 'timestamp'), ('written', 'written'), ('header_record_id', 'header_record_id'), ('computer', 'computer'), ('user_sid', 'user_sid'), ('data', 'data'), ('task', 'task'), ('task_name', 'task_name'), ('service_name', 'service_name'), ('image_path', 'image_path'), ('service_type', 'service_type'), ('start_type', 'start_type'), ('service_account', 'service_account'), ('session', 'session'), ('invocation', 'invocation'), ('task_event', 'task_event'), ('process', 'process'), ('command_line', 'command_line'), ('parent_process', 'parent_process'), ('user', 'user'), ('object_missing', 'object_missing'), ('source', 'source'), ('account', 'account'))
ErrorRecord._FIELDS = (('source', 'source'), ('offset', 'offset'), ('message', 'message'))
Summary._FIELDS = (('artifact', 'artifact'), ('label', 'label'), ('kind', 'kind'), ('name', 'name'), ('user', 'user'), ('schedule', 'schedule'), ('command', 'command'), ('stdin', 'stdin'), ('flags', 'flags'), ('reference', 'reference'), ('location', 'location'), ('line', 'line'), ('time', 'time'), ('message', 'message'), ('created_by', 'created_by'), ('local_time', 'local_time'))


# Builders: each class's `_from(raw)` as straight-line code, filled in place rather than
# through the frozen dataclass's `__init__` (one object.__setattr__ per field, and a loop
# over a field table, each cost far more on a scan's thousands of nested objects). The
# object is the dataclass with every field set; a key the record lacks is its empty value.
_new = object.__new__


def _ts(v: Any) -> Any:
    return _time_of(v) if isinstance(v, str) else v


def _from_Principal(raw: Dict[str, Any]) -> Principal:
    o = _new(Principal)
    d = o.__dict__
    g = raw.get
    d['id'] = g('id')
    d['user_id'] = g('user_id')
    d['group_id'] = g('group_id')
    d['logon_type'] = g('logon_type')
    d['run_level'] = g('run_level')
    d['display_name'] = g('display_name')
    d['process_token_sid_type'] = g('process_token_sid_type')
    d['required_privileges'] = g('required_privileges', [])
    d['_raw'] = raw
    return o


def _from_TaskTrigger(raw: Dict[str, Any]) -> TaskTrigger:
    o = _new(TaskTrigger)
    d = o.__dict__
    g = raw.get
    d['type'] = g('type')
    d['id'] = g('id')
    d['enabled'] = g('enabled')
    d['start_boundary'] = g('start_boundary')
    d['end_boundary'] = g('end_boundary')
    d['interval'] = g('interval')
    d['duration'] = g('duration')
    d['stop_at_duration_end'] = g('stop_at_duration_end')
    d['delay'] = g('delay')
    d['random_delay'] = g('random_delay')
    d['execution_time_limit'] = g('execution_time_limit')
    d['user_id'] = g('user_id')
    d['subscription'] = g('subscription')
    d['state_change'] = g('state_change')
    d['state_name'] = g('state_name')
    d['data'] = g('data')
    v = g('schedule')
    d['schedule'] = None if v is None else _from_CalendarSchedule(v)
    d['value_queries'] = g('value_queries', {})
    d['_raw'] = raw
    return o


def _from_CalendarSchedule(raw: Dict[str, Any]) -> CalendarSchedule:
    o = _new(CalendarSchedule)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['days_interval'] = g('days_interval')
    d['weeks_interval'] = g('weeks_interval')
    d['days_of_week'] = g('days_of_week', [])
    d['days_of_month'] = g('days_of_month', [])
    d['months'] = g('months', [])
    d['weeks'] = g('weeks', [])
    d['_raw'] = raw
    return o


def _from_TaskAction(raw: Dict[str, Any]) -> TaskAction:
    o = _new(TaskAction)
    d = o.__dict__
    g = raw.get
    d['type'] = g('type')
    d['id'] = g('id')
    d['command'] = g('command')
    d['arguments'] = g('arguments')
    d['working_directory'] = g('working_directory')
    d['class_id'] = g('class_id')
    d['data'] = g('data')
    d['fields'] = g('fields', {})
    d['_raw'] = raw
    return o


def _from_JobInfo(raw: Dict[str, Any]) -> JobInfo:
    o = _new(JobInfo)
    d = o.__dict__
    g = raw.get
    d['product_version'] = g('product_version')
    d['uuid'] = g('uuid')
    d['status'] = g('status')
    d['status_name'] = g('status_name')
    d['exit_code'] = g('exit_code')
    d['flags'] = g('flags')
    d['flag_names'] = g('flag_names', [])
    d['last_run_local'] = g('last_run_local')
    d['max_run_time_ms'] = g('max_run_time_ms')
    d['priority'] = g('priority')
    d['running_instances'] = g('running_instances')
    d['_raw'] = raw
    return o


def _from_TaskCacheEntry(raw: Dict[str, Any]) -> TaskCacheEntry:
    o = _new(TaskCacheEntry)
    d = o.__dict__
    g = raw.get
    d['name'] = g('name')
    d['tree_key'] = g('tree_key')
    d['id'] = g('id')
    d['index'] = g('index')
    d['has_security_descriptor'] = g('has_security_descriptor')
    v = g('tree_last_written')
    d['tree_last_written'] = None if v is None else _ts(v)
    d['task_key'] = g('task_key')
    v = g('task_last_written')
    d['task_last_written'] = None if v is None else _ts(v)
    d['path'] = g('path')
    d['uri'] = g('uri')
    d['author'] = g('author')
    d['description'] = g('description')
    d['date'] = g('date')
    v = g('actions')
    d['actions'] = [] if v is None else [_from_TaskAction(x0) for x0 in v]
    d['actions_version'] = g('actions_version')
    d['triggers_size'] = g('triggers_size')
    v = g('triggers')
    d['triggers'] = None if v is None else _from_TriggersBlob(v)
    v = g('dynamic_info')
    d['dynamic_info'] = None if v is None else _from_DynamicInfo(v)
    d['lists'] = g('lists', [])
    d['errors'] = g('errors', [])
    d['_raw'] = raw
    return o


def _from_TriggersBlob(raw: Dict[str, Any]) -> TriggersBlob:
    o = _new(TriggersBlob)
    d = o.__dict__
    g = raw.get
    d['version'] = g('version')
    d['start_boundary'] = g('start_boundary')
    d['end_boundary'] = g('end_boundary')
    d['flags'] = g('flags')
    d['flag_names'] = g('flag_names', [])
    d['enabled'] = g('enabled')
    d['hidden'] = g('hidden')
    d['xml_crc32'] = g('xml_crc32')
    d['principal_id'] = g('principal_id')
    d['display_name'] = g('display_name')
    d['user_sid'] = g('user_sid')
    d['user_name'] = g('user_name')
    d['execution_time_limit'] = g('execution_time_limit')
    v = g('triggers')
    d['triggers'] = [] if v is None else [_from_TaskTrigger(x0) for x0 in v]
    d['error'] = g('error')
    d['_raw'] = raw
    return o


def _from_DynamicInfo(raw: Dict[str, Any]) -> DynamicInfo:
    o = _new(DynamicInfo)
    d = o.__dict__
    g = raw.get
    d['version'] = g('version')
    v = g('created')
    d['created'] = None if v is None else _ts(v)
    v = g('last_run')
    d['last_run'] = None if v is None else _ts(v)
    d['state'] = g('state')
    d['last_error'] = g('last_error')
    v = g('last_successful_run')
    d['last_successful_run'] = None if v is None else _ts(v)
    d['_raw'] = raw
    return o


def _from_Source(raw: Dict[str, Any]) -> Source:
    o = _new(Source)
    d = o.__dict__
    g = raw.get
    d['evidence'] = g('evidence')
    d['host'] = g('host')
    d['origin'] = g('origin')
    d['volume'] = g('volume')
    d['filesystem'] = g('filesystem')
    d['path'] = g('path')
    d['entry'] = g('entry')
    d['line'] = g('line')
    d['key'] = g('key')
    d['record_id'] = g('record_id')
    v = g('hive')
    d['hive'] = None if v is None else _from_Replay(v)
    v = g('created')
    d['created'] = None if v is None else _ts(v)
    v = g('modified')
    d['modified'] = None if v is None else _ts(v)
    v = g('changed')
    d['changed'] = None if v is None else _ts(v)
    v = g('accessed')
    d['accessed'] = None if v is None else _ts(v)
    v = g('deleted_time')
    d['deleted_time'] = None if v is None else _ts(v)
    v = g('fn_created')
    d['fn_created'] = None if v is None else _ts(v)
    v = g('fn_modified')
    d['fn_modified'] = None if v is None else _ts(v)
    v = g('fn_changed')
    d['fn_changed'] = None if v is None else _ts(v)
    v = g('fn_accessed')
    d['fn_accessed'] = None if v is None else _ts(v)
    d['uid'] = g('uid')
    d['gid'] = g('gid')
    v = g('snapshot')
    d['snapshot'] = None if v is None else _from_SnapshotRef(v)
    d['_raw'] = raw
    return o


def _from_Replay(raw: Dict[str, Any]) -> Replay:
    o = _new(Replay)
    d = o.__dict__
    g = raw.get
    d['dirty'] = g('dirty')
    d['logs_applied'] = g('logs_applied', [])
    d['last_sequence'] = g('last_sequence')
    d['problems'] = g('problems', [])
    d['_raw'] = raw
    return o


def _from_SnapshotRef(raw: Dict[str, Any]) -> SnapshotRef:
    o = _new(SnapshotRef)
    d = o.__dict__
    g = raw.get
    d['store'] = g('store')
    d['id'] = g('id')
    v = g('created')
    d['created'] = None if v is None else _ts(v)
    d['_raw'] = raw
    return o


def _from_AccountRef(raw: Dict[str, Any]) -> AccountRef:
    o = _new(AccountRef)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['name'] = g('name')
    d['sid'] = g('sid')
    d['id'] = g('id')
    d['admin'] = g('admin')
    d['_raw'] = raw
    return o


def _from_CreatedBy(raw: Dict[str, Any]) -> CreatedBy:
    o = _new(CreatedBy)
    d = o.__dict__
    g = raw.get
    d['user'] = g('user')
    d['sid'] = g('sid')
    v = g('when')
    d['when'] = None if v is None else _ts(v)
    v = g('session')
    d['session'] = None if v is None else _from_SessionRef(v)
    v = g('evidence')
    d['evidence'] = [] if v is None else [_from_CreationEvidence(x0) for x0 in v]
    d['flags'] = g('flags', [])
    d['_raw'] = raw
    return o


def _from_SessionRef(raw: Dict[str, Any]) -> SessionRef:
    o = _new(SessionRef)
    d = o.__dict__
    g = raw.get
    d['logon_id'] = g('logon_id')
    d['logon_type'] = g('logon_type')
    d['logon_type_name'] = g('logon_type_name')
    d['user'] = g('user')
    d['source_address'] = g('source_address')
    d['address_inferred'] = g('address_inferred')
    d['address_from_record_id'] = g('address_from_record_id')
    v = g('start')
    d['start'] = None if v is None else _ts(v)
    d['start_record_id'] = g('start_record_id')
    d['elevated_token'] = g('elevated_token')
    d['special_privileges'] = g('special_privileges')
    d['_raw'] = raw
    return o


def _from_CreationEvidence(raw: Dict[str, Any]) -> CreationEvidence:
    o = _new(CreationEvidence)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['value'] = g('value')
    d['record_id'] = g('record_id')
    d['_raw'] = raw
    return o


def _from_EventRef(raw: Dict[str, Any]) -> EventRef:
    o = _new(EventRef)
    d = o.__dict__
    g = raw.get
    d['event_id'] = g('event_id')
    d['record_id'] = g('record_id')
    v = g('timestamp')
    d['timestamp'] = None if v is None else _ts(v)
    d['user'] = g('user')
    d['path'] = g('path')
    d['_raw'] = raw
    return o


def _from_RunsSeen(raw: Dict[str, Any]) -> RunsSeen:
    o = _new(RunsSeen)
    d = o.__dict__
    g = raw.get
    d['runs'] = g('runs')
    v = g('first')
    d['first'] = None if v is None else _ts(v)
    v = g('last')
    d['last'] = None if v is None else _ts(v)
    d['failures'] = g('failures')
    d['last_result'] = g('last_result')
    d['_raw'] = raw
    return o


def _from_GpoItem(raw: Dict[str, Any]) -> GpoItem:
    o = _new(GpoItem)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['policy'] = g('policy')
    d['side'] = g('side')
    d['uid'] = g('uid')
    d['changed'] = g('changed')
    d['action'] = g('action')
    d['run_as'] = g('run_as')
    d['logon_type'] = g('logon_type')
    d['cpassword_present'] = g('cpassword_present')
    d['remove_policy'] = g('remove_policy')
    d['filters'] = g('filters', [])
    d['_raw'] = raw
    return o


def _from_RunCommand(raw: Dict[str, Any]) -> RunCommand:
    o = _new(RunCommand)
    d = o.__dict__
    g = raw.get
    d['role'] = g('role')
    v = g('invocation')
    d['invocation'] = None if v is None else _from_Invocation(v)
    v = g('binaries')
    d['binaries'] = [] if v is None else [_from_Binary(x0) for x0 in v]
    d['default_environment'] = g('default_environment', [])
    d['_raw'] = raw
    return o


def _from_Invocation(raw: Dict[str, Any]) -> Invocation:
    o = _new(Invocation)
    d = o.__dict__
    g = raw.get
    d['command_line'] = g('command_line')
    d['program'] = g('program')
    d['args'] = g('args', [])
    v = g('targets')
    d['targets'] = [] if v is None else [_from_RunTarget(x0) for x0 in v]
    d['candidates'] = g('candidates', [])
    d['decoded'] = g('decoded', [])
    d['flags'] = g('flags', [])
    d['unexpanded'] = g('unexpanded', [])
    d['_raw'] = raw
    return o


def _from_RunTarget(raw: Dict[str, Any]) -> RunTarget:
    o = _new(RunTarget)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['path'] = g('path')
    d['entry'] = g('entry')
    d['via'] = g('via')
    d['_raw'] = raw
    return o


def _from_Binary(raw: Dict[str, Any]) -> Binary:
    o = _new(Binary)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['written'] = g('written')
    d['entry_point'] = g('entry_point')
    d['via'] = g('via')
    d['status'] = g('status')
    d['path'] = g('path')
    d['searched'] = g('searched', [])
    d['entry'] = g('entry')
    d['size'] = g('size')
    v = g('created')
    d['created'] = None if v is None else _ts(v)
    v = g('modified')
    d['modified'] = None if v is None else _ts(v)
    v = g('changed')
    d['changed'] = None if v is None else _ts(v)
    v = g('accessed')
    d['accessed'] = None if v is None else _ts(v)
    v = g('deleted_time')
    d['deleted_time'] = None if v is None else _ts(v)
    v = g('fn_created')
    d['fn_created'] = None if v is None else _ts(v)
    v = g('fn_modified')
    d['fn_modified'] = None if v is None else _ts(v)
    v = g('fn_changed')
    d['fn_changed'] = None if v is None else _ts(v)
    v = g('fn_accessed')
    d['fn_accessed'] = None if v is None else _ts(v)
    d['uid'] = g('uid')
    d['owner'] = g('owner')
    d['mode'] = g('mode')
    v = g('streams')
    d['streams'] = [] if v is None else [_from_StreamInfo(x0) for x0 in v]
    d['zone_identifier'] = g('zone_identifier')
    d['download_url'] = g('download_url')
    d['md5'] = g('md5')
    d['sha1'] = g('sha1')
    d['sha256'] = g('sha256')
    d['file_type'] = g('file_type')
    v = g('pe')
    d['pe'] = None if v is None else _from_PeInfo(v)
    v = g('elf')
    d['elf'] = None if v is None else _from_ElfInfo(v)
    v = g('script')
    d['script'] = None if v is None else _from_ScriptInfo(v)
    d['errors'] = g('errors', [])
    d['flags'] = g('flags', [])
    d['_raw'] = raw
    return o


def _from_StreamInfo(raw: Dict[str, Any]) -> StreamInfo:
    o = _new(StreamInfo)
    d = o.__dict__
    g = raw.get
    d['name'] = g('name')
    d['size'] = g('size')
    d['_raw'] = raw
    return o


def _from_PeInfo(raw: Dict[str, Any]) -> PeInfo:
    o = _new(PeInfo)
    d = o.__dict__
    g = raw.get
    d['machine'] = g('machine')
    d['pe32_plus'] = g('pe32_plus')
    v = g('compiled')
    d['compiled'] = None if v is None else _ts(v)
    d['time_date_stamp'] = g('time_date_stamp')
    d['subsystem'] = g('subsystem')
    d['dll'] = g('dll')
    d['export_name'] = g('export_name')
    d['exports'] = g('exports', [])
    v = g('version')
    d['version'] = None if v is None else _from_VersionInfo(v)
    v = g('signature')
    d['signature'] = None if v is None else _from_Signature(v)
    d['signed'] = g('signed')
    v = g('catalog')
    d['catalog'] = None if v is None else _from_CatalogSignature(v)
    d['_raw'] = raw
    return o


def _from_VersionInfo(raw: Dict[str, Any]) -> VersionInfo:
    o = _new(VersionInfo)
    d = o.__dict__
    g = raw.get
    d['file_version'] = g('file_version')
    d['product_version'] = g('product_version')
    d['strings'] = g('strings', {})
    d['language'] = g('language')
    d['_raw'] = raw
    return o


def _from_Signature(raw: Dict[str, Any]) -> Signature:
    o = _new(Signature)
    d = o.__dict__
    g = raw.get
    d['digest_algorithm'] = g('digest_algorithm')
    d['signed_digest'] = g('signed_digest')
    d['computed_digest'] = g('computed_digest')
    d['digest_matches'] = g('digest_matches')
    d['content_digest_matches'] = g('content_digest_matches')
    d['signer_subject'] = g('signer_subject')
    d['signer_issuer'] = g('signer_issuer')
    d['signer_serial'] = g('signer_serial')
    v = g('signer_not_before')
    d['signer_not_before'] = None if v is None else _ts(v)
    v = g('signer_not_after')
    d['signer_not_after'] = None if v is None else _ts(v)
    v = g('signing_time')
    d['signing_time'] = None if v is None else _ts(v)
    d['certificates'] = g('certificates')
    d['bytes_after_signature'] = g('bytes_after_signature')
    d['signature_verified'] = g('signature_verified')
    v = g('chain')
    d['chain'] = [] if v is None else [_from_ChainLink(x0) for x0 in v]
    d['trusted'] = g('trusted')
    d['_raw'] = raw
    return o


def _from_ChainLink(raw: Dict[str, Any]) -> ChainLink:
    o = _new(ChainLink)
    d = o.__dict__
    g = raw.get
    d['subject'] = g('subject')
    d['issuer'] = g('issuer')
    d['sha1'] = g('sha1')
    d['verified'] = g('verified')
    d['_raw'] = raw
    return o


def _from_CatalogSignature(raw: Dict[str, Any]) -> CatalogSignature:
    o = _new(CatalogSignature)
    d = o.__dict__
    g = raw.get
    d['catalog'] = g('catalog')
    v = g('member')
    d['member'] = None if v is None else _from_CatalogMember(v)
    v = g('signature')
    d['signature'] = None if v is None else _from_Signature(v)
    d['_raw'] = raw
    return o


def _from_CatalogMember(raw: Dict[str, Any]) -> CatalogMember:
    o = _new(CatalogMember)
    d = o.__dict__
    g = raw.get
    d['tag'] = g('tag')
    d['file'] = g('file')
    d['digest_algorithm'] = g('digest_algorithm')
    d['digest'] = g('digest')
    d['_raw'] = raw
    return o


def _from_ElfInfo(raw: Dict[str, Any]) -> ElfInfo:
    o = _new(ElfInfo)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['pie'] = g('pie')
    d['machine'] = g('machine')
    d['is_64'] = g('is_64')
    d['interpreter'] = g('interpreter')
    d['stripped'] = g('stripped')
    d['_raw'] = raw
    return o


def _from_ScriptInfo(raw: Dict[str, Any]) -> ScriptInfo:
    o = _new(ScriptInfo)
    d = o.__dict__
    g = raw.get
    d['language'] = g('language')
    d['interpreter'] = g('interpreter')
    d['encoding'] = g('encoding')
    d['first_lines'] = g('first_lines', [])
    d['_raw'] = raw
    return o


def _from_Frequency(raw: Dict[str, Any]) -> Frequency:
    o = _new(Frequency)
    d = o.__dict__
    g = raw.get
    d['interval_seconds'] = g('interval_seconds')
    d['runs_per_week'] = g('runs_per_week')
    d['on'] = g('on')
    d['text'] = g('text')
    v = g('next_runs')
    d['next_runs'] = [] if v is None else [_ts(x0) for x0 in v]
    v = g('next_runs_after')
    d['next_runs_after'] = None if v is None else _ts(v)
    d['_raw'] = raw
    return o


def _from_LocalTime(raw: Dict[str, Any]) -> LocalTime:
    o = _new(LocalTime)
    d = o.__dict__
    g = raw.get
    d['field'] = g('field')
    d['local'] = g('local')
    v = g('utc')
    d['utc'] = None if v is None else _ts(v)
    d['dst'] = g('dst')
    d['zone'] = g('zone')
    d['_raw'] = raw
    return o


def _from_Recovered(raw: Dict[str, Any]) -> Recovered:
    o = _new(Recovered)
    d = o.__dict__
    g = raw.get
    d['from_'] = g('from')
    d['confidence'] = g('confidence')
    v = g('created')
    d['created'] = None if v is None else _ts(v)
    v = g('deleted')
    d['deleted'] = None if v is None else _ts(v)
    d['notes'] = g('notes', [])
    d['_raw'] = raw
    return o


def _from_ScheduledTask(raw: Dict[str, Any]) -> ScheduledTask:
    o = _new(ScheduledTask)
    d = o.__dict__
    g = raw.get
    d['name'] = g('name')
    d['enabled'] = g('enabled')
    d['hidden'] = g('hidden')
    d['schema_version'] = g('schema_version')
    d['author'] = g('author')
    d['date'] = g('date')
    d['description'] = g('description')
    d['uri'] = g('uri')
    d['source_info'] = g('source_info')
    d['version'] = g('version')
    d['documentation'] = g('documentation')
    d['security_descriptor'] = g('security_descriptor')
    v = g('principal')
    d['principal'] = None if v is None else _from_Principal(v)
    v = g('triggers')
    d['triggers'] = [] if v is None else [_from_TaskTrigger(x0) for x0 in v]
    v = g('actions')
    d['actions'] = [] if v is None else [_from_TaskAction(x0) for x0 in v]
    d['settings'] = g('settings', {})
    d['sources'] = g('sources', [])
    d['flags'] = g('flags', [])
    v = g('job')
    d['job'] = None if v is None else _from_JobInfo(v)
    v = g('taskcache')
    d['taskcache'] = None if v is None else _from_TaskCacheEntry(v)
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    v = g('job_source')
    d['job_source'] = None if v is None else _from_Source(v)
    v = g('gpo_source')
    d['gpo_source'] = None if v is None else _from_Source(v)
    v = g('account')
    d['account'] = None if v is None else _from_AccountRef(v)
    v = g('created_by')
    d['created_by'] = None if v is None else _from_CreatedBy(v)
    v = g('events')
    d['events'] = [] if v is None else [_from_EventRef(x0) for x0 in v]
    v = g('runs_seen')
    d['runs_seen'] = None if v is None else _from_RunsSeen(v)
    v = g('gpo')
    d['gpo'] = None if v is None else _from_GpoItem(v)
    v = g('runs')
    d['runs'] = [] if v is None else [_from_RunCommand(x0) for x0 in v]
    v = g('frequency')
    d['frequency'] = [] if v is None else [_from_Frequency(x0) for x0 in v]
    v = g('local_times')
    d['local_times'] = [] if v is None else [_from_LocalTime(x0) for x0 in v]
    v = g('recovered')
    d['recovered'] = None if v is None else _from_Recovered(v)
    v = g('seen_in_snapshots')
    d['seen_in_snapshots'] = [] if v is None else [_from_SnapshotRef(x0) for x0 in v]
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_FailureActions(raw: Dict[str, Any]) -> FailureActions:
    o = _new(FailureActions)
    d = o.__dict__
    g = raw.get
    d['reset_period_s'] = g('reset_period_s')
    v = g('actions')
    d['actions'] = [] if v is None else [_from_FailureAction(x0) for x0 in v]
    d['_raw'] = raw
    return o


def _from_FailureAction(raw: Dict[str, Any]) -> FailureAction:
    o = _new(FailureAction)
    d = o.__dict__
    g = raw.get
    d['type'] = g('type')
    d['delay_ms'] = g('delay_ms')
    d['_raw'] = raw
    return o


def _from_Service(raw: Dict[str, Any]) -> Service:
    o = _new(Service)
    d = o.__dict__
    g = raw.get
    d['name'] = g('name')
    d['display_name'] = g('display_name')
    d['description'] = g('description')
    d['image_path'] = g('image_path')
    d['image_path_resolved'] = g('image_path_resolved')
    d['type'] = g('type')
    d['type_names'] = g('type_names', [])
    d['start'] = g('start')
    d['start_name'] = g('start_name')
    d['delayed_autostart'] = g('delayed_autostart')
    d['error_control'] = g('error_control')
    d['object_name'] = g('object_name')
    d['group'] = g('group')
    d['depend_on_service'] = g('depend_on_service', [])
    d['service_dll'] = g('service_dll')
    d['service_main'] = g('service_main')
    d['failure_command'] = g('failure_command')
    v = g('failure_actions')
    d['failure_actions'] = None if v is None else _from_FailureActions(v)
    d['required_privileges'] = g('required_privileges', [])
    d['service_sid_type'] = g('service_sid_type')
    d['launch_protected'] = g('launch_protected')
    v = g('last_written')
    d['last_written'] = None if v is None else _ts(v)
    d['control_set'] = g('control_set')
    d['current'] = g('current')
    d['key'] = g('key')
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    v = g('account')
    d['account'] = None if v is None else _from_AccountRef(v)
    v = g('created_by')
    d['created_by'] = None if v is None else _from_CreatedBy(v)
    v = g('events')
    d['events'] = [] if v is None else [_from_EventRef(x0) for x0 in v]
    v = g('runs')
    d['runs'] = [] if v is None else [_from_RunCommand(x0) for x0 in v]
    v = g('recovered')
    d['recovered'] = None if v is None else _from_Recovered(v)
    v = g('gpo')
    d['gpo'] = None if v is None else _from_GpoItem(v)
    v = g('seen_in_snapshots')
    d['seen_in_snapshots'] = [] if v is None else [_from_SnapshotRef(x0) for x0 in v]
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_ScheduleSets(raw: Dict[str, Any]) -> ScheduleSets:
    o = _new(ScheduleSets)
    d = o.__dict__
    g = raw.get
    d['special'] = g('special')
    d['minute'] = g('minute', [])
    d['hour'] = g('hour', [])
    d['day_of_month'] = g('day_of_month', [])
    d['month'] = g('month', [])
    d['day_of_week'] = g('day_of_week', [])
    d['_raw'] = raw
    return o


def _from_AtJob(raw: Dict[str, Any]) -> AtJob:
    o = _new(AtJob)
    d = o.__dict__
    g = raw.get
    d['queue'] = g('queue')
    d['job_number'] = g('job_number')
    d['run_at'] = g('run_at')
    d['uid'] = g('uid')
    d['_raw'] = raw
    return o


def _from_TimerInfo(raw: Dict[str, Any]) -> TimerInfo:
    o = _new(TimerInfo)
    d = o.__dict__
    g = raw.get
    d['unit'] = g('unit')
    d['unit_path'] = g('unit_path')
    v = g('triggers')
    d['triggers'] = [] if v is None else [_from_TimerTrigger(x0) for x0 in v]
    d['persistent'] = g('persistent')
    d['randomized_delay'] = g('randomized_delay')
    d['enabled'] = g('enabled')
    d['drop_ins'] = g('drop_ins', [])
    d['scope'] = g('scope')
    d['_raw'] = raw
    return o


def _from_TimerTrigger(raw: Dict[str, Any]) -> TimerTrigger:
    o = _new(TimerTrigger)
    d = o.__dict__
    g = raw.get
    d['setting'] = g('setting')
    d['value'] = g('value')
    d['_raw'] = raw
    return o


def _from_CronJob(raw: Dict[str, Any]) -> CronJob:
    o = _new(CronJob)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['schedule'] = g('schedule')
    v = g('decoded')
    d['decoded'] = None if v is None else _from_ScheduleSets(v)
    d['user'] = g('user')
    d['command'] = g('command')
    d['stdin'] = g('stdin')
    d['environment'] = g('environment', {})
    d['text'] = g('text')
    d['job_id'] = g('job_id')
    d['delay_minutes'] = g('delay_minutes')
    d['last_run'] = g('last_run')
    v = g('at')
    d['at'] = None if v is None else _from_AtJob(v)
    v = g('timer')
    d['timer'] = None if v is None else _from_TimerInfo(v)
    d['flags'] = g('flags', [])
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    v = g('account')
    d['account'] = None if v is None else _from_AccountRef(v)
    v = g('created_by')
    d['created_by'] = None if v is None else _from_CreatedBy(v)
    v = g('runs')
    d['runs'] = [] if v is None else [_from_RunCommand(x0) for x0 in v]
    v = g('frequency')
    d['frequency'] = None if v is None else _from_Frequency(v)
    v = g('recovered')
    d['recovered'] = None if v is None else _from_Recovered(v)
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_ExecCommand(raw: Dict[str, Any]) -> ExecCommand:
    o = _new(ExecCommand)
    d = o.__dict__
    g = raw.get
    d['setting'] = g('setting')
    d['prefixes'] = g('prefixes', [])
    d['command'] = g('command')
    d['_raw'] = raw
    return o


def _from_LinuxServiceRecord(raw: Dict[str, Any]) -> LinuxServiceRecord:
    o = _new(LinuxServiceRecord)
    d = o.__dict__
    g = raw.get
    d['name'] = g('name')
    d['kind'] = g('kind')
    d['scope'] = g('scope')
    d['enabled'] = g('enabled')
    d['masked'] = g('masked')
    d['state'] = g('state')
    d['description'] = g('description')
    v = g('exec')
    d['exec'] = [] if v is None else [_from_ExecCommand(x0) for x0 in v]
    d['user'] = g('user')
    d['group'] = g('group')
    d['dynamic_user'] = g('dynamic_user')
    d['service_type'] = g('service_type')
    d['unit_path'] = g('unit_path')
    d['drop_ins'] = g('drop_ins', [])
    d['wanted_by'] = g('wanted_by', [])
    d['enabled_by'] = g('enabled_by', [])
    d['vendor'] = g('vendor')
    d['instance'] = g('instance')
    d['package'] = g('package')
    d['runlevels'] = g('runlevels', [])
    d['flags'] = g('flags', [])
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    v = g('account')
    d['account'] = None if v is None else _from_AccountRef(v)
    v = g('created_by')
    d['created_by'] = None if v is None else _from_CreatedBy(v)
    v = g('runs')
    d['runs'] = [] if v is None else [_from_RunCommand(x0) for x0 in v]
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_Account(raw: Dict[str, Any]) -> Account:
    o = _new(Account)
    d = o.__dict__
    g = raw.get
    d['kind'] = g('kind')
    d['name'] = g('name')
    d['sid'] = g('sid')
    d['id'] = g('id')
    d['gid'] = g('gid')
    d['full_name'] = g('full_name')
    d['comment'] = g('comment')
    d['home'] = g('home')
    d['shell'] = g('shell')
    d['groups'] = g('groups', [])
    d['members'] = g('members', [])
    d['admin'] = g('admin')
    d['admin_because'] = g('admin_because', [])
    d['disabled'] = g('disabled')
    v = g('created')
    d['created'] = None if v is None else _ts(v)
    v = g('last_logon')
    d['last_logon'] = None if v is None else _ts(v)
    v = g('password_last_set')
    d['password_last_set'] = None if v is None else _ts(v)
    v = g('last_failed_logon')
    d['last_failed_logon'] = None if v is None else _ts(v)
    d['logon_count'] = g('logon_count')
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_TimeSource(raw: Dict[str, Any]) -> TimeSource:
    o = _new(TimeSource)
    d = o.__dict__
    g = raw.get
    d['what'] = g('what')
    d['path'] = g('path')
    v = g('time')
    d['time'] = None if v is None else _ts(v)
    d['_raw'] = raw
    return o


def _from_Host(raw: Dict[str, Any]) -> Host:
    o = _new(Host)
    d = o.__dict__
    g = raw.get
    d['os'] = g('os')
    d['hostname'] = g('hostname')
    d['domain'] = g('domain')
    d['os_name'] = g('os_name')
    d['os_version'] = g('os_version')
    d['build'] = g('build')
    d['edition'] = g('edition')
    d['registered_owner'] = g('registered_owner')
    v = g('install_date')
    d['install_date'] = None if v is None else _ts(v)
    d['time_zone'] = g('time_zone')
    d['time_zone_source'] = g('time_zone_source')
    v = g('last_boot')
    d['last_boot'] = None if v is None else _ts(v)
    v = g('last_shutdown')
    d['last_shutdown'] = None if v is None else _ts(v)
    v = g('last_write')
    d['last_write'] = None if v is None else _ts(v)
    v = g('last_write_sources')
    d['last_write_sources'] = [] if v is None else [_from_TimeSource(x0) for x0 in v]
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_InferredAddress(raw: Dict[str, Any]) -> InferredAddress:
    o = _new(InferredAddress)
    d = o.__dict__
    g = raw.get
    d['address'] = g('address')
    d['record_id'] = g('record_id')
    v = g('timestamp')
    d['timestamp'] = None if v is None else _ts(v)
    d['logon_id'] = g('logon_id')
    d['_raw'] = raw
    return o


def _from_Session(raw: Dict[str, Any]) -> Session:
    o = _new(Session)
    d = o.__dict__
    g = raw.get
    d['computer'] = g('computer')
    d['logon_id'] = g('logon_id')
    d['user'] = g('user')
    d['sid'] = g('sid')
    d['logon_type'] = g('logon_type')
    d['logon_type_name'] = g('logon_type_name')
    d['source_address'] = g('source_address')
    d['source_port'] = g('source_port')
    d['workstation'] = g('workstation')
    d['authentication_package'] = g('authentication_package')
    d['logon_process'] = g('logon_process')
    d['elevated_token'] = g('elevated_token')
    d['special_privileges'] = g('special_privileges', [])
    v = g('start')
    d['start'] = None if v is None else _ts(v)
    d['start_record_id'] = g('start_record_id')
    v = g('end')
    d['end'] = None if v is None else _ts(v)
    d['end_record_id'] = g('end_record_id')
    v = g('inferred_address')
    d['inferred_address'] = None if v is None else _from_InferredAddress(v)
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_TaskDefinition(raw: Dict[str, Any]) -> TaskDefinition:
    o = _new(TaskDefinition)
    d = o.__dict__
    g = raw.get
    d['name'] = g('name')
    d['enabled'] = g('enabled')
    d['hidden'] = g('hidden')
    d['schema_version'] = g('schema_version')
    d['author'] = g('author')
    d['date'] = g('date')
    d['description'] = g('description')
    d['uri'] = g('uri')
    d['source_info'] = g('source_info')
    d['version'] = g('version')
    d['documentation'] = g('documentation')
    d['security_descriptor'] = g('security_descriptor')
    v = g('principal')
    d['principal'] = None if v is None else _from_Principal(v)
    v = g('triggers')
    d['triggers'] = [] if v is None else [_from_TaskTrigger(x0) for x0 in v]
    v = g('actions')
    d['actions'] = [] if v is None else [_from_TaskAction(x0) for x0 in v]
    d['settings'] = g('settings', {})
    d['sources'] = g('sources', [])
    d['flags'] = g('flags', [])
    v = g('job')
    d['job'] = None if v is None else _from_JobInfo(v)
    v = g('taskcache')
    d['taskcache'] = None if v is None else _from_TaskCacheEntry(v)
    d['_raw'] = raw
    return o


def _from_ToolInvocation(raw: Dict[str, Any]) -> ToolInvocation:
    o = _new(ToolInvocation)
    d = o.__dict__
    g = raw.get
    d['tool'] = g('tool')
    d['cmdlet'] = g('cmdlet')
    d['verb'] = g('verb')
    d['task_name'] = g('task_name')
    d['command'] = g('command')
    d['schedule'] = g('schedule')
    d['modifier'] = g('modifier')
    d['start_time'] = g('start_time')
    d['start_date'] = g('start_date')
    d['end_date'] = g('end_date')
    d['days'] = g('days')
    d['repeat_interval'] = g('repeat_interval')
    d['duration'] = g('duration')
    v = g('frequency')
    d['frequency'] = None if v is None else _from_Frequency(v)
    d['run_as'] = g('run_as')
    d['password_given'] = g('password_given')
    d['remote_host'] = g('remote_host')
    d['remote_user'] = g('remote_user')
    d['xml'] = g('xml')
    d['run_level'] = g('run_level')
    d['service_name'] = g('service_name')
    d['bin_path'] = g('bin_path')
    d['start_type'] = g('start_type')
    d['failure_command'] = g('failure_command')
    d['options'] = g('options', {})
    d['flags'] = g('flags', [])
    d['_raw'] = raw
    return o


def _from_TaskEvent(raw: Dict[str, Any]) -> TaskEvent:
    o = _new(TaskEvent)
    d = o.__dict__
    g = raw.get
    d['phase'] = g('phase')
    d['instance_id'] = g('instance_id')
    d['action_name'] = g('action_name')
    d['process'] = g('process')
    d['process_id'] = g('process_id')
    d['result_code'] = g('result_code')
    d['_raw'] = raw
    return o


def _from_Event(raw: Dict[str, Any]) -> Event:
    o = _new(Event)
    d = o.__dict__
    g = raw.get
    d['channel'] = g('channel')
    d['provider'] = g('provider')
    d['event_id'] = g('event_id')
    d['record_id'] = g('record_id')
    v = g('timestamp')
    d['timestamp'] = None if v is None else _ts(v)
    v = g('written')
    d['written'] = None if v is None else _ts(v)
    d['header_record_id'] = g('header_record_id')
    d['computer'] = g('computer')
    d['user_sid'] = g('user_sid')
    d['data'] = g('data', {})
    v = g('task')
    d['task'] = None if v is None else _from_TaskDefinition(v)
    d['task_name'] = g('task_name')
    d['service_name'] = g('service_name')
    d['image_path'] = g('image_path')
    d['service_type'] = g('service_type')
    d['start_type'] = g('start_type')
    d['service_account'] = g('service_account')
    v = g('session')
    d['session'] = None if v is None else _from_SessionRef(v)
    v = g('invocation')
    d['invocation'] = None if v is None else _from_ToolInvocation(v)
    v = g('task_event')
    d['task_event'] = None if v is None else _from_TaskEvent(v)
    d['process'] = g('process')
    d['command_line'] = g('command_line')
    d['parent_process'] = g('parent_process')
    d['user'] = g('user')
    d['object_missing'] = g('object_missing')
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    v = g('account')
    d['account'] = None if v is None else _from_AccountRef(v)
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_ErrorRecord(raw: Dict[str, Any]) -> ErrorRecord:
    o = _new(ErrorRecord)
    d = o.__dict__
    g = raw.get
    v = g('source')
    d['source'] = None if v is None else _from_Source(v)
    d['offset'] = g('offset')
    d['message'] = g('message')
    d['summary'] = None
    d['_raw'] = raw
    return o


def _from_Summary(raw: Dict[str, Any]) -> Summary:
    o = _new(Summary)
    d = o.__dict__
    g = raw.get
    d['artifact'] = g('artifact')
    d['label'] = g('label')
    d['kind'] = g('kind')
    d['name'] = g('name')
    d['user'] = g('user')
    d['schedule'] = g('schedule')
    d['command'] = g('command')
    d['stdin'] = g('stdin')
    d['flags'] = g('flags', [])
    d['reference'] = g('reference')
    d['location'] = g('location')
    d['line'] = g('line')
    v = g('time')
    d['time'] = None if v is None else _ts(v)
    d['message'] = g('message')
    d['created_by'] = g('created_by')
    d['local_time'] = g('local_time')
    d['_raw'] = raw
    return o

Principal._from = staticmethod(_from_Principal)  # type: ignore[method-assign,assignment]
TaskTrigger._from = staticmethod(_from_TaskTrigger)  # type: ignore[method-assign,assignment]
CalendarSchedule._from = staticmethod(_from_CalendarSchedule)  # type: ignore[method-assign,assignment]
TaskAction._from = staticmethod(_from_TaskAction)  # type: ignore[method-assign,assignment]
JobInfo._from = staticmethod(_from_JobInfo)  # type: ignore[method-assign,assignment]
TaskCacheEntry._from = staticmethod(_from_TaskCacheEntry)  # type: ignore[method-assign,assignment]
TriggersBlob._from = staticmethod(_from_TriggersBlob)  # type: ignore[method-assign,assignment]
DynamicInfo._from = staticmethod(_from_DynamicInfo)  # type: ignore[method-assign,assignment]
Source._from = staticmethod(_from_Source)  # type: ignore[method-assign,assignment]
Replay._from = staticmethod(_from_Replay)  # type: ignore[method-assign,assignment]
SnapshotRef._from = staticmethod(_from_SnapshotRef)  # type: ignore[method-assign,assignment]
AccountRef._from = staticmethod(_from_AccountRef)  # type: ignore[method-assign,assignment]
CreatedBy._from = staticmethod(_from_CreatedBy)  # type: ignore[method-assign,assignment]
SessionRef._from = staticmethod(_from_SessionRef)  # type: ignore[method-assign,assignment]
CreationEvidence._from = staticmethod(_from_CreationEvidence)  # type: ignore[method-assign,assignment]
EventRef._from = staticmethod(_from_EventRef)  # type: ignore[method-assign,assignment]
RunsSeen._from = staticmethod(_from_RunsSeen)  # type: ignore[method-assign,assignment]
GpoItem._from = staticmethod(_from_GpoItem)  # type: ignore[method-assign,assignment]
RunCommand._from = staticmethod(_from_RunCommand)  # type: ignore[method-assign,assignment]
Invocation._from = staticmethod(_from_Invocation)  # type: ignore[method-assign,assignment]
RunTarget._from = staticmethod(_from_RunTarget)  # type: ignore[method-assign,assignment]
Binary._from = staticmethod(_from_Binary)  # type: ignore[method-assign,assignment]
StreamInfo._from = staticmethod(_from_StreamInfo)  # type: ignore[method-assign,assignment]
PeInfo._from = staticmethod(_from_PeInfo)  # type: ignore[method-assign,assignment]
VersionInfo._from = staticmethod(_from_VersionInfo)  # type: ignore[method-assign,assignment]
Signature._from = staticmethod(_from_Signature)  # type: ignore[method-assign,assignment]
ChainLink._from = staticmethod(_from_ChainLink)  # type: ignore[method-assign,assignment]
CatalogSignature._from = staticmethod(_from_CatalogSignature)  # type: ignore[method-assign,assignment]
CatalogMember._from = staticmethod(_from_CatalogMember)  # type: ignore[method-assign,assignment]
ElfInfo._from = staticmethod(_from_ElfInfo)  # type: ignore[method-assign,assignment]
ScriptInfo._from = staticmethod(_from_ScriptInfo)  # type: ignore[method-assign,assignment]
Frequency._from = staticmethod(_from_Frequency)  # type: ignore[method-assign,assignment]
LocalTime._from = staticmethod(_from_LocalTime)  # type: ignore[method-assign,assignment]
Recovered._from = staticmethod(_from_Recovered)  # type: ignore[method-assign,assignment]
ScheduledTask._from = staticmethod(_from_ScheduledTask)  # type: ignore[method-assign,assignment]
FailureActions._from = staticmethod(_from_FailureActions)  # type: ignore[method-assign,assignment]
FailureAction._from = staticmethod(_from_FailureAction)  # type: ignore[method-assign,assignment]
Service._from = staticmethod(_from_Service)  # type: ignore[method-assign,assignment]
ScheduleSets._from = staticmethod(_from_ScheduleSets)  # type: ignore[method-assign,assignment]
AtJob._from = staticmethod(_from_AtJob)  # type: ignore[method-assign,assignment]
TimerInfo._from = staticmethod(_from_TimerInfo)  # type: ignore[method-assign,assignment]
TimerTrigger._from = staticmethod(_from_TimerTrigger)  # type: ignore[method-assign,assignment]
CronJob._from = staticmethod(_from_CronJob)  # type: ignore[method-assign,assignment]
ExecCommand._from = staticmethod(_from_ExecCommand)  # type: ignore[method-assign,assignment]
LinuxServiceRecord._from = staticmethod(_from_LinuxServiceRecord)  # type: ignore[method-assign,assignment]
Account._from = staticmethod(_from_Account)  # type: ignore[method-assign,assignment]
TimeSource._from = staticmethod(_from_TimeSource)  # type: ignore[method-assign,assignment]
Host._from = staticmethod(_from_Host)  # type: ignore[method-assign,assignment]
InferredAddress._from = staticmethod(_from_InferredAddress)  # type: ignore[method-assign,assignment]
Session._from = staticmethod(_from_Session)  # type: ignore[method-assign,assignment]
TaskDefinition._from = staticmethod(_from_TaskDefinition)  # type: ignore[method-assign,assignment]
ToolInvocation._from = staticmethod(_from_ToolInvocation)  # type: ignore[method-assign,assignment]
TaskEvent._from = staticmethod(_from_TaskEvent)  # type: ignore[method-assign,assignment]
Event._from = staticmethod(_from_Event)  # type: ignore[method-assign,assignment]
ErrorRecord._from = staticmethod(_from_ErrorRecord)  # type: ignore[method-assign,assignment]
Summary._from = staticmethod(_from_Summary)  # type: ignore[method-assign,assignment]

# The class of each record kind (`artifact`), in the schema's order.
ARTIFACTS = {'scheduled_task': ScheduledTask, 'service': Service, 'cron_job': CronJob, 'linux_service': LinuxServiceRecord, 'account': Account, 'host': Host, 'session': Session, 'event': Event, 'error': ErrorRecord, 'warning': ErrorRecord}
