//! Progress on stderr: while indexing, a bar over crates with files, lines
//! and lines/s; while embedding, a bar over items with items/s and an ETA.
//! Shown only when stderr is a terminal and not `-q`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use std::io::IsTerminal;

use codegraph_core::embed::EmbedObserver;
use codegraph_core::index::{IndexObserver, Phase};

use crate::args::{ColorChoice, GlobalArgs};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct IndexProgress {
    bar: ProgressBar,
    files: AtomicU64,
    lines: AtomicU64,
    started: Instant,
}

/// A bar on stderr (hidden unless `visible`) drawn with `template`.
fn bar(visible: bool, template: &'static str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template(template)
            .expect("static template")
            .progress_chars("=> "),
    );
    bar
}

impl IndexProgress {
    pub fn new(visible: bool) -> Self {
        let bar = bar(visible, "{prefix:>9} [{bar:30}] {pos}/{len} crates  {msg}");
        IndexProgress {
            bar,
            files: AtomicU64::new(0),
            lines: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl IndexObserver for IndexProgress {
    fn phase_started(&self, phase: Phase) {
        let name = match phase {
            Phase::Metadata => "metadata",
            Phase::Parse => "parsing",
            Phase::Resolve => "resolving",
            Phase::Store => "storing",
        };
        self.bar.set_prefix(name);
    }

    fn units_planned(&self, units: usize) {
        self.bar.set_length(units as u64);
    }

    fn file_parsed(&self, lines: u64) {
        let files = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.lines.fetch_add(lines, Ordering::Relaxed) + lines;
        // Redrawing is rate-limited by indicatif; the message is cheap.
        if files.is_multiple_of(16) {
            let rate = total as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
            self.bar.set_message(format!(
                "{files} files, {total} lines ({:.0} k lines/s)",
                rate / 1000.0
            ));
        }
    }

    fn unit_parsed(&self, _crate_name: &str) {
        self.bar.inc(1);
    }

    fn waiting_for_lock(&self) {
        // Said even without a progress bar: a silent wait looks like a hang.
        self.bar.suspend(|| {
            eprintln!("waiting for another `cargo codegraph index` to finish writing this index…")
        });
    }
}

/// Whether progress bars are drawn: stderr is a terminal, not `-q`, not `--color never`.
pub fn progress_visible(global: &GlobalArgs) -> bool {
    !global.quiet
        && match global.color {
            ColorChoice::Never => false,
            _ => std::io::stderr().is_terminal(),
        }
}

pub struct EmbedProgress {
    bar: ProgressBar,
}

impl EmbedProgress {
    pub fn new(visible: bool) -> Self {
        let bar = bar(
            visible,
            "embedding [{bar:30}] {pos}/{len} items  {per_sec}  ETA {eta}",
        );
        EmbedProgress { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl EmbedObserver for EmbedProgress {
    fn planned(&self, todo: usize, _cached: usize) {
        self.bar.set_length(todo as u64);
        self.bar.reset_eta();
    }

    fn embedded(&self, count: usize) {
        self.bar.inc(count as u64);
    }
}
