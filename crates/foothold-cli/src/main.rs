//! `foothold`: read acquired disk images offline.
//!
//! Exit codes, the same for every command: 0 success; 1 failure, nothing produced (no
//! image could be opened, the path is not there); 2 usage error; 3 finished with errors or
//! warnings (partial output; each error and warning is on stderr).
#![forbid(unsafe_code)]
#![deny(clippy::string_slice)]

mod output;
mod progress;

/// `eprintln!` with evidence text made visible (control characters escaped, see
/// [`output::Visible`]): messages name paths and values the evidence chose.
macro_rules! say {
    ($($t:tt)*) => {
        eprintln!("{}", output::visible(&format!($($t)*)))
    };
}

use clap::{Parser, Subcommand, ValueEnum};
use foothold::{Evidence, ListRecord};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "foothold",
    version,
    about = "Read acquired disk images offline: volumes, files and persistence artifacts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// No progress bars (they are drawn on stderr only when it is a terminal).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Let a container open the files it names (a qcow2 backing file, VMDK extents) outside
    /// its own folder (an absolute path or `..`). FIFOs and devices are never opened.
    #[arg(long, global = true)]
    follow_outside_references: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ListFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    /// One self-contained HTML page.
    Html,
    /// Markdown.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RemediateFormat {
    /// One JSON step per line.
    Jsonl,
    /// PowerShell: the Windows hosts' steps.
    Ps1,
    /// POSIX sh: the Linux hosts' steps.
    Sh,
    /// Markdown: every host's steps, to read.
    Md,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum TimelineFormat {
    Table,
    Jsonl,
    Csv,
    /// The JSON lines Timesketch imports (`message`, `datetime`, `timestamp_desc`).
    Timesketch,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InfoFormat {
    Table,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Container metadata (EWF case, examiner, stored hashes), volumes (number, offset,
    /// length, type, filesystem, label) and detected OS of each image.
    Info {
        /// Image files (raw, split raw, E01, qcow2, VHD, VHDX, VMDK) or directories.
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = InfoFormat::Table)]
        format: InfoFormat,
    },
    /// Recursive listing with entry numbers and every timestamp.
    Ls {
        /// Image file or directory.
        image: PathBuf,
        /// Directory (or file) to list, `/`-separated from the volume root.
        #[arg(default_value = "/")]
        path: String,
        /// Only this volume (partition number from `foothold info`).
        #[arg(long)]
        volume: Option<u32>,
        /// Also list deleted entries still recoverable from the MFT / inode table.
        #[arg(long)]
        deleted: bool,
        /// Read the volumes as they were at this shadow copy (store number from `foothold
        /// info`, 1 = the oldest).
        #[arg(long)]
        snapshot: Option<u32>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Persistence artifacts of each image as records (one JSON object per line with jsonl).
    /// The table fits the terminal (else `$COLUMNS`, else 160 columns), each value cut to
    /// its column; `--wide` shows every value whole.
    Scan {
        /// Image files, directories, triage collections or loose files.
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Only these artifact families (comma-separated). Default: all.
        #[arg(long, value_delimiter = ',', value_parser = family_parser())]
        only: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Find the files tasks, services and jobs run, but do not read, hash or describe
        /// them.
        #[arg(long)]
        no_hash: bool,
        /// Table: every value whole, not cut to the terminal.
        #[arg(long)]
        wide: bool,
        /// Scan the live volumes only: not what their shadow copies hold.
        #[arg(long)]
        no_snapshots: bool,
        /// Read the volumes as they were at this shadow copy (store number from `foothold
        /// info`, 1 = the oldest).
        #[arg(long)]
        snapshot: Option<u32>,
    },
    /// One finding per persistence item (task, service, cron job, timer), highest score
    /// first: severity, score (0-100), the item and the reasons its score rests on (each
    /// with a stable id), who created it and when. The rules and their weights:
    /// `crates/foothold/src/findings/rules.tsv`.
    Triage {
        /// Image files, directories, triage collections or loose files.
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Only findings of this severity or worse.
        #[arg(long, value_parser = severity_parser(), default_value = "info")]
        min_severity: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Table: every value whole, not cut to the terminal.
        #[arg(long)]
        wide: bool,
        /// Sigma rules (YAML files or folders of them) to evaluate on every event record of
        /// the logs: each match is a finding, and raises the task's or service's the event
        /// names. Log sources map to channels as `crates/foothold-sigma/src/logsources.tsv`
        /// says. Repeat for several (`--sigma A --sigma B`).
        #[arg(long)]
        sigma: Vec<PathBuf>,
        /// A clean machine of the same build: an item it does not have gets the reason
        /// `not_in_baseline`. (With three machines or more, an item on one only gets
        /// `rare_in_case` whatever this says.)
        #[arg(long)]
        baseline: Option<PathBuf>,
    },
    /// The steps that remove each finding of `medium` and above from the live machines, per
    /// host, in the playbook's order: contain (disable the task, stop the service, lock the
    /// account that made it), eradicate (delete it and the files the scan attributed to it,
    /// each only while its SHA-256 is the image's), verify (the keys and files that must be
    /// gone), credentials (whose to reset). As data (`jsonl`), scripts to review and run
    /// (`ps1` for the Windows hosts, `sh` for the Linux ones: each host's section runs only
    /// on that machine) or a document (`md`).
    Remediate {
        /// Image files, directories, triage collections or loose files.
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Steps for findings of this severity or worse (never `info`).
        #[arg(long, value_parser = severity_parser(), default_value = "medium")]
        min_severity: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RemediateFormat::Md)]
        format: RemediateFormat,
        /// A clean machine of the same build, as for `triage`.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Also write, into this folder, Sigma rules that detect each finding's recurrence
        /// on the live machines (the task or service made again, its files run again, its
        /// maker back from the same address): one YAML file per rule.
        #[arg(long)]
        sigma: Option<PathBuf>,
    },
    /// The incident report: what was examined, the findings by severity, a timeline chart
    /// and a per-host table, and for each finding of `medium` and above the playbook's answers
    /// (created when, by whom, with what rights, what it runs, how often, which other hosts
    /// have it, what was removed, the events behind it). One self-contained HTML page
    /// (nothing loaded from elsewhere) or Markdown.
    Report {
        /// Image files, directories, triage collections or loose files.
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Write the report to this file (else to standard output).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// A clean machine of the same build, as for `triage`.
        #[arg(long)]
        baseline: Option<PathBuf>,
    },
    /// What one user did, in time order: their account, logon sessions, events (logons,
    /// processes, account changes, log clearing, cron lines), and the tasks, services and
    /// jobs they made or that run as them.
    Activity {
        /// Image file or directory.
        image: PathBuf,
        /// The user: a SID, a uid, `DOMAIN\user` or `user`.
        #[arg(long)]
        user: String,
        /// Only records within `--window` seconds of this time (RFC 3339, UTC).
        #[arg(long)]
        around: Option<String>,
        /// Seconds either side of `--around`.
        #[arg(long, default_value_t = 3600)]
        window: i64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Every time of the scan in one UTC order: task registrations and runs, file and key
    /// times, binaries' times, logons, events.
    Timeline {
        /// Image files or directories.
        #[arg(required = true)]
        images: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TimelineFormat::Table)]
        format: TimelineFormat,
        /// Read the volumes as they were at this shadow copy (store number from `foothold
        /// info`, 1 = the oldest).
        #[arg(long)]
        snapshot: Option<u32>,
    },
    /// Event-log records as JSON lines: persistence events, or every record with `--all`.
    Events {
        /// Images (every `.evtx` under `\\Windows\\System32\\winevt\\Logs`) or loose `.evtx`
        /// files, read one after another in the order given (one header).
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// Every record, not only persistence events.
        #[arg(long)]
        all: bool,
        /// Only these event IDs (comma-separated).
        #[arg(long, value_delimiter = ',')]
        id: Vec<u32>,
        /// Output format (jsonl: one event record per line, as `scan --format jsonl`).
        #[arg(long, value_enum, default_value_t = ListFormat::Jsonl)]
        format: ListFormat,
    },
    /// Recompute the media's MD5, SHA-1 and SHA-256 and compare them with the hashes stored
    /// at acquisition (E01). Exit 0 when they match, 1 when they differ or a chunk is damaged.
    Verify {
        /// Image files.
        #[arg(required = true)]
        images: Vec<PathBuf>,
    },
    /// A case of many images: `case scan` into a Parquet dataset, `case stack` what is rare.
    Case {
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// Write a file's bytes to stdout (`PATH:stream` for an NTFS alternate data stream).
    Cat {
        /// Image file or directory.
        image: PathBuf,
        /// File path from the volume root.
        path: String,
        /// Volume (partition number); default: the first readable volume that has the path.
        #[arg(long)]
        volume: Option<u32>,
        /// Read the volumes as they were at this shadow copy (store number from `foothold
        /// info`, 1 = the oldest).
        #[arg(long)]
        snapshot: Option<u32>,
    },
}

