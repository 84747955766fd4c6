//! `cargo run -p ahc-stg --example dump-stg FILE.stg...`: print modules the way
//! `ahc dump-stg` does (for working on the reader without the driver).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        let result = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| ahc_stg::read_module(&bytes).map_err(|e| e.to_string()));
        match result {
            Ok(m) => print!("{m}"),
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
