//! PowerShell's scheduled-task and service cmdlets as data: a history line, a `-Command` or a
//! decoded `-EncodedCommand` that registers, changes or removes a task
//! (`Register-ScheduledTask`…) or a service (`New-Service`…) read into the same
//! [`ToolInvocation`] a `schtasks` or `sc` command line gives.
use crate::invocation::{schtasks_frequency, ToolInvocation};

/// Text past this is not read (a history line or script is short; this bounds the work on a
/// hostile one).
const MAX_TEXT: usize = 64 << 10;
/// Statements of a script looked at.
const MAX_STATEMENTS: usize = 4096;

/// The cmdlets of a task's or a service's life, as Microsoft writes them: what each does, and
/// whether to a task (else a service).
const CMDLETS: [(&str, &str, bool); 13] = [
    ("Register-ScheduledTask", "create", true),
    ("Unregister-ScheduledTask", "delete", true),
    ("Set-ScheduledTask", "change", true),
    ("Disable-ScheduledTask", "change", true),
    ("Enable-ScheduledTask", "change", true),
    ("Start-ScheduledTask", "run", true),
    ("Stop-ScheduledTask", "end", true),
    ("New-Service", "create", false),
    ("Set-Service", "config", false),
    ("Remove-Service", "delete", false),
    ("Start-Service", "start", false),
    ("Stop-Service", "stop", false),
    ("Restart-Service", "stop", false),
];

/// The cmdlet `name` names (in any case): its name as written by Microsoft, verb, and
/// whether it is a task cmdlet.
fn cmdlet(name: &str) -> Option<(&'static str, &'static str, bool)> {
    CMDLETS
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(name))
        .copied()
}

