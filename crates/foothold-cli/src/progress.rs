//! Progress bars on stderr (`indicatif`): drawn only when stderr is a terminal and
//! `--quiet` is not given.
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

/// A bar's style from its template (the default bar if the template does not parse).
fn bar_style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// Where bars are drawn: stderr when it is a terminal and not quiet, else nowhere.
fn target(quiet: bool) -> ProgressDrawTarget {
    if quiet || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    }
}

/// A spinner counting `what` (`ls` entries, `events` records) with the time gone and the
/// rate, for output that goes to a file: drawn only when stderr is a terminal and stdout is
/// not (on a terminal the output itself shows the progress), never with `--quiet`.
pub fn spinner(quiet: bool, what: &str) -> ProgressBar {
    let quiet = quiet || std::io::stdout().is_terminal();
    let bar = ProgressBar::with_draw_target(None, target(quiet));
    let template = format!("{{spinner}} {{elapsed_precise}} {{pos}} {what} ({{per_sec}}) {{msg}}");
    bar.set_style(
        ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    // Drawn once now, on this thread: the ticker thread's first draw can come after a short
    // listing has already finished, and then nothing was shown at all.
    bar.tick();
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar
}

/// A bar of bytes read (`verify`): done of total, rate, time left; `what` names the image.
pub fn bytes_bar(quiet: bool, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, target(quiet));
    bar.set_style(bar_style(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}), ETA {eta}",
    ));
    bar.set_message(what.to_string());
    bar
}

/// A bar of `n` things done (`scan` of several images): count, rate, time left; the message
/// names the current one.
pub fn count_bar(quiet: bool, n: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(n), target(quiet));
    let template = format!("{{elapsed_precise}} [{{bar:30}}] {{pos}}/{{len}} {what} ({{per_sec}}), ETA {{eta}}: {{msg}}");
    bar.set_style(bar_style(&template));
    bar
}

/// The bar of `case scan`: images done of those to scan, records and errors written, the
/// record rate and the time left.
pub struct CaseBar {
    bar: ProgressBar,
    records: AtomicU64,
    errors: AtomicU64,
    failed: AtomicU64,
}

impl CaseBar {
    pub fn new(quiet: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, target(quiet));
        bar.set_style(bar_style(
            "{elapsed_precise} [{bar:30}] {pos}/{len} images ({per_sec}) {msg}, ETA {eta}",
        ));
        CaseBar {
            bar,
            records: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    /// Clear the bar (the per-image lines follow it).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl foothold_case::Progress for CaseBar {
    fn start(&self, todo: usize, skipped: usize) {
        self.bar.set_length(todo as u64);
        if skipped > 0 {
            self.bar
                .println(format!("{skipped} images done before, skipped"));
        }
        self.bar.set_message("0 records");
    }

    fn done(&self, s: &foothold_case::ImageStatus) {
        let records = self.records.fetch_add(s.records, Ordering::Relaxed) + s.records;
        let errors = self.errors.fetch_add(s.errors, Ordering::Relaxed) + s.errors;
        let failed = self
            .failed
            .fetch_add(u64::from(s.status != "done"), Ordering::Relaxed)
            + u64::from(s.status != "done");
        let secs = self.bar.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{records} records ({:.0}/s), {errors} errors, {failed} failed",
            records as f64 / secs
        ));
        self.bar.inc(1);
    }
}
