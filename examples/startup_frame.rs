//! Start-up to the first frame, in-process: open a file in the editor's state
//! and draw it once on a 200×50 test backend. `cargo run --release --example
//! startup_frame -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: startup_frame FILE");
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = std::time::Instant::now();
        let mut app = unattui::tui::app::App::open(path.clone().into(), false).expect("opens");
        app.refresh();
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).expect("terminal");
        term.draw(|f| unattui::tui::ui::draw(f, &app))
            .expect("draws");
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "start-up to first frame: median {:?}, max {:?} (50 runs)",
        times[25], times[49]
    );
}