/// PowerShell text split into tokens: words, quoted strings (quotes kept), `(…)`, `{…}` and
/// `@(…)` groups whole (nesting counted), and `;`, `|` and line ends as `;`.
fn tokens(text: &str) -> Vec<String> {
    // (Cut where a character ends: a cut inside one would fall back to the whole text.)
    let mut cut = MAX_TEXT.min(text.len());
    while !text.is_char_boundary(cut) {
        cut = cut.saturating_sub(1);
    }
    let text = text.get(..cut).unwrap_or_default();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => flush(&mut cur, &mut out),
            ';' | '|' | '\n' | '\r' => {
                flush(&mut cur, &mut out);
                if out.last().is_some_and(|l| l != ";") {
                    out.push(";".into());
                }
            }
            '\'' | '"' => {
                cur.push(c);
                while let Some(d) = chars.next() {
                    cur.push(d);
                    // `` ` `` escapes in double quotes; a doubled quote is one.
                    if d == '`' && c == '"' {
                        if let Some(e) = chars.next() {
                            cur.push(e);
                        }
                    } else if d == c {
                        if chars.peek() == Some(&c) {
                            if let Some(e) = chars.next() {
                                cur.push(e);
                            }
                        } else {
                            break;
                        }
                    }
                }
            }
            '(' | '{' => {
                cur.push(c);
                let mut depth = 1u32;
                for d in chars.by_ref() {
                    cur.push(d);
                    match d {
                        '(' | '{' => depth = depth.saturating_add(1),
                        ')' | '}' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => cur.push(c),
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// A token's value: quotes taken off (`'a''b'` → `a'b`, `"a"` → `a`), else as written.
fn unquote(t: &str) -> String {
    for q in ['\'', '"'] {
        if let Some(inner) = t
            .strip_prefix(q)
            .and_then(|x| x.strip_suffix(q))
            .filter(|_| t.len() >= 2)
        {
            let doubled = format!("{q}{q}");
            let mut v = inner.replace(&doubled, &q.to_string());
            if q == '"' {
                v = v.replace("`\"", "\"").replace("``", "`");
            }
            return v;
        }
    }
    t.to_string()
}

/// The inside of a `(…)` group.
fn group(t: &str) -> Option<&str> {
    t.strip_prefix('(').and_then(|x| x.strip_suffix(')'))
}

/// One statement: the cmdlet (after an optional `$var =`), its named parameters (lower
/// case, without `-`; a switch has no value) and its positional arguments.
struct Statement<'a> {
    assigns: Option<&'a str>,
    cmdlet: &'a str,
    named: Vec<(String, Option<&'a str>)>,
    positional: Vec<&'a str>,
    /// The arguments as written.
    raw: &'a [String],
}

/// `-Name` (a parameter), not `-1` or `-` (values).
fn is_param_token(t: &str) -> bool {
    t.strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// Parameters that are switches (take no value) in the cmdlets read here.
const SWITCHES: &[&str] = &[
    "force",
    "atlogon",
    "atstartup",
    "daily",
    "weekly",
    "once",
    "asjob",
    "passthru",
    "whatif",
    "disabled",
];

fn statements(toks: &[String]) -> Vec<Statement<'_>> {
    toks.split(|t| t == ";")
        .take(MAX_STATEMENTS)
        .filter_map(|st| {
            let (assigns, rest) = match st {
                [v, eq, rest @ ..] if v.starts_with('$') && eq == "=" => (Some(v.as_str()), rest),
                _ => (None, st),
            };
            let (first, args) = rest.split_first()?;
            // `& 'sc.exe'`, `. x`: the call operator.
            let mut s = Statement {
                assigns,
                cmdlet: first.as_str(),
                named: Vec::new(),
                positional: Vec::new(),
                raw: args,
            };
            let mut i = 0usize;
            while let Some(a) = args.get(i) {
                i = i.saturating_add(1);
                if !is_param_token(a) {
                    s.positional.push(a.as_str());
                    continue;
                }
                // `-Name:value` or `-Name value`.
                let body = a.get(1..).unwrap_or_default();
                if let Some((n, v)) = body.split_once(':') {
                    let v = (!v.is_empty()).then_some(v);
                    s.named.push((n.to_ascii_lowercase(), v));
                    continue;
                }
                let name = body.to_ascii_lowercase();
                let value = if SWITCHES.contains(&name.as_str()) {
                    None
                } else {
                    args.get(i).filter(|v| !is_param_token(v)).map(|v| {
                        i = i.saturating_add(1);
                        v.as_str()
                    })
                };
                s.named.push((name, value));
            }
            Some(s)
        })
        .collect()
}

impl<'a> Statement<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.named
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| *v)
    }

    fn has(&self, name: &str) -> bool {
        self.named.iter().any(|(n, _)| n == name)
    }

    /// A named parameter's value, else the positional one at `pos`.
    fn arg(&self, name: &str, pos: usize) -> Option<String> {
        self.get(name)
            .or_else(|| self.positional.get(pos).copied())
            .map(unquote)
    }
}

/// The statement of cmdlet `name` that a parameter's value stands for, among `all` (the
/// statements before the one that uses it): the latest assigning the `$variable`, else the
/// latest of that cmdlet.
fn made_by<'s>(
    value: Option<&str>,
    all: &'s [Statement<'s>],
    name: &str,
) -> Option<&'s Statement<'s>> {
    let is = |s: &&Statement| s.cmdlet.eq_ignore_ascii_case(name);
    match value {
        Some(v) if v.starts_with('$') => all
            .iter()
            .filter(is)
            .rfind(|s| s.assigns.is_some_and(|a| a.eq_ignore_ascii_case(v))),
        _ => all.iter().rfind(is),
    }
}

/// The cmdlets whose results a task cmdlet uses (`-Action`, `-Trigger`, `-Principal`).
const MAKERS: [(&str, &str); 3] = [
    ("action", "New-ScheduledTaskAction"),
    ("trigger", "New-ScheduledTaskTrigger"),
    ("principal", "New-ScheduledTaskPrincipal"),
];

