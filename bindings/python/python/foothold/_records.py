"""The record classes, generated from the Rust record schema by
``bindings/python/gen_records.py`` (``schema/scan-record.schema.json``,
``schema/summary.schema.json``). Do not edit: change the Rust types, regenerate the schema,
then run the script."""
# fmt: off
# (dataclasses as `_dc`: a record field named `field` must not hide its function)
import dataclasses as _dc
from typing import Any, Dict, List, Optional

from ._base import _Cron, _Record, _Runs, _Task
from ._time import Timestamp

__all__ = ["Principal", "TaskTrigger", "CalendarSchedule", "TaskAction", "JobInfo", "TaskCacheEntry", "TriggersBlob", "DynamicInfo", "Source", "Replay", "AccountRef", "CreatedBy", "SessionRef", "CreationEvidence", "EventRef", "RunCommand", "Invocation", "RunTarget", "Binary", "StreamInfo", "PeInfo", "VersionInfo", "Signature", "ElfInfo", "ScriptInfo", "Frequency", "LocalTime", "Recovered", "ScheduledTask", "FailureActions", "FailureAction", "Service", "ScheduleSets", "AtJob", "TimerInfo", "TimerTrigger", "CronJob", "Account", "TimeSource", "Host", "InferredAddress", "Session", "TaskDefinition", "Event", "ErrorRecord", "Summary"]



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
    #: The account it names (task principal, service account, cron user, event subject), resolved against the image's accounts and the well-known SIDs.
    account: Optional["AccountRef"] = None
    #: Who made it, when and from where, with the evidence (4698/4697/7045, the XML's author and date, the TaskCache registration, file times) and flags where it disagrees.
    created_by: Optional["CreatedBy"] = None
    #: Events that name this task (4698–4702, TaskScheduler 106/140/141/129/200/201).
    events: List["EventRef"] = _dc.field(default_factory=list)
    #: What its exec actions run: each command taken apart, each file it names found (or not) in the image, hashed and described.
    runs: List["RunCommand"] = _dc.field(default_factory=list)
    #: How often each trigger fires, in trigger order (`foothold_windows::trigger_frequency`).
    frequency: List["Frequency"] = _dc.field(default_factory=list)
    #: The task's local times (trigger boundaries, `RegistrationInfo/Date` without an offset, a `.job`'s last run) in UTC by the image's time zone (SYSTEM `TimeZoneInformation`).
    local_times: List["LocalTime"] = _dc.field(default_factory=list)
    #: Set when the task is no longer (whole) on the volume and was rebuilt: from the Security log's 4698/4702/4699 records (`from: "event_log"`, its creation and deletion times). `source` is then the record its definition came from.
    recovered: Optional["Recovered"] = None
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
    #: The account it names (task principal, service account, cron user, event subject), resolved against the image's accounts and the well-known SIDs.
    account: Optional["AccountRef"] = None
    #: The logon session the event was made in (`SubjectLogonId`), when the logs hold it.
    session: Optional["SessionRef"] = None
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


