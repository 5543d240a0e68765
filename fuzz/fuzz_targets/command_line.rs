//! Windows and POSIX command lines (and PowerShell text and histories) taken apart, on
//! arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let env = |n: &str| (n.len() < 8).then(|| format!("C:\\{n}"));
    let w = foothold_windows::parse_windows_command(&text, None, &env);
    assert!(w.targets.len() <= text.len() + 1);
    let (prog, args) = text.split_once(' ').unwrap_or((&text, ""));
    let _ = foothold_windows::parse_windows_command(prog, Some(args), &env);
    let _ = foothold_windows::unquoted_candidates(&text);
    let _ = foothold_windows::parse_invocation(&text);
    // PowerShell: cmdlets, groups, quotes; a history (continued lines, `$variables`).
    let _ = foothold_windows::parse_powershell_invocation(&text);
    let h = foothold_windows::parse_powershell_history(data, Some("u"));
    assert!(h.len() <= data.len());
    let _ = foothold_linux::parse_shell_command(&text, &|n: &str| (n == "HOME").then(|| "/root".to_string()));
    let _ = foothold_linux::split_shell_words(&text);
    let _ = foothold_core_free(&text);
});

fn foothold_core_free(t: &str) -> usize {
    foothold_windows::split_command_line(t).len()
}