/// Variables earlier history lines assigned a `New-ScheduledTask*` result to, each read once
/// (so a history costs its length, whatever it holds): `$name` (lower case) and cmdlet → what
/// it says; and the latest of each cmdlet.
#[derive(Default)]
pub(crate) struct Env {
    by_var: std::collections::HashMap<(String, &'static str), ToolInvocation>,
    latest: std::collections::HashMap<&'static str, ToolInvocation>,
}

/// Variables kept at most (a hostile history cannot grow the map without bound).
const MAX_VARS: usize = 256;

impl Env {
    /// Learn what `text`'s statements assign.
    pub(crate) fn learn(&mut self, text: &str) {
        let toks = tokens(text);
        for st in statements(&toks) {
            for (_, cmdlet) in MAKERS {
                if !st.cmdlet.eq_ignore_ascii_case(cmdlet) {
                    continue;
                }
                let mut got = ToolInvocation::default();
                fill_from(&mut got, cmdlet, &st);
                if let Some(v) = st.assigns {
                    let key = (v.to_ascii_lowercase(), cmdlet);
                    if self.by_var.len() < MAX_VARS || self.by_var.contains_key(&key) {
                        self.by_var.insert(key, got.clone());
                    }
                }
                self.latest.insert(cmdlet, got);
            }
        }
    }