# What each field is read from and how: (field, JSON key, conversion).
Principal._FIELDS = (('id', 'id', None), ('user_id', 'user_id', None), ('group_id', 'group_id', None), ('logon_type', 'logon_type', None), ('run_level', 'run_level', None), ('display_name', 'display_name', None), ('process_token_sid_type', 'process_token_sid_type', None), ('required_privileges', 'required_privileges', None))
TaskTrigger._FIELDS = (('type', 'type', None), ('id', 'id', None), ('enabled', 'enabled', None), ('start_boundary', 'start_boundary', None), ('end_boundary', 'end_boundary', None), ('interval', 'interval', None), ('duration', 'duration', None), ('stop_at_duration_end', 'stop_at_duration_end', None), ('delay', 'delay', None), ('random_delay', 'random_delay', None), ('execution_time_limit', 'execution_time_limit', None), ('user_id', 'user_id', None), ('subscription', 'subscription', None), ('state_change', 'state_change', None), ('state_name', 'state_name', None), ('data', 'data', None), ('schedule', 'schedule', ('obj', 'CalendarSchedule')), ('value_queries', 'value_queries', None))
CalendarSchedule._FIELDS = (('kind', 'kind', None), ('days_interval', 'days_interval', None), ('weeks_interval', 'weeks_interval', None), ('days_of_week', 'days_of_week', None), ('days_of_month', 'days_of_month', None), ('months', 'months', None), ('weeks', 'weeks', None))
TaskAction._FIELDS = (('type', 'type', None), ('id', 'id', None), ('command', 'command', None), ('arguments', 'arguments', None), ('working_directory', 'working_directory', None), ('class_id', 'class_id', None), ('data', 'data', None), ('fields', 'fields', None))
JobInfo._FIELDS = (('product_version', 'product_version', None), ('uuid', 'uuid', None), ('status', 'status', None), ('status_name', 'status_name', None), ('exit_code', 'exit_code', None), ('flags', 'flags', None), ('flag_names', 'flag_names', None), ('last_run_local', 'last_run_local', None), ('max_run_time_ms', 'max_run_time_ms', None), ('priority', 'priority', None), ('running_instances', 'running_instances', None))
TaskCacheEntry._FIELDS = (('name', 'name', None), ('tree_key', 'tree_key', None), ('id', 'id', None), ('index', 'index', None), ('has_security_descriptor', 'has_security_descriptor', None), ('tree_last_written', 'tree_last_written', 'ts'), ('task_key', 'task_key', None), ('task_last_written', 'task_last_written', 'ts'), ('path', 'path', None), ('uri', 'uri', None), ('author', 'author', None), ('description', 'description', None), ('date', 'date', None), ('actions', 'actions', ('list', ('obj', 'TaskAction'))), ('actions_version', 'actions_version', None), ('triggers_size', 'triggers_size', None), ('triggers', 'triggers', ('obj', 'TriggersBlob')), ('dynamic_info', 'dynamic_info', ('obj', 'DynamicInfo')), ('lists', 'lists', None), ('errors', 'errors', None))
TriggersBlob._FIELDS = (('version', 'version', None), ('start_boundary', 'start_boundary', None), ('end_boundary', 'end_boundary', None), ('flags', 'flags', None), ('flag_names', 'flag_names', None), ('enabled', 'enabled', None), ('hidden', 'hidden', None), ('xml_crc32', 'xml_crc32', None), ('principal_id', 'principal_id', None), ('display_name', 'display_name', None), ('user_sid', 'user_sid', None), ('user_name', 'user_name', None), ('execution_time_limit', 'execution_time_limit', None), ('triggers', 'triggers', ('list', ('obj', 'TaskTrigger'))), ('error', 'error', None))
DynamicInfo._FIELDS = (('version', 'version', None), ('created', 'created', 'ts'), ('last_run', 'last_run', 'ts'), ('state', 'state', None), ('last_error', 'last_error', None), ('last_successful_run', 'last_successful_run', 'ts'))
Source._FIELDS = (('evidence', 'evidence', None), ('host', 'host', None), ('origin', 'origin', None), ('volume', 'volume', None), ('filesystem', 'filesystem', None), ('path', 'path', None), ('entry', 'entry', None), ('line', 'line', None), ('key', 'key', None), ('record_id', 'record_id', None), ('hive', 'hive', ('obj', 'Replay')), ('created', 'created', 'ts'), ('modified', 'modified', 'ts'), ('changed', 'changed', 'ts'), ('accessed', 'accessed', 'ts'), ('deleted_time', 'deleted_time', 'ts'), ('fn_created', 'fn_created', 'ts'), ('fn_modified', 'fn_modified', 'ts'), ('fn_changed', 'fn_changed', 'ts'), ('fn_accessed', 'fn_accessed', 'ts'), ('uid', 'uid', None), ('gid', 'gid', None))
Replay._FIELDS = (('dirty', 'dirty', None), ('logs_applied', 'logs_applied', None), ('last_sequence', 'last_sequence', None), ('problems', 'problems', None))
AccountRef._FIELDS = (('kind', 'kind', None), ('name', 'name', None), ('sid', 'sid', None), ('id', 'id', None), ('admin', 'admin', None))
CreatedBy._FIELDS = (('user', 'user', None), ('sid', 'sid', None), ('when', 'when', 'ts'), ('session', 'session', ('obj', 'SessionRef')), ('evidence', 'evidence', ('list', ('obj', 'CreationEvidence'))), ('flags', 'flags', None))
SessionRef._FIELDS = (('logon_id', 'logon_id', None), ('logon_type', 'logon_type', None), ('logon_type_name', 'logon_type_name', None), ('user', 'user', None), ('source_address', 'source_address', None), ('address_inferred', 'address_inferred', None), ('address_from_record_id', 'address_from_record_id', None), ('start', 'start', 'ts'), ('start_record_id', 'start_record_id', None), ('elevated_token', 'elevated_token', None), ('special_privileges', 'special_privileges', None))
CreationEvidence._FIELDS = (('kind', 'kind', None), ('value', 'value', None), ('record_id', 'record_id', None))
EventRef._FIELDS = (('event_id', 'event_id', None), ('record_id', 'record_id', None), ('timestamp', 'timestamp', 'ts'), ('user', 'user', None), ('path', 'path', None))
RunCommand._FIELDS = (('role', 'role', None), ('invocation', 'invocation', ('obj', 'Invocation')), ('binaries', 'binaries', ('list', ('obj', 'Binary'))), ('default_environment', 'default_environment', None))
Invocation._FIELDS = (('command_line', 'command_line', None), ('program', 'program', None), ('args', 'args', None), ('targets', 'targets', ('list', ('obj', 'RunTarget'))), ('candidates', 'candidates', None), ('decoded', 'decoded', None), ('flags', 'flags', None), ('unexpanded', 'unexpanded', None))
RunTarget._FIELDS = (('kind', 'kind', None), ('path', 'path', None), ('entry', 'entry', None), ('via', 'via', None))
Binary._FIELDS = (('kind', 'kind', None), ('written', 'written', None), ('entry_point', 'entry_point', None), ('via', 'via', None), ('status', 'status', None), ('path', 'path', None), ('searched', 'searched', None), ('entry', 'entry', None), ('size', 'size', None), ('created', 'created', 'ts'), ('modified', 'modified', 'ts'), ('changed', 'changed', 'ts'), ('accessed', 'accessed', 'ts'), ('deleted_time', 'deleted_time', 'ts'), ('fn_created', 'fn_created', 'ts'), ('fn_modified', 'fn_modified', 'ts'), ('fn_changed', 'fn_changed', 'ts'), ('fn_accessed', 'fn_accessed', 'ts'), ('uid', 'uid', None), ('owner', 'owner', None), ('mode', 'mode', None), ('streams', 'streams', ('list', ('obj', 'StreamInfo'))), ('zone_identifier', 'zone_identifier', None), ('download_url', 'download_url', None), ('md5', 'md5', None), ('sha1', 'sha1', None), ('sha256', 'sha256', None), ('file_type', 'file_type', None), ('pe', 'pe', ('obj', 'PeInfo')), ('elf', 'elf', ('obj', 'ElfInfo')), ('script', 'script', ('obj', 'ScriptInfo')), ('errors', 'errors', None), ('flags', 'flags', None))
StreamInfo._FIELDS = (('name', 'name', None), ('size', 'size', None))
PeInfo._FIELDS = (('machine', 'machine', None), ('pe32_plus', 'pe32_plus', None), ('compiled', 'compiled', 'ts'), ('time_date_stamp', 'time_date_stamp', None), ('subsystem', 'subsystem', None), ('dll', 'dll', None), ('export_name', 'export_name', None), ('exports', 'exports', None), ('version', 'version', ('obj', 'VersionInfo')), ('signature', 'signature', ('obj', 'Signature')), ('signed', 'signed', None))
VersionInfo._FIELDS = (('file_version', 'file_version', None), ('product_version', 'product_version', None), ('strings', 'strings', None), ('language', 'language', None))
Signature._FIELDS = (('digest_algorithm', 'digest_algorithm', None), ('signed_digest', 'signed_digest', None), ('computed_digest', 'computed_digest', None), ('digest_matches', 'digest_matches', None), ('content_digest_matches', 'content_digest_matches', None), ('signer_subject', 'signer_subject', None), ('signer_issuer', 'signer_issuer', None), ('signer_serial', 'signer_serial', None), ('signer_not_before', 'signer_not_before', 'ts'), ('signer_not_after', 'signer_not_after', 'ts'), ('signing_time', 'signing_time', 'ts'), ('certificates', 'certificates', None), ('bytes_after_signature', 'bytes_after_signature', None))
ElfInfo._FIELDS = (('kind', 'kind', None), ('pie', 'pie', None), ('machine', 'machine', None), ('is_64', 'is_64', None), ('interpreter', 'interpreter', None), ('stripped', 'stripped', None))
ScriptInfo._FIELDS = (('language', 'language', None), ('interpreter', 'interpreter', None), ('encoding', 'encoding', None), ('first_lines', 'first_lines', None))
Frequency._FIELDS = (('interval_seconds', 'interval_seconds', None), ('runs_per_week', 'runs_per_week', None), ('on', 'on', None), ('text', 'text', None), ('next_runs', 'next_runs', ('list', 'ts')), ('next_runs_after', 'next_runs_after', 'ts'))
LocalTime._FIELDS = (('field', 'field', None), ('local', 'local', None), ('utc', 'utc', 'ts'), ('dst', 'dst', None), ('zone', 'zone', None))
Recovered._FIELDS = (('from_', 'from', None), ('confidence', 'confidence', None), ('created', 'created', 'ts'), ('deleted', 'deleted', 'ts'), ('notes', 'notes', None))
ScheduledTask._FIELDS = (('name', 'name', None), ('enabled', 'enabled', None), ('hidden', 'hidden', None), ('schema_version', 'schema_version', None), ('author', 'author', None), ('date', 'date', None), ('description', 'description', None), ('uri', 'uri', None), ('source_info', 'source_info', None), ('version', 'version', None), ('documentation', 'documentation', None), ('security_descriptor', 'security_descriptor', None), ('principal', 'principal', ('obj', 'Principal')), ('triggers', 'triggers', ('list', ('obj', 'TaskTrigger'))), ('actions', 'actions', ('list', ('obj', 'TaskAction'))), ('settings', 'settings', None), ('sources', 'sources', None), ('flags', 'flags', None), ('job', 'job', ('obj', 'JobInfo')), ('taskcache', 'taskcache', ('obj', 'TaskCacheEntry')), ('source', 'source', ('obj', 'Source')), ('job_source', 'job_source', ('obj', 'Source')), ('account', 'account', ('obj', 'AccountRef')), ('created_by', 'created_by', ('obj', 'CreatedBy')), ('events', 'events', ('list', ('obj', 'EventRef'))), ('runs', 'runs', ('list', ('obj', 'RunCommand'))), ('frequency', 'frequency', ('list', ('obj', 'Frequency'))), ('local_times', 'local_times', ('list', ('obj', 'LocalTime'))), ('recovered', 'recovered', ('obj', 'Recovered')))
FailureActions._FIELDS = (('reset_period_s', 'reset_period_s', None), ('actions', 'actions', ('list', ('obj', 'FailureAction'))))
FailureAction._FIELDS = (('type', 'type', None), ('delay_ms', 'delay_ms', None))
Service._FIELDS = (('name', 'name', None), ('display_name', 'display_name', None), ('description', 'description', None), ('image_path', 'image_path', None), ('image_path_resolved', 'image_path_resolved', None), ('type', 'type', None), ('type_names', 'type_names', None), ('start', 'start', None), ('start_name', 'start_name', None), ('delayed_autostart', 'delayed_autostart', None), ('error_control', 'error_control', None), ('object_name', 'object_name', None), ('group', 'group', None), ('depend_on_service', 'depend_on_service', None), ('service_dll', 'service_dll', None), ('service_main', 'service_main', None), ('failure_command', 'failure_command', None), ('failure_actions', 'failure_actions', ('obj', 'FailureActions')), ('required_privileges', 'required_privileges', None), ('service_sid_type', 'service_sid_type', None), ('launch_protected', 'launch_protected', None), ('last_written', 'last_written', 'ts'), ('control_set', 'control_set', None), ('current', 'current', None), ('key', 'key', None), ('source', 'source', ('obj', 'Source')), ('account', 'account', ('obj', 'AccountRef')), ('created_by', 'created_by', ('obj', 'CreatedBy')), ('events', 'events', ('list', ('obj', 'EventRef'))), ('runs', 'runs', ('list', ('obj', 'RunCommand'))), ('recovered', 'recovered', ('obj', 'Recovered')))
ScheduleSets._FIELDS = (('special', 'special', None), ('minute', 'minute', None), ('hour', 'hour', None), ('day_of_month', 'day_of_month', None), ('month', 'month', None), ('day_of_week', 'day_of_week', None))
AtJob._FIELDS = (('queue', 'queue', None), ('job_number', 'job_number', None), ('run_at', 'run_at', None), ('uid', 'uid', None))
TimerInfo._FIELDS = (('unit', 'unit', None), ('unit_path', 'unit_path', None), ('triggers', 'triggers', ('list', ('obj', 'TimerTrigger'))), ('persistent', 'persistent', None), ('randomized_delay', 'randomized_delay', None), ('enabled', 'enabled', None), ('drop_ins', 'drop_ins', None), ('scope', 'scope', None))
TimerTrigger._FIELDS = (('setting', 'setting', None), ('value', 'value', None))
CronJob._FIELDS = (('kind', 'kind', None), ('schedule', 'schedule', None), ('decoded', 'decoded', ('obj', 'ScheduleSets')), ('user', 'user', None), ('command', 'command', None), ('stdin', 'stdin', None), ('environment', 'environment', None), ('job_id', 'job_id', None), ('delay_minutes', 'delay_minutes', None), ('last_run', 'last_run', None), ('at', 'at', ('obj', 'AtJob')), ('timer', 'timer', ('obj', 'TimerInfo')), ('flags', 'flags', None), ('source', 'source', ('obj', 'Source')), ('account', 'account', ('obj', 'AccountRef')), ('created_by', 'created_by', ('obj', 'CreatedBy')), ('runs', 'runs', ('list', ('obj', 'RunCommand'))), ('frequency', 'frequency', ('obj', 'Frequency')), ('recovered', 'recovered', ('obj', 'Recovered')))
Account._FIELDS = (('kind', 'kind', None), ('name', 'name', None), ('sid', 'sid', None), ('id', 'id', None), ('gid', 'gid', None), ('full_name', 'full_name', None), ('comment', 'comment', None), ('home', 'home', None), ('shell', 'shell', None), ('groups', 'groups', None), ('members', 'members', None), ('admin', 'admin', None), ('admin_because', 'admin_because', None), ('disabled', 'disabled', None), ('created', 'created', 'ts'), ('last_logon', 'last_logon', 'ts'), ('password_last_set', 'password_last_set', 'ts'), ('last_failed_logon', 'last_failed_logon', 'ts'), ('logon_count', 'logon_count', None), ('source', 'source', ('obj', 'Source')))
TimeSource._FIELDS = (('what', 'what', None), ('path', 'path', None), ('time', 'time', 'ts'))
Host._FIELDS = (('os', 'os', None), ('hostname', 'hostname', None), ('domain', 'domain', None), ('os_name', 'os_name', None), ('os_version', 'os_version', None), ('build', 'build', None), ('edition', 'edition', None), ('registered_owner', 'registered_owner', None), ('install_date', 'install_date', 'ts'), ('time_zone', 'time_zone', None), ('time_zone_source', 'time_zone_source', None), ('last_boot', 'last_boot', 'ts'), ('last_shutdown', 'last_shutdown', 'ts'), ('last_write', 'last_write', 'ts'), ('last_write_sources', 'last_write_sources', ('list', ('obj', 'TimeSource'))), ('source', 'source', ('obj', 'Source')))
InferredAddress._FIELDS = (('address', 'address', None), ('record_id', 'record_id', None), ('timestamp', 'timestamp', 'ts'), ('logon_id', 'logon_id', None))
Session._FIELDS = (('computer', 'computer', None), ('logon_id', 'logon_id', None), ('user', 'user', None), ('sid', 'sid', None), ('logon_type', 'logon_type', None), ('logon_type_name', 'logon_type_name', None), ('source_address', 'source_address', None), ('source_port', 'source_port', None), ('workstation', 'workstation', None), ('authentication_package', 'authentication_package', None), ('logon_process', 'logon_process', None), ('elevated_token', 'elevated_token', None), ('special_privileges', 'special_privileges', None), ('start', 'start', 'ts'), ('start_record_id', 'start_record_id', None), ('end', 'end', 'ts'), ('end_record_id', 'end_record_id', None), ('inferred_address', 'inferred_address', ('obj', 'InferredAddress')), ('source', 'source', ('obj', 'Source')))
TaskDefinition._FIELDS = (('name', 'name', None), ('enabled', 'enabled', None), ('hidden', 'hidden', None), ('schema_version', 'schema_version', None), ('author', 'author', None), ('date', 'date', None), ('description', 'description', None), ('uri', 'uri', None), ('source_info', 'source_info', None), ('version', 'version', None), ('documentation', 'documentation', None), ('security_descriptor', 'security_descriptor', None), ('principal', 'principal', ('obj', 'Principal')), ('triggers', 'triggers', ('list', ('obj', 'TaskTrigger'))), ('actions', 'actions', ('list', ('obj', 'TaskAction'))), ('settings', 'settings', None), ('sources', 'sources', None), ('flags', 'flags', None), ('job', 'job', ('obj', 'JobInfo')), ('taskcache', 'taskcache', ('obj', 'TaskCacheEntry')))
Event._FIELDS = (('channel', 'channel', None), ('provider', 'provider', None), ('event_id', 'event_id', None), ('record_id', 'record_id', None), ('timestamp', 'timestamp', 'ts'), ('written', 'written', 'ts'), ('header_record_id', 'header_record_id', None), ('computer', 'computer', None), ('user_sid', 'user_sid', None), ('data', 'data', None), ('task', 'task', ('obj', 'TaskDefinition')), ('task_name', 'task_name', None), ('service_name', 'service_name', None), ('image_path', 'image_path', None), ('service_type', 'service_type', None), ('start_type', 'start_type', None), ('account', 'account', ('obj', 'AccountRef')), ('session', 'session', ('obj', 'SessionRef')), ('process', 'process', None), ('command_line', 'command_line', None), ('parent_process', 'parent_process', None), ('user', 'user', None), ('object_missing', 'object_missing', None), ('source', 'source', ('obj', 'Source')))
ErrorRecord._FIELDS = (('source', 'source', ('obj', 'Source')), ('offset', 'offset', None), ('message', 'message', None))
Summary._FIELDS = (('artifact', 'artifact', None), ('label', 'label', None), ('kind', 'kind', None), ('name', 'name', None), ('user', 'user', None), ('schedule', 'schedule', None), ('command', 'command', None), ('stdin', 'stdin', None), ('flags', 'flags', None), ('reference', 'reference', None), ('location', 'location', None), ('line', 'line', None), ('time', 'time', 'ts'), ('message', 'message', None), ('created_by', 'created_by', None), ('local_time', 'local_time', None))

# The class of each record kind (`artifact`), in the schema's order.
ARTIFACTS = {'scheduled_task': ScheduledTask, 'service': Service, 'cron_job': CronJob, 'account': Account, 'host': Host, 'session': Session, 'event': Event, 'error': ErrorRecord, 'warning': ErrorRecord}
