//! Unsaved edits that outlive the editor: written on a panic, a hang-up or a
//! termination request, and offered back the next time the file is opened.

use super::app::{App, Body, Modal, Pick, RecoveryChoice};
use super::sanitize::sanitize;
use crate::fsio::{self, Recovery};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a hang-up would write: the file and its unsaved bytes, or nothing.
pub type Snapshot = Arc<Mutex<Option<(PathBuf, Vec<u8>)>>>;

/// The name recovery copies of untitled files are kept under.
pub fn recovery_name(app: &App) -> PathBuf {
    app.path
        .clone()
        .unwrap_or_else(|| Path::new("untitled.xml").to_path_buf())
}

/// Writes the snapshot's unsaved bytes to the recovery directory; `None` when
/// there are none.
pub fn write_snapshot(snap: &Snapshot) -> Option<Result<PathBuf, String>> {
    let taken = snap.lock().ok().and_then(|mut g| g.take())?;
    Some(fsio::write_recovery(&taken.0, &taken.1).map_err(|e| e.to_string()))
}

/// Keeps `snap` equal to what a hang-up should write.
pub fn publish(app: &App, snap: &Snapshot) {
    let Ok(mut g) = snap.lock() else { return };
    if !app.is_modified() {
        *g = None;
        return;
    }
    // The previous snapshot's buffer is refilled: a fresh one for a large file
    // costs more in page faults than the copy itself.
    let mut bytes = g.take().map(|(_, b)| b).unwrap_or_default();
    app.write_bytes_to_save(&mut bytes);
    *g = Some((recovery_name(app), bytes));
}

/// On SIGHUP / SIGTERM (Unix) or a console close (Windows): write the snapshot,
/// restore the terminal, say where the edits went, and exit.
pub fn install_hangup_handler(snap: Snapshot) {
    let result = ctrlc::set_handler(move || {
        let taken = snap.lock().ok().and_then(|mut g| g.take());
        let written = taken.map(|(path, bytes)| fsio::write_recovery(&path, &bytes));
        super::mouse::release();
        ratatui::restore();
        match written {
            Some(Ok(p)) => eprintln!(
                "unattui: stopped; unsaved edits were written to {}",
                p.display()
            ),
            Some(Err(e)) => {
                eprintln!("unattui: stopped; the unsaved edits could not be saved: {e}")
            }
            None => eprintln!("unattui: stopped"),
        }
        std::process::exit(129);
    });
    // Another handler already installed (only in tests): nothing to do.
    let _ = result;
}

/// At start-up: offer a recovery copy of the opened file, if one exists and
/// differs from the file on disk.
pub fn offer_if_any(app: &mut App) {
    let Some(path) = &app.path else { return };
    let Some(rec) = fsio::find_recovery(path) else {
        return;
    };
    let on_disk = std::fs::read(path).ok();
    if on_disk.as_deref() == Some(rec.bytes.as_slice()) {
        let _ = fsio::discard_recovery(&rec);
        return;
    }
    if app.read_only {
        app.say("a recovery copy of unsaved edits exists; open the file without -R to recover it");
        return;
    }
    app.recovery = Some(rec);
    open_offer(app);
}

fn open_offer(app: &mut App) {
    let when = app
        .recovery
        .as_ref()
        .and_then(|r| r.written_at.elapsed().ok())
        .map(|d| match d.as_secs() {
            s if s < 120 => format!("{s} seconds ago"),
            s if s < 7200 => format!("{} minutes ago", s / 60),
            s => format!("{} hours ago", s / 3600),
        })
        .unwrap_or_else(|| "earlier".into());
    let items = [
        ("Recover the unsaved edits", RecoveryChoice::Recover),
        (
            "Show how they differ from the file",
            RecoveryChoice::ShowDiff,
        ),
        ("Discard the recovery copy", RecoveryChoice::Discard),
        ("Decide later (keep the copy)", RecoveryChoice::Later),
    ];
    app.modal = Some(Modal::Picker {
        title: format!("Unsaved edits from {when}"),
        items: items
            .into_iter()
            .map(|(l, c)| (l.to_owned(), Pick::Recovery(c)))
            .collect(),
        sel: 0,
    });
}

/// Carries out the user's answer.
pub fn choose(app: &mut App, choice: RecoveryChoice) {
    let Some(rec) = app.recovery.take() else {
        return;
    };
    match choice {
        RecoveryChoice::Recover => recover(app, rec),
        RecoveryChoice::ShowDiff => {
            let disk = app
                .path
                .as_ref()
                .and_then(|p| std::fs::read(p).ok())
                .unwrap_or_default();
            let old = crate::secrets::masked_text(&String::from_utf8_lossy(&disk));
            let new = crate::secrets::masked_text(&String::from_utf8_lossy(&rec.bytes));
            let diff = crate::diff::unified(&old, &new, "on disk", "recovery copy", 3);
            let lines = if diff.is_empty() {
                vec!["(no differences)".to_owned()]
            } else {
                diff.lines().map(|l| sanitize(l).into_owned()).collect()
            };
            app.recovery = Some(rec);
            app.modal = Some(Modal::Raw {
                title: "Recovery copy vs. the file on disk (passwords masked) · Esc back".into(),
                lines,
                scroll: 0,
            });
        }
        RecoveryChoice::Discard => match fsio::discard_recovery(&rec) {
            Ok(()) => app.say("recovery copy discarded"),
            Err(e) => app.say(format!("the recovery copy could not be removed: {e}")),
        },
        RecoveryChoice::Later => app.say(format!(
            "recovery copy kept at {}",
            sanitize(&rec.path.display().to_string())
        )),
    }
}

/// After a popup closes: if the recovery question is still open, ask it again.
pub fn reask(app: &mut App) {
    if app.modal.is_none() && app.recovery.is_some() {
        open_offer(app);
    }
}

fn recover(app: &mut App, rec: Recovery) {
    match App::from_bytes(app.path.clone(), &rec.bytes, app.read_only) {
        Ok(mut fresh) => {
            fresh.fingerprint = app.fingerprint;
            fresh.config = app.config.clone();
            fresh.keys = app.keys.clone();
            fresh.theme = app.theme;
            match &mut fresh.body {
                Body::Tree(ed) => ed.mark_unsaved(),
                Body::Repair(r) => r.modified = true,
            }
            fresh.refresh();
            *app = fresh;
            // The copy stays on disk until the edits are saved.
            app.recovery_file = Some(rec.path.clone());
            app.say("recovered the unsaved edits; save (Ctrl-s) to keep them");
        }
        Err(e) => {
            app.recovery = Some(rec);
            app.say(format!("the recovery copy could not be opened: {e}"));
        }
    }
}