#[derive(Subcommand)]
enum CaseCommand {
    /// Scan every image (folders are searched for evidence files) into `OUT`: a Parquet
    /// dataset `OUT/parquet/artifact=KIND/IMAGE.parquet` with a `host` column, and
    /// `OUT/images.jsonl` (each image done or failed, and why). Images already done are
    /// skipped unless `--force`. Exit 3 when an image failed or had errors.
    Scan {
        /// Image files or folders holding them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The case directory.
        #[arg(long)]
        out: PathBuf,
        /// Also write `OUT/jsonl/IMAGE.jsonl`.
        #[arg(long)]
        jsonl: bool,
        /// Scan images already done again.
        #[arg(long)]
        force: bool,
        /// Do not read and hash the files tasks, services and jobs run.
        #[arg(long)]
        no_hash: bool,
    },
    /// The tasks, services and cron jobs of each target host that are new, missing or
    /// changed (command, account, schedule, binary hash) against a clean baseline. Each of
    /// BASELINE and TARGET is a case directory or an image (scanned first). With
    /// `--baseline-snapshot N`, the baseline is the image BASELINE as it was at its shadow
    /// copy N, and the target the image itself when none is given.
    Diff {
        /// The baseline: a case directory or a clean image.
        baseline: PathBuf,
        /// Targets: case directories or images.
        #[arg(required_unless_present = "baseline_snapshot")]
        targets: Vec<PathBuf>,
        /// The baseline is image BASELINE read at this shadow copy (store number from
        /// `foothold info`).
        #[arg(long)]
        baseline_snapshot: Option<u32>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StackFormat::Table)]
        format: StackFormat,
    },
    /// Where the indicators of FILE (one per line: names, paths, hashes, addresses, `*`
    /// wildcards; `#` comments) occur across a case's records.
    Hunt {
        /// The case directory.
        dir: PathBuf,
        /// The indicators.
        #[arg(long)]
        ioc: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StackFormat::Table)]
        format: StackFormat,
    },
    /// The indicators in what the case's tasks, services and cron jobs run — URLs,
    /// domains, IP addresses, paths, hashes, decoded payloads — with the items and hosts
    /// each appears in, rarest first.
    Iocs {
        /// The case directory.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StackFormat::Table)]
        format: StackFormat,
    },
    /// Per persistence item (task, service, cron job), normalised, the hosts that have it,
    /// rarest first.
    Stack {
        /// The case directory.
        dir: PathBuf,
        /// What items are compared by.
        #[arg(long, value_enum, default_value_t = StackKey::Command)]
        by: StackKey,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StackFormat::Table)]
        format: StackFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StackKey {
    Name,
    Command,
    BinarySha256,
    ImagePath,
    User,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum StackFormat {
    Table,
    Jsonl,
}

/// How a command ended.
enum Outcome {
    Ok,
    Partial,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    foothold::allow_references_anywhere(cli.follow_outside_references);
    let result = match cli.command {
        Command::Info { images, format } => info(&images, format),
        Command::Verify { images } => verify(&images, cli.quiet),
        Command::Events {
            sources,
            all,
            id,
            format,
        } => events(&sources, all, &id, format, cli.quiet),
        Command::Activity {
            image,
            user,
            around,
            window,
            format,
        } => activity(&image, &user, around.as_deref(), window, format),
        Command::Scan {
            images,
            only,
            format,
            no_hash,
            wide,
            no_snapshots,
            snapshot,
        } => scan(
            &images,
            &only,
            format,
            !no_hash,
            wide,
            (snapshot, !no_snapshots),
            cli.quiet,
        ),
        Command::Triage {
            images,
            min_severity,
            format,
            wide,
            sigma,
            baseline,
        } => triage(
            &images,
            &min_severity,
            format,
            wide,
            &sigma,
            baseline.as_deref(),
            cli.quiet,
        ),
        Command::Remediate {
            images,
            min_severity,
            format,
            baseline,
            sigma,
        } => remediate(
            &images,
            &min_severity,
            format,
            (baseline.as_deref(), sigma.as_deref()),
            cli.quiet,
        ),
        Command::Report {
            images,
            output,
            format,
            baseline,
        } => incident_report(
            &images,
            output.as_deref(),
            format,
            baseline.as_deref(),
            cli.quiet,
        ),
        Command::Timeline {
            images,
            format,
            snapshot,
        } => timeline(&images, format, snapshot),
        Command::Case { command } => case(command, cli.quiet),
        Command::Ls {
            image,
            path,
            volume,
            deleted,
            format,
            snapshot,
        } => ls(&image, &path, volume, deleted, snapshot, format, cli.quiet),
        Command::Cat {
            image,
            path,
            volume,
            snapshot,
        } => cat(&image, &path, volume, snapshot),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(3),
        Err(e) => {
            if is_broken_pipe(&*e) {
                return ExitCode::SUCCESS;
            }
            say!("foothold: {e}");
            if e.downcast_ref::<UsageError>().is_some() {
                return ExitCode::from(2);
            }
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

type CliResult = Result<Outcome, Box<dyn std::error::Error>>;

/// A value clap accepted but the command cannot use: exit 2, as clap's own usage errors.
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn info(images: &[PathBuf], format: InfoFormat) -> CliResult {
    let mut out = output::stdout(format == InfoFormat::Table);
    let mut failed = 0;
    let mut warned = false;
    for img in images {
        let ev = match Evidence::open(img) {
            Ok(ev) => ev,
            Err(e) => {
                say!("foothold: {e}");
                failed += 1;
                continue;
            }
        };
        let info = ev.info();
        match format {
            InfoFormat::Json => writeln!(out, "{}", serde_json::to_string(&info)?)?,
            InfoFormat::Table => output::info_table(&mut out, &info)?,
        }
        // Warnings (a truncated image, a damaged partition table) are on stderr too, and
        // the exit code says the answer is partial.
        for w in &info.warnings {
            say!("foothold: warning: {}: {w}", img.display());
        }
        warned |= !info.warnings.is_empty();
    }
    match failed {
        0 if warned => Ok(Outcome::Partial),
        0 => Ok(Outcome::Ok),
        n if n == images.len() => Err("no image could be opened".into()),
        _ => Ok(Outcome::Partial),
    }
}

fn verify(images: &[PathBuf], quiet: bool) -> CliResult {
    let mut out = output::stdout(true);
    let mut bad = 0usize;
    for img in images {
        let bar = progress::bytes_bar(quiet, &img.display().to_string());
        let result = Evidence::open(img).and_then(|ev| {
            ev.verify_with(&|done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })
        });
        bar.finish_and_clear();
        let v = match result {
            Ok(v) => v,
            Err(e) => {
                say!("foothold: {e}");
                bad += 1;
                continue;
            }
        };
        writeln!(out, "{}: {} bytes read", img.display(), v.bytes)?;
        for c in &v.computed {
            let stored = v.stored.iter().find(|s| s.algorithm == c.algorithm);
            let verdict = match stored {
                Some(s) if s.hex.eq_ignore_ascii_case(&c.hex) => "matches the stored hash",
                Some(_) => "DIFFERS from the stored hash",
                None => "no stored hash",
            };
            writeln!(out, "  {:<6} {}  {verdict}", c.algorithm, c.hex)?;
            if let Some(s) = stored.filter(|s| !s.hex.eq_ignore_ascii_case(&c.hex)) {
                writeln!(out, "  {:<6} {}  stored", s.algorithm, s.hex)?;
            }
        }
        let verdict = match v.matches {
            Some(true) => "verified",
            Some(false) => {
                bad += 1;
                "MISMATCH"
            }
            None => "computed (the container stores no hash to compare with)",
        };
        writeln!(out, "  {verdict}")?;
    }
    match bad {
        0 => Ok(Outcome::Ok),
        n => Err(format!("{n} of {} image(s) failed verification", images.len()).into()),
    }
}

/// Open evidence, read at shadow copy `snapshot` when one is given (`--snapshot N`).
fn open_at(path: &std::path::Path, snapshot: Option<u32>) -> foothold::Result<Evidence> {
    let ev = Evidence::open(path)?;
    match snapshot {
        Some(n) => ev.at_snapshot(n),
        None => Ok(ev),
    }
}

fn ls(
    image: &std::path::Path,
    path: &str,
    volume: Option<u32>,
    deleted: bool,
    snapshot: Option<u32>,
    format: ListFormat,
    quiet: bool,
) -> CliResult {
    let ev = open_at(image, snapshot)?;
    let mut out = output::stdout(format == ListFormat::Table);
    let mut writer =
        output::ListWriter::new(format == ListFormat::Jsonl, format == ListFormat::Csv);
    let mut io_err: Option<std::io::Error> = None;
    if let Err(e) = writer.header(&mut out) {
        io_err = Some(e);
    }
    let bar = progress::spinner(quiet, "entries");
    let outcome = ev.list(path, volume, deleted, &mut |r: ListRecord| {
        bar.inc(1);
        if io_err.is_none() {
            if let Err(e) = writer.row(&mut out, &r) {
                io_err = Some(e);
            }
        }
    });
    bar.finish_and_clear();
    let outcome = outcome?;
    if let Some(e) = io_err {
        return Err(e.into());
    }
    out.flush()?;
    for w in &outcome.warnings {
        say!("foothold: warning: {w}");
    }
    for e in &outcome.errors {
        say!(
            "foothold: volume {}: {}: {}",
            e.volume.map_or("-".into(), |n| n.to_string()),
            e.problem.path,
            e.problem.message
        );
    }
    Ok(
        if outcome.errors.is_empty() && outcome.warnings.is_empty() {
            Outcome::Ok
        } else {
            Outcome::Partial
        },
    )
}

fn case(command: CaseCommand, quiet: bool) -> CliResult {
    match command {
        CaseCommand::Scan {
            inputs,
            out,
            jsonl,
            force,
            no_hash,
        } => {
            let mut scan = foothold::ScanSet::all();
            scan.hash = !no_hash;
            let opts = foothold_case::CaseOptions {
                scan,
                jsonl,
                force,
                snapshot: None,
            };
            let bar = progress::CaseBar::new(quiet);
            let done = foothold_case::scan_case_with(&inputs, &out, &opts, &bar);
            bar.finish();
            let done = done?;
            let mut partial = false;
            for s in &done {
                let what = if s.skipped {
                    "skipped (done before)"
                } else {
                    s.status.as_str()
                };
                say!(
                    "{}: {what}, host {}, {} records, {} errors, {:.2} s{}",
                    s.path,
                    s.host,
                    s.records,
                    s.errors,
                    s.seconds,
                    s.message
                        .as_deref()
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default()
                );
                partial |= s.status != "done" || s.errors > 0;
            }
            say!("{} images into {}", done.len(), out.display());
            Ok(if partial {
                Outcome::Partial
            } else {
                Outcome::Ok
            })
        }
        CaseCommand::Diff {
            baseline,
            targets,
            baseline_snapshot,
            format,
        } => {
            let base = case_dir_at(&baseline, baseline_snapshot)?;
            let targets = if targets.is_empty() {
                vec![baseline.clone()]
            } else {
                targets
            };
            let targets: Vec<CaseDir> = targets
                .iter()
                .map(|t| case_dir(t))
                .collect::<Result<_, _>>()?;
            let mut out = output::stdout(format == StackFormat::Table);
            let mut any = false;
            if format == StackFormat::Table {
                writeln!(
                    out,
                    "{:<16}  {:<8}  {:<14}  name  what",
                    "host", "change", "artifact"
                )?;
            }
            for t in &targets {
                for r in foothold_case::diff(&base.path, &t.path)? {
                    any = true;
                    match format {
                        StackFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(&r)?)?,
                        StackFormat::Table => {
                            // A change says what differs; a new or missing item what it runs.
                            let what = if r.fields.is_empty() {
                                let trace = r
                                    .recovered
                                    .as_deref()
                                    .map(|f| format!("  (recovered from {f})"))
                                    .unwrap_or_default();
                                format!("{}  {}{trace}", r.schedule, r.command)
                            } else {
                                r.fields
                                    .iter()
                                    .map(|(f, a, b)| format!("{f}: {a} -> {b}"))
                                    .collect::<Vec<_>>()
                                    .join("; ")
                            };
                            writeln!(
                                out,
                                "{:<16}  {:<8}  {:<14}  {}  {}",
                                r.host,
                                r.change,
                                r.artifact,
                                r.name,
                                what.trim()
                            )?
                        }
                    }
                }
            }
            out.flush()?;
            if !any {
                say!("no differences from the baseline");
            }
            Ok(Outcome::Ok)
        }
        CaseCommand::Hunt { dir, ioc, format } => {
            let text = std::fs::read_to_string(&ioc)
                .map_err(|e| format!("--ioc {}: {e}", ioc.display()))?;
            let iocs: Vec<String> = text.lines().map(str::to_string).collect();
            let hits = foothold_case::hunt(&dir, &iocs)?;
            let mut out = output::stdout(format == StackFormat::Table);
            if format == StackFormat::Table {
                writeln!(
                    out,
                    "{:<30}  {:<16}  {:<14}  {:<30}  {:<40}  value",
                    "indicator", "host", "artifact", "name", "where"
                )?;
            }
            for h in &hits {
                match format {
                    StackFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(h)?)?,
                    StackFormat::Table => writeln!(
                        out,
                        "{:<30}  {:<16}  {:<14}  {:<30}  {:<40}  {}",
                        h.ioc,
                        h.host,
                        h.artifact,
                        h.name,
                        h.location,
                        h.value.replace(['\n', '\r', '\t'], " ")
                    )?,
                }
            }
            if hits.is_empty() {
                say!(
                    "no record of the case holds any of the {} indicators",
                    iocs.len()
                );
            }
            out.flush()?;
            Ok(Outcome::Ok)
        }
        CaseCommand::Iocs { dir, format } => {
            let rows = foothold_case::iocs(&dir)?;
            let mut out = output::stdout(format == StackFormat::Table);
            for r in &rows {
                match format {
                    StackFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(r)?)?,
                    StackFormat::Table => writeln!(
                        out,
                        "{:<8}  {:>5}  {}  ({})",
                        r.kind,
                        r.hosts.len(),
                        r.value.replace('\n', " "),
                        r.hosts.join(",")
                    )?,
                }
            }
            out.flush()?;
            Ok(Outcome::Ok)
        }
        CaseCommand::Stack { dir, by, format } => {
            let by = match by {
                StackKey::Name => foothold_case::StackBy::Name,
                StackKey::Command => foothold_case::StackBy::Command,
                StackKey::BinarySha256 => foothold_case::StackBy::BinarySha256,
                StackKey::ImagePath => foothold_case::StackBy::ImagePath,
                StackKey::User => foothold_case::StackBy::User,
            };
            let rows = foothold_case::stack(&dir, by)?;
            let mut out = output::stdout(format == StackFormat::Table);
            match format {
                StackFormat::Jsonl => {
                    for r in &rows {
                        writeln!(out, "{}", serde_json::to_string(r)?)?;
                    }
                }
                StackFormat::Table => {
                    writeln!(out, "{:>5}  {:<40}  item", "hosts", "hosts (first 3)")?;
                    for r in &rows {
                        let mut names = r
                            .hosts
                            .iter()
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(",");
                        if r.hosts.len() > 3 {
                            names.push_str(",…");
                        }
                        writeln!(out, "{:>5}  {:<40}  {}", r.hosts.len(), names, r.example)?;
                    }
                }
            }
            out.flush()?;
            Ok(Outcome::Ok)
        }
    }
}

