//! Temporary launcher for the editor (the integrator replaces this with the CLI).

fn main() {
    let mut read_only = false;
    let mut path = None;
    for arg in std::env::args_os().skip(1) {
        match arg.to_str() {
            Some("-R" | "--read-only") => read_only = true,
            _ => path = Some(std::path::PathBuf::from(arg)),
        }
    }
    #[cfg(feature = "tui")]
    if let Err(e) = unattui::tui::run(path, read_only) {
        eprintln!("unattui: {e}");
        std::process::exit(1);
    }
    #[cfg(not(feature = "tui"))]
    {
        let _ = (path, read_only);
        eprintln!("unattui: built without the editor (feature `tui`)");
        std::process::exit(1);
    }
}