    fn get(&self, value: Option<&str>, cmdlet: &'static str) -> Option<ToolInvocation> {
        match value {
            Some(v) if v.starts_with('$') => {
                self.by_var.get(&(v.to_ascii_lowercase(), cmdlet)).cloned()
            }
            _ => self.latest.get(cmdlet).cloned(),
        }
    }
}

/// A `schtasks`/`sc`/`at` command or a task or service cmdlet in PowerShell text (a history
/// line, `-Command`, a decoded `-EncodedCommand`): the first statement that is one, as data
/// (`tool`: `powershell` for a cmdlet, with `cmdlet` naming it). The action, trigger and
/// principal a `Register-ScheduledTask` names are read from the `New-ScheduledTask*`
/// statements that make them (in a `(…)` group, or assigned to the `$variable` it uses).
///
/// ```
/// let i = foothold_windows::parse_powershell_invocation(
///     r#"$a = New-ScheduledTaskAction -Execute 'C:\Users\Public\u.exe' -Argument '-q'; $t = New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Minutes 5); Register-ScheduledTask -TaskName 'Updater' -Action $a -Trigger $t -User 'NT AUTHORITY\SYSTEM' -RunLevel Highest"#,
/// ).unwrap();
/// assert_eq!((i.tool.as_str(), i.verb.as_str(), i.cmdlet.as_deref()), ("powershell", "create", Some("Register-ScheduledTask")));
/// assert_eq!((i.task_name.as_deref(), i.command.as_deref()), (Some(r"\Updater"), Some(r"C:\Users\Public\u.exe -q")));
/// assert_eq!(i.frequency.unwrap().interval_seconds, Some(300));
/// let s = foothold_windows::parse_powershell_invocation(r#"New-Service -Name evil -BinaryPathName "C:\evil.exe" -StartupType Automatic"#).unwrap();
/// assert_eq!((s.service_name.as_deref(), s.bin_path.as_deref(), s.start_type.as_deref()), (Some("evil"), Some(r"C:\evil.exe"), Some("auto")));
/// ```
pub fn parse_powershell_invocation(text: &str) -> Option<ToolInvocation> {
    parse_in(&Env::default(), text)
}

/// [`parse_powershell_invocation`] of `text`, the `$variables` it uses and does not assign
/// itself looked up in `env` (what the history lines before it assigned).
pub(crate) fn parse_in(env: &Env, text: &str) -> Option<ToolInvocation> {
    let toks = tokens(text);
    let all = statements(&toks);
    for (k, s) in all.iter().enumerate() {
        let name = s.cmdlet.trim_start_matches(['&', '.']).trim();
        let name = unquote(name);
        // A native tool run from PowerShell: its own grammar.
        if crate::invocation::tool_of(&name).is_some() {
            let mut line = name.clone();
            for a in s.raw {
                line.push(' ');
                line.push_str(a);
            }
            return crate::parse_invocation(&line);
        }
        let Some((canonical, verb, task)) = cmdlet(&name) else {
            continue;
        };
        let mut inv = ToolInvocation {
            tool: "powershell".into(),
            verb: verb.into(),
            cmdlet: Some(canonical.into()),
            ..ToolInvocation::default()
        };
        match canonical {
            "Disable-ScheduledTask" => inv.flags.push("disable".into()),
            "Enable-ScheduledTask" => inv.flags.push("enable".into()),
            _ => {}
        }
        if s.has("force") {
            inv.flags.push("force".into());
        }
        if let Some(h) = s.get("cimsession").or_else(|| s.get("computername")) {
            let h = unquote(h);
            if !h.starts_with(['$', '(']) {
                inv.remote_host = Some(h);
            }
        }
        if task {
            // What it uses was made before it.
            task_cmdlet(&mut inv, s, all.get(..k).unwrap_or_default(), env);
        } else {
            service_cmdlet(&mut inv, s);
        }
        return Some(inv);
    }
    None
}

fn task_cmdlet(inv: &mut ToolInvocation, s: &Statement, all: &[Statement], env: &Env) {
    // `-TaskPath '\Microsoft\'` and `-TaskName x` → `\Microsoft\x`.
    if let Some(n) = s.arg("taskname", 0) {
        let folder = s.get("taskpath").map(unquote).unwrap_or_default();
        let folder = folder.trim_matches('\\');
        inv.task_name = Some(if folder.is_empty() {
            format!("\\{}", n.trim_start_matches('\\'))
        } else {
            format!("\\{folder}\\{}", n.trim_start_matches('\\'))
        });
    }
    for (param, cmdlet) in MAKERS {
        let v = s.get(param);
        // A `(New-ScheduledTaskAction …)` group: its own statements; else the statement
        // before it that made the `$variable` (or the latest of that cmdlet); else what
        // earlier history lines made.
        let group_toks = v.and_then(group).map(tokens).unwrap_or_default();
        let in_group = statements(&group_toks);
        let got = match made_by(None, &in_group, cmdlet).or_else(|| made_by(v, all, cmdlet)) {
            Some(found) => {
                let mut got = ToolInvocation::default();
                fill_from(&mut got, cmdlet, found);
                Some(got)
            }
            None => env.get(v, cmdlet),
        };
        if let Some(got) = got {
            merge(inv, got);
        }
    }
    if let Some(u) = s.get("user") {
        inv.run_as = Some(unquote(u));
    }
    if s.has("password") {
        inv.password_given = true;
    }
    if let Some(l) = s.get("runlevel") {
        inv.run_level = Some(unquote(l).to_ascii_lowercase());
    }
    if let Some(x) = s.get("xml") {
        inv.xml = Some(unquote(x));
    }
    inv.frequency = schtasks_frequency(inv.schedule.as_deref(), inv.modifier.as_deref());
    if let Some(m) = inv
        .repeat_interval
        .as_deref()
        .and_then(|r| r.parse::<u64>().ok())
        .filter(|m| *m > 0)
    {
        inv.frequency = Some(foothold_core::Frequency::every(m.saturating_mul(60)));
    }
}

/// What a `New-ScheduledTaskAction`, `-Trigger` or `-Principal` statement says, into `out`.
fn fill_from(out: &mut ToolInvocation, cmdlet: &str, s: &Statement) {
    match cmdlet {
        "New-ScheduledTaskAction" => {
            if let Some(exe) = s.arg("execute", 0) {
                let exe = if exe.contains(' ') && !exe.starts_with('"') {
                    format!("\"{exe}\"")
                } else {
                    exe
                };
                out.command = Some(match s.arg("argument", 1) {
                    Some(a) if !a.is_empty() => format!("{exe} {a}"),
                    _ => exe,
                });
            }
        }
        "New-ScheduledTaskTrigger" => {
            out.schedule = [
                ("atlogon", "onlogon"),
                ("atstartup", "onstart"),
                ("daily", "daily"),
                ("weekly", "weekly"),
                ("once", "once"),
            ]
            .iter()
            .find(|(p, _)| s.has(p))
            .map(|(_, v)| (*v).to_string());
            out.modifier = s
                .get("daysinterval")
                .or_else(|| s.get("weeksinterval"))
                .map(unquote);
            out.days = s.get("daysofweek").map(unquote);
            out.start_time = s.get("at").map(unquote);
            // `-RepetitionInterval (New-TimeSpan -Minutes 5)`, in minutes.
            out.repeat_interval = s.get("repetitioninterval").and_then(|v| {
                let toks = tokens(group(v)?);
                let st = statements(&toks);
                let ts = st
                    .iter()
                    .find(|x| x.cmdlet.eq_ignore_ascii_case("New-TimeSpan"))?;
                let n = |p: &str| ts.get(p).and_then(|v| unquote(v).parse::<u64>().ok());
                let minutes = n("minutes")
                    .unwrap_or(0)
                    .saturating_add(n("hours").unwrap_or(0).saturating_mul(60))
                    .saturating_add(n("days").unwrap_or(0).saturating_mul(1440));
                (minutes > 0).then(|| minutes.to_string())
            });
        }
        _ => {
            out.run_as = s.arg("userid", 0);
            out.run_level = s.get("runlevel").map(|l| unquote(l).to_ascii_lowercase());
        }
    }
}

/// `b`'s fields that `a` does not have.
fn merge(a: &mut ToolInvocation, b: ToolInvocation) {
    macro_rules! take {
        ($($f:ident),*) => { $( if a.$f.is_none() { a.$f = b.$f; } )* };
    }
    take!(
        command,
        schedule,
        modifier,
        days,
        start_time,
        repeat_interval,
        run_as,
        run_level
    );
}

/// `Automatic` → `auto`, as sc names start types.
fn start_word(v: &str) -> String {
    match v.to_ascii_lowercase().as_str() {
        "automatic" => "auto".into(),
        "automaticdelayedstart" => "delayed-auto".into(),
        "manual" => "demand".into(),
        "disabled" => "disabled".into(),
        "boot" => "boot".into(),
        "system" => "system".into(),
        other => other.to_string(),
    }
}

fn service_cmdlet(inv: &mut ToolInvocation, s: &Statement) {
    inv.service_name = s.arg("name", 0);
    if inv.verb == "create" {
        inv.bin_path = s.arg("binarypathname", 1);
    } else if let Some(b) = s.get("binarypathname") {
        inv.bin_path = Some(unquote(b));
    }
    inv.start_type = s.get("startuptype").map(|v| start_word(&unquote(v)));
    for (param, key) in [
        ("displayname", "displayname"),
        ("description", "description"),
        ("credential", "credential"),
        ("status", "status"),
        ("dependson", "depend"),
        ("securitydescriptorsddl", "security_descriptor"),
    ] {
        if let Some(v) = s.get(param) {
            inv.options.insert(key.into(), unquote(v));
        }
    }
}

/// The commands of a PSReadLine history (`ConsoleHost_history.txt`), each as the event a
/// shell history's command is: `log: shell_history`, `provider: powershell`, the command in
/// `command_line`, its first line's number in `data.line`, no time (PSReadLine keeps none),
/// and — where it runs a task or service cmdlet, `schtasks`, `sc` or `at` — its
/// `invocation`, tied to the task or service it names. A command PSReadLine continued over
/// several lines (each but the last ending in `` ` ``) is one command.
///
/// ```
/// let h = b"Get-Date\r\n$a = New-ScheduledTaskAction -Execute C:\\t\\u.exe\r\nRegister-ScheduledTask u -Action $a `\r\n  -Trigger (New-ScheduledTaskTrigger -AtStartup)\r\n";
/// let evs = foothold_windows::parse_powershell_history(h, Some("eve"));
/// assert_eq!(evs.len(), 3);
/// let e = &evs[2];
/// assert_eq!((e.data["line"].as_str(), e.user.as_deref()), ("3", Some("eve")));
/// assert_eq!(e.detail.task_name.as_deref(), Some(r"\u"));
/// let inv = e.detail.invocation.as_ref().unwrap();
/// assert_eq!((inv.command.as_deref(), inv.schedule.as_deref()), (Some(r"C:\t\u.exe"), Some("onstart")));
/// ```
pub fn parse_powershell_history(bytes: &[u8], user: Option<&str>) -> Vec<crate::PersistenceEvent> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // (first line number, command)
    let mut commands: Vec<(usize, String)> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let number = n.saturating_add(1);
        let (start, mut cmd) = open.take().unwrap_or((number, String::new()));
        // A continued line goes on the same statement.
        if !cmd.is_empty() {
            cmd.push(' ');
        }
        match line.strip_suffix('`') {
            Some(head) => {
                cmd.push_str(head);
                open = Some((start, cmd));
            }
            None => {
                cmd.push_str(line);
                if !cmd.trim().is_empty() {
                    commands.push((start, cmd));
                }
            }
        }
    }
    if let Some(c) = open.filter(|(_, c)| !c.trim().is_empty()) {
        commands.push(c);
    }
    let mut out = Vec::with_capacity(commands.len());
    let mut env = Env::default();
    for (line, cmd) in &commands {
        let mut e = crate::PersistenceEvent {
            log: foothold_core::LogKind::ShellHistory,
            channel: "shell_history".into(),
            provider: "powershell".into(),
            command_line: Some(cmd.clone()),
            user: user.map(str::to_string),
            ..Default::default()
        };
        e.data.insert("line".into(), line.to_string());
        e.data.insert("time_source".into(), "none".into());
        e.detail.invocation = parse_in(&env, cmd);
        // What it assigns, for the lines after it (only a line naming a maker is read).
        if cmd.to_ascii_lowercase().contains("new-scheduledtask") {
            env.learn(cmd);
        }
        crate::events::tie_invocation(&mut e);
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_quotes_and_statements() {
        let t = tokens(r#"$x = New-Thing -A 'it''s' -B ("a;b" + (1)) | Out-Null; Foo {x; y}"#);
        assert_eq!(
            t,
            [
                "$x",
                "=",
                "New-Thing",
                "-A",
                "'it''s'",
                "-B",
                r#"("a;b" + (1))"#,
                ";",
                "Out-Null",
                ";",
                "Foo",
                "{x; y}"
            ]
        );
        assert_eq!(unquote("'it''s'"), "it's");
        assert_eq!(unquote(r#""a`"b""#), "a\"b");
        // Unclosed groups and quotes end with the text.
        assert_eq!(tokens("a (b 'c"), ["a", "(b 'c"]);
        // Text past the bound is not read, even when the bound falls inside a character.
        let long = format!("x{}", "é".repeat(MAX_TEXT));
        let t = tokens(&long);
        assert_eq!(t.len(), 1);
        assert!(t[0].len() <= MAX_TEXT && t[0].len() >= MAX_TEXT - 1);
    }

    #[test]
    fn task_cmdlets() {
        let i = parse_powershell_invocation(
            r#"Register-ScheduledTask -TaskName "Sync" -TaskPath "\Microsoft\Windows\" -Action (New-ScheduledTaskAction -Execute "C:\Program Files\x\s.exe") -Trigger (New-ScheduledTaskTrigger -AtLogOn) -Force"#,
        )
        .unwrap();
        assert_eq!(i.task_name.as_deref(), Some(r"\Microsoft\Windows\Sync"));
        assert_eq!(i.command.as_deref(), Some(r#""C:\Program Files\x\s.exe""#));
        assert_eq!(
            (i.schedule.as_deref(), i.flags.as_slice()),
            (Some("onlogon"), &["force".to_string()][..])
        );
        let d =
            parse_powershell_invocation("Unregister-ScheduledTask -TaskName Sync -Confirm:$false")
                .unwrap();
        assert_eq!(
            (d.verb.as_str(), d.task_name.as_deref()),
            ("delete", Some(r"\Sync"))
        );
        let p = parse_powershell_invocation(
            r#"$p = New-ScheduledTaskPrincipal -UserId "SYSTEM" -RunLevel Highest; Register-ScheduledTask upd -Action (New-ScheduledTaskAction cmd.exe '/c calc') -Principal $p -Trigger (New-ScheduledTaskTrigger -Daily -DaysInterval 2 -At 3am)"#,
        )
        .unwrap();
        assert_eq!(
            (p.task_name.as_deref(), p.command.as_deref()),
            (Some(r"\upd"), Some("cmd.exe /c calc"))
        );
        assert_eq!(
            (p.run_as.as_deref(), p.run_level.as_deref()),
            (Some("SYSTEM"), Some("highest"))
        );
        assert_eq!(p.frequency.unwrap().interval_seconds, Some(2 * 86_400));
        // Made before, from statements that name no variable it uses: the latest of each.
        let a = parse_powershell_invocation(
            "$Action = New-ScheduledTaskAction -Execute old.exe; $Action = New-ScheduledTaskAction -Execute \"calc.exe\"; $Trigger = New-ScheduledTaskTrigger -AtLogon; $User = New-ScheduledTaskPrincipal -GroupId \"BUILTIN\\Administrators\" -RunLevel Highest; $object = New-ScheduledTask -Action $Action -Principal $User -Trigger $Trigger; Register-ScheduledTask AtomicTask -InputObject $object; New-ScheduledTaskAction -Execute after.exe",
        )
        .unwrap();
        assert_eq!(
            (
                a.task_name.as_deref(),
                a.command.as_deref(),
                a.schedule.as_deref()
            ),
            (Some(r"\AtomicTask"), Some("calc.exe"), Some("onlogon"))
        );
        assert_eq!(a.run_level.as_deref(), Some("highest"));
        // schtasks from PowerShell: its own grammar.
        let s = parse_powershell_invocation(r"schtasks.exe /create /tn t /tr c:\t.exe /sc onstart")
            .unwrap();
        assert_eq!(
            (s.tool.as_str(), s.task_name.as_deref()),
            ("schtasks", Some(r"\t"))
        );
        assert!(parse_powershell_invocation("Get-ScheduledTask | Format-List").is_none());
    }

    #[test]
    fn service_cmdlets() {
        let s = parse_powershell_invocation(
            r#"New-Service "upd" "C:\ProgramData\u.exe -k" -DisplayName 'Update' -StartupType AutomaticDelayedStart"#,
        )
        .unwrap();
        assert_eq!(
            (s.service_name.as_deref(), s.bin_path.as_deref()),
            (Some("upd"), Some(r"C:\ProgramData\u.exe -k"))
        );
        assert_eq!(s.start_type.as_deref(), Some("delayed-auto"));
        assert_eq!(
            s.options.get("displayname").map(String::as_str),
            Some("Update")
        );
        let r = parse_powershell_invocation("Remove-Service -Name upd").unwrap();
        assert_eq!(
            (r.verb.as_str(), r.service_name.as_deref()),
            ("delete", Some("upd"))
        );
        let c = parse_powershell_invocation(
            "Set-Service -Name Spooler -StartupType Disabled -ComputerName fs02",
        )
        .unwrap();
        assert_eq!(
            (
                c.verb.as_str(),
                c.start_type.as_deref(),
                c.remote_host.as_deref()
            ),
            ("config", Some("disabled"), Some("fs02"))
        );
    }
}
