//! `cargo run -p ahc-runner --example run -- X.wasm [args]`: runs a WASI command like `ahc run`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: run X.wasm [args]");
        std::process::exit(2);
    };
    let wasm = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    match ahc_runner::run_wasi(&wasm, &args) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2)
        }
    }
}
