//! Progress on stderr while indexing: a bar over crates with files, lines
//! and lines/s, shown only when stderr is a terminal and not `-q`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use codegraph_core::index::{IndexObserver, Phase};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct IndexProgress {
    bar: ProgressBar,
    files: AtomicU64,
    lines: AtomicU64,
    started: Instant,
}

impl IndexProgress {
    pub fn new(visible: bool) -> Self {
        let bar = ProgressBar::with_draw_target(
            Some(0),
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        bar.set_style(
            ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} crates  {msg}")
                .expect("static template")
                .progress_chars("=> "),
        );
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