/// A case folder to compare: the folder itself when it is a case, else a case scanned from
/// the evidence at that path into a temporary folder, removed when this is dropped.
struct CaseDir {
    path: PathBuf,
    temporary: bool,
}

impl Drop for CaseDir {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn case_dir(p: &std::path::Path) -> Result<CaseDir, Box<dyn std::error::Error>> {
    case_dir_at(p, None)
}

/// [`case_dir`], an image read at shadow copy `snapshot` when one is given.
fn case_dir_at(
    p: &std::path::Path,
    snapshot: Option<u32>,
) -> Result<CaseDir, Box<dyn std::error::Error>> {
    if snapshot.is_none() && p.join("parquet").is_dir() {
        return Ok(CaseDir {
            path: p.to_path_buf(),
            temporary: false,
        });
    }
    if !p.exists() {
        return Err(format!("{}: no such case folder or evidence", p.display()).into());
    }
    if snapshot.is_some() && p.is_dir() {
        return Err(format!(
            "{}: a case folder has no shadow copies: give the image",
            p.display()
        )
        .into());
    }
    let dir = CaseDir {
        path: std::env::temp_dir().join(format!(
            "foothold-case-{}-{}{}",
            std::process::id(),
            foothold_case::image_id(p),
            snapshot
                .map(|n| format!("-snapshot{n}"))
                .unwrap_or_default()
        )),
        temporary: true,
    };
    let opts = foothold_case::CaseOptions {
        snapshot,
        ..Default::default()
    };
    let done = foothold_case::scan_case(&[p.to_path_buf()], &dir.path, &opts)?;
    if let Some(s) = done.iter().find(|s| s.status != "done") {
        return Err(format!("{}: {}", s.path, s.message.as_deref().unwrap_or("not read")).into());
    }
    Ok(dir)
}

fn timeline(images: &[PathBuf], format: TimelineFormat, snapshot: Option<u32>) -> CliResult {
    let mut rows = Vec::new();
    let mut partial = false;
    let mut failed = 0;
    for image in images {
        let report = match open_at(image, snapshot) {
            Ok(ev) => ev.scan(foothold::ScanSet::all()),
            Err(e) => {
                // The error names the path already.
                say!("foothold: {e}");
                partial = true;
                failed += 1;
                continue;
            }
        };
        for e in report.errors.iter().chain(&report.warnings) {
            say!("foothold: {}: {}", e.source.path, e.message);
            partial = true;
        }
        rows.extend(report.timeline());
    }
    // Several images: one order across them.
    rows.sort_by_key(|a| a.time);
    if failed == images.len() {
        return Err("no image could be opened".into());
    }
    let mut out = output::stdout(format == TimelineFormat::Table);
    output::timeline(&mut out, &rows, format)?;
    out.flush()?;
    Ok(if partial {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn activity(
    image: &Path,
    user: &str,
    around: Option<&str>,
    window: i64,
    format: ListFormat,
) -> CliResult {
    let around = match around {
        Some(t) => match foothold::Timestamp::parse_rfc3339(t) {
            Some(t) => Some((t, window)),
            None => {
                return Err(Box::new(UsageError(format!(
                    "--around {t:?} is not an RFC 3339 time (e.g. 2026-11-23T21:04:22Z)"
                ))))
            }
        },
        None => None,
    };
    let ev = Evidence::open(image)?;
    let report = ev.scan_with(foothold::ScanSet::all(), true);
    let mut out = output::stdout(format == ListFormat::Table);
    let mut writer = output::ScanWriter::with_table(format, fitted_table());
    writer.header(&mut out)?;
    let mut found = 0usize;
    for r in report.activity(&foothold::Who::new(user), around) {
        writer.row(&mut out, &r)?;
        found += 1;
    }
    out.flush()?;
    for e in report.errors.iter().chain(&report.warnings) {
        say!("foothold: {}: {}", e.source.path, e.message);
    }
    if found == 0 {
        // "Nothing" must not read like "nobody did anything": say what was looked for.
        say!(
            "foothold: warning: {}: no account, session, event, task, service or job names the user {user:?}{}",
            image.display(),
            if around.is_some() { " in that window" } else { "" }
        );
        return Ok(Outcome::Partial);
    }
    Ok(if report.errors.is_empty() && report.warnings.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

/// A table that fits the terminal (not wide, one image).
fn fitted_table() -> output::Table {
    output::Table {
        wide: false,
        evidence: false,
        width: table_width(),
    }
}

/// The width a table fits: the terminal's, else `$COLUMNS`, else 160.
fn table_width() -> usize {
    console::Term::stdout()
        .size_checked()
        .map(|(_, w)| usize::from(w))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(160)
}

/// `--min-severity`'s values: the names of [`foothold::Severity`].
fn severity_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(foothold::Severity::ALL.iter().map(|s| s.as_str()))
}

/// `--only`'s values: the names of [`foothold::Family`], from its one list.
fn family_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(foothold::Family::ALL.iter().map(|f| f.name()))
}

fn scan(
    images: &[PathBuf],
    only: &[String],
    format: ListFormat,
    hash: bool,
    wide: bool,
    (snapshot, snapshots): (Option<u32>, bool),
    quiet: bool,
) -> CliResult {
    // The parser admits only `foothold::Family` names.
    let families: Vec<foothold::Family> = only
        .iter()
        .filter_map(|n| foothold::Family::from_name(n))
        .collect();
    let mut set = if families.is_empty() {
        foothold::ScanSet::all()
    } else {
        foothold::ScanSet::of(&families)
    };
    set.hash = hash;
    set.snapshots = snapshots;
    let mut out = output::stdout(format == ListFormat::Table);
    let table = output::Table {
        wide,
        evidence: images.len() > 1,
        width: table_width(),
    };
    let mut writer = output::ScanWriter::with_table(format, table);
    writer.header(&mut out)?;
    let problems = scan_each(images, set, snapshot, quiet, &mut |bar, report| {
        bar.suspend(|| -> std::io::Result<()> {
            for r in report.records() {
                writer.row(&mut out, &r)?;
            }
            out.flush()
        })
    })?;
    out.flush()?;
    Ok(if problems == 0 {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

/// Each evidence file opened and scanned in turn (with several, a bar of images done on
/// stderr: a terminal only, none with `--quiet`), its report handed to `each`, then its
/// errors and warnings said: how many problems (a file that cannot be opened is one), or an
/// error when none could be opened.
fn scan_each(
    images: &[PathBuf],
    set: foothold::ScanSet,
    snapshot: Option<u32>,
    quiet: bool,
    each: &mut dyn FnMut(&indicatif::ProgressBar, &foothold::Report) -> std::io::Result<()>,
) -> Result<usize, Box<dyn std::error::Error>> {
    scan_each_with(images, set, snapshot, (false, None), quiet, each)
}

/// [`scan_each`], with `every_event` every event-log record in the reports (with `keep`,
/// only those it accepts besides the persistence events, decided as each log is read).
fn scan_each_with(
    images: &[PathBuf],
    set: foothold::ScanSet,
    snapshot: Option<u32>,
    (every_event, keep): (bool, Option<&foothold::KeepEvent<'_>>),
    quiet: bool,
    each: &mut dyn FnMut(&indicatif::ProgressBar, &foothold::Report) -> std::io::Result<()>,
) -> Result<usize, Box<dyn std::error::Error>> {
    let bar = progress::count_bar(quiet || images.len() < 2, images.len() as u64, "images");
    let (mut problems, mut unopened) = (0, 0);
    for img in images {
        bar.set_message(img.display().to_string());
        let report = match open_at(img, snapshot) {
            Ok(ev) => match keep {
                Some(k) => ev.scan_keeping(set, k),
                None => ev.scan_with(set, every_event),
            },
            Err(e) => {
                bar.suspend(|| say!("foothold: {e}"));
                problems += 1;
                unopened += 1;
                bar.inc(1);
                continue;
            }
        };
        bar.inc(1);
        each(&bar, &report)?;
        problems += say_problems(&bar, &report);
    }
    bar.finish_and_clear();
    if unopened == images.len() {
        return Err("no image could be opened".into());
    }
    Ok(problems)
}

/// A report's errors and warnings on stderr (above the bar), one line each: how many.
fn say_problems(bar: &indicatif::ProgressBar, report: &foothold::Report) -> usize {
    for (what, list) in [("", &report.errors), ("warning: ", &report.warnings)] {
        for e in list {
            let line = e.source.line.map(|l| format!(":{l}")).unwrap_or_default();
            let entry = e
                .source
                .entry
                .map(|n| format!(" (entry {n})"))
                .unwrap_or_default();
            bar.suspend(|| {
                say!(
                    "foothold: {what}{}, volume {}: {}{line}{entry}: {}",
                    e.source.evidence,
                    e.source.volume.map_or("-".into(), |n| n.to_string()),
                    e.source.path,
                    e.message
                )
            });
        }
    }
    report.errors.len() + report.warnings.len()
}

/// `foothold triage`: every image scanned, its persistence items judged; the findings of
/// all images in one ranking.
/// The evidence given, a case folder (`foothold case scan`'s output) replaced by the evidence
/// files it was made from: they are judged again (a case holds records, not verdicts).
fn with_cases(inputs: Vec<PathBuf>) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for i in inputs {
        match foothold_case::case_evidence(&i) {
            Some(images) if images.is_empty() => {
                return Err(format!("{}: a case folder with no image scanned", i.display()).into())
            }
            Some(images) => out.extend(images),
            None => out.push(i),
        }
    }
    Ok(out)
}

fn triage(
    images: &[PathBuf],
    min_severity: &str,
    format: ListFormat,
    wide: bool,
    sigma: &[PathBuf],
    baseline: Option<&std::path::Path>,
    quiet: bool,
) -> CliResult {
    let images = &with_cases(images.to_vec())?;
    let min = foothold::Severity::from_name(min_severity).unwrap_or(foothold::Severity::Info);
    let clean = baseline_findings(baseline)?;
    // The rules first: a folder that cannot be read stops before the long part; a file that
    // is not a rule is said and the others load.
    let rules = if sigma.is_empty() {
        None
    } else {
        let paths: Vec<&std::path::Path> = sigma.iter().map(PathBuf::as_path).collect();
        let (rules, problems) = foothold::sigma::RuleSet::load(&paths)?;
        for p in &problems {
            say!("foothold: sigma: {p}");
        }
        say!(
            "foothold: sigma: {} rules evaluated, {} not (not for a Windows event log, or not compiled)",
            rules.len(),
            rules.not_evaluated().len()
        );
        Some(rules)
    };
    let mut findings: Vec<foothold::Finding> = Vec::new();
    // With rules, every record of the logs is read but only their matches are kept.
    let matches =
        |e: &foothold::PersistenceEvent| rules.as_ref().is_some_and(|r| !r.matches(e).is_empty());
    let problems = scan_each_with(
        images,
        foothold::ScanSet::all(),
        None,
        (
            false,
            rules
                .is_some()
                .then_some(&matches as &foothold::KeepEvent<'_>),
        ),
        quiet,
        &mut |_, report| {
            findings.extend(
                report
                    .findings_with(rules.as_ref())
                    .into_iter()
                    .map(|(f, _)| f),
            );
            Ok(())
        },
    )?;
    // What only the case (and the baseline) can say, then the short list.
    foothold::judge_across(&mut findings, clean.as_deref());
    findings.retain(|f| f.severity >= min);
    findings.sort_by(foothold::Finding::ranking);
    let mut out = output::stdout(format == ListFormat::Table);
    let table = output::Table {
        wide,
        evidence: images.len() > 1,
        width: table_width(),
    };
    output::findings(&mut out, &findings, format, table)?;
    out.flush()?;
    Ok(if problems == 0 {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

/// A baseline's findings (unfiltered), read before the long part so that one that cannot
/// be opened stops at once.
fn baseline_findings(
    baseline: Option<&std::path::Path>,
) -> Result<Option<Vec<foothold::Finding>>, Box<dyn std::error::Error>> {
    Ok(match baseline {
        Some(b) => {
            let report = open_at(b, None)?.scan(foothold::ScanSet::all());
            Some(report.findings().into_iter().map(|(f, _)| f).collect())
        }
        None => None,
    })
}

/// `foothold report`: every image scanned (timed) and judged, the findings of all of them
/// in one ranking, the answers of each drafted while its image's records are at hand.
fn incident_report(
    images: &[PathBuf],
    output: Option<&std::path::Path>,
    format: ReportFormat,
    baseline: Option<&std::path::Path>,
    quiet: bool,
) -> CliResult {
    let images = &with_cases(images.to_vec())?;
    let clean = baseline_findings(baseline)?;
    let bar = progress::count_bar(quiet || images.len() < 2, images.len() as u64, "images");
    let mut examined: Vec<foothold::Examined> = Vec::new();
    let mut findings: Vec<foothold::Finding> = Vec::new();
    let mut answers: Vec<Vec<foothold::Answer>> = Vec::new();
    let (mut problems, mut unopened) = (0, 0);
    for img in images {
        bar.set_message(img.display().to_string());
        let start = std::time::Instant::now();
        let report = match open_at(img, None) {
            Ok(ev) => ev.scan(foothold::ScanSet::all()),
            Err(e) => {
                bar.suspend(|| say!("foothold: {e}"));
                examined.push(foothold::Examined {
                    evidence: img.display().to_string(),
                    problems: vec![format!("not read: {e}")],
                    problem_count: 1,
                    ..Default::default()
                });
                problems += 1;
                unopened += 1;
                bar.inc(1);
                continue;
            }
        };
        let seconds = start.elapsed().as_secs_f64();
        bar.inc(1);
        let list: Vec<String> = report
            .errors
            .iter()
            .chain(&report.warnings)
            .map(|e| {
                format!(
                    "{}{}{}: {}",
                    e.source.path,
                    e.source.line.map(|l| format!(":{l}")).unwrap_or_default(),
                    e.source
                        .entry
                        .map(|n| format!(" (entry {n})"))
                        .unwrap_or_default(),
                    e.message
                )
            })
            .collect();
        examined.push(foothold::Examined {
            evidence: img.display().to_string(),
            hosts: report
                .hosts
                .iter()
                .map(|h| {
                    (
                        h.hostname.clone().unwrap_or_else(|| "not known".into()),
                        [
                            h.os_name.as_deref(),
                            h.os_version.as_deref(),
                            h.build.as_deref(),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" "),
                        h.time_zone.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            problem_count: list.len(),
            problems: list.into_iter().take(10).collect(),
            seconds,
        });
        for (f, r) in report.findings() {
            answers.push(foothold::answers(&f, &r));
            findings.push(f);
        }
        problems += say_problems(&bar, &report);
    }
    bar.finish_and_clear();
    if unopened == images.len() {
        return Err("no image could be opened".into());
    }
    foothold::judge_across(&mut findings, clean.as_deref());
    let mut pairs: Vec<(foothold::Finding, Vec<foothold::Answer>)> =
        findings.into_iter().zip(answers).collect();
    pairs.sort_by(|a, b| foothold::Finding::ranking(&a.0, &b.0));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let doc = foothold::IncidentReport {
        generated: foothold::Timestamp::from_unix(i64::try_from(now).unwrap_or(0), 0).to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        examined,
        findings: pairs,
    };
    let text = match format {
        ReportFormat::Html => foothold::report_html(&doc),
        ReportFormat::Markdown => foothold::report_markdown(&doc),
    };
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => {
            let mut out = output::stdout(false);
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(if problems == 0 {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

/// `foothold remediate`: every image scanned and judged (together, as `triage` does), and
/// the steps its findings call for.
fn remediate(
    images: &[PathBuf],
    min_severity: &str,
    format: RemediateFormat,
    (baseline, sigma): (Option<&std::path::Path>, Option<&std::path::Path>),
    quiet: bool,
) -> CliResult {
    let images = &with_cases(images.to_vec())?;
    let min = foothold::Severity::from_name(min_severity).unwrap_or(foothold::Severity::Medium);
    let clean = baseline_findings(baseline)?;
    if let Some(dir) = sigma {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot make the rules folder {}: {e}", dir.display()))?;
    }
    let mut findings: Vec<foothold::Finding> = Vec::new();
    let mut steps: Vec<foothold::Step> = Vec::new();
    // Each finding's monitoring rules, by the finding's index in `findings`.
    let mut rules: Vec<(usize, Vec<foothold::MonitorRule>)> = Vec::new();
    let problems = scan_each_with(
        images,
        foothold::ScanSet::all(),
        None,
        (false, None),
        quiet,
        &mut |_, report| {
            let judged = report.findings();
            steps.extend(foothold::remediation_steps(&judged));
            if sigma.is_some() {
                // (Every item's: across a case a severity can still rise.)
                for (i, (f, r)) in judged.iter().enumerate() {
                    rules.push((findings.len() + i, foothold::monitoring_rules(f, r)));
                }
            }
            findings.extend(judged.into_iter().map(|(f, _)| f));
            Ok(())
        },
    )?;
    foothold::judge_across(&mut findings, clean.as_deref());
    let plan = foothold::remediation_plan(steps, &findings, min);
    if let Some(dir) = sigma {
        let floor = min.max(foothold::Severity::Low);
        let mut written = 0usize;
        let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (i, list) in &mut rules {
            let Some(f) = findings.get(*i).filter(|f| f.severity >= floor) else {
                continue;
            };
            // (Two records of one item — a service in two control sets — watch the same.)
            for rule in list.iter_mut().filter(|r| ids.insert(r.id.clone())) {
                rule.judged(f);
                let path = dir.join(&rule.file_name);
                std::fs::write(&path, &rule.yaml)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                written += 1;
            }
        }
        say!(
            "foothold: {written} monitoring rules (Sigma) written to {}",
            dir.display()
        );
    }
    let mut out = output::stdout(false);
    match format {
        RemediateFormat::Jsonl => {
            for s in &plan {
                serde_json::to_writer(&mut out, s)?;
                out.write_all(b"\n")?;
            }
        }
        RemediateFormat::Ps1 => {
            out.write_all(foothold::remediation_powershell(&plan).as_bytes())?
        }
        RemediateFormat::Sh => out.write_all(foothold::remediation_shell(&plan).as_bytes())?,
        RemediateFormat::Md => out.write_all(foothold::remediation_markdown(&plan).as_bytes())?,
    }
    out.flush()?;
    if plan.is_empty() {
        say!("foothold: no finding of {min} or worse: no step");
    }
    Ok(if problems == 0 {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

fn events(
    sources: &[PathBuf],
    all: bool,
    ids: &[u32],
    format: ListFormat,
    quiet: bool,
) -> CliResult {
    let mut out = output::stdout(format == ListFormat::Table);
    // The same event records (and source shape) as `scan`, from loose logs or images, one
    // after another in the order given, under one header.
    // (Reading the logs is the long part: a spinner shows time passing, then the count.)
    let bar = progress::spinner(quiet, "events");
    bar.set_message("reading the logs");
    let wanted = |e: &foothold::EventRecord| {
        ids.is_empty() || e.event.event_id.is_some_and(|id| ids.contains(&id))
    };
    let mut writer = output::ScanWriter::with_table(
        format,
        output::Table {
            evidence: sources.len() > 1,
            ..fitted_table()
        },
    );
    writer.header(&mut out)?;
    let is_loose = |source: &PathBuf| {
        let named_evtx = source
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("evtx") || e.eq_ignore_ascii_case("evt"));
        // Only the first 8 bytes decide: an image is not read whole to test its magic (and
        // a FIFO or device is not opened at all: Evidence::open refuses it by name).
        let mut magic = [0u8; 8];
        let has_magic = source.is_file()
            && std::fs::File::open(source)
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
                .is_ok()
            && (&magic == b"ElfFile\0" || &magic[4..] == b"LfLe");
        source.is_file() && (named_evtx || has_magic)
    };
    let loose_flags: Vec<bool> = sources.iter().map(is_loose).collect();
    // The persistence events of the loose logs, all read at once (a log per thread); every
    // record (--all) is streamed one log after another instead.
    let mut read_first: std::collections::VecDeque<foothold::Report> = if all {
        Default::default()
    } else {
        let paths: Vec<&std::path::Path> = sources
            .iter()
            .zip(&loose_flags)
            .filter(|(_, &l)| l)
            .map(|(s, _)| s.as_path())
            .collect();
        foothold::scan_log_files(&paths, false).into()
    };
    let (mut errors, mut warnings, mut failed) = (false, false, Vec::new());
    for (source, &loose) in sources.iter().zip(&loose_flags) {
        let mut seen = 0usize;
        let report = if loose && all {
            // Every record of a loose log: written as it is read, so memory does not grow
            // with the log.
            let mut write_err: Option<std::io::Error> = None;
            let report = foothold::stream_log_file(source, &mut |batch| {
                seen += batch.len();
                if write_err.is_some() {
                    return;
                }
                let batch: Vec<_> = batch.into_iter().filter(|e| wanted(e)).collect();
                bar.inc(batch.len() as u64);
                let res = batch
                    .iter()
                    .try_for_each(|e| writer.row(&mut out, &foothold::Record::Event(e)));
                if let Err(err) = res {
                    write_err = Some(err);
                }
            });
            if let Some(err) = write_err {
                return Err(err.into());
            }
            report
        } else if loose {
            read_first.pop_front().unwrap_or_default()
        } else {
            match Evidence::open(source) {
                // Every record of an image: written as each log is read (the scan of every
                // record would hold them all).
                Ok(ev) if all => {
                    let mut write_err: Option<std::io::Error> = None;
                    let report = ev.scan_every_event(
                        foothold::ScanSet::none().events().no_hash(),
                        &mut |e| {
                            seen += 1;
                            if write_err.is_some() || !wanted(&e) {
                                return;
                            }
                            bar.inc(1);
                            if let Err(err) = writer.row(&mut out, &foothold::Record::Event(&e)) {
                                write_err = Some(err);
                            }
                        },
                    );
                    if let Some(err) = write_err {
                        return Err(err.into());
                    }
                    report
                }
                Ok(ev) => ev.scan_with(foothold::ScanSet::none().events().no_hash(), all),
                // Among several, one that cannot be opened is said and the others are read.
                Err(e) if sources.len() > 1 => {
                    bar.suspend(|| say!("foothold: {}: {e}", source.display()));
                    failed.push(source.display().to_string());
                    errors = true;
                    continue;
                }
                Err(e) => return Err(e.into()),
            }
        };
        if !all {
            bar.set_message("writing");
            for e in report.events.iter().filter(|e| wanted(e)) {
                bar.inc(1);
                writer.row(&mut out, &foothold::Record::Event(e))?;
            }
            bar.set_message("reading the logs");
        }
        for (what, list) in [("", &report.errors), ("warning: ", &report.warnings)] {
            for e in list {
                bar.suspend(|| say!("foothold: {what}{}: {}", e.source.path, e.message));
            }
        }
        let nothing = report.events.is_empty() && seen == 0;
        if nothing && report.errors.is_empty() {
            // Nothing to show is not a failure: exit 0, and say why.
            bar.suspend(|| {
                say!(
                    "foothold: warning: {}: no event records found (no event log, or none that is a persistence event; --all shows every record)",
                    source.display()
                )
            });
        }
        // A loose file the reader could not open at all produced nothing.
        if nothing
            && !report.errors.is_empty()
            && report.errors.iter().all(|e| e.source.filesystem == "file")
        {
            failed.push(source.display().to_string());
        }
        errors |= !report.errors.is_empty();
        warnings |= !report.warnings.is_empty();
    }
    out.flush()?;
    bar.finish_and_clear();
    // Failure when no source gave anything; a source that failed among others is partial.
    if !failed.is_empty() && failed.len() == sources.len() {
        return Err(format!("{}: no event could be read", failed.join(", ")).into());
    }
    Ok(if !errors && !warnings {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}

fn cat(
    image: &std::path::Path,
    path: &str,
    volume: Option<u32>,
    snapshot: Option<u32>,
) -> CliResult {
    let ev = open_at(image, snapshot)?;
    let found = ev.locate_any(path, volume)?;
    // Every failure names the image, the volume and the file.
    let at = format!(
        "{}, volume {}: {path}",
        image.display(),
        found
            .volume
            .number
            .map_or_else(|| "-".to_string(), |n| n.to_string())
    );
    if found.entry.kind == foothold::EntryKind::Dir && found.stream.is_none() {
        return Err(format!("{at}: is a directory").into());
    }
    let s = found
        .fs
        .open_stream(&found.entry, found.stream.as_deref())
        .map_err(|e| format!("{at}: {e}"))?;
    let mut out = std::io::stdout().lock();
    let mut buf = vec![0u8; 1 << 20];
    let mut off = 0u64;
    while off < s.len() {
        let n = s
            .read_at(off, &mut buf)
            .map_err(|e| format!("{at}: at byte {off} of the file: {e}"))?;
        if n == 0 {
            return Err(format!("{at}: data ends at {off} of {} bytes", s.len()).into());
        }
        out.write_all(&buf[..n])?;
        off += n as u64;
    }
    out.flush()?;
    if found.entry.deleted {
        // Read back from an unused record: said, and the exit code says the answer is partial.
        say!(
            "foothold: warning: {at}: a deleted file (entry {}), read from where it was: its clusters or blocks may belong to another file now",
            found.entry.entry
        );
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Ok)
}
